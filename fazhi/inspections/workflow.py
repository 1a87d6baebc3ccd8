"""The workflows of random inspections as transition tables. Pure Python: no Django import.

Every status change goes through ``apply`` in the service layer; nothing else sets a status.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from fazhi.core.errors import InvalidTransition


class AttemptStatus(str, Enum):
    DRAFT = "draft"  # manifest not yet frozen
    COMMITTED = "committed"  # manifest frozen, commitment published, seed sources named
    REVEALED = "revealed"  # every seed value entered (by at least two different users)
    DRAWN = "drawn"  # certificate computed and stored; tasks created
    CANCELLED = "cancelled"  # with a reason; a new attempt lists this one's commitment


ATTEMPT_LABELS = {
    AttemptStatus.DRAFT: "草稿",
    AttemptStatus.COMMITTED: "已承诺",
    AttemptStatus.REVEALED: "种子已公开",
    AttemptStatus.DRAWN: "已抽取",
    AttemptStatus.CANCELLED: "已作废",
}


class TaskStatus(str, Enum):
    ASSIGNED = "assigned"  # drawn, team known
    NOTIFIED = "notified"  # 行政检查通知书 issued
    CHECKED_IN = "checked_in"  # team on site (or the written/online check began)
    SUBMITTED = "submitted"  # results per checklist item submitted for review
    RETURNED = "returned"  # reviewer sent it back
    APPROVED = "approved"  # reviewer passed it
    PUBLISHED = "published"  # result public (一公开)
    UNASSIGNED = "unassigned"  # no eligible team: resolved only by a new recorded attempt


TASK_LABELS = {
    TaskStatus.ASSIGNED: "待通知",
    TaskStatus.NOTIFIED: "已通知",
    TaskStatus.CHECKED_IN: "检查中",
    TaskStatus.SUBMITTED: "待审核",
    TaskStatus.RETURNED: "已退回",
    TaskStatus.APPROVED: "审核通过",
    TaskStatus.PUBLISHED: "已公示",
    TaskStatus.UNASSIGNED: "未能分组",
}


@dataclass(frozen=True)
class Transition:
    action: str
    source: tuple
    target: object
    label: str


ATTEMPT_TRANSITIONS = [
    Transition("commit", (AttemptStatus.DRAFT,), AttemptStatus.COMMITTED, "冻结名单并公布承诺值"),
    Transition("reveal", (AttemptStatus.COMMITTED,), AttemptStatus.REVEALED, "录入全部种子值"),
    Transition("draw", (AttemptStatus.REVEALED,), AttemptStatus.DRAWN, "计算抽取结果"),
    # A DRAFT has no commitment yet, and fazhi-draw/1 requires attempt N to list N-1 earlier
    # commitments: a draft is changed (``attempt_update``), not cancelled. A DRAWN attempt has tasks.
    Transition("cancel", (AttemptStatus.COMMITTED, AttemptStatus.REVEALED),
               AttemptStatus.CANCELLED, "作废本次抽取(须说明理由)"),
]

# Plans (statuses as in ``models.plans.PlanStatus``): the strata are fixed once a plan is active.
PLAN_TRANSITIONS = [
    Transition("activate", ("draft",), "active", "启用计划"),
]

TASK_TRANSITIONS = [
    Transition("notify", (TaskStatus.ASSIGNED,), TaskStatus.NOTIFIED, "送达行政检查通知书"),
    Transition("check_in", (TaskStatus.NOTIFIED,), TaskStatus.CHECKED_IN, "开始检查"),
    Transition("submit", (TaskStatus.CHECKED_IN, TaskStatus.RETURNED), TaskStatus.SUBMITTED, "提交检查结果"),
    Transition("return", (TaskStatus.SUBMITTED,), TaskStatus.RETURNED, "退回修改"),
    Transition("approve", (TaskStatus.SUBMITTED,), TaskStatus.APPROVED, "审核通过"),
    Transition("publish", (TaskStatus.APPROVED,), TaskStatus.PUBLISHED, "公示结果"),
]


def find(table: list[Transition], action: str, current) -> Transition:
    """The transition ``action`` from ``current``, or ``InvalidTransition`` saying why not."""
    for t in table:
        if t.action == action:
            if current in t.source:
                return t
            raise InvalidTransition(f"当前状态下不能“{t.label}”")
    raise InvalidTransition(f"未知的操作“{action}”")
