"""Build the one DOCX template every standard document is printed from (``render/docx.py``, docxtpl):

    .venv/bin/python tools/build_docx_template.py [--out PATH]

writes ``fazhi/documents/templates/documents/base.docx`` (committed). Run it again after changing a font
name or a type size in ``fazhi/documents/data/layout.toml``; page size and margins are applied at render
time as well. The output is byte-for-byte reproducible (fixed dates in the archive).

What it holds, in GB/T 9704-2012's layout: A4 with 天头 37 mm and 订口 28 mm (5.2.2), a 156 × 225 mm text
block (5.2.1); 3号仿宋 with an exact line pitch of 22 lines a page and a character spacing of 28
characters a line (6.1, 6.3); styles with East-Asian font names (w:eastAsia) for the unit, the title
(2号小标宋, 7.3.1), the 发文字号 (7.2.4), the addressee (7.3.2), the body (左空二字, 7.3.3; run-in headings
in 黑体), the form table, the signature lines, the sign-off (7.3.5) and the notes (7.3.6); odd and even
footers with a PAGE field as "— N —" (7.5: 单页码居右空一字, 双页码居左空一字); a "草稿" header line
for drafts; and the Jinja tags docxtpl fills in.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt, RGBColor, Twips  # noqa: E402

from fazhi.documents.render.common import PT_MM, Layout, load  # noqa: E402

OUT = ROOT / "fazhi" / "documents" / "templates" / "documents" / "base.docx"
FIXED_DATE = (2024, 1, 1, 0, 0, 0)

# Style ids the renderer looks for (render/docx.py); the names are what Word shows.
STYLES = {
    "FazhiIssuer": "文书机关", "FazhiTitle": "文书标题", "FazhiNumber": "文书发文字号",
    "FazhiRecipient": "文书主送", "FazhiBody": "文书正文", "FazhiTable": "文书表格",
    "FazhiSignature": "文书签名", "FazhiSignUnit": "文书落款署名", "FazhiSignDate": "文书落款日期",
    "FazhiNote": "文书附注", "FazhiFolio": "文书页码", "FazhiDraft": "文书草稿标记",
}
HEADING_STYLE = ("FazhiHeading", "文书层次标题")  # a character style: 黑体


def line_twips(layout: Layout) -> int:
    # Rounded down, so that 22 lines never exceed the 225 mm text block.
    return int(layout.line_mm / PT_MM * 20)


def spacing_twentieths(layout: Layout) -> int:
    # Character spacing in twentieths of a point, rounded down so that 28 characters fit in 156 mm.
    return -int(-layout.letter_spacing_mm / PT_MM * 20 + 0.999)


def set_fonts(rpr_owner, name: str) -> None:
    """Name ``name`` for Latin and East-Asian text alike (w:ascii, w:hAnsi, w:eastAsia), no theme fonts."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def set_character_spacing(style, twentieths: int) -> None:
    rpr = style.element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(twentieths))


def first_line_chars(paragraph_format, chars: int, char_mm: float) -> None:
    """A first-line indent of ``chars`` characters (w:firstLineChars, with the length as fallback)."""
    paragraph_format.first_line_indent = Mm(chars * char_mm)
    ind = paragraph_format.element.get_or_add_pPr().find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def paragraph_style(doc, style_id: str, *, size: float, fonts: str, align=None, line_twips: int | None = None):
    style = doc.styles.add_style(STYLES[style_id], WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    set_fonts(style.element, fonts)
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if line_twips is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Twips(line_twips)
    return style


def build_styles(doc, layout: Layout) -> None:
    pitch = line_twips(layout)
    normal = doc.styles["Normal"]
    # docDefaults: our body font instead of the theme's, Chinese as the East-Asian language
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), layout.body_fonts[0])
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.remove(ppr.find(qn("w:spacing")))

    # 6.1: 3号仿宋; 6.3: 22 lines × 28 characters
    normal.font.size = Pt(layout.body_pt)
    set_fonts(normal.element, layout.body_fonts[0])
    set_character_spacing(normal, spacing_twentieths(layout))
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(pitch)
    fmt.widow_control = True

    title_font, heading_font = layout.title_fonts[0], layout.heading_fonts[0]
    for style_id, size in (("FazhiIssuer", layout.issuer_pt), ("FazhiTitle", layout.title_pt)):
        style = paragraph_style(doc, style_id, size=size, fonts=title_font, align=WD_ALIGN_PARAGRAPH.CENTER)
        set_character_spacing(style, 0)
        style.paragraph_format.keep_with_next = True
    number = paragraph_style(doc, "FazhiNumber", size=layout.body_pt, fonts=layout.body_fonts[0],
                             align=WD_ALIGN_PARAGRAPH.RIGHT if layout.number_align == "right"
                             else WD_ALIGN_PARAGRAPH.CENTER)
    number.paragraph_format.space_after = Twips(pitch)  # 7.3.2 标题下空一行
    set_character_spacing(number, 0)
    paragraph_style(doc, "FazhiRecipient", size=layout.body_pt, fonts=layout.body_fonts[0],
                    align=WD_ALIGN_PARAGRAPH.LEFT)
    body = paragraph_style(doc, "FazhiBody", size=layout.body_pt, fonts=layout.body_fonts[0],
                           align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    first_line_chars(body.paragraph_format, 2, layout.char_mm)  # 7.3.3 左空二字
    table = paragraph_style(doc, "FazhiTable", size=layout.table_pt, fonts=layout.body_fonts[0],
                            line_twips=int(layout.table_pt * 1.5 * 20))
    set_character_spacing(table, 0)
    signature = paragraph_style(doc, "FazhiSignature", size=layout.body_pt, fonts=layout.body_fonts[0])
    signature.paragraph_format.space_before = Twips(pitch)
    for style_id in ("FazhiSignUnit", "FazhiSignDate"):
        style = paragraph_style(doc, style_id, size=layout.body_pt, fonts=layout.body_fonts[0],
                                align=WD_ALIGN_PARAGRAPH.RIGHT)
        style.paragraph_format.right_indent = Mm(2 * layout.char_mm)  # 7.3.5.2; render/docx.py adjusts
        style.paragraph_format.keep_together = True
    doc.styles["文书落款署名"].paragraph_format.space_before = Twips(pitch)  # 正文下空一行
    doc.styles["文书落款署名"].paragraph_format.keep_with_next = True
    note = paragraph_style(doc, "FazhiNote", size=layout.note_pt, fonts=layout.body_fonts[0],
                           line_twips=int(pitch * 0.75))
    first_line_chars(note.paragraph_format, 2, layout.char_mm)  # 7.3.6 居左空二字
    note.paragraph_format.space_before = Twips(pitch // 2)
    folio = paragraph_style(doc, "FazhiFolio", size=layout.page_number_pt, fonts=layout.page_number_fonts[0],
                            line_twips=int(layout.page_number_pt * 20))
    set_character_spacing(folio, 0)
    draft = paragraph_style(doc, "FazhiDraft", size=layout.body_pt, fonts=heading_font,
                            align=WD_ALIGN_PARAGRAPH.RIGHT)
    draft.font.color.rgb = RGBColor(0x99, 0x99, 0x99)

    heading = doc.styles.add_style(HEADING_STYLE[1], WD_STYLE_TYPE.CHARACTER)
    heading.style_id = HEADING_STYLE[0]
    set_fonts(heading.element, heading_font)  # 7.3.3 第一层用黑体字


def paragraph(container, text: str, style: str | None = None):
    p = container.add_paragraph(style=STYLES[style] if style else None)
    if text:
        p.add_run(text)
    return p


def page_field(p) -> None:
    """"— PAGE —": the page number between two 一字线 (7.5)."""
    p.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    p.add_run(" —")


def set_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")  # eighths of a point: 0.5 pt
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def build_table(doc, layout: Layout) -> None:
    """The form: ``{%tr %}`` rows loop over ``rows``; a wide row is one merged cell, its value under the
    label and at least four lines tall; a normal row is label | value."""
    label_mm = 34
    table = doc.add_table(rows=7, cols=2)
    set_borders(table)
    table.autofit = False
    widths = (label_mm, layout.text_width_mm - label_mm)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(Mm(width).twips))
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(Mm(layout.text_width_mm).twips))
    tags = {0: "{%tr for row in rows %}", 1: "{%tr if row.wide %}", 3: "{%tr else %}", 5: "{%tr endif %}",
            6: "{%tr endfor %}"}
    for n, row in enumerate(table.rows):
        for cell, width in zip(row.cells, widths):
            cell.width = Mm(width)
            cell.paragraphs[0].style = doc.styles[STYLES["FazhiTable"]]
        if n in tags:
            row.cells[0].paragraphs[0].add_run(tags[n])
    wide = table.rows[2]
    cell = wide.cells[0].merge(wide.cells[1])
    cell.paragraphs[0].add_run("{{ row.label }}")
    value = cell.add_paragraph(style=STYLES["FazhiTable"])
    value.add_run("{{ row.value }}")
    first_line_chars(value.paragraph_format, 2, layout.table_pt * PT_MM)
    wide.height, wide.height_rule = Mm(30), WD_ROW_HEIGHT_RULE.AT_LEAST
    label, val = table.rows[4].cells
    label.paragraphs[0].add_run("{{ row.label }}")
    label.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    label.vertical_alignment = val.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    val.paragraphs[0].add_run("{{ row.value }}")
    table.rows[4].height, table.rows[4].height_rule = Mm(10), WD_ROW_HEIGHT_RULE.AT_LEAST


def build(layout: Layout) -> bytes:
    doc = Document()
    doc.core_properties.author = doc.core_properties.last_modified_by = ""
    doc.core_properties.title = doc.core_properties.comments = ""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    build_styles(doc, layout)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(layout.width_mm), Mm(layout.height_mm)  # 5.1 A4
    section.top_margin, section.left_margin = Mm(layout.top_mm), Mm(layout.left_mm)  # 5.2.2
    section.right_margin, section.bottom_margin = Mm(layout.right_mm), Mm(layout.bottom_mm)  # 5.2.1
    section.header_distance = Mm(15)
    # 7.5: the page number's line starts 7 mm under the text block
    section.footer_distance = Mm(layout.bottom_mm - layout.page_number_gap_mm - layout.page_number_pt * PT_MM)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_twips(layout)))
    doc.settings.odd_and_even_pages_header_footer = True

    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        p.style = doc.styles[STYLES["FazhiDraft"]]
        p.add_run("{% if draft %}草稿{% endif %}")
    for footer, align, indent in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                  (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = doc.styles[STYLES["FazhiFolio"]]
        p.alignment = align
        setattr(p.paragraph_format, f"{indent}_indent", Pt(layout.page_number_pt))  # 空一字
        page_field(p)

    paragraph(doc, "{%p if issuer %}")
    paragraph(doc, "{{ issuer }}", "FazhiIssuer")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{{ title }}", "FazhiTitle")
    paragraph(doc, "{%p if number %}")
    paragraph(doc, "{{ number }}", "FazhiNumber")
    paragraph(doc, "{%p else %}")
    paragraph(doc, "")  # 7.3.2 标题下空一行
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if recipient %}")
    paragraph(doc, "{{ recipient }}", "FazhiRecipient")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if rows %}")
    build_table(doc, layout)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p for p in paragraphs %}")
    p = paragraph(doc, "", "FazhiBody")
    p.add_run("{{ p.heading }}", style=doc.styles[HEADING_STYLE[1]])
    p.add_run("{{ p.text }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p for line in signatures %}")
    paragraph(doc, "{{ line }}", "FazhiSignature")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if seal and (sign_unit or sign_date) %}")
    paragraph(doc, "")  # room for the seal, applied by hand (7.3.5.1)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if sign_unit %}")
    paragraph(doc, "{{ sign_unit }}", "FazhiSignUnit")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if sign_date %}")
    paragraph(doc, "{{ sign_date }}", "FazhiSignDate")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p for line in notes %}")
    paragraph(doc, "{{ line }}", "FazhiNote")
    paragraph(doc, "{%p endfor %}")

    out = io.BytesIO()
    doc.save(out)
    return reproducible(out.getvalue())


def reproducible(data: bytes) -> bytes:
    """The same archive with fixed member dates, so that rebuilding an unchanged template changes nothing."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = build(load())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
