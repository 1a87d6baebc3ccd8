"""Print a ``layout.Doc`` as PDF in the GB/T 9704-2012 layout, with WeasyPrint.

The HTML comes from the Django template ``documents/doc.html`` (autoescaped: a party's name that looks
like markup prints as written); the style sheet is ``static/documents/gbt9704.css`` after the numbers of
``data/layout.toml`` (page size and margins, grid, type sizes, fonts). Everything is read from disk once
and parsed once; one ``FontConfiguration`` serves every render, so a three-page decision takes about a
tenth of a second (bench/documents.py). Nothing is fetched from the network.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from django.template import Context, Engine
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from fazhi.documents.layout import Doc
from fazhi.documents.render.common import Layout, current, printed

APP = Path(__file__).resolve().parent.parent
STYLESHEET = APP / "static" / "documents" / "gbt9704.css"
BASE_URL = (APP / "static" / "documents").as_uri() + "/"
OFFLINE = URLFetcher(allowed_protocols={"file", "data"})  # a document never fetches from the network

FONTS = FontConfiguration()
# Every render shares FONTS (a Pango font map, which is not documented as thread-safe) and the parsed
# style sheets: under a threaded server, one WeasyPrint render at a time per process.
LOCK = threading.RLock()

# A private template engine: the documents' own templates, autoescaped, with no context processors and
# no dependence on the project's TEMPLATES setting (the renderer also runs in scripts and benchmarks).
ENGINE = Engine(dirs=[str(APP / "templates")], autoescape=True)


def families(names: tuple[str, ...]) -> str:
    generic = {"serif", "sans-serif", "monospace"}
    return ", ".join(n if n in generic else '"' + n.replace('"', "") + '"' for n in names)


def layout_css(layout: Layout, *, page_numbers: bool = True) -> str:
    """The numbers of ``layout`` as CSS: custom properties for gbt9704.css and the page boxes."""
    folio = (f'content: "— " counter(page) " —"; font-family: {families(layout.page_number_fonts)}; '
             f"font-size: {layout.page_number_pt}pt; line-height: 1; letter-spacing: 0; vertical-align: top; "
             f"padding-top: {layout.page_number_gap_mm}mm;")
    pages = ""
    if page_numbers:
        # 7.5 页码: 4号半角宋体阿拉伯数字, 左右各一条一字线, 7 mm below the text block; odd pages 居右空一字,
        # even pages 居左空一字 (WeasyPrint counts the first page as a right-hand page).
        pages = (f"@page :right {{ @bottom-right {{ {folio} text-align: right; padding-right: 1em; }} }}\n"
                 f"@page :left {{ @bottom-left {{ {folio} text-align: left; padding-left: 1em; }} }}\n")
    return (
        f":root {{\n"
        # a hair under the exact pitch, so that rounding never pushes the 22nd line onto the next page
        f"  --line: {layout.line_mm - 0.001:.4f}mm;\n"
        f"  --char: {layout.char_mm:.4f}mm;\n"
        f"  --ls: {layout.letter_spacing_mm:.4f}mm;\n"
        f"  --seal: {layout.seal_mm}mm;\n"
        f"  --body-size: {layout.body_pt}pt;\n  --title-size: {layout.title_pt}pt;\n"
        f"  --issuer-size: {layout.issuer_pt}pt;\n  --note-size: {layout.note_pt}pt;\n"
        f"  --table-size: {layout.table_pt}pt;\n"
        f"  --font-body: {families(layout.body_fonts)};\n"
        f"  --font-title: {families(layout.title_fonts)};\n"
        f"  --font-heading: {families(layout.heading_fonts)};\n"
        f"}}\n"
        # 5.1 A4; 5.2.2 天头 37 mm, 订口 28 mm; 5.2.1 版心 156 mm × 225 mm
        f"@page {{ size: {layout.width_mm}mm {layout.height_mm}mm; "
        f"margin: {layout.top_mm}mm {layout.right_mm}mm {layout.bottom_mm}mm {layout.left_mm}mm; }}\n"
        + pages
    )


@cache
def stylesheets(page_numbers: bool = True) -> tuple[CSS, ...]:
    """The parsed style sheets (layout numbers, then gbt9704.css), made once per process."""
    layout = current()
    return (CSS(string=layout_css(layout, page_numbers=page_numbers), font_config=FONTS, url_fetcher=OFFLINE),
            CSS(string=STYLESHEET.read_text(encoding="utf-8"), base_url=BASE_URL, font_config=FONTS,
                url_fetcher=OFFLINE))


def html(doc: Doc) -> str:
    """The document as HTML (what WeasyPrint lays out)."""
    context = {"d": printed(doc), "number_right": current().number_align == "right"}
    return ENGINE.get_template("documents/doc.html").render(Context(context))


def render_html(source: str, *, page_numbers: bool = True):
    """Lay out ``source`` (HTML of the documents' templates): a ``weasyprint.Document``. Call it, and
    write the result, holding ``LOCK``."""
    return HTML(string=source, base_url=BASE_URL, url_fetcher=OFFLINE).render(
        stylesheets=list(stylesheets(page_numbers)), font_config=FONTS)


def render_pdf(doc: Doc, *, page_numbers: bool = True) -> bytes:
    """``doc`` as a PDF. ``page_numbers=False`` leaves out the folios (a case file's cover)."""
    source = html(doc)
    with LOCK:
        return render_html(source, page_numbers=page_numbers).write_pdf()


def render_pdf_many(docs: list[Doc]) -> bytes:
    """Several documents in one PDF, each starting on a new page with its own page numbers."""
    if not docs:
        raise ValueError("没有要打印的文书")
    sources = [html(doc) for doc in docs]
    with LOCK:
        laid_out = [render_html(source) for source in sources]
        return laid_out[0].copy([page for d in laid_out for page in d.pages]).write_pdf()


