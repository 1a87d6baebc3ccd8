"""Evaluation rounds (案卷评查轮次): create and edit while DRAFT, commit the manifest, reveal the seed
values, draw the files and their reviewers, close. Feedback and rectification are in
``services/rectification.py``, the reviews and typical cases in ``services/reviews.py`` (re-exported
here). Every service checks access, owns its transaction and writes the audit event; the status changes
only through ``workflow.apply`` (``common.advance_round``).

The draw is ``fazhi-draw/1`` (``fazhi/inspections/draw.py``, docs/draw-spec.md), as for inspections:
commit (the manifest and its SHA-256 commitment are frozen) → the seed values entered in order after
the commitment is published → draw (the certificate is kept and published; anyone can re-run it).

Decisions:
- **Population** (issue 7 (1)): the public numbers (``Case.number``) of the cases with ``closed_on`` in
  the round's period whose status is 已结案 or 已归档, one stratum per district (key = GB/T 2260 code; city
  cases "120000"), strata in key order, only districts that have such cases. Only public identifiers are
  hashed (draw-spec §1).
- **Count or ratio**: a count k gives ratio "0", min k, max k (min(k, N) files); a ratio r gives ratio r,
  min 0, max none (ceil(N × r) files).
- **Reviewers** are the draw's "inspectors" (id = username, sorted): each eligible for every stratum but
  their own district's (互评互查); city-level reviewers for all. A reviewer whose officer record handled a
  case is in ``conflicts`` for it (reason ``handled_case``).
- **Second review**: team_size is 2 when ``second_share`` > 0, else 1. Per stratum the first
  ceil(second_share × n) selected files in ticket order get their team's second member as reviewer 2;
  the other files use only the first member. The draw counts both members towards
  ``max_per_inspector`` (draw-spec §5), so a reviewer's real workload is at most the cap.
- **Refusals at commit**: an empty population; a stratum whose files might find fewer eligible reviewers
  than the team size — alone, or in the worst case the cap allows (draw-spec §5 assigns greedily, so a
  cap can exhaust a stratum's reviewers before its last file: ``short_strata``; the message names the
  smallest cap that is safe). An assignment cannot be changed after the commitment, so every drawn file
  gets its reviewers. (Were one ever left without a team, it would be kept without reviews, counted as
  "unassigned" in the audit, and take no part in scoring or feedback.)
- **Seed values** are entered one by one, in the published order, by users who may manage rounds or
  witness a draw (``Cap.INSPECTION_REVEAL``); with two or more sources they may not all come from one
  user (as ``inspections.services.draws.attempt_reveal``). Who entered each is read from the audit trail.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import User
from fazhi.accounts.roles import Cap, role_has
from fazhi.cases.models import Case, CaseOfficer
from fazhi.core import access
from fazhi.core.audit import draft_for, json_value, record_event, record_events
from fazhi.core.errors import FieldProblem, InvalidTransition, PermissionDenied, ValidationFailed
from fazhi.core.forms_reader import FormReader, ratio_text
from fazhi.core.models import AuditEvent
from fazhi.evaluation import rubric as rubrics
from fazhi.evaluation.models import (EvaluationFile, EvaluationRound, ItemStatus, Review, RoundKind,
                                     RoundStatus)
from fazhi.evaluation.services.common import CITY_KEY, advance_round, locked_round, require_manager, user_district
from fazhi.inspections import draw
from fazhi.inspections.services.draws import checked_seed_sources, seed_value_problem
from fazhi.orgs.models import District

CLOSED_STATUSES = ("closed", "archived")  # 已结案、已归档 (fazhi/cases/data/procedure.toml)
ROUND_FIELDS = ["code", "title", "kind", "period_start", "period_end", "rubric_version", "per_district_count",
                "per_district_ratio", "max_per_reviewer", "second_share", "blind", "seed_sources"]
CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
SOURCE_LINE = re.compile(r"\s*([^::]+?)\s*[::]\s*(.+?)\s*")
REVEAL_ACTION = "evaluation_round.reveal"


# ---------------------------------------------------------------- reading the form (texts or values)

def _seed_sources(r: FormReader, value) -> list[dict]:
    """A list of {name, description}, or a text with one ``名称:说明`` per line."""
    if isinstance(value, str):
        rows = []
        for line in value.splitlines():
            if not line.strip():
                continue
            m = SOURCE_LINE.fullmatch(line)
            rows.append({"name": m.group(1), "description": m.group(2)} if m else {"name": line.strip(),
                                                                                   "description": ""})
        value = rows
    return checked_seed_sources(r, value, minimum=1)  # draw-spec §2: at least one source


def _reviewers(r: FormReader, value) -> list[User]:
    if isinstance(value, str):
        value = [v for v in re.split(r"[、,,;;\s]+", value) if v]
    ids = []
    for v in value or []:
        v = getattr(v, "pk", v)
        if isinstance(v, bool) or not (isinstance(v, int) or (isinstance(v, str) and v.isdigit())):
            r.problem("评查人员", f"“{v}”不是有效的用户")
            return []
        ids.append(int(v))
    users = list(User.objects.filter(pk__in=ids).select_related("organization__district"))
    found = {u.pk for u in users}
    if set(ids) - found:
        r.problem("评查人员", "所选用户不存在")
    bad = [u for u in users if not u.is_active or not access.is_staff_user(u) or
           not (u.is_superuser or role_has(u.role, Cap.EVALUATION_REVIEW))]
    if bad:
        r.problem("评查人员", f"{'、'.join(str(u) for u in bad)}不是在岗的评查人员(须具有案卷评查权限)")
    if not users:
        r.problem("评查人员", "至少选择一名评查人员")
    return sorted(users, key=lambda u: u.username)


def _share(r: FormReader, value) -> Decimal | None:
    if value in (None, ""):
        return Decimal(0)
    number = r.ratio("second_share", "双人评查比例")
    if number is not None and number != number.quantize(Decimal("0.001")):
        r.problem("双人评查比例", "最多保留三位小数")
        return None
    return number.quantize(Decimal("0.001")) if number is not None else None


def _values(data: dict, *, rnd: EvaluationRound | None) -> tuple[dict, list[User] | None]:
    r = FormReader(data)
    v: dict = {}
    new = rnd is None
    if new or r.has("code"):
        v["code"] = r.text("code", "编号", required=True, limit=32, single_line=True)
        if v["code"] and not CODE_RE.fullmatch(v["code"]):
            r.problem("编号", "只能包含字母、数字、“-”和“_”,如 2024Q3")
        clash = EvaluationRound.objects.filter(code=v["code"]).exclude(pk=rnd.pk if rnd else None)
        if v["code"] and clash.exists():
            r.problem("编号", f"“{v['code']}”已被其他评查轮次使用")
    if new or r.has("title"):
        v["title"] = r.text("title", "名称", required=True, limit=120, single_line=True)
    if new or r.has("kind"):
        kind = data.get("kind") or RoundKind.QUARTERLY.value
        by_label = {label: code for code, label in RoundKind.choices}
        v["kind"] = by_label.get(kind, kind)
        if v["kind"] not in RoundKind.values:
            r.problem("类型", f"应为{'或'.join(by_label)}")
    for key, label in (("period_start", "结案日期起"), ("period_end", "结案日期止")):
        if new or r.has(key):
            v[key] = r.date(key, label)
    start, end = v.get("period_start", rnd and rnd.period_start), v.get("period_end", rnd and rnd.period_end)
    if start and end and start > end:
        r.problem("结案日期止", "不能早于结案日期起")
    if new or r.has("per_district_count") or r.has("per_district_ratio"):
        count_given = data.get("per_district_count") not in (None, "")
        ratio_given = data.get("per_district_ratio") not in (None, "")
        v["per_district_count"], v["per_district_ratio"] = None, ""
        if count_given == ratio_given:  # exactly one of them (issue 7 (1): "a count or ratio per district")
            r.problem("每区抽取件数", "每区抽取件数与每区抽取比例须填写且只填写其中一项")
        elif count_given:
            v["per_district_count"] = r.integer("per_district_count", "每区抽取件数", required=True, least=1, most=1000)
        else:
            ratio = r.ratio("per_district_ratio", "每区抽取比例")
            if ratio is not None and ratio <= 0:
                r.problem("每区抽取比例", "应大于 0")
            v["per_district_ratio"] = ratio_text(ratio) if ratio is not None else ""
    if new or r.has("max_per_reviewer"):
        v["max_per_reviewer"] = r.integer("max_per_reviewer", "每名评查人员最多件数", required=False, least=1,
                                          most=10000)
    if new or r.has("second_share"):
        v["second_share"] = _share(r, data.get("second_share"))
    if new or r.has("blind"):
        v["blind"] = r.flag("blind") if r.has("blind") else True
    if new or r.has("seed_sources"):
        v["seed_sources"] = _seed_sources(r, data.get("seed_sources"))
    reviewers = _reviewers(r, data.get("reviewer_ids")) if new or r.has("reviewer_ids") else None
    r.check()
    return v, reviewers


def _state(rnd: EvaluationRound) -> dict:
    state = {f: json_value(getattr(rnd, f)) for f in ROUND_FIELDS}
    state["reviewer_ids"] = sorted(rnd.reviewers.values_list("pk", flat=True)) if rnd.pk else []
    return state


def round_create(*, actor, data: dict) -> EvaluationRound:
    """A DRAFT round (``data``: code, title, kind, period_start, period_end, per_district_count or
    per_district_ratio, max_per_reviewer, second_share, blind, seed_sources, reviewer_ids) scored with the
    rubric in force now (``rubric.load()``), by the city (``Cap.EVALUATION_MANAGE``)."""
    require_manager(actor)
    values, reviewers = _values(data, rnd=None)
    version = rubrics.load().version
    with transaction.atomic():
        rnd = EvaluationRound.objects.create(**values, rubric_version=version, created_by=actor)
        rnd.reviewers.set(reviewers)
        record_event(actor=actor, obj=rnd, action="evaluation_round.create", after=_state(rnd))
    return rnd


def round_update(*, actor, round: EvaluationRound, data: dict) -> EvaluationRound:  # noqa: A002 (brief's name)
    """Change a DRAFT round: only the keys present in ``data`` (nothing is frozen before the commitment)."""
    require_manager(actor)
    with transaction.atomic():
        rnd = locked_round(round)
        if rnd.status != RoundStatus.DRAFT:
            raise InvalidTransition("承诺值公布后,评查轮次的设置不能再修改")
        before = _state(rnd)
        values, reviewers = _values(data, rnd=rnd)
        for name, value in values.items():
            setattr(rnd, name, value)
        if values:
            rnd.save(update_fields=list(values))
        if reviewers is not None:
            rnd.reviewers.set(reviewers)
        after = _state(rnd)
        if after != before:
            record_event(actor=actor, obj=rnd, action="evaluation_round.update",
                         before={k: before[k] for k in after if before[k] != after[k]},
                         after={k: after[k] for k in after if before[k] != after[k]})
    return rnd


# ---------------------------------------------------------------- the manifest (draw-spec §2)

def _population(rnd: EvaluationRound) -> tuple[list[dict], dict[str, str]]:
    """The strata (key, ratio, min, max, sorted population) and each case number's stratum key."""
    cases = (Case.objects.filter(status__in=CLOSED_STATUSES, closed_on__gte=rnd.period_start,
                                 closed_on__lte=rnd.period_end)
             .values_list("number", "district__code"))
    by_key: dict[str, list[str]] = {}
    where: dict[str, str] = {}
    for number, code in cases:
        key = code or CITY_KEY
        by_key.setdefault(key, []).append(number)
        where[number] = key
    if rnd.per_district_count is not None:
        ratio, least, most = "0", rnd.per_district_count, rnd.per_district_count
    else:
        ratio, least, most = rnd.per_district_ratio, 0, None
    strata = [{"key": key, "ratio": ratio, "min": least, "max": most, "population": sorted(numbers)}
              for key, numbers in sorted(by_key.items())]
    return strata, where


def eligible_strata(own: str | None, keys: list[str]) -> list[str]:
    """互评互查: a reviewer of district ``own`` takes every stratum but their own district's; a city-level
    reviewer (``own`` None) takes all, city cases included."""
    return [k for k in keys if own is None or k != own]


def _eligible(user: User, keys: list[str]) -> list[str]:
    own = user_district(user)
    return eligible_strata(own.code if own is not None else None, keys)


def _conflicts(reviewers: list[User], where: dict[str, str], eligible: dict[str, list[str]]) -> list[list[str]]:
    """A reviewer never evaluates a case they handled as an officer (回避, 行政处罚法 第四十三条 by analogy)."""
    rows = (CaseOfficer.objects.filter(officer__user__in=reviewers, case__number__in=list(where))
            .values_list("officer__user__username", "case__number"))
    pairs = {(u, n, "handled_case") for u, n in rows if where[n] in eligible.get(u, ())}
    return [list(p) for p in sorted(pairs)]


def build_manifest(rnd: EvaluationRound) -> dict:
    """The manifest of draw-spec §2 for ``rnd`` from the cases and reviewers as they are now."""
    strata, where = _population(rnd)
    keys = [s["key"] for s in strata]
    reviewers = sorted(rnd.reviewers.select_related("organization__district"), key=lambda u: u.username)
    eligible = {u.username: _eligible(u, keys) for u in reviewers}
    return {
        "algorithm": draw.ALGORITHM,
        "plan": rnd.code,
        "attempt": 1,
        "previous_commitments": [],
        "strata": strata,
        "team_size": 2 if rnd.second_share > 0 else 1,
        "max_per_inspector": rnd.max_per_reviewer,
        "inspectors": [{"id": u.username, "strata": eligible[u.username]} for u in reviewers],
        "conflicts": _conflicts(reviewers, where, eligible),
        "seed_sources": [{"name": s["name"], "description": s["description"]} for s in rnd.seed_sources],
    }


def short_strata(manifest: dict, cap: int | None) -> list[str]:
    """The strata where, whatever the seed, the greedy assignment of draw-spec §5 might leave a selected file
    without a full team. Worst case for a stratum's last file: its case bars the most reviewers any case of
    the stratum bars (``conflicts``), and every slot that could have gone to this stratum's reviewers did —
    the earlier files of the stratum, and of each earlier stratum at most ``min(team × n, cap × shared
    reviewers)`` — so ⌊those slots ÷ cap⌋ of them are full. Empty: every file surely gets its reviewers."""
    team = manifest["team_size"]
    barred = Counter(target for _, target, _ in manifest["conflicts"])
    short, earlier = [], []  # earlier: (eligible reviewers, files) of the strata before
    for s in manifest["strata"]:
        n = draw.stratum_size(len(s["population"]), s["ratio"], s["min"], s["max"])
        if n == 0:
            continue
        eligible = {i["id"] for i in manifest["inspectors"] if s["key"] in i["strata"]}
        conflicts = max((barred[x] for x in s["population"]), default=0)
        full = 0
        if cap is not None:
            slots = team * (n - 1) + sum(min(team * m, cap * len(pool & eligible)) for pool, m in earlier)
            full = min(slots // cap, len(eligible))
        if len(eligible) - conflicts - full < team:
            short.append(s["key"])
        earlier.append((eligible, n))
    return short


def _capacity_problems(manifest: dict) -> list[FieldProblem]:
    """Why the reviewers might not take every file the draw selects (checked before the commitment: an
    assignment cannot be changed afterwards)."""
    names = dict(District.objects.values_list("code", "name"))
    team, cap = manifest["team_size"], manifest["max_per_inspector"]
    labels = lambda keys: "、".join(names.get(k, "市局") for k in keys)  # noqa: E731
    short = short_strata(manifest, None)
    if short:
        return [FieldProblem("评查人员", f"{labels(short)}的案卷没有足够的评查人员:评查人员不得评查本区案卷"
                                        f"(也不评查本人承办的案件),每件需要 {team} 名其他区或市局的评查人员")]
    short = short_strata(manifest, cap) if cap is not None else []
    if not short:
        return []
    total = team * sum(draw.stratum_size(len(s["population"]), s["ratio"], s["min"], s["max"])
                       for s in manifest["strata"])
    least = next(c for c in range(cap + 1, total + 2) if not short_strata(manifest, c))
    return [FieldProblem("每名评查人员最多件数", f"每人最多 {cap} 件时,按抽取顺序,最坏情况下{labels(short)}的案卷"
                                               f"可能分不到评查人员;请调高至至少 {least} 件,或增加评查人员")]


def round_commit(*, actor, round: EvaluationRound, on: dt.date | None = None) -> EvaluationRound:  # noqa: A002
    """DRAFT → COMMITTED: freeze the manifest and publish its commitment. The period must be over (a case
    closed later would otherwise be missing from the population)."""
    require_manager(actor)
    on = on or timezone.localdate()
    with transaction.atomic():
        rnd = locked_round(round)
        advance_round(rnd, "commit")
        if rnd.period_end >= on:
            raise ValidationFailed(FieldProblem("结案日期止", f"评查期间尚未结束(截至 {rnd.period_end}),期间结束后才能抽取"))
        manifest = build_manifest(rnd)
        if not any(s["population"] for s in manifest["strata"]):
            raise ValidationFailed(FieldProblem("结案日期起", f"{rnd.period_start}至{rnd.period_end}期间没有已结案或已归档的案件,"
                                                          "无可抽取的案卷"))
        problems = _capacity_problems(manifest)
        if problems:
            raise ValidationFailed(problems)
        try:
            draw.validate_manifest(manifest)
        except draw.ManifestError as exc:
            raise ValidationFailed(FieldProblem("抽取清单", f"{exc.path}:{exc.message}")) from None
        rnd.manifest, rnd.commitment, rnd.committed_at = manifest, draw.commitment(manifest), timezone.now()
        rnd.save(update_fields=["status", "manifest", "commitment", "committed_at"])
        record_event(actor=actor, obj=rnd, action="evaluation_round.commit", before={"status": "draft"}, after={
            "status": rnd.status, "commitment": rnd.commitment,
            "population": {s["key"]: len(s["population"]) for s in manifest["strata"]},
            "reviewers": len(manifest["inspectors"]), "conflicts": len(manifest["conflicts"])})
    return rnd


# ---------------------------------------------------------------- seed values and the draw

def _revealers(rnd: EvaluationRound) -> set:
    return set(AuditEvent.objects.filter(object_type=EvaluationRound._meta.label_lower, object_id=str(rnd.pk),
                                         action=REVEAL_ACTION).values_list("actor_id", flat=True))


def round_reveal(*, actor, round: EvaluationRound, index: int, value: str) -> EvaluationRound:  # noqa: A002
    """Enter the value of seed source ``index`` (0-based), once, in the published order (draw-spec §3)."""
    if not (access.can(actor, Cap.EVALUATION_MANAGE) or access.can(actor, Cap.INSPECTION_REVEAL)):
        raise PermissionDenied("您的角色无权录入种子值")
    if not access.is_city_wide(actor):
        raise PermissionDenied("案卷评查的种子值由市司法局组织录入")
    with transaction.atomic():
        rnd = locked_round(round)
        if rnd.status != RoundStatus.COMMITTED:
            raise InvalidTransition(f"处于“{rnd.get_status_display()}”状态时不能录入种子值:承诺值公布后、抽取前录入")
        sources = rnd.manifest["seed_sources"]
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(sources):
            raise ValidationFailed(FieldProblem("种子来源", "没有这个种子来源"))
        label = f"种子值({sources[index]['name']})"
        entered = len(rnd.seed_values)
        if index < entered:
            raise ValidationFailed(FieldProblem(label, "已经录入,不能修改"))
        if index > entered:
            earlier = [s["name"] for s in sources[entered:index]]
            raise ValidationFailed(FieldProblem(label, f"请按公布的顺序录入:先录入“{'”“'.join(earlier)}”"))
        problem = seed_value_problem(value)
        if problem:
            raise ValidationFailed(FieldProblem(label, problem))
        if len(sources) >= 2 and index == len(sources) - 1 and _revealers(rnd) | {actor.pk} == {actor.pk}:
            raise ValidationFailed(FieldProblem(label, "全部种子值不能由同一人录入:本项须由另一名人员录入"))
        rnd.seed_values = [*rnd.seed_values, value]
        rnd.save(update_fields=["seed_values"])
        record_event(actor=actor, obj=rnd, action=REVEAL_ACTION,
                     after={"index": index, "source": sources[index]["name"], "value": value})
    return rnd


def _serialised_prechecks(case: Case, on: dt.date) -> list[dict]:
    from fazhi.evaluation import prechecks
    from fazhi.evaluation.selectors.files import case_snapshot

    return [p.as_dict() for p in prechecks.run(case_snapshot(case, on))]


def _create_files(rnd: EvaluationRound, cert: dict, on: dt.date) -> tuple[list[EvaluationFile], list[Review]]:
    numbers = [s["id"] for st in cert["strata"] for s in st["selected"]]
    cases = Case.objects.select_related("district").in_bulk(numbers, field_name="number")
    teams = {a["target"]: a["team"] for a in cert["assignments"]}
    users = User.objects.in_bulk({u for team in teams.values() for u in team}, field_name="username")
    share = Decimal(rnd.second_share)
    files, reviews = [], []
    for st in cert["strata"]:
        second = math.ceil(share * len(st["selected"]))  # the first ceil(share × n) in ticket order
        for k, s in enumerate(st["selected"]):
            case, team = cases[s["id"]], teams[s["id"]]
            f = EvaluationFile.objects.create(round=rnd, case=case, district=case.district, ticket=s["ticket"],
                                              second_review=k < second and len(team) >= 2,
                                              prechecks=_serialised_prechecks(case, on))
            files.append(f)
            for position, username in enumerate(team[:2 if f.second_review else 1], start=1):
                reviews.append(Review(file=f, reviewer=users[username], position=position))
    return files, Review.objects.bulk_create(reviews)


def round_draw(*, actor, round: EvaluationRound) -> EvaluationRound:  # noqa: A002
    """COMMITTED (every seed value entered) → REVIEWING: compute and keep the certificate (draw-spec §6),
    create the files with their pre-checks and the reviews from the certificate's teams."""
    require_manager(actor)
    with transaction.atomic():
        rnd = locked_round(round)
        if rnd.status == RoundStatus.COMMITTED and len(rnd.seed_values) < len(rnd.manifest["seed_sources"]):
            missing = [s["name"] for s in rnd.manifest["seed_sources"][len(rnd.seed_values):]]
            raise InvalidTransition(f"尚未录入种子值“{'”“'.join(missing)}”,不能抽取")
        advance_round(rnd, "draw")
        try:
            cert = draw.certify(rnd.manifest, rnd.seed_values)
        except draw.DrawError as exc:
            raise ValidationFailed(FieldProblem("抽取清单", f"{exc.path}:{exc.message}")) from None
        if cert["commitment"] != rnd.commitment:
            raise ValidationFailed(FieldProblem("承诺值", "抽取清单与公布的承诺值不符,不能抽取"))
        today = timezone.localdate()
        rnd.certificate, rnd.drawn_at = cert, timezone.now()
        rnd.save(update_fields=["status", "certificate", "drawn_at"])
        files, reviews = _create_files(rnd, cert, today)
        unassigned = sum(1 for a in cert["assignments"] if not a["team"])
        record_event(actor=actor, obj=rnd, action="evaluation_round.draw", before={"status": "committed"}, after={
            "status": rnd.status, "seed": cert["seed"], "files": len(files), "reviews": len(reviews),
            "second_review": sum(f.second_review for f in files), "unassigned": unassigned})
        record_events(actor=actor, drafts=[draft_for(f, "evaluation_file.create", after={
            "round_id": rnd.pk, "case_id": f.case_id, "district_id": f.district_id, "ticket": f.ticket,
            "second_review": f.second_review, "prechecks": [p["code"] for p in f.prechecks]}) for f in files]
            + [draft_for(r, "review.assign", after={"file_id": r.file_id, "reviewer_id": r.reviewer_id,
                                                    "position": r.position}) for r in reviews])
    return rnd


# ---------------------------------------------------------------- closing

def round_close(*, actor, round: EvaluationRound) -> EvaluationRound:  # noqa: A002
    """RECTIFYING → CLOSED, only when every rectification item is closed or escalated (issue 7 (6))."""
    require_manager(actor)
    with transaction.atomic():
        rnd = locked_round(round)
        advance_round(rnd, "close")
        pending = {s: rnd.rectifications.filter(status=s).count() for s in (ItemStatus.OPEN, ItemStatus.ANSWERED)}
        if sum(pending.values()):
            raise InvalidTransition(
                f"尚有 {sum(pending.values())} 项整改事项未销号或提级督办(待整改 {pending[ItemStatus.OPEN]} 项、"
                f"已反馈待核查 {pending[ItemStatus.ANSWERED]} 项),不能结束本轮评查")
        rnd.closed_at = timezone.now()
        rnd.save(update_fields=["status", "closed_at"])
        record_event(actor=actor, obj=rnd, action="evaluation_round.close", before={"status": "rectifying"},
                     after={"status": rnd.status})
    return rnd


# Re-exported: the services of reviews, typical cases, feedback and rectification.
from fazhi.evaluation.services.rectification import (rectification_answer, rectification_check,  # noqa: E402
                                                     rectification_escalate, round_feedback)
from fazhi.evaluation.services.reviews import review_submit, typical_mark  # noqa: E402

__all__ = ["build_manifest", "eligible_strata", "short_strata", "rectification_answer", "rectification_check",
           "rectification_escalate", "review_submit", "round_close", "round_commit", "round_create", "round_draw",
           "round_feedback", "round_reveal", "round_update", "typical_mark"]
