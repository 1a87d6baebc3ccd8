"""The pure hash chain, without a database."""

from fazhi.core import audit_chain


def _rows(n):
    rows, prev = [], audit_chain.GENESIS_HASH
    for seq in range(1, n + 1):
        row = {"seq": seq, "occurred_at": "2024-01-01T00:00:00+00:00", "actor_id": 1, "actor_label": "a",
               "action": "x.update", "object_type": "t", "object_id": str(seq), "object_label": "对象",
               "before": {"v": seq - 1}, "after": {"v": seq}, "reason": ""}
        row["prev_hash"] = prev
        row["hash"] = prev = audit_chain.event_hash(row, prev)
        rows.append(row)
    return rows


def test_intact_chain_verifies():
    assert audit_chain.verify(_rows(5)) == (5, None)


def test_edited_content_is_found_at_its_row():
    rows = _rows(5)
    rows[2]["after"] = {"v": 999}
    checked, broken = audit_chain.verify(rows)
    assert broken.seq == 3 and "改动" in broken.reason


def test_deleted_row_is_found():
    rows = _rows(5)
    del rows[1]
    _, broken = audit_chain.verify(rows)
    assert broken.seq == 3


def test_rehashed_row_breaks_the_next_link():
    rows = _rows(5)
    rows[1]["after"] = {"v": 999}
    rows[1]["hash"] = audit_chain.event_hash(rows[1], rows[1]["prev_hash"])
    _, broken = audit_chain.verify(rows)
    assert broken.seq == 3 and "前一条" in broken.reason
