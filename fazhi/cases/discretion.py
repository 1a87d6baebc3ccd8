"""The 行政处罚裁量基准 inside a case (行政处罚法 第三十四条). Django side: it reads the case's basis articles,
its earlier steps and the party's earlier decided cases, and calls the pure engine
(``fazhi.discretion.engine``) with the benchmark in force (``fazhi.discretion.benchmark.current()``).

- ``matters_for_case(case)``: the benchmark matters (事项) whose 处罚条款 is one of the case's basis articles
  (``laws.Article``: the law's short or full name + 第N条, e.g. 律师法 + 第五十条 → LS-50), narrowed to the
  party's type; ``matter_for_case(case)``: the one matter, or ``None`` (no matter, or several: the officer
  chooses). A case whose basis is no benchmark matter is not affected by anything here.
- ``prior_penalties(case, on)``: the penalties decided before ``on`` against the same party (institution,
  practitioner, or natural person by ID number), as the engine's ``prior_penalties`` (律师法 第五十一条).
- ``assess(ctx)``: the step handler of 裁量情节认定 (``assess_discretion``): parses the facts, runs
  ``recommend`` and returns what ``CaseStep.data`` stores (facts, file version, matter, tier, ranges,
  ``rule_date``, explanation); the case keeps the snapshot in ``Case.discretion``.
- ``check(ctx, penalties)``: at 事先告知 / 决定 / 当场处罚: recomputes the recommendation of the latest
  assessment on the step date, runs ``check_decision`` and returns ``{"discretion": …}`` for the step's data
  (read by the rules of ``fazhi.cases.rules.discretion``); sets ``Case.discretion_deviation`` and
  ``discretion_reason`` when the penalties leave the recommended range with a written reason.
- ``form_choices`` / ``form_initial`` / ``step_summary`` / ``page``: what the case page shows.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from django.db.models import Q

from fazhi.cases.facts import LEGAL_REVIEW_PASSED, PENALTY_TYPES, Penalty, penalty_from
from fazhi.cases.models import Case, CaseStep
from fazhi.core.errors import DomainError, FieldProblem
from fazhi.discretion import benchmark as shipped
from fazhi.discretion import engine
from fazhi.discretion.facts import FIELDS as FACT_NAMES
from fazhi.discretion.facts import PENALTY_ALIASES, FactsError
from fazhi.discretion.model import HARM_LEVELS, NO_PENALTY, POWERS, UNITS, Benchmark, Violation

if TYPE_CHECKING:
    from fazhi.cases.services.step_data import StepContext

ASSESS = "assess_discretion"
CHECKED = ("notify", "decide", "decide_on_spot")  # the steps whose penalties are checked
REASON_STEPS = (ASSESS, "notify")  # a reason written here can be reviewed before the decision
FLAGS = ("first_offence", "corrected_in_time", "minor_violation", "no_fault")
# The labels of the assessment form (fazhi.cases.step_forms) are the engine's names of the facts, so that a
# refusal of the engine lands beside its input.
LABELS = {"violation": "裁量事项", "prior_penalties": "系统外的曾受处罚", "deviation_reason": "拟偏离裁量基准的理由",
          **{k: FACT_NAMES[k] for k in ("harm", "illegal_gains", "mitigating", "aggravating", *FLAGS)}}
NO_MATTER = "本案的处罚依据在裁量基准中没有对应的事项,无需进行裁量情节认定"
_SPLIT = re.compile(r"[,,;;、\t]+")


# ---------------------------------------------------------------- which matter

def _law_names(article) -> list[str]:
    law = article.law
    return list(dict.fromkeys(n for n in (law.short_name, law.name, law.name.replace("全国人民代表大会常务委员会", ""))
                              if n))


def matters_for_case(case: Case, benchmark: Benchmark | None = None) -> list[Violation]:
    """The benchmark matters of the case's basis articles whose party type is the case's, by 事项代码."""
    if not case.pk:
        return []
    benchmark = benchmark or shipped.current()
    found: dict[str, Violation] = {}
    for article in case.basis_articles.select_related("law"):
        keys = [f"{name}{article.label}" for name in _law_names(article)]
        for v in benchmark.violations.values():
            if case.party_kind in v.party and any(engine.basis_matches(v, key) for key in keys):
                found.setdefault(v.code, v)
    return [found[code] for code in sorted(found)]


def matter_for_case(case: Case, benchmark: Benchmark | None = None) -> Violation | None:
    """The matter of the case's basis; ``None`` when there is none or several (the officer chooses)."""
    matters = matters_for_case(case, benchmark)
    return matters[0] if len(matters) == 1 else None


def _choices_text(matters) -> str:
    return "、".join(f"{v.code}({v.name})" for v in matters)


# ---------------------------------------------------------------- prior penalties (律师法 第五十一条)

def _basis_of(case: Case) -> str:
    articles = sorted(case.basis_articles.all(), key=lambda a: (a.law.short_name == "行政处罚法", a.law.short_name,
                                                                a.number))
    return f"{articles[0].law.short_name}{articles[0].label}" if articles else ""


def prior_penalties(case: Case, on: dt.date) -> tuple[list[dict], list[str]]:
    """The engine's ``prior_penalties`` from the party's earlier decided cases (decided on or before ``on``),
    and those cases' numbers."""
    party = Q()
    if case.institution_id:
        party |= Q(institution_id=case.institution_id)
    if case.practitioner_id:
        party |= Q(practitioner_id=case.practitioner_id)
    elif case.party_kind == "person" and case.party_id_number:
        party |= Q(party_id_number=case.party_id_number, practitioner__isnull=True, institution__isnull=True)
    if not party:
        return [], []
    rows = (Case.objects.filter(party, decision="penalty", decided_on__isnull=False, decided_on__lte=on)
            .exclude(pk=case.pk).prefetch_related("basis_articles__law").order_by("decided_on", "pk"))
    priors, numbers = [], []
    for row in rows:
        basis = _basis_of(row)
        given = [penalty_from(p) for p in row.penalties or () if p.get("type") in PENALTY_TYPES]
        if not basis or not given:
            continue
        numbers.append(row.number)
        for p in given:
            priors.append({"basis": basis, "penalty": p.type, "decided_on": row.decided_on.isoformat(),
                           **({"months": p.months} if p.months else {})})
    return priors, numbers


def _extra_priors(c: "StepContext") -> list[dict]:
    """Penalties not in the system: a list of ``{basis, penalty, decided_on, ended_on?, months?}``, or text, one a
    line: ``处罚依据,处罚种类,决定日期[,期满日期]``."""
    raw = c.data.get("prior_penalties")
    if isinstance(raw, (list, tuple)):
        return [dict(p) for p in raw if isinstance(p, dict)]
    out = []
    label = LABELS["prior_penalties"]
    for n, line in enumerate(str(raw or "").splitlines(), start=1):
        parts = [p.strip() for p in _SPLIT.split(line) if p.strip()]
        if not parts:
            continue
        if len(parts) not in (3, 4):
            c.problems.append(FieldProblem(label, f"第 {n} 行应为“处罚依据,处罚种类,决定日期[,期满日期]”,"
                                                  f"如“律师法第四十七条,警告,2024-01-05”"))
            continue
        kind = PENALTY_ALIASES.get(parts[1], parts[1])
        if kind not in PENALTY_TYPES:
            c.problems.append(FieldProblem(label, f"第 {n} 行的处罚种类“{parts[1]}”无效,应为警告、罚款、停止执业、停业整顿等"))
            continue
        out.append({"basis": parts[0], "penalty": kind, "decided_on": parts[2],
                    **({"ended_on": parts[3]} if len(parts) == 4 else {})})
    return out


# ---------------------------------------------------------------- snapshots

def band_json(b) -> dict:
    return {**b.to_json(), "text": b.text(), "optional": b.optional}


def band_text(b: dict) -> str:
    """A stored band as text: 警告; 罚款 30000–60000 元; 罚款 违法所得的 1–2 倍."""
    if b.get("text"):
        return b["text"]
    if b.get("min") is None:
        return b.get("label", "")
    unit = UNITS.get(b.get("unit") or "", "")
    bounds = b["min"] if b["min"] == b["max"] else f"{b['min']}–{b['max']}"
    return f"{b.get('label', '')} {bounds} {unit}".rstrip()


def _source(rec) -> str:
    v = rec.violation
    if rec.escalation is not None:
        where = rec.escalation.article
    elif rec.serious and v.serious:
        where = v.serious.source
    elif rec.tier in v.tiers:
        where = v.tiers[rec.tier].source
    else:
        where = v.article
    return f"{v.file} 第 {v.version} 版,{where}"


def snapshot(rec, facts: dict) -> dict:
    """What a recommendation leaves in the step's data and on the case (JSON)."""
    v = rec.violation
    alt = rec.if_penalised
    return {
        "violation": v.code, "matter": {"name": v.name, "article": v.article, "basis": v.basis},
        "file": v.file, "version": v.version, "tier": rec.tier, "no_penalty": rec.no_penalty,
        "discretionary": rec.discretionary, "no_penalty_reason": rec.reason or None,
        "penalties": [band_json(b) for b in rec.penalties], "range": [band_json(b) for b in rec.range],
        "rule_date": rec.rule_date.isoformat(), "power": POWERS[rec.power],
        "escalation": rec.escalation.article if rec.escalation else None, "serious": rec.serious,
        "if_penalised": {"tier": alt.tier, "penalties": [band_json(b) for b in alt.penalties]} if alt else None,
        "explanation": list(rec.explanation), "source": _source(rec), "facts": facts,
    }


def recommended_text(snap: dict) -> str:
    """建议:一般档:警告、罚款 30000–60000 元 / 不予处罚."""
    if not snap:
        return ""
    if snap.get("no_penalty"):
        alt = snap.get("if_penalised")
        may = f"(可以不予处罚;如处罚,适用{alt['tier']}档:{'、'.join(band_text(b) for b in alt['penalties'])})" if alt else ""
        return f"{NO_PENALTY}{may}"
    return f"{snap.get('tier', '')}档:{'、'.join(band_text(b) for b in snap.get('penalties') or ()) or '—'}"


# ---------------------------------------------------------------- 裁量情节认定 (the step handler)

def _codes(c: "StepContext", key: str) -> list[str]:
    raw = c.data.get(key) or []
    if isinstance(raw, str):
        raw = _SPLIT.split(raw)
    return [str(x).strip() for x in raw if str(x).strip()]


def _gains(c: "StepContext") -> str | None:
    raw = c.data.get("illegal_gains")
    if raw in (None, "") or str(raw).strip() in ("0", "0.0", "0.00"):
        return None
    amount = c.amount(raw, LABELS["illegal_gains"])
    return None if amount is None else str(amount)


def _facts_problems(exc: FactsError) -> list[FieldProblem]:
    """The engine names a field ``harm(危害后果)``: give it the label of its input."""
    out = []
    for p in exc.problems:
        key = p.field.split("(")[0].split("[")[0].split(".")[0]
        out.append(FieldProblem(LABELS.get(key, p.field), p.reason))
    return out


def assess(c: "StepContext") -> dict:
    """The handler of ``assess_discretion``: the facts → ``recommend`` → the stored assessment."""
    case = c.case
    bench = shipped.current()
    matters = matters_for_case(case, bench)
    label = LABELS["violation"]
    if not matters:
        c.problems.append(FieldProblem(label, f"{NO_MATTER}(行政处罚法第三十四条)"))
        c.check()
    code = c.text("violation", label, limit=40)
    chosen = next((v for v in matters if v.code == code), None) if code else (matters[0] if len(matters) == 1 else None)
    if code and chosen is None:
        c.problems.append(FieldProblem(label, f"“{code}”不是本案处罚依据对应的事项,应为:{_choices_text(matters)}"))
    elif chosen is None:
        c.problems.append(FieldProblem(label, f"本案处罚依据对应多个事项,请选择:{_choices_text(matters)}"))
    harm = c.text("harm", LABELS["harm"])
    if harm not in HARM_LEVELS:
        c.problems.append(FieldProblem(LABELS["harm"], f"请选择:{'、'.join(HARM_LEVELS.values())}"))
    gains = _gains(c)
    extra = _extra_priors(c)
    reason = c.text("deviation_reason", LABELS["deviation_reason"])
    c.check()
    priors, prior_cases = prior_penalties(case, c.on)
    facts = {
        "party_type": case.party_kind, "harm": harm, "violation_date": case.violation_date.isoformat(),
        "decision_date": c.on.isoformat(), "discovered_on": case.discovered_on.isoformat(),
        "violation_ended_on": case.violation_ended_on.isoformat() if case.violation_ended_on else None,
        "endangers_life_or_finance": case.endangers_life_or_finance,
        **{k: c.flag(k) for k in FLAGS}, "illegal_gains": gains,
        "mitigating": _codes(c, "mitigating"), "aggravating": _codes(c, "aggravating"),
        "prior_penalties": priors + extra,
    }
    try:
        rec = engine.recommend(bench, chosen.code, facts)
    except FactsError as exc:
        c.problems.extend(_facts_problems(exc))
        c.check()
    except DomainError as exc:  # UnknownViolation, NotInForce
        c.problems.append(FieldProblem(label, exc.message))
        c.check()
    snap = snapshot(rec, facts)
    case.discretion = {**snap, "assessed_on": c.on.isoformat()}
    if reason:
        case.discretion_reason = reason
    return {**snap, "prior_cases": prior_cases, "deviation_reason": reason}


# ---------------------------------------------------------------- the check at 告知 / 决定 / 当场处罚

def _last_assessment(case: Case) -> CaseStep | None:
    return case.steps.filter(action=ASSESS).order_by("-occurred_on", "-recorded_at", "-pk").first()


def check(c: "StepContext", penalties: list[Penalty]) -> dict:
    """``{}`` when the case's basis is no benchmark matter; else ``{"discretion": …}`` (and the step's
    ``deviation_reason``) for the step's data. Updates the case's snapshot and deviation flag."""
    case = c.case
    bench = shipped.current()
    matters = matters_for_case(case, bench)
    if not matters:
        return {}
    reason = c.text("deviation_reason", "偏离裁量基准的理由")
    stored = {"deviation_reason": reason} if reason else {}
    codes = [v.code for v in matters]
    last = _last_assessment(case)
    assessed = last.data.get("violation") if last is not None else None
    if assessed not in codes:
        return {**stored, "discretion": {"assessed": False, "matters": codes, "stale": assessed}}
    facts = {**last.data["facts"], "decision_date": c.on.isoformat()}
    try:
        rec = engine.recommend(bench, assessed, facts)
    except DomainError as exc:
        return {**stored, "discretion": {"assessed": False, "matters": codes, "problem": exc.message}}
    deviations = engine.check_decision(rec, penalties)
    outside = [d for d in deviations if d.severity in ("error", "warning")]
    errors = any(d.severity == "error" for d in deviations)
    reason = reason or case.discretion_reason
    flagged = bool(outside) and bool(reason) and not errors
    snap = snapshot(rec, facts)
    checked = {"action": c.action, "on": c.on.isoformat(), "penalties": [p.label for p in penalties],
               "deviations": [d.to_json() for d in deviations]}
    case.discretion = {**snap, "assessed_on": last.occurred_on.isoformat(), "checked": checked}
    case.discretion_deviation = flagged
    if flagged:
        case.discretion_reason = reason
    result = {key: snap[key] for key in ("violation", "file", "version", "tier", "no_penalty", "discretionary",
                                         "penalties", "rule_date", "source")}
    return {**stored, "discretion": {
        **result, "assessed": True, "assessed_on": last.occurred_on.isoformat(), "recommended": recommended_text(snap),
        "deviations": checked["deviations"], "outside": bool(outside), "reason": reason if outside else "",
        "flagged": flagged, "case_type": case.case_type}}


# ---------------------------------------------------------------- the case page

def form_choices(case: Case) -> dict[str, list[tuple[str, str]]]:
    """The options of the assessment form: the case's matters and the benchmark's circumstance codes."""
    bench = shipped.current()
    circumstances = sorted(bench.circumstances.values(), key=lambda x: (x.kind, not x.mandatory, x.code))

    def label(x) -> str:
        return f"{x.label}({x.source}{',应当从轻或者减轻' if x.mandatory else ''})"

    return {"discretion_matters": [(v.code, f"{v.code} {v.name}({v.article})") for v in matters_for_case(case, bench)],
            "mitigating": [(x.code, label(x)) for x in circumstances if x.kind == "mitigating"],
            "aggravating": [(x.code, label(x)) for x in circumstances if x.kind == "aggravating"]}


def form_initial(case: Case, choices: dict) -> dict:
    """The assessment form's first values: the latest assessment's facts, else the case's only matter."""
    facts = (case.discretion or {}).get("facts") or {}
    matters = [code for code, _ in choices.get("discretion_matters", ())]
    only = matters[0] if len(matters) == 1 else ""
    initial = {"violation": (case.discretion or {}).get("violation") or only}
    if facts:
        initial.update({k: facts.get(k) for k in ("harm", *FLAGS)})
        initial.update({"illegal_gains": facts.get("illegal_gains") or "", "mitigating": facts.get("mitigating") or [],
                        "aggravating": facts.get("aggravating") or []})
    return initial


def step_summary(action: str, data: dict) -> list[tuple[str, str]]:
    """What the timeline shows of an assessment, or of the check of a step's penalties."""
    if action == ASSESS and data.get("tier"):
        matter = data.get("matter") or {}
        facts = data.get("facts") or {}
        shown = [("裁量事项", f"{data.get('violation')} {matter.get('name', '')}"),
                 ("危害后果", HARM_LEVELS.get(facts.get("harm"), "")), ("建议", recommended_text(data)),
                 ("裁量基准", f"{data.get('file')} 第 {data.get('version')} 版,适用 {data.get('rule_date')} 施行的规定")]
        if data.get("prior_cases"):
            shown.append(("曾受处罚(本系统)", "、".join(data["prior_cases"])))
        return shown
    found = data.get("discretion")
    if action not in CHECKED or not found or not found.get("assessed"):
        return []
    marks = [d["message"] for d in found.get("deviations") or () if d["severity"] in ("error", "warning")]
    return [("裁量基准", found.get("recommended", "")), ("偏离裁量基准", ";".join(marks) if marks else "否")]


def reviewed(steps) -> bool:
    """Whether the latest 法制审核 after the latest written reason for a deviation passed (``steps``:
    ``(action, data)`` in the order they happened), as the rule ``deviation_reviewed`` requires."""
    steps = list(steps)
    written = [i for i, (action, data) in enumerate(steps)
               if action in REASON_STEPS and str((data or {}).get("deviation_reason") or "").strip()]
    if not written:
        return False
    reviews = [data for action, data in steps[written[-1] + 1:] if action == "legal_review"]
    return bool(reviews) and reviews[-1].get("conclusion") == LEGAL_REVIEW_PASSED


def case_steps(case: Case) -> list[tuple[str, dict]]:
    return list(case.steps.order_by("occurred_on", "recorded_at", "pk").values_list("action", "data"))


def page(case: Case) -> dict | None:
    """The recommendation the case page shows; ``None`` when the case's basis is no benchmark matter."""
    snap = case.discretion or {}
    try:
        matters = matters_for_case(case)
    except DomainError as exc:  # the benchmark files are invalid: say so, do not break the page
        return {"error": exc.message}
    if not snap and not matters:
        return None
    checked = snap.get("checked") or {}
    marks = [d["message"] for d in checked.get("deviations") or () if d["severity"] in ("error", "warning")]
    return {"snapshot": snap, "matters": matters, "recommended": recommended_text(snap),
            "explanation": snap.get("explanation") or [], "flagged": case.discretion_deviation,
            "reason": case.discretion_reason, "deviations": marks, "checked": checked,
            "reviewed": case.discretion_deviation and reviewed(case_steps(case)),
            "facts": _facts_lines(snap.get("facts") or {})}


def _facts_lines(facts: dict) -> list[str]:
    if not facts:
        return []
    lines = [f"危害后果:{HARM_LEVELS.get(facts.get('harm'), facts.get('harm'))}"]
    lines += [FACT_NAMES[k] for k in FLAGS if facts.get(k)]
    if facts.get("illegal_gains"):
        lines.append(f"违法所得 {facts['illegal_gains']} 元")
    bench = None
    for key, title in (("mitigating", "从轻、减轻情节"), ("aggravating", "从重情节")):
        if facts.get(key):
            bench = bench or shipped.current()
            names = [bench.circumstances[x].label if x in bench.circumstances else x for x in facts[key]]
            lines.append(f"{title}:{'、'.join(names)}")
    for p in facts.get("prior_penalties") or ():
        kind = PENALTY_TYPES.get(p.get("penalty"))
        lines.append(f"曾受处罚:{p.get('basis')} {kind.label if kind else p.get('penalty')}({p.get('decided_on')})")
    return lines
