"""The deadlines of a 行政处罚 case and their yellow/red warnings. Pure Python: no Django import.

``case_deadlines(dates, calendar)`` takes ``CaseDates`` (a plain snapshot of a case's dates, built by
``fazhi.cases.selectors.warnings.case_dates``) and a ``WorkCalendar`` and returns one ``Deadline`` per
period whose start event is recorded (the court-application period may start later): what is due,
start, length, unit, due date, legal source and whether/when it was met. ``Deadline.level(on)`` is the warning on a day. The periods (statutory numbers are constants
beside their article, as in ``fazhi.cases.rules``; a local number is a parameter):

============================  ===========================  ==========================================
what                          period                        source
============================  ===========================  ==========================================
作出行政处罚决定               立案 + 90 日 (+ approved ext.)  行政处罚法 第六十条
先行登记保存证据处理决定         保存 + 7 个工作日                第五十六条、第八十五条
当事人申请听证 (informative)    告知 + 5 个工作日                第六十四条第一项、第八十五条
通知听证时间、地点               ≥ 7 个工作日 before the hearing 第六十四条第二项、第八十五条
送达行政处罚决定书               决定 + 7 个工作日                第六十一条、第八十五条
当事人缴纳罚款                   送达 + 15 日                     第六十七条第三款
公开行政处罚决定                 决定 + N 个工作日 (parameter    国办发〔2018〕118号;第四十八条
                               ``penalty_publication_working_days``, 7)
申请人民法院强制执行             复议/诉讼期限届满 + 3 个月         行政强制法 第五十三条
催告后可申请强制执行 (informative) 催告 + 10 个工作日               行政强制法 第五十四条、第六十九条
============================  ===========================  ==========================================

Counting (民事诉讼法 (2023) 第八十五条, through the calendar): the start day is not counted; a
calendar-day or month period whose last day is a rest day ends on the next working day. A date in a
year the calendar does not hold gives that one deadline ``due=None`` and ``error`` = the
``CalendarNotCovered`` message ("无法计算"); the other deadlines are still computed.

**Warning level** on a day ``on`` (``Deadline.level``), for a deadline that is not informative, has
started (``start <= on``), has a due date, and is neither met nor ended by ``on``:

- ``"red"`` when ``on > due``;
- ``"yellow"`` when ``remaining / total <= share``, where ``remaining = (due - on).days`` and
  ``total = (due - start).days`` are **calendar days** (whatever the period's unit: a working-day
  period that crosses a holiday is measured by the calendar days it really lasts), and ``share`` is
  the parameter ``case_warning_yellow_share`` (default 0.2) in force on ``on``. The comparison is
  exact (``remaining <= share * total`` in decimals). The due day itself (remaining 0) is yellow.
  A period of zero or fewer calendar days is yellow until it is due;
- ``"green"`` otherwise. Met, ended, informative, not yet started and uncomputable deadlines have no
  level (``None``): they never warn.
"""

from __future__ import annotations

import calendar as _months
import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from fazhi.core import parameters
from fazhi.core.calendar import WorkCalendar
from fazhi.core.errors import CalendarNotCovered

# Statutory periods (the article beside each number).
DECISION_DAYS = 90  # 行政处罚法 第六十条: 自立案之日起九十日内作出决定 (calendar days: not in 第八十五条's list)
PRESERVATION_WORKING_DAYS = 7  # 第五十六条: 七日内及时作出处理决定; working days by 第八十五条
HEARING_REQUEST_WORKING_DAYS = 5  # 第六十四条第一项: 告知后五日内提出; 第八十五条
HEARING_NOTICE_WORKING_DAYS = 7  # 第六十四条第二项: 举行听证的七日前通知; 第八十五条
SERVICE_WORKING_DAYS = 7  # 第六十一条: 当事人不在场的,七日内送达; 第八十五条
PAYMENT_DAYS = 15  # 第六十七条第三款: 自收到行政处罚决定书之日起十五日内 (calendar days)
SUIT_PERIOD_MONTHS = 6  # 行政诉讼法 第四十六条 (六个月) outlasts 行政复议法 第二十条 (六十日)
COURT_APPLICATION_MONTHS = 3  # 行政强制法 第五十三条: 期限届满之日起三个月内申请人民法院强制执行
DEMAND_WORKING_DAYS = 10  # 行政强制法 第五十四条 (催告书送达十日后), working days by 第六十九条

WORKING, CALENDAR, MONTH = "working", "calendar", "month"
UNIT_LABELS = {WORKING: "个工作日", CALENDAR: "日", MONTH: "个月"}
RED, YELLOW, GREEN = "red", "yellow", "green"
LEVEL_LABELS = {RED: "红牌", YELLOW: "黄牌", GREEN: "正常"}
NOT_COMPUTED = "无法计算"


@dataclass(frozen=True)
class CaseDates:
    """A plain snapshot of the dates of one case (``None``: not happened / not recorded).

    ``preservations``: each 先行登记保存 as ``(saved_on, decided_on or None)``. ``extensions``: each
    approved extension of the decision period as ``(approved_on or None, days)`` (``None``: date
    unknown, counted from the start). ``payable``: the decision orders a fine or a confiscation of
    money to be paid. ``publication_required``: a penalty decision of the ordinary procedure.
    ``ended_on``: the day the case reached a final status (不予立案, 移送, 归档); open deadlines end then.
    """

    case_type: str = "ordinary"
    status: str = ""
    filed_on: dt.date | None = None
    extensions: tuple[tuple[dt.date | None, int], ...] = ()
    preservations: tuple[tuple[dt.date, dt.date | None], ...] = ()
    notified_on: dt.date | None = None
    hearing_right: bool = False
    hearing_requested_on: dt.date | None = None
    hearing_notice_on: dt.date | None = None
    hearing_on: dt.date | None = None
    decided_on: dt.date | None = None
    served_on: dt.date | None = None
    service_effective_on: dt.date | None = None
    payable: bool = False
    paid_on: dt.date | None = None
    demand_on: dt.date | None = None
    court_applied_on: dt.date | None = None
    publication_required: bool = False
    published_on: dt.date | None = None
    closed_on: dt.date | None = None
    ended_on: dt.date | None = None

    @property
    def extension_days(self) -> int:
        return sum(days for _, days in self.extensions)

    def as_of(self, day: dt.date) -> "CaseDates":
        """The snapshot as it stood at the end of ``day``: every date after it is dropped (an
        extension approved later does not count; a preservation decided later is still pending)."""

        def cut(d: dt.date | None) -> dt.date | None:
            return d if d is not None and d <= day else None

        dated = {name: cut(getattr(self, name)) for name in _DATE_FIELDS}
        return replace(
            self, **dated,
            extensions=tuple((on, n) for on, n in self.extensions if on is None or on <= day),
            preservations=tuple((saved, cut(decided)) for saved, decided in self.preservations if saved <= day),
        )


_DATE_FIELDS = ("filed_on", "notified_on", "hearing_requested_on", "hearing_notice_on", "hearing_on", "decided_on",
                "served_on", "service_effective_on", "paid_on", "demand_on", "court_applied_on", "published_on",
                "closed_on", "ended_on")


@dataclass(frozen=True)
class Deadline:
    """One period of a case. ``due`` is ``None`` (and ``error`` says why) when it cannot be computed."""

    key: str
    what: str
    start: dt.date
    length: int
    unit: str
    due: dt.date | None
    source: str
    met_on: dt.date | None = None
    ended_on: dt.date | None = None
    ended_reason: str = ""
    informative: bool = False
    note: str = ""
    error: str = ""

    @property
    def period_label(self) -> str:
        return f"{self.length} {UNIT_LABELS[self.unit]}"

    @property
    def computed(self) -> bool:
        return self.due is not None

    def met_by(self, on: dt.date) -> bool:
        return self.met_on is not None and self.met_on <= on

    def late(self) -> bool:
        """Met after its due date."""
        return self.met_on is not None and self.due is not None and self.met_on > self.due

    def share_left(self, on: dt.date) -> Decimal | None:
        """Remaining calendar days / total calendar days of the period (see the module docstring)."""
        if self.due is None:
            return None
        total = (self.due - self.start).days
        if total <= 0:
            return Decimal(0)
        return Decimal((self.due - on).days) / Decimal(total)

    def level(self, on: dt.date, *, yellow_share: Decimal | str | None = None) -> str | None:
        """``"red"`` / ``"yellow"`` / ``"green"`` on ``on``, or ``None`` when it cannot warn."""
        if self.informative or self.due is None or self.start > on or self.met_by(on):
            return None
        if self.ended_on is not None and self.ended_on <= on:
            return None
        if on > self.due:
            return RED
        share = Decimal(str(yellow_share if yellow_share is not None else yellow_share_on(on)))
        total = (self.due - self.start).days
        remaining = (self.due - on).days
        if total <= 0 or Decimal(remaining) <= share * Decimal(total):
            return YELLOW
        return GREEN

    def state(self, on: dt.date) -> str:
        """A short Chinese description of where the deadline stands on ``on``."""
        if self.due is None:
            return f"{NOT_COMPUTED}:{self.error}"
        if self.met_by(on):
            return f"{'逾期' if self.late() else '已'}完成({self.met_on:%Y-%m-%d})"
        if self.ended_on is not None and self.ended_on <= on:
            return self.ended_reason or "不再计算"
        if self.start > on:
            return "尚未起算"
        days = (self.due - on).days
        if self.informative:
            return "期间届满" if days < 0 else f"期间剩余 {days} 日"
        return f"已逾期 {-days} 日" if days < 0 else ("今日到期" if days == 0 else f"剩余 {days} 日")


class MemoCalendar:
    """A ``WorkCalendar`` whose period ends and working days are remembered: the warnings of many cases
    at many month ends ask the same questions again and again. Errors (``CalendarNotCovered``) are not
    remembered; they are raised again."""

    def __init__(self, calendar: WorkCalendar):
        self.calendar = calendar
        self._memo: dict[tuple, dt.date | bool] = {}

    def _ask(self, name: str, *args):
        key = (name, *args)
        if key not in self._memo:
            self._memo[key] = getattr(self.calendar, name)(*args)
        return self._memo[key]

    def is_workday(self, day: dt.date) -> bool:
        return self._ask("is_workday", day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        return self._ask("add_working_days", start, n)

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        return self._ask("add_calendar_days", start, n)

    def next_workday_on_or_after(self, day: dt.date) -> dt.date:
        return self._ask("next_workday_on_or_after", day)


def memoized(calendar: WorkCalendar | MemoCalendar) -> MemoCalendar:
    return calendar if isinstance(calendar, MemoCalendar) else MemoCalendar(calendar)


def yellow_share_on(on: dt.date) -> Decimal:
    """The parameter ``case_warning_yellow_share`` in force on ``on``."""
    return Decimal(str(parameters.value("case_warning_yellow_share", on)))


def add_months(day: dt.date, months: int) -> dt.date:
    """民法典 第二百零二条: a period in months ends on the corresponding day of the last month, or on that
    month's last day when it has none."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, _months.monthrange(year, month)[1]))


def latest_notice_day(calendar: WorkCalendar | MemoCalendar, hearing_on: dt.date) -> dt.date:
    """The last day a hearing notice may be given: ``add_working_days(day, 7) <= hearing_on``, i.e. the
    day before the seventh working day counted back from the hearing (行政处罚法 第六十四条第二项)."""
    day, counted = hearing_on, 0
    while True:
        if calendar.is_workday(day):
            counted += 1
            if counted == HEARING_NOTICE_WORKING_DAYS:
                return day - dt.timedelta(days=1)
        day -= dt.timedelta(days=1)


def _publication_days(decided_on: dt.date) -> int | None:
    """国办发〔2018〕118号 (from 2018-12-05): the parameter in force on the decision day; before it, none."""
    try:
        return int(parameters.value("penalty_publication_working_days", decided_on))
    except KeyError:
        return None


def case_deadlines(dates: CaseDates, calendar: WorkCalendar | MemoCalendar, *,
                   publication_days: int | None = None) -> list[Deadline]:
    """Every deadline whose start event is recorded, in procedure order (``publication_days`` overrides
    the parameter, for tests)."""
    out: list[Deadline] = []
    final = ("案件已办结,不再计算", dates.ended_on)

    def add(key, what, start, length, unit, source, *, met_on=None, informative=False, note="",
            due_fn=None, ended=None):
        ended_reason, ended_on = ended or final
        if ended_on is None:
            ended_reason = ""
        try:
            if due_fn is not None:
                due = due_fn()
            elif unit == WORKING:
                due = calendar.add_working_days(start, length)
            elif unit == CALENDAR:
                due = calendar.add_calendar_days(start, length)
            else:
                due = calendar.next_workday_on_or_after(add_months(start, length))
            error = ""
        except CalendarNotCovered as exc:
            due, error = None, exc.message
        if due is not None and unit in (CALENDAR, MONTH):
            nominal = start + dt.timedelta(days=length) if unit == CALENDAR else add_months(start, length)
            if nominal != due:
                note = (note + ";" if note else "") + f"期间最后一日 {nominal:%Y-%m-%d} 为休息日,顺延(民事诉讼法第八十五条)"
        out.append(Deadline(key, what, start, length, unit, due, source, met_on=met_on, ended_on=ended_on,
                            ended_reason=ended_reason, informative=informative, note=note, error=error))

    ordinary = dates.case_type == "ordinary"
    if ordinary and dates.filed_on:
        ext = dates.extension_days
        add("decision", "作出行政处罚决定", dates.filed_on, DECISION_DAYS + ext, CALENDAR,
            "行政处罚法第六十条", met_on=dates.decided_on, note=f"含经批准延长的 {ext} 日" if ext else "")
    for saved_on, decided_on in dates.preservations:
        add("preservation", "对先行登记保存的证据作出处理决定", saved_on, PRESERVATION_WORKING_DAYS, WORKING,
            "行政处罚法第五十六条、第八十五条", met_on=decided_on)
    if ordinary and dates.notified_on and dates.hearing_right:
        add("hearing_request", "当事人要求听证(当事人的期限,仅提示)", dates.notified_on,
            HEARING_REQUEST_WORKING_DAYS, WORKING, "行政处罚法第六十四条第一项、第八十五条",
            met_on=dates.hearing_requested_on, informative=True)
    if ordinary and dates.hearing_on:
        start = dates.hearing_requested_on or dates.notified_on or dates.hearing_notice_on or dates.hearing_on
        add("hearing_notice", "通知当事人听证的时间、地点(听证七个工作日前)", start, HEARING_NOTICE_WORKING_DAYS,
            WORKING, "行政处罚法第六十四条第二项、第八十五条", met_on=dates.hearing_notice_on,
            due_fn=lambda: latest_notice_day(calendar, dates.hearing_on),
            note=f"听证定于 {dates.hearing_on:%Y-%m-%d}")
    if dates.decided_on:
        add("service", "送达行政处罚决定书", dates.decided_on, SERVICE_WORKING_DAYS, WORKING,
            "行政处罚法第六十一条、第八十五条", met_on=dates.served_on)
    days = publication_days or (_publication_days(dates.decided_on) if dates.decided_on else None)
    if ordinary and dates.decided_on and dates.publication_required and days:
        add("publication", "公开行政处罚决定", dates.decided_on, days, WORKING,
            "国办发〔2018〕118号;行政处罚法第四十八条", met_on=dates.published_on)
    served = dates.service_effective_on or dates.served_on
    if dates.payable and served:
        enforced = ("已申请人民法院强制执行", dates.court_applied_on) if dates.court_applied_on else None
        add("payment", "当事人缴纳罚款", served, PAYMENT_DAYS, CALENDAR, "行政处罚法第六十七条第三款",
            met_on=dates.paid_on, ended=enforced)
        if dates.demand_on and not dates.paid_on:
            add("demand", "催告期满(期满仍未履行的,方可申请强制执行;仅提示)", dates.demand_on, DEMAND_WORKING_DAYS,
                WORKING, "行政强制法第五十四条、第六十九条", met_on=dates.court_applied_on, informative=True)
        if not dates.paid_on:
            appeal_end = add_months(served, SUIT_PERIOD_MONTHS)
            add("court", "申请人民法院强制执行", appeal_end, COURT_APPLICATION_MONTHS, MONTH,
                "行政强制法第五十三条;行政诉讼法第四十六条", met_on=dates.court_applied_on,
                note=f"复议、诉讼期限于 {appeal_end:%Y-%m-%d} 届满")
    return out


def warned(deadlines: list[Deadline], on: dt.date, *, yellow_share: Decimal | str | None = None,
           ) -> list[tuple[Deadline, str]]:
    """The deadlines in warning on ``on``, each with its level (``"yellow"`` or ``"red"``)."""
    share = yellow_share if yellow_share is not None else yellow_share_on(on)
    levels = ((d, d.level(on, yellow_share=share)) for d in deadlines)
    return [(d, level) for d, level in levels if level in (YELLOW, RED)]
