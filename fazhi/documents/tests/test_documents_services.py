"""The document services on a walked case: draft → edit → issue (number, frozen content, stored files
and their SHA-256) → void; who may do what; the 当场 decision's form number; the bound case file; the
downloads; and every one of the 36 types drafted and issued."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from fazhi.cases.models import Case
from fazhi.cases.tests import factories as cf
from fazhi.core.audit import history_for
from fazhi.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.documents import catalog
from fazhi.documents.builders import build
from fazhi.documents.builders.source import source_for
from fazhi.documents.models import Document, DocumentStatus, IssuedNumber, NumberStatus
from fazhi.documents.services.case_file import case_file_pdf, document_file
from fazhi.documents.services.documents import (document_content, document_draft, document_edit, document_issue,
                                                document_void)
from fazhi.documents.render.pdf import render_pdf
from fazhi.documents.services.numbers import ledger_gaps
from fazhi.inspections.models import FollowUp
from fazhi.inspections.tests import task_factories as tf
from fazhi.institutions.models import Institution
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db
D = dt.date
ARTICLE = "第五十一条"  # the case's basis article (cases.tests.factories.basis_article)
DECIDED_ON = D(2024, 9, 25)  # the ``decide`` step of cf.ORDINARY


# ---------------------------------------------------------------- helpers

def squeeze(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines and spaces CJK text at will."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return squeeze("".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    from docx import Document as Docx

    d = Docx(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    parts += [cell.text for table in d.tables for row in table.rows for cell in row.cells]
    for section in d.sections:
        parts += [p.text for p in section.header.paragraphs]
    return squeeze("".join(parts))


def catalogue_title(document: Document) -> str:
    return squeeze(catalog.doc_type(document.type_no).name)


def stored(field) -> bytes:
    with default_storage.open(field.name, "rb") as fh:
        return fh.read()


def walked(admin, make_user, org, until: str = ""):
    """An ordinary case against an institution, handed over by an inspection task (so the task
    documents can be made from it), 情节复杂, walked through ``cf.ORDINARY`` (up to ``until``)."""
    setup = tf.task(admin=admin, make_user=make_user, org=org)
    task = tf.advance(setup, tf.TaskStatus.NOTIFIED)  # the notice takes its number (document 2 prints it)
    FollowUp.objects.create(task=task, kind="case", note="移送区司法局立案查处")
    s = cf.setup_case(admin, make_user, org, major_or_complex=True, source_task=task.pk,
                      institution_uscc=task.institution.uscc)
    s.others["chair"] = cf.officer(admin, make_user, org, login=False, name="听证主持人")
    s.others["inspector"] = make_user("district_admin", org, full_name="区级管理员")  # inspection.plan/review
    cf.walk(s, until=until)
    s.refresh()
    return s


def step_of(case: Case, no: int):
    """The latest step of the case that lists document ``no``, or None."""
    steps = [step for step in case.steps.order_by("recorded_at", "id") if no in step.documents]
    return steps[-1] if steps else None


def actor(s, cap: str):
    if cap.startswith("inspection."):
        return s.handler if cap == "inspection.work" else s.others["inspector"]
    return s.actor_for(cap)


def drafter(s, no: int):
    return actor(s, "inspection.work" if catalog.doc_type(no).subject == "task" else "case.handle")


def make(s, no: int, *, on=None) -> Document:
    """Draft and issue document ``no`` of the case, for the step that lists it."""
    doc = document_draft(actor=drafter(s, no), type_no=no, case=s.case, step=step_of(s.case, no))
    return document_issue(actor=actor(s, catalog.doc_type(no).issue), document=doc, on=on)


@pytest.fixture
def s(admin, make_user, district_org):
    return walked(admin, make_user, district_org)


@pytest.fixture
def nankai(db):
    return Organization.objects.get(code="120104-SFJ")


# ---------------------------------------------------------------- the life of a decision

def test_draft_edit_issue_freeze_and_void_a_decision(s, district_org):
    decide = step_of(s.case, 27)
    assert decide.action == "decide"
    doc = document_draft(actor=s.handler, type_no=27, case=s.case, step=decide)
    assert doc.status == DocumentStatus.DRAFT and doc.unit == district_org and doc.number_text == ""
    assert history_for(doc).first().action == "document.draft"

    # the editable parts can be reworded; the others come from the case data
    doc = document_edit(actor=s.handler, document=doc, edits={"facts": "经查，当事人未按规定统一收取服务费用（改写）。"})
    assert "经查，当事人未按规定统一收取服务费用（改写）。" in document_content(doc).text()
    assert history_for(doc).first().action == "document.edit"
    with pytest.raises(ValidationFailed) as exc:
        document_edit(actor=s.handler, document=doc, edits={"decision": "罚款一元"})
    assert [p.field for p in exc.value.problems] == ["decision"]
    assert "不能在文书中修改" in exc.value.problems[0].reason
    draft = document_content(doc)
    assert draft.draft and draft.number == ""

    # an officer does not issue a decision (case.approve)
    with pytest.raises(PermissionDenied):
        document_issue(actor=s.handler, document=doc, on=DECIDED_ON)
    doc = document_issue(actor=s.approver, document=doc, on=DECIDED_ON)
    number = f"{district_org.doc_prefix}罚〔2024〕1号"
    assert doc.status == DocumentStatus.ISSUED and doc.number_text == number == doc.number.text
    assert (doc.number.series, doc.number.year, doc.number.seq) == ("罚", 2024, 1)
    assert doc.issued_on == DECIDED_ON and doc.issued_by == s.approver and doc.issued_at is not None
    assert history_for(doc).first().action == "document.issue"
    issued = document_content(doc)
    assert issued.number == number and not issued.draft
    assert "经查，当事人未按规定统一收取服务费用（改写）。" in issued.text()

    # the files are kept with their hashes; the PDF says who, why and under which number
    pdf, docx = stored(doc.pdf), stored(doc.docx)
    assert pdf.startswith(b"%PDF") and docx.startswith(b"PK")
    assert doc.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert doc.docx_sha256 == hashlib.sha256(docx).hexdigest()
    text = pdf_text(pdf)
    party = s.case.party_name
    assert squeeze(party) in text and ARTICLE in text and number in text
    assert number in docx_text(docx) and squeeze(party) in docx_text(docx)

    # issued means frozen
    with pytest.raises(InvalidTransition, match="不能再修改"):
        document_edit(actor=s.handler, document=doc, edits={"facts": "再改"})
    with pytest.raises(InvalidTransition, match="不能再签发"):
        document_issue(actor=s.approver, document=doc)
    Institution.objects.filter(pk=s.case.institution_id).update(name="改名后的测试机构")  # the party is renamed
    Case.objects.filter(pk=s.case.pk).update(party_name="改名后的测试机构")
    doc.refresh_from_db()
    assert party in document_content(doc).text() and "改名后的测试机构" not in document_content(doc).text()
    assert stored(doc.pdf) == pdf

    # voiding: a reason is required; the number stays in the ledger, voided; the next issue takes the next
    with pytest.raises(ValidationFailed, match="作废理由"):
        document_void(actor=s.approver, document=doc, reason=" ")
    with pytest.raises(InvalidTransition, match="已制作"):
        document_draft(actor=s.handler, type_no=27, case=s.case, step=decide)
    doc = document_void(actor=s.approver, document=doc, reason="处罚金额计算有误")
    assert doc.status == DocumentStatus.VOIDED and doc.void_reason == "处罚金额计算有误"
    assert doc.voided_by == s.approver and history_for(doc).first().action == "document.void"
    first = IssuedNumber.objects.get(text=number)
    assert first.status == NumberStatus.VOIDED and first.void_reason == "处罚金额计算有误"
    with pytest.raises(InvalidTransition):
        document_void(actor=s.approver, document=doc, reason="再次作废")
    again = document_draft(actor=s.handler, type_no=27, case=s.case, step=decide)
    assert "改名后的测试机构" in document_content(Document.objects.get(pk=again.pk)).text()  # drafts follow the case
    again = document_issue(actor=s.approver, document=again, on=DECIDED_ON)
    assert again.number_text == f"{district_org.doc_prefix}罚〔2024〕2号"
    assert IssuedNumber.objects.get(text=number).status == NumberStatus.VOIDED
    assert ledger_gaps(unit=district_org, series="罚", year=2024) == []


def test_only_the_district_and_the_capability_may_act(s, make_user, nankai):
    outsider = make_user("officer", nankai)
    with pytest.raises(NotFound):
        document_draft(actor=outsider, type_no=27, case=s.case, step=step_of(s.case, 27))
    doc = document_draft(actor=s.handler, type_no=27, case=s.case, step=step_of(s.case, 27))
    with pytest.raises(NotFound):
        document_edit(actor=outsider, document=doc, edits={"facts": "外区修改"})
    with pytest.raises(NotFound):
        document_issue(actor=make_user("leader", nankai), document=doc)
    with pytest.raises(PermissionDenied):
        document_draft(actor=make_user("evaluator", s.org), type_no=4, case=s.case)
    assert Document.objects.filter(case=s.case).count() == 1


def test_one_live_document_per_type_and_step_and_only_for_a_step_that_lists_it(s):
    decide = step_of(s.case, 27)
    document_draft(actor=s.handler, type_no=27, case=s.case, step=decide)
    with pytest.raises(InvalidTransition, match="已制作"):
        document_draft(actor=s.handler, type_no=27, case=s.case, step=decide)
    with pytest.raises(ValidationFailed, match="不制作"):
        document_draft(actor=s.handler, type_no=27, case=s.case, step=s.case.steps.get(action="file"))
    with pytest.raises(ValidationFailed, match="文书"):
        document_draft(actor=s.handler, type_no=37, case=s.case)


def test_the_on_the_spot_decision_takes_its_form_number(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org, party="practitioner", case_type="simplified")
    s.advance("decide_on_spot", D(2024, 8, 20), {"penalties": [{"type": "fine", "amount": "200"}], "form_no": "当场0012"})
    step = s.case.steps.get(action="decide_on_spot")
    doc = document_draft(actor=s.handler, type_no=29, case=s.case, step=step)
    doc = document_issue(actor=s.handler, document=doc, on=D(2024, 8, 20))
    assert doc.number_text == "当场0012" and doc.number is None
    assert not IssuedNumber.objects.filter(unit=district_org, year=2024).exclude(series="罚案").exists()
    text = pdf_text(stored(doc.pdf))
    assert "当场0012" in text and squeeze(s.case.party_name) in text


# ---------------------------------------------------------------- the case file and the downloads

def test_case_file_binds_cover_catalogue_and_documents(s, admin):
    with pytest.raises(InvalidTransition, match="组卷"):
        case_file_pdf(actor=admin, case=s.case)
    docs = [make(s, no) for no in (20, 23, 27)]
    data = case_file_pdf(actor=admin, case=s.case)
    assert history_for(s.case).first().action == "case.file_read"
    cover = pdf_pages(render_pdf(build(36, source_for(case=s.case)), page_numbers=False))
    pages = [pdf_pages(stored(d.pdf)) for d in docs]
    assert pdf_pages(data) == cover + 1 + sum(pages)  # cover, catalogue (three entries: one page), the documents
    catalogue = squeeze(PdfReader(io.BytesIO(data)).pages[cover].extract_text())
    assert catalogue.startswith("卷内目录")
    text = pdf_text(data)
    for d, start in zip(docs, (1, 1 + pages[0], 1 + pages[0] + pages[1])):
        assert d.number_text and text.count(d.number_text) >= 2  # in the catalogue and on the document
        assert f"{d.number_text}{catalogue_title(d)}" in catalogue and f"日{start}" in catalogue  # its first page

    issued = make(s, 36)  # 卷宗封面及卷内目录: the bound file is issued and frozen
    frozen = stored(issued.pdf)
    assert issued.pdf_sha256 == hashlib.sha256(frozen).hexdigest()
    assert pdf_pages(frozen) == pdf_pages(data) and "草稿" not in pdf_text(frozen)
    make(s, 30)  # a document issued afterwards does not change the issued file
    assert case_file_pdf(actor=admin, case=s.case) == frozen


def test_document_file_prints_drafts_and_audits_every_read(s):
    doc = document_draft(actor=s.handler, type_no=27, case=s.case, step=step_of(s.case, 27))
    name, data = document_file(actor=s.handler, document=doc, fmt="pdf")
    assert "草稿" in name and name.endswith(".pdf") and data.startswith(b"%PDF")
    name, data = document_file(actor=s.handler, document=doc, fmt="docx")
    assert "草稿" in name and name.endswith(".docx") and data.startswith(b"PK")
    assert [e.action for e in history_for(doc)][:2] == ["document.read_docx", "document.read_pdf"]
    doc = document_issue(actor=s.approver, document=doc, on=DECIDED_ON)
    name, data = document_file(actor=s.approver, document=doc, fmt="pdf")
    assert "草稿" not in name and doc.number_text in name and data == stored(doc.pdf)
    assert history_for(doc).first().action == "document.read_pdf"


# ---------------------------------------------------------------- every type

@pytest.mark.parametrize("no", sorted(catalog.DOCUMENT_TYPES))
def test_every_document_type_is_drafted_and_issued(s, no):
    doc_type = catalog.doc_type(no)
    if no == 36:
        make(s, 27)  # the case file needs an issued document to bind
    doc = make(s, no)
    assert doc.status == DocumentStatus.ISSUED and doc.pdf_sha256 and doc.docx_sha256
    if no == 2:  # the notice carries the number its task took when it was served
        assert doc.number is None and doc.number_text == s.case.source_task.notice_no
        assert doc.number_text.startswith(s.org.doc_prefix + "检通")
    elif doc_type.numbered:
        assert doc.number.series == doc_type.series and doc.number_text.startswith(s.org.doc_prefix + doc_type.series)
    else:
        assert doc.number is None
    text = pdf_text(stored(doc.pdf))
    assert squeeze(doc_type.name) in text
    assert squeeze(s.case.party_name) in text, f"{no} {doc_type.name}: the party is missing"
    if doc.number_text:
        assert doc.number_text in text
