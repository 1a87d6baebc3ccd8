"""Carrying out a drawn inspection: notice, check-in, results per checklist point, evidence, review,
publication (一公开) and follow-ups.

Every service checks the capability and the district scope (``task.district``), owns its
transaction, locks the task, and writes the audit event. Every status change goes through
``_apply`` (``workflow.TASK_TRANSITIONS``); nothing else sets ``InspectionTask.status``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core import access, files, parameters
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import (CalendarNotCovered, CredentialInvalid, FieldProblem, InvalidTransition, NotFound,
                               PermissionDenied, ValidationFailed)
from fazhi.core.forms_reader import read_date, read_text
from fazhi.core.services.calendar import current_calendar
from fazhi.documents.services.numbers import number_allocate
from fazhi.inspections.models import ChecklistResult, EvidenceFile, FollowUp, InspectionTask, TaskMember
from fazhi.inspections.models.tasks import FollowUpKind, FollowUpStatus, Outcome
from fazhi.inspections.selectors.tasks import TEAM_ROLES, acts_for_unit, task_checklist
from fazhi.inspections.workflow import TASK_TRANSITIONS, TaskStatus, find
from fazhi.officers.credentials import assert_can_act, credential_state

TASK_FIELDS = ["status", "notice_no", "notified_on", "inspected_on", "conclusion", "summary", "publish_due",
               "published_at", "review_note"]
FOLLOW_UP_FIELDS = ["task_id", "kind", "deadline", "status", "note", "closed_at"]
RESULT_STATUSES = (TaskStatus.CHECKED_IN.value, TaskStatus.RETURNED.value)
NOTICE_WORD = "检通"  # 行政检查通知书: 机关代字 + 检通〔年份〕序号号
PUBLISH_DAYS = "inspection_result_publish_working_days"


# ---------------------------------------------------------------- shared steps

def _guard(actor, task: InspectionTask, cap: Cap, what: str, *, for_unit: bool = False) -> None:
    """Capability and district scope; ``for_unit``: a step the organizing unit takes (notice, review,
    publication, follow-ups), which a district user may not take on a city plan's task."""
    access.require(actor, cap, what)
    if not access.in_scope(actor, task.district_id):
        raise NotFound("记录不存在,或不在您的管辖范围内")
    if for_unit and not acts_for_unit(actor, task):
        raise PermissionDenied(f"本任务由{task.plan.unit.name}组织,只有该单位或市司法局的人员才能{what}")


def _lock(task: InspectionTask) -> tuple[InspectionTask, dict]:
    task = InspectionTask.objects.select_for_update().select_related("plan", "plan__unit").get(pk=task.pk)
    return task, snapshot(task, TASK_FIELDS)


def _apply(task: InspectionTask, action: str) -> None:
    """The one place a task's status changes (raises ``InvalidTransition`` when not allowed)."""
    task.status = find(TASK_TRANSITIONS, action, TaskStatus(task.status)).target.value


def _save(actor, task: InspectionTask, action: str, before: dict, reason: str = "") -> InspectionTask:
    task.save(update_fields=TASK_FIELDS)
    record_event(actor=actor, obj=task, action=f"inspection_task.{action}", before=before,
                 after=snapshot(task, TASK_FIELDS), reason=reason)
    return task


def _member(actor, task: InspectionTask, roles=TEAM_ROLES) -> TaskMember | None:
    return task.members.filter(officer__user=actor, role__in=roles).select_related("officer").first()


def _require_member(actor, task: InspectionTask, what: str) -> TaskMember:
    member = _member(actor, task)
    if member is None:
        raise PermissionDenied(f"只有本任务检查组成员(组长、组员)才能{what}(谁检查、谁录入)")
    return member


def publish_due_for(inspected_on: dt.date) -> dt.date | None:
    """The last day to publish the result: N working days after the inspection (N is the parameter
    ``inspection_result_publish_working_days``; 国办发〔2018〕118号). ``None`` when the calendar does
    not cover that year yet: the deadline is shown as pending, never guessed."""
    try:
        return current_calendar().add_working_days(inspected_on, parameters.value(PUBLISH_DAYS, inspected_on))
    except CalendarNotCovered:
        return None


def _next_notice_no(task: InspectionTask, year: int) -> str:
    # The document engine's gapless series (unit, 检通, year), taken in the notice's transaction.
    return number_allocate(unit=task.plan.unit, series=NOTICE_WORD, year=year, purpose="inspection_notice").text


# ---------------------------------------------------------------- the inspection

def task_notify(*, actor, task: InspectionTask, notified_on) -> InspectionTask:
    """Issue the 行政检查通知书: assign its number and record the day it was served."""
    _guard(actor, task, Cap.INSPECTION_WORK, "送达行政检查通知书", for_unit=True)
    with transaction.atomic():
        task, before = _lock(task)
        _apply(task, "notify")
        task.notified_on = read_date(notified_on, "通知日期", not_after=timezone.localdate())
        task.notice_no = _next_notice_no(task, task.notified_on.year)
        return _save(actor, task, "notify", before)


def task_check_in(*, actor, task: InspectionTask, inspected_on) -> InspectionTask:
    """Start the inspection. Only a team member may, with a valid 执法证 that day, and at least
    ``enforcement_min_officers`` team members must hold one (行政处罚法 第四十二条; 第五十五条: they show it)."""
    _guard(actor, task, Cap.INSPECTION_WORK, "开始检查")
    with transaction.atomic():
        task, before = _lock(task)
        _apply(task, "check_in")
        member = _require_member(actor, task, "开始检查")
        day = read_date(inspected_on, "检查日期", not_after=timezone.localdate())
        if task.notified_on and day < task.notified_on:
            raise ValidationFailed(FieldProblem("检查日期", f"不能早于通知日期({task.notified_on:%Y-%m-%d})"))
        plan = task.plan
        if not plan.window_start <= day <= plan.window_end:
            raise ValidationFailed(FieldProblem(
                "检查日期", f"应在计划检查期间内({plan.window_start:%Y-%m-%d} 至 {plan.window_end:%Y-%m-%d})"))
        assert_can_act(member.officer, day)
        team = task.members.filter(role__in=TEAM_ROLES).select_related("officer")
        valid = [m.officer.name for m in team if credential_state(m.officer, day).may_act]
        minimum = parameters.value("enforcement_min_officers", day)
        if len(valid) < minimum:
            raise CredentialInvalid(
                f"检查组在 {day:%Y-%m-%d} 持有效执法证的成员只有 {len(valid)} 人,少于 {minimum} 人,不得开展检查"
                f"(行政处罚法第四十二条:执法人员不得少于两人)")
        task.inspected_on = day
        task.publish_due = publish_due_for(day)
        return _save(actor, task, "check_in", before)


def derive_conclusion(outcomes) -> str:
    """Any 移送立案 → case; else any 责令整改 → correct; else pass (不适用 counts as nothing found)."""
    outcomes = set(outcomes)
    if Outcome.CASE in outcomes:
        return Outcome.CASE.value
    if Outcome.CORRECT in outcomes:
        return Outcome.CORRECT.value
    return Outcome.PASS.value


def task_record_results(*, actor, task: InspectionTask, results: list[dict], summary: str) -> InspectionTask:
    """One result for every checklist point of the plan's items (``{item_code, outcome, note}``);
    recording again (after a return) replaces the values. The conclusion follows from the outcomes."""
    _guard(actor, task, Cap.INSPECTION_WORK, "录入检查结果")
    with transaction.atomic():
        task, before = _lock(task)
        if task.status not in RESULT_STATUSES:
            raise InvalidTransition(f"任务“{task.get_status_display()}”,不能录入检查结果(检查开始后或退回后才能录入)")
        _require_member(actor, task, "录入检查结果")
        checklist = task_checklist(task)
        known = {e.code: e for e in checklist}
        given: dict[str, dict] = {}
        problems = []
        for r in results:
            code = str(r.get("item_code", "")).strip()
            if code not in known:
                problems.append(FieldProblem("检查结果", f"检查要点 {code or '(空)'} 不在本任务的抽查事项中"))
            elif code in given:
                problems.append(FieldProblem(f"{code} {known[code].text}", "重复填写"))
            else:
                given[code] = r
        for e in checklist:
            r = given.get(e.code)
            label = f"{e.code} {e.text}"
            if r is None or not str(r.get("outcome") or "").strip():
                problems.append(FieldProblem(label, "未填写检查结果"))
            elif r["outcome"] not in Outcome.values:
                problems.append(FieldProblem(label, f"检查结果“{r['outcome']}”无效,应为:{'、'.join(Outcome.labels)}"))
            elif r["outcome"] in (Outcome.CORRECT, Outcome.CASE) and not str(r.get("note") or "").strip():
                problems.append(FieldProblem(label, "结果为责令整改或移送立案时,须在情况说明中写明发现的问题"))
        summary = str(summary or "").strip()
        if not summary:
            problems.append(FieldProblem("检查情况", "不能为空,请概述检查过程和发现的问题"))
        if problems:
            raise ValidationFailed(problems)
        old_results = dict(task.results.values_list("item_code", "outcome"))
        for e in checklist:
            r = given[e.code]
            ChecklistResult.objects.update_or_create(
                task=task, item_code=e.code,
                defaults={"item_text": e.text[:300], "outcome": r["outcome"], "note": str(r.get("note") or "").strip()})
        task.conclusion = derive_conclusion(r["outcome"] for r in given.values())
        task.summary = summary
        task.publish_due = publish_due_for(task.inspected_on) if task.inspected_on else None
        task.save(update_fields=TASK_FIELDS)
        record_event(actor=actor, obj=task, action="inspection_task.results", before=before | {"results": old_results},
                     after=snapshot(task, TASK_FIELDS) | {"results": {c: given[c]["outcome"] for c in sorted(given)}})
    return task


def task_add_evidence(*, actor, task: InspectionTask, uploaded_file) -> EvidenceFile:
    """Store an evidence file with its SHA-256 and size (computed while it is written). A new file never
    replaces an existing one: the storage picks a free name, and rows are never changed."""
    _guard(actor, task, Cap.INSPECTION_WORK, "上传证据材料")
    files.checked_name(uploaded_file)
    with transaction.atomic():
        task, _ = _lock(task)
        if task.status not in RESULT_STATUSES:
            raise InvalidTransition(f"任务“{task.get_status_display()}”,不能上传证据材料(检查开始后或退回后才能上传)")
        _require_member(actor, task, "上传证据材料")
        with files.stored(uploaded_file, f"evidence/{task.pk}",
                          max_length=EvidenceFile._meta.get_field("file").max_length) as f:
            evidence = EvidenceFile.objects.create(task=task, name=f.name, file=f.path, sha256=f.sha256, size=f.size,
                                                   uploaded_by=actor, uploaded_at=timezone.now())
            record_event(actor=actor, obj=evidence, action="inspection_evidence.add",
                         after=snapshot(evidence, ["task_id", "name", "file", "sha256", "size"]))
    return evidence


# ---------------------------------------------------------------- review and publication

def task_submit(*, actor, task: InspectionTask) -> InspectionTask:
    _guard(actor, task, Cap.INSPECTION_WORK, "提交检查结果")
    with transaction.atomic():
        task, before = _lock(task)
        _apply(task, "submit")
        _require_member(actor, task, "提交检查结果")
        recorded = set(task.results.values_list("item_code", flat=True))
        missing = [e for e in task_checklist(task) if e.code not in recorded]
        if missing or not task.conclusion:
            raise ValidationFailed([FieldProblem(f"{e.code} {e.text}", "未填写检查结果") for e in missing]
                                   or FieldProblem("检查结果", "尚未录入检查结果"))
        return _save(actor, task, "submit", before)


def _require_reviewer(actor, task: InspectionTask) -> None:
    if task.members.filter(officer__user=actor).exists():
        raise PermissionDenied("检查组成员(含备选人员)不能审核本组的检查结果,请由其他审核人员办理")


def task_return(*, actor, task: InspectionTask, note: str) -> InspectionTask:
    _guard(actor, task, Cap.INSPECTION_REVIEW, "退回检查结果", for_unit=True)
    with transaction.atomic():
        task, before = _lock(task)
        _apply(task, "return")
        _require_reviewer(actor, task)
        task.review_note = read_text(note, "退回意见", required=True)
        return _save(actor, task, "return", before, reason=task.review_note)


def task_approve(*, actor, task: InspectionTask, note: str = "") -> InspectionTask:
    _guard(actor, task, Cap.INSPECTION_REVIEW, "审核检查结果", for_unit=True)
    with transaction.atomic():
        task, before = _lock(task)
        _apply(task, "approve")
        _require_reviewer(actor, task)
        task.review_note = read_text(note, "审核意见")
        return _save(actor, task, "approve", before, reason=task.review_note)


def task_publish(*, actor, task: InspectionTask) -> InspectionTask:
    """Make the approved result public (一公开); due by ``publish_due``, recorded even when late."""
    _guard(actor, task, Cap.INSPECTION_PLAN, "公示检查结果", for_unit=True)
    with transaction.atomic():
        task, before = _lock(task)
        _apply(task, "publish")
        task.published_at = timezone.now()
        late = task.publish_due is not None and timezone.localdate(task.published_at) > task.publish_due
        return _save(actor, task, "publish", before, reason=f"逾期公示(期限 {task.publish_due:%Y-%m-%d})" if late else "")


# ---------------------------------------------------------------- follow-ups

def follow_up_create(*, actor, task: InspectionTask, kind: str, deadline=None, note: str = "",
                     today: dt.date | None = None) -> FollowUp:
    """责令限期整改 (a deadline after today) or 移送立案查处 (the hand-over, recorded in ``note``; the
    cases module takes it from here). Only for reviewed results that found a problem."""
    _guard(actor, task, Cap.INSPECTION_WORK, "登记后续处理", for_unit=True)
    today = today or timezone.localdate()
    with transaction.atomic():
        task, _ = _lock(task)
        if task.status not in (TaskStatus.APPROVED.value, TaskStatus.PUBLISHED.value):
            raise InvalidTransition("检查结果审核通过后才能登记后续处理")
        if task.conclusion not in (Outcome.CORRECT, Outcome.CASE):
            raise ValidationFailed(FieldProblem("后续处理", "检查结论为合格,无需后续处理"))
        if kind not in FollowUpKind.values:
            raise ValidationFailed(FieldProblem("后续处理", f"应为:{'、'.join(FollowUpKind.labels)}"))
        if task.follow_ups.filter(kind=kind, status=FollowUpStatus.OPEN).exists():
            raise ValidationFailed(FieldProblem("后续处理", f"已有进行中的“{FollowUpKind(kind).label}”,请先办结"))
        day = None
        if kind == FollowUpKind.RECTIFY:
            if not deadline:
                raise ValidationFailed(FieldProblem("整改期限", "责令限期整改须填写整改期限"))
            day = read_date(deadline, "整改期限")
            if day <= today:
                raise ValidationFailed(FieldProblem("整改期限", f"应晚于今天({today:%Y-%m-%d})"))
            note = read_text(note, "说明")
        else:
            note = read_text(note, "说明", required=True)  # to whom / which unit the matter was handed over
        follow_up = FollowUp.objects.create(task=task, kind=kind, deadline=day, note=note)
        record_event(actor=actor, obj=follow_up, action="inspection_followup.create",
                     after=snapshot(follow_up, FOLLOW_UP_FIELDS))
    return follow_up


def follow_up_close(*, actor, follow_up: FollowUp, note: str) -> FollowUp:
    """Close a follow-up (整改复查 done, or the case accepted), with a required note."""
    _guard(actor, follow_up.task, Cap.INSPECTION_WORK, "办结后续处理", for_unit=True)
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.status != FollowUpStatus.OPEN:
            raise InvalidTransition("该后续处理已办结")
        before = snapshot(follow_up, FOLLOW_UP_FIELDS)
        text = read_text(note, "办结情况", required=True)
        follow_up.status, follow_up.closed_at = FollowUpStatus.DONE, timezone.now()
        follow_up.note = f"{follow_up.note}\n办结:{text}".strip()
        follow_up.save(update_fields=["status", "closed_at", "note"])
        record_event(actor=actor, obj=follow_up, action="inspection_followup.close", before=before,
                     after=snapshot(follow_up, FOLLOW_UP_FIELDS), reason=text)
    return follow_up
