"""The bound case file: cover, catalogue with the right start pages, documents with 卷内页号."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from fazhi.documents.layout import Doc, Row
from fazhi.documents.render.casefile import Entry, bind_case_file, start_pages

MM = 72 / 25.4


def cover() -> Doc:
    return Doc(type_no=36, title="行政处罚案卷", issuer="天津市司法局", draft=False, rows=(
        Row("案件名称", "天津某某法律咨询服务中心未取得律师执业证书以律师名义从事法律服务案"),
        Row("案号", "津司罚案〔2024〕7号"), Row("当事人", "天津某某法律咨询服务中心"),
        Row("立卷单位", "天津市司法局"), Row("起止日期", "2024年3月12日至2024年6月20日"), Row("保管期限", "长期")))


def pages_pdf(name: str, count: int, size: str = "A4") -> bytes:
    """A document of ``count`` pages, each saying which document and page it is (below the corners)."""
    body = "".join(f'<p style="break-before: {"page" if n > 1 else "auto"}">{name}第{n}页</p>'
                   for n in range(1, count + 1))
    return HTML(string=f"<html><style>@page {{ size: {size}; margin: 40mm }}</style><body>{body}</body></html>"
                ).write_pdf()


ENTRIES = [("立案审批表", "", 1), ("询问笔录", "", 3), ("行政处罚决定书", "津司罚〔2024〕12号", 2)]


@pytest.fixture(scope="module")
def bound() -> bytes:
    entries = [Entry(title=t, number=n, date="2024年4月28日", pdf=pages_pdf(t, count)) for t, n, count in ENTRIES]
    return bind_case_file(cover(), entries)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def test_page_count_is_cover_catalogue_and_every_document_page(bound):
    reader = PdfReader(io.BytesIO(bound))
    assert len(reader.pages) == 1 + 1 + 1 + 3 + 2
    assert "行政处罚案卷" in squash(reader.pages[0].extract_text())
    assert "卷内目录" in squash(reader.pages[1].extract_text())
    order = [squash(page.extract_text()) for page in reader.pages[2:]]
    expected = [f"{t}第{n}页" for t, _, count in ENTRIES for n in range(1, count + 1)]
    assert all(e in text for e, text in zip(expected, order))


def test_catalogue_gives_each_document_its_start_page(bound):
    with pdfplumber.open(io.BytesIO(bound)) as pdf:
        table = pdf.pages[1].extract_table()
    header, *rows = [[squash(cell) for cell in row] for row in table]
    assert header == ["顺序号", "文号", "题名", "日期", "页号", "备注"]
    assert [row[4] for row in rows] == ["1", "2", "5"]
    assert [row[2] for row in rows] == [t for t, _, _ in ENTRIES]
    assert rows[2][1] == "津司罚〔2024〕12号" and rows[0][0] == "1" and rows[2][3] == "2024年4月28日"


def test_start_pages():
    assert start_pages([1, 3, 2]) == [1, 2, 5]


def test_every_document_page_is_numbered_in_its_outer_top_corner(bound):
    with pdfplumber.open(io.BytesIO(bound)) as pdf:
        for number, page in enumerate(pdf.pages[2:], start=1):
            corner = [c for c in page.chars if c["top"] / MM < 25]
            assert "".join(c["text"] for c in corner) == str(number)
            if number % 2:
                assert min(c["x0"] for c in corner) / MM > 170  # odd: top right
            else:
                assert max(c["x1"] for c in corner) / MM < 40  # even: top left
        for page in pdf.pages[:2]:  # the cover and the catalogue carry no archive number
            assert not [c for c in page.chars if c["top"] / MM < 25]


def test_pages_of_another_size_are_stamped_in_their_own_corner():
    entries = [Entry(title="现场照片", number="", date="2024年3月12日", pdf=pages_pdf("照片", 1, "A4 landscape"))]
    with pdfplumber.open(io.BytesIO(bind_case_file(cover(), entries))) as pdf:
        page = pdf.pages[2]
        assert page.width > page.height
        corner = [c for c in page.chars if c["top"] / MM < 25]
        assert "".join(c["text"] for c in corner) == "1"
        assert min(c["x0"] for c in corner) > page.width - 30 * MM


def test_rotated_pages_are_stamped_upright_in_the_visible_corner():
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(pages_pdf("扫描件", 1))).pages[0])
    writer.pages[0].rotate(90)  # a scan stored upright, shown landscape
    out = io.BytesIO()
    writer.write(out)
    entries = [Entry(title="扫描件", number="", date="", pdf=out.getvalue())]
    with pdfplumber.open(io.BytesIO(bind_case_file(cover(), entries))) as pdf:
        page = pdf.pages[2]
        assert page.width > page.height
        corner = [c for c in page.chars if c["top"] / MM < 25 and c["upright"]]
        assert "".join(c["text"] for c in corner) == "1"
        assert min(c["x0"] for c in corner) > page.width - 30 * MM


def test_catalogue_text_is_escaped():
    entries = [Entry(title="<b>询问笔录</b>", number="", date="2024年3月12日", pdf=pages_pdf("x", 1))]
    reader = PdfReader(io.BytesIO(bind_case_file(cover(), entries)))
    assert "<b>询问笔录</b>" in squash(reader.pages[1].extract_text())


def test_unreadable_or_missing_documents_are_refused():
    with pytest.raises(ValueError, match="询问笔录"):
        bind_case_file(cover(), [Entry(title="询问笔录", number="", date="", pdf=b"not a pdf")])
    with pytest.raises(ValueError):
        bind_case_file(cover(), [])
