"""Agreement between the two reviewers of the files reviewed twice (双人评查). Pure Python: no Django import.

Cohen's kappa (Cohen 1960, "A coefficient of agreement for nominal scales") on the grades:

    p_o = (pairs with the same grade) / n
    p_e = Σ_k (first reviewer's count of k / n) × (second reviewer's count of k / n)
    κ   = (p_o − p_e) / (1 − p_e)

κ = 1 is full agreement, 0 the agreement expected by chance alone, below 0 worse than chance. The value is
**None** — not a number to show — when n = 0 (nothing to compare) or when p_e = 1 (both reviewers gave
every file the same single grade: chance alone explains the agreement, the formula divides by zero);
``observed`` and ``expected`` are then reported as they are (0.0 when n = 0). The computation uses exact
fractions; the floats are the last step.

``score_differences`` and ``disagreements`` show where the two reviewers differ, largest first, and
``item_differences`` which rubric items they scored differently on one file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Hashable, Iterable, Mapping, Sequence


@dataclass(frozen=True)
class Kappa:
    value: float | None  # None when n = 0 or expected = 1 (see the module docstring)
    n: int
    observed: float  # p_o
    expected: float  # p_e
    categories: tuple[str, ...] = ()
    matrix: tuple[tuple[int, ...], ...] = ()  # matrix[i][j]: first reviewer categories[i], second categories[j]

    @property
    def strength(self) -> str:
        """Landis & Koch (1977) bands, for display only."""
        return strength(self.value)


def strength(value: float | None) -> str:
    if value is None:
        return "无法计算"
    for floor, label in ((0.81, "几乎完全一致"), (0.61, "高度一致"), (0.41, "中等一致"), (0.21, "一般一致"),
                         (0.0, "轻微一致")):
        if value >= floor:
            return label
    return "低于随机一致"


def cohen_kappa(pairs: Iterable[tuple[str, str]], categories: Sequence[str] | None = None) -> Kappa:
    """Cohen's kappa of (first grade, second grade) pairs. ``categories`` fixes the order of the matrix
    (e.g. the rubric's grades) and refuses any other grade; without it the grades seen are used, in order
    of first appearance."""
    pairs = [(a, b) for a, b in pairs]
    if categories is None:
        cats = list(dict.fromkeys(g for pair in pairs for g in pair))
    else:
        cats = list(dict.fromkeys(categories))
        unknown = sorted({g for pair in pairs for g in pair if g not in cats}, key=str)
        if unknown:
            raise ValueError(f"等次 {'、'.join(map(str, unknown))} 不在给定的等次 {'、'.join(cats)} 中")
    n = len(pairs)
    index = {c: i for i, c in enumerate(cats)}
    matrix = [[0] * len(cats) for _ in cats]
    for a, b in pairs:
        matrix[index[a]][index[b]] += 1
    frozen = tuple(tuple(row) for row in matrix)
    if n == 0:
        return Kappa(None, 0, 0.0, 0.0, tuple(cats), frozen)
    observed = Fraction(sum(matrix[i][i] for i in range(len(cats))), n)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum((Fraction(first[c], n) * Fraction(second[c], n) for c in cats), Fraction(0))
    value = None if expected == 1 else float((observed - expected) / (1 - expected))
    return Kappa(value, n, float(observed), float(expected), tuple(cats), frozen)


# ---------------------------------------------------------------- scores

@dataclass(frozen=True)
class ScoreDifference:
    case: Any
    first: Decimal
    second: Decimal

    @property
    def difference(self) -> Decimal:
        """second − first."""
        return self.second - self.first

    @property
    def absolute(self) -> Decimal:
        return abs(self.second - self.first)


@dataclass(frozen=True)
class DifferenceSummary:
    n: int
    mean_absolute: Decimal | None  # two decimals; None when n = 0
    max_absolute: Decimal | None
    identical: int  # pairs with the same score


def _number(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(f"{what}“{value}”不是数字")
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{what}“{value}”不是数字") from None
    if not result.is_finite():
        raise ValueError(f"{what}“{value}”不是有限的数字")
    return result


def score_differences(pairs: Iterable[tuple[Any, Any, Any]]) -> list[ScoreDifference]:
    """(case, first score, second score) → the differences, largest absolute difference first; equal
    differences keep the order they came in."""
    diffs = [ScoreDifference(case, _number(a, f"案卷 {case} 的第一评查人得分"),
                             _number(b, f"案卷 {case} 的第二评查人得分")) for case, a, b in pairs]
    return sorted(diffs, key=lambda d: d.absolute, reverse=True)


def summarize(differences: Sequence[ScoreDifference]) -> DifferenceSummary:
    """The round's figures: how many pairs, the mean and largest absolute difference, identical scores."""
    if not differences:
        return DifferenceSummary(0, None, None, 0)
    total = sum((d.absolute for d in differences), Decimal(0))
    return DifferenceSummary(len(differences), (total / len(differences)).quantize(Decimal("0.01")),
                             max(d.absolute for d in differences), sum(1 for d in differences if d.absolute == 0))


@dataclass(frozen=True)
class Disagreement:
    case: Any
    first_score: Decimal
    first_grade: str
    second_score: Decimal
    second_grade: str
    reasons: tuple[str, ...]  # Chinese, for display

    @property
    def grade_differs(self) -> bool:
        return self.first_grade != self.second_grade

    @property
    def absolute(self) -> Decimal:
        return abs(self.second_score - self.first_score)


def disagreements(reviews: Iterable[tuple[Any, Any, str, Any, str]], *, threshold: Decimal | int | str) -> list[Disagreement]:
    """The files on which the two reviewers disagree: ``reviews`` are (case, first score, first grade,
    second score, second grade); a file is listed when the grades differ or the absolute score difference
    is at least ``threshold`` (a round's parameter). Different grades first, then the largest difference."""
    limit = _number(threshold, "分差阈值")
    if limit < 0:
        raise ValueError(f"分差阈值不能为负数(现为 {threshold})")
    found = []
    for case, s1, g1, s2, g2 in reviews:
        a, b = _number(s1, f"案卷 {case} 的第一评查人得分"), _number(s2, f"案卷 {case} 的第二评查人得分")
        reasons = []
        if g1 != g2:
            reasons.append(f"等次不一致:{g1} / {g2}")
        if abs(b - a) >= limit:
            reasons.append(f"分差 {abs(b - a)} 分,达到 {limit} 分")
        if reasons:
            found.append(Disagreement(case, a, g1, b, g2, tuple(reasons)))
    return sorted(found, key=lambda d: (not d.grade_differs, -d.absolute))


@dataclass(frozen=True)
class ItemDifference:
    code: str
    first: Decimal | bool  # the deduction, or for a veto whether it was ticked
    second: Decimal | bool


def item_differences(first_vetoes: Iterable[str], first_deductions: Mapping[str, Any],
                     second_vetoes: Iterable[str], second_deductions: Mapping[str, Any],
                     order: Sequence[Hashable] = ()) -> list[ItemDifference]:
    """The vetoes ticked by only one reviewer, then the items deducted differently (a missing item counts
    0), in ``order`` (e.g. ``[*rubric.vetoes, *rubric.items]``) and then by code."""
    v1, v2 = set(first_vetoes), set(second_vetoes)
    rank = {code: i for i, code in enumerate(order)}

    def key(code):
        return (rank.get(code, len(rank)), str(code))

    out = [ItemDifference(c, c in v1, c in v2) for c in sorted(v1 ^ v2, key=key)]
    d1 = {c: _number(v, f"扣分项 {c} 的扣分") for c, v in first_deductions.items() if v not in (None, "")}
    d2 = {c: _number(v, f"扣分项 {c} 的扣分") for c, v in second_deductions.items() if v not in (None, "")}
    for code in sorted(set(d1) | set(d2), key=key):
        a, b = d1.get(code, Decimal(0)), d2.get(code, Decimal(0))
        if a != b:
            out.append(ItemDifference(code, a, b))
    return out
