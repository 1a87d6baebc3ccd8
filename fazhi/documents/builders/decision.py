"""Builders of the decision documents 26–29: 行政处罚决定审批表, 行政处罚决定书, 不予行政处罚决定书 and
当场行政处罚决定书 (docs/documents.md: produced by ``ordinary.decide`` / ``ordinary.decide_no_penalty`` and
``simplified.decide_on_spot``).

The case holds the decision (``decision``, ``decided_on``, ``penalties``, ``fine_amount``); the step data
holds what only the step knows (``ground``, ``education_note``, ``form_no``). A missing value prints as
``BLANK``.
"""

from __future__ import annotations

import datetime as dt

from fazhi.cases.facts import LEGAL_REVIEW_CONCLUSIONS
from fazhi.documents.builders import builds
from fazhi.documents.builders.common import (basis_full_text, basis_text, case_attr, case_number, data_date, doc,
                                             officer_names, officer_rows, opinion_row, party_line, party_name,
                                             party_rows, payee_text, penalties_text, recorder, remedy_text,
                                             review_bodies, sign_off, suspected, text_or_blank, violation, you)
from fazhi.documents.layout import BLANK, Para, Row, cn_date, yuan

LAW = "《中华人民共和国行政处罚法》"
RECORD_NAMES = {"questioning": "询问笔录", "on_site": "现场检查笔录", "survey": "勘验笔录"}  # 第五十五条


def decided_on(source) -> dt.date | None:
    return data_date(case_attr(source, "decided_on")) or source.day("decide") or source.day("decide_no_penalty") \
        or source.day("decide_on_spot")


def no_penalty(source) -> bool:
    step = source.step
    if step is not None and step.action in ("decide", "decide_no_penalty"):
        return step.action == "decide_no_penalty"
    return case_attr(source, "decision") == "no_penalty" or (source.latest("decide_no_penalty") is not None
                                                        and source.latest("decide") is None)


def penalties(source) -> list:
    """The penalties decided (case, else the step's data), else those proposed in the notice."""
    return (case_attr(source, "penalties") or source.data("decide").get("penalties")
            or source.data("decide_on_spot").get("penalties") or case_attr(source, "proposed_penalties") or [])


def facts_text(source) -> str:
    """The violation as found (第五十九条第一款第二项): registered summary, dates, the investigation's finding."""
    found = source.data("notify").get("facts") or source.data("close_investigation").get("summary") or ""
    ended = data_date(case_attr(source, "violation_ended_on"))
    dates = f"违法行为发生日期:{cn_date(data_date(case_attr(source, 'violation_date')))}" + (
        f",终了日期:{cn_date(ended)}" if ended else "")
    text = f"经查明,当事人{party_name(source.case)}有下列违法行为:{violation(source)}({dates})。"
    return text + (f"{found.rstrip('。')}。" if found else "")


def evidence_text(source) -> str:
    """The evidence (第五十九条第一款第二项): the files collected and the records made, in order."""
    items = [str(e.name) for e in source.evidence]
    for step in source.steps:
        if step.action == "record_inquiry":
            items.append(f"{RECORD_NAMES.get(step.data.get('kind'), '询问笔录')}({cn_date(step.occurred_on)})")
        elif step.action == "preserve_evidence":
            items.append(f"证据先行登记保存清单:{text_or_blank(step.data.get('items'))}")
        elif step.action == "hold_hearing":
            items.append(f"听证笔录({cn_date(step.occurred_on)})")
    return ";".join(f"{n}. {item}" for n, item in enumerate(items, start=1)) or BLANK


def procedure_text(source) -> str:
    """What happened before the decision: filing, the prior notice (第四十四条), statement and hearing."""
    who, notified = you(source.case), data_date(case_attr(source, "notified_on"))
    text = f"本机关于{cn_date(data_date(case_attr(source, 'filed_on')))}对{who}{suspected(source)}一案立案调查。"
    if notified:
        text += (f"本机关于{cn_date(notified)}向{who}送达了《行政处罚事先告知书》,告知了拟作出行政处罚的内容及事实、"
                 f"理由、依据,并告知{who}依法享有陈述、申辩和要求听证的权利。")
    statement = source.data("record_statement")
    if case_attr(source, "rights_waived", False) or statement.get("waived"):
        text += f"{who}明确表示放弃陈述、申辩的权利。"
    elif statement.get("content"):
        text += f"{who}提出了陈述、申辩意见,本机关进行了复核。{statement.get('adopted', '')}"
    if case_attr(source, "hearing_held_on"):
        text += f"本机关于{cn_date(data_date(case_attr(source, 'hearing_held_on')))}依法举行了听证。"
    return text


def payment_text(source, items: list) -> str:
    """How and by when to perform (第五十九条第一款第四项): fines within 15 days (第六十七条), with the
    late fee warning of 第七十二条第一款第一项 (行政强制法 第四十五条: the rate is told to the party)."""
    who = you(source.case)
    money = [p for p in items if isinstance(p, dict) and p.get("amount") not in (None, "")]
    if not money:
        return f"本决定自送达之日起执行。{who}应当按照本决定履行。"
    others = "其余处罚自本决定书送达之日起执行。" if len(money) < len(items) else ""
    return (f"{who}应当自收到本决定书之日起十五日内,将罚没款缴纳至{payee_text(source.unit)}({LAW}第六十七条)。"
            f"到期不缴纳罚款的,本机关可以每日按罚款数额的百分之三加处罚款,加处罚款的数额不超过罚款的数额,"
            f"并可以依法申请人民法院强制执行({LAW}第七十二条)。确有经济困难,需要延期或者分期缴纳罚款的,"
            f"可以向本机关提出书面申请({LAW}第六十六条第二款)。{others}")


def on_spot_remedy(unit) -> str:
    """Remedies against an on-the-spot penalty: 复议 first (行政复议法 第二十三条第一款第一项), within 60
    days (第二十条), may be lodged through this organ (第三十二条); suit within 15 days of the 复议 decision
    (行政诉讼法 第四十五条)."""
    body, also = review_bodies(unit)
    bodies = f"{body}或者{also}" if also else body
    return (f"如不服本决定,应当自收到本决定书之日起六十日内向{bodies}申请行政复议,也可以通过本机关提交行政复议申请;"
            f"对行政复议决定不服的,可以自收到行政复议决定书之日起十五日内依法提起行政诉讼。"
            f"复议或者诉讼期间,本决定不停止执行({LAW}第七十三条)。")


def decision_sign_off(source) -> dict:
    """The sign-off of a decision: its date is the day the decision was made (第五十九条第一款第六项)."""
    return {**sign_off(source), "sign_date": cn_date(decided_on(source) or source.on)}


# --- 26–29 ------------------------------------------------------------------------------------------------

@builds("decision_approval")
def decision_approval(source, doc_type):
    """行政处罚决定审批表. 行政处罚法 第五十七条: after the investigation the head reviews the results and
    decides (complex or major cases by collective discussion of the heads); 第五十八条: 法制审核 first."""
    case, refuse = source.case, no_penalty(source)
    review, discussion = source.latest("legal_review"), source.latest("collective_discussion")
    ground = source.data("decide_no_penalty").get("ground")
    proposed = f"不予行政处罚。理由:{text_or_blank(ground)}" if refuse else penalties_text(penalties(source))
    rd = review.data if review is not None else {}
    conclusion = LEGAL_REVIEW_CONCLUSIONS.get(rd.get("conclusion"), "")
    review_text = f"{rd.get('opinion', '')}" + (f"(审核结论:{conclusion})" if conclusion else "")
    rows = [Row("案号", case_number(case)), Row("案由", suspected(source)), *party_rows(case),
            Row("违法事实", facts_text(source), wide=True), Row("证据", evidence_text(source), wide=True),
            Row("处罚依据", basis_text(source.articles), wide=True), Row("拟处罚决定", proposed, wide=True),
            opinion_row("法制审核意见", review_text, recorder(review), getattr(review, "occurred_on", None))]
    if discussion is not None or case_attr(source, "major_or_complex", False):  # 第五十七条第二款
        dd = discussion.data if discussion is not None else {}
        text = f"{dd.get('conclusion', '')}(参加人员:{'、'.join(dd.get('participants', []))})" if dd else ""
        rows.append(opinion_row("集体讨论意见", text, "", getattr(discussion, "occurred_on", None)))
    opinion = (f"建议对当事人{party_name(case)}不予行政处罚。" if refuse else
               f"建议依据{basis_text(source.articles)}的规定,对当事人{party_name(case)}作出{proposed}的行政处罚。")
    decide = source.latest("decide_no_penalty" if refuse else "decide")
    approval = "同意。" if decide is not None else BLANK
    approved_on = cn_date(getattr(decide, "occurred_on", None))
    paragraphs = (Para(opinion, key="opinion", heading="承办人意见:"),
                  Para(f"承办人:{officer_names(source.officers)}    日期:{cn_date(source.day('close_investigation'))}"),
                  Para(f"{approval}\n签名:{text_or_blank(recorder(decide))}    日期:{approved_on}",
                       heading="负责人审批意见:"))
    return doc(source, doc_type, rows=tuple(rows), paragraphs=paragraphs)


@builds("penalty_decision")
def penalty_decision(source, doc_type):
    """行政处罚决定书. 行政处罚法 第五十九条: (一) the party's name and address; (二) the facts and evidence;
    (三) the penalty and its basis; (四) how and by when to perform; (五) the route and period of 复议 and
    suit; (六) the organ's name and the date of the decision, with its seal. 第六十七条 (15 days),
    第七十二条 (加处罚款), 第七十三条 (not suspended by 复议 or suit)."""
    items, who = penalties(source), you(source.case)
    basis = basis_text(source.articles)
    paragraphs = (
        Para(party_line(source.case)),
        Para(procedure_text(source)),
        Para(facts_text(source), key="facts", heading="一、违法事实:"),
        Para(f"以上事实有下列证据证明:{evidence_text(source)}", key="evidence", heading="二、证据:"),
        Para(f"本机关认为,{who}的上述行为事实清楚,证据确凿,违反了{basis}的规定,应当依法予以行政处罚。"
             f"相关条文如下:\n{basis_full_text(source.articles)}", key="reasons", heading="三、处罚理由和依据:"),
        Para(f"依据{basis}的规定,本机关决定对{who}作出如下行政处罚:{penalties_text(items)}。", heading="四、处罚决定:"),
        Para(payment_text(source, items), heading="五、履行方式和期限:"),
        Para(f"{who}{remedy_text(source.unit)}复议或者诉讼期间,本决定不停止执行({LAW}第七十三条)。",
             heading="六、救济途径和期限:"),
    )
    return doc(source, doc_type, recipient=party_name(source.case), paragraphs=paragraphs,
               **decision_sign_off(source))


@builds("no_penalty_decision")
def no_penalty_decision(source, doc_type):
    """不予行政处罚决定书. 行政处罚法 第三十三条 (no penalty for a minor violation corrected in time, a first
    minor violation, or no fault; the party is still educated, 第三款) and 第五十七条第一款 (the decision
    after the investigation); written with the parts of 第五十九条: party, facts and evidence, ground and
    basis, remedies, the organ and the date with its seal."""
    data, who = source.data("decide_no_penalty"), you(source.case)
    education = text_or_blank(data.get("education_note"), case_attr(source, "education_note"))
    paragraphs = (
        Para(party_line(source.case)),
        Para(procedure_text(source)),
        Para(facts_text(source), key="facts", heading="一、违法事实:"),
        Para(f"以上事实有下列证据证明:{evidence_text(source)}", heading="二、证据:"),
        Para(f"本机关认为,{text_or_blank(data.get('ground')).rstrip('。')}。依据{LAW}第三十三条、第五十七条第一款"
             f"的规定,本机关决定对{who}不予行政处罚。", key="reasons", heading="三、不予行政处罚的理由和依据:"),
        Para(f"依据{LAW}第三十三条第三款,本机关已对{who}进行教育:{education.rstrip('。')}。"
             f"{who}应当引以为戒,依法依规执业,杜绝此类行为再次发生。", heading="四、教育情况:"),
        Para(f"{who}{remedy_text(source.unit)}", heading="五、救济途径和期限:"),
    )
    return doc(source, doc_type, recipient=party_name(source.case), paragraphs=paragraphs,
               **decision_sign_off(source))


@builds("on_spot_decision")
def on_spot_decision(source, doc_type):
    """当场行政处罚决定书. 行政处罚法 第五十二条: a pre-printed, numbered form stating the violation, the
    penalty and its basis, the amount, the time and place, the remedies and the organ, signed or sealed
    by the officers (who show their credentials) and handed over on the spot; 第五十一条 (the limits),
    第六十七条、第六十八条 (payment, on-the-spot collection)."""
    data, day = source.data("decide_on_spot"), source.day("decide_on_spot")
    items, paid = penalties(source), source.data("record_payment")
    rows = [Row("编号", text_or_blank(data.get("form_no"))), Row("案号", case_number(source.case)),
            *party_rows(source.case), Row("违法行为", suspected(source), wide=True),
            Row("违法时间", cn_date(data_date(case_attr(source, "violation_date")))), Row("违法地点", BLANK),
            Row("处罚依据", basis_text(source.articles), wide=True),
            Row("处罚决定", penalties_text(items), wide=True),
            Row("作出时间", cn_date(day)), Row("作出地点", BLANK), *officer_rows(source.officers)]
    if paid and source.latest("decide_on_spot") is not None:
        rows.append(Row("缴款情况", f"{cn_date(data_date(paid.get('paid_on')))}缴纳{yuan(paid.get('paid_amount'))},"
                                    f"罚没收据编号:{text_or_blank(paid.get('receipt_no'))}"))
    paragraphs = (
        Para(f"执法人员已向当事人出示执法证件。{payment_text(source, items)}符合{LAW}第六十八条规定情形的,"
             f"执法人员可以当场收缴罚款,并出具专用票据(第七十条)。", heading="履行方式和期限:"),
        Para(on_spot_remedy(source.unit), heading="救济途径和期限:"),
    )
    signatures = ("当事人(签名):                日期:", "执法人员(签名):                日期:")
    notes = ("当事人拒绝签收的,执法人员应当在本决定书上注明(第五十二条第二款)。本决定书由执法人员报所属行政机关备案。",)
    return doc(source, doc_type, rows=tuple(rows), paragraphs=paragraphs, signatures=signatures, notes=notes,
               **{**sign_off(source), "sign_date": cn_date(day or source.on)})
