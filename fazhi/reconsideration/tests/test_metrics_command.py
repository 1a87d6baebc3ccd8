"""``fazhi reconsideration metrics``: a small year seeded through the services; the JSON figures equal a
count by hand.

2024 (all accepted 2024-09-04 by the city bureau, except F):
  A 维持 (uphold), served 2024-10-12, no suit within 15 days      → resolved (维持后未起诉)
  B 变更 (change, lighter fine), extended 10 days                   → resolved (纠错)
  C 调解结案                                                         → resolved
  D 撤回 (no settlement)                                             → concluded, not resolved
  E 维持, then sued (court hearings 2024-11-05 head, 2024-12-10 delegate, 2025-01-10 head)
  F never accepted: completion requested, deemed abandoned           → concluded, never resolved
  G accepted, still open (overdue by now)
  a direct suit (no 复议): one hearing 2024-11-20, head attended
→ 实质化解率 3/6; 负责人出庭应诉率 2/3 (2024 hearings only); 纠错率 1/3; 结案率 5/6 (F was never in hand);
  调解和解率 1/6; 延期率 1/6; 超期案件数 1 (G).
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.core.services.calendar import current_calendar
from fazhi.reconsideration.rules import deadlines
from fazhi.reconsideration.services import applications as apps
from fazhi.reconsideration.services import litigation as lit
from fazhi.reconsideration.services import procedure as proc
from fazhi.reconsideration.tests.factories import RECEIVED, accepted, registered, staff
from fazhi.reconsideration.tests.test_services import LAWFUL

D = dt.date
DECIDED_ON = D(2024, 10, 10)


def _answered(clerk):
    app = proc.application_copy(actor=clerk, application=accepted(clerk), on=D(2024, 9, 5))
    return proc.application_record_answer(actor=clerk, application=app, on=D(2024, 9, 12))


@pytest.fixture
def year(make_user):
    clerk, leader = staff(make_user), staff(make_user, role="leader")
    a = proc.application_decide(actor=leader, application=_answered(clerk), code="uphold", facts=LAWFUL,
                                text_="维持", on=DECIDED_ON)
    proc.application_serve(actor=clerk, application=a, on=D(2024, 10, 12))
    b = proc.application_extend(actor=leader, application=_answered(clerk), days=10, reason="案情复杂")
    b = proc.application_decide(actor=leader, application=b, code="change", text_="变更为罚款 2000 元", on=DECIDED_ON,
                                facts={**LAWFUL, "content_appropriate": False,
                                       "original_penalties": [{"type": "fine", "amount": "5000"}],
                                       "new_penalties": [{"type": "fine", "amount": "2000"}]})
    c = proc.application_mediate(actor=clerk, application=_answered(clerk), reason="调解书已签收", on=D(2024, 10, 1))
    d = proc.application_withdraw(actor=clerk, application=accepted(clerk), reason="申请人撤回", on=D(2024, 10, 1))
    e = proc.application_decide(actor=leader, application=_answered(clerk), code="uphold", facts=LAWFUL,
                                text_="维持", on=DECIDED_ON)
    proc.application_serve(actor=clerk, application=e, on=D(2024, 10, 12))
    suit = lit.litigation_register(actor=clerk, application=e, data={
        "defendant": "天津市人民政府、天津市市场监督管理委员会", "plaintiff": "王小明", "court": "天津市第二中级人民法院",
        "filed_on": "2024-10-20"})
    for held, head in (("2024-11-05", True), ("2024-12-10", False), ("2025-01-10", True)):
        lit.litigation_record_hearing(actor=clerk, litigation=suit, held_on=held, head_attended=head,
                                      delegate="" if head else "法规处 刘某")
    f = apps.application_request_completion(actor=clerk, application=registered(clerk), items=["申请书签名"],
                                            on=D(2024, 9, 3))
    f = apps.application_mark_abandoned(actor=clerk, application=f, on=D(2024, 10, 8))
    g = accepted(clerk)
    direct = lit.litigation_register(actor=clerk, data={"defendant": "天津市河西区人民政府", "plaintiff": "张某",
                                                        "court": "天津市第一中级人民法院", "filed_on": "2024-10-09"})
    lit.litigation_record_hearing(actor=clerk, litigation=direct, held_on="2024-11-20", head_attended=True)
    return {k: v.number for k, v in dict(a=a, b=b, c=c, d=d, e=e, f=f, g=g).items()}


def _run(*args) -> str:
    out = StringIO()
    call_command("reconsideration", *args, stdout=out)
    return out.getvalue()


def test_json_figures_equal_the_hand_count(year):
    data = json.loads(_run("metrics", "--year", "2024", "--format", "json"))
    assert data["year"] == 2024
    m = {row["key"]: row for row in data["metrics"]}
    for row in data["metrics"]:
        assert {"name", "numerator", "denominator", "value", "fraction", "definition", "formula", "cases"} <= set(row)
    s = m["substantive_resolution"]
    assert (s["name"], s["numerator"], s["denominator"], s["value"], s["fraction"]) == ("实质化解率", 3, 6, 0.5, "3/6")
    assert s["cases"] == [year["a"], year["b"], year["c"]] and "实质化解率 =" in s["formula"]
    h = m["head_attendance"]
    assert (h["numerator"], h["denominator"], h["value"]) == (2, 3, 0.6667)
    c = m["correction"]
    assert (c["numerator"], c["denominator"], c["cases"]) == (1, 3, [year["b"]])
    assert (m["closure"]["numerator"], m["closure"]["denominator"]) == (5, 6)
    assert m["mediation_settlement"]["fraction"] == "1/6" and m["extension"]["cases"] == [year["b"]]
    assert (m["overdue"]["numerator"], m["overdue"]["cases"]) == (1, [year["g"]])
    f_days = (D(2024, 10, 8) - RECEIVED).days
    days = [36, 36, 27, 27, 36, f_days]  # A B C D E from acceptance 2024-09-04; F from receipt
    assert (m["average_days"]["numerator"], m["average_days"]["denominator"]) == (sum(days), 6)
    assert m["average_days"]["value"] == round(sum(days) / 6, 4)


def test_text_and_another_year(year):
    text = _run("metrics", "--year", "2024")
    assert "实质化解率:50.0%(3/6)" in text and "公式:" in text
    data = json.loads(_run("metrics", "--year", "2025", "--format", "json"))
    h = {row["key"]: row for row in data["metrics"]}["head_attendance"]
    assert (h["numerator"], h["denominator"], h["value"]) == (1, 1, 1.0)


def test_deem_accepted_command(make_user):
    app = registered(staff(make_user))
    due = deadlines.acceptance_due(RECEIVED, calendar=current_calendar()).due
    assert _run("deem-accepted", "--on", due.isoformat()) == "没有需要视为受理的申请\n"
    assert _run("deem-accepted", "--on", (due + dt.timedelta(days=1)).isoformat()) == f"{app.number}\n"
