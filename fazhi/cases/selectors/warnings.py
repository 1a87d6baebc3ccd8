"""Deadline warnings (黄牌/红牌) of 行政处罚 cases: per case, per district, and month by month.

- ``case_dates(case)``: the plain snapshot ``fazhi.cases.deadlines`` computes with. Dates come from the
  case row; what the row does not hold comes from its ``CaseStep`` records: each 先行登记保存
  (``preserve_evidence``) is paired in order with the next ``decide_preservation``; 延长办案期限
  (``extend``, ``data["days"]``) gives the date of each extension (when the steps do not add up to
  ``deadline_extension_days`` the total is counted from 立案, date unknown); ``demand`` (催告) and
  ``apply_court`` (申请强制执行) give their dates; the first step into a final status (不予立案, 移送,
  归档) ends every open deadline. A case in a final status without such a step ended on
  ``archived_on`` or, unknown, at the beginning: it never warns.
- ``case_deadlines(case, *, on, calendar)``: every deadline of one case with its level on ``on``.
- ``warnings(*, user, on)``: ``{"on", "districts": [{"district", "yellow", "red"}], "cases": [{"case",
  "district", "deadline", "due", "level"}]}`` over the cases the user may see (``access.scope`` on
  ``district``) that are not in a final status on ``on``. ``districts`` lists every district of the
  user's scope in GB/T 2260 order, zero counts included: a city-wide user gets the 16 districts and then
  "市局" (city-level cases, ``district`` None); a district user gets their district. A case appears once
  per deadline in warning; ``cases`` is sorted red first, then by due date and case number. Each case
  entry also carries ``source`` (the article) and ``start``. ``user=None`` is the system's city-wide
  view (the console command ``fazhi cases warnings``).
- ``history(*, user, months, on)``: the counts per district at the end of each of the last ``months``
  months, the current month counted on ``on`` itself. **Approximation**: the past is recomputed from
  the case's dates as they are recorded now, keeping only dates on or before that month end
  (``CaseDates.as_of``): a step recorded later than the month end is ignored, but a date corrected
  afterwards is read as corrected, and a case's status then is inferred from its steps (as above).
- ``warnings_report(*, user, on)``: ``warnings`` plus ``not_computed`` (deadlines the calendar cannot
  compute); ``supervision(*, user, on, months)``: that and the ``history``, from one load of the cases.

Every count uses the ``WorkCalendar`` in force (``current_calendar()``) and the parameter
``case_warning_yellow_share`` in force on the day counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.cases import deadlines as dl
from fazhi.cases import procedure
from fazhi.cases.models import Case, CaseStep
from fazhi.core import access
from fazhi.core.calendar import WorkCalendar
from fazhi.core.services.calendar import current_calendar
from fazhi.orgs.models import District

CITY_LABEL = "市局"
CITY_KEY = "city"  # the ``?district=`` value of city-level cases on the supervision page
PAYABLE_TYPES = ("fine", "confiscate_gains")  # 行政处罚法 第六十七条: 罚款、没收违法所得 are paid


def final_statuses() -> frozenset[str]:
    return frozenset(s for p in procedure.load()[1].values() for s in p.final)


# ---------------------------------------------------------------- one case


def _payable(case: Case) -> bool:
    if case.decision == "no_penalty":
        return False
    amounts = [p.get("amount") for p in case.penalties or () if p.get("type") in PAYABLE_TYPES]
    return any(Decimal(str(a)) > 0 for a in amounts if a not in (None, "")) or bool(case.fine_amount)


def _hearing_right(case: Case) -> bool:
    """The party may ask for a hearing (行政处罚法 第六十三条) on the proposed penalties."""
    if case.hearing_requested_on or case.hearing_on:
        return True
    if not case.notified_on:
        return False
    from fazhi.cases.facts import penalty_from
    from fazhi.cases.rules import hearing_triggers

    try:
        penalties = [penalty_from(p) for p in case.proposed_penalties or ()]
        return bool(hearing_triggers(penalties, case.party_kind, case.notified_on))
    except (KeyError, ValueError, ArithmeticError):  # no threshold in force then, or a malformed entry
        return False


def _published_on(case: Case) -> dt.date | None:
    try:
        record = case.public_record
    except Case.public_record.RelatedObjectDoesNotExist:
        return None
    return timezone.localdate(record.published_at) if record.published_at else None


def _has_public_record(case: Case) -> bool:
    try:
        return case.public_record is not None
    except Case.public_record.RelatedObjectDoesNotExist:
        return False


def case_dates(case: Case, steps: list[CaseStep] | None = None) -> dl.CaseDates:
    """The snapshot of ``case`` (``steps``: its ``CaseStep`` rows in date order; read when not given)."""
    if steps is None:
        steps = list(CaseStep.objects.filter(case_id=case.pk).order_by("occurred_on", "recorded_at", "pk"))
    final = final_statuses()
    by_action: dict[str, list[CaseStep]] = {}
    for s in steps:
        by_action.setdefault(s.action, []).append(s)
    saved = [s.occurred_on for s in by_action.get("preserve_evidence", ())]
    decided = [s.occurred_on for s in by_action.get("decide_preservation", ())]
    preservations = tuple((on, decided[i] if i < len(decided) else None) for i, on in enumerate(saved))
    extensions = tuple((s.occurred_on, int((s.data or {}).get("days") or 0)) for s in by_action.get("extend", ()))
    if sum(n for _, n in extensions) != case.deadline_extension_days:
        extensions = ((None, case.deadline_extension_days),) if case.deadline_extension_days else ()
    ended = [s.occurred_on for s in steps if s.to_status in final]
    ended_on = min(ended) if ended else None
    if ended_on is None and case.status in final:
        ended_on = case.archived_on or dt.date.min
    last = {action: rows[-1].occurred_on for action, rows in by_action.items()}
    return dl.CaseDates(
        case_type=case.case_type, status=case.status, filed_on=case.filed_on, extensions=extensions,
        preservations=preservations, notified_on=case.notified_on, hearing_right=_hearing_right(case),
        hearing_requested_on=case.hearing_requested_on, hearing_notice_on=case.hearing_notice_on,
        hearing_on=case.hearing_on, decided_on=case.decided_on, served_on=case.served_on,
        service_effective_on=case.service_effective_on, payable=_payable(case), paid_on=case.paid_on,
        demand_on=last.get("demand"), court_applied_on=last.get("apply_court"),
        publication_required=case.decision == "penalty" or _has_public_record(case),
        published_on=_published_on(case), closed_on=case.closed_on, ended_on=ended_on,
    )


@dataclass(frozen=True)
class DeadlineRow:
    deadline: dl.Deadline
    level: str | None  # red / yellow / green, None when it cannot warn
    state: str

    @property
    def level_label(self) -> str:
        return dl.LEVEL_LABELS.get(self.level, "")


def case_deadlines(case: Case, *, on: dt.date, calendar: WorkCalendar | None = None) -> list[DeadlineRow]:
    """Every deadline of ``case`` as it stood on ``on``, with its level and state that day."""
    calendar = dl.memoized(calendar or current_calendar())
    share = dl.yellow_share_on(on)
    found = dl.case_deadlines(case_dates(case).as_of(on), calendar)
    return [DeadlineRow(d, d.level(on, yellow_share=share), d.state(on)) for d in found]


# ---------------------------------------------------------------- many cases


@dataclass(frozen=True)
class _Loaded:
    case: Case
    district: str  # district name, or 市局
    dates: dl.CaseDates


def _district_names(user) -> list[str]:
    districts = District.objects.order_by("code")
    if user is None or (access.can(user, Cap.REGISTRY_VIEW) and access.is_city_wide(user)):
        return [d.name for d in districts] + [CITY_LABEL]
    if not access.can(user, Cap.REGISTRY_VIEW):
        return []  # access.scope shows such a user nothing
    return [d.name for d in districts.filter(pk=user.organization.district_id)]


def _load(user, since: dt.date) -> list[_Loaded]:
    """Cases in scope that may have a deadline on or after ``since``: filed or decided, and not in a
    final status already reached before ``since``."""
    final = final_statuses()
    qs = Case.objects.select_related("district", "public_record").filter(
        Q(filed_on__isnull=False) | Q(decided_on__isnull=False))
    if user is not None:
        qs = access.scope(user, qs, "district")
    late_final = CaseStep.objects.filter(to_status__in=final, occurred_on__gt=since).values("case_id")
    qs = qs.filter(~Q(status__in=final) | Q(pk__in=late_final))
    steps = CaseStep.objects.only("case_id", "action", "occurred_on", "to_status", "data").order_by(
        "occurred_on", "recorded_at", "pk")
    qs = qs.prefetch_related(Prefetch("steps", queryset=steps, to_attr="step_rows")).order_by("number")
    return [_Loaded(c, c.district.name if c.district_id else CITY_LABEL, case_dates(c, c.step_rows)) for c in qs]


def _count(rows: list[_Loaded], names: list[str], day: dt.date, calendar: WorkCalendar):
    share = dl.yellow_share_on(day)
    counts = {name: {"district": name, "yellow": 0, "red": 0} for name in names}
    entries, errors = [], []
    for row in rows:
        dates = row.dates.as_of(day)
        if dates.ended_on is not None:
            continue  # in a final status by then
        for position, d in enumerate(dl.case_deadlines(dates, calendar)):
            if d.error and d.start <= day and not d.met_by(day):
                errors.append({"case": row.case, "district": row.district, "deadline": d.what, "error": d.error})
            level = d.level(day, yellow_share=share)
            if level not in (dl.YELLOW, dl.RED):
                continue
            counts.setdefault(row.district, {"district": row.district, "yellow": 0, "red": 0})[level] += 1
            entry = {"case": row.case, "district": row.district, "deadline": d.what, "due": d.due, "level": level,
                     "source": d.source, "start": d.start}
            entries.append(((level != dl.RED, d.due, row.case.number, position), entry))
    entries.sort(key=lambda pair: pair[0])  # red first, then due date, case number, procedure order
    return list(counts.values()), [entry for _, entry in entries], errors


def _warnings(rows, names, on, calendar) -> tuple[dict, list[dict]]:
    districts, entries, errors = _count(rows, names, on, calendar)
    return {"on": on, "districts": districts, "cases": entries}, errors


def warnings(*, user, on: dt.date, calendar: WorkCalendar | None = None) -> dict:
    """The cases in warning on ``on`` and the counts per district (see the module docstring)."""
    calendar = dl.memoized(calendar or current_calendar())
    return _warnings(_load(user, on), _district_names(user), on, calendar)[0]


def warnings_report(*, user, on: dt.date, calendar: WorkCalendar | None = None) -> dict:
    """``warnings`` plus ``not_computed``: the deadlines running on ``on`` whose due date the calendar
    cannot compute (a year not covered), ``[{"case", "district", "deadline", "error"}]``."""
    calendar = dl.memoized(calendar or current_calendar())
    result, errors = _warnings(_load(user, on), _district_names(user), on, calendar)
    return {**result, "not_computed": errors}


def month_points(on: dt.date, months: int) -> list[dt.date]:
    """The last day of each of the ``months - 1`` months before ``on``'s month, then ``on`` itself."""
    points = [on]
    first = on.replace(day=1)
    for _ in range(max(months, 1) - 1):
        first_prev = (first - dt.timedelta(days=1)).replace(day=1)
        points.append(first - dt.timedelta(days=1))
        first = first_prev
    return sorted(points)


def _history(rows, names, points, calendar) -> list[dict]:
    out = []
    for day in points:
        districts, _, _ = _count(rows, names, day, calendar)
        out.append({"day": day, "month": f"{day:%Y-%m}", "districts": districts,
                    "yellow": sum(d["yellow"] for d in districts), "red": sum(d["red"] for d in districts)})
    return out


def history(*, user, months: int, on: dt.date, calendar: WorkCalendar | None = None) -> list[dict]:
    """Yellow/red counts per district at each month end: ``[{"day", "month", "districts": [{"district",
    "yellow", "red"}], "yellow", "red"}]``, oldest first (see the module docstring's approximation)."""
    calendar = dl.memoized(calendar or current_calendar())
    points = month_points(on, months)
    return _history(_load(user, points[0]), _district_names(user), points, calendar)


def supervision(*, user, on: dt.date, months: int = 12, calendar: WorkCalendar | None = None) -> dict:
    """The warnings on ``on`` (plus ``not_computed``) and the ``history`` of the last ``months`` months."""
    calendar = dl.memoized(calendar or current_calendar())
    points = month_points(on, months)
    rows, names = _load(user, points[0]), _district_names(user)
    result, errors = _warnings(rows, names, on, calendar)
    return {**result, "not_computed": errors, "history": _history(rows, names, points, calendar)}
