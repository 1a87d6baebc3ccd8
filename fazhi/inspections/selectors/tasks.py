"""Reads of inspection tasks, scoped by district (``fazhi.core.access``): another district's task does
not exist for the user (404). Also the checklist a task is inspected against and the state of its
publication deadline (一公开)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.core import access
from fazhi.core.errors import FieldProblem, ValidationFailed
from fazhi.inspections.models import EvidenceFile, FollowUp, InspectionTask, TaskMember
from fazhi.inspections.models.tasks import MemberRole
from fazhi.officers.credentials import credential_state

TEAM_ROLES = (MemberRole.LEADER.value, MemberRole.MEMBER.value)  # alternates act only after a substitution


def _tasks() -> QuerySet:
    return InspectionTask.objects.select_related("plan", "plan__unit", "institution", "district", "attempt")


def task_list(*, user, mine: bool = False, status: str = "", plan: str = "", district: str = "",
              overdue: bool = False, q: str = "", today: dt.date | None = None) -> QuerySet:
    """Tasks in the user's scope. ``mine``: where the user is on the team (组长/组员); ``plan``: plan code;
    ``district``: district code; ``overdue``: not published and past the publication deadline."""
    qs = access.scope(user, _tasks(), "district")
    if mine:
        qs = qs.filter(pk__in=TaskMember.objects.filter(officer__user=user, role__in=TEAM_ROLES).values("task_id"))
    if status:
        qs = qs.filter(status=status)
    if plan:
        qs = qs.filter(plan__code=plan)
    if district:
        qs = qs.filter(district__code=district)
    if overdue:
        qs = qs.filter(published_at__isnull=True, publish_due__lt=today or timezone.localdate())
    if q:
        qs = qs.filter(Q(institution__name__icontains=q) | Q(notice_no__icontains=q) | Q(plan__code__icontains=q))
    return qs.order_by("-plan__year", "plan__code", "district__code", "institution__name", "pk")


def task_get(*, user, pk) -> InspectionTask:
    return access.get_scoped(user, _tasks(), pk, "district")


def evidence_get(*, user, pk) -> EvidenceFile:
    return access.get_scoped(user, EvidenceFile.objects.select_related("task"), pk, "task__district")


def follow_up_get(*, user, pk) -> FollowUp:
    return access.get_scoped(user, FollowUp.objects.select_related("task"), pk, "task__district")


# ---------------------------------------------------------------- team and checklist

@dataclass(frozen=True)
class TeamRow:
    member: TaskMember
    credential_label: str
    may_act: bool


def task_team(task: InspectionTask, on: dt.date | None = None) -> list[TeamRow]:
    """Team and alternates, with each officer's 执法证 state on ``on`` (the inspection day, else today)."""
    on = on or task.inspected_on or timezone.localdate()
    rows = []
    for m in task.members.select_related("officer", "officer__unit").order_by("role", "position"):
        state = credential_state(m.officer, on)
        rows.append(TeamRow(m, state.label, state.may_act))
    order = {MemberRole.LEADER: 0, MemberRole.MEMBER: 1, MemberRole.ALTERNATE: 2}
    return sorted(rows, key=lambda r: (order.get(r.member.role, 9), r.member.position))


def acts_for_unit(user, task: InspectionTask) -> bool:
    """Whether ``user`` may act for the plan's organizing unit (notice, review, publication,
    follow-ups): staff of the unit's district, or city-level staff; a city plan only the city."""
    return access.in_scope(user, task.plan.district_id)


def is_team_member(user, task: InspectionTask, roles=TEAM_ROLES) -> bool:
    return bool(user is not None and user.is_authenticated
                and task.members.filter(officer__user=user, role__in=roles).exists())


@dataclass(frozen=True)
class ChecklistEntry:
    code: str
    text: str
    item_code: str
    item_name: str


def task_checklist(task: InspectionTask) -> list[ChecklistEntry]:
    """Every checklist point of the plan's items, in item order; a code may appear only once."""
    entries: list[ChecklistEntry] = []
    seen: set[str] = set()
    for item in task.plan.items.order_by("code", "pk"):
        for point in item.checklist:
            if point["code"] in seen:
                raise ValidationFailed(FieldProblem("检查内容", f"计划中的抽查事项重复使用检查要点编码 {point['code']}"))
            seen.add(point["code"])
            entries.append(ChecklistEntry(point["code"], point["text"], item.code, item.name))
    return entries


# ---------------------------------------------------------------- publication (一公开)

class PublicationStatus(str, Enum):
    NOT_STARTED = "not_started"  # not inspected yet: no deadline
    UNKNOWN = "unknown"  # inspected, but the calendar does not cover the deadline's year
    DUE = "due"
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"not_started": "尚未检查", "unknown": "期限待定(工作日历未覆盖)", "due": "待公示",
                "overdue": "已逾期未公示", "on_time": "按期公示", "late": "逾期公示"}[self.value]

    @property
    def badge(self) -> str:
        return {"due": "badge-info", "overdue": "badge-danger", "on_time": "badge-ok", "late": "badge-warn"}.get(
            self.value, "badge-info")


def publication_status(task: InspectionTask, today: dt.date | None = None) -> PublicationStatus:
    """Where the task stands against its publication deadline (``publish_due``) on ``today``."""
    today = today or timezone.localdate()
    if task.published_at is not None:
        if task.publish_due is None:
            return PublicationStatus.ON_TIME
        published_on = timezone.localdate(task.published_at)
        return PublicationStatus.ON_TIME if published_on <= task.publish_due else PublicationStatus.LATE
    if task.inspected_on is None:
        return PublicationStatus.NOT_STARTED
    if task.publish_due is None:
        return PublicationStatus.UNKNOWN
    return PublicationStatus.DUE if today <= task.publish_due else PublicationStatus.OVERDUE
