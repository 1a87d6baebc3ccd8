"""The round report's figures on a small round worked by hand, kappa included, and the console command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from fazhi.evaluation import agreement
from fazhi.evaluation.models import Review
from fazhi.evaluation.selectors.report import round_report
from fazhi.evaluation.services import rounds as svc
from fazhi.evaluation.tests import factories as f

HEXI, NANKAI = "120103", "120104"
pytestmark = pytest.mark.django_db

# (first review, second review) per file in report order: vetoes, deductions → score, grade
PLAN = [
    (([], {"D7": 2, "D8": 2, "D9": 1}), ([], {"S1": 6, "S2": 2})),  # 95 优秀 / 92 优秀
    (([], {"S1": 6, "S2": 6, "S3": 3}), ([], {"S1": 6, "S2": 6, "S3": 4, "S4": 5, "S5": 4})),  # 85 良好 / 75 合格
    (([], {"S1": 6, "S2": 6, "S3": 4, "S4": 5, "S5": 5, "S6": 4}),
     ([], {"S1": 6, "S2": 6, "S3": 4, "S4": 5, "S5": 5, "S6": 4})),  # 70 合格 / 70 合格
    ((["V2"], {"D7": 1}), ([], {"S1": 6, "S2": 6, "S3": 4, "S4": 5, "S5": 5, "S6": 5, "S7": 4})),  # 99 不合格 / 65 合格
]
SCORES = [(95.0, "优秀", 92.0, "优秀"), (85.0, "良好", 75.0, "合格"), (70.0, "合格", 70.0, "合格"), (99.0, "不合格", 65.0, "合格")]


@pytest.fixture
def rnd(admin, make_user, city_org):
    f.cases({HEXI: 2, NANKAI: 3})
    reviewers = [f.reviewer(make_user, code) for code in (HEXI, NANKAI, None, None)]
    rnd = f.drawn(admin, make_user("leader", city_org), reviewers, second_share="1")
    files = list(rnd.files.select_related("case", "district").order_by("district__code", "ticket"))
    for file, (first, second) in zip(files, PLAN):
        reviews = {r.position: r for r in file.reviews.select_related("reviewer")}
        f.submit(reviews[1], vetoes=first[0], deductions=first[1])
        f.submit(reviews[2], vetoes=second[0], deductions=second[1])
    svc.typical_mark(actor=admin, file=files[0], kind="good", reason="程序完整,文书规范")
    return rnd


def test_the_report_figures(rnd):
    r = round_report(rnd)
    assert r["round"]["code"] == rnd.code and r["round"]["commitment"] == rnd.commitment
    assert r["round"]["period_start"] == "2024-07-01" and r["round"]["status"] == "reviewing"
    assert r["summary"] == "本轮从各区司法局共抽取4个行政执法案卷,评查优秀1件、良好1件、合格1件、不合格1件"
    assert [(x["score"], x["grade"], x["second_score"], x["second_grade"]) for x in r["files"]] == SCORES
    assert [x["district"] for x in r["files"]] == ["河西区", "河西区", "南开区", "南开区"]
    for x in r["files"]:
        assert len(x["reviewer_districts"]) == 2 and x["district"] not in x["reviewer_districts"]
        assert set(x["reviewer_districts"]) <= {"河西区", "南开区", "市局"}
    assert r["per_district"] == [
        {"district": "河西区", "drawn": 2, "average": 90.0, "grades": {"优秀": 1, "良好": 1, "合格": 0, "不合格": 0}},
        {"district": "南开区", "drawn": 2, "average": 84.5, "grades": {"优秀": 0, "良好": 0, "合格": 1, "不合格": 1}},
    ]
    problems = {p["code"]: p["count"] for p in r["common_problems"]}
    assert problems["S1"] == 2 and problems["D7"] == 2 and problems["V2"] == 1
    assert r["common_problems"][0]["count"] == 2 and r["common_problems"][0]["text"]
    assert r["rectification"] == {"open": 0, "answered": 0, "closed": 0, "escalated": 0, "overdue": 0}
    assert r["typical"] == [{"case": r["files"][0]["case"], "kind": "good", "reason": "程序完整,文书规范"}]
    assert r["certificate_available"] is True
    diffs = r["score_differences"]
    assert [d["difference"] for d in diffs] == [-34.0, -10.0, -3.0, 0.0]
    assert diffs[0] == {"case": r["files"][3]["case"], "first": 99.0, "second": 65.0, "difference": -34.0}


def test_kappa_worked_by_hand(rnd):
    """Pairs (优秀,优秀) (良好,合格) (合格,合格) (不合格,合格): p_o = 2/4; p_e = ¼·¼ + ¼·0 + ¼·¾ + ¼·0 = ¼;
    κ = (½ − ¼) / (1 − ¼) = ⅓."""
    k = round_report(rnd)["kappa"]
    assert k["n"] == 4 and k["observed"] == 0.5 and k["expected"] == 0.25
    assert k["value"] == pytest.approx(1 / 3)
    pairs = [(a, b) for _, a, _, b in SCORES]
    expected = agreement.cohen_kappa(pairs, categories=["优秀", "良好", "合格", "不合格"])
    assert (k["value"], k["n"], k["observed"], k["expected"]) == (expected.value, expected.n, expected.observed,
                                                                  expected.expected)


def test_unsubmitted_reviews_are_pending(admin, make_user, city_org):
    f.cases({HEXI: 1})
    rnd = f.drawn(admin, make_user("leader", city_org), [f.reviewer(make_user, None)])
    r = round_report(rnd)
    assert r["summary"] == "本轮从各区司法局共抽取1个行政执法案卷,尚未评查1件"
    assert r["files"][0]["score"] is None and r["files"][0]["grade"] == ""
    assert r["kappa"] == {"value": None, "n": 0, "observed": 0.0, "expected": 0.0}
    assert Review.objects.filter(file__round=rnd).count() == 1


def test_the_console_lists_rounds_and_prints_the_json(rnd, admin, make_user):
    other = svc.round_create(actor=admin, data=f.round_data([f.reviewer(make_user, None)]))
    out = io.StringIO()
    call_command("evaluation", "report", "--list", stdout=out)
    assert out.getvalue() == f"{rnd.pk}\n{other.pk}\n"
    out = io.StringIO()
    call_command("evaluation", "report", str(rnd.pk), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == json.loads(json.dumps(round_report(rnd), ensure_ascii=False))
    assert data["files"][0].keys() >= {"case", "district", "reviewer_districts", "score", "grade"}
    assert data["kappa"]["n"] == 4
    out = io.StringIO()
    call_command("evaluation", "report", rnd.code, stdout=out)
    assert "评查优秀1件" in out.getvalue() and "Cohen's kappa" in out.getvalue()
    with pytest.raises(CommandError, match="没有 ID 为“9999”的评查轮次") as exc:
        call_command("evaluation", "report", "9999")
    assert exc.value.returncode == 2
