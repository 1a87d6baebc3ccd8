"""行政复议决定 types and their preconditions (行政复议法第三十三条、第六十三条—第七十二条)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from fazhi.cases.facts import PENALTY_TYPES
from fazhi.cases.facts import Penalty as CasePenalty
from fazhi.reconsideration.rules import decisions as dec
from fazhi.reconsideration.rules.decisions import DECISION_TYPES, DecisionFacts, Penalty, check, no_worse

LAWFUL = DecisionFacts(facts_clear=True, evidence_sufficient=True, law_correct=True, procedure_lawful=True,
                       content_appropriate=True)


def test_types_cover_the_articles():
    articles = {t.article for t in DECISION_TYPES.values()}
    for n in ("三十三", "六十三", "六十四", "六十五", "六十六", "六十七", "六十八", "六十九", "七十", "七十一", "七十二"):
        assert f"行政复议法第{n}条" in articles


def test_tianjin_signers():
    # legal-rules.md “Tianjin” [S]: 维持/驳回 signed by the bureau, 变更/撤销 by a government leader
    for code in ("uphold", "reject_request", "reject_application"):
        assert DECISION_TYPES[code].signer == "bureau" and DECISION_TYPES[code].signer_tag == "S"
    for code in ("change", "revoke"):
        assert DECISION_TYPES[code].signer == "government_leader" and DECISION_TYPES[code].signer_tag == "S"
    others = set(DECISION_TYPES) - {"uphold", "reject_request", "reject_application", "change", "revoke"}
    assert all(DECISION_TYPES[c].signer_tag == "M" for c in others)
    assert "司法局" in dec.signer("uphold")


def test_counts_as():
    corrected = {c for c, t in DECISION_TYPES.items() if t.counts_as == "corrected"}
    assert {"change", "revoke", "confirm_illegal", "perform", "confirm_void"} <= corrected
    assert DECISION_TYPES["uphold"].counts_as == "upheld"


def test_severity_table_has_the_case_penalty_codes():
    assert set(dec.SEVERITY) == set(PENALTY_TYPES) == set(dec.PENALTY_LABELS)


FINE_5000 = Penalty("fine", Decimal("5000"))


@pytest.mark.parametrize("code, facts", [
    ("change", replace(LAWFUL, content_appropriate=False, original_penalties=(FINE_5000,),
                       new_penalties=(Penalty("fine", Decimal("3000")),))),
    ("change", replace(LAWFUL, law_correct=False)),
    ("change", DecisionFacts(facts_clear=False, facts_clarified_by_body=True)),
    ("revoke", DecisionFacts(evidence_sufficient=False)),
    ("revoke", replace(LAWFUL, procedure_lawful=False, redo_order=True, redo_period_days=30)),
    ("revoke", replace(LAWFUL, ultra_vires_or_abuse=True)),
    ("confirm_illegal", DecisionFacts(procedure_lawful=False, minor_procedural_defect_no_effect=True)),
    ("confirm_illegal", DecisionFacts(evidence_sufficient=False, revocation_harms_public_interest=True)),
    ("confirm_illegal", DecisionFacts(nothing_to_revoke=True)),
    ("confirm_illegal", DecisionFacts(failure_to_act_claim=True, performance_meaningless=True)),
    ("perform", DecisionFacts(failure_to_act_claim=True, duty_exists=True)),
    ("confirm_void", DecisionFacts(major_obvious_defect=True, invalidity_requested=True)),
    ("uphold", LAWFUL),
    ("reject_request", DecisionFacts(failure_to_act_claim=True, duty_exists=False)),
    ("reject_request", DecisionFacts(failure_to_act_claim=True, duty_exists=True, performed_before_acceptance=True)),
    ("no_defence", DecisionFacts(respondent_answered=False)),
    ("agreement", DecisionFacts(administrative_agreement=True, agreement_breach=True)),
    ("compensation", DecisionFacts(compensation_requested=True)),
    ("compensation", DecisionFacts(property_measure_revoked=True)),
    ("reject_application", DecisionFacts(meets_acceptance_conditions=False)),
])
def test_allowed(code, facts):
    assert check(code, facts) == []


@pytest.mark.parametrize("code, facts, article", [
    ("change", LAWFUL, "第六十三条"),
    ("revoke", LAWFUL, "第六十四条"),
    ("revoke", DecisionFacts(evidence_sufficient=False, revocation_harms_public_interest=True), "第六十五条"),
    ("revoke", DecisionFacts(evidence_sufficient=False, redo_order=True), "第六十四条"),
    ("confirm_illegal", LAWFUL, "第六十五条"),
    ("perform", DecisionFacts(), "第六十六条"),
    ("perform", DecisionFacts(failure_to_act_claim=True, duty_exists=False), "第六十九条"),
    ("confirm_void", DecisionFacts(major_obvious_defect=True), "第六十七条"),
    ("confirm_void", DecisionFacts(invalidity_requested=True), "第六十七条"),
    ("uphold", replace(LAWFUL, content_appropriate=None), "第六十八条"),
    ("uphold", replace(LAWFUL, evidence_sufficient=False), "第六十八条"),
    ("uphold", replace(LAWFUL, respondent_answered=False), "第七十条"),
    ("reject_request", DecisionFacts(), "第六十九条"),
    ("reject_request", DecisionFacts(failure_to_act_claim=True, duty_exists=True), "第六十九条"),
    ("no_defence", DecisionFacts(), "第七十条"),
    ("no_defence", DecisionFacts(respondent_answered=False, third_party_evidence=True), "第七十条"),
    ("agreement", DecisionFacts(), "第七十一条"),
    ("compensation", DecisionFacts(), "第七十二条"),
    ("reject_application", DecisionFacts(), "第三十三条"),
    ("uphold", replace(LAWFUL, meets_acceptance_conditions=False), "第三十三条"),
])
def test_refused_with_article(code, facts, article):
    reasons = check(code, facts)
    assert reasons and any(article in r for r in reasons), reasons


def test_unknown_decision():
    with pytest.raises(ValueError):
        check("nope", LAWFUL)


# ------------------------------------------------------------------ no worsening (第六十三条第二款)

@pytest.mark.parametrize("original, new, ok", [
    ((FINE_5000,), (Penalty("fine", Decimal("3000")),), True),  # lighter fine
    ((FINE_5000,), (FINE_5000,), True),
    ((FINE_5000,), (Penalty("fine", Decimal("6000")),), False),  # higher fine
    ((FINE_5000,), (Penalty("warning"),), True),  # fine replaced by a warning
    ((FINE_5000,), (FINE_5000, Penalty("warning")), False),  # warning added on top
    ((FINE_5000,), (Penalty("suspend_licence", months=1),), False),  # new heavier type
    ((FINE_5000,), (Penalty("revoke_licence"),), False),
    ((Penalty("suspend_business", months=3),), (Penalty("suspend_business", months=4),), False),  # longer
    ((Penalty("suspend_business", months=3),), (Penalty("suspend_business", months=2),), True),
    ((Penalty("revoke_licence"), FINE_5000), (FINE_5000,), True),  # heavier type dropped
    ((Penalty("revoke_licence"),), (Penalty("suspend_licence", months=6),), True),  # replaced by a lighter one
])
def test_no_worse(original, new, ok):
    assert no_worse(original, new) is ok


def test_no_worse_accepts_case_penalties():
    assert not no_worse((CasePenalty("fine", Decimal("100")),), (CasePenalty("fine", Decimal("200")),))


def test_change_refused_when_worse_unless_third_party():
    facts = replace(LAWFUL, content_appropriate=False, original_penalties=(FINE_5000,),
                    new_penalties=(Penalty("fine", Decimal("8000")),))
    reasons = check("change", facts)
    assert len(reasons) == 1 and "罚款金额由 5000 提高至 8000" in reasons[0] and "第六十三条第二款" in reasons[0]
    assert check("change", replace(facts, third_party_contrary_request=True)) == []
