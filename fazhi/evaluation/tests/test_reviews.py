"""Scoring a drawn file with the round's rubric: deductions, vetoes (不合格), the grade thresholds, who may
submit, re-submitting until feedback, and the transitions refused from every other status."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.models import AuditEvent
from fazhi.evaluation import workflow
from fazhi.evaluation.models import EvaluationRound, Review, RoundStatus, TypicalCase
from fazhi.evaluation.selectors import rounds as sel
from fazhi.evaluation.services import rounds as svc
from fazhi.evaluation.tests import factories as f

HEXI, NANKAI = "120103", "120104"
pytestmark = pytest.mark.django_db


@pytest.fixture
def witness(make_user, city_org):
    return make_user("leader", city_org)


@pytest.fixture
def rnd(admin, witness, make_user):
    f.cases({HEXI: 1, NANKAI: 1})
    reviewers = [f.reviewer(make_user, HEXI, full_name="河西评查员"), f.reviewer(make_user, NANKAI, full_name="南开评查员")]
    return f.drawn(admin, witness, reviewers)


@pytest.fixture
def review(rnd):
    return Review.objects.filter(file__round=rnd).select_related("file", "reviewer").order_by("pk").first()


def test_deductions_give_the_score_and_the_first_review_sets_the_file(review):
    r = f.submit(review, deductions={"D7": "0.5", "P1": 2, "S5": Decimal("3")}, notes={"P1": "立案审批表缺负责人签字"},
                 comment="程序基本规范")
    assert (r.score, r.grade, r.status) == (Decimal("94.5"), "优秀", "submitted")
    assert r.deductions == {"D7": "0.5", "P1": "2", "S5": "3"} and r.notes == {"P1": "立案审批表缺负责人签字"}
    r.file.refresh_from_db()
    assert (r.file.score, r.file.grade) == (Decimal("94.5"), "优秀")
    assert AuditEvent.objects.filter(action="review.submit", object_id=str(r.pk)).count() == 1


def test_a_veto_forces_failing_whatever_the_score(review):
    r = f.submit(review, vetoes=["V2"], notes={"V2": "仅一名执法人员在询问笔录上签名"})
    assert (r.score, r.grade, r.vetoes) == (Decimal("100.0"), "不合格", ["V2"])


@pytest.mark.parametrize("deductions,grade", [
    ({"S1": 6, "S2": 4}, "优秀"),  # 90
    ({"S1": 6, "S2": 4, "D6": "0.5"}, "良好"),  # 89.5
    ({"S1": 6, "S2": 6, "S3": 4, "S4": 4}, "良好"),  # 80
    ({"S1": 6, "S2": 6, "S3": 4, "S4": 4, "D6": "0.1"}, "合格"),  # 79.9
    ({"S1": 6, "S2": 6, "S3": 4, "S4": 5, "S5": 5, "S6": 5, "S7": 4, "S8": 3, "S9": 2}, "合格"),  # 60
    ({"S1": 6, "S2": 6, "S3": 4, "S4": 5, "S5": 5, "S6": 5, "S7": 4, "S8": 3, "S9": 2, "D6": "0.1"}, "不合格"),
])
def test_grades_follow_the_thresholds(review, deductions, grade):
    assert f.submit(review, deductions=deductions).grade == grade


def test_unknown_codes_and_too_large_deductions_are_refused(review):
    with pytest.raises(ValidationFailed) as exc:
        f.submit(review, vetoes=["V99"], deductions={"D7": "5"})
    assert {p.field for p in exc.value.problems} == {"V99", "D7"}
    with pytest.raises(ValidationFailed, match="问题说明"):
        f.submit(review, notes={"X1": "无此项"})
    with pytest.raises(ValidationFailed, match="应为数字"):
        f.submit(review, deductions={"D7": "半分"})


def test_only_the_assigned_reviewer_submits(rnd, review, admin, make_user):
    other = Review.objects.filter(file__round=rnd).exclude(pk=review.pk).get()
    with pytest.raises(NotFound):
        svc.review_submit(actor=other.reviewer, review=review, vetoes=[], deductions={}, notes={})
    with pytest.raises(PermissionDenied):
        svc.review_submit(actor=admin, review=review, vetoes=[], deductions={}, notes={})
    with pytest.raises(NotFound):
        sel.review_get(other.reviewer, review.pk)
    assert sel.review_get(admin, review.pk) == review
    assert list(sel.my_reviews(review.reviewer)) == [review]


def test_resubmitting_before_feedback_replaces_the_findings(review):
    f.submit(review, deductions={"D7": 2})
    r = f.submit(review, deductions={"D7": 1})
    assert r.score == Decimal("99.0") and r.deductions == {"D7": "1"}
    assert AuditEvent.objects.filter(action="review.resubmit", object_id=str(r.pk)).count() == 1


def test_a_blind_review_hides_district_unit_and_officers(review):
    view = sel.review_view(review)
    case = review.file.case
    assert view["blind"] and view["district"] is None and view["unit"] is None
    assert view["case"]["number"] == "被评查案卷" and case.number not in str(view["prechecks"])
    round_ = review.file.round
    EvaluationRound.objects.filter(pk=round_.pk).update(blind=False)
    review.file.round.refresh_from_db()
    view = sel.review_view(review)
    assert view["case"]["number"] == case.number and view["district"] == case.district.name


REVIEW_STATUSES = [s for s in RoundStatus.values if s != RoundStatus.REVIEWING]


@pytest.mark.parametrize("status", REVIEW_STATUSES)
def test_submitting_outside_the_reviewing_status_is_refused(review, status):
    EvaluationRound.objects.filter(pk=review.file.round_id).update(status=status)
    with pytest.raises(InvalidTransition):
        f.submit(review)


ROUND_ACTIONS = {
    "commit": lambda admin, r: svc.round_commit(actor=admin, round=r, on=f.COMMIT_ON),
    "draw": lambda admin, r: svc.round_draw(actor=admin, round=r),
    "feedback": lambda admin, r: svc.round_feedback(actor=admin, round=r, on=f.COMMIT_ON),
    "close": lambda admin, r: svc.round_close(actor=admin, round=r),
}


@pytest.mark.parametrize("action,status", [(a, s) for a, t in workflow.ROUND.items() for s in RoundStatus.values
                                           if s not in t.from_])
def test_round_actions_refused_from_other_statuses(rnd, admin, action, status):
    EvaluationRound.objects.filter(pk=rnd.pk).update(status=status)
    rnd.refresh_from_db()
    with pytest.raises(InvalidTransition):
        ROUND_ACTIONS[action](admin, rnd)


def test_typical_cases_are_marked_by_the_city_after_review(rnd, review, admin):
    with pytest.raises(InvalidTransition, match="尚未评查"):
        svc.typical_mark(actor=admin, file=review.file, kind="good", reason="文书规范")
    f.submit(review)
    with pytest.raises(PermissionDenied):
        svc.typical_mark(actor=review.reviewer, file=review.file, kind="good", reason="文书规范")
    with pytest.raises(ValidationFailed) as exc:
        svc.typical_mark(actor=admin, file=review.file, kind="best", reason="")
    assert {p.field for p in exc.value.problems} == {"类别", "理由"}
    t = svc.typical_mark(actor=admin, file=review.file, kind="优秀案卷", reason="程序完整,文书规范")
    t = svc.typical_mark(actor=admin, file=review.file, kind="bad", reason="复核后改评")
    assert TypicalCase.objects.get().kind == "bad" and t.reason == "复核后改评"
