"""End to end, in Debian's Chromium: one ordinary case from 案源登记 to 归档 through the pages, each person
in their own browser: two district officers (valid 执法证, linked to their logins), the legal reviewer
(法律职业资格) and the leader (case.approve). Step dates are in 2024, so every period is over and the
working-day calendar covers them. The status shown is checked after each step, the timeline at the end;
the case page is photographed at 1280 and 390 pixels wide (``FAZHI_SCREENSHOTS``, default /tmp)."""

from __future__ import annotations

import os
import re

import pytest

from fazhi.cases.models import Case
from fazhi.cases.tests import factories as cf
from fazhi.institutions.tests.factories import institution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "/tmp")


def _open(page, live_server, case):
    page.goto(f"{live_server.url}/cases/{case.pk}/")


def _expand(page, action: str):
    """Open the step's form (a <details>; the only step available is open already)."""
    if not page.locator(f"#act-{action}").evaluate("e => e.open"):
        page.locator(f"#act-{action} > summary").click()


def _step(page, action: str, on: str, fill=None, expect: str = ""):
    """Open the step's form on the case page, fill it, submit, and check the status shown after it."""
    _expand(page, action)
    page.locator(f"#{action}-on").fill(on)
    for key, value in (fill or {}).items():
        field = page.locator(f"#{action}-{key}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        elif field.get_attribute("type") == "checkbox":
            field.check()
        else:
            field.fill(value)
    page.locator(f"#act-{action}").get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").count() == 0, page.locator(".form-errors").inner_text()
    if expect:
        assert page.locator("#case-status").inner_text() == expect


def test_an_ordinary_case_from_source_to_archive(login, live_server, make_user, district_org, city_org):
    admin = make_user("city_admin", city_org)
    firm = institution(admin, **{"所在区": "河西区", "住所": "天津市河西区友谊路88号"})
    article = cf.basis_article(admin, "第五十一条")
    lead = cf.officer(admin, make_user, district_org, name="周主办")
    assistant = cf.officer(admin, make_user, district_org, name="吴协办")
    reviewer = cf.officer(admin, make_user, district_org, qualified=True, role="legal_reviewer", name="郑法审").user
    leader = make_user("leader", district_org, full_name="冯局长")

    # 案源登记 by the lead officer
    officer = login(lead.user, "/cases/")
    officer.get_by_role("link", name="登记案源").click()
    officer.get_by_label("程序", exact=True).select_option("ordinary")
    officer.get_by_label("案件来源", exact=True).select_option("complaint")
    officer.get_by_label("来源说明").fill("群众来信反映该所收费不规范")
    officer.get_by_label("案源登记日期").fill("2024-08-19")
    officer.get_by_label("当事机构统一社会信用代码").fill(firm.uscc)
    officer.get_by_label("涉嫌违法行为", exact=True).fill("律师事务所未按规定统一收取服务费用")
    officer.get_by_label("违法行为发生日期").fill("2024-06-03")
    officer.get_by_role("button", name="登记").click()
    officer.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(institution=firm)
    assert officer.locator("#case-status").inner_text() == "案源登记" and case.number in officer.content()

    # the leader names the officers and files the case
    chief = login(leader, f"/cases/{case.pk}/")
    chief.get_by_role("link", name="指定承办人员").click()
    chief.get_by_label(f"主办:{lead.name}").check()
    chief.get_by_label(f"协办:{assistant.name}").check()
    chief.get_by_role("button", name="保存").click()
    chief.wait_for_url(re.compile(r"#officers$"))
    assert "承办人员已确定" in chief.content()
    _open(officer, live_server, case)
    officer.get_by_role("link", name="从法律依据库选择").click()
    officer.get_by_label(article.citation).check()
    officer.get_by_role("button", name="保存依据").click()
    officer.wait_for_url(re.compile(r"#basis$"))
    assert article.citation in officer.content()
    _step(chief, "file", "2024-08-20", {"opinion": "同意立案调查"}, "调查取证")

    # investigation by the two officers
    second = login(assistant.user, f"/cases/{case.pk}/")
    _step(second, "record_inquiry", "2024-08-22",
          {"kind": "questioning", "persons": "该所主任", "summary": "询问收费情况,当事人承认由律师个人收费"}, "调查取证")
    second.locator("#evidence-kind").select_option("documentary")
    second.locator("#evidence-file").set_input_files(
        files=[{"name": "收费票据.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 receipts"}])
    second.get_by_role("button", name="上传证据").click()
    second.wait_for_url(re.compile(r"#evidence$"))
    assert case.evidence.get().sha256 in second.content()
    _open(officer, live_server, case)
    _step(officer, "close_investigation", "2024-09-02", {"summary": "违法事实清楚,证据确凿"}, "调查终结")

    # 法制审核: a fine of 30,000 yuan gives the firm a right to a hearing, so review is required
    review = login(reviewer, f"/cases/{case.pk}/")
    _step(review, "legal_review", "2024-09-03",
          {"conclusion": "passed", "opinion": "事实清楚,证据确凿,适用依据正确,程序合法"}, "调查终结")

    # 事先告知; the firm does not ask for a hearing and the statement period passes
    _open(officer, live_server, case)
    _expand(officer, "notify")
    officer.locator("#notify-proposed_penalties-type-0").select_option("fine")
    officer.locator("#notify-proposed_penalties-amount-0").fill("30000")
    _step(officer, "notify", "2024-09-05", {"facts": "未按规定统一收取服务费用"}, "已事先告知")

    # the decision, service, payment, closing and archiving
    _open(chief, live_server, case)
    _expand(chief, "decide")
    chief.locator("#decide-penalties-type-0").select_option("fine")
    chief.locator("#decide-penalties-amount-0").fill("30000")
    _step(chief, "decide", "2024-09-20", expect="已作出决定")
    _open(officer, live_server, case)
    _step(officer, "serve", "2024-09-23", {"method": "direct", "recipient": "该所主任"}, "已送达")
    _step(officer, "record_payment", "2024-09-30", {"paid_amount": "30000", "receipt_no": "津罚0001"}, "执行完毕")
    _open(chief, live_server, case)
    _step(chief, "close", "2024-10-08", {"summary": "罚款已缴清,结案"}, "已结案")
    _open(officer, live_server, case)
    _step(officer, "archive", "2024-10-10", {"archive_no": "2024-罚-001"}, "已归档")

    timeline = officer.locator("#timeline .what").all_inner_texts()
    assert timeline == ["案源登记", "立案", "询问、检查、勘验", "调查终结", "法制审核", "行政处罚事先告知",
                        "作出行政处罚决定", "送达", "缴纳罚款", "结案", "归档"]
    docs = officer.locator("#timeline").inner_text()
    assert "27. 行政处罚决定书" in docs and "30. 送达回证" in docs and "36. 卷宗封面及卷内目录" in docs
    assert "当前状态下您没有可办理的环节" in officer.content()
    case.refresh_from_db()
    assert case.status == "archived" and case.paid_amount == 30000

    officer.screenshot(path=f"{SHOTS}/case-detail-1280.png", full_page=True)
    phone = login(lead.user, f"/cases/{case.pk}/", width=390)
    phone.screenshot(path=f"{SHOTS}/case-detail-390.png", full_page=True)
    for page in (officer, chief, second, review, phone):
        page.context.close()
