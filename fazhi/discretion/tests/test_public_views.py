"""The public pages of the 行政处罚裁量基准 (行政处罚法 第三十四条): no login; the matter sheets show the
statutory text and the tiers' conditions; the calculator and its JSON endpoint give exactly what ``recommend``
and ``fazhi discretion recommend`` give for the same facts; bad input is refused next to its field."""

from __future__ import annotations

import html
import io
import json
import logging
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from fazhi.discretion import benchmark as bm
from fazhi.discretion.engine import recommend

pytestmark = pytest.mark.django_db

BASE = {"party_type": "person", "harm": "minor", "violation_date": "2024-03-01", "decision_date": "2024-09-01"}
CALC = reverse("public_discretion:calculator")
API = reverse("public_discretion:api_recommend")

# (title, matter, facts as the console's --facts JSON would give them)
SCENARIOS = [
    ("一般档", "LS-47", {**BASE, "discovered_on": "2024-05-01"}),
    ("第三十三条第一款:轻微、及时改正、没有危害后果,应当不予处罚", "LS-47",
     {**BASE, "harm": "none", "minor_violation": True, "corrected_in_time": True}),
    ("首违不罚:可以不予处罚", "LS-48", {**BASE, "first_offence": True, "corrected_in_time": True}),
    ("律师法第五十一条:警告后一年内再犯,停止执业", "LS-47",
     {**BASE, "prior_penalties": [{"basis": "律师法第四十七条", "penalty": "warning", "decided_on": "2023-10-01"}]}),
    ("违法所得的倍数与第三十二条情节", "LS-55",
     {**BASE, "illegal_gains": "3000.50", "mitigating": ["harm_reduced", "cooperated"], "aggravating": ["repeated"]}),
]


@pytest.fixture(autouse=True)
def _shipped_benchmark(settings):
    settings.FAZHI_BENCHMARK_DIR = None
    bm.reset()
    yield
    bm.reset()


def query(code: str, facts: dict) -> dict:
    """The calculator's GET parameters for ``facts`` (the names of the form)."""
    params: dict = {"code": code}
    for key, value in facts.items():
        if key == "prior_penalties":
            for row, prior in enumerate(value):
                params.update({f"prior-{row}-{k}": v for k, v in prior.items()})
        elif value is True:
            params[key] = "true"
        else:
            params[key] = value
    return params


def explanation(page: str) -> list[str]:
    found = re.search(r'<ol id="explanation"[^>]*>(.*?)</ol>', page, re.S)
    assert found, "no explanation on the page"
    return [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def text_of(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|strong|dd)>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def test_every_page_opens_without_login(client):
    urls = [reverse("public_discretion:index"), reverse("public_discretion:exemptions"), CALC,
            f"{CALC}?code=LS-47"]
    urls += [reverse("public_discretion:matter", args=[code]) for code in bm.current().violations]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/accounts/login/" not in response.get("Location", "")
    assert client.get(API, query("LS-47", BASE)).status_code == 200
    assert client.get(reverse("public_discretion:matter", args=["XX-1"])).status_code == 404


def test_the_public_menu_leads_to_the_benchmark_and_the_calculator(client):
    page = client.get(reverse("public_inspections:index")).content.decode()
    assert f'href="{reverse("public_discretion:index")}"' in page and f'href="{CALC}"' in page


def test_index_lists_each_file_and_its_matters_by_field_of_practice(client):
    page = client.get(reverse("public_discretion:index")).content.decode()
    titles = ["天津市司法局律师行政处罚裁量基准", "天津市司法局公证行政处罚裁量基准", "天津市司法局司法鉴定行政处罚裁量基准"]
    positions = [page.index(t) for t in titles]
    assert positions == sorted(positions)  # 律师, 公证, 司法鉴定
    assert page.count("第 2025.1 版 · 自 2025-01-01 起施行 · 天津市司法局发布") >= 3
    for v in bm.current().violations.values():
        assert f'href="{reverse("public_discretion:matter", args=[v.code])}"' in page
        assert html.escape(v.basis) in page and html.escape(v.name) in page
    assert "行政处罚裁量情节" in page and "harm_reduced" in page and "主动消除或者减轻违法行为危害后果" in page


def test_matter_page_shows_the_statute_and_every_tier_condition(client):
    v = bm.current().violations["LS-47"]
    page = client.get(reverse("public_discretion:matter", args=["LS-47"])).content.decode()
    for p in v.statutory:  # the statutory range with the article's own words
        assert html.escape(p.source) in page
    assert "罚款 0–5000 元" in page and "律师法第四十七条“可以处五千元以下的罚款”" in page
    for tier in v.tiers.values():
        assert html.escape(tier.source) in page
        for condition in tier.when:
            assert html.escape(condition.text) in page
    assert "初次违法,及时改正,没有从重情节" in page.replace("没有造成危害后果或危害后果轻微,", "")
    assert "不符合其他各档条件的,适用本档" in page  # 一般
    assert "罚款 1000–3000 元" in page and "限制从业(停止执业) 1–3 个月" in page  # 一般 and 情节严重
    assert "律师法第五十一条第一款" in page and "限制从业(停止执业) 3–12 个月" in page  # the escalation
    assert "harm_reduced" in page and "obstructed" in page  # the circumstance codes used
    assert "本事项已列入免罚事项清单" in page


def test_matter_page_without_escalation_or_first_offence_exemption(client):
    page = client.get(reverse("public_discretion:matter", args=["LS-49"])).content.decode()
    assert "再次违法的加重处罚" in page  # 第五十一条第一款 后段 (停止执业 → 吊销) names LS-49
    assert "本事项未列入免罚事项清单,不适用" in page
    notary = client.get(reverse("public_discretion:matter", args=["GZ-41-ORG"])).content.decode()
    assert "律师法第五十一条" not in notary and "市司法局" in notary


def test_exemption_list_page(client):
    page = client.get(reverse("public_discretion:exemptions")).content.decode()
    assert "应当不予处罚(适用于所有事项)" in page and "可以不予处罚(首违不罚)" in page
    assert "违法行为轻微并及时改正,没有造成危害后果" in page and "行政处罚法第三十三条第二款" in page
    assert "天津市司法局首违不罚事项清单(本局规定)" in page and "天津市司法局行政处罚免罚事项清单" in page
    for code in ("LS-47", "LS-48", "SJ-39"):
        assert f'href="{reverse("public_discretion:matter", args=[code])}"' in page
    assert f'href="{reverse("public_discretion:matter", args=["LS-49"])}"' not in page


@pytest.mark.parametrize("title, code, facts", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_calculator_gives_what_recommend_gives(client, title, code, facts):
    expected = recommend(bm.current(), code, facts)
    response = client.get(CALC, query(code, facts))
    page = response.content.decode()
    assert response.status_code == 200, page
    assert explanation(page) == list(expected.explanation)
    assert text_of(page, "result-tier") == expected.tier
    for band in expected.penalties + expected.range:
        assert html.escape(band.text()) in page
    if expected.no_penalty:
        assert ("可以不予处罚" if expected.discretionary else "应当不予处罚") in text_of(page, "result-no-penalty")
    if expected.if_penalised:
        assert f"适用{expected.if_penalised.tier}档" in page
    assert ("区司法局" if expected.power == "district" else "市司法局") in page
    assert f'href="{reverse("public_discretion:matter", args=[code])}"' in page


def test_the_scenarios_cover_no_penalty_and_article_51():
    results = [recommend(bm.current(), code, facts) for _, code, facts in SCENARIOS]
    assert any(r.no_penalty and not r.discretionary and r.reason == "art33_minor" for r in results)
    assert any(r.no_penalty and r.discretionary for r in results)
    assert any(r.escalation is not None and r.escalation.article == "律师法第五十一条第一款" for r in results)


def test_bad_input_is_refused_next_to_its_field(client):
    response = client.get(CALC, {**query("LS-47", BASE), "violation_date": "2024-13-01", "illegal_gains": "三千"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="result"' not in page and "有 2 处需要修改" in page
    error = text_of(page, "f-violation_date-error")
    assert "日期“2024-13-01”无效,应为 YYYY-MM-DD" in error
    field = re.search(r'<input type="date" id="f-violation_date"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="f-violation_date-error"' in field
    assert 'value="2024-13-01"' in field  # what was typed stays
    assert '<a href="#f-violation_date">违法行为发生日期</a>' in page
    assert "金额“三千”无效" in text_of(page, "f-illegal_gains-error")


@pytest.mark.parametrize("params, field, message", [
    ({"harm": ""}, "harm", "必须填写"),
    ({"code": ""}, "code", "请选择违法事项"),
    ({"code": "XX-9"}, "code", "裁量基准中没有事项代码“XX-9”"),
    ({"code": "LS-50"}, "party_type", "当事人应为法人或者其他组织"),
    ({"prior-1-basis": "律师法第四十七条"}, "prior-1-penalty", "缺少处罚种类"),
    ({"prior-1-basis": "律师法第四十七条"}, "prior-1-decided_on", "缺少处罚决定日期"),
    ({"decision_date": "2024-01-01"}, "decision_date", "早于违法行为发生日期"),
    ({"mitigating": "obstructed"}, "mitigating", "属于从重情节 aggravating"),
])
def test_each_problem_is_shown_at_its_field(client, params, field, message):
    response = client.get(CALC, {**query("LS-47", BASE), **params})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in text_of(page, f"f-{field}-error"), page
    assert f'aria-describedby="{"f-" + field + "-error"}"' in page or f' f-{field}-error"' in page


def test_a_link_with_only_the_matter_preselects_it(client):
    page = client.get(CALC, {"code": "LS-48"}).content.decode()
    assert '<option value="LS-48" data-party="person" selected>' in page
    assert "需要修改" not in page and 'id="result"' not in page
    assert 'name="decision_date" value="20' in page  # today, by default


def test_htmx_gets_only_the_calculator(client):
    response = client.get(CALC, query("LS-47", BASE), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and "<body" not in page
    assert page.lstrip().startswith("<title>LS-47 一般 · 裁量计算器") and '<div id="calculator"' in page
    assert 'id="explanation"' in page
    assert "HX-Request" in response["Vary"]
    refused = client.get(CALC, {**query("LS-47", BASE), "harm": "huge"}, headers={"HX-Request": "true"})
    assert refused.status_code == 400 and 'id="calc-errors"' in refused.content.decode()


def _cli(tmp_path, code: str, facts: dict) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("discretion", "recommend", "--code", code, "--facts", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("title, code, facts", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_json_endpoint_returns_what_the_console_prints(client, tmp_path, title, code, facts):
    response = client.get(API, query(code, facts))
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content.decode().strip() == _cli(tmp_path, code, facts).strip()


def test_the_result_links_to_its_json(client):
    page = client.get(CALC, {**query("LS-47", SCENARIOS[3][2]), "utm_source": "weixin"}).content.decode()
    link = html.unescape(re.search(r'<a href="([^"]+)" type="application/json">', page).group(1))
    assert link.startswith(API) and "utm_source" not in link  # a parameter the endpoint would refuse is left out
    data = client.get(link).json()
    assert data["escalated"] is True and data["explanation"] == explanation(page)


def test_json_endpoint_by_basis_and_its_errors(client):
    params = {k: v for k, v in query("LS-47", BASE).items() if k != "code"}
    data = client.get(API, {**params, "basis": "律师法第四十七条"}).json()
    assert data["violation"]["code"] == "LS-47" and data["tier"] == "一般"
    refused = client.get(API, {**params, "basis": "律师法第九十九条", "harm": "huge", "colour": "red"})
    body = refused.json()
    assert refused.status_code == 400 and body["error"] == "discretion_input_invalid"
    fields = {p["field"]: p["reason"] for p in body["problems"]}
    assert "裁量基准中没有“律师法第九十九条”对应的事项" in fields["code"]
    assert "“huge”无效" in fields["harm"] and "未知的参数“colour”" in fields[None]
    assert "harm(危害后果):“huge”无效" in body["message"]
    mismatch = client.get(API, {**query("LS-47", BASE), "basis": "公证法第四十一条"}).json()
    assert "事项 LS-47 的处罚条款是 律师法第四十七条" in mismatch["message"]


def test_the_answers_are_not_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.get(CALC, {**query("LS-47", BASE), "violation_date": "2019-07-13", "illegal_gains": "86421"})
    client.get(CALC, {**query("LS-47", BASE), "violation_date": "2019-13-07"})
    client.get(API, {**query("LS-47", BASE), "illegal_gains": "86421x"})
    assert "86421" not in caplog.text and "2019-" not in caplog.text
