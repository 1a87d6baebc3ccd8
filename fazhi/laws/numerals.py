"""Chinese article numbers: 42 → 第四十二条. Pure Python: no Django import."""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_UNITS = [(1000, "千"), (100, "百"), (10, "十")]


def chinese_number(n: int) -> str:
    if n <= 0 or n >= 10000:
        raise ValueError("条文序号应在 1–9999 之间")
    out, zero_pending, rest = "", False, n
    for size, unit in _UNITS:
        digit, rest = divmod(rest, size)
        if digit:
            if zero_pending:
                out += "零"
                zero_pending = False
            out += ("" if (size == 10 and digit == 1 and not out) else _DIGITS[digit]) + unit
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out += "零"
        out += _DIGITS[rest]
    return out


def article_label(n: int) -> str:
    return f"第{chinese_number(n)}条"


def parse_chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    values = {c: i for i, c in enumerate(_DIGITS)}
    units = {"十": 10, "百": 100, "千": 1000}
    for ch in text:
        if ch in values:
            current = values[ch]
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            raise ValueError(f"无法识别的数字“{text}”")
    return total + current


_ARTICLE_RE = re.compile(r"^第?([0-9]+|[零一二三四五六七八九十百千]+)条?$")


def parse_article(text: str) -> int:
    """'第四十二条', '四十二', '42' and '第42条' all give 42."""
    m = _ARTICLE_RE.match(text.strip())
    if not m:
        raise ValueError(f"无法识别的条文序号“{text}”")
    return parse_chinese_number(m.group(1))
