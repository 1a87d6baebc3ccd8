"""The automatic pre-checks on seeded case snapshots: quiet on clean files, exactly the seeded check on a
defective one, with evidence naming the defect. No database."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from fazhi.documents.catalog import DOCUMENT_TYPES
from fazhi.evaluation import prechecks
from fazhi.evaluation.snapshot import CaseSnapshot, OfficerOnCase, Overdue, StepDone

D = dt.date
ZHANG = OfficerOnCase("张明", "12010001", True)
LI = OfficerOnCase("李华", "12010002", True)


def step(action, label, day, *documents):
    return StepDone(action, label, day, tuple(documents))


def clean_ordinary(**changes) -> CaseSnapshot:
    """An ordinary case fined under 律师法第五十条, every step documented, on time, by two credentialed
    officers; notified, the party's statement recorded, no hearing right, no review required."""
    snap = CaseSnapshot(
        number="津河司罚〔2024〕12号",
        case_type="ordinary",
        decision="penalty",
        steps=(
            step("file", "立案", D(2024, 7, 1), 10),
            step("record_inquiry", "询问、检查、勘验", D(2024, 7, 8), 4),
            step("close_investigation", "调查终结", D(2024, 8, 20), 17),
            step("notify", "行政处罚事先告知", D(2024, 8, 26), 20, 22),  # 22 listed at every notice
            step("record_statement", "陈述申辩", D(2024, 8, 30), 21),
            step("decide", "作出行政处罚决定", D(2024, 9, 25), 26, 27),
            step("serve", "送达", D(2024, 9, 27), 30),
            step("record_payment", "缴纳罚款", D(2024, 10, 9)),
            step("close", "结案", D(2024, 10, 15), 35),
            step("archive", "归档", D(2024, 10, 20), 36),
        ),
        issued_documents=(4, 10, 17, 20, 21, 26, 27, 30, 35, 36),
        overdue=(),
        basis_articles=("律师法第五十条",),
        officers=(ZHANG, LI),
        min_officers=2,
        notified=True,
        statement_recorded=True,
        hearing_right=False,
        hearing_requested=False,
        hearing_held=False,
        legal_review_passed=False,
        legal_review_required=False,
        discretion_deviation=False,
        discretion_reason="",
    )
    return dataclasses.replace(snap, **changes)


def clean_simplified(**changes) -> CaseSnapshot:
    """An on-the-spot warning (行政处罚法 第五十一条、第五十二条): one decision document, no separate 事先告知 or
    陈述申辩 step — so ``notified`` and ``statement_recorded`` stay False — no hearing, no 法制审核."""
    snap = CaseSnapshot(
        number="津河司当罚〔2024〕3号",
        case_type="simplified",
        decision="penalty",
        steps=(
            step("decide_on_spot", "当场作出行政处罚决定", D(2024, 5, 6), 29),
            step("close", "结案", D(2024, 5, 6), 35),
            step("archive", "归档", D(2024, 5, 10), 36),
        ),
        issued_documents=(29, 35, 36),
        overdue=(),
        basis_articles=("基层法律服务工作者管理办法第四十条",),
        officers=(ZHANG, LI),
        min_officers=2,
        notified=False,
        statement_recorded=False,
        hearing_right=False,
        hearing_requested=False,
        hearing_held=False,
        legal_review_passed=False,
        legal_review_required=False,
        discretion_deviation=False,
        discretion_reason="",
    )
    return dataclasses.replace(snap, **changes)


def codes(found):
    return [p.code for p in found]


# ---------------------------------------------------------------- clean files

def test_a_clean_ordinary_file_gives_nothing():
    assert prechecks.run(clean_ordinary()) == []


def test_a_clean_simplified_file_gives_nothing():
    assert prechecks.run(clean_simplified()) == []


def test_a_clean_file_with_a_hearing_a_review_and_a_reasoned_deviation_gives_nothing():
    snap = clean_ordinary(hearing_right=True, hearing_requested=True, hearing_held=True,
                          issued_documents=clean_ordinary().issued_documents + (22,),
                          legal_review_required=True, legal_review_passed=True,
                          discretion_deviation=True, discretion_reason="当事人主动消除违法后果,依第三十二条减轻处罚")
    assert prechecks.run(snap) == []


def test_a_hearing_right_not_used_is_no_defect():
    snap = clean_ordinary(hearing_right=True, hearing_requested=False,
                          issued_documents=clean_ordinary().issued_documents + (22,))
    assert prechecks.run(snap) == []


def test_the_hearing_notice_is_owed_only_where_there_is_a_right_to_a_hearing():
    """The notify step lists 22 听证告知书 at every notice (docs/documents.md); without a hearing right
    (第六十三条) its absence is no defect, with one it is."""
    assert 22 not in clean_ordinary().issued_documents and prechecks.run(clean_ordinary()) == []
    (hit,) = prechecks.run(clean_ordinary(hearing_right=True))
    assert hit.code == "missing_documents"
    assert hit.evidence == "未出具:第22号 听证告知书(行政处罚事先告知 2024年8月26日)"


# ---------------------------------------------------------------- each seeded defect

DEFECTS = {
    "missing_documents": (
        lambda: clean_ordinary(issued_documents=(4, 10, 17, 20, 21, 26, 30, 35, 36)),
        ["第27号 行政处罚决定书(作出行政处罚决定 2024年9月25日)"]),
    "overdue_steps": (
        lambda: clean_ordinary(overdue=(Overdue("作出处罚决定", D(2024, 9, 29), D(2024, 10, 3), "行政处罚法第六十条"),)),
        ["作出处罚决定", "期限 2024年9月29日", "2024年10月3日 完成", "超期 4 日", "行政处罚法第六十条"]),
    "missing_basis": (
        lambda: clean_ordinary(basis_articles=()),
        ["没有记录任何处罚依据"]),
    "too_few_officers": (
        lambda: clean_ordinary(officers=(ZHANG, OfficerOnCase("王强", "12010003", False))),
        ["1 名,少于 2 名", "王强(执法证 12010003,无效)", "张明(执法证 12010001,有效)"]),
    "statement_skipped": (
        lambda: clean_ordinary(notified=False),
        ["没有行政处罚事先告知的记录"]),
    "hearing_skipped": (
        lambda: clean_ordinary(hearing_right=True, hearing_requested=True, hearing_held=False,
                               issued_documents=clean_ordinary().issued_documents + (22,)),
        ["当事人已要求听证", "没有举行听证的记录"]),
    "legal_review_missing": (
        lambda: clean_ordinary(legal_review_required=True, legal_review_passed=False),
        ["应当进行法制审核", "没有审核通过的法制审核记录"]),
    "discretion_unreasoned": (
        lambda: clean_ordinary(discretion_deviation=True, discretion_reason="  "),
        ["超出裁量基准", "没有写明偏离基准的理由"]),
}


def test_every_check_has_a_seeded_defect():
    assert set(DEFECTS) == set(prechecks.CODES)


@pytest.mark.parametrize("code", list(DEFECTS))
def test_each_seeded_defect_fires_exactly_its_check_with_evidence(code):
    make, phrases = DEFECTS[code]
    found = prechecks.run(make())
    assert codes(found) == [code]
    hit = found[0]
    assert hit.label == prechecks.LABELS[code]
    assert "行政处罚法第" in hit.article
    for phrase in phrases:
        assert phrase in hit.evidence, (phrase, hit.evidence)
    assert hit.as_dict() == {"code": code, "label": hit.label, "article": hit.article, "evidence": hit.evidence}


def test_articles_cited_by_each_check():
    articles = {p.code: p.article for code in DEFECTS for p in prechecks.run(DEFECTS[code][0]())}
    assert articles == {
        "missing_documents": "行政处罚法第四十七条",
        "overdue_steps": "行政处罚法第六十条",
        "missing_basis": "行政处罚法第三十八条第一款、第五十九条第一款第三项",
        "too_few_officers": "行政处罚法第四十二条",
        "statement_skipped": "行政处罚法第四十四条、第四十五条、第六十二条",
        "hearing_skipped": "行政处罚法第六十三条、第六十四条",
        "legal_review_missing": "行政处罚法第五十八条",
        "discretion_unreasoned": "行政处罚法第三十四条",
    }


# ---------------------------------------------------------------- details

def test_several_defects_fire_in_the_stable_order():
    snap = clean_ordinary(discretion_deviation=True, basis_articles=(), officers=(ZHANG,),
                          issued_documents=(10, 17, 20, 21, 26, 27, 30, 35, 36))
    assert codes(prechecks.run(snap)) == ["missing_documents", "missing_basis", "too_few_officers",
                                          "discretion_unreasoned"]
    assert prechecks.CODES == ("missing_documents", "overdue_steps", "missing_basis", "too_few_officers",
                               "statement_skipped", "hearing_skipped", "legal_review_missing",
                               "discretion_unreasoned")


def test_missing_documents_lists_every_step_that_required_them():
    snap = clean_ordinary(steps=clean_ordinary().steps + (step("record_inquiry", "询问、检查、勘验", D(2024, 7, 15), 4),),
                          issued_documents=(10, 17, 20, 21, 26, 27, 30, 35))
    (hit,) = prechecks.run(snap)
    assert hit.evidence == ("未出具:第4号 询问笔录(询问、检查、勘验 2024年7月8日、询问、检查、勘验 2024年7月15日);"
                            "第36号 卷宗封面及卷内目录(归档 2024年10月20日)")


def test_documents_required_by_the_kind_of_file():
    required = {"ordinary": [36], "ordinary:penalty": [30, 18], "simplified": [29]}
    (hit,) = prechecks.run(clean_ordinary(), required_by_type=required)
    assert hit.code == "missing_documents"
    assert hit.evidence == "未出具:第18号 法制审核意见书(普通程序此类决定必备)"
    assert prechecks.run(clean_simplified(), required_by_type=required) == []
    assert prechecks.run(clean_ordinary(decision="no_penalty"), required_by_type={"ordinary:penalty": [18]}) == []


def test_document_names_come_from_the_documents_catalogue():
    assert prechecks.document_names() == {no: t.name for no, t in DOCUMENT_TYPES.items()}
    assert prechecks.document_label(99) == "第99号 (文书目录中没有该序号)"


def test_an_overdue_step_still_not_done_and_several_articles():
    snap = clean_ordinary(overdue=(
        Overdue("作出处罚决定", D(2024, 9, 29), D(2024, 10, 3), "行政处罚法第六十条"),
        Overdue("送达处罚决定书", D(2024, 10, 12), None, "行政处罚法第六十一条"),
    ))
    (hit,) = prechecks.run(snap)
    assert hit.article == "行政处罚法第六十条、行政处罚法第六十一条"
    assert "送达处罚决定书:期限 2024年10月12日,至评查时仍未完成(依据:行政处罚法第六十一条)" in hit.evidence


def test_no_officer_at_all():
    (hit,) = prechecks.run(clean_ordinary(officers=()))
    assert hit.code == "too_few_officers" and "没有登记承办人员" in hit.evidence


def test_the_minimum_comes_from_the_snapshot():
    assert codes(prechecks.run(clean_ordinary(min_officers=3))) == ["too_few_officers"]


def test_a_statement_neither_recorded_nor_waived():
    (hit,) = prechecks.run(clean_ordinary(statement_recorded=False))
    assert hit.code == "statement_skipped" and "明确放弃" in hit.evidence


def test_decisions_without_a_penalty():
    """不予行政处罚: no 事先告知 (第四十四条 precedes a penalty) or basis check, but 法制审核 still applies
    (第五十八条 precedes any decision)."""
    snap = clean_ordinary(decision="no_penalty", notified=False, statement_recorded=False, basis_articles=(),
                          discretion_deviation=True, hearing_right=True, hearing_requested=True,
                          issued_documents=clean_ordinary().issued_documents + (22,))
    assert prechecks.run(snap) == []
    (hit,) = prechecks.run(dataclasses.replace(snap, legal_review_required=True))
    assert hit.code == "legal_review_missing" and "不予行政处罚决定" in hit.evidence


# ---------------------------------------------------------------- simplified procedure

def test_simplified_cases_skip_the_ordinary_procedure_checks():
    """No separate 事先告知 step in the simplified procedure, no hearing (第四节), no 法制审核 (第五十八条 is in
    第三节 普通程序): these flags say nothing of an on-the-spot case."""
    snap = clean_simplified(hearing_right=True, hearing_requested=True, legal_review_required=True)
    assert prechecks.run(snap) == []


@pytest.mark.parametrize("changes, code", [
    ({"officers": (ZHANG,)}, "too_few_officers"),
    ({"basis_articles": ()}, "missing_basis"),
    ({"issued_documents": (35, 36)}, "missing_documents"),
    ({"discretion_deviation": True}, "discretion_unreasoned"),
    ({"overdue": (Overdue("罚款缴付银行", D(2024, 5, 8), D(2024, 5, 9), "行政处罚法第七十一条"),)}, "overdue_steps"),
])
def test_simplified_cases_still_get_the_general_checks(changes, code):
    found = prechecks.run(clean_simplified(**changes))
    assert codes(found) == [code]


def test_simplified_basis_cites_article_52():
    (hit,) = prechecks.run(clean_simplified(basis_articles=("",)))
    assert hit.article == "行政处罚法第三十八条第一款、第五十二条"


def test_an_unknown_procedure_is_refused():
    with pytest.raises(ValueError, match="程序类型“summary”未知"):
        prechecks.run(clean_ordinary(case_type="summary"))
