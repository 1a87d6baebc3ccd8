"""The data a document is built from, gathered once: the case with its party, unit, officers, basis
articles and steps (or the inspection task with its team and results), and the document's date.

``source_for`` is the one place that reads the database for the builders; the builders only read the
``Source``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Source:
    unit: object  # fazhi.orgs.models.Organization: the issuing unit
    on: dt.date  # the document's date: its issue date, or today for a draft
    case: object | None = None  # fazhi.cases.models.Case
    task: object | None = None  # fazhi.inspections.models.InspectionTask
    step: object | None = None  # the CaseStep that requires this document, when known
    steps: list = field(default_factory=list)  # the case's CaseStep rows in the order they happened
    officers: list = field(default_factory=list)  # Officer rows: the case's active officers (lead first) or the task team
    articles: list = field(default_factory=list)  # the case's basis Article rows (with .law)
    evidence: list = field(default_factory=list)  # CaseEvidence rows
    results: list = field(default_factory=list)  # ChecklistResult rows of the task
    follow_ups: list = field(default_factory=list)  # FollowUp rows of the task
    documents: list = field(default_factory=list)  # the case's issued Document rows (for 送达回证 and the catalogue)
    items: list = field(default_factory=list)  # the task plan's InspectionItem rows (检查事项, with .articles)
    chair: object | None = None  # the hearing's chair (Officer) named by the latest hold_hearing step

    def latest(self, action: str):
        """The step ``action`` this document belongs to: the given step if it is that action, else the
        latest such step of the case (or None)."""
        if self.step is not None and self.step.action == action:
            return self.step
        matches = [s for s in self.steps if s.action == action]
        return matches[-1] if matches else None

    def data(self, action: str) -> dict:
        step = self.latest(action)
        return dict(step.data) if step is not None else {}

    def day(self, action: str) -> dt.date | None:
        step = self.latest(action)
        return step.occurred_on if step is not None else None


def source_for(*, case=None, task=None, step=None, unit=None, on: dt.date | None = None) -> Source:
    """The ``Source`` of a document of ``case`` (and its step) or of inspection ``task``."""
    from fazhi.cases.models import CaseOfficer, CaseStep
    from fazhi.inspections.models import InspectionTask

    on = on or timezone.localdate()
    if case is not None:
        task = task or case.source_task
        rows = CaseOfficer.objects.filter(case=case, active=True).select_related("officer").order_by("id")
        officers = [row.officer for row in sorted(rows, key=lambda r: r.role != "lead")]  # the lead (主办) first
        steps = list(CaseStep.objects.filter(case=case).select_related("recorded_by").order_by("recorded_at", "id"))
        articles = list(case.basis_articles.select_related("law").order_by("law__short_name", "number"))
        evidence = list(case.evidence.order_by("uploaded_at", "id"))
        documents = list(case.documents.filter(status="issued").order_by("issued_at", "id"))
    else:
        steps, articles, evidence, documents, officers = [], [], [], [], []
    results = follow_ups = []
    if task is not None:
        task = InspectionTask.objects.select_related("plan", "plan__unit", "institution", "district").get(pk=task.pk)
        results = list(task.results.order_by("id"))
        follow_ups = list(task.follow_ups.order_by("id"))
        if case is None:
            officers = [m.officer for m in task.members.select_related("officer").exclude(role="alternate")
                        .order_by("position", "id")]
            documents = list(task.documents.filter(status="issued").order_by("issued_at", "id"))
    items = []
    if task is not None:
        items = list(task.plan.items.prefetch_related("articles__law").order_by("code"))
    chair = _hearing_chair(steps)
    unit = unit or (case.unit if case is not None else task.plan.unit)
    return Source(unit=unit, on=on, case=case, task=task, step=step, steps=steps, officers=officers,
                  articles=articles, evidence=evidence, results=results, follow_ups=follow_ups, documents=documents,
                  items=items, chair=chair)


def _hearing_chair(steps: list):
    """The Officer who chaired the latest hearing (its step records only the id), or None."""
    from fazhi.officers.models import Officer

    held = [s for s in steps if s.action == "hold_hearing" and s.data.get("chair_officer_id")]
    return Officer.objects.filter(pk=held[-1].data["chair_officer_id"]).first() if held else None
