"""The hash chain of the audit trail. Pure Python: no Django import.

Each event's hash is SHA-256 over the canonical JSON of its content and the previous event's hash,
so editing, deleting or reordering any row breaks every hash after it (``verify`` finds the first).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Iterable, Mapping

GENESIS_HASH = "0" * 64
# The fields that are hashed, in this order of meaning (the JSON itself sorts keys).
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "before",
    "after",
    "reason",
)


def canonical(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def event_hash(content: Mapping, prev_hash: str) -> str:
    body = {name: content[name] for name in HASHED_FIELDS}
    body["prev_hash"] = prev_hash
    return hashlib.sha256(canonical(body)).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify(rows: Iterable[Mapping]) -> tuple[int, ChainBreak | None]:
    """Check rows in ``seq`` order; return (rows checked, first break or None).

    Each row carries the hashed fields plus ``prev_hash`` and ``hash``.
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for row in rows:
        checked += 1
        if row["seq"] != expected_seq:
            return checked, ChainBreak(row["seq"], f"序号不连续:应为 {expected_seq}")
        if row["prev_hash"] != expected_prev:
            return checked, ChainBreak(row["seq"], "前一条记录的哈希不符(前面的记录被删除或改动)")
        if event_hash(row, row["prev_hash"]) != row["hash"]:
            return checked, ChainBreak(row["seq"], "记录内容与其哈希不符(该记录被改动)")
        expected_prev = row["hash"]
        expected_seq += 1
    return checked, None
