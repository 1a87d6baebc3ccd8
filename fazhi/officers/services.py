"""Writes to the 执法人员名录库."""

from __future__ import annotations

from fazhi.core import records
from fazhi.officers.importers import OfficerSpec
from fazhi.officers.models import Officer, OfficerStatus


def officer_create(*, actor, data: dict[str, str]) -> Officer:
    return records.record_create(actor=actor, spec=OfficerSpec(), texts=data)


def officer_update(*, actor, officer: Officer, data: dict[str, str], reason: str = "") -> Officer:
    data = {k: v for k, v in data.items() if k != "status"}
    return records.record_update(actor=actor, spec=OfficerSpec(), obj=officer, texts=data, reason=reason)


def officer_change_status(*, actor, officer: Officer, status: str, reason: str) -> Officer:
    return records.record_set_status(actor=actor, spec=OfficerSpec(), obj=officer, status=status, reason=reason,
                                     choices=OfficerStatus)
