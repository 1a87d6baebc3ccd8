"""Reads of documents, scoped by district like the cases and tasks they belong to, and the list of
documents a case (or an inspection task) needs: one slot per required document of each recorded step,
with the document made for it, if any."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from fazhi.core import access
from fazhi.documents.catalog import CASE_FILE, DOCUMENT_TYPES, TASK_DOCUMENTS, DocType
from fazhi.documents.models import Document, DocumentStatus



@dataclass(frozen=True)
class Slot:
    doc_type: DocType
    step: object | None  # CaseStep
    document: Document | None  # the live (draft or issued) document, None = not made yet
    voided: int = 0  # how many voided versions exist

    @property
    def state(self) -> str:
        return self.document.get_status_display() if self.document else "未制作"


def _documents() -> QuerySet:
    return Document.objects.select_related("case", "task", "step", "unit", "number")


def document_get(*, user, pk) -> Document:
    return access.get_scoped(user, _documents(), pk, "district")


def _slots(docs: list[Document], wanted: list[tuple[int, object]]) -> list[Slot]:
    live = {(d.type_no, d.step_id): d for d in docs if d.status != DocumentStatus.VOIDED}
    voided: dict[tuple[int, int | None], int] = {}
    for d in docs:
        if d.status == DocumentStatus.VOIDED:
            voided[(d.type_no, d.step_id)] = voided.get((d.type_no, d.step_id), 0) + 1
    slots, seen = [], set()
    for no, step in wanted:
        key = (no, step.pk if step is not None else None)
        seen.add(key)
        slots.append(Slot(DOCUMENT_TYPES[no], step, live.get(key), voided.get(key, 0)))
    for d in docs:  # documents made without a step of the table (e.g. 调取证据通知书)
        key = (d.type_no, d.step_id)
        if key not in seen and d.status != DocumentStatus.VOIDED:
            seen.add(key)
            slots.append(Slot(DOCUMENT_TYPES[d.type_no], d.step, d, voided.get(key, 0)))
    return slots


def case_document_slots(*, user, case) -> list[Slot]:
    """The case's documents in the order of its steps: every document number each recorded step requires
    (``CaseStep.documents``), then the case file (36), then any made outside the steps."""
    docs = list(access.scope(user, _documents().filter(case=case), "district").order_by("pk"))
    wanted = [(no, step) for step in case.steps.order_by("recorded_at", "id") for no in step.documents]
    if not any(no == CASE_FILE for no, _ in wanted):
        wanted.append((CASE_FILE, None))  # the file can be bound (and read) before the case is archived
    return _slots(docs, wanted)


def task_document_slots(*, user, task) -> list[Slot]:
    docs = list(access.scope(user, _documents().filter(task=task), "district").order_by("pk"))
    return _slots(docs, [(no, None) for no in TASK_DOCUMENTS])
