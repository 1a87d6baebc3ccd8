"""The pure deadline module (no database). Expected dates were counted by hand from the State Council
notices: 2024 国庆 10-01..10-07 off, 09-29 (Sun) and 10-12 (Sat) worked; 2025 春节 01-28..02-04 off,
01-26 (Sun) and 02-08 (Sat) worked; 2024-12-15 is a Sunday."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from fazhi.cases import deadlines as dl
from fazhi.cases.deadlines import CaseDates
from fazhi.core.calendar import WorkCalendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


def _by_key(dates: CaseDates, cal) -> dict[str, dl.Deadline]:
    return {d.key: d for d in dl.case_deadlines(dates, cal)}


def test_module_is_pure():
    tree = ast.parse(Path(dl.__file__).read_text(encoding="utf-8"))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in imported if m.split(".")[0] == "django"]


def test_statutory_lengths_agree_with_the_procedure_rules():
    from fazhi.cases.rules import decision, execution

    assert dl.DECISION_DAYS == decision.DECISION_PERIOD_DAYS == 90
    assert dl.HEARING_REQUEST_WORKING_DAYS == decision.HEARING_REQUEST_WORKING_DAYS == 5
    assert dl.HEARING_NOTICE_WORKING_DAYS == decision.HEARING_NOTICE_WORKING_DAYS == 7
    assert dl.PAYMENT_DAYS == execution.PAYMENT_DAYS == 15
    assert dl.SUIT_PERIOD_MONTHS == execution.SUIT_PERIOD_MONTHS
    assert dl.DEMAND_WORKING_DAYS == execution.DEMAND_WORKING_DAYS


# ---------------------------------------------------------------- due dates across holidays


def test_decision_90_days_not_moved_when_the_last_day_works(cal):
    d = _by_key(CaseDates(filed_on=D(2024, 7, 10)), cal)["decision"]
    # 07-10 + 90: 21 days of July, 31 of August, 30 of September, 8 of October → 10-08 (a Tuesday, worked)
    assert (d.due, d.length, d.unit, d.source) == (D(2024, 10, 8), 90, "calendar", "行政处罚法第六十条")
    assert d.what == "作出行政处罚决定" and d.period_label == "90 日" and d.note == ""


def test_decision_90_days_moved_off_national_day(cal):
    d = _by_key(CaseDates(filed_on=D(2024, 7, 5)), cal)["decision"]
    assert d.due == D(2024, 10, 8)  # 10-03 is 国庆: moved to the first working day after the holiday
    assert "2024-10-03" in d.note and "民事诉讼法第八十五条" in d.note


def test_decision_with_an_approved_extension(cal):
    d = _by_key(CaseDates(filed_on=D(2024, 7, 10), extensions=((D(2024, 9, 1), 30),)), cal)["decision"]
    assert (d.due, d.length) == (D(2024, 11, 7), 120)
    assert "30 日" in d.note


def test_service_and_publication_seven_working_days_across_national_day(cal):
    dates = CaseDates(filed_on=D(2024, 7, 10), decided_on=D(2024, 9, 27), publication_required=True)
    found = _by_key(dates, cal)
    # after 09-27 (Fri): 09-29 (make-up Sun) 1, 09-30 2, 10-08 3, 10-09 4, 10-10 5, 10-11 6, 10-12 (make-up Sat) 7
    assert found["service"].due == D(2024, 10, 12)
    assert found["service"].source == "行政处罚法第六十一条、第八十五条"
    assert found["publication"].due == D(2024, 10, 12)
    assert found["publication"].source.startswith("国办发〔2018〕118号")


def test_payment_15_days_after_service_moved_off_the_spring_festival(cal):
    dates = CaseDates(filed_on=D(2024, 11, 1), decided_on=D(2025, 1, 16), served_on=D(2025, 1, 20), payable=True)
    d = _by_key(dates, cal)["payment"]
    assert (d.start, d.due) == (D(2025, 1, 20), D(2025, 2, 5))  # 02-04 is 春节 → 02-05
    assert d.source == "行政处罚法第六十七条第三款"


def test_payment_counts_from_when_public_notice_service_took_effect(cal):
    dates = CaseDates(decided_on=D(2024, 3, 1), served_on=D(2024, 3, 4), service_effective_on=D(2024, 4, 3),
                      payable=True)
    assert _by_key(dates, cal)["payment"].due == D(2024, 4, 18)


def test_no_payment_deadline_without_an_amount_to_pay(cal):
    assert "payment" not in _by_key(CaseDates(decided_on=D(2024, 3, 1), served_on=D(2024, 3, 4)), cal)


def test_preservation_seven_working_days(cal):
    dates = CaseDates(filed_on=D(2024, 9, 2), preservations=((D(2024, 9, 27), None), (D(2024, 9, 2), D(2024, 9, 6))))
    found = [d for d in dl.case_deadlines(dates, cal) if d.key == "preservation"]
    assert [(d.due, d.met_on) for d in found] == [(D(2024, 10, 12), None), (D(2024, 9, 11), D(2024, 9, 6))]
    assert found[0].source == "行政处罚法第五十六条、第八十五条"


def test_hearing_notice_at_least_seven_working_days_before(cal):
    dates = CaseDates(filed_on=D(2024, 8, 1), notified_on=D(2024, 9, 20), hearing_right=True,
                      hearing_requested_on=D(2024, 9, 23), hearing_on=D(2024, 10, 14), hearing_notice_on=D(2024, 9, 30))
    d = _by_key(dates, cal)["hearing_notice"]
    # working days back from 10-14: 10-14, 10-12, 10-11, 10-10, 10-09, 10-08, 09-30 (the 7th) → notice by 09-29
    assert d.due == D(2024, 9, 29)
    assert cal.add_working_days(d.due, 7) == D(2024, 10, 14)
    assert cal.add_working_days(d.due + dt.timedelta(days=1), 7) > D(2024, 10, 14)
    assert d.late() and d.level(D(2024, 10, 1)) is None  # notified too late: recorded, never warns


def test_hearing_request_window_is_informative(cal):
    dates = CaseDates(filed_on=D(2024, 8, 1), notified_on=D(2024, 9, 27), hearing_right=True)
    d = _by_key(dates, cal)["hearing_request"]
    assert d.due == D(2024, 10, 10) and d.informative  # 09-29, 09-30, 10-08, 10-09, 10-10
    assert d.level(D(2024, 10, 11)) is None and d.state(D(2024, 10, 11)) == "期间届满"
    assert "hearing_request" not in _by_key(CaseDates(filed_on=D(2024, 8, 1), notified_on=D(2024, 9, 27)), cal)


def test_court_application_three_months_after_the_suit_period(cal):
    dates = CaseDates(decided_on=D(2024, 3, 12), served_on=D(2024, 3, 15), payable=True)
    d = _by_key(dates, cal)["court"]
    # 复议 60 days / 诉讼 6 months from 03-15 → 09-15; + 3 months = 12-15 (Sunday) → 12-16
    assert (d.start, d.due, d.unit, d.period_label) == (D(2024, 9, 15), D(2024, 12, 16), "month", "3 个月")
    assert d.level(D(2024, 9, 1)) is None  # not started yet
    assert "court" not in _by_key(CaseDates(decided_on=D(2024, 3, 12), served_on=D(2024, 3, 15), payable=True,
                                            paid_on=D(2024, 3, 20)), cal)


def test_publication_only_for_ordinary_penalty_decisions_after_2018_12_05(cal):
    assert "publication" not in _by_key(CaseDates(decided_on=D(2024, 9, 27)), cal)
    assert "publication" not in _by_key(CaseDates(case_type="simplified", decided_on=D(2024, 9, 27),
                                                  publication_required=True), cal)
    assert "publication" not in _by_key(CaseDates(decided_on=D(2018, 11, 1), publication_required=True), cal)


# ---------------------------------------------------------------- warning levels


def test_yellow_at_exactly_the_threshold_and_green_just_above(cal):
    d = _by_key(CaseDates(filed_on=D(2024, 7, 10)), cal)["decision"]  # due 10-08, 90 calendar days
    assert d.level(D(2024, 9, 19)) == "green"  # 19 of 90 left: 0.211 > 0.2
    assert d.share_left(D(2024, 9, 20)) == Decimal("0.2")
    assert d.level(D(2024, 9, 20)) == "yellow"  # 18 of 90 left: exactly 0.2
    assert d.level(D(2024, 10, 8)) == "yellow"  # the due day itself
    assert d.level(D(2024, 10, 9)) == "red"  # the day after
    assert d.state(D(2024, 10, 9)) == "已逾期 1 日"


def test_yellow_share_of_a_working_day_period_uses_calendar_days(cal):
    d = _by_key(CaseDates(decided_on=D(2024, 9, 27)), cal)["service"]  # 09-27 → 10-12: 15 calendar days
    assert d.level(D(2024, 10, 8)) == "green"  # 4 of 15 left: 0.267
    assert d.level(D(2024, 10, 9)) == "yellow"  # 3 of 15: 0.2


def test_the_share_is_a_parameter(cal, tmp_path, monkeypatch):
    d = _by_key(CaseDates(filed_on=D(2024, 7, 10)), cal)["decision"]
    assert d.level(D(2024, 9, 1), yellow_share="0.5") == "yellow"  # 37 of 90 left
    override = tmp_path / "params.toml"
    override.write_text('[case_warning_yellow_share]\n[[case_warning_yellow_share.values]]\n'
                        'from = 2020-01-01\nvalue = "0.5"\nreference = "test"\n', encoding="utf-8")
    assert d.level(D(2024, 9, 1)) == "green"
    monkeypatch.setenv("FAZHI_PARAMETERS", str(override))
    assert d.level(D(2024, 9, 1)) == "yellow"


def test_met_deadlines_never_warn_even_when_met_late(cal):
    on_time = _by_key(CaseDates(filed_on=D(2024, 7, 10), decided_on=D(2024, 10, 1)), cal)["decision"]
    late = _by_key(CaseDates(filed_on=D(2024, 7, 10), decided_on=D(2024, 10, 20)), cal)["decision"]
    for day in (D(2024, 10, 8), D(2024, 10, 21), D(2025, 3, 1)):
        assert on_time.level(day) is None
    assert late.late() and late.level(D(2024, 10, 21)) is None
    assert late.level(D(2024, 10, 19)) == "red"  # before it was met it was overdue
    assert late.state(D(2024, 10, 21)) == "逾期完成(2024-10-20)"
    assert dl.warned([on_time, late], D(2024, 10, 21)) == []


def test_a_final_status_ends_every_open_deadline(cal):
    d = _by_key(CaseDates(filed_on=D(2024, 7, 10), ended_on=D(2024, 9, 1)), cal)["decision"]
    assert d.level(D(2024, 8, 31)) == "green" and d.level(D(2024, 10, 9)) is None
    assert d.state(D(2024, 10, 9)) == "案件已办结,不再计算"


def test_court_application_ends_the_payment_warning(cal):
    dates = CaseDates(decided_on=D(2024, 3, 12), served_on=D(2024, 3, 15), payable=True,
                      demand_on=D(2024, 4, 10), court_applied_on=D(2024, 10, 8))
    found = _by_key(dates, cal)
    assert found["payment"].level(D(2024, 6, 1)) == "red"
    assert found["payment"].level(D(2024, 10, 9)) is None
    assert found["court"].met_on == D(2024, 10, 8) and found["demand"].informative


def test_an_uncovered_year_is_reported_not_raised(cal):
    dates = CaseDates(filed_on=D(2026, 11, 2), preservations=((D(2026, 11, 3), None),),
                      decided_on=D(2026, 12, 25), publication_required=True)
    found = _by_key(dates, cal)
    decision = found["decision"]
    assert decision.due is None and not decision.computed
    assert "2027" in decision.error and decision.level(D(2026, 12, 30)) is None
    assert decision.state(D(2026, 12, 30)).startswith(dl.NOT_COMPUTED)
    assert found["preservation"].due == D(2026, 11, 12)  # the others are still computed
    assert found["service"].due is None and found["publication"].due is None


def test_as_of_drops_what_happened_later():
    dates = CaseDates(filed_on=D(2024, 7, 10), decided_on=D(2024, 9, 1), extensions=((D(2024, 8, 20), 30),),
                      preservations=((D(2024, 7, 20), D(2024, 7, 25)), (D(2024, 8, 30), None)))
    then = dates.as_of(D(2024, 7, 22))
    assert (then.filed_on, then.decided_on, then.extension_days) == (D(2024, 7, 10), None, 0)
    assert then.preservations == ((D(2024, 7, 20), None),)
