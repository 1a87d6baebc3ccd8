"""The data each procedure step records: parsed, checked for form, and applied to the (locked, not yet
saved) case by ``fazhi.cases.services.transition.case_advance``. One handler per action.

A handler refuses malformed values (``ValidationFailed`` naming the field) but leaves every *legal*
precondition to ``fazhi.cases.rules``: e.g. a missing reason or approval is the rule's refusal, with its
article. It returns the step's data as stored in ``CaseStep.data`` (JSON-safe: dates ISO, money as text).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Callable

from fazhi.cases import discretion
from fazhi.cases.facts import (HEARING_OUTCOMES, LEGAL_REVIEW_CONCLUSIONS, PENALTY_TYPES, CaseFacts, Penalty,
                               penalty_json)
from fazhi.cases.models import Case, CaseOfficer
from fazhi.cases.rules import decision_due
from fazhi.core.audit import json_value
from fazhi.core.calendar import WorkCalendar
from fazhi.core.errors import FieldProblem, ValidationFailed
from fazhi.core.forms_reader import FormReader
from fazhi.officers.models import Officer

PUBLIC_NOTICE_DAYS = 30  # 民事诉讼法 (2023) 第九十五条: 自发出公告之日起,经过三十日,即视为送达
INQUIRY_KINDS = {"questioning": "询问", "on_site": "现场检查", "survey": "勘验"}  # 行政处罚法 第五十五条
MAX_TEXT = 5000


class StepContext(FormReader):
    """The step being recorded: the case, the action, the day it is done (``on``), the submitted ``data``,
    the working calendar and the actor. Parses ``data`` with the shared ``FormReader``: a date is not
    required and may not be after ``on`` unless told; an integer is positive."""

    def __init__(self, *, case: Case, action: str, on: dt.date, data: dict, calendar: WorkCalendar, actor):
        super().__init__(data)
        self.case, self.action, self.on, self.calendar, self.actor = case, action, on, calendar, actor

    # -- parsing (each records a problem and returns None when the value is malformed)

    def text(self, key: str, label: str, *, required: bool = False, limit: int = MAX_TEXT, **options) -> str:
        return super().text(key, label, required=required, limit=limit, **options)

    def date(self, key: str, label: str, *, default: dt.date | None = None, not_after_on: bool = True, **options):
        options.setdefault("required", False)
        if not_after_on:
            options.setdefault("not_after", self.on)
            options.setdefault("not_after_name", "办理日期")
        return super().date(key, label, default=default, **options)

    def integer(self, key: str, label: str, *, least: int | None = 1, **options) -> int | None:
        return super().integer(key, label, least=least, **options)

    def penalties(self, key: str, label: str) -> list[Penalty]:
        """``[{type, amount, months, note}]``: 行政处罚法 第九条 kinds; amounts where the kind carries one;
        one fine at most (第二十九条: 同一个违法行为不得给予两次以上罚款)."""
        raw = self.data.get(key) or []
        if not isinstance(raw, (list, tuple)):
            self.problems.append(FieldProblem(label, "格式错误,应为处罚内容的列表"))
            return []
        out = []
        for n, item in enumerate(raw, start=1):
            where = f"{label}第 {n} 项"
            kind = PENALTY_TYPES.get(str((item or {}).get("type", "")))
            if kind is None:
                self.problems.append(FieldProblem(where, f"处罚种类应为:{'、'.join(t.label for t in PENALTY_TYPES.values())}"))
                continue
            amount = months = None
            if kind.amount:
                if item.get("amount") in (None, ""):
                    self.problems.append(FieldProblem(where, f"{kind.label}须填写金额"))
                    continue
                amount = self.amount(item["amount"], where)
            if item.get("months") not in (None, ""):
                if not kind.months:
                    self.problems.append(FieldProblem(where, f"{kind.label}没有期限"))
                    continue
                try:
                    months = int(item["months"])
                    assert 0 < months <= 120
                except (ValueError, TypeError, AssertionError):
                    self.problems.append(FieldProblem(where, "期限应为 1–120 个月"))
                    continue
            note = str(item.get("note") or "").strip()[:200]
            if kind.code == "other_heavy" and not note:
                self.problems.append(FieldProblem(where, "其他较重的行政处罚须写明内容"))
                continue
            out.append(Penalty(kind.code, amount, months, note))
        if sum(1 for p in out if p.type == "fine") > 1:
            self.problems.append(FieldProblem(label, "对同一个违法行为不得给予两次以上罚款(行政处罚法第二十九条)"))
        return out



def _penalty_list(penalties: list[Penalty]) -> list[dict]:
    return [penalty_json(p) for p in penalties]


def _fines(penalties: list[Penalty]) -> Decimal | None:
    amounts = [p.amount for p in penalties if p.type == "fine"]
    return sum(amounts, Decimal(0)) if amounts else None


# ---------------------------------------------------------------- handlers: (ctx) -> stored data

def _file(c: StepContext) -> dict:
    c.case.filed_on = c.on
    return {"opinion": c.text("opinion", "立案意见")}


def _with_reason(c: StepContext) -> dict:  # not_file, resume_investigation
    return {"reason": c.text("reason", "理由")}


def _transfer(c: StepContext) -> dict:
    c.case.transferred_to = c.text("transferred_to", "移送机关", limit=150)
    return {"reason": c.text("reason", "理由"), "transferred_to": c.case.transferred_to}


def _record_inquiry(c: StepContext) -> dict:
    kind = c.text("kind", "方式") or "questioning"
    if kind not in INQUIRY_KINDS:
        c.problems.append(FieldProblem("方式", f"应为:{'、'.join(INQUIRY_KINDS.values())}"))
    return {"kind": kind, "place": c.text("place", "地点", limit=200), "persons": c.text("persons", "被询问人", limit=200),
            "summary": c.text("summary", "笔录摘要", required=True)}


def _preserve_evidence(c: StepContext) -> dict:
    return {"items": c.text("items", "保存的证据", required=True), "approved_by": c.text("approved_by", "批准人", limit=50),
            "approved_on": c.date("approved_on", "批准日期", default=c.on)}


def _decide_preservation(c: StepContext) -> dict:
    return {"decision": c.text("decision", "处理决定", required=True)}


def _recuse(c: StepContext) -> dict:
    officer_id = c.integer("officer_id", "回避的执法人员")
    row = None
    if officer_id is None:
        c.problems.append(FieldProblem("回避的执法人员", "请选择"))
    else:
        row = CaseOfficer.objects.filter(case_id=c.case.pk, officer_id=officer_id, active=True).first()
        if row is None:
            c.problems.append(FieldProblem("回避的执法人员", "不是本案在办的承办人员"))
    c.check()
    row.active = False
    row.save(update_fields=["active"])  # rolled back with the step if a precondition fails
    return {"officer_id": officer_id, "officer": row.officer.name, "applicant": c.text("applicant", "申请人", limit=50),
            "reason": c.text("reason", "理由")}


def _close_investigation(c: StepContext) -> dict:
    return {"summary": c.text("summary", "调查终结报告", required=True)}


def _legal_review(c: StepContext) -> dict:
    conclusion = c.text("conclusion", "审核结论")
    if conclusion not in LEGAL_REVIEW_CONCLUSIONS:
        c.problems.append(FieldProblem("审核结论", f"应为:{'、'.join(LEGAL_REVIEW_CONCLUSIONS.values())}"))
    return {"opinion": c.text("opinion", "审核意见", required=True), "conclusion": conclusion}


def _collective_discussion(c: StepContext) -> dict:
    raw = c.data.get("participants") or []
    names = [n.strip() for n in (re.split(r"[、,,;;\s]+", raw) if isinstance(raw, str) else raw) if str(n).strip()]
    if len(names) < 2:
        c.problems.append(FieldProblem("参加人员", "集体讨论须由行政机关负责人集体进行,请列出参加人员(至少 2 人)"))
    return {"participants": names, "conclusion": c.text("conclusion", "讨论结论", required=True)}


def _notify(c: StepContext) -> dict:
    proposed = c.penalties("proposed_penalties", "拟处罚内容")
    c.case.proposed_penalties = _penalty_list(proposed)
    c.case.notified_on = c.on
    return {"proposed_penalties": _penalty_list(proposed), "facts": c.text("facts", "告知的事实、理由"),
            **_discretion(c, proposed)}


def _discretion(c: StepContext, penalties: list[Penalty]) -> dict:
    """The benchmark check of the step's penalties (``fazhi.cases.discretion.check``); none when malformed."""
    return {} if c.problems else discretion.check(c, penalties)


def _record_statement(c: StepContext) -> dict:
    waived = c.flag("waived")
    if waived:
        c.case.rights_waived = True  # 行政处罚法 第六十二条: 当事人明确放弃陈述或者申辩权利
    return {"waived": waived, "content": c.text("content", "陈述申辩内容", required=not waived),
            "adopted": c.text("adopted", "采纳情况")}


def _request_hearing(c: StepContext) -> dict:
    # A request posted before the period ends is on time (民事诉讼法 第八十五条): record the posting date.
    c.case.hearing_requested_on = c.date("requested_on", "申请日期", default=c.on)
    return {"requested_on": c.case.hearing_requested_on}


def _schedule_hearing(c: StepContext) -> dict:
    notice_on = c.date("notice_on", "听证通知日期", default=c.on)
    hearing_on = c.date("hearing_on", "听证日期", not_after_on=False)
    if hearing_on is None and not c.problems:
        c.problems.append(FieldProblem("听证日期", "不能为空"))
    if notice_on and c.case.hearing_requested_on and notice_on < c.case.hearing_requested_on:
        c.problems.append(FieldProblem("听证通知日期", "不能早于当事人申请听证的日期"))
    c.case.hearing_notice_on, c.case.hearing_on = notice_on, hearing_on
    return {"notice_on": notice_on, "hearing_on": hearing_on,
            "place": c.text("place", "听证地点", required=True, limit=200),
            "public": not c.flag("not_public")}  # 第六十四条第三项: 公开举行, 涉及秘密或隐私的除外


def _hold_hearing(c: StepContext) -> dict:
    chair = c.integer("chair_officer_id", "听证主持人")
    if chair is not None and not Officer.objects.filter(pk=chair).exists():
        c.problems.append(FieldProblem("听证主持人", "不在执法人员名录库中"))
    outcome = c.text("outcome", "听证情况") or "held"
    if outcome not in HEARING_OUTCOMES:
        c.problems.append(FieldProblem("听证情况", f"应为:{'、'.join(HEARING_OUTCOMES.values())}"))
    c.case.hearing_held_on = c.on
    return {"chair_officer_id": chair, "outcome": outcome,
            "record": c.text("record", "听证笔录摘要", required=outcome == "held")}


def _decide(c: StepContext) -> dict:
    penalties = c.penalties("penalties", "处罚内容")
    c.case.decision, c.case.decided_on = "penalty", c.on
    c.case.penalties, c.case.fine_amount = _penalty_list(penalties), _fines(penalties)
    return {"penalties": _penalty_list(penalties), "fine_amount": c.case.fine_amount, **_discretion(c, penalties)}


def _decide_no_penalty(c: StepContext) -> dict:
    c.case.decision, c.case.decided_on = "no_penalty", c.on
    c.case.penalties, c.case.fine_amount = [], None
    c.case.education_note = c.text("education_note", "教育情况")
    return {"ground": c.text("ground", "不予处罚的理由", required=True), "education_note": c.case.education_note}


def _extend(c: StepContext) -> dict:
    days = c.integer("days", "延长天数")
    late = bool(c.case.filed_on and c.on > decision_due_of(c))
    c.case.deadline_extension_days += days or 0
    return {"days": days, "approved_by": c.text("approved_by", "批准人", limit=50), "reason": c.text("reason", "理由"),
            "after_expiry": late}


def decision_due_of(c: StepContext) -> dt.date:
    return decision_due(CaseFacts(calendar=c.calendar, on=c.on, filed_on=c.case.filed_on,
                                  deadline_extension_days=c.case.deadline_extension_days))


def _serve(c: StepContext) -> dict:
    method = c.text("method", "送达方式")
    receipt = c.date("receipt_date", "回执收件日期")
    served_on = receipt if method == "mail" and receipt else c.on
    effective = served_on
    if method == "public_notice":
        effective = c.calendar.add_calendar_days(served_on, PUBLIC_NOTICE_DAYS)
    c.case.service_method, c.case.served_on, c.case.service_effective_on = method, served_on, effective
    return {"method": method, "served_on": served_on, "service_effective_on": effective, "receipt_date": receipt,
            "recipient": c.text("recipient", "签收人", limit=50), "refused": c.flag("refused"),
            "witness": c.text("witness", "见证人", limit=100), "recorded": c.flag("recorded"),
            "consent_signed": c.flag("consent_signed"), "grounds": c.text("grounds", "公告送达的理由")}


def _decide_on_spot(c: StepContext) -> dict:
    stored = _decide(c)
    c.case.service_method, c.case.served_on, c.case.service_effective_on = "on_the_spot", c.on, c.on
    return {**stored, "form_no": c.text("form_no", "当场处罚决定书编号", limit=40)}  # 第五十二条: 预定格式、编有号码


def _record_payment(c: StepContext) -> dict:
    paid_on = c.date("paid_on", "缴款日期", default=c.on)
    paid = c.money("paid_amount", "缴款金额", required=True)
    c.case.paid_on, c.case.paid_amount = paid_on, paid
    return {"paid_on": paid_on, "paid_amount": paid, "receipt_no": c.text("receipt_no", "罚没收据编号", limit=40)}


def _demand(c: StepContext) -> dict:
    return {"note": c.text("note", "催告内容")}


def _apply_court(c: StepContext) -> dict:
    return {"court": c.text("court", "受理法院", required=True, limit=100)}


def _close(c: StepContext) -> dict:
    c.case.closed_on = c.on
    return {"summary": c.text("summary", "结案报告")}


def _archive(c: StepContext) -> dict:
    c.case.archived_on = c.on
    return {"archive_no": c.text("archive_no", "档案号", limit=40)}


HANDLERS: dict[str, Callable[[StepContext], dict]] = {
    "file": _file, "not_file": _with_reason, "transfer": _transfer, "resume_investigation": _with_reason,
    "record_inquiry": _record_inquiry, "preserve_evidence": _preserve_evidence,
    "decide_preservation": _decide_preservation, "recuse": _recuse, "close_investigation": _close_investigation,
    "assess_discretion": discretion.assess, "legal_review": _legal_review, "collective_discussion": _collective_discussion, "notify": _notify,
    "record_statement": _record_statement, "request_hearing": _request_hearing, "schedule_hearing": _schedule_hearing,
    "hold_hearing": _hold_hearing, "decide": _decide, "decide_no_penalty": _decide_no_penalty, "extend": _extend,
    "serve": _serve, "decide_on_spot": _decide_on_spot, "record_payment": _record_payment, "demand": _demand,
    "apply_court": _apply_court, "close": _close, "archive": _archive,
}


def apply(c: StepContext) -> dict:
    """Parse the step's data onto ``c.case``; return what ``CaseStep.data`` stores (typed values for the
    rules: dates, Decimal, int). ``ValidationFailed`` lists every malformed value."""
    handler = HANDLERS.get(c.action)
    if handler is None:
        raise ValidationFailed(FieldProblem("环节", f"“{c.action}”没有数据处理程序"))
    stored = handler(c)
    c.check()
    return stored


def stored_json(stored: dict) -> dict:
    return json_value(stored)
