"""The 行政复议 deadlines (pure, no database). Dates counted by hand from the State Council notices:
2024 中秋 09-15..17 off (09-14 Sat worked); 2024 国庆 10-01..07 off, 09-29 (Sun) and 10-12 (Sat) worked;
2025 春节 01-28..02-04 off, 01-26 (Sun) and 02-08 (Sat) worked. 行政复议法第八十八条: 3/5/7/10 days are
working days; other periods calendar days, moved off a rest day (民事诉讼法第八十五条)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from fazhi.core.calendar import WorkCalendar
from fazhi.core.errors import CalendarNotCovered
from fazhi.reconsideration.rules import PERIODS, add_months
from fazhi.reconsideration.rules import deadlines as dl

D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def test_rules_import_no_django():
    code = ("import sys; import fazhi.reconsideration.rules.deadlines, fazhi.reconsideration.rules.jurisdiction, "
            "fazhi.reconsideration.rules.decisions, fazhi.reconsideration.rules.metrics; "
            "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_every_period_cites_its_article_and_art_88_units():
    for key, p in PERIODS.items():
        assert "法第" in p.article and p.basis, key
        if p.article.startswith("行政复议法") and p.unit in ("working", "calendar"):
            # 行政复议法第八十八条: exactly the 三日、五日、七日、十日 periods are working days
            assert (p.unit == "working") == (p.length in (3, 5, 7, 10)), key
            if p.unit == "working":
                assert "第八十八条" in p.article, key


# ------------------------------------------------------------------ application

def test_application_60_days_moved_past_national_day(cal):
    d = dl.application_deadline(D(2024, 8, 2), right_explained=True, act_on=D(2024, 8, 1), calendar=cal)
    assert d.due == D(2024, 10, 8)  # 08-02 + 60 = 10-01 (国庆) → 10-08
    assert d.article == "行政复议法第二十条第一款"
    assert "顺延" in d.note and "民事诉讼法第八十五条" in d.note


def test_application_tolled_days_are_added(cal):
    d = dl.application_deadline(D(2024, 8, 2), right_explained=True, act_on=D(2024, 8, 1), tolled_days=10,
                                calendar=cal)
    assert d.due == D(2024, 10, 11)


def test_right_not_explained_and_never_learned_one_year(cal):
    d = dl.application_deadline(D(2024, 3, 15), right_explained=False, act_on=D(2024, 3, 1), calendar=cal)
    assert d.due == D(2025, 3, 17)  # 2025-03-15 is a Saturday
    assert d.article == "行政复议法第二十条第三款"


def test_right_learned_later_60_days_over_spring_festival(cal):
    d = dl.application_deadline(D(2024, 3, 15), right_explained=False, act_on=D(2024, 3, 1),
                                right_learned_on=D(2024, 12, 1), calendar=cal)
    assert d.due == D(2025, 2, 5)  # 12-01 + 60 = 2025-01-30 (春节) → 02-05
    assert d.key == "application"


def test_right_learned_late_is_capped_at_one_year(cal):
    d = dl.application_deadline(D(2024, 3, 15), right_explained=False, act_on=D(2024, 3, 1),
                                right_learned_on=D(2025, 2, 20), calendar=cal)
    assert d.due == D(2025, 3, 17) and d.key == "application_right_not_explained"


def test_absolute_five_years_wins(cal):
    d = dl.application_deadline(D(2024, 9, 20), right_explained=True, act_on=D(2019, 10, 1), calendar=cal)
    assert d.due == D(2024, 10, 8)  # 2024-10-01 + rest-day rule
    assert d.article == "行政复议法第二十一条"
    ok, reason = dl.is_timely(D(2024, 10, 8), D(2024, 9, 20), right_explained=True, act_on=D(2019, 10, 1),
                              calendar=cal)
    assert ok and "未超过" in reason
    ok, reason = dl.is_timely(D(2024, 10, 9), D(2024, 9, 20), right_explained=True, act_on=D(2019, 10, 1),
                              calendar=cal)
    assert not ok and "第二十一条" in reason and "已超过" in reason


def test_real_property_twenty_years(cal):
    # 20 years from 2019 is far outside the calendar: not looked up because the 60 days end first
    d = dl.application_deadline(D(2024, 9, 20), right_explained=True, act_on=D(2019, 10, 1), real_property=True,
                                calendar=cal)
    assert d.due == D(2024, 11, 19) and d.key == "application"
    d = dl.application_deadline(D(2024, 9, 20), right_explained=True, act_on=D(2004, 10, 1), real_property=True,
                                calendar=cal)
    assert d.due == D(2024, 10, 8) and d.key == "application_absolute_real_property"


def test_year_periods_follow_the_civil_code():
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 8, 31), 6) == D(2025, 2, 28)


# ------------------------------------------------------------------ acceptance, completion, forwarding

@pytest.mark.parametrize("received, due", [
    (D(2024, 9, 27), D(2024, 10, 10)),  # 09-29 (调休), 09-30, 10-08, 10-09, 10-10
    (D(2025, 1, 24), D(2025, 2, 7)),  # 01-26 (调休), 01-27, 02-05, 02-06, 02-07
    (D(2024, 11, 4), D(2024, 11, 11)),
])
def test_acceptance_due(cal, received, due):
    d = dl.acceptance_due(received, calendar=cal)
    assert d.due == due and d.unit == "working" and "第三十条" in d.article


def test_deemed_accepted_on_the_sixth_working_day(cal):
    received = D(2024, 11, 4)  # Monday: period ends Monday 11-11
    assert not dl.deemed_accepted(received, D(2024, 11, 11), decided=False, calendar=cal)
    assert dl.deemed_accepted(received, D(2024, 11, 12), decided=False, calendar=cal)
    assert not dl.deemed_accepted(received, D(2024, 11, 12), decided=True, calendar=cal)
    assert dl.deemed_acceptance_date(received, calendar=cal) == D(2024, 11, 11)
    # across National Day
    assert not dl.deemed_accepted(D(2024, 9, 27), D(2024, 10, 10), decided=False, calendar=cal)
    assert dl.deemed_accepted(D(2024, 9, 27), D(2024, 10, 11), decided=False, calendar=cal)


def test_completion_request_and_completion(cal):
    assert dl.completion_request_due(D(2024, 9, 27), calendar=cal).due == D(2024, 10, 10)
    # 09-29, 09-30, 10-08 … 10-12 (调休), 10-14, 10-15, 10-16
    assert dl.completion_due(D(2024, 9, 27), calendar=cal).due == D(2024, 10, 16)
    assert dl.completion_due(D(2025, 1, 24), calendar=cal).due == D(2025, 2, 13)
    d = dl.completion_due(D(2024, 9, 27), good_reason_extension_days=5, calendar=cal)
    assert d.due == D(2024, 10, 23) and "延长" in d.note


def test_abandoned_after_ten_working_days(cal):
    req = D(2024, 9, 27)
    assert not dl.abandoned(req, None, D(2024, 10, 16), calendar=cal)
    assert dl.abandoned(req, None, D(2024, 10, 17), calendar=cal)
    assert not dl.abandoned(req, D(2024, 10, 16), D(2024, 12, 1), calendar=cal)
    assert dl.abandoned(req, D(2024, 10, 17), D(2024, 12, 1), calendar=cal)  # late completion
    assert not dl.abandoned(req, None, D(2024, 10, 23), 5, calendar=cal)
    assert dl.abandoned(req, None, D(2024, 10, 24), 5, calendar=cal)
    with pytest.raises(ValueError):
        dl.completion_due(req, good_reason_extension_days=-1, calendar=cal)


def test_forward_due(cal):
    d = dl.forward_due(D(2025, 1, 27), calendar=cal)
    assert d.due == D(2025, 2, 10) and "第三十二条" in d.article


# ------------------------------------------------------------------ copy, answer, hearing

@pytest.mark.parametrize("start, simplified, copy, answer", [
    (D(2024, 9, 27), False, D(2024, 10, 12), D(2024, 10, 16)),  # 7: … 10-12 (调休); 10: … 10-16
    (D(2024, 9, 27), True, D(2024, 10, 8), D(2024, 10, 10)),
    (D(2025, 1, 27), False, D(2025, 2, 12), D(2025, 2, 17)),  # 02-05 … 02-08 (调休) … 02-17
    (D(2025, 1, 27), True, D(2025, 2, 7), D(2025, 2, 10)),
])
def test_copy_and_answer(cal, start, simplified, copy, answer):
    c = dl.copy_due(start, simplified, calendar=cal)
    a = dl.answer_due(start, simplified, calendar=cal)
    assert (c.due, a.due) == (copy, answer)
    assert ("第五十四条" if simplified else "第四十八条") in c.article
    assert ("第五十四条" if simplified else "第四十八条") in a.article


@pytest.mark.parametrize("notice, hearing, ok", [
    (D(2024, 11, 4), D(2024, 11, 11), True),
    (D(2024, 11, 5), D(2024, 11, 11), False),
    (D(2024, 10, 7), D(2024, 10, 12), True),  # 10-08 … 10-12 (调休 Saturday) are five working days
    (D(2024, 10, 8), D(2024, 10, 12), False),
    (D(2025, 2, 4), D(2025, 2, 10), True),  # 02-05, 06, 07, 08 (调休), 10
    (D(2025, 2, 5), D(2025, 2, 10), False),
])
def test_hearing_notice(cal, notice, hearing, ok):
    result, reason = dl.hearing_notice_ok(notice, hearing, calendar=cal)
    assert result is ok
    assert "第五十条" in reason


# ------------------------------------------------------------------ decision

def test_decision_ordinary_across_national_day(cal):
    d = dl.decision_due(D(2024, 8, 2), False, calendar=cal)
    assert d.due == D(2024, 10, 8) and d.article == "行政复议法第六十二条第一款"


def test_decision_extension_and_suspension(cal):
    assert dl.decision_due(D(2024, 8, 2), False, 30, calendar=cal).due == D(2024, 10, 31)
    d = dl.decision_due(D(2024, 8, 2), False, 0, 10, calendar=cal)
    assert d.due == D(2024, 10, 11) and "第三十九条" in d.note
    assert dl.suspension_days([(D(2024, 9, 1), D(2024, 9, 11))]) == 10
    assert dl.suspension_days([(D(2024, 9, 1), D(2024, 9, 11)), (D(2024, 9, 20), None)], until=D(2024, 9, 25)) == 15
    with pytest.raises(ValueError):
        dl.suspension_days([(D(2024, 9, 1), None)])


def test_decision_spring_festival(cal):
    assert dl.decision_due(D(2024, 11, 29), False, calendar=cal).due == D(2025, 2, 5)  # 01-28 春节


def test_decision_simplified(cal):
    d = dl.decision_due(D(2024, 9, 1), True, calendar=cal)
    assert d.due == D(2024, 10, 8) and d.article == "行政复议法第六十二条第二款"


def test_extension_only_for_ordinary_and_at_most_30(cal):
    with pytest.raises(ValueError, match="简易程序"):
        dl.decision_due(D(2024, 9, 1), True, 10, calendar=cal)
    with pytest.raises(ValueError, match="不得超过30日"):
        dl.decision_due(D(2024, 9, 1), False, 31, calendar=cal)
    with pytest.raises(ValueError):
        dl.decision_due(D(2024, 9, 1), False, -1, calendar=cal)


def test_uncovered_year_raises(cal):
    with pytest.raises(CalendarNotCovered):
        dl.decision_due(D(2026, 12, 1), False, calendar=cal)


def test_opinion_report(cal):
    assert dl.opinion_report_due(D(2024, 8, 2), calendar=cal).due == D(2024, 10, 8)


# ------------------------------------------------------------------ suit

def test_suit_deadline(cal):
    d = dl.suit_deadline(decision_served_on=D(2024, 9, 16), calendar=cal)
    assert d.due == D(2024, 10, 8) and d.article == "行政诉讼法第四十五条"
    d = dl.suit_deadline(period_expired_on=D(2025, 1, 13), calendar=cal)
    assert d.due == D(2025, 2, 5) and "逾期" in d.note
    with pytest.raises(ValueError):
        dl.suit_deadline(calendar=cal)
    with pytest.raises(ValueError):
        dl.suit_deadline(D(2024, 9, 16), D(2024, 9, 16), calendar=cal)


def test_direct_suit(cal):
    d = dl.direct_suit_deadline(D(2024, 4, 1), act_on=D(2024, 3, 1), calendar=cal)
    assert d.due == D(2024, 10, 8) and "第四十六条" in d.article
    d = dl.direct_suit_deadline(D(2024, 3, 1), act_on=D(2019, 4, 1), calendar=cal)
    assert d.due == D(2024, 4, 1) and d.key == "suit_absolute"


# ------------------------------------------------------------------ warnings

@pytest.mark.parametrize("today, level", [
    (D(2024, 8, 1), "none"),  # not started
    (D(2024, 9, 24), "none"),  # 14 of 67 days left > 13.4
    (D(2024, 9, 25), "yellow"),  # 13 left <= 0.2 × 67
    (D(2024, 10, 8), "yellow"),  # due day
    (D(2024, 10, 9), "red"),
])
def test_warning_level(today, level):
    assert dl.warning_level(D(2024, 8, 2), D(2024, 10, 8), today, "0.2") == level


def test_warning_level_met_and_zero_length():
    assert dl.warning_level(D(2024, 8, 2), D(2024, 10, 8), D(2024, 10, 9), "0.2", met_on=D(2024, 10, 1)) == "none"
    assert dl.warning_level(D(2024, 8, 2), D(2024, 8, 2), D(2024, 8, 2), 0.2) == "yellow"
