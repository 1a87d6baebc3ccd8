"""Writes of documents: make a draft (``document_draft``), reword its editable parts (``document_edit``),
issue it (``document_issue``: number, final PDF and DOCX, SHA-256, frozen) and void an issued one
(``document_void``: the number stays in the ledger, voided). Each checks the capability and the district,
owns its transaction and writes the audit event.

A draft stores only the officer's rewording: its text is rebuilt from the case data every time it is
shown, so a correction of the case shows in the draft at once. Issuing builds it one last time, with
the number and the date, and keeps exactly what was printed (``Document.content``, the files, their
hashes): an issued document never changes again (行政处罚法 第五十九条 ff.: the document served is the
decision).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.cases.models import Case, CaseStep
from fazhi.core import access
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, ValidationFailed
from fazhi.core.forms_reader import read_date
from fazhi.documents import catalog
from fazhi.documents.builders import build
from fazhi.documents.builders.source import source_for
from fazhi.documents.layout import Doc
from fazhi.documents.models import Document, DocumentStatus
from fazhi.documents.services.numbers import number_allocate, number_void
from fazhi.inspections.models import InspectionTask

MAX_EDIT = 5000
INSPECTION_NOTICE = 2  # 行政检查通知书: numbered when the task's notice is served (inspections.task_notify)
ON_SPOT_DECISION = 29  # 当场行政处罚决定书: numbered by its pre-printed form (行政处罚法 第五十二条)
DOC_FIELDS = ["status", "edits", "number_text", "issued_on", "pdf_sha256", "docx_sha256", "void_reason"]


def _draft_cap(doc_type: catalog.DocType) -> Cap:
    return Cap.INSPECTION_WORK if doc_type.subject == "task" else Cap.CASE_HANDLE


def _scope(actor, district_id) -> None:
    if not access.in_scope(actor, district_id):
        raise NotFound("记录不存在,或不在您的管辖范围内")


def document_draft(*, actor, type_no: int, case: Case | None = None, task: InspectionTask | None = None,
                   step: CaseStep | None = None) -> Document:
    """Make a draft of document ``type_no`` for ``case`` (and the step that requires it) or for the
    inspection ``task``. One live (draft or issued) document per subject, step and type."""
    try:
        doc_type = catalog.doc_type(type_no)
    except catalog.CatalogError as exc:
        raise ValidationFailed(FieldProblem("文书", str(exc))) from None
    access.require(actor, _draft_cap(doc_type), f"制作{doc_type.name}")
    if doc_type.subject == "task" and task is None and case is not None:
        task = case.source_task
    if doc_type.subject == "task" and task is None and case is None:
        raise ValidationFailed(FieldProblem("文书", f"{doc_type.name}须针对检查任务制作"))
    if case is None and task is None:
        raise ValidationFailed(FieldProblem("文书", f"{doc_type.name}须针对案件制作"))
    if step is not None:
        if case is None or step.case_id != case.pk:
            raise ValidationFailed(FieldProblem("办案环节", "不是本案的环节"))
        if type_no not in step.documents:
            raise ValidationFailed(FieldProblem("文书", f"“{step.label}”环节不制作{doc_type.name}"))
    unit = case.unit if case is not None else task.plan.unit
    district_id = case.district_id if case is not None else task.district_id
    _scope(actor, district_id)
    with transaction.atomic():
        if case is not None:
            Case.objects.select_for_update(of=("self",)).get(pk=case.pk)  # one draft at a time per case
        live = Document.objects.filter(type_no=type_no, case=case, task=task if case is None else None, step=step,
                                       status__in=[DocumentStatus.DRAFT, DocumentStatus.ISSUED]).first()
        if live is not None:
            raise InvalidTransition(f"{doc_type.name}已制作({live.get_status_display()}),请在原文书上修改或先作废")
        document = Document.objects.create(type_no=type_no, case=case, task=task if case is None else None, step=step,
                                           unit=unit, district_id=district_id, created_by=actor)
        record_event(actor=actor, obj=document, action="document.draft",
                     after=snapshot(document, ["type_no", "case_id", "task_id", "step_id", "status"]))
    return document


def _locked(document: Document) -> Document:
    return (Document.objects.select_for_update(of=("self",))
            .select_related("case", "task", "step", "unit").get(pk=document.pk))


def document_edit(*, actor, document: Document, edits: dict) -> Document:
    """Reword the editable parts of a draft (``data/documents.toml`` ``editable``). An empty text returns
    the part to the wording built from the case data."""
    doc_type = catalog.doc_type(document.type_no)
    access.require(actor, _draft_cap(doc_type), f"修改{doc_type.name}")
    _scope(actor, document.district_id)
    problems = []
    for key, text in (edits or {}).items():
        if key not in doc_type.editable:
            problems.append(FieldProblem(key, f"{doc_type.name}的这一部分取自案件数据,不能在文书中修改"))
        elif len(str(text or "")) > MAX_EDIT:
            problems.append(FieldProblem(key, f"不能超过 {MAX_EDIT} 个字"))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        document = _locked(document)
        if document.status != DocumentStatus.DRAFT:
            raise InvalidTransition(f"{doc_type.name}已{document.get_status_display()},不能再修改")
        before = snapshot(document, DOC_FIELDS)
        merged = dict(document.edits)
        for key, text in edits.items():
            text = str(text or "").strip()
            if text:
                merged[key] = text
            else:
                merged.pop(key, None)
        document.edits = merged
        document.save(update_fields=["edits", "updated_at"])
        record_event(actor=actor, obj=document, action="document.edit", before=before,
                     after=snapshot(document, DOC_FIELDS))
    return document


def _issue_date(on, document: Document) -> dt.date:
    today = timezone.localdate()
    on = read_date(on, "成文日期", required=False, default=today, not_after=today)
    if document.step is not None and on < document.step.occurred_on:
        raise ValidationFailed(FieldProblem("成文日期", f"不能早于“{document.step.label}”环节的日期"
                                                      f"({document.step.occurred_on:%Y-%m-%d})"))
    return on


def _store(document: Document, suffix: str, data: bytes) -> tuple[str, str]:
    name = f"documents/{document.issued_on:%Y}/{document.pk}-{document.type_no}.{suffix}"
    return default_storage.save(name, ContentFile(data)), hashlib.sha256(data).hexdigest()


def document_issue(*, actor, document: Document, on=None) -> Document:
    """Issue a draft on ``on`` (default today): take the next 发文字号 of its series, print the final PDF
    and DOCX, keep both with their SHA-256 and the printed content. Nothing can change it afterwards."""
    from fazhi.documents.render.docx import render_docx
    from fazhi.documents.render.pdf import render_pdf

    doc_type = catalog.doc_type(document.type_no)
    access.require(actor, Cap(doc_type.issue), f"签发{doc_type.name}")
    _scope(actor, document.district_id)
    written: list[str] = []
    try:
        with transaction.atomic():
            document = _locked(document)
            if document.status != DocumentStatus.DRAFT:
                raise InvalidTransition(f"{doc_type.name}已{document.get_status_display()},不能再签发")
            document.issued_on = _issue_date(on, document)
            source = _source(document, document.issued_on)
            content = _build(document, source)
            number_text = ""
            if doc_type.no == INSPECTION_NOTICE:
                number_text = _notice_number(document)
            elif doc_type.numbered:
                number = number_allocate(unit=document.unit, series=doc_type.series, year=document.issued_on.year,
                                         purpose="document")
                document.number, number_text = number, number.text
            elif doc_type.no == ON_SPOT_DECISION and document.case is not None:
                number_text = str(source.data("decide_on_spot").get("form_no") or "")
            content = replace(content, number=number_text, draft=False)
            before = snapshot(document, DOC_FIELDS)
            document.number_text, document.content = number_text, content.as_dict()
            pdf = _case_file_pdf(document, content) if doc_type.no == catalog.CASE_FILE else render_pdf(content)
            document.pdf.name, document.pdf_sha256 = _store(document, "pdf", pdf)
            written.append(document.pdf.name)
            document.docx.name, document.docx_sha256 = _store(document, "docx", render_docx(content))
            written.append(document.docx.name)
            document.status, document.issued_at, document.issued_by = DocumentStatus.ISSUED, timezone.now(), actor
            document.save()
            record_event(actor=actor, obj=document, action="document.issue", before=before,
                         after=snapshot(document, DOC_FIELDS))
    except BaseException:
        for name in written:  # the files never became a record
            default_storage.delete(name)
        raise
    return document


def document_void(*, actor, document: Document, reason: str) -> Document:
    """Void an issued document (e.g. issued in error, or its decision was revoked): it and its number
    stay on record, marked voided with the reason; a new document may then be made."""
    doc_type = catalog.doc_type(document.type_no)
    access.require(actor, Cap(doc_type.issue), f"作废{doc_type.name}")
    _scope(actor, document.district_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(FieldProblem("作废理由", "不能为空"))
    with transaction.atomic():
        document = _locked(document)
        if document.status != DocumentStatus.ISSUED:
            raise InvalidTransition(f"只能作废已签发的文书;该文书{document.get_status_display()}")
        before = snapshot(document, DOC_FIELDS)
        document.status, document.void_reason = DocumentStatus.VOIDED, reason
        document.voided_at, document.voided_by = timezone.now(), actor
        document.save(update_fields=["status", "void_reason", "voided_at", "voided_by", "updated_at"])
        if document.number is not None:
            number_void(actor=actor, number=document.number, reason=reason)
        record_event(actor=actor, obj=document, action="document.void", before=before,
                     after=snapshot(document, DOC_FIELDS), reason=reason)
    return document


# ---------------------------------------------------------------- content

def _source(document: Document, on: dt.date):
    return source_for(case=document.case, task=document.task, step=document.step, unit=document.unit, on=on)


def _build(document: Document, source) -> Doc:
    doc_type = catalog.doc_type(document.type_no)
    return build(document.type_no, source).with_edits(document.edits, doc_type.editable).typeset()


def document_content(document: Document, *, on: dt.date | None = None) -> Doc:
    """What the document says: as issued (frozen) or, for a draft, as built now from the case data with
    the officer's rewording."""
    if document.content is not None:
        return Doc.from_dict(document.content)
    return _build(document, _source(document, on or timezone.localdate()))


def _notice_number(document: Document) -> str:
    """The 行政检查通知书 carries the number its task took when the notice was served (one series, 检通,
    one number per notice)."""
    task = document.task or (document.case.source_task if document.case is not None else None)
    if task is None or not task.notice_no:
        raise InvalidTransition("检查任务尚未送达行政检查通知书(取号),请先在检查任务中办理“送达通知书”")
    return task.notice_no


def _case_file_pdf(document: Document, cover: Doc) -> bytes:
    from fazhi.documents.services.case_file import bind

    return bind(document.case, cover)
