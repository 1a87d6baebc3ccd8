"""The draw lifecycle (``fazhi-draw/1``): DRAFT → COMMITTED → REVEALED → DRAWN, or CANCELLED with a
reason, which opens the next attempt. Nothing here deletes or overwrites a committed attempt:

- the status changes only in ``_advance`` (the table ``workflow.ATTEMPT_TRANSITIONS``);
- every write of an attempt goes through ``_save``, which refuses to change a manifest, commitment,
  seed or certificate once stored (``PermissionDenied``);
- a cancelled attempt stays, with its reason; the next one lists its commitment.

Decisions:
- A DRAFT attempt has no commitment, so it is changed (``attempt_update``), never cancelled: the spec
  makes attempt N list exactly N−1 earlier commitments.
- A DRAWN attempt cannot be cancelled: its tasks exist. An unassigned target is shown as such.
- Inspectors of a district plan are that district's officers only; a city plan takes every officer
  (city and district) whose 执法证 is valid on the inspection date and whose fields match a stratum.
- Conflicts are frozen only for pairs that could otherwise meet: an inspector qualified for the
  target's stratum. Tasks that ended unassigned do not count towards the yearly cap per target.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core.audit import draft_for, record_event, record_events
from fazhi.core.errors import FieldProblem, InvalidTransition, PermissionDenied, ValidationFailed
from fazhi.core.forms_reader import FormReader, ratio_text
from fazhi.inspections import draw, workflow
from fazhi.inspections.models import DrawAttempt, InspectionTask, OfficerRelationship, Plan, SeedReveal, TaskMember
from fazhi.inspections.models.draws import RelationshipKind
from fazhi.inspections.models.plans import PlanStatus
from fazhi.inspections.models.tasks import MemberRole
from fazhi.inspections.services.plans import next_attempt_number, require_plan_access, team_size_problem
from fazhi.inspections.services.plans import _scope_of as stratum_scope
from fazhi.inspections.workflow import AttemptStatus, TaskStatus
from fazhi.institutions.models import Institution, InstitutionStatus
from fazhi.officers.credentials import credential_state
from fazhi.officers.models import Officer

FROZEN = ("manifest", "commitment", "committed_at", "committed_by_id", "seed", "certificate", "drawn_at")
MIN_SOURCES = 2
_WHAT = "管理抽取"


# ---------------------------------------------------------------- the only status change and the only save

def _advance(attempt: DrawAttempt, action: str) -> workflow.Transition:
    """Apply ``action`` from ``workflow.ATTEMPT_TRANSITIONS`` (``InvalidTransition`` if not allowed)."""
    t = workflow.find(workflow.ATTEMPT_TRANSITIONS, action, AttemptStatus(attempt.status))
    attempt.status = t.target.value
    return t


def _save(attempt: DrawAttempt, fields: list[str]) -> None:
    """Save ``fields`` of an existing attempt; a frozen value once stored never changes."""
    stored = DrawAttempt.objects.filter(pk=attempt.pk).values(*FROZEN).get()
    changed = [f for f in FROZEN if stored[f] not in (None, "") and stored[f] != getattr(attempt, f)]
    if changed:
        raise PermissionDenied("抽取清单、承诺值、种子和证书一经写入不能更改;如需重抽,请作废本次抽取并说明理由")
    attempt.save(update_fields=fields)


def _locked(attempt: DrawAttempt) -> DrawAttempt:
    return DrawAttempt.objects.select_for_update(of=("self",)).select_related("plan", "plan__district").get(pk=attempt.pk)


# ---------------------------------------------------------------- preparing an attempt

def checked_seed_sources(r: FormReader, sources, *, minimum: int) -> list[dict]:
    """The seed sources as the draw's manifest lists them (fazhi-draw/1 §2: [{name, description}]):
    blank rows dropped, each name and description present, short and on one line, names unique, at
    least ``minimum`` of them. Problems go to ``r``; the inspections draw and the evaluation draw use it."""
    out, names = [], set()
    for k, src in enumerate(sources or [], start=1):
        name = str(src.get("name") or "").strip()
        description = str(src.get("description") or "").strip()
        if not name and not description:
            continue
        label = f"种子来源 {k}"
        for text, what, limit in ((name, "名称", 50), (description, "说明", 500)):
            if not text:
                r.problem(label, f"{what}不能为空")
            elif len(text) > limit or any(ord(c) < 32 for c in text):
                r.problem(label, f"{what}不能超过 {limit} 个字,且不能包含换行")
        if name in names:
            r.problem(label, f"名称“{name}”重复")
        names.add(name)
        out.append({"name": name, "description": description})
    if len(out) < minimum:
        r.problem("种子来源", f"至少需要 {minimum} 个种子来源,由不同人员在承诺之后录入(如见证人掷骰、指定日期的福彩开奖号码)")
    return out


def _attempt_values(plan: Plan, inspection_date, seed_sources) -> tuple[dt.date, list[dict]]:
    r = FormReader({"inspection_date": inspection_date})
    day = r.date("inspection_date", "检查人员资格核验日期")
    if day and not plan.window_start <= day <= plan.window_end:
        r.problem("检查人员资格核验日期", f"应在计划的检查期间({plan.window_start}至{plan.window_end})内")
    sources = checked_seed_sources(r, seed_sources, minimum=MIN_SOURCES)
    r.check()
    return day, sources


def attempt_create(*, actor, plan: Plan, inspection_date, seed_sources: list[dict]) -> DrawAttempt:
    """A new DRAFT attempt (number = last + 1) of an active plan that has no attempt in progress or drawn.
    ``seed_sources``: [{name, description}], at least two, named before commitment."""
    require_plan_access(actor, plan, what=_WHAT)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.ACTIVE:
            raise InvalidTransition("计划尚未启用(或已结束),不能准备抽取")
        busy = plan.attempts.exclude(status=AttemptStatus.CANCELLED.value).order_by("attempt").first()
        if busy is not None:
            raise InvalidTransition(f"第 {busy.attempt} 次抽取{busy.get_status_display()},不能再新建抽取"
                                    + (";如需重抽,请先作废并说明理由" if busy.status != AttemptStatus.DRAWN.value else ""))
        day, sources = _attempt_values(plan, inspection_date, seed_sources)
        attempt = DrawAttempt.objects.create(plan=plan, attempt=next_attempt_number(plan), inspection_date=day,
                                             seed_sources=sources)
        record_event(actor=actor, obj=attempt, action="draw_attempt.create",
                     after={"attempt": attempt.attempt, "inspection_date": day, "seed_sources": sources})
    return attempt


def attempt_update(*, actor, attempt: DrawAttempt, inspection_date, seed_sources: list[dict]) -> DrawAttempt:
    """Change the inspection date and seed sources of a DRAFT attempt (nothing is frozen yet)."""
    require_plan_access(actor, attempt.plan, what=_WHAT)
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.status != AttemptStatus.DRAFT.value:
            raise InvalidTransition("只有尚未承诺的抽取可以修改;承诺后的内容不能更改")
        day, sources = _attempt_values(attempt.plan, inspection_date, seed_sources)
        before = {"inspection_date": attempt.inspection_date, "seed_sources": attempt.seed_sources}
        attempt.inspection_date, attempt.seed_sources = day, sources
        _save(attempt, ["inspection_date", "seed_sources"])
        record_event(actor=actor, obj=attempt, action="draw_attempt.update", before=before,
                     after={"inspection_date": day, "seed_sources": sources})
    return attempt


# ---------------------------------------------------------------- the manifest (draw-spec §2)

def _capped(plan: Plan) -> set[int]:
    """Institutions already inspected ``yearly_cap_per_target`` times this plan year by other plans."""
    counts = (InspectionTask.objects.filter(plan__year=plan.year, attempt__status=AttemptStatus.DRAWN.value)
              .exclude(plan=plan).exclude(status=TaskStatus.UNASSIGNED.value)
              .values("institution_id").annotate(n=Count("id")).filter(n__gte=plan.yearly_cap_per_target))
    return {row["institution_id"] for row in counts}


def _populations(plan: Plan, strata) -> tuple[list[dict], dict[str, tuple]]:
    capped = _capped(plan)
    out, targets = [], {}
    for s in strata:
        kinds, risks, districts = stratum_scope({"field": s.field, "institution_kinds": s.institution_kinds,
                                                 "risk_classes": s.risk_classes, "districts": s.districts})
        qs = Institution.objects.filter(status=InstitutionStatus.NORMAL, kind__in=kinds, risk_class__in=risks)
        if districts is not None:
            qs = qs.filter(district__code__in=districts)
        if plan.district_id is not None:
            qs = qs.filter(district_id=plan.district_id)
        rows = [(u, pk, d) for u, pk, d in qs.values_list("uscc", "id", "district_id") if pk not in capped]
        for uscc, pk, district_id in rows:
            targets[uscc] = (pk, district_id, s.key)
        out.append({"key": s.key, "ratio": ratio_text(s.ratio), "min": s.min_count, "max": s.max_count,
                    "population": sorted(u for u, _, _ in rows)})
    return out, targets


def _inspectors(plan: Plan, strata, on: dt.date) -> list[tuple[Officer, list[str]]]:
    qs = Officer.objects.filter(status="active")
    if plan.district_id is not None:
        qs = qs.filter(district_id=plan.district_id)
    out = []
    for officer in qs:
        keys = [s.key for s in strata if s.field in (officer.fields or [])]
        if keys and credential_state(officer, on).may_act:
            out.append((officer, keys))
    return sorted(out, key=lambda pair: pair[0].credential_no)


def _conflicts(plan: Plan, on: dt.date, inspectors, targets: dict[str, tuple]) -> list[list[str]]:
    by_pk = {officer.pk: (officer, set(keys)) for officer, keys in inspectors}
    by_institution = {pk: (uscc, district_id, key) for uscc, (pk, district_id, key) in targets.items()}
    pairs: set[tuple[str, str, str]] = set()

    def add(officer_pk, institution_pk, reason):
        officer, keys = by_pk[officer_pk]
        target = by_institution.get(institution_pk)
        if target is not None and target[2] in keys:  # only pairs that could otherwise be drawn together
            pairs.add((officer.credential_no, target[0], reason))

    relationships = OfficerRelationship.objects.filter(officer_id__in=by_pk).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)).values_list(
        "officer_id", "institution_id", "practitioner__institution_id", "kind")
    for officer_pk, institution_pk, via_practitioner, kind in relationships:
        reason = "former_employer" if kind == RelationshipKind.FORMER_EMPLOYER else "relationship"
        for pk in {institution_pk, via_practitioner} - {None}:
            add(officer_pk, pk, reason)
    prior = TaskMember.objects.filter(
        officer_id__in=by_pk, role__in=[MemberRole.LEADER, MemberRole.MEMBER], task__plan__year=plan.year - 1,
        task__attempt__status=AttemptStatus.DRAWN.value, task__institution_id__in=by_institution,
    ).values_list("officer_id", "task__institution_id")
    for officer_pk, institution_pk in prior:
        add(officer_pk, institution_pk, "prior_inspection")
    if plan.exclude_own_district:
        in_district: dict[int, list[int]] = {}
        for institution_pk, (_, district_id, _) in by_institution.items():
            in_district.setdefault(district_id, []).append(institution_pk)
        for officer_pk, (officer, _) in by_pk.items():
            for institution_pk in in_district.get(officer.district_id, []) if officer.district_id else []:
                add(officer_pk, institution_pk, "own_district")
    return [list(p) for p in sorted(pairs)]


def build_manifest(attempt: DrawAttempt) -> dict:
    """The manifest of draw-spec §2 from the registries as they are now."""
    plan = attempt.plan
    strata = list(plan.strata.order_by("order", "key"))
    populations, targets = _populations(plan, strata)
    inspectors = _inspectors(plan, strata, attempt.inspection_date)
    previous = list(plan.attempts.filter(attempt__lt=attempt.attempt).order_by("attempt")
                    .values_list("commitment", flat=True))
    return {
        "algorithm": draw.ALGORITHM,
        "plan": plan.code,
        "attempt": attempt.attempt,
        "previous_commitments": previous,
        "strata": populations,
        "team_size": plan.team_size,
        "max_per_inspector": plan.max_per_inspector,
        "inspectors": [{"id": o.credential_no, "strata": keys} for o, keys in inspectors],
        "conflicts": _conflicts(plan, attempt.inspection_date, inspectors, targets),
        "seed_sources": [{"name": s["name"], "description": s["description"]} for s in attempt.seed_sources],
    }


# ---------------------------------------------------------------- the lifecycle

def attempt_commit(*, actor, attempt: DrawAttempt) -> DrawAttempt:
    """DRAFT → COMMITTED: freeze the manifest and publish its commitment."""
    require_plan_access(actor, attempt.plan, what=_WHAT)
    with transaction.atomic():
        attempt = _locked(attempt)
        _advance(attempt, "commit")
        plan = attempt.plan
        problems = []
        if plan.status != PlanStatus.ACTIVE:
            problems.append(FieldProblem("计划", "计划尚未启用(或已结束)"))
        if not plan.strata.exists():
            problems.append(FieldProblem("分层", "计划没有抽查分层"))
        problem = team_size_problem(plan.team_size, attempt.inspection_date)
        if problem:
            problems.append(problem)
        if problems:
            raise ValidationFailed(problems)
        manifest = build_manifest(attempt)
        try:
            draw.validate_manifest(manifest)
        except draw.ManifestError as exc:
            raise ValidationFailed(FieldProblem("抽取清单", f"{exc.path}:{exc.message}")) from None
        attempt.manifest = manifest
        attempt.commitment = draw.commitment(manifest)
        attempt.committed_at, attempt.committed_by = timezone.now(), actor
        _save(attempt, ["status", "manifest", "commitment", "committed_at", "committed_by"])
        record_event(actor=actor, obj=attempt, action="draw_attempt.commit", before={"status": "draft"}, after={
            "status": attempt.status, "commitment": attempt.commitment,
            "previous_commitments": manifest["previous_commitments"],
            "population": {s["key"]: len(s["population"]) for s in manifest["strata"]},
            "inspectors": len(manifest["inspectors"]), "conflicts": len(manifest["conflicts"]),
        })
    return attempt


def seed_value_problem(value) -> str | None:
    """Why a seed value as typed cannot be used (fazhi-draw/1 §3 hashes it exactly as entered), or None."""
    if not isinstance(value, str) or value == "":
        return "不能为空"
    if value != value.strip():
        return "首尾不能有空格:请按来源说明原样录入"
    if any(ord(c) < 32 for c in value) or len(value) > 500:
        return "不能包含换行等控制字符,且不能超过 500 个字"
    return None


def attempt_reveal(*, actor, attempt: DrawAttempt, source_index: int, value: str) -> SeedReveal:
    """Enter the value of seed source ``source_index`` (0-based), once. When every source has its value,
    entered by at least two different users, the attempt is REVEALED."""
    require_plan_access(actor, attempt.plan, Cap.INSPECTION_REVEAL, "录入种子值")
    with transaction.atomic():
        attempt = _locked(attempt)
        workflow.find(workflow.ATTEMPT_TRANSITIONS, "reveal", AttemptStatus(attempt.status))
        sources = attempt.manifest["seed_sources"]
        if isinstance(source_index, bool) or not isinstance(source_index, int) or \
                not 0 <= source_index < len(sources):
            raise ValidationFailed(FieldProblem("种子来源", "没有这个种子来源"))
        label = f"种子值({sources[source_index]['name']})"
        reveals = {r.source_index: r for r in attempt.reveals.all()}
        if source_index in reveals:
            raise ValidationFailed(FieldProblem(label, "已经录入,不能修改"))
        earlier = [sources[k]["name"] for k in range(source_index) if k not in reveals]
        if earlier:  # draw-spec §3: values people produce are recorded before the external one is published
            raise ValidationFailed(FieldProblem(label, f"请按公布的顺序录入:先录入“{'”“'.join(earlier)}”"))
        problem = seed_value_problem(value)
        if problem:
            raise ValidationFailed(FieldProblem(label, problem))
        users = {r.revealed_by_id for r in reveals.values()} | {actor.pk}
        if len(reveals) + 1 == len(sources) and len(users) < 2:
            raise ValidationFailed(FieldProblem(label, "全部种子值不能由同一人录入:本项须由另一名人员录入"))
        reveal = SeedReveal.objects.create(attempt=attempt, source_index=source_index, value=value,
                                           revealed_by=actor, revealed_at=timezone.now())
        record_event(actor=actor, obj=attempt, action="draw_attempt.reveal",
                     after={"source_index": source_index, "source": sources[source_index]["name"], "value": value})
        if len(reveals) + 1 == len(sources):
            _advance(attempt, "reveal")
            _save(attempt, ["status"])
            record_event(actor=actor, obj=attempt, action="draw_attempt.revealed", before={"status": "committed"},
                         after={"status": attempt.status})
    return reveal


def _create_tasks(attempt: DrawAttempt, cert: dict) -> list[InspectionTask]:
    ids = [s["id"] for st in cert["strata"] for s in st["selected"]]
    institutions = Institution.objects.in_bulk(ids, field_name="uscc")
    officers = Officer.objects.in_bulk([i for a in cert["assignments"] for i in a["team"] + a["alternates"]],
                                       field_name="credential_no")
    assignments = {a["target"]: a for a in cert["assignments"]}
    tasks = []
    for st in cert["strata"]:
        for s in st["selected"]:
            inst = institutions[s["id"]]
            status = TaskStatus.ASSIGNED if assignments[s["id"]]["team"] else TaskStatus.UNASSIGNED
            tasks.append(InspectionTask(attempt=attempt, plan=attempt.plan, institution=inst,
                                        district_id=inst.district_id, stratum_key=st["key"], ticket=s["ticket"],
                                        status=status.value))
    tasks = InspectionTask.objects.bulk_create(tasks)
    members = []
    for task in tasks:
        a = assignments[task.institution.uscc]
        for k, cid in enumerate(a["team"]):
            members.append(TaskMember(task=task, officer=officers[cid], position=k,
                                      role=MemberRole.LEADER if k == 0 else MemberRole.MEMBER))
        for k, cid in enumerate(a["alternates"]):
            members.append(TaskMember(task=task, officer=officers[cid], position=k, role=MemberRole.ALTERNATE))
    TaskMember.objects.bulk_create(members)
    return tasks


def attempt_draw(*, actor, attempt: DrawAttempt) -> DrawAttempt:
    """REVEALED → DRAWN: compute the certificate (draw-spec §6), store it and create one task per target."""
    require_plan_access(actor, attempt.plan, what=_WHAT)
    with transaction.atomic():
        attempt = _locked(attempt)
        _advance(attempt, "draw")
        values = [r.value for r in attempt.reveals.order_by("source_index")]
        try:
            cert = draw.certify(attempt.manifest, values)
        except draw.DrawError as exc:
            raise ValidationFailed(FieldProblem("抽取清单", f"{exc.path}:{exc.message}")) from None
        if cert["commitment"] != attempt.commitment:
            raise ValidationFailed(FieldProblem("承诺值", "抽取清单与公布的承诺值不符,不能抽取"))
        attempt.certificate, attempt.seed, attempt.drawn_at = cert, cert["seed"], timezone.now()
        _save(attempt, ["status", "certificate", "seed", "drawn_at"])
        tasks = _create_tasks(attempt, cert)
        unassigned = Counter(t.status for t in tasks)[TaskStatus.UNASSIGNED.value]
        record_event(actor=actor, obj=attempt, action="draw_attempt.draw", before={"status": "revealed"},
                     after={"status": attempt.status, "seed": attempt.seed, "selected": len(tasks),
                            "unassigned": unassigned})
        record_events(actor=actor, drafts=[draft_for(t, "inspection_task.create", after={
            "attempt_id": attempt.pk, "institution_id": t.institution_id, "stratum_key": t.stratum_key,
            "ticket": t.ticket, "status": t.status}) for t in tasks])
    return attempt


def attempt_cancel(*, actor, attempt: DrawAttempt, reason: str) -> DrawAttempt:
    """COMMITTED or REVEALED → CANCELLED with a reason; returns the next DRAFT attempt (same inspection
    date and seed sources), whose manifest will list this attempt's commitment. A DRAWN attempt cannot
    be cancelled (its tasks exist)."""
    require_plan_access(actor, attempt.plan, what=_WHAT)
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.status == AttemptStatus.DRAWN.value:
            raise InvalidTransition("已完成抽取的结果不能作废:检查任务已经生成")
        was = attempt.status
        _advance(attempt, "cancel")
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise ValidationFailed(FieldProblem("作废理由", "作废抽取必须填写理由,理由将与本次承诺值一并公开"))
        Plan.objects.select_for_update().filter(pk=attempt.plan_id).first()  # numbering: one writer per plan
        attempt.cancel_reason, attempt.cancelled_at, attempt.cancelled_by = reason, timezone.now(), actor
        _save(attempt, ["status", "cancel_reason", "cancelled_at", "cancelled_by"])
        record_event(actor=actor, obj=attempt, action="draw_attempt.cancel", before={"status": was},
                     after={"status": AttemptStatus.CANCELLED.value}, reason=reason)
        following = DrawAttempt.objects.create(plan=attempt.plan, attempt=next_attempt_number(attempt.plan),
                                               inspection_date=attempt.inspection_date,
                                               seed_sources=attempt.seed_sources)
        record_event(actor=actor, obj=following, action="draw_attempt.create", reason=f"第 {attempt.attempt} 次抽取作废后重新准备",
                     after={"attempt": following.attempt, "inspection_date": following.inspection_date,
                            "seed_sources": following.seed_sources})
    return following
