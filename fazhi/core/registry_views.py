"""Shared pieces of the registry pages (三库): list rendering and pagination, exports, the generated
record form, the status-change form, the import page and the history page.

Each app's ``views.py`` parses the request, calls one selector or service and hands the result to
one of these. Nothing here decides what is valid: the services do, through the import specs.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header

from fazhi.core import access, audit, record_forms, tabular
from fazhi.core.errors import FieldProblem, ValidationFailed
from fazhi.core.importing import ImportRejected, Spec, run_import
from fazhi.orgs.models import District, Organization

PAGE_SIZE = 50
REJECTS_SESSION_KEY = "registry_import_rejects"
MAX_REJECTS_BYTES = 2_000_000  # larger rejects files are not kept in the session


# ---------------------------------------------------------------- request parsing and reference data

def param(request, name: str, allowed=None) -> str:
    """A GET parameter, stripped; ``""`` when missing or not one of ``allowed``."""
    value = (request.GET.get(name) or "").strip()
    if allowed is not None and value not in allowed:
        return ""
    return value


def districts_for(user):
    """The districts a user may pick: all for city-level users, else their own."""
    qs = District.objects.all()
    return qs if access.is_city_wide(user) else qs.filter(pk=user.organization.district_id)


def units_for(user):
    qs = Organization.objects.filter(is_active=True)
    return qs if access.is_city_wide(user) else qs.filter(district_id=user.organization.district_id)


# ---------------------------------------------------------------- lists and exports

@dataclass
class Filter:
    name: str
    label: str
    options: list[tuple[str, str]]
    value: str = ""


@dataclass
class Action:
    url: str
    label: str
    primary: bool = False


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    if not getattr(queryset, "ordered", True):  # e.g. annotated (GROUP BY) querysets drop Meta.ordering
        queryset = queryset.order_by(*queryset.model._meta.ordering, "pk")
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def render_list(request, *, title: str, results_template: str, page, q: str, filters: list[Filter],
                export_url: str, actions: list[Action] = (), crumb_items=(), search_label: str = "搜索",
                search_hint: str = "", hidden: list[tuple[str, str]] = (), **extra):
    """The list page, or only its results (table, count, export links) for an htmx request."""
    context = {
        "title": title, "results_template": results_template, "page": page, "rows": page.object_list,
        "q": q, "filters": filters, "export_url": export_url, "actions": actions, "crumb_items": crumb_items,
        "search_label": search_label, "search_hint": search_hint, "hidden": hidden,
        "filtered": bool(q or any(f.value for f in filters) or hidden), **extra,
    }
    template = results_template if is_htmx(request) else "core/registry_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def file_response(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def export_response(request, spec: Spec, queryset, basename: str) -> HttpResponse:
    """Exactly the rows of ``queryset`` as .xlsx or .csv (``?format=``); personal data masked by the spec."""
    fmt = param(request, "format") or "xlsx"
    data, content_type = tabular.write(fmt, spec.headers, spec.export_rows(queryset), title=spec.label)
    return file_response(data, content_type, f"{basename}-{timezone.localdate():%Y%m%d}.{fmt}")


# ---------------------------------------------------------------- create / edit

def form_page(request, *, spec: Spec, save: Callable[[dict, str], object], title: str, crumb_items,
              cancel_url: str, success_url: Callable[[object], str], widgets=None, exclude=(), instance=None,
              fixed: dict[str, str] | None = None, fixed_labels: list[tuple[str, str]] = (),
              initial: dict[str, str] | None = None, ask_reason: bool = False, intro: str = ""):
    """GET: the generated form. POST: ``save(texts, reason)``; on ``ValidationFailed`` re-render the
    form with each reason next to its field (nothing was saved), else redirect to ``success_url(obj)``."""
    problems: list[FieldProblem] = []
    data = None
    reason = ""
    exclude = tuple(exclude) + tuple(fixed or {})
    if request.method == "POST":
        data = request.POST
        fields, _ = record_forms.build(spec, widgets=widgets, exclude=exclude, data=data)
        texts = {**record_forms.collect(spec, data, fields), **(fixed or {})}
        reason = data.get("_reason", "").strip()
        try:
            obj = save(texts, reason)
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(request, "已保存。")
            return redirect(success_url(obj))
    fields, general = record_forms.build(spec, widgets=widgets, exclude=exclude, instance=instance, data=data,
                                         initial=initial, problems=problems)
    context = {"title": title, "crumb_items": crumb_items, "fields": fields, "general_errors": general,
               "problem_count": len(problems), "cancel_url": cancel_url, "ask_reason": ask_reason,
               "reason": reason, "fixed_labels": fixed_labels, "intro": intro}
    return render(request, "core/record_form.html", context, status=400 if problems else 200)


def status_page(request, *, obj, choices, change: Callable[[str, str], object], title: str, crumb_items,
                cancel_url: str, success_url: str):
    """The status-change form: the new status and a required reason (``change(status, reason)``)."""
    problems: list[FieldProblem] = []
    status, reason = "", ""
    if request.method == "POST":
        status = request.POST.get("status", "")
        reason = request.POST.get("reason", "")
        try:
            change(status, reason)
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(request, "状态已变更。")
            return redirect(success_url)
    errors = {name: [p.reason for p in problems if p.field == header]
              for name, header in (("status", "状态"), ("reason", "理由"))}
    context = {
        "title": title, "crumb_items": crumb_items, "obj": obj, "cancel_url": cancel_url,
        "current": obj.get_status_display(), "options": [(v, label) for v, label in choices.choices if v != obj.status],
        "status": status, "reason": reason, "errors": errors,
        "general_errors": [f"{p.field}:{p.reason}" for p in problems if p.field not in ("状态", "理由")],
    }
    return render(request, "core/status_form.html", context, status=400 if problems else 200)


# ---------------------------------------------------------------- import

@dataclass
class ImportKind:
    key: str
    label: str
    spec: Spec
    hint: str = ""


def import_page(request, *, kinds: list[ImportKind], title: str, crumb_items, back_url: str, basename: str):
    """Upload a file; on ``ImportRejected`` list every problem (nothing saved); on success the counts
    and, in partial mode, the rejects file. ``?download=template&kind=`` gives an empty template,
    ``?download=rejects`` the last rejects file."""
    by_key = {k.key: k for k in kinds}
    kind = by_key.get(request.POST.get("kind") or request.GET.get("kind") or "", kinds[0])
    access.require(request.user, kind.spec.capability, f"导入{kind.spec.label}")
    download = request.GET.get("download")
    if download == "template":
        data, content_type = tabular.write("xlsx", kind.spec.headers, [], title=kind.spec.label)
        return file_response(data, content_type, f"{kind.spec.label}导入模板.xlsx")
    if download == "rejects":
        stored = request.session.get(REJECTS_SESSION_KEY)
        if not stored:
            return redirect(request.path)
        return file_response(base64.b64decode(stored["data"]), tabular.XLSX_CONTENT_TYPE, stored["name"])

    context = {"title": title, "crumb_items": crumb_items, "back_url": back_url, "kinds": kinds, "kind": kind,
               "partial": False, "problems": [], "rejected": None, "result": None, "rejects_available": False}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        partial = bool(request.POST.get("partial"))
        context["partial"] = partial
        request.session.pop(REJECTS_SESSION_KEY, None)
        try:
            if upload is None:
                raise ValidationFailed(FieldProblem("文件", "请选择要导入的 .xlsx 或 .csv 文件"))
            sheet = tabular.read(upload, upload.name)
            result = run_import(actor=request.user, spec=kind.spec, sheet=sheet, partial=partial, source=upload.name)
        except ImportRejected as exc:
            context["rejected"] = exc.result
            status = 400
        except ValidationFailed as exc:
            context["problems"] = exc.problems
            status = 400
        else:
            context["result"] = result
            if result.rejected:
                data, _ = result.rejects_file("xlsx")
                if len(data) <= MAX_REJECTS_BYTES:
                    request.session[REJECTS_SESSION_KEY] = {
                        "name": f"{basename}-未导入的行-{timezone.localdate():%Y%m%d}.xlsx",
                        "data": base64.b64encode(data).decode("ascii"),
                    }
                    context["rejects_available"] = True
    return render(request, "core/import.html", context, status=status)


# ---------------------------------------------------------------- history

ACTION_LABELS = {
    "create": "新增", "update": "修改", "status": "变更状态",
    "import_create": "批量导入新增", "import_update": "批量导入修改",
}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    event: object
    action: str
    changes: list[Change] = field(default_factory=list)


class _Describer:
    """Turns stored audit values into what a person reads: labels not codes, names not ids, and
    personal data masked as everywhere else."""

    def __init__(self, model, spec: Spec | None):
        self.fields = {f.attname: f for f in model._meta.concrete_fields}
        self.columns = {c.attr: c for c in (spec.columns if spec else [])}
        self._related: dict[tuple, str] = {}

    def label(self, attname: str) -> str:
        column = self.columns.get(attname) or self.columns.get(attname.removesuffix("_id"))
        if column:
            return column.header
        f = self.fields.get(attname)
        return str(f.verbose_name) if f is not None else attname

    def value(self, attname: str, value) -> str:
        if value in (None, "", []):
            return "—"
        column = self.columns.get(attname)
        if column is not None and column.mask is not None:
            return column.mask(str(value))
        f = self.fields.get(attname)
        if isinstance(value, list):
            return column.export(value) if column is not None else "、".join(map(str, value))
        if isinstance(value, bool):
            return "是" if value else "否"
        if f is not None and f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if f is not None and f.is_relation:
            key = (f.related_model, value)
            if key not in self._related:
                obj = f.related_model._base_manager.filter(pk=value).first()
                self._related[key] = str(obj) if obj is not None else f"#{value}"
            return self._related[key]
        return str(value)


def history_page(request, *, obj, spec: Spec | None, title: str, crumb_items, back_url: str):
    describe = _Describer(type(obj), spec)
    page = paginate(request, audit.history_for(obj))
    entries = []
    for event in page.object_list:
        before = event.before if isinstance(event.before, dict) else {}
        after = event.after if isinstance(event.after, dict) else {}
        keys = [k for k in describe.fields if k in before or k in after] + \
               sorted(k for k in set(before) | set(after) if k not in describe.fields)
        changes = [Change(describe.label(k), describe.value(k, before.get(k)), describe.value(k, after.get(k)))
                   for k in keys if before.get(k) != after.get(k) and k != "updated_at"]
        suffix = event.action.rsplit(".", 1)[-1]
        entries.append(Entry(event, ACTION_LABELS.get(suffix, event.action), changes))
    context = {"title": title, "crumb_items": crumb_items, "back_url": back_url, "page": page, "entries": entries,
               "obj": obj}
    return render(request, "core/history.html", context)
