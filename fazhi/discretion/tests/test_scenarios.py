"""Runs the lawyer-readable scenario files of ``scenarios/``: given facts → expected tier, range and explanation.

Each file has ``scenarios`` (and optionally ``defaults.facts``, merged under each scenario's facts, and
``benchmark``: fixture files to load instead of the shipped benchmark). A scenario has ``title``, ``basis`` or
``code``, ``facts``, an optional ``decision`` (the penalties decided, checked with ``check_decision``) and
``expected``: ``tier``, ``no_penalty``, and optionally ``discretionary``, ``escalated``, ``serious``,
``power``, ``rule_date``, ``penalties`` / ``range`` (every kind, with ``min``/``max``/``unit``), ``deviations``
(their codes), ``if_penalised`` (``tier``, ``penalties``) and ``explanation_contains``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from fazhi.discretion import engine, schema
from fazhi.discretion.tests.conftest import HERE, SHIPPED

SCENARIOS = sorted((HERE / "scenarios").glob("*.yaml"))
_benchmarks: dict[tuple, object] = {}


def _cases():
    for path in SCENARIOS:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        defaults = (doc.get("defaults") or {}).get("facts") or {}
        files = tuple(str(HERE / f) for f in doc.get("benchmark") or ())
        for s in doc["scenarios"]:
            yield pytest.param(path.name, files, defaults, s, id=f"{path.stem}::{s['title']}")


def _benchmark(files: tuple):
    if files not in _benchmarks:
        _benchmarks[files] = schema.load([Path(f) for f in files] if files else SHIPPED)
    return _benchmarks[files]


def _dec(value):
    return None if value is None else Decimal(str(value))


def _same_penalties(actual: list[dict], expected: list[dict], what: str) -> None:
    got = {p["type"]: p for p in actual}
    assert sorted(got) == sorted(p["type"] for p in expected), f"{what}: kinds {sorted(got)}"
    for e in expected:
        a = got[e["type"]]
        assert (_dec(a["min"]), _dec(a["max"])) == (_dec(e.get("min")), _dec(e.get("max"))), f"{what}: {a}"
        if "unit" in e:
            assert a["unit"] == e["unit"], f"{what}: {a}"


@pytest.mark.parametrize("file, files, defaults, scenario", list(_cases()))
def test_scenario(file, files, defaults, scenario):
    benchmark = _benchmark(files)
    facts = {**defaults, **scenario["facts"]}
    key = scenario.get("code") or scenario["basis"]
    rec = engine.recommend(benchmark, key, facts)
    out, exp = rec.to_json(), scenario["expected"]
    if scenario.get("code") and scenario.get("basis"):
        assert engine.find_violation(benchmark, scenario["basis"], facts["party_type"]).code == scenario["code"]
    assert out["tier"] == exp["tier"], out["explanation"]
    assert out["no_penalty"] is exp["no_penalty"]
    for flag in ("discretionary", "escalated", "serious", "power", "rule_date", "reason"):
        if flag in exp:
            assert out[flag] == (str(exp[flag]) if flag == "rule_date" else exp[flag]), flag
    if "penalties" in exp:
        _same_penalties(out["penalties"], exp["penalties"], "penalties")
    if "range" in exp:
        _same_penalties(out["range"], exp["range"], "range")
    if "if_penalised" in exp:
        assert out["if_penalised"]["tier"] == exp["if_penalised"]["tier"]
        _same_penalties(out["if_penalised"]["penalties"], exp["if_penalised"]["penalties"], "if_penalised")
    text = "\n".join(out["explanation"])
    for fragment in exp.get("explanation_contains") or ():
        assert fragment in text, f"“{fragment}” not in:\n{text}"
    if "decision" in scenario:
        found = engine.check_decision(rec, scenario["decision"])
        assert [d.code for d in found] == exp.get("deviations", []), [d.message for d in found]


def test_every_shipped_matter_and_rule_has_a_scenario(shipped):
    violations, escalations, exemptions, tiers = set(), set(), set(), set()
    for path in SCENARIOS:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc.get("benchmark"):
            continue
        defaults = (doc.get("defaults") or {}).get("facts") or {}
        for s in doc["scenarios"]:
            facts = {**defaults, **s["facts"]}
            rec = engine.recommend(shipped, s.get("code") or s["basis"], facts)
            violations.add(rec.violation.code)
            if rec.escalation is None:
                tiers.add((rec.violation.code, "serious" if rec.serious else rec.tier))
            base = rec.if_penalised or rec
            if base.escalation:
                escalations.add(base.escalation.code)
            if rec.reason:
                exemptions.add(rec.reason)
    assert violations == set(shipped.violations)
    assert escalations == {e.code for e in shipped.escalations}
    assert exemptions >= {e.code for e in shipped.exemptions} | {"limitation"}
    # every tier of every matter with fine or month bands is reached at least once
    for v in shipped.violations.values():
        graded = [t for t in ("减轻", "从轻", "一般", "从重") if any(p.min is not None for p in v.tiers[t].penalties)]
        missing = [t for t in graded if (v.code, t) not in tiers]
        if v.serious:
            missing += [] if (v.code, "serious") in tiers else ["serious"]
        assert not missing, f"{v.code}: no scenario reaches {missing}"
