"""Documents of 行政检查 (1–3, 5–8): the approval, the notice, the on-site record, the survey record, the
result letter, the order to correct and the re-check opinion.

Their subject is an inspection task (``source.task``: plan, institution, team, results, follow-ups); a
case that did not come from an inspection prints them from the case (party, officers, the
``record_inquiry`` steps) with ``BLANK`` where there is nothing.
"""

from __future__ import annotations

from django.utils import timezone

from fazhi.documents.builders import builds
from fazhi.documents.builders.common import (basis_text, doc, institution_rows, officer_names, officer_rows,
                                             officers_text, opinion_row, party_name, party_rows, record_signatures,
                                             remedy_text, sign_off, step_of, text_or_blank, unit_notes, you)
from fazhi.documents.layout import BLANK, Para, Row, cn_date, or_blank
from fazhi.inspections.models.items import InspectionMethod
from fazhi.inspections.models.tasks import FollowUpKind, Outcome

OUTCOMES = dict(Outcome.choices)
METHODS = dict(InspectionMethod.choices)
CLOSING_MARK = "办结:"  # fazhi.inspections.services.tasks.follow_up_close appends the closing note after it


# --- what the task (or the case) says ----------------------------------------------------------------

def _target_name(source) -> str:
    return or_blank(source.task.institution.name) if source.task is not None else party_name(source.case)


def _target_rows(source) -> list[Row]:
    """The inspected institution (task), else the case's party."""
    return institution_rows(source.task.institution) if source.task is not None else party_rows(source.case)


def _target_address(source) -> str:
    if source.task is not None:
        return or_blank(source.task.institution.address)
    return or_blank(getattr(source.case, "party_address", ""))


def _plan_text(source) -> str:
    plan = source.task.plan if source.task is not None else None
    return f"{plan.name}({plan.code})" if plan is not None else BLANK


def _items_text(source) -> str:
    return "、".join(i.name for i in source.items) or BLANK


def _inspection_basis(source) -> str:
    """The legal basis of the inspection: the articles of the plan's items (and their notes), else the
    case's basis articles."""
    articles = [a for item in source.items for a in item.articles.all()]
    notes = [item.basis_text.strip() for item in source.items if item.basis_text.strip()]
    parts = ([basis_text(articles)] if articles else []) + notes
    return "、".join(parts) if parts else basis_text(source.articles)


def _methods(source) -> str:
    methods = {METHODS.get(m, m) for item in source.items for m in item.methods}
    return "、".join(sorted(methods)) or BLANK


def _when(source) -> str:
    task = source.task
    if task is not None and task.inspected_on:
        return cn_date(task.inspected_on)
    if task is not None:
        return f"{cn_date(task.plan.window_start)}至{cn_date(task.plan.window_end)}期间"
    return cn_date(getattr(step_of(source, "record_inquiry", kind="on_site"), "occurred_on", None))


def _notice_text(source) -> str:
    """The 行政检查通知书 the target received: its number and the day it was served."""
    task = source.task
    if task is None or not task.notice_no:
        return BLANK
    return f"{task.notice_no}({cn_date(task.notified_on)}送达)"


def _result_lines(source, outcomes=None) -> list[str]:
    found = [r for r in source.results if outcomes is None or r.outcome in outcomes]
    return [f"{n}. {r.item_text}:{OUTCOMES.get(r.outcome, r.outcome)}" + (f"。{r.note}" if r.note else "")
            for n, r in enumerate(found, start=1)]


def _rectify(source):
    found = [f for f in source.follow_ups if f.kind == FollowUpKind.RECTIFY]
    return found[-1] if found else None


def _follow_up_note(follow_up) -> tuple[str, str]:
    """(the order's note, the closing note) of a follow-up."""
    note = (follow_up.note or "") if follow_up is not None else ""
    order, _, closing = note.partition(CLOSING_MARK)
    return order.strip(), closing.strip()


def _rights_paragraph(source) -> Para:
    # 行政处罚法 第四十二条 (two officers), 第四十三条 (recusal), 第五十五条 (credentials shown)
    who = you(source.case)
    return Para(f"本机关执法人员{officers_text(source.officers)}将主动向{who}出示行政执法证件;执法人员未出示执法证件的,"
                f"{who}有权拒绝接受检查。{who}认为执法人员与被检查事项有直接利害关系或者有其他关系可能影响公正执法的,"
                f"有权申请回避。")


# --- the documents -----------------------------------------------------------------------------------

@builds("inspection_approval")
def inspection_approval(source, doc_type):
    """行政检查审批表 (文书 1). 国办发〔2024〕54号 and the ministry's 2025 templates: an inspection is made only
    on a legal basis, approved beforehand, stating the target, items, basis, manner, time and officers."""
    task = source.task
    if task is not None:
        reason = f"根据{_plan_text(source)},经随机抽取,确定{_target_name(source)}为检查对象。"
    else:
        reason = text_or_blank(getattr(source.case, "source_note", ""), getattr(source.case, "violation_summary", ""))
    rows = [Row("检查计划", _plan_text(source)), *_target_rows(source), Row("检查事项", _items_text(source)),
            Row("检查依据", _inspection_basis(source)), Row("检查方式", _methods(source)),
            Row("检查时间", _when(source)), *officer_rows(source.officers),
            opinion_row("承办人意见"), opinion_row("承办机构负责人意见"), opinion_row("负责人审批意见")]
    return doc(source, doc_type, rows=tuple(rows), paragraphs=(Para(reason, key="reason", heading="检查事由:"),))


@builds("inspection_notice")
def inspection_notice(source, doc_type):
    """行政检查通知书 (文书 2). 国办发〔2024〕54号 and the ministry's 2025 templates: the target is told the
    basis, items, time and officers beforehand; 行政处罚法 第五十五条: credentials are shown, and the party
    must cooperate."""
    who = you(source.case)
    content = (f"根据{_inspection_basis(source)}的规定,本机关决定于{_when(source)}对{who}进行行政检查。"
               f"检查事项:{_items_text(source)}。检查方式:{_methods(source)}。")
    paragraphs = (Para(content, key="content"), _rights_paragraph(source),
                  Para(f"请{who}届时安排负责人或者有关人员在场,如实提供有关材料,协助检查,不得拒绝或者阻挠"
                       f"(《中华人民共和国行政处罚法》第五十五条)。"))
    # The number is given at issue (services.documents); task.notice_no is quoted by documents 3 and 6.
    return doc(source, doc_type, recipient=_target_name(source), paragraphs=paragraphs, notes=unit_notes(source),
               **sign_off(source))


@builds("on_site_record")
def on_site_record(source, doc_type):
    """现场检查笔录 (文书 3). 行政处罚法 第五十五条: officers show their credentials, and the inspection is
    recorded in writing (笔录); 第四十六条: a 现场笔录 is evidence once checked and signed."""
    task, step = source.task, step_of(source, "record_inquiry", kind="on_site")
    data = step.data if step is not None else {}
    if task is not None:
        record = "\n".join(_result_lines(source) + ([task.summary] if task.summary else [])) or BLANK
        day, place = task.inspected_on, _target_address(source)
    else:
        record, day, place = text_or_blank(data.get("summary")), getattr(step, "occurred_on", None), data.get("place")
    rows = [Row("检查时间", cn_date(day)), Row("检查地点", text_or_blank(place, _target_address(source))),
            Row("行政检查通知书", _notice_text(source)),
            *_target_rows(source), Row("在场人员", text_or_blank(data.get("persons"))),
            *officer_rows(source.officers), Row("记录人", BLANK)]
    opening = (f"执法人员{officer_names(source.officers)}向当事人出示了行政执法证件,告知了检查的依据和事项,"
               f"以及申请回避、陈述和申辩的权利。当事人是否申请回避:{BLANK}。")
    return doc(source, doc_type, rows=tuple(rows),
               paragraphs=(Para(opening), Para(record, key="record", heading="检查情况:"),
                           Para("以上笔录我已看过(已向我宣读),与实际情况一致。")),
               signatures=record_signatures("被检查单位负责人(在场人)"))


@builds("survey_record")
def survey_record(source, doc_type):
    """勘验笔录 (文书 5). 行政处罚法 第四十六条: 勘验笔录 is a kind of evidence; 第五十五条: it is recorded in
    writing after the credentials are shown. From the ``record_inquiry`` step with kind ``survey``."""
    step = step_of(source, "record_inquiry", kind="survey")
    data = step.data if step is not None else {}
    rows = [Row("勘验时间", cn_date(getattr(step, "occurred_on", None))),
            Row("勘验地点", text_or_blank(data.get("place"))), Row("勘验对象", BLANK), *_target_rows(source),
            Row("当事人或见证人", text_or_blank(data.get("persons"))), *officer_rows(source.officers),
            Row("记录人", BLANK)]
    opening = (f"勘验人员{officer_names(source.officers)}出示了行政执法证件,说明了勘验的目的和要求,"
               f"并邀请当事人(见证人)到场。")
    return doc(source, doc_type, rows=tuple(rows),
               paragraphs=(Para(opening), Para(text_or_blank(data.get("summary")), key="record", heading="勘验情况:"),
                           Para("以上笔录我已看过(已向我宣读),与实际情况一致。")),
               signatures=("当事人(签名):                日期:", "见证人(签名):                日期:",
                           "勘验人(签名):                日期:", "记录人(签名):                日期:"))


@builds("inspection_result")
def inspection_result(source, doc_type):
    """行政检查结果告知书 (文书 6). The ministry's 2025 templates: the target is told the result of the
    inspection (each point, the conclusion, what follows)."""
    task, who = source.task, you(source.case)
    if task is not None:
        lines = _result_lines(source) + [f"检查结论:{OUTCOMES.get(task.conclusion, BLANK)}。"]
        result = "\n".join(lines + ([task.summary] if task.summary else []))
        follow = {Outcome.CORRECT: f"对发现的问题,本机关将依法责令{who}限期改正。",
                  Outcome.CASE: "对发现的涉嫌违法行为,本机关将依法立案查处。",
                  Outcome.PASS: "本次检查未发现违法违规问题。"}.get(task.conclusion, "")
    else:
        step = step_of(source, "record_inquiry", kind="on_site")
        result, follow = text_or_blank(step.data.get("summary") if step is not None else ""), ""
    opening = (f"本机关于{_when(source)}依据{_plan_text(source)}对{who}进行了行政检查(行政检查通知书:"
               f"{_notice_text(source)})。现将检查结果告知如下:")
    paragraphs = [Para(opening), Para(result, key="result")]
    if follow:
        paragraphs.append(Para(follow))
    paragraphs.append(Para(f"{who}对检查结果有异议的,可以自收到本告知书之日起{BLANK}日内向本机关书面提出。"))
    return doc(source, doc_type, recipient=_target_name(source), paragraphs=tuple(paragraphs),
               notes=unit_notes(source), **sign_off(source))


@builds("rectification_order")
def rectification_order(source, doc_type):
    """责令改正通知书 (文书 7). 行政处罚法 第二十八条第一款: the party is ordered to correct, or to correct
    within a period; the letter states the problems, the basis, the deadline and the remedies."""
    who, follow_up = you(source.case), _rectify(source)
    order_note, _ = _follow_up_note(follow_up)
    if source.task is not None:
        found = _result_lines(source, (Outcome.CORRECT, Outcome.CASE)) + ([order_note] if order_note else [])
        facts = f"经检查,{who}存在以下问题:\n" + ("\n".join(found) or BLANK)
    else:
        facts = f"经查,{who}{text_or_blank(getattr(source.case, 'violation_summary', ''))}。"
    deadline = cn_date(getattr(follow_up, "deadline", None))
    order = (f"上述行为违反了{_inspection_basis(source)}的规定。根据《中华人民共和国行政处罚法》第二十八条第一款,"
             f"现责令{who}于{deadline}前改正上述问题,并将整改情况书面报送本机关。逾期不改正的,本机关将依法处理。")
    paragraphs = (Para(facts, key="facts"), Para(order), Para(remedy_text(source.unit, "本通知")))
    return doc(source, doc_type, recipient=_target_name(source), paragraphs=paragraphs, notes=unit_notes(source),
               **sign_off(source))


@builds("rectification_review")
def rectification_review(source, doc_type):
    """整改复查意见书 (文书 8). Practice: after the deadline of an order to correct, the re-check is recorded
    with its opinion (FollowUp closed with a note)."""
    who, follow_up = you(source.case), _rectify(source)
    _, closing = _follow_up_note(follow_up)
    closed_at = getattr(follow_up, "closed_at", None)
    checked = cn_date(timezone.localdate(closed_at) if closed_at else None)
    created = getattr(follow_up, "created_at", None)
    opening = (f"本机关于{cn_date(timezone.localdate(created) if created else None)}责令{who}于"
               f"{cn_date(getattr(follow_up, 'deadline', None))}前改正检查发现的问题。"
               f"本机关于{checked}对{who}的整改情况进行了复查,复查意见如下:")
    rows = [*_target_rows(source), Row("复查人员", officers_text(source.officers)), Row("复查日期", checked)]
    return doc(source, doc_type, recipient=_target_name(source), rows=tuple(rows),
               paragraphs=(Para(opening), Para(text_or_blank(closing), key="opinion")), **sign_off(source))
