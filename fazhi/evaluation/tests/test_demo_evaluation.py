"""The demo rounds: one closed, two open (整改中 with 河西区 items open, 评查中 with reviews assigned to
``evaluator``), certificates that verify, loaded through the services, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.accounts.models import User
from fazhi.core.audit import verify_chain
from fazhi.core.models import AuditEvent
from fazhi.demo.services import demo_load
from fazhi.evaluation.demo import demo_evaluation_load
from fazhi.evaluation.models import EvaluationRound, ItemStatus, RectificationItem, Review, ReviewStatus, TypicalCase
from fazhi.evaluation.selectors import rounds as sel
from fazhi.inspections import draw

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 11, 15)


def test_the_demo_holds_a_closed_round_and_open_ones_and_loads_once():
    report = demo_load(scale=60, today=TODAY)
    assert report.evaluation_rounds == 3 and "演示案卷评查轮次:新增 3" in report.lines()
    rounds = {r.status: r for r in EvaluationRound.objects.all()}
    assert set(rounds) == {"closed", "rectifying", "reviewing"}
    for rnd in rounds.values():
        assert draw.verify(rnd.certificate, rnd.commitment) == []

    closed = rounds["closed"]
    items = RectificationItem.objects.filter(round=closed)
    assert {i.status for i in items} == {ItemStatus.CLOSED, ItemStatus.ESCALATED}
    assert items.filter(status=ItemStatus.ESCALATED).count() == 1
    assert not Review.objects.filter(file__round=closed).exclude(status=ReviewStatus.SUBMITTED).exists()
    assert Review.objects.filter(file__round=closed, position=2).exists()
    assert set(TypicalCase.objects.filter(file__round=closed).values_list("kind", flat=True)) == {"good", "bad"}
    assert sel.round_report(closed)["kappa"]["value"] is not None

    hexi_admin = User.objects.get(username="hexi_admin")
    open_items = sel.district_items(hexi_admin).filter(round=rounds["rectifying"], status=ItemStatus.OPEN)
    assert open_items.exists() and {i.district.code for i in open_items} == {"120103"}

    evaluator = User.objects.get(username="evaluator")
    reviewing = Review.objects.filter(file__round=rounds["reviewing"])
    assert reviewing.filter(reviewer=evaluator, status=ReviewStatus.ASSIGNED).exists()
    assert reviewing.filter(status=ReviewStatus.SUBMITTED).exists()
    assert sel.my_reviews(evaluator).filter(status=ReviewStatus.ASSIGNED).exists()

    counts = (EvaluationRound.objects.count(), Review.objects.count(), RectificationItem.objects.count(),
              AuditEvent.objects.count())
    assert demo_evaluation_load(TODAY) == 0
    assert (EvaluationRound.objects.count(), Review.objects.count(), RectificationItem.objects.count(),
            AuditEvent.objects.count()) == counts
    assert verify_chain().ok
