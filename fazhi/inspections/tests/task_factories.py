"""Inspection tasks for the task, stats and page tests, made directly with the ORM the way a draw
leaves them: a plan with one small item, a drawn attempt, a task, and its team (each officer with a
login, so they can act). The draw services build the real thing; these tests need only the rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.inspections.models import DrawAttempt, InspectionItem, InspectionTask, ItemList, Plan, TaskMember
from fazhi.inspections.models.items import ItemListStatus
from fazhi.inspections.models.tasks import MemberRole
from fazhi.inspections.workflow import AttemptStatus, TaskStatus
from fazhi.institutions.tests.factories import institution
from fazhi.officers.services import officer_create

_serial = itertools.count(1)

CHECKLIST = [
    ("执业许可证书在有效期内,登记事项一致", "01"),
    ("收费标准在执业场所公示", "02"),
    ("业务档案按规定立卷归档", "03"),
]


def item(*, field: str = "appraisal", points=CHECKLIST) -> InspectionItem:
    """A published one-item list with its own checklist codes (``T<n>-01`` …)."""
    n = next(_serial)
    lst = ItemList.objects.create(field=field, version=1000 + n, title=f"测试清单{n}", status=ItemListStatus.PUBLISHED)
    return InspectionItem.objects.create(
        item_list=lst, code=f"T{n}", name=f"测试抽查事项{n}", inspecting_body="区司法局", target_kinds=["appraisal"],
        ratio=Decimal("0.35"), frequency="每年一次", methods=["on_site"],
        checklist=[{"code": f"T{n}-{suffix}", "text": text} for text, suffix in points])


def officer(admin, make_user, org, *, name: str = "", valid_from: str = "2023-01-01", valid_to: str = "2028-12-31",
            login: bool = True):
    n = next(_serial)
    obj = officer_create(actor=admin, data={
        "credential_no": f"TJ-T-{n:05d}", "name": name or f"检查员{n}", "unit_id": org.name,
        "valid_from": valid_from, "valid_to": valid_to, "fields": "司法鉴定"})
    if login:
        obj.user = make_user("officer", org, full_name=obj.name)
        obj.save(update_fields=["user"])
    return obj


@dataclass
class TaskSetup:
    task: InspectionTask
    plan: Plan
    item: InspectionItem
    leader: object  # Officer
    member: object
    alternate: object
    others: list = field(default_factory=list)

    @property
    def leader_user(self):
        return self.leader.user

    @property
    def member_user(self):
        return self.member.user

    @property
    def codes(self) -> list[str]:
        return [p["code"] for p in self.item.checklist]


def task(*, admin, make_user, org, member_valid_to: str = "2028-12-31", target=None, year: int = 2024,
         status: TaskStatus = TaskStatus.ASSIGNED, plan: Plan | None = None, team: tuple | None = None,
         **institution_fields) -> TaskSetup:
    """A drawn task of a plan organised by ``org``, against a new institution (``institution_fields``
    use the import headers, e.g. ``{"所在区": "南开区"}``) or ``target``; ``team`` reuses (leader,
    member, alternate) officers instead of making three new ones."""
    n = next(_serial)
    the_item = plan.items.first() if plan else item()
    if plan is None:
        plan = Plan.objects.create(code=f"{year}-T-{n:04d}", year=year, name=f"{year}年测试抽查计划{n}", unit=org,
                                   district=org.district, window_start=dt.date(year, 1, 1),
                                   window_end=dt.date(year, 12, 31))
        plan.items.set([the_item])
    attempt = DrawAttempt.objects.create(plan=plan, attempt=plan.attempts.count() + 1, status=AttemptStatus.DRAWN,
                                         inspection_date=dt.date(year, 1, 1))
    target = target or institution(admin, **{"机构类型": "司法鉴定机构", "名称": f"天津测试{n}司法鉴定所",
                                             **institution_fields})
    the_task = InspectionTask.objects.create(attempt=attempt, plan=plan, institution=target, district=target.district,
                                             stratum_key="appraisal", ticket=f"{n:064x}", status=status.value)
    leader, member, alternate = team or (officer(admin, make_user, org, name=f"组长{n}"),
                                         officer(admin, make_user, org, name=f"组员{n}", valid_to=member_valid_to),
                                         officer(admin, make_user, org, name=f"备选{n}"))
    for who, role, position in ((leader, MemberRole.LEADER, 0), (member, MemberRole.MEMBER, 1),
                                (alternate, MemberRole.ALTERNATE, 0)):
        TaskMember.objects.create(task=the_task, officer=who, role=role, position=position)
    return TaskSetup(the_task, plan, the_item, leader, member, alternate)


def results_all(setup: TaskSetup, outcome: str = "pass", overrides: dict | None = None) -> list[dict]:
    """A result for every checklist point: ``outcome``, or ``overrides[code] = (outcome, note)``."""
    out = []
    for code in setup.codes:
        o, note = (overrides or {}).get(code, (outcome, "发现问题" if outcome in ("correct", "case") else ""))
        out.append({"item_code": code, "outcome": o, "note": note})
    return out


NOTIFIED_ON = dt.date(2024, 9, 20)
INSPECTED_ON = dt.date(2024, 9, 25)


def advance(setup: TaskSetup, to: TaskStatus, *, reviewer=None, publisher=None,
            outcome: str = "pass") -> InspectionTask:
    """Drive the task through the services up to ``to`` (notice 2024-09-20, inspection 2024-09-25)."""
    from fazhi.inspections.services import tasks as svc

    steps = [
        (TaskStatus.NOTIFIED, lambda t: svc.task_notify(actor=setup.leader_user, task=t, notified_on=NOTIFIED_ON)),
        (TaskStatus.CHECKED_IN, lambda t: svc.task_check_in(actor=setup.leader_user, task=t,
                                                             inspected_on=INSPECTED_ON)),
        (TaskStatus.SUBMITTED, lambda t: svc.task_submit(actor=setup.leader_user, task=svc.task_record_results(
            actor=setup.leader_user, task=t, results=results_all(setup, outcome), summary="检查完毕"))),
        (TaskStatus.APPROVED, lambda t: svc.task_approve(actor=reviewer, task=t)),
        (TaskStatus.PUBLISHED, lambda t: svc.task_publish(actor=publisher, task=t)),
    ]
    order = [TaskStatus.ASSIGNED] + [status for status, _ in steps]
    current = setup.task
    for status, step in steps:
        if order.index(status) <= order.index(TaskStatus(current.status)):
            continue  # already there
        current = step(current)
        if status == to:
            break
    setup.task = current
    return current
