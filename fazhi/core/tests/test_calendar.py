"""The pure working-day calendar (no database). Expected dates were counted by hand from the
State Council notices: 2024 国庆 10-01..10-07 off, 09-29 (Sun) and 10-12 (Sat) worked; 2024 中秋
09-15..09-17 off, 09-14 (Sat) worked; 2025 春节 01-28..02-04 off, 01-26 (Sun) and 02-08 (Sat) worked."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from fazhi.core import calendar as calendar_module
from fazhi.core.calendar import DayOverride, Deadline, Period, Unit, WorkCalendar
from fazhi.core.errors import CalendarNotCovered

D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def test_module_is_pure():
    tree = ast.parse(Path(calendar_module.__file__).read_text(encoding="utf-8"))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in imported if m.split(".")[0] == "django"]


def test_package_years_are_covered(cal):
    assert {2004, 2024, 2025, 2026} <= cal.covered_years
    assert cal.package_span == (2004, 2026)
    assert not cal.is_covered(2003) and not cal.is_covered(2031)


@pytest.mark.parametrize("day, expected", [
    (D(2024, 9, 28), False),  # Saturday
    (D(2024, 9, 29), True),  # Sunday, 调休上班
    (D(2024, 10, 1), False), (D(2024, 10, 7), False),  # 国庆 (10-05/06 fall on a weekend)
    (D(2024, 10, 8), True),
    (D(2024, 10, 12), True),  # Saturday, 调休上班
    (D(2024, 10, 13), False),
    (D(2025, 1, 25), False),  # Saturday
    (D(2025, 1, 26), True),  # Sunday, 调休上班
    (D(2025, 1, 28), False), (D(2025, 2, 4), False),  # 春节
    (D(2025, 2, 5), True),
    (D(2025, 2, 8), True),  # Saturday, 调休上班
])
def test_is_workday(cal, day, expected):
    assert cal.is_workday(day) is expected
    assert cal.is_rest_day(day) is not expected


def test_day_names(cal):
    assert cal.day_name(D(2024, 10, 3)) == "国庆节"
    assert cal.day_name(D(2025, 1, 29)) == "春节"
    assert cal.day_name(D(2025, 1, 26)) == "调休上班"
    assert cal.day_name(D(2024, 9, 28)) == "周末"
    assert cal.day_name(D(2024, 9, 30)) == ""


@pytest.mark.parametrize("start, n, expected", [
    # 2024 National Day: 7 working days from Mon 09-30 (not counted): 10-08,09,10,11, 10-12 (Sat), 10-14, 10-15
    (D(2024, 9, 30), 7, D(2024, 10, 15)),
    (D(2024, 9, 30), 5, D(2024, 10, 12)),  # ends on the make-up Saturday
    (D(2024, 9, 30), 1, D(2024, 10, 8)),
    (D(2024, 9, 27), 1, D(2024, 9, 29)),  # Fri → skips Sat 09-28, the make-up Sunday counts
    (D(2024, 9, 26), 3, D(2024, 9, 30)),  # 09-27, 09-29, 09-30
    (D(2024, 10, 1), 2, D(2024, 10, 9)),  # start on a holiday: 10-08, 10-09
    # 2025 Spring Festival
    (D(2025, 1, 24), 1, D(2025, 1, 26)),  # make-up Sunday
    (D(2025, 1, 24), 3, D(2025, 2, 5)),  # 01-26, 01-27, then 02-05
    (D(2025, 1, 27), 4, D(2025, 2, 8)),  # 02-05, 06, 07, 08 (Sat)
    (D(2025, 1, 27), 5, D(2025, 2, 10)),  # … 02-09 Sunday is off, 02-10
    (D(2025, 1, 27), 2, D(2025, 2, 6)),
])
def test_add_working_days(cal, start, n, expected):
    assert cal.add_working_days(start, n) == expected
    assert cal.due_date(start, n, "working") == expected


@pytest.mark.parametrize("start, n, expected", [
    (D(2024, 9, 25), 10, D(2024, 10, 8)),  # 10-05 (国庆) → 10-08
    (D(2024, 9, 2), 30, D(2024, 10, 8)),  # 10-02 → 10-08
    (D(2024, 9, 12), 30, D(2024, 10, 12)),  # 10-12 is a make-up Saturday: not moved
    (D(2024, 9, 13), 30, D(2024, 10, 14)),  # 10-13 Sunday → Monday
    (D(2024, 9, 1), 15, D(2024, 9, 18)),  # 09-16 中秋 → 09-18
    (D(2024, 8, 30), 15, D(2024, 9, 14)),  # 09-14 Saturday is a make-up working day
    (D(2024, 9, 1), 10, D(2024, 9, 11)),  # ordinary Wednesday: unchanged
    (D(2025, 1, 15), 15, D(2025, 2, 5)),  # 01-30 春节 → 02-05
    (D(2025, 1, 11), 15, D(2025, 1, 26)),  # make-up Sunday: not moved
    (D(2025, 1, 10), 15, D(2025, 1, 26)),  # Sat 01-25 → the make-up Sunday 01-26
    (D(2025, 1, 24), 15, D(2025, 2, 8)),  # make-up Saturday: not moved
    (D(2024, 12, 1), 31, D(2025, 1, 2)),  # 2025-01-01 元旦 → 01-02, across the year
])
def test_add_calendar_days(cal, start, n, expected):
    assert cal.add_calendar_days(start, n) == expected
    assert cal.due_date(start, n, Unit.CALENDAR) == expected


@pytest.mark.parametrize("n", [0, -1, True, 1.5])
def test_length_must_be_positive_integer(cal, n):
    with pytest.raises(ValueError):
        cal.add_working_days(D(2024, 9, 30), n)
    with pytest.raises(ValueError):
        cal.add_calendar_days(D(2024, 9, 30), n)


def test_bad_unit(cal):
    with pytest.raises(ValueError, match="期间单位"):
        cal.due_date(D(2024, 9, 30), 3, "weeks")
    assert Unit.parse("工作日") is Unit.WORKING and Unit.parse("自然日") is Unit.CALENDAR


@pytest.mark.parametrize("year", [2031, 2003, 2027])
def test_uncovered_year_raises(cal, year):
    with pytest.raises(CalendarNotCovered) as exc:
        cal.is_workday(D(year, 6, 1))
    assert exc.value.year == year
    assert f"{year} 年" in exc.value.message and "2004–2026" in exc.value.message


def test_period_running_into_uncovered_year_raises(cal):
    with pytest.raises(CalendarNotCovered) as exc:
        cal.add_working_days(D(2026, 12, 30), 3)
    assert exc.value.year == 2027
    with pytest.raises(CalendarNotCovered):
        cal.add_calendar_days(D(2004, 1, 1), 10000)  # far beyond 2026
    with pytest.raises(CalendarNotCovered):
        cal.add_working_days(D(2003, 12, 30), 1)  # 2003-12-31 is not held


def test_override_in_package_year_replaces_that_date_only():
    cal = WorkCalendar(overrides={D(2024, 10, 8): DayOverride(False, "临时休息"), D(2024, 10, 13): True})
    assert not cal.is_workday(D(2024, 10, 8)) and cal.day_name(D(2024, 10, 8)) == "临时休息"
    assert cal.is_workday(D(2024, 10, 13))
    assert cal.is_workday(D(2024, 10, 9))
    assert cal.add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 9)


def test_extra_year_with_overrides():
    overrides = {D(2027, 1, 1): DayOverride(False, "元旦")}
    with pytest.raises(CalendarNotCovered):
        WorkCalendar(overrides=overrides).add_working_days(D(2026, 12, 31), 1)
    cal = WorkCalendar(overrides=overrides, extra_years=[2027])
    # 2027-01-01 Friday 元旦, 01-02/03 weekend → Monday 01-04
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.add_calendar_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    with pytest.raises(CalendarNotCovered):
        cal.is_workday(D(2028, 1, 3))


def test_period_and_deadline(cal):
    period = Period(30, "calendar", "行政处罚法 第六十条", start_event="立案")
    assert period.unit is Unit.CALENDAR and period.label == "30 日"
    deadline = period.due(cal, D(2024, 9, 2))
    assert deadline == Deadline(period=period, start=D(2024, 9, 2), due=D(2024, 10, 8))
    assert deadline.nominal_end == D(2024, 10, 2) and deadline.moved
    serve = Period(7, Unit.WORKING, "行政处罚法 第六十一条、第八十五条")
    d2 = serve.due(cal, D(2024, 9, 30))
    assert d2.due == D(2024, 10, 15) and d2.nominal_end is None and not d2.moved
    assert serve.label == "7 个工作日"
    with pytest.raises(ValueError):
        Period(0, Unit.WORKING, "x")


def test_datetime_is_read_as_its_date(cal):
    assert cal.add_working_days(dt.datetime(2024, 9, 30, 23, 59), 1) == D(2024, 10, 8)
