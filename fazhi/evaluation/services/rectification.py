"""Feedback and rectification (issue 7 (6); 天津市司法局 2023 年工作报告: 对发现问题及时反馈并督促整改).

- ``round_feedback``: once every review is submitted, each veto and deduction of a file's **first**
  review becomes a ``RectificationItem`` for the file's district (the second review serves the agreement
  analysis only); text = the item's text and the reviewer's note; deadline = the feedback day + the
  parameter ``evaluation_rectify_working_days`` working days (the statutory working-day calendar); the
  round goes to 整改中.
- ``rectification_answer``: the district (``Cap.EVALUATION_RECTIFY``, staff of the item's district; the
  city bureau's own units for city-level cases) writes what it changed: 待整改 → 已反馈.
- ``rectification_check``: the city accepts (已反馈 → 已销号) or returns it (→ 待整改, with the reason).
- ``rectification_escalate``: the city escalates an item still open or answered (→ 已提级督办, with the
  reason). A round closes only when every item is closed or escalated (``rounds.round_close``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core import access, parameters
from fazhi.core.audit import draft_for, record_event, record_events
from fazhi.core.errors import InvalidTransition, NotFound, PermissionDenied
from fazhi.core.forms_reader import read_text
from fazhi.core.services.calendar import current_calendar
from fazhi.evaluation import rubric as rubrics
from fazhi.evaluation.models import EvaluationRound, RectificationItem, Review, ReviewStatus, RoundStatus
from fazhi.evaluation.services.common import advance_item, advance_round, locked_round, require_manager
from fazhi.evaluation.services.reviews import item_text

TEXT_MAX = 2000
PARAMETER = "evaluation_rectify_working_days"


def _findings(rub, review: Review) -> list[tuple[str, str]]:
    """(code, text) of each veto and deduction of ``review``, in the rubric's order."""
    deducted = set(review.deductions)
    codes = [c for c in rub.vetoes if c in review.vetoes] + [c for c in rub.items if c in deducted]
    codes += [c for c in [*review.vetoes, *review.deductions] if c not in codes]  # not in the rubric (never)
    out = []
    for code in codes:
        text = item_text(rub, code)
        if code in deducted:
            text = f"{text}(扣 {review.deductions[code]} 分)"
        note = (review.notes or {}).get(code, "").strip()
        out.append((code, f"{text}。评查意见:{note}" if note else text))
    return out


def round_feedback(*, actor, round: EvaluationRound, on: dt.date | None = None) -> EvaluationRound:  # noqa: A002
    """REVIEWING → RECTIFYING: every review submitted; the first reviews' findings become rectification
    items due ``evaluation_rectify_working_days`` working days after ``on`` (default today)."""
    require_manager(actor, "反馈评查结果")
    on = on or timezone.localdate()
    with transaction.atomic():
        rnd = locked_round(round)
        advance_round(rnd, "feedback")
        outstanding = Review.objects.filter(file__round=rnd).exclude(status=ReviewStatus.SUBMITTED).count()
        if outstanding:
            raise InvalidTransition(f"尚有 {outstanding} 份评查意见未提交,全部提交后才能反馈评查结果")
        days = int(parameters.value(PARAMETER, on))
        deadline = current_calendar().add_working_days(on, days)  # CalendarNotCovered when the year is missing
        rub = rubrics.load(rnd.rubric_version)
        items = []
        first = Review.objects.filter(file__round=rnd, position=1).select_related("file").order_by("file__pk")
        for review in first:
            for code, text in _findings(rub, review):
                items.append(RectificationItem(round=rnd, file=review.file, district_id=review.file.district_id,
                                               item_code=code, text=text, deadline=deadline))
        items = RectificationItem.objects.bulk_create(items)
        rnd.save(update_fields=["status"])
        record_event(actor=actor, obj=rnd, action="evaluation_round.feedback", before={"status": "reviewing"},
                     after={"status": rnd.status, "items": len(items), "deadline": deadline, "on": on,
                            "working_days": days}, reason=parameters.reference(PARAMETER, on))
        record_events(actor=actor, drafts=[draft_for(i, "rectification_item.create", after={
            "file_id": i.file_id, "district_id": i.district_id, "item_code": i.item_code, "deadline": i.deadline})
            for i in items])
    return rnd


# ---------------------------------------------------------------- one item

def _locked_item(item: RectificationItem) -> RectificationItem:
    found = RectificationItem.objects.select_for_update(of=("self",)).select_related("round").get(pk=item.pk)
    if found.round.status != RoundStatus.RECTIFYING:
        raise InvalidTransition(f"本轮评查处于“{found.round.get_status_display()}”状态,整改事项不能再办理")
    return found


def rectification_answer(*, actor, item: RectificationItem, response: str) -> RectificationItem:
    """The district answers an open item with what it changed (待整改 → 已反馈)."""
    if not access.is_staff_user(actor) or not access.in_scope(actor, item.district_id):
        raise NotFound("记录不存在,或不在您的管辖范围内")
    access.require(actor, Cap.EVALUATION_RECTIFY, "反馈整改情况")
    if actor.organization_id is None or actor.organization.district_id != item.district_id:
        raise PermissionDenied("整改情况由被评查案卷所属单位反馈")
    response = read_text(response, "整改情况", required=True, limit=TEXT_MAX)
    with transaction.atomic():
        item = _locked_item(item)
        was = advance_item(item, "answer")
        item.response, item.responded_at, item.responded_by = response, timezone.now(), actor
        item.save(update_fields=["status", "response", "responded_at", "responded_by"])
        record_event(actor=actor, obj=item, action="rectification_item.answer", before={"status": was},
                     after={"status": item.status, "response": response})
    return item


def rectification_check(*, actor, item: RectificationItem, accept: bool, note: str = "") -> RectificationItem:
    """The city checks an answered item: ``accept`` closes it (已销号); otherwise it goes back to the district
    (待整改) with ``note`` saying why (required then)."""
    require_manager(actor, "核查整改情况")
    note = read_text(note, "核查意见", required=not accept, limit=TEXT_MAX)
    with transaction.atomic():
        item = _locked_item(item)
        was = advance_item(item, "accept" if accept else "return")
        item.check_note, item.checked_at, item.checked_by = note, timezone.now(), actor
        item.save(update_fields=["status", "check_note", "checked_at", "checked_by"])
        record_event(actor=actor, obj=item, action="rectification_item.accept" if accept else "rectification_item.return",
                     before={"status": was}, after={"status": item.status, "check_note": note})
    return item


def rectification_escalate(*, actor, item: RectificationItem, note: str) -> RectificationItem:
    """The city escalates an open or answered item (已提级督办) with the reason."""
    require_manager(actor, "提级督办")
    note = read_text(note, "督办理由", required=True, limit=TEXT_MAX)
    with transaction.atomic():
        item = _locked_item(item)
        was = advance_item(item, "escalate")
        item.check_note, item.checked_at, item.checked_by = note, timezone.now(), actor
        item.save(update_fields=["status", "check_note", "checked_at", "checked_by"])
        record_event(actor=actor, obj=item, action="rectification_item.escalate", before={"status": was},
                     after={"status": item.status}, reason=note)
    return item
