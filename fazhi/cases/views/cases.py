"""行政处罚 case pages: the list (filters, warnings, export), 案源登记, the case page (party, officers,
basis, evidence, deadlines, the timeline of steps and one form per step the user may take now), and
one POST view per write: ``case_advance``, officers, basis, evidence; the access-checked download.

Each write parses the form and calls one service. ``ValidationFailed`` and ``InvalidTransition``
re-render the page with every reason (each already cites its article; 400 / 409, nothing saved);
every other domain error goes to the middleware's error page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.cases.models import PublicRecord
from fazhi.cases.services.publication import public_record_publish, public_record_withdraw
from fazhi.cases import discretion, procedure, step_forms
from fazhi.cases.facts import penalty_from
from fazhi.cases.models.case import CaseType, PartyKind
from fazhi.cases.selectors import cases as sel
from fazhi.cases.selectors import warnings as warn_sel
from fazhi.cases.services import cases as services
from fazhi.cases.services.evidence import EVIDENCE_STATUSES, case_add_evidence
from fazhi.cases.services.transition import case_advance as advance
from fazhi.core import access, tabular
from fazhi.core import registry_views as rv
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, ValidationFailed
from fazhi.core.fields import Field
from fazhi.documents.selectors.documents import case_document_slots
from fazhi.inspections.selectors.tasks import task_get
from fazhi.laws.selectors import article_search
from fazhi.officers.credentials import credential_state
from fazhi.officers.selectors import officer_list

CASES = "案件办理"
LEVELS = {"yellow": "黄牌", "red": "红牌"}
FIELD_LAWS = {"lawyer": "律师法", "notary": "公证法", "arbitration": "仲裁法", "appraisal": "司法鉴定管理决定"}
EXPORT_HEADERS = ["案件编号", "程序", "状态", "当事人", "领域", "所在区", "办案单位", "案件来源", "案源登记日期", "立案日期",
                  "决定日期", "罚款金额(元)", "预警"]


def _detail_url(case, anchor: str = "") -> str:
    return reverse("cases:detail", args=[case.pk]) + (f"#{anchor}" if anchor else "")


# ---------------------------------------------------------------- list and export

def _filters(request) -> list[rv.Filter]:
    statuses = procedure.load()[0]
    return [
        rv.Filter("status", "状态", list(statuses.items()), rv.param(request, "status", statuses)),
        rv.Filter("district", "所在区", [(d.code, d.name) for d in rv.districts_for(request.user)],
                  rv.param(request, "district")),
        rv.Filter("case_type", "程序", list(CaseType.choices), rv.param(request, "case_type", CaseType.values)),
        rv.Filter("warning", "预警", [("any", "黄牌或红牌"), *LEVELS.items()],
                  rv.param(request, "warning", ["any", *LEVELS])),
        rv.Filter("mine", "范围", [("1", "我的案件(我是承办人员)")], rv.param(request, "mine", ["1"])),
    ]


def _warned(user, today) -> dict[int, dict[str, int]]:
    """{case pk: {"yellow": n, "red": n}} of the cases in warning today."""
    out: dict[int, dict[str, int]] = {}
    for entry in warn_sel.warnings(user=user, on=today)["cases"]:
        counts = out.setdefault(entry["case"].pk, {"yellow": 0, "red": 0})
        counts[entry["level"]] += 1
    return out


def _listed(request):
    access.require(request.user, Cap.REGISTRY_VIEW, "查看案件")
    filters = _filters(request)
    values = {f.name: f.value for f in filters}
    q = rv.param(request, "q")
    qs = sel.case_list(user=request.user, status=values["status"], district=values["district"], q=q,
                       mine=values["mine"] == "1")
    if values["case_type"]:
        qs = qs.filter(case_type=values["case_type"])  # the selector has no such filter
    warned = _warned(request.user, timezone.localdate())
    if values["warning"]:
        level = values["warning"]
        qs = qs.filter(pk__in=[pk for pk, c in warned.items() if level == "any" or c[level]])
    return filters, q, qs, warned


@login_required
def case_list(request):
    filters, q, qs, warned = _listed(request)
    page = rv.paginate(request, qs)
    rows = [(c, warned.get(c.pk, {})) for c in page.object_list]
    actions = [rv.Action(reverse("cases:list") + "?mine=1", "我的案件", primary=True)]
    if access.can(request.user, Cap.CASE_HANDLE):
        actions.append(rv.Action(reverse("cases:register"), "登记案源"))
    if access.can(request.user, Cap.CASE_APPROVE) or access.can(request.user, Cap.AUDIT_VIEW):
        actions.append(rv.Action(reverse("cases:supervision"), "办案期限预警"))
    return rv.render_list(request, title=CASES, results_template="cases/case_list_results.html", page=page, q=q,
                          filters=filters, export_url=reverse("cases:export"), actions=actions,
                          crumb_items=[(None, CASES)], search_hint="案件编号、当事人、违法行为", case_rows=rows)


@login_required
def case_export(request):
    _, _, qs, warned = _listed(request)
    labels, fields = procedure.load()[0], dict(Field.choices)
    rows = [[c.number, c.get_case_type_display(), labels.get(c.status, c.status), c.party_name, fields.get(c.field, c.field),
             c.district.name if c.district_id else "市局", c.unit.name, c.get_source_kind_display(),
             c.received_on.isoformat(), c.filed_on.isoformat() if c.filed_on else "",
             c.decided_on.isoformat() if c.decided_on else "", str(c.fine_amount or ""),
             "、".join(f"{LEVELS[k]} {n}" for k, n in warned.get(c.pk, {}).items() if n)] for c in qs]
    fmt = rv.param(request, "format", ["xlsx", "csv"]) or "xlsx"
    content, content_type = tabular.write(fmt, EXPORT_HEADERS, rows, title=CASES)
    return rv.file_response(content, content_type, f"行政处罚案件-{timezone.localdate():%Y%m%d}.{fmt}")


# ---------------------------------------------------------------- 案源登记

def _task_initial(request, task_id: str) -> dict:
    """An inspection task's 移送立案 hand-over (``?task=<id>``) as the form's first values."""
    task = task_get(user=request.user, pk=task_id)
    note = task.follow_ups.filter(kind="case").values_list("note", flat=True).first() or ""
    day = task.inspected_on.isoformat() if task.inspected_on else ""
    return {"source_task": str(task.pk), "source_kind": "inspection", "institution_uscc": task.institution.uscc,
            "violation_summary": note or task.summary, "violation_date": day, "discovered_on": day,
            "source_note": f"双随机抽查检查任务移送({task.plan.code},{task.institution.name})", "task": task}


@login_required
def case_register(request):
    access.require(request.user, Cap.CASE_HANDLE, "登记案源")
    problems, posted = [], None
    initial = {"case_type": CaseType.ORDINARY.value, "received_on": timezone.localdate().isoformat()}
    task_id = rv.param(request, "task") or request.POST.get("source_task", "")
    if task_id:
        initial |= _task_initial(request, task_id)
    if request.method == "POST":
        posted = request.POST
        try:
            case = services.case_register(actor=request.user, data=step_forms.register_data(request.POST))
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(request, f"案源已登记,案件编号 {case.number}。")
            return redirect(_detail_url(case))
    inputs = [inp for _, _, section in step_forms.REGISTER_SECTIONS for inp in section]
    fields, general = step_forms.fields_for(inputs, prefix="reg", posted=posted, initial=initial, problems=problems)
    by_key = {f.key: f for f in fields}
    sections = [{"key": key, "title": title, "fields": [by_key[i.key] for i in section]}
                for key, title, section in step_forms.REGISTER_SECTIONS]
    return render(request, "cases/case_register.html", {
        "title": "登记案源", "sections": sections, "general": general, "problems": problems,
        "task": initial.get("task"), "source_task": initial.get("source_task", ""),
        "crumb_items": [(reverse("cases:list"), CASES), (None, "登记案源")],
    }, status=400 if problems else 200)


# ---------------------------------------------------------------- the case page

def _display(inp, value) -> str:
    if inp.kind == "penalties":
        return "、".join(penalty_from(p).label for p in value or ())
    if inp.kind == "checkboxes":
        return "、".join(str(dict(inp.options).get(str(v), v)) for v in value or ())
    if inp.kind == "checkbox":
        return "是" if value else ""
    return str(dict(inp.options).get(str(value), value))


def _timeline(case) -> list[dict]:
    labels = procedure.load()[0]
    out = []
    for s in case.steps.select_related("recorded_by").order_by("occurred_on", "recorded_at", "pk"):
        inputs = step_forms.ACTION_INPUTS.get(s.action, ())
        shown = [(i.label, _display(i, s.data.get(i.key))) for i in inputs
                 if s.data.get(i.key) not in (None, "", [], False) and not i.choices]
        if s.action == "recuse" and s.data.get("officer"):
            shown.insert(0, ("回避的执法人员", s.data["officer"]))
        shown += discretion.step_summary(s.action, s.data or {})  # 裁量基准: the assessment or the check
        out.append({"step": s, "from": labels.get(s.from_status, ""), "to": labels.get(s.to_status, s.to_status),
                    "documents": step_forms.document_names(s.documents), "data": shown})
    return out


def _officer_choices(case, user, today) -> dict[str, list[tuple[str, str]]]:
    """The officers a recusal may name (the active ones) and a hearing may be chaired by (the unit's
    officers with a valid 执法证 who are not on the case, 行政处罚法 第六十四条第四项)."""
    rows = list(case.officers.select_related("officer"))
    on_case = {r.officer_id for r in rows}
    unit = officer_list(user=user, unit=case.unit.code, today=today).order_by("name")
    return {"case_officers": [(str(r.officer_id), r.officer.name) for r in rows if r.active],
            "chair_officers": [(str(o.pk), f"{o.name}({o.credential_no})") for o in unit
                               if o.pk not in on_case and credential_state(o, today).may_act]}


def _detail_context(request, case, *, problems=(), form: str = "", posted=None) -> dict:
    user, today = request.user, timezone.localdate()
    choices = _officer_choices(case, user, today)
    actions = []
    available = sel.available_actions(case, user)
    initial = {}
    if any(step.action == discretion.ASSESS for step in available):
        choices |= discretion.form_choices(case)
        initial[discretion.ASSESS] = discretion.form_initial(case, choices)
    for step in available:
        mine = form == step.action
        fields, general = step_forms.fields_for(
            (step_forms.ON, *step_forms.ACTION_INPUTS.get(step.action, ())), prefix=step.action,
            posted=posted if mine else None, initial={**initial.get(step.action, {}), "on": today.isoformat()},
            problems=problems if mine else (), choices=choices)
        actions.append({"step": step, "fields": fields, "general": general, "open": mine or len(available) == 1,
                        "documents": step_forms.document_names(step.documents)})
    evidence_fields, _ = step_forms.fields_for(step_forms.EVIDENCE_INPUTS, prefix="evidence",
                                               posted=posted if form == "evidence" else None,
                                               problems=problems if form == "evidence" else ())
    open_status = case.status in services.OPEN_STATUSES
    return {
        "case": case, "status_label": procedure.status_label(case.status), "today": today,
        "procedure_label": procedure.procedure(case.case_type).label,
        "field_label": dict(Field.choices).get(case.field, case.field),
        "is_person": case.party_kind == PartyKind.PERSON,
        "officers": [(r, credential_state(r.officer, today)) for r in
                     case.officers.select_related("officer").order_by("-active", "-role", "pk")],
        "basis": case.basis_articles.select_related("law").order_by("law__short_name", "number"),
        "evidence": case.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk"),
        "deadlines": warn_sel.case_deadlines(case, on=today), "timeline": _timeline(case),
        "document_slots": case_document_slots(user=user, case=case),
        "can_draft_documents": access.can(user, Cap.CASE_HANDLE),
        "penalties": [penalty_from(p).label for p in case.penalties or ()],
        "proposed": [penalty_from(p).label for p in case.proposed_penalties or ()],
        "actions": actions, "penalty_types": step_forms.penalty_types(), "evidence_fields": evidence_fields,
        "can_assign": open_status and access.can(user, Cap.CASE_APPROVE),
        "can_basis": open_status and access.can(user, Cap.CASE_HANDLE),
        "can_upload": case.status in EVIDENCE_STATUSES and access.can(user, Cap.CASE_HANDLE),
        "public_record": PublicRecord.objects.filter(case=case).first(),
        "discretion": discretion.page(case),
        "can_publish": access.can(user, Cap.CASE_APPROVE),
        "problems": problems, "form": form, "error_anchor": "evidence" if form == "evidence" else f"act-{form}",
        "crumb_items": [(reverse("cases:list"), CASES), (None, case.number)],
    }


def _page(request, case, status: int = 200, **kw):
    return render(request, "cases/case_detail.html", _detail_context(request, case, **kw), status=status)


@login_required
def case_detail(request, pk):
    return _page(request, sel.case_get(user=request.user, pk=pk))


def _post(request, pk, form: str, run, done):
    """POST only: run the service; on a refusal show the case page again with every reason."""
    case = sel.case_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(_detail_url(case))
    try:
        result = run(case)
    except ValidationFailed as exc:
        return _page(request, case, 400, problems=exc.problems, form=form, posted=request.POST)
    except InvalidTransition as exc:
        return _page(request, case, 409, problems=[FieldProblem("环节", exc.message)], form=form, posted=request.POST)
    messages.success(request, done(result))
    return redirect(_detail_url(case, "timeline" if form != "evidence" else "evidence"))


@login_required
def case_advance(request, pk):
    action = request.POST.get("action", "")

    def run(case):
        return advance(actor=request.user, case=case, action=action,
                       on=request.POST.get("on") or timezone.localdate(), data=step_forms.parse(action, request.POST))

    def done(case):
        step = procedure.procedure(case.case_type).steps[action]
        return f"已办理“{step.label}”,案件状态:{procedure.status_label(case.status)}。"

    return _post(request, pk, action, run, done)


@login_required
def case_publish(request, pk):
    def run(case):
        record = PublicRecord.objects.filter(case=case).first()
        if record is None:
            raise InvalidTransition("本案尚无需要公开的处罚决定")
        return public_record_publish(actor=request.user, record=record)

    return _post(request, pk, "publish", run, lambda r: "处罚决定已公开。")


@login_required
def case_withdraw(request, pk):
    def run(case):
        record = PublicRecord.objects.filter(case=case).first()
        if record is None:
            raise InvalidTransition("本案尚无公开的处罚决定")
        return public_record_withdraw(actor=request.user, record=record, reason=request.POST.get("reason", ""))

    return _post(request, pk, "withdraw", run, lambda r: "已撤回公开。")


@login_required
def case_evidence(request, pk):
    return _post(request, pk, "evidence", lambda case: case_add_evidence(
        actor=request.user, case=case, uploaded_file=request.FILES.get("file"), kind=request.POST.get("kind", ""),
        name=request.POST.get("name", "")), lambda e: f"证据“{e.name}”已上传,SHA-256 {e.sha256[:16]}…")


@login_required
def evidence_download(request, pk, evidence_pk):
    case = sel.case_get(user=request.user, pk=pk)
    evidence = case.evidence.filter(pk=evidence_pk).first()
    if evidence is None:
        raise NotFound("记录不存在,或不在您的管辖范围内")
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


# ---------------------------------------------------------------- officers and basis

@login_required
def case_officers(request, pk):
    case = sel.case_get(user=request.user, pk=pk)
    access.require(request.user, Cap.CASE_APPROVE, "指定承办人员")
    today = timezone.localdate()
    candidates = officer_list(user=request.user, unit=case.unit.code, today=today).order_by("name")
    current = {r.officer_id: r.role for r in case.officers.filter(active=True)}
    problems = []
    lead = next((pk for pk, role in current.items() if role == "lead"), None)
    assistants = {pk for pk, role in current.items() if role == "assist"}
    if request.method == "POST":
        lead = request.POST.get("lead", "")
        assistants = {x for x in request.POST.getlist("assistants") if x != lead}
        by_pk = {str(o.pk): o for o in candidates}
        try:
            if lead not in by_pk:
                raise ValidationFailed(FieldProblem("主办人员", "请选择本单位的一名执法人员"))
            services.case_assign_officers(actor=request.user, case=case, lead=by_pk[lead],
                                          assistants=[by_pk[x] for x in sorted(assistants) if x in by_pk])
        except (ValidationFailed, InvalidTransition) as exc:
            problems = getattr(exc, "problems", None) or [FieldProblem("承办人员", exc.message)]
        else:
            messages.success(request, "承办人员已确定。")
            return redirect(_detail_url(case, "officers"))
    rows = [(o, credential_state(o, today)) for o in candidates]
    return render(request, "cases/case_officers.html", {
        "case": case, "rows": rows, "lead": str(lead or ""), "assistants": {str(x) for x in assistants},
        "problems": problems, "title": "指定承办人员",
        "crumb_items": [(reverse("cases:list"), CASES), (_detail_url(case), case.number), (None, "指定承办人员")],
    }, status=400 if problems else 200)


@login_required
def case_basis(request, pk):
    case = sel.case_get(user=request.user, pk=pk)
    access.require(request.user, Cap.CASE_HANDLE, "确定违法依据与处罚依据")
    q = rv.param(request, "q")
    chosen = {str(x) for x in case.basis_articles.values_list("pk", flat=True)}
    problems = []
    if request.method == "POST":
        chosen = set(request.POST.getlist("articles"))
        try:
            services.case_set_basis(actor=request.user, case=case, article_ids=sorted(chosen))
        except (ValidationFailed, InvalidTransition) as exc:
            problems = getattr(exc, "problems", None) or [FieldProblem("依据条文", exc.message)]
        else:
            messages.success(request, "违法依据与处罚依据已保存。")
            return redirect(_detail_url(case, "basis"))
    articles = article_search(user=request.user, q=q)
    if not q:
        articles = articles.filter(law__short_name__in=[FIELD_LAWS.get(case.field, "律师法"), "行政处罚法"],
                                   law__effective_to__isnull=True)
    selected = list(article_search(user=request.user, q="").filter(pk__in=[int(x) for x in chosen if x.isdigit()]))
    found = [a for a in articles.order_by("law__short_name", "number")[:200] if str(a.pk) not in chosen]
    return render(request, "cases/case_basis.html", {
        "case": case, "selected": selected, "found": found, "q": q, "problems": problems, "title": "违法依据与处罚依据",
        "crumb_items": [(reverse("cases:list"), CASES), (_detail_url(case), case.number), (None, "违法依据与处罚依据")],
    }, status=400 if problems else 200)
