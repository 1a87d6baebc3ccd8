"""Preconditions from 法制审核 to the decision: review, collective discussion, notice, the party's
statement and hearing, the decision period. Pure Python: no Django import."""

from __future__ import annotations

from fazhi.cases.facts import LEGAL_REVIEW_PASSED, CaseFacts
from fazhi.cases.rules._base import hearing_triggers, large_amount, penalties_in_view, rule, text, yuan
from fazhi.core import parameters

HEARING_REQUEST_WORKING_DAYS = 5  # 行政处罚法 第六十四条第一项 (告知后五日内), working days by 第八十五条
HEARING_NOTICE_WORKING_DAYS = 7  # 第六十四条第二项 (听证的七日前通知), working days by 第八十五条
DECISION_PERIOD_DAYS = 90  # 第六十条: 自立案之日起九十日内 (calendar days: not in 第八十五条's list)


def _hearing_held(f: CaseFacts) -> bool:
    """A hearing actually took place (not ended because the party stayed away or left, 第六十四条第八项)."""
    last = f.last("hold_hearing")
    return f.hearing_held_on is not None and (last is None or last.data.get("outcome", "held") == "held")


@rule("reviewer_qualified", "行政处罚法第五十八条第二款")
def reviewer_qualified(f: CaseFacts, data: dict) -> str | None:
    # The qualification is recorded on the reviewer's entry in the 执法人员名录库 (Officer linked to the
    # user account, “具有法律职业资格”). Reviewers who reviewed before 2021-07-15 (not 初次) are recorded
    # with the same flag: the system has no record of earlier reviews to exempt them by.
    if f.actor_legal_qualification:
        return None
    return ("初次从事行政处罚决定法制审核的人员应当取得法律职业资格;您的账号未关联记录有“具有法律职业资格”的"
            "人员信息,不能进行法制审核(行政处罚法第五十八条第二款)")


@rule("proposed_penalty_given", "行政处罚法第四十四条")
def proposed_penalty_given(f: CaseFacts, data: dict) -> str | None:
    if not f.proposed_penalties:
        return "须告知拟作出的行政处罚内容(行政处罚法第四十四条)"
    if not f.basis_article_ids:
        return "尚未确定违法依据与处罚依据,须告知当事人处罚的依据(行政处罚法第四十四条)"
    return None


@rule("legal_review_done_if_required", "行政处罚法第五十八条")
def legal_review_done_if_required(f: CaseFacts, data: dict) -> str | None:
    held = _hearing_held(f)
    why = []
    if f.major_or_complex:
        why.append("案件情况疑难复杂或属重大违法(第五十八条第一款第三项)")
    if held:
        why.append("经过听证程序(第五十八条第一款第二项)")
    if parameters.value("legal_review_for_hearing_right_penalties", f.on) and \
            hearing_triggers(penalties_in_view(f), f.party_kind, f.on):
        why.append("拟作出的处罚当事人有权要求听证,属本地重大执法决定法制审核目录的范围")
    if not why:
        return None
    required = "本案须经法制审核:" + ";".join(why)
    last = f.last("legal_review")
    if last is None:
        return f"{required};尚未进行法制审核(行政处罚法第五十八条:未经法制审核的,不得作出决定)"
    if held and last.occurred_on < f.hearing_held_on:
        return f"{required};听证后尚未重新进行法制审核(行政处罚法第五十八条第一款第二项)"
    if last.data.get("conclusion") != LEGAL_REVIEW_PASSED:
        return f"{required};最近一次法制审核未通过(行政处罚法第五十八条:审核未通过的,不得作出决定)"
    return None


@rule("collective_discussion_done_if_required", "行政处罚法第五十七条第二款")
def collective_discussion_done_if_required(f: CaseFacts, data: dict) -> str | None:
    if not f.major_or_complex or f.done("collective_discussion"):
        return None
    return "对情节复杂或者重大违法行为给予行政处罚,行政机关负责人应当集体讨论决定;尚无集体讨论记录(行政处罚法第五十七条第二款)"


@rule("hearing_right_applies", "行政处罚法第六十三条")
def hearing_right_applies(f: CaseFacts, data: dict) -> str | None:
    if hearing_triggers(f.proposed_penalties, f.party_kind, f.on):
        return None
    who = "公民" if f.party_kind == "person" else "法人或者其他组织"
    proposed = "、".join(p.label for p in f.proposed_penalties) or "无"
    return (f"拟作出的行政处罚({proposed})不属于当事人有权要求听证的情形:对{who}罚款或没收的较大数额为 "
            f"{yuan(large_amount(f.party_kind, f.on))}以上,或降低资质等级、吊销许可证件、责令停产停业、责令关闭、"
            f"限制从业等较重处罚(行政处罚法第六十三条)")


@rule("hearing_request_in_time", "行政处罚法第六十四条第一项")
def hearing_request_in_time(f: CaseFacts, data: dict) -> str | None:
    if f.notified_on is None or f.hearing_requested_on is None:
        return "未记录事先告知日期或听证申请日期(行政处罚法第六十四条第一项)"
    due = f.calendar.add_working_days(f.notified_on, HEARING_REQUEST_WORKING_DAYS)
    if f.hearing_requested_on <= due:
        return None
    return (f"当事人应在告知后 {HEARING_REQUEST_WORKING_DAYS} 个工作日内(至 {due:%Y-%m-%d})要求听证,"
            f"{f.hearing_requested_on:%Y-%m-%d} 提出已逾期(行政处罚法第六十四条第一项、第八十五条)")


@rule("hearing_notice_seven_working_days", "行政处罚法第六十四条第二项")
def hearing_notice_seven_working_days(f: CaseFacts, data: dict) -> str | None:
    if f.hearing_notice_on is None or f.hearing_on is None:
        return "未记录听证通知日期或听证日期(行政处罚法第六十四条第二项)"
    earliest = f.calendar.add_working_days(f.hearing_notice_on, HEARING_NOTICE_WORKING_DAYS)
    if f.hearing_on >= earliest:
        return None
    return (f"应在举行听证的 {HEARING_NOTICE_WORKING_DAYS} 个工作日前通知当事人:{f.hearing_notice_on:%Y-%m-%d} 通知的,"
            f"听证最早定于 {earliest:%Y-%m-%d}(行政处罚法第六十四条第二项、第八十五条)")


@rule("hearing_scheduled", "行政处罚法第六十四条第二项")
def hearing_scheduled(f: CaseFacts, data: dict) -> str | None:
    if f.hearing_on is None:
        return "尚未通知听证的时间、地点(行政处罚法第六十四条第二项)"
    if f.on != f.hearing_on:
        return (f"听证已通知于 {f.hearing_on:%Y-%m-%d} 举行,不能在 {f.on:%Y-%m-%d} 举行;改期须重新通知"
                f"(行政处罚法第六十四条第二项)")
    return None


@rule("hearing_chair_not_investigator", "行政处罚法第六十四条第四项")
def hearing_chair_not_investigator(f: CaseFacts, data: dict) -> str | None:
    chair = data.get("chair_officer_id")
    if not chair:
        return "须记录行政机关指定的听证主持人(行政处罚法第六十四条第四项)"
    if any(o.id == chair for o in f.officers):
        return "听证由行政机关指定的非本案调查人员主持,所指定的主持人是本案承办人员(行政处罚法第六十四条第四项)"
    if chair in f.conflicts:
        return "所指定的听证主持人与当事人有利害关系,应当回避(行政处罚法第六十四条第四项)"
    return None


@rule("statement_period_over_or_waived", "行政处罚法第六十二条")
def statement_period_over_or_waived(f: CaseFacts, data: dict) -> str | None:
    if f.notified_on is None:
        return "未事先告知当事人拟作出的行政处罚,不得作出行政处罚决定(行政处罚法第四十四条、第六十二条)"
    if f.rights_waived:
        return None
    days = parameters.value("statement_period_working_days", f.on)
    due = f.calendar.add_working_days(f.notified_on, days)
    if f.on > due:
        return None
    return (f"当事人陈述、申辩的期限(告知后 {days} 个工作日)至 {due:%Y-%m-%d} 届满,期满前不得作出决定,"
            f"当事人明确放弃陈述、申辩的除外(行政处罚法第四十五条、第六十二条)")


@rule("hearing_held_if_requested", "行政处罚法第六十五条")
def hearing_held_if_requested(f: CaseFacts, data: dict) -> str | None:
    if f.hearing_requested_on is None or f.hearing_held_on is not None:
        return None
    return "当事人已要求听证,应在听证结束后根据听证笔录作出决定(行政处罚法第六十三条、第六十五条)"


def decision_due(f: CaseFacts):
    """The last day to decide: 90 days from 立案 plus the approved extension (行政处罚法 第六十条); a last
    day on a rest day moves to the next working day (民事诉讼法 第八十五条)."""
    return f.calendar.add_calendar_days(f.filed_on, DECISION_PERIOD_DAYS + f.deadline_extension_days)


@rule("within_decision_period_or_extended", "行政处罚法第六十条")
def within_decision_period_or_extended(f: CaseFacts, data: dict) -> str | None:
    if f.filed_on is None:
        return "案件尚未立案(行政处罚法第六十条:自立案之日起计算办案期限)"
    due = decision_due(f)
    if f.on <= due:
        return None
    extended = f",含批准延长的 {f.deadline_extension_days} 日" if f.deadline_extension_days else ""
    return (f"应自立案之日({f.filed_on:%Y-%m-%d})起 {DECISION_PERIOD_DAYS} 日内作出决定{extended},期限已于 "
            f"{due:%Y-%m-%d} 届满;须先经批准延长办案期限(行政处罚法第六十条)")


@rule("extension_allowed", "行政处罚法第六十条")
def extension_allowed(f: CaseFacts, data: dict) -> str | None:
    limit = parameters.value("decision_extension_max_days", f.on)
    days = data.get("days")
    if not limit:
        return "本地规定未允许延长办案期限(行政处罚法第六十条:法律、法规、规章另有规定的,从其规定)"
    if not isinstance(days, int) or days <= 0:
        return "须写明延长的天数(行政处罚法第六十条)"
    if f.deadline_extension_days > limit:
        return (f"延长后累计 {f.deadline_extension_days} 日,超过规定允许的 {limit} 日"
                f"(行政处罚法第六十条)")
    if not text(data, "approved_by"):
        return "延长办案期限须经行政机关负责人批准,请记录批准人(行政处罚法第六十条)"
    return None


@rule("penalty_given", "行政处罚法第五十九条")
def penalty_given(f: CaseFacts, data: dict) -> str | None:
    if not f.penalties:
        return "行政处罚决定书须载明行政处罚的内容(行政处罚法第五十九条)"
    if not f.basis_article_ids:
        return "尚未确定处罚依据:没有依据的行政处罚无效(行政处罚法第三十八条、第五十九条)"
    return None


@rule("education_recorded", "行政处罚法第三十三条")
def education_recorded(f: CaseFacts, data: dict) -> str | None:
    if f.education_note.strip():
        return None
    return "对依法不予行政处罚的当事人,应当进行教育;请记录教育情况(行政处罚法第三十三条第三款)"
