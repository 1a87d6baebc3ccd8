"""Benchmark: the verifiable draw ``fazhi-draw/1`` at scale, against the ``consistent-sampler`` package.

    .venv/bin/python bench/draw.py [--ids 1000000] [--officers 300] [--ratio 0.05] [--skip-sampler]

Builds N synthetic 统一社会信用代码 (valid check characters) in 4 strata, 300 officers qualified for 1–3
strata each, a few thousand recusals, then times: target selection over every stratum, the whole
``certify`` (validation, commitment, seed, targets, teams) and ``verify``; then
``consistent_sampler.sampler`` on the same ids with the same sample size per stratum. Prints the ratio
of the selection times and the peak memory (RSS). Targets (issue): selection ≥ 4× faster than
consistent-sampler; certify ≤ 10 s and verify ≤ 10 s on a 2-core machine. Record results in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fazhi.core.identifiers import make_uscc  # noqa: E402 (pure module, no Django)
from fazhi.inspections import draw  # noqa: E402

# stratum key, GB 32100 organisation type (3 = 司法行政), share of the population
STRATA = [("law_firm", "1", 0.40), ("notary", "2", 0.10), ("grassroots_legal_service", "3", 0.20),
          ("judicial_appraisal", "4", 0.30)]


def build_manifest(total: int, officers: int, ratio: str, rng: random.Random) -> dict:
    strata, start = [], 0
    for key, kind, share in STRATA:
        size = round(total * share) if key != STRATA[-1][0] else total - start
        population = sorted(make_uscc(f"3{kind}{120101 + k % 16:06d}M{k:08d}") for k in range(start, start + size))
        strata.append({"key": key, "ratio": ratio, "min": 1, "max": None, "population": population})
        start += size
    keys = [s["key"] for s in strata]
    inspectors = [{"id": f"TJ-SF-{n:04d}", "strata": sorted(rng.sample(keys, rng.randint(1, 3)))}
                  for n in range(1, officers + 1)]
    everyone = [x for s in strata for x in s["population"]]
    conflicts = sorted({(i["id"], rng.choice(everyone), rng.choice(["prior_inspection", "relative"]))
                        for i in rng.choices(inspectors, k=4000)})
    return {
        "algorithm": draw.ALGORITHM, "plan": "BENCH-2024-01", "attempt": 1, "previous_commitments": [],
        "strata": strata, "team_size": 2, "max_per_inspector": 600, "inspectors": inspectors,
        "conflicts": [list(row) for row in conflicts],
        "seed_sources": [{"name": "witness_dice", "description": "30 dice faces"},
                         {"name": "lottery", "description": "福彩3D digits"}],
    }


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:8.2f} s")
    return result, seconds


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ids", type=int, default=1_000_000)
    parser.add_argument("--officers", type=int, default=300)
    parser.add_argument("--ratio", default="0.05")
    parser.add_argument("--skip-sampler", action="store_true")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    manifest, _ = timed(f"build {args.ids:,} ids, {args.officers} officers", lambda: build_manifest(
        args.ids, args.officers, args.ratio, random.Random(2024)))
    values = ["425136624151326245163142536615", "507"]
    seed = draw.seed(draw.commitment(manifest), values)
    sizes = [draw.stratum_size(len(s["population"]), s["ratio"], s["min"], s["max"]) for s in manifest["strata"]]
    print(f"strata {[len(s['population']) for s in manifest['strata']]} → n {sizes} (Σ {sum(sizes):,}); "
          f"{len(manifest['conflicts']):,} conflicts")
    ours, select_s = timed("fazhi-draw/1: target selection (all strata)",
                           lambda: [draw.select(seed, s) for s in manifest["strata"]])
    cert, certify_s = timed("fazhi-draw/1: certify (whole)", lambda: draw.certify(manifest, values))
    assert [[x for x, _ in sel] for sel in ours] == [[e["id"] for e in s["selected"]] for s in cert["strata"]]
    diffs, verify_s = timed("fazhi-draw/1: verify (whole)", lambda: draw.verify(cert))
    assert diffs == [], diffs[:3]
    unassigned = sum(1 for a in cert["assignments"] if not a["team"])
    print(f"assignments {len(cert['assignments']):,} ({unassigned:,} unassigned); "
          f"peak RSS so far {peak_mib():.0f} MiB")
    if args.skip_sampler:
        return
    from consistent_sampler import sampler

    theirs, theirs_s = timed("consistent-sampler: same ids and sizes", lambda: [
        list(sampler(s["population"], seed=seed, take=n, output="id")) for s, n in zip(manifest["strata"], sizes)])
    assert [len(t) for t in theirs] == sizes
    print(f"selection speed-up over consistent-sampler: {theirs_s / select_s:.1f}× (target ≥ 4×)")
    print(f"certify {certify_s:.2f} s, verify {verify_s:.2f} s (target ≤ 10 s each); "
          f"peak RSS {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
