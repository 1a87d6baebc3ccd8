"""Demo documents: every document the steps of two 河西区 demo cases require, drafted and issued on the
day of their step by the demo user who took that step — so the demo shows issued documents with their
发文字号, and a bound case file. Called by ``fazhi.demo.services.demo_load`` after the demo cases;
idempotent (a case that has documents is left alone)."""

from __future__ import annotations

from django.db import transaction

from fazhi.cases import procedure
from fazhi.cases.demo import DEMO_MARK
from fazhi.cases.models import Case
from fazhi.documents import catalog
from fazhi.documents.models import Document
from fazhi.documents.services.documents import document_draft, document_issue

DEMO_DISTRICT = "120103"  # 河西区: the district of the demo logins hexi_officer / hexi_admin
DEMO_STATUSES = ("archived", "served")  # a finished case with a hearing, and a decision just served


def _actors(case: Case) -> dict[str, object]:
    """Who may issue what in this case: the user who took a step of each capability."""
    steps = procedure.procedure(case.case_type).steps
    actors: dict[str, object] = {}
    for step in case.steps.select_related("recorded_by").order_by("recorded_at", "id"):
        who = steps[step.action].who if step.action in steps else "case.handle"  # 案源登记 is the officer's
        actors.setdefault(who, step.recorded_by)
    return actors


def demo_documents_load() -> int:
    """Issue the demo cases' documents; return how many were issued (0 when present)."""
    cases = list(Case.objects.filter(source_note__startswith=DEMO_MARK, district__code=DEMO_DISTRICT,
                                     status__in=DEMO_STATUSES).order_by("pk"))
    picked = {}
    for case in cases:
        picked.setdefault(case.status, case)
    work = []  # (day, order, case, step, no): issued in the order of their days, so numbers follow the dates
    for case in picked.values():
        if Document.objects.filter(case=case).exists():
            continue
        for step in case.steps.order_by("recorded_at", "id"):
            for no in step.documents:
                if catalog.doc_type(no).subject == "case":
                    work.append((step.occurred_on, no == catalog.CASE_FILE, step.recorded_at, step.pk, no, case, step))
    actors = {case.pk: _actors(case) for case in picked.values()}
    with transaction.atomic():
        for day, _, _, _, no, case, step in sorted(work, key=lambda w: w[:5]):
            handler = actors[case.pk]["case.handle"]
            document = document_draft(actor=handler, type_no=no, case=case, step=step)
            document_issue(actor=actors[case.pk].get(catalog.doc_type(no).issue, handler), document=document, on=day)
    return len(work)
