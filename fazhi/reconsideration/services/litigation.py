"""行政应诉: suits against an agency, after 行政复议 or directly, and their court hearings.

``litigation_register`` (a suit after 复议 names the application; 行政诉讼法第二十六条 makes the 复议机关 a
(co-)defendant) and ``litigation_record_hearing`` (行政诉讼法第三条第三款: the agency's head appears in
court, or entrusts staff — the delegate is then required). ``litigation_conclude`` records the result.
"""

from __future__ import annotations

from django.db import transaction

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.audit import record_event
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, ValidationFailed
from fazhi.reconsideration.models import Application, CourtHearing, Litigation
from fazhi.reconsideration.services.common import date, not_before, require, text


def _scoped_litigation(actor, litigation: Litigation) -> Litigation:
    obj = Litigation.objects.select_for_update().filter(pk=litigation.pk).first()
    if obj is None or not access.in_scope(actor, obj.district_id):
        raise NotFound("记录不存在,或不在您的管辖范围内")
    return obj


def litigation_register(*, actor, data: dict, application: Application | None = None) -> Litigation:
    """Register a suit. With ``application``: a suit after that 复议 (it must have been concluded)."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "登记行政应诉案件")
    problems = []

    def read(fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            return None

    defendant = read(text, data.get("defendant"), "被诉行政机关", limit=200)
    plaintiff = read(text, data.get("plaintiff"), "原告", limit=200)
    court = read(text, data.get("court"), "受理法院", limit=200)
    filed_on = read(date, data.get("filed_on"), "立案日期")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        if application is not None:
            app = Application.objects.filter(pk=application.pk).first()
            if app is None or not access.in_scope(actor, app.district_id):
                raise NotFound("记录不存在,或不在您的管辖范围内")
            if app.concluded_on is None:
                raise InvalidTransition("行政复议案件尚未结案,不能登记复议后的行政诉讼(行政诉讼法第四十五条)")
            not_before(filed_on, app.concluded_on, "立案日期", "复议结案日期")
        unit = actor.organization
        lit = Litigation.objects.create(application=application, unit=unit, district_id=unit.district_id,
                                        defendant=defendant, plaintiff=plaintiff, court=court, filed_on=filed_on,
                                        court_number=str(data.get("court_number") or "").strip()[:100],
                                        created_by=actor)
        record_event(actor=actor, obj=lit, action="litigation.register",
                     after={"application": application.pk if application else None, "defendant": defendant,
                            "court": court, "filed_on": filed_on})
    return lit


def litigation_record_hearing(*, actor, litigation: Litigation, held_on, head_attended: bool,
                              delegate: str = "") -> CourtHearing:
    """One court hearing (行政诉讼法第三条第三款): the head appeared, or the staff entrusted."""
    require(actor, Cap.RECONSIDERATION_HANDLE, "记录出庭应诉")
    held_on = date(held_on, "开庭日期")
    delegate = str(delegate or "").strip()[:100]
    if not head_attended and not delegate:
        raise ValidationFailed(FieldProblem("委托出庭人员", "负责人不能出庭的,应当委托行政机关相应的工作人员出庭"
                                                        "(行政诉讼法第三条第三款)"))
    with transaction.atomic():
        lit = _scoped_litigation(actor, litigation)
        not_before(held_on, lit.filed_on, "开庭日期", "立案日期")
        hearing = CourtHearing.objects.create(litigation=lit, held_on=held_on, head_attended=bool(head_attended),
                                              delegate=delegate)
        record_event(actor=actor, obj=hearing, action="litigation.hearing",
                     after={"litigation": lit.pk, "held_on": held_on, "head_attended": hearing.head_attended})
    return hearing


def litigation_conclude(*, actor, litigation: Litigation, result: str, on) -> Litigation:
    require(actor, Cap.RECONSIDERATION_HANDLE, "记录裁判结果")
    result = text(result, "裁判结果", limit=300)
    on = date(on, "审结日期")
    with transaction.atomic():
        lit = _scoped_litigation(actor, litigation)
        if lit.concluded_on is not None:
            raise InvalidTransition("该行政应诉案件已记录裁判结果")
        not_before(on, lit.filed_on, "审结日期", "立案日期")
        lit.result, lit.concluded_on = result, on
        lit.save(update_fields=["result", "concluded_on"])
        record_event(actor=actor, obj=lit, action="litigation.conclude", after={"result": result, "concluded_on": on})
    return lit
