"""Plan services (create, update, strata, activate), their checks and scope, and the plan selectors
(district scoping, coverage)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.audit import history_for
from fazhi.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.forms_reader import ratio_text
from fazhi.inspections.models import InspectionTask
from fazhi.inspections.selectors import plans as sel
from fazhi.inspections.services import draws as draw_svc
from fazhi.inspections.services import plans as svc
from fazhi.inspections.tests import factories as f
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def hexi_admin(make_user, district_org):
    return make_user("district_admin", district_org)


@pytest.fixture
def nankai_admin(make_user):
    return make_user("district_admin", Organization.objects.get(code="120104-SFJ"))


def problems(exc) -> dict[str, str]:
    return {p.field: p.reason for p in exc.value.problems}


# ---------------------------------------------------------------- plan_create / plan_update

def test_plan_create_stores_the_values_and_an_audit_event(admin, city_org):
    plan = f.plan(admin, code="2024-TJ-SJ-03", max_per_inspector="3", exclude_own_district="是")
    assert (plan.code, plan.year, plan.unit, plan.district, plan.status) == ("2024-TJ-SJ-03", 2024, city_org, None,
                                                                              "draft")
    assert (plan.team_size, plan.max_per_inspector, plan.exclude_own_district) == (2, 3, True)
    assert plan.window_start == dt.date(2024, 5, 1)
    assert [e.action for e in history_for(plan)] == ["plan.create"]


@pytest.mark.parametrize("size", ["1", "0"])
def test_team_size_below_two_is_refused_citing_article_42(admin, size):
    with pytest.raises(ValidationFailed) as exc:
        f.plan(admin, team_size=size)
    reason = problems(exc)["每组检查人员数"]
    assert "第四十二条" in reason and "2" in reason


def test_plan_values_are_checked_together(admin):
    f.plan(admin, code="2024-TJ-SJ-99")
    with pytest.raises(ValidationFailed) as exc:
        f.plan(admin, code="2024-TJ-SJ-99", year="1999", window_start="2024-09-01", window_end="2024-08-01",
               yearly_cap_per_target="0", name="")
    assert set(problems(exc)) == {"计划编号", "年度", "检查结束日期", "同一对象年度最多检查次数", "名称"}


def test_district_admin_plans_only_for_their_district(hexi_admin, city_org, district_org):
    plan = f.plan(hexi_admin)
    assert plan.unit == district_org and plan.district == district_org.district
    with pytest.raises(ValidationFailed) as exc:
        f.plan(hexi_admin, unit=str(city_org.pk))
    assert "组织单位" in problems(exc)


def test_readers_may_not_plan(make_user, city_org):
    for role in ("officer", "leader", "legal_reviewer"):
        with pytest.raises(PermissionDenied):
            f.plan(make_user(role, city_org))


def test_other_districts_plans_do_not_exist_and_city_plans_are_read_only(admin, hexi_admin, nankai_admin):
    hexi_plan = f.plan(hexi_admin)
    city_plan = f.plan(admin)
    with pytest.raises(NotFound):
        svc.plan_update(actor=nankai_admin, plan=hexi_plan, data={"name": "改名"})
    with pytest.raises(PermissionDenied):
        svc.plan_update(actor=hexi_admin, plan=city_plan, data={"name": "改名"})
    svc.plan_update(actor=admin, plan=hexi_plan, data={"name": "市局修改"})  # the city may
    hexi_plan.refresh_from_db()
    assert hexi_plan.name == "市局修改"


def test_plan_update_changes_values_until_an_attempt_is_committed(admin, make_user, city_org):
    f.firms(admin, 2)
    f.officers(admin, 2)
    plan = f.active_plan(admin, strata=[{"ratio": "1"}])
    svc.plan_update(actor=admin, plan=plan, data={"team_size": "3", "max_per_inspector": "4"}, reason="人员充足")
    plan.refresh_from_db()
    assert (plan.team_size, plan.max_per_inspector) == (3, 4)
    event = history_for(plan).first()
    assert event.action == "plan.update" and event.reason == "人员充足" and event.before == {
        "max_per_inspector": None, "team_size": 2}
    with pytest.raises(ValidationFailed) as exc:
        svc.plan_update(actor=admin, plan=plan, data={"team_size": "1"})
    assert "第四十二条" in problems(exc)["每组检查人员数"]

    attempt = f.attempt(admin, plan)
    svc.plan_update(actor=admin, plan=plan, data={"team_size": "2"})  # a draft attempt does not freeze it
    draw_svc.attempt_commit(actor=admin, attempt=attempt)
    with pytest.raises(ValidationFailed) as exc:
        svc.plan_update(actor=admin, plan=plan, data={"team_size": "3"})
    assert "冻结" in problems(exc)["计划"]
    draw_svc.attempt_cancel(actor=admin, attempt=attempt, reason="检查组人数调整")
    svc.plan_update(actor=admin, plan=plan, data={"team_size": "3"})  # after a recorded cancellation


# ---------------------------------------------------------------- strata and activation

def test_strata_are_set_by_key_and_replaced_while_draft(admin):
    plan = f.plan(admin)
    f.stratum(admin, plan, key="appraisal/high", label="司法鉴定(高风险)", risk_classes=["high"], ratio="35%")
    s = f.stratum(admin, plan, key="appraisal/normal", label="司法鉴定(其他)", risk_classes="低风险、一般风险",
                  ratio="0.1000", min_count="2", max_count="10")
    assert (s.risk_classes, str(s.ratio), s.min_count, s.max_count, s.order) == (["low", "medium"], "0.1000", 2, 10, 2)
    replaced = f.stratum(admin, plan, key="appraisal/high", label="司法鉴定(高风险)", risk_classes=["high"],
                         ratio="0.5")
    assert plan.strata.count() == 2 and str(replaced.ratio) == "0.5000" and replaced.order == 1
    assert [e.action for e in history_for(plan)][:2] == ["plan.stratum_update", "plan.stratum_add"]


def test_overlapping_or_invalid_strata_are_refused(admin):
    plan = f.plan(admin)
    f.stratum(admin, plan, key="appraisal", risk_classes=["high"])
    with pytest.raises(ValidationFailed) as exc:
        f.stratum(admin, plan, key="appraisal2", risk_classes=[])  # every risk class: overlaps "high"
    assert "重叠" in problems(exc)["机构类型"]
    f.stratum(admin, plan, key="appraisal/low", risk_classes=["low", "medium"])  # disjoint: fine
    with pytest.raises(ValidationFailed) as exc:
        f.stratum(admin, plan, key="bad key!", label="", field="notary", institution_kinds=["law_firm"],
                  ratio="1.5", min_count="-1", districts=["999999"])
    assert set(problems(exc)) == {"分层标识", "分层名称", "机构类型", "抽查比例", "最少抽取数", "行政区"}
    with pytest.raises(ValidationFailed) as exc:
        f.stratum(admin, plan, key="notary", field="notary", ratio="0.123456")
    assert "四位小数" in problems(exc)["抽查比例"]


def test_district_plan_strata_stay_in_the_district(hexi_admin):
    plan = f.plan(hexi_admin)
    with pytest.raises(ValidationFailed) as exc:
        f.stratum(hexi_admin, plan, districts=["120104"])
    assert "河西区" in problems(exc)["行政区"]
    f.stratum(hexi_admin, plan, districts=["120103"])


def test_activation_needs_strata_and_fixes_them(admin):
    plan = f.plan(admin)
    with pytest.raises(ValidationFailed) as exc:
        svc.plan_activate(actor=admin, plan=plan)
    assert "分层" in problems(exc)
    f.stratum(admin, plan)
    plan = svc.plan_activate(actor=admin, plan=plan)
    assert plan.status == "active"
    with pytest.raises(InvalidTransition):
        svc.plan_activate(actor=admin, plan=plan)
    with pytest.raises(InvalidTransition):
        f.stratum(admin, plan, ratio="1")


def test_attempts_need_an_active_plan(admin):
    plan = f.plan(admin)
    f.stratum(admin, plan)
    with pytest.raises(InvalidTransition, match="尚未启用"):
        f.attempt(admin, plan)


def test_ratio_is_written_to_the_manifest_as_a_plain_decimal(admin):
    f.firms(admin, 3)
    f.officers(admin, 2)
    plan = f.active_plan(admin, strata=[{"ratio": "0.3500"}, {"key": "notary", "field": "notary", "ratio": "100%"},
                                        {"key": "arb", "field": "arbitration", "ratio": "0"}])
    attempt = f.attempt(admin, plan)
    draw_svc.attempt_commit(actor=admin, attempt=attempt)
    attempt.refresh_from_db()
    assert [s["ratio"] for s in attempt.manifest["strata"]] == ["0.35", "1", "0"]
    assert ratio_text(__import__("decimal").Decimal("10.0")) == "10"


# ---------------------------------------------------------------- selectors

def test_plan_list_is_scoped_by_district(admin, hexi_admin, nankai_admin, make_user, district_org):
    city_plan, hexi_plan, nankai_plan = f.plan(admin), f.plan(hexi_admin), f.plan(nankai_admin)
    assert set(sel.plan_list(user=admin)) == {city_plan, hexi_plan, nankai_plan}
    hexi_officer = make_user("officer", district_org)
    for user in (hexi_admin, hexi_officer):
        assert set(sel.plan_list(user=user)) == {city_plan, hexi_plan}
        assert sel.plan_get(user=user, pk=city_plan.pk) == city_plan
        with pytest.raises(NotFound):
            sel.plan_get(user=user, pk=nankai_plan.pk)
    assert set(sel.plan_list(user=admin, year=2023)) == set()
    assert sel.may_plan(hexi_admin, hexi_plan) and not sel.may_plan(hexi_admin, city_plan)
    assert not sel.may_plan(hexi_officer, hexi_plan)


def test_attempts_follow_their_plans_scope(admin, hexi_admin, nankai_admin):
    f.firms(admin, 2, **{"所在区": "南开区"})
    plan = f.active_plan(nankai_admin, strata=[{"ratio": "1"}])
    attempt = f.attempt(nankai_admin, plan)
    assert sel.attempt_get(user=admin, pk=attempt.pk) == attempt
    with pytest.raises(NotFound):
        sel.attempt_get(user=hexi_admin, pk=attempt.pk)
    with pytest.raises(NotFound):
        draw_svc.attempt_commit(actor=hexi_admin, attempt=attempt)
    with pytest.raises(NotFound):
        sel.attempt_get(user=admin, pk="x")


def test_coverage_counts_institutions_inspected_within_the_period(admin, hexi_admin, make_user, city_org):
    witness = make_user("legal_reviewer", city_org)
    hexi = f.firms(admin, 4, **{"所在区": "河西区"})
    nankai = f.firms(admin, 2, **{"所在区": "南开区"})
    notaries = f.firms(admin, 2, kind="公证机构", **{"所在区": "南开区"})
    f.officers(admin, 3)
    plan = f.active_plan(admin, strata=[{"ratio": "0.25", "min_count": "1", "districts": ["120103"]}])
    attempt = f.drawn(admin, witness, f.attempt(admin, plan))
    task = InspectionTask.objects.get(attempt=attempt)
    assert task.institution in hexi
    old = hexi[1] if task.institution != hexi[1] else hexi[2]
    InspectionTask.objects.filter(pk=task.pk).update(inspected_on=dt.date(2024, 6, 1))
    # an inspection long ago does not count; make one for `old` in 2019
    InspectionTask.objects.create(attempt=attempt, plan=plan, institution=old, district=old.district,
                                  stratum_key="appraisal", ticket="0" * 64, inspected_on=dt.date(2019, 6, 1))
    year = attempt.drawn_at.year
    cov = sel.coverage(user=admin, years=3, today=dt.date(max(year, 2024), 12, 31))
    rows = {(r.field, r.district): (r.total, r.covered) for r in cov.rows}
    assert rows == {("appraisal", "120103"): (4, 1), ("appraisal", "120104"): (2, 0), ("notary", "120104"): (2, 0)}
    assert [(r.label, r.total, r.covered) for r in cov.by_field] == [("公证", 2, 0), ("司法鉴定", 6, 1)]
    assert [(r.label, r.total, r.covered) for r in cov.by_district] == [("河西区", 4, 1), ("南开区", 4, 0)]
    assert (cov.total.total, cov.total.covered, cov.total.percent) == (8, 1, "12.5%")
    assert cov.years == 3 and cov.since == max(year, 2024) - 2

    scoped = sel.coverage(user=hexi_admin, years=3, today=dt.date(max(year, 2024), 12, 31))
    assert [(r.district, r.total, r.covered) for r in scoped.rows] == [("120103", 4, 1)]
    wide = sel.coverage(user=admin, years=10, today=dt.date(max(year, 2024), 12, 31))
    assert wide.total.covered == 2
    assert nankai and notaries


def test_a_plan_needs_published_items_covering_its_strata(make_user, city_org):
    from fazhi.core.errors import ValidationFailed
    from fazhi.inspections.models import InspectionItem
    from fazhi.inspections.services import plans as plan_services

    admin = make_user("city_admin", city_org)
    bare = f.plan(admin, items=[])
    f.stratum(admin, bare)
    with pytest.raises(ValidationFailed) as exc:
        plan_services.plan_activate(actor=admin, plan=bare)
    assert exc.value.problems[0].field == "抽查事项"
    notary_only = [str(i.pk) for i in InspectionItem.objects.filter(item_list__field="notary")]
    p = f.plan(admin, items=notary_only)
    f.stratum(admin, p)  # an appraisal stratum
    with pytest.raises(ValidationFailed) as exc:
        plan_services.plan_activate(actor=admin, plan=p)
    assert "没有对应的抽查事项" in exc.value.problems[0].reason
    with pytest.raises(ValidationFailed):
        f.plan(admin, items=["999999"])
    plan_services.plan_update(actor=admin, plan=p, data={"items": f.published_items()})
    assert plan_services.plan_activate(actor=admin, plan=p).status == "active"
