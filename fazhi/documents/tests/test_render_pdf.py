"""The PDF renderer: what it prints and where (GB/T 9704-2012), read back with pypdf and pdfplumber."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pdfplumber
import pytest
from pypdf import PdfReader

from fazhi.documents.layout import Doc, Para, Row
from fazhi.documents.render.pdf import render_pdf, render_pdf_many

MM = 72 / 25.4  # points per millimetre
BASIS = "《中华人民共和国律师法》第五十五条第一款第一项"
PARTY = "天津某某法律咨询服务中心"


def decision(**changes) -> Doc:
    doc = Doc(
        type_no=27, title="行政处罚决定书", issuer="天津市司法局", number="津司罚〔2024〕12号", draft=False,
        recipient=PARTY,
        paragraphs=(
            Para(f"{PARTY}，住所：天津市河西区友谊路某大厦1203室，负责人：刘某。", key="party", heading="当事人："),
            Para("当事人未取得律师执业证书，以律师名义从事法律服务业务，收取代理费共计人民币86000元。",
                 key="facts", heading="一、违法事实。"),
            Para(f"依据{BASIS}的规定，本局决定：没收违法所得人民币86000元，并处罚款人民币344000元。",
                 key="penalty", heading="二、处罚决定。"),
        ),
        sign_unit="天津市司法局", sign_date="2024年4月28日", seal=True,
        notes=("（本决定书一式三份）",),
    )
    return replace(doc, **changes)


def long_body() -> tuple[Para, ...]:
    sentence = "当事人应当自收到本决定书之日起十五日内缴纳罚款，逾期不缴纳的，每日按罚款数额的百分之三加处罚款。"
    return tuple(Para(sentence * 6, key=f"p{n}") for n in range(8))


def text(pdf: bytes) -> str:
    """All the text, whitespace removed (extraction breaks lines where the layout does)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def lines(page) -> list[list[dict]]:
    """The page's characters grouped into lines by their top (rounded to 0.5 pt), top to bottom."""
    rows: dict[float, list[dict]] = {}
    for ch in page.chars:
        rows.setdefault(round(ch["top"] * 2) / 2, []).append(ch)
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(rows.items())]


@pytest.fixture(scope="module")
def printed() -> bytes:
    return render_pdf(decision())


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_pdf(decision(paragraphs=long_body(), recipient=""))


def test_prints_issuer_title_number_party_and_basis(printed):
    words = text(printed)
    for expected in ("天津市司法局", "行政处罚决定书", "津司罚〔2024〕12号", PARTY, BASIS, "2024年4月28日",
                     "（本决定书一式三份）", "当事人：", "一、违法事实。"):
        assert expected in words


def test_every_word_of_the_document_is_printed(printed):
    words = text(printed)
    for part in decision().text().split("\n"):
        assert re.sub(r"\s+", "", part) in words


def test_page_is_a4(printed):
    page = PdfReader(io.BytesIO(printed)).pages[0]
    assert abs(float(page.mediabox.width) - 595.28) <= 1
    assert abs(float(page.mediabox.height) - 841.89) <= 1


def test_text_block_starts_37_mm_from_the_top_and_28_mm_from_the_left(printed):
    with pdfplumber.open(io.BytesIO(printed)) as pdf:
        page_lines = lines(pdf.pages[0])
    first = page_lines[0]
    # 5.2.2 天头 37 mm: the first line box starts there; its glyphs sit inside the line (10.2 mm pitch)
    assert 37 - 1 <= first[0]["top"] / MM <= 37 + 3
    recipient = next(line for line in page_lines if "".join(c["text"] for c in line).startswith(PARTY[:4]))
    assert abs(recipient[0]["x0"] / MM - 28) <= 1.5  # 5.2.2 订口 28 mm: 主送 居左顶格 (7.3.2)
    body = next(line for line in page_lines if "".join(c["text"] for c in line).startswith("当事人："))
    assert abs(body[0]["x0"] / MM - (28 + 2 * 156 / 28)) <= 1.5  # 7.3.3 左空二字
    assert "Sans" in body[0]["fontname"]  # the run-in heading in 黑体 (here its alias, Noto Sans CJK SC)


def test_a_full_page_has_22_lines_of_28_characters(long_pdf):
    with pdfplumber.open(io.BytesIO(long_pdf)) as pdf:
        page = pdf.pages[1]  # no header: the body fills the page
        body = [line for line in lines(page) if line[0]["size"] > 15]
    assert len(body) == 22  # 6.3 每面排 22 行
    assert 37 <= body[0][0]["top"] / MM <= 37 + 3
    assert body[-1][0]["bottom"] / MM <= 37 + 225 + 0.5  # inside the 225 mm text block
    full = [line for line in body if abs(line[0]["x0"] / MM - 28) < 0.5 and len(line) == 28]
    assert full, "no line of 28 full-width characters"  # 6.3 每行排 28 个字
    for line in full:
        assert abs(line[-1]["x1"] / MM - (28 + 156)) <= 1  # 撑满版心


def test_long_body_runs_onto_page_two_with_page_numbers(long_pdf):
    reader = PdfReader(io.BytesIO(long_pdf))
    assert len(reader.pages) >= 2
    assert "—1—" in re.sub(r"\s+", "", reader.pages[0].extract_text())
    assert "—2—" in re.sub(r"\s+", "", reader.pages[1].extract_text())
    with pdfplumber.open(io.BytesIO(long_pdf)) as pdf:
        folios = [[c for c in page.chars if c["top"] / MM > 37 + 225] for page in pdf.pages[:2]]
    # 7.5: under the text block; odd pages on the right, even pages on the left
    assert all(folio for folio in folios)
    assert min(c["x0"] for c in folios[0]) / MM > 105
    assert max(c["x1"] for c in folios[1]) / MM < 105
    assert 37 + 225 + 5 <= min(c["top"] for c in folios[0]) / MM <= 37 + 225 + 10


def test_draft_has_watermark_and_no_number():
    words = text(render_pdf(decision(draft=True, number="")))
    assert "草稿" in words.replace("（草稿，未编号）", "")  # the watermark itself
    assert "（草稿，未编号）" in words
    assert "津司罚〔2024〕12号" not in text(render_pdf(decision(draft=True)))


def test_issued_document_has_no_draft_mark(printed):
    assert "草稿" not in text(printed)


def test_seal_area_only_when_sealed(printed):
    assert "（印章）" in text(printed)
    assert "（印章）" not in text(render_pdf(decision(seal=False)))


def test_markup_in_the_text_prints_literally():
    pdf = render_pdf(decision(recipient="某某<b>律师</b>事务所", rows=(Row("案由<i>", "a & b <script>x</script>"),),
                              paragraphs=(Para("正文<br>不换行"),)))
    words = text(pdf)
    assert "某某<b>律师</b>事务所" in words
    assert "a&b<script>x</script>" in words
    assert "正文<br>不换行" in words


def test_form_rows_and_signatures():
    doc = decision(recipient="", number="", rows=(Row("检查对象", PARTY), Row("审批意见", "同意立案。", wide=True)),
                   paragraphs=(), signatures=("被询问人（签名）：", "询问人（签名）："), seal=False)
    words = text(render_pdf(doc))
    for expected in ("检查对象", PARTY, "审批意见", "同意立案。", "被询问人（签名）：", "询问人（签名）："):
        assert expected in words


def test_many_documents_in_one_pdf():
    pdf = render_pdf_many([decision(), decision(number="津司罚〔2024〕13号")])
    words = text(pdf)
    assert "津司罚〔2024〕12号" in words and "津司罚〔2024〕13号" in words
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2


def test_renders_from_several_threads_at_once():
    from concurrent.futures import ThreadPoolExecutor

    docs = [decision(number=f"津司罚〔2024〕{n}号") for n in range(1, 5)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(render_pdf, docs))
    for n, pdf in enumerate(pdfs, start=1):
        assert f"津司罚〔2024〕{n}号" in text(pdf)
