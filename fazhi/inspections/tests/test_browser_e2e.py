"""End to end, in Debian's Chromium: a city admin creates a plan and commits; two users reveal seed
values; the draw runs; the officers find their tasks; the public page shows the certificate, and the
downloadable tools/verify_draw.py accepts it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.accounts.services import user_create
from fazhi.inspections.models import DrawAttempt, TaskMember
from fazhi.inspections.tests import factories as f

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _page(browser, live_server, user, path="/", password=None):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + path)
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password or user.raw_password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + path)
    return page


def test_plan_to_public_certificate(live_server, browser, make_user, city_org, tmp_path):
    admin = make_user("city_admin", city_org, full_name="王市管")
    witness = make_user("legal_reviewer", city_org, full_name="李见证")
    f.firms(admin, 6)
    f.published_items()  # the default 抽查事项清单
    officers = f.officers(admin, 3)
    for n, officer in enumerate(officers):  # each officer has a login
        officer.user = user_create(actor=None, username=f"insp{n}", password="Inspector-2024!", organization=city_org,
                                   role="officer", check_password=False)
        officer.save(update_fields=["user"])

    chief = _page(browser, live_server, admin, "/inspections/plans/")
    chief.get_by_role("link", name="新建计划").click()
    chief.get_by_label("计划编号").fill("2024-TJ-SJ-E2E")
    chief.locator("#f-year").fill("2024")
    chief.locator("#f-name").fill("2024 年度司法鉴定机构双随机抽查")
    chief.get_by_label("检查开始日期").fill("2024-05-01")
    chief.get_by_label("检查结束日期").fill("2024-11-30")
    chief.get_by_role("checkbox", name=re.compile("SJ-01")).check()
    chief.get_by_role("button", name="保存").click()
    chief.get_by_role("link", name="设置抽查分层").click()
    chief.get_by_label("分层标识").fill("appraisal")
    chief.get_by_label("分层名称").fill("司法鉴定机构")
    chief.get_by_label("领域").select_option(label="司法鉴定")
    chief.get_by_label("抽查比例").fill("0.35")
    chief.get_by_role("button", name="保存").click()
    chief.get_by_role("button", name="启用计划").click()
    chief.get_by_role("link", name="准备抽取").click()
    chief.get_by_label("检查人员资格核验日期").fill("2024-06-03")
    chief.get_by_role("button", name="保存").click()
    chief.get_by_role("button", name="冻结名单并公布承诺值").click()
    chief.wait_for_selector("code.hash")
    attempt = DrawAttempt.objects.get(plan__code="2024-TJ-SJ-E2E")
    assert attempt.status == "committed" and attempt.commitment in chief.content()

    chief.get_by_label("“witness_dice”的种子值").fill(f.SEED_VALUES[0])
    chief.get_by_role("button", name="录入").first.click()
    chief.wait_for_url("**#current-attempt")
    other = _page(browser, live_server, witness, chief.url.split(live_server.url)[1].split("#")[0])
    other.get_by_label("“lottery”的种子值").fill(f.SEED_VALUES[1])
    other.get_by_role("button", name="录入").click()
    other.wait_for_url("**#current-attempt")
    chief.reload()
    chief.get_by_role("button", name="计算抽取结果").click()
    chief.wait_for_selector("text=抽取结果")
    attempt.refresh_from_db()
    assert attempt.status == "drawn"

    member = TaskMember.objects.filter(task__attempt=attempt, role__in=["leader", "member"]).select_related(
        "officer__user", "task__institution").first()
    inspector = _page(browser, live_server, member.officer.user, "/inspections/tasks/?mine=1",
                      password="Inspector-2024!")
    assert member.task.institution.name in inspector.content()

    public = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()  # no login
    public.goto(f"{live_server.url}/public/inspections/plans/2024-TJ-SJ-E2E/")
    assert attempt.commitment in public.content()
    with public.expect_download() as cert_download:
        public.get_by_role("link", name="下载抽取证书(JSON)").click()
    cert = tmp_path / "certificate.json"
    cert_download.value.save_as(cert)
    run = subprocess.run([sys.executable, "-I", str(ROOT / "tools" / "verify_draw.py"), "verify", str(cert)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    for page in (chief, other, inspector, public):
        page.context.close()
