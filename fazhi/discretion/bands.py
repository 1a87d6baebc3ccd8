"""The tier rule of ``fazhi.discretion.schema`` (its docstring states it), checked on one violation. Pure Python.

``check_violation(v)`` returns ``[(path, reason)]`` for the bands of ``v`` on every date on which one of its
dated numbers changes: kinds within the statute, bands within (减轻: below) the statutory range, required
penalties in every graded tier, and the fine bands of 从轻 / 一般 / 从重 tiling the statutory range.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fazhi.cases.facts import PENALTY_TYPES
from fazhi.discretion import model as m


def _when_text(d: dt.date) -> str:
    return "" if d == dt.date.min else f"(自 {d} 起)"


def check_violation(v: m.Violation) -> list[tuple[str, str]]:
    """The tier rule of this module's docstring, on every date on which a number of ``v`` changes."""
    found: list[tuple[str, str]] = []
    dates = [d for d in (dt.date.min, *v.dates)
             if all(p.at(d, v.power) is not None for p in v.statutory)]
    if not dates and v.statutory:
        return [("statutory", "法定处罚的数值在任何日期都不完整")]
    tiers = [(f"tiers.{n}", n, v.tiers[n].penalties) for n in m.BENCHMARK_TIERS if n in v.tiers]
    if v.serious:
        tiers.append(("serious", "serious", v.serious.penalties))
    for day in dates:
        on = _when_text(day)
        stat = {(p.type, p.unit): p.at(day, v.power) for p in v.statutory}
        for path, name, ranges in tiers:
            label = v.serious.label if name == "serious" else f"{name}档"
            for i, r in enumerate(ranges):
                b = r.at(day, v.power)
                where = f"{path}.penalties[{i}]"
                if b is None:
                    found.append((where, f"{label}的{r.type}{on}尚无生效值"))
                    continue
                s = stat.get((b.type, b.unit))
                if b.type == "confiscate_gains":
                    found.append((where, "没收违法所得只写在法定处罚中,各档自动适用"))
                elif s is None:
                    if any(t == b.type for t, _ in stat):
                        found.append((where, f"{label}的{b.label}单位“{b.unit}”与法定处罚的单位不一致"))
                    elif not (name == m.MITIGATED and b.type in m.LIGHTEST_TYPES):
                        found.append((where, f"{label}的{b.label}不在法定处罚种类之内({v.article})"))
                elif not s.numeric:
                    continue
                elif b.numeric and b.min > b.max:
                    found.append((where, f"{label}的{b.label}下限 {m.num(b.min)} 大于上限 {m.num(b.max)}{on}"))
                elif b.numeric and name == m.MITIGATED and b.max > s.min:
                    found.append((where, f"减轻档的{b.label} {_span(b)} 应在法定下限 {_span(s, s.min)} 以下"
                                         f"(行政处罚法第三十二条){on}"))
                elif b.numeric and name != m.MITIGATED and not (s.min <= b.min and b.max <= s.max):
                    found.append((where, f"{label}的{b.label} {_span(b)} 超出法定幅度 {_span(s)}({v.article}){on}"))
        graded = [(n, {(r.type, r.unit): r.at(day, v.power) for r in v.tiers[n].penalties})
                  for n in m.GRADED if n in v.tiers]
        for p in v.statutory:
            if p.required:
                for n, given in graded:
                    if not any(t == p.type for t, _ in given):
                        found.append((f"tiers.{n}", f"{n}档缺少法定必须给予的{PENALTY_TYPES[p.type].label}({p.source})"))
        for (kind, unit), s in stat.items():
            if kind != "fine" or not s.numeric:
                continue
            bands = [(n, given[(kind, unit)]) for n, given in graded if given.get((kind, unit)) is not None]
            found += _tiling(bands, s, unit, on)
    return list(dict.fromkeys(found))


def _span(b: m.Band, only: Decimal | None = None) -> str:
    """``1000–3000 元``, ``违法所得的 1–3 倍``; with ``only``, that one number and the unit."""
    low, high = (only, only) if only is not None else (b.min, b.max)
    numbers = m.num(low, b.unit) if low == high else f"{m.num(low, b.unit)}–{m.num(high, b.unit)}"
    return f"违法所得的 {numbers} 倍" if b.unit == "multiple" else f"{numbers} {m.UNITS.get(b.unit or '', '')}".rstrip()


def _tiling(bands, s: m.Band, unit: str, on: str) -> list[tuple[str, str]]:
    if not bands:
        return []
    u = " 倍" if unit == "multiple" else f" {m.UNITS.get(unit, '')}"
    found = []
    first, last = bands[0], bands[-1]
    if first[1].min != s.min:
        kind = "重叠" if first[1].min < s.min else "空档"
        found.append((f"tiers.{first[0]}", f"罚款分档出现{kind}:{first[0]}档下限 {m.num(first[1].min)}{u} "
                                           f"应等于法定下限 {m.num(s.min)}{u}{on}"))
    if last[1].max != s.max:
        found.append((f"tiers.{last[0]}", f"罚款分档出现空档:{last[0]}档上限 {m.num(last[1].max)}{u} "
                                          f"应等于法定上限 {m.num(s.max)}{u}{on}"))
    for (n1, b1), (n2, b2) in zip(bands, bands[1:]):
        if b2.min < b1.max:
            found.append((f"tiers.{n2}", f"罚款分档重叠:{n1}档 {m.num(b1.min)}–{m.num(b1.max)}{u} 与 "
                                         f"{n2}档 {m.num(b2.min)}–{m.num(b2.max)}{u} 重叠{on}"))
        elif b2.min > b1.max:
            found.append((f"tiers.{n2}", f"罚款分档有空档:{n1}档止于 {m.num(b1.max)}{u},{n2}档始于 "
                                         f"{m.num(b2.min)}{u}{on}"))
    if s.min < s.max:
        for n, b in bands:
            if b.min >= b.max:
                found.append((f"tiers.{n}", f"{n}档罚款 {m.num(b.min)}–{m.num(b.max)}{u} 不是一个区间{on}"))
    return found
