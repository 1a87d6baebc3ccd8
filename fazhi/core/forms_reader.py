"""One reader of submitted form values: texts, dates, integers, money, ratios, choices and flags.

``FormReader(data)`` reads values out of ``data`` (form texts or Python values) and collects a
``FieldProblem`` naming the Chinese field for each bad one, so that a service can refuse the whole
submission at once (``check()`` raises ``ValidationFailed`` with every problem). Each parser records its
problem and returns ``None`` (or the empty value) when the value is malformed. ``read_text`` and
``read_date`` parse a single value and raise at once.

Services that need more (e.g. ``fazhi.cases.services.step_data.StepContext``) extend the class.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from fazhi.core import cells
from fazhi.core.errors import FieldProblem, ValidationFailed
from fazhi.core.importing import CellError

TEXT_LIMIT = 2000
TRUE_TEXTS = ("1", "true", "yes", "on", "是")
_INTEGER = re.compile(r"[+-]?\d+")
_LIST_SPLIT = re.compile(r"[、,,;;\s]+")
_CENT = Decimal("0.01")
_RATIO_PLACES = Decimal("0.0001")  # as stored (decimal_places=4)


class FormReader:
    """Reads values from ``data`` and collects a ``FieldProblem`` for each bad one.

    ``problems`` may be given to share one list between readers (or with other checks)."""

    def __init__(self, data: dict | None, problems: list[FieldProblem] | None = None):
        self.data = data if data is not None else {}
        self.problems: list[FieldProblem] = problems if problems is not None else []

    # -- the raw value

    def has(self, key) -> bool:
        return key in self.data

    def raw(self, key):
        """The value as submitted; a text is stripped."""
        value = self.data.get(key)
        return value.strip() if isinstance(value, str) else value

    def problem(self, label: str, reason: str) -> None:
        self.problems.append(FieldProblem(label, reason))

    def check(self) -> None:
        """Raise ``ValidationFailed`` with every problem collected so far."""
        if self.problems:
            raise ValidationFailed(self.problems)

    # -- parsers

    def text(self, key, label: str, *, required: bool = False, limit: int = TEXT_LIMIT,
             single_line: bool = False) -> str:
        """A stripped text of at most ``limit`` characters (``single_line``: no line breaks or other
        control characters). Empty is ``""``."""
        value = str(self.data.get(key) or "").strip()
        if required and not value:
            self.problem(label, "不能为空")
        elif len(value) > limit:
            self.problem(label, f"不能超过 {limit} 个字")
        elif single_line and any(ord(c) < 32 for c in value):
            self.problem(label, "不能包含换行等控制字符")
        return value

    def date(self, key, label: str, *, required: bool = True, default: dt.date | None = None,
             not_after: dt.date | None = None, not_after_name: str = "今天") -> dt.date | None:
        """A date (a ``date``, a ``datetime`` or a text ``cells.date`` reads). Empty is ``default``, and a
        problem when ``required`` and there is no default. ``not_after``: the latest day allowed, named
        ``not_after_name`` in the message."""
        value = self.raw(key)
        if value in (None, ""):
            if required and default is None:
                self.problem(label, "不能为空")
            return default
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            try:
                value = cells.date(str(value).strip(), None)  # the one date parser of forms and spreadsheets
            except CellError as exc:
                self.problem(label, exc.args[0])
                return None
        if not_after is not None and value > not_after:
            self.problem(label, f"不能晚于{not_after_name}({not_after:%Y-%m-%d})")
            return None
        return value

    def integer(self, key, label: str, *, required: bool = False, least: int | None = None,
                most: int | None = None) -> int | None:
        """A whole number between ``least`` and ``most`` (when given). Empty is ``None``."""
        value = self.raw(key)
        if value in (None, ""):
            if required:
                self.problem(label, "不能为空")
            return None
        if isinstance(value, bool) or not (isinstance(value, int) or _INTEGER.fullmatch(str(value).strip())):
            self.problem(label, f"“{value}”应为整数")
            return None
        number = int(str(value).strip()) if not isinstance(value, int) else value
        if least is not None and number < least:
            self.problem(label, f"不能小于 {least}")
            return None
        if most is not None and number > most:
            self.problem(label, f"不能大于 {most}")
            return None
        return number

    def money(self, key, label: str, *, required: bool = False) -> Decimal | None:
        """An amount in yuan read from ``data[key]``: see ``amount``. Empty is ``None``."""
        value = self.raw(key)
        if value in (None, ""):
            if required:
                self.problem(label, "不能为空")
            return None
        return self.amount(value, label)

    def amount(self, value, label: str) -> Decimal | None:
        """An amount in yuan given as a value: more than 0, at most two decimals (“1,000.5” is read);
        returned with two decimals."""
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except (InvalidOperation, ValueError):
            self.problem(label, f"“{value}”不是金额")
            return None
        if not number.is_finite() or number <= 0 or number.as_tuple().exponent < -2:
            self.problem(label, "应为大于 0 的金额,最多两位小数")
            return None
        return number.quantize(_CENT)

    def ratio(self, key, label: str) -> Decimal | None:
        """A share between 0 and 1: a decimal (0.35) or a percentage (35%), at most four decimals."""
        value = self.raw(key)
        if value in (None, ""):
            self.problem(label, "不能为空")
            return None
        text = str(value)
        percent = text.endswith("%")
        try:
            number = Decimal(text.rstrip("%").strip()) if not isinstance(value, Decimal) else value
        except InvalidOperation:
            self.problem(label, f"“{value}”应为小数(如 0.35)或百分数(如 35%)")
            return None
        number = number / 100 if percent else number
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(1):
            self.problem(label, "应在 0 与 1 之间(即 0%–100%)")
            return None
        if number != number.quantize(_RATIO_PLACES):
            self.problem(label, "最多保留四位小数")
            return None
        return number.quantize(_RATIO_PLACES)

    def choices(self, key, label: str, allowed: dict[str, str]) -> list[str]:
        """A list (or a “、”-separated text) of codes or labels from ``allowed`` (code → label); the codes in
        the order of ``allowed``, without duplicates."""
        value = self.raw(key)
        items = value if isinstance(value, (list, tuple)) else _LIST_SPLIT.split(value or "")
        by_label = {v: k for k, v in allowed.items()}
        codes, unknown = [], []
        for item in (str(i).strip() for i in items):
            if not item:
                continue
            code = item if item in allowed else by_label.get(item)
            (codes if code else unknown).append(code or item)
        if unknown:
            self.problem(label, f"未知的值“{'、'.join(unknown)}”")
        return [c for c in allowed if c in set(codes)]

    def flag(self, key) -> bool:
        """A check box: ``True``, or “1”, “true”, “yes”, “on”, “是” (any case)."""
        value = self.data.get(key)
        return value is True or str(value).strip().lower() in TRUE_TEXTS


def ratio_text(ratio: Decimal) -> str:
    """The plain form of a ratio: no exponent, no trailing zeros (0.3500 → "0.35")."""
    return format(Decimal(ratio).normalize(), "f")


def read_text(value, label: str, **options) -> str:
    """One text (options as ``FormReader.text``); raises ``ValidationFailed`` at once when it is refused."""
    reader = FormReader({"value": value})
    text = reader.text("value", label, **options)
    reader.check()
    return text


def read_date(value, label: str, **options) -> dt.date | None:
    """One date (options as ``FormReader.date``); raises ``ValidationFailed`` at once when it is refused."""
    reader = FormReader({"value": value})
    day = reader.date("value", label, **options)
    reader.check()
    return day
