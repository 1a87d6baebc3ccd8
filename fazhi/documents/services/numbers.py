"""发文字号: gapless numbering per unit, series and year (GB/T 9704-2012 7.2.4).

``number_allocate`` runs inside the caller's transaction, so a number exists only if the document (or
case) it was taken for is saved: a rolled-back request gives its number back, and the next request
takes it — no gap. The series' counter row is locked (``SELECT … FOR UPDATE``) for the rest of the
transaction, so concurrent requests of one series queue and never share a number. Every number taken is
kept in the ledger (``IssuedNumber``); a number that is no longer wanted is voided, never reused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, InvalidTransition, ValidationFailed
from fazhi.documents.layout import number_text
from fazhi.documents.models import IssuedNumber, NumberSeries, NumberStatus


def number_allocate(*, unit, series: str, year: int, purpose: str) -> IssuedNumber:
    """Take the next number of ``unit``'s ``series`` for ``year``. Call it inside the transaction that
    saves what the number is for."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_allocate must run inside the transaction that uses the number")
    counter, _ = NumberSeries.objects.select_for_update().get_or_create(unit=unit, series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    text = number_text(unit.doc_prefix or unit.name, series, year, counter.last)
    return IssuedNumber.objects.create(unit=unit, series=series, year=year, seq=counter.last, text=text,
                                       purpose=purpose)


def number_void(*, actor, number: IssuedNumber, reason: str) -> IssuedNumber:
    """Void a number that was taken (its document voided): it stays in the ledger, marked voided with
    the reason, and is never given out again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(FieldProblem("作废理由", "不能为空"))
    with transaction.atomic():
        number = IssuedNumber.objects.select_for_update().get(pk=number.pk)
        if number.status == NumberStatus.VOIDED:
            raise InvalidTransition(f"文号 {number.text} 已作废")
        before = snapshot(number, ["status", "void_reason"])
        number.status, number.void_reason, number.voided_at = NumberStatus.VOIDED, reason, timezone.now()
        number.save(update_fields=["status", "void_reason", "voided_at"])
        record_event(actor=actor, obj=number, action="issued_number.void", before=before,
                     after=snapshot(number, ["status", "void_reason"]), reason=reason)
    return number


def ledger_gaps(*, unit, series: str, year: int) -> list[int]:
    """The sequence numbers missing from a series' ledger (should always be empty)."""
    seqs = list(IssuedNumber.objects.filter(unit=unit, series=series, year=year).values_list("seq", flat=True))
    return sorted(set(range(1, max(seqs, default=0) + 1)) - set(seqs))
