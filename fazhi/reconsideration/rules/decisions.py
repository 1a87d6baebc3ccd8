"""行政复议决定: the decision types as data, and pure precondition checks. Pure Python: no Django import.

``DECISION_TYPES`` (loaded from ``data.toml`` [decisions]): code → ``DecisionType(code, name, article,
signer, counts_as)``. ``check(code, DecisionFacts) -> list[str]``: the Chinese reasons (with the
article) why that decision may not be made on those facts; empty when it may. ``no_worse(original,
new)`` / ``worsening_reasons``: 行政复议法第六十三条第二款 — a 变更 may not be worse for the applicant.

Penalties are anything with ``type`` (a code of ``fazhi.cases.facts.PENALTY_TYPES``), ``amount``
(Decimal | None) and ``months`` (int | None): ``fazhi.cases.facts.Penalty`` works, as does ``Penalty`` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fazhi.reconsideration.rules import LIMITS, load


@dataclass(frozen=True)
class DecisionType:
    code: str
    name: str
    article: str
    signer: str  # "bureau" (复议机构) / "government_leader" (复议机关负责人)
    signer_label: str
    signer_tag: str  # S: legal-rules.md Tianjin line; M: local setting to confirm
    counts_as: str  # corrected / upheld / rejected / other (metrics)


def _types() -> dict[str, DecisionType]:
    data = load("data")
    out = {}
    for code, row in data["decisions"].items():
        if row["counts_as"] not in ("corrected", "upheld", "rejected", "other"):
            raise ValueError(f"决定类型“{code}”的统计口径无效")
        out[code] = DecisionType(code, row["name"], row["article"], row["signer"], data["signers"][row["signer"]],
                                 row.get("signer_tag", "M"), row["counts_as"])
    return out


DECISION_TYPES: dict[str, DecisionType] = _types()
SEVERITY: dict[str, int] = dict(load("data")["penalty_severity"])
PENALTY_LABELS: dict[str, str] = dict(load("data")["penalty_labels"])


@dataclass(frozen=True)
class Penalty:
    type: str
    amount: Decimal | None = None
    months: int | None = None


@dataclass(frozen=True)
class DecisionFacts:
    """What the 复议机构 has found. ``None`` means "not established" and is treated like ``False`` for a
    condition a decision requires."""

    # the review of the act (第六十三条、第六十四条、第六十八条)
    facts_clear: bool | None = None
    evidence_sufficient: bool | None = None
    law_correct: bool | None = None
    procedure_lawful: bool | None = None
    content_appropriate: bool | None = None
    ultra_vires_or_abuse: bool = False
    facts_clarified_by_body: bool = False  # 第六十三条第一款第三项: 复议机关查清事实和证据
    # 确认违法 (第六十五条)
    revocation_harms_public_interest: bool = False
    minor_procedural_defect_no_effect: bool = False
    nothing_to_revoke: bool = False
    respondent_changed_act: bool = False
    performance_meaningless: bool = False
    # failure to act (第六十六条、第六十九条)
    failure_to_act_claim: bool = False
    duty_exists: bool | None = None
    performed_before_acceptance: bool = False
    # 确认无效 (第六十七条)
    major_obvious_defect: bool = False
    invalidity_requested: bool = False
    # 第七十条
    respondent_answered: bool = True
    third_party_evidence: bool = False
    # 第七十一条
    administrative_agreement: bool = False
    agreement_breach: bool = False
    # 第七十二条
    compensation_requested: bool = False
    property_measure_revoked: bool = False  # 第七十二条第二款: fine, confiscation, seizure … revoked or changed
    # 第三十三条
    meets_acceptance_conditions: bool = True
    # 变更 (第六十三条第二款)
    original_penalties: tuple = ()
    new_penalties: tuple = ()
    third_party_contrary_request: bool = False
    # 撤销 (第六十四条): optional order to act again within a period
    redo_order: bool = False
    redo_period_days: int | None = None


def _rank(code: str) -> int:
    if code not in SEVERITY:
        raise ValueError(f"处罚种类“{code}”不在严重程度表中")
    return SEVERITY[code]


def worsening_reasons(original, new) -> list[str]:
    """Why ``new`` penalties are worse for the applicant than ``original`` (行政复议法第六十三条第二款).

    - a type kept: the amount (fine, confiscation) may not go up, the months may not increase;
    - a type added: refused when it is not lighter than the heaviest original penalty, or when it is
      simply added (nothing original was dropped or reduced) — an addition is always worse.
    Severity ranks: ``data.toml`` [penalty_severity] (行政处罚法第九条 categories; [M] order within)."""
    art = "(行政复议法第六十三条第二款)"
    reasons: list[str] = []
    before = {p.type: p for p in original}
    after = {p.type: p for p in new}
    lightened = any(t not in after for t in before)
    for t, p in after.items():
        o = before.get(t)
        name = PENALTY_LABELS.get(t, t)
        if o is None:
            continue
        if p.amount is not None and (o.amount is None or Decimal(p.amount) > Decimal(o.amount)):
            reasons.append(f"{name}金额由 {o.amount} 提高至 {p.amount},不得作出对申请人更为不利的变更{art}")
        elif o.amount is not None and p.amount is not None and Decimal(p.amount) < Decimal(o.amount):
            lightened = True
        if p.months is not None and (o.months is None or p.months > o.months):
            reasons.append(f"{name}期限由 {o.months} 个月延长至 {p.months} 个月,不得作出对申请人更为不利的变更{art}")
        elif o.months is not None and p.months is not None and p.months < o.months:
            lightened = True
    heaviest = max((_rank(t) for t in before), default=0)
    for t in after:
        if t in before:
            continue
        name = PENALTY_LABELS.get(t, t)
        if _rank(t) >= heaviest:
            reasons.append(f"新增处罚种类“{name}”不轻于原处罚,不得作出对申请人更为不利的变更{art}")
        elif not lightened:
            reasons.append(f"在原处罚之外增加处罚种类“{name}”,不得作出对申请人更为不利的变更{art}")
    return reasons


def no_worse(original, new) -> bool:
    """True when ``new`` is not worse for the applicant than ``original`` (行政复议法第六十三条第二款)."""
    return not worsening_reasons(original, new)


def _lawful(f: DecisionFacts) -> bool:
    return bool(f.facts_clear and f.evidence_sufficient and f.law_correct and f.procedure_lawful)


def _revocation_grounds(f: DecisionFacts) -> bool:
    # 第六十四条第一款: 主要事实不清、证据不足;违反法定程序;适用的依据不合法;超越职权或者滥用职权
    return (f.facts_clear is False or f.evidence_sufficient is False or f.procedure_lawful is False
            or f.law_correct is False or f.ultra_vires_or_abuse)


def _check_change(f: DecisionFacts) -> list[str]:
    out = []
    # 第六十三条第一款: (一) lawful but inappropriate; (二) law misapplied; (三) facts clarified by the body
    item1 = _lawful(f) and f.content_appropriate is False
    item2 = bool(f.facts_clear and f.evidence_sufficient and f.procedure_lawful) and f.law_correct is False
    item3 = f.facts_clarified_by_body
    if not (item1 or item2 or item3):
        out.append("变更须具备:内容不适当、未正确适用依据,或事实不清经复议机关查清之一(行政复议法第六十三条第一款)")
    excepted = LIMITS.get("third_party_exception", True) and f.third_party_contrary_request
    if not excepted:
        out.extend(worsening_reasons(f.original_penalties, f.new_penalties))
    return out


def _check_revoke(f):
    out = []
    if not _revocation_grounds(f):
        out.append("撤销须具备主要事实不清证据不足、违反法定程序、适用依据不合法或超越职权滥用职权之一(行政复议法第六十四条第一款)")
    if f.revocation_harms_public_interest or f.minor_procedural_defect_no_effect:
        out.append("撤销会给国家利益、社会公共利益造成重大损害或程序轻微违法未产生实际影响的,应确认违法而不撤销(行政复议法第六十五条第一款)")
    if f.redo_order and (f.redo_period_days is None or f.redo_period_days < 1):
        out.append("责令重新作出行政行为的,应当明确期限(行政复议法第六十四条第一款)")
    return out


def _check_confirm_illegal(f):
    para1 = _revocation_grounds(f) and (f.revocation_harms_public_interest or f.minor_procedural_defect_no_effect)
    para2 = f.nothing_to_revoke or f.respondent_changed_act or (f.failure_to_act_claim and f.performance_meaningless)
    if not (para1 or para2):
        return ["确认违法须具备撤销将损害公共利益、程序轻微违法无实际影响、不具有可撤销内容、被申请人已改变原行为或责令履行没有意义之一(行政复议法第六十五条)"]
    return []


def _check_perform(f):
    out = []
    if not f.failure_to_act_claim:
        out.append("责令履行仅适用于被申请人不履行法定职责(行政复议法第六十六条)")
    if not f.duty_exists or f.performed_before_acceptance:
        out.append("被申请人无相应法定职责或受理前已履行的,应驳回复议请求(行政复议法第六十九条)")
    if f.performance_meaningless:
        out.append("责令履行没有意义的,应确认违法(行政复议法第六十五条第二款第三项)")
    return out


def _check_confirm_void(f):
    out = []
    if not f.major_obvious_defect:
        out.append("确认无效须行政行为有实施主体不具有行政主体资格或者没有依据等重大且明显违法情形(行政复议法第六十七条)")
    if not f.invalidity_requested:
        out.append("确认无效须申请人申请确认行政行为无效(行政复议法第六十七条)")
    return out


def _check_uphold(f):
    missing = [label for label, ok in (("认定事实清楚", f.facts_clear), ("证据确凿", f.evidence_sufficient),
                                       ("适用依据正确", f.law_correct), ("程序合法", f.procedure_lawful),
                                       ("内容适当", f.content_appropriate)) if not ok]
    out = [f"维持须{'、'.join(missing)}(行政复议法第六十八条)"] if missing else []
    if f.ultra_vires_or_abuse:
        out.append("超越职权或者滥用职权的不得维持(行政复议法第六十四条第一款第四项)")
    if not f.respondent_answered and not f.third_party_evidence:
        out.append("被申请人未依法答复、提交证据的,视为没有证据、依据,不得维持(行政复议法第七十条)")
    return out


def _check_reject_request(f):
    if not f.failure_to_act_claim:
        return ["驳回复议请求适用于认为被申请人不履行法定职责的申请(行政复议法第六十九条)"]
    if f.duty_exists and not f.performed_before_acceptance:
        return ["被申请人有相应法定职责且受理前未履行的,不得驳回复议请求(行政复议法第六十九条)"]
    return []


def _check_no_defence(f):
    if f.respondent_answered:
        return ["被申请人已依法提出书面答复并提交证据、依据的,不适用第七十条(行政复议法第七十条)"]
    if f.third_party_evidence:
        return ["行政行为涉及第三人合法权益且第三人提供证据的,不适用第七十条(行政复议法第七十条)"]
    return []


def _check_agreement(f):
    out = []
    if not f.administrative_agreement:
        out.append("须为行政协议案件(行政复议法第七十一条)")
    if not f.agreement_breach:
        out.append("须被申请人不依法订立、不依法履行、未按约定履行或违法变更、解除行政协议,或变更解除后未依法合理补偿(行政复议法第七十一条)")
    return out


def _check_compensation(f):
    if not (f.compensation_requested or f.property_measure_revoked):
        return ["申请人未一并提出行政赔偿请求,且不属于撤销、变更罚款或撤销没收、查封、扣押、冻结等涉财产行为的情形(行政复议法第七十二条)"]
    return []


def _check_reject_application(f):
    if f.meets_acceptance_conditions:
        return ["申请符合受理条件的,不得驳回申请(行政复议法第三十三条、第三十条第一款)"]
    return []


_CHECKS = {
    "change": _check_change, "revoke": _check_revoke, "confirm_illegal": _check_confirm_illegal,
    "perform": _check_perform, "confirm_void": _check_confirm_void, "uphold": _check_uphold,
    "reject_request": _check_reject_request, "no_defence": _check_no_defence, "agreement": _check_agreement,
    "compensation": _check_compensation, "reject_application": _check_reject_application,
}
if set(_CHECKS) != set(DECISION_TYPES):
    raise ValueError("data.toml [decisions] 与 decisions._CHECKS 的决定类型不一致")


def check(decision_code: str, facts: DecisionFacts) -> list[str]:
    """Reasons (Chinese, with the article) why ``decision_code`` may not be made on ``facts``; [] when it may.
    Every decision other than 驳回申请 (第三十三条) needs an application that meets the acceptance conditions."""
    if decision_code not in DECISION_TYPES:
        raise ValueError(f"行政复议决定类型“{decision_code}”无效")
    out = list(_CHECKS[decision_code](facts))
    if decision_code != "reject_application" and not facts.meets_acceptance_conditions:
        out.append("申请不符合受理条件的,应当决定驳回申请(行政复议法第三十三条)")
    return out


def signer(decision_code: str) -> str:
    """Who signs the 决定书 in Tianjin (legal-rules.md “Tianjin” [S] for 维持/驳回/变更/撤销; others [M])."""
    return DECISION_TYPES[decision_code].signer_label
