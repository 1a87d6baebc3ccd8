"""执法人员名录库 pages. Each view parses the request, calls one selector or service, and renders
through ``fazhi.core.registry_views``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.core import access
from fazhi.core import registry_views as rv
from fazhi.core.record_pages import RecordPages
from fazhi.core.errors import ValidationFailed
from fazhi.core.fields import Field
from fazhi.core.record_forms import Widget
from fazhi.officers import selectors, services
from fazhi.officers.credentials import CredentialState, credential_state
from fazhi.officers.importers import OfficerSpec
from fazhi.officers.models import OfficerStatus

OFFICERS = "执法人员"
CREDENTIAL_FILTER = [("expiring", "即将到期"), ("expired", "已过期")]
CREDENTIAL_BADGE = {
    CredentialState.VALID: "badge-ok", CredentialState.EXPIRING: "badge-warn",
    CredentialState.NOT_YET_VALID: "badge-warn",
}


def _crumb():
    return (reverse("officers:list"), OFFICERS)


def _officers(request):
    user = request.user
    filters = [
        rv.Filter("unit", "单位", [(u.code, u.name) for u in rv.units_for(user)], rv.param(request, "unit")),
        rv.Filter("field", "领域", Field.choices, rv.param(request, "field", Field.values)),
        rv.Filter("status", "状态", OfficerStatus.choices, rv.param(request, "status", OfficerStatus.values)),
        rv.Filter("credential", "执法证", CREDENTIAL_FILTER,
                  rv.param(request, "credential", [v for v, _ in CREDENTIAL_FILTER])),
    ]
    q = rv.param(request, "q")
    today = timezone.localdate()
    qs = selectors.officer_list(user=user, q=q, today=today, **{f.name: f.value for f in filters})
    return qs, q, filters, today


def _with_credential(officers, today):
    """(officer, state, badge class) for the rows shown."""
    rows = []
    for officer in officers:
        state = credential_state(officer, today)
        rows.append((officer, state, CREDENTIAL_BADGE.get(state, "badge-danger")))
    return rows


@login_required
def officer_list(request):
    qs, q, filters, today = _officers(request)
    page = rv.paginate(request, qs)
    actions = []
    if access.can(request.user, OfficerSpec.capability):
        actions = [rv.Action(reverse("officers:create"), "新增", primary=True),
                   rv.Action(reverse("officers:import"), "导入")]
    return rv.render_list(
        request, title="执法人员名录", results_template="officers/_officer_results.html", page=page, q=q,
        filters=filters, export_url=reverse("officers:export"), actions=actions, crumb_items=[(None, OFFICERS)],
        search_hint="姓名、执法证号、单位", officer_rows=_with_credential(page.object_list, today),
    )


@login_required
def officer_export(request):
    qs, _, _, _ = _officers(request)
    return rv.export_response(request, OfficerSpec(), qs, "执法人员")


@login_required
def officer_detail(request, pk):
    obj = selectors.officer_get(user=request.user, pk=pk)
    (_, state, badge), = _with_credential([obj], timezone.localdate())
    return render(request, "officers/officer_detail.html", {
        "obj": obj, "state": state, "badge": badge,
        "fields": [label for code, label in Field.choices if code in (obj.fields or [])],
        "can_edit": access.can(request.user, OfficerSpec.capability),
        "unit_users": obj.unit.users.filter(is_active=True).order_by("username"),
        "crumb_items": [_crumb(), (None, obj.name)],
    })


@login_required
def officer_link_user(request, pk):
    obj = selectors.officer_get(user=request.user, pk=pk, for_edit=OfficerSpec.capability)
    if request.method == "POST":
        try:
            services.officer_link_user(actor=request.user, officer=obj, username=request.POST.get("username", ""))
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "登录账号已更新。")
    return redirect("officers:detail", pk=obj.pk)


def _widgets(user):
    return {
        "unit_id": Widget("select", options=[(u.name, u.name) for u in rv.units_for(user)]),
        "fields": Widget("checkboxes", options=[(label, label) for _, label in Field.choices]),
        "phone": Widget("tel", maxlength=20, help="编辑时显示为脱敏号码;不修改则保留原号码"),
    }


officer_pages = RecordPages(
    namespace="officers", prefix="", label=OFFICERS, list_name="list", spec=OfficerSpec,
    get=selectors.officer_get, status_choices=OfficerStatus, widgets=_widgets, import_hint="可检查领域用“、”分隔",
    create=lambda actor, data: services.officer_create(actor=actor, data=data),
    update=lambda actor, obj, data, reason: services.officer_update(actor=actor, officer=obj, data=data,
                                                                    reason=reason),
    change_status=lambda actor, obj, status, reason: services.officer_change_status(
        actor=actor, officer=obj, status=status, reason=reason),
)
officer_create = officer_pages.views["create"]
officer_edit = officer_pages.views["edit"]
officer_status = officer_pages.views["status"]
officer_history = officer_pages.views["history"]
officer_import = officer_pages.views["import"]
