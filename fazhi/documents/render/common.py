"""What both renderers share: the printed layout (``data/layout.toml``: page size, margins, the line and
character grid, type sizes, font names) and ``printed``, a document's fields as they are printed. Pure
Python: no Django import.

The defaults are GB/T 9704-2012's; the grid is derived from them: 22 lines in the 225 mm text block give
the line pitch (10.23 mm), 28 characters in 156 mm give the character advance (5.571 mm), which is a
little less than a 3号 (16 pt = 5.644 mm) character, hence a small negative letter spacing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "layout.toml"
PT_MM = 25.4 / 72  # one point in millimetres

# Characters XML 1.0 cannot carry (and docxtpl would read \a and \f as paragraph and page breaks).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """``text`` without control characters (newlines and tabs stay)."""
    return _CONTROL.sub("", text or "")


@dataclass(frozen=True)
class Layout:
    width_mm: float
    height_mm: float
    top_mm: float
    left_mm: float
    text_width_mm: float
    text_height_mm: float
    lines: int
    chars: int
    page_number_gap_mm: float
    body_pt: float
    title_pt: float
    issuer_pt: float
    page_number_pt: float
    note_pt: float
    table_pt: float
    seal_mm: float
    body_fonts: tuple[str, ...]
    title_fonts: tuple[str, ...]
    heading_fonts: tuple[str, ...]
    page_number_fonts: tuple[str, ...]
    number_align: str

    @property
    def right_mm(self) -> float:
        return self.width_mm - self.left_mm - self.text_width_mm

    @property
    def bottom_mm(self) -> float:
        return self.height_mm - self.top_mm - self.text_height_mm

    @property
    def line_mm(self) -> float:
        """The line pitch (6.3: 22 lines fill the text block)."""
        return self.text_height_mm / self.lines

    @property
    def char_mm(self) -> float:
        """The advance of one full-width character (6.3: 28 characters fill a line)."""
        return self.text_width_mm / self.chars

    @property
    def letter_spacing_mm(self) -> float:
        # A hair less than exact, so that rounding never pushes the 28th character onto the next line.
        return self.char_mm - self.body_pt * PT_MM - 0.002


def _fonts(value, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"layout.toml: font.{name} 应为非空的字体名称列表")
    return tuple(v.strip() for v in value)


def load(path: Path = DATA) -> Layout:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    page, size, font = raw.get("page", {}), raw.get("size", {}), raw.get("font", {})
    align = raw.get("number", {}).get("align", "center")
    if align not in ("center", "right"):
        raise ValueError("layout.toml: number.align 应为 center 或 right")
    layout = Layout(
        width_mm=float(page.get("width_mm", 210)), height_mm=float(page.get("height_mm", 297)),
        top_mm=float(page.get("top_mm", 37)), left_mm=float(page.get("left_mm", 28)),
        text_width_mm=float(page.get("text_width_mm", 156)), text_height_mm=float(page.get("text_height_mm", 225)),
        lines=int(page.get("lines", 22)), chars=int(page.get("chars", 28)),
        page_number_gap_mm=float(page.get("page_number_gap_mm", 7)),
        body_pt=float(size.get("body", 16)), title_pt=float(size.get("title", 22)),
        issuer_pt=float(size.get("issuer", 22)), page_number_pt=float(size.get("page_number", 14)),
        note_pt=float(size.get("note", 14)), table_pt=float(size.get("table", 14)),
        seal_mm=float(size.get("seal_mm", 42)),
        body_fonts=_fonts(font.get("body", ["仿宋_GB2312", "serif"]), "body"),
        title_fonts=_fonts(font.get("title", ["方正小标宋简体", "serif"]), "title"),
        heading_fonts=_fonts(font.get("heading", ["黑体", "sans-serif"]), "heading"),
        page_number_fonts=_fonts(font.get("page_number", ["宋体", "serif"]), "page_number"),
        number_align=align,
    )
    if layout.right_mm <= 0 or layout.bottom_mm <= 0 or layout.lines < 1 or layout.chars < 1:
        raise ValueError("layout.toml: 版心大于纸张,或行数、字数不是正数")
    return layout


@cache
def current() -> Layout:
    return load()


def text_width_chars(text: str) -> float:
    """How many full-width characters ``text`` takes: ASCII letters and figures count half."""
    return sum(0.5 if ord(ch) < 0x2000 else 1 for ch in text)


DRAFT_NUMBER = "（草稿，未编号）"


def addressee(recipient: str) -> str:
    """主送 ends with a full-width colon (GB/T 9704 7.3.2)."""
    text = clean(recipient).strip()
    return text if not text or text.endswith(("：", ":")) else f"{text}："


def printed(doc) -> dict:
    """What both renderers print for ``doc`` (a ``layout.Doc``): its fields cleaned of control characters,
    the number line (a draft carries none), the addressee with its colon, and the body split at line
    breaks into paragraphs (each natural paragraph is indented, 7.3.3), the heading on the first."""
    paragraphs = []
    for p in doc.paragraphs:
        lines = clean(p.text).split("\n")
        heading = clean(p.heading)
        for n, line in enumerate(lines):
            if n and not line.strip():
                continue
            paragraphs.append({"heading": heading if n == 0 else "", "text": line.strip()})
    return {
        "type_no": doc.type_no,
        "issuer": clean(doc.issuer), "title": clean(doc.title),
        "number": DRAFT_NUMBER if doc.draft else clean(doc.number),
        "draft": doc.draft,
        "recipient": addressee(doc.recipient),
        "rows": [{"label": clean(r.label), "value": clean(r.value), "wide": r.wide} for r in doc.rows],
        "paragraphs": paragraphs,
        "signatures": [clean(s) for s in doc.signatures],
        "sign_unit": clean(doc.sign_unit), "sign_date": clean(doc.sign_date), "seal": doc.seal,
        "notes": [clean(n) for n in doc.notes],
    }
