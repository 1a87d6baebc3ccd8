"""Publishing a decided penalty (行政处罚法 第四十八条; 国办发〔2018〕118号: within 7 working days of the
decision) and withdrawing it when the decision is changed or revoked (第四十八条第二款: within 3 days).

The content was fixed, masked, when the decision was made (``transition._publish_hook``); publishing
only stamps the time, so what the public sees is exactly what was reviewed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.cases.models import PublicRecord
from fazhi.core import access
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, ValidationFailed


def _locked(actor, record: PublicRecord, what: str) -> PublicRecord:
    access.require(actor, Cap.CASE_APPROVE, what)
    record = PublicRecord.objects.select_for_update(of=("self",)).select_related("case").get(pk=record.pk)
    if not access.in_scope(actor, record.case.district_id):
        raise NotFound("记录不存在,或不在您的管辖范围内")
    return record


def public_record_publish(*, actor, record: PublicRecord) -> PublicRecord:
    with transaction.atomic():
        record = _locked(actor, record, "公开行政处罚决定")
        if record.published_at is not None:
            raise InvalidTransition("该处罚决定已经公开")
        if record.withdrawn_at is not None:
            raise InvalidTransition("该处罚决定的公开已撤回,不能再次公开")
        record.published_at = timezone.now()
        record.save(update_fields=["published_at"])
        record_event(actor=actor, obj=record, action="case_public_record.publish",
                     after=snapshot(record, ["case_id", "published_at", "due_on"]))
    return record


def public_record_withdraw(*, actor, record: PublicRecord, reason: str) -> PublicRecord:
    if not (reason or "").strip():
        raise ValidationFailed(FieldProblem("撤回理由", "撤回公开必须说明理由(如决定被变更、撤销或确认无效)"))
    with transaction.atomic():
        record = _locked(actor, record, "撤回公开的行政处罚决定")
        if record.published_at is None or record.withdrawn_at is not None:
            raise InvalidTransition("只有已公开且未撤回的处罚决定才能撤回")
        record.withdrawn_at, record.withdraw_reason = timezone.now(), reason.strip()
        record.save(update_fields=["withdrawn_at", "withdraw_reason"])
        record_event(actor=actor, obj=record, action="case_public_record.withdraw",
                     after=snapshot(record, ["case_id", "withdrawn_at"]), reason=record.withdraw_reason)
    return record
