"""``manage.py deadline START N working|calendar``: the last day of a period, by the 法定工作日历
(package data plus the administrators' entries). The due date is printed alone on the last line."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.calendar import Period, Unit
from fazhi.core.errors import CalendarNotCovered
from fazhi.core.services.calendar import current_calendar

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "计算期间届满日:deadline 起算日(YYYY-MM-DD) 天数 working|calendar(工作日|自然日)"

    def add_arguments(self, parser):
        parser.add_argument("start", help="起算日,如 2024-09-30(起算日本身不计入)")
        parser.add_argument("n", help="期间长度,正整数")
        parser.add_argument("unit", help="working(工作日)或 calendar(自然日,末日遇休息日顺延)")

    def handle(self, *args, start: str, n: str, unit: str, **options):
        try:
            start_day = dt.date.fromisoformat(start.strip())
        except ValueError:
            raise CommandError(f"起算日“{start}”格式无效,应为 YYYY-MM-DD,如 2024-09-30", returncode=USAGE_ERROR)
        try:
            length = int(n.strip())
        except ValueError:
            length = 0
        if length < 1:
            raise CommandError(f"期间长度“{n}”无效,应为正整数", returncode=USAGE_ERROR)
        try:
            period = Period(length, Unit.parse(unit), source="")
        except ValueError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR)
        calendar = current_calendar()
        try:
            deadline = period.due(calendar, start_day)
        except CalendarNotCovered as exc:
            raise CommandError(exc.message, returncode=USAGE_ERROR)
        if period.unit is Unit.WORKING:
            rule = "起算日不计入,只计工作日(行政处罚法 第八十五条、行政复议法 第八十八条)"
        else:
            rule = "起算日不计入,期间最后一日为法定休假日的顺延至其后第一个工作日(民事诉讼法 第八十五条)"
        self.stdout.write(f"依据:{rule}")
        if deadline.moved:
            end = deadline.nominal_end
            self.stdout.write(f"期间最后一日 {end.isoformat()} 为休息日({calendar.day_name(end)}),顺延至 {deadline.due.isoformat()}")
        self.stdout.write(f"起算日 {start_day.isoformat()},{period.label},届满日:")
        self.stdout.write(deadline.due.isoformat())
