"""The report figures of 行政复议 / 行政应诉, computed from plain case outcomes. Pure Python: no Django import.

The definitions — name, Chinese formula shown beside the figure, numerator and denominator as predicates
over outcome codes — are data in ``metrics.toml`` (its header describes the predicate language). The
Django side builds one ``CaseOutcome`` per case and calls ``compute(cases, year)``; every ``Metric``
carries its definition, formula and the case ids behind the numerator (drill-down).

实质化解 (legal-rules.md): 纠错 (变更/撤销/确认违法/确认无效/履行 …), 调解书 (行政复议法第七十三条),
和解撤回 (第七十四条), and 维持 with no further suit (``suit_filed is False``; unknown does not count).
视为放弃 (第三十一条) is kept out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterable

from fazhi.reconsideration.rules import load
from fazhi.reconsideration.rules.decisions import DECISION_TYPES

KINDS = ("ratio", "average", "count")


@dataclass(frozen=True)
class CaseOutcome:
    """One case as the figures see it. ``outcome``: a code of metrics.toml [outcomes], None while open;
    ``decision``: a code of ``DECISION_TYPES`` when ``outcome == "decision"``; ``suit_filed``: None while
    unknown; ``days``: days from acceptance to conclusion; ``hearings``: court hearings of the related
    行政应诉 as ``(held_on, head_attended)``."""

    id: Any
    accepted_on: dt.date | None
    concluded_on: dt.date | None
    outcome: str | None = None
    decision: str | None = None
    respondent: str = ""
    suit_filed: bool | None = None
    extended: bool = False
    overdue: bool = False
    days: int | None = None
    hearings: tuple[tuple[dt.date, bool], ...] = ()


@dataclass(frozen=True)
class MetricDefinition:
    key: str
    name: str
    kind: str
    unit: str
    definition: str
    formula: str
    numerator: Any
    denominator: Any
    field: str = ""
    tag: str = "M"


@dataclass(frozen=True)
class Metric:
    name: str
    numerator: int
    denominator: int | None
    value: Fraction | None
    definition: str
    formula: str
    case_ids: tuple  # the cases behind the numerator (for an average: behind the denominator)
    key: str = ""
    kind: str = "ratio"

    @property
    def display(self) -> str:
        """The figure as shown: a percentage for a ratio, one decimal for an average, "—" when undefined."""
        if self.value is None:
            return "—"
        if self.kind == "ratio":
            return f"{float(self.value * 100):.1f}%"
        if self.kind == "average":
            return f"{float(self.value):.1f}"
        return str(int(self.value))


@dataclass(frozen=True)
class RespondentCorrection:
    respondent: str
    corrected: int
    decided: int
    value: Fraction | None
    case_ids: tuple


OUTCOMES: dict[str, str] = dict(load("metrics")["outcomes"])
PREDICATES: dict[str, Any] = dict(load("metrics")["predicates"])
_CONDITIONS = {"outcome", "decision", "decision_counts_as", "suit_filed", "extended", "overdue",
               "concluded_in_year", "accepted_in_year", "in_hand", "held_in_year", "head_attended",
               "any_of", "all_of", "not"}


def _check_predicate(pred: Any, where: str) -> None:
    if isinstance(pred, str):
        if pred not in PREDICATES:
            raise ValueError(f"{where}:未定义的条件“{pred}”")
        return
    if not isinstance(pred, dict):
        raise ValueError(f"{where}:条件应为名称或表")
    for key, value in pred.items():
        if key not in _CONDITIONS:
            raise ValueError(f"{where}:未知的条件项“{key}”")
        if key in ("any_of", "all_of"):
            for p in value:
                _check_predicate(p, where)
        elif key == "not":
            _check_predicate(value, where)
        elif key == "outcome":
            unknown = set(value) - set(OUTCOMES)
            if unknown:
                raise ValueError(f"{where}:未知的结案方式 {sorted(unknown)}")
        elif key == "decision":
            unknown = set(value) - set(DECISION_TYPES)
            if unknown:
                raise ValueError(f"{where}:未知的决定类型 {sorted(unknown)}")


def _definitions() -> list[MetricDefinition]:
    out = []
    for name, pred in PREDICATES.items():
        _check_predicate(pred, f"predicates.{name}")
    for row in load("metrics")["metrics"]:
        if row["kind"] not in KINDS:
            raise ValueError(f"指标“{row['name']}”的类型“{row['kind']}”无效")
        for side in ("numerator", "denominator"):
            if side in row:
                _check_predicate(row[side], f"{row['key']}.{side}")
        out.append(MetricDefinition(row["key"], row["name"], row["kind"], row.get("unit", "case"),
                                    row["definition"], row["formula"], row.get("numerator"),
                                    row.get("denominator"), row.get("field", ""), row.get("tag", "M")))
    return out


DEFINITIONS: list[MetricDefinition] = _definitions()


# ------------------------------------------------------------------ predicates

def _in_year(day: dt.date | None, year: int) -> bool:
    return day is not None and day.year == year


def _case_condition(case: CaseOutcome, key: str, value: Any, year: int) -> bool:
    if key == "outcome":
        return case.outcome in value
    if key == "decision":
        return case.decision in value
    if key == "decision_counts_as":
        t = DECISION_TYPES.get(case.decision or "")
        return t is not None and t.counts_as in value
    if key in ("suit_filed", "extended", "overdue"):
        return getattr(case, key) is value
    if key == "concluded_in_year":
        return _in_year(case.concluded_on, year) is value
    if key == "accepted_in_year":
        return _in_year(case.accepted_on, year) is value
    if key == "in_hand":
        held = (case.accepted_on is not None and case.accepted_on.year <= year
                and (case.concluded_on is None or case.concluded_on.year >= year))
        return held is value
    raise ValueError(f"条件项“{key}”不适用于案件")


def _matches(row, pred: Any, year: int, hearing: bool) -> bool:
    if isinstance(pred, str):
        pred = PREDICATES[pred]
    for key, value in pred.items():
        if key == "any_of":
            ok = any(_matches(row, p, year, hearing) for p in value)
        elif key == "all_of":
            ok = all(_matches(row, p, year, hearing) for p in value)
        elif key == "not":
            ok = not _matches(row, value, year, hearing)
        elif hearing and key == "held_in_year":
            ok = _in_year(row[1][0], year) is value
        elif hearing and key == "head_attended":
            ok = bool(row[1][1]) is value
        else:
            ok = _case_condition(row[0] if hearing else row, key, value, year)
        if not ok:
            return False
    return True


def _rows(cases: Iterable[CaseOutcome], unit: str) -> list:
    if unit == "hearing":
        return [(c, h) for c in cases for h in c.hearings]
    return list(cases)


def _ids(rows: list, hearing: bool) -> tuple:
    seen: dict = {}
    for r in rows:
        seen.setdefault(r[0].id if hearing else r.id, None)
    return tuple(seen)


def _validate(cases: list[CaseOutcome]) -> None:
    for c in cases:
        if c.outcome is not None and c.outcome not in OUTCOMES:
            raise ValueError(f"案件 {c.id}:未知的结案方式“{c.outcome}”")
        if c.decision is not None and c.decision not in DECISION_TYPES:
            raise ValueError(f"案件 {c.id}:未知的决定类型“{c.decision}”")


def evaluate(definition: MetricDefinition, cases: list[CaseOutcome], year: int) -> Metric:
    """One figure for ``year`` (see ``metrics.toml``)."""
    hearing = definition.unit == "hearing"
    rows = _rows(cases, definition.unit)
    d = definition
    if d.kind == "count":
        num = [r for r in rows if _matches(r, d.numerator, year, hearing)]
        return Metric(d.name, len(num), None, Fraction(len(num)), d.definition, d.formula, _ids(num, hearing),
                      key=d.key, kind=d.kind)
    den = [r for r in rows if _matches(r, d.denominator, year, hearing)]
    if d.kind == "average":
        values = [getattr(r[0] if hearing else r, d.field) for r in den]
        if any(v is None for v in values):
            raise ValueError(f"{d.name}:有办结案件缺少“{d.field}”")
        total = sum(values)
        value = Fraction(total, len(den)) if den else None
        return Metric(d.name, total, len(den), value, d.definition, d.formula, _ids(den, hearing),
                      key=d.key, kind=d.kind)
    num = [r for r in den if _matches(r, d.numerator, year, hearing)]
    value = Fraction(len(num), len(den)) if den else None
    return Metric(d.name, len(num), len(den), value, d.definition, d.formula, _ids(num, hearing),
                  key=d.key, kind=d.kind)


def compute(cases: list[CaseOutcome], year: int) -> list[Metric]:
    """Every figure of ``metrics.toml`` for ``year``, in the file's order. ``value`` is None when the
    denominator is 0."""
    cases = list(cases)
    _validate(cases)
    return [evaluate(d, cases, year) for d in DEFINITIONS]


def definition(key: str) -> MetricDefinition:
    for d in DEFINITIONS:
        if d.key == key:
            return d
    raise KeyError(key)


def correction_by_respondent(cases: list[CaseOutcome], year: int) -> list[RespondentCorrection]:
    """纠错率 per respondent agency (the ``correction`` definition applied to each respondent's cases),
    most decisions first, then by name."""
    cases = list(cases)
    _validate(cases)
    d = definition("correction")
    groups: dict[str, list[CaseOutcome]] = {}
    for c in cases:
        groups.setdefault(c.respondent, []).append(c)
    out = []
    for respondent, group in groups.items():
        m = evaluate(d, group, year)
        if m.denominator:
            out.append(RespondentCorrection(respondent, m.numerator, m.denominator, m.value, m.case_ids))
    return sorted(out, key=lambda r: (-r.decided, r.respondent))
