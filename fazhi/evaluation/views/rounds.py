"""The rounds of 案卷评查: the list, the create and edit forms (with the reviewers and the seed sources),
the round page (commitment, seed values, the draw and its certificate, the drawn files), and one POST
view per action (commit, reveal, draw, feedback, close, typical case). Each calls one service; a refusal
shows the round page again with the reason (400 / 409); 403 and 404 reach the middleware."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.errors import NotFound
from fazhi.core.record_forms import Widget
from fazhi.evaluation.models import RoundKind, TypicalKind
from fazhi.evaluation.selectors import rounds as sel
from fazhi.evaluation.services import rounds as svc
from fazhi.evaluation.views.common import REFUSED, TITLE, crumbs, form_page, problems_of, round_crumbs, status_of, text
from fazhi.evaluation.workflow import ROUND_LABELS

SOURCE_ROWS = 3
DEFAULT_SOURCES = [
    {"name": "witness_dice", "description": "承诺值公布后,两名见证人当众各掷骰子 10 次,按掷出顺序记录 20 个点数(1–6),不加分隔符"},
    {"name": "lottery", "description": "承诺值公布后首期福彩3D开奖号码:按公布的三位数字原样录入,不加分隔符"},
]
ALIASES = {"种子来源": "source_name_1"}  # the services name the sources as one field
INTRO = ("抽取范围为各区在结案日期区间内已结案的案件,每区一层;评查人员只抽到其他区的案卷(互评互查)。"
         "种子来源须在公布承诺值前确定,种子值在承诺之后才产生。")


def _detail_url(rnd, anchor="") -> str:
    return reverse("evaluation:round_detail", args=[rnd.pk]) + (f"#{anchor}" if anchor else "")


# ---------------------------------------------------------------- list

@login_required
def round_list(request):
    user = request.user
    caps = (Cap.EVALUATION_MANAGE, Cap.EVALUATION_REVIEW, Cap.EVALUATION_RECTIFY, Cap.INSPECTION_REVEAL)  # + witnesses
    if not any(access.can(user, c) for c in caps):
        access.require(user, Cap.EVALUATION_MANAGE, "查看案卷评查")
    return render(request, "evaluation/round_list.html", {
        "title": TITLE, "rounds": sel.round_list(user), "labels": ROUND_LABELS, "crumb_items": [(None, TITLE)],
        "can_manage": access.can(user, Cap.EVALUATION_MANAGE), "can_review": access.can(user, Cap.EVALUATION_REVIEW),
        "can_rectify": access.can(user, Cap.EVALUATION_RECTIFY),
    })


# ---------------------------------------------------------------- create and edit

def _defs():
    reviewers = [(str(u.pk), label) for u, label in sel.reviewer_choices()]
    defs = [
        ("code", "编号", text(32, "如 2024Q3;用于抽取清单和证书"), True),
        ("title", "名称", text(120), True),
        ("kind", "类型", Widget("select", options=[(k, v) for k, v in RoundKind.choices]), True),
        ("period_start", "结案日期起", Widget("date"), True),
        ("period_end", "结案日期止", Widget("date"), True),
        ("per_district_count", "每区抽取件数", text(4, "与“每区抽取比例”二选一"), False),
        ("per_district_ratio", "每区抽取比例", text(12, "十进制,如 0.1"), False),
        ("max_per_reviewer", "每名评查人员最多件数", text(4, "不填表示不限"), False),
        ("second_share", "双人评查比例", text(6, "0–1,如 0.2:该比例的案卷由第二名评查人员独立评查,用于一致性分析"), False),
        ("blind", "盲评", Widget("checkbox", help="勾选后评查人员看不到案卷所属区、办案单位和执法人员姓名"), False),
        ("reviewer_ids", "评查人员", Widget("checkboxes", options=reviewers,
                                     help="案卷评查人员、区级管理员、法制审核人员;每人只评查其他区的案卷"), True),
    ]
    for k in range(1, SOURCE_ROWS + 1):
        defs += [(f"source_name_{k}", f"种子来源 {k} 名称", text(50, "英文或拼音标识,如 witness_dice"), k <= 2),
                 (f"source_description_{k}", f"种子来源 {k} 说明", Widget("textarea", help="写明由谁、何时、如何产生,以及录入格式"),
                  k <= 2)]
    return defs


def _data(values: dict) -> dict:
    """The form's texts as the services take them: the seed sources as [{name, description}]."""
    data = {k: v for k, v in values.items() if not k.startswith("source_")}
    data["blind"] = values.get("blind") == "是"
    data["seed_sources"] = [{"name": values.get(f"source_name_{k}", ""),
                             "description": values.get(f"source_description_{k}", "")}
                            for k in range(1, SOURCE_ROWS + 1)
                            if values.get(f"source_name_{k}") or values.get(f"source_description_{k}")]
    return data


def _initial(rnd=None) -> dict:
    if rnd is None:
        values = {"kind": RoundKind.QUARTERLY.value, "blind": "是", "second_share": "0.2", "reviewer_ids": []}
        sources = DEFAULT_SOURCES
    else:
        values = {"code": rnd.code, "title": rnd.title, "kind": rnd.kind, "period_start": rnd.period_start.isoformat(),
                  "period_end": rnd.period_end.isoformat(),
                  "per_district_count": rnd.per_district_count or "", "per_district_ratio": rnd.per_district_ratio,
                  "max_per_reviewer": rnd.max_per_reviewer or "",
                  "second_share": format(rnd.second_share.normalize(), "f"),
                  "blind": "是" if rnd.blind else "",
                  "reviewer_ids": [str(pk) for pk in rnd.reviewers.values_list("pk", flat=True)]}
        sources = rnd.seed_sources
    for k, src in enumerate(sources, start=1):
        values[f"source_name_{k}"], values[f"source_description_{k}"] = src.get("name", ""), src.get("description", "")
    return values


@login_required
def round_create(request):
    access.require(request.user, Cap.EVALUATION_MANAGE, "组织案卷评查")
    return form_page(request, title="新建评查轮次", crumb_items=crumbs((None, "新建评查轮次")),
                     cancel_url=reverse("evaluation:rounds"), defs=_defs(), initial=_initial(), intro=INTRO,
                     aliases=ALIASES, fixed_labels=[("评查标准", "创建时采用现行有效的评查标准版本")],
                     save=lambda v: svc.round_create(actor=request.user, data=_data(v)),
                     success=lambda r: _detail_url(r))


@login_required
def round_edit(request, pk):
    rnd = sel.round_get(request.user, pk)
    access.require(request.user, Cap.EVALUATION_MANAGE, "修改评查轮次")
    return form_page(request, title=f"修改评查轮次:{rnd.code}", crumb_items=round_crumbs(rnd, (None, "修改")),
                     cancel_url=_detail_url(rnd), defs=_defs(), initial=_initial(rnd), aliases=ALIASES,
                     fixed_labels=[("评查标准版本", rnd.rubric_version)],
                     intro="公布承诺值后轮次内容即冻结,不能再修改。",
                     save=lambda v: svc.round_update(actor=request.user, round=rnd, data=_data(v)),
                     success=lambda r: _detail_url(r))


# ---------------------------------------------------------------- the round page

def _sources(rnd, refused=None) -> list[dict]:
    values = list(rnd.seed_values or [])
    out = []
    for i, src in enumerate(rnd.seed_sources or []):
        row = {"index": i, "name": src.get("name", ""), "description": src.get("description", ""),
               "value": values[i] if i < len(values) and values[i] not in (None, "") else None,
               "entered": "", "errors": []}
        if refused and refused[0] == i:
            row["entered"], row["errors"] = refused[1], refused[2]
        out.append(row)
    return out


def _page(request, rnd, *, errors=(), refused=None, status=200):
    user = request.user
    manage = access.can(user, Cap.EVALUATION_MANAGE)
    files = []
    if manage and rnd.status not in ("draft", "committed"):
        files = rnd.files.select_related("case", "district").prefetch_related("reviews__reviewer")
    sources = _sources(rnd, refused)
    if refused and not any(s["errors"] for s in sources):
        errors = [*errors, *refused[2]]
    return render(request, "evaluation/round_detail.html", {
        "r": rnd, "status_label": ROUND_LABELS.get(rnd.status, rnd.status), "can_manage": manage,
        "can_reveal": access.is_city_wide(user) and (manage or access.can(user, Cap.INSPECTION_REVEAL)),
        "sources": sources, "all_revealed": bool(sources) and all(s["value"] is not None for s in sources),
        "files": files, "errors": errors,
        "open_items": rnd.rectifications.filter(status__in=["open", "answered"]).count() if manage else 0,
        "crumb_items": crumbs((None, rnd.code)), "title": f"{rnd.code} {rnd.title}",
    }, status=status)


@login_required
def round_detail(request, pk):
    return _page(request, sel.round_get(request.user, pk))


def _act(request, pk, call, done: str, anchor: str = "", *, reveal_index=None, value=""):
    rnd = sel.round_get(request.user, pk)
    try:
        call(rnd)
    except REFUSED as exc:
        reasons = [p.reason if p.field == "操作" else str(p) for p in problems_of(exc)]
        refused = (reveal_index, value, reasons) if reveal_index is not None else None
        return _page(request, rnd, errors=[] if refused else reasons, refused=refused, status=status_of(exc))
    messages.success(request, done)
    return redirect(_detail_url(rnd, anchor))


@login_required
@require_POST
def round_commit(request, pk):
    return _act(request, pk, lambda r: svc.round_commit(actor=request.user, round=r),
                "已冻结抽取清单并生成承诺值。请立即公布承诺值,然后按种子来源的说明产生并录入种子值。", "draw")


@login_required
@require_POST
def round_reveal(request, pk):
    index = request.POST.get("index", "")
    index = int(index) if index.isdigit() else -1
    value = request.POST.get("value", "")  # as typed: the service refuses stray spaces rather than guess
    return _act(request, pk, lambda r: svc.round_reveal(actor=request.user, round=r, index=index, value=value),
                "种子值已录入。", "draw", reveal_index=index, value=value)


@login_required
@require_POST
def round_draw(request, pk):
    return _act(request, pk, lambda r: svc.round_draw(actor=request.user, round=r),
                "抽取完成,案卷已分配给评查人员。", "files")


@login_required
@require_POST
def round_feedback(request, pk):
    return _act(request, pk, lambda r: svc.round_feedback(actor=request.user, round=r),
                "评查结果已反馈,整改事项已发送至各区。", "files")


@login_required
@require_POST
def round_close(request, pk):
    return _act(request, pk, lambda r: svc.round_close(actor=request.user, round=r), "本轮评查已结束。")


@login_required
def round_certificate(request, pk):
    rnd = sel.round_get(request.user, pk)
    if not rnd.certificate:
        raise NotFound("本轮尚未抽取,没有抽取证书")
    data = json.dumps(rnd.certificate, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{rnd.code}-certificate.json")
    return response


# ---------------------------------------------------------------- typical cases (优差双评)

@login_required
def typical_mark(request, pk, file_pk):
    rnd = sel.round_get(request.user, pk)
    access.require(request.user, Cap.EVALUATION_MANAGE, "评定典型案卷")
    file = rnd.files.select_related("case").filter(pk=file_pk).first()
    if file is None:
        raise NotFound("记录不存在,或不在您的管辖范围内")
    defs = [("kind", "类别", Widget("select", options=list(TypicalKind.choices)), True),
            ("reason", "理由", Widget("textarea", help="写明案卷的突出优点或主要问题;在系统内公布"), True)]
    current = getattr(file, "typical", None)  # the reverse one-to-one raises an AttributeError when absent
    initial = {"kind": current.kind, "reason": current.reason} if current else {}
    return form_page(request, title=f"评定典型案卷:{file.case.number}", cancel_url=_detail_url(rnd, "files"),
                     crumb_items=round_crumbs(rnd, (None, "评定典型案卷")), defs=defs, initial=initial,
                     fixed_labels=[("案卷", file.case.number), ("得分", file.score if file.score is not None else "—"),
                                   ("等次", file.grade or "—")],
                     save=lambda v: svc.typical_mark(actor=request.user, file=file, kind=v["kind"], reason=v["reason"]),
                     success=lambda t: _detail_url(rnd, "files"), done="已评定典型案卷。")
