"""Navigation for the page shell: the modules this user may open."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from fazhi.accounts.roles import Cap
from fazhi.core import access


def _links(request, items):
    """``(url, label, active)`` for each ``(url name, label)`` that resolves. A module whose URLs are
    not installed (yet) is left out rather than breaking every page."""
    path = getattr(request, "path", "") or ""
    resolved = []
    for name, label in items:
        try:
            resolved.append((reverse(name), label))
        except NoReverseMatch:
            continue
    # The current module is the longest URL the path starts with ("/" only on the home page itself),
    # so /institutions/practitioners/ marks 执业人员, not also 监管对象 at /institutions/.
    matches = [url for url, _ in resolved if (path == url if url == "/" else path.startswith(url))]
    current = max(matches, key=len) if matches else None
    return [(url, label, url == current) for url, label in resolved]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if access.can(user, Cap.REGISTRY_VIEW):
        items += [
            ("institutions:list", "监管对象"),
            ("institutions:practitioners", "执业人员"),
            ("officers:list", "执法人员"),
            ("laws:list", "法律依据"),
            ("inspections:items", "抽查事项"),
            ("inspections:plans", "双随机抽查"),
            ("inspections:tasks", "检查任务"),
            ("inspections:stats", "抽查统计"),
            ("cases:list", "案件办理"),
        ]
    if access.can(user, Cap.CASE_APPROVE) or access.can(user, Cap.AUDIT_VIEW):
        items.append(("cases:supervision", "执法监督"))
    if any(access.can(user, cap) for cap in (Cap.EVALUATION_MANAGE, Cap.EVALUATION_REVIEW, Cap.EVALUATION_RECTIFY)):
        items.append(("evaluation:rounds", "案卷评查"))
    if access.can(user, Cap.AUDIT_VIEW):
        items.append(("core:audit", "审计日志"))
    home = [("core:home", "首页")] if user is not None and user.is_authenticated else []
    # nav_items: (url name, label) — what the user may open; nav_links: (url, label, active) for
    # the ones that resolve, with the home page first (base.html renders these).
    return {"nav_items": items, "nav_links": _links(request, home + items)}
