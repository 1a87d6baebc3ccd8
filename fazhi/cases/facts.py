"""The facts the legal preconditions of a case look at, as plain values. Pure Python: no Django import.

``CaseFacts`` is what ``fazhi.cases.rules`` reads: the case's dates and flags, the penalties, the
officers with their 执法证 state on the step date, the officers conflicted with the party, the steps
already done, the step date ``on``, the actor, and the working-day calendar. It is built by
``fazhi.cases.selectors.cases.case_facts`` (after the step's data has been applied to a copy of the case),
so a rule never touches the database and can be tested with hand-made facts.

Also the vocabularies the rules and the step handlers share: the penalty types of 行政处罚法 第九条 (with
which of them give a right to a hearing under 第六十三条) and the service methods of 第六十一条 and
民事诉讼法 (2023) 第八十七条至第九十五条.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

from fazhi.core.calendar import WorkCalendar


@dataclass(frozen=True)
class PenaltyType:
    code: str
    label: str
    amount: bool = False  # carries an amount in yuan (罚款, 没收违法所得, 没收非法财物 at its value)
    months: bool = False  # may carry a duration in months (暂扣, 停业整顿, 停止执业 …)
    hearing: str = ""  # the item of 行政处罚法 第六十三条第一款 that gives a right to a hearing ("" none)
    hearing_if_large: bool = False  # only when the amount is a 较大数额 (第六十三条第一款第一项、第二项)


# 行政处罚法 第九条: the kinds of administrative penalty; 第六十三条第一款: those the party may ask a hearing on.
PENALTY_TYPES: dict[str, PenaltyType] = {t.code: t for t in (
    PenaltyType("warning", "警告"),
    PenaltyType("criticism", "通报批评"),
    PenaltyType("fine", "罚款", amount=True, hearing="第一项(较大数额罚款)", hearing_if_large=True),
    PenaltyType("confiscate_gains", "没收违法所得", amount=True, hearing="第二项(没收较大数额违法所得)",
                hearing_if_large=True),
    PenaltyType("confiscate_property", "没收非法财物", amount=True, hearing="第二项(没收较大价值非法财物)",
                hearing_if_large=True),
    PenaltyType("suspend_licence", "暂扣许可证件", months=True),
    PenaltyType("lower_qualification", "降低资质等级", hearing="第三项(降低资质等级)"),
    PenaltyType("revoke_licence", "吊销许可证件", hearing="第三项(吊销许可证件)"),
    PenaltyType("restrict_business", "限制开展生产经营活动", months=True),
    PenaltyType("suspend_business", "责令停产停业(停业整顿)", months=True, hearing="第四项(责令停产停业)"),
    PenaltyType("close_down", "责令关闭", hearing="第四项(责令关闭)"),
    PenaltyType("restrict_practice", "限制从业(停止执业)", months=True, hearing="第四项(限制从业)"),
    PenaltyType("other_heavy", "其他较重的行政处罚", months=True, hearing="第五项(其他较重的行政处罚)"),
    PenaltyType("other", "法律、行政法规规定的其他行政处罚"),
)}

# 行政处罚法 第六十一条 (hand over on the spot, else serve under the Civil Procedure Law; e-service only with
# consent) and 民事诉讼法 (2023): 第八十八条 direct, 第八十九条 留置, 第九十条 electronic, 第九十一条 mail,
# 第九十五条 public notice.
SERVICE_METHODS: dict[str, str] = {
    "on_the_spot": "宣告后当场交付",
    "direct": "直接送达",
    "left_at_address": "留置送达",
    "mail": "邮寄送达",
    "electronic": "电子送达",
    "public_notice": "公告送达",
}

LEGAL_REVIEW_PASSED = "passed"
LEGAL_REVIEW_CONCLUSIONS = {"passed": "审核通过", "not_passed": "审核未通过"}
HEARING_OUTCOMES = {"held": "听证举行完毕", "party_absent": "当事人无正当理由拒不出席,视为放弃听证",
                    "party_left": "当事人未经许可中途退出,视为放弃听证"}  # 第六十四条第八项


@dataclass(frozen=True)
class Penalty:
    type: str
    amount: Decimal | None = None
    months: int | None = None
    note: str = ""

    @property
    def label(self) -> str:
        kind = PENALTY_TYPES[self.type].label if self.type in PENALTY_TYPES else self.type
        if self.amount is not None:
            return f"{kind} {self.amount} 元"
        if self.months:
            return f"{kind} {self.months} 个月"
        return kind


@dataclass(frozen=True)
class OfficerFact:
    """An officer assigned to the case, as of the step date."""

    id: int
    name: str
    role: str = "assist"  # lead / assist
    active: bool = True  # False after 回避 or reassignment
    may_act: bool = True  # 执法证 valid on the step date (fazhi.officers.credentials)
    credential_label: str = "有效"
    legal_qualification: bool = False


@dataclass(frozen=True)
class StepRecord:
    occurred_on: dt.date
    data: Mapping = field(default_factory=dict)
    seq: int = 0  # the step's place among all the case's steps (date, then recording order)


@dataclass(frozen=True)
class CaseFacts:
    calendar: WorkCalendar
    on: dt.date  # the date of the step being taken
    case_type: str = "ordinary"
    status: str = "source"
    action: str = ""  # the step being taken
    party_kind: str = "organization"  # organization / person
    # dates
    received_on: dt.date | None = None
    violation_date: dt.date | None = None
    violation_ended_on: dt.date | None = None
    discovered_on: dt.date | None = None
    filed_on: dt.date | None = None
    notified_on: dt.date | None = None
    hearing_requested_on: dt.date | None = None
    hearing_notice_on: dt.date | None = None
    hearing_on: dt.date | None = None
    hearing_held_on: dt.date | None = None
    decided_on: dt.date | None = None
    served_on: dt.date | None = None
    service_effective_on: dt.date | None = None
    paid_on: dt.date | None = None
    # flags
    endangers_life_or_finance: bool = False
    major_or_complex: bool = False
    rights_waived: bool = False
    # penalties and money
    decision: str = ""  # penalty / no_penalty
    proposed_penalties: tuple[Penalty, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    fine_amount: Decimal | None = None
    paid_amount: Decimal | None = None
    review_or_suit_days: int = 0
    deadline_extension_days: int = 0
    education_note: str = ""
    service_method: str = ""
    transferred_to: str = ""
    basis_article_ids: tuple[int, ...] = ()
    evidence_count: int = 0
    # people
    officers: tuple[OfficerFact, ...] = ()
    conflicts: frozenset[int] = frozenset()  # officer ids with a declared relationship to the party (第四十三条)
    actor_officer_id: int | None = None
    actor_legal_qualification: bool = False
    # steps done before this one: action -> records in order
    steps: Mapping[str, tuple[StepRecord, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def active_officers(self) -> tuple[OfficerFact, ...]:
        return tuple(o for o in self.officers if o.active)

    def done(self, action: str) -> tuple[StepRecord, ...]:
        return tuple(self.steps.get(action, ()))

    def last(self, action: str) -> StepRecord | None:
        found = self.done(action)
        return found[-1] if found else None


def penalty_from(raw: Mapping) -> Penalty:
    """A stored penalty (``{type, amount, months, note}``, amount as a string) as a ``Penalty``."""
    amount = raw.get("amount")
    months = raw.get("months")
    return Penalty(type=str(raw.get("type", "")), amount=None if amount in (None, "") else Decimal(str(amount)),
                   months=None if months in (None, "") else int(months), note=str(raw.get("note") or ""))


def penalty_json(p: Penalty) -> dict:
    return {"type": p.type, "amount": None if p.amount is None else str(p.amount), "months": p.months, "note": p.note}
