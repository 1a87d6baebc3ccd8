"""The shared reader of submitted form values (``fazhi.core.forms_reader``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.errors import FieldProblem, ValidationFailed
from fazhi.core.forms_reader import FormReader, ratio_text, read_date, read_text

D = dt.date


def _read(method: str, value, *args, **options):
    """(result, [reasons]) of reading ``value`` under the key "k" with the label "字段"."""
    r = FormReader({"k": value} if value is not ... else {})
    result = getattr(r, method)("k", "字段", *args, **options)
    assert all(p.field == "字段" for p in r.problems)
    return result, [p.reason for p in r.problems]


# ---------------------------------------------------------------- text

@pytest.mark.parametrize("value, options, expected, reasons", [
    ("  甲乙  ", {}, "甲乙", []),
    (None, {}, "", []),
    (..., {}, "", []),
    ("", {"required": True}, "", ["不能为空"]),
    ("   ", {"required": True}, "", ["不能为空"]),
    (None, {"required": True}, "", ["不能为空"]),
    (12, {}, "12", []),
    ("x" * 2000, {}, "x" * 2000, []),
    ("x" * 2001, {}, "x" * 2001, ["不能超过 2000 个字"]),
    ("abcd", {"limit": 3}, "abcd", ["不能超过 3 个字"]),
    ("abc", {"limit": 3}, "abc", []),
    ("一行\n两行", {}, "一行\n两行", []),
    ("一行\n两行", {"single_line": True}, "一行\n两行", ["不能包含换行等控制字符"]),
    ("制表\t符", {"single_line": True}, "制表\t符", ["不能包含换行等控制字符"]),
    ("abcd\n", {"limit": 3, "single_line": True}, "abcd", ["不能超过 3 个字"]),  # stripped first; one problem
])
def test_text(value, options, expected, reasons):
    assert _read("text", value, **options) == (expected, reasons)


# ---------------------------------------------------------------- date

@pytest.mark.parametrize("value, options, expected, reasons", [
    ("2024-03-18", {}, D(2024, 3, 18), []),
    (" 2024/3/8 ", {}, D(2024, 3, 8), []),
    ("2024年3月8日", {}, D(2024, 3, 8), []),
    (D(2024, 3, 8), {}, D(2024, 3, 8), []),
    (dt.datetime(2024, 3, 8, 15, 30), {}, D(2024, 3, 8), []),
    ("", {}, None, ["不能为空"]),
    ("  ", {}, None, ["不能为空"]),
    (..., {}, None, ["不能为空"]),
    (None, {"required": False}, None, []),
    ("", {"default": D(2024, 1, 2)}, D(2024, 1, 2), []),
    (None, {"required": False, "default": D(2024, 1, 2)}, D(2024, 1, 2), []),
    ("明天", {}, None, ["“明天”不是日期,应写作 YYYY-MM-DD,如 2024-03-18"]),
    ("2024-02-30", {}, None, ["“2024-02-30”不是有效日期"]),
    ("2024-13-01", {}, None, ["“2024-13-01”不是有效日期"]),
    ("2024-05-02", {"not_after": D(2024, 5, 1)}, None, ["不能晚于今天(2024-05-01)"]),
    ("2024-05-01", {"not_after": D(2024, 5, 1)}, D(2024, 5, 1), []),
    (D(2024, 5, 2), {"not_after": D(2024, 5, 1), "not_after_name": "办理日期"}, None, ["不能晚于办理日期(2024-05-01)"]),
    ("", {"default": D(2024, 5, 9), "not_after": D(2024, 5, 1)}, D(2024, 5, 9), []),  # a default is not checked
])
def test_date(value, options, expected, reasons):
    assert _read("date", value, **options) == (expected, reasons)


# ---------------------------------------------------------------- integer

@pytest.mark.parametrize("value, options, expected, reasons", [
    ("12", {}, 12, []),
    (" 12 ", {}, 12, []),
    (12, {}, 12, []),
    ("+3", {}, 3, []),
    ("-3", {}, -3, []),
    ("", {}, None, []),
    (None, {}, None, []),
    ("", {"required": True}, None, ["不能为空"]),
    (..., {"required": True}, None, ["不能为空"]),
    ("1.5", {}, None, ["“1.5”应为整数"]),
    ("十", {}, None, ["“十”应为整数"]),
    ("1_000", {}, None, ["“1_000”应为整数"]),
    (True, {}, None, ["“True”应为整数"]),
    (2.0, {}, None, ["“2.0”应为整数"]),
    ("0", {"least": 1}, None, ["不能小于 1"]),
    ("-3", {"least": 1}, None, ["不能小于 1"]),
    ("1", {"least": 1}, 1, []),
    ("21", {"most": 20}, None, ["不能大于 20"]),
    ("20", {"least": 0, "most": 20}, 20, []),
])
def test_integer(value, options, expected, reasons):
    assert _read("integer", value, **options) == (expected, reasons)


# ---------------------------------------------------------------- money

@pytest.mark.parametrize("value, options, expected, reasons", [
    ("1000", {}, Decimal("1000.00"), []),
    (" 1,000.5 ", {}, Decimal("1000.50"), []),
    ("0.01", {}, Decimal("0.01"), []),
    (Decimal("20"), {}, Decimal("20.00"), []),
    (300, {}, Decimal("300.00"), []),
    ("", {}, None, []),
    (None, {}, None, []),
    ("", {"required": True}, None, ["不能为空"]),
    (..., {"required": True}, None, ["不能为空"]),
    ("0", {}, None, ["应为大于 0 的金额,最多两位小数"]),
    ("0.00", {}, None, ["应为大于 0 的金额,最多两位小数"]),
    ("-5", {}, None, ["应为大于 0 的金额,最多两位小数"]),
    ("1.005", {}, None, ["应为大于 0 的金额,最多两位小数"]),
    ("Infinity", {}, None, ["应为大于 0 的金额,最多两位小数"]),
    ("NaN", {}, None, ["应为大于 0 的金额,最多两位小数"]),
    ("一千元", {}, None, ["“一千元”不是金额"]),
    ("12元", {}, None, ["“12元”不是金额"]),
])
def test_money(value, options, expected, reasons):
    assert _read("money", value, **options) == (expected, reasons)


def test_amount_reads_a_value_not_a_key():
    r = FormReader({})
    assert r.amount("5.5", "罚款") == Decimal("5.50")
    assert r.amount("abc", "罚款") is None
    assert r.problems == [FieldProblem("罚款", "“abc”不是金额")]


# ---------------------------------------------------------------- ratio and choices

@pytest.mark.parametrize("value, expected, reasons", [
    ("0.35", Decimal("0.3500"), []),
    ("35%", Decimal("0.3500"), []),
    ("100%", Decimal("1.0000"), []),
    ("0", Decimal("0.0000"), []),
    (Decimal("0.5"), Decimal("0.5000"), []),
    ("", None, ["不能为空"]),
    ("三成", None, ["“三成”应为小数(如 0.35)或百分数(如 35%)"]),
    ("1.5", None, ["应在 0 与 1 之间(即 0%–100%)"]),
    ("-0.1", None, ["应在 0 与 1 之间(即 0%–100%)"]),
    ("0.12345", None, ["最多保留四位小数"]),
])
def test_ratio(value, expected, reasons):
    assert _read("ratio", value) == (expected, reasons)


def test_ratio_text():
    assert [ratio_text(Decimal(v)) for v in ("0.3500", "1.0000", "0", "10.0")] == ["0.35", "1", "0", "10"]


@pytest.mark.parametrize("value, expected, reasons", [
    ("乙、a", ["a", "b"], []),
    (["b", "甲", "b"], ["a", "b"], []),
    ("", [], []),
    (None, [], []),
    ("a, 丙", ["a"], ["未知的值“丙”"]),
])
def test_choices(value, expected, reasons):
    assert _read("choices", value, {"a": "甲", "b": "乙"}) == (expected, reasons)


# ---------------------------------------------------------------- flag

@pytest.mark.parametrize("value, expected", [
    (True, True), ("1", True), ("true", True), ("True", True), ("TRUE", True), ("yes", True), ("on", True),
    ("是", True), (" 是 ", True), (1, True),
    (False, False), (None, False), ("", False), ("0", False), ("否", False), ("off", False), ("no", False),
    (0, False), (..., False),
])
def test_flag(value, expected):
    r = FormReader({"k": value} if value is not ... else {})
    assert r.flag("k") is expected and r.problems == []


# ---------------------------------------------------------------- collecting and raising

def test_check_raises_every_problem_at_once():
    r = FormReader({"name": "", "day": "昨天", "count": "x", "fine": "0"})
    r.text("name", "名称", required=True)
    r.date("day", "日期")
    r.integer("count", "件数")
    r.money("fine", "罚款")
    r.problem("其他", "自定义理由")
    with pytest.raises(ValidationFailed) as caught:
        r.check()
    assert [p.field for p in caught.value.problems] == ["名称", "日期", "件数", "罚款", "其他"]
    assert "名称:不能为空" in caught.value.message and "其他:自定义理由" in caught.value.message


def test_check_passes_without_problems_and_raw_and_has():
    r = FormReader({"a": "  x  ", "b": 3})
    assert r.has("a") and not r.has("c")
    assert (r.raw("a"), r.raw("b"), r.raw("c")) == ("x", 3, None)
    r.check()


def test_problems_may_be_shared():
    problems = [FieldProblem("先前", "已有")]
    FormReader({"a": "x" * 5}, problems).text("a", "甲", limit=4)
    FormReader(None, problems).text("b", "乙", required=True)
    assert problems == [FieldProblem("先前", "已有"), FieldProblem("甲", "不能超过 4 个字"),
                        FieldProblem("乙", "不能为空")]


# ---------------------------------------------------------------- one value at once

def test_read_text_and_read_date():
    assert read_text("  好  ", "说明") == "好"
    assert read_text(None, "说明") == ""
    with pytest.raises(ValidationFailed) as caught:
        read_text(" ", "说明", required=True)
    assert caught.value.problems == [FieldProblem("说明", "不能为空")]
    assert read_date("2024-03-18", "通知日期", not_after=D(2024, 3, 18)) == D(2024, 3, 18)
    assert read_date(None, "成文日期", required=False, default=D(2024, 1, 1)) == D(2024, 1, 1)
    with pytest.raises(ValidationFailed) as caught:
        read_date("2024-03-19", "通知日期", not_after=D(2024, 3, 18))
    assert caught.value.problems == [FieldProblem("通知日期", "不能晚于今天(2024-03-18)")]
    with pytest.raises(ValidationFailed, match="通知日期:不能为空"):
        read_date("", "通知日期")
