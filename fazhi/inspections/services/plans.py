"""Writes to 年度执法计划 (抽查计划) and their strata.

Each service checks ``Cap.INSPECTION_PLAN`` and the district scope (a district bureau plans only for
its own district; a city plan is managed by the city), owns its transaction and writes the audit
event. Values may come as form texts or as Python values; every refusal is a ``FieldProblem`` naming
the Chinese field. Nothing is deleted: a stratum is replaced by setting it again under its key.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from fazhi.accounts.roles import Cap
from fazhi.core import access, parameters
from fazhi.core.audit import changed_fields, record_event, snapshot
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.fields import Field
from fazhi.core.forms_reader import FormReader
from fazhi.inspections import workflow
from fazhi.inspections.models import DrawAttempt, InspectionItem, Plan, PlanStratum
from fazhi.inspections.models.items import ItemListStatus
from fazhi.inspections.models.plans import PlanStatus
from fazhi.inspections.workflow import AttemptStatus
from fazhi.institutions.models import KIND_FIELD, InstitutionKind, RiskClass
from fazhi.orgs.models import District, Organization

PLAN_FIELDS = ["code", "year", "name", "unit_id", "district_id", "window_start", "window_end", "team_size",
               "max_per_inspector", "yearly_cap_per_target", "coverage_years", "exclude_own_district"]
STRATUM_FIELDS = ["order", "key", "label", "field", "institution_kinds", "risk_classes", "districts", "ratio",
                  "min_count", "max_count"]
# Attempts in these statuses freeze the plan: their manifest was built from it.
LIVE_COMMITTED = (AttemptStatus.COMMITTED.value, AttemptStatus.REVEALED.value, AttemptStatus.DRAWN.value)
KEY_RE = re.compile(r"[A-Za-z0-9_./-]{1,64}")
YEAR_MIN, YEAR_MAX = 2000, 2100
_WHAT = "管理抽查计划"


# ---------------------------------------------------------------- access

def require_plan_access(actor, plan: Plan, cap: Cap = Cap.INSPECTION_PLAN, what: str = _WHAT) -> None:
    """The actor holds ``cap`` and the plan lies in their scope. Another district's plan does not exist
    for them (``NotFound``); a city plan seen by district staff may be read but not changed by them."""
    if not access.is_staff_user(actor):
        raise NotFound("记录不存在,或不在您的管辖范围内")
    if plan.district_id is not None and not access.in_scope(actor, plan.district_id):
        raise NotFound("记录不存在,或不在您的管辖范围内")
    access.require(actor, cap, what)
    if cap is Cap.INSPECTION_PLAN and not access.in_scope(actor, plan.district_id):
        raise PermissionDenied("市级抽查计划只能由市司法局管理")


def min_team_size(on: dt.date) -> int:
    return int(parameters.value("enforcement_min_officers", on))


def team_size_problem(team_size, on: dt.date) -> FieldProblem | None:
    """行政处罚法 第四十二条: 执法人员不得少于两人 (the number is the dated parameter)."""
    least = min_team_size(on)
    if team_size is not None and team_size < least:
        return FieldProblem("每组检查人员数", f"不得少于 {least} 人({parameters.reference('enforcement_min_officers', on)})")
    return None


# ---------------------------------------------------------------- plans

def _plan_values(actor, data: dict, *, plan: Plan | None) -> dict:
    r = FormReader(data)
    values = {}
    if plan is None or r.has("code"):
        values["code"] = r.text("code", "计划编号", required=True, limit=40, single_line=True)
        if values["code"] and not re.fullmatch(r"[A-Za-z0-9_-]+", values["code"]):
            r.problem("计划编号", "只能包含字母、数字、“-”和“_”,如 2024-TJ-SJ-03")
        clash = Plan.objects.filter(code=values["code"])
        if plan is not None:
            clash = clash.exclude(pk=plan.pk)
        if values["code"] and clash.exists():
            r.problem("计划编号", f"“{values['code']}”已被其他计划使用")
    for key, label, length in (("name", "名称", 150),):
        if plan is None or r.has(key):
            values[key] = r.text(key, label, required=True, limit=length, single_line=True)
    if plan is None or r.has("year"):
        values["year"] = r.integer("year", "年度", required=True, least=YEAR_MIN, most=YEAR_MAX)
    if plan is None or r.has("unit"):
        unit = r.raw("unit")
        if isinstance(unit, Organization):
            org = unit
        elif unit in (None, ""):
            org = getattr(actor, "organization", None) if plan is None else plan.unit
        else:
            org = Organization.objects.filter(pk=unit).first() if str(unit).isdigit() else \
                Organization.objects.filter(name=unit).first()
        if org is None:
            r.problem("组织单位", "请选择组织单位")
        elif actor is not None and not access.in_scope(actor, org.district_id):
            r.problem("组织单位", "不在您的管辖范围内:区司法局只能为本区制定计划")
        else:
            values["unit_id"], values["district_id"] = org.pk, org.district_id
    for key, label in (("window_start", "检查开始日期"), ("window_end", "检查结束日期")):
        if plan is None or r.has(key):
            values[key] = r.date(key, label)
    ints = [("team_size", "每组检查人员数", True, 0, 20), ("max_per_inspector", "每名检查人员最多任务数", False, 1, 1000),
            ("yearly_cap_per_target", "同一对象年度最多检查次数", True, 1, 12),
            ("coverage_years", "全覆盖周期(年)", True, 1, 10)]
    for key, label, required, least, most in ints:
        if plan is None or r.has(key):
            values[key] = r.integer(key, label, required=required, least=least, most=most)
    if plan is None or r.has("exclude_own_district"):
        values["exclude_own_district"] = r.flag("exclude_own_district")
    if r.has("items"):
        values["items"] = _plan_items(r)

    merged = {k: getattr(plan, k) for k in PLAN_FIELDS} if plan is not None else {}
    merged.update(values)
    start, end, year = merged.get("window_start"), merged.get("window_end"), merged.get("year")
    if start and end and end < start:
        r.problem("检查结束日期", "不能早于检查开始日期")
    if start and year and start.year != year:
        r.problem("检查开始日期", f"应在计划年度 {year} 年内")
    problem = team_size_problem(merged.get("team_size"), start or dt.date.today())
    if problem:
        r.problems.append(problem)
    r.check()
    return values


def _plan_items(r: FormReader) -> list[InspectionItem]:
    """The 抽查事项 a plan inspects: items of published lists (their checklists become the tasks')."""
    raw = r.raw("items") or []
    raw = [raw] if isinstance(raw, (str, int, InspectionItem)) else list(raw)
    ids = [x.pk if isinstance(x, InspectionItem) else x for x in raw]
    if any(not str(i).isdigit() for i in ids):
        r.problem("抽查事项", "请从已发布的抽查事项清单中选择")
        return []
    items = list(InspectionItem.objects.filter(pk__in=ids, item_list__status=ItemListStatus.PUBLISHED))
    if len(items) != len(set(map(int, ids))):
        r.problem("抽查事项", "只能选择已发布清单中的事项")
    return items


def _plan_frozen_reason(plan: Plan) -> str | None:
    live = plan.attempts.filter(status__in=LIVE_COMMITTED).order_by("attempt").first()
    if live is not None:
        return f"第 {live.attempt} 次抽取已{live.get_status_display()},计划内容已冻结,不能修改"
    return None


def plan_create(*, actor, data: dict) -> Plan:
    """A new DRAFT plan. ``data``: code, year, name, unit (default: the actor's unit), window_start,
    window_end, team_size (≥ ``enforcement_min_officers``), max_per_inspector, yearly_cap_per_target,
    coverage_years, exclude_own_district."""
    access.require(actor, Cap.INSPECTION_PLAN, _WHAT)
    values = _plan_values(actor, data, plan=None)
    items = values.pop("items", [])
    with transaction.atomic():
        plan = Plan.objects.create(**values)
        plan.items.set(items)
        record_event(actor=actor, obj=plan, action="plan.create",
                     after={**snapshot(plan, PLAN_FIELDS), "items": sorted(i.pk for i in items)})
    return plan


def plan_update(*, actor, plan: Plan, data: dict, reason: str = "") -> Plan:
    """Change a plan's values; refused once an attempt is committed (its manifest was built from them)."""
    require_plan_access(actor, plan)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        frozen = _plan_frozen_reason(plan)
        if frozen:
            raise ValidationFailed(FieldProblem("计划", frozen))
        if plan.status == PlanStatus.CLOSED:
            raise ValidationFailed(FieldProblem("计划", "计划已结束,不能修改"))
        values = _plan_values(actor, data, plan=plan)
        items = values.pop("items", None)
        before = {**snapshot(plan, PLAN_FIELDS), "items": sorted(plan.items.values_list("pk", flat=True))}
        for key, value in values.items():
            setattr(plan, key, value)
        after = {**snapshot(plan, PLAN_FIELDS),
                 "items": sorted(i.pk for i in items) if items is not None else before["items"]}
        changed = changed_fields(before, after)
        if changed:
            if items is not None and plan.status != PlanStatus.DRAFT and "items" in changed:
                raise ValidationFailed(FieldProblem("抽查事项", "计划启用后不能更改抽查事项"))
            plan.save(update_fields=[k for k in PLAN_FIELDS if k in changed] or None)
            if items is not None:
                plan.items.set(items)
            record_event(actor=actor, obj=plan, action="plan.update", before={k: before[k] for k in changed},
                         after={k: after[k] for k in changed}, reason=(reason or "").strip())
    return plan


def plan_activate(*, actor, plan: Plan) -> Plan:
    """DRAFT → ACTIVE: the strata are fixed from now on, and draws may be prepared."""
    require_plan_access(actor, plan)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        t = workflow.find(workflow.PLAN_TRANSITIONS, "activate", plan.status)
        strata = list(plan.strata.all())
        problems = []
        if not strata:
            problems.append(FieldProblem("分层", "至少设置一个抽查分层后才能启用"))
        item_fields = {item.item_list.field for item in plan.items.select_related("item_list")}
        if not item_fields:
            problems.append(FieldProblem("抽查事项", "至少选择一个抽查事项后才能启用(检查内容取自所选事项)"))
        else:
            uncovered = sorted({s.label for s in strata if s.field not in item_fields})
            if uncovered:
                problems.append(FieldProblem("抽查事项", f"分层“{'、'.join(uncovered)}”的领域没有对应的抽查事项"))
        problem = team_size_problem(plan.team_size, plan.window_start)
        if problem:
            problems.append(problem)
        if problems:
            raise ValidationFailed(problems)
        before = plan.status
        plan.status = t.target
        plan.save(update_fields=["status"])
        record_event(actor=actor, obj=plan, action="plan.activate", before={"status": before},
                     after={"status": plan.status})
    return plan


# ---------------------------------------------------------------- strata

def _scope_of(s: dict) -> tuple[set, set, set | None]:
    kinds = set(s["institution_kinds"]) or {k for k, f in KIND_FIELD.items() if f == s["field"]}
    risks = set(s["risk_classes"]) or set(RiskClass.values)
    districts = set(s["districts"]) or None  # None: every district of the plan
    return kinds, risks, districts


def _overlaps(a: dict, b: dict) -> bool:
    ka, ra, da = _scope_of(a)
    kb, rb, db = _scope_of(b)
    return bool(ka & kb) and bool(ra & rb) and (da is None or db is None or bool(da & db))


def _stratum_values(plan: Plan, data: dict) -> dict:
    r = FormReader(data)
    values = {"key": r.text("key", "分层标识", required=True, limit=64, single_line=True)}
    if values["key"] and not KEY_RE.fullmatch(values["key"]):
        r.problem("分层标识", "只能包含字母、数字和 _ . / -,如 appraisal/high")
    values["label"] = r.text("label", "分层名称", required=True, limit=100, single_line=True)
    field = r.raw("field") or ""
    field = {label: code for code, label in Field.choices}.get(field, field)
    if field not in Field.values:
        r.problem("领域", "请选择领域")
    values["field"] = field
    kinds = {k.value: k.label for k in InstitutionKind if KIND_FIELD[k] == field} if field in Field.values else {}
    values["institution_kinds"] = r.choices("institution_kinds", "机构类型", kinds or dict(InstitutionKind.choices))
    if field in Field.values and not kinds:
        r.problem("领域", "该领域没有对应的机构类型")
    values["risk_classes"] = r.choices("risk_classes", "风险等级", dict(RiskClass.choices))
    districts = {d.code: d.name for d in District.objects.all()}
    values["districts"] = r.choices("districts", "行政区", districts)
    if plan.district_id is not None:
        own = plan.district.code
        if any(code != own for code in values["districts"]):
            r.problem("行政区", f"区级计划只能抽查本区({plan.district.name})的对象")
    values["ratio"] = r.ratio("ratio", "抽查比例")
    values["min_count"] = r.integer("min_count", "最少抽取数", required=False, least=0, most=100000) or 0
    values["max_count"] = r.integer("max_count", "最多抽取数", required=False, least=1, most=100000)
    if values["max_count"] is not None and values["max_count"] < values["min_count"]:
        r.problem("最多抽取数", "不能少于最少抽取数")
    order = r.integer("order", "顺序", required=False, least=0, most=999)
    values["order"] = order
    if not r.problems:
        for other in plan.strata.exclude(key=values["key"]):
            theirs = {"field": other.field, "institution_kinds": other.institution_kinds,
                      "risk_classes": other.risk_classes, "districts": other.districts}
            if _overlaps(values, theirs):
                r.problem("机构类型", f"与分层“{other.label}”({other.key})的对象范围重叠;同一对象只能属于一个分层,"
                                 "请用风险等级或行政区区分")
    r.check()
    return values


def plan_stratum_set(*, actor, plan: Plan, data: dict) -> PlanStratum:
    """Add a stratum, or replace the one with the same ``key``, while the plan is a DRAFT. ``data``:
    key, label, field, institution_kinds (empty: every kind of the field), risk_classes (empty: all),
    districts (codes; empty: the whole plan area), ratio ("0.35" or "35%"), min_count, max_count, order."""
    require_plan_access(actor, plan)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.DRAFT:
            raise InvalidTransition("计划已启用,抽查分层不能再修改")
        values = _stratum_values(plan, data)
        stratum = plan.strata.filter(key=values["key"]).first()
        if values["order"] is None:
            values["order"] = stratum.order if stratum else (plan.strata.count() + 1)
        if stratum is None:
            stratum = PlanStratum.objects.create(plan=plan, **values)
            record_event(actor=actor, obj=plan, action="plan.stratum_add", after=snapshot(stratum, STRATUM_FIELDS))
            return stratum
        before = snapshot(stratum, STRATUM_FIELDS)
        for key, value in values.items():
            setattr(stratum, key, value)
        after = snapshot(stratum, STRATUM_FIELDS)
        changed = changed_fields(before, after)
        if changed:
            stratum.save()
            record_event(actor=actor, obj=plan, action="plan.stratum_update",
                         before={"key": stratum.key, **{k: before[k] for k in changed}},
                         after={"key": stratum.key, **{k: after[k] for k in changed}})
    return stratum


def next_attempt_number(plan: Plan) -> int:
    last = DrawAttempt.objects.filter(plan=plan).order_by("-attempt").values_list("attempt", flat=True).first()
    return (last or 0) + 1
