"""What the public may see of 双随机、一公开 (no login): published item lists, plans that are under
way, every attempt from its commitment on (cancelled ones too, with their reason), certificates, and
published results. Officers' names are masked on public pages (``fazhi.core.masking.mask_name``)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from fazhi.inspections.models import DrawAttempt, InspectionItem, InspectionTask, ItemList, Plan, TaskMember
from fazhi.inspections.models.items import ItemListStatus
from fazhi.inspections.models.plans import PlanStatus
from fazhi.inspections.workflow import AttemptStatus, TaskStatus

PUBLIC_ATTEMPT_STATUSES = [s.value for s in AttemptStatus if s is not AttemptStatus.DRAFT]


def public_item_lists() -> QuerySet[ItemList]:
    return ItemList.objects.filter(status=ItemListStatus.PUBLISHED).prefetch_related(
        Prefetch("items", queryset=InspectionItem.objects.prefetch_related("articles__law")))


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.exclude(status=PlanStatus.DRAFT).select_related("unit").order_by("-year", "code")


def public_plan(code: str) -> Plan:
    return public_plans().prefetch_related("strata", "items").get(code=code)


def public_attempts(plan: Plan) -> QuerySet[DrawAttempt]:
    return plan.attempts.filter(status__in=PUBLIC_ATTEMPT_STATUSES).prefetch_related("reveals").order_by("attempt")


def public_attempt(pk) -> DrawAttempt:
    return DrawAttempt.objects.select_related("plan").filter(
        status__in=PUBLIC_ATTEMPT_STATUSES, plan__in=public_plans()).get(pk=pk)


def public_tasks(attempt: DrawAttempt) -> QuerySet[InspectionTask]:
    members = TaskMember.objects.select_related("officer").order_by("role", "position")
    return attempt.tasks.select_related("institution", "district").prefetch_related(
        Prefetch("members", queryset=members)).order_by("stratum_key", "ticket")


def published_results(year: int | None = None) -> QuerySet[InspectionTask]:
    qs = InspectionTask.objects.filter(status=TaskStatus.PUBLISHED.value).select_related(
        "institution", "district", "plan").order_by("-published_at")
    return qs.filter(plan__year=year) if year else qs
