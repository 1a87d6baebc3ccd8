"""检查任务 pages: the list, the task page (team, results, evidence, review, follow-ups, publication
deadline), one POST view per action, the evidence download and the yearly statistics.

Each action view parses the form and calls one service. A ``ValidationFailed`` re-renders the task
page with each reason beside its form (status 400, nothing saved); every other domain error goes to
the middleware's error page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.accounts.roles import Cap
from fazhi.core import access, audit, parameters, tabular
from fazhi.core import registry_views as rv
from fazhi.core.errors import ValidationFailed
from fazhi.documents.selectors.documents import task_document_slots
from fazhi.inspections.models import Plan
from fazhi.inspections.models.tasks import FollowUpKind, Outcome
from fazhi.inspections.selectors import stats as stats_selectors
from fazhi.inspections.selectors import tasks as selectors
from fazhi.inspections.services import tasks as services
from fazhi.inspections.workflow import TASK_LABELS, TaskStatus

TASKS = "检查任务"
RESULT_STATUSES = (TaskStatus.CHECKED_IN.value, TaskStatus.RETURNED.value)
EVENT_LABELS = {
    "inspection_task.notify": "送达行政检查通知书", "inspection_task.check_in": "开始检查",
    "inspection_task.results": "录入检查结果", "inspection_task.submit": "提交审核",
    "inspection_task.return": "退回修改", "inspection_task.approve": "审核通过", "inspection_task.publish": "公示结果",
}


# ---------------------------------------------------------------- list

def _filters(request, qs_all):
    user = request.user
    plans = Plan.objects.filter(pk__in=qs_all.values("plan_id")).order_by("-year", "code")
    return [
        rv.Filter("status", "状态", [(s.value, TASK_LABELS[s]) for s in TaskStatus],
                  rv.param(request, "status", [s.value for s in TaskStatus])),
        rv.Filter("plan", "抽查计划", [(p.code, f"{p.code} {p.name}") for p in plans], rv.param(request, "plan")),
        rv.Filter("district", "所在区", [(d.code, d.name) for d in rv.districts_for(user)], rv.param(request, "district")),
        rv.Filter("mine", "范围", [("1", "我的任务(我在检查组中)")], rv.param(request, "mine", ["1"])),
        rv.Filter("overdue", "公示", [("1", "逾期未公示")], rv.param(request, "overdue", ["1"])),
    ]


@login_required
def task_list(request):
    filters = _filters(request, selectors.task_list(user=request.user))
    values = {f.name: f.value for f in filters}
    q = rv.param(request, "q")
    qs = selectors.task_list(user=request.user, q=q, status=values["status"], plan=values["plan"],
                             district=values["district"], mine=values["mine"] == "1",
                             overdue=values["overdue"] == "1")
    page = rv.paginate(request, qs)
    today = timezone.localdate()
    rows = [(t, selectors.publication_status(t, today)) for t in page.object_list]
    actions = [rv.Action(reverse("inspections:tasks") + "?mine=1", "我的任务", primary=True),
               rv.Action(reverse("inspections:stats"), "抽查统计"), rv.Action(reverse("inspections:items"), "抽查事项清单")]
    return rv.render_list(request, title="检查任务", results_template="inspections/task_list_results.html", page=page,
                          q=q, filters=filters, export_url="", actions=actions, crumb_items=[(None, TASKS)],
                          search_hint="检查对象名称、通知书编号、计划编号", task_rows=rows)


# ---------------------------------------------------------------- the task page

def _detail_context(request, task, *, problems=(), form: str = "", posted=None) -> dict:
    user = request.user
    today = timezone.localdate()
    results = {r.item_code: r for r in task.results.all()}
    posted = posted or {}
    checklist = []
    for e in selectors.task_checklist(task):
        r = results.get(e.code)
        outcome = posted.get(f"outcome-{e.code}", r.outcome if r else "")
        note = posted.get(f"note-{e.code}", r.note if r else "")
        errors = [p.reason for p in problems if p.field.split(" ", 1)[0] == e.code]
        checklist.append({"entry": e, "result": r, "outcome": outcome, "note": note, "errors": errors})
    member = selectors.is_team_member(user, task)
    listed = selectors.is_team_member(user, task, roles=("leader", "member", "alternate"))
    status = task.status
    unit = selectors.acts_for_unit(user, task)
    return {
        "task": task, "team": selectors.task_team(task), "checklist": checklist, "outcomes": Outcome.choices,
        "evidence": task.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk"),
        "follow_ups": task.follow_ups.order_by("created_at", "pk"), "follow_up_kinds": FollowUpKind.choices,
        "publication": selectors.publication_status(task, today), "today": today,
        "publish_days": parameters.value(services.PUBLISH_DAYS, task.inspected_on or today),
        "publish_reference": parameters.reference(services.PUBLISH_DAYS, task.inspected_on or today),
        "conclusion_label": Outcome(task.conclusion).label if task.conclusion else "",
        "stratum": task.plan.strata.filter(key=task.stratum_key).first(),
        "history": [(e, EVENT_LABELS.get(e.action, e.action)) for e in audit.history_for(task)[:50]],
        "is_member": member,
        "document_slots": task_document_slots(user=user, task=task),
        "can_draft_documents": access.can(user, Cap.INSPECTION_WORK),
        "can_notify": status == TaskStatus.ASSIGNED.value and unit and access.can(user, Cap.INSPECTION_WORK),
        "can_check_in": status == TaskStatus.NOTIFIED.value and member,
        "can_record": status in RESULT_STATUSES and member,
        "can_review": (status == TaskStatus.SUBMITTED.value and unit and not listed
                       and access.can(user, Cap.INSPECTION_REVIEW)),
        "can_publish": status == TaskStatus.APPROVED.value and unit and access.can(user, Cap.INSPECTION_PLAN),
        "can_follow_up": (status in (TaskStatus.APPROVED.value, TaskStatus.PUBLISHED.value)
                          and task.conclusion in (Outcome.CORRECT, Outcome.CASE)
                          and unit and access.can(user, Cap.INSPECTION_WORK)),
        "can_close": unit and access.can(user, Cap.INSPECTION_WORK),
        "problems": problems, "form": form, "posted": posted,
        "crumb_items": [(reverse("inspections:tasks"), TASKS), (None, task.institution.name)],
    }


@login_required
def task_detail(request, pk):
    task = selectors.task_get(user=request.user, pk=pk)
    return render(request, "inspections/task_detail.html", _detail_context(request, task))


def _act(request, pk, form: str, run, done: str):
    """POST: run the service; on ``ValidationFailed`` show the task page again with the reasons."""
    task = selectors.task_get(user=request.user, pk=pk)
    detail = reverse("inspections:task_detail", args=[task.pk])
    if request.method != "POST":
        return redirect(detail)
    try:
        run(task)
    except ValidationFailed as exc:
        context = _detail_context(request, task, problems=exc.problems, form=form, posted=request.POST)
        return render(request, "inspections/task_detail.html", context, status=400)
    messages.success(request, done)
    return redirect(f"{detail}#{form}")


@login_required
def task_notify(request, pk):
    return _act(request, pk, "notify", lambda t: services.task_notify(
        actor=request.user, task=t, notified_on=request.POST.get("notified_on", "")), "已送达行政检查通知书。")


@login_required
def task_check_in(request, pk):
    return _act(request, pk, "check-in", lambda t: services.task_check_in(
        actor=request.user, task=t, inspected_on=request.POST.get("inspected_on", "")), "已开始检查。")


@login_required
def task_results(request, pk):
    def run(task):
        results = [{"item_code": e.code, "outcome": request.POST.get(f"outcome-{e.code}", ""),
                    "note": request.POST.get(f"note-{e.code}", "")} for e in selectors.task_checklist(task)]
        services.task_record_results(actor=request.user, task=task, results=results,
                                     summary=request.POST.get("summary", ""))
    return _act(request, pk, "results", run, "检查结果已保存。")


@login_required
def task_evidence(request, pk):
    return _act(request, pk, "evidence", lambda t: services.task_add_evidence(
        actor=request.user, task=t, uploaded_file=request.FILES.get("file")), "证据材料已上传。")


@login_required
def task_submit(request, pk):
    return _act(request, pk, "results", lambda t: services.task_submit(actor=request.user, task=t), "已提交审核。")


@login_required
def task_return(request, pk):
    return _act(request, pk, "review", lambda t: services.task_return(
        actor=request.user, task=t, note=request.POST.get("note", "")), "已退回检查组修改。")


@login_required
def task_approve(request, pk):
    return _act(request, pk, "review", lambda t: services.task_approve(
        actor=request.user, task=t, note=request.POST.get("note", "")), "审核通过。")


@login_required
def task_publish(request, pk):
    return _act(request, pk, "publication", lambda t: services.task_publish(actor=request.user, task=t),
                "检查结果已公示。")


@login_required
def follow_up_create(request, pk):
    return _act(request, pk, "follow-ups", lambda t: services.follow_up_create(
        actor=request.user, task=t, kind=request.POST.get("kind", ""), deadline=request.POST.get("deadline") or None,
        note=request.POST.get("note", "")), "后续处理已登记。")


@login_required
@require_POST
def follow_up_close(request, pk):
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    return _act(request, follow_up.task_id, "follow-ups", lambda t: services.follow_up_close(
        actor=request.user, follow_up=follow_up, note=request.POST.get("note", "")), "后续处理已办结。")


@login_required
def evidence_download(request, pk):
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


# ---------------------------------------------------------------- statistics

def _year(request, years: list[int]) -> int:
    value = rv.param(request, "year")
    return int(value) if value.isdigit() and int(value) in years else years[0]


@login_required
def stats(request):
    access.require(request.user, Cap.REGISTRY_VIEW, "查看抽查统计")
    years = stats_selectors.years(user=request.user)
    data = stats_selectors.year_stats(user=request.user, year=_year(request, years))
    return render(request, "inspections/stats.html", {
        "data": data, "years": years, "headers": stats_selectors.HEADERS,
        "crumb_items": [(reverse("inspections:tasks"), TASKS), (None, "抽查统计")],
    })


@login_required
def stats_export(request):
    access.require(request.user, Cap.REGISTRY_VIEW, "导出抽查统计")
    years = stats_selectors.years(user=request.user)
    data = stats_selectors.year_stats(user=request.user, year=_year(request, years))
    content, content_type = tabular.write("xlsx", stats_selectors.HEADERS, data.export_rows(),
                                          title=f"{data.year}年抽查统计")
    return rv.file_response(content, content_type, f"双随机抽查统计-{data.year}.xlsx")
