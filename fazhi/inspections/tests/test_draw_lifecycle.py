"""The draw lifecycle: DRAFT → COMMITTED → REVEALED → DRAWN → tasks; cancelling; conflicts; and
that no service deletes or overwrites a committed attempt."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError

from fazhi.core.errors import DomainError, InvalidTransition, PermissionDenied, ValidationFailed
from fazhi.inspections import draw
from fazhi.inspections.models import DrawAttempt, InspectionTask, OfficerRelationship, SeedReveal
from fazhi.inspections.models.tasks import MemberRole
from fazhi.inspections.services import draws as svc
from fazhi.inspections.services import plans as plan_svc
from fazhi.inspections.tests import factories as f
from fazhi.inspections.workflow import AttemptStatus
from fazhi.institutions.importers import PractitionerSpec
from fazhi.institutions.services import practitioner_create
from fazhi.institutions.tests.factories import practitioner_row
from fazhi.officers.services import officer_change_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def witness(make_user, city_org):
    return make_user("legal_reviewer", city_org, full_name="见证人")


@pytest.fixture
def roster(admin):
    """Eight appraisal institutions in 河西区 and 南开区, four notaries, five city officers."""
    return {
        "appraisal": f.firms(admin, 5, **{"所在区": "河西区"}) + f.firms(admin, 3, **{"所在区": "南开区"}),
        "notary": f.firms(admin, 4, kind="公证机构", **{"所在区": "南开区"}),
        "officers": f.officers(admin, 5),
    }


STRATA = [{"key": "appraisal", "ratio": "0.3500", "min_count": "2"},
          {"key": "notary", "label": "公证机构", "field": "notary", "ratio": "0.5", "min_count": "1"}]


def test_happy_path_to_drawn_with_tasks(admin, witness, roster):
    plan = f.active_plan(admin, strata=STRATA)
    attempt = f.attempt(admin, plan)
    assert attempt.attempt == 1 and attempt.status == AttemptStatus.DRAFT.value

    svc.attempt_commit(actor=admin, attempt=attempt)
    attempt.refresh_from_db()
    m = attempt.manifest
    assert attempt.status == "committed" and attempt.commitment == draw.commitment(m)
    assert m["plan"] == plan.code and m["attempt"] == 1 and m["previous_commitments"] == []
    assert [(s["key"], s["ratio"], s["min"], s["max"]) for s in m["strata"]] == [
        ("appraisal", "0.35", 2, None), ("notary", "0.5", 1, None)]
    assert m["strata"][0]["population"] == sorted(i.uscc for i in roster["appraisal"])
    assert m["strata"][1]["population"] == sorted(i.uscc for i in roster["notary"])
    assert [i["id"] for i in m["inspectors"]] == sorted(o.credential_no for o in roster["officers"])
    assert all(i["strata"] == ["appraisal", "notary"] for i in m["inspectors"])
    assert m["team_size"] == 2 and m["max_per_inspector"] is None and m["conflicts"] == []
    assert m["seed_sources"] == f.SEED_SOURCES

    f.reveal_all(admin, witness, attempt)
    assert attempt.status == "revealed"
    svc.attempt_draw(actor=admin, attempt=attempt)
    attempt.refresh_from_db()
    cert = attempt.certificate
    assert attempt.status == "drawn" and attempt.seed == cert["seed"] and draw.verify(cert) == []
    assert cert == draw.certify(m, f.SEED_VALUES)
    assert [(s["N"], s["n"]) for s in cert["strata"]] == [(8, 3), (4, 2)]

    tasks = list(InspectionTask.objects.filter(attempt=attempt).prefetch_related("members__officer"))
    assert len(tasks) == 5
    by_target = {a["target"]: a for a in cert["assignments"]}
    for task in tasks:
        a = by_target[task.institution.uscc]
        assert task.plan == plan and task.district_id == task.institution.district_id
        assert task.stratum_key == a["stratum"] and task.status == "assigned"
        members = sorted(task.members.all(), key=lambda mb: (mb.role != "leader", mb.role, mb.position))
        team = [mb.officer.credential_no for mb in members if mb.role in (MemberRole.LEADER, MemberRole.MEMBER)]
        assert team == a["team"] and members[0].role == MemberRole.LEADER
        assert [mb.officer.credential_no for mb in members if mb.role == MemberRole.ALTERNATE] == a["alternates"]


def test_targets_without_enough_inspectors_are_unassigned(admin, witness):
    f.firms(admin, 2)
    f.officer(admin)  # one qualified officer: no team of two
    f.officer(admin, fields="律师")
    plan = f.active_plan(admin, strata=[{"ratio": "1"}])
    attempt = f.drawn(admin, witness, f.attempt(admin, plan))
    tasks = InspectionTask.objects.filter(attempt=attempt)
    assert {t.status for t in tasks} == {"unassigned"} and not any(t.members.exists() for t in tasks)


def test_reveal_by_one_user_only_is_refused(admin, witness, roster):
    attempt = f.attempt(admin, f.active_plan(admin, strata=STRATA))
    svc.attempt_commit(actor=admin, attempt=attempt)
    svc.attempt_reveal(actor=admin, attempt=attempt, source_index=0, value="123456")
    with pytest.raises(ValidationFailed) as exc:
        svc.attempt_reveal(actor=admin, attempt=attempt, source_index=1, value="207")
    assert "同一人" in exc.value.message
    with pytest.raises(ValidationFailed, match="已经录入"):
        svc.attempt_reveal(actor=witness, attempt=attempt, source_index=0, value="999")
    with pytest.raises(ValidationFailed, match="首尾不能有空格"):
        svc.attempt_reveal(actor=witness, attempt=attempt, source_index=1, value=" 207")
    attempt.refresh_from_db()
    assert attempt.status == "committed" and attempt.reveals.count() == 1
    svc.attempt_reveal(actor=witness, attempt=attempt, source_index=1, value="207")
    attempt.refresh_from_db()
    assert attempt.status == "revealed"


def test_officer_may_not_commit_and_reader_may_not_reveal(admin, make_user, city_org, roster):
    attempt = f.attempt(admin, f.active_plan(admin, strata=STRATA))
    with pytest.raises(PermissionDenied):
        svc.attempt_commit(actor=make_user("officer", city_org), attempt=attempt)
    svc.attempt_commit(actor=admin, attempt=attempt)
    with pytest.raises(PermissionDenied):
        svc.attempt_reveal(actor=make_user("evaluator", city_org), attempt=attempt, source_index=0, value="1")


# ---------------------------------------------------------------- transitions

ACTIONS = ["commit", "reveal", "draw", "cancel"]
STATUSES = [s.value for s in AttemptStatus]
ALLOWED = {("commit", "draft"), ("reveal", "committed"), ("draw", "revealed"), ("cancel", "committed"),
           ("cancel", "revealed")}


def _attempt_in(status, admin, witness):
    attempt = f.attempt(admin, f.active_plan(admin, strata=[{"ratio": "0.5"}]))
    if status == "draft":
        return attempt
    svc.attempt_commit(actor=admin, attempt=attempt)
    if status == "cancelled":
        svc.attempt_cancel(actor=admin, attempt=attempt, reason="测试作废")
    elif status in ("revealed", "drawn"):
        f.reveal_all(admin, witness, attempt)
        if status == "drawn":
            svc.attempt_draw(actor=admin, attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == status
    return attempt


def _act(action, actor, attempt):
    if action == "commit":
        return svc.attempt_commit(actor=actor, attempt=attempt)
    if action == "reveal":
        return svc.attempt_reveal(actor=actor, attempt=attempt, source_index=1, value="207")
    if action == "draw":
        return svc.attempt_draw(actor=actor, attempt=attempt)
    return svc.attempt_cancel(actor=actor, attempt=attempt, reason="重新抽取")


@pytest.mark.parametrize(("action", "status"), [(a, s) for a in ACTIONS for s in STATUSES if (a, s) not in ALLOWED])
def test_disallowed_transitions_are_refused(action, status, admin, witness, roster):
    attempt = _attempt_in(status, admin, witness)
    before = DrawAttempt.objects.values().get(pk=attempt.pk)
    with pytest.raises(InvalidTransition):
        _act(action, witness if action == "reveal" else admin, attempt)
    assert DrawAttempt.objects.values().get(pk=attempt.pk) == before


def test_cancel_needs_a_reason_and_opens_attempt_two_listing_the_first(admin, witness, roster):
    plan = f.active_plan(admin, strata=STRATA)
    first = f.attempt(admin, plan)
    svc.attempt_commit(actor=admin, attempt=first)
    for reason in ("", "   ", None):
        with pytest.raises(ValidationFailed, match="理由"):
            svc.attempt_cancel(actor=admin, attempt=first, reason=reason)
    first.refresh_from_db()
    assert first.status == "committed"

    second = svc.attempt_cancel(actor=admin, attempt=first, reason="福彩开奖日期有误,重新公布种子来源")
    first.refresh_from_db()
    assert first.status == "cancelled" and first.cancel_reason.startswith("福彩") and first.cancelled_by == admin
    assert (second.attempt, second.status) == (2, "draft")
    assert second.inspection_date == first.inspection_date and second.seed_sources == first.seed_sources
    svc.attempt_commit(actor=admin, attempt=second)
    second.refresh_from_db()
    assert second.manifest["previous_commitments"] == [first.commitment]
    assert second.manifest["attempt"] == 2 and second.commitment != first.commitment
    f.reveal_all(admin, witness, second)
    cert = svc.attempt_draw(actor=admin, attempt=second).certificate
    assert draw.verify(cert) == [] and cert["manifest"]["previous_commitments"] == [first.commitment]
    assert DrawAttempt.objects.filter(plan=plan).count() == 2  # the cancelled attempt stays


def test_only_one_attempt_in_progress(admin, roster):
    plan = f.active_plan(admin, strata=STRATA)
    f.attempt(admin, plan)
    with pytest.raises(InvalidTransition, match="第 1 次抽取"):
        f.attempt(admin, plan)


def test_attempt_needs_two_seed_sources_and_a_date_in_the_window(admin, roster):
    plan = f.active_plan(admin, strata=STRATA)
    with pytest.raises(ValidationFailed) as exc:
        svc.attempt_create(actor=admin, plan=plan, inspection_date="2025-01-01", seed_sources=f.SEED_SOURCES[:1])
    fields = {p.field for p in exc.value.problems}
    assert fields == {"检查人员资格核验日期", "种子来源"}


# ---------------------------------------------------------------- conflicts and eligibility

def _team_members(attempt):
    pairs = set()
    for task in InspectionTask.objects.filter(attempt=attempt).prefetch_related("members__officer"):
        for m in task.members.all():
            if m.role != MemberRole.ALTERNATE:
                pairs.add((m.officer.credential_no, task.institution.uscc))
    return pairs


def test_declared_relationships_and_former_employers_are_conflicts(admin, witness):
    targets = f.firms(admin, 3)
    a, b, c, d = f.officers(admin, 4)  # noqa: E741
    row = practitioner_row(targets[2].uscc, **{"类别": "司法鉴定人"})
    appraiser = practitioner_create(actor=admin, data={c.attr: row[c.header] for c in PractitionerSpec.columns
                                                       if c.header in row})
    OfficerRelationship.objects.create(officer=a, institution=targets[0], kind="relative", note="配偶任职")
    OfficerRelationship.objects.create(officer=b, institution=targets[1], kind="former_employer")
    OfficerRelationship.objects.create(officer=c, practitioner=appraiser, kind="interest")
    OfficerRelationship.objects.create(officer=d, institution=targets[1], kind="relative",
                                       valid_until="2024-01-31")  # ended before the inspection date
    attempt = f.drawn(admin, witness, f.attempt(admin, f.active_plan(admin, strata=[{"ratio": "1"}])))
    conflicts = attempt.manifest["conflicts"]
    assert conflicts == sorted([[a.credential_no, targets[0].uscc, "relationship"],
                                [b.credential_no, targets[1].uscc, "former_employer"],
                                [c.credential_no, targets[2].uscc, "relationship"]])
    assert not {(i, t) for i, t, _ in conflicts} & _team_members(attempt)


def test_prior_inspection_is_a_conflict(admin, witness):
    targets = f.firms(admin, 3)
    f.officers(admin, 5)
    last_year = f.active_plan(admin, strata=[{"ratio": "1"}], code="2023-TJ-SJ-01", year="2023",
                              window_start="2023-05-01", window_end="2023-11-30")
    earlier = f.drawn(admin, witness, f.attempt(admin, last_year))
    prior = _team_members(earlier)
    assert len(prior) == 6
    attempt = f.drawn(admin, witness, f.attempt(admin, f.active_plan(admin, strata=[{"ratio": "1"}])))
    conflicts = attempt.manifest["conflicts"]
    assert conflicts == sorted([i, t, "prior_inspection"] for i, t in prior)
    assert not prior & _team_members(attempt)
    assert {t.uscc for t in targets} == {t for _, t in _team_members(attempt)}


def test_own_district_is_a_conflict_when_the_plan_says_so(admin, witness):
    hexi_targets = f.firms(admin, 2, **{"所在区": "河西区"})
    nankai_target = f.firms(admin, 1, **{"所在区": "南开区"})[0]
    hexi_officers = f.officers(admin, 2, unit=f.HEXI_UNIT)
    f.officers(admin, 2)  # city officers: no district
    plan = f.active_plan(admin, strata=[{"ratio": "1"}], exclude_own_district="是")
    attempt = f.drawn(admin, witness, f.attempt(admin, plan))
    assert attempt.manifest["conflicts"] == sorted(
        [o.credential_no, t.uscc, "own_district"] for o in hexi_officers for t in hexi_targets)
    teams = _team_members(attempt)
    assert not {(o.credential_no, t.uscc) for o in hexi_officers for t in hexi_targets} & teams
    assert any(t == nankai_target.uscc for _, t in teams)

    plain = f.active_plan(admin, strata=[{"ratio": "1"}])  # without the option: no such conflicts
    svc.attempt_commit(actor=admin, attempt=f.attempt(admin, plain))
    assert DrawAttempt.objects.get(plan=plain).manifest["conflicts"] == []


def test_only_officers_with_a_valid_credential_and_matching_field_are_inspectors(admin, witness):
    f.firms(admin, 2)
    valid = f.officers(admin, 2)
    expired = f.officer(admin, valid_to="2024-01-31")
    not_yet = f.officer(admin, valid_from="2024-09-01")
    lawyer_only = f.officer(admin, fields="律师")
    gone = f.officer(admin)
    officer_change_status(actor=admin, officer=gone, status="left", reason="调离")
    attempt = f.attempt(admin, f.active_plan(admin, strata=[{"ratio": "1"}]))
    svc.attempt_commit(actor=admin, attempt=attempt)
    attempt.refresh_from_db()
    ids = [i["id"] for i in attempt.manifest["inspectors"]]
    assert ids == sorted(o.credential_no for o in valid)
    for o in (expired, not_yet, lawyer_only, gone):
        assert o.credential_no not in ids


def test_district_plan_takes_its_district_only(make_user, admin, witness, district_org):
    hexi_admin = make_user("district_admin", district_org)
    hexi = f.firms(admin, 2, **{"所在区": "河西区"})
    f.firms(admin, 2, **{"所在区": "南开区"})
    hexi_officers = f.officers(admin, 2, unit=f.HEXI_UNIT)
    f.officers(admin, 2)
    plan = f.active_plan(hexi_admin, strata=[{"ratio": "1"}])
    assert plan.district == district_org.district
    attempt = f.attempt(hexi_admin, plan)
    svc.attempt_commit(actor=hexi_admin, attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.manifest["strata"][0]["population"] == sorted(i.uscc for i in hexi)
    assert [i["id"] for i in attempt.manifest["inspectors"]] == sorted(o.credential_no for o in hexi_officers)


def test_targets_at_the_yearly_cap_are_left_out(admin, witness):
    targets = f.firms(admin, 3)
    f.officers(admin, 3)
    first = f.drawn(admin, witness, f.attempt(admin, f.active_plan(admin, strata=[{"ratio": "0.1", "min_count": "1"}])))
    inspected = InspectionTask.objects.get(attempt=first).institution.uscc
    attempt = f.attempt(admin, f.active_plan(admin, strata=[{"ratio": "1"}]))
    svc.attempt_commit(actor=admin, attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.manifest["strata"][0]["population"] == sorted(t.uscc for t in targets if t.uscc != inspected)
    twice = f.attempt(admin, f.active_plan(admin, strata=[{"ratio": "1"}], yearly_cap_per_target="2"))
    svc.attempt_commit(actor=admin, attempt=twice)
    twice.refresh_from_db()
    assert len(twice.manifest["strata"][0]["population"]) == 3


# ---------------------------------------------------------------- nothing deleted or overwritten

FROZEN_VIEW = ("status", "manifest", "commitment", "committed_at", "committed_by_id", "seed", "certificate",
               "drawn_at", "inspection_date", "seed_sources", "attempt", "plan_id")


def _every_service(admin, witness, attempt):
    plan = attempt.plan
    calls = [
        lambda: svc.attempt_commit(actor=admin, attempt=attempt),
        lambda: svc.attempt_reveal(actor=witness, attempt=attempt, source_index=0, value="666"),
        lambda: svc.attempt_reveal(actor=witness, attempt=attempt, source_index=1, value="666"),
        lambda: svc.attempt_draw(actor=admin, attempt=attempt),
        lambda: svc.attempt_update(actor=admin, attempt=attempt, inspection_date="2024-07-01",
                                   seed_sources=f.SEED_SOURCES[::-1]),
        lambda: svc.attempt_create(actor=admin, plan=plan, inspection_date="2024-07-01", seed_sources=f.SEED_SOURCES),
        lambda: plan_svc.plan_update(actor=admin, plan=plan, data={"team_size": "3"}),
        lambda: plan_svc.plan_stratum_set(actor=admin, plan=plan, data={"key": "appraisal", "label": "x",
                                                                        "field": "appraisal", "ratio": "1"}),
        lambda: plan_svc.plan_activate(actor=admin, plan=plan),
    ]
    for call in calls:
        try:
            call()
        except DomainError:
            pass


@pytest.mark.parametrize("status", ["committed", "revealed", "drawn"])
def test_no_service_overwrites_a_committed_attempt(status, admin, witness, roster):
    """Every service is called on the attempt (and its plan); each value already set stays as it was.
    Only the next legitimate step may fill what is still empty (the missing seed value, the draw)."""
    attempt = _attempt_in(status, admin, witness)
    if status == "committed":  # one value entered: the other services must not touch it either
        svc.attempt_reveal(actor=admin, attempt=attempt, source_index=0, value="123")
    before = DrawAttempt.objects.values(*FROZEN_VIEW).get(pk=attempt.pk)
    reveals = list(SeedReveal.objects.filter(attempt=attempt).values())
    tasks = list(InspectionTask.objects.filter(attempt=attempt).values())
    _every_service(admin, witness, attempt)
    after = DrawAttempt.objects.values(*FROZEN_VIEW).get(pk=attempt.pk)
    assert {k: v for k, v in before.items() if v not in (None, "") and k != "status"} == \
        {k: after[k] for k, v in before.items() if v not in (None, "") and k != "status"}
    assert list(SeedReveal.objects.filter(attempt=attempt).values())[:len(reveals)] == reveals
    assert list(InspectionTask.objects.filter(attempt=attempt).values())[:len(tasks)] == tasks
    assert after["status"] == "drawn" and draw.verify(after["certificate"]) == []
    assert after["certificate"]["commitment"] == before["commitment"]
    if status == "drawn":
        assert after == before
    assert plan_svc.Plan.objects.get(pk=attempt.plan_id).team_size == 2
    assert DrawAttempt.objects.filter(plan=attempt.plan).count() == 1


def test_a_cancelled_attempt_is_never_changed(admin, witness, roster):
    attempt = _attempt_in("cancelled", admin, witness)
    before = DrawAttempt.objects.values().get(pk=attempt.pk)
    _every_service(admin, witness, attempt)
    for action in ACTIONS:
        with pytest.raises(DomainError):
            _act(action, admin, attempt)
    assert DrawAttempt.objects.values().get(pk=attempt.pk) == before


def test_attempts_cannot_be_deleted_or_their_frozen_values_saved_over(admin, witness, roster):
    attempt = _attempt_in("drawn", admin, witness)
    with pytest.raises(PermissionDenied):
        attempt.delete()
    with pytest.raises(PermissionDenied):
        attempt.reveals.first().delete()
    with pytest.raises(PermissionDenied):  # the query set refuses bulk deletes too
        DrawAttempt.objects.filter(pk=attempt.pk).delete()
    with pytest.raises(PermissionDenied):
        SeedReveal.objects.filter(attempt=attempt).delete()
    with pytest.raises(ProtectedError):
        plan_svc.Plan.objects.filter(pk=attempt.plan_id).delete()
    for name, value in (("commitment", "0" * 64), ("seed", "f" * 64), ("manifest", {}), ("certificate", {})):
        stale = DrawAttempt.objects.get(pk=attempt.pk)
        setattr(stale, name, value)
        with pytest.raises(PermissionDenied):
            svc._save(stale, [name])
    fresh = DrawAttempt.objects.get(pk=attempt.pk)
    assert fresh.commitment == attempt.commitment and draw.verify(fresh.certificate) == []
    assert DrawAttempt.objects.filter(pk=attempt.pk).exists()


def test_a_freshly_committed_attempt_cannot_be_bulk_deleted(admin, witness, roster):
    attempt = _attempt_in("committed", admin, witness)
    assert not attempt.reveals.exists() and not attempt.tasks.exists()
    with pytest.raises(PermissionDenied):
        DrawAttempt.objects.filter(plan=attempt.plan).delete()
    assert DrawAttempt.objects.get(pk=attempt.pk).commitment == attempt.commitment


def test_every_step_is_in_the_audit_trail(admin, witness, roster):
    from fazhi.core.audit import history_for, verify_chain

    attempt = _attempt_in("drawn", admin, witness)
    actions = [e.action for e in history_for(attempt)][::-1]
    assert actions == ["draw_attempt.create", "draw_attempt.commit", "draw_attempt.reveal", "draw_attempt.reveal",
                       "draw_attempt.revealed", "draw_attempt.draw"]
    assert verify_chain().ok


def test_seed_values_are_entered_in_the_announced_order(admin, witness, roster):
    attempt = _attempt_in("committed", admin, witness)
    with pytest.raises(ValidationFailed) as exc:
        svc.attempt_reveal(actor=witness, attempt=attempt, source_index=1, value="207")
    assert "按公布的顺序" in exc.value.problems[0].reason and not attempt.reveals.exists()
