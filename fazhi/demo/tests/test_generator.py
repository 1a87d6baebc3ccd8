"""The demo generator and the laws CSVs: plain pytest, no database, no Django settings needed."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from fazhi.core.identifiers import id_number_problem, is_valid_uscc, phone_problem
from fazhi.demo.generator import (
    BRANCH, INSTITUTION_HEADERS, LAW_FIRM, OFFICER_HEADERS, PRACTITIONER_HEADERS, generate, plan_counts,
)
from fazhi.laws.numerals import parse_article
from fazhi.orgs.tianjin import DISTRICTS

TODAY = date(2025, 6, 30)
DATA_DIR = Path(__file__).resolve().parents[2] / "laws" / "data"
KIND_CATEGORY = {"律师事务所": "律师", "律师事务所分所": "律师", "公证机构": "公证员", "司法鉴定机构": "司法鉴定人",
                 "仲裁机构": "仲裁员", "基层法律服务所": "基层法律服务工作者"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(autouse=True)
def _fast_password_hasher():
    """Shadows the project-wide autouse fixture (it needs Django settings): these tests run with ``-p no:django``."""


@pytest.fixture(scope="module")
def demo():
    data = generate(2024, today=TODAY)
    return data, list(data.institutions), list(data.practitioners)


def test_same_seed_same_rows_and_streams_are_reiterable(demo):
    data, institutions, practitioners = demo
    again = generate(2024, today=TODAY)
    assert list(again.institutions) == institutions
    assert list(again.practitioners) == practitioners
    assert again.officers == data.officers and again.judicial_offices == data.judicial_offices
    assert list(data.institutions) == institutions  # a second pass over the same stream


def test_different_seed_differs(demo):
    data, institutions, practitioners = demo
    other = generate(2025, today=TODAY)
    assert list(other.institutions) != institutions
    assert list(other.practitioners) != practitioners
    assert other.officers != data.officers


def test_headers_are_exactly_the_import_columns(demo):
    data, institutions, practitioners = demo
    assert INSTITUTION_HEADERS == ("统一社会信用代码", "名称", "机构类型", "总所统一社会信用代码", "执业许可证号", "所在区",
                                   "住所", "负责人", "办公电话", "成立日期", "状态", "风险等级")
    assert PRACTITIONER_HEADERS == ("执业证号", "姓名", "类别", "执业机构统一社会信用代码", "身份证号", "手机号码",
                                    "执业证颁发日期", "状态")
    assert OFFICER_HEADERS == ("执法证号", "姓名", "所在单位", "执法证有效期起", "执法证有效期止", "可检查领域",
                               "具有法律职业资格", "手机号码", "状态")
    for rows, headers in ((institutions, INSTITUTION_HEADERS), (practitioners, PRACTITIONER_HEADERS),
                          (data.officers, OFFICER_HEADERS)):
        for row in rows:
            assert tuple(row) == headers
            assert all(isinstance(v, str) for v in row.values())
    assert all(set(o) == {"name", "district_code", "code"} for o in data.judicial_offices)


def test_realistic_counts_at_default_scale(demo):
    data, institutions, practitioners = demo
    kinds = Counter(r["机构类型"] for r in institutions)
    assert kinds == {"律师事务所": 600, "律师事务所分所": 60, "公证机构": 20, "司法鉴定机构": 30, "仲裁机构": 1,
                     "基层法律服务所": 120}
    assert [r["名称"] for r in institutions if r["机构类型"] == "仲裁机构"] == ["天津仲裁委员会"]
    assert 4500 <= len(practitioners) <= 6500
    categories = Counter(r["类别"] for r in practitioners)
    assert categories["律师"] > 0.75 * len(practitioners) and 30 <= categories["仲裁员"] <= 50
    assert len(data.officers) == 200
    assert sum(o["所在单位"] == "天津市司法局" for o in data.officers) == 40
    assert 230 <= len(data.judicial_offices) <= 280
    firms_by_district = Counter(r["所在区"] for r in institutions if r["机构类型"] == "律师事务所")
    assert {d for d, _ in firms_by_district.most_common(4)} == {"和平区", "河西区", "南开区", "滨海新区"}


def test_institution_values(demo):
    _, institutions, _ = demo
    districts = {name for _, name, _ in DISTRICTS}
    code_of = {name: code for code, name, _ in DISTRICTS}
    names = [r["名称"] for r in institutions]
    assert len(set(names)) == len(names)
    for r in institutions:
        assert r["所在区"] in districts and r["住所"].startswith("天津市" + r["所在区"])
        assert r["机构类型"] in KIND_CATEGORY
        assert r["状态"] in {"正常", "停业整顿", "吊销", "注销"} and r["风险等级"] in {"低风险", "一般风险", "高风险"}
        assert ISO_DATE.match(r["成立日期"]) and r["成立日期"] < TODAY.isoformat()
        assert r["统一社会信用代码"][:2] == "3" + {"律师事务所": "1", "律师事务所分所": "1", "公证机构": "2",
                                               "基层法律服务所": "3", "司法鉴定机构": "4", "仲裁机构": "5"}[r["机构类型"]]
        assert r["统一社会信用代码"][2:8] == code_of[r["所在区"]]
        assert phone_problem(r["办公电话"]) is None and r["负责人"]
    assert Counter(r["状态"] for r in institutions)["正常"] > 0.85 * len(institutions)
    assert {r["名称"] for r in institutions if r["机构类型"] == "公证机构"} >= {"天津市和平公证处", "天津市津南公证处"}


def test_uscc_valid_and_identifiers_unique(demo):
    data, institutions, practitioners = demo
    usccs = [r["统一社会信用代码"] for r in institutions]
    assert all(is_valid_uscc(c) for c in usccs)
    assert len(set(usccs)) == len(usccs)
    for rows, key in ((institutions, "执业许可证号"), (practitioners, "执业证号"), (data.officers, "执法证号")):
        values = [r[key] for r in rows]
        assert len(set(values)) == len(values), key
    assert len({o["code"] for o in data.judicial_offices}) == len(data.judicial_offices)


def test_every_branch_follows_its_head_office(demo):
    _, institutions, _ = demo
    seen: dict[str, dict] = {}
    for r in institutions:
        if r["机构类型"] == BRANCH:
            head = seen[r["总所统一社会信用代码"]]  # KeyError = the head came later or not at all
            assert head["机构类型"] == LAW_FIRM and r["名称"].startswith(head["名称"])
            assert r["成立日期"] >= head["成立日期"]
        else:
            assert r["总所统一社会信用代码"] == ""
        seen[r["统一社会信用代码"]] = r


def test_practitioners_valid_and_match_their_institution(demo):
    _, institutions, practitioners = demo
    kind_of = {r["统一社会信用代码"]: r["机构类型"] for r in institutions}
    for p in practitioners:
        assert p["类别"] == KIND_CATEGORY[kind_of[p["执业机构统一社会信用代码"]]]
        assert id_number_problem(p["身份证号"]) is None and p["身份证号"].startswith("12")
        assert "1960" <= p["身份证号"][6:10] <= "1998"
        assert re.fullmatch(r"1[3-9]\d{9}", p["手机号码"])
        assert ISO_DATE.match(p["执业证颁发日期"]) and p["执业证颁发日期"] < TODAY.isoformat()
        assert p["状态"] in {"执业", "停止执业", "注销"} and 2 <= len(p["姓名"]) <= 3
    assert Counter(p["状态"] for p in practitioners)["执业"] > 0.85 * len(practitioners)


def test_officers(demo):
    data, _, _ = demo
    units = {"天津市司法局"} | {f"天津市{name}司法局" for _, name, _ in DISTRICTS}
    soon = (TODAY + timedelta(days=30)).isoformat()
    expired = expiring = 0
    for o in data.officers:
        assert o["所在单位"] in units and re.fullmatch(r"12\d{12}", o["执法证号"])
        assert o["执法证有效期起"] < o["执法证有效期止"]
        assert set(o["可检查领域"].split("、")) <= {"律师", "公证", "司法鉴定", "仲裁", "基层法律服务"}
        assert o["具有法律职业资格"] in {"是", "否"} and o["状态"] in {"在岗", "离岗"}
        expired += o["执法证有效期止"] < TODAY.isoformat()
        expiring += TODAY.isoformat() <= o["执法证有效期止"] <= soon
    assert 0 < expired < 40 and 0 < expiring < 40
    assert Counter(o["状态"] for o in data.officers)["在岗"] > 160


@pytest.mark.parametrize("n", [0, 1, 7, 1000, 2345])
def test_scale_gives_exactly_n_institutions(n):
    data = generate(7, today=TODAY, scale=n)
    assert sum(data.counts.values()) == n == sum(1 for _ in data.institutions) == data.institution_count
    assert plan_counts(n) == data.counts


def test_scale_1000_is_consistent():
    data = generate(99, today=TODAY, scale=1000)
    institutions, practitioners = list(data.institutions), list(data.practitioners)
    assert len(institutions) == 1000
    usccs = {r["统一社会信用代码"] for r in institutions}
    assert len(usccs) == 1000 and all(is_valid_uscc(c) for c in usccs)
    assert len({r["执业许可证号"] for r in institutions}) == 1000
    assert {p["执业机构统一社会信用代码"] for p in practitioners} <= usccs
    assert len({p["执业证号"] for p in practitioners}) == len(practitioners)
    assert 200 <= len(data.officers) <= 280


def test_scale_100000_is_unique():
    """Speed at this scale is shown by bench/import.py, not asserted here."""
    usccs, licences = set(), set()
    count = 0
    for r in generate(1, today=TODAY, scale=100_000).institutions:
        usccs.add(r["统一社会信用代码"])
        licences.add(r["执业许可证号"])
        count += 1
    assert count == len(usccs) == len(licences) == 100_000


# ---------------------------------------------------------------- laws data

def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_laws_csv():
    laws = _read("laws.csv")
    assert list(laws[0]) == ["法规名称", "简称", "效力层级", "制定机关", "文号", "公布日期", "施行日期", "失效日期"]
    levels = {"法律", "全国人大常委会决定", "行政法规", "地方性法规", "部门规章", "地方政府规章", "规范性文件", "国家标准"}
    for law in laws:
        assert law["法规名称"] and law["简称"] and law["效力层级"] in levels and ISO_DATE.match(law["施行日期"])
        for key in ("公布日期", "失效日期"):
            assert law[key] == "" or ISO_DATE.match(law[key])
        assert law["失效日期"] == "" or law["失效日期"] > law["施行日期"]
    versions = {(law["法规名称"], law["施行日期"]) for law in laws}
    assert len(versions) == len(laws)
    for needed in [("中华人民共和国行政处罚法", "2021-07-15"), ("中华人民共和国行政复议法", "2024-01-01"),
                   ("中华人民共和国民事诉讼法", "2024-01-01")]:
        assert needed in versions
    names = {law["法规名称"] for law in laws}
    assert names >= {"中华人民共和国行政强制法", "中华人民共和国行政诉讼法", "中华人民共和国律师法", "中华人民共和国公证法",
                     "全国人民代表大会常务委员会关于司法鉴定管理问题的决定", "司法鉴定机构登记管理办法",
                     "中华人民共和国人民调解法", "中华人民共和国仲裁法"}


def test_articles_csv_references_existing_versions():
    versions = {(law["法规名称"], law["施行日期"]) for law in _read("laws.csv")}
    articles = _read("articles.csv")
    assert list(articles[0]) == ["法规名称", "施行日期", "条", "条文"]
    keys = [(a["法规名称"], a["施行日期"], parse_article(a["条"])) for a in articles]
    assert len(set(keys)) == len(keys)
    for a in articles:
        assert (a["法规名称"], a["施行日期"]) in versions and re.fullmatch(r"第[零一二三四五六七八九十百]+条", a["条"])
        assert a["条文"].strip()
    have = {(name, number) for name, _, number in keys}
    required = {"中华人民共和国行政处罚法": [9, 29, 30, 31, 32, 33, 34, 36, 37, 38, 42, 43, 44, 45, 47, 48, 51, 52, 55,
                                     56, 57, 58, 59, 60, 61, 62, 63, 64, 67, 72, 73, 85],
                "中华人民共和国律师法": [47, 48, 49, 50, 51], "中华人民共和国公证法": [41, 42],
                "中华人民共和国行政复议法": [20, 21, 30, 31, 62, 88]}
    missing = [(law, n) for law, numbers in required.items() for n in numbers if (law, n) not in have]
    assert not missing
