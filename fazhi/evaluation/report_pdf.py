"""The round report (评查报告) as a PDF: the template ``evaluation/report_pdf.html`` (the page's sections,
charts as inline SVG) laid out by WeasyPrint on A4 with the fonts the document engine uses
(``fazhi/documents/data/layout.toml``: 标题 in 小标宋, 正文 in 仿宋, tables and headings in 黑体, each list
falling back to the fonts installed). The document engine's ``FontConfiguration`` and lock are shared;
nothing is fetched from the network."""

from __future__ import annotations

from functools import cache

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML

from fazhi.documents.render.common import current
from fazhi.documents.render.pdf import FONTS, LOCK, OFFLINE, families

_CSS = """
@page {{ size: A4; margin: 22mm 18mm 20mm 18mm;
  @bottom-center {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-family: {heading};
                    font-size: 9pt; color: #444; }} }}
html {{ color: #000; }}
body {{ font-family: {body}; font-size: 11pt; line-height: 1.55; }}
h1, h2, .issuer, th, caption, figcaption, .sub, dt {{ font-family: {heading}; }}
.report-head {{ text-align: center; border-bottom: 2pt solid #a8231b; padding-bottom: 4mm; margin-bottom: 6mm; }}
.issuer {{ margin: 0; font-size: 12pt; letter-spacing: 0.3em; color: #a8231b; }}
h1 {{ font-family: {title}; font-size: 20pt; margin: 2mm 0; }}
.sub {{ margin: 0; font-size: 9.5pt; color: #333; }}
h2 {{ font-size: 13.5pt; margin: 6mm 0 2.5mm; border-left: 3pt solid #1d4f91; padding-left: 2mm; }}
p {{ margin: 0 0 2mm; }}
.panel {{ break-inside: auto; }}
.visually-hidden {{ display: none; }}
.muted {{ color: #444; font-size: 9.5pt; }}
code.hash {{ font-family: monospace; font-size: 8.5pt; word-break: break-all; }}
dl.detail-list {{ display: grid; grid-template-columns: 32mm 1fr; margin: 0 0 2mm; font-size: 10.5pt; }}
dl.detail-list dt {{ font-weight: bold; }} dl.detail-list dd {{ margin: 0; }}
figure {{ margin: 0 0 3mm; break-inside: avoid; }}
figure svg {{ width: 100%; height: auto; }}
figcaption {{ font-size: 9pt; text-align: center; }}
table.data {{ width: 100%; border-collapse: collapse; font-size: 9.5pt; margin-bottom: 3mm; }}
table.data caption {{ text-align: left; font-weight: bold; padding: 1mm 0; }}
table.data th, table.data td {{ border: 0.5pt solid #777; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }}
table.data thead th {{ background: #e3e9f2; }}
table.data thead {{ display: table-header-group; }}
table.data tr {{ break-inside: avoid; }}
table.data:not(#files-table) {{ break-inside: avoid; }}
figure svg {{ max-width: 130mm; margin: 0 auto; display: block; }}
table.data .num {{ text-align: right; }}
.nowrap {{ white-space: nowrap; }}
ul.compact {{ margin: 0; padding-left: 5mm; }}
"""


@cache
def stylesheet() -> CSS:
    layout = current()
    source = _CSS.format(body=families(layout.body_fonts), heading=families(layout.heading_fonts),
                         title=families(layout.title_fonts))
    return CSS(string=source, font_config=FONTS, url_fetcher=OFFLINE)


def html(context: dict) -> str:
    return render_to_string("evaluation/report_pdf.html", {**context, "generated": timezone.localtime()})


def render(context: dict) -> bytes:
    """The report (``views.report.context``) as PDF bytes."""
    source = html(context)
    with LOCK:
        document = HTML(string=source, url_fetcher=OFFLINE).render(stylesheets=[stylesheet()], font_config=FONTS)
        return document.write_pdf()
