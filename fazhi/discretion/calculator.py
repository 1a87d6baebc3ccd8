"""The public calculator's input: query parameters → the facts of ``fazhi.discretion.facts``. Pure Python.

The calculator page (``/public/discretion/calculator/``) and the JSON endpoint (``…/api/recommend``) take the
same GET parameters, so a result can be linked, shared and fetched as JSON:

- ``code`` (事项代码, e.g. ``LS-47``) or ``basis`` (处罚条款, e.g. ``律师法第四十七条``);
- the facts of ``fazhi.discretion.facts.FIELDS`` under their own names: ``party_type``, ``harm``, the dates
  (``YYYY-MM-DD``), ``illegal_gains`` (yuan), the flags (``true``/``1``/``on``, or ``false``/``0``/empty),
  ``mitigating`` and ``aggravating`` (repeated, one circumstance code each);
- up to ``PRIOR_ROWS`` prior penalties as ``prior-N-basis``, ``prior-N-penalty``, ``prior-N-decided_on``,
  ``prior-N-ended_on`` (N = 0, 1, 2); a row left empty is ignored.

``evaluate(benchmark, query)`` reads them, lets ``parse_facts`` and ``recommend`` judge them (nothing is
decided here) and returns the recommendation or the problems, each keyed by the form field it concerns.
Nothing is stored or logged; the calculator asks for no name or identity number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from fazhi.core.errors import DomainError
from fazhi.discretion.engine import (FactsError, Recommendation, UnknownViolation, basis_matches, find_violation,
                                     parse_facts, recommend)
from fazhi.discretion.facts import FIELDS
from fazhi.discretion.model import Benchmark

FLAGS = ("first_offence", "corrected_in_time", "minor_violation", "no_fault", "endangers_life_or_finance")
DATES = ("violation_date", "violation_ended_on", "discovered_on", "decision_date")
TEXTS = ("party_type", "harm", "illegal_gains")
CODES = ("mitigating", "aggravating")
PRIOR_ROWS = 3
PRIOR_FIELDS = ("basis", "penalty", "decided_on", "ended_on")
PRIOR_PARAM = re.compile(r"^prior-(\d+)-(basis|penalty|decided_on|ended_on)$")
LOOKUP = ("code", "basis")
KNOWN = frozenset((*LOOKUP, *FLAGS, *DATES, *TEXTS, *CODES,
                   *(f"prior-{i}-{f}" for i in range(PRIOR_ROWS) for f in PRIOR_FIELDS)))
TRUE = frozenset({"true", "1", "on", "是"})
FALSE = frozenset({"false", "0", "off", "否", ""})
GENERAL = "__all__"  # problems that concern no single field


class Query(Protocol):  # django.http.QueryDict, or anything with get / getlist
    def get(self, key: str, default=None): ...

    def getlist(self, key: str) -> list[str]: ...

    def __iter__(self): ...


@dataclass
class Input:
    code: str
    basis: str
    facts: dict  # the raw facts, as the ``--facts`` JSON file of the console would give them
    rows: tuple[int, ...]  # the form row of each prior penalty in ``facts["prior_penalties"]``
    unknown: tuple[str, ...] = ()  # parameters the calculator does not know (the JSON endpoint refuses them)


@dataclass
class Outcome:
    input: Input
    recommendation: Recommendation | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)  # form field name (or GENERAL) → reasons

    @property
    def ok(self) -> bool:
        return self.recommendation is not None and not self.errors

    def add(self, name: str, reason: str) -> None:
        reasons = self.errors.setdefault(name, [])
        if reason not in reasons:
            reasons.append(reason)


def submitted(query: Query) -> bool:
    """Whether the facts were sent (a link with only ``code`` just preselects the matter)."""
    return any(key in KNOWN and key not in LOOKUP for key in query)


def flag(value: str | None):
    """A checkbox or ``true``/``false`` parameter: ``True``/``False``, ``None`` when absent, else the text as
    sent (so that ``parse_facts`` refuses it by name)."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    return value  # parse_facts refuses it, naming the field


def read(query: Query) -> Input:
    """The raw facts of the query: empty values left out, so that ``parse_facts`` reports what is missing."""
    raw: dict = {}
    for key in (*TEXTS, *DATES):
        value = (query.get(key) or "").strip()
        if value:
            raw[key] = value
    for key in FLAGS:
        value = flag(query.get(key))
        if value is not None:
            raw[key] = value
    for key in CODES:
        codes = [c.strip() for c in query.getlist(key) if c.strip()]
        if codes:
            raw[key] = codes
    priors, rows = [], []
    for row in range(PRIOR_ROWS):
        values = {f: (query.get(f"prior-{row}-{f}") or "").strip() for f in PRIOR_FIELDS}
        if any(values.values()):
            priors.append({k: v for k, v in values.items() if v})
            rows.append(row)
    if priors:
        raw["prior_penalties"] = priors
    unknown = tuple(sorted(k for k in query if k not in KNOWN))
    return Input((query.get("code") or "").strip(), (query.get("basis") or "").strip(), raw, tuple(rows), unknown)


def field_name(problem_field: str, rows: tuple[int, ...]) -> str:
    """The form field of a ``FieldProblem.field`` such as ``harm(危害后果)`` or
    ``prior_penalties[1].decided_on(曾受处罚)`` (→ ``prior-2-decided_on`` when the second row sent was row 2)."""
    found = re.match(r"^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?", problem_field)
    if not found:
        return GENERAL
    key, index, sub = found.groups()
    if key == "prior_penalties":
        if index is None or int(index) >= len(rows):
            return "prior_penalties"
        row = rows[int(index)]
        return f"prior-{row}-{sub}" if sub in PRIOR_FIELDS else f"prior-{row}"
    return key if key in FIELDS else GENERAL


def evaluate(benchmark: Benchmark, query: Query, strict: bool = False) -> Outcome:
    """The recommendation for the query, or every problem found (the matter and all the facts at once).
    ``strict`` (the JSON endpoint) also refuses parameters the calculator does not know."""
    given = read(query)
    out = Outcome(given)
    if strict:
        for name in given.unknown:
            out.add(GENERAL, f"未知的参数“{name}”")
    violation = None
    if not given.code and not given.basis:
        out.add("code", "请选择违法事项")
    else:
        try:
            if given.code:
                if given.code not in benchmark.violations:
                    raise UnknownViolation(f"裁量基准中没有事项代码“{given.code}”,请从列表中选择违法事项")
                violation = benchmark.violations[given.code]
                if given.basis and not basis_matches(violation, given.basis):
                    out.add("code", f"事项 {given.code} 的处罚条款是 {violation.article},与 basis {given.basis} 不符")
            else:
                violation = find_violation(benchmark, given.basis, given.facts.get("party_type"))
        except UnknownViolation as exc:
            out.add("code", exc.message)
    try:
        facts = parse_facts(given.facts, benchmark)
    except FactsError as exc:
        for p in exc.problems:
            out.add(field_name(p.field, given.rows), p.reason)
        return out
    if violation is None or out.errors:
        return out
    try:
        out.recommendation = recommend(benchmark, violation.code, facts)
    except FactsError as exc:  # e.g. a party type the matter does not concern
        for p in exc.problems:
            out.add(field_name(p.field, given.rows), p.reason)
    except DomainError as exc:  # e.g. no value of the benchmark in force on the dates given
        out.add(GENERAL, exc.message)
    return out
