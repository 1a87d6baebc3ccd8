"""Roles and what each may do. Pure Python: no Django import.

A user has one role and belongs to one organization. The role says *what* they may do; the
organization says *where*: staff of a district bureau or 司法所 act only on their district's records,
staff of the city bureau on the whole city (``fazhi.core.access`` applies both).
"""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    CITY_ADMIN = "city_admin"
    DISTRICT_ADMIN = "district_admin"
    OFFICER = "officer"
    LEGAL_REVIEWER = "legal_reviewer"
    EVALUATOR = "evaluator"
    RECONSIDERATION = "reconsideration"
    MEDIATOR = "mediator"
    LEADER = "leader"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CITY_ADMIN: "市级管理员",
    Role.DISTRICT_ADMIN: "区级管理员",
    Role.OFFICER: "执法人员",
    Role.LEGAL_REVIEWER: "法制审核人员",
    Role.EVALUATOR: "案卷评查人员",
    Role.RECONSIDERATION: "行政复议人员",
    Role.MEDIATOR: "人民调解员",
    Role.LEADER: "领导",
}


class Cap(str, Enum):
    """Capabilities: the verbs the access functions check."""

    REGISTRY_VIEW = "registry.view"
    REGISTRY_EDIT = "registry.edit"  # institutions, practitioners, officers in the actor's scope
    LAW_EDIT = "law.edit"  # the 法律依据库 is city-wide: only the city edits it
    CALENDAR_EDIT = "calendar.edit"
    AUDIT_VIEW = "audit.view"
    USER_MANAGE = "user.manage"
    INSPECTION_PLAN = "inspection.plan"  # item lists, plans, draws (commit, draw, cancel), publication
    INSPECTION_REVEAL = "inspection.reveal"  # enter a seed value as a witness
    INSPECTION_WORK = "inspection.work"  # carry out an assigned inspection: notice, check-in, results
    INSPECTION_REVIEW = "inspection.review"  # review (return or approve) inspection results
    CASE_HANDLE = "case.handle"  # register sources, investigate, notify, serve: the case officers' steps
    CASE_REVIEW = "case.review"  # 法制审核 (行政处罚法 第五十八条)
    CASE_APPROVE = "case.approve"  # the head's decisions: 立案, 集体讨论, 决定, 结案 (approval forms)
    EVALUATION_MANAGE = "evaluation.manage"  # 案卷评查 rounds: create, draw, feed back, check, close (the city)
    EVALUATION_REVIEW = "evaluation.review"  # score the case files assigned to one in a round
    EVALUATION_RECTIFY = "evaluation.rectify"  # answer the rectification items of one's district
    RECONSIDERATION_HANDLE = "reconsideration.handle"  # 行政复议/应诉: register, accept, copy, hear, record
    RECONSIDERATION_DECIDE = "reconsideration.decide"  # 行政复议: decide, extend (行政复议法第六十二条 approval)


_VIEW = {Cap.REGISTRY_VIEW}
_INSPECTION_ADMIN = {Cap.INSPECTION_PLAN, Cap.INSPECTION_REVEAL, Cap.INSPECTION_WORK, Cap.INSPECTION_REVIEW}
CAPABILITIES: dict[Role, frozenset[Cap]] = {
    Role.CITY_ADMIN: frozenset(Cap),
    Role.DISTRICT_ADMIN: frozenset({Cap.REGISTRY_VIEW, Cap.REGISTRY_EDIT, Cap.AUDIT_VIEW, Cap.USER_MANAGE,
                                    *_INSPECTION_ADMIN, Cap.CASE_HANDLE, Cap.CASE_APPROVE, Cap.EVALUATION_REVIEW,
                                    Cap.EVALUATION_RECTIFY}),
    Role.OFFICER: frozenset({*_VIEW, Cap.INSPECTION_WORK, Cap.CASE_HANDLE}),
    Role.LEGAL_REVIEWER: frozenset({*_VIEW, Cap.INSPECTION_REVEAL, Cap.INSPECTION_REVIEW, Cap.CASE_REVIEW,
                                    Cap.EVALUATION_REVIEW}),
    Role.EVALUATOR: frozenset({*_VIEW, Cap.EVALUATION_REVIEW}),
    Role.RECONSIDERATION: frozenset({*_VIEW, Cap.RECONSIDERATION_HANDLE}),
    Role.MEDIATOR: frozenset(_VIEW),
    Role.LEADER: frozenset({Cap.REGISTRY_VIEW, Cap.AUDIT_VIEW, Cap.INSPECTION_REVEAL, Cap.CASE_APPROVE,
                            Cap.RECONSIDERATION_DECIDE}),
}


def role_has(role: str | Role | None, cap: Cap) -> bool:
    if role is None:
        return False  # the anonymous public: only public pages
    try:
        return cap in CAPABILITIES[Role(role)]
    except ValueError:
        return False
