"""The bound case file (卷宗): its cover, the catalogue (卷内目录) and every issued document of the case in
the order they were made, with 卷内页号 — one PDF. Issuing document 36 keeps it frozen with the rest of
the case's documents; until then it is bound afresh whenever it is asked for."""

from __future__ import annotations

from fazhi.cases.models import Case
from fazhi.core.audit import record_event
from fazhi.core.errors import InvalidTransition
from fazhi.documents import catalog
from fazhi.documents.builders import build
from fazhi.documents.builders.source import source_for
from fazhi.documents.layout import Doc, cn_date
from fazhi.documents.models import Document, DocumentStatus



def filed_documents(case: Case) -> list[Document]:
    """The issued documents that go into the file, in the order the case produced them (the step's date,
    then the issue)."""
    docs = (Document.objects.filter(case=case, status=DocumentStatus.ISSUED).exclude(type_no=catalog.CASE_FILE)
            .select_related("step"))
    return sorted(docs, key=lambda d: (d.step.occurred_on if d.step else d.issued_on, d.issued_at, d.pk))


def bind(case: Case, cover: Doc) -> bytes:
    from fazhi.documents.render.casefile import Entry, bind_case_file

    documents = filed_documents(case)
    if not documents:
        raise InvalidTransition("本案尚无已签发的文书,不能组卷")
    entries = []
    for d in documents:
        with d.pdf.open("rb") as fh:
            entries.append(Entry(title=catalog.doc_type(d.type_no).name, number=d.number_text,
                                 date=cn_date(d.issued_on), pdf=fh.read()))
    return bind_case_file(cover, entries)


def case_file_pdf(*, actor, case: Case) -> bytes:
    """The case file to read or print: the issued 卷宗 (document 36) if there is one, else bound now from
    the issued documents. The read is audited (the file holds the party's personal data)."""
    issued = Document.objects.filter(case=case, type_no=catalog.CASE_FILE, status=DocumentStatus.ISSUED).first()
    if issued is not None:
        with issued.pdf.open("rb") as fh:
            data = fh.read()
    else:
        data = bind(case, build(catalog.CASE_FILE, source_for(case=case)))
    record_event(actor=actor, obj=case, action="case.file_read")
    return data


def document_file(*, actor, document: Document, fmt: str) -> tuple[str, bytes]:
    """The PDF or DOCX of a document to download: the issued file as kept, or a draft printed now. The
    read is audited. Returns (file name, bytes)."""
    from fazhi.documents.render.docx import render_docx
    from fazhi.documents.render.pdf import render_pdf
    from fazhi.documents.services.documents import document_content

    name = catalog.doc_type(document.type_no).name
    stored = document.pdf if fmt == "pdf" else document.docx
    if document.status != DocumentStatus.DRAFT and stored:
        with stored.open("rb") as fh:
            data = fh.read()
    else:
        content = document_content(document)
        data = render_pdf(content) if fmt == "pdf" else render_docx(content)
        name = f"{name}(草稿)"
    label = f"{name}{document.number_text}" if document.number_text else name
    record_event(actor=actor, obj=document, action=f"document.read_{fmt}")
    return f"{label}.{fmt}", data
