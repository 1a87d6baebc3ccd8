"""Printing tables on the console for the ``fazhi`` commands. Pure Python: no Django import.

Chinese characters take two columns in a terminal (East Asian Width ``W``/``F``), so columns are
padded by display width, not by ``len``."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: list[str], rows: list[list], right: set[int] = frozenset()) -> list[str]:
    """The lines of a table: the header, a rule, then one line per row; columns in ``right`` are
    right-aligned (numbers)."""
    widths = [max(width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - width(str(cell)))
            out.append(pad + str(cell) if i in right else str(cell) + pad)
        return "  ".join(out).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]
