"""The deadlines of a 行政复议 case, and their warning level. Pure Python: no Django import.

Every function takes dates and a ``WorkCalendar`` (keyword ``calendar``) and returns a ``Deadline``
(name, due, article, basis_text, …) or a verdict with a Chinese reason. The periods are in
``data.toml`` (``fazhi.reconsideration.rules.PERIODS``); the counting is 民事诉讼法第八十五条 through
the calendar (see the package docstring). A year the calendar does not hold raises
``fazhi.core.errors.CalendarNotCovered`` — never a guess.

Warning level (``warning_level``) mirrors ``fazhi.cases.deadlines.Deadline.level``: red once ``today >
due``; yellow when ``remaining <= share * total`` (calendar days: ``remaining = due - today``,
``total = due - start``, exact decimals; the due day itself is yellow; a period of ≤ 0 days is yellow
until due); otherwise none. Not started or already met: none. ``share`` is the parameter
``case_warning_yellow_share`` that the caller reads (default 0.2) — this module does not read parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from fazhi.reconsideration.rules import LIMITS, PERIODS, RulePeriod, nominal_end, period_end

NONE, YELLOW, RED = "none", "yellow", "red"
LEVEL_LABELS = {NONE: "正常", YELLOW: "黄牌", RED: "红牌"}
CIVIL_PROCEDURE_85 = "民事诉讼法第八十五条"


@dataclass(frozen=True)
class Deadline:
    """A period applied to a start date. ``due`` is the last day on which the act is on time."""

    name: str
    due: dt.date
    article: str
    basis_text: str
    key: str = ""
    start: dt.date | None = None
    length: int = 0
    unit: str = ""
    note: str = ""

    @property
    def citation(self) -> str:
        return f"{self.name}:{self.due:%Y-%m-%d} 前({self.article})"


def _deadline(key: str, start: dt.date, calendar, *, extra: int = 0, note: str = "") -> Deadline:
    p: RulePeriod = PERIODS[key]
    length = p.length + extra
    due = period_end(calendar, start, length, p.unit)
    if p.unit != "working":
        nominal = nominal_end(start, length, p.unit)
        if nominal != due:
            note = _join(note, f"期间最后一日 {nominal:%Y-%m-%d} 为休息日,顺延至 {due:%Y-%m-%d}({CIVIL_PROCEDURE_85})")
    return Deadline(p.name, due, p.article, p.basis, key=key, start=start, length=length, unit=p.unit, note=note)


def _join(a: str, b: str) -> str:
    return f"{a};{b}" if a else b


def _earliest(candidates: list[tuple[str, dt.date, dict]], calendar) -> Deadline:
    """The earliest of several periods. The rest-day rule only moves an end later and is monotone, so the
    earliest nominal end gives the earliest real end: only that one is looked up in the calendar (an
    absolute limit decades ahead does not need the calendar of that year)."""
    def nominal(item):
        key, start, kw = item
        p = PERIODS[key]
        if p.unit == "working":
            return calendar.add_working_days(start, p.length)
        return nominal_end(start, p.length + kw.get("extra", 0), p.unit)
    key, start, kw = min(candidates, key=nominal)
    return _deadline(key, start, calendar, **kw)


# ------------------------------------------------------------------ application (第二十条、第二十一条)

def application_deadline(learned_on: dt.date, *, right_explained: bool, act_on: dt.date,
                         real_property: bool = False, right_learned_on: dt.date | None = None,
                         tolled_days: int = 0, calendar) -> Deadline:
    """The last day to apply: the earliest of the relative and the absolute limits.

    - 行政复议法第二十条第一款: 60 days from knowing the act (``learned_on``);
    - 第二十条第三款: the right or period not explained → 60 days from knowing the right
      (``right_learned_on``; ``None``: not yet known), but at most 1 year from knowing the act;
    - 第二十一条: 5 years from the act (``act_on``), 20 for real property;
    - 第二十条第二款: ``tolled_days`` (force majeure or another good reason) are added to the relative limits.
    """
    if tolled_days < 0:
        raise ValueError("耽误的期间天数不能为负数")
    extra = {"extra": tolled_days} if tolled_days else {}
    if right_explained:
        candidates = [("application", learned_on, extra)]
    else:
        candidates = [("application_right_not_explained", learned_on, {})]
        if right_learned_on is not None:
            candidates.append(("application", right_learned_on, extra))
    absolute = "application_absolute_real_property" if real_property else "application_absolute"
    candidates.append((absolute, act_on, {}))
    return _earliest(candidates, calendar)


def is_timely(applied_on: dt.date, learned_on: dt.date, *, right_explained: bool, act_on: dt.date,
              real_property: bool = False, right_learned_on: dt.date | None = None, tolled_days: int = 0,
              calendar) -> tuple[bool, str]:
    """Whether an application made on ``applied_on`` is within the limits, with the Chinese reason."""
    d = application_deadline(learned_on, right_explained=right_explained, act_on=act_on,
                             real_property=real_property, right_learned_on=right_learned_on,
                             tolled_days=tolled_days, calendar=calendar)
    if applied_on <= d.due:
        return True, f"申请日 {applied_on:%Y-%m-%d} 未超过申请期限 {d.due:%Y-%m-%d}({d.name},{d.article})"
    return False, f"申请日 {applied_on:%Y-%m-%d} 已超过申请期限 {d.due:%Y-%m-%d}({d.name},{d.article})"


# ------------------------------------------------------------------ acceptance (第三十条—第三十二条)

def acceptance_due(received_on: dt.date, *, calendar) -> Deadline:
    """行政复议法第三十条: review within 5 working days of receipt (第八十八条)."""
    return _deadline("acceptance", received_on, calendar)


def deemed_accepted(received_on: dt.date, today: dt.date, decided: bool, *, calendar) -> bool:
    """行政复议法第三十条第三款: no decision when the review period has run → deemed accepted (the day after
    the last day of the period at the latest). ``decided``: accepted or refused in writing in time."""
    if decided:
        return False
    return today > acceptance_due(received_on, calendar=calendar).due


def deemed_acceptance_date(received_on: dt.date, *, calendar) -> dt.date:
    """第三十条第三款 “自届满之日起视为受理”: the last day of the review period, from which the decision
    period (第六十二条) runs when the body stayed silent."""
    return acceptance_due(received_on, calendar=calendar).due


def completion_request_due(received_on: dt.date, *, calendar) -> Deadline:
    """行政复议法第三十一条第一款: one written request to complete, within 5 working days of receipt."""
    return _deadline("completion_request", received_on, calendar)


def completion_due(requested_on: dt.date, *, good_reason_extension_days: int = 0, calendar) -> Deadline:
    """行政复议法第三十一条第二款: the applicant completes within 10 working days of receiving the request
    (``requested_on`` = the day the request was served); an extension for good reason is added in working days."""
    if good_reason_extension_days < 0:
        raise ValueError("延长的补正期限不能为负数")
    note = f"含因正当理由延长的 {good_reason_extension_days} 个工作日" if good_reason_extension_days else ""
    return _deadline("completion", requested_on, calendar, extra=good_reason_extension_days, note=note)


def abandoned(requested_on: dt.date, answered_on: dt.date | None, today: dt.date,
              good_reason_extension_days: int = 0, *, calendar) -> bool:
    """行政复议法第三十一条第二款: without good reason, no completion by the end of the period → the
    application is deemed abandoned (视为放弃) and recorded. Late completion counts as none."""
    due = completion_due(requested_on, good_reason_extension_days=good_reason_extension_days,
                         calendar=calendar).due
    if answered_on is not None and answered_on <= due:
        return False
    return today > due


def forward_due(received_on: dt.date, *, calendar) -> Deadline:
    """行政复议法第三十二条: the penalising agency forwards within 5 working days of receiving the application."""
    return _deadline("forward", received_on, calendar)


# ------------------------------------------------------------------ hearing the case (第四十八条—第五十四条)

def copy_due(accepted_on: dt.date, simplified: bool, *, calendar) -> Deadline:
    """Copy of the application to the respondent: 7 working days (第四十八条), 3 when simplified (第五十四条)."""
    return _deadline("copy_simplified" if simplified else "copy", accepted_on, calendar)


def answer_due(copied_on: dt.date, simplified: bool, *, calendar) -> Deadline:
    """The respondent's written answer with evidence: 10 working days from receiving the copy (第四十八条),
    5 when simplified (第五十四条). Missing it: 第七十条 (the act is deemed without evidence)."""
    return _deadline("answer_simplified" if simplified else "answer", copied_on, calendar)


def latest_hearing_notice_day(hearing_on: dt.date, *, calendar) -> dt.date:
    """The last day a hearing notice may be given: the largest day ``d`` with
    ``add_working_days(d, 5) <= hearing_on`` (行政复议法第五十条 “五日前”, 第八十八条 working days)."""
    n = PERIODS["hearing_notice"].length
    day, counted = hearing_on, 0
    while True:
        if calendar.is_workday(day):
            counted += 1
            if counted == n:
                return day - dt.timedelta(days=1)
        day -= dt.timedelta(days=1)


def hearing_notice_ok(notice_on: dt.date, hearing_on: dt.date, *, calendar) -> tuple[bool, str]:
    """行政复议法第五十条: written notice at least 5 working days before the hearing."""
    p = PERIODS["hearing_notice"]
    latest = latest_hearing_notice_day(hearing_on, calendar=calendar)
    if notice_on <= latest:
        return True, f"听证通知于 {notice_on:%Y-%m-%d} 送达,不晚于 {latest:%Y-%m-%d},符合{p.article}"
    return False, (f"听证定于 {hearing_on:%Y-%m-%d},通知最迟应于 {latest:%Y-%m-%d} 发出"
                   f"(听证五个工作日前),{notice_on:%Y-%m-%d} 通知不符合{p.article}")


# ------------------------------------------------------------------ decision (第三十九条、第六十二条)

def suspension_days(periods: list[tuple[dt.date, dt.date | None]], *, until: dt.date | None = None) -> int:
    """Calendar days of 中止 (行政复议法第三十九条) not counted in the decision period: each ``(suspended_on,
    resumed_on)`` counts ``resumed_on - suspended_on`` days; a suspension still running counts up to ``until``."""
    total = 0
    for start, end in periods:
        end = end if end is not None else until
        if end is None:
            raise ValueError("中止尚未恢复,需给出计算截止日")
        if end < start:
            raise ValueError("恢复审理日期早于中止日期")
        total += (end - start).days
    return total


def decision_due(accepted_on: dt.date, simplified: bool, extension_days: int = 0, suspended_days: int = 0, *,
                 calendar) -> Deadline:
    """行政复议法第六十二条: 60 days from acceptance, extended by at most 30 with approval (ordinary only);
    30 days for the simplified procedure (no extension). 第三十九条: days suspended are not counted.
    Counted as one period of 60 + extension + suspended days (as ``fazhi.cases.deadlines`` does for 行政处罚法第六十条)."""
    max_ext = int(LIMITS["decision_extension_max_days"])
    if extension_days < 0 or suspended_days < 0:
        raise ValueError("延长或中止的天数不能为负数")
    if simplified and extension_days:
        raise ValueError(f"简易程序审理的案件不得延长审理期限({LIMITS['decision_extension_article']}第二款)")
    if extension_days > max_ext:
        raise ValueError(f"延长期限最多不得超过{max_ext}日({LIMITS['decision_extension_article']}第一款),"
                         f"收到 {extension_days} 日")
    notes = []
    if extension_days:
        notes.append(f"含经批准延长的 {extension_days} 日")
    if suspended_days:
        notes.append(f"中止期间 {suspended_days} 日不计入(行政复议法第三十九条)")
    return _deadline("decision_simplified" if simplified else "decision", accepted_on, calendar,
                     extra=extension_days + suspended_days, note=";".join(notes))


def opinion_report_due(received_on: dt.date, *, calendar) -> Deadline:
    """行政复议法第七十六条: report the correction within 60 days of receiving the 意见书."""
    return _deadline("opinion_report", received_on, calendar)


# ------------------------------------------------------------------ suit (行政诉讼法第四十五条、第四十六条)

def suit_deadline(decision_served_on: dt.date | None = None, period_expired_on: dt.date | None = None, *,
                  calendar) -> Deadline:
    """行政诉讼法第四十五条: 15 days from receiving the decision, or from the expiry of the decision period
    without a decision. Exactly one of the two dates."""
    if (decision_served_on is None) == (period_expired_on is None):
        raise ValueError("应当且只能给出复议决定书送达日或复议期满日之一(行政诉讼法第四十五条)")
    if decision_served_on is not None:
        return _deadline("suit", decision_served_on, calendar, note="自收到复议决定书之日起")
    return _deadline("suit", period_expired_on, calendar, note="复议机关逾期不作决定,自复议期满之日起")


def direct_suit_deadline(learned_on: dt.date, *, act_on: dt.date, real_property: bool = False,
                         calendar) -> Deadline:
    """行政诉讼法第四十六条: 6 months from knowing the act; at most 5 years from the act (20, real property)."""
    absolute = "suit_absolute_real_property" if real_property else "suit_absolute"
    return _earliest([("direct_suit", learned_on, {}), (absolute, act_on, {})], calendar)


# ------------------------------------------------------------------ warnings

def warning_level(start: dt.date, due: dt.date, today: dt.date, yellow_share: Decimal | str | float, *,
                  met_on: dt.date | None = None) -> str:
    """``"none"`` | ``"yellow"`` | ``"red"`` (the definition of ``fazhi.cases.deadlines``; see the docstring)."""
    if start > today or (met_on is not None and met_on <= today):
        return NONE
    if today > due:
        return RED
    share = Decimal(str(yellow_share))
    total = (due - start).days
    remaining = (due - today).days
    if total <= 0 or Decimal(remaining) <= share * Decimal(total):
        return YELLOW
    return NONE
