import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from fazhi.core.audit import record_event
from fazhi.core.templatetags import fazhi_tags


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login")) and "next=/" in response.url


def test_home_renders_shell_and_nav_for_city_admin(client, make_user, city_org):
    user = make_user("city_admin", city_org, full_name="王五")
    client.force_login(user)
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN"' in body
    assert 'href="#main"' in body and "跳到主要内容" in body and '<main id="main"' in body
    assert "天津市司法行政法治工作平台" in body
    assert "王五" in body and city_org.name in body and "市级管理员" in body
    assert 'action="/accounts/logout/"' in body and "退出" in body
    assert 'aria-pressed="false"' in body and "大字模式" in body
    assert 'href="/" aria-current="page"' in body
    assert f'href="{reverse("core:audit")}"' in body and "审计日志" in body
    assert "vendor/htmx.min.js" in body and "core/fazhi.css" in body
    # The home page lists what the user may open, and a module without URLs yet does not crash it.
    assert response.context["nav_items"][-1] == ("core:audit", "审计日志")


def test_large_type_cookie_is_rendered_by_the_server(client, make_user, city_org):
    client.force_login(make_user("officer", city_org))
    client.cookies["fazhi_large_type"] = "1"
    body = client.get("/").content.decode()
    assert '<html lang="zh-CN" class="large-type">' in body and 'aria-pressed="true"' in body


def test_officer_has_no_audit_link_and_gets_403(client, make_user, district_org):
    client.force_login(make_user("officer", district_org))
    assert "审计日志" not in client.get("/").content.decode()
    response = client.get(reverse("core:audit"))
    assert response.status_code == 403
    assert "无权" in response.content.decode()


def test_audit_lists_newest_first_filters_and_scopes_to_district(client, make_user, city_org, district_org):
    from fazhi.orgs.models import Organization

    city_admin = make_user("city_admin", city_org)
    here = make_user("district_admin", district_org, username="here_admin")
    other = make_user("district_admin", Organization.objects.get(code="120104-SFJ"), username="other_admin")
    record_event(actor=here, obj=here, action="user.update", after={"full_name": "甲"})
    record_event(actor=other, obj=other, action="user.update", after={"full_name": "乙"})
    record_event(actor=city_admin, obj=here, action="user.lock")

    client.force_login(city_admin)
    events = list(client.get(reverse("core:audit")).context["events"])
    assert [e.seq for e in events] == sorted((e.seq for e in events), reverse=True)  # newest first
    assert [e.action for e in events[:3]] == ["user.lock", "user.update", "user.update"]
    body = client.get(reverse("core:audit"), {"action": "user.update"}).content.decode()
    assert "<td><code>user.lock</code></td>" not in body and "other_admin" in body

    client.force_login(here)
    response = client.get(reverse("core:audit"))
    actors = {e.actor_label for e in response.context["events"]}
    assert actors == {"here_admin"}


def test_audit_paginates_50_and_keeps_filters(client, make_user, city_org):
    user = make_user("city_admin", city_org)
    for _ in range(55):
        record_event(actor=user, obj=user, action="user.touch")
    client.force_login(user)
    response = client.get(reverse("core:audit"), {"action": "user.touch"})
    assert len(response.context["events"]) == 50
    assert "?action=user.touch&amp;page=2" in response.content.decode()
    response = client.get(reverse("core:audit"), {"action": "user.touch", "page": 2})
    assert len(response.context["events"]) == 5


def test_masking_filters():
    assert fazhi_tags.mask_phone("13812345678") == "138****5678"
    assert fazhi_tags.mask_id("120101199001011234") == "1201**********1234"
    assert fazhi_tags.mask_address("天津市和平区南京路100号") == "天津市和平区****"
    assert fazhi_tags.mask_phone(None) == "" and fazhi_tags.mask_id("") == ""
    out = Template("{% load fazhi_tags %}{{ p|mask_phone }} {{ i|mask_id }}").render(
        Context({"p": "13812345678", "i": "120101199001011234"}))
    assert out == "138****5678 1201**********1234"


@pytest.mark.parametrize("tag, expected", [
    ('{% querystring "page" 3 %}', "?q=%E6%B4%A5&amp;status=ok&amp;page=3"),
    ("{% querystring page=2 status='' %}", "?q=%E6%B4%A5&amp;page=2"),
    ('{% querystring "status" "bad" %}', "?q=%E6%B4%A5&amp;status=bad&amp;page=9"),
])
def test_querystring_keeps_other_parameters(tag, expected):
    request = RequestFactory().get("/x/", {"q": "津", "status": "ok", "page": "9"})
    assert Template("{% load fazhi_tags %}" + tag).render(Context({"request": request})) == expected


def test_error_pages_are_chinese(client, make_user, city_org):
    client.force_login(make_user("officer", city_org))
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    from django.template.loader import render_to_string

    assert "系统出错" in render_to_string("500.html")


def test_domain_error_page_lists_every_problem(rf, make_user, city_org):
    from django.template.loader import render_to_string

    from fazhi.core.errors import FieldProblem, ValidationFailed

    request = rf.get("/")
    request.user = make_user("officer", city_org)
    err = ValidationFailed([FieldProblem("名称", "不能为空", row=3), FieldProblem("统一社会信用代码", "校验位错误")])
    html = render_to_string("core/error.html", {"error": err, "problems": err.problems, "status": 400}, request)
    assert "第 3 行" in html and "名称" in html and "不能为空" in html and "校验位错误" in html


def test_every_home_card_says_what_its_module_is_for(client, make_user, city_org):
    client.force_login(make_user("city_admin", city_org))
    cards = client.get("/").context["cards"]
    assert len(cards) >= 10
    assert [c["label"] for c in cards if not c["description"]] == []
