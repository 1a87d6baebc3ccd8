"""The procedure table (data/procedure.toml): it loads, every status is reachable, every case can end,
every precondition is defined (and every defined one used), every step names a capability and an article."""

from __future__ import annotations

from collections import deque

import pytest

from fazhi.accounts.roles import Cap
from fazhi.cases import procedure
from fazhi.cases.rules import RULES
from fazhi.core.errors import InvalidTransition

STATUSES, PROCEDURES = procedure.load()


def _reachable(proc: procedure.Procedure, start: str) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        status = queue.popleft()
        for step in proc.steps.values():
            if status in step.sources and (target := step.target(status)) not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def test_the_table_loads_with_both_case_types():
    assert set(PROCEDURES) == {"ordinary", "simplified"}
    assert PROCEDURES["ordinary"].start == PROCEDURES["simplified"].start == "source"
    assert len(PROCEDURES["ordinary"].steps) >= 20


def test_every_status_is_reachable():
    reached = set()
    for proc in PROCEDURES.values():
        used = {s for step in proc.steps.values() for s in (*step.sources, step.to) if s != procedure.SAME}
        mine = _reachable(proc, proc.start)
        assert used <= mine, (proc.case_type, used - mine)
        assert set(proc.final) <= mine
        reached |= mine
    assert reached == set(STATUSES)


def test_every_case_can_end_and_final_statuses_have_no_way_out():
    for proc in PROCEDURES.values():
        for status in _reachable(proc, proc.start):
            assert _reachable(proc, status) & set(proc.final), (proc.case_type, status)
        for status in proc.final:
            assert procedure.actions_from(proc.case_type, status) == []


def test_every_precondition_is_defined_and_used():
    used = {code for proc in PROCEDURES.values() for step in proc.steps.values() for code in step.requires}
    assert used <= set(RULES)
    assert set(RULES) <= used  # no rule the table forgot


def test_every_step_names_a_capability_documents_and_an_article():
    for proc in PROCEDURES.values():
        for step in proc.steps.values():
            Cap(step.who)
            assert all(1 <= n <= 36 for n in step.documents), step.action
            assert "法" in step.article or "规定" in step.article, step.action
            assert len(step.article) <= 120 and step.label


def test_step_refuses_with_the_article():
    with pytest.raises(InvalidTransition, match="第六十一条") as info:
        procedure.step("ordinary", "serve", "investigating")
    assert "调查取证" in info.value.message
    with pytest.raises(InvalidTransition, match="没有"):
        procedure.step("simplified", "file", "source")
    with pytest.raises(InvalidTransition, match="未知的程序类型"):
        procedure.step("summary", "file", "source")
    assert procedure.step("ordinary", "file", "source").to == "investigating"


@pytest.mark.parametrize("change, message", [
    (('to = "investigating"', 'to = "nowhere"'), "未定义的状态"),
    (('requires = ["reason_given"]', 'requires = ["no_such_rule"]'), "未定义的前提条件"),
    (('action = "not_file"', 'action = "file"'), "重复"),
])
def test_a_broken_table_is_refused(tmp_path, change, message):
    text = procedure.DATA.read_text(encoding="utf-8").replace(*change, 1)
    broken = tmp_path / "procedure.toml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(procedure.ProcedureError, match=message):
        procedure.load(str(broken))
