"""Scoring a drawn case file (``review_submit``) and marking typical files (``typical_mark``, 优差双评).

- Only the assigned reviewer submits a review, while the round is 评查中; someone who may see the review
  (the city) is refused (``PermissionDenied``), anyone else does not see it (``NotFound``).
- The score and grade come from the rubric of the round's version (``rubric.load(round.rubric_version)``,
  issue 7 (3)): a veto item makes the file 不合格, deductions are taken from the full score, the grade
  follows the rubric's thresholds. The first reviewer's score and grade are the file's.
- A review may be submitted again until the round's results are fed back (the new findings replace the
  old; both are in the audit trail).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.audit import json_value, record_event
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.forms_reader import FormReader
from fazhi.evaluation import rubric as rubrics
from fazhi.evaluation.models import EvaluationFile, Review, ReviewStatus, RoundStatus, TypicalCase, TypicalKind
from fazhi.evaluation.services.common import require_manager

NOTE_MAX, COMMENT_MAX, REASON_MAX = 500, 2000, 1000
REVIEW_FIELDS = ["status", "vetoes", "deductions", "notes", "comment", "score", "grade"]
ONE_DECIMAL = Decimal("0.1")


def _codes(value) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[、,,;;\s]+", value)
    return list(dict.fromkeys(str(v).strip() for v in value or () if str(v).strip()))


def _points(value, problems: list[FieldProblem]) -> dict[str, Decimal]:
    out = {}
    for code, raw in dict(value or {}).items():
        code = str(code).strip()
        if raw in (None, "") or not code:
            continue
        try:
            points = Decimal(str(raw).strip())
        except InvalidOperation:
            problems.append(FieldProblem(f"扣分({code})", f"“{raw}”应为数字,如 1 或 0.5"))
            continue
        if not points.is_finite() or points < 0:
            problems.append(FieldProblem(f"扣分({code})", "应为不小于 0 的数字"))
        elif points:
            out[code] = points
    return out


def item_codes(rub) -> set[str]:
    """Every veto and deduction item code of a rubric."""
    return set(rub.vetoes) | set(rub.items)


def item_text(rub, code: str) -> str:
    """The text of a veto or deduction item (its code when the rubric does not have it)."""
    item = rub.vetoes.get(code) or rub.items.get(code)
    return item.text if item is not None else code


def _locked_review(review: Review) -> Review:
    return Review.objects.select_for_update(of=("self",)).select_related("file__round").get(pk=review.pk)


def review_submit(*, actor, review: Review, vetoes, deductions, notes, comment: str = "") -> Review:
    """Score the file of ``review`` with the round's rubric: ``vetoes`` (item codes), ``deductions``
    ({code: points}), ``notes`` ({code: the problem found}) and an overall ``comment``."""
    if not access.is_staff_user(actor) or review.reviewer_id != actor.pk:
        if access.can(actor, Cap.EVALUATION_MANAGE) and access.is_city_wide(actor):
            raise PermissionDenied("只有分配的评查人员才能提交本案卷的评查意见")
        raise NotFound("记录不存在,或不在您的管辖范围内")
    access.require(actor, Cap.EVALUATION_REVIEW, "评查案卷")
    problems: list[FieldProblem] = []
    vetoes = _codes(vetoes)
    deductions = _points(deductions, problems)
    raw_notes = dict(notes or {})
    notes_reader = FormReader(raw_notes, problems)
    notes = {str(k).strip(): notes_reader.text(k, f"问题说明({k})", limit=NOTE_MAX) for k in raw_notes}
    notes = {k: v for k, v in notes.items() if k and v}
    comment = FormReader({"comment": comment}, problems).text("comment", "总体评价", limit=COMMENT_MAX)
    with transaction.atomic():
        review = _locked_review(review)
        rnd = review.file.round
        if rnd.status != RoundStatus.REVIEWING:
            raise InvalidTransition(f"本轮评查处于“{rnd.get_status_display()}”状态,不能提交或修改评查意见"
                                    "(评查结果反馈后即不能修改)")
        rub = rubrics.load(rnd.rubric_version)
        unknown = sorted(set(notes) - item_codes(rub))
        if unknown:
            problems.append(FieldProblem("问题说明", f"评查标准 {rub.version} 中没有评查项目“{'、'.join(unknown)}”"))
        if problems:
            raise ValidationFailed(problems)
        try:
            result = rub.score(vetoes, deductions)  # unknown codes, too-large deductions: ScoringError
        except ValidationFailed:
            raise
        except ValueError as exc:
            raise ValidationFailed(FieldProblem("评查项目", str(exc))) from None
        was = review.status
        before = {f: json_value(getattr(review, f)) for f in REVIEW_FIELDS}
        review.vetoes, review.deductions, review.notes, review.comment = (
            vetoes, {k: str(v) for k, v in deductions.items()}, notes, comment)
        review.score = Decimal(result.score).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
        review.grade, review.status, review.submitted_at = result.grade, ReviewStatus.SUBMITTED, timezone.now()
        review.save(update_fields=[*REVIEW_FIELDS, "submitted_at"])
        if review.position == 1:
            file = review.file
            file.score, file.grade = review.score, review.grade
            file.save(update_fields=["score", "grade"])
        after = {f: json_value(getattr(review, f)) for f in REVIEW_FIELDS}
        record_event(actor=actor, obj=review, action="review.submit" if was == ReviewStatus.ASSIGNED else "review.resubmit",
                     before=before, after=after)
    return review


def typical_mark(*, actor, file: EvaluationFile, kind: str, reason: str) -> TypicalCase:
    """Mark a drawn file as a typical good or bad case file with the reason (issue 7 (6): 典型案卷, published
    inside the system); marking it again replaces the kind and reason (audited)."""
    require_manager(actor, "评定典型案卷")
    by_label = {label: code for code, label in TypicalKind.choices}
    kind = by_label.get(kind, kind)
    problems = []
    if kind not in TypicalKind.values:
        problems.append(FieldProblem("类别", f"应为{'或'.join(by_label)}"))
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        problems.append(FieldProblem("理由", "不能为空:请写明评为典型案卷的理由"))
    elif len(reason) > REASON_MAX:
        problems.append(FieldProblem("理由", f"不能超过 {REASON_MAX} 个字"))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        file = EvaluationFile.objects.select_for_update().select_related("round").get(pk=file.pk)
        if file.round.status in (RoundStatus.DRAFT, RoundStatus.COMMITTED):
            raise InvalidTransition("案卷尚未抽取,不能评定典型案卷")
        if not file.reviews.filter(position=1, status=ReviewStatus.SUBMITTED).exists():
            raise InvalidTransition("本案卷尚未评查,不能评定典型案卷")
        found = TypicalCase.objects.filter(file=file).first()
        if found is None:
            found = TypicalCase.objects.create(file=file, kind=kind, reason=reason, marked_by=actor)
            record_event(actor=actor, obj=found, action="typical_case.mark", after={"file_id": file.pk, "kind": kind,
                                                                                   "reason": reason})
        elif (found.kind, found.reason) != (kind, reason):
            before = {"kind": found.kind, "reason": found.reason, "marked_by_id": found.marked_by_id}
            found.kind, found.reason, found.marked_by = kind, reason, actor
            found.save(update_fields=["kind", "reason", "marked_by"])
            record_event(actor=actor, obj=found, action="typical_case.update", before=before,
                         after={"kind": kind, "reason": reason, "marked_by_id": actor.pk})
    return found
