"""The JSON of a recommendation: one function for every consumer. Pure Python: no Django import.

``fazhi discretion recommend`` prints it and the public JSON endpoint (``/public/discretion/api/recommend``)
returns it, byte for byte the same text: ``{violation: {code, name, act, basis, article}, version, tier,
no_penalty, discretionary, reason, escalated, escalation, serious, penalties: [{type, label, min, max, unit}],
range: [...], power, power_label, rule_date, explanation: [...], if_penalised}``.
"""

from __future__ import annotations

import json

from fazhi.discretion.engine import Recommendation


def to_json(recommendation: Recommendation) -> dict:
    """The recommendation as plain JSON values (``Recommendation.to_json``)."""
    return recommendation.to_json()


def dumps(recommendation: Recommendation) -> str:
    """The JSON text: Chinese kept as it is (not ``\\u`` escapes), indented by two spaces."""
    return json.dumps(to_json(recommendation), ensure_ascii=False, indent=2)
