"""The case-file evaluation rubric (案卷评查标准) as versioned data, and the scoring. Pure Python: no Django
import.

The rubric lives in ``data/rubrics/*.yaml``, one file per version (``version``, ``effective_from``), in the
manner of OpenFisca parameters: the numbers are data with their source, the code only applies them.

``load(version=None, directory=DEFAULT)`` reads and checks **every** file of the directory (a malformed
file fails loudly even when another version is asked for, so a bad edit never waits for its round) and
returns the asked version, or — with ``version=None`` — the version with the latest ``effective_from`` on
or before ``on`` (default: today). Problems raise ``RubricInvalid`` listing all of them at once, each
naming the file and the path in it (``sections[2].items[3](P3).max``; indexes count from 1).

``Rubric.score(vetoes, deductions) -> Result``:

- a deduction is a number (``Decimal``, ``int``, a numeric ``str``; a ``float`` from JSON is read through its
  text) with at most one decimal place; ``None`` or ``""`` means "not deducted";
- an unknown code, a negative deduction or one above the item's ``max`` raises ``ScoringError`` (a
  ``ValueError``) naming every offending item;
- the deductions of a section count at most the section's points;
- score = 100 − the counted deductions, with one decimal place (exact: no rounding is ever needed);
- any veto (否决项) gives the lowest grade (不合格) whatever the score; the score is still computed and
  reported, so the reviewer and the district see what the file would otherwise have got.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import types
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple

import yaml

from fazhi.core.errors import DomainError, FieldProblem, ValidationFailed
from fazhi.core.strict_yaml import StrictLoader
from fazhi.evaluation.prechecks import CODES as PRECHECK_CODES

DEFAULT = Path(__file__).with_name("data") / "rubrics"
FULL_MARKS = Decimal(100)
TENTH = Decimal("0.1")

TOP_KEYS = {"version", "effective_from", "title", "source", "note", "grades", "vetoes", "sections"}
TOP_REQUIRED = ("version", "effective_from", "title", "source", "grades", "vetoes", "sections")
GRADE_KEYS = {"name", "min", "note"}
VETO_KEYS = {"code", "text", "article", "precheck", "note"}
SECTION_KEYS = {"code", "name", "points", "items", "note"}
ITEM_KEYS = {"code", "text", "max", "article", "precheck", "note"}
KEY_LABELS = {"version": "版本号", "effective_from": "施行日期", "title": "名称", "source": "出处", "grades": "等次",
              "vetoes": "否决项", "sections": "评查部分", "name": "名称", "min": "分数线", "code": "代码",
              "text": "内容", "article": "依据条款", "points": "分值", "items": "评查项目", "max": "最多扣分"}


# ---------------------------------------------------------------- errors

class Problem(NamedTuple):
    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.path}:{self.reason}" if self.path else f"{self.file}:{self.reason}"


class RubricInvalid(DomainError, ValueError):
    """A rubric file is invalid; ``problems`` lists every problem (file, path, Chinese reason)."""

    code = "rubric_invalid"

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(f"评查标准数据有 {len(self.problems)} 处错误:\n" + "\n".join(map(str, self.problems)))


class RubricNotFound(DomainError, LookupError):
    code = "rubric_not_found"


class ScoringError(ValidationFailed, ValueError):
    """The vetoes or deductions given to ``Rubric.score`` are refused; ``problems`` are ``FieldProblem``s whose
    ``field`` is the item code."""

    code = "scoring_invalid"


# ---------------------------------------------------------------- the rubric

@dataclass(frozen=True)
class Grade:
    name: str
    min: Decimal
    note: str = ""


@dataclass(frozen=True)
class Veto:
    code: str
    text: str
    article: str
    precheck: str = ""
    note: str = ""


@dataclass(frozen=True)
class Item:
    code: str
    section: str  # the section's code
    text: str
    max: Decimal  # the most that may be deducted for this item
    article: str = ""
    precheck: str = ""
    note: str = ""


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    points: Decimal
    items: tuple[Item, ...]
    note: str = ""


@dataclass(frozen=True)
class SectionScore:
    code: str
    name: str
    points: Decimal
    deducted: Decimal  # the sum of the item deductions
    counted: Decimal  # min(deducted, points)
    score: Decimal  # points - counted

    @property
    def capped(self) -> bool:
        return self.deducted > self.points


@dataclass(frozen=True)
class Finding:
    """One problem found in the file: a veto, or an item with a deduction above 0 (rubric order)."""

    code: str
    kind: str  # "veto" | "deduction"
    text: str
    article: str
    points: Decimal | None = None  # None for a veto
    section: str = ""  # the section's name ("" for a veto)


@dataclass(frozen=True)
class Result:
    score: Decimal
    grade: str
    vetoed: tuple[str, ...]  # veto codes, rubric order
    by_section: dict[str, SectionScore]  # section code -> its score, rubric order
    problems: tuple[Finding, ...]  # vetoes first, then deductions, rubric order

    def as_dict(self) -> dict:
        """JSON-ready (numbers as text, e.g. "87.5")."""
        return {
            "score": str(self.score), "grade": self.grade, "vetoed": list(self.vetoed),
            "by_section": {c: {"name": s.name, "points": str(s.points), "deducted": str(s.deducted),
                               "counted": str(s.counted), "score": str(s.score), "capped": s.capped}
                           for c, s in self.by_section.items()},
            "problems": [{"code": f.code, "kind": f.kind, "text": f.text, "article": f.article,
                          "points": None if f.points is None else str(f.points), "section": f.section}
                         for f in self.problems],
        }


@dataclass(frozen=True)
class Rubric:
    version: str
    effective_from: dt.date
    title: str
    source: tuple[str, ...]
    grades: tuple[Grade, ...]  # highest first; the last (min 0) is the grade of a vetoed file
    vetoes: Mapping[str, Veto]  # rubric order
    sections: tuple[Section, ...]
    note: str = ""
    file: str = ""

    @property
    def items(self) -> Mapping[str, Item]:
        """Every deduction item by code, rubric order."""
        return types.MappingProxyType({i.code: i for s in self.sections for i in s.items})

    @property
    def veto_grade(self) -> str:
        return self.grades[-1].name

    def grade_for(self, score: Decimal | int | str) -> str:
        """The first grade (highest first) whose minimum the score reaches: 90 → 优秀, 89.9 → 良好."""
        value = _decimal(score)
        if value is None or not FULL_MARKS >= value >= 0:
            raise ScoringError(FieldProblem("得分", f"“{score}”应为 0 至 100 之间的数字"))
        for grade in self.grades:
            if value >= grade.min:
                return grade.name
        raise AssertionError("the last grade has min 0")  # guaranteed by the checker

    def for_precheck(self, code: str) -> tuple[str, ...]:
        """The veto and item codes a pre-check points to (rubric order), to show beside its evidence."""
        return tuple(v.code for v in self.vetoes.values() if v.precheck == code) + \
            tuple(i.code for i in self.items.values() if i.precheck == code)

    def score(self, vetoes: Iterable[str] = (), deductions: Mapping[str, Any] | None = None) -> Result:
        problems: list[FieldProblem] = []
        items = self.items
        asked = list(vetoes or ())
        for code in asked:
            if code not in self.vetoes:
                hint = ",它是扣分项,请填在扣分中" if code in items else ""
                problems.append(FieldProblem(str(code), f"评查标准 {self.version} 中没有否决项“{code}”{hint}"))
        amounts: dict[str, Decimal] = {}
        for code, raw in (deductions or {}).items():
            item = items.get(code)
            if item is None:
                hint = ",它是否决项,请勾选否决项" if code in self.vetoes else ""
                problems.append(FieldProblem(str(code), f"评查标准 {self.version} 中没有扣分项“{code}”{hint}"))
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            amount = _decimal(raw)
            what = f"“{code} {item.text}”"
            if amount is None:
                problems.append(FieldProblem(code, f"{what}的扣分“{raw}”不是数字"))
            elif amount < 0:
                problems.append(FieldProblem(code, f"{what}的扣分不能为负数(现为 {raw})"))
            elif amount > item.max:
                problems.append(FieldProblem(code, f"{what}最多扣 {_text(item.max)} 分,不能扣 {_text(amount)} 分"))
            elif amount != amount.quantize(TENTH):
                problems.append(FieldProblem(code, f"{what}的扣分最多保留一位小数(现为 {raw})"))
            else:
                amounts[code] = amount
        if problems:
            raise ScoringError(problems)

        by_section: dict[str, SectionScore] = {}
        findings = [Finding(v.code, "veto", v.text, v.article) for v in self.vetoes.values() if v.code in asked]
        for section in self.sections:
            deducted = Decimal(0)
            for item in section.items:
                amount = amounts.get(item.code, Decimal(0))
                if amount > 0:
                    deducted += amount
                    findings.append(Finding(item.code, "deduction", item.text, item.article, amount, section.name))
            counted = min(deducted, section.points)
            by_section[section.code] = SectionScore(section.code, section.name, section.points.quantize(TENTH),
                                                    deducted.quantize(TENTH), counted.quantize(TENTH),
                                                    (section.points - counted).quantize(TENTH))
        total = (FULL_MARKS - sum((s.counted for s in by_section.values()), Decimal(0))).quantize(TENTH)
        vetoed = tuple(v for v in self.vetoes if v in asked)
        grade = self.veto_grade if vetoed else self.grade_for(total)
        return Result(total, grade, vetoed, by_section, tuple(findings))

    def as_dict(self) -> dict:
        """The whole rubric for display and for keeping beside a round (JSON-ready, numbers as text)."""
        return {
            "version": self.version, "effective_from": self.effective_from.isoformat(), "title": self.title,
            "source": list(self.source), "note": self.note,
            "grades": [{"name": g.name, "min": _text(g.min), "note": g.note} for g in self.grades],
            "vetoes": [{"code": v.code, "text": v.text, "article": v.article, "precheck": v.precheck,
                        "note": v.note} for v in self.vetoes.values()],
            "sections": [{"code": s.code, "name": s.name, "points": _text(s.points), "note": s.note,
                          "items": [{"code": i.code, "text": i.text, "max": _text(i.max), "article": i.article,
                                     "precheck": i.precheck, "note": i.note} for i in s.items]}
                         for s in self.sections],
        }


def _decimal(value: Any) -> Decimal | None:
    """A finite Decimal from an int, Decimal, numeric text or float (through its text); else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def _text(value: Decimal) -> str:
    """2 → "2", 1.50 → "1.5"."""
    return format(value.normalize(), "f")


# ---------------------------------------------------------------- reading and checking



class _Checker:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.codes: dict[str, str] = {}  # code -> the path that first used it

    def fail(self, path: str, reason: str) -> None:
        self.problems.append(Problem(self.file, path, reason))

    def mapping(self, raw: Any, path: str, allowed: set[str], required: Iterable[str]) -> dict | None:
        if not isinstance(raw, dict):
            self.fail(path, "应为键值映射(key: value)")
            return None
        for key in raw:
            if key not in allowed:
                self.fail(f"{path}.{key}" if path else str(key),
                          f"未知的键“{key}”(允许的键:{'、'.join(sorted(allowed))})")
        for key in required:
            if key not in raw or raw[key] is None or (isinstance(raw[key], str) and not raw[key].strip()):
                self.fail(f"{path}.{key}" if path else key, f"缺少{KEY_LABELS.get(key, '')}“{key}”")
        return raw

    def text(self, raw: dict, key: str, path: str) -> str:
        value = raw.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.fail(f"{path}.{key}" if path else key, f"“{key}”应为文字")
            return ""
        return str(value).strip()

    def number(self, raw: dict, key: str, path: str) -> Decimal | None:
        if raw.get(key) is None:
            return None  # reported as missing
        value = _decimal(raw[key])
        if value is None or isinstance(raw[key], str):
            self.fail(f"{path}.{key}", f"“{raw[key]}”应为数字")
            return None
        return value

    def code(self, code: str, path: str) -> None:
        if not code:
            return
        if code in self.codes:
            self.fail(f"{path}.code", f"代码“{code}”重复(已用于 {self.codes[code]})")
        else:
            self.codes[code] = path

    def precheck(self, raw: dict, path: str) -> str:
        code = self.text(raw, "precheck", path)
        if code and code not in PRECHECK_CODES:
            self.fail(f"{path}.precheck", f"未知的自动预检“{code}”(可用:{'、'.join(PRECHECK_CODES)})")
        return code


def _check(raw: Any, file: str) -> Rubric | list[Problem]:
    c = _Checker(file)
    top = c.mapping(raw, "", TOP_KEYS, TOP_REQUIRED)
    if top is None:
        return c.problems
    version = c.text(top, "version", "")
    effective = top.get("effective_from")
    if isinstance(effective, str):
        try:
            effective = dt.date.fromisoformat(effective.strip())
        except ValueError:
            pass
    if effective is not None and (not isinstance(effective, dt.date) or isinstance(effective, dt.datetime)):
        c.fail("effective_from", f"“{effective}”应为日期(YYYY-MM-DD)")
    source = top.get("source")
    if isinstance(source, str):
        source = [source]
    if source is not None and (not isinstance(source, list) or not all(isinstance(s, str) for s in source)):
        c.fail("source", "“source”应为文字或文字列表(法条、文件或本局规定)")
        source = []
    grades, vetoes, sections = _grades(c, top.get("grades")), _vetoes(c, top.get("vetoes")), \
        _sections(c, top.get("sections"))
    if c.problems:
        return c.problems
    return Rubric(version=version, effective_from=effective, title=c.text(top, "title", ""),
                  source=tuple(source or ()), grades=tuple(grades), vetoes=types.MappingProxyType(vetoes),
                  sections=tuple(sections), note=c.text(top, "note", ""), file=file)


def _listed(c: _Checker, raw: Any, path: str) -> list:
    if raw is not None and (not isinstance(raw, list) or not raw):
        c.fail(path, f"“{path.rsplit('.', 1)[-1]}”应为非空列表")
    return raw if isinstance(raw, list) else []


def _grades(c: _Checker, raw: Any) -> list[Grade]:
    """Highest first, minima strictly descending, the last one 0. The statute sets no grades: they are
    local data ([M], legal-rules.md “Case-file evaluation”)."""
    grades: list[Grade] = []
    for n, g in enumerate(_listed(c, raw, "grades"), start=1):
        path = f"grades[{n}]"
        g = c.mapping(g, path, GRADE_KEYS, ("name", "min"))
        if g is None:
            continue
        name, minimum = c.text(g, "name", path), c.number(g, "min", path)
        if minimum is not None and not FULL_MARKS >= minimum >= 0:
            c.fail(f"{path}.min", f"分数线应在 0 至 100 之间(现为 {_text(minimum)})")
        elif minimum is not None and grades and minimum >= grades[-1].min:
            c.fail(f"{path}.min", f"分数线应由高到低严格递减:{name} {_text(minimum)} 不低于上一等次 "
                                  f"{grades[-1].name} {_text(grades[-1].min)}")
        if name and name in {x.name for x in grades}:
            c.fail(f"{path}.name", f"等次“{name}”重复")
        if name and minimum is not None:
            grades.append(Grade(name, minimum, c.text(g, "note", path)))
    if grades and grades[-1].min != 0:
        c.fail(f"grades[{len(grades)}].min", f"最低等次“{grades[-1].name}”的分数线应为 0(否决项的案卷归入该等次)")
    return grades


def _vetoes(c: _Checker, raw: Any) -> dict[str, Veto]:
    """否决项: each must cite its article (e.g. 行政处罚法 第三十八条、第四十二条)."""
    vetoes: dict[str, Veto] = {}
    for n, v in enumerate(_listed(c, raw, "vetoes"), start=1):
        path = f"vetoes[{n}]"
        v = c.mapping(v, path, VETO_KEYS, ("code", "text", "article"))
        if v is None:
            continue
        code = c.text(v, "code", path)
        c.code(code, path)
        veto = Veto(code, c.text(v, "text", path), c.text(v, "article", path), c.precheck(v, path),
                    c.text(v, "note", path))
        if code and code not in vetoes:
            vetoes[code] = veto
    return vetoes


def _sections(c: _Checker, raw: Any) -> list[Section]:
    """The points sum to 100; an item's maximum lies in (0, its section's points] with one decimal at most."""
    sections: list[Section] = []
    total: Decimal | None = Decimal(0)
    for n, s in enumerate(_listed(c, raw, "sections"), start=1):
        path = f"sections[{n}]"
        s = c.mapping(s, path, SECTION_KEYS, ("code", "name", "points", "items"))
        if s is None:
            continue
        code, name, points = c.text(s, "code", path), c.text(s, "name", path), c.number(s, "points", path)
        c.code(code, path)
        if points is not None and points <= 0:
            c.fail(f"{path}.points", f"分值应大于 0(现为 {_text(points)})")
        total = total + points if points is not None and total is not None else None
        items: list[Item] = []
        for k, i in enumerate(_listed(c, s.get("items"), f"{path}.items"), start=1):
            ipath = f"{path}.items[{k}]"
            i = c.mapping(i, ipath, ITEM_KEYS, ("code", "text", "max"))
            if i is None:
                continue
            icode = c.text(i, "code", ipath)
            if icode:
                ipath = f"{ipath}({icode})"
            c.code(icode, ipath)
            maximum = c.number(i, "max", ipath)
            if maximum is not None and (maximum <= 0 or (points is not None and maximum > points)):
                c.fail(f"{ipath}.max", f"最多扣分应大于 0 且不超过“{name}”部分的分值 "
                                       f"{_text(points) if points is not None else '?'}(现为 {_text(maximum)})")
            elif maximum is not None and maximum != maximum.quantize(TENTH):
                c.fail(f"{ipath}.max", f"最多扣分最多保留一位小数(现为 {_text(maximum)})")
            items.append(Item(icode, code, c.text(i, "text", ipath), maximum or Decimal(0),
                              c.text(i, "article", ipath), c.precheck(i, ipath), c.text(i, "note", ipath)))
        sections.append(Section(code, name, points or Decimal(0), tuple(items), c.text(s, "note", path)))
    if sections and total is not None and total != FULL_MARKS:  # not when a section's points are unreadable
        parts = "+".join(_text(s.points) for s in sections)
        c.fail("sections", f"各部分分值合计应为 100(现为 {parts} = {_text(total)})")
    return sections


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, size: int) -> Rubric | tuple[Problem, ...]:
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=StrictLoader)
    except OSError as exc:
        return (Problem(name, "", f"无法读取文件:{exc.strerror or exc}"),)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        return (Problem(name, where, f"YAML 格式错误:{getattr(exc, 'problem', None) or exc}"),)
    checked = _check(raw, name)
    return checked if isinstance(checked, Rubric) else tuple(checked)


def load_file(path: Path | str) -> Rubric:
    """One rubric file, checked; ``RubricInvalid`` with every problem otherwise."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise RubricInvalid([Problem(path.name, "", f"无法读取文件:{exc.strerror or exc}")]) from None
    result = _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if isinstance(result, Rubric):
        return result
    raise RubricInvalid(result)


def load_all(directory: Path | str = DEFAULT) -> list[Rubric]:
    """Every version in the directory, oldest ``effective_from`` first; any problem in any file raises."""
    directory = Path(directory)
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise RubricNotFound(f"目录 {directory} 中没有评查标准文件(*.yaml)")
    rubrics, problems = [], []
    for path in paths:
        try:
            rubrics.append(load_file(path))
        except RubricInvalid as exc:
            problems.extend(exc.problems)
    seen: dict[str, str] = {}
    for r in rubrics:
        if r.version in seen:
            problems.append(Problem(r.file, "version", f"版本“{r.version}”与 {seen[r.version]} 重复"))
        seen.setdefault(r.version, r.file)
    dates: dict[dt.date, str] = {}
    for r in rubrics:
        if r.effective_from in dates:
            problems.append(Problem(r.file, "effective_from",
                                    f"施行日期 {r.effective_from} 与 {dates[r.effective_from]} 相同"))
        dates.setdefault(r.effective_from, r.file)
    if problems:
        raise RubricInvalid(problems)
    return sorted(rubrics, key=lambda r: r.effective_from)


def load(version: str | None = None, directory: Path | str = DEFAULT, *, on: dt.date | None = None) -> Rubric:
    """The rubric of ``version``; with None, the one in force on ``on`` (default today): the latest
    ``effective_from`` not after it."""
    rubrics = load_all(directory)
    if version is not None:
        for r in rubrics:
            if r.version == version:
                return r
        known = "、".join(r.version for r in rubrics)
        raise RubricNotFound(f"没有版本为“{version}”的评查标准(现有:{known})")
    day = on or dt.date.today()
    in_force = [r for r in rubrics if r.effective_from <= day]
    if not in_force:
        raise RubricNotFound(f"{day.isoformat()} 时尚无施行的评查标准(最早的 {rubrics[0].version} 自 "
                             f"{rubrics[0].effective_from.isoformat()} 起施行)")
    return in_force[-1]
