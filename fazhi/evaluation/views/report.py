"""The round report (评查报告): the page, the same report as a PDF, and the files table as Excel. The
figures come from ``selectors.rounds.round_report``; this module only arranges them and draws the charts
(``charts.py``). For the city's managers (``evaluation.manage``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from fazhi.accounts.roles import Cap
from fazhi.core import access, tabular
from fazhi.core import registry_views as rv
from fazhi.evaluation import report_pdf as pdf
from fazhi.evaluation.models import TypicalKind
from fazhi.evaluation.selectors import rounds as sel
from fazhi.evaluation.views import charts
from fazhi.evaluation.views.common import round_crumbs

GRADES = ["优秀", "良好", "合格", "不合格"]
EXPORT_HEADERS = ["案件编号", "所属区", "评查人员所在区", "得分", "等次", "第二评查人得分", "第二评查人等次"]


def _round(request, pk):
    rnd = sel.round_get(request.user, pk)
    access.require(request.user, Cap.EVALUATION_MANAGE, "查看评查报告")
    return rnd


def _grades(data: dict) -> list[str]:
    """The grade names in the order the report gives them (best first)."""
    for d in data.get("per_district") or ():
        return list(d["grades"]) or GRADES
    return GRADES


def context(rnd) -> dict:
    """The report and its charts, as both the page and the PDF show them."""
    data = sel.round_report(rnd)
    kinds = dict(TypicalKind.choices)
    data["typical"] = [{**t, "kind": kinds.get(t["kind"], t["kind"])} for t in data["typical"]]
    grades = _grades(data)
    bins = charts.score_bins(data["files"])
    return {"rep": data, "grades": grades, "bins": bins,
            "grades_chart": charts.grades_chart(data["per_district"], grades),
            "distribution_chart": charts.distribution_chart(bins)}


@login_required
def report(request, pk):
    rnd = _round(request, pk)
    return render(request, "evaluation/report.html", {
        **context(rnd), "r": rnd, "title": f"评查报告:{rnd.code}",
        "crumb_items": round_crumbs(rnd, (None, "评查报告")),
        "pdf_url": reverse("evaluation:report_pdf", args=[rnd.pk]),
        "export_url": reverse("evaluation:report_export", args=[rnd.pk]),
    })


@login_required
def report_pdf(request, pk):
    rnd = _round(request, pk)
    data = pdf.render(context(rnd))
    return rv.file_response(data, "application/pdf", f"评查报告-{rnd.code}.pdf")


def _num(value):
    return "" if value is None else value  # a number stays a number in Excel


@login_required
def report_export(request, pk):
    rnd = _round(request, pk)
    files = sel.round_report(rnd)["files"]
    rows = [[f["case"], f["district"], "、".join(f.get("reviewer_districts") or ()), _num(f.get("score")),
             f.get("grade") or "", _num(f.get("second_score")), f.get("second_grade") or ""] for f in files]
    content, content_type = tabular.write("xlsx", EXPORT_HEADERS, rows, title=f"评查案卷{rnd.code}")
    return rv.file_response(content, content_type, f"评查案卷-{rnd.code}.xlsx")
