"""Builders of documents 1–25: each builds for a case walked through the whole ordinary procedure, a
case just registered, a case against a natural person and an inspection task, names the party, carries
its type's number, title and editable parts, shows the recorded step data, and never writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.cases.tests import factories as cf
from fazhi.documents.builders import build, common
from fazhi.documents.builders.source import source_for
from fazhi.documents.catalog import DOCUMENT_TYPES
from fazhi.documents.layout import BLANK
from fazhi.documents.layout import cjk_punctuation as P
from fazhi.inspections.models.tasks import FollowUpKind
from fazhi.inspections.services import tasks as svc
from fazhi.inspections.tests import task_factories as tf
from fazhi.inspections.workflow import TaskStatus

pytestmark = pytest.mark.django_db

EARLY = range(1, 26)
TASK_DOCS = (1, 2, 3, 6, 7, 8)
LETTERS = (2, 6, 7, 12, 14, 15, 16, 20, 22, 23)  # signed off under the seal
FORMS = (1, 9, 10, 11, 13)  # rows, opinions as rows, no sign-off
RECORDS = (3, 4, 5, 21, 24)  # header rows and signature lines


def _built(source, no):
    """Build ``no`` and check what every document must have; writes are refused."""
    with CaptureQueriesContext(connection) as queries:
        doc = build(no, source)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(
        ("INSERT", "UPDATE", "DELETE"))]
    assert not writes, f"文书 {no} wrote: {writes}"
    doc_type = DOCUMENT_TYPES[no]
    assert (doc.type_no, doc.title, doc.draft) == (no, doc_type.name, True)
    keys = {p.key for p in doc.paragraphs if p.key}
    assert set(doc_type.editable) <= keys, f"文书 {no}: 缺少可修改部分 {set(doc_type.editable) - keys}"
    assert doc.issuer == source.unit.name
    if no in LETTERS:
        assert doc.sign_unit == source.unit.name and doc.seal and doc.sign_date
    if no in FORMS:
        assert doc.rows and not doc.sign_unit
    if no in RECORDS:
        assert doc.rows and doc.signatures
    return doc


@pytest.fixture
def walked(admin, make_user, district_org):
    """An ordinary case against an institution taken through every step of the path, with a survey and
    the party's statement recorded on the way."""
    s = cf.setup_case(admin, make_user, district_org, major_or_complex=True)
    s.others["chair"] = cf.officer(admin, make_user, district_org, login=False, name="听证主持人")
    cf.walk(s, insert={
        "preserve_evidence": [("record_inquiry", dt.date(2024, 8, 22),
                               {"kind": "survey", "place": "当事人办公场所", "persons": "主任", "summary": "勘验收费台账"})],
        "request_hearing": [("record_statement", dt.date(2024, 9, 6), {"content": "当事人称收费系误操作"})]})
    return s


def test_every_early_document_of_a_walked_case(walked):
    case = walked.refresh()
    source = source_for(case=case)
    article = source.articles[0]
    for no in EARLY:
        doc = _built(source, no)
        assert case.party_name in doc.text(), no
    text = {no: build(no, source).text() for no in EARLY}
    lead = walked.lead
    assert P(f"{lead.name}(执法证号:{lead.credential_no})") in text[4] and "询问收费情况" in text[4]
    assert "勘验收费台账" in text[5] and "当事人办公场所" in text[5]
    assert "同意立案" in text[10] and "负责人" in text[10] and case.institution.uscc in text[10]
    assert case.institution.head_name in text[10]
    assert "收费票据 12 张" in text[13] and "张局长" in text[13] and "收费票据 12 张" in text[14]
    assert P("解除保存,退还票据") in text[15] and "天津市河西区人民政府" in text[15]
    assert "违法事实清楚" in text[17] and article.citation in text[17]
    assert P(cf.REVIEW["opinion"]) in text[18] and "审核通过" in text[18]
    assert "罚款五万元" in text[19] and "张局长" in text[19]
    # 第四十四条: the proposed penalty, facts, reasons, basis (the article's words) and the rights
    for expected in ("罚款人民币50000元", article.citation, article.text, "陈述和申辩", "有权要求举行听证"):
        assert P(expected) in text[20], expected
    assert "当事人称收费系误操作" in text[21]
    assert "五个工作日" in text[22] and article.citation in text[22] and P("第一项(较大数额罚款)") in text[22]
    assert "2024年9月23日" in text[23] and "区司法局听证室" in text[23] and "听证主持人" in text[23]
    assert walked.others["chair"].credential_no in text[24] and "当事人到场陈述" in text[24]
    assert "听证举行完毕" in text[25]


def test_the_step_given_is_the_one_printed(walked):
    """A document of a given step prints that step's data, not the latest step of its kind."""
    case = walked.refresh()
    first_review = case.steps.filter(action="legal_review").order_by("id").first()
    doc = build(18, source_for(case=case, step=first_review))
    assert P(f"日期:{first_review.occurred_on.year}年9月3日") in doc.text()


def test_every_early_document_of_a_case_just_registered(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org, basis=False)
    source = source_for(case=s.refresh())
    for no in EARLY:
        doc = _built(source, no)
        assert s.case.party_name in doc.text(), no
    assert BLANK in build(20, source).text()  # no proposed penalty, no basis yet
    assert "有权要求举行听证" not in build(20, source).text()


@pytest.mark.parametrize("party", ["person", "practitioner"])
def test_every_early_document_of_a_natural_person(admin, make_user, district_org, party):
    s = cf.setup_case(admin, make_user, district_org, party=party)
    case = s.refresh()
    assert case.party_kind == "person"
    source = source_for(case=case)
    for no in EARLY:
        doc = _built(source, no)
        assert case.party_name in doc.text(), no
    if party == "person":  # in full: an official, access-controlled document
        assert case.party_id_number in build(9, source).text()
    else:
        assert case.practitioner.institution.name in build(9, source).text()  # 执业机构
    assert "法定代表人" not in build(9, source).text()
    assert "你单位" not in build(14, source).text()


def test_a_case_that_was_not_filed(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org)
    s.advance("not_file", dt.date(2024, 8, 20), {"reason": "不属于本机关管辖"})
    text = build(11, source_for(case=s.refresh())).text()
    assert "不属于本机关管辖" in text and "同意不予立案" in text


def test_a_recusal_decision_names_the_officer(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org)
    cf.walk(s, until="record_inquiry")
    s.advance("recuse", dt.date(2024, 8, 21), {"officer_id": s.assistant.pk, "applicant": "当事人",
                                              "reason": "与当事人有利害关系"})
    text = build(16, source_for(case=s.refresh())).text()
    assert s.assistant.name in text and "与当事人有利害关系" in text and "第四十三条" in text


@pytest.fixture
def inspected(admin, make_user, district_org):
    """A drawn task, notified, inspected, with a point to correct, approved, ordered to correct and
    re-checked."""
    setup = tf.task(admin=admin, make_user=make_user, org=district_org)
    tf.advance(setup, TaskStatus.APPROVED, reviewer=make_user("legal_reviewer", district_org), outcome="correct")
    rectify = svc.follow_up_create(actor=setup.leader_user, task=setup.task, kind=FollowUpKind.RECTIFY,
                                   deadline="2024-11-10", note="限期公示收费标准", today=dt.date(2024, 10, 10))
    svc.follow_up_close(actor=setup.leader_user, follow_up=rectify, note="复查:已整改到位")
    return setup


def test_every_task_document_of_an_inspection(inspected):
    source = source_for(task=inspected.task)
    name = inspected.task.institution.name
    text = {}
    for no in TASK_DOCS:
        text[no] = _built(source, no).text()
        assert name in text[no], no
    assert inspected.item.name in text[1] and inspected.leader.credential_no in text[1]
    assert inspected.task.notice_no and inspected.task.notice_no in text[3] and inspected.task.notice_no in text[6]
    assert "2024年9月25日" in text[2] and "出示行政执法证件" in text[2]
    assert tf.CHECKLIST[1][0] in text[3] and "责令整改" in text[3] and "检查完毕" in text[3]
    assert "责令整改" in text[6]
    assert "2024年11月10日" in text[7] and "限期公示收费标准" in text[7] and "天津市河西区人民政府" in text[7]
    assert "已整改到位" in text[8] and "办结" not in text[8]


def test_the_case_documents_print_for_a_task_source_too(inspected):
    """A 询问笔录 or 勘验笔录 taken during an inspection has no case yet: it still prints."""
    source = source_for(task=inspected.task)
    for no in EARLY:
        assert inspected.task.institution.name in _built(source, no).text(), no


def test_every_editable_part_is_a_paragraph_of_the_walked_case(walked):
    source = source_for(case=walked.refresh())
    for no in EARLY:
        doc = build(no, source)
        keys = [p.key for p in doc.paragraphs if p.key]
        assert sorted(keys) == sorted(set(keys)), f"文书 {no}: 重复的部分名称"
        assert set(DOCUMENT_TYPES[no].editable) <= set(keys), no
        edited = doc.with_edits({k: f"改写的{k}" for k in DOCUMENT_TYPES[no].editable}, DOCUMENT_TYPES[no].editable)
        for key in DOCUMENT_TYPES[no].editable:
            assert f"改写的{key}" in edited.text()


def test_remedies_name_the_review_body_of_the_unit(city_org, district_org):
    assert "天津市人民政府" in common.remedy_text(city_org)
    district = common.remedy_text(district_org)
    assert "天津市河西区人民政府或者天津市司法局" in district and "六十日内" in district and "六个月内" in district
    assert "收到本通知书之日起" in common.remedy_text(district_org, "本通知")


def test_penalties_and_basis_wording():
    assert common.penalties_text([{"type": "warning"}, {"type": "fine", "amount": "5000.00"}]) \
        == "警告,并处罚款人民币5000元"
    assert common.penalties_text([{"type": "suspend_business", "months": 3}]) == "责令停产停业(停业整顿)3个月"
    assert common.penalties_text([]) == BLANK and common.basis_text([]) == BLANK
