"""End to end, in Debian's Chromium: on a decided case, the lead officer makes the 行政处罚决定书 draft
from the case page; the leader reaches 签发 with the keyboard alone and issues it; the PDF downloaded
from the document page holds the party's name and the number; the case file (卷宗) downloaded from the
case page holds the number too. The document page is photographed at 390 pixels wide
(``FAZHI_SCREENSHOTS``, default /tmp)."""

from __future__ import annotations

import io
import os
import re

import pytest
from pypdf import PdfReader

from fazhi.cases.tests import factories as cf
from fazhi.documents.models import Document, DocumentStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "/tmp")


def _download(page, link) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    with open(download.path(), "rb") as fh:
        return download.suggested_filename, fh.read()


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


def _tab_to(page, name: str, limit: int = 80) -> bool:
    """Press Tab from the top of the page until the focused element is the button ``name``."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.innerText.trim()]")
        if focused == ["BUTTON", name]:
            return True
    return False


def test_make_issue_and_download_a_decision(login, live_server, make_user, district_org, city_org):
    admin = make_user("city_admin", city_org)
    s = cf.setup_case(admin, make_user, district_org, major_or_complex=True)
    s.others["chair"] = cf.officer(admin, make_user, district_org, login=False, name="听证主持人")
    cf.walk(s, until="serve")
    case = s.refresh()
    case_path = f"/cases/{case.pk}/"

    # the lead officer makes the draft from the case page's 执法文书 section
    officer = login(s.handler, case_path)
    section = officer.locator("#documents")
    assert "行政处罚决定书" in section.inner_text()
    section.get_by_role("button", name=re.compile(r"^制作\s*行政处罚决定书$")).click()
    officer.wait_for_url(re.compile(r"/documents/\d+/$"))
    document = Document.objects.get(case=case, type_no=27)
    assert officer.locator("#document-status").inner_text() == "草稿"
    assert officer.get_by_label("违法事实").is_visible()
    doc_path = f"/documents/{document.pk}/"

    # the leader opens it, reaches 签发 with the keyboard and issues it with Enter (today's date)
    leader = login(s.approver, doc_path)
    assert leader.get_by_label("成文日期").input_value()  # defaults to today
    assert _tab_to(leader, "签发"), "Tab never reached the 签发 button"
    with leader.expect_navigation():
        leader.keyboard.press("Enter")
    assert leader.locator(".form-errors").count() == 0, leader.locator(".form-errors").inner_text()
    assert leader.locator("#document-status").inner_text() == "已签发"
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED and document.number_text in leader.content()
    assert document.pdf_sha256 == leader.locator("#pdf-sha256").inner_text()

    name, data = _download(leader, leader.get_by_role("link", name="下载PDF"))
    assert name.endswith(".pdf") and "行政处罚决定书" in name
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert re.sub(r"\s+", "", case.party_name) in text and document.number_text in text

    # the case file from the case page carries the decision
    leader.goto(live_server.url + case_path)
    row = leader.locator("#documents tr", has_text="行政处罚决定书")
    assert "已签发" in row.inner_text() and document.number_text in row.inner_text()
    name, data = _download(leader, leader.get_by_role("link", name="下载卷宗 PDF"))
    assert name == f"卷宗-{case.number}.pdf" and data.startswith(b"%PDF")
    assert document.number_text in _pdf_text(data)

    phone = login(s.approver, doc_path, width=390)
    phone.screenshot(path=f"{SHOTS}/document-detail-390.png", full_page=True)
    for page in (officer, leader, phone):
        page.context.close()
