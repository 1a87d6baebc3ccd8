"""``fazhi discretion recommend|validate|list`` and the Django-side loader (``FAZHI_BENCHMARK_DIR``)."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.discretion import benchmark as bm
from fazhi.discretion import schema
from fazhi.discretion.tests.conftest import HERE

MALFORMED = HERE / "malformed"
FACTS = {"party_type": "person", "harm": "minor", "violation_date": "2024-03-01", "decision_date": "2024-09-01"}


@pytest.fixture(autouse=True)
def _fresh_benchmark(settings):
    settings.FAZHI_BENCHMARK_DIR = None
    bm.reset()
    yield
    bm.reset()


def _run(*args) -> str:
    out = io.StringIO()
    call_command("discretion", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _facts_file(tmp_path, data=None, text=None):
    path = tmp_path / "facts.json"
    path.write_text(text if text is not None else json.dumps(data or FACTS, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_recommend_prints_the_json(tmp_path):
    data = json.loads(_run("recommend", "--basis", "律师法第四十七条", "--facts", _facts_file(tmp_path)))
    assert data["tier"] == "一般" and data["no_penalty"] is False
    assert data["violation"] == {"code": "LS-47", "name": data["violation"]["name"], "act": "中华人民共和国律师法",
                                 "basis": "《律师法》第四十七条第一项至第五项", "article": "律师法第四十七条"}
    assert {"type": "fine", "label": "罚款", "min": "1000", "max": "3000", "unit": "yuan"} in data["penalties"]
    assert data["power"] == "district" and data["power_label"] == "区司法局"
    assert any("行政处罚法第三十六条" in line for line in data["explanation"])


def test_recommend_by_code_and_revocation_power(tmp_path):
    facts = {**FACTS, "harm": "serious"}
    data = json.loads(_run("recommend", "--code", "LS-49", "--facts", _facts_file(tmp_path, facts)))
    assert data["penalties"][0]["type"] == "revoke_licence" and data["power"] == "city"


@pytest.mark.parametrize("args, message", [
    (["--basis", "律师法第九十九条"], "裁量基准中没有“律师法第九十九条”对应的事项"),
    (["--basis", "公证法第四十一条", "--code", "LS-47"], "事项 LS-47 的处罚条款是 律师法第四十七条"),
    ([], "请用 --basis(处罚条款)或 --code(事项代码)指明违法事项"),
])
def test_recommend_usage_errors_exit_2(tmp_path, args, message):
    with pytest.raises(CommandError) as caught:
        _run("recommend", *args, "--facts", _facts_file(tmp_path))
    assert caught.value.returncode == 2 and message in str(caught.value)


@pytest.mark.parametrize("data, text, message", [
    ({**FACTS, "harm": "huge"}, None, "harm(危害后果):“huge”无效"),
    ({"party_type": "person"}, None, "violation_date(违法行为发生日期):必须填写"),
    (None, "{not json", "不是有效的 JSON"),
])
def test_recommend_bad_facts_exit_2(tmp_path, data, text, message):
    with pytest.raises(CommandError) as caught:
        _run("recommend", "--basis", "律师法第四十七条", "--facts", _facts_file(tmp_path, data, text))
    assert caught.value.returncode == 2 and message in str(caught.value)


def test_recommend_missing_facts_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as caught:
        _run("recommend", "--code", "LS-47", "--facts", str(tmp_path / "none.json"))
    assert caught.value.returncode == 2 and "无法读取事实文件" in str(caught.value)


def test_validate_the_shipped_files():
    assert "裁量基准校验通过:5 个文件,16 个事项" in _run("validate")


def test_validate_a_directory_with_problems_exits_1(tmp_path):
    shutil.copy(MALFORMED / "gap_between_bands.yaml", tmp_path)
    shutil.copy(MALFORMED / "unknown_circumstance.yaml", tmp_path)
    with pytest.raises(CommandError) as caught:
        _run("validate", str(tmp_path))
    assert caught.value.returncode == 1
    text = str(caught.value)
    assert "裁量基准数据有 3 处错误" in text  # both files also use the code T-1
    assert "unknown_circumstance.yaml:violations[0](T-1):事项代码“T-1”重复(已见于 gap_between_bands.yaml)" in text
    assert "gap_between_bands.yaml:violations[0](T-1).tiers.一般:罚款分档有空档" in text
    assert "unknown_circumstance.yaml:violations[0](T-1).tiers.从轻.when.mitigating:未知的情节代码“drunk”" in text


def test_validate_a_missing_directory_exits_1(tmp_path):
    with pytest.raises(CommandError) as caught:
        _run("validate", str(tmp_path / "nowhere"))
    assert caught.value.returncode == 1 and "裁量基准目录不存在" in str(caught.value)


def test_list_shows_every_matter():
    out = _run("list")
    for code in ("LS-47", "LS-50-HEAD", "GZ-42-PERSON", "SJ-38"):
        assert code in out
    assert "lawyers.yaml  第 2025.1 版,自 2025-01-01 起施行" in out


def test_a_bureau_directory_adds_and_replaces_files(tmp_path, settings):
    shutil.copy(HERE / "fixtures" / "valid.yaml", tmp_path / "local.yaml")
    lawyers = (bm.SHIPPED / "lawyers.yaml").read_text(encoding="utf-8")
    (tmp_path / "lawyers.yaml").write_text(lawyers.replace("min: 1000, max: 3000", "min: 1000, max: 2500")
                                           .replace("min: 3000, max: 5000", "min: 2500, max: 5000"), encoding="utf-8")
    settings.FAZHI_BENCHMARK_DIR = str(tmp_path)
    bm.reset()
    loaded = bm.current()
    assert "T-1" in loaded.violations
    general = loaded.violations["LS-47"].tiers["一般"].penalties[1]
    assert general.max.at(general.max.dates[0]) == 2500
    assert loaded is bm.current()  # cached


def test_an_invalid_bureau_directory_never_loads(tmp_path, settings):
    shutil.copy(MALFORMED / "overlapping_bands.yaml", tmp_path)
    settings.FAZHI_BENCHMARK_DIR = str(tmp_path)
    bm.reset()
    with pytest.raises(schema.BenchmarkInvalid) as caught:
        bm.current()
    assert "罚款分档重叠" in caught.value.message
    with pytest.raises(CommandError) as command:
        _run("list")
    assert command.value.returncode == 1
