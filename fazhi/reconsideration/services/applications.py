"""Registering a 行政复议 application and the acceptance review (行政复议法第二十条—第三十三条).

- ``application_register``: numbered ``<机关代字>复申〔year〕n号`` (gapless, ``number_allocate``); the
  timeliness (第二十条、第二十一条, ``deadlines.is_timely``) and the competent body (第二十四条—第二十八条,
  ``jurisdiction.competent_body``) are computed and kept. A late application, or one not ours, is still
  registered (the review decides on it), flagged with the reason.
- ``application_accept`` / ``application_refuse`` (a refusal for lack of jurisdiction names the competent
  body, 第三十条第二款) / ``application_forward`` (第三十二条);
- ``application_request_completion`` (once, 第三十一条第一款) / ``application_complete`` /
  ``application_mark_abandoned`` (only once ``deadlines.abandoned``, 第三十一条第二款);
- ``application_deem_accepted`` (第三十条第三款): no decision by the end of the review period → accepted
  from ``deadlines.deemed_acceptance_date``; ``deem_accepted_due`` runs it over every such application.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core import identifiers
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, InvalidTransition, ValidationFailed
from fazhi.core.services.calendar import current_calendar
from fazhi.documents.services.numbers import number_allocate
from fazhi.reconsideration.models import Application, ApplicantKind, Channel
from fazhi.reconsideration.rules import deadlines, jurisdiction, load
from fazhi.reconsideration.services.common import advance, date, locked, not_before, require, text

SERIES = "复申"
MAX_AGENTS = 2  # 行政复议法第十七条: 一至二名代理人
_REGISTER_FIELDS = ["status", "timely", "ours", "body", "office"]


def _office_of(unit) -> str:
    """The 复议机构 name of ``unit`` (bodies.toml): the city bureau, or its district's 司法局."""
    bodies = load("bodies")
    if unit.district_id is None:
        return bodies["city"]["office"]
    row = bodies["districts"].get(str(unit.district.code))
    return row["office"] if row else ""


def _applicant(data: dict, problems: list[FieldProblem]) -> dict:
    kind = data.get("applicant_kind") or ""
    if kind not in ApplicantKind.values:
        problems.append(FieldProblem("申请人类型", "应为公民或法人、其他组织"))
    number = (data.get("applicant_id") or "").strip().upper()
    if number:
        problem = (identifiers.id_number_problem(number) if kind == ApplicantKind.PERSON
                   else identifiers.uscc_problem(number))
        if problem:
            problems.append(FieldProblem("身份证号" if kind == ApplicantKind.PERSON else "统一社会信用代码", problem))
    phone = (data.get("applicant_phone") or "").strip()
    if phone and identifiers.phone_problem(phone):
        problems.append(FieldProblem("联系电话", identifiers.phone_problem(phone)))
    agents = [str(a).strip() for a in data.get("agents") or [] if str(a).strip()]
    if len(agents) > MAX_AGENTS:
        problems.append(FieldProblem("委托代理人", f"最多委托 {MAX_AGENTS} 名代理人(行政复议法第十七条)"))
    return {"applicant_kind": kind, "applicant_id": number, "applicant_phone": phone, "agents": agents,
            "applicant_address": (data.get("applicant_address") or "").strip()[:300],
            "representative": (data.get("representative") or "").strip()[:100]}


def application_register(*, actor, data: dict) -> Application:
    """Register an application received by ``actor``'s unit (see the module docstring)."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "登记行政复议申请")
    problems: list[FieldProblem] = []

    def read(fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            return None

    received_on = read(date, data.get("received_on"), "收到申请日期")
    act_on = read(date, data.get("act_on"), "行政行为作出日期")
    learned_on = read(date, data.get("learned_on"), "知道该行政行为日期")
    right_learned_on = read(date, data.get("right_learned_on"), "知道申请权利和期限日期", required=False)
    name = read(text, data.get("applicant_name"), "申请人", limit=200)
    act = read(text, data.get("act_description"), "被申请复议的行政行为")
    respondent_name = read(text, data.get("respondent_name"), "被申请人", limit=200)
    channel = data.get("channel") or Channel.COUNTER
    if channel not in Channel.values:
        problems.append(FieldProblem("申请方式", "应为网上申请或当面、邮寄递交"))
    person = _applicant(data, problems)
    respondent = jurisdiction.Respondent(data.get("respondent_kind") or "", data.get("respondent_district") or None,
                                         respondent_name or "")
    if act_on and learned_on and learned_on < act_on:
        problems.append(FieldProblem("知道该行政行为日期", "不能早于行政行为作出日期"))
    if act_on and received_on and received_on < act_on:
        problems.append(FieldProblem("收到申请日期", "不能早于行政行为作出日期"))
    found = None
    try:
        found = jurisdiction.competent_body(respondent, applied_via_respondent=bool(data.get("applied_via_respondent")),
                                            on=received_on)
    except ValueError as exc:
        problems.append(FieldProblem("被申请人", str(exc)))
    if problems:
        raise ValidationFailed(problems)
    calendar = current_calendar()
    right_explained = bool(data.get("right_explained", True))
    timely, why = deadlines.is_timely(received_on, learned_on, right_explained=right_explained, act_on=act_on,
                                      real_property=bool(data.get("real_property")),
                                      right_learned_on=right_learned_on, calendar=calendar)
    unit = actor.organization
    office = _office_of(unit)
    ours = any(o.ours and o.office == office for o in found.options)
    with transaction.atomic():
        issued = number_allocate(unit=unit, series=SERIES, year=received_on.year, purpose="行政复议申请")
        app = Application.objects.create(
            number=issued.text, unit=unit, district_id=unit.district_id, received_on=received_on, channel=channel,
            applicant_name=name, act_description=act, act_on=act_on, act_number=(data.get("act_number") or "")[:100],
            respondent_name=respondent_name, respondent_kind=respondent.kind,
            respondent_district=respondent.district_code or "", learned_on=learned_on, right_explained=right_explained,
            real_property=bool(data.get("real_property")), applied_via_respondent=found.forward, timely=timely,
            timeliness_note=why, body=found.body, office=found.office, ours=ours,
            jurisdiction_note=f"{found.note}({found.article})", simplified=bool(data.get("simplified")), **person)
        record_event(actor=actor, obj=app, action="reconsideration.register",
                     after={**snapshot(app, _REGISTER_FIELDS), "number": app.number}, reason=why)
    return app


def _today(on) -> dt.date:
    return date(on, "日期", required=False) or timezone.localdate()


def application_accept(*, actor, application: Application, on=None, simplified: bool | None = None) -> Application:
    """受理 (行政复议法第三十条): only an application of our jurisdiction made in time."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "受理行政复议申请")
    on = _today(on)
    with transaction.atomic():
        app = locked(application, actor)
        was = advance(app, "accept")
        if not app.ours:
            raise InvalidTransition(f"本案不属于本机关管辖,应当不予受理并告知向{app.body}申请(行政复议法第三十条第二款)")
        if not app.timely:
            raise InvalidTransition(f"{app.timeliness_note},不符合受理条件(行政复议法第三十条第一款第四项)")
        not_before(on, app.received_on, "受理日期", "收到申请日期")
        app.accepted_on = on
        if simplified is not None:
            app.simplified = bool(simplified)
        app.save(update_fields=["status", "accepted_on", "simplified"])
        record_event(actor=actor, obj=app, action="reconsideration.accept", before={"status": was},
                     after={"status": app.status, "accepted_on": on, "simplified": app.simplified})
    return app


def application_refuse(*, actor, application: Application, reason: str = "", on=None) -> Application:
    """不予受理 (行政复议法第三十条): with the reason; when the case is not ours the reason names the
    competent body (第三十条第二款) — added here when ``reason`` does not already."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "决定不予受理")
    on = _today(on)
    with transaction.atomic():
        app = locked(application, actor)
        was = advance(app, "refuse")
        reason = text(reason, "不予受理理由", required=app.ours)
        if not app.ours and app.body not in reason:
            named = jurisdiction.Jurisdiction(app.body, app.office, "", False, "").refusal_text
            reason = "。".join(p for p in (reason, named) if p)
        not_before(on, app.received_on, "不予受理日期", "收到申请日期")
        app.refused_on, app.refusal_reason, app.concluded_on = on, reason, on
        app.save(update_fields=["status", "refused_on", "refusal_reason", "concluded_on"])
        record_event(actor=actor, obj=app, action="reconsideration.refuse", before={"status": was},
                     after={"status": app.status, "refused_on": on}, reason=reason)
    return app


def application_forward(*, actor, application: Application, to: str = "", on=None) -> Application:
    """转送 (行政复议法第三十二条): the application made through the penalising agency goes on to the
    competent body (default: the computed 复议机关)."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "转送行政复议申请")
    on = _today(on)
    with transaction.atomic():
        app = locked(application, actor)
        was = advance(app, "forward")
        to = text(to or app.body, "转送机关", limit=200)
        app.forwarded_on, app.forwarded_to, app.concluded_on = on, to, on
        app.save(update_fields=["status", "forwarded_on", "forwarded_to", "concluded_on"])
        record_event(actor=actor, obj=app, action="reconsideration.forward", before={"status": was},
                     after={"status": app.status, "forwarded_on": on, "forwarded_to": to})
    return app


def application_request_completion(*, actor, application: Application, items: list[str], on=None) -> Application:
    """通知补正 (行政复议法第三十一条第一款): one written request listing everything, served on ``on``;
    a second request is refused."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "通知补正")
    on = _today(on)
    items = [str(i).strip() for i in items or [] if str(i).strip()]
    if not items:
        raise ValidationFailed(FieldProblem("补正事项", "应当一次性列明需要补正的全部事项(行政复议法第三十一条第一款)"))
    with transaction.atomic():
        app = locked(application, actor)
        if app.completion_requested_on is not None:
            raise InvalidTransition("补正通知只能发出一次,已于 "
                                    f"{app.completion_requested_on:%Y-%m-%d} 通知补正(行政复议法第三十一条第一款)")
        was = advance(app, "request_completion")
        not_before(on, app.received_on, "补正通知送达日期", "收到申请日期")
        app.completion_items, app.completion_requested_on = items, on
        app.save(update_fields=["status", "completion_items", "completion_requested_on"])
        record_event(actor=actor, obj=app, action="reconsideration.request_completion", before={"status": was},
                     after={"status": app.status, "items": items, "requested_on": on})
    return app


def application_complete(*, actor, application: Application, on=None) -> Application:
    """补正 received (第三十一条): back to the acceptance review. A completion after the period counts as
    none (第三十一条第二款): refused, the application is to be marked abandoned."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "登记补正材料")
    on = _today(on)
    with transaction.atomic():
        app = locked(application, actor)
        was = advance(app, "complete")
        not_before(on, app.completion_requested_on, "补正日期", "补正通知送达日期")
        due = deadlines.completion_due(app.completion_requested_on, calendar=current_calendar())
        if on > due.due:
            raise InvalidTransition(f"补正期限已于 {due.due:%Y-%m-%d} 届满,逾期补正视为放弃({due.article})")
        app.completion_answered_on = on
        app.save(update_fields=["status", "completion_answered_on"])
        record_event(actor=actor, obj=app, action="reconsideration.complete", before={"status": was},
                     after={"status": app.status, "answered_on": on})
    return app


def application_mark_abandoned(*, actor, application: Application, on=None,
                               good_reason_extension_days: int = 0) -> Application:
    """视为放弃 (行政复议法第三十一条第二款): only once the completion period has run without a completion."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "记录视为放弃")
    on = _today(on)
    with transaction.atomic():
        app = locked(application, actor)
        was = advance(app, "abandon")
        calendar = current_calendar()
        if not deadlines.abandoned(app.completion_requested_on, app.completion_answered_on, on,
                                   good_reason_extension_days, calendar=calendar):
            due = deadlines.completion_due(app.completion_requested_on,
                                           good_reason_extension_days=good_reason_extension_days, calendar=calendar)
            raise InvalidTransition(f"补正期限至 {due.due:%Y-%m-%d} 届满,届满前不能视为放弃({due.article})")
        app.concluded_on, app.outcome = on, "deemed_abandoned"
        app.save(update_fields=["status", "concluded_on", "outcome"])
        record_event(actor=actor, obj=app, action="reconsideration.abandon", before={"status": was},
                     after={"status": app.status, "concluded_on": on})
    return app


def application_deem_accepted(*, actor, application: Application, on=None) -> Application:
    """视为受理 (行政复议法第三十条第三款): a received application with no decision after the review period is
    accepted from the period's last day (``deadlines.deemed_acceptance_date``). ``actor`` None: the system."""
    if actor is not None:
        require(actor, Cap.RECONSIDERATION_HANDLE, "记录视为受理")
    on = _today(on)
    with transaction.atomic():
        if actor is None:
            app = Application.objects.select_for_update().get(pk=application.pk)
        else:
            app = locked(application, actor)
        was = advance(app, "deem_accept")
        calendar = current_calendar()
        if not deadlines.deemed_accepted(app.received_on, on, False, calendar=calendar):
            due = deadlines.acceptance_due(app.received_on, calendar=calendar)
            raise InvalidTransition(f"受理审查期限至 {due.due:%Y-%m-%d} 届满,届满前不能视为受理({due.article})")
        app.accepted_on = deadlines.deemed_acceptance_date(app.received_on, calendar=calendar)
        app.deemed_accepted = True
        app.save(update_fields=["status", "accepted_on", "deemed_accepted"])
        record_event(actor=actor, obj=app, action="reconsideration.deem_accept", before={"status": was},
                     after={"status": app.status, "accepted_on": app.accepted_on}, reason="行政复议法第三十条第三款")
    return app


def deem_accepted_due(*, on=None) -> list[Application]:
    """Run ``application_deem_accepted`` (as the system) over every received application whose review
    period has run by ``on``."""
    on = _today(on)
    calendar = current_calendar()
    due = [a for a in Application.objects.filter(status="received").order_by("pk")
           if deadlines.deemed_accepted(a.received_on, on, False, calendar=calendar)]
    return [application_deem_accepted(actor=None, application=a, on=on) for a in due]


