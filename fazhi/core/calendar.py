"""法定工作日历: working days and the end of a period. Pure Python: no Django import.

The rules (every one cites its article where it is applied below):

- 行政处罚法 第八十五条: the 二日、三日、五日、七日 periods of that law are **working days** (statutory
  holidays not counted).
- 行政复议法 第八十八条: its 三日、五日、七日、十日 periods are working days; the other periods are counted
  under 民事诉讼法 as calendar days.
- 民事诉讼法 (2023) 第八十五条 (applied by 行政复议法 第八十八条): the starting day is not counted; a period
  whose last day is a statutory rest day ends on the first working day after it.
- Working days follow the State Council's yearly holiday notice, including the make-up working weekends
  (调休上班). A year the calendar does not hold raises ``CalendarNotCovered``: it never guesses.

The data: the ``chinese-calendar`` package (covers the years present in its tables, 2004–2026 in 1.11)
plus overrides (one date → working or rest day, with a name) and extra years an administrator has
entered completely (``fazhi.core.services.calendar.current_calendar`` builds one from the database).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Mapping

import chinese_calendar
from chinese_calendar.constants import Holiday

from fazhi.core.errors import CalendarNotCovered

MAKEUP_WORKDAY_NAME = "调休上班"
_HOLIDAY_NAMES_ZH = {h.value: h.chinese for h in Holiday}


class Unit(str, Enum):
    """How a period is counted."""

    WORKING = "working"  # 工作日: 行政处罚法 第八十五条, 行政复议法 第八十八条
    CALENDAR = "calendar"  # 日 (自然日), last day moved off a rest day: 民事诉讼法 第八十五条

    @property
    def label(self) -> str:
        return "个工作日" if self is Unit.WORKING else "日"

    @classmethod
    def parse(cls, text: "str | Unit") -> "Unit":
        """``working``/``工作日`` or ``calendar``/``日``/``自然日``; ``ValueError`` otherwise."""
        if isinstance(text, Unit):
            return text
        key = str(text).strip().lower()
        aliases = {"working": cls.WORKING, "工作日": cls.WORKING,
                   "calendar": cls.CALENDAR, "日": cls.CALENDAR, "自然日": cls.CALENDAR}
        if key not in aliases:
            raise ValueError(f"期间单位“{text}”无效,应为 working(工作日)或 calendar(自然日)")
        return aliases[key]


@dataclass(frozen=True)
class DayOverride:
    """One date set by an administrator: working day or rest day, with its name (春节、调休上班…)."""

    is_workday: bool
    name: str = ""


def _check_length(n: int) -> None:
    # A period has at least one day: "n = 0" has no meaning in the statutes, so it is refused
    # (ValueError) rather than read as "the start day itself", which 民事诉讼法 第八十五条 excludes.
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"期间长度应为正整数,收到 {n!r}")


def _as_date(day: dt.date) -> dt.date:
    if isinstance(day, dt.datetime):
        return day.date()
    if not isinstance(day, dt.date):
        raise TypeError(f"应为日期,收到 {type(day).__name__}")
    return day


class WorkCalendar:
    """Which days are working days, and where a period ends.

    ``holidays`` / ``workdays`` default to the ``chinese-calendar`` tables (date → English holiday
    name); the years present there are covered. ``extra_years`` are further covered years (entered by
    an administrator: Monday–Friday work unless overridden). ``overrides`` win over everything else
    for their date (a ``bool`` is read as ``DayOverride(is_workday=value)``).
    """

    def __init__(
        self,
        *,
        overrides: Mapping[dt.date, DayOverride | bool] | None = None,
        extra_years: Iterable[int] = (),
        holidays: Mapping[dt.date, str] | None = None,
        workdays: Mapping[dt.date, str] | None = None,
    ) -> None:
        self._holidays = dict(chinese_calendar.holidays if holidays is None else holidays)
        self._workdays = dict(chinese_calendar.workdays if workdays is None else workdays)
        package_years = {d.year for d in self._holidays} | {d.year for d in self._workdays}
        self._package_span = (min(package_years), max(package_years)) if package_years else None
        self._covered = frozenset(package_years) | frozenset(int(y) for y in extra_years)
        self._overrides = {
            _as_date(d): (o if isinstance(o, DayOverride) else DayOverride(is_workday=bool(o)))
            for d, o in (overrides or {}).items()
        }

    # -- coverage ---------------------------------------------------------------------------------

    @property
    def covered_years(self) -> frozenset[int]:
        return self._covered

    @property
    def package_span(self) -> tuple[int, int] | None:
        """First and last year of the package tables (named in the ``CalendarNotCovered`` message)."""
        return self._package_span

    def is_covered(self, year: int) -> bool:
        return year in self._covered

    def _require_covered(self, day: dt.date) -> None:
        # The yearly State Council notice decides the working days; without it we refuse to guess.
        if day.year not in self._covered:
            raise CalendarNotCovered(day.year, self._package_span)

    # -- single days ------------------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day; ``CalendarNotCovered`` for a year not held."""
        day = _as_date(day)
        self._require_covered(day)
        if day in self._overrides:
            return self._overrides[day].is_workday
        if day in self._workdays:  # 调休: a weekend made a working day by the holiday notice
            return True
        if day in self._holidays:
            return False
        return day.weekday() < 5

    def is_rest_day(self, day: dt.date) -> bool:
        """Weekend or statutory holiday (民事诉讼法 第八十五条 “法定休假日”), make-up weekends excluded."""
        return not self.is_workday(day)

    def day_name(self, day: dt.date) -> str:
        """Why the day is what it is: 春节 / 调休上班 / 周末 / an override's name; "" for an ordinary weekday."""
        day = _as_date(day)
        self._require_covered(day)
        if day in self._overrides:
            o = self._overrides[day]
            return o.name or ("工作日" if o.is_workday else "休息日")
        if day in self._workdays:
            return MAKEUP_WORKDAY_NAME
        if day in self._holidays:
            return _HOLIDAY_NAMES_ZH.get(self._holidays[day], self._holidays[day])
        return "周末" if day.weekday() >= 5 else ""

    def next_workday_on_or_after(self, day: dt.date) -> dt.date:
        day = _as_date(day)
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    # -- periods ----------------------------------------------------------------------------------

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (n ≥ 1, else ``ValueError``).

        行政处罚法 第八十五条 / 行政复议法 第八十八条: such periods count working days only;
        民事诉讼法 第八十五条: the start day is not counted (even when it is itself a working day).
        """
        _check_length(n)
        day, counted = _as_date(start), 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """``start`` + n days (n ≥ 1, else ``ValueError``), moved to the next working day when that
        last day is a rest day.

        民事诉讼法 (2023) 第八十五条, applied by 行政复议法 第八十八条: the start day is not counted; a
        period whose last day is a statutory rest day ends on the first day after it — a make-up
        working weekend (调休上班) is a working day, so a period may end on it.
        """
        _check_length(n)
        return self.next_workday_on_or_after(_as_date(start) + dt.timedelta(days=n))

    def due_date(self, start: dt.date, n: int, unit: Unit | str) -> dt.date:
        """The last day of a period of ``n`` ``unit`` ("working" | "calendar") from ``start``."""
        if Unit.parse(unit) is Unit.WORKING:
            return self.add_working_days(start, n)
        return self.add_calendar_days(start, n)


@dataclass(frozen=True)
class Period:
    """A statutory period: what starts it, how long, in which unit, and the article that sets it.

    e.g. ``Period(7, Unit.WORKING, "行政处罚法 第六十一条、第八十五条", "作出行政处罚决定")``.
    """

    length: int
    unit: Unit
    source: str
    start_event: str = ""

    def __post_init__(self) -> None:
        _check_length(self.length)
        object.__setattr__(self, "unit", Unit.parse(self.unit))

    @property
    def label(self) -> str:
        return f"{self.length} {self.unit.label}"

    def due(self, calendar: WorkCalendar, start: dt.date) -> "Deadline":
        return Deadline(period=self, start=_as_date(start), due=calendar.due_date(start, self.length, self.unit))


@dataclass(frozen=True)
class Deadline:
    """A period applied to a start date."""

    period: Period
    start: dt.date
    due: dt.date

    @property
    def nominal_end(self) -> dt.date | None:
        """For a calendar-day period, ``start`` + length before the rest-day rule; else None."""
        if self.period.unit is Unit.CALENDAR:
            return self.start + dt.timedelta(days=self.period.length)
        return None

    @property
    def moved(self) -> bool:
        """Whether the rest-day rule (民事诉讼法 第八十五条) moved the end."""
        end = self.nominal_end
        return end is not None and end != self.due
