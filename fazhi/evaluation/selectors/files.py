"""What the automatic pre-checks read of a case: ``case_snapshot(case, on)`` gathers a ``CaseSnapshot``
(``fazhi/evaluation/snapshot.py``) from the database as the case stood when evaluated on ``on``.

Where each field comes from:

- ``steps``: the ``CaseStep`` rows (date order), each with the documents its procedure step requires;
  ``issued_documents``: the case's ``Document`` rows with status 已签发 (voided and drafts excluded);
- ``overdue``: the case's deadlines (``cases.selectors.warnings.case_deadlines`` on ``on``) that were met
  after their due date, or are still unmet on ``on`` (or were unmet when the case ended) past it;
  informative periods and periods the calendar cannot compute are left out;
- ``basis_articles``: "律师法第五十条" for each basis article; ``officers``: the active 承办人员 with whether
  their 执法证 was valid on the filing day (行政处罚法 第四十二条; the registration day for a case never
  filed); ``min_officers``: parameter ``enforcement_min_officers`` on that day (two before the parameter's
  first date: 行政处罚法 (1996) 第三十七条 already said 不得少于两人);
- ``notified``: 事先告知 recorded (第四十四条); ``statement_recorded``: a 陈述申辩 step, an express waiver, a
  hearing held, or a decision made after the statement period (parameter
  ``statement_period_working_days``) had run out — the party was heard or had the chance (第四十五条、
  第六十二条);
- ``hearing_right``: as the deadlines compute it (第六十三条); ``hearing_held``: the hearing procedure
  ended (held, or deemed waived by the party's absence, 第六十四条第八项);
- ``legal_review_required`` (ordinary procedure): 情节复杂或重大, a hearing actually held, a penalty the
  party may ask a hearing on when the parameter ``legal_review_for_hearing_right_penalties`` says so (as
  the rule ``legal_review_done_if_required``), or a flagged deviation from the 裁量基准;
  ``legal_review_passed``: the last 法制审核 on or before the decision (and after a hearing held) passed
  (第五十八条);
- ``discretion_deviation`` / ``discretion_reason``: ``Case.discretion_deviation`` / ``discretion_reason``
  when the case has them (added with the discretion enforcement), else no deviation.
"""

from __future__ import annotations

import datetime as dt

from fazhi.cases.facts import LEGAL_REVIEW_PASSED, penalty_from
from fazhi.cases.models import Case, CaseOfficer, CaseStep
from fazhi.cases.rules import hearing_triggers
from fazhi.cases.selectors.warnings import case_dates, case_deadlines
from fazhi.core import parameters
from fazhi.core.errors import CalendarNotCovered
from fazhi.core.services.calendar import current_calendar
from fazhi.documents.models import Document, DocumentStatus
from fazhi.evaluation.snapshot import CaseSnapshot, OfficerOnCase, Overdue, StepDone
from fazhi.officers.credentials import credential_state

MIN_OFFICERS_BEFORE_PARAMETER = 2  # 行政处罚法 (1996) 第三十七条: 执法人员不得少于两人


def _param(name: str, on: dt.date, default):
    try:
        return parameters.value(name, on)
    except KeyError:  # before the parameter's first dated value
        return default


def _steps(rows: list[CaseStep]) -> tuple[StepDone, ...]:
    """Each step with the documents it required when taken (``CaseStep.documents``, from the procedure)."""
    return tuple(StepDone(r.action, r.label, r.occurred_on, tuple(int(n) for n in r.documents or ())) for r in rows)


def _overdue(case: Case, on: dt.date) -> tuple[Overdue, ...]:
    out = []
    for row in case_deadlines(case, on=on):
        d = row.deadline
        if d.informative or d.due is None:
            continue
        if d.met_on is not None:
            late = d.met_on > d.due
        else:
            late = min(on, d.ended_on or on) > d.due
        if late:
            out.append(Overdue(label=d.what, due=d.due, done_on=d.met_on, article=d.source))
    return tuple(out)


def _statement_recorded(case: Case, actions: set[str]) -> bool:
    if case.rights_waived or "record_statement" in actions or case.hearing_held_on is not None:
        return True
    if case.notified_on is None or case.decided_on is None:
        return False
    days = _param("statement_period_working_days", case.notified_on, None)
    if days is None:
        return False
    try:
        return case.decided_on > current_calendar().add_working_days(case.notified_on, int(days))
    except CalendarNotCovered:
        return False


def _legal_review(case: Case, rows: list[CaseStep], deviation: bool) -> tuple[bool, bool]:
    """(required, passed) — 行政处罚法 第五十八条."""
    if case.case_type != "ordinary":
        return False, False
    hearings = [r for r in rows if r.action == "hold_hearing"]
    held = case.hearing_held_on is not None and (not hearings or (hearings[-1].data or {}).get("outcome", "held") == "held")
    day = case.notified_on or case.decided_on or case.received_on
    penalties = [] if case.decision == "no_penalty" else [
        penalty_from(p) for p in (case.penalties or case.proposed_penalties or ())]
    try:
        triggers = bool(_param("legal_review_for_hearing_right_penalties", day, False)) and \
            bool(hearing_triggers(penalties, case.party_kind, day))
    except (KeyError, ValueError, ArithmeticError):
        triggers = False
    required = case.major_or_complex or held or triggers or deviation
    reviews = [r for r in rows if r.action == "legal_review" and (case.decided_on is None or r.occurred_on <= case.decided_on)]
    passed = bool(reviews) and (reviews[-1].data or {}).get("conclusion") == LEGAL_REVIEW_PASSED and \
        not (held and reviews[-1].occurred_on < case.hearing_held_on)
    return required, passed


def case_snapshot(case: Case, on: dt.date) -> CaseSnapshot:
    """The snapshot of ``case`` evaluated on ``on`` (see the module docstring)."""
    rows = list(CaseStep.objects.filter(case_id=case.pk).order_by("occurred_on", "recorded_at", "pk"))
    actions = {r.action for r in rows}
    filed = case.filed_on or case.received_on
    officers = tuple(
        OfficerOnCase(name=row.officer.name, credential_no=row.officer.credential_no or "",
                      credential_valid=credential_state(row.officer, filed).may_act)
        for row in CaseOfficer.objects.filter(case_id=case.pk, active=True).select_related("officer").order_by("pk"))
    deviation = bool(getattr(case, "discretion_deviation", False))
    reason = getattr(case, "discretion_reason", "") or ""
    required, passed = _legal_review(case, rows, deviation)
    hearing_outcomes = [(r.data or {}).get("outcome", "held") for r in rows if r.action == "hold_hearing"]
    return CaseSnapshot(
        number=case.number,
        case_type=case.case_type,
        decision=case.decision or "",
        steps=_steps(rows),
        issued_documents=tuple(sorted(Document.objects.filter(case_id=case.pk, status=DocumentStatus.ISSUED)
                                      .values_list("type_no", flat=True))),
        overdue=_overdue(case, on),
        basis_articles=tuple(f"{a.law.short_name}{a.label}" for a in
                             case.basis_articles.select_related("law").order_by("law__short_name", "number")),
        officers=officers,
        min_officers=int(_param("enforcement_min_officers", filed, MIN_OFFICERS_BEFORE_PARAMETER)),
        notified=case.notified_on is not None or "notify" in actions,
        statement_recorded=_statement_recorded(case, actions),
        hearing_right=case_dates(case, rows).hearing_right,
        hearing_requested=case.hearing_requested_on is not None,
        hearing_held=case.hearing_held_on is not None,
        legal_review_passed=passed,
        legal_review_required=required,
        discretion_deviation=deviation,
        discretion_reason=str(reason),
        extra={"party_kind": case.party_kind, "filed_on": case.filed_on, "decided_on": case.decided_on,
               "closed_on": case.closed_on, "archived_on": case.archived_on, "hearing_outcomes": hearing_outcomes,
               "evidence_count": case.evidence.count()},
    )
