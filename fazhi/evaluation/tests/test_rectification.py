"""Feedback and rectification: the first reviews' findings become items for the file's district with a
working-day deadline; the district answers, the city accepts, returns or escalates; a round closes only
when every item is closed or escalated."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import parameters
from fazhi.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.services.calendar import current_calendar
from fazhi.evaluation.models import ItemStatus, RectificationItem, Review, RoundStatus
from fazhi.evaluation.selectors import rounds as sel
from fazhi.evaluation.services import rounds as svc
from fazhi.evaluation.tests import factories as f

HEXI, NANKAI = "120103", "120104"
FEEDBACK_ON = dt.date(2024, 10, 14)  # a Monday; 20 working days later (no holiday between): 2024-11-11
pytestmark = pytest.mark.django_db


@pytest.fixture
def rnd(admin, make_user, city_org):
    """A round of one 河西区 file (reviewed twice) and one 南开区 file, every review submitted."""
    f.cases({HEXI: 1, NANKAI: 1})
    reviewers = [f.reviewer(make_user, code) for code in (HEXI, NANKAI, None, None)]
    rnd = f.drawn(admin, make_user("leader", city_org), reviewers, per_district_count="1", second_share="1")
    return rnd


def _submit_all(rnd):
    for review in Review.objects.filter(file__round=rnd).select_related("reviewer").order_by("pk"):
        if review.position == 1:
            f.submit(review, vetoes=["V5"] if review.file.district.code == HEXI else [],
                     deductions={"P1": 2, "D7": "0.5"}, notes={"P1": "立案审批表未经负责人签批", "V5": "未听取陈述申辩"})
        else:
            f.submit(review, deductions={"S1": 3})  # the second review's findings are not fed back


@pytest.fixture
def fed_back(rnd, admin):
    _submit_all(rnd)
    return svc.round_feedback(actor=admin, round=rnd, on=FEEDBACK_ON)


@pytest.fixture
def hexi_admin(make_user, district_org):
    return make_user("district_admin", district_org)


def test_feedback_waits_for_every_review(rnd, admin):
    first = Review.objects.filter(file__round=rnd).order_by("pk").first()
    f.submit(first)
    with pytest.raises(InvalidTransition, match="尚有 3 份评查意见未提交"):
        svc.round_feedback(actor=admin, round=rnd, on=FEEDBACK_ON)


def test_feedback_creates_items_with_a_working_day_deadline(fed_back):
    assert fed_back.status == RoundStatus.RECTIFYING
    items = list(RectificationItem.objects.filter(round=fed_back).select_related("district").order_by("pk"))
    days = parameters.value("evaluation_rectify_working_days", FEEDBACK_ON)
    due = current_calendar().add_working_days(FEEDBACK_ON, days)
    assert days == 20 and due == dt.date(2024, 11, 11)
    assert {i.deadline for i in items} == {due} and {i.status for i in items} == {ItemStatus.OPEN}
    codes = sorted((i.district.code, i.item_code) for i in items)
    assert codes == [(HEXI, "D7"), (HEXI, "P1"), (HEXI, "V5"), (NANKAI, "D7"), (NANKAI, "P1")]
    p1 = next(i for i in items if i.item_code == "P1")
    assert p1.text.startswith("案件来源登记、立案审批手续不完备") and "扣 2 分" in p1.text and "立案审批表未经负责人签批" in p1.text


def test_the_district_answers_and_the_city_accepts_or_returns(fed_back, admin, hexi_admin, make_user):
    item = RectificationItem.objects.filter(round=fed_back, district__code=HEXI, item_code="P1").get()
    nankai = make_user("district_admin", f.org_of(NANKAI))
    with pytest.raises(NotFound):
        svc.rectification_answer(actor=nankai, item=item, response="已整改")
    with pytest.raises(PermissionDenied):
        svc.rectification_answer(actor=admin, item=item, response="已整改")
    with pytest.raises(ValidationFailed, match="整改情况"):
        svc.rectification_answer(actor=hexi_admin, item=item, response=" ")
    assert set(sel.district_items(hexi_admin).values_list("district__code", flat=True)) == {HEXI}
    assert sel.district_items(nankai).filter(pk=item.pk).count() == 0
    item = svc.rectification_answer(actor=hexi_admin, item=item, response="已补齐立案审批表并组织培训")
    assert (item.status, item.responded_by) == (ItemStatus.ANSWERED, hexi_admin)
    with pytest.raises(PermissionDenied):
        svc.rectification_check(actor=hexi_admin, item=item, accept=True)
    with pytest.raises(ValidationFailed, match="核查意见"):
        svc.rectification_check(actor=admin, item=item, accept=False, note="")
    item = svc.rectification_check(actor=admin, item=item, accept=False, note="未附培训记录")
    assert (item.status, item.check_note) == (ItemStatus.OPEN, "未附培训记录")
    item = svc.rectification_answer(actor=hexi_admin, item=item, response="已补附培训签到表")
    item = svc.rectification_check(actor=admin, item=item, accept=True)
    assert item.status == ItemStatus.CLOSED
    with pytest.raises(InvalidTransition):
        svc.rectification_answer(actor=hexi_admin, item=item, response="再次反馈")


def test_escalation_from_open_or_answered(fed_back, admin, hexi_admin):
    item = RectificationItem.objects.filter(round=fed_back, district__code=HEXI).first()
    with pytest.raises(ValidationFailed, match="督办理由"):
        svc.rectification_escalate(actor=admin, item=item, note="")
    item = svc.rectification_escalate(actor=admin, item=item, note="逾期未整改,提请分管领导督办")
    assert item.status == ItemStatus.ESCALATED
    with pytest.raises(InvalidTransition):
        svc.rectification_escalate(actor=admin, item=item, note="再次")


def test_close_is_refused_while_items_are_open_or_answered(fed_back, admin, hexi_admin):
    items = list(RectificationItem.objects.filter(round=fed_back).order_by("pk"))
    svc.rectification_answer(actor=hexi_admin, item=next(i for i in items if i.district.code == HEXI),
                             response="已整改")
    with pytest.raises(InvalidTransition, match="尚有 5 项整改事项.*待整改 4 项、已反馈待核查 1 项"):
        svc.round_close(actor=admin, round=fed_back)
    for item in RectificationItem.objects.filter(round=fed_back):
        if item.status == ItemStatus.ANSWERED:
            svc.rectification_check(actor=admin, item=item, accept=True)
        else:
            svc.rectification_escalate(actor=admin, item=item, note="提级督办")
    rnd = svc.round_close(actor=admin, round=fed_back)
    assert rnd.status == RoundStatus.CLOSED and rnd.closed_at is not None
    item = RectificationItem.objects.filter(round=rnd).first()
    with pytest.raises(InvalidTransition):
        svc.rectification_escalate(actor=admin, item=item, note="结束后")
