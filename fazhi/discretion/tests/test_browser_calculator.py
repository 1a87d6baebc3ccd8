"""The public calculator in Debian's Chromium: a visitor without an account goes from the public site to the
calculator with the keyboard, is told what is missing, fills in the facts of a 律师法第四十七条 matter, reads
the tier and the explanation (the engine's, line for line) and opens the matter's page; the same on a phone
(390 px, screenshot in /tmp/calculator-390.png) and without JavaScript."""

from __future__ import annotations

import pytest

from fazhi.discretion import benchmark as bm
from fazhi.discretion.engine import recommend

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FACTS = {"party_type": "person", "harm": "minor", "corrected_in_time": True, "mitigating": ["cooperated"],
         "illegal_gains": "2000", "violation_date": "2024-03-01", "discovered_on": "2024-05-01",
         "decision_date": "2024-09-01"}
SCREENSHOT = "/tmp/calculator-390.png"


@pytest.fixture(autouse=True)
def _shipped_benchmark(settings):
    settings.FAZHI_BENCHMARK_DIR = None
    bm.reset()
    yield
    bm.reset()


def fill_facts(page):
    page.get_by_label("违法事项").select_option("LS-47")
    page.get_by_label("公民(个人)").check()
    page.get_by_label("危害后果轻微").check()
    page.get_by_label("及时改正").check()
    page.get_by_label("违法所得(元)").fill("2000")
    page.get_by_label("违法行为发生日期").fill("2024-03-01")
    page.get_by_label("发现日期").fill("2024-05-01")
    page.get_by_label("决定日期", exact=True).fill("2024-09-01")
    page.get_by_label("积极配合调查,如实陈述违法事实并主动提供证据材料").check()


def test_a_visitor_runs_the_public_calculator(page, live_server, browser):
    expected = recommend(bm.current(), "LS-47", FACTS)
    page.goto(f"{live_server.url}/public/inspections/")
    link = page.get_by_role("navigation", name="公开信息导航").get_by_role("link", name="裁量计算器")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/public/discretion/calculator/")
    assert page.get_by_role("heading", level=1).inner_text() == "行政处罚裁量计算器"

    # nothing but the matter: the problems are listed, focused, and shown at their fields
    page.get_by_label("违法事项").select_option("LS-47")
    page.get_by_label("决定日期", exact=True).fill("")
    page.get_by_role("button", name="计算").click()
    page.wait_for_selector("#calc-errors")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'calc-errors'")
    assert "必须填写" in page.locator("#f-harm-error").inner_text()
    assert "必须填写" in page.locator("#f-violation_date-error").inner_text()
    assert page.get_by_label("违法行为发生日期").get_attribute("aria-invalid") == "true"
    page.locator("#calc-errors").get_by_role("link", name="违法行为发生日期").click()
    assert page.evaluate("document.activeElement.id") == "f-violation_date"

    fill_facts(page)
    page.get_by_role("button", name="计算").click()
    page.wait_for_selector("#result")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'result-h'")
    assert "code=LS-47" in page.url and "harm=minor" in page.url  # the address is the result's link
    assert page.title().startswith("LS-47 从轻 · 裁量计算器")
    assert page.locator("#result-tier").inner_text() == expected.tier == "从轻"
    lines = page.locator("#explanation li").all_inner_texts()
    assert lines == list(expected.explanation)
    assert any(line.startswith("行政处罚法第三十六条") for line in lines)
    assert "罚款 0–1000 元" in page.locator("#result").inner_text()
    assert "没收违法所得 2000 元" in page.locator("#result").inner_text()

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                is_mobile=True, has_touch=True)
    try:
        small = phone.new_page()
        small.goto(page.url)
        assert small.locator("#explanation li").all_inner_texts() == list(expected.explanation)
        assert small.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the screen
        small.screenshot(path=SCREENSHOT, full_page=True)
    finally:
        phone.close()

    page.get_by_role("link", name="查看事项 LS-47 的裁量基准").click()
    page.wait_for_url("**/public/discretion/matters/LS-47/")
    assert "LS-47" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("律师法第四十七条“可以处五千元以下的罚款”").is_visible()


def test_the_calculator_works_without_javascript(browser, live_server):
    expected = recommend(bm.current(), "LS-47", FACTS)
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/public/discretion/calculator/")
        fill_facts(page)
        page.get_by_role("button", name="计算").click()
        page.wait_for_url("**/public/discretion/calculator/?*#result")
        assert page.locator("#explanation li").all_inner_texts() == list(expected.explanation)
        page.get_by_label("违法行为发生日期").fill("")
        page.get_by_role("button", name="计算").click()
        page.wait_for_selector("#calc-errors")
        assert "必须填写" in page.locator("#f-violation_date-error").inner_text()
    finally:
        context.close()
