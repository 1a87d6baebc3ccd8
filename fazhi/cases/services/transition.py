"""The one function that moves a 行政处罚 case along its procedure: ``case_advance``.

Nothing else sets ``Case.status`` (``case_register`` gives a new case its procedure's start status):
the step must be in the case type's table (``fazhi/cases/data/procedure.toml``, loaded by
``fazhi.cases.procedure``) from the current status, the actor must hold the step's capability within the
case's district, the step's data must be well formed (``services/step_data.py``), and every legal
precondition the table names (``fazhi.cases.rules``) must hold for the case as it would be after the
step. Otherwise nothing is saved: ``InvalidTransition`` (the step is not allowed now; names the article),
``PermissionDenied``, ``NotFound`` (another district's case) or ``ValidationFailed`` listing every failed
precondition with its article. A step that passes is saved with its ``CaseStep`` record (the documents it
requires and its article) and an audit event, in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.cases import procedure
from fazhi.cases.facts import PENALTY_TYPES, penalty_from
from fazhi.cases.models import Case, CaseStep, PublicRecord
from fazhi.cases.models.case import PartyKind
from fazhi.cases.rules import RULES
from fazhi.cases.selectors.cases import case_facts
from fazhi.cases.services import step_data
from fazhi.core import access, cells, parameters
from fazhi.core.audit import record_event, snapshot
from fazhi.core.calendar import WorkCalendar
from fazhi.core.errors import FieldProblem, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.importing import CellError
from fazhi.core.masking import mask_name, scrub_text
from fazhi.core.services.calendar import current_calendar

CASE_FIELDS = [
    "status", "filed_on", "deadline_extension_days", "proposed_penalties", "notified_on", "rights_waived",
    "hearing_requested_on", "hearing_on", "hearing_notice_on", "hearing_held_on", "decision", "decided_on",
    "penalties", "fine_amount", "education_note", "served_on", "service_method", "service_effective_on",
    "paid_on", "paid_amount", "closed_on", "archived_on", "transferred_to", "discretion_deviation", "discretion_reason",
]
# Saved but not copied into the audit event: the 裁量基准 snapshot (its explanation is long); the step's
# CaseStep.data keeps it, and the audit keeps the deviation flag and reason.
SAVED_FIELDS = [*CASE_FIELDS, "discretion"]
PUBLICATION_DAYS = "penalty_publication_working_days"


def _step_date(on, case: Case) -> dt.date:
    """The day the step happened: a date, not in the future, not before the case was registered nor
    before the last recorded step (the file is kept in the order things happened, 行政处罚法 第四十七条)."""
    if isinstance(on, dt.datetime):
        on = on.date()
    if not isinstance(on, dt.date):
        try:
            on = cells.date(str(on or "").strip(), None)
        except CellError as exc:
            raise ValidationFailed(FieldProblem("办理日期", exc.args[0] if on else "不能为空")) from None
    today = timezone.localdate()
    if on > today:
        raise ValidationFailed(FieldProblem("办理日期", f"不能晚于今天({today:%Y-%m-%d})"))
    if on < case.received_on:
        raise ValidationFailed(FieldProblem("办理日期", f"不能早于案源登记日期({case.received_on:%Y-%m-%d})"))
    last = case.steps.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    if last is not None and on < last:
        raise ValidationFailed(FieldProblem("办理日期", f"不能早于上一环节的日期({last:%Y-%m-%d})"))
    return on


def case_advance(*, actor, case: Case, action: str, on, data: dict | None = None) -> Case:
    """Take the step ``action`` on ``on`` with its ``data``; return the saved case."""
    if actor is None:
        raise PermissionDenied("办案环节须由工作人员办理并记录")
    data = dict(data or {})
    with transaction.atomic():
        # Lock only the case row: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        case = (Case.objects.select_for_update(of=("self",))
                .select_related("unit", "district", "institution", "practitioner").get(pk=case.pk))
        if not access.in_scope(actor, case.district_id):
            raise NotFound("记录不存在,或不在您的管辖范围内")
        step = procedure.step(case.case_type, action, case.status)
        access.require(actor, Cap(step.who), f"“{step.label}”")
        day = _step_date(on, case)
        before = snapshot(case, CASE_FIELDS)
        calendar = current_calendar()
        ctx = step_data.StepContext(case=case, action=action, on=day, data=data, calendar=calendar, actor=actor)
        stored = step_data.apply(ctx)  # changes the locked instance only; saved below if the rules pass
        facts = case_facts(case, on=day, actor=actor, calendar=calendar, action=action)
        problems = [FieldProblem(step.label, reason) for code in step.requires
                    if (reason := RULES[code](facts, stored)) is not None]
        if problems:
            raise ValidationFailed(problems)  # rolls back anything the handler wrote (a recusal)
        from_status = case.status
        case.status = step.target(from_status)
        case.save(update_fields=SAVED_FIELDS)
        stored = step_data.stored_json(stored)
        if facts.actor_officer_id is not None and action == "legal_review":
            stored["reviewer_officer_id"] = facts.actor_officer_id
        documents = list(step.documents)
        if action == "notify" and RULES["hearing_right_applies"](facts, {}) is not None:
            documents = [d for d in documents if d != HEARING_NOTICE_DOC]  # no hearing right: no 听证告知书
        CaseStep.objects.create(case=case, action=action, label=step.label, occurred_on=day, from_status=from_status,
                                to_status=case.status, data=stored, documents=documents,
                                article=step.article[:120], recorded_by=actor)
        if action == "decide":
            _publish_hook(actor, case, calendar)
        why = stored.get("reason") or stored.get("deviation_reason") or ""  # 偏离裁量基准的理由 too
        record_event(actor=actor, obj=case, action=f"case.{action}", before=before,
                     after=snapshot(case, CASE_FIELDS), reason=str(why))
    return case


# ---------------------------------------------------------------- publication hook

def public_content(case: Case) -> dict:
    """What the public may see of a decided penalty (行政处罚法 第四十八条; 国办发〔2018〕118号): the case
    number, the party (an organization's full name; a natural person's name masked), the violation (with
    any ID or mobile number inside it masked), the basis, the penalties, the date and the unit. Never a
    natural person's ID number, phone or address."""
    person = case.party_kind == PartyKind.PERSON
    basis = [str(a) for a in case.basis_articles.select_related("law").order_by("law__short_name", "number")]
    return {
        "case_number": case.number,
        "party": mask_name(case.party_name) if person else case.party_name,
        "party_kind": case.party_kind,
        "violation": scrub_text(case.violation_summary),
        "basis": basis,
        "penalties": [penalty_from(p).label for p in case.penalties],
        "penalty_types": [PENALTY_TYPES[p["type"]].label for p in case.penalties if p.get("type") in PENALTY_TYPES],
        "fine_amount": str(case.fine_amount) if case.fine_amount is not None else None,
        "decided_on": case.decided_on.isoformat(),
        "unit": case.unit.name,
    }


HEARING_NOTICE_DOC = 22  # 听证告知书 (行政处罚法 第六十三条、第六十四条), docs/documents.md


def _publish_hook(actor, case: Case, calendar: WorkCalendar) -> PublicRecord:
    """Create (or refresh, if a decision is made again) the case's public record, due within
    ``penalty_publication_working_days`` working days of the decision (国办发〔2018〕118号)."""
    due = calendar.add_working_days(case.decided_on, parameters.value(PUBLICATION_DAYS, case.decided_on))
    record, created = PublicRecord.objects.update_or_create(
        case=case, defaults={"content": public_content(case), "due_on": due})
    record_event(actor=actor, obj=record, action=f"case_public_record.{'create' if created else 'update'}",
                 after=snapshot(record, ["case_id", "content", "due_on"]))
    return record
