"""The 行政复议 services through their public functions: registration (jurisdiction, timeliness), the
acceptance review (completion once, abandonment, deemed acceptance), the procedure (hearing, suspension,
extension), the decision's preconditions, and 行政应诉 hearings."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.models import AuditEvent
from fazhi.core.services.calendar import current_calendar
from fazhi.reconsideration import selectors
from fazhi.reconsideration.rules import deadlines, decisions
from fazhi.reconsideration.services import applications as apps
from fazhi.reconsideration.services import litigation as lit
from fazhi.reconsideration.services import procedure as proc
from fazhi.reconsideration.tests.factories import ACCEPT_ON, RECEIVED, accepted, registered, staff

D = dt.date
LAWFUL = {"facts_clear": True, "evidence_sufficient": True, "law_correct": True, "procedure_lawful": True,
          "content_appropriate": True}


@pytest.fixture
def clerk(make_user):
    return staff(make_user)


@pytest.fixture
def leader(make_user):
    return staff(make_user, role="leader")


def answered(clerk, **kw):
    app = accepted(clerk, **kw)
    app = proc.application_copy(actor=clerk, application=app, on=D(2024, 9, 5))
    return proc.application_record_answer(actor=clerk, application=app, on=D(2024, 9, 12))


# ---------------------------------------------------------------- registration

def test_register_ours_numbers_computes_the_body_and_audits(clerk):
    app = registered(clerk, applicant_id="11010519491231002X")
    assert app.number.endswith("复申〔2024〕1号") and app.status == "received"
    assert (app.body, app.office, app.ours) == ("天津市人民政府", "天津市司法局", True)
    assert app.timely and "未超过申请期限" in app.timeliness_note
    assert "第二十四条" in app.jurisdiction_note
    assert app.applicant_id_display != app.applicant_id and app.applicant_id_display.startswith("1101")
    assert registered(clerk).number.endswith("复申〔2024〕2号")
    assert AuditEvent.objects.filter(action="reconsideration.register", object_id=str(app.pk)).exists()


def test_register_not_ours_is_kept_and_the_refusal_names_the_competent_body(make_user):
    district_clerk = staff(make_user, "120103")  # 河西区司法局: an act of a city department is the city's
    app = registered(district_clerk)
    assert not app.ours and app.body == "天津市人民政府"
    with pytest.raises(InvalidTransition, match="不属于本机关管辖.*天津市人民政府.*第三十条第二款"):
        apps.application_accept(actor=district_clerk, application=app, on=ACCEPT_ON)
    app = apps.application_refuse(actor=district_clerk, application=app, on=ACCEPT_ON)
    assert app.status == "refused"
    assert "请向有管辖权的行政复议机关天津市人民政府提出申请(行政复议法第三十条第二款)" in app.refusal_reason


def test_a_vertical_agency_is_never_ours(clerk):
    app = registered(clerk, respondent_kind="vertical", respondent_name="天津海关")
    assert not app.ours and "海关" in app.body and "第二十七条" in app.jurisdiction_note


def test_district_department_goes_to_the_district(make_user):
    district_clerk = staff(make_user, "120103")
    app = registered(district_clerk, respondent_kind="district_department", respondent_district="120103",
                     respondent_name="天津市河西区市场监督管理局")
    assert app.ours and app.body == "天津市河西区人民政府" and app.district.code == "120103"


def test_a_late_application_is_registered_but_flagged_and_not_accepted(clerk):
    app = registered(clerk, learned_on="2024-06-01", act_on="2024-05-30")
    assert app.pk and not app.timely
    assert "已超过申请期限" in app.timeliness_note and "第二十条" in app.timeliness_note
    with pytest.raises(InvalidTransition, match="已超过申请期限"):
        apps.application_accept(actor=clerk, application=app, on=ACCEPT_ON)


def test_register_refuses_bad_values_at_once(clerk):
    with pytest.raises(ValidationFailed) as exc:
        registered(clerk, agents=["甲", "乙", "丙"], applicant_name="", received_on="2024-13-01",
                   respondent_kind="nope")
    fields = {p.field for p in exc.value.problems}
    assert {"委托代理人", "申请人", "收到申请日期", "被申请人"} <= fields
    assert any("第十七条" in p.reason for p in exc.value.problems)


def test_only_reconsideration_staff_register(make_user):
    with pytest.raises(PermissionDenied):
        registered(make_user("officer"))


def test_another_district_cannot_see_the_application(clerk, make_user):
    app = registered(clerk)
    other = staff(make_user, "120103")
    with pytest.raises(NotFound):
        selectors.application_get(actor=other, pk=app.pk)
    with pytest.raises(NotFound):
        apps.application_accept(actor=other, application=app)
    assert list(selectors.application_list(actor=other)) == []
    assert list(selectors.application_list(actor=clerk)) == [app]


# ---------------------------------------------------------------- completion, abandonment, deemed acceptance

def test_completion_is_requested_only_once(clerk):
    app = registered(clerk)
    with pytest.raises(ValidationFailed, match="一次性列明"):
        apps.application_request_completion(actor=clerk, application=app, items=[], on=D(2024, 9, 3))
    app = apps.application_request_completion(actor=clerk, application=app, items=["身份证明复印件"], on=D(2024, 9, 3))
    assert app.status == "completion_requested"
    app = apps.application_complete(actor=clerk, application=app, on=D(2024, 9, 5))
    assert app.status == "received"
    with pytest.raises(InvalidTransition, match="只能发出一次.*第三十一条"):
        apps.application_request_completion(actor=clerk, application=app, items=["其他"], on=D(2024, 9, 6))


def test_abandonment_only_after_the_completion_period(clerk):
    app = apps.application_request_completion(actor=clerk, application=registered(clerk), items=["申请书签名"],
                                              on=D(2024, 9, 3))
    due = deadlines.completion_due(D(2024, 9, 3), calendar=_cal()).due
    with pytest.raises(InvalidTransition, match="届满前不能视为放弃"):
        apps.application_mark_abandoned(actor=clerk, application=app, on=due)
    with pytest.raises(InvalidTransition, match="逾期补正"):
        apps.application_complete(actor=clerk, application=app, on=due + dt.timedelta(days=1))
    app = apps.application_mark_abandoned(actor=clerk, application=app, on=due + dt.timedelta(days=1))
    assert (app.status, app.outcome, app.concluded_on) == ("abandoned", "deemed_abandoned", due + dt.timedelta(days=1))


def _cal():
    return current_calendar()


def test_deemed_acceptance_after_the_review_period(clerk):
    app = registered(clerk)
    due = deadlines.acceptance_due(RECEIVED, calendar=_cal()).due
    assert selectors.effective_accepted_on(app, today=due) is None
    assert selectors.effective_accepted_on(app, today=due + dt.timedelta(days=1)) == due
    with pytest.raises(InvalidTransition, match="届满前不能视为受理"):
        apps.application_deem_accepted(actor=clerk, application=app, on=due)
    done = apps.deem_accepted_due(on=due + dt.timedelta(days=1))
    app.refresh_from_db()
    assert done == [app] and app.status == "accepted" and app.deemed_accepted and app.accepted_on == due


# ---------------------------------------------------------------- procedure

def test_hearing_notice_and_panel(clerk):
    app = answered(clerk)
    with pytest.raises(ValidationFailed, match="至少应有二名"):
        proc.hearing_schedule(actor=clerk, application=app, held_on=D(2024, 9, 27), notice_on=D(2024, 9, 18),
                              presiding="张主持", members=["李"], clerk="赵记录")
    with pytest.raises(ValidationFailed, match="第五十条"):
        proc.hearing_schedule(actor=clerk, application=app, held_on=D(2024, 9, 27), notice_on=D(2024, 9, 24),
                              presiding="张主持", members=["李", "王"], clerk="赵记录")
    h = proc.hearing_schedule(actor=clerk, application=app, held_on=D(2024, 9, 27), notice_on=D(2024, 9, 18),
                              presiding="张主持", members=["李", "王"], clerk="赵记录")
    with pytest.raises(ValidationFailed, match="委托"):
        proc.hearing_record(actor=clerk, hearing=h, head_attended=False)
    h = proc.hearing_record(actor=clerk, hearing=h, head_attended=True)
    assert h.held and h.respondent_head_attended
    app.refresh_from_db()
    assert app.status == "answered"


def test_suspension_days_are_not_counted(clerk):
    app = answered(clerk)
    app = proc.application_suspend(actor=clerk, application=app, reason="申请人丧失行为能力", on=D(2024, 9, 20))
    assert app.status == "suspended"
    with pytest.raises(InvalidTransition):
        proc.application_copy(actor=clerk, application=app)
    app = proc.application_resume(actor=clerk, application=app, on=D(2024, 9, 30))
    assert app.status == "answered" and app.suspended_from == ""
    decision = [r for r in selectors.deadlines_for(app, today=D(2024, 10, 8)) if r.deadline.key == "decision"][0]
    assert decision.deadline.length == 60 + 10 and "第三十九条" in decision.deadline.note


def test_extension_ordinary_only_at_most_thirty_days(clerk, leader):
    app = answered(clerk)
    with pytest.raises(PermissionDenied):
        proc.application_extend(actor=clerk, application=app, days=10, reason="案情复杂")
    app = proc.application_extend(actor=leader, application=app, days=20, reason="案情复杂")
    with pytest.raises(ValidationFailed, match="最多不得超过 30 日.*第六十二条"):
        proc.application_extend(actor=leader, application=app, days=11, reason="案情复杂")
    app = proc.application_extend(actor=leader, application=app, days=10, reason="案情复杂")
    assert app.extension_days == 30 and app.status == "answered"
    simple = accepted(clerk, simplified=True)
    with pytest.raises(InvalidTransition, match="简易程序.*不得延长"):
        proc.application_extend(actor=leader, application=simple, days=5, reason="案情复杂")
    simple = proc.application_convert(actor=leader, application=simple, reason="案情复杂,不宜适用简易程序")
    assert proc.application_extend(actor=leader, application=simple, days=5, reason="案情复杂").extension_days == 5


def test_decide_preconditions(clerk, leader):
    app = accepted(clerk)
    with pytest.raises(InvalidTransition, match="已受理"):
        proc.application_decide(actor=leader, application=app, code="uphold", facts=LAWFUL, text_="维持")
    app = proc.application_copy(actor=clerk, application=app, on=D(2024, 9, 5))
    with pytest.raises(InvalidTransition, match="答复期限"):
        proc.application_decide(actor=leader, application=app, code="uphold", facts=LAWFUL, text_="维持",
                                on=D(2024, 9, 10))
    with pytest.raises(ValidationFailed, match="第六十八条") as exc:
        proc.application_decide(actor=leader, application=app, code="uphold", facts={"facts_clear": True},
                                text_="维持", on=D(2024, 10, 10))
    assert exc.value.problems[0].field == "维持决定"
    with pytest.raises(PermissionDenied):
        proc.application_decide(actor=clerk, application=app, code="uphold", facts=LAWFUL, text_="维持")
    app = proc.application_decide(actor=leader, application=app, code="uphold", facts=LAWFUL, text_="维持原处罚",
                                  on=D(2024, 10, 10))
    assert (app.status, app.outcome, app.decision_code) == ("decided", "decision", "uphold")
    assert app.signer == decisions.signer("uphold") and app.concluded_on == D(2024, 10, 10)


def test_a_change_may_not_be_worse(clerk, leader):
    app = answered(clerk)
    facts = {**LAWFUL, "content_appropriate": False, "original_penalties": [{"type": "fine", "amount": "5000"}],
             "new_penalties": [{"type": "fine", "amount": "8000"}]}
    with pytest.raises(ValidationFailed, match="第六十三条第二款"):
        proc.application_decide(actor=leader, application=app, code="change", facts=facts, text_="变更为罚款 8000 元",
                                on=D(2024, 10, 10))
    facts["new_penalties"] = [{"type": "fine", "amount": "2000"}]
    app = proc.application_decide(actor=leader, application=app, code="change", facts=facts,
                                  text_="变更为罚款 2000 元", on=D(2024, 10, 10))
    assert app.decision_code == "change" and app.signer == "复议机关(人民政府)负责人"


def test_other_conclusions(clerk):
    app = proc.application_mediate(actor=clerk, application=answered(clerk), reason="调解书已签收",
                                   on=D(2024, 10, 1))
    assert (app.status, app.outcome) == ("mediated", "mediation")
    app = proc.application_withdraw(actor=clerk, application=registered(clerk), reason="申请人撤回", on=D(2024, 9, 3))
    assert (app.status, app.outcome) == ("withdrawn", "withdrawal")
    with pytest.raises(InvalidTransition):
        proc.application_mediate(actor=clerk, application=app, reason="再调解")


# ---------------------------------------------------------------- 行政应诉

def test_litigation_head_attendance(clerk):
    suit = lit.litigation_register(actor=clerk, data={"defendant": "天津市市场监督管理委员会", "plaintiff": "王小明",
                                                      "court": "天津市第一中级人民法院", "filed_on": "2024-10-09"})
    with pytest.raises(ValidationFailed, match="行政诉讼法第三条第三款"):
        lit.litigation_record_hearing(actor=clerk, litigation=suit, held_on="2024-11-05", head_attended=False)
    h = lit.litigation_record_hearing(actor=clerk, litigation=suit, held_on="2024-11-05", head_attended=False,
                                      delegate="法规处 刘某")
    assert not h.head_attended
    with pytest.raises(ValidationFailed, match="开庭日期"):
        lit.litigation_record_hearing(actor=clerk, litigation=suit, held_on="2024-10-01", head_attended=True)


def test_a_suit_after_reconsideration_needs_a_concluded_case(clerk):
    with pytest.raises(InvalidTransition, match="尚未结案"):
        lit.litigation_register(actor=clerk, application=accepted(clerk),
                                data={"defendant": "天津市人民政府", "plaintiff": "王小明", "court": "天津市第二中级人民法院",
                                      "filed_on": "2024-10-09"})
