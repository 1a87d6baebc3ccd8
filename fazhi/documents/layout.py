"""What a document says, independent of how it is printed: the content model every builder returns and
both renderers (``render/pdf.py``, ``render/docx.py``) print. Pure Python: no Django import.

A document is a title under the issuing unit's name, an optional 发文字号, an optional addressee
(主送), an optional table of labelled rows (the forms: 审批表, 登记表, the header of 笔录), the body as
keyed paragraphs, an optional list of signature lines, and the sign-off (落款: unit and date, with the
seal area). ``Para.key`` names a part so that an officer's rewording (``Document.edits``) replaces
exactly that part, and only where the catalogue says it is editable.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace
from decimal import Decimal

BLANK = "__________"  # what a paper form shows where the case has no value yet

CN_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Row:
    """One row of a form: a label and its value. ``wide`` rows (opinions, summaries) span the table."""

    label: str
    value: str
    wide: bool = False


@dataclass(frozen=True)
class Para:
    """One part of the body. ``heading`` prints as a bold run-in heading (e.g. 一、违法事实); ``key`` is
    the part's name for edits (``""`` = not addressable)."""

    text: str
    key: str = ""
    heading: str = ""


@dataclass(frozen=True)
class Doc:
    type_no: int
    title: str  # e.g. 行政处罚决定书
    issuer: str  # the unit above the title (发文机关标志), e.g. 天津市司法局
    number: str = ""  # 发文字号, e.g. 津司罚〔2024〕12号; "" when the document carries none or is a draft
    recipient: str = ""  # 主送, e.g. 天津某某律师事务所
    rows: tuple[Row, ...] = ()
    paragraphs: tuple[Para, ...] = ()
    signatures: tuple[str, ...] = ()  # signature lines of records: "被询问人(签名):"
    sign_unit: str = ""  # 落款 unit; "" = no sign-off block (forms signed in their rows)
    sign_date: str = ""  # 成文日期 in Chinese figures: 2024年3月5日
    seal: bool = False  # leave the seal area (印章) over the sign-off
    notes: tuple[str, ...] = ()  # 附注 / 备注 lines after the sign-off
    draft: bool = True  # drafts print a 草稿 watermark and no number

    def with_edits(self, edits: dict[str, str], allowed: tuple[str, ...]) -> "Doc":
        """The document with the officer's rewording of the allowed parts applied."""
        paragraphs = tuple(replace(p, text=edits[p.key]) if p.key and p.key in allowed and p.key in edits else p
                           for p in self.paragraphs)
        return replace(self, paragraphs=paragraphs)

    def typeset(self) -> "Doc":
        """The document with full-width punctuation inside Chinese text (GB/T 15834: 标点符号用法; the
        data and the officers often type ASCII commas and brackets)."""
        fix = cjk_punctuation
        return replace(self, title=fix(self.title), recipient=fix(self.recipient),
                       rows=tuple(replace(r, label=fix(r.label), value=fix(r.value)) for r in self.rows),
                       paragraphs=tuple(replace(p, text=fix(p.text), heading=fix(p.heading)) for p in self.paragraphs),
                       signatures=tuple(fix(s) for s in self.signatures), notes=tuple(fix(n) for n in self.notes))

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Doc":
        return cls(**{**data, "rows": tuple(Row(**r) for r in data.get("rows", ())),
                      "paragraphs": tuple(Para(**p) for p in data.get("paragraphs", ())),
                      "signatures": tuple(data.get("signatures", ())), "notes": tuple(data.get("notes", ()))})

    def text(self) -> str:
        """Every word of the document, in reading order (for search and tests)."""
        parts = [self.issuer, self.title, self.number, self.recipient]
        parts += [f"{r.label} {r.value}" for r in self.rows]
        parts += [f"{p.heading}{p.text}" for p in self.paragraphs]
        parts += [*self.signatures, self.sign_unit, self.sign_date, *self.notes]
        return "\n".join(p for p in parts if p)


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[,:;?!()]|[,:;?!()](?=[{_CJK}])")


def cjk_punctuation(text: str) -> str:
    """ASCII , : ; ? ! ( ) that touch a Chinese character become full-width; those between Latin letters
    or digits (``50,000``, ``12:30``, ``(1)``) stay as they are."""
    if not text:
        return text
    once = _NEXT_TO_CJK.sub(lambda m: _FULL[m.group(0)], text)
    return _NEXT_TO_CJK.sub(lambda m: _FULL[m.group(0)], once)  # "签名):" → "签名）：" needs the second pass


def cn_date(day: dt.date | None) -> str:
    """A date as documents write it (GB/T 9704 7.3.5.4: Arabic figures, no leading zeros): 2024年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else BLANK


def yuan(amount: Decimal | str | None) -> str:
    """A sum of money as documents write it: 人民币5000元, 人民币1234.50元."""
    if amount in (None, ""):
        return BLANK
    value = Decimal(str(amount))
    text = f"{value:.0f}" if value == value.to_integral() else f"{value:.2f}"
    return f"人民币{text}元"


def or_blank(value) -> str:
    text = "" if value is None else str(value).strip()
    return text or BLANK


def number_text(prefix: str, series: str, year: int, seq: int) -> str:
    """发文字号 (GB/T 9704 7.2.4): 机关代字 + 〔full year〕 + number without leading zeros or 第:
    ``number_text("津司", "罚", 2024, 12)`` → ``津司罚〔2024〕12号``."""
    if seq < 1:
        raise ValueError("发文顺序号从 1 开始")
    return f"{prefix}{series}〔{year}〕{seq}号"
