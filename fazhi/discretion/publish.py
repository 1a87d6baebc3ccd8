"""The benchmark as the public reads it (行政处罚法 第三十四条): catalogue, matter sheets, 免罚事项清单. Pure Python.

Nothing here decides anything: it lays out what ``schema.load`` read (the files, the matters, the tiers with
the conditions the loader already wrote in Chinese, the penalties resolved on a day) for the templates of
``fazhi/discretion/templates/discretion/public/``. The calculator itself calls ``engine.recommend``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fazhi.cases.facts import PENALTY_TYPES
from fazhi.discretion.engine import Recommendation
from fazhi.discretion.model import (BENCHMARK_TIERS, HARM_LEVELS, ORDINARY, PARTY_TYPES, Benchmark, Circumstance,
                                    Escalation, Exemption, FileInfo, PenaltyRange, Violation, When)

# The order of the fields of practice on the public pages; a bureau's extra file comes after them.
DOMAINS = ("律师", "公证", "司法鉴定")
# The kinds a prior penalty is chosen from in the calculator (codes of PENALTY_TYPES).
PRIOR_KINDS = ("warning", "fine", "confiscate_gains", "restrict_practice", "suspend_business", "revoke_licence")


@dataclass
class FileGroup:
    info: FileInfo
    short: str  # 律师 / 公证 / 司法鉴定: the title without the publisher and the common suffix
    matters: list[Violation] = field(default_factory=list)


@dataclass
class TierRow:
    name: str
    label: str  # 减轻 … 从重, or the statute's 情节严重 / 情节特别严重
    conditions: list[str]  # alternatives; any one suffices
    penalties: list[str]
    source: str
    local: bool
    default: bool = False


@dataclass
class EscalationRow:
    escalation: Escalation
    prior: str  # the prior penalty the rule counts
    deserves: str
    window: str
    penalties: list[str]


@dataclass
class ExemptionRow:
    exemption: Exemption
    conditions: list[str]
    applies: bool  # to the matter the row is shown for (always, for a rule without a list)


def short_label(info: FileInfo) -> str:
    title = info.title or info.name
    if info.publisher and title.startswith(info.publisher):
        title = title[len(info.publisher):]
    for suffix in ("行政处罚裁量基准", "裁量基准"):
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)]
    return title


def _domain_rank(group: FileGroup) -> tuple[int, str]:
    rank = next((i for i, d in enumerate(DOMAINS) if group.short.startswith(d)), len(DOMAINS))
    return rank, group.info.name


def catalogue(benchmark: Benchmark) -> list[FileGroup]:
    """The files that hold matters, each with its matters, 律师 → 公证 → 司法鉴定 → any other."""
    groups = {info.name: FileGroup(info, short_label(info)) for info in benchmark.published}
    for v in benchmark.violations.values():
        if v.file in groups:
            groups[v.file].matters.append(v)
    return sorted((g for g in groups.values() if g.matters), key=_domain_rank)


def other_files(benchmark: Benchmark) -> list[FileInfo]:
    """The published files without matters (裁量情节, 免罚事项清单)."""
    with_matters = {v.file for v in benchmark.violations.values()}
    return [info for info in benchmark.published if info.name not in with_matters]


def exemption_files(benchmark: Benchmark) -> list[str]:
    """The files that publish the 第三十三条 rules (the shipped ``exemptions.yaml``, or a bureau's)."""
    return list(dict.fromkeys(e.file for e in benchmark.exemptions if e.file))


def file_info(benchmark: Benchmark, name: str) -> FileInfo | None:
    return next((info for info in benchmark.published if info.name == name), None)


def penalty_text(r: PenaltyRange, power: str, on: dt.date) -> str:
    """``罚款 0–5000 元`` as in force on ``on``; a later dated value is added (``自 2026-01-01 起:…``)."""
    dates = sorted({d for d in r.dates if d != dt.date.min})
    band = r.at(on, power)
    text = band.text() if band is not None else ""
    if band is None and dates:  # not in force yet: show its first value
        text = f"自 {dates[0]} 起:{r.at(dates[0], power).text()}"
    note = r.note if r.note and r.note not in text else ""
    if note:
        text = f"{text}({note})"
    later = [f"自 {d} 起:{r.at(d, power).text()}" for d in dates if d > on and r.at(d, power) is not None]
    if band is not None and later:
        text += ";" + ";".join(later)
    return text


def conditions(when: When) -> list[str]:
    return [c.text for c in when]


def tiers(v: Violation, on: dt.date) -> list[TierRow]:
    """减轻, 从轻, 一般, 从重, then the statute's 情节严重 if the matter has one."""
    rows = []
    for name in BENCHMARK_TIERS:
        t = v.tiers[name]
        rows.append(TierRow(name, name, conditions(t.when), [penalty_text(p, v.power, on) for p in t.penalties],
                            t.source, t.local, default=name == ORDINARY))
    if v.serious is not None:
        s = v.serious
        rows.append(TierRow("serious", s.label, conditions(s.when), [penalty_text(p, v.power, on) for p in s.penalties],
                            s.source, local=False))
    return rows


def statutory(v: Violation, on: dt.date) -> list[tuple[str, str, bool]]:
    """``(penalty, source text, required)`` for each penalty of the article."""
    return [(penalty_text(p, v.power, on), p.source, p.required) for p in v.statutory]


def escalations(benchmark: Benchmark, v: Violation, on: dt.date) -> list[EscalationRow]:
    """The repeat-offence rules (律师法 第五十一条) that can apply to ``v``."""
    rows = []
    for e in benchmark.escalations:
        if (e.violations and v.code not in e.violations) or not set(e.party) & set(v.party):
            continue
        start = "处罚决定之日" if e.window_from == "decided_on" else "处罚期满之日"
        rows.append(EscalationRow(e, PENALTY_TYPES[e.prior_penalty].label, PENALTY_TYPES[e.deserves].label,
                                  f"自{start}起 {e.window_years} 年内",
                                  [penalty_text(p, e.power, on) for p in e.penalties]))
    return rows


def circumstances_used(benchmark: Benchmark, v: Violation) -> list[Circumstance]:
    """The circumstance codes the matter's conditions name, in the order of ``circumstances.yaml``."""
    whens = [t.when for t in v.tiers.values()] + ([v.serious.when] if v.serious else [])
    codes = {code for when in whens for c in when for code in (*(c.mitigating or ()), *(c.aggravating or ()))}
    return [c for c in benchmark.circumstances.values() if c.code in codes]


def circumstance_groups(benchmark: Benchmark, kind: str) -> list[tuple[str, list[Circumstance]]]:
    """``(group label, circumstances)`` of one kind (mitigating / aggravating), for the calculator."""
    result: dict[str, list[Circumstance]] = {}
    for c in benchmark.circumstances.values():
        if c.kind == kind:
            group = benchmark.groups.get(c.group)
            result.setdefault(group.label if group else c.group, []).append(c)
    return list(result.items())


def exemption_rows(benchmark: Benchmark, v: Violation | None = None) -> list[ExemptionRow]:
    """The 第三十三条 rules, the mandatory ones first; ``applies`` says whether ``v`` is covered."""
    ordered = sorted(benchmark.exemptions, key=lambda e: e.kind != "mandatory")
    return [ExemptionRow(e, conditions(e.when), v is None or e.matters is None or v.code in e.matters)
            for e in ordered]


def listed_matters(benchmark: Benchmark, exemption: Exemption) -> list[Violation]:
    return [benchmark.violations[c] for c in exemption.matters or () if c in benchmark.violations]


def parties(v: Violation) -> str:
    return "、".join(PARTY_TYPES[p] for p in v.party)


def no_penalty_reason(benchmark: Benchmark, rec: Recommendation) -> str:
    """Why no penalty: the rule of 第三十六条 or 第三十三条 that gave it, with its article."""
    if rec.reason == "limitation":
        return "超过追责期限(行政处罚法第三十六条)"
    found = next((e for e in benchmark.exemptions if e.code == rec.reason), None)
    return f"{found.name}({found.source})" if found else rec.reason


def shown_range(rec: Recommendation) -> list:
    """The statutory range of a result, without the bare 没收违法所得 when the amount to confiscate is known."""
    counted = {b.type for b in rec.range if b.numeric}
    return [b for b in rec.range if b.numeric or b.type not in counted]


def matter_choices(benchmark: Benchmark) -> list[tuple[str, list[tuple[Violation, str]]]]:
    """The grouped options of the calculator's matter select: ``(group, [(matter, party codes)])``."""
    return [(g.short, [(v, " ".join(v.party)) for v in g.matters]) for g in catalogue(benchmark)]


def prior_kinds() -> list[tuple[str, str]]:
    return [(k, PENALTY_TYPES[k].label) for k in PRIOR_KINDS]


HARM_CHOICES = list(HARM_LEVELS.items())
PARTY_CHOICES = list(PARTY_TYPES.items())
