"""The procedure tables of 行政处罚 cases, loaded from ``data/procedure.toml``. Pure Python.

``step(case_type, action, status)`` returns the step or raises ``InvalidTransition`` naming why;
``actions_from(case_type, status)`` lists what may happen next. ``load`` checks the file: every status
named exists, every precondition is defined in ``fazhi.cases.rules``, no action appears twice.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fazhi.core.errors import InvalidTransition

DATA = Path(__file__).with_name("data") / "procedure.toml"
SAME = "="  # `to = "="`: the step records something; the status stays


@dataclass(frozen=True)
class Step:
    action: str
    label: str
    sources: tuple[str, ...]
    to: str
    who: str
    requires: tuple[str, ...]
    documents: tuple[int, ...]
    article: str

    def target(self, current: str) -> str:
        return current if self.to == SAME else self.to


@dataclass(frozen=True)
class Procedure:
    case_type: str
    label: str
    start: str
    final: tuple[str, ...]
    steps: dict[str, Step]


class ProcedureError(ValueError):
    pass


@functools.lru_cache(maxsize=2)
def load(path: str = str(DATA)) -> tuple[dict[str, str], dict[str, Procedure]]:
    from fazhi.cases import rules  # the preconditions the table may name

    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    statuses = dict(raw.pop("statuses"))
    procedures = {}
    for case_type, table in raw.items():
        steps = {}
        for s in table["steps"]:
            step = Step(s["action"], s["label"], tuple(s["from"]), s["to"], s["who"], tuple(s["requires"]),
                        tuple(s["documents"]), s["article"])
            unknown = [x for x in (*step.sources, step.to) if x != SAME and x not in statuses]
            if unknown:
                raise ProcedureError(f"{case_type}.{step.action}: 未定义的状态 {unknown}")
            missing = [r for r in step.requires if r not in rules.RULES]
            if missing:
                raise ProcedureError(f"{case_type}.{step.action}: 未定义的前提条件 {missing}")
            if step.action in steps:
                raise ProcedureError(f"{case_type}: 环节 {step.action} 重复")
            steps[step.action] = step
        procedures[case_type] = Procedure(case_type, table["label"], table["start"], tuple(table["final"]), steps)
    return statuses, procedures


def status_label(status: str) -> str:
    return load()[0].get(status, status)


def procedure(case_type: str) -> Procedure:
    try:
        return load()[1][case_type]
    except KeyError:
        raise InvalidTransition(f"未知的程序类型“{case_type}”") from None


def step(case_type: str, action: str, status: str) -> Step:
    proc = procedure(case_type)
    found = proc.steps.get(action)
    if found is None:
        raise InvalidTransition(f"{proc.label}没有“{action}”这一环节")
    if status not in found.sources:
        raise InvalidTransition(
            f"案件处于“{status_label(status)}”状态,不能进行“{found.label}”(依据:{found.article})")
    return found


def actions_from(case_type: str, status: str) -> list[Step]:
    return [s for s in procedure(case_type).steps.values() if status in s.sources]
