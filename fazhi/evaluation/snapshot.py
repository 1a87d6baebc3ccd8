"""What the automatic pre-checks (``prechecks.py``) read of a case: a plain snapshot, gathered from the
database by ``selectors.files.case_snapshot`` and tested on its own. Pure Python: no Django import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OfficerOnCase:
    name: str
    credential_no: str
    credential_valid: bool  # 执法证 valid on the day the case was filed (行政处罚法 第四十二条)


@dataclass(frozen=True)
class StepDone:
    action: str
    label: str
    occurred_on: dt.date
    documents: tuple[int, ...]  # the documents the step requires (docs/documents.md numbers)


@dataclass(frozen=True)
class Overdue:
    label: str  # the deadline's name, e.g. 作出处罚决定
    due: dt.date
    done_on: dt.date | None  # None: still not done on the evaluation day
    article: str


@dataclass(frozen=True)
class CaseSnapshot:
    number: str
    case_type: str  # ordinary | simplified
    decision: str  # "penalty" | "no_penalty" | "" (transferred, not filed)
    steps: tuple[StepDone, ...]
    issued_documents: tuple[int, ...]  # numbers of the documents issued (documents app), voided excluded
    overdue: tuple[Overdue, ...]
    basis_articles: tuple[str, ...]  # e.g. ("律师法第五十条",)
    officers: tuple[OfficerOnCase, ...]  # the active 承办人员
    min_officers: int  # parameter enforcement_min_officers on the filing day (第四十二条)
    notified: bool  # 事先告知 recorded (第四十四条)
    statement_recorded: bool  # 陈述申辩 recorded or expressly waived (第四十五条、第六十二条)
    hearing_right: bool  # the proposed penalty gave a right to a hearing (第六十三条)
    hearing_requested: bool
    hearing_held: bool
    legal_review_passed: bool  # a passed 法制审核 before the decision (第五十八条)
    legal_review_required: bool  # major or complex, or a flagged deviation
    discretion_deviation: bool  # the decision lies outside the benchmark's range (行政处罚法 第三十四条)
    discretion_reason: str  # the written reason for it ("" = none)
    extra: dict = field(default_factory=dict)
