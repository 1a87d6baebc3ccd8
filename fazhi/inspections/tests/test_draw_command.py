"""``fazhi draw certify`` / ``fazhi draw verify``."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from fazhi.inspections import draw

VECTORS = Path(__file__).parent / "vectors"


def _run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("draw", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_certify_prints_the_canonical_certificate():
    cert = json.loads((VECTORS / "01-basic.cert.json").read_text(encoding="utf-8"))
    code, out, _ = _run("certify", str(VECTORS / "01-basic.manifest.json"), *cert["seed_values"])
    assert code == 0
    assert out == draw.canonical(cert).decode() + "\n"


def test_verify_passes_and_names_the_first_difference(tmp_path):
    code, out, _ = _run("verify", str(VECTORS / "02-cap-unassigned.cert.json"))
    assert code == 0 and out.startswith("校验通过:计划 2024-TJ-SJ-07 第 1 次抽取")
    cert = json.loads((VECTORS / "02-cap-unassigned.cert.json").read_text(encoding="utf-8"))
    cert["manifest"]["strata"][1]["population"].pop()
    path = tmp_path / "c.json"
    path.write_text(json.dumps(cert, ensure_ascii=False), encoding="utf-8")
    code, _, err = _run("verify", str(path))
    assert code == 1 and err.startswith("校验失败:commitment: 承诺值不同")


def test_verify_against_the_published_commitment():
    path = str(VECTORS / "01-basic.cert.json")
    assert _run("verify", path, "--commitment", "0" * 64)[0] == 1


@pytest.mark.parametrize("change, words", [
    (lambda m: m["strata"][0].update(ratio="1/4"), "strata[0].ratio: 比例格式错误 (malformed ratio)"),
    (lambda m: m.update(team_size=0), "team_size: 应在 1 与 2^53 之间"),
    (lambda m: m["inspectors"].reverse(), "inspectors[1]: 检查人员编号未按码点升序排列 (unsorted)"),
])
def test_certify_refuses_an_invalid_manifest(tmp_path, change, words):
    manifest = json.loads((VECTORS / "01-basic.manifest.json").read_text(encoding="utf-8"))
    change(manifest)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    code, out, err = _run("certify", str(path), "1", "2")
    assert code == 1 and out == ""
    assert words in err
