"""Documents of the investigation and of the party's rights before a decision (4, 17–25): the inquiry
record, the investigation report, the legal review, the collective discussion, the prior notice of
the penalty, the statement record, and the hearing (right, notice, record, report).

Records (笔录) are header rows, the body and signature lines; letters (告知书, 通知书) are addressed to
the party and signed off under the unit's seal; reports carry the opinions as wide rows.
"""

from __future__ import annotations

from fazhi.cases.facts import HEARING_OUTCOMES, LEGAL_REVIEW_CONCLUSIONS, penalty_from
from fazhi.cases.rules import hearing_triggers
from fazhi.cases.services.evidence import EVIDENCE_KINDS
from fazhi.cases.services.step_data import INQUIRY_KINDS
from fazhi.core import parameters
from fazhi.documents.builders import builds
from fazhi.documents.builders.common import (basis_full_text, basis_text, case_attr, case_rows, cause, data_date, doc,
                                             officer_label, officer_names, officer_rows, officers_text, opinion_row,
                                             party_code, party_phone, penalties_text, record_signatures, recorder,
                                             sentence, sign_off, step_of, subject_name, subject_rows, text_or_blank,
                                             unit_notes, you)
from fazhi.documents.layout import BLANK, Para, Row, cn_date, or_blank
from fazhi.laws.numerals import chinese_number

LAW = "《中华人民共和国行政处罚法》"
HEARING_REQUEST_DAYS = "五个工作日"  # 行政处罚法 第六十四条第一项 (五日), working days by 第八十五条


def _data(step) -> dict:
    return dict(step.data) if step is not None else {}


def _day(step):
    return getattr(step, "occurred_on", None)


def _proposed(source) -> list[dict]:
    """The penalties proposed in the notice (the notify step, else the case)."""
    return _data(step_of(source, "notify")).get("proposed_penalties") or case_attr(source, "proposed_penalties") or []


def _hearing_items(source) -> list[str]:
    """The items of 第六十三条第一款 the proposed penalties meet (thresholds are local parameters)."""
    proposed = [penalty_from(p) for p in _proposed(source) if isinstance(p, dict)]
    if not proposed or source.case is None:
        return []
    return hearing_triggers(proposed, source.case.party_kind, source.day("notify") or source.on)


def _facts(source) -> str:
    """The facts found: the investigation's conclusion, else the suspected violation with its date."""
    found = _data(step_of(source, "close_investigation")).get("summary", "")
    stated = (f"经查,当事人{subject_name(source)}存在下列违法行为:{sentence(cause(source.case))}"
              f"违法行为发生时间:{cn_date(case_attr(source, 'violation_date'))}。")
    return stated + (f"\n{sentence(found)}" if found else "")


def _evidence_lines(source) -> str:
    lines = [f"{e.name}({EVIDENCE_KINDS.get(e.kind, e.kind)})" for e in source.evidence]
    for step in source.steps:
        if step.action == "record_inquiry":
            kind = INQUIRY_KINDS.get(step.data.get("kind"), "询问")
            lines.append(f"{cn_date(step.occurred_on)}{kind}笔录")
        elif step.action == "preserve_evidence":
            lines.append(f"先行登记保存的证据:{step.data.get('items', '')}")
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1)) or BLANK


def _opening(source, what: str) -> str:
    return f"{subject_name(source)}涉嫌{cause(source.case)}一案{what}"


def _credentials_said(source, right: str) -> Para:
    # 行政处罚法 第五十五条: officers show credentials; 第四十三条: the right to ask for recusal
    return Para(f"我们是{source.unit.name}的执法人员{officers_text(source.officers)},这是我们的执法证件(出示)。"
                f"{right}你有权申请执法人员回避。问:你是否申请回避?答:{BLANK}")


def _schedule(source) -> dict:
    return _data(step_of(source, "schedule_hearing"))


def _hearing_rows(source) -> list[Row]:
    schedule, held = _schedule(source), step_of(source, "hold_hearing")
    day = _day(held) or data_date(schedule.get("hearing_on")) or case_attr(source, "hearing_on")
    public = schedule.get("public")
    return [Row("听证时间", cn_date(day)), Row("听证地点", text_or_blank(schedule.get("place"))),
            Row("听证方式", BLANK if public is None else ("公开" if public else "不公开")),
            Row("听证主持人", officer_label(source.chair) if source.chair is not None else BLANK)]


# --- records and reports of the investigation --------------------------------------------------------

@builds("inquiry_record")
def inquiry_record(source, doc_type):
    """询问笔录 (文书 4). 行政处罚法 第五十五条: officers show their credentials; the persons questioned answer
    truthfully; the questioning is recorded and the record signed."""
    step = step_of(source, "record_inquiry", kind="questioning")
    data = _data(step)
    rows = [*case_rows(source.case), Row("询问时间", cn_date(_day(step))), Row("询问地点", text_or_blank(data.get("place"))),
            Row("被询问人", text_or_blank(data.get("persons"))), Row("身份证件号码", BLANK), Row("工作单位及职务", BLANK),
            Row("联系电话", BLANK), *subject_rows(source), *officer_rows(source.officers), Row("记录人", BLANK)]
    right = f"现就有关问题依法向你询问,你应当如实回答,协助调查,不得拒绝或者阻挠({LAW}第五十五条第二款)。"
    return doc(source, doc_type, rows=tuple(rows),
               paragraphs=(_credentials_said(source, right),
                           Para(text_or_blank(data.get("summary")), key="record", heading="询问记录:"),
                           Para("以上笔录我已看过(已向我宣读),与我所说的一致。")),
               signatures=record_signatures())


@builds("investigation_report")
def investigation_report(source, doc_type):
    """案件调查终结报告 (文书 17). 行政处罚法 第五十七条: when the investigation ends, the head reviews its
    result (facts, evidence, basis, proposed handling) and decides."""
    step = step_of(source, "close_investigation")
    proposed = _proposed(source)
    opinion = f"建议给予{penalties_text(proposed)}的行政处罚。" if proposed else BLANK
    rows = [*case_rows(source.case), *subject_rows(source), *officer_rows(source.officers),
            Row("立案日期", cn_date(case_attr(source, "filed_on"))), Row("调查终结日期", cn_date(_day(step))),
            opinion_row("承办机构负责人意见"), opinion_row("负责人审批意见")]
    paragraphs = (Para(_facts(source), key="facts", heading="一、违法事实:"),
                  Para(_evidence_lines(source), key="evidence", heading="二、证据:"),
                  Para(f"{basis_text(source.articles)}\n{basis_full_text(source.articles)}", heading="三、依据:"),
                  Para(opinion, key="opinion", heading="四、处理意见:"))
    return doc(source, doc_type, rows=tuple(rows), paragraphs=paragraphs,
               signatures=(f"承办人(签名):{officer_names(source.officers)}        日期:{cn_date(_day(step))}",))


@builds("legal_review_opinion")
def legal_review_opinion(source, doc_type):
    """法制审核意见书 (文书 18). 行政处罚法 第五十八条: before the decision, reviewers (with 法律职业资格 the
    first time) review the case: the acting body, jurisdiction, facts, evidence, basis, procedure and
    the proposed penalty; a case that did not pass may not be decided."""
    step = step_of(source, "legal_review")
    data = _data(step)
    rows = [*case_rows(source.case), Row("当事人", subject_name(source)), Row("承办单位", or_blank(source.unit.name)),
            Row("承办人", officer_names(source.officers)), Row("拟处罚意见", penalties_text(_proposed(source))),
            Row("处罚依据", basis_text(source.articles))]
    scope = ("审核内容:执法主体是否合法,是否超越法定职权;案件事实是否清楚,证据是否确凿充分;适用法律依据是否正确;"
             "程序是否合法;行政裁量是否适当。")
    conclusion = LEGAL_REVIEW_CONCLUSIONS.get(data.get("conclusion", ""), BLANK)
    return doc(source, doc_type, rows=tuple(rows),
               paragraphs=(Para(scope), Para(text_or_blank(data.get("opinion")), key="opinion", heading="审核意见:"),
                           Para(conclusion, heading="审核结论:")),
               signatures=(f"审核人(签名):{text_or_blank(recorder(step))}        日期:{cn_date(_day(step))}",))


@builds("collective_discussion")
def collective_discussion(source, doc_type):
    """集体讨论记录 (文书 19). 行政处罚法 第五十七条第二款: a complex or major case is decided by the heads
    of the agency collectively; the discussion (participants, views, conclusion) is recorded."""
    step = step_of(source, "collective_discussion")
    data = _data(step)
    participants = "、".join(data.get("participants") or []) or BLANK
    rows = [*case_rows(source.case), Row("当事人", subject_name(source)), Row("讨论时间", cn_date(_day(step))),
            Row("讨论地点", BLANK), Row("主持人", BLANK), Row("参加人员", participants),
            Row("列席人员(承办人)", officer_names(source.officers)), Row("记录人", BLANK)]
    report = (f"承办人汇报案情:{_facts(source)}依据:{basis_text(source.articles)}。"
              f"拟处罚意见:{penalties_text(_proposed(source))}。")
    return doc(source, doc_type, rows=tuple(rows),
               paragraphs=(Para(report), Para(text_or_blank(data.get("conclusion")), key="record",
                                              heading="讨论意见及决定:")),
               signatures=("参加人员(签名):                日期:", "记录人(签名):                日期:"))


# --- the party's rights before the decision ----------------------------------------------------------

@builds("penalty_notice")
def penalty_notice(source, doc_type):
    """行政处罚事先告知书 (文书 20). 行政处罚法 第四十四条: before deciding, the party is told the proposed
    penalty, its facts, reasons and basis, and the rights of statement and defence (第四十五条), and of a
    hearing where 第六十三条 gives one."""
    who = you(source.case)
    facts = _data(step_of(source, "notify")).get("facts") or _facts(source)
    days = chinese_number(parameters.value("statement_period_working_days", source.day("notify") or source.on))
    paragraphs = [Para(f"本机关对{_opening(source, '')}已调查终结。根据{LAW}第四十四条的规定,现将本机关拟作出行政处罚的"
                       f"事实、理由、依据和处罚内容告知如下:"),
                  Para(facts, key="facts", heading="一、违法事实:"),
                  Para(f"{who}的上述行为违反了{basis_text(source.articles)}的规定。", key="reasons", heading="二、理由:"),
                  Para(f"{basis_text(source.articles)}\n{basis_full_text(source.articles)}", heading="三、依据:"),
                  Para(f"本机关拟对{who}作出{penalties_text(_proposed(source))}的行政处罚。", heading="四、拟作出的行政处罚:"),
                  Para(f"根据{LAW}第四十五条的规定,{who}有权进行陈述和申辩。{who}可以自收到本告知书之日起{days}个工作日内"
                       f"向本机关提出陈述、申辩;逾期未提出的,视为放弃此权利。本机关不因{who}陈述、申辩而给予更重的处罚。",
                       heading="五、陈述、申辩的权利:")]
    if _hearing_items(source):
        paragraphs.append(Para(f"根据{LAW}第六十三条、第六十四条的规定,{who}有权要求举行听证。要求听证的,应当自收到"
                               f"本告知书之日起{HEARING_REQUEST_DAYS}内向本机关提出;逾期未提出的,视为放弃听证的权利。",
                               heading="六、听证的权利:"))
    return doc(source, doc_type, recipient=subject_name(source), paragraphs=tuple(paragraphs), notes=unit_notes(source),
               **sign_off(source))


@builds("statement_record")
def statement_record(source, doc_type):
    """陈述申辩笔录 (文书 21). 行政处罚法 第四十五条: the party's statement and defence are heard in full and
    their facts, reasons and evidence reviewed; a defence never makes the penalty heavier."""
    step = step_of(source, "record_statement")
    data = _data(step)
    record = "当事人明确放弃陈述、申辩的权利。" if data.get("waived") else text_or_blank(data.get("content"))
    label, code = party_code(source.case)
    rows = [*case_rows(source.case), Row("时间", cn_date(_day(step))), Row("地点", BLANK),
            Row("陈述申辩人", subject_name(source)), Row(label, code), Row("联系电话", party_phone(source.case)),
            Row("委托代理人", BLANK), *officer_rows(source.officers), Row("记录人", BLANK)]
    right = f"根据{LAW}第四十五条的规定,你有权进行陈述和申辩,本机关不因你的陈述、申辩而给予更重的处罚。"
    return doc(source, doc_type, rows=tuple(rows),
               paragraphs=(_credentials_said(source, right), Para(record, key="record", heading="陈述申辩内容:"),
                           Para(text_or_blank(data.get("adopted")), heading="复核及采纳情况:"),
                           Para("以上笔录我已看过(已向我宣读),与我所说的一致。")),
               signatures=record_signatures("陈述申辩人"))


@builds("hearing_right_notice")
def hearing_right_notice(source, doc_type):
    """听证告知书 (文书 22). 行政处罚法 第六十三条: the penalties that give a right to a hearing; 第六十四条:
    the party asks within five (working) days of being told; a hearing is public unless secrets or privacy
    are involved, and costs the party nothing (第六十三条第二款)."""
    who = you(source.case)
    items = _hearing_items(source)
    ground = f"属于{LAW}第六十三条第一款{'、'.join(items)}规定的情形," if items else ""
    paragraphs = (Para(f"本机关拟对{who}作出{penalties_text(_proposed(source))}的行政处罚,依据为{basis_text(source.articles)}。"
                       f"该处罚{ground}根据{LAW}第六十三条、第六十四条的规定,{who}有权要求举行听证。"),
                  Para(f"{who}要求听证的,应当自收到本告知书之日起{HEARING_REQUEST_DAYS}内向本机关提出;"
                       f"逾期未提出的,视为放弃听证的权利。"),
                  Para("听证除涉及国家秘密、商业秘密或者个人隐私依法予以保密外,公开举行;当事人认为主持人与本案有直接利害关系的,"
                       "有权申请回避;当事人可以亲自参加听证,也可以委托一至二人代理。当事人不承担行政机关组织听证的费用。"))
    return doc(source, doc_type, recipient=subject_name(source), paragraphs=paragraphs, notes=unit_notes(source),
               **sign_off(source))


@builds("hearing_notice")
def hearing_notice(source, doc_type):
    """听证通知书 (文书 23). 行政处罚法 第六十四条: the party is told the time and place at least seven
    (working) days before; the hearing is chaired by a person the agency names who did not investigate;
    absence without reason or leaving without leave waives it."""
    who, schedule = you(source.case), _schedule(source)
    day = data_date(schedule.get("hearing_on")) or case_attr(source, "hearing_on")
    public = schedule.get("public")
    manner = BLANK if public is None else ("公开" if public else "不公开")
    chair = source.chair.name if source.chair is not None else BLANK
    paragraphs = (Para(f"根据{who}的申请(申请日期:{cn_date(case_attr(source, 'hearing_requested_on'))}),依照{LAW}第六十四条的"
                       f"规定,本机关定于{cn_date(day)}{BLANK}时在{text_or_blank(schedule.get('place'))}{manner}举行听证,"
                       f"就{_opening(source, '拟作出的行政处罚')}听取{who}的陈述、申辩和质证意见。"),
                  Para(f"听证主持人:{chair}。{who}认为主持人与本案有直接利害关系的,有权申请回避。"),
                  Para(f"{who}可以亲自参加听证,也可以委托一至二人代理;委托代理人的,应当提交授权委托书。无正当理由拒不出席"
                       f"听证或者未经许可中途退出听证的,视为放弃听证权利,本机关终止听证。"))
    return doc(source, doc_type, recipient=subject_name(source), paragraphs=paragraphs, notes=unit_notes(source),
               **sign_off(source))


@builds("hearing_record")
def hearing_record(source, doc_type):
    """听证笔录 (文书 24). 行政处罚法 第六十四条: the investigators state the facts, evidence and proposed
    penalty, the party states, defends and cross-examines; the record is checked and signed by the party
    (a refusal is noted by the chair)."""
    step = step_of(source, "hold_hearing")
    data = _data(step)
    outcome = HEARING_OUTCOMES.get(data.get("outcome", ""), BLANK) if step is not None else BLANK
    rows = [*case_rows(source.case), *_hearing_rows(source), Row("听证员", BLANK), Row("记录员", BLANK),
            *subject_rows(source), Row("委托代理人", BLANK), Row("案件调查人员", officers_text(source.officers))]
    opening = ("主持人宣布听证开始,核对当事人及其代理人身份,宣布听证纪律,告知当事人的权利义务,询问是否申请回避。"
               f"案件调查人员提出当事人违法的事实、证据和行政处罚建议(拟给予{penalties_text(_proposed(source))}),"
               "当事人进行申辩和质证。")
    return doc(source, doc_type, rows=tuple(rows),
               paragraphs=(Para(opening), Para(text_or_blank(data.get("record")), key="record", heading="听证记录:"),
                           Para(outcome, heading="听证情况:"), Para("以上笔录我已看过(已向我宣读),与实际情况一致。")),
               signatures=("当事人(签名):                日期:", "委托代理人(签名):                日期:",
                           "案件调查人员(签名):                日期:", "听证主持人(签名):                日期:",
                           "记录员(签名):                日期:"))


@builds("hearing_report")
def hearing_report(source, doc_type):
    """听证报告 (文书 25). 行政处罚法 第六十五条: after the hearing the agency decides on the basis of the
    hearing record (under 第五十七条); the chair reports the hearing and an opinion to the head."""
    step = step_of(source, "hold_hearing")
    data = _data(step)
    outcome = HEARING_OUTCOMES.get(data.get("outcome", ""), BLANK) if step is not None else BLANK
    rows = [*case_rows(source.case), Row("当事人", subject_name(source)), *_hearing_rows(source),
            Row("案件调查人员", officers_text(source.officers)), opinion_row("负责人审批意见")]
    paragraphs = (Para(sentence(outcome) + sentence(data.get("record", "")), heading="一、听证基本情况:"),
                  Para(f"{_facts(source)}拟给予{penalties_text(_proposed(source))}的行政处罚,依据为"
                       f"{basis_text(source.articles)}。", heading="二、案件调查人员提出的事实、证据和处罚建议:"),
                  Para(BLANK, key="opinion", heading="三、听证主持人意见:"))
    chair = source.chair.name if source.chair is not None else ""
    return doc(source, doc_type, rows=tuple(rows), paragraphs=paragraphs,
               signatures=(f"听证主持人(签名):{text_or_blank(chair)}        日期:{cn_date(_day(step))}",))
