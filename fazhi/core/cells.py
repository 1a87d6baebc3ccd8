"""Cell parsers and exporters for import specs: each turns a spreadsheet text into a value or
raises ``CellError`` with the Chinese reason. Used by every ``<app>/importers.py``."""

from __future__ import annotations

import datetime as dt
import re

from fazhi.core import identifiers
from fazhi.core.importing import CellError


def text(max_length: int):
    def parse(value: str, ctx) -> str:
        if len(value) > max_length:
            raise CellError(f"不能超过 {max_length} 个字,实为 {len(value)} 个字")
        return value

    return parse


def date(value: str, ctx) -> dt.date:
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", value)
    if not m:
        raise CellError(f"“{value}”不是日期,应写作 YYYY-MM-DD,如 2024-03-18")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CellError(f"“{value}”不是有效日期") from None


def export_date(value) -> str:
    return value.isoformat() if value else ""


def choice(choices, what: str):
    """Accept the Chinese label (or the code) of a TextChoices; return the code."""
    by_label = {label: code for code, label in choices.choices}
    codes = set(by_label.values())

    def parse(value: str, ctx) -> str:
        if value in by_label:
            return by_label[value]
        if value in codes:
            return value
        raise CellError(f"“{value}”不是有效的{what},应为:{'、'.join(by_label)}")

    return parse


def export_choice(choices):
    labels = dict(choices.choices)
    return lambda value: labels.get(value, value or "")


def boolean(value: str, ctx) -> bool:
    if value in ("是", "Y", "y", "1", "true", "TRUE", "True"):
        return True
    if value in ("否", "N", "n", "0", "false", "FALSE", "False"):
        return False
    raise CellError(f"“{value}”应为“是”或“否”")


def export_bool(value) -> str:
    return "是" if value else "否"


def uscc(value: str, ctx) -> str:
    problem = identifiers.uscc_problem(value.upper())
    if problem:
        raise CellError(f"“{value}”不是有效的统一社会信用代码:{problem}")
    return value.upper()


def id_number(value: str, ctx) -> str:
    value = value.upper()
    problem = identifiers.id_number_problem(value)
    if problem:
        raise CellError(f"身份证号{problem}")
    return value


def phone(value: str, ctx) -> str:
    problem = identifiers.phone_problem(value)
    if problem:
        raise CellError(f"“{value}”{problem}")
    return value


def lookup(table: str, what: str):
    """Look the text up in ``ctx.lookups[table]`` (prepared by the spec); return what is found."""

    def parse(value: str, ctx):
        found = ctx.lookups[table].get(value)
        if found is None:
            raise CellError(f"找不到{what}“{value}”")
        return found

    return parse
