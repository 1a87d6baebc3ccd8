#!/usr/bin/env python3
"""The verifiable inspection draw ``fazhi-draw/1`` (双随机抽取). Python standard library only.

This one file is the platform's implementation AND the standalone verifier (``tools/verify_draw.py``
links to it). Copy it anywhere with Python >= 3.8 and run::

    python3 draw.py verify CERTIFICATE.json [--commitment HEX]
    python3 draw.py certify MANIFEST.json V1 [V2 ...]

It follows the specification ``fazhi-draw/1`` bit for bit; each part cites its section: §1 encoding
(``lp``, ``H``, canonical JSON), §2 the manifest and its validity rules, §3 the seed, §4 targets
(consistent sampling by SHA-256 tickets), §5 inspector teams, §6 the certificate and its verification.
Only the public identifiers written in the manifest are hashed, never database keys.
"""

from __future__ import annotations

import argparse
import decimal
import hashlib
import heapq
import json
import math
import re
import sys
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple

ALGORITHM = "fazhi-draw/1"
MAX_INT = 2**53  # §1: integers stay within ±2^53
MANIFEST_KEYS = ("algorithm", "plan", "attempt", "previous_commitments", "strata", "team_size",
                 "max_per_inspector", "inspectors", "conflicts", "seed_sources")
STRATUM_KEYS = ("key", "ratio", "min", "max", "population")
CERTIFICATE_KEYS = ("manifest", "commitment", "seed_values", "seed", "strata", "assignments")
_RATIO = re.compile(r"[0-9]+(\.[0-9]+)?")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x1f]")

Selection = List[Tuple[str, str]]  # [(id, ticket hex)] in ascending ticket order


class DrawError(ValueError):
    """Input the algorithm refuses; ``path`` is the JSON path, ``message`` says why (in Chinese)."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


class ManifestError(DrawError):
    """A manifest that breaks a rule of §1–§2: certify refuses it and verify reports it."""


# §1 Encoding ----------------------------------------------------------------------------------------

def lp(s: str) -> bytes:
    """4-byte big-endian length of the UTF-8 bytes of ``s``, then those bytes."""
    b = s.encode("utf-8")
    return len(b).to_bytes(4, "big") + b


_PREFIX = lp(ALGORITHM)


def H(tag: str, *fields: str) -> bytes:
    """SHA-256(lp("fazhi-draw/1") ‖ lp(tag) ‖ lp(f1) ‖ … ‖ lp(fk)), 32 bytes."""
    return hashlib.sha256(_PREFIX + lp(tag) + b"".join(lp(f) for f in fields)).digest()


def canonical(obj: Any) -> bytes:
    """No whitespace, keys sorted by code point, UTF-8, only \\" and \\\\ escaped (no control chars)."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


# §2 Manifest validity ---------------------------------------------------------------------------------

_KINDS = {bool: "布尔值 boolean", float: "浮点数 float", int: "整数 integer", str: "字符串 string", list: "数组 array",
          dict: "对象 object", type(None): "null"}


def _kind(x: Any) -> str:
    return _KINDS.get(type(x), type(x).__name__)


def _bad(path: str, x: Any, expected: str) -> ManifestError:
    if isinstance(x, float):
        return ManifestError(path, f"不允许浮点数 (float {x!r});比例写成十进制字符串,计数与上限写成整数")
    return ManifestError(path, f"应为{expected},实为{_kind(x)}")


def _integer(x: Any, path: str, low: int, nullable: bool = False) -> None:
    if x is None and nullable:
        return
    if isinstance(x, bool) or not isinstance(x, int):
        raise _bad(path, x, "整数 (integer, 不能是布尔值 boolean)" + ("或 null" if nullable else ""))
    if not low <= x <= MAX_INT:
        raise ManifestError(path, f"应在 {low} 与 2^53 之间,实为 {x}")


def _object(x: Any, path: str, keys: Sequence[str]) -> None:
    if not isinstance(x, dict):
        raise _bad(path, x, "对象 (object)")
    missing = [k for k in keys if k not in x]
    extra = sorted(str(k) for k in x if k not in keys)
    if missing or extra:
        raise ManifestError(path, f"字段不符:缺少 {missing},多出 {extra}")


def _text_problem(s: str, nonempty: bool) -> Optional[str]:
    if _CONTROL.search(s):
        return "含控制字符 (control character U+0000–U+001F)"
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return "不是有效的 Unicode 文本 (lone surrogate)"
    return "不能为空字符串" if nonempty and not s else None


def _list(x: Any, path: str) -> None:
    if not isinstance(x, list):
        raise _bad(path, x, "数组 (array)")


def _strings(x: Any, path: str, one: bool = False) -> None:
    """Non-empty strings without control characters (U+0000–U+001F), valid as UTF-8."""
    _list(x, path)
    where = (lambda k: path) if one else (lambda k: f"{path}[{k}]")
    if not all(type(s) is str for s in x):
        k = next(k for k, s in enumerate(x) if type(s) is not str)
        raise _bad(where(k), x[k], "字符串 (string)")
    if _text_problem("".join(x), False) or "" in x:  # one pass over all, then find which
        k, problem = next((k, _text_problem(s, True)) for k, s in enumerate(x) if _text_problem(s, True))
        raise ManifestError(where(k), problem)


def _string(x: Any, path: str) -> None:
    _strings([x], path, one=True)


def _ascending(items: Sequence[Any], path: str, what: str) -> None:
    """Strictly ascending by code point: sorted, no duplicates."""
    for k in range(1, len(items)):
        if not items[k - 1] < items[k]:
            if items[k - 1] == items[k]:
                raise ManifestError(f"{path}[{k}]", f"{what}重复 (duplicate): {items[k]!r}")
            raise ManifestError(f"{path}[{k}]", f"{what}未按码点升序排列 (unsorted): "
                                                f"{items[k]!r} 排在 {items[k - 1]!r} 之后")


def validate_manifest(m: Any) -> None:
    """Raise ``ManifestError`` naming the first rule of §1–§2 that ``m`` breaks."""
    if not isinstance(m, dict):
        raise _bad("manifest", m, "对象 (object)")
    if m.get("algorithm") != ALGORITHM:
        raise ManifestError("algorithm", f"算法应为 {ALGORITHM!r},实为 {m.get('algorithm')!r} (wrong algorithm)")
    _object(m, "manifest", MANIFEST_KEYS)
    _string(m["plan"], "plan")
    _integer(m["attempt"], "attempt", 1)
    _strings(m["previous_commitments"], "previous_commitments")
    if len(m["previous_commitments"]) != m["attempt"] - 1:
        raise ManifestError("previous_commitments", f"第 {m['attempt']} 次抽取应列出之前 {m['attempt'] - 1} 次的"
                            f"承诺值,实有 {len(m['previous_commitments'])} 个 (wrong number of previous commitments)")
    for k, c in enumerate(m["previous_commitments"]):
        if not _HEX64.fullmatch(c):
            raise ManifestError(f"previous_commitments[{k}]", "应为 64 位小写十六进制 SHA-256")
    _list(m["strata"], "strata")
    seen_keys: set[str] = set()
    seen_ids: set[str] = set()
    for k, s in enumerate(m["strata"]):
        p = f"strata[{k}]"
        _object(s, p, STRATUM_KEYS)
        _string(s["key"], f"{p}.key")
        if s["key"] in seen_keys:
            raise ManifestError(f"{p}.key", f"层的键重复 (duplicate stratum key): {s['key']!r}")
        seen_keys.add(s["key"])
        if type(s["ratio"]) is not str:
            raise _bad(f"{p}.ratio", s["ratio"], "形如 \"0.35\" 的十进制字符串")
        if not _RATIO.fullmatch(s["ratio"]):
            raise ManifestError(f"{p}.ratio", f"比例格式错误 (malformed ratio): {s['ratio']!r},应匹配 [0-9]+(\\.[0-9]+)?")
        _integer(s["min"], f"{p}.min", 0)
        _integer(s["max"], f"{p}.max", 0, nullable=True)
        pop = s["population"]
        _strings(pop, f"{p}.population")
        _ascending(pop, f"{p}.population", "对象编号")
        if not seen_ids.isdisjoint(pop):
            x = next(x for x in pop if x in seen_ids)
            raise ManifestError(f"{p}.population", f"对象 {x!r} 同时属于两个层 (id in two strata)")
        seen_ids.update(pop)
    _integer(m["team_size"], "team_size", 1)
    _integer(m["max_per_inspector"], "max_per_inspector", 0, nullable=True)
    _list(m["inspectors"], "inspectors")
    for k, ins in enumerate(m["inspectors"]):
        _object(ins, f"inspectors[{k}]", ("id", "strata"))
        _string(ins["id"], f"inspectors[{k}].id")
        _strings(ins["strata"], f"inspectors[{k}].strata")
    _ascending([ins["id"] for ins in m["inspectors"]], "inspectors", "检查人员编号")
    _list(m["conflicts"], "conflicts")
    for k, row in enumerate(m["conflicts"]):
        _strings(row, f"conflicts[{k}]")
        if len(row) != 3:
            raise ManifestError(f"conflicts[{k}]", "每条回避记录应为 [inspector_id, target_id, reason_code]")
    _ascending(m["conflicts"], "conflicts", "回避记录")
    _list(m["seed_sources"], "seed_sources")
    if not m["seed_sources"]:
        raise ManifestError("seed_sources", "至少需要一个种子来源 (seed_sources empty)")
    for k, src in enumerate(m["seed_sources"]):
        _object(src, f"seed_sources[{k}]", ("name", "description"))
        _string(src["name"], f"seed_sources[{k}].name")
        _string(src["description"], f"seed_sources[{k}].description")


# §2–§3 Commitment and seed -------------------------------------------------------------------------------

def commitment(m: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(m)).hexdigest()


def check_seed_values(m: dict[str, Any], values: Any) -> None:
    """One string per seed source, in order (never trimmed or normalised)."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise DrawError("seed_values", "应为字符串数组 (array of strings)")
    if len(values) != len(m["seed_sources"]):
        raise DrawError("seed_values", f"应有 {len(m['seed_sources'])} 个(与 seed_sources 一一对应),"
                                       f"实有 {len(values)} 个")
    for k, v in enumerate(values):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise DrawError(f"seed_values[{k}]", "不是有效的 Unicode 文本 (lone surrogate)") from None


def seed(commitment_hex: str, values: Sequence[str]) -> str:
    return H("seed", commitment_hex, *values).hex()


# §4 Targets ----------------------------------------------------------------------------------------------

def stratum_size(N: int, ratio: str, min: int, max: Optional[int]) -> int:  # noqa: A002 (spec names)
    """n = min(min(max(ceil(N × ratio), min), max), N), the product computed exactly."""
    if not _RATIO.fullmatch(ratio):
        raise ManifestError("ratio", f"比例格式错误 (malformed ratio): {ratio!r}")
    ctx = decimal.Context(prec=len(ratio) + len(str(N)) + 2, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                          traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow])
    product = ctx.multiply(decimal.Decimal(N), decimal.Decimal(ratio))
    # Past N the exact value no longer matters (every later step clamps to at most N).
    n = N if product >= N else int(product.to_integral_value(rounding=decimal.ROUND_CEILING, context=ctx))
    n = n if n > min else min
    if max is not None and max < n:
        n = max
    return n if n < N else N


def select(seed_hex: str, stratum: dict[str, Any]) -> Selection:
    """The n ids with the smallest ``H("target", seed, x)``, by ascending (ticket, id)."""
    population = stratum["population"]
    n = stratum_size(len(population), stratum["ratio"], stratum["min"], stratum["max"])
    if n == 0:
        return []
    copy = hashlib.sha256(_PREFIX + lp("target") + lp(seed_hex)).copy  # the prefix's first block hashed once
    # A shortcut with the same result: keep only tickets below a bound that about n + 4√n + 16 fall under;
    # the n smallest are among them whenever at least n are kept, else every ticket is kept.
    bound = (2**256 * (n + 4 * math.isqrt(n) + 16)) // len(population)
    limits = ([bound.to_bytes(32, "big")] if bound < 2**256 else []) + [b"\xff" * 33]
    for limit in limits:
        kept = []
        keep = kept.append
        for x in population:
            b = x.encode("utf-8")
            h = copy()
            h.update(len(b).to_bytes(4, "big"))
            h.update(b)
            d = h.digest()
            if d < limit:
                keep((d, x))
        if len(kept) >= n:
            break
    kept.sort()
    return [(x, d.hex()) for d, x in kept[:n]]


# §5 Inspector teams --------------------------------------------------------------------------------------

def assign(seed_hex: str, manifest: dict[str, Any], selections: Sequence[Selection]) -> list[dict[str, Any]]:
    """Teams and alternates for the selected targets, stratum by stratum, each in ticket order."""
    team_size, cap = manifest["team_size"], manifest["max_per_inspector"]
    barred: dict[str, set[str]] = {}
    for inspector, target, _reason in manifest["conflicts"]:
        barred.setdefault(target, set()).add(inspector)
    load = {ins["id"]: 0 for ins in manifest["inspectors"]}
    lp_id = {i: lp(i) for i in load}
    base = hashlib.sha256(_PREFIX + lp("inspector") + lp(seed_hex))
    out = []
    for stratum, selected in zip(manifest["strata"], selections):
        key = stratum["key"]
        pool = [i["id"] for i in manifest["inspectors"] if key in i["strata"] and (cap is None or load[i["id"]] < cap)]
        for target, _ticket in selected:
            no = barred.get(target)
            eligible = [i for i in pool if i not in no] if no else pool
            team: list[str] = []
            alternates: list[str] = []
            if len(eligible) >= team_size:
                h_t = base.copy()
                h_t.update(lp(target))
                copy = h_t.copy
                ranked = []
                for i in eligible:
                    h = copy()
                    h.update(lp_id[i])
                    ranked.append((h.digest(), i))
                top = [i for _, i in heapq.nsmallest(team_size + 2, ranked)]
                team, alternates = top[:team_size], top[team_size:]
                for i in team:
                    load[i] += 1
                if cap is not None and any(load[i] >= cap for i in team):
                    pool = [i for i in pool if load[i] < cap]
            out.append({"target": target, "stratum": key, "team": team, "alternates": alternates})
    return out


# §6 Certificate ------------------------------------------------------------------------------------------

def certify(manifest: dict[str, Any], seed_values: Sequence[str]) -> dict[str, Any]:
    """The certificate of §6. Raises ``ManifestError`` / ``DrawError`` for invalid input."""
    validate_manifest(manifest)
    seed_values = list(seed_values)
    check_seed_values(manifest, seed_values)
    c = commitment(manifest)
    s = seed(c, seed_values)
    selections = [select(s, st) for st in manifest["strata"]]
    return {
        "manifest": manifest, "commitment": c, "seed_values": seed_values, "seed": s,
        "strata": [{"key": st["key"], "N": len(st["population"]), "n": len(sel),
                    "selected": [{"id": x, "ticket": t} for x, t in sel]}
                   for st, sel in zip(manifest["strata"], selections)],
        "assignments": assign(s, manifest, selections),
    }


@dataclass(frozen=True)
class Difference:
    """Where a certificate differs from the recomputation: ``path`` in the certificate, Chinese message."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def verify(cert: Any, published_commitment: Optional[str] = None, limit: int = 20) -> list[Difference]:
    """Recompute everything from ``manifest`` and ``seed_values``; the differences, first one first
    (empty when the certificate holds). Past the commitment and the seed, the certificate's own seed
    is used so that a changed ticket, id or team is named where it is, not as a cascade."""
    if not isinstance(cert, dict) or sorted(cert) != sorted(CERTIFICATE_KEYS):
        return [Difference("certificate", f"证书应恰有字段 {list(CERTIFICATE_KEYS)}")]
    m = cert["manifest"]
    try:
        validate_manifest(m)
        check_seed_values(m, cert["seed_values"])
    except ManifestError as e:
        return [Difference(f"manifest.{e.path}", f"抽取清单无效 (invalid manifest):{e.message}")]
    except DrawError as e:
        return [Difference(e.path, e.message)]
    diffs: list[Difference] = []
    c = commitment(m)
    if cert["commitment"] != c:
        diffs.append(Difference("commitment", f"承诺值不同 (commitment differs):证书为 {cert['commitment']!r},按 manifest "
                                              f"重新计算为 {c} —— 抽取清单(对象、检查人员、回避记录等)在承诺后被改动"))
    if published_commitment is not None and published_commitment != c:
        diffs.append(Difference("commitment", f"与事先公布的承诺值 {published_commitment} 不同,按 manifest 重新计算为 {c}"))
    claimed = cert["commitment"] if isinstance(cert["commitment"], str) else c
    s = seed(claimed, cert["seed_values"])
    if cert["seed"] != s:
        diffs.append(Difference("seed", f"种子不同 (seed differs):证书为 {cert['seed']!r},按 commitment 与 seed_values "
                                        f"重新计算为 {s}"))
    if isinstance(cert["seed"], str) and _HEX64.fullmatch(cert["seed"]):
        s = cert["seed"]
    selections = [select(s, st) for st in m["strata"]]
    _compare_strata(cert["strata"], m, selections, diffs, limit)
    _compare_assignments(cert["assignments"], m, assign(s, m, selections), diffs, limit)
    return diffs[:limit]


def _listed(got: Any, want: list, path: str, what: str, diffs: list[Difference]) -> bool:
    """Same count? (else one difference) — the entries are compared by the caller."""
    if not isinstance(got, list):
        diffs.append(Difference(path, f"应为数组 (array),实为{_kind(got)}"))
        return False
    if len(got) != len(want):
        diffs.append(Difference(path, f"{what}数目不同:证书为 {len(got)},重新计算为 {len(want)}"))
    return True


def _compare_strata(got: Any, m: dict[str, Any], selections: list[Selection], diffs: list[Difference],
                    limit: int) -> None:
    if not _listed(got, selections, "strata", "层", diffs):
        return
    for k, (st, sel, entry) in enumerate(zip(m["strata"], selections, got)):
        p, name = f"strata[{k}]", f"第 {k + 1} 层 {st['key']}"
        if not isinstance(entry, dict) or sorted(entry) != ["N", "key", "n", "selected"]:
            diffs.append(Difference(p, f"{name} 格式错误:应恰有字段 key, N, n, selected"))
            continue
        for field, want in (("key", st["key"]), ("N", len(st["population"])), ("n", len(sel))):
            if entry[field] != want or type(entry[field]) is not type(want):
                diffs.append(Difference(f"{p}.{field}", f"{name} 的 {field} 不同:证书为 {entry[field]!r},重新计算为 {want!r}"))
        if not _listed(entry["selected"], sel, f"{p}.selected", f"{name} 中选对象", diffs):
            continue
        for j, ((x, t), e) in enumerate(zip(sel, entry["selected"])):
            if len(diffs) >= limit:
                return
            q = f"{p}.selected[{j}]"
            if not isinstance(e, dict) or sorted(e) != ["id", "ticket"]:
                diffs.append(Difference(q, f"{name} 第 {j + 1} 个中选对象格式错误:应恰有字段 id, ticket"))
            elif e["id"] != x:
                diffs.append(Difference(f"{q}.id", f"{name} 第 {j + 1} 个中选对象不同:证书为 {e['id']!r},重新计算为 {x!r}"))
            elif e["ticket"] != t:
                diffs.append(Difference(f"{q}.ticket", f"{name} 第 {j + 1} 个中选对象 {x} 的 ticket 不同:证书为 "
                                                       f"{e['ticket']!r},重新计算为 {t}"))


def _compare_assignments(got: Any, m: dict[str, Any], want: list[dict[str, Any]], diffs: list[Difference],
                         limit: int) -> None:
    if not _listed(got, want, "assignments", "分配(检查组)", diffs):
        return
    barred = {(i, t): reason for i, t, reason in m["conflicts"]}
    for j, (w, e) in enumerate(zip(want, got)):
        if len(diffs) >= limit:
            return
        p, name = f"assignments[{j}]", f"第 {j + 1} 个对象 {w['target']}({w['stratum']})"
        if not isinstance(e, dict) or sorted(e) != ["alternates", "stratum", "target", "team"]:
            diffs.append(Difference(p, f"{name}的分配格式错误:应恰有字段 target, stratum, team, alternates"))
            continue
        for field, label in (("target", "对象"), ("stratum", "层"), ("team", "检查组"), ("alternates", "备选人员")):
            if e[field] != w[field]:
                note = ""
                if field in ("team", "alternates") and isinstance(e[field], list):
                    bad = [f"{i} 与该对象有回避记录 {barred[(i, w['target'])]} (conflict)"
                           for i in e[field] if isinstance(i, str) and (i, w["target"]) in barred]
                    note = (";" + ";".join(bad)) if bad else ""
                diffs.append(Difference(f"{p}.{field}", f"{name}的{label}不同:证书为 {e[field]!r},"
                                                        f"重新计算为 {w[field]!r}{note}"))
                break


# Command line (the standalone verifier) ------------------------------------------------------------------

def load(path: str) -> Any:
    """Strict JSON: duplicate keys and NaN/Infinity refused (floats are parsed, then refused by §1)."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        if len(set(keys)) != len(keys):
            raise ValueError(f"JSON 对象中有重复的键: {sorted(k for k in set(keys) if keys.count(k) > 1)}")
        return dict(items)

    def constant(name: str) -> Any:
        raise ValueError(f"JSON 中不允许 {name}")

    with open(path, encoding="utf-8-sig") as f:
        return json.load(f, object_pairs_hook=pairs, parse_constant=constant)


def summary(cert: dict[str, Any]) -> str:
    m = cert["manifest"]
    unassigned = sum(1 for a in cert["assignments"] if not a["team"])
    history = f",之前各次的承诺值:{', '.join(m['previous_commitments'])}" if m["previous_commitments"] else ""
    return (f"校验通过:计划 {m['plan']} 第 {m['attempt']} 次抽取{history};承诺值 {cert['commitment']},"
            f"种子 {cert['seed']};{len(cert['strata'])} 层共抽中 {len(cert['assignments'])} 个对象"
            f"({unassigned} 个未能分组),全部与重新计算一致。")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="verify_draw", description=f"{ALGORITHM}:验证或生成抽取证书")
    sub = parser.add_subparsers(dest="action", required=True)
    v = sub.add_parser("verify", help="重新计算并核对证书;退出码 0 表示一致")
    v.add_argument("certificate")
    v.add_argument("--commitment", help="事先公布的承诺值(可选)")
    c = sub.add_parser("certify", help="由抽取清单和种子值生成证书(JSON 规范形式,写到标准输出)")
    c.add_argument("manifest")
    c.add_argument("values", nargs="+", metavar="VALUE")
    args = parser.parse_args(argv)
    path = args.certificate if args.action == "verify" else args.manifest
    try:
        data = load(path)
    except (OSError, ValueError) as e:
        print(f"无法读取 {path}:{e}", file=sys.stderr)
        return 1
    if args.action == "certify":
        try:
            cert = certify(data, args.values)
        except DrawError as e:
            print(f"无法生成证书:{e}", file=sys.stderr)
            return 1
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):  # the exact bytes, whatever the terminal's encoding
            sys.stdout.buffer.write(canonical(cert) + b"\n")
        else:
            sys.stdout.write(canonical(cert).decode("utf-8") + "\n")
        sys.stdout.flush()
        return 0
    diffs = verify(data, published_commitment=args.commitment)
    if not diffs:
        print(summary(data))
        return 0
    more = f"(另有 {len(diffs) - 1} 处不同)" if len(diffs) > 1 else ""
    print(f"校验失败:{diffs[0]}{more}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
