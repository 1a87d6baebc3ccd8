"""The rubric data (data/rubrics/2024.yaml), its checker and the scoring. No database."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.evaluation import prechecks, rubric
from fazhi.evaluation.rubric import RubricInvalid, RubricNotFound, ScoringError

MALFORMED = Path(__file__).with_name("rubrics_malformed")
MINIMAL = """\
version: "{version}"
effective_from: {date}
title: 测试用评查标准
source: 测试
grades:
  - {{name: 合格, min: 60}}
  - {{name: 不合格, min: 0}}
vetoes:
  - {{code: V1, text: 执法主体不合法, article: 行政处罚法第三十八条第一款}}
sections:
  - code: S
    name: 实体
    points: 60
    items:
      - {{code: S1, text: 事实不清, max: 10}}
  - code: P
    name: 程序
    points: 40
    items:
      - {{code: P1, text: 未事先告知, max: 4, precheck: statement_skipped}}
"""


@pytest.fixture(scope="module")
def r() -> rubric.Rubric:
    return rubric.load("2024.1")


def D(x) -> Decimal:
    return Decimal(str(x))


# ---------------------------------------------------------------- the shipped rubric

def test_shipped_rubric_is_the_latest_in_force_and_well_formed(r):
    assert rubric.load() is r
    assert r.version == "2024.1" and r.effective_from == dt.date(2024, 1, 1)
    assert [(g.name, g.min) for g in r.grades] == [("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)]
    assert [(s.name, s.points) for s in r.sections] == [("实体", 40), ("程序", 40), ("文书规范", 20)]
    for section in r.sections:
        assert 8 <= len(section.items) <= 12, section.name
        assert all(i.code.startswith(section.code) for i in section.items)
        assert all(i.article or "[M]" in i.note for i in section.items), "每一项要么引法条,要么注明本地设定"
    assert len(r.vetoes) >= 6
    assert all("行政处罚法第" in v.article for v in r.vetoes.values())


def test_every_precheck_points_to_some_rubric_item(r):
    for code in prechecks.CODES:
        assert r.for_precheck(code), code
    assert r.for_precheck("statement_skipped") == ("V5", "P5", "P6")


def test_items_lookup_is_read_only_and_in_rubric_order(r):
    assert r.items["P8"].section == "P" and r.items["P8"].max == 4
    assert list(r.items)[:2] == ["S1", "S2"] and list(r.items)[-1] == "D11"
    with pytest.raises(TypeError):
        r.items["X1"] = None  # type: ignore[index]


def test_as_dict_is_json_ready(r):
    data = json.loads(json.dumps(r.as_dict(), ensure_ascii=False))
    assert data["version"] == "2024.1" and data["effective_from"] == "2024-01-01"
    assert [s["points"] for s in data["sections"]] == ["40", "40", "20"]
    assert {"code": "D9", "max": "1.5"}.items() <= data["sections"][2]["items"][8].items()
    assert data["vetoes"][1]["precheck"] == "too_few_officers"


# ---------------------------------------------------------------- vetoes and grades

def test_no_deduction_is_100_and_excellent(r):
    result = r.score([], {})
    assert (result.score, result.grade, result.vetoed, result.problems) == (Decimal("100.0"), "优秀", (), ())
    assert str(result.score) == "100.0"


@pytest.mark.parametrize("veto", ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8"])
def test_any_veto_forces_fail_even_at_full_marks(r, veto):
    result = r.score([veto], {})
    assert result.score == 100 and result.grade == "不合格" and result.vetoed == (veto,)
    assert result.problems[0].kind == "veto" and result.problems[0].article == r.vetoes[veto].article


def test_vetoes_are_reported_once_in_rubric_order_before_the_deductions(r):
    result = r.score(["V5", "V2", "V5"], {"D1": 2, "S1": 1})
    assert result.vetoed == ("V2", "V5")
    assert [(f.code, f.kind, f.points) for f in result.problems] == [
        ("V2", "veto", None), ("V5", "veto", None), ("S1", "deduction", 1), ("D1", "deduction", 2)]
    assert result.score == Decimal("97.0") and result.grade == "不合格"


@pytest.mark.parametrize("score, grade", [
    ("100", "优秀"), ("90", "优秀"), ("90.0", "优秀"), ("89.9", "良好"), ("80", "良好"), ("79.9", "合格"),
    ("60", "合格"), ("59.9", "不合格"), ("0", "不合格"), (75, "合格"), (Decimal("95.5"), "优秀")])
def test_grades_follow_the_thresholds_at_their_edges(r, score, grade):
    assert r.grade_for(score) == grade


@pytest.mark.parametrize("deductions, score, grade", [
    ({"S1": 6, "S2": 4}, "90.0", "优秀"),
    ({"S1": 6, "S2": "4.1"}, "89.9", "良好"),
    ({"S1": 6, "S2": 6, "S3": 4, "S4": 4}, "80.0", "良好"),
    ({"S1": 6, "S2": 6, "S3": 4, "S4": "4.1"}, "79.9", "合格"),
    ({"S1": 6, "S2": 6, "S3": 4, "S4": 5, "S5": 5, "S6": 5, "S7": 4, "S8": 3, "P1": 2}, "60.0", "合格"),
    ({"S1": 6, "S2": 6, "S3": 4, "S4": 5, "S5": 5, "S6": 5, "S7": 4, "S8": 3, "P1": "2.1"}, "59.9", "不合格"),
])
def test_scores_reach_the_grade_edges(r, deductions, score, grade):
    result = r.score([], deductions)
    assert (str(result.score), result.grade) == (score, grade)


@pytest.mark.parametrize("bad", [-1, "100.1", "abc", None, True])
def test_grade_for_refuses_scores_outside_0_100(r, bad):
    with pytest.raises(ScoringError, match="0 至 100"):
        r.grade_for(bad)


# ---------------------------------------------------------------- section caps

def test_a_section_counts_at_most_its_points(r):
    every_substance_item_in_full = {code: item.max for code, item in r.items.items() if item.section == "S"}
    assert sum(every_substance_item_in_full.values()) == 42  # the maxima may exceed the section's 40 points
    result = r.score([], every_substance_item_in_full)
    s = result.by_section["S"]
    assert (s.deducted, s.counted, s.score, s.capped) == (42, 40, 0, True)
    assert result.score == Decimal("60.0") and result.grade == "合格"
    assert result.by_section["P"].capped is False and result.by_section["P"].score == 40


def test_caps_apply_per_section_not_over_the_total(r):
    substance = {code: item.max for code, item in r.items.items() if item.section == "S"}
    documents = {code: item.max for code, item in r.items.items() if item.section == "D"}  # 21 > 20
    result = r.score([], {**substance, **documents, "P1": 3})
    assert [result.by_section[c].counted for c in "SPD"] == [40, 3, 20]
    assert result.score == Decimal("37.0") and result.grade == "不合格"


def test_every_item_at_its_maximum_gives_zero_never_below(r):
    result = r.score([], {code: item.max for code, item in r.items.items()})
    assert result.score == Decimal("0.0") and result.grade == "不合格"


def test_section_scores_and_result_serialise(r):
    result = r.score(["V3"], {"D9": "1.5", "P5": 0.5})
    data = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert data["score"] == "98.0" and data["grade"] == "不合格" and data["vetoed"] == ["V3"]
    assert data["by_section"]["D"] == {"name": "文书规范", "points": "20.0", "deducted": "1.5", "counted": "1.5",
                                       "score": "18.5", "capped": False}
    assert [p["code"] for p in data["problems"]] == ["V3", "P5", "D9"]


# ---------------------------------------------------------------- refused input

def test_unknown_codes_are_refused_naming_them(r):
    with pytest.raises(ScoringError) as err:
        r.score(["V99"], {"X1": 1})
    assert isinstance(err.value, ValueError)
    assert "V99" in str(err.value) and "X1" in str(err.value)
    assert [p.field for p in err.value.problems] == ["V99", "X1"]


def test_a_veto_code_in_deductions_and_an_item_in_vetoes_get_a_hint(r):
    with pytest.raises(ScoringError, match="它是否决项"):
        r.score([], {"V1": 1})
    with pytest.raises(ScoringError, match="它是扣分项"):
        r.score(["S1"], {})


def test_a_deduction_above_the_item_maximum_names_the_item(r):
    with pytest.raises(ScoringError) as err:
        r.score([], {"P8": 5})
    message = str(err.value)
    assert "P8" in message and r.items["P8"].text in message and "最多扣 4 分" in message


@pytest.mark.parametrize("value, phrase", [(-1, "负数"), ("-0.5", "负数"), ("abc", "不是数字"), (True, "不是数字"),
                                           ("NaN", "不是数字"), ("0.25", "一位小数"), ([1], "不是数字")])
def test_bad_deductions_are_refused(r, value, phrase):
    with pytest.raises(ScoringError, match=phrase):
        r.score([], {"S1": value})


def test_every_problem_is_listed_at_once(r):
    with pytest.raises(ScoringError) as err:
        r.score([], {"S1": 7, "S2": -1, "Q": 1})
    assert [p.field for p in err.value.problems] == ["S1", "S2", "Q"]


def test_blank_means_not_deducted_and_json_floats_are_read_through_their_text(r):
    result = r.score([], {"S1": None, "S2": "", "S3": 0, "S4": 0.1, "S5": "1.5"})
    assert result.score == Decimal("98.4")
    assert [f.code for f in result.problems] == ["S4", "S5"]


# ---------------------------------------------------------------- property

deduction_maps = st.dictionaries(
    st.sampled_from(sorted(rubric.load("2024.1").items)),
    st.integers(min_value=0, max_value=60).map(lambda tenths: Decimal(tenths) / 10),
)


@settings(max_examples=200, deadline=None)
@given(base=deduction_maps, extra=deduction_maps, vetoed=st.booleans())
def test_adding_deductions_never_raises_the_score(base, extra, vetoed):
    r = rubric.load("2024.1")
    items = r.items
    base = {c: min(v, items[c].max) for c, v in base.items()}
    more = dict(base)
    for code, amount in extra.items():
        more[code] = min(more.get(code, Decimal(0)) + amount, items[code].max)
    vetoes = ["V1"] if vetoed else []
    before, after = r.score(vetoes, base), r.score(vetoes, more)
    assert after.score <= before.score
    assert Decimal(0) <= after.score <= Decimal(100)
    assert after.grade == ("不合格" if vetoed else r.grade_for(after.score))
    order = [g.name for g in r.grades]
    assert order.index(after.grade) >= order.index(before.grade)


# ---------------------------------------------------------------- the checker

@pytest.mark.parametrize("file, path, phrase", [
    ("unknown_key", "author", "未知的键“author”"),
    ("sections_not_100", "sections", "合计应为 100(现为 60+30 = 90)"),
    ("thresholds_not_descending", "grades[2].min", "严格递减"),
    ("lowest_grade_not_zero", "grades[2].min", "应为 0"),
    ("duplicate_code", "sections[2].items[1](S1).code", "代码“S1”重复"),
    ("max_not_positive", "sections[1].items[1](S1).max", "应大于 0"),
    ("max_above_section", "sections[2].items[1](P1).max", "不超过“程序”部分的分值 40(现为 45)"),
    ("max_two_decimals", "sections[1].items[1](S1).max", "一位小数"),
    ("veto_without_article", "vetoes[1].article", "缺少依据条款"),
    ("unknown_precheck", "sections[2].items[1](P1).precheck", "未知的自动预检“no_such_check”"),
    ("key_written_twice", "第 6 行", "键“title”重复"),
    ("version_not_text", "version", "应为文字"),
    ("effective_from_impossible", "effective_from", "“2024-02-30”应为日期"),
])
def test_each_malformed_file_is_refused_with_file_path_and_reason(file, path, phrase):
    with pytest.raises(RubricInvalid) as err:
        rubric.load_file(MALFORMED / f"{file}.yaml")
    assert isinstance(err.value, ValueError)
    assert len(err.value.problems) == 1, err.value.problems
    problem = err.value.problems[0]
    assert (problem.file, problem.path) == (f"{file}.yaml", path)
    assert phrase in problem.reason
    assert f"{file}.yaml:{path}:" in str(err.value)


def test_every_malformed_file_is_tested():
    tested = {"unknown_key", "sections_not_100", "thresholds_not_descending", "lowest_grade_not_zero",
              "duplicate_code", "max_not_positive", "max_above_section", "max_two_decimals", "veto_without_article",
              "unknown_precheck", "key_written_twice", "version_not_text", "effective_from_impossible"}
    assert {p.stem for p in MALFORMED.glob("*.yaml")} == tested


def test_the_malformed_files_differ_from_the_valid_minimal_rubric_by_their_defect_only(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL.format(version="test.1", date="2024-01-01"), encoding="utf-8")
    assert rubric.load_file(good).version == "test.1"


def test_a_directory_with_a_malformed_file_refuses_every_version(tmp_path):
    (tmp_path / "good.yaml").write_text(MINIMAL.format(version="t.1", date="2024-01-01"), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text((MALFORMED / "sections_not_100.yaml").read_text("utf-8"), encoding="utf-8")
    with pytest.raises(RubricInvalid, match="bad.yaml"):
        rubric.load("t.1", tmp_path)


# ---------------------------------------------------------------- versions

def test_the_latest_version_in_force_on_a_day(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL.format(version="2024.1", date="2024-01-01"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL.format(version="2025.1", date="2025-07-01"), encoding="utf-8")
    assert rubric.load(directory=tmp_path, on=dt.date(2025, 6, 30)).version == "2024.1"
    assert rubric.load(directory=tmp_path, on=dt.date(2025, 7, 1)).version == "2025.1"
    assert rubric.load("2024.1", tmp_path).effective_from == dt.date(2024, 1, 1)
    with pytest.raises(RubricNotFound, match="尚无施行"):
        rubric.load(directory=tmp_path, on=dt.date(2023, 12, 31))
    with pytest.raises(RubricNotFound, match="2099.1"):
        rubric.load("2099.1", tmp_path)


def test_two_files_with_one_version_are_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL.format(version="2024.1", date="2024-01-01"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL.format(version="2024.1", date="2024-06-01"), encoding="utf-8")
    with pytest.raises(RubricInvalid, match="版本“2024.1”与 a.yaml 重复"):
        rubric.load(directory=tmp_path)


def test_an_empty_directory_is_reported(tmp_path):
    with pytest.raises(RubricNotFound, match="没有评查标准文件"):
        rubric.load(directory=tmp_path)


def test_an_edited_file_is_read_again(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL.format(version="t.1", date="2024-01-01"), encoding="utf-8")
    assert rubric.load_file(path).version == "t.1"
    path.write_text(MINIMAL.format(version="t.22", date="2024-01-01"), encoding="utf-8")
    assert rubric.load_file(path).version == "t.22"


# ---------------------------------------------------------------- purity

def test_the_pure_modules_import_no_django():
    code = ("import sys; import fazhi.evaluation.rubric, fazhi.evaluation.agreement, fazhi.evaluation.prechecks; "
            "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))")
    env = {"PATH": "/usr/bin:/bin"}  # no DJANGO_SETTINGS_MODULE
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                         cwd=Path(__file__).resolve().parents[3]).stdout.strip()
    assert out == "[]"
