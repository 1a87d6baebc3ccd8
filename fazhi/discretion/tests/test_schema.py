"""The checker: the shipped files are valid; each file of ``malformed/`` is refused with a clear Chinese reason
at the right path; nothing half-loads."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fazhi.discretion import schema
from fazhi.discretion.tests.conftest import HERE, SHIPPED

CIRCUMSTANCES = next(p for p in SHIPPED if p.name == "circumstances.yaml")
MALFORMED = HERE / "malformed"

# file → (path fragment, reason fragment): one validation error per file
EXPECTED = {
    "overlapping_bands": ("violations[0](T-1).tiers.一般", "罚款分档重叠:从轻档 0–2000 元 与 一般档 1000–3000 元 重叠"),
    "gap_between_bands": ("violations[0](T-1).tiers.一般", "罚款分档有空档:从轻档止于 1000 元,一般档始于 1500 元"),
    "bands_short_of_maximum": ("violations[0](T-1).tiers.从重", "罚款分档出现空档:从重档上限 4000 元 应等于法定上限 5000 元"),
    "missing_tier": ("violations[0](T-1).tiers", "缺少“一般”档"),
    "unknown_tier": ("violations[0](T-1).tiers.特别从重", "未知的档次“特别从重”"),
    "no_penalty_tier": ("violations[0](T-1).tiers.不予处罚", "不予处罚由 exemptions.yaml(行政处罚法第三十三条)规定"),
    "band_outside_statute": ("violations[0](T-1).serious.penalties[0]",
                             "情节严重的限制从业(停止执业) 1–4 个月 超出法定幅度 0–3 个月(测试法第一条)"),
    "mitigation_not_below_minimum": ("violations[0](T-1).tiers.减轻.penalties[0]",
                                     "减轻档的限制从业(停止执业) 1–2 个月 应在法定下限 1 个月 以下(行政处罚法第三十二条)"),
    "missing_article": ("violations[0](T-1).article", "缺少处罚条款“article”"),
    "missing_source": ("violations[0](T-1).statutory[1].source", "缺少出处“source”"),
    "unknown_circumstance": ("violations[0](T-1).tiers.从轻.when.mitigating", "未知的情节代码“drunk”"),
    "unknown_group": ("violations[0](T-1).tiers.减轻.when.mitigating", "未知的情节组“@art99”"),
    "wrong_kind_circumstance": ("violations[0](T-1).tiers.从轻.when.mitigating",
                                "情节“obstructed”(拒绝、阻碍调查,或者隐匿、销毁、伪造证据)是从重情节,"
                                "不能用在从轻、减轻情节条件(mitigating)中"),
    "unknown_penalty_type": ("violations[0](T-1).statutory[3].type", "未知的处罚种类“detention”"),
    "bad_date": ("effective_from", "日期“2025-02-30”无效"),
    "bad_dated_value": ("violations[0](T-1).statutory[1].max", "生效日期(from)应按时间先后排列且不得重复"),
    "duplicate_key": ("第 29 行", "键“一般”重复"),
    "duplicate_code": ("violations[1](T-1)", "事项代码“T-1”重复"),
    "missing_required_penalty": ("violations[0](T-1).tiers.一般", "一般档缺少法定必须给予的警告"),
    "kind_not_in_statute": ("violations[0](T-1).tiers.从重.penalties[2]", "不在法定处罚种类之内"),
    "unknown_exemption_matter": ("exemptions[0](T-first).matters", "清单中的事项代码“T-9”未定义"),
    "missing_version": ("version", "缺少“version”"),
    "not_yaml": ("", "YAML 格式错误"),
}


def test_the_shipped_files_are_valid():
    benchmark, problems = schema.check(SHIPPED)
    assert problems == []
    assert len(benchmark.violations) == 16


def test_the_control_file_is_valid():
    benchmark = schema.load([CIRCUMSTANCES, HERE / "fixtures" / "valid.yaml"])
    assert list(benchmark.violations) == ["T-1"]


def test_every_malformed_file_has_an_expectation():
    assert {p.stem for p in MALFORMED.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_is_refused(name):
    path, reason = EXPECTED[name]
    with pytest.raises(schema.BenchmarkInvalid) as caught:
        schema.load([CIRCUMSTANCES, MALFORMED / f"{name}.yaml"])
    problems = caught.value.problems
    assert all(p.file == f"{name}.yaml" for p in problems), problems
    assert any(path in p.path and reason in p.reason for p in problems), "\n".join(map(str, problems))
    assert str(problems[0]) in caught.value.message  # the message lists the problems for the user


@pytest.mark.parametrize("name", ["overlapping_bands", "unknown_circumstance", "bad_date"])
def test_one_error_gives_one_problem(name):
    _, problems = schema.check([CIRCUMSTANCES, MALFORMED / f"{name}.yaml"])
    assert len(problems) == 1, problems


def test_every_problem_is_listed_at_once_and_nothing_loads():
    files = [CIRCUMSTANCES, *(MALFORMED / f"{n}.yaml" for n in ("missing_article", "unknown_penalty_type", "bad_date"))]
    benchmark, problems = schema.check(files)
    assert benchmark is None
    assert {p.file for p in problems} == {"missing_article.yaml", "unknown_penalty_type.yaml", "bad_date.yaml"}


def test_a_valid_file_next_to_an_invalid_one_does_not_load_either():
    with pytest.raises(schema.BenchmarkInvalid):
        schema.load([*SHIPPED, MALFORMED / "gap_between_bands.yaml"])


def test_dated_values_are_checked_on_every_date(tmp_path):
    # fixtures/dated.yaml tiles on both dates; shifting only the statute's 2025 maximum breaks the later date
    text = (HERE / "fixtures" / "dated.yaml").read_text(encoding="utf-8")
    broken = text.replace("{from: 2025-01-01, value: 3000, source: 测试法(2025 修正)第一条}",
                          "{from: 2025-01-01, value: 3500, source: 测试法(2025 修正)第一条}")
    assert broken != text
    (tmp_path / "dated.yaml").write_text(broken, encoding="utf-8")
    _, problems = schema.check([tmp_path / "dated.yaml"])
    assert [p.reason for p in problems] == ["罚款分档出现空档:从重档上限 3000 元 应等于法定上限 3500 元(自 2025-01-01 起)"]


def test_missing_directory_file_is_reported():
    _, problems = schema.check([HERE / "no-such-file.yaml"])
    assert problems and "无法读取文件" in problems[0].reason


def test_schema_and_engine_import_no_django():
    code = ("import sys; import fazhi.discretion.schema, fazhi.discretion.engine; "
            "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
