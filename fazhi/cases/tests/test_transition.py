"""``case_advance``: every step the table disallows, every precondition of every step with its fact
missing, whole cases (ordinary with a hearing; simplified), and that nothing else sets the status."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from fazhi.cases import procedure
from fazhi.cases.models import Case, CaseOfficer, CaseStep, PublicRecord
from fazhi.cases.rules import ARTICLES, REASON_ARTICLES
from fazhi.cases.tests import factories as cf
from fazhi.core.audit import history_for
from fazhi.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.core.masking import mask_id_number
from fazhi.inspections.models import OfficerRelationship
from fazhi.officers.models import Officer

pytestmark = pytest.mark.django_db
D = dt.date


@dataclass
class Break:
    """What makes one precondition fail: registration data, path steps left out or changed, a change
    before the step, or the step's own date or data."""

    case: dict = field(default_factory=dict)
    skip: tuple = ()
    path_data: dict = field(default_factory=dict)  # key -> data replacing the path's
    extra: tuple | None = None
    before: Callable | None = None
    on: dt.date | None = None
    data: dict = field(default_factory=dict)


def _expire(attr):
    def run(s, on):
        Officer.objects.filter(pk=getattr(s, attr).pk).update(valid_to=on - dt.timedelta(days=1))
    return run


def _conflict(s, on):
    target = {"institution": s.party} if s.case.institution_id else {"practitioner": s.party}
    OfficerRelationship.objects.create(officer=s.assistant, kind="relative", **target)


def _unqualify(s, on):
    Officer.objects.filter(user=s.reviewer).update(has_legal_qualification=False)


def _lawyers_basis(number, facts=None):
    """The case's basis becomes an article of 律师法 (a matter of the 裁量基准), assessed with ``facts``."""
    def run(s, on):
        from fazhi.accounts.models import User
        from fazhi.cases.services.cases import case_set_basis

        article = cf.lawyers_article(User.objects.filter(role="city_admin").first(), number)
        case_set_basis(actor=s.handler, case=s.case, article_ids=[article.pk])
        if facts is not None:
            s.advance("assess_discretion", on, facts)
    return run


GENERAL = {"harm": "minor"}  # 一般档: LS-50 警告、罚款 30000–60000 元; LS-47 警告、罚款 1000–3000 元
REASONED = "当事人已主动整改并退还费用"


O, S = "ordinary", "simplified"
WARNING = [{"type": "warning"}]
BREAKS = {
    (O, "file", "within_limitation"): Break(case={"violation_date": "2022-08-18"}),
    (O, "file", "two_valid_officers"): Break(before=_expire("assistant")),
    (O, "file", "no_conflicted_officer"): Break(before=_conflict),
    (O, "not_file", "reason_given"): Break(data={"reason": " "}),
    (O, "transfer", "reason_given"): Break(data={"reason": ""}),
    (O, "transfer", "transfer_target_given"): Break(data={"transferred_to": ""}),
    (O, "resume_investigation", "reason_given"): Break(data={"reason": ""}),
    (O, "record_inquiry", "two_valid_officers"): Break(before=_expire("lead")),
    (O, "record_inquiry", "no_conflicted_officer"): Break(before=_conflict),
    (O, "preserve_evidence", "two_valid_officers"): Break(before=_expire("assistant")),
    (O, "preserve_evidence", "leader_approval_recorded"): Break(data={"approved_by": ""}),
    (O, "decide_preservation", "preservation_pending"): Break(skip=("preserve_evidence",)),
    (O, "recuse", "reason_given"): Break(data={"reason": ""}),
    (O, "close_investigation", "no_pending_preservation"): Break(skip=("decide_preservation",)),
    (O, "close_investigation", "evidence_or_record_present"): Break(skip=("record_inquiry",)),
    (O, "legal_review", "reviewer_qualified"): Break(before=_unqualify),
    (O, "notify", "proposed_penalty_given"): Break(data={"proposed_penalties": []}),
    (O, "notify", "legal_review_done_if_required"): Break(skip=("legal_review",)),
    (O, "request_hearing", "hearing_right_applies"): Break(path_data={"notify": {"proposed_penalties": WARNING}}),
    (O, "request_hearing", "hearing_request_in_time"): Break(on=D(2024, 9, 13)),  # due 09-12
    (O, "schedule_hearing", "hearing_notice_seven_working_days"): Break(data={"hearing_on": "2024-09-19"}),
    (O, "hold_hearing", "hearing_scheduled"): Break(skip=("schedule_hearing",)),
    (O, "hold_hearing", "hearing_chair_not_investigator"): Break(data={"chair_officer_id": cf.lead_id}),
    (O, "decide", "statement_period_over_or_waived"): Break(
        skip=("request_hearing", "schedule_hearing", "hold_hearing", "review_after_hearing", "collective_discussion"),
        extra=(("collective_discussion", D(2024, 9, 6), {"participants": "张局长、李副局长", "conclusion": "罚款"}),),
        on=D(2024, 9, 10)),  # 3 working days after 09-05 end on 09-10
    (O, "decide", "hearing_held_if_requested"): Break(skip=("hold_hearing", "review_after_hearing")),
    (O, "decide", "legal_review_done_if_required"): Break(skip=("review_after_hearing",)),
    (O, "decide", "collective_discussion_done_if_required"): Break(skip=("collective_discussion",)),
    (O, "decide", "within_decision_period_or_extended"): Break(on=D(2024, 11, 19)),  # 90 days end 11-18
    (O, "decide", "penalty_given"): Break(data={"penalties": []}),
    (O, "decide_no_penalty", "education_recorded"): Break(data={"education_note": ""}),
    (O, "decide_no_penalty", "legal_review_done_if_required"): Break(skip=("legal_review",)),
    (O, "extend", "extension_allowed"): Break(data={"days": 31}),
    (O, "serve", "service_method_lawful"): Break(data={"method": "electronic"}),
    (O, "record_payment", "penalty_decided"): Break(path_data={"decide": {"penalties": WARNING}}),
    (O, "record_payment", "payment_covers_fine"): Break(data={"paid_amount": "100"}),
    (O, "demand", "payment_overdue"): Break(on=D(2024, 10, 8)),  # 15 days from 09-26 end 10-11
    (O, "apply_court", "demand_ten_days_passed"): Break(extra=()),
    (O, "apply_court", "appeal_periods_expired"): Break(on=D(2024, 11, 1)),
    (O, "close", "executed_or_no_penalty"): Break(skip=("record_payment",)),
    (S, "decide_on_spot", "on_spot_thresholds"): Break(data={"penalties": [{"type": "fine", "amount": "201"}]}),
    (S, "decide_on_spot", "two_valid_officers"): Break(before=_expire("lead")),
    (S, "decide_on_spot", "no_conflicted_officer"): Break(before=_conflict),
    (S, "decide_on_spot", "penalty_given"): Break(data={"penalties": []}),
    # 裁量基准 (a 律师法 basis): not assessed; outside the range without a reason (the path's penalties lack the
    # 一般档's 警告); with a reason, but never reviewed (on the spot: never allowed)
    (O, "notify", "discretion_assessed"): Break(before=_lawyers_basis("第五十条")),
    (O, "notify", "within_discretion_or_reasoned"): Break(before=_lawyers_basis("第五十条", GENERAL)),
    (O, "decide", "discretion_assessed"): Break(before=_lawyers_basis("第五十条")),
    (O, "decide", "within_discretion_or_reasoned"): Break(before=_lawyers_basis("第五十条", GENERAL)),
    (O, "decide", "deviation_reviewed"): Break(before=_lawyers_basis("第五十条", GENERAL),
                                              data={"deviation_reason": REASONED}),
    (S, "decide_on_spot", "discretion_assessed"): Break(before=_lawyers_basis("第四十七条")),
    (S, "decide_on_spot", "within_discretion_or_reasoned"): Break(before=_lawyers_basis("第四十七条", GENERAL)),
    (S, "decide_on_spot", "deviation_reviewed"): Break(before=_lawyers_basis("第四十七条", GENERAL),
                                                      data={"deviation_reason": REASONED}),
    (S, "record_payment", "penalty_decided"): Break(path_data={"decide_on_spot": {"penalties": WARNING}}),
    (S, "record_payment", "payment_covers_fine"): Break(data={"paid_amount": "199.99"}),
    (S, "close", "executed_or_no_penalty"): Break(skip=("record_payment",)),
}


def _setup(admin, make_user, org, case_type, **case):
    s = cf.setup_case(admin, make_user, org, party=cf.PARTY[case_type], case_type=case_type,
                      **({"major_or_complex": True} if case_type == O else {}), **case)
    s.others["chair"] = cf.officer(admin, make_user, org, login=False, name="听证主持人")
    return s


def _steps_before(case_type, action, brk: Break):
    """(action, on, data) to take before ``action``, and ``action``'s own date and data."""
    path = cf.PATHS[case_type]
    keys = [k for k, *_ in path]
    base = cf.BASES[case_type].get(action)
    if base is None:  # the action is on the path: everything before its first occurrence
        index = keys.index(action)
        _, _, on, data = path[index]
        base = cf.Base(until=action, on=on, data=data)
    end = keys.index(base.until) if base.until else keys.index(base.through) + 1
    steps = [(a, on, brk.path_data.get(k, d)) for k, a, on, d in path[:end] if k not in brk.skip]
    steps += list(base.extra if brk.extra is None else brk.extra)
    return steps, brk.on or base.on, {**base.data, **brk.data}


def _precondition_cases():
    _, procedures = procedure.load()
    for case_type, proc in procedures.items():
        for step in proc.steps.values():
            for code in step.requires:
                yield pytest.param(case_type, step.action, code, id=f"{case_type}-{step.action}-{code}")


def _cites(code: str, action: str) -> tuple[str, str]:
    article = REASON_ARTICLES[action] if code == "reason_given" else ARTICLES[code]
    law, number = re.match(r"(.+?法)(第.+)", article).groups()
    return law, number


@pytest.mark.parametrize("case_type, action, code", list(_precondition_cases()))
def test_every_precondition_refuses_with_its_article(admin, make_user, district_org, case_type, action, code):
    brk = BREAKS[(case_type, action, code)]
    s = _setup(admin, make_user, district_org, case_type, **brk.case)
    steps, on, data = _steps_before(case_type, action, brk)
    for a, day, d in steps:
        s.advance(a, day, cf.resolve(s, d))
    if brk.before:
        brk.before(s, on)
    status = s.refresh().status
    count = CaseStep.objects.filter(case=s.case).count()
    with pytest.raises(ValidationFailed) as info:
        s.advance(action, on, cf.resolve(s, data))
    problems = info.value.problems
    law, number = _cites(code, action)
    assert len(problems) == 1, problems
    assert problems[0].field == procedure.procedure(case_type).steps[action].label
    assert law in problems[0].reason and number in problems[0].reason, problems[0].reason
    assert s.refresh().status == status and CaseStep.objects.filter(case=s.case).count() == count


@pytest.mark.parametrize("case_type, action", [(t, a) for t, path in cf.BASES.items() for a in path]
                         + [(t, a) for t, path in cf.PATHS.items() for _, a, _, _ in path])
def test_every_base_step_passes(admin, make_user, district_org, case_type, action):
    """The control for the test above: with nothing broken, the step is taken."""
    s = _setup(admin, make_user, district_org, case_type)
    steps, on, data = _steps_before(case_type, action, Break())
    for a, day, d in steps:
        s.advance(a, day, cf.resolve(s, d))
    before = s.case.status
    case = s.advance(action, on, cf.resolve(s, data))
    assert case.status == procedure.procedure(case_type).steps[action].target(before)


# ---------------------------------------------------------------- disallowed steps

def _disallowed():
    statuses, procedures = procedure.load()
    for case_type, proc in procedures.items():
        for step in proc.steps.values():
            for status in statuses:
                if status not in step.sources:
                    yield pytest.param(case_type, step.action, status, id=f"{case_type}-{step.action}-{status}")


@pytest.mark.parametrize("case_type, action, status", list(_disallowed()))
def test_every_disallowed_step_is_refused(make_user, district_org, case_type, action, status):
    actor = make_user("district_admin", district_org, is_superuser=True)  # every capability
    case = cf.bare_case(district_org, status=status, case_type=case_type)
    with pytest.raises(InvalidTransition) as info:
        cf.CaseSetup(case, district_org, None, None, actor, actor, actor).advance(action, D(2024, 9, 2), actor=actor)
    step = procedure.procedure(case_type).steps[action]
    assert step.article in info.value.message and procedure.status_label(status) in info.value.message
    assert Case.objects.get(pk=case.pk).status == status


def test_an_action_outside_the_table_is_refused(make_user, district_org):
    actor = make_user("city_admin", district_org)
    case = cf.bare_case(district_org, status="source", case_type="simplified")
    with pytest.raises(InvalidTransition, match="简易程序"):
        from fazhi.cases.services.transition import case_advance

        case_advance(actor=actor, case=case, action="file", on=D(2024, 9, 2), data={})


# ---------------------------------------------------------------- whole cases

def test_a_whole_ordinary_case_with_a_hearing(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O)
    assert s.case.status == "source" and s.case.number == "津河西司罚案〔2024〕1号"
    seen = []
    for _, action, on, data in cf.ORDINARY:
        seen.append(s.advance(action, on, cf.resolve(s, data)).status)
    assert seen == ["investigating"] * 4 + ["investigated", "investigated", "notified"] + ["hearing"] * 5 + \
        ["decided", "served", "executed", "closed", "archived"]
    case = s.refresh()
    assert case.filed_on == D(2024, 8, 20) and case.notified_on == D(2024, 9, 5)
    assert case.hearing_requested_on == D(2024, 9, 9) and case.hearing_on == case.hearing_held_on == D(2024, 9, 23)
    assert case.decision == "penalty" and str(case.fine_amount) == "50000.00" and case.decided_on == D(2024, 9, 25)
    assert case.service_effective_on == D(2024, 9, 26) and case.closed_on == D(2024, 10, 9)
    steps = list(CaseStep.objects.filter(case=case).order_by("pk"))
    assert [x.action for x in steps] == ["register"] + [a for _, a, _, _ in cf.ORDINARY]
    decide = next(x for x in steps if x.action == "decide")
    assert decide.documents == [26, 27] and "第五十九条" in decide.article and decide.recorded_by == s.approver
    assert decide.data["penalties"] == [{"type": "fine", "amount": "50000.00", "months": None, "note": ""}]
    review = next(x for x in steps if x.action == "legal_review")
    assert review.data["reviewer_officer_id"] == Officer.objects.get(user=s.reviewer).pk
    record = PublicRecord.objects.get(case=case)
    assert record.due_on == D(2024, 10, 10)  # 7 working days after 09-25: 09-29 (调休) counts, 10-01..07 do not
    assert record.content["party"] == case.party_name and record.content["penalties"] == ["罚款 50000.00 元"]
    assert record.content["basis"] == ["《行政处罚法》第五十一条"]
    events = [e.action for e in history_for(case)][::-1]
    assert events[:3] == ["case.register", "case.assign_officers", "case.set_basis"]
    assert events[3:] == [f"case.{a}" for _, a, _, _ in cf.ORDINARY]


def test_a_whole_simplified_case(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, S)
    assert s.case.party_kind == "person" and s.case.practitioner == s.party
    statuses = [s.advance(a, on, data).status for _, a, on, data in cf.SIMPLIFIED]
    assert statuses == ["served", "executed", "closed", "archived"]
    case = s.refresh()
    assert case.decided_on == case.served_on == case.service_effective_on == D(2024, 8, 20)
    assert case.service_method == "on_the_spot" and case.filed_on is None
    assert not PublicRecord.objects.filter(case=case).exists()


def test_no_penalty_case_closes_after_service(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O)
    steps, on, data = _steps_before(O, "decide_no_penalty", Break())
    for a, day, d in steps:
        s.advance(a, day, d)
    s.advance("decide_no_penalty", on, data)
    s.advance("serve", D(2024, 9, 5), {"method": "mail", "receipt_date": "2024-09-05"})
    case = s.advance("close", D(2024, 9, 6))
    assert case.status == "closed" and case.decision == "no_penalty" and case.education_note == "已当面教育"
    assert not PublicRecord.objects.filter(case=case).exists()


def test_court_enforcement_path(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O)
    steps, on, data = _steps_before(O, "apply_court", Break())
    for a, day, d in steps:
        s.advance(a, day, cf.resolve(s, d))
    assert s.advance("apply_court", on, data).status == "executed"
    assert s.advance("close", D(2025, 4, 2)).status == "closed"


# ---------------------------------------------------------------- one step at a time

def test_every_failed_precondition_is_listed_at_once(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O, violation_date="2022-08-01")
    _expire("assistant")(s, D(2024, 8, 20))
    _conflict(s, None)
    with pytest.raises(ValidationFailed) as info:
        s.advance("file", D(2024, 8, 20))
    reasons = [p.reason for p in info.value.problems]
    assert [p.field for p in info.value.problems] == ["立案"] * 3
    assert "第三十六条" in reasons[0] and "第四十二条" in reasons[1] and "第四十三条" in reasons[2]
    assert s.refresh().status == "source" and s.case.filed_on is None


def test_capability_scope_and_actor(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O)
    with pytest.raises(PermissionDenied):
        s.advance("file", D(2024, 8, 20), actor=s.handler)  # an officer may not approve 立案
    nankai = make_user("district_admin", district_org.__class__.objects.get(code="120104-SFJ"))
    with pytest.raises(NotFound):
        s.advance("file", D(2024, 8, 20), actor=nankai)
    with pytest.raises(PermissionDenied):
        from fazhi.cases.services.transition import case_advance

        case_advance(actor=None, case=s.case, action="file", on=D(2024, 8, 20), data={})
    city = make_user("city_admin")
    assert s.advance("file", D(2024, 8, 20), actor=city).status == "investigating"


def test_step_dates_follow_the_file(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O)
    for day, why in ((dt.date.today() + dt.timedelta(days=1), "不能晚于今天"), (D(2024, 8, 18), "案源登记日期"),
                     ("2024-13-01", "不是有效日期")):
        with pytest.raises(ValidationFailed, match=why):
            s.advance("file", day)
    s.advance("file", "2024-08-21")
    with pytest.raises(ValidationFailed, match="上一环节"):
        s.advance("record_inquiry", D(2024, 8, 20), {"summary": "询问"})


def test_recusal_deactivates_the_officer_and_is_undone_when_refused(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O)
    with pytest.raises(ValidationFailed, match="第四十三条"):
        s.advance("recuse", D(2024, 8, 20), {"officer_id": s.assistant.pk})  # no reason
    assert CaseOfficer.objects.get(case=s.case, officer=s.assistant).active
    s.advance("recuse", D(2024, 8, 20), {"officer_id": s.assistant.pk, "reason": "系当事人近亲属"})
    assert s.refresh().status == "source" and not CaseOfficer.objects.get(case=s.case, officer=s.assistant).active
    with pytest.raises(ValidationFailed, match="第四十二条"):
        s.advance("file", D(2024, 8, 20))
    with pytest.raises(ValidationFailed, match="不是本案在办的承办人员"):
        s.advance("recuse", D(2024, 8, 20), {"officer_id": s.assistant.pk, "reason": "再次"})


def test_a_waived_statement_allows_an_immediate_decision(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O)
    cf.walk(s, until="request_hearing")
    s.advance("collective_discussion", D(2024, 9, 5), {"participants": "张局长、李副局长", "conclusion": "罚款"})
    with pytest.raises(ValidationFailed, match="第六十二条"):
        s.advance("decide", D(2024, 9, 6), {"penalties": cf.FINE})
    s.advance("record_statement", D(2024, 9, 6), {"waived": True})
    case = s.advance("decide", D(2024, 9, 6), {"penalties": cf.FINE})
    assert case.status == "decided" and case.rights_waived


def test_an_approved_extension_moves_the_decision_period(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O)
    cf.walk(s, until="decide", insert={"record_inquiry": [("extend", D(2024, 8, 21),
                                                         {"days": "30", "approved_by": "张局长", "reason": "案情复杂"})]})
    assert s.refresh().deadline_extension_days == 30
    assert s.advance("decide", D(2024, 12, 18), {"penalties": cf.FINE}).status == "decided"  # 90 + 30 days end 12-18


def test_public_notice_takes_effect_after_thirty_days(admin, make_user, district_org):
    s = _setup(admin, make_user, district_org, O)
    cf.walk(s, until="serve")
    with pytest.raises(ValidationFailed, match="第九十五条"):
        s.advance("serve", D(2024, 9, 26), {"method": "public_notice"})
    case = s.advance("serve", D(2024, 9, 26), {"method": "public_notice", "grounds": "当事人下落不明"})
    assert case.served_on == D(2024, 9, 26)
    assert case.service_effective_on == D(2024, 10, 28)  # 30 days end on Saturday 10-26: moved to Monday


def test_public_record_of_a_natural_person_is_masked(admin, make_user, district_org):
    ident = cf.id_number("12010319900101123")
    s = cf.setup_case(admin, make_user, district_org, party="person", major_or_complex=True, party_id_number=ident,
                      party_phone="13912345678", party_address="天津市河西区友谊路 8 号 3 门 501",
                      violation_summary=f"王小明(身份证号 {ident},电话 13912345678)冒用律师名义代理诉讼")
    s.others["chair"] = cf.officer(admin, make_user, district_org, login=False)
    cf.walk(s, until="serve")
    content = PublicRecord.objects.get(case=s.case).content
    text = repr(content)
    assert content["party"] == "王**" and content["party_kind"] == "person"
    assert ident not in text and "13912345678" not in text and "友谊路" not in text
    assert mask_id_number(ident) in content["violation"] and "139****5678" in content["violation"]


def test_status_is_set_only_by_case_advance():
    """No code in fazhi/ sets a case's status except ``case_advance`` (and ``case_register``'s start)."""
    root = Path(procedure.__file__).resolve().parents[1]
    bulk = re.compile(r"\bCase\.objects\b[^\n]*\.(update|bulk_update)\([^)]*status")
    assign = re.compile(r"\bcase\.status\s*=(?!=)|setattr\([^)]*['\"]status['\"]")
    offenders = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == "cases/tests/test_transition.py":
            continue  # this test's own examples
        text = path.read_text(encoding="utf-8")
        if bulk.search(text):
            offenders.append(rel)
        if rel.startswith("cases/") and "/tests/" not in rel and rel != "cases/services/transition.py" \
                and assign.search(text):
            offenders.append(rel)
    assert offenders == []
    assert bulk.search('Case.objects.filter(pk=1).update(status="closed")')
    assert assign.search("    case.status = 'closed'") and not assign.search("if case.status == 'x'")
