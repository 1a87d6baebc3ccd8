"""行政复议 rules as data and pure functions. Pure Python: no Django import (a test checks ``sys.modules``).

- ``data.toml``: every period (length, unit, article, statutory wording), the decision types and the
  penalty severity ranks; ``bodies.toml``: Tianjin's 复议机关 / 复议机构; ``metrics.toml``: the report
  figures. Loaded once here.
- ``deadlines``: the deadlines of a case (``Deadline``) and the warning level;
  ``jurisdiction``: ``competent_body``; ``decisions``: ``check`` and ``no_worse``; ``metrics``: ``compute``.

Counting (the calendar is ``fazhi.core.calendar.WorkCalendar``): 行政复议法第八十八条 — its 三日、五日、七日、
十日 are working days, other periods follow 民事诉讼法 — 民事诉讼法第八十五条: the start day is not
counted; a period whose last day is a rest day ends on the next working day. Month and year periods end
on the corresponding day (民法典第二百零二条), then the rest-day rule applies.
"""

from __future__ import annotations

import calendar as _months
import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
UNITS = ("working", "calendar", "month", "year")
UNIT_LABELS = {"working": "个工作日", "calendar": "日", "month": "个月", "year": "年"}


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """One of the TOML files beside this module (``data``, ``bodies``, ``metrics``)."""
    with open(HERE / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class RulePeriod:
    """A statutory period as data: ``length`` ``unit`` from a start event, set by ``article``."""

    key: str
    name: str
    length: int
    unit: str
    article: str
    basis: str
    tag: str = "S"

    @property
    def label(self) -> str:
        return f"{self.length} {UNIT_LABELS[self.unit]}"


def _periods() -> dict[str, RulePeriod]:
    out = {}
    for key, row in load("data")["periods"].items():
        if row["unit"] not in UNITS:
            raise ValueError(f"期间“{key}”的单位“{row['unit']}”无效")
        if not isinstance(row["length"], int) or row["length"] < 1:
            raise ValueError(f"期间“{key}”的长度应为正整数")
        out[key] = RulePeriod(key, row["name"], row["length"], row["unit"], row["article"], row["basis"],
                              row.get("tag", "S"))
    return out


PERIODS: dict[str, RulePeriod] = _periods()
LIMITS: dict[str, Any] = dict(load("data")["limits"])


def add_months(day: dt.date, months: int) -> dt.date:
    """民法典第二百零二条: a period in months ends on the corresponding day of the last month, or on that
    month's last day when it has none (2024-02-29 + 12 months → 2025-02-28)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, _months.monthrange(year, month)[1]))


def nominal_end(start: dt.date, length: int, unit: str) -> dt.date:
    """The last day before the rest-day rule (the working-day count has no such step: it is exact)."""
    if unit == "calendar":
        return start + dt.timedelta(days=length)
    if unit == "month":
        return add_months(start, length)
    if unit == "year":
        return add_months(start, 12 * length)
    raise ValueError(f"工作日期间没有名义截止日:{unit}")


def period_end(calendar, start: dt.date, length: int, unit: str) -> dt.date:
    """The last day of ``length`` ``unit`` from ``start`` (start day not counted, 民事诉讼法第八十五条).

    ``calendar`` is a ``WorkCalendar`` (or anything with ``add_working_days`` and
    ``next_workday_on_or_after``); a year it does not hold raises ``CalendarNotCovered``."""
    if unit == "working":
        return calendar.add_working_days(start, length)
    return calendar.next_workday_on_or_after(nominal_end(start, length, unit))
