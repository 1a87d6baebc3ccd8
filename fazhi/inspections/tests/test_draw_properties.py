"""Properties of ``fazhi-draw/1`` over random rosters and populations (hypothesis)."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.inspections import draw

SETTINGS = settings(max_examples=100, deadline=None, database=None)
ID_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY津"
RATIOS = ["0", "0.1", "0.25", "0.35", "0.5", "1", "0.333", "1.5"]
KEYS = ["judicial_appraisal", "law_firm", "law_firm/high", "notary"]
seeds = st.binary(min_size=32, max_size=32).map(bytes.hex)
id_sets = st.sets(st.text(ID_CHARS, min_size=1, max_size=6), max_size=60)


@st.composite
def manifests(draw_):
    ids = sorted(draw_(id_sets))
    keys = KEYS[: draw_(st.integers(1, len(KEYS)))]
    home = [draw_(st.sampled_from(keys)) for _ in ids]
    strata = [{"key": k, "ratio": draw_(st.sampled_from(RATIOS)), "min": draw_(st.integers(0, 4)),
               "max": draw_(st.none() | st.integers(0, 12)), "population": [x for x, h in zip(ids, home) if h == k]}
              for k in keys]
    officers = sorted(draw_(st.sets(st.integers(1, 40), max_size=9)))
    inspectors = [{"id": f"TJ-SF-{n:04d}", "strata": draw_(st.lists(st.sampled_from(KEYS + ["law_firm/x"]),
                                                                       max_size=3, unique=True))}
                  for n in officers]
    pairs = [(i["id"], x) for i in inspectors for x in ids]
    conflicts = sorted({(i, x, draw_(st.sampled_from(["prior_inspection", "relative"])))
                        for i, x in draw_(st.lists(st.sampled_from(pairs), max_size=25))} if pairs else set())
    attempt = draw_(st.integers(1, 3))
    sources = [{"name": f"s{k}", "description": "public"} for k in range(draw_(st.integers(1, 3)))]
    manifest = {
        "algorithm": "fazhi-draw/1", "plan": "P", "attempt": attempt,
        "previous_commitments": [f"{k:064x}" for k in range(attempt - 1)],
        "strata": strata, "team_size": draw_(st.integers(1, 3)),
        "max_per_inspector": draw_(st.none() | st.integers(0, 4)), "inspectors": inspectors,
        "conflicts": [list(row) for row in conflicts], "seed_sources": sources,
    }
    values = [draw_(st.text(max_size=8)) for _ in sources]
    return manifest, values


@SETTINGS
@given(manifests())
def test_teams_respect_conflicts_caps_and_qualifications(case):
    manifest, values = case
    cert = draw.certify(manifest, values)
    assert draw.verify(cert) == []
    conflicted = {(i, t) for i, t, _ in manifest["conflicts"]}
    qualified = {ins["id"]: set(ins["strata"]) for ins in manifest["inspectors"]}
    cap, size = manifest["max_per_inspector"], manifest["team_size"]
    load = dict.fromkeys(qualified, 0)
    walked = [(s["key"], e["id"]) for s in cert["strata"] for e in s["selected"]]
    assert [(a["stratum"], a["target"]) for a in cert["assignments"]] == walked
    for a in cert["assignments"]:
        eligible = [i for i in qualified if a["stratum"] in qualified[i] and (i, a["target"]) not in conflicted
                    and (cap is None or load[i] < cap)]
        people = a["team"] + a["alternates"]
        assert len(set(people)) == len(people)  # distinct, alternates not on the team
        assert set(people) <= set(eligible)  # qualified, not conflicted, under the cap
        if len(eligible) < size:
            assert a["team"] == [] and a["alternates"] == []  # unassigned
        else:
            assert len(a["team"]) == size and len(a["alternates"]) == min(2, len(eligible) - size)
        for i in a["team"]:
            load[i] += 1
    assert cap is None or all(n <= cap for n in load.values())


@SETTINGS
@given(id_sets, st.data(), seeds, st.integers(0, 70))
def test_consistent_sampling(ids, data, seed, k):
    """For a fixed count k, a sub-population's k ids are the first k of the full ticket order in it (§4)."""
    population = sorted(ids)
    sub = [x for x in population if data.draw(st.booleans())]
    full = draw.select(seed, {"population": population, "ratio": "0", "min": len(population), "max": None})
    assert sorted(x for x, _ in full) == population
    picked = draw.select(seed, {"population": sub, "ratio": "0", "min": k, "max": k})
    assert [x for x, _ in picked] == [x for x, _ in full if x in set(sub)][:k]
    tickets = [t for _, t in full]
    assert tickets == sorted(tickets)


@SETTINGS
@given(st.integers(0, 10**7), st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,40})?", fullmatch=True),
       st.integers(0, 10**7), st.none() | st.integers(0, 10**7))
def test_stratum_size_is_exact(N, ratio, lo, hi):
    n = max(math.ceil(Fraction(ratio) * N), lo)
    n = min(n, N) if hi is None else min(n, hi, N)
    assert draw.stratum_size(N, ratio, lo, hi) == n
