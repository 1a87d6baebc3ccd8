"""Bind a case file (卷宗) into one PDF: the cover (卷宗封面), the catalogue (卷内目录), then every
document's pages in order, each document page numbered in its top corner (卷内页号).

The cover is a ``layout.Doc`` printed by ``render/pdf.py`` (without folios); the catalogue is laid out by
WeasyPrint from ``templates/documents/catalogue.html``, its 页号 the page where each document starts,
counted from the first document page (pypdf counts every document's pages first, so the catalogue is
right whatever the documents' lengths). The archive numbers are one WeasyPrint overlay, a page per
number, merged onto the document pages with pypdf: odd numbers in the top-right corner, even numbers
top-left, as on a file printed on both sides. Nothing in a document's own pages is re-laid out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template import Context
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError
from weasyprint import CSS, HTML

from fazhi.documents.layout import Doc
from fazhi.documents.render import pdf
from fazhi.documents.render.common import clean, current

PT_PER_MM = 72 / 25.4
STAMP_TOP_MM = 12  # the archive number's distance from the top edge of the page
STAMP_SIDE_MM = 15  # and from the outer side edge


@dataclass(frozen=True)
class Entry:
    """One document of the file: its title, 发文字号 (may be ""), date as printed, and its PDF."""

    title: str
    number: str
    date: str
    pdf: bytes


def _readers(entries: list[Entry]) -> list[PdfReader]:
    readers = []
    for n, entry in enumerate(entries, start=1):
        try:
            reader = PdfReader(io.BytesIO(entry.pdf))
            pages = len(reader.pages)
        except (PdfReadError, ValueError, OSError) as exc:
            raise ValueError(f"第{n}件文书“{entry.title}”的 PDF 无法读取:{exc}") from exc
        if not pages:
            raise ValueError(f"第{n}件文书“{entry.title}”的 PDF 没有页面")
        readers.append(reader)
    return readers


def start_pages(counts: list[int]) -> list[int]:
    """The archive page number where each document starts: 1, then after the pages of those before."""
    starts, next_page = [], 1
    for count in counts:
        starts.append(next_page)
        next_page += count
    return starts


def catalogue_html(entries: list[Entry], starts: list[int]) -> str:
    rows = [{"seq": str(n), "number": clean(e.number), "title": clean(e.title), "date": clean(e.date),
             "page": str(page)} for n, (e, page) in enumerate(zip(entries, starts), start=1)]
    return pdf.ENGINE.get_template("documents/catalogue.html").render(Context({"rows": rows}))


def stamp_overlay(count: int) -> PdfReader:
    """``count`` pages of the layout's size, page i carrying archive number i in its outer top corner."""
    layout = current()
    css = (f"@page {{ size: {layout.width_mm}mm {layout.height_mm}mm; margin: 0; }}\n"
           f"body {{ margin: 0; font-family: {pdf.families(layout.page_number_fonts)}; "
           f"font-size: {layout.page_number_pt}pt; line-height: 1; }}\n"
           f"div {{ height: {layout.height_mm}mm; break-after: page; box-sizing: border-box; "
           f"padding: {STAMP_TOP_MM}mm {STAMP_SIDE_MM}mm 0; }}\n"
           "div:last-child { break-after: auto; }\n"
           ".odd { text-align: right; } .even { text-align: left; }\n")
    body = "".join(f'<div class="{"odd" if n % 2 else "even"}">{n}</div>' for n in range(1, count + 1))
    source = f'<html lang="zh-CN"><body>{body}</body></html>'
    with pdf.LOCK:
        data = HTML(string=source, url_fetcher=pdf.OFFLINE).write_pdf(
            stylesheets=[CSS(string=css, font_config=pdf.FONTS)], font_config=pdf.FONTS)
    return PdfReader(io.BytesIO(data))


def _stamp(page, stamp, number: int, overlay_size: tuple[float, float]) -> None:
    if page.rotation:
        page.transfer_rotation_to_content()
    box = page.cropbox
    width, height = overlay_size
    # Align the overlay's outer top corner with the page's, whatever the page's size.
    tx = float(box.right) - width if number % 2 else float(box.left)
    page.merge_transformed_page(stamp, Transformation().translate(tx, float(box.top) - height))
    page.compress_content_streams()


def bind_case_file(cover: Doc, entries: list[Entry]) -> bytes:
    """The whole case file as one PDF: cover, catalogue, then the documents with their archive page
    numbers (卷内页号, from 1 on the first document page)."""
    if not entries:
        raise ValueError("没有要装订的文书")
    readers = _readers(entries)
    counts = [len(r.pages) for r in readers]
    starts = start_pages(counts)

    sources = [pdf.html(cover), catalogue_html(entries, starts)]
    with pdf.LOCK:
        front_parts = [pdf.render_html(source, page_numbers=False) for source in sources]
        cover_pages = len(front_parts[0].pages)
        front = front_parts[0].copy([page for part in front_parts for page in part.pages]).write_pdf()

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(front)).pages:
        writer.add_page(page)
    first = len(writer.pages)
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)

    overlay = stamp_overlay(sum(counts))
    size = (float(overlay.pages[0].mediabox.width), float(overlay.pages[0].mediabox.height))
    for n in range(1, sum(counts) + 1):
        _stamp(writer.pages[first + n - 1], overlay.pages[n - 1], n, size)

    writer.add_outline_item(title="卷宗封面", page_number=0)
    writer.add_outline_item(title="卷内目录", page_number=cover_pages)
    for entry, start in zip(entries, starts):
        title = clean(" ".join(x for x in (entry.title, entry.number) if x))
        writer.add_outline_item(title=title, page_number=first + start - 1)
    writer.add_metadata({"/Title": clean(cover.title), "/Author": clean(cover.issuer)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
