"""监管对象名录库 pages: institutions and their practitioners. Each view parses the request, calls one
selector or service, and renders through ``fazhi.core.registry_views``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core import registry_views as rv
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


@login_required
def institution_create(request):
    access.require(request.user, InstitutionSpec.capability, "新增监管对象")
    return rv.form_page(
        request, spec=InstitutionSpec(), title="新增监管对象", widgets=_institution_widgets(request.user),
        save=lambda texts, reason: services.institution_create(actor=request.user, data=texts),
        crumb_items=[_institutions_crumb(), (None, "新增")], cancel_url=reverse("institutions:list"),
        success_url=lambda o: reverse("institutions:detail", args=[o.pk]),
    )


@login_required
def institution_edit(request, pk):
    obj = selectors.institution_get(user=request.user, pk=pk, for_edit=Cap.REGISTRY_EDIT)
    detail = reverse("institutions:detail", args=[obj.pk])
    return rv.form_page(
        request, spec=InstitutionSpec(), instance=obj, exclude=("status",), ask_reason=True,
        title=f"编辑:{obj.name}", widgets=_institution_widgets(request.user),
        save=lambda texts, reason: services.institution_update(actor=request.user, institution=obj, data=texts,
                                                               reason=reason),
        crumb_items=[_institutions_crumb(), (detail, obj.name), (None, "编辑")], cancel_url=detail,
        success_url=lambda o: detail, intro="状态请通过“变更状态”修改。",
    )


@login_required
def institution_status(request, pk):
    obj = selectors.institution_get(user=request.user, pk=pk, for_edit=Cap.REGISTRY_EDIT)
    detail = reverse("institutions:detail", args=[obj.pk])
    return rv.status_page(
        request, obj=obj, choices=InstitutionStatus, title=f"变更状态:{obj.name}",
        change=lambda status, reason: services.institution_change_status(
            actor=request.user, institution=obj, status=status, reason=reason),
        crumb_items=[_institutions_crumb(), (detail, obj.name), (None, "变更状态")],
        cancel_url=detail, success_url=detail,
    )


@login_required
def institution_history(request, pk):
    obj = selectors.institution_get(user=request.user, pk=pk)
    detail = reverse("institutions:detail", args=[obj.pk])
    return rv.history_page(request, obj=obj, spec=InstitutionSpec(), title=f"历史记录:{obj.name}",
                           crumb_items=[_institutions_crumb(), (detail, obj.name), (None, "历史记录")],
                           back_url=detail)


@login_required
def institution_import(request):
    return rv.import_page(
        request, kinds=[rv.ImportKind("institutions", INSTITUTIONS, InstitutionSpec())], title="导入监管对象",
        crumb_items=[_institutions_crumb(), (None, "导入")], back_url=reverse("institutions:list"),
        basename="监管对象",
    )


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


@login_required
def practitioner_create(request):
    access.require(request.user, PractitionerSpec.capability, "新增执业人员")
    uscc = rv.param(request, "institution")
    return rv.form_page(
        request, spec=PractitionerSpec(), title="新增执业人员", widgets=_practitioner_widgets(request.user),
        initial={"institution_id": uscc} if uscc else None,
        save=lambda texts, reason: services.practitioner_create(actor=request.user, data=texts),
        crumb_items=[_practitioners_crumb(), (None, "新增")], cancel_url=reverse("institutions:practitioners"),
        success_url=lambda o: reverse("institutions:practitioner_detail", args=[o.pk]),
    )


@login_required
def practitioner_edit(request, pk):
    obj = selectors.practitioner_get(user=request.user, pk=pk, for_edit=Cap.REGISTRY_EDIT)
    detail = reverse("institutions:practitioner_detail", args=[obj.pk])
    return rv.form_page(
        request, spec=PractitionerSpec(), instance=obj, exclude=("status",), ask_reason=True,
        title=f"编辑:{obj.name}", widgets=_practitioner_widgets(request.user),
        save=lambda texts, reason: services.practitioner_update(actor=request.user, practitioner=obj, data=texts,
                                                                reason=reason),
        crumb_items=[_practitioners_crumb(), (detail, obj.name), (None, "编辑")], cancel_url=detail,
        success_url=lambda o: detail, intro="状态请通过“变更状态”修改。",
    )


@login_required
def practitioner_status(request, pk):
    obj = selectors.practitioner_get(user=request.user, pk=pk, for_edit=Cap.REGISTRY_EDIT)
    detail = reverse("institutions:practitioner_detail", args=[obj.pk])
    return rv.status_page(
        request, obj=obj, choices=PractitionerStatus, title=f"变更状态:{obj.name}",
        change=lambda status, reason: services.practitioner_change_status(
            actor=request.user, practitioner=obj, status=status, reason=reason),
        crumb_items=[_practitioners_crumb(), (detail, obj.name), (None, "变更状态")],
        cancel_url=detail, success_url=detail,
    )


@login_required
def practitioner_history(request, pk):
    obj = selectors.practitioner_get(user=request.user, pk=pk)
    detail = reverse("institutions:practitioner_detail", args=[obj.pk])
    return rv.history_page(request, obj=obj, spec=PractitionerSpec(), title=f"历史记录:{obj.name}",
                           crumb_items=[_practitioners_crumb(), (detail, obj.name), (None, "历史记录")],
                           back_url=detail)


@login_required
def practitioner_import(request):
    return rv.import_page(
        request, kinds=[rv.ImportKind("practitioners", PRACTITIONERS, PractitionerSpec())], title="导入执业人员",
        crumb_items=[_practitioners_crumb(), (None, "导入")], back_url=reverse("institutions:practitioners"),
        basename="执业人员",
    )
