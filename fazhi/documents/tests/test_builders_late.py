"""Builders of documents 26–36 (``decision.py``, ``execution.py``): every document builds for a whole
ordinary case, a freshly registered one, a simplified (当场) one, a no-penalty one, a transferred one and
one sent to the court; each names the party and carries its editable parts; the decision letters carry
what 行政处罚法 第五十九条 and 第五十二条 require."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases.models import CaseStep
from fazhi.cases.tests import factories as cf
from fazhi.documents.builders import build
from fazhi.documents.builders.source import source_for
from fazhi.documents.catalog import DOCUMENT_TYPES
from fazhi.documents.layout import BLANK, Doc
from fazhi.documents.layout import cjk_punctuation as P

pytestmark = pytest.mark.django_db
D = dt.date
LATE = range(26, 37)
FORM_NO = "津西司当罚0001"


def _setup(admin, make_user, org, case_type="ordinary", **kw):
    s = cf.setup_case(admin, make_user, org, party=cf.PARTY[case_type], case_type=case_type,
                      **({"major_or_complex": True} if case_type == "ordinary" else {}), **kw)
    s.others["chair"] = cf.officer(admin, make_user, org, login=False, name="听证主持人")
    return s


def _through(s, base):
    """Take the ordinary path up to the base's step, its extra steps, then the step itself."""
    key = base.through
    keys = [k for k, *_ in cf.ORDINARY]
    cf.walk(s, until=keys[keys.index(key) + 1] if key else base.until)
    for action, day, data in base.extra:
        s.advance(action, day, data)


def _docs(s) -> dict[int, Doc]:
    case = s.refresh()
    docs = {no: build(no, source_for(case=case, on=D(2025, 5, 6))) for no in LATE}
    for no, doc in docs.items():
        assert doc.type_no == no and doc.title == DOCUMENT_TYPES[no].name
        assert case.party_name in doc.text(), f"{no} 缺少当事人"
        keys = {p.key for p in doc.paragraphs}
        assert set(DOCUMENT_TYPES[no].editable) <= keys, f"{no} 缺少可修改段落"
        assert doc.issuer == case.unit.name and doc.draft and not doc.number
    return docs


def _walked(admin, make_user, org):
    s = _setup(admin, make_user, org)
    cf.walk(s)
    return s


def test_whole_ordinary_case(admin, make_user, district_org):
    s = _walked(admin, make_user, district_org)
    docs = _docs(s)
    decision = docs[27].text()
    assert P("第五十一条(测试条文)") in decision and "人民币50000元" in decision
    assert "六十日" in decision and "六个月" in decision and "十五日" in decision and "百分之三" in decision
    assert docs[27].sign_date == "2024年9月25日" and docs[27].seal and docs[27].recipient == s.case.party_name
    assert "天津市河西区人民政府" in decision  # 复议机关 of a district unit (data/remedies.toml)
    approval = docs[26].text()
    assert P("事实清楚,证据确凿") in approval and "审核通过" in approval and "罚款五万元" in approval
    assert "负责人" in approval and "2024年9月25日" in approval
    receipt = docs[30].text()
    assert "直接送达" in receipt and "主任" in receipt and "2024年9月26日" in receipt and "《行政处罚决定书》" in receipt
    closing = docs[35].text()
    assert "2024年10月8日" in closing and "人民币50000元" in closing and "罚款已缴清" in closing
    cover = docs[36]
    values = {r.label: r.value for r in cover.rows}
    assert values["档案号"] == "2024-罚-001" and values["保管期限"] == "30年" and values["案号"] == s.case.number
    assert values["案件名称"] == f"{s.case.party_name}涉嫌{s.case.violation_summary}案"
    assert values["归档日期"] == "2024年10月10日" and values["立案日期"] == "2024年8月20日"
    assert not cover.paragraphs and not cover.seal and not cover.sign_unit
    for no in (26, 30, 31, 35, 36):  # forms: signed in their rows, no sign-off
        assert docs[no].rows and not docs[no].sign_unit
    for no in (27, 28, 32, 33, 34):  # letters: addressed, signed off under the seal
        assert docs[no].paragraphs and docs[no].seal and docs[no].sign_unit == s.case.unit.name


def test_fresh_case_prints_blanks(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org)
    assert not CaseStep.objects.filter(case=s.case).exclude(action="register").exists()
    docs = _docs(s)
    assert BLANK in docs[27].text() and "六十日" in docs[27].text()
    assert {r.label: r.value for r in docs[36].rows}["档案号"] == BLANK
    assert {r.label: r.value for r in docs[30].rows}["送达日期"] == BLANK


def test_simplified_case(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, "simplified")
    s.advance("decide_on_spot", D(2024, 8, 20), {"penalties": [{"type": "fine", "amount": "200"}], "form_no": FORM_NO})
    cf.walk(s, "simplified", skip=("decide_on_spot",))
    docs = _docs(s)
    on_spot = docs[29]
    assert {r.label: r.value for r in on_spot.rows}["编号"] == FORM_NO
    text = on_spot.text()
    assert "人民币200元" in text and "2024年8月20日" in text and "执法证号" in text and s.lead.credential_no in text
    assert "行政复议决定书之日起十五日内" in text  # 行政复议法 第二十三条: 复议 before a suit
    assert "当场交付" in docs[30].text() and FORM_NO in docs[30].text()
    assert "简易程序" in {r.label: r.value for r in docs[36].rows}["立案日期"]


def test_no_penalty_case(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org)
    base = cf.BASES["ordinary"]["decide_no_penalty"]
    _through(s, base)
    s.advance("decide_no_penalty", base.on, base.data)
    docs = _docs(s)
    text = docs[28].text()
    assert P(base.data["ground"]) in text and "已当面教育" in text and "第三十三条" in text and "六十日" in text
    assert docs[28].sign_date == "2024年9月4日"
    assert "不予行政处罚" in docs[26].text() and P(base.data["ground"]) in docs[26].text()


def test_court_enforcement_and_demand(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org)
    base = cf.BASES["ordinary"]["apply_court"]
    _through(s, base)
    s.advance("apply_court", base.on, base.data)
    docs = _docs(s)
    assert docs[33].recipient == "天津市河西区人民法院"
    application = docs[33].text()
    assert "2024年10月14日" in application and "人民币50000元" in application and "第五十四条" in application
    demand = docs[32].text()
    assert "十日内" in demand and "人民币50000元" in demand and "陈述和申辩" in demand
    assert "申请天津市河西区人民法院强制执行" in docs[35].text()


def test_transferred_case(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org)
    base = cf.BASES["ordinary"]["transfer"]
    s.advance("transfer", base.on, base.data)
    docs = _docs(s)
    assert docs[34].recipient == "天津市公安局河西分局"
    assert "涉嫌犯罪" in {p.key: p.text for p in docs[34].paragraphs}["reason"]
    assert "移送天津市公安局河西分局" in docs[35].text()


def test_edits_replace_only_the_editable_parts(admin, make_user, district_org):
    s = _walked(admin, make_user, district_org)
    doc = build(27, source_for(case=s.refresh()))
    edited = doc.with_edits({"facts": "改写的事实", "reasons": "改写的理由"}, DOCUMENT_TYPES[27].editable)
    assert "改写的事实" in edited.text() and "改写的理由" in edited.text()
    assert "人民币50000元" in edited.text() and "六十日" in edited.text()  # the decision and the remedies stay
