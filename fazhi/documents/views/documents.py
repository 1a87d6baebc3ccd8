"""执法文书 pages: make a draft (from the case or inspection task page), the document page (its state,
an HTML preview of what it says, the forms for the editable parts, issuing and voiding, its history),
one POST view per write, the PDF / DOCX downloads and the bound case file (卷宗).

Each write reads the form and calls one service of ``fazhi.documents.services``. ``ValidationFailed``
and ``InvalidTransition`` show the document page again with every reason (400 / 409, nothing saved);
every other domain error (403, 404, …) goes to the middleware's error page. Downloads are audited by
the services that produce them.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.accounts.roles import Cap
from fazhi.cases.selectors.cases import case_get
from fazhi.core import access, audit
from fazhi.core import registry_views as rv
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, ValidationFailed
from fazhi.documents import catalog
from fazhi.documents.models import Document, DocumentStatus
from fazhi.documents.selectors.documents import document_get
from fazhi.documents.services import documents as services
from fazhi.documents.services.case_file import case_file_pdf, document_file
from fazhi.inspections.selectors.tasks import task_get

# The Chinese names of the editable parts (Para.key, data/documents.toml ``editable``).
PART_LABELS = {
    "facts": "违法事实", "evidence": "证据", "reasons": "理由及依据", "record": "笔录内容", "content": "正文",
    "opinion": "意见", "summary": "摘要", "reason": "理由", "decision": "处理决定", "result": "检查结果",
}
EVENT_LABELS = {
    "document.draft": "制作草稿", "document.edit": "修改可修改部分", "document.issue": "签发",
    "document.void": "作废", "document.read_pdf": "下载PDF", "document.read_docx": "下载DOCX",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ANCHORS = {"edit": "edit", "issue": "issue", "void": "void"}
_NUMBERING = re.compile(r"^\s*[((]?[一二三四五六七八九十〇0-9]+[))]?[、.．]?\s*")


def part_label(key: str, heading: str = "") -> str:
    """The Chinese name of an editable part: the usual name, else the part's own heading (without its
    numbering and colon), else its key."""
    if key in PART_LABELS:
        return PART_LABELS[key]
    name = _NUMBERING.sub("", heading or "").rstrip("::").strip()
    return name or key


def _detail_url(document: Document, anchor: str = "") -> str:
    return reverse("documents:detail", args=[document.pk]) + (f"#{anchor}" if anchor else "")


def _subject(document: Document) -> dict:
    """Where the document belongs: the link back and the breadcrumbs."""
    if document.case_id:
        case = document.case
        url = reverse("cases:detail", args=[case.pk])
        return {"back_url": f"{url}#documents", "back_label": f"案件 {case.number}",
                "crumbs": [(reverse("cases:list"), "案件办理"), (url, case.number)]}
    task = document.task
    url = reverse("inspections:task_detail", args=[task.pk])
    return {"back_url": f"{url}#documents", "back_label": f"检查任务 {task.institution.name}",
            "crumbs": [(reverse("inspections:tasks"), "检查任务"), (url, task.institution.name)]}


def _draft_cap(doc_type: catalog.DocType) -> Cap:
    return Cap.INSPECTION_WORK if doc_type.subject == "task" else Cap.CASE_HANDLE


def _parts(document: Document, doc_type: catalog.DocType, content, *, problems, posted) -> list[dict]:
    """One textarea per editable part: its label, the text now shown (or as re-posted), and the reasons
    the service gave for it."""
    paras = {p.key: p for p in content.paragraphs if p.key}
    out = []
    for key in doc_type.editable:
        para = paras.get(key)
        label = part_label(key, para.heading if para else "")
        shown = para.text if para else ""
        out.append({
            "key": key, "id": f"part-{key}", "label": label, "edited": key in (document.edits or {}),
            "value": posted.get(f"part-{key}", shown) if posted else shown,
            "orig": posted.get(f"orig-{key}", shown) if posted else shown,
            "errors": [p.reason for p in problems if p.field in (key, label)],
        })
    return out


def _context(request, document: Document, *, problems=(), form: str = "", posted=None) -> dict:
    user = request.user
    doc_type = catalog.doc_type(document.type_no)
    content = services.document_content(document)
    draft = document.status == DocumentStatus.DRAFT
    issued = document.status == DocumentStatus.ISSUED
    parts = _parts(document, doc_type, content, problems=problems if form == "edit" else (),
                   posted=posted if form == "edit" else None) if draft else []
    labels = {p["key"]: p["label"] for p in parts}
    subject = _subject(document)
    mine = posted if posted is not None else {}
    return {
        "document": document, "doc_type": doc_type, "doc": content, "title": doc_type.name,
        "is_draft": draft, "is_issued": issued, "is_voided": document.status == DocumentStatus.VOIDED,
        "parts": parts,
        "can_edit": draft and bool(parts) and access.can(user, _draft_cap(doc_type)),
        "can_issue": draft and access.can(user, Cap(doc_type.issue)),
        "can_void": issued and access.can(user, Cap(doc_type.issue)),
        "issue_on": mine.get("on", "") if form == "issue" else timezone.localdate().isoformat(),
        "issue_errors": [p.reason for p in problems if form == "issue" and p.field == "成文日期"],
        "void_reason": mine.get("reason", "") if form == "void" else "",
        "void_errors": [p.reason for p in problems if form == "void" and p.field == "作废理由"],
        "problems": [FieldProblem(labels.get(p.field, p.field), p.reason, p.row) for p in problems],
        "form": form, "error_anchor": ANCHORS.get(form, ""),
        "history": [(e, EVENT_LABELS.get(e.action, e.action)) for e in audit.history_for(document)[:50]],
        "back_url": subject["back_url"], "back_label": subject["back_label"],
        "crumb_items": [*subject["crumbs"], (None, doc_type.name)],
    }


def _page(request, document: Document, status: int = 200, **kw):
    return render(request, "documents/document_detail.html", _context(request, document, **kw), status=status)


# ---------------------------------------------------------------- pages

@login_required
@require_POST
def document_draft(request):
    """Make the draft of one document of a case (and the step that requires it) or an inspection task,
    then open it."""
    post = request.POST
    case = case_get(user=request.user, pk=post["case"]) if post.get("case") else None
    task = task_get(user=request.user, pk=post["task"]) if post.get("task") and case is None else None
    step = None
    if post.get("step"):
        step_id = post["step"].strip()
        step = case.steps.filter(pk=step_id).first() if case is not None and step_id.isdigit() else None
        if step is None:
            raise NotFound("办案环节不存在,或不属于本案")
    type_no = post.get("type_no", "").strip()
    document = services.document_draft(actor=request.user, type_no=int(type_no) if type_no.isdigit() else type_no,
                                       case=case, task=task, step=step)
    name = catalog.doc_type(document.type_no).name
    messages.success(request, f"已制作{name}草稿。草稿的内容随案件数据更新,签发后固定。")
    return redirect(_detail_url(document))


@login_required
def document_detail(request, pk):
    return _page(request, document_get(user=request.user, pk=pk))


def _write(request, pk, form: str, run, done):
    """POST only: run the service; on a refusal show the document page again with every reason."""
    document = document_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(_detail_url(document))
    try:
        result = run(document)
    except ValidationFailed as exc:
        return _page(request, document_get(user=request.user, pk=pk), 400, problems=exc.problems, form=form,
                     posted=request.POST)
    except InvalidTransition as exc:
        return _page(request, document_get(user=request.user, pk=pk), 409,
                     problems=[FieldProblem("文书状态", exc.message)], form=form, posted=request.POST)
    if result is None:
        return redirect(_detail_url(document, form))
    messages.success(request, done(result))
    return redirect(_detail_url(result))


def _text(value: str) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


@login_required
def document_edit(request, pk):
    """Save the rewording of the editable parts. Only the parts whose text was changed on the page are
    sent; a part emptied returns to the wording built from the case data."""

    def run(document):
        doc_type = catalog.doc_type(document.type_no)
        edits = {}
        for key in doc_type.editable:
            name = f"part-{key}"
            if name in request.POST:
                text = _text(request.POST[name])
                if text.strip() != _text(request.POST.get(f"orig-{key}", "")).strip():
                    edits[key] = text
        if not edits:
            messages.info(request, "内容没有变化,未作保存。")
            return None
        return services.document_edit(actor=request.user, document=document, edits=edits)

    return _write(request, pk, "edit", run, lambda d: "修改已保存。")


@login_required
def document_issue(request, pk):
    def done(document):
        name = catalog.doc_type(document.type_no).name
        number = f",文号 {document.number_text}" if document.number_text else ""
        return f"{name}已签发{number}。签发后内容不再改变,PDF 的 SHA-256 已保存。"

    return _write(request, pk, "issue", lambda d: services.document_issue(
        actor=request.user, document=d, on=request.POST.get("on", "").strip() or None), done)


@login_required
def document_void(request, pk):
    return _write(request, pk, "void", lambda d: services.document_void(
        actor=request.user, document=d, reason=request.POST.get("reason", "")),
        lambda d: "文书已作废;其文号保留在登记簿中,不再使用。如需重新制作,请回到办案页面。")


# ---------------------------------------------------------------- downloads

def _download(request, pk, fmt: str):
    document = document_get(user=request.user, pk=pk)
    filename, data = document_file(actor=request.user, document=document, fmt=fmt)
    return rv.file_response(data, CONTENT_TYPES[fmt], filename)


@login_required
def document_pdf(request, pk):
    return _download(request, pk, "pdf")


@login_required
def document_docx(request, pk):
    return _download(request, pk, "docx")


@login_required
def case_file(request, case_pk):
    """The case file (卷宗) as one PDF. A case without an issued document gets the reason (409)."""
    case = case_get(user=request.user, pk=case_pk)
    data = case_file_pdf(actor=request.user, case=case)
    return rv.file_response(data, CONTENT_TYPES["pdf"], f"卷宗-{case.number}.pdf")
