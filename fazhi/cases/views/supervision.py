"""The supervision page (办案期限预警): yellow and red cards per district, the warned cases, their counts
over the last 12 months as a server-drawn SVG bar chart (with the same figures as a table), the cases
that depart from the 行政处罚裁量基准 with a written reason (偏离裁量基准), and an Excel export of the
warned cases (with a second sheet of the deviations). For holders of ``case.approve`` or ``audit.view``;
the figures cover the user's scope (a district user: their district). ``?on=YYYY-MM-DD`` shows another
day; ``?district=`` (a district name, or 市局) and ``?level=yellow|red`` filter the case list (``district``
also the deviations).
"""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.cases import deadlines as dl
from fazhi.cases.selectors import discretion as disc_sel
from fazhi.cases.selectors import warnings as sel
from fazhi.core import access, tabular
from fazhi.core import registry_views as rv
from fazhi.core.errors import FieldProblem, PermissionDenied, ValidationFailed

HISTORY_MONTHS = 12
TITLE = "办案期限预警"
EXPORT_HEADERS = ["预警", "案件编号", "行政区", "应办事项", "起算日", "期限届满日", "依据"]
LEVELS = {dl.YELLOW: "黄牌", dl.RED: "红牌"}
DEVIATION_HEADERS = ["案件编号", "行政区", "办案单位", "建议(裁量基准)", "拟处罚或决定", "处罚内容", "偏离裁量基准的理由",
                     "法制审核通过"]
DEVIATION_SHEET = "偏离裁量基准"


def _require(user) -> None:
    if not (access.can(user, Cap.CASE_APPROVE) or access.can(user, Cap.AUDIT_VIEW)):
        raise PermissionDenied("您的角色无权查看办案期限预警")


def _on(request) -> dt.date:
    text = rv.param(request, "on")
    if not text:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(FieldProblem("统计日期", f"“{text}”不是有效日期,应为 YYYY-MM-DD")) from None


def _filtered(entries: list[dict], district: str, level: str) -> list[dict]:
    return [e for e in entries if (not district or e["district"] == district) and (not level or e["level"] == level)]


def _link(on: dt.date, view: str = "cases:supervision", **params) -> str:
    query = urlencode({"on": on.isoformat(), **{k: v for k, v in params.items() if v}})
    return f"{reverse(view)}?{query}"


def _district_rows(districts: list[dict], on: dt.date) -> list[dict]:
    return [{**d, "yellow_url": _link(on, district=d["district"], level=dl.YELLOW) + "#warned",
             "red_url": _link(on, district=d["district"], level=dl.RED) + "#warned",
             "all_url": _link(on, district=d["district"]) + "#warned"} for d in districts]


# ---------------------------------------------------------------- the chart (server-drawn SVG)

CHART_W, CHART_H = 760, 280
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 44, 12, 28, 52


def _ticks(top: int) -> tuple[int, list[int]]:
    """A scale maximum ≥ ``top`` and 4–6 round tick values from 0."""
    top = max(top, 1)
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    scale = step * math.ceil(top / step)
    return scale, list(range(0, scale + 1, step))


def chart(history: list[dict]) -> dict:
    """Geometry of a grouped bar chart of yellow and red counts per month point."""
    plot_w, plot_h = CHART_W - PLOT_LEFT - PLOT_RIGHT, CHART_H - PLOT_TOP - PLOT_BOTTOM
    scale, ticks = _ticks(max([p["yellow"] for p in history] + [p["red"] for p in history] + [0]))
    slot = plot_w / max(len(history), 1)
    bar_w = min(slot * 0.34, 26)
    base = PLOT_TOP + plot_h

    def bar(x: float, value: int, level: str) -> dict:
        h = plot_h * value / scale
        return {"x": round(x, 1), "y": round(base - h, 1), "w": round(bar_w, 1), "h": round(h, 1), "value": value,
                "level": level, "label_x": round(x + bar_w / 2, 1), "label_y": round(base - h - 4, 1)}

    groups = []
    for i, p in enumerate(history):
        center = PLOT_LEFT + slot * i + slot / 2
        groups.append({
            "point": p, "label_x": round(center, 1), "label": f"{p['day']:%Y-%m}",
            "sub": f"{p['day']:%m-%d}",
            "bars": [bar(center - bar_w - 1, p["yellow"], dl.YELLOW), bar(center + 1, p["red"], dl.RED)],
        })
    return {"width": CHART_W, "height": CHART_H, "left": PLOT_LEFT, "right": CHART_W - PLOT_RIGHT, "top": PLOT_TOP,
            "base": base, "groups": groups, "label_y": base + 18, "sub_y": base + 34,
            "ticks": [{"value": t, "y": round(base - plot_h * t / scale, 1)} for t in ticks]}


def _district_history(history: list[dict]) -> list[dict]:
    """Rows of the per-district table: one row per district, one (yellow, red) cell per month point."""
    if not history:
        return []
    names = [d["district"] for d in history[0]["districts"]]
    cells = {name: [] for name in names}
    for point in history:
        for d in point["districts"]:
            cells.setdefault(d["district"], []).append((d["yellow"], d["red"]))
    return [{"district": name, "cells": cells[name]} for name in names]


# ---------------------------------------------------------------- views


@login_required
def supervision(request):
    _require(request.user)
    on = _on(request)
    district = rv.param(request, "district")
    level = rv.param(request, "level", allowed=set(LEVELS))
    data = sel.supervision(user=request.user, on=on, months=HISTORY_MONTHS)
    rows = _filtered(data["cases"], district, level)
    share = dl.yellow_share_on(on)
    deviations = disc_sel.deviations(user=request.user, district=district)
    return render(request, "cases/supervision.html", {
        "deviations": deviations, "deviations_unreviewed": sum(not d["reviewed"] for d in deviations),
        "title": TITLE, "on": on, "today": timezone.localdate(), "data": data, "rows": rows,
        "district": district, "level": level, "level_label": LEVELS.get(level, ""),
        "districts": _district_rows(data["districts"], on),
        "yellow_total": sum(d["yellow"] for d in data["districts"]),
        "red_total": sum(d["red"] for d in data["districts"]),
        "share_percent": format((share * 100).normalize(), "f"), "chart": chart(data["history"]),
        "district_history": _district_history(data["history"]),
        "reset_url": _link(on) + "#warned",
        "export_url": _link(on, "cases:supervision_export", district=district, level=level),
        "city_wide": access.is_city_wide(request.user), "months": HISTORY_MONTHS,
        "crumb_items": [(None, TITLE)],
    })


@login_required
def supervision_export(request):
    """The warned-case table (as filtered on the page) as .xlsx, and the deviations on a second sheet."""
    _require(request.user)
    on = _on(request)
    district = rv.param(request, "district")
    level = rv.param(request, "level", allowed=set(LEVELS))
    entries = _filtered(sel.warnings(user=request.user, on=on)["cases"], district, level)
    rows = [[LEVELS[e["level"]], e["case"].number, e["district"], e["deadline"], e["start"].isoformat(),
             e["due"].isoformat(), e["source"]] for e in entries]
    flagged = [[d["case"].number, d["district"], d["unit"], d["recommended"], d["stage"], d["given"], d["reason"],
                "是" if d["reviewed"] else "否"] for d in disc_sel.deviations(user=request.user, district=district)]
    content = tabular.write_xlsx(EXPORT_HEADERS, rows, title=f"办案期限预警{on:%Y%m%d}",
                                 more=[(DEVIATION_SHEET, DEVIATION_HEADERS, flagged)])
    return rv.file_response(content, tabular.XLSX_CONTENT_TYPE, f"办案期限预警-{on:%Y%m%d}.xlsx")
