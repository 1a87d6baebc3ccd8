"""The facts of one violation, parsed from JSON-like input with Chinese errors naming the field. Pure Python.

``parse_facts(raw, benchmark)`` accepts a mapping (e.g. the ``--facts`` JSON file) and returns ``Facts`` or
raises ``FactsError`` listing every bad field at once. Dates are ``YYYY-MM-DD``; money is a decimal string
(or a number) in yuan; circumstance codes must be defined in the benchmark, with the right kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from fazhi.cases.facts import PENALTY_TYPES
from fazhi.core.errors import FieldProblem, ValidationFailed
from fazhi.discretion.model import HARM_LEVELS, PARTY_TYPES, Benchmark

# Chinese names a prior penalty may be given by, beside the codes of fazhi.cases.facts.PENALTY_TYPES.
PENALTY_ALIASES = {"警告": "warning", "罚款": "fine", "没收违法所得": "confiscate_gains", "停止执业": "restrict_practice",
                   "停止从事司法鉴定业务": "restrict_practice", "停业整顿": "suspend_business",
                   "吊销执业证书": "revoke_licence", "吊销": "revoke_licence", "撤销登记": "revoke_licence"}
SUSPENSIONS = frozenset({"restrict_practice", "suspend_business"})

FIELDS = {
    "party_type": "当事人类型", "harm": "危害后果", "violation_date": "违法行为发生日期", "decision_date": "决定日期",
    "first_offence": "初次违法", "corrected_in_time": "及时改正", "illegal_gains": "违法所得",
    "prior_penalties": "曾受处罚", "mitigating": "从轻、减轻情节", "aggravating": "从重情节",
    "minor_violation": "违法行为轻微", "no_fault": "没有主观过错", "endangers_life_or_finance": "涉及生命健康或金融安全",
    "discovered_on": "发现日期", "violation_ended_on": "违法行为终了日期",
}
REQUIRED = ("party_type", "harm", "violation_date", "decision_date")


class FactsError(ValidationFailed):
    """The facts were refused; ``problems`` names every bad field (its key and Chinese name)."""

    code = "discretion_facts_invalid"


@dataclass(frozen=True)
class PriorPenalty:
    basis: str
    penalty: str  # a PENALTY_TYPES code
    decided_on: dt.date
    ended_on: dt.date | None = None  # for 停止执业 / 停业整顿: the day the suspension ended
    months: int | None = None

    @property
    def label(self) -> str:
        return PENALTY_TYPES[self.penalty].label


@dataclass(frozen=True)
class Facts:
    party_type: str
    harm: str
    violation_date: dt.date
    decision_date: dt.date
    first_offence: bool = False
    corrected_in_time: bool = False
    illegal_gains: Decimal | None = None
    prior_penalties: tuple[PriorPenalty, ...] = ()
    mitigating: tuple[str, ...] = ()
    aggravating: tuple[str, ...] = ()
    minor_violation: bool = False
    no_fault: bool = False
    endangers_life_or_finance: bool = False
    discovered_on: dt.date | None = None
    violation_ended_on: dt.date | None = None


class _Reader:
    def __init__(self):
        self.problems: list[FieldProblem] = []

    def fail(self, key: str, reason: str) -> None:
        name = FIELDS.get(key.split("[")[0].split(".")[0], "")
        self.problems.append(FieldProblem(f"{key}({name})" if name else key, reason))

    def date(self, key: str, value: Any) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(key, f"日期“{value}”无效,应为 YYYY-MM-DD,如 2024-03-01")
            return None

    def flag(self, key: str, value: Any) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"应为 true 或 false,而不是“{value}”")
            return False
        return value

    def money(self, key: str, value: Any) -> Decimal | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.fail(key, "应为以元计的金额,如 \"3000.00\"")
            return None
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(key, f"金额“{value}”无效,应为以元计的数字,如 \"3000.00\"")
            return None
        if not amount.is_finite() or amount < 0:
            self.fail(key, f"金额“{value}”无效,不能为负数")
            return None
        return amount

    def choice(self, key: str, value: Any, choices: Mapping[str, str]) -> str | None:
        if value not in choices:
            allowed = "、".join(f"{k}({v})" for k, v in choices.items())
            self.fail(key, f"“{value}”无效,应为 {allowed}")
            return None
        return value

    def codes(self, key: str, value: Any, kind: str, benchmark: Benchmark | None) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, (list, tuple)) or not all(isinstance(c, str) for c in value):
            self.fail(key, "应为情节代码的列表,如 [\"harm_reduced\"]")
            return ()
        if benchmark is not None:
            for code in value:
                found = benchmark.circumstances.get(code)
                if found is None:
                    self.fail(key, f"情节代码“{code}”未在裁量基准中定义(见 circumstances.yaml)")
                elif found.kind != kind:
                    other = "从重情节 aggravating" if found.kind == "aggravating" else "从轻、减轻情节 mitigating"
                    self.fail(key, f"情节代码“{code}”({found.label})属于{other},不能列在此处")
        return tuple(dict.fromkeys(value))

    def prior(self, index: int, raw: Any) -> PriorPenalty | None:
        key = f"prior_penalties[{index}]"
        if not isinstance(raw, Mapping):
            self.fail(key, "应为 {basis, penalty, decided_on} 形式的对象")
            return None
        unknown = set(raw) - {"basis", "penalty", "decided_on", "ended_on", "months"}
        for name in sorted(unknown):
            self.fail(f"{key}.{name}", "未知的字段(可用:basis、penalty、decided_on、ended_on、months)")
        basis = str(raw.get("basis") or "").strip()
        if not basis:
            self.fail(f"{key}.basis", "缺少处罚依据,如“律师法第四十七条”")
        penalty = str(raw.get("penalty") or "").strip()
        penalty = PENALTY_ALIASES.get(penalty, penalty)
        if not penalty:
            self.fail(f"{key}.penalty", "缺少处罚种类,如“警告”“停止执业”“停业整顿”")
        elif penalty not in PENALTY_TYPES:
            self.fail(f"{key}.penalty", f"处罚种类“{raw.get('penalty')}”无效,应为 {'、'.join(PENALTY_TYPES)} 或 警告、停止执业、停业整顿")
        decided = self.date(f"{key}.decided_on", raw.get("decided_on"))
        if decided is None and raw.get("decided_on") in (None, ""):
            self.fail(f"{key}.decided_on", "缺少处罚决定日期")
        ended = self.date(f"{key}.ended_on", raw.get("ended_on"))
        months = raw.get("months")
        if months is not None and (isinstance(months, bool) or not isinstance(months, int) or months <= 0):
            self.fail(f"{key}.months", f"期限“{months}”无效,应为正整数(月)")
            months = None
        if decided and ended and ended < decided:
            self.fail(f"{key}.ended_on", f"期满日期 {ended} 早于决定日期 {decided}")
        if not basis or penalty not in PENALTY_TYPES or decided is None:
            return None
        return PriorPenalty(basis, penalty, decided, ended, months)


def parse_facts(raw: Mapping, benchmark: Benchmark | None = None) -> Facts:
    """``Facts`` from a mapping, or ``FactsError`` naming every bad field."""
    r = _Reader()
    if not isinstance(raw, Mapping):
        raise FactsError(FieldProblem("facts", "事实应为 JSON 对象"))
    for key in sorted(set(raw) - set(FIELDS)):
        r.fail(key, f"未知的事实字段(可用:{'、'.join(FIELDS)})")
    for key in REQUIRED:
        if raw.get(key) in (None, ""):
            r.fail(key, "必须填写")
    party = r.choice("party_type", raw["party_type"], PARTY_TYPES) if raw.get("party_type") else None
    harm = r.choice("harm", raw["harm"], HARM_LEVELS) if raw.get("harm") else None
    dates = {k: r.date(k, raw.get(k))
             for k in ("violation_date", "decision_date", "discovered_on", "violation_ended_on")}
    flags = {k: r.flag(k, raw.get(k)) for k in ("first_offence", "corrected_in_time", "minor_violation", "no_fault",
                                                 "endangers_life_or_finance")}
    gains = r.money("illegal_gains", raw.get("illegal_gains"))
    mitigating = r.codes("mitigating", raw.get("mitigating"), "mitigating", benchmark)
    aggravating = r.codes("aggravating", raw.get("aggravating"), "aggravating", benchmark)
    priors_raw = raw.get("prior_penalties") or []
    if not isinstance(priors_raw, list):
        r.fail("prior_penalties", "应为列表")
        priors_raw = []
    priors = tuple(p for p in (r.prior(i, x) for i, x in enumerate(priors_raw)) if p is not None)
    act, decided = dates["violation_date"], dates["decision_date"]
    if act and decided and decided < act:
        r.fail("decision_date", f"决定日期 {decided} 早于违法行为发生日期 {act}")
    if act and dates["violation_ended_on"] and dates["violation_ended_on"] < act:
        r.fail("violation_ended_on", f"终了日期 {dates['violation_ended_on']} 早于发生日期 {act}")
    found = dates["discovered_on"]
    if found and act and found < act:
        r.fail("discovered_on", f"发现日期 {found} 早于违法行为发生日期 {act}")
    if found and decided and found > decided:
        r.fail("discovered_on", f"发现日期 {found} 晚于决定日期 {decided}")
    for i, p in enumerate(priors):
        if decided and p.decided_on > decided:
            r.fail(f"prior_penalties[{i}].decided_on", f"此前处罚的决定日期 {p.decided_on} 晚于本案决定日期 {decided}")
    if r.problems:
        raise FactsError(r.problems, "事实有误:" + ";".join(str(p) for p in r.problems))
    return Facts(party_type=party, harm=harm, violation_date=act, decision_date=decided, illegal_gains=gains,
                 prior_penalties=priors, mitigating=mitigating, aggravating=aggravating,
                 discovered_on=found, violation_ended_on=dates["violation_ended_on"], **flags)
