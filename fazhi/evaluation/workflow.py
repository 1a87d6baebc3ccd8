"""The workflow of an evaluation round and of a rectification item as transition tables. Pure Python:
no Django import. ``apply`` is the one function that says what an action does to a status; the services
call it and save the result, and nothing else sets ``status``."""

from __future__ import annotations

from dataclasses import dataclass


class NotAllowed(ValueError):
    """The action is not allowed from this status (the message is for the user)."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    from_: tuple[str, ...]
    to: str


ROUND = {t.action: t for t in (
    Transition("commit", "公布承诺值", ("draft",), "committed"),
    Transition("draw", "抽取案卷", ("committed",), "reviewing"),
    Transition("feedback", "反馈评查结果", ("reviewing",), "rectifying"),
    Transition("close", "结束本轮评查", ("rectifying",), "closed"),
)}

ITEM = {t.action: t for t in (
    Transition("answer", "反馈整改情况", ("open",), "answered"),
    Transition("accept", "核查销号", ("answered",), "closed"),
    Transition("return", "退回重新整改", ("answered",), "open"),
    Transition("escalate", "提级督办", ("open", "answered"), "escalated"),
)}

ROUND_LABELS = {"draft": "草拟", "committed": "已公布承诺值", "reviewing": "评查中", "rectifying": "整改中",
                "closed": "已结束"}
ITEM_LABELS = {"open": "待整改", "answered": "已反馈", "closed": "已销号", "escalated": "已提级督办"}


def apply(table: dict[str, Transition], labels: dict[str, str], status: str, action: str) -> str:
    """The status after ``action`` from ``status``, or ``NotAllowed`` naming both."""
    t = table.get(action)
    if t is None:
        raise NotAllowed(f"没有“{action}”这一操作")
    if status not in t.from_:
        raise NotAllowed(f"处于“{labels.get(status, status)}”状态时不能{t.label}")
    return t.to
