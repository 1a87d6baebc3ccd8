"""The 行政处罚裁量基准 inside cases (issue 6, part 5): 裁量情节认定 records the facts and the recommendation;
事先告知, 决定 and 当场处罚 must stay within the recommended range or carry a written reason; a reasoned
deviation flags the case, needs a passed 法制审核 after the reason before the decision, and shows on the case
page and the supervision page. Cases whose basis is no benchmark matter are not affected."""

from __future__ import annotations

import datetime as dt
import io
import os
import re

import openpyxl
import pytest
from django.urls import reverse

from fazhi.cases import discretion
from fazhi.cases.facts import CaseFacts, StepRecord
from fazhi.cases.models import Case, CaseStep
from fazhi.cases.rules import RULES
from fazhi.cases.services.cases import case_register, case_set_basis
from fazhi.cases.tests import factories as cf
from fazhi.core.calendar import WorkCalendar
from fazhi.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db
D = dt.date
GENERAL = {"harm": "minor"}  # LS-50 一般档: 警告、罚款 30000–60000 元; LS-47 一般档: 警告、罚款 1000–3000 元
LIGHTER = {"harm": "minor", "mitigating": ["cooperated"]}  # 从轻档: LS-50 罚款 0–30000 元; LS-47 0–1000 元
WARNING = {"type": "warning"}
SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "/tmp")
REASON = "当事人已全额退还违规收取的费用并主动整改,按一般档处罚明显过重(行政处罚法第五条过罚相当)"


def fine(amount: int) -> dict:
    return {"type": "fine", "amount": str(amount)}


@pytest.fixture
def firm(admin, make_user, district_org):
    """An ordinary case against a law firm whose basis is 律师法第五十条 (LS-50), investigated."""
    s = cf.setup_case(admin, make_user, district_org)
    case_set_basis(actor=s.handler, case=s.case, article_ids=[cf.lawyers_article(admin, "第五十条").pk])
    s.advance("file", D(2024, 8, 20), {"opinion": "同意立案"})
    s.advance("record_inquiry", D(2024, 8, 22), {"kind": "questioning", "summary": "询问收费情况"})
    s.advance("close_investigation", D(2024, 9, 2), {"summary": "违法事实清楚"})
    return s


@pytest.fixture
def lawyer(admin, make_user, district_org):
    """A simplified case against a lawyer whose basis is 律师法第四十七条 (LS-47)."""
    s = cf.setup_case(admin, make_user, district_org, party="practitioner", case_type="simplified")
    case_set_basis(actor=s.handler, case=s.case, article_ids=[cf.lawyers_article(admin, "第四十七条").pk])
    return s


def _refused(s, action, on, data) -> str:
    steps, case = CaseStep.objects.filter(case=s.case).count(), Case.objects.get(pk=s.case.pk)
    with pytest.raises(ValidationFailed) as info:
        s.advance(action, on, data)
    after = Case.objects.get(pk=s.case.pk)
    assert CaseStep.objects.filter(case=s.case).count() == steps  # nothing saved
    assert (after.status, after.discretion, after.discretion_deviation, after.proposed_penalties, after.penalties) == (
        case.status, case.discretion, case.discretion_deviation, case.proposed_penalties, case.penalties)
    return " ".join(p.reason for p in info.value.problems)


def _notified(s, facts=GENERAL, proposed=(WARNING, fine(40000)), **notify):
    s.advance("assess_discretion", D(2024, 9, 3), facts)
    if any(p.get("type") == "fine" and int(p["amount"]) >= 30000 for p in proposed):
        s.advance("legal_review", D(2024, 9, 4), cf.REVIEW)  # a hearing right: 法制审核 first (第五十八条)
    s.advance("notify", D(2024, 9, 5), {"proposed_penalties": list(proposed), **notify})
    s.advance("record_statement", D(2024, 9, 6), {"waived": True})
    return s.case


# ---------------------------------------------------------------- refused without a reason

def _reach(request, action):
    """A case where ``action`` is next, and penalties for it outside the recommended range."""
    if action == "decide_on_spot":
        s = request.getfixturevalue("lawyer")
        s.advance("assess_discretion", D(2024, 8, 20), GENERAL)  # 一般档: 警告、罚款 1000–3000 元
        return s, D(2024, 8, 20), {"penalties": [WARNING, fine(200)]}, "罚款 200 元低于一般档"
    s = request.getfixturevalue("firm")
    if action == "notify":
        s.advance("assess_discretion", D(2024, 9, 3), GENERAL)
        return s, D(2024, 9, 5), {"proposed_penalties": [WARNING, fine(20000)]}, "罚款 20000 元低于一般档"
    _notified(s, LIGHTER, (WARNING, fine(20000)))  # 从轻档: 警告、罚款 0–30000 元
    return s, D(2024, 9, 10), {"penalties": [fine(20000)]}, "从轻档应给予警告,决定中没有"


@pytest.mark.parametrize("action", ["notify", "decide", "decide_on_spot"])
def test_outside_the_range_without_a_reason_is_refused(request, action):
    s, on, data, deviation = _reach(request, action)
    reason = _refused(s, action, on, data)
    assert deviation in reason and "偏离裁量基准" in reason
    assert "行政处罚法第三十四条" in reason and "本局律师行政处罚裁量基准" in reason and "lawyers.yaml" in reason
    assert not Case.objects.get(pk=s.case.pk).discretion_deviation


def test_on_the_spot_a_reason_does_not_help(lawyer):
    lawyer.advance("assess_discretion", D(2024, 8, 20), GENERAL)
    reason = _refused(lawyer, "decide_on_spot", D(2024, 8, 20),
                      {"penalties": [WARNING, fine(200)], "deviation_reason": REASON})
    assert "不能当场处罚" in reason and "行政处罚法第五十八条" in reason


def test_within_the_range_on_the_spot(lawyer):
    lawyer.advance("assess_discretion", D(2024, 8, 20), LIGHTER)  # 从轻档: 警告、罚款 0–1000 元
    case = lawyer.advance("decide_on_spot", D(2024, 8, 20), {"penalties": [WARNING, fine(200)]})
    assert case.status == "served" and not case.discretion_deviation
    data = case.steps.get(action="decide_on_spot").data["discretion"]
    assert data["tier"] == "从轻" and data["deviations"] == [] and not data["flagged"]


def test_unlawful_penalties_are_refused_even_with_a_reason(firm):
    firm.advance("assess_discretion", D(2024, 9, 3), GENERAL)
    reason = _refused(firm, "notify", D(2024, 9, 5),
                      {"proposed_penalties": [WARNING, fine(120000)], "deviation_reason": REASON})
    assert "超出法定幅度" in reason and "不能以说明理由代替" in reason and "第三十八条" in reason


# ---------------------------------------------------------------- a reasoned deviation

def test_a_reason_at_notify_flags_the_case_and_sends_it_to_legal_review(firm, client):
    case = _notified(firm, GENERAL, (WARNING, fine(20000)), deviation_reason=REASON)
    assert case.discretion_deviation and case.discretion_reason == REASON
    notify = case.steps.get(action="notify").data
    assert notify["deviation_reason"] == REASON and notify["discretion"]["flagged"]
    assert notify["discretion"]["tier"] == "一般" and notify["discretion"]["version"] == "2025.1"
    client.force_login(firm.approver)
    page = re.sub(r"\s+", " ", client.get(reverse("cases:supervision")).content.decode())
    listed = page.split('id="deviations"')[1]
    assert case.number in listed and REASON in listed and "一般档" in listed and "尚未审核" in listed

    reason = _refused(firm, "decide", D(2024, 9, 10), {"penalties": [WARNING, fine(20000)]})
    assert "行政处罚法第五十八条" in reason and "尚未进行法制审核" in reason
    firm.advance("legal_review", D(2024, 9, 10), {"opinion": "偏离理由不充分", "conclusion": "not_passed"})
    assert "未通过" in _refused(firm, "decide", D(2024, 9, 10), {"penalties": [WARNING, fine(20000)]})
    firm.advance("legal_review", D(2024, 9, 11), {**cf.REVIEW, "opinion": "偏离裁量基准的理由成立"})
    case = firm.advance("decide", D(2024, 9, 11), {"penalties": [WARNING, fine(20000)]})
    assert case.status == "decided" and case.discretion_deviation and case.discretion_reason == REASON
    assert case.steps.get(action="decide").data["discretion"]["flagged"]
    page = re.sub(r"\s+", " ", client.get(reverse("cases:supervision")).content.decode())
    assert "已审核通过" in page.split('id="deviations"')[1]


def test_a_reason_first_given_at_the_decision_is_not_enough(firm):
    _notified(firm, LIGHTER, (WARNING, fine(20000)))
    reason = _refused(firm, "decide", D(2024, 9, 10), {"penalties": [fine(20000)], "deviation_reason": REASON})
    assert "须先在“行政处罚事先告知”或“裁量情节认定”环节写明偏离理由" in reason and "第五十八条" in reason
    # the way: write the reason at a new 裁量情节认定, have it reviewed, then decide
    firm.advance("assess_discretion", D(2024, 9, 10), {**LIGHTER, "deviation_reason": REASON})
    firm.advance("legal_review", D(2024, 9, 10), cf.REVIEW)
    case = firm.advance("decide", D(2024, 9, 10), {"penalties": [fine(20000)]})
    assert case.status == "decided" and case.discretion_deviation and case.discretion_reason == REASON


def test_within_the_range_nothing_is_flagged(firm):
    _notified(firm, GENERAL, (WARNING, fine(40000)))
    case = firm.advance("decide", D(2024, 9, 10), {"penalties": [WARNING, fine(40000)]})
    assert case.status == "decided" and not case.discretion_deviation and case.discretion_reason == ""
    data = case.steps.get(action="decide").data["discretion"]
    assert data["deviations"] == [] and data["tier"] == "一般" and data["rule_date"] == "2024-06-03"
    assert case.discretion["checked"]["action"] == "decide"


# ---------------------------------------------------------------- the assessment

@pytest.mark.parametrize("action", ["notify", "decide_on_spot"])
def test_without_an_assessment_the_step_is_refused(request, action):
    s = request.getfixturevalue("firm" if action == "notify" else "lawyer")
    on = D(2024, 9, 5) if action == "notify" else D(2024, 8, 20)
    key = "proposed_penalties" if action == "notify" else "penalties"
    reason = _refused(s, action, on, {key: [WARNING, fine(200)]})
    assert reason.startswith("请先进行裁量情节认定(行政处罚法第三十四条)")


def test_an_assessment_of_another_basis_must_be_redone(admin, firm):
    firm.advance("assess_discretion", D(2024, 9, 3), GENERAL)
    case_set_basis(actor=firm.handler, case=firm.case, article_ids=[cf.lawyers_article(admin, "第四十七条").pk,
                                                                     cf.lawyers_article(admin, "第五十条").pk])
    assert [v.code for v in discretion.matters_for_case(firm.case)] == ["LS-50"]  # 第四十七条: persons only
    practitioner = cf.lawyers_article(admin, "第五十五条")
    case_set_basis(actor=firm.handler, case=firm.case, article_ids=[practitioner.pk])
    assert discretion.matters_for_case(firm.case) == []  # LS-55 is a person's: the firm's case is not affected


def test_the_stored_assessment(firm):
    case = firm.advance("assess_discretion", D(2024, 9, 3), {**GENERAL, "illegal_gains": "1200",
                                                               "aggravating": ["repeated"]})
    data = case.steps.get(action="assess_discretion").data
    assert data["violation"] == "LS-50" and data["file"] == "lawyers.yaml" and data["version"] == "2025.1"
    assert data["tier"] == "从重" and data["no_penalty"] is False and data["rule_date"] == "2024-06-03"
    assert [b["type"] for b in data["penalties"]] == ["suspend_business", "fine", "confiscate_gains"]
    assert data["explanation"][0].startswith("事项 LS-50「") and any("从重档" in line for line in data["explanation"])
    assert data["facts"] == {**data["facts"], "party_type": "organization", "harm": "minor", "illegal_gains": "1200.00",
                             "aggravating": ["repeated"], "violation_date": "2024-06-03", "decision_date": "2024-09-03"}
    assert case.discretion["explanation"] == data["explanation"] and case.discretion["assessed_on"] == "2024-09-03"
    assert case.status == "investigated" and case.steps.get(action="assess_discretion").to_status == "investigated"


def test_bad_facts_are_refused_with_their_field(firm):
    with pytest.raises(ValidationFailed) as info:
        firm.advance("assess_discretion", D(2024, 9, 3), {"harm": "huge", "mitigating": ["obstructed"]})
    fields = {p.field for p in info.value.problems}
    assert "危害后果" in fields
    with pytest.raises(ValidationFailed) as info:
        firm.advance("assess_discretion", D(2024, 9, 3), {"harm": "none", "mitigating": ["obstructed"]})
    assert info.value.problems[0].field == "从轻、减轻情节" and "从重情节" in info.value.problems[0].reason


def test_several_matters_the_officer_chooses(admin, lawyer):
    both = [cf.lawyers_article(admin, "第四十七条").pk, cf.lawyers_article(admin, "第四十八条").pk]
    case_set_basis(actor=lawyer.handler, case=lawyer.case, article_ids=both)
    assert discretion.matter_for_case(lawyer.case) is None
    with pytest.raises(ValidationFailed, match="对应多个事项,请选择:LS-47"):
        lawyer.advance("assess_discretion", D(2024, 8, 20), GENERAL)
    case = lawyer.advance("assess_discretion", D(2024, 8, 20), {**GENERAL, "violation": "LS-48"})
    assert case.discretion["violation"] == "LS-48" and case.discretion["tier"] == "一般"


def test_prior_penalties_of_the_party_are_counted(admin, make_user, district_org, lawyer):
    lawyer.advance("assess_discretion", D(2024, 8, 20), LIGHTER)
    lawyer.advance("decide_on_spot", D(2024, 8, 20), {"penalties": [WARNING]})
    later = case_register(actor=lawyer.handler, data={
        "case_type": "simplified", "source_kind": "complaint", "practitioner_licence": lawyer.party.licence_no,
        "violation_date": "2024-09-01",
        "violation_summary": "律师同时在两个律师事务所执业", "received_on": "2024-09-10", "discovered_on": "2024-09-10"})
    case_set_basis(actor=lawyer.handler, case=later, article_ids=[cf.lawyers_article(admin, "第四十七条").pk])
    again = cf.CaseSetup(later, district_org, lawyer.lead, lawyer.assistant, lawyer.handler, lawyer.approver,
                         lawyer.reviewer)
    case = again.advance("assess_discretion", D(2024, 9, 10), GENERAL)
    data = case.steps.get(action="assess_discretion").data
    assert data["prior_cases"] == [lawyer.case.number]
    assert data["facts"]["prior_penalties"] == [{"basis": "律师法第四十七条", "penalty": "warning",
                                                 "decided_on": "2024-08-20"}]
    assert data["escalation"] == "律师法第五十一条第一款" and data["penalties"][0]["type"] == "restrict_practice"


# ---------------------------------------------------------------- cases the benchmark does not cover

def test_a_case_with_a_non_benchmark_basis_is_unaffected(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org)  # basis: 行政处罚法 (a test article)
    cf.walk(s, until="request_hearing")
    case = s.refresh()
    assert case.status == "notified" and case.discretion == {} and not case.discretion_deviation
    assert "discretion" not in case.steps.get(action="notify").data
    with pytest.raises(ValidationFailed, match="没有对应的事项"):
        s.advance("assess_discretion", D(2024, 9, 6), GENERAL)


# ---------------------------------------------------------------- the rules alone

def _facts(*steps, action="decide", case_type="ordinary"):
    recorded = {}
    for seq, (name, on, data) in enumerate(steps, start=1):
        recorded[name] = recorded.get(name, ()) + (StepRecord(on, data, seq),)
    return CaseFacts(calendar=WorkCalendar(), on=D(2024, 9, 10), action=action, case_type=case_type, steps=recorded)


def test_the_review_must_come_after_the_reason():
    flagged = {"discretion": {"assessed": True, "flagged": True, "deviations": []}}
    review = ("legal_review", D(2024, 9, 4), {"conclusion": "passed"})
    notify = ("notify", D(2024, 9, 5), {"deviation_reason": REASON})
    rule = RULES["deviation_reviewed"]
    assert "尚未进行法制审核" in rule(_facts(review, notify), flagged)
    assert rule(_facts(notify, review), flagged) is None
    assert rule(_facts(notify, review), {"discretion": {"assessed": True, "flagged": False}}) is None
    assert rule(_facts(notify, review), {}) is None
    assert "不能当场处罚" in rule(_facts(action="decide_on_spot", case_type="simplified"), flagged)


# ---------------------------------------------------------------- pages

def test_the_case_page_shows_the_assessment_and_the_badge(firm, client):
    _notified(firm, GENERAL, (WARNING, fine(20000)), deviation_reason=REASON)
    client.force_login(firm.handler)
    page = re.sub(r"\s+", " ", client.get(reverse("cases:detail", args=[firm.case.pk])).content.decode())
    panel = page.split('id="discretion"')[1].split("</section>")[0]
    assert "偏离裁量基准</span>" in panel and REASON in panel and "一般档:警告、罚款 30000–60000 元" in panel
    for line in firm.case.discretion["explanation"]:
        assert line in panel
    assert "裁量情节认定" in page and "偏离裁量基准的理由" in page


def test_the_assessment_form_posts_the_facts(firm, client):
    client.force_login(firm.handler)
    page = client.get(reverse("cases:detail", args=[firm.case.pk])).content.decode()
    form = page.split('id="act-assess_discretion"')[1].split("</form>")[0]
    assert "主动消除或者减轻违法行为危害后果" in form and 'name="mitigating"' in form and "违法行为次数多" in form
    response = client.post(reverse("cases:advance", args=[firm.case.pk]), {
        "action": "assess_discretion", "on": "2024-09-03", "harm": "minor", "mitigating": ["cooperated"]})
    assert response.status_code == 302
    case = firm.refresh()
    assert case.discretion["tier"] == "从轻" and case.discretion["facts"]["mitigating"] == ["cooperated"]
    refused = client.post(reverse("cases:advance", args=[firm.case.pk]), {"action": "assess_discretion",
                                                                        "on": "2024-09-03", "harm": ""})
    assert refused.status_code == 400 and "请选择" in refused.content.decode()


def test_the_supervision_export_lists_the_deviations(firm, client):
    _notified(firm, GENERAL, (WARNING, fine(20000)), deviation_reason=REASON)
    client.force_login(firm.approver)
    response = client.get(reverse("cases:supervision_export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in book["偏离裁量基准"].iter_rows()]
    assert rows[0][:3] == ["案件编号", "行政区", "办案单位"] and len(rows) == 2
    assert rows[1][0] == firm.case.number and REASON in rows[1] and "否" in rows[1]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_browser_assessment_and_deviation(login, admin, make_user, district_org):
    """In Chromium: the officer records the facts on the case page, the 裁量基准 panel shows the recommendation,
    a reasoned deviation at 事先告知 shows the badge; photographed (``FAZHI_SCREENSHOTS``, default /tmp)."""
    s = cf.setup_case(admin, make_user, district_org)
    case_set_basis(actor=s.handler, case=s.case, article_ids=[cf.lawyers_article(admin, "第五十条").pk])
    s.advance("file", D(2024, 8, 20), {"opinion": "同意立案"})
    s.advance("record_inquiry", D(2024, 8, 22), {"kind": "questioning", "summary": "询问收费情况"})
    s.advance("close_investigation", D(2024, 9, 2), {"summary": "违法事实清楚"})
    page = login(s.handler, f"/cases/{s.case.pk}/")
    page.locator("#act-assess_discretion > summary").click()
    page.locator("#assess_discretion-on").fill("2024-09-03")
    page.locator("#assess_discretion-harm").select_option("minor")
    page.locator("#assess_discretion-first_offence").check()
    page.locator("#act-assess_discretion").get_by_role("button").click()
    page.wait_for_load_state()
    panel = page.locator("#discretion")
    assert "一般档:警告、罚款 30000–60000 元" in panel.inner_text() and "初次违法" in panel.inner_text()
    page.locator("#act-notify > summary").click()
    page.locator("#notify-on").fill("2024-09-05")
    page.locator("#notify-proposed_penalties-type-0").select_option("warning")
    page.locator("#notify-proposed_penalties-type-1").select_option("fine")
    page.locator("#notify-proposed_penalties-amount-1").fill("20000")
    page.locator("#act-notify").get_by_role("button").click()
    page.wait_for_load_state()
    assert "罚款 20000 元低于一般档" in page.locator("#act-notify").inner_text()  # refused: no reason
    page.locator("#notify-deviation_reason").fill(REASON)
    page.locator("#act-notify").get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator("#case-status").inner_text() == "已事先告知"
    assert page.locator("#discretion .badge-danger").inner_text() == "偏离裁量基准"
    page.screenshot(path=f"{SHOTS}/case-discretion.png", full_page=True)
