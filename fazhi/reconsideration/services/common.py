"""What the 行政复议 services share: permissions, the one way a status changes (``workflow.apply`` →
``InvalidTransition``), locking, and small value checks (Chinese messages naming the field)."""

from __future__ import annotations

import datetime as dt

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, ValidationFailed
from fazhi.core.forms_reader import read_date, read_text
from fazhi.reconsideration import workflow
from fazhi.reconsideration.models import Application

TEXT_MAX = 2000


def require(actor, cap: Cap, what: str) -> None:
    access.require(actor, cap, what)


def locked(application: Application | int, actor) -> Application:
    """The application locked for update, if ``actor`` may see it (else ``NotFound``)."""
    pk = application.pk if isinstance(application, Application) else application
    obj = Application.objects.select_for_update().filter(pk=pk).first()
    if obj is None or not access.in_scope(actor, obj.district_id):
        raise NotFound("记录不存在,或不在您的管辖范围内")
    return obj


def advance(app: Application, action: str) -> str:
    """Apply ``action`` to ``app.status``; returns the status before."""
    was = app.status
    try:
        app.status = workflow.apply(app.status, action, previous=app.suspended_from or None)
    except workflow.NotAllowed as exc:
        raise InvalidTransition(str(exc)) from None
    return was


def text(value, label: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    return read_text(value, label, required=required, limit=limit)


def date(value, label: str, *, required: bool = True) -> dt.date | None:
    """A date from a ``date`` or text (fazhi.core.cells formats)."""
    return read_date(value, label, required=required)


def not_before(day: dt.date, earlier: dt.date | None, label: str, earlier_label: str) -> None:
    if earlier is not None and day < earlier:
        raise ValidationFailed(FieldProblem(label, f"不能早于{earlier_label} {earlier:%Y-%m-%d}"))
