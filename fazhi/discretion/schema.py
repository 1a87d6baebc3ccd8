"""Load and check the benchmark YAML files. Pure Python: no Django import.

``load(paths) -> Benchmark`` reads every file, checks everything, and raises ``BenchmarkInvalid`` with the
**complete** list of problems (file, path, Chinese reason) when anything is wrong: invalid data never
loads, not even in part. ``check(paths)`` returns ``(benchmark or None, problems)`` for the console.

The files
---------
Any file may hold any of these top-level keys; the shipped ones keep one subject per file.
``version`` and ``effective_from`` (a date) are required in every file.

- ``groups``: named sets of circumstances (``art32``, ``lighter``, ``heavier``) with ``label``, ``source``.
- ``circumstances``: ``code``, ``label``, ``kind`` (``mitigating`` | ``aggravating``), ``group``,
  ``mandatory`` (行政处罚法 第三十二条 应当从轻或者减轻), ``source``, ``local``.
- ``violations``: ``code`` (事项代码), ``name`` (事项名称), ``act``, ``basis`` (法律依据), ``article``
  (处罚条款), ``items``, ``party`` (``person`` | ``organization``), ``power`` (``district`` | ``city``),
  ``power_source``, ``statutory`` (the article's penalties), ``tiers`` (减轻, 从轻, 一般, 从重: ``when``,
  ``penalties``, ``source``, ``local``) and optionally ``serious`` (情节严重: ``label``, ``when``,
  ``penalties``, ``source``).
- ``escalations`` (律师法 第五十一条) and ``exemptions`` (行政处罚法 第三十三条, the 免罚事项清单).
- ``conditions``: free space for YAML anchors (``&name``) that tiers reuse (``*name``); not read otherwise.

A penalty is ``{type, unit, min, max, cap, required, optional, power, source, note}``: ``type`` is a code of
``fazhi.cases.facts.PENALTY_TYPES`` (行政处罚法 第九条); ``unit`` is ``yuan`` or ``multiple`` (of the illegal
gains) for amounts, ``month`` for durations; a number may be dated, OpenFisca style:
``max: [{from: 2008-06-01, value: 5000, source: …}, {from: 2026-01-01, value: 8000, source: …}]``.
A ``when`` is one mapping of conditions (all must hold) or a list of them (any may hold); the keys are
``harm``, ``first_offence``, ``corrected_in_time``, ``minor_violation``, ``no_fault``, ``mitigating`` and
``aggravating`` (at least one of the codes, or ``@group``), ``no_mitigating``, ``no_aggravating``,
``aggravating_at_least``.

The tier rule (checked on every date on which any dated number changes)
----------------------------------------------------------------------
1. Every violation defines exactly the tiers 减轻, 从轻, 一般, 从重 (不予处罚 comes from the exemptions); the
   tier order is 不予处罚 < 减轻 < 从轻 < 一般 < 从重. 一般 is the default and has no ``when``.
2. A tier's penalty kinds must be kinds of the statute (``statutory``), with the same unit. 减轻 may also use
   the lightest kinds (警告、通报批评): 减轻 goes below the statutory minimum or to a lighter kind.
3. In 从轻, 一般, 从重 and 情节严重 every band lies within the statutory range (``min ≥`` statutory min,
   ``max ≤`` statutory max). In 减轻 every band lies at or below the statutory minimum (``max ≤`` statutory
   min), so a kind whose statutory minimum is 0 cannot be 减轻'd by amount, only left out.
4. The fine bands tile the statutory range: take the graded tiers 从轻, 一般, 从重 that give a fine (per
   unit), in that order. The first band starts at the statutory minimum, the last ends at the statutory
   maximum, and each band starts exactly where the previous one ends (a shared edge, which belongs to both
   tiers because 以上、以下 include the number: 民法典 第一千二百五十九条). A start below the previous end is
   an overlap, a start above it a gap. Each band has ``min < max`` unless the statute's own range is a point.
5. A statutory penalty marked ``required`` (the statute says 给予/并处, not 可以) appears in every graded tier.
6. ``没收违法所得`` (confiscate_gains) is statutory only: the engine adds it to every tier when there are gains.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, NamedTuple

import yaml

from fazhi.cases.facts import PENALTY_TYPES
from fazhi.core.errors import DomainError
from fazhi.core.strict_yaml import StrictLoader
from fazhi.discretion import model as m
from fazhi.discretion.bands import check_violation

TOP_KEYS = {"version", "effective_from", "title", "publisher", "note", "conditions", "groups", "circumstances",
            "violations", "escalations", "exemptions"}
CONDITION_KEYS = {"harm", "first_offence", "corrected_in_time", "minor_violation", "no_fault", "mitigating",
                  "aggravating", "no_mitigating", "no_aggravating", "aggravating_at_least"}
PENALTY_KEYS = {"type", "unit", "min", "max", "cap", "required", "optional", "power", "source", "note"}
CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_BOOL_TEXT = {"first_offence": ("初次违法", "非初次违法"), "corrected_in_time": ("及时改正", "未及时改正"),
              "minor_violation": ("违法行为轻微", "违法行为并非轻微"),
              "no_fault": ("有证据足以证明没有主观过错", "不能证明没有主观过错")}


class Problem(NamedTuple):
    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.path}:{self.reason}" if self.path else f"{self.file}:{self.reason}"


class BenchmarkInvalid(DomainError):
    """The benchmark files are invalid; ``problems`` lists every problem. Nothing was loaded."""

    code = "benchmark_invalid"

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(f"裁量基准数据有 {len(self.problems)} 处错误:\n" + "\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------- YAML reading



def read(path: Path) -> tuple[Any, list[Problem]]:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=StrictLoader), []
    except OSError as exc:
        return None, [Problem(path.name, "", f"无法读取文件:{exc.strerror or exc}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        detail = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(path.name, where, f"YAML 格式错误:{detail}")]


# ---------------------------------------------------------------- the checker

class _Checker:
    def __init__(self):
        self.problems: list[Problem] = []
        self.file = ""
        self.groups: dict[str, m.Group] = {}
        self.circumstances: dict[str, m.Circumstance] = {}
        self.violations: dict[str, m.Violation] = {}
        self.escalations: list[tuple[str, str, m.Escalation]] = []
        self.exemptions: list[tuple[str, str, m.Exemption]] = []
        self.files: list[tuple[str, str, dt.date | None]] = []
        self.published: list[m.FileInfo] = []
        self._pending_groups: list[tuple[str, str, str, Any]] = []

    def fail(self, path: str, reason: str) -> None:
        problem = Problem(self.file, path, reason)
        if problem not in self.problems:
            self.problems.append(problem)

    # -- scalars
    def text(self, raw: dict, key: str, path: str, required: bool = True) -> str:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                what = "出处“source”(法条,或本局规定)" if key == "source" else f"“{key}”"
                self.fail(f"{path}.{key}" if path else key, f"缺少{what}")
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.fail(f"{path}.{key}" if path else key, f"“{key}”应为文字")
            return ""
        return str(value).strip()

    def date(self, value: Any, path: str) -> dt.date | None:
        if isinstance(value, dt.datetime):
            self.fail(path, f"“{value}”应为日期(YYYY-MM-DD),不带时间")
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(path, f"日期“{value}”无效,应为 YYYY-MM-DD 形式的真实日期")
            return None

    def flag(self, raw: dict, key: str, path: str, default: bool = False) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{path}.{key}", f"“{key}”应为 true 或 false")
            return default
        return value

    def number(self, value: Any, path: str) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.fail(path, f"“{value}”应为数字")
            return None
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(path, f"“{value}”应为数字")
            return None
        if not result.is_finite() or result < 0:
            self.fail(path, f"“{value}”不能为负数")
            return None
        return result

    def dated(self, value: Any, path: str, source: str) -> m.DatedValue | None:
        if not isinstance(value, list):
            number = self.number(value, path)
            return None if number is None else m.DatedValue.constant(number, source)
        entries = []
        for i, entry in enumerate(value):
            where = f"{path}[{i}]"
            if not isinstance(entry, dict) or set(entry) - {"from", "value", "source"}:
                self.fail(where, "按时间变化的数值应写作 {from, value, source}")
                continue
            start = self.date(entry.get("from"), f"{where}.from")
            number = self.number(entry.get("value"), f"{where}.value")
            cite = self.text(entry, "source", where)
            if start and number is not None and cite:
                entries.append((start, number, cite))
        starts = [e[0] for e in entries]
        if not value:
            self.fail(path, "按时间变化的数值至少要有一项")
        elif len(entries) == len(value) and starts != sorted(set(starts)):
            self.fail(path, "各项的生效日期(from)应按时间先后排列且不得重复")
            return None
        return m.DatedValue(tuple(entries)) if entries and len(entries) == len(value) else None

    def choices(self, raw: dict, key: str, path: str, allowed: dict) -> tuple[str, ...]:
        value = raw.get(key)
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v not in allowed]
        if value is None or bad or not values:
            self.fail(f"{path}.{key}", f"“{key}”应为 {'、'.join(allowed)} 之一或其列表,而不是“{value}”")
            return ()
        return tuple(values)

    # -- penalties
    def penalty(self, raw: Any, path: str, source: str, need_source: bool) -> m.PenaltyRange | None:
        if not isinstance(raw, dict):
            self.fail(path, "处罚应写作 {type, min, max, unit, source}")
            return None
        for key in sorted(set(raw) - PENALTY_KEYS):
            self.fail(f"{path}.{key}", f"未知的字段“{key}”")
        kind = raw.get("type")
        if kind not in PENALTY_TYPES:
            self.fail(f"{path}.type", f"未知的处罚种类“{kind}”(应为 {'、'.join(PENALTY_TYPES)} 之一,"
                                      "见 fazhi/cases/facts.py PENALTY_TYPES,行政处罚法第九条)")
            return None
        cite = self.text(raw, "source", path, required=need_source) or source
        quantity = kind in m.AMOUNT_TYPES or kind in m.MONTH_TYPES
        unit = raw.get("unit") or ("yuan" if kind in m.AMOUNT_TYPES else "month" if quantity else None)
        allowed_units = ("yuan", "multiple") if kind in m.AMOUNT_TYPES else ("month",) if quantity else (None,)
        if unit not in allowed_units:
            allowed = "、".join(map(str, allowed_units))
            self.fail(f"{path}.unit", f"{PENALTY_TYPES[kind].label}的单位“{unit}”无效,应为 {allowed}")
        bounds = {}
        for key in ("min", "max", "cap"):
            if key in raw:
                bounds[key] = self.dated(raw[key], f"{path}.{key}", cite)
        numbered = quantity and kind != "confiscate_gains"
        if numbered and ("min" not in raw or "max" not in raw):
            self.fail(path, f"{PENALTY_TYPES[kind].label}须写明下限 min 与上限 max")
        if not numbered and ({"min", "max"} & set(raw)):
            self.fail(path, f"{PENALTY_TYPES[kind].label}不带数额或期限(没收违法所得按实际违法所得计算)")
        if "cap" in raw and unit != "multiple":
            self.fail(f"{path}.cap", "只有按违法所得倍数计算的罚款才有总额上限 cap")
        power = raw.get("power")
        if power is not None and power not in m.POWERS:
            self.fail(f"{path}.power", f"决定机关层级“{power}”无效,应为 district 或 city")
        return m.PenaltyRange(kind, unit, bounds.get("min"), bounds.get("max"), bounds.get("cap"),
                              self.flag(raw, "required", path), power, cite, str(raw.get("note") or ""),
                              self.flag(raw, "optional", path))

    def penalties(self, raw: Any, path: str, source: str, need_source: bool, allow_empty=False):
        if not isinstance(raw, list) or (not raw and not allow_empty):
            self.fail(path, "应为处罚的列表,至少一项")
            return ()
        found = [self.penalty(p, f"{path}[{i}]", source, need_source) for i, p in enumerate(raw)]
        return tuple(p for p in found if p is not None)

    # -- conditions
    def when(self, raw: Any, path: str) -> m.When:
        alternatives = raw if isinstance(raw, list) else [raw]
        if not alternatives or not all(isinstance(a, dict) and a for a in alternatives):
            self.fail(path, "条件应为一组条件(全部满足),或几组条件的列表(满足其一)")
            return ()
        return tuple(c for c in (self.condition(a, f"{path}[{i}]" if isinstance(raw, list) else path)
                                 for i, a in enumerate(alternatives)) if c is not None)

    def condition(self, raw: dict, path: str) -> m.Condition | None:
        for key in sorted(set(raw) - CONDITION_KEYS):
            self.fail(f"{path}.{key}", f"未知的条件“{key}”(可用:{'、'.join(sorted(CONDITION_KEYS))})")
        parts, kw = [], {}
        if "harm" in raw:
            harm = self.choices(raw, "harm", path, m.HARM_LEVELS)
            kw["harm"] = frozenset(harm)
            parts.append("或".join(m.HARM_LEVELS[h] for h in harm))
        for key, (yes, no) in _BOOL_TEXT.items():
            if key in raw:
                kw[key] = self.flag(raw, key, path)
                parts.append(yes if kw[key] else no)
        for key, kind in (("mitigating", "mitigating"), ("aggravating", "aggravating")):
            if key in raw:
                codes, labels = self.codes(raw[key], f"{path}.{key}", kind)
                kw[key] = codes
                parts.append("具有" + "或".join(labels))
        for key, text in (("no_mitigating", "没有从轻、减轻情节"), ("no_aggravating", "没有从重情节")):
            if key in raw:
                kw[key] = self.flag(raw, key, path)
                if kw[key]:
                    parts.append(text)
        if "aggravating_at_least" in raw:
            count = raw["aggravating_at_least"]
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                self.fail(f"{path}.aggravating_at_least", "应为正整数")
            else:
                kw["aggravating_at_least"] = count
                parts.append(f"具有 {count} 项以上从重情节")
        return m.Condition(text=",".join(parts), **kw)

    def codes(self, raw: Any, path: str, kind: str) -> tuple[frozenset[str], list[str]]:
        if not isinstance(raw, list) or not raw:
            self.fail(path, "应为情节代码(或 @组名)的列表")
            return frozenset(), []
        codes, labels = set(), []
        for item in raw:
            if isinstance(item, str) and item.startswith("@"):
                group = self.groups.get(item[1:])
                members = [c for c in self.circumstances.values() if c.group == item[1:]]
                if group is None:
                    self.fail(path, f"未知的情节组“{item}”(见 circumstances.yaml 的 groups)")
                    continue
                if not any(c.kind == kind for c in members):
                    self.fail(path, f"情节组“{item}”中没有 {kind} 类的情节")
                codes.update(c.code for c in members if c.kind == kind)
                labels.append(group.label)
                continue
            found = self.circumstances.get(item)
            if found is None:
                self.fail(path, f"未知的情节代码“{item}”(见 circumstances.yaml)")
            elif found.kind != kind:
                names = {"mitigating": "从轻、减轻情节", "aggravating": "从重情节"}
                self.fail(path, f"情节“{item}”({found.label})是{names.get(found.kind, found.kind)},"
                                f"不能用在{names[kind]}条件({kind})中")
            else:
                codes.add(item)
                labels.append(found.label)
        return frozenset(codes), labels

    # -- sections
    def file_header(self, raw: dict) -> tuple[str, dt.date | None]:
        for key in sorted(set(raw) - TOP_KEYS):
            self.fail(key, f"未知的顶层字段“{key}”(可用:{'、'.join(sorted(TOP_KEYS))})")
        version = self.text(raw, "version", "")
        start = None
        if raw.get("effective_from") is None:
            self.fail("effective_from", "缺少生效日期“effective_from”")
        else:
            start = self.date(raw["effective_from"], "effective_from")
        return version, start

    def section(self, raw: dict, key: str) -> list:
        value = raw.get(key) or []
        if not isinstance(value, list):
            self.fail(key, f"“{key}”应为列表")
            return []
        return value

    def read_groups_and_circumstances(self, raw: dict) -> None:
        groups = raw.get("groups") or {}
        if not isinstance(groups, dict):
            self.fail("groups", "“groups”应为 代码: {label, source} 的映射")
            groups = {}
        for code, g in groups.items():
            path = f"groups.{code}"
            if not isinstance(g, dict):
                self.fail(path, "应为 {label, source}")
                continue
            self.groups[code] = m.Group(code, self.text(g, "label", path), self.text(g, "source", path),
                                        self.flag(g, "local", path))
        for i, c in enumerate(self.section(raw, "circumstances")):
            path = f"circumstances[{i}]"
            if not isinstance(c, dict):
                self.fail(path, "应为 {code, label, kind, group, source}")
                continue
            code = self.text(c, "code", path)
            path = f"circumstances[{i}]({code})"
            kind = c.get("kind")
            if kind not in ("mitigating", "aggravating"):
                self.fail(f"{path}.kind", "“kind”应为 mitigating(从轻、减轻)或 aggravating(从重)")
            mandatory = self.flag(c, "mandatory", path)
            if mandatory and kind != "mitigating":
                self.fail(f"{path}.mandatory", "只有从轻、减轻情节可以是法定应当适用的(行政处罚法第三十二条)")
            if code and code in self.circumstances:
                self.fail(path, f"情节代码“{code}”重复")
            if code and not CODE.match(code):
                self.fail(path, f"情节代码“{code}”只能由字母、数字、下划线组成")
            self.circumstances[code] = m.Circumstance(
                code, self.text(c, "label", path), kind, str(c.get("group") or ""), mandatory,
                self.text(c, "source", path), self.flag(c, "local", path))
            self._pending_groups.append((self.file, path, code, c.get("group")))

    def check_groups(self) -> None:
        for file, path, code, group in self._pending_groups:
            if group not in self.groups:
                self.problems.append(Problem(file, f"{path}.group", f"未知的情节组“{group}”"))

    def read_violation(self, raw: Any, path: str, version: str, start: dt.date | None) -> None:
        if not isinstance(raw, dict):
            self.fail(path, "事项应为映射")
            return
        code = self.text(raw, "code", path)
        path = f"{path}({code})" if code else path
        fields = {k: self.text(raw, k, path) for k in ("name", "act", "basis")}
        fields["article"] = self.text(raw, "article", path, required=False)
        if not fields["article"]:
            self.fail(f"{path}.article", "缺少处罚条款“article”(如“律师法第四十七条”):每个事项都须写明处罚依据的条款")
        party = self.choices(raw, "party", path, m.PARTY_TYPES)
        power = raw.get("power")
        if power not in m.POWERS:
            self.fail(f"{path}.power", "缺少或无效的决定机关层级“power”(district 区司法局 / city 市司法局)")
        statutory = self.penalties(raw.get("statutory"), f"{path}.statutory", fields["article"], need_source=True)
        tiers_raw = raw.get("tiers")
        tiers: dict[str, m.Tier] = {}
        if not isinstance(tiers_raw, dict):
            self.fail(f"{path}.tiers", "缺少档次“tiers”(减轻、从轻、一般、从重)")
            tiers_raw = {}
        for name in tiers_raw:
            if name not in m.BENCHMARK_TIERS:
                hint = ";不予处罚由 exemptions.yaml(行政处罚法第三十三条)规定" if name == m.NO_PENALTY else ""
                self.fail(f"{path}.tiers.{name}", f"未知的档次“{name}”(应为 {'、'.join(m.BENCHMARK_TIERS)}){hint}")
        for name in m.BENCHMARK_TIERS:
            t = tiers_raw.get(name)
            where = f"{path}.tiers.{name}"
            if t is None:
                self.fail(f"{path}.tiers", f"缺少“{name}”档(每个事项须有 {'、'.join(m.BENCHMARK_TIERS)} 四档)")
                continue
            if not isinstance(t, dict):
                self.fail(where, "档次应为 {when, penalties, source, local}")
                continue
            for key in sorted(set(t) - {"when", "penalties", "source", "local", "note"}):
                self.fail(f"{where}.{key}", f"未知的字段“{key}”")
            if name == m.ORDINARY and t.get("when"):
                self.fail(f"{where}.when", "一般档是默认档次,不写适用条件")
            elif name != m.ORDINARY and not t.get("when"):
                self.fail(f"{where}.when", f"缺少“{name}”档的适用条件 when")
            when = self.when(t["when"], f"{where}.when") if t.get("when") else ()
            source = self.text(t, "source", where)
            tiers[name] = m.Tier(name, when, self.penalties(t.get("penalties"), f"{where}.penalties", source, False),
                                 source, self.flag(t, "local", where, True))
        serious = None
        if raw.get("serious") is not None:
            s, where = raw["serious"], f"{path}.serious"
            if not isinstance(s, dict) or not s.get("when"):
                self.fail(where, "情节严重应为 {label, when, penalties, source}")
            else:
                source = self.text(s, "source", where)
                serious = m.Serious(str(s.get("label") or "情节严重"), self.when(s["when"], f"{where}.when"),
                                    self.penalties(s.get("penalties"), f"{where}.penalties", source, False), source)
        items = raw.get("items") or []
        if code in self.violations:
            self.fail(path, f"事项代码“{code}”重复(已见于 {self.violations[code].file})")
            return
        self.violations[code] = m.Violation(
            code, fields["name"], fields["act"], fields["basis"], fields["article"], party, power if power in m.POWERS
            else "district", self.text(raw, "power_source", path), statutory, tiers, serious,
            tuple(str(i) for i in items), self.file, version, start)
        for where, reason in check_violation(self.violations[code]):
            self.fail(f"{path}.{where}" if where else path, reason)

    def read_escalation(self, raw: Any, path: str) -> None:
        if not isinstance(raw, dict):
            self.fail(path, "应为映射")
            return
        code = self.text(raw, "code", path)
        path = f"{path}({code})"
        window = raw.get("window") or {}
        years = window.get("years") if isinstance(window, dict) else None
        start = window.get("from") if isinstance(window, dict) else None
        bad_years = isinstance(years, bool) or not isinstance(years, int) or years < 1
        if bad_years or start not in ("decided_on", "ended_on"):
            self.fail(f"{path}.window", "期间应写作 {years: 正整数, from: decided_on 或 ended_on}")
        for key in ("prior_penalty", "deserves"):
            if raw.get(key) not in PENALTY_TYPES:
                self.fail(f"{path}.{key}", f"未知的处罚种类“{raw.get(key)}”")
        power = raw.get("power")
        if power not in m.POWERS:
            self.fail(f"{path}.power", "缺少或无效的决定机关层级“power”")
        source = self.text(raw, "source", path)
        esc = m.Escalation(code, self.text(raw, "name", path), self.text(raw, "article", path),
                           self.choices(raw, "party", path, m.PARTY_TYPES), self.text(raw, "prior_basis", path),
                           str(raw.get("prior_penalty")), years if isinstance(years, int) else 0, str(start),
                           str(raw.get("deserves")), tuple(raw.get("violations") or ()),
                           self.penalties(raw.get("penalties"), f"{path}.penalties", source, False),
                           power if power in m.POWERS else "city", source)
        self.escalations.append((self.file, path, esc))

    def read_exemption(self, raw: Any, path: str) -> None:
        if not isinstance(raw, dict):
            self.fail(path, "应为映射")
            return
        code = self.text(raw, "code", path)
        path = f"{path}({code})"
        kind = raw.get("kind")
        if kind not in ("mandatory", "discretionary"):
            self.fail(f"{path}.kind", "“kind”应为 mandatory(应当不予处罚)或 discretionary(可以不予处罚)")
        matters = raw.get("matters")
        if matters is not None and (not isinstance(matters, list) or not all(isinstance(x, str) for x in matters)):
            self.fail(f"{path}.matters", "免罚事项清单应为事项代码的列表")
            matters = []
        when = self.when(raw.get("when"), f"{path}.when") if raw.get("when") else ()
        if not raw.get("when"):
            self.fail(f"{path}.when", "缺少适用条件 when")
        ex = m.Exemption(code, self.text(raw, "name", path), str(kind), when, self.text(raw, "source", path),
                         None if matters is None else tuple(matters),
                         self.text(raw, "matters_source", path, required=matters is not None),
                         str(raw.get("note") or ""), self.file)
        self.exemptions.append((self.file, path, ex))

    def cross_references(self) -> None:
        for file, path, ex in self.exemptions:
            for code in ex.matters or ():
                if code not in self.violations:
                    self.problems.append(Problem(file, f"{path}.matters", f"清单中的事项代码“{code}”未定义"))
        for file, path, esc in self.escalations:
            for code in esc.violations:
                if code not in self.violations:
                    self.problems.append(Problem(file, f"{path}.violations", f"事项代码“{code}”未定义"))


def check(paths: Iterable[Path | str]) -> tuple[m.Benchmark | None, list[Problem]]:
    """Read and check ``paths``; the benchmark, or ``None`` with every problem."""
    c = _Checker()
    docs = []
    for path in (Path(p) for p in paths):
        c.file = path.name
        raw, problems = read(path)
        c.problems += problems
        if problems:
            continue
        if not isinstance(raw, dict):
            c.fail("", "文件内容应为映射(顶层 key: value)")
            continue
        version, start = c.file_header(raw)
        c.files.append((path.name, version, start))
        c.published.append(m.FileInfo(path.name, version, start, c.text(raw, "title", "", required=False),
                                      c.text(raw, "publisher", "", required=False)))
        docs.append((path.name, raw, version, start))
        c.read_groups_and_circumstances(raw)
    c.file = ""
    c.check_groups()
    for name, raw, version, start in docs:
        c.file = name
        for i, v in enumerate(c.section(raw, "violations")):
            c.read_violation(v, f"violations[{i}]", version, start)
        for i, e in enumerate(c.section(raw, "escalations")):
            c.read_escalation(e, f"escalations[{i}]")
        for i, e in enumerate(c.section(raw, "exemptions")):
            c.read_exemption(e, f"exemptions[{i}]")
    c.cross_references()
    if not docs and not c.problems:
        c.problems.append(Problem("", "", "没有裁量基准文件"))
    if c.problems:
        return None, c.problems
    return m.Benchmark(violations=dict(c.violations), circumstances=dict(c.circumstances), groups=dict(c.groups),
                       escalations=tuple(e for _, _, e in c.escalations),
                       exemptions=tuple(e for _, _, e in c.exemptions), files=tuple(c.files),
                       published=tuple(c.published)), []


def load(paths: Iterable[Path | str]) -> m.Benchmark:
    """The benchmark of ``paths``, or ``BenchmarkInvalid`` listing every problem (nothing half-loads)."""
    benchmark, problems = check(paths)
    if problems:
        raise BenchmarkInvalid(problems)
    return benchmark
