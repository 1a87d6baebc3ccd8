"""Writes to the 监管对象名录库. Every write is checked by the import spec and audited."""

from __future__ import annotations

from fazhi.core import records
from fazhi.institutions.importers import InstitutionSpec, PractitionerSpec
from fazhi.institutions.models import Institution, InstitutionStatus, Practitioner, PractitionerStatus


def institution_create(*, actor, data: dict[str, str]) -> Institution:
    return records.record_create(actor=actor, spec=InstitutionSpec(), texts=data)


def institution_update(*, actor, institution: Institution, data: dict[str, str], reason: str = "") -> Institution:
    data = {k: v for k, v in data.items() if k != "status"}  # status changes only with a reason
    return records.record_update(actor=actor, spec=InstitutionSpec(), obj=institution, texts=data, reason=reason)


def institution_change_status(*, actor, institution: Institution, status: str, reason: str) -> Institution:
    return records.record_set_status(actor=actor, spec=InstitutionSpec(), obj=institution, status=status,
                                     reason=reason, choices=InstitutionStatus)


def practitioner_create(*, actor, data: dict[str, str]) -> Practitioner:
    return records.record_create(actor=actor, spec=PractitionerSpec(), texts=data)


def practitioner_update(*, actor, practitioner: Practitioner, data: dict[str, str], reason: str = "") -> Practitioner:
    data = {k: v for k, v in data.items() if k != "status"}
    return records.record_update(actor=actor, spec=PractitionerSpec(), obj=practitioner, texts=data, reason=reason)


def practitioner_change_status(*, actor, practitioner: Practitioner, status: str, reason: str) -> Practitioner:
    return records.record_set_status(actor=actor, spec=PractitionerSpec(), obj=practitioner, status=status,
                                     reason=reason, choices=PractitionerStatus)
