"""Builders of the service, execution and closing documents 30–36: 送达回证, 延期(分期)缴纳罚款审批表, 催告书,
强制执行申请书, 案件移送书, 结案审批表 and the 卷宗封面 (docs/documents.md: ``ordinary.serve``, ``demand``,
``apply_court``, ``transfer``, ``close``, ``archive``; 31 has no step yet).

Forms (30, 31, 35, 36) are tables of rows signed in their rows; letters (32, 33, 34) are addressed, written
in paragraphs and signed off under the seal. A missing value prints as ``BLANK``.
"""

from __future__ import annotations

from fazhi.cases.facts import SERVICE_METHODS
from fazhi.documents.builders import builds
from fazhi.documents.builders.common import (basis_text, case_attr, case_number, case_title, data_date, doc, doc_ref,
                                             issued, officer_names, opinion_row, outcome_text, party_address,
                                             party_line, party_name, party_rows, payee_text, penalties_text, recorder,
                                             sign_off, suspected, text_or_blank, you)
from fazhi.documents.builders.decision import LAW, decided_on
from fazhi.documents.catalog import DOCUMENT_TYPES
from fazhi.documents.layout import BLANK, Para, Row, cn_date, yuan

ENFORCEMENT_LAW = "《中华人民共和国行政强制法》"
CIVIL_PROCEDURE_LAW = "《中华人民共和国民事诉讼法》"
# The documents a 送达回证 may be for, the decisions first (the ``serve`` step serves the decision).
SERVED_TYPES = (27, 28, 29, 32, 20, 22, 23, 15, 14, 16, 12, 33, 34)
# The period a 催告书 gives to perform: 行政强制法 第五十四条 lets the organ apply to the court once ten days
# have passed after the 催告 is served, so the 催告 asks for performance within those ten days. [M] local choice.
DEMAND_DAYS = "十"
# 保管期限 of a 行政处罚 case file. [M] local choice: 《机关档案管理规定》(国家档案局令第13号) sets 永久 and
# 定期 (30年/10年) periods by the unit's own 保管期限表; 《行政执法案卷立卷规范》 practice keeps penalty files
# 30 years. A unit with another table sets ``retention`` in the archive step's data.
RETENTION = "30年"


def served_document(source) -> str:
    """The document served: the latest issued one of ``SERVED_TYPES``; else the decision the case expects."""
    found = issued(source, *SERVED_TYPES)
    if found is not None:
        return f"《{DOCUMENT_TYPES[found.type_no].name}》({text_or_blank(found.number_text)})"
    if source.latest("decide_on_spot") is not None:
        return f"《当场行政处罚决定书》(编号:{text_or_blank(source.data('decide_on_spot').get('form_no'))})"
    decision = case_attr(source, "decision")
    return doc_ref(source, 28 if decision == "no_penalty" else 27) if decision else BLANK


def service_note(data: dict, method: str) -> str:
    """The facts a special way of service must show (民事诉讼法 第八十九条至第九十五条)."""
    if data.get("refused") or method == "left_at_address":
        return (f"受送达人拒绝签收。送达人邀请见证人{text_or_blank(data.get('witness'))}到场,说明情况,记明拒收事由和日期,"
                f"由送达人、见证人签名,把文书留在受送达人的住所{'(已拍照、录像记录送达过程)' if data.get('recorded') else ''}"
                f"({CIVIL_PROCEDURE_LAW}第八十九条)。")
    if method == "mail":
        return f"邮寄送达,以回执上注明的收件日期{cn_date(data_date(data.get('receipt_date')))}为送达日期({CIVIL_PROCEDURE_LAW}第九十一条)。"
    if method == "public_notice":
        return (f"公告送达,理由:{text_or_blank(data.get('grounds'))};自发出公告之日起经过三十日即视为送达,"
                f"视为送达日期:{cn_date(data_date(data.get('service_effective_on')))}({CIVIL_PROCEDURE_LAW}第九十五条)。")
    if method == "electronic":
        return f"电子送达,当事人{'已' if data.get('consent_signed') else '未'}签订确认书({LAW}第六十一条第二款)。"
    return ""


@builds("service_receipt")
def service_receipt(source, doc_type):
    """送达回证. 民事诉讼法 第八十七条: the receipt states the document served and the date of receipt, signed
    or sealed by the recipient; 第八十九条 (refusal: witness, 留置); 行政处罚法 第六十一条 (the decision is
    handed over on the spot or served within seven days as the Civil Procedure Law provides)."""
    data = source.data("serve")
    method = data.get("method") or case_attr(source, "service_method", "")
    served = data_date(data.get("served_on")) or data_date(case_attr(source, "served_on"))
    refused = bool(data.get("refused"))
    rows = [Row("案号", case_number(source.case)), Row("送达文书名称及文号", served_document(source), wide=True),
            Row("受送达人", party_name(source.case)), Row("送达地点", party_address(source.case)),
            Row("送达方式", SERVICE_METHODS.get(method, BLANK)), Row("送达日期", cn_date(served)),
            Row("收件人(签名或盖章)", "拒绝签收" if refused else text_or_blank(data.get("recipient"))),
            Row("见证人", text_or_blank(data.get("witness")) if refused or data.get("witness") else ""),
            Row("送达人", officer_names(source.officers))]
    note = service_note(data, method)
    signatures = ("受送达人(签名或盖章):                日期:", "送达人(签名):                日期:") + (
        ("见证人(签名):                日期:",) if refused else ())
    return doc(source, doc_type, rows=tuple(r for r in rows if r.value), signatures=signatures,
               notes=(f"备注:{note}",) if note else ())


@builds("payment_deferral_approval")
def payment_deferral_approval(source, doc_type):
    """延期(分期)缴纳罚款审批表. 行政处罚法 第六十六条第二款: a party in real economic difficulty may, on
    application and with the organ's approval, pay later or in instalments; 第七十二条第二款: the period to
    apply to the court then runs from the end of the deferment. No step records the application yet: the
    form prints the case and blanks for the rest."""
    decision = issued(source, 27)
    rows = [Row("案号", case_number(source.case)), Row("案由", suspected(source)), *party_rows(source.case),
            Row("行政处罚决定书文号", text_or_blank(getattr(decision, "number_text", ""))),
            Row("决定日期", cn_date(decided_on(source))),
            Row("处罚决定", penalties_text(case_attr(source, "penalties")), wide=True),
            Row("罚款金额", yuan(case_attr(source, "fine_amount"))), Row("已缴纳金额", yuan(case_attr(source, "paid_amount"))),
            Row("申请事项", "□延期缴纳  □分期缴纳"), Row("申请日期", BLANK),
            Row("延期缴纳期限", f"延期至{BLANK}"), Row("分期缴纳方式", f"分{BLANK}期,每期{BLANK}元,{BLANK}前缴清", wide=True)]
    paragraphs = (Para(BLANK, key="reason", heading="申请理由:"),
                  Para(f"{BLANK}\n承办人:{officer_names(source.officers)}    日期:{BLANK}", heading="承办人意见:"),
                  Para(f"{BLANK}\n签名:{BLANK}    日期:{BLANK}", heading="负责人审批意见:"))
    return doc(source, doc_type, rows=tuple(rows), paragraphs=paragraphs)


def amount_due(source) -> str:
    """The fine still unpaid (行政强制法 第三十五条第三项: a sum of money is stated exactly)."""
    fine, paid = case_attr(source, "fine_amount"), case_attr(source, "paid_amount")
    if fine is None:
        return BLANK
    return f"罚款{yuan(fine)}" + (f"(已缴纳{yuan(paid)},尚欠{yuan(fine - paid)})" if paid and paid < fine else "")


@builds("payment_demand")
def payment_demand(source, doc_type):
    """催告书. 行政强制法 第三十五条: in writing, stating (一) the time limit, (二) the way of performing,
    (三) for money, the exact amount and how to pay, (四) the party's right to state and defend;
    第四十五条 (加处罚款), 第五十四条 (ten days after service of the 催告 the organ may apply to the court)."""
    who, note = you(source.case), source.data("demand").get("note", "")
    served = data_date(case_attr(source, "service_effective_on")) or data_date(case_attr(source, "served_on"))
    paragraphs = (
        Para(f"本机关于{cn_date(decided_on(source))}对{who}作出{doc_ref(source, 27)},决定给予"
             f"{penalties_text(case_attr(source, 'penalties'))}的行政处罚,该决定书已于{cn_date(served)}送达{who}。"
             f"{who}在法定期限内未履行上述决定。"),
        Para(f"请{who}自收到本催告书之日起{DEMAND_DAYS}日内履行下列义务:缴纳{amount_due(source)}"
             f"及依法加处的罚款。" + (f"{note.rstrip('。')}。" if note else ""), heading="一、履行期限和金额:"),
        Para(f"将上述款项缴纳至{payee_text(source.unit)}。", heading="二、履行方式:"),
        Para(f"依据{LAW}第七十二条第一款第一项、{ENFORCEMENT_LAW}第四十五条,自罚款缴纳期限届满之日起,每日按罚款数额的"
             f"百分之三加处罚款,加处罚款的数额不超过罚款的数额。", heading="三、加处罚款:"),
        Para(f"{who}收到本催告书后有权进行陈述和申辩,可以向本机关书面或者口头提出;本机关将记录、复核,"
             f"事实、理由或者证据成立的,予以采纳({ENFORCEMENT_LAW}第三十六条)。", heading="四、陈述和申辩:"),
        Para(f"{who}逾期仍不履行的,本机关将依据{ENFORCEMENT_LAW}第五十三条、第五十四条的规定申请人民法院强制执行。"),
    )
    return doc(source, doc_type, recipient=party_name(source.case), paragraphs=paragraphs, **sign_off(source))


@builds("enforcement_application")
def enforcement_application(source, doc_type):
    """强制执行申请书. 行政强制法 第五十三条 (within three months after the periods of 复议 and suit expire),
    第五十四条 (after a 催告 and ten days), 第五十五条: the application with the decision and its facts,
    reasons and basis, the party's opinion and the 催告, the object of enforcement; signed by the organ's
    head, sealed and dated."""
    court = text_or_blank(source.data("apply_court").get("court"))
    demand_on = source.day("demand")
    served = data_date(case_attr(source, "service_effective_on")) or data_date(case_attr(source, "served_on"))
    paragraphs = (
        Para(f"申请人:{text_or_blank(getattr(source.unit, 'name', ''))}"),
        Para(f"被申请人:{party_line(source.case)}"),
        Para(f"申请强制执行本机关{doc_ref(source, 27)}:{amount_due(source)},以及依法加处的罚款{BLANK}元。",
             heading="申请事项:"),
        Para(f"本机关于{cn_date(decided_on(source))}对被申请人{suspected(source)}一案作出{doc_ref(source, 27)},决定给予"
             f"{penalties_text(case_attr(source, 'penalties'))}的行政处罚,处罚依据为{basis_text(source.articles)}。"
             f"该决定书于{cn_date(served)}送达被申请人。被申请人在法定期限内未申请行政复议或者提起行政诉讼,又不履行"
             f"该决定。本机关于{cn_date(demand_on)}向被申请人送达了《催告书》,催告书送达十日后被申请人仍未履行。",
             key="facts", heading="事实和理由:"),
        Para(f"依据{ENFORCEMENT_LAW}第五十三条、第五十四条、第五十五条及{LAW}第七十二条第一款第四项的规定,"
             f"特申请你院依法强制执行。"),
    )
    notes = ("附件:1.行政处罚决定书及作出决定的事实、理由和依据;2.当事人的意见及催告情况;3.申请强制执行标的情况;"
             "4.送达回证;5.法律、行政法规规定的其他材料。",)
    return doc(source, doc_type, recipient=court, paragraphs=paragraphs, signatures=("行政机关负责人(签名):",),
               notes=notes, **sign_off(source))


@builds("case_transfer")
def case_transfer(source, doc_type):
    """案件移送书. 行政处罚法 第二十七条 (a violation suspected of being a crime is transferred to the judicial
    organ in time, with the case materials), 第五十七条第一款第四项; the letter names the receiving organ, the
    case, the reason and the materials handed over."""
    data = source.data("transfer")
    target = text_or_blank(data.get("transferred_to"), case_attr(source, "transferred_to"))
    filed = data_date(case_attr(source, "filed_on"))
    start = f"于{cn_date(filed)}立案调查" if filed else f"于{cn_date(data_date(case_attr(source, 'received_on')))}登记案源"
    materials = [str(e.name) for e in source.evidence]
    paragraphs = (
        Para(f"{case_title(source)}(案号:{case_number(source.case)}),本机关{start}。"),
        Para(f"经审查,{text_or_blank(data.get('reason')).rstrip('。')}。", key="reason", heading="移送理由:"),
        Para(f"依据{LAW}第二十七条、第五十七条的规定,现将该案移送你单位依法处理。请于收到本移送书后将处理结果函告本机关。"),
    )
    notes = (f"附件:案件材料{len(materials)}份" + (f"({'、'.join(materials)})" if materials else "") + "。",)
    return doc(source, doc_type, recipient=target, paragraphs=paragraphs, notes=notes, **sign_off(source))


def filed_text(source) -> str:
    """立案日期; a simplified case is decided on the spot without 立案 (行政处罚法 第五十一条)."""
    if case_attr(source, "case_type") == "simplified":
        return "简易程序,不适用"
    return cn_date(data_date(case_attr(source, "filed_on")))


def execution_text(source) -> str:
    """执行情况: the payment (第六十七条), the court's enforcement, or that nothing was to be paid."""
    paid = source.data("record_payment")
    paid_on = data_date(case_attr(source, "paid_on")) or data_date(paid.get("paid_on"))
    if paid_on:
        return (f"当事人于{cn_date(paid_on)}缴纳{yuan(case_attr(source, 'paid_amount') or paid.get('paid_amount'))},"
                f"罚没收据编号:{text_or_blank(paid.get('receipt_no'))}")
    if source.latest("apply_court") is not None:
        return f"已于{cn_date(source.day('apply_court'))}申请{text_or_blank(source.data('apply_court').get('court'))}强制执行"
    if case_attr(source, "decision") == "no_penalty":
        return "不予行政处罚,无需执行"
    return BLANK


@builds("closing_approval")
def closing_approval(source, doc_type):
    """结案审批表 (执法实践; 行政处罚法 第四十七条: the whole procedure is recorded and filed): the case, its
    outcome and how it was executed, the reason to close, and the approvals."""
    close = source.latest("close")
    rows = [Row("案号", case_number(source.case)), Row("案由", suspected(source)), *party_rows(source.case),
            Row("立案日期", filed_text(source)),
            Row("处理结果", outcome_text(source), wide=True), Row("决定日期", cn_date(decided_on(source))),
            Row("送达日期", cn_date(data_date(case_attr(source, "served_on")))),
            Row("执行情况", execution_text(source), wide=True)]
    summary = text_or_blank(source.data("close").get("summary"))
    paragraphs = (Para(summary, key="summary", heading="结案理由:"),
                  Para(f"承办人:{officer_names(source.officers)}    日期:{cn_date(source.day('close'))}"))
    rows.append(opinion_row("负责人审批意见", "同意结案。" if close is not None else "", recorder(close),
                            getattr(close, "occurred_on", None)))
    return doc(source, doc_type, rows=tuple(rows), paragraphs=paragraphs)


@builds("case_file_cover")
def case_file_cover(source, doc_type):
    """卷宗封面 (机关档案管理规定; 行政执法案卷立卷规范): the filing unit, the case's name and number, the party,
    the cause and outcome, the dates, the archive number, the retention period and who filed it. The
    卷内目录 is drawn by the case-file binder; the cover carries no seal."""
    archive = source.latest("archive")
    data = source.data("archive")
    rows = (Row("立卷单位", text_or_blank(getattr(source.unit, "name", ""))),
            Row("案件名称", case_title(source)), Row("案号", case_number(source.case)),
            Row("当事人", party_name(source.case)), Row("案由", suspected(source)),
            Row("处理结果", outcome_text(source)),
            Row("立案日期", filed_text(source)),
            Row("结案日期", cn_date(data_date(case_attr(source, "closed_on")))),
            Row("归档日期", cn_date(data_date(case_attr(source, "archived_on")) or source.day("archive"))),
            Row("档案号", text_or_blank(data.get("archive_no"))),
            Row("保管期限", text_or_blank(data.get("retention"), RETENTION)),
            Row("立卷人", text_or_blank(recorder(archive))))
    return doc(source, doc_type, rows=rows)
