"""What the 案卷评查 services share: who may manage a round, the one way a status changes
(``workflow.apply`` → ``InvalidTransition``), locking, and the district key of the draw's strata."""

from __future__ import annotations

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.errors import InvalidTransition, PermissionDenied
from fazhi.evaluation import workflow
from fazhi.evaluation.models import EvaluationRound, RectificationItem

CITY_KEY = "120000"  # the stratum of city-level cases (GB/T 2260 code of 天津市), as the brief of issue 7 says
CITY_LABEL = "市局"


def require_manager(actor, what: str = "组织案卷评查") -> None:
    """Rounds are organised by the city bureau (天津市司法局 2023 年工作报告: 市局组织全系统案卷互评互查):
    ``Cap.EVALUATION_MANAGE`` held by a city-level user."""
    access.require(actor, Cap.EVALUATION_MANAGE, what)
    if not access.is_city_wide(actor):
        raise PermissionDenied(f"{what}由市司法局负责,区级用户不能操作")


def advance_round(rnd: EvaluationRound, action: str) -> str:
    """Apply ``action`` of ``workflow.ROUND`` to ``rnd.status``; returns the status before."""
    was = rnd.status
    try:
        rnd.status = workflow.apply(workflow.ROUND, workflow.ROUND_LABELS, rnd.status, action)
    except workflow.NotAllowed as exc:
        raise InvalidTransition(str(exc)) from None
    return was


def advance_item(item: RectificationItem, action: str) -> str:
    """Apply ``action`` of ``workflow.ITEM`` to ``item.status``; returns the status before."""
    was = item.status
    try:
        item.status = workflow.apply(workflow.ITEM, workflow.ITEM_LABELS, item.status, action)
    except workflow.NotAllowed as exc:
        raise InvalidTransition(str(exc)) from None
    return was


def locked_round(rnd: EvaluationRound | int) -> EvaluationRound:
    pk = rnd.pk if isinstance(rnd, EvaluationRound) else rnd
    return EvaluationRound.objects.select_for_update().get(pk=pk)


def district_key(district) -> str:
    """The stratum key of a case's district: its GB/T 2260 code, ``CITY_KEY`` for city-level cases."""
    return district.code if district is not None else CITY_KEY


def district_label(district) -> str:
    return district.name if district is not None else CITY_LABEL


def user_district(user):
    """The district a user belongs to (``None``: the city bureau, or a superuser without a unit)."""
    return user.organization.district if user.organization_id else None
