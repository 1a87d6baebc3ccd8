"""Writes that set up a 行政处罚 case: 案源登记 (``case_register``), the officers who handle it
(``case_assign_officers``) and its legal basis (``case_set_basis``). Each checks the capability and the
district scope, validates, owns its transaction and writes the audit event. None of them changes the
status after registration: that is ``services.transition.case_advance`` alone.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.cases import procedure
from fazhi.cases.models import Case, CaseOfficer, CaseStep
from fazhi.cases.models.case import CaseType, OfficerRole, PartyKind, SourceKind
from fazhi.cases.selectors.cases import conflicted_officer_ids
from fazhi.core import access, identifiers, parameters
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.fields import Field
from fazhi.core.forms_reader import FormReader
from fazhi.documents.services.numbers import number_allocate
from fazhi.inspections.models import InspectionTask
from fazhi.inspections.models.tasks import FollowUpKind
from fazhi.institutions.models import Institution, Practitioner
from fazhi.laws.models import Article
from fazhi.officers.credentials import credential_state
from fazhi.orgs.models import Organization

NUMBER_WORD = "罚案"  # 案件编号: 机关代字 + 罚案〔年份〕序号号, e.g. 津河西司罚案〔2024〕12号
OPEN_STATUSES = ("source", "investigating", "investigated", "notified", "hearing")  # before the decision
CASE_FIELDS = ["number", "case_type", "status", "field", "district_id", "unit_id", "source_kind", "source_task_id",
               "source_note", "received_on", "party_kind", "institution_id", "practitioner_id", "party_name",
               "party_id_number", "party_phone", "party_address", "violation_summary", "violation_date",
               "violation_ended_on", "discovered_on", "endangers_life_or_finance", "major_or_complex"]


def _guard(actor, case: Case, cap: Cap, what: str) -> None:
    access.require(actor, cap, what)
    if not access.in_scope(actor, case.district_id):
        raise NotFound("记录不存在,或不在您的管辖范围内")


def _source_task(form: FormReader, actor):
    ref = form.data.get("source_task")
    if ref in (None, ""):
        return None
    task = InspectionTask.objects.select_related("institution").filter(pk=getattr(ref, "pk", ref)).first() \
        if str(getattr(ref, "pk", ref)).isdigit() else None
    if task is None or not access.in_scope(actor, task.district_id):
        form.problem("来源检查任务", "找不到该检查任务,或不在您的管辖范围内")
        return None
    if not task.follow_ups.filter(kind=FollowUpKind.CASE).exists():
        form.problem("来源检查任务", "该检查任务没有登记“移送立案查处”的后续处理")
        return None
    taken = Case.objects.filter(source_task=task).values_list("number", flat=True).first()
    if taken:
        form.problem("来源检查任务", f"该检查任务移送的案源已登记为 {taken}")
    return task


def _party(form: FormReader, actor, task) -> dict:
    """The party: an institution (USCC), a practitioner (licence number), or a natural person."""
    uscc = form.text("institution_uscc", "当事机构统一社会信用代码").upper()
    licence = form.text("practitioner_licence", "当事执业人员执业证号")
    name = form.text("party_name", "当事人", limit=150)
    if not (uscc or licence or name) and task is not None:
        uscc = task.institution.uscc  # a 移送立案 hand-over: the inspected institution
    if sum(bool(x) for x in (uscc, licence, name)) != 1:
        form.problem("当事人", "请填写当事机构、当事执业人员或自然人当事人中的一项")
        return {}
    if uscc:
        inst = Institution.objects.filter(uscc=uscc).first()
        if inst is None:
            form.problem("当事机构统一社会信用代码", f"监管对象名录库中没有“{uscc}”")
            return {}
        party = {"party_kind": PartyKind.ORGANIZATION, "institution": inst, "party_name": inst.name,
                 "party_address": inst.address, "field": inst.field}
        district_id = inst.district_id
    elif licence:
        person = Practitioner.objects.select_related("institution").filter(licence_no=licence).first()
        if person is None:
            form.problem("当事执业人员执业证号", f"监管对象名录库中没有“{licence}”")
            return {}
        inst = person.institution
        party = {"party_kind": PartyKind.PERSON, "practitioner": person, "party_name": person.name,
                 "party_address": inst.address, "field": inst.field}
        district_id = inst.district_id
    else:
        id_number = form.text("party_id_number", "证件号码").upper()
        problem = identifiers.id_number_problem(id_number) if id_number else "不能为空"
        if problem:
            form.problem("证件号码", f"居民身份证号码{problem}")
        phone = form.text("party_phone", "联系电话")
        if phone and (problem := identifiers.phone_problem(phone)):
            form.problem("联系电话", problem)
        field = form.text("field", "领域")
        if field not in Field.values:
            form.problem("领域", f"应为:{'、'.join(Field.labels)}")
        return {"party_kind": PartyKind.PERSON, "party_name": name, "party_id_number": id_number, "party_phone": phone,
                "party_address": form.text("party_address", "住所(地址)", required=True, limit=200), "field": field}
    if not access.in_scope(actor, district_id):
        form.problem("当事人", "不在您的管辖范围内")
    if task is not None and inst.pk != task.institution_id:
        form.problem("当事人", f"与来源检查任务的检查对象({task.institution.name})不一致")
    return party


def _next_number(unit: Organization, year: int) -> str:
    # The document engine's gapless series (unit, 罚案, year): taken in this transaction, so a failed
    # registration gives its number back.
    return number_allocate(unit=unit, series=NUMBER_WORD, year=year, purpose="case").text


def case_register(*, actor, data: dict) -> Case:
    """案源登记 (行政处罚法 第五十四条; 文书 9 案件来源登记表): the source, the party, the suspected
    violation and its dates. The unit is the actor's, the district the unit's; the number is the next one
    of the unit and year; the status is the procedure's start."""
    access.require(actor, Cap.CASE_HANDLE, "登记案源")
    unit = actor.organization
    if unit is None:
        raise PermissionDenied("您的账号没有所属单位,不能登记案源")
    form = FormReader(dict(data or {}))
    today = timezone.localdate()
    case_type = form.text("case_type", "程序") or CaseType.ORDINARY
    if case_type not in CaseType.values:
        form.problem("程序", f"应为:{'、'.join(CaseType.labels)}")
    task = _source_task(form, actor)
    source_kind = form.text("source_kind", "案件来源") or (SourceKind.INSPECTION if task else "")
    if source_kind not in SourceKind.values:
        form.problem("案件来源", f"应为:{'、'.join(SourceKind.labels)}")
    elif task is not None and source_kind != SourceKind.INSPECTION:
        form.problem("案件来源", "来自检查任务的案源,来源应为“检查发现”")
    party = _party(form, actor, task)
    received_on = form.date("received_on", "案源登记日期", default=today)
    violation_date = form.date("violation_date", "违法行为发生日期")
    ended_on = form.date("violation_ended_on", "违法行为终了日期", required=False)
    discovered_on = form.date("discovered_on", "发现日期", default=received_on)
    summary = form.text("violation_summary", "涉嫌违法行为", required=True)
    if received_on and received_on > today:
        form.problem("案源登记日期", f"不能晚于今天({today:%Y-%m-%d})")
    if violation_date and discovered_on and violation_date > discovered_on:
        form.problem("违法行为发生日期", "不能晚于发现日期")
    if ended_on and violation_date and ended_on < violation_date:
        form.problem("违法行为终了日期", "不能早于发生日期")
    if ended_on and discovered_on and ended_on > discovered_on:
        form.problem("违法行为终了日期", "不能晚于发现日期(尚在持续的,请留空并在说明中写明)")
    if discovered_on and received_on and discovered_on > received_on:
        form.problem("发现日期", "不能晚于案源登记日期")
    if form.problems:
        raise ValidationFailed(form.problems)
    with transaction.atomic():
        case = Case(number=_next_number(unit, received_on.year), case_type=case_type,
                    status=procedure.procedure(case_type).start, unit=unit, district_id=unit.district_id,
                    source_kind=source_kind, source_task=task, source_note=form.text("source_note", "来源说明"),
                    received_on=received_on, violation_summary=summary, violation_date=violation_date,
                    violation_ended_on=ended_on, discovered_on=discovered_on,
                    endangers_life_or_finance=form.flag("endangers_life_or_finance"),
                    major_or_complex=form.flag("major_or_complex"), **party)
        case.save()
        CaseStep.objects.create(case=case, action="register", label="案源登记", occurred_on=received_on, from_status="",
                                to_status=case.status, data={"source_kind": source_kind}, documents=[9],
                                article="行政处罚法第五十四条", recorded_by=actor)
        record_event(actor=actor, obj=case, action="case.register", after=snapshot(case, CASE_FIELDS))
    return case


def case_assign_officers(*, actor, case: Case, lead, assistants) -> Case:
    """Name the 承办人员: a lead (主办) and assistants (协办), officers of the case's unit whose 执法证 is
    valid today (行政处罚法 第四十二条: at least ``enforcement_min_officers``), none with a declared
    relationship to the party nor recused from this case (第四十三条). Officers left out stay on record
    as no longer active."""
    _guard(actor, case, Cap.CASE_APPROVE, "指定承办人员")
    today = timezone.localdate()
    officers = [lead, *assistants]
    problems = []
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("practitioner").get(pk=case.pk)
        if case.status not in OPEN_STATUSES:
            raise InvalidTransition(f"案件处于“{procedure.status_label(case.status)}”状态,不能调整承办人员")
        if len({o.pk for o in officers}) != len(officers):
            problems.append(FieldProblem("承办人员", "同一执法人员不能重复指定"))
        minimum = parameters.value("enforcement_min_officers", today)
        if len(officers) < minimum:
            problems.append(FieldProblem("承办人员", f"不得少于 {minimum} 人(行政处罚法第四十二条)"))
        conflicts = conflicted_officer_ids(case, today)
        recused = {s["officer_id"] for s in case.steps.filter(action="recuse").values_list("data", flat=True)}
        for o in officers:
            state = credential_state(o, today)
            if o.unit_id != case.unit_id:
                problems.append(FieldProblem(o.name, f"不是{case.unit.name}的执法人员"))
            if not state.may_act:
                problems.append(FieldProblem(o.name, f"执法证{state.label},不得从事执法活动(行政处罚法第四十二条)"))
            if o.pk in conflicts:
                problems.append(FieldProblem(o.name, "与当事人有利害关系,应当回避(行政处罚法第四十三条)"))
            if o.pk in recused:
                problems.append(FieldProblem(o.name, "已决定在本案中回避(行政处罚法第四十三条)"))
        if problems:
            raise ValidationFailed(problems)
        before = {"officers": list(case.officers.filter(active=True).values_list("officer_id", "role"))}
        wanted = {lead.pk: OfficerRole.LEAD, **{o.pk: OfficerRole.ASSIST for o in assistants}}
        for row in case.officers.all():
            if row.officer_id not in wanted and row.active:
                row.active = False
                row.save(update_fields=["active"])
        for officer_id, role in wanted.items():
            CaseOfficer.objects.update_or_create(case=case, officer_id=officer_id,
                                                 defaults={"role": role, "active": True})
        after = {"officers": list(case.officers.filter(active=True).values_list("officer_id", "role"))}
        record_event(actor=actor, obj=case, action="case.assign_officers", before=before, after=after)
    return case


def case_set_basis(*, actor, case: Case, article_ids) -> Case:
    """The articles the violation breaches and the penalty rests on (行政处罚法 第三十八条: a penalty
    without a legal basis is void). Set before the decision."""
    _guard(actor, case, Cap.CASE_HANDLE, "确定违法依据与处罚依据")
    ids = []
    for raw in article_ids or ():
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            raise ValidationFailed(FieldProblem("依据条文", f"“{raw}”不是条文编号")) from None
    found = set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
    problems = [FieldProblem("依据条文", f"法律依据库中没有编号为 {pk} 的条文") for pk in ids if pk not in found]
    if not ids:
        problems.append(FieldProblem("依据条文", "请至少选择一条"))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.status not in OPEN_STATUSES:
            raise InvalidTransition(f"案件处于“{procedure.status_label(case.status)}”状态,不能更改依据")
        before = {"basis_articles": sorted(case.basis_articles.values_list("pk", flat=True))}
        case.basis_articles.set(ids)
        record_event(actor=actor, obj=case, action="case.set_basis", before=before,
                     after={"basis_articles": sorted(set(ids))})
    return case
