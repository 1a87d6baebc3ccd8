"""The workflow of an evaluation round and of a rectification item as transition tables. Pure Python:
no Django import. ``apply`` is the one function that says what an action does to a status; the services
call it and save the result, and nothing else sets ``status``."""

from __future__ import annotations

from fazhi.core.transitions import NotAllowed, Transition, next_status, table

__all__ = ["NotAllowed", "Transition", "apply", "ROUND", "ITEM"]

ROUND = table(
    Transition("commit", "公布承诺值", ("draft",), "committed"),
    Transition("draw", "抽取案卷", ("committed",), "reviewing"),
    Transition("feedback", "反馈评查结果", ("reviewing",), "rectifying"),
    Transition("close", "结束本轮评查", ("rectifying",), "closed"),
)

ITEM = table(
    Transition("answer", "反馈整改情况", ("open",), "answered"),
    Transition("accept", "核查销号", ("answered",), "closed"),
    Transition("return", "退回重新整改", ("answered",), "open"),
    Transition("escalate", "提级督办", ("open", "answered"), "escalated"),
)

ROUND_LABELS = {"draft": "草拟", "committed": "已公布承诺值", "reviewing": "评查中", "rectifying": "整改中",
                "closed": "已结束"}
ITEM_LABELS = {"open": "待整改", "answered": "已反馈", "closed": "已销号", "escalated": "已提级督办"}


def apply(transitions: dict[str, Transition], labels: dict[str, str], status: str, action: str) -> str:
    """The status after ``action`` from ``status``, or ``NotAllowed`` naming both."""
    return next_status(transitions, labels, status, action)
