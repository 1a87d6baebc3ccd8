"""Documents of 立案 and of the early investigation (9–16): the source register, the filing and
not-filing approvals, the request for evidence, the preservation of evidence (approval, notice,
decision) and the recusal decision.

Forms (登记表, 审批表) are rows with the opinions as wide rows and no sign-off; letters (通知书, 决定书) are
addressed to the party and signed off under the unit's seal.
"""

from __future__ import annotations

from fazhi.cases.models.case import SourceKind
from fazhi.documents.builders import builds
from fazhi.documents.builders.common import (basis_text, case_attr, case_rows, cause, data_date, doc, officer_names,
                                             officer_rows, opinion_row, recorder, remedy_text, sign_off, step_of,
                                             subject_name, subject_rows, text_or_blank, unit_notes, you)
from fazhi.documents.layout import BLANK, Para, Row, cn_date

SOURCES = dict(SourceKind.choices)
PENALTY_LAW = "《中华人民共和国行政处罚法》"


def _case(source):
    return source.case


def _source_text(source) -> str:
    """案件来源, with the inspection it came from."""
    kind = SOURCES.get(case_attr(source, "source_kind", ""), BLANK)
    task = source.task
    if task is not None:
        kind += f"({task.plan.name},{task.plan.code})"
    return kind


def _facts(source) -> str:
    """简要案情: the suspected violation with its dates."""
    ended = case_attr(source, "violation_ended_on")
    when = cn_date(case_attr(source, "violation_date")) + (f"至{cn_date(ended)}" if ended else "")
    return f"{subject_name(source)}涉嫌{cause(_case(source))}。违法行为发生时间:{when};发现时间:" \
           f"{cn_date(case_attr(source, 'discovered_on'))}。"


def _handler_opinion(source, text: str = "", day=None):
    return opinion_row("承办人意见", text, officer_names(source.officers) if source.officers else "", day)


def _preservation(source):
    step = step_of(source, "preserve_evidence")
    return step, (step.data if step is not None else {})


@builds("case_source")
def case_source(source, doc_type):
    """案件来源登记表 (文书 9). 行政处罚法 第五十四条: a matter found in an inspection or received by complaint,
    report or referral is registered and checked before it is filed (立案)."""
    step = step_of(source, "register")
    rows = [*case_rows(_case(source)), Row("案件来源", _source_text(source)),
            Row("登记日期", cn_date(case_attr(source, "received_on"))), *subject_rows(source),
            Row("来源说明", text_or_blank(case_attr(source, "source_note", ""))),
            opinion_row("登记人意见", "", recorder(step), getattr(step, "occurred_on", None)),
            opinion_row("承办机构负责人意见"), opinion_row("负责人审批意见")]
    return doc(source, doc_type, rows=tuple(rows), paragraphs=(Para(_facts(source), key="summary", heading="简要情况:"),))


@builds("filing_approval")
def filing_approval(source, doc_type):
    """立案审批表 (文书 10). 行政处罚法 第五十四条第二款: a case is filed (立案) in time where there is a
    suspected violation that should be punished; the head of the agency approves."""
    step = step_of(source, "file")
    approval = (step.data.get("opinion") or "同意立案。") if step is not None else ""
    rows = [*case_rows(_case(source)), Row("案件来源", _source_text(source)), *subject_rows(source),
            Row("立案依据", basis_text(source.articles)), *officer_rows(source.officers),
            _handler_opinion(source, "建议立案调查。" if step is not None else ""),
            opinion_row("承办机构负责人意见"),
            opinion_row("负责人审批意见", approval, recorder(step), getattr(step, "occurred_on", None))]
    return doc(source, doc_type, rows=tuple(rows), paragraphs=(Para(_facts(source), key="summary", heading="简要案情:"),))


@builds("no_filing_approval")
def no_filing_approval(source, doc_type):
    """不予立案审批表 (文书 11). 行政处罚法 第五十四条: a matter that does not meet the conditions for filing
    is not filed, with the reason and the head's approval recorded."""
    step = step_of(source, "not_file")
    reason = step.data.get("reason", "") if step is not None else ""
    rows = [*case_rows(_case(source)), Row("案件来源", _source_text(source)), *subject_rows(source),
            Row("不予立案理由", text_or_blank(reason), wide=True),
            _handler_opinion(source, "建议不予立案。" if step is not None else ""),
            opinion_row("承办机构负责人意见"),
            opinion_row("负责人审批意见", "同意不予立案。" if step is not None else "", recorder(step),
                        getattr(step, "occurred_on", None))]
    return doc(source, doc_type, rows=tuple(rows), paragraphs=(Para(_facts(source), key="summary", heading="简要情况:"),))


@builds("evidence_request")
def evidence_request(source, doc_type):
    """调取证据通知书 (文书 12). 行政处罚法 第五十五条: officers investigate and collect evidence; the party
    and the persons concerned answer truthfully and assist, and may not refuse or obstruct."""
    case = _case(source)
    content = (f"本机关在调查{subject_name(source)}涉嫌{cause(case)}一案中,需要调取有关证据。根据{PENALTY_LAW}第五十五条"
               f"的规定,请于{BLANK}前将下列证据材料提供给本机关:{BLANK}。")
    paragraphs = (Para(content, key="content"),
                  Para("提供的材料应当真实、完整;提供复制件的,应当注明出处并签名或者盖章。依法应当协助调查,不得拒绝或者阻挠。"),
                  Para(f"承办人员:{officer_names(source.officers)}"))
    return doc(source, doc_type, recipient=BLANK, paragraphs=paragraphs, notes=unit_notes(source), **sign_off(source))


@builds("preservation_approval")
def preservation_approval(source, doc_type):
    """证据先行登记保存审批表 (文书 13). 行政处罚法 第五十六条: where evidence may be lost or hard to obtain
    later, it may be registered and preserved with the approval of the agency's head."""
    step, data = _preservation(source)
    day = getattr(step, "occurred_on", None)
    reason = (f"在调查{subject_name(source)}涉嫌{cause(_case(source))}一案中,下列证据可能灭失或者以后难以取得,"
              f"根据{PENALTY_LAW}第五十六条的规定,申请先行登记保存。")
    rows = [*case_rows(_case(source)), *subject_rows(source),
            Row("先行登记保存的证据", text_or_blank(data.get("items")), wide=True), Row("保存地点", BLANK),
            Row("保存期限", "自先行登记保存之日起七个工作日内作出处理决定"),
            _handler_opinion(source, "建议先行登记保存。" if step is not None else "", day),
            opinion_row("承办机构负责人意见"),
            opinion_row("负责人审批意见", "同意。" if data.get("approved_by") else "", data.get("approved_by", ""),
                        data_date(data.get("approved_on")))]
    return doc(source, doc_type, rows=tuple(rows), paragraphs=(Para(reason, key="reason", heading="理由:"),))


@builds("preservation_notice")
def preservation_notice(source, doc_type):
    """证据先行登记保存通知书 (文书 14). 行政处罚法 第五十六条: evidence is registered and preserved with the
    head's approval; the agency decides on it within seven (working) days, and the party or persons
    concerned may not destroy or move it."""
    case, (step, data) = _case(source), _preservation(source)
    who = you(case)
    body = (f"因{who}涉嫌{cause(case)},本机关在调查中发现下列证据可能灭失或者以后难以取得。经本机关负责人批准,"
            f"根据{PENALTY_LAW}第五十六条的规定,决定自{cn_date(getattr(step, 'occurred_on', None))}起对下列证据"
            f"先行登记保存:")
    paragraphs = (Para(body), Para(text_or_blank(data.get("items")), heading="先行登记保存的证据:"),
                  Para(f"保存地点:{BLANK}。在此期间,{who}及有关人员不得销毁或者转移上述证据。本机关将在七个工作日内"
                       f"对上述证据作出处理决定。"))
    return doc(source, doc_type, recipient=subject_name(source), paragraphs=paragraphs,
               signatures=("当事人(签名):                日期:", "执法人员(签名):                日期:"),
               notes=unit_notes(source), **sign_off(source))


@builds("preservation_decision")
def preservation_decision(source, doc_type):
    """先行登记保存证据处理决定书 (文书 15). 行政处罚法 第五十六条: within seven (working) days of the
    preservation, the agency decides what to do with the evidence (记录、复制、鉴定、解除保存 …)."""
    case, (saved, data) = _case(source), _preservation(source)
    step = step_of(source, "decide_preservation")
    opening = (f"本机关于{cn_date(getattr(saved, 'occurred_on', None))}对{you(case)}的下列证据先行登记保存:"
               f"{text_or_blank(data.get('items'))}。根据{PENALTY_LAW}第五十六条的规定,现作出如下处理决定:")
    decision = text_or_blank(step.data.get("decision") if step is not None else "")
    paragraphs = (Para(opening), Para(decision, key="decision"), Para(remedy_text(source.unit)))
    return doc(source, doc_type, recipient=subject_name(source), paragraphs=paragraphs, notes=unit_notes(source),
               **sign_off(source))


@builds("recusal_decision")
def recusal_decision(source, doc_type):
    """回避决定书 (文书 16). 行政处罚法 第四十三条: an officer with a direct interest in the case withdraws;
    the party may apply; the agency's head decides, and the investigation goes on meanwhile."""
    case, step = _case(source), step_of(source, "recuse")
    data = step.data if step is not None else {}
    applicant = data.get("applicant") or ""
    officer = text_or_blank(data.get("officer"))
    asked = f"{applicant}申请" if applicant else "经审查,"
    opening = (f"关于{subject_name(source)}涉嫌{cause(case)}一案,{asked}执法人员{officer}回避。")
    decision = (f"根据{PENALTY_LAW}第四十三条的规定,经本机关负责人决定,{officer}回避,不再参与本案的调查处理。"
                if step is not None else f"根据{PENALTY_LAW}第四十三条的规定,经本机关负责人决定:{BLANK}。")
    paragraphs = (Para(opening), Para(text_or_blank(data.get("reason")), key="reason", heading="理由:"),
                  Para(decision))
    return doc(source, doc_type, recipient=applicant or subject_name(source), paragraphs=paragraphs,
               **sign_off(source))
