"""The shell's own pages: the dashboard and the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.context_processors import navigation
from fazhi.core.models import AuditEvent

AUDIT_PAGE_SIZE = 50

MODULE_DESCRIPTIONS = {
    "institutions:list": "律师事务所、公证机构、司法鉴定机构等监管对象的登记与查询",
    "institutions:practitioners": "律师、公证员、司法鉴定人等执业人员名录",
    "officers:list": "行政执法人员及执法证件管理",
    "laws:list": "法律、法规、规章等执法依据的查询",
    "inspections:items": "双随机抽查事项清单及其检查依据",
    "inspections:plans": "抽查计划、可验证的随机抽取与抽取证书",
    "inspections:tasks": "检查任务:通知、检查、结果审核与公示",
    "inspections:stats": "各区、各领域的抽查统计",
    "cases:list": "行政处罚案件办理:案源登记、立案、调查、告知、决定、送达、执行与执法文书",
    "cases:supervision": "办案期限黄牌、红牌预警与偏离裁量基准的案件",
    "evaluation:rounds": "季度案卷评查:随机抽取案卷、交叉盲评、整改反馈与评查报告",
    "core:audit": "全部数据变更的审计记录,可按操作和对象筛选",
}


def _scope_label(user) -> str:
    if access.is_city_wide(user):
        return "全市"
    org = user.organization
    return org.district.name if org and org.district_id else ""


@login_required
def home(request):
    cards = []
    for name, label in navigation(request)["nav_items"]:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # module not installed yet
        cards.append({"url": url, "label": label, "description": MODULE_DESCRIPTIONS.get(name, "")})
    return render(request, "core/home.html", {"cards": cards, "scope_label": _scope_label(request.user)})


def audit_queryset(user):
    qs = AuditEvent.objects.all()
    if not access.is_city_wide(user):
        # Audit events have no district of their own (the object may be a law, a user, an
        # institution...), so a district-level user sees the events *done by* staff of their district:
        # actor.organization.district. Events by the system or by city staff stay city-only, even when
        # they touched this district's records.
        qs = qs.filter(actor__organization__district_id=user.organization.district_id)
    return qs


@login_required
def audit(request):
    access.require(request.user, Cap.AUDIT_VIEW, "查看审计日志")
    base = audit_queryset(request.user)
    action = request.GET.get("action", "").strip()
    object_type = request.GET.get("object_type", "").strip()
    qs = base
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    page = Paginator(qs.order_by("-seq"), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "events": page.object_list,
        "action": action,
        "object_type": object_type,
        "actions": base.order_by("action").values_list("action", flat=True).distinct(),
        "object_types": base.order_by("object_type").values_list("object_type", flat=True).distinct(),
        "scope_label": _scope_label(request.user),
    }
    return render(request, "core/audit.html", context)
