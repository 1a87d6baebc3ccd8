"""Automatic pre-checks of a case file, shown to the reviewer with their evidence. Pure Python: no Django
import.

``run(snapshot, *, required_by_type=None) -> list[Precheck]`` applies every check of ``CHECKS`` (in that
order, which is stable) that applies to the case's procedure, and returns one ``Precheck`` per check that
fires, its ``evidence`` naming what is missing or late. A pre-check is a pointer for the reviewer, never
a deduction or a veto by itself: the rubric's items name the pre-check that points to them
(``Rubric.for_precheck``).

``required_by_type`` optionally adds documents every file of a kind must hold whatever its recorded
steps: ``{"ordinary": [36], "ordinary:penalty": [27, 30], "simplified": [29]}`` — the key is the case type,
or the case type and the decision joined by ``:``; the values are document numbers (docs/documents.md).

Simplified procedure (简易程序, 当场处罚; 行政处罚法 第五十一条、第五十二条)
-----------------------------------------------------------------------
The duty to inform before deciding (第四十四条) and to hear the party (第四十五条) sits in 第五章第一节
"一般规定" and binds the simplified procedure too: the law does not dispense with it there. What the
simplified procedure lacks is a separate written step: the platform records no 事先告知 or 陈述申辩 step
for it (``cases/data/procedure.toml``: the one step ``decide_on_spot`` produces only document 29,
当场行政处罚决定书, on which the oral notice and the party's statement or refusal to sign are noted,
第五十二条). The snapshot's ``notified`` / ``statement_recorded`` therefore say nothing of a simplified
case, so ``statement_skipped`` does not run on it; the reviewer checks document 29 (rubric item P5).
法制审核 (第五十八条) and 集体讨论 (第五十七条) belong to 第三节 "普通程序" and hearings to 第四节
"听证程序" (the simplified procedure's amounts — 第五十一条: ≤ 200 yuan for a citizen, ≤ 3,000 yuan for an
organisation, or a warning — lie below the 较大数额 of 第六十三条 as set locally, e.g. 1,000 / 30,000 yuan
[2]), so those checks skip it too. Two
credentialed officers (第四十二条), a legal basis (第三十八条、第五十二条), the discretion benchmark (第三十四条),
the documents of the recorded steps and the deadlines apply to both procedures.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, NamedTuple

from fazhi.evaluation.snapshot import CaseSnapshot

DOCUMENTS = Path(__file__).resolve().parents[1] / "documents" / "data" / "documents.toml"
ORDINARY, SIMPLIFIED = "ordinary", "simplified"
PROCEDURES = {ORDINARY: "普通程序", SIMPLIFIED: "简易程序"}
DECIDED = ("penalty", "no_penalty")

# Documents a step lists for every case although only some cases owe them (docs/documents.md): the
# 事先告知 step lists 22 听证告知书 at every notice, but it is owed only where the proposed penalty gives a
# right to a hearing (行政处罚法 第六十三条、第六十四条第一项).
OWED_ONLY_WHEN: dict[int, Callable[[CaseSnapshot], bool]] = {22: lambda s: s.hearing_right}


@dataclass(frozen=True)
class Precheck:
    code: str
    label: str
    article: str
    evidence: str

    def as_dict(self) -> dict:
        """The form kept in ``EvaluationFile.prechecks``: {code, label, article, evidence}."""
        return asdict(self)


class Hit(NamedTuple):
    evidence: str
    article: str = ""  # "" = the check's own article


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    article: str
    procedures: tuple[str, ...]
    find: Callable[[CaseSnapshot, Mapping[str, Iterable[int]]], Hit | None]


_registry: list[Check] = []


def check(label: str, article: str, procedures: tuple[str, ...] = (ORDINARY, SIMPLIFIED)):
    """Register the decorated function as a check named after it (order of definition = order of ``run``)."""

    def register(fn):
        _registry.append(Check(fn.__name__, label, article, procedures, fn))
        return fn

    return register


# ---------------------------------------------------------------- helpers

def day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@functools.lru_cache(maxsize=1)
def document_names(path: str = str(DOCUMENTS)) -> dict[int, str]:
    """Document number → name, read from the documents app's catalogue (``documents.toml``) as plain data."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    return {int(d["no"]): str(d["name"]) for d in raw.get("document", [])}


def document_label(no: int) -> str:
    return f"第{no}号 {document_names().get(no, '(文书目录中没有该序号)')}"


# ---------------------------------------------------------------- the checks

@check("文书缺失", "行政处罚法第四十七条")
def missing_documents(s: CaseSnapshot, required_by_type: Mapping[str, Iterable[int]]) -> Hit | None:
    """Documents the recorded steps require (``StepDone.documents``, less those ``OWED_ONLY_WHEN`` says the
    case does not owe), or the file kind requires, that were not issued. 第四十七条: the whole enforcement
    process is recorded and filed."""
    reasons: dict[int, list[str]] = {}
    for step in s.steps:
        for no in step.documents:
            if int(no) in OWED_ONLY_WHEN and not OWED_ONLY_WHEN[int(no)](s):
                continue
            why = f"{step.label} {day(step.occurred_on)}"
            if why not in reasons.setdefault(int(no), []):
                reasons[int(no)].append(why)
    kind = PROCEDURES.get(s.case_type, s.case_type)
    for key, what in ((s.case_type, f"{kind}案卷必备"), (f"{s.case_type}:{s.decision}", f"{kind}此类决定必备")):
        for no in required_by_type.get(key, ()):
            reasons.setdefault(int(no), []).append(what)
    issued = set(s.issued_documents)
    missing = [no for no in sorted(reasons) if no not in issued]
    if not missing:
        return None
    return Hit("未出具:" + ";".join(f"{document_label(no)}({'、'.join(reasons[no])})" for no in missing))


@check("超过期限", "行政处罚法第六十条、第六十一条")
def overdue_steps(s: CaseSnapshot, _required) -> Hit | None:
    """The deadlines the case app found missed (``snapshot.overdue``), each with its own article."""
    if not s.overdue:
        return None
    parts = []
    for o in s.overdue:
        if o.done_on is None:
            parts.append(f"{o.label}:期限 {day(o.due)},至评查时仍未完成(依据:{o.article})")
        else:
            late = (o.done_on - o.due).days
            parts.append(f"{o.label}:期限 {day(o.due)},{day(o.done_on)} 完成,超期 {late} 日(自然日;"
                         f"依据:{o.article})")
    articles = list(dict.fromkeys(o.article for o in s.overdue if o.article))
    return Hit(";".join(parts), "、".join(articles))


@check("缺少处罚依据", "行政处罚法第三十八条第一款、第五十九条第一款第三项")
def missing_basis(s: CaseSnapshot, _required) -> Hit | None:
    """A penalty without any legal basis is void (第三十八条第一款); the decision must state its basis
    (第五十九条 for the ordinary procedure, 第五十二条 for the on-the-spot decision)."""
    if s.decision != "penalty" or any(a.strip() for a in s.basis_articles):
        return None
    article = "行政处罚法第三十八条第一款、第五十二条" if s.case_type == SIMPLIFIED else ""
    return Hit("已作出行政处罚决定,但案件没有记录任何处罚依据条款", article)


@check("执法人员不足两名或无有效执法证", "行政处罚法第四十二条")
def too_few_officers(s: CaseSnapshot, _required) -> Hit | None:
    """At least ``min_officers`` (第四十二条: 不得少于两人) 承办人员 with a 执法证 valid on the filing day."""
    valid = [o for o in s.officers if o.credential_valid]
    if len(valid) >= s.min_officers:
        return None
    if not s.officers:
        return Hit(f"案件没有登记承办人员(至少应有 {s.min_officers} 名持有效执法证的执法人员)")
    listed = "、".join(f"{o.name}(执法证 {o.credential_no or '无'},{'有效' if o.credential_valid else '无效'})"
                      for o in s.officers)
    return Hit(f"持有效执法证的承办人员 {len(valid)} 名,少于 {s.min_officers} 名:{listed}")


@check("未事先告知或未听取陈述申辩", "行政处罚法第四十四条、第四十五条、第六十二条", (ORDINARY,))
def statement_skipped(s: CaseSnapshot, _required) -> Hit | None:
    """A penalty decided without the 事先告知 (第四十四条), or without hearing the party's statement and
    defence or recording that the party expressly gave it up (第四十五条、第六十二条). Not run on the simplified
    procedure: see the module docstring."""
    if s.decision != "penalty":
        return None
    if not s.notified:
        return Hit("作出行政处罚决定前没有行政处罚事先告知的记录(拟处罚内容及事实、理由、依据和陈述、申辩、"
                   "听证权利)")
    if not s.statement_recorded:
        return Hit("已事先告知,但没有当事人陈述、申辩的记录,也没有当事人明确放弃陈述、申辩权利的记录")
    return None


@check("未依申请举行听证", "行政处罚法第六十三条、第六十四条", (ORDINARY,))
def hearing_skipped(s: CaseSnapshot, _required) -> Hit | None:
    """The proposed penalty gave a right to a hearing (第六十三条), the party asked for one, and the penalty
    was decided without a hearing held (第六十四条)."""
    if s.decision != "penalty" or not (s.hearing_right and s.hearing_requested) or s.hearing_held:
        return None
    return Hit("拟作出的处罚属于听证范围,当事人已要求听证,但没有举行听证的记录即作出了行政处罚决定")


@check("未经法制审核", "行政处罚法第五十八条", (ORDINARY,))
def legal_review_missing(s: CaseSnapshot, _required) -> Hit | None:
    """A case that needed 法制审核 (第五十八条: major public interest, heard, complex, or required by law —
    or a flagged deviation from the benchmark) decided without a passed review."""
    if s.decision not in DECIDED or not s.legal_review_required or s.legal_review_passed:
        return None
    what = "行政处罚决定" if s.decision == "penalty" else "不予行政处罚决定"
    return Hit(f"本案属于应当进行法制审核的情形,但作出{what}前没有审核通过的法制审核记录")


@check("偏离裁量基准未说明理由", "行政处罚法第三十四条")
def discretion_unreasoned(s: CaseSnapshot, _required) -> Hit | None:
    """The penalty lies outside the range of the published 裁量基准 (第三十四条) and the file gives no
    written reason for it."""
    if s.decision != "penalty" or not s.discretion_deviation or s.discretion_reason.strip():
        return None
    return Hit("处罚决定超出裁量基准规定的幅度,案卷中没有写明偏离基准的理由")


CHECKS: tuple[Check, ...] = tuple(_registry)
CODES: tuple[str, ...] = tuple(c.code for c in CHECKS)
LABELS: dict[str, str] = {c.code: c.label for c in CHECKS}


def run(snapshot: CaseSnapshot, *, required_by_type: Mapping[str, Iterable[int]] | None = None) -> list[Precheck]:
    """Every check that fires on the snapshot, in ``CHECKS`` order."""
    if snapshot.case_type not in PROCEDURES:
        raise ValueError(f"案件 {snapshot.number} 的程序类型“{snapshot.case_type}”未知(应为普通程序或简易程序)")
    required = required_by_type or {}
    found = []
    for c in CHECKS:
        if snapshot.case_type not in c.procedures:
            continue
        hit = c.find(snapshot, required)
        if hit is not None:
            found.append(Precheck(c.code, c.label, hit.article or c.article, hit.evidence))
    return found
