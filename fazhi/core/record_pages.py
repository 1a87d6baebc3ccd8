"""The create, edit, status-change, history and import pages of one registry record type, built
once from its spec, its selector and its services (each registry app declares a ``RecordPages``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from fazhi.core import access
from fazhi.core import registry_views as rv


@dataclass
class RecordPages:
    namespace: str  # url namespace, e.g. "institutions"
    prefix: str  # url-name prefix of this record type: "" or "practitioner_"
    label: str  # Chinese name of the registry, e.g. "执业人员"
    list_name: str  # url name of the list page (without namespace)
    spec: type
    get: Callable  # selector: get(user=, pk=, for_edit=)
    create: Callable  # (actor, data) -> obj
    update: Callable  # (actor, obj, data, reason) -> obj
    change_status: Callable  # (actor, obj, status, reason) -> obj
    status_choices: type
    widgets: Callable = lambda user: {}
    import_key: str = ""  # the import page's kind key (default: the namespace)
    import_hint: str = ""
    create_initial: Callable = lambda request: None
    views: dict = field(default_factory=dict, init=False)

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.namespace}:{self.prefix}{name}", args=args)

    def crumb(self):
        return (reverse(f"{self.namespace}:{self.list_name}"), self.label)

    def _detail(self, obj):
        return self.url("detail", obj.pk), [self.crumb(), (self.url("detail", obj.pk), obj.name)]

    def create_view(self, request):
        access.require(request.user, self.spec.capability, f"新增{self.label}")
        return rv.form_page(
            request, spec=self.spec(), title=f"新增{self.label}", widgets=self.widgets(request.user),
            initial=self.create_initial(request),
            save=lambda texts, reason: self.create(request.user, texts),
            crumb_items=[self.crumb(), (None, "新增")], cancel_url=reverse(f"{self.namespace}:{self.list_name}"),
            success_url=lambda o: self.url("detail", o.pk),
        )

    def edit_view(self, request, pk):
        obj = self.get(user=request.user, pk=pk, for_edit=self.spec.capability)
        detail, crumbs = self._detail(obj)
        exclude = ("status",) if any(c.attr == "status" for c in self.spec.columns) else ()
        return rv.form_page(
            request, spec=self.spec(), instance=obj, exclude=exclude, ask_reason=True, title=f"编辑:{obj.name}",
            widgets=self.widgets(request.user),
            save=lambda texts, reason: self.update(request.user, obj, texts, reason),
            crumb_items=[*crumbs, (None, "编辑")], cancel_url=detail, success_url=lambda o: detail,
            intro="状态请通过“变更状态”修改。" if exclude else "",
        )

    def status_view(self, request, pk):
        obj = self.get(user=request.user, pk=pk, for_edit=self.spec.capability)
        detail, crumbs = self._detail(obj)
        return rv.status_page(
            request, obj=obj, choices=self.status_choices, title=f"变更状态:{obj.name}",
            change=lambda status, reason: self.change_status(request.user, obj, status, reason),
            crumb_items=[*crumbs, (None, "变更状态")], cancel_url=detail, success_url=detail,
        )

    def history_view(self, request, pk):
        obj = self.get(user=request.user, pk=pk)
        detail, crumbs = self._detail(obj)
        return rv.history_page(request, obj=obj, spec=self.spec(), title=f"历史记录:{obj.name}",
                               crumb_items=[*crumbs, (None, "历史记录")], back_url=detail)

    def import_view(self, request):
        return rv.import_page(
            request, kinds=[rv.ImportKind(self.import_key or self.namespace, self.label, self.spec(), hint=self.import_hint)],
            title=f"导入{self.label}", crumb_items=[self.crumb(), (None, "导入")],
            back_url=reverse(f"{self.namespace}:{self.list_name}"), basename=self.label,
        )

    def __post_init__(self):
        for name in ("create", "edit", "status", "history", "import"):
            self.views[name] = login_required(getattr(self, f"{name}_view"))
