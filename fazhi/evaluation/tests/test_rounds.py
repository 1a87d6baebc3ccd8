"""Rounds: create, commit, reveal, draw with ``fazhi-draw/1`` (the certificate verifies), 互评互查 (no reviewer
ever gets a file of their own district), workloads within the cap, second reviews on the share, and the
refusals."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from fazhi.core.models import AuditEvent
from fazhi.evaluation.models import EvaluationFile, Review, RoundStatus
from fazhi.evaluation.services import rounds as svc
from fazhi.evaluation.tests import factories as f
from fazhi.inspections import draw

HEXI, NANKAI, HEPING, BINHAI = "120103", "120104", "120101", "120116"


@pytest.fixture
def witness(make_user, city_org):
    return make_user("leader", city_org, full_name="见证人")


def _own(review: Review) -> str | None:
    org = review.reviewer.organization
    return org.district.code if org.district_id else None


# ---------------------------------------------------------------- the draw

@pytest.mark.django_db
def test_commit_reveal_draw_keeps_a_certificate_that_verifies(admin, witness, make_user):
    f.cases({HEXI: 3, NANKAI: 2, None: 1})
    f.closed_case(HEPING, 9, closed_on=dt.date(2024, 10, 2))  # closed after the period: not in the population
    f.closed_case(HEPING, 8, status="served")  # not closed
    reviewers = [f.reviewer(make_user, HEXI), f.reviewer(make_user, NANKAI), f.reviewer(make_user, None)]
    rnd = f.committed(admin, reviewers)
    assert rnd.status == RoundStatus.COMMITTED and rnd.commitment == draw.commitment(rnd.manifest)
    strata = {s["key"]: s for s in rnd.manifest["strata"]}
    assert list(strata) == ["120000", HEXI, NANKAI]  # one stratum per district with closed cases, key order
    assert strata[HEXI]["population"] == sorted(f"津{HEXI}罚〔2024〕{n}号" for n in (1, 2, 3))
    assert (strata[HEXI]["ratio"], strata[HEXI]["min"], strata[HEXI]["max"]) == ("0", 2, 2)
    ids = [i["id"] for i in rnd.manifest["inspectors"]]
    assert ids == sorted(u.username for u in reviewers)
    by_id = {i["id"]: i["strata"] for i in rnd.manifest["inspectors"]}
    assert by_id[reviewers[0].username] == ["120000", NANKAI] and by_id[reviewers[2].username] == list(strata)
    assert rnd.manifest["team_size"] == 1 and rnd.manifest["plan"] == rnd.code and rnd.manifest["attempt"] == 1

    rnd = f.reveal(admin, witness, rnd)
    rnd = svc.round_draw(actor=admin, round=rnd)
    assert rnd.status == RoundStatus.REVIEWING
    assert draw.verify(rnd.certificate, rnd.commitment) == []
    assert rnd.certificate["seed_values"] == f.SEED_VALUES
    files = list(rnd.files.select_related("case", "district"))
    assert Counter(x.district.code if x.district else None for x in files) == {HEXI: 2, NANKAI: 2, None: 1}
    selected = {s["id"]: s["ticket"] for st_ in rnd.certificate["strata"] for s in st_["selected"]}
    assert {x.case.number: x.ticket for x in files} == selected
    teams = {a["target"]: a["team"] for a in rnd.certificate["assignments"]}
    for review in Review.objects.filter(file__round=rnd).select_related("file__case", "reviewer"):
        assert teams[review.file.case.number][review.position - 1] == review.reviewer.username
    assert all(isinstance(x.prechecks, list) for x in files)
    assert AuditEvent.objects.filter(action="evaluation_file.create").count() == 5


@pytest.mark.django_db
def test_a_ratio_draws_ceil_of_the_share_per_district(admin, witness, make_user):
    f.cases({HEXI: 5, NANKAI: 1})
    rnd = f.drawn(admin, witness, [f.reviewer(make_user, None)], per_district_count="", per_district_ratio="0.3")
    assert Counter(x.district.code for x in rnd.files.select_related("district")) == {HEXI: 2, NANKAI: 1}


POOLS = [
    (HEXI, NANKAI),  # two districts: each reviews the other's files
    (HEXI, NANKAI, HEPING, None),
    (HEXI, HEXI, NANKAI, BINHAI),
    (None, HEXI, HEPING),
]


@pytest.mark.django_db
@pytest.mark.parametrize("pool", POOLS)
@pytest.mark.parametrize("share", ["0", "0.5"])
def test_no_reviewer_gets_a_file_of_their_own_district(admin, witness, make_user, pool, share):
    f.cases({HEXI: 3, NANKAI: 3, HEPING: 2, None: 1})
    reviewers = [f.reviewer(make_user, code) for code in pool]
    if share != "0" and len(pool) == 2:
        with pytest.raises(ValidationFailed, match="没有足够的评查人员"):
            f.committed(admin, reviewers, second_share=share)
        return
    rnd = f.drawn(admin, witness, reviewers, second_share=share)
    reviews = list(Review.objects.filter(file__round=rnd).select_related("file__district", "reviewer__organization__district"))
    assert reviews and all(_own(r) is None or _own(r) != (r.file.district.code if r.file.district else None)
                           for r in reviews)
    assert EvaluationFile.objects.filter(round=rnd, reviews__isnull=True).count() == 0


@given(
    strata=st.lists(st.sampled_from(["120000", HEXI, NANKAI, HEPING, BINHAI]), min_size=1, max_size=5, unique=True),
    pool=st.lists(st.sampled_from([None, HEXI, NANKAI, HEPING, BINHAI]), min_size=1, max_size=6),
    sizes=st.lists(st.integers(min_value=1, max_value=6), min_size=5, max_size=5),
    team_size=st.sampled_from([1, 2]),
    cap=st.sampled_from([None, 1, 2, 3]),
    seed_value=st.text(alphabet="0123456789", min_size=1, max_size=8),
)
@settings(max_examples=150, deadline=None)
def test_the_draw_never_gives_a_reviewer_their_own_district(strata, pool, sizes, team_size, cap, seed_value):
    """The manifest the round builds (``eligible_strata``) and the draw: whatever the pools, counts, caps and
    seeds, no team member's own district is the file's stratum."""
    keys = sorted(strata)
    users = sorted((f"r{k}", own) for k, own in enumerate(pool))
    manifest = {
        "algorithm": draw.ALGORITHM, "plan": "2024Q3", "attempt": 1, "previous_commitments": [],
        "strata": [{"key": key, "ratio": "0.5", "min": 1, "max": None,
                    "population": sorted(f"{key}-{n}" for n in range(sizes[k]))} for k, key in enumerate(keys)],
        "team_size": team_size, "max_per_inspector": cap,
        "inspectors": [{"id": uid, "strata": svc.eligible_strata(own, keys)} for uid, own in users],
        "conflicts": [], "seed_sources": [{"name": "lottery", "description": "福彩3D"}],
    }
    own = dict(users)
    cert = draw.certify(manifest, [seed_value])
    load = Counter()
    for a in cert["assignments"]:
        for uid in a["team"]:
            assert own[uid] != a["stratum"]
            load[uid] += 1
        assert len(a["team"]) in (0, team_size)
    assert cap is None or max(load.values(), default=0) <= cap


@pytest.mark.django_db
def test_workloads_stay_within_the_cap(admin, witness, make_user):
    f.cases({HEXI: 4, NANKAI: 4, HEPING: 4})
    reviewers = [f.reviewer(make_user, code, username=f"cap-{k}") for k, code in enumerate((HEXI, NANKAI, HEPING, None, None))]
    with pytest.raises(ValidationFailed, match="请调高至至少 3 件"):  # 9 files, 5 reviewers: 2 each might strand one
        f.committed(admin, reviewers, per_district_count="3", max_per_reviewer="2")
    rnd = f.drawn(admin, witness, reviewers, per_district_count="3", max_per_reviewer="3")
    load = Counter(Review.objects.filter(file__round=rnd).values_list("reviewer__username", flat=True))
    assert sum(load.values()) == 9 and max(load.values()) <= 3
    assert rnd.manifest["max_per_inspector"] == 3


@pytest.mark.django_db
def test_a_cap_too_small_for_the_files_is_refused(admin, make_user):
    f.cases({HEXI: 4, NANKAI: 4})
    reviewers = [f.reviewer(make_user, HEXI), f.reviewer(make_user, NANKAI)]
    with pytest.raises(ValidationFailed, match="每人最多 2 件时.*请调高至至少 3 件"):
        f.committed(admin, reviewers, per_district_count="3", max_per_reviewer="2")


def test_short_strata_is_safe_for_every_seed():
    """Whenever ``short_strata`` finds nothing, the draw gives every selected file a full team."""
    @given(sizes=st.lists(st.integers(min_value=0, max_value=5), min_size=3, max_size=3),
           pool=st.lists(st.sampled_from([None, HEXI, NANKAI, HEPING]), min_size=1, max_size=6),
           team=st.sampled_from([1, 2]), cap=st.sampled_from([None, 1, 2, 3, 4]),
           seed=st.text(alphabet="0123456789", min_size=1, max_size=6))
    @settings(max_examples=200, deadline=None)
    def check(sizes, pool, team, cap, seed):
        keys = [HEPING, HEXI, NANKAI]
        manifest = {
            "algorithm": draw.ALGORITHM, "plan": "P", "attempt": 1, "previous_commitments": [],
            "strata": [{"key": k, "ratio": "1", "min": 0, "max": None, "population": [f"{k}-{n}" for n in range(size)]}
                       for k, size in zip(keys, sizes)],
            "team_size": team, "max_per_inspector": cap, "conflicts": [],
            "inspectors": [{"id": f"r{k}", "strata": svc.eligible_strata(own, keys)} for k, own in enumerate(pool)],
            "seed_sources": [{"name": "s", "description": "d"}],
        }
        if not svc.short_strata(manifest, cap):
            assert all(len(a["team"]) == team for a in draw.certify(manifest, [seed])["assignments"])

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("share,per_district", [("0.5", 2), ("0.34", 3), ("1", 2)])
def test_second_reviews_go_to_the_first_files_in_ticket_order(admin, witness, make_user, share, per_district):
    f.cases({HEXI: 4, NANKAI: 4})
    reviewers = [f.reviewer(make_user, code) for code in (HEXI, NANKAI, None, None)]
    rnd = f.drawn(admin, witness, reviewers, second_share=share, per_district_count=str(per_district))
    assert rnd.manifest["team_size"] == 2
    expected = math.ceil(float(share) * per_district)
    for stratum in rnd.certificate["strata"]:
        numbers = [s["id"] for s in stratum["selected"]]  # ticket order
        files = {x.case.number: x for x in EvaluationFile.objects.filter(round=rnd, case__number__in=numbers)
                 .select_related("case")}
        assert [files[n].second_review for n in numbers] == [k < expected for k in range(len(numbers))]
        for n in numbers:
            reviews = list(files[n].reviews.order_by("position"))
            assert [r.position for r in reviews] == ([1, 2] if files[n].second_review else [1])
            assert len({r.reviewer_id for r in reviews}) == len(reviews)


# ---------------------------------------------------------------- refusals

@pytest.mark.django_db
def test_an_empty_population_is_refused(admin, make_user):
    f.closed_case(HEXI, 1, closed_on=dt.date(2024, 6, 30))
    with pytest.raises(ValidationFailed, match="没有已结案或已归档的案件"):
        f.committed(admin, [f.reviewer(make_user, None)])


@pytest.mark.django_db
def test_a_district_without_an_eligible_reviewer_is_refused(admin, make_user):
    f.cases({HEXI: 2, NANKAI: 1})
    with pytest.raises(ValidationFailed, match="河西区的案卷没有足够的评查人员") as exc:
        f.committed(admin, [f.reviewer(make_user, HEXI)])
    assert "南开区" not in str(exc.value)


@pytest.mark.django_db
def test_a_period_not_yet_over_is_refused(admin, make_user):
    f.cases({HEXI: 1})
    rnd = svc.round_create(actor=admin, data=f.round_data([f.reviewer(make_user, None)]))
    with pytest.raises(ValidationFailed, match="评查期间尚未结束"):
        svc.round_commit(actor=admin, round=rnd, on=f.PERIOD[1])


@pytest.mark.django_db
@pytest.mark.parametrize("overrides,field", [
    ({"per_district_count": "", "per_district_ratio": ""}, "每区抽取件数"),
    ({"per_district_count": "2", "per_district_ratio": "0.1"}, "每区抽取件数"),
    ({"per_district_count": "", "per_district_ratio": "0"}, "每区抽取比例"),
    ({"second_share": "1.5"}, "双人评查比例"),
    ({"seed_sources": []}, "种子来源"),
    ({"reviewer_ids": []}, "评查人员"),
    ({"code": "2024 Q3"}, "编号"),
    ({"period_start": "2024-10-01"}, "结案日期止"),
])
def test_create_refuses_bad_values_naming_the_field(admin, make_user, overrides, field):
    with pytest.raises(ValidationFailed) as exc:
        svc.round_create(actor=admin, data=f.round_data([f.reviewer(make_user, None)], **overrides))
    assert field in [p.field for p in exc.value.problems]


@pytest.mark.django_db
def test_only_a_city_manager_creates_and_a_reviewer_must_hold_the_capability(admin, make_user, district_org):
    with pytest.raises(PermissionDenied):
        svc.round_create(actor=make_user("district_admin", district_org), data=f.round_data([admin]))
    with pytest.raises(ValidationFailed, match="不是在岗的评查人员"):
        svc.round_create(actor=admin, data=f.round_data([make_user("officer")]))
    rnd = svc.round_create(actor=admin, data=f.round_data([f.reviewer(make_user, None)]))
    assert rnd.rubric_version == "2024.1" and rnd.status == RoundStatus.DRAFT


@pytest.mark.django_db
def test_update_while_draft_only(admin, make_user):
    f.cases({HEXI: 1})
    rnd = svc.round_create(actor=admin, data=f.round_data([f.reviewer(make_user, None)]))
    rnd = svc.round_update(actor=admin, round=rnd, data={"title": "2024年第三季度专项评查", "blind": False})
    assert (rnd.title, rnd.blind) == ("2024年第三季度专项评查", False)
    assert AuditEvent.objects.filter(action="evaluation_round.update").count() == 1
    svc.round_commit(actor=admin, round=rnd, on=f.COMMIT_ON)
    with pytest.raises(InvalidTransition):
        svc.round_update(actor=admin, round=rnd, data={"title": "改"})


@pytest.mark.django_db
def test_seed_values_in_order_by_two_people_then_the_draw(admin, witness, make_user, district_org):
    f.cases({HEXI: 1})
    rnd = f.committed(admin, [f.reviewer(make_user, None)])
    with pytest.raises(InvalidTransition, match="尚未录入种子值"):
        svc.round_draw(actor=admin, round=rnd)
    with pytest.raises(ValidationFailed, match="请按公布的顺序录入"):
        svc.round_reveal(actor=admin, round=rnd, index=1, value="207")
    with pytest.raises(PermissionDenied):
        svc.round_reveal(actor=make_user("district_admin", district_org), round=rnd, index=0, value="1")
    rnd = svc.round_reveal(actor=admin, round=rnd, index=0, value=f.SEED_VALUES[0])
    with pytest.raises(ValidationFailed, match="已经录入"):
        svc.round_reveal(actor=witness, round=rnd, index=0, value="2")
    with pytest.raises(ValidationFailed, match="不能由同一人录入"):
        svc.round_reveal(actor=admin, round=rnd, index=1, value="207")
    with pytest.raises(ValidationFailed, match="首尾不能有空格"):
        svc.round_reveal(actor=witness, round=rnd, index=1, value=" 207")
    rnd = svc.round_reveal(actor=witness, round=rnd, index=1, value="207")
    assert rnd.seed_values == f.SEED_VALUES
    rnd = svc.round_draw(actor=admin, round=rnd)
    with pytest.raises(InvalidTransition):
        svc.round_draw(actor=admin, round=rnd)
    with pytest.raises(InvalidTransition):
        svc.round_reveal(actor=admin, round=rnd, index=0, value="1")
