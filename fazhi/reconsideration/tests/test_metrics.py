"""The report figures on a small year worked by hand (see the table in ``YEAR``)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from fazhi.reconsideration.rules.metrics import (DEFINITIONS, CaseOutcome, compute, correction_by_respondent,
                                                 definition)

D = dt.date


def case(id, accepted, concluded, outcome=None, decision=None, respondent="甲局", **kw):
    return CaseOutcome(id=id, accepted_on=accepted, concluded_on=concluded, outcome=outcome, decision=decision,
                       respondent=respondent, **kw)


YEAR = [
    # id  accepted            concluded          outcome / decision                       notes
    case(1, D(2024, 1, 10), D(2024, 3, 1), "decision", "revoke", days=51,
         hearings=((D(2024, 5, 10), True),)),  # corrected
    case(2, D(2024, 2, 1), D(2024, 4, 1), "decision", "uphold", suit_filed=False, days=60, extended=True),
    case(3, D(2024, 2, 5), D(2024, 5, 1), "decision", "uphold", respondent="乙局", suit_filed=True, days=86,
         extended=True, hearings=((D(2024, 6, 1), False), (D(2024, 7, 1), True))),  # sued: not substantive
    case(4, D(2024, 3, 1), D(2024, 3, 20), "mediation", respondent="乙局", days=19),
    case(5, D(2024, 4, 1), D(2024, 4, 11), "settlement_withdrawal", days=10),
    case(6, D(2024, 5, 1), D(2024, 5, 20), "deemed_abandoned", respondent="丙局", days=19),  # 第三十一条: out
    case(7, D(2024, 6, 1), D(2024, 7, 30), "decision", "change", respondent="乙局", days=59),
    case(8, D(2024, 10, 1), D(2024, 12, 1), "decision", "uphold", suit_filed=None, days=61, overdue=True),
    case(9, D(2024, 11, 15), None, hearings=((D(2025, 1, 5), True),)),  # open; hearing next year
    case(10, D(2023, 12, 1), D(2024, 1, 20), "decision", "reject_request", respondent="丙局", days=50),  # 结转
    case(11, D(2023, 1, 1), D(2023, 2, 1), "decision", "revoke", days=31,
         hearings=((D(2023, 5, 1), False),)),  # last year: out of everything
    case(12, D(2024, 12, 1), None, overdue=True),
]


@pytest.fixture(scope="module")
def figures():
    return {m.name: m for m in compute(YEAR, 2024)}


def test_names_and_order(figures):
    assert list(figures) == ["实质化解率", "负责人出庭应诉率", "结案率", "平均办理天数", "超期案件数", "延期率",
                             "纠错率", "调解和解率"]


def test_substantive_resolution(figures):
    m = figures["实质化解率"]
    # corrected 1, 7; upheld without suit 2; mediated 4; settled 5 — not 3 (sued), 6 (abandoned),
    # 8 (suit unknown), 10 (rejected)
    assert (m.numerator, m.denominator, m.value) == (5, 9, Fraction(5, 9))
    assert set(m.case_ids) == {1, 2, 4, 5, 7}
    assert 6 not in m.case_ids and 3 not in m.case_ids
    assert m.formula == "实质化解率 = (纠错案件数 + 调解结案数 + 和解撤回数 + 维持后未起诉数) ÷ 本年度办结案件数 × 100%"
    assert "视为放弃" in m.definition and "第三十一条" in m.definition
    assert m.display == "55.6%"


def test_head_attendance(figures):
    m = figures["负责人出庭应诉率"]
    assert (m.numerator, m.denominator, m.value) == (2, 3, Fraction(2, 3))
    assert m.case_ids == (1, 3)
    assert m.formula == "负责人出庭应诉率 = 负责人出庭应诉庭次 ÷ 本年度开庭庭次 × 100%"


def test_other_figures(figures):
    assert (figures["结案率"].numerator, figures["结案率"].denominator) == (9, 11)  # 结转 10 in; 11 out
    avg = figures["平均办理天数"]
    assert (avg.numerator, avg.denominator, avg.value) == (415, 9, Fraction(415, 9))
    assert avg.display == "46.1"
    over = figures["超期案件数"]
    assert (over.numerator, over.denominator, over.value, set(over.case_ids)) == (2, None, 2, {8, 12})
    assert over.display == "2"
    assert figures["延期率"].value == Fraction(2, 9)
    corr = figures["纠错率"]
    assert (corr.numerator, corr.denominator, set(corr.case_ids)) == (2, 6, {1, 7})
    assert figures["调解和解率"].value == Fraction(2, 9)
    assert figures["纠错率"].formula == "纠错率 = 纠错决定数 ÷ 本年度作出行政复议决定的案件数 × 100%"


def test_every_definition_shows_its_formula():
    for d in DEFINITIONS:
        assert d.formula.startswith(d.name + " = ") and d.definition


def test_empty_year_gives_none():
    figures = {m.name: m for m in compute([], 2024)}
    for name, m in figures.items():
        if m.kind == "count":
            assert m.value == 0
        else:
            assert m.denominator == 0 and m.value is None and m.display == "—", name


def test_open_cases_stay_in_hand():
    figures = {m.name: m for m in compute(YEAR, 2030)}  # 9 and 12 never concluded
    assert (figures["结案率"].numerator, figures["结案率"].denominator) == (0, 2)
    assert figures["实质化解率"].value is None and figures["超期案件数"].case_ids == (12,)


def test_upheld_then_sued_is_not_substantive():
    cases = [case(1, D(2024, 1, 1), D(2024, 2, 1), "decision", "uphold", suit_filed=True, days=31)]
    m = next(m for m in compute(cases, 2024) if m.name == "实质化解率")
    assert (m.numerator, m.denominator) == (0, 1)
    cases = [case(1, D(2024, 1, 1), D(2024, 2, 1), "decision", "uphold", suit_filed=False, days=31)]
    assert next(m for m in compute(cases, 2024) if m.name == "实质化解率").numerator == 1


def test_correction_by_respondent():
    rows = correction_by_respondent(YEAR, 2024)
    assert [(r.respondent, r.corrected, r.decided, r.value) for r in rows] == [
        ("甲局", 1, 3, Fraction(1, 3)), ("乙局", 1, 2, Fraction(1, 2)), ("丙局", 0, 1, Fraction(0))]
    assert rows[0].case_ids == (1,)


def test_unknown_codes_are_refused():
    with pytest.raises(ValueError):
        compute([case(1, D(2024, 1, 1), D(2024, 2, 1), "won", days=1)], 2024)
    with pytest.raises(ValueError):
        compute([case(1, D(2024, 1, 1), D(2024, 2, 1), "decision", "nope", days=1)], 2024)
    assert definition("correction").name == "纠错率"
