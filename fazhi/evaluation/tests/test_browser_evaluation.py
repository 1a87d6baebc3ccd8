"""End to end, in Debian's Chromium: a blind round drawn through the services from two walked, closed cases
(河西区 and 南开区), each reviewed by an evaluator of the other district. The 南开 evaluator opens 我的评查任务,
opens the 河西 file, enters a deduction with a note and submits, and sees the grade; the city admin feeds
the results back; the 河西 district admin sees the finding and answers it; the city admin accepts it,
closes the round and downloads the report PDF. The scoring form is photographed at 390 pixels wide; the
round, an item and the report pages at 1280 (the report also at 390); the PDF is kept beside them
(``FAZHI_SCREENSHOTS``, default /tmp)."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from fazhi.cases.tests import factories as cf
from fazhi.evaluation.models import RectificationItem, Review
from fazhi.evaluation.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "/tmp")
HEXI, NANKAI = "120103", "120104"


def _walked(admin, make_user, code):
    s = cf.setup_case(admin, make_user, f.org_of(code), party="practitioner", case_type="simplified")
    cf.walk(s, "simplified")  # closed 2024-08-22, archived the next day
    return s


def test_review_feedback_rectify_close_and_report(login, live_server, admin, make_user, city_org):
    hexi_case, nankai_case = _walked(admin, make_user, HEXI), _walked(admin, make_user, NANKAI)
    hexi_reviewer = f.reviewer(make_user, HEXI, full_name="河西评查员")
    nankai_reviewer = f.reviewer(make_user, NANKAI, full_name="南开评查员")
    hexi_admin = make_user("district_admin", f.org_of(HEXI), full_name="河西管理员")
    witness = make_user("leader", city_org, full_name="见证人")
    rnd = f.drawn(admin, witness, [hexi_reviewer, nankai_reviewer], per_district_count="1")
    mine = Review.objects.get(file__round=rnd, file__case=hexi_case.case)
    assert mine.reviewer == nankai_reviewer
    f.submit(Review.objects.get(file__round=rnd, file__case=nankai_case.case))  # the other file: no problems found

    # the scoring form on a phone
    phone = login(nankai_reviewer, f"/evaluation/reviews/{mine.pk}/", width=390)
    expect(phone.get_by_role("heading", name="评查意见")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=f"{SHOTS}/evaluation-review-390.png", full_page=True)
    phone.context.close()

    # the evaluator: 我的评查任务 → the file → a deduction with its note → the grade
    page = login(nankai_reviewer, "/evaluation/")
    page.get_by_role("link", name="我的评查任务").click()
    page.wait_for_url(re.compile(r"/evaluation/reviews/$"))
    page.get_by_role("link", name=re.compile("被评查案卷")).click()
    page.wait_for_url(re.compile(rf"/evaluation/reviews/{mine.pk}/$"))
    body = page.locator("main").inner_text()
    for secret in ("河西区", hexi_case.case.unit.name, hexi_case.lead.name, hexi_case.case.number):
        assert secret not in body
    veto, veto_note = page.get_by_role("checkbox", name=re.compile("^V2")), page.get_by_label("说明(否决项 V2)")
    expect(veto_note).to_be_hidden()  # a veto's note appears once it is ticked
    veto.check()
    expect(veto_note).to_be_visible()
    veto.uncheck()
    page.get_by_label("扣分(P1)").fill("2")
    page.get_by_label("问题说明(P1)").fill("立案审批表缺负责人签字")
    page.get_by_role("button", name="提交评查意见").click()
    page.wait_for_url(re.compile(r"#review-result$"))
    expect(page.locator("#review-grade")).to_have_text("优秀")
    expect(page.locator("#review-result")).to_contain_text("98.0 分")

    # the city admin feeds the results back
    city = login(admin, f"/evaluation/rounds/{rnd.pk}/")
    expect(city.locator("#commitment")).to_have_text(rnd.commitment)
    city.get_by_role("button", name="反馈评查结果").click()
    expect(city.locator("#round-status")).to_have_text("整改中")
    item = RectificationItem.objects.get(round=rnd)
    assert item.district.code == HEXI

    # the 河西 district admin sees the finding and answers it
    district = login(hexi_admin, "/evaluation/")
    district.get_by_role("link", name="整改事项").click()
    row = district.locator("tbody tr", has_text=hexi_case.case.number)
    expect(row).to_contain_text("待整改")
    row.get_by_role("link").click()
    expect(district.locator("#finding")).to_contain_text("立案审批表缺负责人签字")
    district.get_by_role("textbox", name="整改情况").fill("已补齐立案审批表负责人签字,并组织全体执法人员学习")
    district.get_by_role("button", name="提交整改情况").click()
    expect(district.locator("#item-status")).to_have_text("已反馈")
    district.screenshot(path=f"{SHOTS}/evaluation-item-1280.png", full_page=True)

    # the city admin accepts it, closes the round and downloads the report
    city.goto(f"{live_server.url}/evaluation/rectification/{item.pk}/")
    city.get_by_role("textbox", name="核查意见").fill("已核实")
    city.get_by_role("button", name="核查销号").click()
    expect(city.locator("#item-status")).to_have_text("已销号")
    city.goto(f"{live_server.url}/evaluation/rounds/{rnd.pk}/")
    city.get_by_role("button", name="结束本轮评查").click()
    expect(city.locator("#round-status")).to_have_text("已结束")
    city.screenshot(path=f"{SHOTS}/evaluation-round-1280.png", full_page=True)
    city.get_by_role("link", name="评查报告").click()
    expect(city.locator("#report-summary")).to_contain_text("抽取2个行政执法案卷")
    with city.expect_download() as info:
        city.get_by_role("link", name="下载报告 PDF").click()
    download = info.value
    assert download.suggested_filename == f"评查报告-{rnd.code}.pdf"
    with open(download.path(), "rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF")
    with open(f"{SHOTS}/evaluation-report.pdf", "wb") as fh:
        fh.write(data)
    city.screenshot(path=f"{SHOTS}/evaluation-report-1280.png", full_page=True)
    report = login(admin, f"/evaluation/rounds/{rnd.pk}/report/", width=390)
    assert report.evaluate("document.documentElement.scrollWidth") <= 390
    report.screenshot(path=f"{SHOTS}/evaluation-report-390.png", full_page=True)
