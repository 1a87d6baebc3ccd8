"""Agreement between the two reviewers: Cohen's kappa, score differences, disagreements. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.evaluation.agreement import (Disagreement, ItemDifference, cohen_kappa, disagreements,
                                        item_differences, score_differences, strength, summarize)

GRADES = ["优秀", "良好", "合格", "不合格"]

HAND_WORKED = [
    ("优秀", "优秀"),      # 1  agree
    ("优秀", "良好"),      # 2
    ("良好", "良好"),      # 3  agree
    ("良好", "良好"),      # 4  agree
    ("良好", "合格"),      # 5
    ("合格", "合格"),      # 6  agree
    ("合格", "合格"),      # 7  agree
    ("合格", "良好"),      # 8
    ("不合格", "不合格"),  # 9  agree
    ("良好", "良好"),      # 10 agree
]


def test_kappa_on_a_hand_worked_example():
    """Ten files graded by two reviewers (first, second), as in ``HAND_WORKED``.

    Agreement matrix (rows: first reviewer, columns: second reviewer)::

                 优秀  良好  合格  不合格 | first
        优秀       1     1     0     0   |   2
        良好       0     3     1     0   |   4
        合格       0     1     2     0   |   3
        不合格     0     0     0     1   |   1
        ------------------------------------
        second     1     5     3     1   |  10

    observed  p_o = (1 + 3 + 2 + 1) / 10 = 7/10 = 0.7
    expected  p_e = (2·1 + 4·5 + 3·3 + 1·1) / 10² = (2 + 20 + 9 + 1) / 100 = 32/100 = 0.32
    kappa     κ = (0.7 − 0.32) / (1 − 0.32) = 0.38 / 0.68 = 19/34 = 0.558823… → 0.5588
    """
    k = cohen_kappa(HAND_WORKED, GRADES)
    assert k.n == 10
    assert k.observed == pytest.approx(0.7)
    assert k.expected == pytest.approx(0.32)
    assert round(k.value, 4) == 0.5588
    assert k.value == pytest.approx(19 / 34)
    assert k.categories == tuple(GRADES)
    assert k.matrix == ((1, 1, 0, 0), (0, 3, 1, 0), (0, 1, 2, 0), (0, 0, 0, 1))
    assert k.strength == "中等一致"


def test_kappa_on_the_textbook_two_by_two_table():
    """The classic 2×2 example: 50 items, both say yes 20, first yes / second no 5, first no / second yes
    10, both no 15. p_o = 35/50 = 0.7; first yes 25/50 = 0.5, second yes 30/50 = 0.6;
    p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4."""
    pairs = [("合格", "合格")] * 20 + [("合格", "不合格")] * 5 + [("不合格", "合格")] * 10 + [("不合格", "不合格")] * 15
    k = cohen_kappa(pairs)
    assert (k.n, k.observed, k.expected) == (50, 0.7, 0.5)
    assert round(k.value, 4) == 0.4
    assert k.matrix == ((20, 5), (10, 15))


def test_no_pairs_gives_no_value():
    k = cohen_kappa([])
    assert (k.value, k.n, k.observed, k.expected) == (None, 0, 0.0, 0.0)
    assert k.strength == "无法计算"


def test_one_grade_for_every_file_gives_no_value():
    """p_e = 1: both reviewers gave every file 合格; chance explains all the agreement, κ is undefined."""
    k = cohen_kappa([("合格", "合格")] * 6, GRADES)
    assert (k.value, k.observed, k.expected) == (None, 1.0, 1.0)


def test_perfect_and_opposite_agreement():
    assert cohen_kappa([("优秀", "优秀"), ("合格", "合格")]).value == 1.0
    assert cohen_kappa([("优秀", "合格"), ("合格", "优秀")]).value == -1.0
    assert strength(-0.2) == "低于随机一致"


def test_unused_categories_do_not_change_kappa():
    assert cohen_kappa(HAND_WORKED, GRADES + ["待定"]).value == pytest.approx(cohen_kappa(HAND_WORKED).value)


def test_a_grade_outside_the_given_categories_is_refused():
    with pytest.raises(ValueError, match="基本合格"):
        cohen_kappa([("基本合格", "合格")], GRADES)


def test_kappa_accepts_any_iterable():
    assert cohen_kappa(iter(HAND_WORKED)).n == 10


grade_pairs = st.lists(st.tuples(st.sampled_from(GRADES), st.sampled_from(GRADES)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(pairs=grade_pairs)
def test_kappa_is_symmetric_bounded_and_order_free(pairs):
    k = cohen_kappa(pairs, GRADES)
    swapped = cohen_kappa([(b, a) for a, b in pairs], GRADES)
    reordered = cohen_kappa(list(reversed(pairs)), GRADES)
    if k.value is None:
        assert swapped.value is None and (k.n == 0 or k.expected == 1.0)
        return
    assert swapped.value == pytest.approx(k.value)
    assert reordered.value == pytest.approx(k.value)
    assert -1.0 - 1e-12 <= k.value <= 1.0 + 1e-12
    assert 0.0 <= k.observed <= 1.0 and 0.0 <= k.expected < 1.0
    if k.observed == 1.0:
        assert k.value == pytest.approx(1.0)


# ---------------------------------------------------------------- score differences

def test_score_differences_largest_first_ties_keep_their_order():
    diffs = score_differences([("甲", Decimal("90.0"), Decimal("85.5")), ("乙", "70", "82"), ("丙", 60, 60),
                               ("丁", Decimal("80"), Decimal("84.5")), ("戊", 0.5, "1")])
    assert [(d.case, d.difference, d.absolute) for d in diffs] == [
        ("乙", 12, 12), ("甲", Decimal("-4.5"), Decimal("4.5")), ("丁", Decimal("4.5"), Decimal("4.5")),
        ("戊", Decimal("0.5"), Decimal("0.5")), ("丙", 0, 0)]


def test_summary_of_the_differences():
    diffs = score_differences([("甲", 90, 85), ("乙", 70, 82), ("丙", 60, 60)])
    s = summarize(diffs)
    assert (s.n, s.mean_absolute, s.max_absolute, s.identical) == (3, Decimal("5.67"), 12, 1)
    assert summarize([]).mean_absolute is None


def test_a_score_that_is_not_a_number_names_the_file():
    with pytest.raises(ValueError, match="案卷 甲 的第二评查人得分"):
        score_differences([("甲", 90, "九十")])


# ---------------------------------------------------------------- disagreements

def test_disagreements_list_different_grades_and_large_differences():
    reviews = [
        ("A", Decimal("91.0"), "优秀", Decimal("89.5"), "良好"),  # grades differ, 1.5 apart
        ("B", Decimal("75.0"), "合格", Decimal("65.0"), "合格"),  # same grade, 10 apart
        ("C", Decimal("85.0"), "良好", Decimal("82.0"), "良好"),  # agree enough
        ("D", Decimal("95.0"), "不合格", Decimal("70.0"), "合格"),  # a veto on one side, 25 apart
        ("E", Decimal("70.0"), "合格", Decimal("60.5"), "合格"),  # 9.5 apart: below the threshold
    ]
    found = disagreements(reviews, threshold=10)
    assert [d.case for d in found] == ["D", "A", "B"]
    assert found[0].reasons == ("等次不一致:不合格 / 合格", "分差 25.0 分,达到 10 分")
    assert found[1].reasons == ("等次不一致:优秀 / 良好",) and found[1].grade_differs
    assert found[2].reasons == ("分差 10.0 分,达到 10 分",) and not found[2].grade_differs
    assert isinstance(found[0], Disagreement)
    assert [d.case for d in disagreements(reviews, threshold="9.5")] == ["D", "A", "B", "E"]


def test_the_threshold_must_be_a_non_negative_number():
    with pytest.raises(ValueError, match="分差阈值"):
        disagreements([], threshold=-1)
    with pytest.raises(ValueError, match="分差阈值"):
        disagreements([], threshold="十")


def test_item_differences_show_where_the_reviewers_disagree():
    diffs = item_differences(["V2"], {"S1": 2, "P5": "1", "D1": None}, ["V2", "V5"], {"S1": "2.0", "D1": 1},
                             order=["V2", "V5", "S1", "P5", "D1"])
    assert diffs == [ItemDifference("V5", False, True), ItemDifference("P5", Decimal(1), Decimal(0)),
                     ItemDifference("D1", Decimal(0), Decimal(1))]
