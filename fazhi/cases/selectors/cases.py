"""Reads of 行政处罚 cases, scoped by district (``fazhi.core.access``): another district's case does not
exist for the user (404). Also the facts the legal preconditions read (``case_facts``) and the steps a
user may take next (``available_actions``)."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from django.db.models import Q, QuerySet

from fazhi.accounts.roles import Cap
from fazhi.cases import discretion, procedure
from fazhi.cases.facts import CaseFacts, OfficerFact, StepRecord, penalty_from
from fazhi.cases.models import Case, CaseOfficer, CaseStep
from fazhi.core import access
from fazhi.core.calendar import WorkCalendar
from fazhi.core.errors import DomainError
from fazhi.inspections.models import OfficerRelationship
from fazhi.officers.credentials import credential_state
from fazhi.officers.models import Officer


def _cases() -> QuerySet:
    return Case.objects.select_related("unit", "district", "institution", "practitioner", "practitioner__institution")


def case_list(*, user, status: str = "", district: str = "", q: str = "", mine: bool = False) -> QuerySet:
    """Cases in the user's scope. ``status``: a status code; ``district``: a district code; ``q``: number,
    party or violation; ``mine``: cases where the user's officer record is an active 承办人员."""
    qs = access.scope(user, _cases(), "district")
    if status:
        qs = qs.filter(status=status)
    if district:
        qs = qs.filter(district__code=district)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(party_name__icontains=q) | Q(violation_summary__icontains=q))
    if mine:
        qs = qs.filter(pk__in=CaseOfficer.objects.filter(officer__user=user, active=True).values("case_id"))
    return qs.order_by("-received_on", "-pk")


def case_get(*, user, pk) -> Case:
    return access.get_scoped(user, _cases(), pk, "district")


def conflicted_officer_ids(case: Case, on: dt.date) -> frozenset[int]:
    """Officers with a declared relationship (回避, 行政处罚法 第四十三条) in force on ``on`` with the party:
    the institution, or the practitioner and the institution they practise in."""
    targets = Q()
    if case.institution_id:
        targets |= Q(institution_id=case.institution_id)
    if case.practitioner_id:
        targets |= Q(practitioner_id=case.practitioner_id) | Q(institution_id=case.practitioner.institution_id)
    if not targets:
        return frozenset()
    rows = (OfficerRelationship.objects.filter(targets)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on)).values_list("officer_id", flat=True))
    return frozenset(rows)


def _officers(case: Case, on: dt.date) -> tuple[OfficerFact, ...]:
    out = []
    for row in CaseOfficer.objects.filter(case_id=case.pk).select_related("officer").order_by("pk"):
        state = credential_state(row.officer, on)
        out.append(OfficerFact(id=row.officer_id, name=row.officer.name, role=row.role, active=row.active,
                               may_act=state.may_act, credential_label=state.label,
                               legal_qualification=row.officer.has_legal_qualification))
    return tuple(out)


def _steps(case: Case) -> MappingProxyType:
    steps: dict[str, list[StepRecord]] = {}
    rows = (CaseStep.objects.filter(case_id=case.pk).order_by("occurred_on", "recorded_at", "pk")
            .values_list("action", "occurred_on", "data"))
    for seq, (action, occurred_on, data) in enumerate(rows, start=1):
        steps.setdefault(action, []).append(StepRecord(occurred_on, MappingProxyType(dict(data or {})), seq))
    return MappingProxyType({k: tuple(v) for k, v in steps.items()})


def case_facts(case: Case, *, on: dt.date, actor, calendar: WorkCalendar, action: str = "") -> CaseFacts:
    """Everything the preconditions look at, as plain values, for a step ``action`` taken on ``on`` by
    ``actor``. ``case`` may carry unsaved changes (the step's data applied to it): they are what is read."""
    actor_officer = Officer.objects.filter(user_id=actor.pk).first() if actor is not None else None
    return CaseFacts(
        calendar=calendar, on=on, case_type=case.case_type, status=case.status, action=action,
        party_kind=case.party_kind,
        received_on=case.received_on, violation_date=case.violation_date, violation_ended_on=case.violation_ended_on,
        discovered_on=case.discovered_on, filed_on=case.filed_on, notified_on=case.notified_on,
        hearing_requested_on=case.hearing_requested_on, hearing_notice_on=case.hearing_notice_on,
        hearing_on=case.hearing_on, hearing_held_on=case.hearing_held_on, decided_on=case.decided_on,
        served_on=case.served_on, service_effective_on=case.service_effective_on, paid_on=case.paid_on,
        endangers_life_or_finance=case.endangers_life_or_finance, major_or_complex=case.major_or_complex,
        rights_waived=case.rights_waived, decision=case.decision,
        proposed_penalties=tuple(penalty_from(p) for p in case.proposed_penalties or ()),
        penalties=tuple(penalty_from(p) for p in case.penalties or ()),
        fine_amount=case.fine_amount, paid_amount=case.paid_amount, review_or_suit_days=case.review_or_suit_days,
        deadline_extension_days=case.deadline_extension_days, education_note=case.education_note,
        service_method=case.service_method, transferred_to=case.transferred_to,
        basis_article_ids=tuple(case.basis_articles.values_list("pk", flat=True)) if case.pk else (),
        evidence_count=case.evidence.count() if case.pk else 0,
        officers=_officers(case, on), conflicts=conflicted_officer_ids(case, on),
        actor_officer_id=actor_officer.pk if actor_officer else None,
        actor_legal_qualification=bool(actor_officer and actor_officer.has_legal_qualification),
        steps=_steps(case),
    )


def available_actions(case: Case, user) -> list[procedure.Step]:
    """The steps the table allows from the case's status whose capability ``user`` holds (none outside
    the user's scope), except 裁量情节认定 when the case's basis is no matter of the 裁量基准. Whether their
    preconditions hold is known only when they are tried."""
    if not access.in_scope(user, case.district_id):
        return []
    steps = [s for s in procedure.actions_from(case.case_type, case.status) if access.can(user, Cap(s.who))]
    if any(s.action == discretion.ASSESS for s in steps) and not _has_matter(case):
        steps = [s for s in steps if s.action != discretion.ASSESS]
    return steps


def _has_matter(case: Case) -> bool:
    try:
        return bool(discretion.matters_for_case(case))
    except DomainError:  # invalid benchmark files: offer the step, whose handler names the problem
        return True
