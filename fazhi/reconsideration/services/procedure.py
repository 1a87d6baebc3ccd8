"""Hearing an accepted 行政复议 case to its conclusion.

- ``application_copy`` (第四十八条: the copy to the respondent) / ``application_record_answer``;
- ``hearing_schedule`` (第五十条: notice ≥ 5 working days before; 第五十一条: a presiding officer, at least two
  more and a clerk) / ``hearing_record`` (the respondent's head attended, or the delegate and why not);
- ``application_suspend`` / ``application_resume`` (第三十九条: the days do not count);
- ``application_extend`` (第六十二条: ordinary procedure only, at most 30 days in all; the 复议机构's head
  approves: ``Cap.RECONSIDERATION_DECIDE``) / ``application_convert`` (第五十五条: simplified → ordinary);
- ``application_decide`` (``decisions.check`` → ``ValidationFailed``; 变更 never worse, 第六十三条第二款;
  the signer is ``decisions.signer``); ``application_mediate`` (第七十三条), ``application_settle_withdraw`` /
  ``application_withdraw`` (第七十四条), ``application_terminate`` (第四十一条).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core.audit import record_event
from fazhi.core.errors import FieldProblem, InvalidTransition, ValidationFailed
from fazhi.core.services.calendar import current_calendar
from fazhi.reconsideration.models import Application, Hearing, Suspension
from fazhi.reconsideration.rules import LIMITS, deadlines, decisions
from fazhi.reconsideration.services.common import advance, date, locked, not_before, require, text

FACT_FIELDS = {f.name for f in dataclasses.fields(decisions.DecisionFacts)}


def _on(value, label="日期"):
    return date(value, label, required=False) or timezone.localdate()


def _step(actor, application, action: str, cap: Cap, what: str, on, *, date_field: str, after_field: str | None,
          label: str, reason: str = "", outcome: str = "") -> Application:
    """One dated step: advance, check the date is not before ``after_field``, save and audit."""
    require(actor, cap, what)
    on = _on(on, label)
    with transaction.atomic():
        app = locked(application, actor)
        was = advance(app, action)
        if after_field:
            not_before(on, getattr(app, after_field), label, Application._meta.get_field(after_field).verbose_name)
        setattr(app, date_field, on)
        fields = ["status", date_field]
        if outcome:
            app.outcome, app.decision_text = outcome, reason
            fields += ["outcome", "decision_text"]
        app.save(update_fields=fields)
        record_event(actor=actor, obj=app, action=f"reconsideration.{action}", before={"status": was},
                     after={"status": app.status, date_field: on, **({"outcome": outcome} if outcome else {})},
                     reason=reason)
    return app


def application_copy(*, actor, application: Application, on=None) -> Application:
    """发送申请书副本 (行政复议法第四十八条; 第五十四条 when simplified)."""
    return _step(actor, application, "copy", Cap.RECONSIDERATION_HANDLE, "发送申请书副本", on,
                 date_field="copied_on", after_field="accepted_on", label="发送副本日期")


def application_record_answer(*, actor, application: Application, on=None) -> Application:
    """The respondent's written answer with evidence (行政复议法第四十八条)."""
    return _step(actor, application, "answer", Cap.RECONSIDERATION_HANDLE, "记录被申请人答复", on,
                 date_field="answered_on", after_field="copied_on", label="答复日期")


def hearing_schedule(*, actor, application: Application, held_on, notice_on, presiding: str, members: list[str],
                     clerk: str, place: str = "") -> Hearing:
    """Schedule a hearing (行政复议法第五十条、第五十一条)."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "组织听证")
    held_on, notice_on = date(held_on, "听证日期"), date(notice_on, "听证通知日期")
    presiding = text(presiding, "主持人", limit=100)
    clerk = text(clerk, "记录员", limit=100)
    members = [str(m).strip() for m in members or [] if str(m).strip()]
    if len(members) < 2:
        raise ValidationFailed(FieldProblem("听证员", "除主持人外至少应有二名听证员(行政复议法第五十一条)"))
    ok, why = deadlines.hearing_notice_ok(notice_on, held_on, calendar=current_calendar())
    if not ok:
        raise ValidationFailed(FieldProblem("听证通知日期", why))
    with transaction.atomic():
        app = locked(application, actor)
        app.status = advance(app, "hearing")  # checks the status (copied/answered); a hearing keeps it
        hearing = Hearing.objects.create(application=app, held_on=held_on, notice_on=notice_on, presiding=presiding,
                                         members=members, clerk=clerk, place=place[:200])
        record_event(actor=actor, obj=hearing, action="reconsideration.hearing_schedule",
                     after={"application": app.pk, "held_on": held_on, "notice_on": notice_on}, reason=why)
    return hearing


def hearing_record(*, actor, hearing: Hearing, head_attended: bool, delegate: str = "", absence_reason: str = "",
                   record: str = "") -> Hearing:
    """The hearing was held. 行政复议法第五十一条: the respondent's head attends, or explains in writing
    why not and delegates staff."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "记录听证")
    if not head_attended:
        problems = []
        if not str(delegate or "").strip():
            problems.append(FieldProblem("委托参加人员", "负责人未参加听证的,应当委托相应的工作人员参加(行政复议法第五十一条)"))
        if not str(absence_reason or "").strip():
            problems.append(FieldProblem("负责人未参加的说明", "负责人不能参加的,应当说明理由(行政复议法第五十一条)"))
        if problems:
            raise ValidationFailed(problems)
    with transaction.atomic():
        locked(hearing.application_id, actor)
        h = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if h.held:
            raise InvalidTransition("该听证已记录")
        h.held, h.respondent_head_attended = True, bool(head_attended)
        h.delegate, h.head_absence_reason = str(delegate or "").strip()[:100], str(absence_reason or "").strip()
        h.record = str(record or "").strip()
        h.save()
        record_event(actor=actor, obj=h, action="reconsideration.hearing_record",
                     after={"head_attended": h.respondent_head_attended, "delegate": h.delegate})
    return h


def application_suspend(*, actor, application: Application, reason: str, on=None) -> Application:
    """中止 (行政复议法第三十九条)."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "中止审理")
    reason = text(reason, "中止理由")
    on = _on(on, "中止日期")
    with transaction.atomic():
        app = locked(application, actor)
        was = advance(app, "suspend")
        not_before(on, app.accepted_on, "中止日期", "受理日期")
        app.suspended_from = was
        app.save(update_fields=["status", "suspended_from"])
        Suspension.objects.create(application=app, suspended_on=on, reason=reason)
        record_event(actor=actor, obj=app, action="reconsideration.suspend", before={"status": was},
                     after={"status": app.status, "suspended_on": on}, reason=reason)
    return app


def application_resume(*, actor, application: Application, on=None) -> Application:
    """恢复审理 (行政复议法第三十九条): back to the status before the suspension."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "恢复审理")
    on = _on(on, "恢复审理日期")
    with transaction.atomic():
        app = locked(application, actor)
        was = advance(app, "resume")
        open_period = app.suspensions.filter(resumed_on__isnull=True).last()
        not_before(on, open_period.suspended_on, "恢复审理日期", "中止日期")
        open_period.resumed_on = on
        open_period.save(update_fields=["resumed_on"])
        app.suspended_from = ""
        app.save(update_fields=["status", "suspended_from"])
        record_event(actor=actor, obj=app, action="reconsideration.resume", before={"status": was},
                     after={"status": app.status, "resumed_on": on})
    return app


def application_extend(*, actor, application: Application, days: int, reason: str) -> Application:
    """延长审理期限 (行政复议法第六十二条): approved by the 复议机构's head; ordinary procedure only; at most 30
    days in all."""
    require(actor, Cap.RECONSIDERATION_DECIDE, "批准延长审理期限")
    reason = text(reason, "延长理由")
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValidationFailed(FieldProblem("延长天数", f"“{days}”不是整数")) from None
    limit = int(LIMITS["decision_extension_max_days"])
    with transaction.atomic():
        app = locked(application, actor)
        advance(app, "extend")
        if app.simplified:
            raise InvalidTransition("适用简易程序审理的案件不得延长审理期限(行政复议法第六十二条第二款)")
        if days < 1 or app.extension_days + days > limit:
            raise ValidationFailed(FieldProblem("延长天数", f"延长期限最多不得超过 {limit} 日,已延长 {app.extension_days} 日"
                                                         "(行政复议法第六十二条第一款)"))
        before = app.extension_days
        app.extension_days += days
        app.save(update_fields=["extension_days"])
        record_event(actor=actor, obj=app, action="reconsideration.extend", before={"extension_days": before},
                     after={"extension_days": app.extension_days}, reason=reason)
    return app


def application_convert(*, actor, application: Application, reason: str) -> Application:
    """简易程序转为普通程序 (行政复议法第五十五条), approved by the 复议机构's head."""
    require(actor, Cap.RECONSIDERATION_DECIDE, "批准转为普通程序")
    reason = text(reason, "转换理由")
    with transaction.atomic():
        app = locked(application, actor)
        advance(app, "convert")
        if not app.simplified:
            raise InvalidTransition("本案已适用普通程序(行政复议法第五十五条)")
        app.simplified = False
        app.save(update_fields=["simplified"])
        record_event(actor=actor, obj=app, action="reconsideration.convert", before={"simplified": True},
                     after={"simplified": False}, reason=reason)
    return app


def _penalties(rows, label: str) -> tuple:
    out = []
    for row in rows or ():
        if isinstance(row, decisions.Penalty):
            out.append(row)
            continue
        if row.get("type") not in decisions.SEVERITY:
            raise ValidationFailed(FieldProblem(label, f"处罚种类“{row.get('type')}”无效"))
        amount = row.get("amount")
        out.append(decisions.Penalty(row["type"], Decimal(str(amount)) if amount not in (None, "") else None,
                                     int(row["months"]) if row.get("months") not in (None, "") else None))
    return tuple(out)


def decision_facts(facts: dict | decisions.DecisionFacts) -> decisions.DecisionFacts:
    if isinstance(facts, decisions.DecisionFacts):
        return facts
    unknown = set(facts) - FACT_FIELDS
    if unknown:
        raise ValidationFailed(FieldProblem("审查认定事实", f"未知的事项 {sorted(unknown)}"))
    data = dict(facts)
    data["original_penalties"] = _penalties(data.get("original_penalties"), "原处罚")
    data["new_penalties"] = _penalties(data.get("new_penalties"), "变更后处罚")
    return decisions.DecisionFacts(**data)


def application_decide(*, actor, application: Application, code: str, facts: dict | decisions.DecisionFacts,
                       text_: str, on=None) -> Application:
    """行政复议决定: ``code`` of ``decisions.DECISION_TYPES``, made only when ``decisions.check`` finds no
    reason against it on ``facts``; the signer per ``decisions.signer``. A case copied but not answered may
    be decided once the answer period has run (行政复议法第七十条)."""
    require(actor, Cap.RECONSIDERATION_DECIDE, "作出行政复议决定")
    if code not in decisions.DECISION_TYPES:
        raise ValidationFailed(FieldProblem("决定类型", f"“{code}”不是行政复议决定类型"))
    body = text(text_, "决定内容")
    f = decision_facts(facts)
    reasons = decisions.check(code, f)
    if reasons:
        raise ValidationFailed([FieldProblem(f"{decisions.DECISION_TYPES[code].name}决定", r) for r in reasons])
    on = _on(on, "决定日期")
    with transaction.atomic():
        app = locked(application, actor)
        was = advance(app, "decide")
        if was == "copied":
            due = deadlines.answer_due(app.copied_on, app.simplified, calendar=current_calendar())
            if on <= due.due:
                raise InvalidTransition(f"被申请人答复期限至 {due.due:%Y-%m-%d},尚未答复的案件届满前不能作出决定({due.article})")
        not_before(on, app.accepted_on, "决定日期", "受理日期")
        app.decision_code, app.signer, app.decision_text = code, decisions.signer(code), body
        app.outcome, app.concluded_on = "decision", on
        app.save(update_fields=["status", "decision_code", "signer", "decision_text", "outcome", "concluded_on"])
        record_event(actor=actor, obj=app, action="reconsideration.decide", before={"status": was},
                     after={"status": app.status, "decision": code, "signer": app.signer, "concluded_on": on},
                     reason=decisions.DECISION_TYPES[code].article)
    return app


def application_serve(*, actor, application: Application, on) -> Application:
    """The decision is served (行政复议法第七十五条: it takes effect on service)."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "记录决定书送达")
    on = date(on, "送达日期")
    with transaction.atomic():
        app = locked(application, actor)
        if app.status != "decided" or app.served_on is not None:
            raise InvalidTransition("只能对已作出、尚未送达的行政复议决定记录送达(行政复议法第七十五条)")
        not_before(on, app.concluded_on, "送达日期", "决定日期")
        app.served_on = on
        app.save(update_fields=["served_on"])
        record_event(actor=actor, obj=app, action="reconsideration.serve", after={"served_on": on})
    return app


def _close(actor, application, action, outcome, what, reason, on):
    reason = text(reason, "结案理由")
    return _step(actor, application, action, Cap.RECONSIDERATION_HANDLE, what, on, date_field="concluded_on",
                 after_field="accepted_on", label="结案日期", reason=reason, outcome=outcome)


def application_mediate(*, actor, application: Application, reason: str, on=None) -> Application:
    """调解结案: the 调解书 signed by the parties (行政复议法第七十三条)."""
    return _close(actor, application, "mediate", "mediation", "调解结案", reason, on)


def application_settle_withdraw(*, actor, application: Application, reason: str, on=None) -> Application:
    """和解后撤回申请 (行政复议法第七十四条)."""
    return _close(actor, application, "settle_withdraw", "settlement_withdrawal", "记录和解撤回", reason, on)


def application_withdraw(*, actor, application: Application, reason: str, on=None) -> Application:
    """申请人撤回申请 (行政复议法第七十四条), without a settlement."""
    return _close(actor, application, "withdraw", "withdrawal", "记录撤回申请", reason, on)


def application_terminate(*, actor, application: Application, reason: str, on=None) -> Application:
    """终止行政复议 (行政复议法第四十一条)."""
    return _close(actor, application, "terminate", "terminated", "终止行政复议", reason, on)
