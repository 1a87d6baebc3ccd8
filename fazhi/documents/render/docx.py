"""Print a ``layout.Doc`` as DOCX, for the officer who must retouch a document in Word.

One template for all 36 documents, ``templates/documents/base.docx``, made by
``tools/build_docx_template.py`` (styles, footers and the Jinja tags; see there for the GB/T 9704-2012
clauses). docxtpl fills it with autoescaping on, so text that looks like markup prints as written. After
filling, the page size and margins of ``data/layout.toml`` are applied, and the sign-off lines are
placed as 7.3.5 places them (their right indents depend on the lengths of the unit and the date).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from docx.shared import Mm
from docxtpl import DocxTemplate

from fazhi.documents.layout import Doc
from fazhi.documents.render.common import Layout, current, printed, text_width_chars

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "documents" / "base.docx"


@cache
def _template_bytes() -> bytes:
    return TEMPLATE.read_bytes()


def signoff_indents(unit: str, date: str, *, seal: bool) -> tuple[float, float]:
    """The right indents (in characters) of the unit line and the date line of the sign-off.

    With a seal (7.3.5.1) the date 右空四字 and the unit is centred over it; without (7.3.5.2) the unit
    右空二字 and the date's first character two characters right of the unit's first; when the date is
    the longer, it keeps 右空二字 and the unit moves left."""
    u, d = text_width_chars(unit), text_width_chars(date)
    if seal:
        if u <= d:
            return 4 + (d - u) / 2, 4
        return 4, 4 + (u - d) / 2
    if d + 2 <= u:
        return 2, 2 + u - (d + 2)
    return 2 + (d + 2 - u), 2


def _apply_layout(document, layout: Layout, data: dict) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(layout.width_mm), Mm(layout.height_mm)  # 5.1 A4
        section.top_margin, section.left_margin = Mm(layout.top_mm), Mm(layout.left_mm)  # 5.2.2
        section.right_margin, section.bottom_margin = Mm(layout.right_mm), Mm(layout.bottom_mm)  # 5.2.1
    unit_chars, date_chars = signoff_indents(data["sign_unit"], data["sign_date"], seal=data["seal"])
    for p in document.paragraphs:
        style_id = p.style.style_id if p.style is not None else ""
        if style_id == "FazhiSignUnit":
            p.paragraph_format.right_indent = Mm(unit_chars * layout.char_mm)
        elif style_id == "FazhiSignDate":
            p.paragraph_format.right_indent = Mm(date_chars * layout.char_mm)


def render_docx(doc: Doc) -> bytes:
    """``doc`` as a DOCX (Word 2007+)."""
    data = printed(doc)
    template = DocxTemplate(io.BytesIO(_template_bytes()))
    template.render(data, autoescape=True)
    document = template.docx
    _apply_layout(document, current(), data)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = data["title"], data["issuer"], ""
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
