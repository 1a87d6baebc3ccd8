"""The registry of preconditions and the helpers they share. Pure Python: no Django import."""

from __future__ import annotations

import calendar as _months
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Iterable

from fazhi.cases.facts import PENALTY_TYPES, CaseFacts, Penalty
from fazhi.core import parameters

Rule = Callable[[CaseFacts, dict], "str | None"]

RULES: dict[str, Rule] = {}
ARTICLES: dict[str, str] = {}  # code -> the article every refusal of that rule cites (for the tests and pages)

CENT = Decimal("0.01")


def rule(code: str, article: str):
    """Register a precondition under ``code``; ``article`` is the legal basis its refusals cite."""

    def register(fn: Rule) -> Rule:
        if code in RULES:
            raise ValueError(f"前提条件 {code} 重复定义")
        RULES[code] = fn
        ARTICLES[code] = article
        return fn

    return register


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value) -> str:
    """1000 → "1000 元", 200.5 → "200.50 元"."""
    amount = money(value)
    return f"{amount:.0f} 元" if amount == amount.to_integral_value() else f"{amount} 元"


def add_months(day: dt.date, months: int) -> dt.date:
    """民法典 第二百零二条: a period in months or years ends on the corresponding day of the last month,
    or on that month's last day when it has no such day (2024-02-29 + 2 years = 2026-02-28)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, _months.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def total(penalties: Iterable[Penalty], *types: str) -> Decimal:
    return sum((p.amount or Decimal(0) for p in penalties if p.type in types), Decimal(0))


def large_amount(party_kind: str, on: dt.date) -> Decimal:
    """The 较大数额 of 行政处罚法 第六十三条第一款第一项、第二项, set locally (parameters)."""
    name = "hearing_large_amount_person" if party_kind == "person" else "hearing_large_amount_organization"
    return Decimal(str(parameters.value(name, on)))


def hearing_triggers(penalties: Iterable[Penalty], party_kind: str, on: dt.date) -> list[str]:
    """The items of 行政处罚法 第六十三条第一款 that the penalties meet ([] when none).

    An amount meets a threshold when it is at least the threshold: local rules set it as “…元以上”, and
    以上 includes the number itself (民法典 第一千二百五十九条). Fines are added up (one act is fined
    once, 第二十九条); each kind of confiscation is compared on its own.
    """
    penalties = list(penalties)
    threshold = large_amount(party_kind, on)
    found = []
    for code, kind in PENALTY_TYPES.items():
        if not kind.hearing or not any(p.type == code for p in penalties):
            continue
        if kind.hearing_if_large and total(penalties, code) < threshold:
            continue
        found.append(kind.hearing)
    return found


def penalties_in_view(f: CaseFacts) -> tuple[Penalty, ...]:
    """The penalties a step is about: none for 不予处罚, the decided ones at 决定, else the proposed ones."""
    if f.action == "decide_no_penalty" or f.decision == "no_penalty":
        return ()
    if f.action in ("decide", "decide_on_spot") or f.penalties:
        return f.penalties
    return f.proposed_penalties


def amount_payable(f: CaseFacts) -> Decimal:
    """What the party pays: fines and confiscated illegal gains (行政处罚法 第六十七条)."""
    if f.decision == "no_penalty":
        return Decimal(0)
    return total(f.penalties, "fine", "confiscate_gains")


def text(data: dict, key: str) -> str:
    return str(data.get(key) or "").strip()
