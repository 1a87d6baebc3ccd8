"""法定工作日历 entered by administrators: years declared complete and single-day overrides.

The ``chinese-calendar`` package holds the State Council's holiday notices it knows; these tables add
years it does not hold yet, and correct single dates. Records are never deleted: an administrator
flips ``is_workday`` instead (every change is in the audit trail, see ``fazhi.core.services.calendar``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CalendarYear(models.Model):
    """A year whose holiday notice an administrator has entered completely: the calendar covers it."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    notice = models.CharField("通知文号", max_length=100, help_text="如“国办发明电〔2026〕x号”")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间")
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "工作日历年份"
        verbose_name_plural = "工作日历年份"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年({self.notice})"


class CalendarDay(models.Model):
    """One date set to a working day or a rest day (春节 / 调休上班 …), overriding the package data."""

    date = models.DateField("日期", unique=True)
    year = models.PositiveSmallIntegerField("年份", db_index=True, editable=False)
    is_workday = models.BooleanField("是否工作日", help_text="勾选为工作日(含调休上班),不勾选为休息日")
    name = models.CharField("名称", max_length=32, help_text="如“春节”“调休上班”")

    class Meta:
        verbose_name = "工作日历日期"
        verbose_name_plural = "工作日历日期"
        ordering = ["-date"]

    def __str__(self) -> str:
        kind = "工作日" if self.is_workday else "休息日"
        return f"{self.date.isoformat()} {self.name}({kind})"

    def save(self, *args, **kwargs):
        self.year = self.date.year
        super().save(*args, **kwargs)
