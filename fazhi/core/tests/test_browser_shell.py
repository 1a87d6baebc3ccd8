"""The page shell in a real browser (Debian's Chromium through Playwright)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT_FONT_PX = "parseFloat(getComputedStyle(document.documentElement).fontSize)"


def log_in(page, live_server, user):
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url  # the home page needs a login
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(user.raw_password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/")


def test_login_home_large_type_and_skip_link(live_server, page, make_user, city_org):
    user = make_user("city_admin", city_org, full_name="赵六")
    log_in(page, live_server, user)
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert page.get_by_text("赵六").is_visible()
    assert page.locator("nav[aria-label='主导航'] a[aria-current='page']").inner_text() == "首页"

    # 大字模式 enlarges the whole UI, and is remembered across pages (localStorage and cookie).
    before = page.evaluate(ROOT_FONT_PX)
    toggle = page.get_by_role("button", name="大字模式")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate(ROOT_FONT_PX) > before
    assert page.evaluate("localStorage.getItem('fazhi.largeType')") == "1"
    assert "fazhi_large_type=1" in page.evaluate("document.cookie")
    page.reload()
    assert page.evaluate(ROOT_FONT_PX) > before
    assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "true"

    # The first Tab reaches the skip link, which moves focus into the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到主要内容"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Toggling again restores the normal size.
    page.get_by_role("button", name="大字模式").click()
    assert page.evaluate(ROOT_FONT_PX) == before


def test_narrow_screen_collapses_nav_without_horizontal_scroll(live_server, page, make_user, city_org):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server, make_user("city_admin", city_org, full_name="赵六"))
    menu = page.get_by_role("button", name="菜单")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not page.locator("#main-nav-list").get_by_role("link", name="审计日志").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.locator("#main-nav-list").get_by_role("link", name="审计日志").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="大字模式").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
