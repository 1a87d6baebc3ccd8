"""The registry pages in a real browser (Debian's Chromium through Playwright): search as you type
(htmx), open a record, see its detail; the same search without JavaScript."""

import os

import pytest

from fazhi.institutions.tests.factories import institution

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "/tmp")


def log_in(page, live_server, user, next_path="/"):
    page.goto(live_server.url + next_path)
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(user.raw_password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + next_path)


@pytest.fixture
def registry(make_user, city_org):
    admin = make_user("city_admin", city_org, full_name="赵六")
    firms = [institution(admin, **{"名称": name}) for name in ("天津河西明德律师事务所", "天津河西正衡律师事务所")]
    institution(admin, **{"名称": "天津市南开公证处", "机构类型": "公证机构", "所在区": "南开区",
                          "住所": "天津市南开区红旗路5号", "风险等级": "高风险"})
    return admin, firms


def test_search_open_and_read_a_record(live_server, page, registry):
    admin, firms = registry
    log_in(page, live_server, admin, "/institutions/")
    results = page.locator("#results-table tbody tr")
    assert results.count() == 3
    page.screenshot(path=f"{SHOTS}/reg-list.png", full_page=True)

    # typing filters the table in place (htmx) and puts the search in the address bar
    page.get_by_label("搜索").fill("明德")
    page.wait_for_function("document.querySelectorAll('#results-table tbody tr').length === 1")
    assert page.url.endswith("/institutions/?q=%E6%98%8E%E5%BE%B7")  # empty filters left out
    assert page.locator("#results").get_by_role("status").inner_text().startswith("符合条件的 1 条")
    page.get_by_label("机构类型").select_option(label="公证机构")
    page.wait_for_selector("#results .empty")
    assert "kind=notary" in page.url

    page.get_by_label("机构类型").select_option(label="全部")
    page.wait_for_selector("#results-table")
    page.get_by_role("link", name="天津河西明德律师事务所").click()
    page.wait_for_url(f"{live_server.url}/institutions/{firms[0].pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("天津河西明德律师事务所")
    details = page.locator("dl.detail-list")
    assert firms[0].uscc in details.inner_text() and "河西区" in details.inner_text()
    assert page.get_by_role("link", name="历史记录").is_visible()
    page.screenshot(path=f"{SHOTS}/reg-detail.png", full_page=True)


def test_search_works_without_javascript(live_server, browser, registry):
    admin, _ = registry
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, admin, "/institutions/")
        page.get_by_label("搜索").fill("公证")
        page.get_by_role("button", name="查询").click()
        page.wait_for_url("**/institutions/?q=*")
        assert page.locator("#results-table tbody tr").count() == 1
        assert page.get_by_role("link", name="天津市南开公证处").is_visible()
    finally:
        context.close()
