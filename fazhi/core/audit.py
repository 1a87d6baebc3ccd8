"""Writing and checking the audit trail. Every service that writes calls ``record_event`` (or
``record_events`` for bulk work) inside its transaction; nothing else writes ``AuditEvent`` rows.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from django.db import models, transaction
from django.utils import timezone

from fazhi.core import audit_chain
from fazhi.core.bulk import insert_many
from fazhi.core.models import AuditChainHead, AuditEvent

SYSTEM_LABEL = "系统"


def json_value(value: Any) -> Any:
    """A JSON-safe, hash-stable form of a field value (dates ISO, Decimal as string)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [json_value(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, float):
        return str(value)
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The audited state of a model instance: concrete field values by attribute name (FKs as ids)."""
    names = fields or [f.attname for f in instance._meta.concrete_fields if f.attname != "id"]
    return {name: json_value(getattr(instance, name)) for name in names}


def changed_fields(before: dict, after: dict) -> list[str]:
    return sorted(k for k in after if before.get(k) != after.get(k))


@dataclass
class EventDraft:
    action: str
    object_type: str
    object_id: str
    object_label: str = ""
    before: dict | None = None
    after: dict | None = None
    reason: str = ""
    extra: dict = field(default_factory=dict)


def object_type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def draft_for(obj: models.Model, action: str, *, before=None, after=None, reason="") -> EventDraft:
    return EventDraft(
        action=action, object_type=object_type_of(obj), object_id=str(obj.pk),
        object_label=str(obj)[:255], before=before, after=after, reason=reason,
    )


def record_event(*, actor, obj: models.Model, action: str, before=None, after=None, reason: str = "") -> None:
    """Append one event about ``obj``. Call inside the service's transaction."""
    record_events(actor=actor, drafts=[draft_for(obj, action, before=before, after=after, reason=reason)])


def record_events(*, actor, drafts: list[EventDraft]) -> int:
    """Append events in order, extending the chain under a lock on its head; return how many."""
    if not drafts:
        return 0
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, seq=0, hash=audit_chain.GENESIS_HASH)
        now = timezone.now()
        actor_id = actor.pk if actor is not None else None
        actor_label = actor.get_username() if actor is not None else SYSTEM_LABEL
        seq, prev = head.seq, head.hash
        events = []
        for d in drafts:
            seq += 1
            content = {
                "seq": seq,
                "occurred_at": json_value(now),
                "actor_id": actor_id,
                "actor_label": actor_label,
                "action": d.action,
                "object_type": d.object_type,
                "object_id": d.object_id,
                "object_label": d.object_label,
                "before": json_value(d.before),
                "after": json_value(d.after),
                "reason": d.reason,
            }
            digest = audit_chain.event_hash(content, prev)
            events.append({**content, "actor_id": actor_id, "occurred_at": now, "prev_hash": prev, "hash": digest})
            prev = digest
        insert_many(AuditEvent, events)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    return len(events)


def _rows() -> Iterator[dict]:
    qs = AuditEvent.objects.order_by("seq").values(
        "seq", "occurred_at", "actor_id", "actor_label", "action", "object_type", "object_id",
        "object_label", "before", "after", "reason", "prev_hash", "hash",
    )
    for row in qs.iterator(chunk_size=5000):
        row["occurred_at"] = json_value(row["occurred_at"])
        yield row


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken: audit_chain.ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_chain() -> VerifyResult:
    checked, broken = audit_chain.verify(_rows())
    if broken is None:
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is not None and head.seq != checked:
            broken = audit_chain.ChainBreak(checked + 1, f"链头记录有 {head.seq} 条,实际只有 {checked} 条(末尾的记录被删除)")
    return VerifyResult(checked, broken)


def history_for(obj: models.Model):
    """Every event about ``obj``, newest first."""
    return AuditEvent.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk)).order_by("-seq")
