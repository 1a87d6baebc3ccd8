"""The legal preconditions as pure functions: each rule both ways, the hearing thresholds on both sides
for persons and organizations and every heavy penalty, the limitation at its edges, periods across the
2024 National Day holiday, the on-the-spot thresholds, and the late fee. No database."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from types import MappingProxyType

import pytest

from fazhi.cases.facts import PENALTY_TYPES, CaseFacts, OfficerFact, Penalty, StepRecord
from fazhi.cases.rules import ARTICLES, RULES, add_years, late_fee
from fazhi.core.calendar import WorkCalendar

D = dt.date
CAL = WorkCalendar()
OK = [OfficerFact(1, "甲"), OfficerFact(2, "乙")]


def facts(**kw) -> CaseFacts:
    kw.setdefault("on", D(2024, 9, 2))
    steps = kw.pop("steps", {})
    return CaseFacts(calendar=CAL, steps=MappingProxyType({k: tuple(v) for k, v in steps.items()}), **kw)


def check(code: str, data: dict | None = None, **kw) -> str | None:
    return RULES[code](facts(**kw), data or {})


def refused(code: str, data: dict | None = None, **kw) -> str:
    reason = check(code, data, **kw)
    assert reason, f"{code} should refuse"
    law, _, number = ARTICLES[code].partition("法")
    assert f"{law}法" in reason and number.split("条")[0] in reason, reason
    return reason


def step(on, **data):
    return StepRecord(on, MappingProxyType(data))


def fine(amount) -> Penalty:
    return Penalty("fine", Decimal(str(amount)))


# ---------------------------------------------------------------- 立案: limitation (第三十六条)

@pytest.mark.parametrize("violation, ended, serious, discovered, ok", [
    (D(2022, 3, 10), None, False, D(2024, 3, 10), True),  # exactly 2 years
    (D(2022, 3, 10), None, False, D(2024, 3, 11), False),  # 2 years + 1 day
    (D(2022, 3, 10), None, True, D(2024, 3, 11), True),  # 5 years where life or finance is endangered
    (D(2022, 3, 10), None, True, D(2027, 3, 10), True),
    (D(2022, 3, 10), None, True, D(2027, 3, 11), False),
    (D(2019, 1, 1), D(2022, 3, 10), False, D(2024, 3, 10), True),  # continuing: from its end
    (D(2019, 1, 1), D(2022, 3, 10), False, D(2024, 3, 11), False),
    (D(2022, 2, 28), None, False, D(2024, 2, 28), True),
    (D(2024, 2, 29), None, False, D(2026, 2, 28), True),  # no 02-29 in 2026: the month's last day
    (D(2024, 2, 29), None, False, D(2026, 3, 1), False),
])
def test_limitation(violation, ended, serious, discovered, ok):
    kw = dict(violation_date=violation, violation_ended_on=ended, endangers_life_or_finance=serious,
              discovered_on=discovered)
    if ok:
        assert check("within_limitation", **kw) is None
    else:
        reason = refused("within_limitation", **kw)
        assert ("5 年" if serious else "2 年") in reason and ("终了" if ended else "发生") in reason


def test_limitation_needs_the_dates():
    refused("within_limitation", violation_date=None, discovered_on=D(2024, 1, 1))
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)


# ---------------------------------------------------------------- officers (第四十二条、第四十三条)

def test_two_valid_officers():
    assert check("two_valid_officers", officers=OK) is None
    expired = [OK[0], OfficerFact(2, "乙", may_act=False, credential_label="已过期")]
    assert "乙的执法证已过期" in refused("two_valid_officers", officers=expired)
    recused = [OK[0], OfficerFact(2, "乙", active=False), OfficerFact(3, "丙", active=False)]
    assert "只有 1 人" in refused("two_valid_officers", officers=recused)
    refused("two_valid_officers", officers=[])


def test_no_conflicted_officer():
    assert check("no_conflicted_officer", officers=OK, conflicts=frozenset({9})) is None
    assert check("no_conflicted_officer", officers=[OK[0], OfficerFact(2, "乙", active=False)],
                 conflicts=frozenset({2})) is None  # recused already
    assert "乙" in refused("no_conflicted_officer", officers=OK, conflicts=frozenset({2}))


# ---------------------------------------------------------------- records of the investigation

@pytest.mark.parametrize("action, article", [("not_file", "第五十四条"), ("transfer", "第二十七条"), ("recuse", "第四十三条"),
                                             ("resume_investigation", "第五十四条")])
def test_reason_given(action, article):
    assert RULES["reason_given"](facts(action=action), {"reason": "理由"}) is None
    reason = RULES["reason_given"](facts(action=action), {"reason": "  "})
    assert article in reason and "行政处罚法" in reason


def test_transfer_target_and_leader_approval():
    assert check("transfer_target_given", transferred_to="市公安局") is None
    refused("transfer_target_given", transferred_to=" ")
    assert check("leader_approval_recorded", {"approved_by": "张局长"}) is None
    refused("leader_approval_recorded", {"approved_by": ""})


def test_preservation_pending_and_decided():
    one = {"preserve_evidence": [step(D(2024, 8, 23))]}
    both = {**one, "decide_preservation": [step(D(2024, 8, 27))]}
    assert check("preservation_pending", steps=one) is None
    refused("preservation_pending", steps=both)
    refused("preservation_pending")
    assert check("no_pending_preservation", steps=both) is None and check("no_pending_preservation") is None
    assert "1 次" in refused("no_pending_preservation", steps=one)


def test_evidence_or_record_present():
    assert check("evidence_or_record_present", evidence_count=1) is None
    assert check("evidence_or_record_present", steps={"record_inquiry": [step(D(2024, 8, 22))]}) is None
    refused("evidence_or_record_present")


# ---------------------------------------------------------------- review, discussion, notice

def test_reviewer_qualified():
    assert check("reviewer_qualified", actor_legal_qualification=True) is None
    refused("reviewer_qualified", actor_legal_qualification=False)


def test_proposed_penalty_given():
    assert check("proposed_penalty_given", proposed_penalties=(fine(500),), basis_article_ids=(1,)) is None
    refused("proposed_penalty_given", basis_article_ids=(1,))
    assert "依据" in refused("proposed_penalty_given", proposed_penalties=(fine(500),))


PASSED = {"conclusion": "passed"}


def test_legal_review_when_required():
    small = dict(party_kind="organization", proposed_penalties=(fine(500),))
    assert check("legal_review_done_if_required", **small) is None  # nothing requires it
    assert "第三项" in refused("legal_review_done_if_required", major_or_complex=True, **small)
    done = {"legal_review": [step(D(2024, 9, 3), **PASSED)]}
    assert check("legal_review_done_if_required", major_or_complex=True, steps=done, **small) is None
    failed = {"legal_review": [step(D(2024, 9, 3), conclusion="not_passed")]}
    assert "未通过" in refused("legal_review_done_if_required", major_or_complex=True, steps=failed, **small)
    # a penalty with a right to a hearing (local list, parameter legal_review_for_hearing_right_penalties)
    refused("legal_review_done_if_required", party_kind="person", proposed_penalties=(fine(1000),))
    assert check("legal_review_done_if_required", party_kind="person", proposed_penalties=(fine(999),)) is None


def test_legal_review_after_a_hearing():
    held = {"legal_review": [step(D(2024, 9, 3), **PASSED)], "hold_hearing": [step(D(2024, 9, 23), outcome="held")]}
    kw = dict(action="decide", penalties=(Penalty("warning"),), hearing_held_on=D(2024, 9, 23), steps=held)
    assert "听证后" in refused("legal_review_done_if_required", **kw)
    after = {**held, "legal_review": [*held["legal_review"], step(D(2024, 9, 24), **PASSED)]}
    assert check("legal_review_done_if_required", **{**kw, "steps": after}) is None
    absent = {**held, "hold_hearing": [step(D(2024, 9, 23), outcome="party_absent")]}
    assert check("legal_review_done_if_required", **{**kw, "steps": absent}) is None  # 第六十四条第八项: no hearing


def test_no_penalty_needs_review_only_when_major():
    kw = dict(action="decide_no_penalty", decision="no_penalty", proposed_penalties=(fine(50000),))
    assert check("legal_review_done_if_required", **kw) is None
    refused("legal_review_done_if_required", major_or_complex=True, **kw)


def test_collective_discussion():
    assert check("collective_discussion_done_if_required") is None
    refused("collective_discussion_done_if_required", major_or_complex=True)
    assert check("collective_discussion_done_if_required", major_or_complex=True,
                 steps={"collective_discussion": [step(D(2024, 9, 4))]}) is None


# ---------------------------------------------------------------- hearing triggers (第六十三条)

@pytest.mark.parametrize("party, penalty, applies", [
    ("person", fine("999.99"), False), ("person", fine(1000), True),
    ("organization", fine("29999.99"), False), ("organization", fine(30000), True),
    ("organization", fine(1000), False),
    ("person", Penalty("confiscate_gains", Decimal("999.99")), False),
    ("person", Penalty("confiscate_gains", Decimal(1000)), True),
    ("organization", Penalty("confiscate_property", Decimal("29999.99")), False),
    ("organization", Penalty("confiscate_property", Decimal(30000)), True),
] + [("person", Penalty(code), bool(t.hearing)) for code, t in PENALTY_TYPES.items() if not t.amount])
def test_hearing_right(party, penalty, applies):
    kw = dict(party_kind=party, proposed_penalties=(Penalty("warning"), penalty))
    if applies:
        assert check("hearing_right_applies", **kw) is None
    else:
        refused("hearing_right_applies", **kw)


def test_heavy_penalties_that_give_a_hearing():
    heavy = {c for c, t in PENALTY_TYPES.items() if t.hearing and not t.amount}
    assert heavy == {"lower_qualification", "revoke_licence", "suspend_business", "close_down", "restrict_practice",
                     "other_heavy"}
    for code in heavy:
        assert check("hearing_right_applies", party_kind="organization", proposed_penalties=(Penalty(code),)) is None


def test_hearing_threshold_is_configurable(tmp_path, monkeypatch):
    custom = tmp_path / "params.toml"
    custom.write_text('[hearing_large_amount_person]\n[[hearing_large_amount_person.values]]\nfrom = 2021-07-15\n'
                      'value = 2000\nreference = "本地规定"\n', encoding="utf-8")
    monkeypatch.setenv("FAZHI_PARAMETERS", str(custom))
    assert "2000 元" in refused("hearing_right_applies", party_kind="person", proposed_penalties=(fine(1500),))
    assert check("hearing_right_applies", party_kind="person", proposed_penalties=(fine(2000),)) is None


# ---------------------------------------------------------------- hearing periods across National Day 2024

@pytest.mark.parametrize("requested, ok", [(D(2024, 10, 10), True), (D(2024, 10, 11), False), (D(2024, 9, 30), True)])
def test_hearing_request_within_five_working_days(requested, ok):
    # notified Fri 09-27: 09-29 (调休上班), 09-30, 10-08, 10-09, 10-10 are the five working days
    kw = dict(notified_on=D(2024, 9, 27), hearing_requested_on=requested)
    assert (check("hearing_request_in_time", **kw) is None) is ok
    if not ok:
        assert "2024-10-10" in refused("hearing_request_in_time", **kw)


def test_hearing_request_needs_the_dates():
    refused("hearing_request_in_time", hearing_requested_on=D(2024, 10, 8))


@pytest.mark.parametrize("hearing_on, ok", [(D(2024, 10, 11), False), (D(2024, 10, 12), True), (D(2024, 10, 14), True)])
def test_hearing_notice_seven_working_days(hearing_on, ok):
    # notice 09-27: 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12 (Saturday, 调休上班)
    kw = dict(hearing_notice_on=D(2024, 9, 27), hearing_on=hearing_on)
    assert (check("hearing_notice_seven_working_days", **kw) is None) is ok
    if not ok:
        refused("hearing_notice_seven_working_days", **kw)


def test_hearing_scheduled_and_chair():
    assert check("hearing_scheduled", hearing_on=D(2024, 9, 23), on=D(2024, 9, 23)) is None
    refused("hearing_scheduled", on=D(2024, 9, 23))
    refused("hearing_scheduled", hearing_on=D(2024, 9, 24), on=D(2024, 9, 23))
    assert check("hearing_chair_not_investigator", {"chair_officer_id": 7}, officers=OK) is None
    refused("hearing_chair_not_investigator", {"chair_officer_id": 2}, officers=OK)
    refused("hearing_chair_not_investigator", {"chair_officer_id": 3},
            officers=[*OK, OfficerFact(3, "丙", active=False)])  # recused investigators too
    refused("hearing_chair_not_investigator", {"chair_officer_id": 7}, officers=OK, conflicts=frozenset({7}))
    refused("hearing_chair_not_investigator", {}, officers=OK)


# ---------------------------------------------------------------- the decision

@pytest.mark.parametrize("on, waived, ok", [
    (D(2024, 10, 8), False, False),  # notified 09-27: 3 working days (09-29, 09-30, 10-08) end on 10-08
    (D(2024, 10, 9), False, True),
    (D(2024, 9, 27), True, True),  # 第六十二条: the party expressly gave up the right
])
def test_statement_period_across_national_day(on, waived, ok):
    kw = dict(on=on, notified_on=D(2024, 9, 27), rights_waived=waived)
    assert (check("statement_period_over_or_waived", **kw) is None) is ok
    if not ok:
        assert "2024-10-08" in refused("statement_period_over_or_waived", **kw)


def test_no_decision_without_notice():
    refused("statement_period_over_or_waived", rights_waived=True)


def test_hearing_held_if_requested():
    assert check("hearing_held_if_requested") is None
    refused("hearing_held_if_requested", hearing_requested_on=D(2024, 9, 9))
    assert check("hearing_held_if_requested", hearing_requested_on=D(2024, 9, 9),
                 hearing_held_on=D(2024, 9, 23)) is None


@pytest.mark.parametrize("filed, extension, on, ok", [
    (D(2024, 8, 20), 0, D(2024, 11, 18), True), (D(2024, 8, 20), 0, D(2024, 11, 19), False),
    (D(2024, 8, 20), 30, D(2024, 12, 18), True), (D(2024, 8, 20), 30, D(2024, 12, 19), False),
    (D(2024, 7, 4), 0, D(2024, 10, 8), True),  # 90 days end on 10-02 (National Day): moved to 10-08
    (D(2024, 7, 4), 0, D(2024, 10, 9), False),
])
def test_decision_period(filed, extension, on, ok):
    kw = dict(filed_on=filed, deadline_extension_days=extension, on=on)
    assert (check("within_decision_period_or_extended", **kw) is None) is ok
    if not ok:
        refused("within_decision_period_or_extended", **kw)
    refused("within_decision_period_or_extended", on=on)


def test_extension_allowed():
    good = {"days": 30, "approved_by": "张局长"}
    assert check("extension_allowed", good, deadline_extension_days=30) is None
    refused("extension_allowed", good, deadline_extension_days=45)  # 15 already + 30 > 30
    refused("extension_allowed", {"days": 10}, deadline_extension_days=10)  # no approval
    refused("extension_allowed", {"approved_by": "张局长"})


def test_penalty_and_education():
    assert check("penalty_given", penalties=(fine(500),), basis_article_ids=(1,)) is None
    refused("penalty_given", basis_article_ids=(1,))
    assert "第三十八条" in refused("penalty_given", penalties=(fine(500),))
    assert check("education_recorded", education_note="已教育") is None
    refused("education_recorded", education_note=" ")


# ---------------------------------------------------------------- service and execution

@pytest.mark.parametrize("data, ok", [
    ({"method": "direct", "recipient": "张三"}, True), ({"method": "direct"}, False),
    ({"method": "mail", "receipt_date": "2024-09-30"}, True), ({"method": "mail"}, False),
    ({"method": "left_at_address", "refused": True, "witness": "居委会主任"}, True),
    ({"method": "left_at_address", "refused": True, "recorded": True}, True),
    ({"method": "left_at_address", "refused": True}, False), ({"method": "left_at_address", "witness": "某"}, False),
    ({"method": "electronic", "consent_signed": True}, True), ({"method": "electronic"}, False),
    ({"method": "public_notice", "grounds": "下落不明"}, True), ({"method": "public_notice"}, False),
    ({"method": "fax"}, False),
])
def test_service_methods(data, ok):
    kw = dict(decided_on=D(2024, 9, 25), served_on=D(2024, 9, 26))
    assert (check("service_method_lawful", data, **kw) is None) is ok
    if not ok:
        refused("service_method_lawful", data, **kw)


def test_on_the_spot_hand_over_only_on_the_day():
    assert check("service_method_lawful", {"method": "on_the_spot"}, decided_on=D(2024, 9, 25),
                 served_on=D(2024, 9, 25)) is None
    refused("service_method_lawful", {"method": "on_the_spot"}, decided_on=D(2024, 9, 25), served_on=D(2024, 9, 26))


SERVED = dict(decision="penalty", penalties=(fine(1000),), service_effective_on=D(2024, 10, 14))  # pay by 10-29


def test_payment_rules():
    assert check("penalty_decided", **SERVED) is None
    refused("penalty_decided", decision="penalty", penalties=(Penalty("warning"),))
    refused("penalty_decided", decision="no_penalty")
    assert check("payment_covers_fine", paid_on=D(2024, 10, 29), paid_amount=Decimal(1000), **SERVED) is None
    refused("payment_covers_fine", paid_on=D(2024, 10, 29), paid_amount=Decimal("999.99"), **SERVED)
    late = refused("payment_covers_fine", paid_on=D(2024, 10, 31), paid_amount=Decimal(1000), **SERVED)
    assert "加处罚款 60 元" in late
    assert check("payment_covers_fine", paid_on=D(2024, 10, 31), paid_amount=Decimal(1060), **SERVED) is None
    both = dict(SERVED, penalties=(fine(1000), Penalty("confiscate_gains", Decimal(500))))
    refused("payment_covers_fine", paid_on=D(2024, 10, 20), paid_amount=Decimal(1000), **both)


def test_payment_overdue_and_demand_across_national_day():
    assert "2024-10-29" in refused("payment_overdue", on=D(2024, 10, 29), **SERVED)
    assert check("payment_overdue", on=D(2024, 10, 30), **SERVED) is None
    refused("payment_overdue", on=D(2024, 10, 30))
    demanded = {"demand": [step(D(2024, 9, 27))]}  # 10 working days end on 10-16 (行政强制法 第六十九条)
    assert "2024-10-16" in refused("demand_ten_days_passed", on=D(2024, 10, 16), steps=demanded)
    assert check("demand_ten_days_passed", on=D(2024, 10, 17), steps=demanded) is None
    refused("demand_ten_days_passed", on=D(2025, 10, 17))


def test_appeal_periods_and_closing():
    assert "2025-04-14" in refused("appeal_periods_expired", on=D(2025, 4, 14), **SERVED)
    assert check("appeal_periods_expired", on=D(2025, 4, 15), **SERVED) is None
    refused("appeal_periods_expired", on=D(2025, 4, 15))
    assert check("executed_or_no_penalty", status="executed", **SERVED) is None
    assert check("executed_or_no_penalty", status="served", decision="no_penalty") is None
    assert check("executed_or_no_penalty", status="served", decision="penalty",
                 penalties=(Penalty("restrict_practice", months=3),)) is None
    refused("executed_or_no_penalty", status="served", **SERVED)


@pytest.mark.parametrize("party, penalties, ok", [
    ("person", (fine(200),), True), ("person", (fine("200.01"),), False),
    ("organization", (fine(3000),), True), ("organization", (fine("3000.01"),), False),
    ("person", (Penalty("warning"),), True), ("organization", (Penalty("warning"), fine(3000)), True),
    ("person", (Penalty("criticism"),), False), ("person", (Penalty("confiscate_gains", Decimal(50)),), False),
])
def test_on_spot_thresholds(party, penalties, ok):
    kw = dict(party_kind=party, penalties=penalties)
    assert (check("on_spot_thresholds", **kw) is None) is ok
    if not ok:
        refused("on_spot_thresholds", **kw)


# ---------------------------------------------------------------- late fee (第七十二条、第七十三条)

@pytest.mark.parametrize("paid_on, excluded, fee", [
    (D(2024, 1, 10), 0, "0.00"), (D(2024, 1, 9), 0, "0.00"), (D(2024, 1, 11), 0, "30.00"),
    (D(2024, 1, 20), 0, "300.00"), (D(2024, 2, 12), 0, "990.00"), (D(2024, 2, 13), 0, "1000.00"),
    (D(2024, 6, 1), 0, "1000.00"),  # capped at the fine
    (D(2024, 1, 20), 5, "150.00"),  # five days of 复议 not counted
    (D(2024, 1, 20), 10, "0.00"), (D(2024, 1, 20), 30, "0.00"),
])
def test_late_fee(paid_on, excluded, fee):
    assert late_fee(Decimal("1000.00"), D(2024, 1, 10), paid_on, excluded) == Decimal(fee)


def test_late_fee_rounds_to_the_fen():
    assert late_fee(Decimal("333.33"), D(2024, 1, 10), D(2024, 1, 11)) == Decimal("10.00")


# ---------------------------------------------------------------- purity

def test_rules_and_facts_import_no_django():
    code = ("import sys; import fazhi.cases.rules, fazhi.cases.facts; "
            "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_every_rule_cites_its_article():
    assert set(RULES) == set(ARTICLES)
    for code, article in ARTICLES.items():
        assert "法" in article, code
