"""Transition tables of the small workflows (评查轮次, 整改事项, 行政复议申请): the shared parts. Pure
Python: no Django import.

A workflow is a table ``{action: Transition}``; ``next_status`` is the one function that says what an
action does to a status, refusing with ``NotAllowed`` (a message for the user naming the status, the
action and, where the table gives one, the article). The services call their app's ``apply``, which
uses it, save the result and nothing else sets a status."""

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
    article: str = ""


def table(*transitions: Transition) -> dict[str, Transition]:
    return {t.action: t for t in transitions}


def next_status(transitions: dict[str, Transition], labels: dict[str, str], status: str, action: str) -> str:
    """The target of ``action`` from ``status`` (the table's ``to``, as written), or ``NotAllowed``."""
    t = transitions.get(action)
    if t is None:
        raise NotAllowed(f"没有“{action}”这一操作")
    if status not in t.from_:
        where = f"({t.article})" if t.article else ""
        raise NotAllowed(f"处于“{labels.get(status, status)}”状态时不能{t.label}{where}")
    return t.to
