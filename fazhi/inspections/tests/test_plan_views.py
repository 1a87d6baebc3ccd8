"""The plan and draw pages: they render, forms show the services' reasons, actions run the lifecycle,
and access is enforced (officer 403 on commit, another district's plan 404). A browser test walks a
draw and takes a screenshot of the plan page."""

from __future__ import annotations

import json
import os

import pytest
from django.urls import reverse

from fazhi.inspections import draw
from fazhi.inspections.models import DrawAttempt, InspectionTask, Plan
from fazhi.inspections.services import draws as draw_svc
from fazhi.inspections.tests import factories as f
from fazhi.orgs.models import Organization

SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "/tmp")


@pytest.fixture
def witness(make_user, city_org):
    return make_user("legal_reviewer", city_org, full_name="李见证")


@pytest.fixture
def roster(admin):
    return {"firms": f.firms(admin, 6) + f.firms(admin, 3, kind="公证机构", **{"所在区": "南开区"}),
            "officers": f.officers(admin, 4)}


STRATA = [{"key": "appraisal", "ratio": "0.35", "min_count": "2"},
          {"key": "notary", "label": "公证机构", "field": "notary", "ratio": "0.5", "min_count": "1"}]


@pytest.fixture
def drawn_attempt(admin, witness, roster):
    return f.drawn(admin, witness, f.attempt(admin, f.active_plan(admin, strata=STRATA, name="2024 年度司法鉴定与公证抽查")))


def _get(client, user, name, *args, status=200, **query):
    client.force_login(user)
    response = client.get(reverse(f"inspections:{name}", args=args), query)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


# ---------------------------------------------------------------- pages render

@pytest.mark.django_db
def test_pages_render_for_a_city_admin(client, admin, drawn_attempt):
    plan = drawn_attempt.plan
    text = _get(client, admin, "plans").content.decode()
    assert plan.code in text and "新建计划" in text
    detail = _get(client, admin, "plan_detail", plan.pk).content.decode()
    assert drawn_attempt.commitment in detail and drawn_attempt.seed in detail
    assert reverse("inspections:attempt_certificate", args=[drawn_attempt.pk]) in detail
    for task in InspectionTask.objects.filter(attempt=drawn_attempt).select_related("institution"):
        assert task.institution.name in detail and task.institution.uscc in detail
    assert "(组长)" in detail and "李见证" in detail and "35%" in detail
    assert drawn_attempt.commitment in _get(client, admin, "attempt_detail", drawn_attempt.pk).content.decode()
    for name in ("plan_create", "coverage"):
        assert "<h1>" in _get(client, admin, name).content.decode()
    response = _get(client, admin, "attempt_certificate", drawn_attempt.pk)
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    cert = json.loads(response.content)
    assert cert == drawn_attempt.certificate and draw.verify(cert) == []


@pytest.mark.django_db
def test_forms_of_a_draft_plan_render(client, admin, roster):
    plan = f.plan(admin)
    f.stratum(admin, plan)
    assert "计划编号" in _get(client, admin, "plan_edit", plan.pk).content.decode()
    strata = _get(client, admin, "plan_strata", plan.pk, key="appraisal").content.decode()
    assert 'value="appraisal"' in strata and "抽查比例" in strata
    assert "启用计划" in _get(client, admin, "plan_detail", plan.pk).content.decode()
    _get(client, admin, "attempt_certificate", 999999, status=404)


@pytest.mark.django_db
def test_cancel_page_and_a_cancelled_attempt_stay_visible(client, admin, roster):
    attempt = f.attempt(admin, f.active_plan(admin, strata=STRATA))
    draw_svc.attempt_commit(actor=admin, attempt=attempt)
    attempt.refresh_from_db()
    page = _get(client, admin, "attempt_cancel", attempt.pk).content.decode()
    assert attempt.commitment in page and "作废理由" in page
    response = client.post(reverse("inspections:attempt_cancel", args=[attempt.pk]), {"reason": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "作废抽取必须填写理由" in body and 'aria-describedby="f-reason-error' in body
    response = client.post(reverse("inspections:attempt_cancel", args=[attempt.pk]), {"reason": "开奖日期写错"})
    assert response.status_code == 302
    detail = _get(client, admin, "plan_detail", attempt.plan_id).content.decode()
    assert "开奖日期写错" in detail and attempt.commitment in detail and "第 2 次" in detail
    _get(client, admin, "attempt_certificate", attempt.pk, status=404)


# ---------------------------------------------------------------- the lifecycle through the pages

@pytest.mark.django_db
def test_create_a_plan_and_draw_through_the_pages(client, admin, witness, roster):
    client.force_login(admin)
    data = f.plan_data(code="2024-TJ-SJ-77", team_size="1", unit=str(admin.organization_id), items=f.published_items())
    response = client.post(reverse("inspections:plan_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "第四十二条" in body and 'aria-describedby="f-team_size-error' in body and 'aria-invalid="true"' in body
    response = client.post(reverse("inspections:plan_create"), {**data, "team_size": "2"})
    plan = Plan.objects.get(code="2024-TJ-SJ-77")
    assert response.status_code == 302 and response["Location"] == reverse("inspections:plan_detail", args=[plan.pk])

    strata_url = reverse("inspections:plan_strata", args=[plan.pk])
    response = client.post(strata_url, {"key": "appraisal", "label": "司法鉴定机构", "field": "appraisal",
                                        "risk_classes": ["high", "medium"], "ratio": "150%"})
    assert response.status_code == 400 and "应在 0 与 1 之间" in response.content.decode()
    response = client.post(strata_url, {"key": "appraisal", "label": "司法鉴定机构", "field": "appraisal",
                                        "ratio": "35%", "min_count": "2"})
    assert response.status_code == 302 and plan.strata.get().min_count == 2
    client.post(reverse("inspections:plan_activate", args=[plan.pk]))
    response = client.post(reverse("inspections:attempt_create", args=[plan.pk]), {
        "inspection_date": "2024-06-01", "source_name_1": "dice", "source_description_1": "见证人掷骰",
        "source_name_2": "lottery", "source_description_2": "福彩3D 2024-06-03 开奖号码"})
    assert response.status_code == 302
    attempt = DrawAttempt.objects.get(plan=plan)
    assert [s["name"] for s in attempt.seed_sources] == ["dice", "lottery"]

    assert client.get(reverse("inspections:attempt_commit", args=[attempt.pk])).status_code == 405
    assert client.post(reverse("inspections:attempt_commit", args=[attempt.pk])).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "committed"
    page = client.get(reverse("inspections:plan_detail", args=[plan.pk])).content.decode()
    assert attempt.commitment in page and 'for="reveal-0"' in page and 'for="reveal-1"' in page

    reveal = reverse("inspections:attempt_reveal", args=[attempt.pk])
    assert client.post(reveal, {"source_index": "0", "value": "6153"}).status_code == 302
    response = client.post(reveal, {"source_index": "1", "value": "207"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "同一人" in body and 'id="reveal-1-error"' in body and 'value="207"' in body
    client.force_login(witness)
    assert client.post(reveal, {"source_index": "1", "value": "207"}).status_code == 302
    client.force_login(admin)
    response = client.post(reverse("inspections:attempt_draw", args=[attempt.pk]))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "drawn" and InspectionTask.objects.filter(attempt=attempt).count() == 3
    response = client.post(reverse("inspections:attempt_draw", args=[attempt.pk]))
    assert response.status_code == 409 and "当前状态下不能" in response.content.decode()


# ---------------------------------------------------------------- access

@pytest.mark.django_db
def test_an_officer_gets_403_on_commit(client, admin, make_user, city_org, roster):
    attempt = f.attempt(admin, f.active_plan(admin, strata=STRATA))
    officer = make_user("officer", city_org)
    client.force_login(officer)
    page = client.get(reverse("inspections:plan_detail", args=[attempt.plan_id]))
    commit_url = reverse("inspections:attempt_commit", args=[attempt.pk])
    assert page.status_code == 200 and commit_url not in page.content.decode()
    assert client.post(commit_url).status_code == 403
    assert client.get(reverse("inspections:plan_create")).status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == "draft"


@pytest.mark.django_db
def test_another_districts_plan_is_404_and_a_city_plan_is_read_only(client, admin, make_user, district_org):
    nankai_admin = make_user("district_admin", Organization.objects.get(code="120104-SFJ"))
    f.firms(admin, 2, **{"所在区": "南开区"})
    nankai_plan = f.active_plan(nankai_admin, strata=[{"ratio": "1"}])
    attempt = f.attempt(nankai_admin, nankai_plan)
    city_plan = f.plan(admin)
    hexi_admin = make_user("district_admin", district_org)
    client.force_login(hexi_admin)
    for name, pk in (("plan_detail", nankai_plan.pk), ("plan_edit", nankai_plan.pk), ("attempt_detail", attempt.pk)):
        assert client.get(reverse(f"inspections:{name}", args=[pk])).status_code == 404
    assert client.post(reverse("inspections:attempt_commit", args=[attempt.pk])).status_code == 404
    listing = client.get(reverse("inspections:plans")).content.decode()
    assert city_plan.code in listing and nankai_plan.code not in listing
    assert client.get(reverse("inspections:plan_detail", args=[city_plan.pk])).status_code == 200
    assert client.get(reverse("inspections:plan_edit", args=[city_plan.pk])).status_code == 403


@pytest.mark.django_db
def test_pages_need_a_login(client, admin):
    plan = f.plan(admin)
    response = client.get(reverse("inspections:plan_detail", args=[plan.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---------------------------------------------------------------- in a browser

def _log_in(page, live_server, user, path):
    page.goto(live_server.url + path)
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(user.raw_password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + path)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_browser_two_witnesses_reveal_and_the_draw_is_shown(live_server, browser, admin, witness, roster):
    plan = f.active_plan(admin, strata=STRATA, name="2024 年度司法鉴定与公证机构双随机抽查")
    attempt = f.attempt(admin, plan)
    path = reverse("inspections:plan_detail", args=[plan.pk])
    pages = []
    for user in (admin, witness):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        pages.append(context.new_page())
        _log_in(pages[-1], live_server, user, path)
    chief, other = pages
    chief.get_by_role("button", name="冻结名单并公布承诺值").click()
    chief.wait_for_selector("code.hash")
    attempt.refresh_from_db()
    assert attempt.commitment in chief.locator("#current-attempt").inner_text()
    chief.screenshot(path=f"{SHOTS}/plan-committed.png", full_page=True)
    chief.get_by_label("“witness_dice”的种子值").fill(f.SEED_VALUES[0])
    chief.get_by_role("button", name="录入").first.click()
    chief.wait_for_url(f"**{path}#current-attempt")
    other.goto(live_server.url + path)
    other.get_by_label("“lottery”的种子值").fill(f.SEED_VALUES[1])
    other.get_by_role("button", name="录入").click()
    other.wait_for_url(f"**{path}#current-attempt")
    chief.reload()
    chief.get_by_role("button", name="计算抽取结果").click()
    chief.wait_for_selector("text=抽取结果")
    attempt.refresh_from_db()
    assert attempt.status == "drawn" and draw.verify(attempt.certificate) == []
    rows = chief.locator("#current-attempt table.data").last.locator("tbody tr")
    assert rows.count() == InspectionTask.objects.filter(attempt=attempt).count() == 5
    assert chief.get_by_role("link", name="下载抽取证书(JSON)").is_visible()
    chief.screenshot(path=f"{SHOTS}/plan-drawn.png", full_page=True)
    for p in pages:
        p.context.close()
