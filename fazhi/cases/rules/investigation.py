"""Preconditions of 立案 and 调查取证: limitation, officers, recusal, records. Pure Python: no Django import."""

from __future__ import annotations

from fazhi.cases.facts import CaseFacts
from fazhi.cases.rules._base import add_years, rule, text
from fazhi.core import parameters

# 行政处罚法 第三十六条: 二年; 涉及公民生命健康安全、金融安全且有危害后果的, 延长至五年. Statutory numbers.
LIMITATION_YEARS = 2
LIMITATION_YEARS_SERIOUS = 5

REASON_ARTICLES = {
    "not_file": "行政处罚法第五十四条",
    "transfer": "行政处罚法第二十七条、第五十七条第一款第四项",
    "recuse": "行政处罚法第四十三条",
    "resume_investigation": "行政处罚法第五十四条、第五十八条",
}


def limitation_end(f: CaseFacts):
    """The last day on which the violation may still be discovered (行政处罚法 第三十六条): counted from
    the day of the act, or from the day it ended when it continued; the start day is not counted and the
    period ends on the corresponding day (民法典 第二百零一条、第二百零二条)."""
    start = f.violation_ended_on or f.violation_date
    years = LIMITATION_YEARS_SERIOUS if f.endangers_life_or_finance else LIMITATION_YEARS
    return start, years, add_years(start, years)


@rule("within_limitation", "行政处罚法第三十六条")
def within_limitation(f: CaseFacts, data: dict) -> str | None:
    if f.violation_date is None or f.discovered_on is None:
        return "未登记违法行为发生日期或发现日期,无法核对追责期限(行政处罚法第三十六条)"
    start, years, end = limitation_end(f)
    if f.discovered_on <= end:
        return None
    began = "终了" if f.violation_ended_on else "发生"
    serious = "(涉及公民生命健康安全、金融安全且有危害后果)" if f.endangers_life_or_finance else ""
    return (f"违法行为于 {start:%Y-%m-%d} {began},{years} 年内{serious}未被发现(期限至 {end:%Y-%m-%d},"
            f"{f.discovered_on:%Y-%m-%d} 才发现),不再给予行政处罚(行政处罚法第三十六条)")


@rule("two_valid_officers", "行政处罚法第四十二条")
def two_valid_officers(f: CaseFacts, data: dict) -> str | None:
    minimum = parameters.value("enforcement_min_officers", f.on)
    active = f.active_officers
    valid = [o for o in active if o.may_act]
    if len(valid) >= minimum:
        return None
    invalid = "".join(f";{o.name}的执法证{o.credential_label}" for o in active if not o.may_act)
    return (f"{f.on:%Y-%m-%d} 持有效执法证的承办人员只有 {len(valid)} 人,少于 {minimum} 人{invalid}"
            f"(行政处罚法第四十二条:执法人员不得少于两人)")


@rule("no_conflicted_officer", "行政处罚法第四十三条")
def no_conflicted_officer(f: CaseFacts, data: dict) -> str | None:
    conflicted = [o.name for o in f.active_officers if o.id in f.conflicts]
    if not conflicted:
        return None
    return f"承办人员{'、'.join(conflicted)}与当事人有利害关系,应当回避(行政处罚法第四十三条)"


@rule("reason_given", "行政处罚法")
def reason_given(f: CaseFacts, data: dict) -> str | None:
    if text(data, "reason"):
        return None
    return f"须写明理由({REASON_ARTICLES.get(f.action, '行政处罚法第四十七条')})"


@rule("transfer_target_given", "行政处罚法第二十七条")
def transfer_target_given(f: CaseFacts, data: dict) -> str | None:
    if f.transferred_to.strip():
        return None
    return "须写明移送的机关(行政处罚法第二十七条、第五十七条第一款第四项)"


@rule("leader_approval_recorded", "行政处罚法第五十六条")
def leader_approval_recorded(f: CaseFacts, data: dict) -> str | None:
    if text(data, "approved_by"):
        return None
    return "先行登记保存证据须经行政机关负责人批准,请记录批准人(行政处罚法第五十六条)"


def _pending_preservations(f: CaseFacts) -> int:
    return len(f.done("preserve_evidence")) - len(f.done("decide_preservation"))


@rule("preservation_pending", "行政处罚法第五十六条")
def preservation_pending(f: CaseFacts, data: dict) -> str | None:
    if _pending_preservations(f) > 0:
        return None
    return "本案没有待处理的先行登记保存证据(行政处罚法第五十六条)"


@rule("no_pending_preservation", "行政处罚法第五十六条")
def no_pending_preservation(f: CaseFacts, data: dict) -> str | None:
    pending = _pending_preservations(f)
    if pending <= 0:
        return None
    return f"有 {pending} 次先行登记保存的证据尚未作出处理决定(行政处罚法第五十六条:应在七日内作出处理决定)"


@rule("evidence_or_record_present", "行政处罚法第五十四条")
def evidence_or_record_present(f: CaseFacts, data: dict) -> str | None:
    if f.evidence_count > 0 or f.done("record_inquiry"):
        return None
    return "尚无询问、检查笔录或证据材料,不能终结调查(行政处罚法第五十四条、第五十五条:全面、客观、公正地调查,收集有关证据)"
