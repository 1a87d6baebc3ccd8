"""监管对象名录库 pages: institutions and their practitioners. Each view parses the request, calls one
selector or service, and renders through ``fazhi.core.registry_views``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from fazhi.core import access
from fazhi.core import registry_views as rv
from fazhi.core.record_pages import RecordPages
from fazhi.core.fields import Field
from fazhi.core.record_forms import Widget
from fazhi.institutions import selectors, services
from fazhi.institutions.importers import InstitutionSpec, PractitionerSpec
from fazhi.institutions.models import (
    InstitutionKind,
    InstitutionStatus,
    PractitionerKind,
    PractitionerStatus,
    RiskClass,
)

INSTITUTIONS = "监管对象"
PRACTITIONERS = "执业人员"
DATALIST_LIMIT = 2000


def _institutions_crumb():
    return (reverse("institutions:list"), INSTITUTIONS)


def _practitioners_crumb():
    return (reverse("institutions:practitioners"), PRACTITIONERS)


def _actions(user, spec, create: str, import_: str):
    if not access.can(user, spec.capability):
        return []
    return [rv.Action(reverse(create), "新增", primary=True), rv.Action(reverse(import_), "导入")]


# ---------------------------------------------------------------- institutions

def _institution_filters(request):
    user = request.user
    return [
        rv.Filter("kind", "机构类型", InstitutionKind.choices, rv.param(request, "kind", InstitutionKind.values)),
        rv.Filter("district", "所在区", [(d.code, d.name) for d in rv.districts_for(user)], rv.param(request, "district")),
        rv.Filter("status", "状态", InstitutionStatus.choices, rv.param(request, "status", InstitutionStatus.values)),
        rv.Filter("risk_class", "风险等级", RiskClass.choices, rv.param(request, "risk_class", RiskClass.values)),
        rv.Filter("field", "领域", Field.choices, rv.param(request, "field", Field.values)),
    ]


def _institutions(request):
    filters = _institution_filters(request)
    q = rv.param(request, "q")
    qs = selectors.institution_list(user=request.user, q=q, **{f.name: f.value for f in filters})
    return qs, q, filters


@login_required
def institution_list(request):
    qs, q, filters = _institutions(request)
    return rv.render_list(
        request, title="监管对象名录", results_template="institutions/_institution_results.html",
        page=rv.paginate(request, qs), q=q, filters=filters, export_url=reverse("institutions:export"),
        actions=_actions(request.user, InstitutionSpec, "institutions:create", "institutions:import"),
        crumb_items=[(None, INSTITUTIONS)], search_hint="名称、统一社会信用代码、许可证号、住所、负责人",
    )


@login_required
def institution_export(request):
    qs, _, _ = _institutions(request)
    return rv.export_response(request, InstitutionSpec(), qs, "监管对象")


@login_required
def institution_detail(request, pk):
    obj = selectors.institution_get(user=request.user, pk=pk)
    practitioners = selectors.practitioner_list(user=request.user, institution=str(obj.pk))
    return render(request, "institutions/institution_detail.html", {
        "obj": obj,
        "practitioners": practitioners[:100],
        "practitioner_count": practitioners.count(),
        "branches": selectors.institution_list(user=request.user).filter(head_office=obj),
        "can_edit": access.can(request.user, InstitutionSpec.capability),
        "crumb_items": [_institutions_crumb(), (None, obj.name)],
    })


def _institution_widgets(user):
    law_firms = selectors.institution_list(user=user, kind=InstitutionKind.LAW_FIRM)[:DATALIST_LIMIT]
    return {
        "uscc": Widget(help="18 位,由登记管理部门赋码", maxlength=18),
        "district_id": Widget("select", options=[(d.name, d.name) for d in rv.districts_for(user)]),
        "head_office": Widget("datalist", options=[(i.uscc, i.name) for i in law_firms], maxlength=18,
                              help="仅律师事务所分所填写:总所的统一社会信用代码"),
    }


institution_pages = RecordPages(
    namespace="institutions", prefix="", label=INSTITUTIONS, list_name="list", spec=InstitutionSpec,
    get=selectors.institution_get, status_choices=InstitutionStatus, widgets=_institution_widgets,
    create=lambda actor, data: services.institution_create(actor=actor, data=data),
    update=lambda actor, obj, data, reason: services.institution_update(actor=actor, institution=obj, data=data,
                                                                        reason=reason),
    change_status=lambda actor, obj, status, reason: services.institution_change_status(
        actor=actor, institution=obj, status=status, reason=reason),
)
institution_create = institution_pages.views["create"]
institution_edit = institution_pages.views["edit"]
institution_status = institution_pages.views["status"]
institution_history = institution_pages.views["history"]
institution_import = institution_pages.views["import"]


# ---------------------------------------------------------------- practitioners

def _practitioners(request):
    user = request.user
    filters = [
        rv.Filter("kind", "类别", PractitionerKind.choices, rv.param(request, "kind", PractitionerKind.values)),
        rv.Filter("district", "所在区", [(d.code, d.name) for d in rv.districts_for(user)],
                  rv.param(request, "district")),
        rv.Filter("status", "状态", PractitionerStatus.choices,
                  rv.param(request, "status", PractitionerStatus.values)),
    ]
    institution = rv.param(request, "institution")
    institution = institution if institution.isdigit() else ""
    q = rv.param(request, "q")
    qs = selectors.practitioner_list(user=user, q=q, institution=institution, **{f.name: f.value for f in filters})
    return qs, q, filters, institution


@login_required
def practitioner_list(request):
    qs, q, filters, institution = _practitioners(request)
    institution_obj = selectors.institution_get(user=request.user, pk=institution) if institution else None
    return rv.render_list(
        request, title="执业人员名录", results_template="institutions/_practitioner_results.html",
        page=rv.paginate(request, qs), q=q, filters=filters, export_url=reverse("institutions:practitioner_export"),
        actions=_actions(request.user, PractitionerSpec, "institutions:practitioner_create",
                         "institutions:practitioner_import"),
        crumb_items=[(None, PRACTITIONERS)], search_hint="姓名、执业证号、执业机构",
        hidden=[("institution", institution)] if institution else [], institution=institution_obj,
    )


@login_required
def practitioner_export(request):
    qs, _, _, _ = _practitioners(request)
    return rv.export_response(request, PractitionerSpec(), qs, "执业人员")


@login_required
def practitioner_detail(request, pk):
    obj = selectors.practitioner_get(user=request.user, pk=pk)
    return render(request, "institutions/practitioner_detail.html", {
        "obj": obj,
        "can_edit": access.can(request.user, PractitionerSpec.capability),
        "crumb_items": [_practitioners_crumb(), (None, obj.name)],
    })


def _practitioner_widgets(user):
    institutions = selectors.institution_list(user=user)[:DATALIST_LIMIT]
    return {
        "institution_id": Widget("datalist", options=[(i.uscc, i.name) for i in institutions], maxlength=18,
                                 help="填写执业机构的统一社会信用代码,可输入名称后从列表中选择"),
        "id_number": Widget(maxlength=18, help="编辑时显示为脱敏号码;不修改则保留原号码"),
        "phone": Widget("tel", maxlength=20, help="编辑时显示为脱敏号码;不修改则保留原号码"),
    }


practitioner_pages = RecordPages(
    namespace="institutions", prefix="practitioner_", label=PRACTITIONERS, list_name="practitioners",
    spec=PractitionerSpec, get=selectors.practitioner_get, status_choices=PractitionerStatus,
    widgets=_practitioner_widgets, import_key="practitioners",
    create_initial=lambda request: {"institution_id": rv.param(request, "institution")}
    if rv.param(request, "institution") else None,
    create=lambda actor, data: services.practitioner_create(actor=actor, data=data),
    update=lambda actor, obj, data, reason: services.practitioner_update(actor=actor, practitioner=obj, data=data,
                                                                         reason=reason),
    change_status=lambda actor, obj, status, reason: services.practitioner_change_status(
        actor=actor, practitioner=obj, status=status, reason=reason),
)
practitioner_create = practitioner_pages.views["create"]
practitioner_edit = practitioner_pages.views["edit"]
practitioner_status = practitioner_pages.views["status"]
practitioner_history = practitioner_pages.views["history"]
practitioner_import = practitioner_pages.views["import"]
