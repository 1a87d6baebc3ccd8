"""Fixtures shared by every app's tests.

- ``city_org`` / ``district_org``: the city bureau (TJ-SFJ) and 河西区司法局 (120103-SFJ), both created
  by the data migration ``orgs/0002_tianjin``.
- ``make_user(role, org, **kw)``: a user made through ``fazhi.accounts.services.user_create``; the
  plain password is on ``user.raw_password`` (default ``DEFAULT_PASSWORD``).
- Passwords hash with MD5 for speed, except in tests marked ``@pytest.mark.real_hasher``.
- ``browser`` (session) and ``page``: Playwright driving Debian's Chromium; no download, no skip.
"""

from __future__ import annotations

import itertools
import os

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DEFAULT_PASSWORD = "Jinmen-fazhi-2024"
_usernames = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_password_hasher(request, settings):
    if request.node.get_closest_marker("real_hasher") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to the test's own folder, never to FAZHI_HOME."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(make_user, city_org):
    """A city-level administrator (市级管理员 of 天津市司法局)."""
    return make_user("city_admin", city_org, full_name="市级管理员")


@pytest.fixture
def city_org(db):
    from fazhi.orgs.models import Organization

    return Organization.objects.get(code="TJ-SFJ")


@pytest.fixture
def district_org(db):
    from fazhi.orgs.models import Organization

    return Organization.objects.get(code="120103-SFJ")


@pytest.fixture
def make_user(db):
    from fazhi.accounts.services import user_create

    def make(role="officer", org=None, *, username=None, password=DEFAULT_PASSWORD, full_name="", **kwargs):
        if org is None:
            from fazhi.orgs.models import Organization

            org = Organization.objects.get(code="TJ-SFJ")
        role = getattr(role, "value", role)
        user = user_create(actor=None, username=username or f"{role}{next(_usernames)}", password=password,
                           organization=org, role=role, full_name=full_name, check_password=False)
        for name, value in kwargs.items():  # e.g. is_superuser=True, is_staff=True
            setattr(user, name, value)
        if kwargs:
            user.save(update_fields=list(kwargs))
        user.raw_password = password
        return user

    return make


def _pin_django_connections(originals) -> None:
    """Playwright's sync API leaves this thread marked as running an asyncio loop. Django's
    thread-critical connection storage then switches to a context variable and would hand out fresh
    connection objects, without the test database's state (e.g. the ``serialized_rollback`` data):
    store the thread's own connection objects there, so every test keeps seeing the same ones."""
    from django.db import connections

    for alias, connection in originals.items():
        setattr(connections._connections, alias, connection)


@pytest.fixture(scope="session")
def browser(django_db_blocker):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package", pytrace=False)
    with django_db_blocker.unblock():
        originals = {alias: connections[alias] for alias in connections}
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        _pin_django_connections(originals)
        yield browser
        browser.close()
    finally:
        pw.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(browser, live_server):
    """``login(user, path, width=1280)``: a new browser context (Chinese locale, downloads accepted) with
    ``user`` logged in through the login form and ``path`` open; closed after the test."""
    contexts = []

    def _login(user, path="/", width=1280):
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(live_server.url + path)
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(user.raw_password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(live_server.url + path)
        return page

    yield _login
    for context in contexts:
        context.close()
