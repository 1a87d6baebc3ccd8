"""The benchmark as plain values: dated numbers, penalty ranges, tiers, violations. Pure Python: no Django import.

``fazhi.discretion.schema`` builds these from the YAML files (after checking them); ``fazhi.discretion.engine``
reads them. Every number is a ``DatedValue`` (OpenFisca style): a list of ``(from, value, source)``, and
``at(day)`` gives the value in force on that day. A ``PenaltyRange`` resolved on a day is a ``Band``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

from fazhi.cases.facts import PENALTY_TYPES

# The tiers, lightest first (行政处罚法 第三十二条 减轻/从轻; 第三十三条 不予处罚; 从重 within the range).
NO_PENALTY, MITIGATED, LIGHTER, ORDINARY, HEAVIER = TIERS = ("不予处罚", "减轻", "从轻", "一般", "从重")
GRADED = (LIGHTER, ORDINARY, HEAVIER)  # the bands of a fine tile the statutory range in this order
BENCHMARK_TIERS = (MITIGATED, *GRADED)  # the tiers every violation defines (不予处罚 comes from exemptions)

PARTY_TYPES = {"person": "公民(个人)", "organization": "法人或者其他组织"}
HARM_LEVELS = {"none": "没有造成危害后果", "minor": "危害后果轻微", "serious": "危害后果严重"}
POWERS = {"district": "区司法局", "city": "市司法局"}  # 天津市 (直辖市): the district and the city bureau
POWER_RANK = {"district": 1, "city": 2}
UNITS = {"yuan": "元", "month": "个月", "multiple": "倍"}

# Penalty kinds without a number (警告, 吊销…) carry no unit; amounts are yuan or multiples of illegal gains.
AMOUNT_TYPES = frozenset(code for code, t in PENALTY_TYPES.items() if t.amount)
MONTH_TYPES = frozenset(code for code, t in PENALTY_TYPES.items() if t.months)
LIGHTEST_TYPES = frozenset({"warning", "criticism"})  # 行政处罚法 第九条: the lightest kinds (减轻 may use them)

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def num(value: Decimal | None, unit: str | None = None) -> str | None:
    """5000 → "5000"; yuan 1500.5 → "1500.50"; a multiple 1.5 → "1.5"."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(money(value)) if unit == "yuan" else format(value.normalize(), "f")


@dataclass(frozen=True)
class DatedValue:
    """A number that may change over time: ``entries`` are ``(from, value, source)`` in date order."""

    entries: tuple[tuple[dt.date, Decimal, str], ...]

    @classmethod
    def constant(cls, value: Decimal, source: str = "") -> "DatedValue":
        return cls(((dt.date.min, value, source),))

    def at(self, on: dt.date) -> Decimal | None:
        current = None
        for start, value, _ in self.entries:
            if start <= on:
                current = value
        return current

    def source_at(self, on: dt.date) -> str:
        found = [s for start, _, s in self.entries if start <= on]
        return found[-1] if found else ""

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(start for start, _, _ in self.entries)


@dataclass(frozen=True)
class Band:
    """A penalty resolved on one day: kind, unit and bounds (``None`` for kinds without a number)."""

    type: str
    unit: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    cap: Decimal | None = None  # yuan ceiling of a fine in multiples of illegal gains
    required: bool = False
    power: str = "district"
    note: str = ""
    optional: bool = False  # 可以 (may be given): a decision without it does not deviate

    @property
    def label(self) -> str:
        return PENALTY_TYPES[self.type].label if self.type in PENALTY_TYPES else self.type

    @property
    def numeric(self) -> bool:
        return self.min is not None and self.max is not None

    def contains(self, value: Decimal) -> bool:
        """Edges included: 以上、以下 include the number itself (民法典 第一千二百五十九条)."""
        return self.numeric and self.min <= value <= self.max

    def text(self) -> str:
        if not self.numeric:
            return self.label
        if self.unit == "multiple":
            cap = f",总额不超过 {num(self.cap)} 元" if self.cap is not None else ""
            return f"{self.label} 违法所得的 {num(self.min)}–{num(self.max)} 倍{cap}"
        low, high = num(self.min, self.unit), num(self.max, self.unit)
        bounds = low if low == high else f"{low}–{high}"
        return f"{self.label} {bounds} {UNITS.get(self.unit or '', '')}".rstrip()

    def to_json(self) -> dict:
        return {"type": self.type, "label": self.label, "min": num(self.min, self.unit),
                "max": num(self.max, self.unit), "unit": self.unit}


@dataclass(frozen=True)
class PenaltyRange:
    """One penalty of the statute or of a tier, with dated bounds."""

    type: str
    unit: str | None = None
    min: DatedValue | None = None
    max: DatedValue | None = None
    cap: DatedValue | None = None
    required: bool = False  # the statute says 应当/并处 (not 可以): every graded tier must give it
    power: str | None = None  # overrides the violation's power (e.g. 吊销 by the city bureau)
    source: str = ""
    note: str = ""
    optional: bool = False  # in a tier: 可以给予 (the statute says 可以)

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(d for v in (self.min, self.max, self.cap) if v is not None for d in v.dates)

    def at(self, on: dt.date, default_power: str) -> Band | None:
        """The band in force on ``on``; ``None`` when a bound has no value yet on that day."""
        bounds = [None if v is None else v.at(on) for v in (self.min, self.max, self.cap)]
        if any(b is None for b, v in zip(bounds, (self.min, self.max, self.cap)) if v is not None):
            return None
        return Band(self.type, self.unit, bounds[0], bounds[1], bounds[2], self.required,
                    self.power or default_power, self.note, self.optional)


@dataclass(frozen=True)
class Condition:
    """One set of conditions, all of which must hold. ``text`` describes it in Chinese (built by the loader)."""

    text: str
    harm: frozenset[str] | None = None
    first_offence: bool | None = None
    corrected_in_time: bool | None = None
    minor_violation: bool | None = None
    no_fault: bool | None = None
    mitigating: frozenset[str] | None = None  # at least one of these codes (groups already expanded)
    aggravating: frozenset[str] | None = None
    no_mitigating: bool = False
    no_aggravating: bool = False
    aggravating_at_least: int = 0

    def matches(self, facts) -> bool:
        checks = (
            self.harm is None or facts.harm in self.harm,
            self.first_offence is None or facts.first_offence == self.first_offence,
            self.corrected_in_time is None or facts.corrected_in_time == self.corrected_in_time,
            self.minor_violation is None or facts.minor_violation == self.minor_violation,
            self.no_fault is None or facts.no_fault == self.no_fault,
            self.mitigating is None or bool(self.mitigating & set(facts.mitigating)),
            self.aggravating is None or bool(self.aggravating & set(facts.aggravating)),
            not self.no_mitigating or not facts.mitigating,
            not self.no_aggravating or not facts.aggravating,
            len(facts.aggravating) >= self.aggravating_at_least,
        )
        return all(checks)


When = tuple[Condition, ...]  # alternatives: the tier applies when any of them holds


def first_match(when: When, facts) -> Condition | None:
    return next((c for c in when if c.matches(facts)), None)


@dataclass(frozen=True)
class Circumstance:
    code: str
    label: str
    kind: str  # mitigating / aggravating
    group: str
    mandatory: bool  # 行政处罚法 第三十二条: 应当从轻或者减轻 (the engine never goes heavier than 从轻)
    source: str
    local: bool = False


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    source: str
    local: bool = False


@dataclass(frozen=True)
class Tier:
    name: str
    when: When
    penalties: tuple[PenaltyRange, ...]
    source: str
    local: bool = True


@dataclass(frozen=True)
class Serious:
    """情节严重 (or 情节特别严重): the statute's separate, heavier consequence (e.g. 吊销), reported as 从重."""

    label: str
    when: When
    penalties: tuple[PenaltyRange, ...]
    source: str


@dataclass(frozen=True)
class Violation:
    code: str  # 事项代码
    name: str  # 事项名称
    act: str
    basis: str  # 法律依据 (the rule broken)
    article: str  # 处罚条款
    party: tuple[str, ...]
    power: str
    power_source: str
    statutory: tuple[PenaltyRange, ...]
    tiers: Mapping[str, Tier]
    serious: Serious | None = None
    items: tuple[str, ...] = ()
    file: str = ""
    version: str = ""
    effective_from: dt.date | None = None

    def statutory_of(self, type_: str, unit: str | None = None) -> PenaltyRange | None:
        return next((p for p in self.statutory if p.type == type_ and (unit is None or p.unit == unit)), None)

    @property
    def dates(self) -> tuple[dt.date, ...]:
        ranges = [*self.statutory, *(p for t in self.tiers.values() for p in t.penalties),
                  *(self.serious.penalties if self.serious else ())]
        return tuple(sorted({d for p in ranges for d in p.dates}))


@dataclass(frozen=True)
class Escalation:
    """A repeat-offence rule (律师法 第五十一条): a prior penalty within a window turns the penalty into another."""

    code: str
    name: str
    article: str
    party: tuple[str, ...]
    prior_basis: str  # prior penalties whose basis starts with this (e.g. 律师法) count
    prior_penalty: str
    window_years: int
    window_from: str  # decided_on / ended_on
    deserves: str  # the offence now deserves this penalty kind (the selected tier gives it)
    violations: tuple[str, ...]
    penalties: tuple[PenaltyRange, ...]
    power: str
    source: str


@dataclass(frozen=True)
class Exemption:
    """A rule of 行政处罚法 第三十三条: ``mandatory`` (不予处罚) or ``discretionary`` (可以不予处罚)."""

    code: str
    name: str
    kind: str
    when: When
    source: str
    matters: tuple[str, ...] | None = None  # the 免罚事项清单 (None: every violation)
    matters_source: str = ""
    note: str = ""
    file: str = ""  # the file that publishes the rule (and its list)


@dataclass(frozen=True)
class FileInfo:
    """One benchmark file as published (行政处罚法 第三十四条): its name, version, start date, title, publisher."""

    name: str
    version: str
    effective_from: dt.date | None
    title: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class Benchmark:
    violations: Mapping[str, Violation]
    circumstances: Mapping[str, Circumstance]
    groups: Mapping[str, Group] = field(default_factory=dict)
    escalations: tuple[Escalation, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    files: tuple[tuple[str, str, dt.date | None], ...] = ()  # (file, version, effective_from)
    published: tuple[FileInfo, ...] = ()  # the same files with their title and publisher
