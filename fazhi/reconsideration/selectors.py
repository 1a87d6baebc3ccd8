"""Reading 行政复议 / 行政应诉 records: scoped get and list, the deadlines of an application with their
warning level, deemed acceptance (行政复议法第三十条第三款) as read, and the year's report figures
(``rules.metrics.compute`` over one ``CaseOutcome`` per case)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from fazhi.core import access, parameters
from fazhi.core.services.calendar import current_calendar
from fazhi.reconsideration.models import Application, Litigation
from fazhi.reconsideration.rules import deadlines, metrics

YELLOW_SHARE = "case_warning_yellow_share"


def application_get(*, actor, pk) -> Application:
    return access.get_scoped(actor, Application.objects.select_related("unit"), pk, "district")


def application_list(*, actor, status: str | None = None):
    qs = access.scope(actor, Application.objects.select_related("unit"), "district")
    return qs.filter(status=status) if status else qs


def effective_accepted_on(app: Application, *, today: dt.date | None = None, calendar=None) -> dt.date | None:
    """The acceptance date, also for a received application the body left without a decision past the
    review period: accepted from ``deadlines.deemed_acceptance_date`` (第三十条第三款)."""
    if app.accepted_on is not None:
        return app.accepted_on
    if app.status != "received":
        return None
    calendar = calendar or current_calendar()
    today = today or timezone.localdate()
    if deadlines.deemed_accepted(app.received_on, today, False, calendar=calendar):
        return deadlines.deemed_acceptance_date(app.received_on, calendar=calendar)
    return None


@dataclass(frozen=True)
class DeadlineRow:
    deadline: deadlines.Deadline
    level: str
    met_on: dt.date | None

    @property
    def level_label(self) -> str:
        return deadlines.LEVEL_LABELS[self.level]


def _suspended_days(app: Application, today: dt.date) -> int:
    return deadlines.suspension_days([(s.suspended_on, s.resumed_on) for s in app.suspensions.all()], until=today)


def deadlines_for(application: Application, *, today: dt.date | None = None) -> list[DeadlineRow]:
    """Each deadline of the application that applies so far, with its warning level on ``today``."""
    today = today or timezone.localdate()
    cal = current_calendar()
    share = parameters.value(YELLOW_SHARE, today)
    app = application
    items: list[tuple[deadlines.Deadline, dt.date | None]] = [
        (deadlines.application_deadline(app.learned_on, right_explained=app.right_explained, act_on=app.act_on,
                                        real_property=app.real_property, calendar=cal), app.received_on),
        (deadlines.acceptance_due(app.received_on, calendar=cal),
         app.accepted_on or app.refused_on or app.forwarded_on or app.completion_requested_on),
    ]
    if app.completion_requested_on:
        items.append((deadlines.completion_due(app.completion_requested_on, calendar=cal), app.completion_answered_on))
    accepted = effective_accepted_on(app, today=today, calendar=cal)
    if accepted:
        items.append((deadlines.copy_due(accepted, app.simplified, calendar=cal), app.copied_on))
        if app.copied_on:
            items.append((deadlines.answer_due(app.copied_on, app.simplified, calendar=cal), app.answered_on))
        items.append((deadlines.decision_due(accepted, app.simplified, app.extension_days,
                                             _suspended_days(app, app.concluded_on or today), calendar=cal),
                      app.concluded_on))
    out = []
    for d, met in items:
        level = deadlines.warning_level(d.start, d.due, today, share, met_on=met)
        out.append(DeadlineRow(d, level, met))
    return out


def _outcome(app: Application, suits: dict[int, list], cal, today: dt.date) -> metrics.CaseOutcome:
    hearings = tuple((h.held_on, h.head_attended) for lit in suits.get(app.pk, ()) for h in lit.hearings.all())
    suit_filed = None
    if app.pk in suits:
        suit_filed = True
    elif app.served_on is not None and today > deadlines.suit_deadline(app.served_on, calendar=cal).due:
        suit_filed = False  # 行政诉讼法第四十五条: the 15 days ran without a suit
    overdue, days = False, None
    if app.accepted_on is not None:
        end = app.concluded_on or today
        due = deadlines.decision_due(app.accepted_on, app.simplified, app.extension_days, _suspended_days(app, end),
                                     calendar=cal).due
        overdue = end > due
        days = (app.concluded_on - app.accepted_on).days if app.concluded_on else None
    elif app.concluded_on is not None:
        days = (app.concluded_on - app.received_on).days  # deemed abandoned before acceptance: from receipt
    return metrics.CaseOutcome(
        id=app.number, accepted_on=app.accepted_on, concluded_on=app.concluded_on,
        outcome=app.outcome or None, decision=app.decision_code or None, respondent=app.respondent_name,
        suit_filed=suit_filed, extended=app.extension_days > 0, overdue=overdue, days=days, hearings=hearings)


def case_outcomes(*, today: dt.date | None = None) -> list[metrics.CaseOutcome]:
    """One ``CaseOutcome`` per accepted application and per application deemed abandoned (行政复议法第三十一条:
    concluded, counted among the concluded cases but never as resolved — metrics.toml; its days run from
    receipt), plus one per direct suit (its court hearings only). A refused or forwarded application, or
    one still in the acceptance review, is not a case."""
    today = today or timezone.localdate()
    cal = current_calendar()
    suits: dict[int, list] = {}
    direct = []
    for lit in Litigation.objects.prefetch_related("hearings").order_by("pk"):
        if lit.application_id:
            suits.setdefault(lit.application_id, []).append(lit)
        else:
            direct.append(lit)
    apps = (Application.objects.filter(Q(accepted_on__isnull=False) | Q(outcome="deemed_abandoned"))
            .prefetch_related("suspensions").order_by("pk"))
    out = [_outcome(a, suits, cal, today) for a in apps]
    out += [metrics.CaseOutcome(id=f"应诉-{lit.pk}", accepted_on=None, concluded_on=None,
                                hearings=tuple((h.held_on, h.head_attended) for h in lit.hearings.all()))
            for lit in direct]
    return out


def metrics_for_year(year: int, *, today: dt.date | None = None) -> list[metrics.Metric]:
    """Every figure of ``rules/metrics.toml`` for ``year`` (the whole city: the report's view)."""
    return metrics.compute(case_outcomes(today=today), year)
