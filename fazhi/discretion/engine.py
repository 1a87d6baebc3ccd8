"""The discretion engine: (violation, facts) → tier, range and an explanation chain. Pure Python: no Django import.

``recommend(benchmark, code_or_basis, facts) -> Recommendation`` applies, in this order:

1. 行政处罚法 第三十六条 (limitation): 2 years from the act (or its end, if continuing) to its discovery
   (``discovered_on``, else ``decision_date``); 5 years where life/health or financial safety is involved
   and harm resulted (``endangers_life_or_finance`` and ``harm`` not ``none``). Out of time → 不予处罚.
2. 行政处罚法 第三十三条 (the exemptions of ``exemptions.yaml``): a mandatory rule that holds → 不予处罚;
   the discretionary 首违不罚 rule that holds for a matter on the list → ``no_penalty`` with
   ``discretionary`` set (the authority *may* not penalise), plus ``if_penalised``: what applies otherwise.
3. The tier, from the data: 情节严重 (``serious``), then 减轻, 从轻, 从重, the first whose ``when`` holds,
   else 一般. 行政处罚法 第三十二条: with a mandatory mitigating circumstance the engine never chooses
   情节严重 or 从重, and chooses 从轻 where the data would give 一般.
4. 行政处罚法 第三十七条 (从旧兼从轻): the values in force on the violation date, unless the values in force
   on the decision date give a lighter result (every kind at most as heavy, one lighter or left out).
5. Repeat offences (``escalations``, 律师法 第五十一条): when the tier gives the penalty the rule names
   (警告, 停止执业, 停业整顿) and a prior penalty under the same act falls within the window, the escalated
   penalty replaces the tier's (reported as 从重, ``escalation`` set).
6. Illegal gains: 没收违法所得 is added where the statute provides it; a fine in multiples of the gains is
   computed into yuan bounds (rounded to the fen, capped where the statute caps it).

``check_decision(recommendation, penalties) -> [Deviation]`` compares the penalties actually decided with the
recommendation (edges included: 以上、以下 include the number). Both are meant for the case steps and the
public calculator, which call them with a loaded ``Benchmark`` (``fazhi.discretion.benchmark.current()``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Iterable, Mapping

from fazhi.cases.facts import PENALTY_TYPES
from fazhi.cases.rules._base import add_months, add_years
from fazhi.core.errors import DomainError, FieldProblem, NotFound
from fazhi.discretion.facts import FactsError, Facts, PriorPenalty, parse_facts
from fazhi.discretion.model import (HEAVIER, LIGHTER, MITIGATED, NO_PENALTY, ORDINARY, PARTY_TYPES, POWER_RANK,
                                    POWERS, Band, Benchmark, Circumstance, Escalation, Exemption, PenaltyRange, Tier,
                                    Violation, first_match, money, num)

__all__ = ["Band", "Benchmark", "Circumstance", "Deviation", "Escalation", "Exemption", "Facts", "FactsError",
           "NotInForce", "PenaltyRange", "PriorPenalty", "Recommendation", "Tier", "UnknownViolation", "Violation",
           "basis_matches", "check_decision", "find_violation", "parse_facts", "recommend"]

# 行政处罚法 第三十六条: 二年; 涉及公民生命健康安全、金融安全且有危害后果的, 延长至五年. Statutory numbers.
LIMITATION_YEARS = 2
LIMITATION_YEARS_SERIOUS = 5
_CN_YEARS = {1: "一", 2: "二", 3: "三", 5: "五"}
EDUCATION = "行政处罚法第三十三条第三款:对当事人的违法行为依法不予行政处罚的,应当对当事人进行教育,并记录教育情况"


class UnknownViolation(NotFound):
    """No matter of the benchmark answers to the code or basis given (or several do)."""

    code = "unknown_violation"


class NotInForce(DomainError):
    """A dated value of the benchmark has no value in force on the date asked."""

    code = "benchmark_not_in_force"


@dataclass(frozen=True)
class Recommendation:
    violation: Violation
    tier: str
    no_penalty: bool
    penalties: tuple[Band, ...]
    range: tuple[Band, ...]  # the statutory range that applies (Art. 51's where escalated)
    power: str
    explanation: tuple[str, ...]
    rule_date: dt.date  # the date whose values were applied (行政处罚法 第三十七条)
    discretionary: bool = False
    reason: str = ""  # why no penalty: "limitation" or the exemption's code
    escalation: Escalation | None = None
    serious: bool = False
    illegal_gains: Decimal | None = None
    if_penalised: "Recommendation | None" = None

    def to_json(self) -> dict:
        v = self.violation
        return {
            "violation": {"code": v.code, "name": v.name, "act": v.act, "basis": v.basis, "article": v.article},
            "version": v.version, "tier": self.tier, "no_penalty": self.no_penalty,
            "discretionary": self.discretionary, "reason": self.reason or None,
            "escalated": self.escalation is not None,
            "escalation": self.escalation.article if self.escalation else None, "serious": self.serious,
            "penalties": [b.to_json() for b in self.penalties], "range": [b.to_json() for b in self.range],
            "power": self.power, "power_label": POWERS[self.power], "rule_date": self.rule_date.isoformat(),
            "explanation": list(self.explanation),
            "if_penalised": self.if_penalised.to_json() if self.if_penalised else None,
        }


@dataclass(frozen=True)
class Deviation:
    """How a decided penalty departs from the recommendation. ``severity``: ``error`` (unlawful: beyond the
    statute, or a penalty where none may be given), ``warning`` (outside the benchmark's tier: reasons must be
    given), ``info``."""

    code: str
    severity: str
    type: str
    message: str

    def to_json(self) -> dict:
        return {"code": self.code, "severity": self.severity, "type": self.type, "message": self.message}


@dataclass
class _Outcome:
    tier: str
    bands: list[Band]
    lines: list[str] = field(default_factory=list)
    escalation: Escalation | None = None
    serious: bool = False
    range: list[Band] = field(default_factory=list)


# ---------------------------------------------------------------- finding the violation

def _norm(text: str) -> str:
    return re.sub(r"[《》〈〉\s()()]|中华人民共和国", "", str(text))


def basis_matches(v: Violation, basis: str) -> bool:
    """Whether ``basis`` names ``v``'s article, one of its paragraphs, or the article it is a paragraph of."""
    article, wanted = _norm(v.article), _norm(basis)
    return article.startswith(wanted) or wanted.startswith(article)


def find_violation(benchmark: Benchmark, key: str, party_type: str | None = None) -> Violation:
    """By 事项代码, or by 处罚条款 (``律师法第四十七条``; a longer basis such as ``…第四十七条第一项`` finds its
    article). Several matters on one article are told apart by ``party_type``."""
    if key in benchmark.violations:
        return benchmark.violations[key]
    wanted = _norm(key)
    every = list(benchmark.violations.values())
    exact = [v for v in every if _norm(v.article) == wanted]
    # an article's paragraphs (律师法第五十条第二款 under 律师法第五十条): Chinese article numbers end in 条/款,
    # so a prefix never confuses 第四条 with 第四十七条
    found = exact + [v for v in every if _norm(v.article).startswith(wanted) and v not in exact]
    if not found:
        prefixes = [v for v in every if wanted.startswith(_norm(v.article))]
        longest = max((len(_norm(v.article)) for v in prefixes), default=0)
        found = [v for v in prefixes if len(_norm(v.article)) == longest]
    if not found:
        raise UnknownViolation(f"裁量基准中没有“{key}”对应的事项;请用 fazhi discretion list 查看事项代码和处罚条款")
    if len(found) > 1 and party_type:
        found = [v for v in found if party_type in v.party] or found
    if len(found) > 1 and sum(v in exact for v in found) == 1:
        found = [v for v in found if v in exact]
    if len(found) > 1:
        codes = "、".join(f"{v.code}({v.name})" for v in found)
        raise UnknownViolation(f"“{key}”对应多个事项:{codes};请用事项代码(--code)指定")
    return found[0]


# ---------------------------------------------------------------- the steps

def _limitation(facts: Facts) -> tuple[bool, str]:
    """行政处罚法 第三十六条; the period ends on the corresponding day (民法典 第二百零二条)."""
    start = facts.violation_ended_on or facts.violation_date
    serious = facts.endangers_life_or_finance and facts.harm != "none"
    years = LIMITATION_YEARS_SERIOUS if serious else LIMITATION_YEARS
    end = add_years(start, years)
    found = facts.discovered_on or facts.decision_date
    began = "终了" if facts.violation_ended_on else "发生"
    seen = f"于 {found} 被发现" if facts.discovered_on else f"至决定日期 {found}(未提供发现日期,以决定日期核对)"
    why = "(涉及公民生命健康安全、金融安全且有危害后果)" if serious else ""
    if found <= end:
        return False, (f"行政处罚法第三十六条:违法行为{began}于 {start},{seen},未超过{_CN_YEARS[years]}年追责期限"
                       f"{why}(至 {end})")
    return True, (f"行政处罚法第三十六条:违法行为{began}于 {start},{_CN_YEARS[years]}年内{why}未被发现(期限至 {end},"
                  f"{seen}),不再给予行政处罚")


def _exemption(benchmark: Benchmark, v: Violation, facts: Facts) -> tuple[Exemption | None, list[str]]:
    lines = []
    ordered = sorted(benchmark.exemptions, key=lambda e: e.kind != "mandatory")
    for ex in ordered:
        cond = first_match(ex.when, facts)
        if cond is None:
            lines.append(f"{ex.source}「{ex.name}」:条件不满足,不适用")
            continue
        if ex.matters is not None and v.code not in ex.matters:
            lines.append(f"{ex.source}「{ex.name}」:{cond.text},但事项 {v.code} 未列入免罚事项清单"
                         f"({ex.matters_source}),按裁量基准处理")
            continue
        if ex.kind == "mandatory":
            lines.append(f"{ex.source}「{ex.name}」:{cond.text},应当不予行政处罚")
        else:
            listed = f",事项 {v.code} 已列入免罚事项清单({ex.matters_source})" if ex.matters is not None else ""
            lines.append(f"{ex.source}「{ex.name}」:{cond.text}{listed},可以不予行政处罚(由行政机关裁量决定)")
        return ex, lines
    return None, lines


def _circumstance_lines(benchmark: Benchmark, facts: Facts) -> list[str]:
    lines = []
    for code in facts.mitigating:
        c = benchmark.circumstances[code]
        must = ",应当从轻或者减轻行政处罚" if c.mandatory else ",可以从轻"
        lines.append(f"从轻、减轻情节:{c.label}({c.source}{must})")
    for code in facts.aggravating:
        c = benchmark.circumstances[code]
        lines.append(f"从重情节:{c.label}({c.source})")
    return lines


def _resolve(ranges: Iterable[PenaltyRange], day: dt.date, power: str) -> list[Band]:
    bands = []
    for r in ranges:
        band = r.at(day, power)
        if band is None:
            raise NotInForce(f"裁量基准在 {day} 尚无生效的{PENALTY_TYPES[r.type].label}数值({r.source})")
        bands.append(band)
    return bands


def _tier_line(v: Violation, name: str, tier: Tier, reason: str, bands: list[Band]) -> str:
    local = ",本局裁量基准" if tier.local else ""
    given = "、".join(b.text() for b in bands) or "不给予处罚"
    return f"裁量基准({v.file} 第 {v.version} 版,{tier.source}{local}):{reason},适用{name}档:{given}"


def _graded(benchmark: Benchmark, v: Violation, facts: Facts, day: dt.date) -> _Outcome:
    mandatory = [benchmark.circumstances[c] for c in facts.mitigating if benchmark.circumstances[c].mandatory]
    if v.serious and not mandatory:
        cond = first_match(v.serious.when, facts)
        if cond is not None:
            bands = _resolve(v.serious.penalties, day, v.power)
            given = "、".join(b.text() for b in bands)
            out = _Outcome(HEAVIER, bands, [f"{v.serious.source}:{cond.text},属于{v.serious.label},给予{given}"],
                           serious=True)
            return _escalate(benchmark, v, facts, day, out)
    chosen, cond = ORDINARY, None
    for name in (MITIGATED, LIGHTER, HEAVIER):
        if name == HEAVIER and mandatory:
            continue
        cond = first_match(v.tiers[name].when, facts)
        if cond is not None:
            chosen = name
            break
    reason = cond.text if cond is not None else "没有适用减轻、从轻或从重档的情节"
    lines = []
    if mandatory and chosen == ORDINARY:
        chosen = LIGHTER
        reason = "具有" + "、".join(c.label for c in mandatory)
        lines.append("行政处罚法第三十二条:具有应当从轻或者减轻行政处罚的情节,不适用一般档或从重档")
    tier = v.tiers[chosen]
    bands = _resolve(tier.penalties, day, v.power)
    lines.append(_tier_line(v, chosen, tier, reason, bands))
    return _escalate(benchmark, v, facts, day, _Outcome(chosen, bands, lines))


def _window_start(esc: Escalation, p: PriorPenalty) -> tuple[dt.date, str]:
    if esc.window_from == "decided_on":
        return p.decided_on, f"于 {p.decided_on} 受到{p.label}处罚"
    if p.ended_on:
        return p.ended_on, f"{p.label}处罚于 {p.ended_on} 期满"
    if p.months:
        end = add_months(p.decided_on, p.months)
        return end, f"{p.label}处罚({p.decided_on} 决定,{p.months} 个月)推算于 {end} 期满(未提供期满日期)"
    return p.decided_on, f"{p.label}处罚于 {p.decided_on} 决定(未提供期满日期,按决定日期起算,对当事人有利)"


def _escalate(benchmark: Benchmark, v: Violation, facts: Facts, day: dt.date, out: _Outcome) -> _Outcome:
    for esc in benchmark.escalations:
        if facts.party_type not in esc.party or (esc.violations and v.code not in esc.violations):
            continue
        if not any(b.type == esc.deserves for b in out.bands):
            continue
        priors = [p for p in facts.prior_penalties
                  if p.penalty == esc.prior_penalty and _norm(p.basis).startswith(_norm(esc.prior_basis))]
        years = _CN_YEARS.get(esc.window_years, str(esc.window_years))
        deserved = PENALTY_TYPES[esc.deserves].label
        for p in sorted(priors, key=lambda p: p.decided_on, reverse=True):
            start, how = _window_start(esc, p)
            end = add_years(start, esc.window_years)
            if start < facts.violation_date <= end:
                bands = _resolve(esc.penalties, day, esc.power)
                given = "、".join(b.text() for b in bands)
                out.lines.append(f"{esc.article}:当事人{how}({p.basis}),{years}年内(至 {end})于 {facts.violation_date} "
                                 f"又发生应当给予{deserved}处罚的违法行为,依法给予{given},由{POWERS[esc.power]}决定")
                if any(benchmark.circumstances[c].mandatory for c in facts.mitigating):
                    out.lines.append("行政处罚法第三十二条:当事人具有应当从轻或者减轻行政处罚的情节,"
                                     f"应在{esc.article}规定的幅度内从轻或者依法减轻")
                return _Outcome(HEAVIER, bands, out.lines, esc, out.serious, list(bands))
            out.lines.append(f"{esc.article}:当事人{how}({p.basis}),{years}年期间至 {end};本次违法行为发生于 "
                             f"{facts.violation_date},不在该期间内,不适用{esc.name}")
    return out


def _money(v: Violation, bands: list[Band], facts: Facts, day: dt.date, lines: list[str] | None) -> list[Band]:
    """Fines in multiples of the gains into yuan; 没收违法所得 added where the statute provides it."""
    result = []
    gains = facts.illegal_gains
    caps = {p.type: p.at(day, v.power).cap for p in v.statutory if p.unit == "multiple"}
    for b in bands:
        if b.unit != "multiple":
            result.append(b)
            continue
        b = b if b.cap is not None else replace(b, cap=caps.get(b.type))  # the statute's ceiling applies to every band
        if gains is None:
            result.append(b)
            continue
        low, high = money(gains * b.min), money(gains * b.max)
        if b.cap is not None:
            low, high = min(low, b.cap), min(high, b.cap)
        result.append(replace(b, unit="yuan", min=low, max=high, cap=None))
        if lines is not None:
            cap = f",且总额不超过 {num(b.cap, 'yuan')} 元" if b.cap is not None else ""
            lines.append(f"{v.article}:罚款为违法所得 {num(gains, 'yuan')} 元的 {num(b.min)}–{num(b.max)} 倍{cap},"
                         f"即 {num(low, 'yuan')}–{num(high, 'yuan')} 元")
    if lines is not None and gains is None and any(b.unit == "multiple" for b in bands):
        lines.append(f"{v.article}:未提供违法所得数额,罚款以违法所得的倍数表示")
    confiscate = v.statutory_of("confiscate_gains")
    if confiscate is not None and gains:
        result.append(Band("confiscate_gains", "yuan", gains, gains, required=True, power=confiscate.power or v.power))
        if lines is not None:
            lines.append(f"{confiscate.source}:有违法所得 {num(gains, 'yuan')} 元,没收违法所得")
    return result


def _power(v: Violation, bands: Iterable[Band], lines: list[str]) -> str:
    bands = list(bands)
    power = max([v.power, *(b.power for b in bands)], key=POWER_RANK.get)
    higher = [b.label for b in bands if POWER_RANK[b.power] > POWER_RANK[v.power]]
    extra = f";其中{'、'.join(higher)}由{POWERS[power]}决定" if higher else ""
    lines.append(f"决定机关:{POWERS[v.power]}({v.power_source}){extra}")
    return power


def _heavier_or_equal(new: list[Band], old: list[Band]) -> bool:
    """False when ``new`` is lighter than ``old``: no kind added, none heavier, and one lighter or left out."""
    n = {(b.type, b.unit): b for b in new}
    o = {(b.type, b.unit): b for b in old}
    if not set(n) <= set(o):
        return True
    lighter = set(n) < set(o)
    for key, b in n.items():
        before = o[key]
        if not b.numeric:
            continue
        if b.max > before.max or b.min > before.min:
            return True
        lighter = lighter or b.max < before.max or b.min < before.min
    return not lighter


def _art37(benchmark: Benchmark, v: Violation, facts: Facts) -> tuple[_Outcome, dt.date]:
    act, decided = facts.violation_date, facts.decision_date
    old = _graded(benchmark, v, facts, act)
    esc_dates = {d for e in benchmark.escalations for p in e.penalties for d in p.dates}
    changed = [d for d in {*v.dates, *esc_dates} if act < d <= decided]
    if not changed:
        old.lines.append(f"行政处罚法第三十七条:适用违法行为发生时({act})的规定,此后至决定日期({decided})未作修改")
        return old, act
    new = _graded(benchmark, v, facts, decided)
    if not _heavier_or_equal(_money(v, new.bands, facts, decided, None), _money(v, old.bands, facts, act, None)):
        new.lines.append(f"行政处罚法第三十七条:违法行为发生时({act})的规定为“{'、'.join(b.text() for b in old.bands)}”,"
                         f"决定时({decided})施行的规定处罚较轻,依照从旧兼从轻原则适用新规定")
        return new, decided
    old.lines.append(f"行政处罚法第三十七条:决定时({decided})施行的规定不轻于违法行为发生时({act})的规定,"
                     f"适用违法行为发生时的规定")
    return old, act


# ---------------------------------------------------------------- the API

def recommend(benchmark: Benchmark, violation: str, facts: Facts | Mapping) -> Recommendation:
    """The tier, the penalties within it, the statutory range and the explanation for ``facts``."""
    if not isinstance(facts, Facts):
        facts = parse_facts(facts, benchmark)
    v = find_violation(benchmark, violation, facts.party_type)
    if facts.party_type not in v.party:
        allowed = "、".join(PARTY_TYPES[p] for p in v.party)
        raise FactsError(FieldProblem("party_type(当事人类型)", f"事项 {v.code}「{v.name}」的当事人应为{allowed},"
                                                           f"而不是{PARTY_TYPES[facts.party_type]}"))
    statute = _resolve(v.statutory, facts.violation_date, v.power)
    lines = [f"事项 {v.code}「{v.name}」:法律依据 {v.basis};处罚条款 {v.article},法定处罚为"
             f"{'、'.join(b.text() for b in statute)}"]
    expired, line = _limitation(facts)
    lines.append(line)
    if expired:
        return Recommendation(v, NO_PENALTY, True, (), tuple(statute), v.power, (*lines, EDUCATION),
                              facts.violation_date, reason="limitation", illegal_gains=facts.illegal_gains)
    exemption, ex_lines = _exemption(benchmark, v, facts)
    lines += ex_lines
    if exemption is not None and exemption.kind == "mandatory":
        return Recommendation(v, NO_PENALTY, True, (), tuple(statute), v.power, (*lines, EDUCATION),
                              facts.violation_date, reason=exemption.code, illegal_gains=facts.illegal_gains)
    circumstances = _circumstance_lines(benchmark, facts)
    out, day = _art37(benchmark, v, facts)
    penalty_lines = [*lines, *circumstances, *out.lines]
    bands = _money(v, out.bands, facts, day, penalty_lines)
    stat_range = _money(v, out.range or _resolve(v.statutory, day, v.power), facts, day, None)
    power = _power(v, bands, penalty_lines)
    normal = Recommendation(v, out.tier, False, tuple(bands), tuple(stat_range), power, tuple(penalty_lines), day,
                            escalation=out.escalation, serious=out.serious, illegal_gains=facts.illegal_gains)
    if exemption is None:
        return normal
    given = "、".join(b.text() for b in bands)
    return Recommendation(
        v, NO_PENALTY, True, (), tuple(stat_range), v.power,
        (*lines, EDUCATION, f"如决定给予处罚,适用{out.tier}档:{given}(见 if_penalised)"), day,
        discretionary=True, reason=exemption.code, illegal_gains=facts.illegal_gains, if_penalised=normal)


def _given(p: Any) -> tuple[str, Decimal | None]:
    get = p.get if isinstance(p, Mapping) else lambda k: getattr(p, k, None)
    kind = str(get("type") or "")
    value = get("amount") if kind in PENALTY_TYPES and PENALTY_TYPES[kind].amount else get("months")
    return kind, None if value in (None, "") else Decimal(str(value))


def check_decision(rec: Recommendation, penalties: Iterable[Any]) -> list[Deviation]:
    """How ``penalties`` (``fazhi.cases.facts.Penalty`` or ``{type, amount, months}``) depart from ``rec``."""
    given = [g for g in map(_given, penalties) if g[1] is None or g[1] != 0]
    article = rec.violation.article
    if rec.no_penalty:
        if not given:
            return []
        if not rec.discretionary or rec.if_penalised is None:
            why = "追责期限已过(行政处罚法第三十六条)" if rec.reason == "limitation" else "符合行政处罚法第三十三条的规定"
            return [Deviation("penalty_not_allowed", "error", "", f"{why},应当不予行政处罚,不得给予处罚")]
        note = Deviation("exemption_not_used", "info", "",
                         "本事项符合首违不罚条件,可以不予行政处罚(行政处罚法第三十三条第一款);决定给予处罚的,宜说明理由")
        return [note, *check_decision(rec.if_penalised, penalties)]
    found: list[Deviation] = []
    tier = {b.type: b for b in rec.penalties}
    statute = {b.type: b for b in rec.range}
    for kind, value in given:
        label = PENALTY_TYPES[kind].label if kind in PENALTY_TYPES else kind
        b, s = tier.get(kind), statute.get(kind)
        shown = _shown(kind, value)
        if b is None:
            if s is None:
                found.append(Deviation("not_in_statute", "error", kind, f"{label}不是{article}规定的处罚种类"))
            elif value is not None and s.numeric and s.unit != "multiple" and not s.contains(value):
                found.append(Deviation("outside_statute", "error", kind,
                                       f"{label} {shown}超出法定幅度 {s.text()}({article})"))
            else:
                found.append(Deviation("other_tier", "warning", kind, f"{label}不属于{rec.tier}档的处罚({_tier_source(rec)})"))
            continue
        if not b.numeric:
            continue
        if value is None:
            found.append(Deviation("missing_amount", "warning", kind, f"{label}未写明数额或期限,无法核对是否在{b.text()}之内"))
        elif b.unit == "multiple":
            found.append(Deviation("cannot_check", "info", kind, f"未提供违法所得数额,无法核对{label}是否在{b.text()}之内"))
        elif not b.contains(value):
            text = _shown(kind, value)
            beyond = s is not None and s.numeric and s.unit == b.unit and (
                value > s.max or (value < s.min and rec.tier != MITIGATED))  # below the minimum only in 减轻
            if beyond:
                found.append(Deviation("outside_statute", "error", kind, f"{label} {text}超出法定幅度 {s.text()}({article})"))
            else:
                side = "低于" if value < b.min else "高于"
                found.append(Deviation("below_band" if value < b.min else "above_band", "warning", kind,
                                       f"{label} {text}{side}{rec.tier}档 {b.text()}({_tier_source(rec)}),"
                                       f"偏离裁量基准的应当说明理由"))
    kinds = {k for k, _ in given}
    for b in rec.penalties:
        if b.type not in kinds and not b.optional and (not b.numeric or b.min > 0):
            found.append(Deviation("missing_penalty", "warning", b.type, f"{rec.tier}档应给予{b.text()},决定中没有"))
    return found


def _shown(kind: str, value: Decimal | None) -> str:
    if value is None:
        return ""
    if kind in PENALTY_TYPES and PENALTY_TYPES[kind].amount:
        return f"{num(value, 'yuan')} 元"
    return f"{num(value)} 个月"


def _tier_source(rec: Recommendation) -> str:
    if rec.escalation is not None:
        return rec.escalation.article
    if rec.serious and rec.violation.serious:
        return rec.violation.serious.source
    tier = rec.violation.tiers.get(rec.tier)
    return tier.source if tier else rec.violation.article
