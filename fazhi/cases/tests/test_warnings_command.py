"""``fazhi cases warnings``: the JSON shape and values on the fixed dataset (hand-counted in
``test_warnings.py``), the Chinese table, and the errors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.cases.tests import deadline_factories as df

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(make_user, city_org):
    return df.fixed_dataset(make_user("city_admin", city_org))


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("cases", "warnings", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_shape_and_values(cases):
    out, err = _run("--on", "2024-11-15", "--format", "json")
    data = json.loads(out)
    assert set(data) == {"on", "districts", "cases"} and data["on"] == "2024-11-15"
    assert len(data["districts"]) == 17  # the city-wide view: 16 districts, then 市局
    assert all(set(d) == {"district", "yellow", "red"} for d in data["districts"])
    counts = {d["district"]: (d["yellow"], d["red"]) for d in data["districts"]}
    assert counts["河西区"] == (2, 4) and counts["南开区"] == (4, 0) and counts["和平区"] == (1, 0)
    assert counts["市局"] == (0, 1) and counts["滨海新区"] == (0, 0)
    assert all(set(c) == {"case", "district", "deadline", "due", "level"} for c in data["cases"])
    assert len(data["cases"]) == 12
    assert data["cases"][0] == {"case": "津西罚〔2024〕4号", "district": "河西区", "deadline": "送达行政处罚决定书",
                                "due": "2024-09-30", "level": "red"}
    assert {"case": "津司罚〔2024〕1号", "district": "市局", "deadline": "作出行政处罚决定", "due": "2024-11-04",
            "level": "red"} in data["cases"]
    assert data["cases"][-1] == {"case": "津南开罚〔2024〕2号", "district": "南开区", "deadline": "作出行政处罚决定",
                                 "due": "2024-11-25", "level": "yellow"}
    assert err == ""


def test_the_default_is_a_chinese_table(cases):
    out, _ = _run("--on", "2024-11-15")
    assert "统计日期 2024-11-15(全市)" in out and "黄牌 7 项,红牌 5 项" in out
    assert "红牌  津西罚〔2024〕4号" in out and "行政处罚法第六十一条、第八十五条" in out
    hexi = next(line for line in out.splitlines() if line.startswith("河西区"))
    assert hexi.split() == ["河西区", "2", "4"]


def test_an_empty_day(db):
    out, _ = _run("--on", "2024-11-15")
    assert "没有黄牌或红牌预警" in out
    assert json.loads(_run("--on", "2024-11-15", "--format", "json")[0])["cases"] == []


def test_deadlines_the_calendar_cannot_compute_go_to_stderr(db):
    df.make_case("津西罚〔2026〕9号", filed_on=df.D(2026, 11, 2))
    out, err = _run("--on", "2026-12-01", "--format", "json")
    assert json.loads(out)["cases"] == []
    assert "津西罚〔2026〕9号" in err and "无法计算" in err and "2027" in err


def test_a_bad_date_is_a_usage_error(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("--on", "2024-13-01")
