"""Which 复议机关 is competent (行政复议法第二十四条、第二十七条、第二十八条; Tianjin since 2021-09-30)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.reconsideration.rules import load
from fazhi.reconsideration.rules.jurisdiction import KINDS, Respondent, competent_body

HEXI = "120103"


def test_sixteen_districts():
    assert len(load("bodies")["districts"]) == 16


@pytest.mark.parametrize("respondent, body, office, article", [
    (Respondent("city_department", None, "天津市市场监督管理委员会"), "天津市人民政府", "天津市司法局", "第二十四条"),
    (Respondent("district_department", HEXI, "河西区市场监督管理局"), "天津市河西区人民政府", "天津市河西区司法局",
     "第二十四条"),
    (Respondent("district_government", HEXI, "天津市河西区人民政府"), "天津市人民政府", "天津市司法局", "第二十四条"),
    (Respondent("township", HEXI, "河西区友谊路街道办事处"), "天津市河西区人民政府", "天津市河西区司法局", "第二十四条"),
    (Respondent("city_government", None, "天津市人民政府"), "天津市人民政府", "天津市司法局", "第二十四条第二款"),
])
def test_ours(respondent, body, office, article):
    j = competent_body(respondent)
    assert j.ours and (j.body, j.office) == (body, office)
    assert article in j.article and j.article.startswith("行政复议法")
    assert not j.forward and len(j.options) == 1


def test_city_government_rule_is_marked_unverified():
    j = competent_body(Respondent("city_government", None, "天津市人民政府"))
    assert j.tag == "M" and "[M]" in j.note


def test_city_justice_bureau_two_options():
    j = competent_body(Respondent("justice_bureau_city", None, "天津市司法局"))
    assert j.article == "行政复议法第二十八条"
    assert [(o.body, o.ours) for o in j.options] == [("天津市人民政府", True), ("司法部", False)]


def test_district_justice_bureau_two_options():
    j = competent_body(Respondent("justice_bureau_district", HEXI, "天津市河西区司法局"))
    assert j.article == "行政复议法第二十八条"
    assert [(o.body, o.ours) for o in j.options] == [("天津市河西区人民政府", True), ("天津市司法局", True)]
    assert "或者" in j.note


@pytest.mark.parametrize("name, expected", [
    ("天津海关", "海关"),
    ("国家税务总局天津市河西区税务局", "税务机关"),
    ("天津市国家安全局", "国家安全机关"),
    ("国家外汇管理局天津市分局", "外汇管理"),
    ("国家金融监督管理总局天津监管局", "金融监督管理"),
    ("某垂直管理局", "上一级主管部门"),
])
def test_vertical_not_ours_names_the_body(name, expected):
    j = competent_body(Respondent("vertical", None, name))
    assert not j.ours and expected in j.body
    assert j.article == "行政复议法第二十七条"
    assert "第三十条第二款" in j.refusal_text and j.body in j.refusal_text


def test_forwarding_under_article_32():
    j = competent_body(Respondent("district_department", HEXI, "河西区交通运输局"), applied_via_respondent=True)
    assert j.forward and "第三十二条" in j.note


def test_every_kind_is_handled():
    for kind in KINDS:
        code = HEXI if kind in ("district_department", "district_government", "justice_bureau_district",
                                "township") else None
        assert competent_body(Respondent(kind, code, "某机关")).body


@pytest.mark.parametrize("respondent", [
    Respondent("district_department", None, "无区"),
    Respondent("district_department", "110101", "北京的区"),
    Respondent("unknown", None, "x"),
])
def test_bad_input(respondent):
    with pytest.raises(ValueError):
        competent_body(respondent)


def test_before_the_reform_is_refused():
    with pytest.raises(ValueError, match="2021-09-30"):
        competent_body(Respondent("city_department", None, "x"), on=dt.date(2021, 9, 1))
    assert competent_body(Respondent("city_department", None, "x"), on=dt.date(2021, 9, 30)).ours
