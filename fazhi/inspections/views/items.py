"""抽查事项清单 pages: the current lists per field with their versions, one list, publish, new version,
and editing an item of a draft. City-wide data: every staff member may read it (like the 法律依据库);
only the city's ``inspection.plan`` holders change it (the services decide)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.errors import NotFound, ValidationFailed
from fazhi.core.fields import Field
from fazhi.inspections.models import InspectionItem, ItemList
from fazhi.inspections.models.items import InspectionMethod, ItemListStatus
from fazhi.inspections.services import items as services
from fazhi.institutions.models import InstitutionKind
from fazhi.laws.models import Article

ITEMS = "抽查事项清单"
KIND_LABELS = dict(InstitutionKind.choices)
METHOD_LABELS = dict(InspectionMethod.choices)
# Form field name → the label the service names in its reasons.
FORM_LABELS = {"name": "抽查事项", "inspecting_body": "检查主体", "frequency": "抽查频次", "target_kinds": "检查对象类型",
               "methods": "检查方式", "ratio": "抽查比例", "checklist": "检查内容", "article_ids": "法律依据"}


def _lists(user):
    return access.scope(user, ItemList.objects.all(), None)


def _get_list(user, pk) -> ItemList:
    return access.get_scoped(user, ItemList.objects.all(), pk, None)


def can_plan(user) -> bool:
    return access.can(user, Cap.INSPECTION_PLAN) and access.is_city_wide(user)


@login_required
def item_lists(request):
    lists = list(_lists(request.user).order_by("field", "-version"))
    fields = []
    for value, label in Field.choices:
        versions = [lst for lst in lists if lst.field == value]
        current = next((lst for lst in versions if lst.status == ItemListStatus.PUBLISHED), None)
        draft = next((lst for lst in versions if lst.status == ItemListStatus.DRAFT), None)
        fields.append({"value": value, "label": label, "current": current, "draft": draft, "versions": versions,
                       "item_count": current.items.count() if current else 0})
    return render(request, "inspections/item_lists.html", {
        "fields": fields, "can_plan": can_plan(request.user), "crumb_items": [(None, ITEMS)],
    })


def _item_view(item: InspectionItem) -> dict:
    return {
        "item": item,
        "articles": item.articles.select_related("law").order_by("law__short_name", "number"),
        "kinds": [KIND_LABELS.get(k, k) for k in item.target_kinds],
        "methods": [METHOD_LABELS.get(m, m) for m in item.methods],
        "percent": f"{(item.ratio * 100).normalize():f}%",
    }


@login_required
def item_list_detail(request, pk):
    obj = _get_list(request.user, pk)
    return render(request, "inspections/item_list_detail.html", {
        "obj": obj, "items": [_item_view(i) for i in obj.items.order_by("code")],
        "can_plan": can_plan(request.user), "is_draft": obj.status == ItemListStatus.DRAFT,
        "crumb_items": [(reverse("inspections:items"), ITEMS), (None, f"{obj.get_field_display()} 第 {obj.version} 版")],
    })


@login_required
@require_POST
def item_list_publish(request, pk):
    obj = _get_list(request.user, pk)
    services.item_list_publish(actor=request.user, item_list=obj)
    messages.success(request, f"第 {obj.version} 版已发布,原版本已标记为“已被新版本替代”。")
    return redirect("inspections:item_list_detail", pk=obj.pk)


@login_required
@require_POST
def item_list_new_version(request):
    obj = services.item_list_new_version(actor=request.user, field=request.POST.get("field", ""))
    messages.success(request, f"已新建第 {obj.version} 版草稿,修改后请发布。")
    return redirect("inspections:item_list_detail", pk=obj.pk)


@login_required
def item_edit(request, pk):
    try:
        item = access.scope(request.user, InspectionItem.objects.select_related("item_list"), None).get(pk=pk)
    except InspectionItem.DoesNotExist:
        raise NotFound("记录不存在,或不在您的管辖范围内") from None
    detail = reverse("inspections:item_list_detail", args=[item.item_list_id])
    problems, posted = [], None
    if request.method == "POST":
        posted = request.POST
        data = {name: posted.get(name, "") for name in ("name", "sub_items", "basis_text", "inspecting_body",
                                                        "ratio", "frequency", "inspector_requirements", "checklist")}
        data |= {name: posted.getlist(name) for name in ("target_kinds", "methods", "article_ids")}
        try:
            services.item_update(actor=request.user, item=item, data=data, reason=posted.get("_reason", ""))
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(request, f"{item.code} 已保存。")
            return redirect(f"{detail}#item-{item.pk}")
    elif item.item_list.status != ItemListStatus.DRAFT or not can_plan(request.user):
        return redirect(detail)
    errors = {name: [p.reason for p in problems if p.field == label] for name, label in FORM_LABELS.items()}
    values = {
        "name": item.name, "sub_items": "\n".join(item.sub_items), "basis_text": item.basis_text,
        "inspecting_body": item.inspecting_body, "ratio": str(item.ratio.normalize()), "frequency": item.frequency,
        "inspector_requirements": item.inspector_requirements,
        "checklist": "\n".join(f"{p['code']} {p['text']}" for p in item.checklist),
        "target_kinds": item.target_kinds, "methods": item.methods,
        "article_ids": [str(i) for i in item.articles.values_list("id", flat=True)],
    }
    if posted is not None:
        values |= {k: posted.get(k, "") for k in values if k not in ("target_kinds", "methods", "article_ids")}
        values |= {k: posted.getlist(k) for k in ("target_kinds", "methods", "article_ids")}
    return render(request, "inspections/item_edit.html", {
        "item": item, "values": values, "errors": errors, "problems": problems,
        "kinds": InstitutionKind.choices, "methods": InspectionMethod.choices,
        "articles": Article.objects.select_related("law").order_by("law__short_name", "-law__effective_from", "number"),
        "reason": posted.get("_reason", "") if posted is not None else "",
        "crumb_items": [(reverse("inspections:items"), ITEMS), (detail, str(item.item_list)),
                        (None, f"编辑 {item.code}")],
    }, status=400 if problems else 200)
