"""The DOCX renderer: the text, the page (GB/T 9704-2012), the footers, and the committed template."""

from __future__ import annotations

import importlib.util
import io
import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from fazhi.documents.layout import Doc, Para, Row
from fazhi.documents.render.common import load
from fazhi.documents.render.docx import TEMPLATE, render_docx, signoff_indents

ROOT = Path(__file__).resolve().parents[3]


def decision(**changes) -> Doc:
    doc = Doc(
        type_no=27, title="行政处罚决定书", issuer="天津市司法局", number="津司罚〔2024〕12号", draft=False,
        recipient="天津某某法律咨询服务中心",
        rows=(Row("当事人", "天津某某法律咨询服务中心"), Row("复核意见", "同意。\n建议从重。", wide=True)),
        paragraphs=(Para("当事人未取得律师执业证书，以律师名义从事法律服务业务。", key="facts", heading="一、违法事实。"),
                    Para("依据《中华人民共和国律师法》第五十五条第一款第一项的规定，处罚款人民币344000元。\n"
                         "（一）没收违法所得；\n（二）罚款。", key="penalty", heading="二、处罚决定。")),
        signatures=("当事人（签名）：",),
        sign_unit="天津市司法局", sign_date="2024年4月28日", seal=True, notes=("（本决定书一式三份）",),
    )
    return replace(doc, **changes)


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return re.sub(r"\s+", "", "".join(parts))


@pytest.fixture(scope="module")
def printed():
    return docx.Document(io.BytesIO(render_docx(decision())))


def test_every_word_of_the_document_is_there(printed):
    words = all_text(printed)
    for part in decision().text().split("\n"):
        assert re.sub(r"\s+", "", part) in words
    assert "天津某某法律咨询服务中心：" in words  # 7.3.2 主送 ends with a full-width colon


def test_page_is_a4_with_the_gbt9704_margins(printed):
    section = printed.sections[0]
    for value, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                      (section.left_margin, 28), (section.right_margin, 26), (section.bottom_margin, 35)):
        assert abs(value.mm - mm) < 0.1


def test_footers_carry_a_page_field_on_odd_and_even_pages(printed):
    section = printed.sections[0]
    assert printed.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        p = footer.paragraphs[0]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment.name.lower() == align  # 7.5 单页码居右, 双页码居左


def test_styles_name_the_east_asian_fonts(printed):
    normal = printed.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert printed.styles["Normal"].font.size.pt == 16
    spacing = printed.styles["Normal"].paragraph_format
    assert spacing.line_spacing_rule.name == "EXACTLY"
    assert 22 * spacing.line_spacing.mm <= 225 < 23 * spacing.line_spacing.mm  # 6.3 22 lines
    title = printed.styles["文书标题"]
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体" and title.font.size.pt == 22
    assert printed.styles["文书层次标题"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_markup_in_the_text_is_written_literally():
    document = docx.Document(io.BytesIO(render_docx(decision(
        recipient="某某<b>律师</b>事务所", paragraphs=(Para("a & b <w:t>{{ x }}</w:t>"),)))))
    words = all_text(document)
    assert "某某<b>律师</b>事务所：" in words
    assert "a&b<w:t>{{x}}</w:t>" in words


def test_draft_is_marked_and_unnumbered():
    document = docx.Document(io.BytesIO(render_docx(decision(draft=True))))
    assert "（草稿，未编号）" in all_text(document)
    assert "津司罚〔2024〕12号" not in all_text(document)
    assert document.sections[0].header.paragraphs[0].text == "草稿"
    issued = docx.Document(io.BytesIO(render_docx(decision())))
    assert "草稿" not in issued.sections[0].header.paragraphs[0].text


def test_document_without_rows_or_sign_off():
    document = docx.Document(io.BytesIO(render_docx(decision(rows=(), sign_unit="", sign_date="", notes=(),
                                                              signatures=()))))
    assert not document.tables
    assert "行政处罚决定书" in all_text(document)


def test_control_characters_do_not_break_the_file():
    document = docx.Document(io.BytesIO(render_docx(decision(paragraphs=(Para("甲\x00乙\x07丙\x0c丁"),)))))
    assert "甲乙丙丁" in all_text(document)


def test_sign_off_indents():
    # 7.3.5.1 with a seal: the date 右空四字, the unit centred over it
    assert signoff_indents("天津市司法局", "2024年4月28日", seal=True) == (4.25, 4)
    # 7.3.5.2 without: the unit 右空二字, the date two characters right of it, or 右空二字 when longer
    assert signoff_indents("天津市河西区司法局执法支队", "2024年4月28日", seal=False) == (2, 6.5)
    assert signoff_indents("天津市司法局", "2024年4月28日", seal=False) == (4.5, 2)


def test_committed_template_is_what_the_script_builds():
    spec = importlib.util.spec_from_file_location("build_docx_template", ROOT / "tools" / "build_docx_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build(load()) == TEMPLATE.read_bytes(), "run .venv/bin/python tools/build_docx_template.py"
