"""Back-office pages of 年度执法计划 and their draws. Each view parses the request, calls one selector or
service, and renders. Form posts catch ``ValidationFailed`` / ``InvalidTransition`` to show the reason
beside the form; every other domain error (403, 404) reaches ``DomainErrorMiddleware``."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core import registry_views as rv
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.forms_reader import ratio_text
from fazhi.core.record_forms import FormField, Widget
from fazhi.inspections.models import DrawAttempt
from fazhi.inspections.selectors import plans as sel
from fazhi.inspections.services import draws, plans
from fazhi.inspections.workflow import AttemptStatus
from fazhi.orgs.models import OrgKind

PLANS = "双随机抽查计划"
SOURCE_ROWS = 3
DEFAULT_SOURCES = [
    {"name": "witness_dice",
     "description": "承诺值公布后,三名见证人当众各掷骰子 10 次,按掷出顺序记录 30 个点数(1–6),不加分隔符"},
    {"name": "lottery", "description": "承诺值公布后首期福彩3D开奖号码:按公布的三位数字原样录入,不加分隔符"},
]


def _plans_crumb():
    return (reverse("inspections:plans"), PLANS)


def _plan_crumbs(plan, *last):
    return [_plans_crumb(), (reverse("inspections:plan_detail", args=[plan.pk]), plan.code), *last]


# ---------------------------------------------------------------- a small form helper

def _form(request, *, title, crumb_items, cancel_url, defs, initial, save, success, intro="", fixed_labels=()):
    """``defs``: (name, label, Widget, required). GET renders ``initial``; POST calls ``save(texts)``
    and redirects to ``success(obj)``, or re-renders with each reason beside the field it names."""
    problems: list[FieldProblem] = []
    values = dict(initial)
    if request.method == "POST":
        values = {name: (request.POST.getlist(name) if w.kind == "checkboxes" else
                         ("是" if request.POST.get(name) else "") if w.kind == "checkbox" else
                         request.POST.get(name, "")) for name, _, w, _ in defs}
        try:
            obj = save(values)
        except (ValidationFailed, InvalidTransition) as exc:
            problems = getattr(exc, "problems", None) or [FieldProblem("操作", exc.message)]
        else:
            messages.success(request, "已保存。")
            return redirect(success(obj))
    fields = []
    for name, label, widget, required in defs:
        value = values.get(name, "")
        ff = FormField(name=name, label=label, required=required, widget=widget,
                       value="是" if widget.kind == "checkbox" and value in (True, "是") else
                       "" if isinstance(value, list) else str(value if value is not None else ""),
                       values=list(value) if isinstance(value, list) else [])
        ff.errors = [p.reason for p in problems if p.field == label or p.field == label.removesuffix(" 名称")]
        fields.append(ff)
    shown = {f.label for f in fields} | {f.label.removesuffix(" 名称") for f in fields}
    general = [f"{p.field}:{p.reason}" for p in problems if p.field not in shown]
    return render(request, "core/record_form.html", {
        "title": title, "crumb_items": crumb_items, "fields": fields, "general_errors": general,
        "problem_count": len(problems), "cancel_url": cancel_url, "intro": intro, "fixed_labels": fixed_labels,
    }, status=400 if problems else 200)


def _number(help_text="", maxlength=6):
    return Widget("text", help=help_text, maxlength=maxlength)


def _plan_defs(user):
    units = rv.units_for(user).filter(kind__in=[OrgKind.CITY_BUREAU, OrgKind.DISTRICT_BUREAU])
    return [
        ("code", "计划编号", Widget(help="如 2024-TJ-SJ-03;公开页面和抽取证书中使用", maxlength=40), True),
        ("year", "年度", _number(maxlength=4), True),
        ("name", "名称", Widget(maxlength=150), True),
        ("unit", "组织单位", Widget("select", options=[(str(u.pk), u.name) for u in units],
                                 help="区司法局只能为本区制定计划;市级计划可抽查全市对象"), True),
        ("window_start", "检查开始日期", Widget("date"), True),
        ("window_end", "检查结束日期", Widget("date"), True),
        ("team_size", "每组检查人员数", _number("不得少于 2 人(行政处罚法第四十二条)"), True),
        ("max_per_inspector", "每名检查人员最多任务数", _number("不填表示不限"), False),
        ("yearly_cap_per_target", "同一对象年度最多检查次数", _number("已达到次数的对象不列入本计划的抽取范围"), True),
        ("coverage_years", "全覆盖周期(年)", _number("每个对象至少在此年数内被检查一次"), True),
        ("exclude_own_district", "检查人员回避本区对象", Widget("checkbox", help="勾选后,区司法局的执法人员不检查本区的对象"),
         False),
        ("items", "抽查事项", Widget("checkboxes", options=sel.published_item_choices(),
                                 help="检查内容取自所选事项的检查要点;每个分层的领域都应有对应事项"), True),
    ]


def _plan_initial(plan):
    return {"code": plan.code, "year": plan.year, "name": plan.name, "unit": str(plan.unit_id),
            "window_start": plan.window_start.isoformat(), "window_end": plan.window_end.isoformat(),
            "team_size": plan.team_size, "max_per_inspector": plan.max_per_inspector or "",
            "yearly_cap_per_target": plan.yearly_cap_per_target, "coverage_years": plan.coverage_years,
            "exclude_own_district": "是" if plan.exclude_own_district else "",
            "items": [str(pk) for pk in plan.items.values_list("pk", flat=True)]}


# ---------------------------------------------------------------- plans

@login_required
def plan_list(request):
    year = rv.param(request, "year")
    qs = sel.plan_list(user=request.user, year=int(year) if year.isdigit() else None).prefetch_related(
        Prefetch("attempts", queryset=DrawAttempt.objects.order_by("attempt"), to_attr="attempt_list"))
    return render(request, "inspections/plan_list.html", {
        "plans": qs, "year": year, "crumb_items": [(None, PLANS)],
        "can_create": access.can(request.user, Cap.INSPECTION_PLAN),
    })


@login_required
def plan_create(request):
    access.require(request.user, Cap.INSPECTION_PLAN, "制定抽查计划")
    initial = {"unit": str(request.user.organization_id or ""), "team_size": "2", "yearly_cap_per_target": "1",
               "coverage_years": "3"}
    return _form(request, title="新建抽查计划", crumb_items=[_plans_crumb(), (None, "新建")],
                 cancel_url=reverse("inspections:plans"), defs=_plan_defs(request.user), initial=initial,
                 save=lambda data: plans.plan_create(actor=request.user, data=data),
                 success=lambda p: reverse("inspections:plan_detail", args=[p.pk]),
                 intro="先保存计划,再设置抽查分层,启用后即可准备抽取。")


@login_required
def plan_edit(request, pk):
    plan = sel.plan_get(user=request.user, pk=pk)
    if not sel.may_plan(request.user, plan):
        raise PermissionDenied("您无权修改此计划")
    detail = reverse("inspections:plan_detail", args=[plan.pk])
    return _form(request, title=f"编辑:{plan.code}", crumb_items=_plan_crumbs(plan, (None, "编辑")), cancel_url=detail,
                 defs=_plan_defs(request.user), initial=_plan_initial(plan),
                 save=lambda data: plans.plan_update(actor=request.user, plan=plan, data=data),
                 success=lambda p: detail, intro="抽取承诺后计划内容即冻结,不能再修改。")


@login_required
def plan_strata(request, pk):
    plan = sel.plan_get(user=request.user, pk=pk)
    if not sel.may_plan(request.user, plan):
        raise PermissionDenied("您无权修改此计划")
    choices = sel.stratum_choices(plan)
    existing = plan.strata.filter(key=rv.param(request, "key")).first()
    initial = {"ratio": "0.35", "min_count": "0"} if existing is None else {
        "key": existing.key, "label": existing.label, "field": existing.field,
        "institution_kinds": existing.institution_kinds, "risk_classes": existing.risk_classes,
        "districts": existing.districts, "ratio": ratio_text(existing.ratio), "min_count": existing.min_count,
        "max_count": existing.max_count or "", "order": existing.order}
    defs = [
        ("key", "分层标识", Widget(maxlength=64, help="如 appraisal/high;写入抽取清单。填写已有的标识即替换该分层"), True),
        ("label", "分层名称", Widget(maxlength=100, help="如“司法鉴定机构(高风险)”"), True),
        ("field", "领域", Widget("select", options=choices["field"]), True),
        ("institution_kinds", "机构类型", Widget("checkboxes", options=choices["institution_kinds"],
                                             help="只能选择所选领域的机构类型;不选表示该领域全部类型"), False),
        ("risk_classes", "风险等级", Widget("checkboxes", options=choices["risk_classes"], help="不选表示全部"), False),
        ("districts", "行政区", Widget("checkboxes", options=choices["districts"], help="不选表示计划范围内全部"), False),
        ("ratio", "抽查比例", _number("如 0.35 或 35%;最多四位小数", 8), True),
        ("min_count", "最少抽取数", _number(), False),
        ("max_count", "最多抽取数", _number("不填表示不限"), False),
        ("order", "顺序", _number("抽取时按顺序逐层进行", 3), False),
    ]
    keys = "、".join(s.key for s in plan.strata.all()) or "(尚无)"
    return _form(request, title=f"设置抽查分层:{plan.code}", crumb_items=_plan_crumbs(plan, (None, "抽查分层")),
                 cancel_url=reverse("inspections:plan_detail", args=[plan.pk]), defs=defs, initial=initial,
                 save=lambda data: plans.plan_stratum_set(actor=request.user, plan=plan, data=data),
                 success=lambda s: reverse("inspections:plan_detail", args=[plan.pk]) + "#h-strata",
                 intro=f"已有分层:{keys}。同一对象只能属于一个分层,风险等级不同的对象请分设分层(如高风险 35%、其他 10%)。"
                       "计划启用后分层不能再修改。")


def _render_plan(request, pk, *, errors=(), refused: tuple[int, str, list[str]] | None = None, status=200):
    view = sel.plan_view(user=request.user, pk=pk)
    shown = False
    for source in view.current.sources if view.current and refused else ():
        if source.index == refused[0] and source.reveal is None:
            source.entered, source.errors, shown = refused[1], refused[2], True
    if refused and not shown:
        errors = [*errors, *refused[2]]
    return render(request, "inspections/plan_detail.html", {
        "v": view, "plan": view.plan, "a": view.current, "crumb_items": [_plans_crumb(), (None, view.plan.code)],
        "errors": errors,
    }, status=status)


@login_required
def plan_detail(request, pk):
    return _render_plan(request, pk)


@login_required
@require_POST
def plan_activate(request, pk):
    plan = sel.plan_get(user=request.user, pk=pk)
    return _act(request, plan.pk, lambda: plans.plan_activate(actor=request.user, plan=plan), "计划已启用。")


# ---------------------------------------------------------------- attempts

def _act(request, plan_pk, call, done: str, *, source_index=None, value=None):
    try:
        call()
    except ValidationFailed as exc:
        if source_index is not None:
            return _render_plan(request, plan_pk, refused=(source_index, value, [p.reason for p in exc.problems]),
                                status=400)
        return _render_plan(request, plan_pk, errors=[str(p) for p in exc.problems], status=400)
    except InvalidTransition as exc:
        return _render_plan(request, plan_pk, errors=[exc.message], status=409)
    messages.success(request, done)
    return redirect(reverse("inspections:plan_detail", args=[plan_pk]) + "#current-attempt")


def _attempt_defs():
    defs = [("inspection_date", "检查人员资格核验日期", Widget("date", help="执法证在此日有效的人员才列入抽取名单;应在计划的检查期间内"),
             True)]
    for k in range(1, SOURCE_ROWS + 1):
        defs += [(f"source_name_{k}", f"种子来源 {k} 名称", Widget(maxlength=50, help="英文或拼音标识,如 witness_dice"), k <= 2),
                 (f"source_description_{k}", f"种子来源 {k} 说明", Widget("textarea", help="写明由谁、何时、如何产生,以及录入格式"),
                  k <= 2)]
    return defs


def _sources(data):
    return [{"name": data.get(f"source_name_{k}", ""), "description": data.get(f"source_description_{k}", "")}
            for k in range(1, SOURCE_ROWS + 1)]


def _attempt_initial(day, sources):
    initial = {"inspection_date": day}
    for k, src in enumerate(sources, start=1):
        initial[f"source_name_{k}"], initial[f"source_description_{k}"] = src["name"], src["description"]
    return initial


_SOURCES_INTRO = ("种子来源须在承诺前公布,并在承诺后才产生:先由见证人当场产生的数值(如掷骰),再加一个在指定时间公布的外部数值"
                  "(如某日福彩开奖号码)。全部种子值须由至少两名不同人员录入。")


@login_required
def attempt_create(request, pk):
    plan = sel.plan_get(user=request.user, pk=pk)
    if not sel.may_plan(request.user, plan):
        raise PermissionDenied("您无权为此计划准备抽取")
    detail = reverse("inspections:plan_detail", args=[plan.pk])
    return _form(request, title=f"准备抽取:{plan.code}", crumb_items=_plan_crumbs(plan, (None, "准备抽取")),
                 cancel_url=detail, defs=_attempt_defs(),
                 initial=_attempt_initial(plan.window_start.isoformat(), DEFAULT_SOURCES),
                 save=lambda data: draws.attempt_create(actor=request.user, plan=plan,
                                                        inspection_date=data["inspection_date"],
                                                        seed_sources=_sources(data)),
                 success=lambda a: detail + "#current-attempt", intro=_SOURCES_INTRO)


@login_required
def attempt_edit(request, pk):
    attempt = sel.attempt_get(user=request.user, pk=pk)
    if not sel.may_plan(request.user, attempt.plan):
        raise PermissionDenied("您无权修改此抽取")
    detail = reverse("inspections:plan_detail", args=[attempt.plan_id])
    return _form(request, title=f"修改第 {attempt.attempt} 次抽取", cancel_url=detail,
                 crumb_items=_plan_crumbs(attempt.plan, (None, f"第 {attempt.attempt} 次抽取")), defs=_attempt_defs(),
                 initial=_attempt_initial(attempt.inspection_date.isoformat(), attempt.seed_sources),
                 save=lambda data: draws.attempt_update(actor=request.user, attempt=attempt,
                                                        inspection_date=data["inspection_date"],
                                                        seed_sources=_sources(data)),
                 success=lambda a: detail + "#current-attempt", intro=_SOURCES_INTRO)


@login_required
def attempt_detail(request, pk):
    view = sel.attempt_view(user=request.user, pk=pk)
    plan = view.attempt.plan
    return render(request, "inspections/attempt_detail.html", {
        "a": view, "plan": plan,
        "crumb_items": _plan_crumbs(plan, (None, f"第 {view.attempt.attempt} 次抽取")),
    })


@login_required
@require_POST
def attempt_commit(request, pk):
    attempt = sel.attempt_get(user=request.user, pk=pk)
    return _act(request, attempt.plan_id, lambda: draws.attempt_commit(actor=request.user, attempt=attempt),
                "已冻结抽取清单并生成承诺值。请立即公布承诺值,然后按种子来源的说明产生并录入种子值。")


@login_required
@require_POST
def attempt_reveal(request, pk):
    attempt = sel.attempt_get(user=request.user, pk=pk)
    index = request.POST.get("source_index", "")
    index = int(index) if index.isdigit() else -1
    value = request.POST.get("value", "")
    return _act(request, attempt.plan_id, lambda: draws.attempt_reveal(actor=request.user, attempt=attempt,
                                                                      source_index=index, value=value),
                "种子值已录入。", source_index=index, value=value)


@login_required
@require_POST
def attempt_draw(request, pk):
    attempt = sel.attempt_get(user=request.user, pk=pk)
    return _act(request, attempt.plan_id, lambda: draws.attempt_draw(actor=request.user, attempt=attempt),
                "抽取完成,检查任务已生成。")


@login_required
def attempt_cancel(request, pk):
    attempt = sel.attempt_get(user=request.user, pk=pk)
    if not sel.may_plan(request.user, attempt.plan):
        raise PermissionDenied("您无权作废此抽取")
    detail = reverse("inspections:plan_detail", args=[attempt.plan_id])
    defs = [("reason", "作废理由", Widget("textarea", help="必填。理由与本次承诺值一并公开,永久保留"), True)]
    return _form(request, title=f"作废第 {attempt.attempt} 次抽取", cancel_url=detail,
                 crumb_items=_plan_crumbs(attempt.plan, (None, "作废抽取")), defs=defs, initial={},
                 save=lambda data: draws.attempt_cancel(actor=request.user, attempt=attempt, reason=data["reason"]),
                 success=lambda a: detail + "#current-attempt",
                 fixed_labels=[("抽取", f"第 {attempt.attempt} 次({attempt.get_status_display()})"),
                               ("承诺值", attempt.commitment or "—")],
                 intro="作废不会删除本次抽取:它的承诺值和作废理由保留在计划页面和公开页面上。"
                       "系统将自动准备下一次抽取,其抽取清单会列出此前各次的承诺值。已完成的抽取不能作废。")


@login_required
def attempt_certificate(request, pk):
    attempt = sel.attempt_get(user=request.user, pk=pk)
    if attempt.status != AttemptStatus.DRAWN.value or not attempt.certificate:
        raise NotFound("本次抽取尚未完成,没有抽取证书")
    data = json.dumps(attempt.certificate, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{attempt.plan.code}-attempt-{attempt.attempt}-certificate.json")
    return response


@login_required
def coverage(request):
    years = rv.param(request, "years")
    years = int(years) if years.isdigit() and 1 <= int(years) <= 10 else sel.default_coverage_years(user=request.user)
    return render(request, "inspections/plan_coverage.html", {
        "c": sel.coverage(user=request.user, years=years), "year_options": range(1, 11),
        "crumb_items": [_plans_crumb(), (None, "全覆盖进度")],
    })
