"""The supervision page on the fixed dataset (hand-counted in ``test_warnings.py``): who may open it,
what it shows, the filters, the chart and its table, the Excel export; and a screenshot in a browser."""

from __future__ import annotations

import io
import os
import re

import openpyxl
import pytest
from django.urls import reverse

from fazhi.cases.tests import deadline_factories as df
from fazhi.cases.views.supervision import _ticks, chart

pytestmark = pytest.mark.django_db
URL = "/cases/supervision/"
SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "/tmp")


@pytest.fixture
def cases(admin):
    return df.fixed_dataset(admin)


def _get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_url(db):
    assert reverse("cases:supervision") == URL


def test_city_admin_sees_every_district_and_the_counts(client, admin, cases):
    response = _get(client, admin, on="2024-11-15")
    assert response.status_code == 200
    page = _text(response)
    assert "办案期限预警" in page and "统计日期 2024-11-15" in page
    assert re.search(r"黄牌</span> <strong>7</strong>", page) and re.search(r"红牌</span> <strong>5</strong>", page)
    assert page.count('<th scope="row"><a href=') == 17  # 16 districts and 市局
    assert 'aria-label="河西区黄牌 2 项">2</a>' in page and 'aria-label="河西区红牌 4 项">4</a>' in page
    assert 'aria-label="市局红牌 1 项">1</a>' in page
    assert page.count("红牌 · 已逾期") == 5 and page.count("黄牌 · 即将到期") == 7
    assert "津西罚〔2024〕4号" in page and "送达行政处罚决定书" in page and "2024-09-30" in page


def test_a_leader_may_open_it(client, make_user, city_org, cases):
    assert _get(client, make_user("leader", city_org), on="2024-11-15").status_code == 200


def test_an_officer_may_not(client, make_user, city_org, cases):
    response = _get(client, make_user("officer", city_org), on="2024-11-15")
    assert response.status_code == 403
    assert client.get(reverse("cases:supervision_export")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_district_admin_sees_only_their_district(client, make_user, district_org, cases):
    page = _text(_get(client, make_user("district_admin", district_org), on="2024-11-15"))
    assert page.count('<th scope="row"><a href=') == 1 and "本区在办案件" in page
    assert "津西罚〔2024〕4号" in page and "津南开罚" not in page and "津司罚" not in page


def test_the_numbers_link_to_the_filtered_list(client, admin, cases):
    page = _text(_get(client, admin, on="2024-11-15"))
    link = re.search(r'href="([^"]+)" aria-label="河西区红牌 4 项"', page).group(1).replace("&amp;", "&")
    filtered = _text(client.get(link))
    assert "当前筛选:河西区 · 红牌(共 4 项)" in filtered
    assert filtered.count("红牌 · 已逾期") == 4 and "黄牌 · 即将到期" not in filtered
    city = _text(_get(client, admin, on="2024-11-15", district="市局"))
    assert "(共 1 项)" in city and "津司罚〔2024〕1号" in city


def test_another_day(client, admin, cases):
    page = _text(_get(client, admin, on="2024-10-31"))
    assert "统计日期 2024-10-31(不是今天)" in page
    assert re.search(r"黄牌</span> <strong>4</strong>", page) and re.search(r"红牌</span> <strong>5</strong>", page)
    assert _get(client, admin, on="2024-02-30").status_code == 400


def test_the_chart_is_svg_with_a_table(client, admin, cases):
    page = _text(_get(client, admin, on="2024-11-15"))
    assert '<svg class="sv-chart"' in page and 'role="img"' in page and "<script" not in page.split("<main")[1]
    assert "近 12 个月黄牌、红牌数(图表数据)" in page
    assert page.count('class="sv-bar-yellow"') >= 3  # legend + the bars of 10-31 and 11-15 (and 09-30)
    table = page.split("(图表数据)</caption>")[1].split("</table>")[0]
    assert ">2024-10<" in table and "截至 2024-11-15" in table
    yellow = re.search(r"<th scope=\"row\">黄牌</th>(.*?)</tr>", table).group(1)
    red = re.search(r"<th scope=\"row\">红牌</th>(.*?)</tr>", table).group(1)
    assert re.findall(r">(\d+)<", yellow)[-3:] == ["2", "4", "7"]
    assert re.findall(r">(\d+)<", red)[-3:] == ["1", "5", "5"]


def test_chart_geometry():
    assert _ticks(0) == (1, [0, 1])
    assert _ticks(7) == (8, [0, 2, 4, 6, 8])
    assert _ticks(45) == (60, [0, 20, 40, 60])
    history = [{"day": df.D(2024, 10, 31), "yellow": 4, "red": 8}, {"day": df.D(2024, 11, 15), "yellow": 0, "red": 2}]
    g = chart(history)
    bars = g["groups"][0]["bars"]
    assert bars[1]["h"] == pytest.approx(2 * bars[0]["h"]) and bars[1]["y"] + bars[1]["h"] == pytest.approx(g["base"])
    assert g["groups"][1]["bars"][0]["h"] == 0


def test_export_the_warned_cases(client, admin, cases):
    client.force_login(admin)
    response = client.get(reverse("cases:supervision_export"), {"on": "2024-11-15", "level": "red"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["预警", "案件编号", "行政区", "应办事项", "起算日", "期限届满日", "依据"]
    assert len(rows) == 6 and {r[0] for r in rows[1:]} == {"红牌"}
    assert rows[1] == ["红牌", "津西罚〔2024〕4号", "河西区", "送达行政处罚决定书", "2024-09-20", "2024-09-30",
                       "行政处罚法第六十一条、第八十五条"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_browser_supervision_page(live_server, page, make_user, city_org):
    leader = make_user("leader", city_org, full_name="赵局长")
    df.fixed_dataset(leader)
    path = f"{URL}?on=2024-11-15"
    page.goto(live_server.url + path)
    page.get_by_label("用户名").fill(leader.username)
    page.get_by_label("密码").fill(leader.raw_password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + path)
    assert page.get_by_role("img", name="近 12 个月黄牌、红牌数").is_visible()
    page.screenshot(path=os.path.join(SHOTS, "supervision.png"), full_page=True)
    page.get_by_label("河西区红牌 4 项").click()
    page.wait_for_url("**level=red**")
    assert page.get_by_text("当前筛选:河西区 · 红牌(共 4 项)").is_visible()
