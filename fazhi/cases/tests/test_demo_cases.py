"""The demo cases: made through the services, idempotent, every status of the procedure, red and yellow
warnings on the day they are loaded for, no deadline the calendar cannot compute, and a valid audit chain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.cases import procedure
from fazhi.cases.demo import SCENARIOS, anchor, demo_cases_load
from fazhi.cases.models import Case, CaseStep
from fazhi.cases.selectors.warnings import warnings_report
from fazhi.core.audit import verify_chain
from fazhi.core.calendar import WorkCalendar
from fazhi.core.models import AuditEvent
from fazhi.demo.services import demo_load

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 11, 15)


@pytest.fixture
def loaded():
    demo_load(scale=120, today=TODAY)
    return Case.objects.all()


def test_loading_twice_adds_nothing(loaded):
    counts = (Case.objects.count(), CaseStep.objects.count(), AuditEvent.objects.count())
    assert counts[0] == len(SCENARIOS) >= 40
    assert demo_cases_load(today=TODAY) == 0
    demo_load(scale=120, today=TODAY)
    assert (Case.objects.count(), CaseStep.objects.count(), AuditEvent.objects.count()) == counts
    assert verify_chain().ok


def test_every_status_appears_across_the_districts(loaded):
    statuses = set(procedure.load()[0])
    assert set(loaded.values_list("status", flat=True)) == statuses
    assert loaded.values("district").distinct().count() == 7  # six districts and the city bureau
    assert loaded.filter(case_type="simplified").count() >= 3
    assert loaded.filter(hearing_held_on__isnull=False).exists() and loaded.filter(status="hearing").count() >= 3
    assert loaded.filter(party_kind="person", institution__isnull=True, practitioner__isnull=True).exists()


def test_every_status_change_is_a_recorded_step(loaded):
    for case in loaded:
        steps = list(case.steps.order_by("occurred_on", "recorded_at", "pk"))
        assert steps[0].action == "register" and steps[-1].to_status == case.status
        assert all(a.to_status == b.from_status for a, b in zip(steps, steps[1:]))
        assert max(s.occurred_on for s in steps) <= TODAY


def test_red_and_yellow_warnings_on_the_day(loaded):
    report = warnings_report(user=None, on=TODAY)
    levels = {e["level"] for e in report["cases"]}
    assert levels == {"red", "yellow"} and report["not_computed"] == []
    decision = [e for e in report["cases"] if e["deadline"] == "作出行政处罚决定"]
    assert {e["level"] for e in decision} == {"red", "yellow"}


def test_the_anchor_stays_inside_the_calendar():
    calendar = WorkCalendar()
    last = max(calendar.covered_years)
    assert anchor(dt.date(last + 5, 6, 1), calendar) == min(dt.date(last, 12, 1), timezone.localdate())
    assert anchor(TODAY, calendar) == TODAY


def test_the_benchmark_is_applied_and_one_case_deviates_with_a_reason(loaded):
    from fazhi.cases.selectors.discretion import deviations

    flagged = loaded.get(discretion_deviation=True)
    (row,) = deviations(user=None)
    assert row["case"] == flagged and row["reviewed"] and row["stage"] == "决定" and "一般档" in row["recommended"]
    decided = loaded.filter(decision="penalty")
    assert decided.count() >= 20
    for case in decided:
        assert case.steps.filter(action="assess_discretion").exists(), case.number
        check = case.steps.get(action__in=("decide", "decide_on_spot")).data["discretion"]
        outside = [d for d in check["deviations"] if d["severity"] != "info"]
        assert check["flagged"] == bool(outside) == (case == flagged), (case.number, outside)
