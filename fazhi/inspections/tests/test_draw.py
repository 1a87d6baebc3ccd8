"""``fazhi-draw/1`` (fazhi/inspections/draw.py): the test vectors, tampering, invalid manifests, the CLI.

The vectors in ``vectors/`` were certified once by ``draw.py`` and are checked here against a second,
deliberately naive implementation of the specification (its own JSON writer, ``sorted`` over every
ticket as an integer, ``Fraction`` for the ceiling), so they are not circular.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

from fazhi.inspections import draw

VECTORS = Path(__file__).parent / "vectors"
NAMES = sorted(p.name.removesuffix(".manifest.json") for p in VECTORS.glob("*.manifest.json"))
ROOT = Path(__file__).resolve().parents[3]


def _load(name: str, kind: str):
    return json.loads((VECTORS / f"{name}.{kind}.json").read_text(encoding="utf-8"))


# An independent reference implementation of the specification ------------------------------------

def ref_json(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool) or isinstance(v, float):
        raise TypeError(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ",".join(ref_json(x) for x in v) + "]"
    return "{" + ",".join(ref_json(k) + ":" + ref_json(v[k]) for k in sorted(v)) + "}"


def ref_h(*parts: str) -> int:
    data = bytearray()
    for part in ("fazhi-draw/1",) + parts:
        raw = part.encode("utf-8")
        data += len(raw).to_bytes(4, "big") + raw
    return int.from_bytes(hashlib.sha256(bytes(data)).digest(), "big")


def ref_certificate(manifest: dict, values: list[str]) -> dict:
    commit = hashlib.sha256(ref_json(manifest).encode("utf-8")).hexdigest()
    seed = f"{ref_h('seed', commit, *values):064x}"
    strata, walk = [], []
    for st in manifest["strata"]:
        pop = st["population"]
        n = max(math.ceil(Fraction(st["ratio"]) * len(pop)), st["min"])
        n = min(n, st["max"] if st["max"] is not None else n, len(pop))
        order = sorted(pop, key=lambda x: (ref_h("target", seed, x), x))[:n]
        strata.append({"key": st["key"], "N": len(pop), "n": n,
                       "selected": [{"id": x, "ticket": f"{ref_h('target', seed, x):064x}"} for x in order]})
        walk += [(st["key"], x) for x in order]
    conflicts = {(row[0], row[1]) for row in manifest["conflicts"]}
    load = {ins["id"]: 0 for ins in manifest["inspectors"]}
    cap, size = manifest["max_per_inspector"], manifest["team_size"]
    assignments = []
    for key, t in walk:
        eligible = [ins["id"] for ins in manifest["inspectors"] if key in ins["strata"]
                    and (ins["id"], t) not in conflicts and (cap is None or load[ins["id"]] < cap)]
        ranked = sorted(eligible, key=lambda i: (ref_h("inspector", seed, t, i), i))
        team, alternates = (ranked[:size], ranked[size:size + 2]) if len(ranked) >= size else ([], [])
        for i in team:
            load[i] += 1
        assignments.append({"target": t, "stratum": key, "team": team, "alternates": alternates})
    return {"manifest": manifest, "commitment": commit, "seed_values": values, "seed": seed,
            "strata": strata, "assignments": assignments}


# The vectors -------------------------------------------------------------------------------------------

def test_there_are_vectors():
    assert len(NAMES) >= 4


@pytest.mark.parametrize("name", NAMES)
def test_vector_matches_the_independent_reference(name):
    cert = _load(name, "cert")
    assert cert["manifest"] == _load(name, "manifest")
    assert ref_certificate(cert["manifest"], cert["seed_values"]) == cert


@pytest.mark.parametrize("name", NAMES)
def test_vector_certifies_and_verifies(name):
    cert = _load(name, "cert")
    produced = draw.certify(_load(name, "manifest"), cert["seed_values"])
    assert draw.canonical(produced) == draw.canonical(cert)
    assert draw.verify(cert) == []
    assert draw.verify(cert, published_commitment=cert["commitment"]) == []


def test_vectors_cover_the_edge_cases():
    certs = {name: _load(name, "cert") for name in NAMES}
    assignments = [a for c in certs.values() for a in c["assignments"]]
    assert any(not a["team"] and not a["alternates"] for a in assignments)  # unassigned
    assert any(a["team"] and len(a["alternates"]) < 2 for a in assignments)  # fewer alternates
    assert any(c["manifest"]["attempt"] == 2 and c["manifest"]["previous_commitments"] for c in certs.values())
    assert any(s["N"] == 0 for c in certs.values() for s in c["strata"])
    # 20 × 0.100000000000000000000000000000001 is just above 2: 28-digit decimals or floats would say 2
    exact = certs["04-utf8-exact-ratio"]
    assert exact["strata"][0]["n"] == 3
    assert any(len(x.encode()) != len(x) for x in exact["manifest"]["strata"][0]["population"])
    assert exact["seed_values"][1].endswith(" ")  # never trimmed
    third = certs["03-second-attempt"]
    assert third["manifest"]["previous_commitments"] == [certs["01-basic"]["commitment"]]


# The encoding ------------------------------------------------------------------------------------------

def test_lp_counts_utf8_bytes():
    assert draw.lp("津") == b"\x00\x00\x00\x03" + "津".encode()
    assert draw.lp("") == b"\x00\x00\x00\x00"
    assert draw.H("seed", "a", "bc") == hashlib.sha256(
        b"\x00\x00\x00\x0cfazhi-draw/1\x00\x00\x00\x04seed\x00\x00\x00\x01a\x00\x00\x00\x02bc").digest()


def test_canonical_escapes_only_quote_and_backslash():
    obj = {"b": 'a"\\/', "a": ["津", 2, None], "A": {}}
    assert draw.canonical(obj) == '{"A":{},"a":["津",2,null],"b":"a\\"\\\\/"}'.encode()
    assert draw.canonical(obj).decode() == ref_json(obj)


@pytest.mark.parametrize("N, ratio, lo, hi, n", [
    (31, "0.35", 2, None, 11), (20, "0.1", 0, None, 2), (20, "0.100000000000000000000000000000001", 0, None, 3),
    (10, "0", 0, None, 0), (10, "0", 3, None, 3), (10, "0.05", 3, 2, 2), (5, "0.1", 9, None, 5),
    (0, "0.5", 1, None, 0), (7, "2.5", 0, None, 7), (7, "1", 0, 4, 4), (3, "00.5", 0, None, 2),
    (10**6, "0." + "3" * 60, 0, None, 333334),
])
def test_stratum_size(N, ratio, lo, hi, n):
    assert draw.stratum_size(N, ratio, lo, hi) == n


def test_the_selection_shortcut_never_changes_the_result(monkeypatch):
    """``select`` keeps only tickets under an estimated bound, and all of them when too few fall under it."""
    population = [f"31120103MD{k:08d}" for k in range(1000)]
    seed = "5e" * 32
    order = sorted(population, key=lambda x: (ref_h("target", seed, x), x))
    for n in (10, 100, 999):
        stratum = {"population": population, "ratio": "0", "min": n, "max": None}
        assert [x for x, _ in draw.select(seed, stratum)] == order[:n]
        # a bound that about 16 tickets fall under: n = 10 uses it, n = 100 needs the second pass
        monkeypatch.setattr(draw, "math", SimpleNamespace(isqrt=lambda n: -(n // 4)))
        assert [x for x, _ in draw.select(seed, stratum)] == order[:n]
        monkeypatch.undo()


# Tampering: each change is found and named ---------------------------------------------------------------

@pytest.fixture
def cert():
    return _load("01-basic", "cert")


def _paths(diffs):
    return [d.path for d in diffs]


def test_changed_ticket(cert):
    cert["strata"][0]["selected"][2]["ticket"] = "0" * 64
    diffs = draw.verify(cert)
    assert _paths(diffs) == ["strata[0].selected[2].ticket"]
    assert "第 1 层 law_firm 第 3 个中选对象" in diffs[0].message and "ticket" in diffs[0].message


def test_changed_selected_id(cert):
    cert["strata"][1]["selected"][0]["id"] = "32120000MC00022043"
    diffs = draw.verify(cert)
    assert diffs[0].path == "strata[1].selected[0].id"
    assert "第 2 层 notary 第 1 个中选对象不同:证书为 '32120000MC00022043'" in str(diffs[0])


def test_changed_team_member(cert):
    a = cert["assignments"][1]
    a["team"][0] = next(i for i in ("TJ-SF-0012", "TJ-SF-0020") if i not in a["team"])
    diffs = draw.verify(cert)
    assert _paths(diffs) == ["assignments[1].team"]
    assert a["target"] in diffs[0].message and "检查组不同" in diffs[0].message


def test_changed_seed_value(cert):
    cert["seed_values"][1] = "005"
    diffs = draw.verify(cert)
    assert _paths(diffs) == ["seed"]
    assert "seed differs" in diffs[0].message


def test_changed_commitment(cert):
    cert["commitment"] = "f" * 64
    assert draw.verify(cert)[0].path == "commitment"
    assert "commitment differs" in draw.verify(cert)[0].message


def test_other_published_commitment(cert):
    diffs = draw.verify(cert, published_commitment="e" * 64)
    assert _paths(diffs) == ["commitment"] and "e" * 64 in diffs[0].message


def test_added_conflict_is_named(cert):
    first = cert["assignments"][0]
    row = [first["team"][0], first["target"], "relative"]
    cert["manifest"]["conflicts"] = sorted(cert["manifest"]["conflicts"] + [row])
    diffs = draw.verify(cert)
    assert diffs[0].path == "commitment"
    team = next(d for d in diffs if d.path == "assignments[0].team")
    assert f"{first['team'][0]} 与该对象有回避记录 relative" in team.message


def test_removed_conflict_is_found(cert):
    # TJ-SF-0047 would be on the team for 32120000MC0002201R without this recusal
    row = ["TJ-SF-0047", "32120000MC0002201R", "former_employer"]
    cert["manifest"]["conflicts"].remove(row)
    diffs = draw.verify(cert)
    assert _paths(diffs)[0] == "commitment"
    assert "assignments[4].team" in _paths(diffs)


def test_changed_population_id(cert):
    population = cert["manifest"]["strata"][0]["population"]
    original = cert["strata"][0]["selected"][0]["id"]
    k = population.index(original)
    population[k] = original + "0"  # still sorted
    assert population == sorted(population)
    diffs = draw.verify(cert)
    assert diffs[0].path == "commitment"
    assert any(d.path.startswith("strata[0].selected[") and original in d.message for d in diffs)


def test_changed_counts_and_shape(cert):
    broken = copy.deepcopy(cert)
    broken["strata"][0]["n"] = 5
    assert _paths(draw.verify(broken)) == ["strata[0].n"]
    broken = copy.deepcopy(cert)
    del broken["strata"][1]["selected"][1]
    assert _paths(draw.verify(broken)) == ["strata[1].selected"]
    broken = copy.deepcopy(cert)
    broken["assignments"].pop()
    assert _paths(draw.verify(broken)) == ["assignments"]
    broken = copy.deepcopy(cert)
    del broken["seed"]
    assert _paths(draw.verify(broken)) == ["certificate"]
    broken = copy.deepcopy(cert)
    broken["seed_values"].append("1")
    assert _paths(draw.verify(broken)) == ["seed_values"]


def test_invalid_manifest_in_a_certificate_is_reported(cert):
    cert["manifest"]["team_size"] = 2.0
    diffs = draw.verify(cert)
    assert _paths(diffs) == ["manifest.team_size"] and "float" in diffs[0].message


# Invalid manifests: each refused with the rule it breaks ------------------------------------------------

def _set(path, value):
    def change(m):
        *head, last = path
        target = m
        for key in head:
            target = target[key]
        target[last] = value(target[last]) if callable(value) else value
    return change


def _add_key(m):
    m["note"] = "x"


INVALID = [
    ("unsorted population", _set(["strata", 0, "population"], lambda p: [p[1], p[0]] + p[2:]),
     "strata[0].population[1]", "unsorted"),
    ("duplicate id", _set(["strata", 0, "population"], lambda p: sorted(p + [p[3]])), "strata[0].population[4]",
     "duplicate"),
    ("id in two strata", _set(["strata", 1, "population"], lambda p: sorted(p + ["31120103MD0003100X"])),
     "strata[1].population", "two strata"),
    ("duplicate stratum key", _set(["strata", 1, "key"], "law_firm"), "strata[1].key", "duplicate stratum key"),
    ("float ratio", _set(["strata", 0, "ratio"], 0.25), "strata[0].ratio", "float"),
    ("float count", _set(["strata", 0, "min"], 2.0), "strata[0].min", "float"),
    ("float in a conflict", _set(["conflicts", 0, 2], 1.5), "conflicts[0][2]", "float"),
    ("float cap", _set(["max_per_inspector"], 3.0), "max_per_inspector", "float"),
    ("boolean team size", _set(["team_size"], True), "team_size", "boolean"),
    ("boolean min", _set(["strata", 1, "min"], False), "strata[1].min", "boolean"),
    ("ratio with no integer part", _set(["strata", 0, "ratio"], ".5"), "strata[0].ratio", "malformed ratio"),
    ("ratio ending in a dot", _set(["strata", 0, "ratio"], "1."), "strata[0].ratio", "malformed ratio"),
    ("ratio in exponent form", _set(["strata", 0, "ratio"], "1e-1"), "strata[0].ratio", "malformed ratio"),
    ("negative ratio", _set(["strata", 0, "ratio"], "-0.1"), "strata[0].ratio", "malformed ratio"),
    ("ratio with a newline", _set(["strata", 0, "ratio"], "0.1\n"), "strata[0].ratio", "malformed ratio"),
    ("ratio in full-width digits", _set(["strata", 0, "ratio"], "０.５"), "strata[0].ratio", "malformed ratio"),
    ("team size 0", _set(["team_size"], 0), "team_size", "应在 1 与 2^53 之间"),
    ("negative max", _set(["strata", 0, "max"], -1), "strata[0].max", "0 与 2^53"),
    ("integer past 2^53", _set(["strata", 0, "min"], 2**53 + 1), "strata[0].min", "2^53"),
    ("wrong number of previous commitments", _set(["attempt"], 2), "previous_commitments",
     "wrong number of previous commitments"),
    ("previous commitment not hex", _set(["previous_commitments"], ["X" * 64]), "previous_commitments",
     "previous commitments"),
    ("inspectors unsorted", _set(["inspectors"], lambda i: [i[1], i[0]] + i[2:]), "inspectors[1]", "unsorted"),
    ("inspector twice", _set(["inspectors"], lambda i: [i[0]] + i), "inspectors[1]", "duplicate"),
    ("conflicts unsorted", _set(["conflicts"], lambda c: c[::-1]), "conflicts[1]", "unsorted"),
    ("conflict of two fields", _set(["conflicts", 0], lambda row: row[:2]), "conflicts[0]", "reason_code"),
    ("wrong algorithm", _set(["algorithm"], "fazhi-draw/2"), "algorithm", "wrong algorithm"),
    ("no seed source", _set(["seed_sources"], []), "seed_sources", "seed_sources empty"),
    ("control character in an id", _set(["strata", 1, "population", 0], "32120000MC\t0002200N"),
     "strata[1].population[0]", "control character"),
    ("empty id", _set(["inspectors", 0, "id"], ""), "inspectors[0].id", "空字符串"),
    ("unknown field", _add_key, "manifest", "多出 ['note']"),
    ("missing field", _set(["strata", 0], lambda s: {k: v for k, v in s.items() if k != "max"}), "strata[0]",
     "缺少 ['max']"),
    ("population not a list", _set(["strata", 0, "population"], "x"), "strata[0].population", "array"),
]


@pytest.mark.parametrize("change, path, words", [row[1:] for row in INVALID], ids=[row[0] for row in INVALID])
def test_invalid_manifest_is_refused(change, path, words):
    manifest = _load("01-basic", "manifest")
    change(manifest)
    with pytest.raises(draw.ManifestError) as exc:
        draw.certify(manifest, ["1", "2"])
    assert exc.value.path == path
    assert words in exc.value.message


def test_seed_values_must_match_the_sources():
    manifest = _load("01-basic", "manifest")
    for values in (["1"], ["1", "2", "3"], ["1", 2]):
        with pytest.raises(draw.DrawError) as exc:
            draw.certify(manifest, values)
        assert exc.value.path == "seed_values"


# The command line of the standalone file -----------------------------------------------------------------

def test_main_certify_writes_the_canonical_certificate(capsysbinary):
    cert = _load("02-cap-unassigned", "cert")
    assert draw.main(["certify", str(VECTORS / "02-cap-unassigned.manifest.json"), *cert["seed_values"]]) == 0
    assert capsysbinary.readouterr().out == draw.canonical(cert) + b"\n"


def test_main_verify(tmp_path, capsys):
    assert draw.main(["verify", str(VECTORS / "03-second-attempt.cert.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("校验通过:计划 2024-TJ-SJ-03 第 2 次抽取") and "1 个未能分组" in out
    cert = _load("03-second-attempt", "cert")
    cert["assignments"][3]["alternates"] = []
    path = tmp_path / "cert.json"
    path.write_text(json.dumps(cert, ensure_ascii=False), encoding="utf-8")
    assert draw.main(["verify", str(path)]) == 1
    assert capsys.readouterr().err.startswith("校验失败:assignments[3].alternates: 第 4 个对象")


def test_main_refuses_bad_input(tmp_path, capsys):
    manifest = _load("01-basic", "manifest")
    manifest["strata"][0]["ratio"] = 0.25
    path = tmp_path / "m.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert draw.main(["certify", str(path), "1", "2"]) == 1
    assert "strata[0].ratio: 不允许浮点数" in capsys.readouterr().err
    path.write_text('{"a": 1, "a": 2}', encoding="utf-8")
    assert draw.main(["verify", str(path)]) == 1
    assert "重复的键" in capsys.readouterr().err
    assert draw.main(["verify", str(tmp_path / "missing.json")]) == 1


def test_tools_verify_draw_is_the_same_file():
    link = ROOT / "tools" / "verify_draw.py"
    assert link.is_symlink() and os.readlink(link) == "../fazhi/inspections/draw.py"
    assert link.resolve() == Path(draw.__file__).resolve()


def test_standalone_verifier_runs_in_an_isolated_interpreter(tmp_path):
    tool = str(ROOT / "tools" / "verify_draw.py")
    ok = subprocess.run([sys.executable, "-I", "-S", tool, "verify", str(VECTORS / "04-utf8-exact-ratio.cert.json")],
                        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "校验通过" in ok.stdout
    cert = _load("04-utf8-exact-ratio", "cert")
    cert["assignments"][0]["team"].reverse()
    (tmp_path / "c.json").write_text(json.dumps(cert), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-I", tool, "verify", "c.json"], capture_output=True, text=True,
                         encoding="utf-8", cwd=tmp_path)
    assert bad.returncode == 1 and "assignments[0].team" in bad.stderr


def test_draw_module_imports_only_the_standard_library():
    code = (
        "import importlib.util, sys\n"
        "before = set(sys.modules)\n"
        f"spec = importlib.util.spec_from_file_location('verify_draw', {str(ROOT / 'tools' / 'verify_draw.py')!r})\n"
        "module = sys.modules['verify_draw'] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "allowed = set(sys.stdlib_module_names) | set(sys.builtin_module_names) | {'verify_draw'}\n"
        "print(sorted({m.split('.')[0] for m in set(sys.modules) - before} - allowed))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
