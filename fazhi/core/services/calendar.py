"""Writes to the 法定工作日历 (years declared complete, single-day overrides) and the selector that
builds the ``WorkCalendar`` everyone computes deadlines with. Each write owns its transaction, checks
``Cap.CALENDAR_EDIT`` and writes the audit event. Records are never deleted.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.audit import record_event, snapshot
from fazhi.core.calendar import DayOverride, WorkCalendar
from fazhi.core.errors import FieldProblem, ValidationFailed
from fazhi.core.models import CalendarDay, CalendarYear

YEAR_MIN, YEAR_MAX = 2000, 2100
YEAR_FIELDS = ["year", "notice", "entered_by_id", "note"]
DAY_FIELDS = ["date", "is_workday", "name"]
_WHAT = "维护工作日历"


def package_years() -> frozenset[int]:
    """Years the ``chinese-calendar`` package holds."""
    return WorkCalendar().covered_years


def year_problems(year, notice: str) -> list[FieldProblem]:
    """Why a year declaration is refused (shared with the admin form); empty when it is fine."""
    problems = []
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        problems.append(FieldProblem("年份", f"应为 {YEAR_MIN}–{YEAR_MAX} 之间的年份"))
    elif year not in package_years() and not CalendarDay.objects.filter(year=year, is_workday=False).exists():
        # A year without a single holiday is surely incomplete: enter the notice's days first.
        problems.append(FieldProblem("年份", f"尚未录入 {year} 年的任何节假日,请先逐日录入节假日与调休上班日期,再确认该年份"))
    notice = (notice or "").strip()
    if not notice:
        problems.append(FieldProblem("通知文号", "不能为空,请填写国务院办公厅节假日通知的文号"))
    elif len(notice) > 100:
        problems.append(FieldProblem("通知文号", "不能超过 100 个字"))
    return problems


def day_problems(day, name: str) -> list[FieldProblem]:
    """Why a day override is refused (shared with the admin form); empty when it is fine."""
    problems = []
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        problems.append(FieldProblem("日期", "应为日期(年-月-日)"))
    elif not YEAR_MIN <= day.year <= YEAR_MAX:
        problems.append(FieldProblem("日期", f"应在 {YEAR_MIN}–{YEAR_MAX} 年之间"))
    name = (name or "").strip()
    if not name:
        problems.append(FieldProblem("名称", "不能为空,如“春节”“调休上班”"))
    elif len(name) > 32:
        problems.append(FieldProblem("名称", "不能超过 32 个字"))
    return problems


def calendar_year_declare(*, actor, year: int, notice: str, note: str = "") -> CalendarYear:
    """Mark ``year`` as entered completely (its holiday notice ``notice``): the calendar then covers it.
    Declaring a year again updates its notice and note. ``actor`` None is the system."""
    if actor is not None:
        access.require(actor, Cap.CALENDAR_EDIT, _WHAT)
    problems = year_problems(year, notice)
    if problems:
        raise ValidationFailed(problems)
    notice, note = notice.strip(), (note or "").strip()
    with transaction.atomic():
        obj = CalendarYear.objects.select_for_update().filter(year=year).first()
        if obj is None:
            obj = CalendarYear.objects.create(year=year, notice=notice, note=note, entered_at=timezone.now(),
                                              entered_by=actor)
            record_event(actor=actor, obj=obj, action="calendar.year.declare", after=snapshot(obj, YEAR_FIELDS))
            return obj
        before = snapshot(obj, YEAR_FIELDS)
        obj.notice, obj.note = notice, note
        if snapshot(obj, YEAR_FIELDS) != before:
            obj.save(update_fields=["notice", "note"])
            record_event(actor=actor, obj=obj, action="calendar.year.update", before=before,
                         after=snapshot(obj, YEAR_FIELDS))
    return obj


def calendar_day_set(*, actor, day: dt.date, is_workday: bool, name: str) -> CalendarDay:
    """Set ``day`` to a working day or a rest day (overriding the package data for that date).
    Setting it again updates it; nothing changes (and no event) when the values are the same."""
    if actor is not None:
        access.require(actor, Cap.CALENDAR_EDIT, _WHAT)
    problems = day_problems(day, name)
    if not isinstance(is_workday, bool):
        problems.append(FieldProblem("是否工作日", "应为“是”或“否”"))
    if problems:
        raise ValidationFailed(problems)
    name = name.strip()
    with transaction.atomic():
        obj = CalendarDay.objects.select_for_update().filter(date=day).first()
        if obj is None:
            obj = CalendarDay.objects.create(date=day, is_workday=is_workday, name=name)
            record_event(actor=actor, obj=obj, action="calendar.day.set", after=snapshot(obj, DAY_FIELDS))
            return obj
        before = snapshot(obj, DAY_FIELDS)
        obj.is_workday, obj.name = is_workday, name
        if snapshot(obj, DAY_FIELDS) != before:
            obj.save(update_fields=["is_workday", "name"])
            record_event(actor=actor, obj=obj, action="calendar.day.update", before=before,
                         after=snapshot(obj, DAY_FIELDS))
    return obj


def current_calendar() -> WorkCalendar:
    """The calendar in force: the package data, the declared years, and every day override (an
    override inside a package-covered year replaces the package's answer for that date)."""
    overrides = {
        d: DayOverride(is_workday=w, name=n)
        for d, w, n in CalendarDay.objects.values_list("date", "is_workday", "name")
    }
    extra = CalendarYear.objects.values_list("year", flat=True)
    return WorkCalendar(overrides=overrides, extra_years=list(extra))
