"""The engine's API beyond the scenarios: facts errors, finding a matter, the 第三十二条 guard, check_decision,
从旧兼从轻 comparison, and properties over random facts (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.cases.facts import Penalty
from fazhi.discretion import engine
from fazhi.discretion.engine import FactsError, UnknownViolation, check_decision, find_violation, parse_facts, recommend
from fazhi.discretion.model import TIERS, Band

BASE = {"party_type": "person", "harm": "minor", "violation_date": "2024-03-01", "decision_date": "2024-09-01"}


def facts(**kw):
    return {**BASE, **kw}


# ---------------------------------------------------------------- facts

def _fields(exc) -> dict[str, str]:
    return {p.field: p.reason for p in exc.value.problems}


def test_missing_facts_are_named_in_chinese(shipped):
    with pytest.raises(FactsError) as caught:
        parse_facts({}, shipped)
    fields = _fields(caught)
    assert set(fields) == {"party_type(当事人类型)", "harm(危害后果)", "violation_date(违法行为发生日期)",
                           "decision_date(决定日期)"}
    assert all(r == "必须填写" for r in fields.values())
    assert "事实有误" in caught.value.message


@pytest.mark.parametrize("key, value, reason", [
    ("harm", "great", "“great”无效,应为 none(没有造成危害后果)"),
    ("party_type", "lawyer", "应为 person(公民(个人))、organization(法人或者其他组织)"),
    ("violation_date", "2024-02-30", "日期“2024-02-30”无效"),
    ("illegal_gains", "-5", "不能为负数"),
    ("illegal_gains", "三千元", "金额“三千元”无效"),
    ("first_offence", "yes", "应为 true 或 false"),
    ("mitigating", ["drunk"], "情节代码“drunk”未在裁量基准中定义"),
    ("mitigating", ["obstructed"], "属于从重情节 aggravating,不能列在此处"),
    ("aggravating", "obstructed", "应为情节代码的列表"),
    ("colour", "red", "未知的事实字段"),
    ("decision_date", "2024-01-01", "决定日期 2024-01-01 早于违法行为发生日期 2024-03-01"),
    ("discovered_on", "2024-10-01", "发现日期 2024-10-01 晚于决定日期 2024-09-01"),
])
def test_a_bad_fact_names_its_field(shipped, key, value, reason):
    with pytest.raises(FactsError) as caught:
        parse_facts(facts(**{key: value}), shipped)
    [(field, found)] = _fields(caught).items()
    assert field.startswith(key) and reason in found, (field, found)


def test_prior_penalties_are_checked_item_by_item(shipped):
    raw = facts(prior_penalties=[{"basis": "律师法第四十七条", "penalty": "罚金"},
                                 {"basis": "", "penalty": "警告", "decided_on": "2023-01-01", "ended_on": "2022-01-01"},
                                 {"basis": "律师法第四十七条", "penalty": "停止执业", "decided_on": "2023-01-01", "months": 0}])
    with pytest.raises(FactsError) as caught:
        parse_facts(raw, shipped)
    fields = _fields(caught)
    assert "处罚种类“罚金”无效" in fields["prior_penalties[0].penalty(曾受处罚)"]
    assert fields["prior_penalties[0].decided_on(曾受处罚)"] == "缺少处罚决定日期"
    assert "缺少处罚依据" in fields["prior_penalties[1].basis(曾受处罚)"]
    assert "早于决定日期" in fields["prior_penalties[1].ended_on(曾受处罚)"]
    assert "应为正整数" in fields["prior_penalties[2].months(曾受处罚)"]


def test_facts_parse_into_plain_values(shipped):
    f = parse_facts(facts(illegal_gains=1500.5, mitigating=["cooperated", "cooperated"],
                          prior_penalties=[{"basis": "律师法第四十七条", "penalty": "警告", "decided_on": "2023-01-01"}]),
                    shipped)
    assert f.illegal_gains == Decimal("1500.5") and f.mitigating == ("cooperated",)
    assert f.violation_date == dt.date(2024, 3, 1) and f.prior_penalties[0].penalty == "warning"


# ---------------------------------------------------------------- finding the matter

@pytest.mark.parametrize("key, party, code", [
    ("LS-47", None, "LS-47"),
    ("律师法第四十七条", None, "LS-47"),
    ("《中华人民共和国律师法》第四十七条", None, "LS-47"),
    ("律师法第四十七条第三项", None, "LS-47"),
    ("律师法第五十条", "organization", "LS-50"),
    ("律师法第五十条", "person", "LS-50-HEAD"),
    ("公证法第四十二条", "person", "GZ-42-PERSON"),
    ("关于司法鉴定管理问题的决定第十三条", "organization", None),
])
def test_find_violation(shipped, key, party, code):
    if code is None:
        with pytest.raises(UnknownViolation, match="对应多个事项"):
            find_violation(shipped, key, party)
        return
    assert find_violation(shipped, key, party).code == code


def test_unknown_and_ambiguous_bases(shipped):
    with pytest.raises(UnknownViolation, match="裁量基准中没有“律师法第四条”"):
        find_violation(shipped, "律师法第四条")
    with pytest.raises(UnknownViolation, match="GZ-41-ORG.*GZ-41-PERSON"):
        find_violation(shipped, "公证法第四十一条")


def test_a_matter_for_firms_refuses_a_person(shipped):
    with pytest.raises(FactsError, match="事项 LS-50「.*」的当事人应为法人或者其他组织"):
        recommend(shipped, "LS-50", facts())


# ---------------------------------------------------------------- rules the engine enforces

def test_article_32_circumstance_prevents_heavier_tiers(shipped):
    rec = recommend(shipped, "LS-48", facts(harm="serious", mitigating=["coerced"], aggravating=["obstructed"]))
    assert rec.tier == "从轻" and not rec.serious
    assert any("行政处罚法第三十二条第二项" in line for line in rec.explanation)


def test_every_explanation_line_cites_a_rule(shipped):
    rec = recommend(shipped, "LS-49", facts(illegal_gains="100", mitigating=["cooperated"], prior_penalties=[
        {"basis": "律师法第四十八条", "penalty": "停止执业", "decided_on": "2021-01-01", "ended_on": "2021-06-01"}]))
    for line in rec.explanation:
        assert any(mark in line for mark in ("法第", "决定第", "办法第", "裁量基准", "规定")), line


def test_check_decision_accepts_case_penalties(shipped):
    rec = recommend(shipped, "LS-47", facts())
    ok = [Penalty("warning"), Penalty("fine", amount=Decimal("2000"))]
    assert check_decision(rec, ok) == []
    found = check_decision(rec, [Penalty("warning"), Penalty("revoke_licence"), Penalty("restrict_practice", months=2)])
    assert [(d.code, d.severity) for d in found] == [("not_in_statute", "error"), ("other_tier", "warning"),
                                                     ("missing_penalty", "warning")]
    assert "吊销许可证件不是律师法第四十七条规定的处罚种类" == found[0].message


def test_check_decision_flags_a_missing_amount(shipped):
    rec = recommend(shipped, "LS-47", facts())
    assert [d.code for d in check_decision(rec, [{"type": "warning"}, {"type": "fine"}])] == ["missing_amount"]


def test_recommendation_json_shape(shipped):
    data = recommend(shipped, "律师法第四十七条", facts()).to_json()
    assert set(data) == {"violation", "version", "tier", "no_penalty", "discretionary", "reason", "escalated",
                         "escalation", "serious", "penalties", "range", "power", "power_label", "rule_date",
                         "explanation", "if_penalised"}
    assert data["violation"]["code"] == "LS-47" and data["tier"] in TIERS
    assert all(set(p) == {"type", "label", "min", "max", "unit"} for p in data["penalties"] + data["range"])


@pytest.mark.parametrize("new, old, heavier", [
    ([("fine", 0, 3000)], [("fine", 0, 5000)], False),  # lower maximum: lighter
    ([("fine", 0, 5000)], [("fine", 0, 5000)], True),  # the same: not lighter
    ([("fine", 0, 8000)], [("fine", 0, 5000)], True),
    ([("fine", 1000, 3000)], [("fine", 0, 5000)], True),  # one bound heavier: not lighter
    ([("warning", None, None)], [("warning", None, None), ("fine", 0, 1000)], False),  # a kind left out
    ([("warning", None, None), ("fine", 0, 10)], [("warning", None, None)], True),  # a kind added
])
def test_article_37_lighter_comparison(new, old, heavier):
    def bands(items):
        return [Band(t, "yuan" if lo is not None else None, None if lo is None else Decimal(lo),
                     None if hi is None else Decimal(hi)) for t, lo, hi in items]
    assert engine._heavier_or_equal(bands(new), bands(old)) is heavier


# ---------------------------------------------------------------- properties

_codes = {"mitigating": ["harm_reduced", "coerced", "confessed", "cooperated", "short_duration"],
          "aggravating": ["obstructed", "refused_correction", "repeated", "bad_influence"]}
_facts = st.fixed_dictionaries({
    "harm": st.sampled_from(["none", "minor", "serious"]),
    "first_offence": st.booleans(),
    "corrected_in_time": st.booleans(),
    "minor_violation": st.booleans(),
    "illegal_gains": st.one_of(st.none(), st.decimals(min_value=0, max_value=10 ** 6, places=2).map(str)),
    "mitigating": st.lists(st.sampled_from(_codes["mitigating"]), max_size=2, unique=True),
    "aggravating": st.lists(st.sampled_from(_codes["aggravating"]), max_size=2, unique=True),
    "prior": st.sampled_from([None, ("警告", 200), ("停止执业", 500), ("停业整顿", 500)]),
})


def _raw(v, drawn):
    raw = {"party_type": v.party[0], "violation_date": "2024-03-01", "decision_date": "2024-09-01",
           **{k: drawn[k] for k in ("harm", "first_offence", "corrected_in_time", "minor_violation", "mitigating",
                                    "aggravating")}}
    if drawn["illegal_gains"] is not None:
        raw["illegal_gains"] = drawn["illegal_gains"]
    if drawn["prior"]:
        kind, days = drawn["prior"]
        decided = dt.date(2024, 3, 1) - dt.timedelta(days=days)
        raw["prior_penalties"] = [{"basis": v.article, "penalty": kind, "decided_on": decided.isoformat(),
                                   "ended_on": (decided + dt.timedelta(days=90)).isoformat()}]
    return raw


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=_facts, index=st.integers(min_value=0, max_value=15))
def test_recommended_ranges_always_lie_within_the_statutory_range(shipped, drawn, index):
    v = list(shipped.violations.values())[index]
    rec = recommend(shipped, v.code, _raw(v, drawn))
    for r in (rec, rec.if_penalised) if rec.if_penalised else (rec,):
        statute = {(b.type, b.unit): b for b in r.range}
        for b in r.penalties:
            s = statute.get((b.type, b.unit))
            if s is None:
                assert r.tier == "减轻" and b.type in ("warning", "criticism"), (v.code, b)
                continue
            if not b.numeric:
                continue
            assert b.min <= b.max
            if r.tier == "减轻":
                assert 0 <= b.min and b.max <= s.min, (v.code, b, s)
            else:
                assert s.min <= b.min and b.max <= s.max, (v.code, r.tier, b, s)
            if b.type == "fine" and b.unit == "yuan" and v.statutory_of("fine", "multiple"):
                cap = v.statutory_of("fine", "multiple").cap
                assert cap is None or b.max <= cap.at(dt.date(2024, 3, 1))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=_facts, index=st.integers(min_value=0, max_value=15), extra=st.sampled_from(_codes["aggravating"]))
def test_an_added_aggravating_circumstance_never_lightens_the_tier(shipped, drawn, index, extra):
    v = list(shipped.violations.values())[index]
    raw = _raw(v, drawn)
    before = recommend(shipped, v.code, raw)
    after = recommend(shipped, v.code, {**raw, "aggravating": sorted({*raw["aggravating"], extra})})
    rank = {t: i for i, t in enumerate(TIERS)}

    def level(r):
        return (rank[r.tier], r.serious, r.escalation is not None)

    assert level(after) >= level(before) or before.no_penalty, (v.code, before.tier, after.tier)


def test_article_32_turns_a_general_tier_into_lighter(tmp_path):
    # a benchmark whose 从轻 does not name the 第三十二条 circumstances: the engine still refuses 一般
    from fazhi.discretion import schema
    from fazhi.discretion.tests.conftest import HERE, SHIPPED

    text = (HERE / "fixtures" / "valid.yaml").read_text(encoding="utf-8")
    (tmp_path / "t.yaml").write_text(text.replace('when: {mitigating: ["@art32"]}',
                                                  'when: {mitigating: ["@art32"], harm: [none]}'), encoding="utf-8")
    benchmark = schema.load([next(p for p in SHIPPED if p.name == "circumstances.yaml"), tmp_path / "t.yaml"])
    rec = recommend(benchmark, "T-1", facts(mitigating=["confessed"], aggravating=["obstructed"]))
    assert rec.tier == "从轻"
    assert "行政处罚法第三十二条:具有应当从轻或者减轻行政处罚的情节,不适用一般档或从重档" in rec.explanation


def test_a_date_before_any_dated_value_is_refused(tmp_path):
    from fazhi.discretion import schema
    from fazhi.discretion.tests.conftest import HERE

    benchmark = schema.load([HERE / "fixtures" / "dated.yaml"])
    with pytest.raises(engine.NotInForce, match="裁量基准在 2019-06-01 尚无生效的罚款数值"):
        recommend(benchmark, "TEST-LIGHTER", facts(violation_date="2019-06-01"))
