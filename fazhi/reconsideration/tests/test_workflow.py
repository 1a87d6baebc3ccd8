"""The application's transition table (workflow.py): every allowed step, and each disallowed one refused
with the status, the action and the article."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from fazhi.reconsideration import workflow as wf

ALLOWED = [
    ("received", "accept", "accepted"), ("received", "deem_accept", "accepted"), ("received", "refuse", "refused"),
    ("received", "forward", "forwarded"), ("received", "request_completion", "completion_requested"),
    ("completion_requested", "complete", "received"), ("completion_requested", "abandon", "abandoned"),
    ("accepted", "copy", "copied"), ("copied", "answer", "answered"), ("copied", "hearing", "copied"),
    ("answered", "hearing", "answered"), ("copied", "decide", "decided"), ("answered", "decide", "decided"),
    ("answered", "mediate", "mediated"), ("accepted", "settle_withdraw", "settled_withdrawn"),
    ("copied", "withdraw", "withdrawn"), ("received", "withdraw", "withdrawn"),
    ("answered", "terminate", "terminated"), ("suspended", "terminate", "terminated"),
    ("accepted", "suspend", "suspended"), ("answered", "extend", "answered"), ("copied", "convert", "copied"),
]


@pytest.mark.parametrize("status,action,to", ALLOWED)
def test_allowed(status, action, to):
    assert wf.apply(status, action) == to


@pytest.mark.parametrize("previous", wf.IN_PROGRESS)
def test_resume_goes_back_to_the_status_before(previous):
    assert wf.apply("suspended", "resume", previous=previous) == previous


def test_resume_without_a_known_previous_status_is_refused():
    with pytest.raises(wf.NotAllowed, match="第三十九条"):
        wf.apply("suspended", "resume", previous=None)


DISALLOWED = [(s, a) for s, a in itertools.product(wf.LABELS, wf.APPLICATION) if s not in wf.APPLICATION[a].from_]


@pytest.mark.parametrize("status,action", DISALLOWED)
def test_disallowed(status, action):
    t = wf.APPLICATION[action]
    with pytest.raises(wf.NotAllowed) as exc:
        wf.apply(status, action)
    assert wf.LABELS[status] in str(exc.value) and t.label in str(exc.value) and t.article in str(exc.value)


def test_closed_statuses_have_no_way_out():
    for status in wf.CLOSED:
        assert not any(status in t.from_ for t in wf.APPLICATION.values()), status


def test_every_target_is_a_status():
    for t in wf.APPLICATION.values():
        assert t.to == wf.BACK or t.to in wf.LABELS
        assert set(t.from_) <= set(wf.LABELS)


def test_unknown_action():
    with pytest.raises(wf.NotAllowed, match="没有"):
        wf.apply("received", "fly")


def test_workflow_is_pure_python():
    code = "import sys, fazhi.reconsideration.workflow; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
