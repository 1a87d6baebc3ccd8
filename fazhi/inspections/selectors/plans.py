"""Reads of plans, draw attempts and coverage for the back office, scoped by ``fazhi.core.access``.

Scope: city staff see every plan; district staff see their own district's plans and the city plans
(whose targets may lie in their district). Another district's plan does not exist for them (404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.errors import NotFound
from fazhi.core.fields import Field
from fazhi.inspections.models import DrawAttempt, InspectionTask, Plan, TaskMember
from fazhi.inspections.workflow import AttemptStatus, TaskStatus
from fazhi.institutions.models import Institution, InstitutionKind, InstitutionStatus, RiskClass
from fazhi.orgs.models import District

_MISSING = "记录不存在,或不在您的管辖范围内"


def plan_list(*, user, year: int | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.select_related("unit", "district").order_by("-year", "code")
    if not access.can(user, Cap.REGISTRY_VIEW):
        return qs.none()
    if not access.is_city_wide(user):
        qs = qs.filter(Q(district_id=user.organization.district_id) | Q(district__isnull=True))
    return qs.filter(year=year) if year else qs


def plan_get(*, user, pk) -> Plan:
    try:
        return plan_list(user=user).get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise NotFound(_MISSING) from None


def attempt_get(*, user, pk) -> DrawAttempt:
    try:
        return DrawAttempt.objects.select_related("plan", "plan__district").get(pk=pk, plan__in=plan_list(user=user))
    except (DrawAttempt.DoesNotExist, ValueError, TypeError):
        raise NotFound(_MISSING) from None


def may_plan(user, plan: Plan) -> bool:
    """Whether ``user`` may change ``plan`` (district staff only their district's plans)."""
    return access.can(user, Cap.INSPECTION_PLAN) and access.in_scope(user, plan.district_id)


# ---------------------------------------------------------------- one attempt, as the pages show it

@dataclass
class SourceRow:
    index: int
    name: str
    description: str
    reveal: object | None  # SeedReveal
    errors: list[str] = field(default_factory=list)  # a refused value's reasons (set by the page)
    entered: str = ""  # the refused value, shown again


@dataclass
class StratumRow:
    key: str
    ratio: str
    min: int
    max: int | None
    N: int
    n: int | None  # after the draw


@dataclass
class AttemptView:
    attempt: DrawAttempt
    sources: list[SourceRow]
    strata: list[StratumRow]
    inspectors: int
    conflicts: int
    tasks: list = field(default_factory=list)
    unassigned: int = 0
    can_plan: bool = False
    can_reveal: bool = False

    @property
    def status(self) -> AttemptStatus:
        return AttemptStatus(self.attempt.status)


def _attempt_view(user, attempt: DrawAttempt, *, with_tasks: bool = True) -> AttemptView:
    manifest = attempt.manifest or {}
    reveals = {r.source_index: r for r in attempt.reveals.select_related("revealed_by")}
    sources = [SourceRow(k, s["name"], s["description"], reveals.get(k))
               for k, s in enumerate(manifest.get("seed_sources") or attempt.seed_sources)]
    drawn = {s["key"]: s["n"] for s in (attempt.certificate or {}).get("strata", [])}
    strata = [StratumRow(s["key"], s["ratio"], s["min"], s["max"], len(s["population"]), drawn.get(s["key"]))
              for s in manifest.get("strata", [])]
    view = AttemptView(attempt, sources, strata, len(manifest.get("inspectors", [])),
                       len(manifest.get("conflicts", [])), can_plan=may_plan(user, attempt.plan),
                       can_reveal=access.can(user, Cap.INSPECTION_REVEAL))
    if with_tasks and attempt.status == AttemptStatus.DRAWN.value:
        members = TaskMember.objects.select_related("officer").order_by("role", "position")
        view.tasks = list(attempt.tasks.select_related("institution", "district")
                          .prefetch_related(Prefetch("members", queryset=members)).order_by("stratum_key", "ticket"))
        order = {s["key"]: k for k, s in enumerate(manifest.get("strata", []))}
        view.tasks.sort(key=lambda t: (order.get(t.stratum_key, 0), t.ticket))
        view.unassigned = sum(1 for t in view.tasks if t.status == TaskStatus.UNASSIGNED.value)
    return view


def attempt_view(*, user, pk) -> AttemptView:
    return _attempt_view(user, attempt_get(user=user, pk=pk))


@dataclass
class PlanView:
    plan: Plan
    strata: list
    attempts: list[DrawAttempt]
    current: AttemptView | None
    can_plan: bool
    frozen: bool  # an attempt is committed: the plan's values may no longer change


def _label_strata(strata) -> list:
    """Each stratum with ``kinds_label``, ``risks_label``, ``districts_label`` and ``percent`` for display."""
    kinds, risks = dict(InstitutionKind.choices), dict(RiskClass.choices)
    districts = dict(District.objects.values_list("code", "name"))
    for s in strata:
        s.kinds_label = "、".join(kinds.get(k, k) for k in s.institution_kinds) or "该领域全部"
        s.risks_label = "、".join(risks.get(r, r) for r in s.risk_classes) or "全部"
        s.districts_label = "、".join(districts.get(d, d) for d in s.districts) or "计划范围内全部"
        s.percent = f"{format((s.ratio * 100).normalize(), 'f')}%"
    return strata


def plan_view(*, user, pk) -> PlanView:
    plan = plan_get(user=user, pk=pk)
    attempts = list(plan.attempts.select_related("cancelled_by", "committed_by").order_by("attempt"))
    current = _attempt_view(user, attempts[-1]) if attempts else None
    live = {AttemptStatus.COMMITTED.value, AttemptStatus.REVEALED.value, AttemptStatus.DRAWN.value}
    return PlanView(plan, _label_strata(list(plan.strata.order_by("order", "key"))), attempts, current,
                    may_plan(user, plan), any(a.status in live for a in attempts))


# ---------------------------------------------------------------- coverage (全覆盖 progress)

@dataclass
class CoverageRow:
    label: str
    total: int
    covered: int
    field: str = ""
    district: str = ""

    @property
    def percent(self) -> str:
        return f"{100 * self.covered / self.total:.1f}%" if self.total else "—"

    @property
    def remaining(self) -> int:
        return self.total - self.covered


@dataclass
class Coverage:
    years: int
    since: int  # first calendar year counted
    rows: list[CoverageRow]  # field × district
    by_field: list[CoverageRow]
    by_district: list[CoverageRow]
    total: CoverageRow


def coverage(*, user, years: int, today: dt.date | None = None) -> Coverage:
    """Institutions (status 正常, in the user's scope) inspected at least once in the last ``years``
    calendar years / all of them, per field × district, per field, per district. A task counts when
    its attempt is DRAWN and it was not left unassigned, in the year of ``inspected_on`` (or, before
    the inspection, the year of the draw)."""
    today = today or dt.date.today()
    since = today.year - years + 1
    tasks = InspectionTask.objects.filter(
        institution=OuterRef("pk"), attempt__status=AttemptStatus.DRAWN.value,
    ).exclude(status=TaskStatus.UNASSIGNED.value).filter(
        Q(inspected_on__year__gte=since) | Q(inspected_on__isnull=True, attempt__drawn_at__year__gte=since))
    institutions = access.scope(user, Institution.objects.filter(status=InstitutionStatus.NORMAL), "district")
    counts: dict[tuple[str, int], list[int]] = {}
    for field_code, district_id, covered in institutions.annotate(covered=Exists(tasks)).values_list(
            "field", "district_id", "covered"):
        cell = counts.setdefault((field_code, district_id), [0, 0])
        cell[0] += 1
        cell[1] += int(covered)
    districts = {d.pk: d for d in District.objects.all()}
    fields = dict(Field.choices)
    rows, per_field, per_district = [], {}, {}
    for (field_code, district_id), (total, covered) in sorted(
            counts.items(), key=lambda kv: (list(fields).index(kv[0][0]) if kv[0][0] in fields else 99,
                                            districts[kv[0][1]].code)):
        district = districts[district_id]
        rows.append(CoverageRow(f"{fields.get(field_code, field_code)} · {district.name}", total, covered,
                                field_code, district.code))
        f = per_field.setdefault(field_code, CoverageRow(fields.get(field_code, field_code), 0, 0, field_code))
        d = per_district.setdefault(district.code, CoverageRow(district.name, 0, 0, district=district.code))
        for agg in (f, d):
            agg.total += total
            agg.covered += covered
    total = CoverageRow("合计", sum(r.total for r in rows), sum(r.covered for r in rows))
    return Coverage(years, since, rows, list(per_field.values()),
                    [per_district[k] for k in sorted(per_district)], total)


def default_coverage_years(*, user) -> int:
    """The coverage period of the newest plan the user sees (3 when there is none)."""
    plan = plan_list(user=user).first()
    return plan.coverage_years if plan else 3


# ---------------------------------------------------------------- form choices

def stratum_choices(plan: Plan) -> dict[str, list[tuple[str, str]]]:
    kinds = [(k.value, f"{k.label}") for k in InstitutionKind]
    districts = District.objects.all() if plan.district_id is None else District.objects.filter(pk=plan.district_id)
    return {"field": list(Field.choices), "institution_kinds": kinds, "risk_classes": list(RiskClass.choices),
            "districts": [(d.code, d.name) for d in districts]}


def published_item_choices() -> list[tuple[str, str]]:
    """(id, label) of every item of a published 抽查事项清单, for the plan form."""
    from fazhi.inspections.models import InspectionItem
    from fazhi.inspections.models.items import ItemListStatus

    items = InspectionItem.objects.filter(item_list__status=ItemListStatus.PUBLISHED).select_related("item_list")
    return [(str(i.pk), f"{i.item_list.get_field_display()}:{i.code} {i.name}") for i in items.order_by("item_list__field", "code")]
