"""案源登记, officers, basis, evidence, and the scoped reads of cases."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.cases.models import CaseOfficer, CaseStep
from fazhi.cases.selectors.cases import available_actions, case_facts, case_get, case_list
from fazhi.cases.services.cases import case_assign_officers, case_register, case_set_basis
from fazhi.cases.services.evidence import case_add_evidence
from fazhi.cases.tests import factories as cf
from fazhi.core.audit import history_for
from fazhi.core.calendar import WorkCalendar
from fazhi.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.inspections.models import FollowUp, OfficerRelationship
from fazhi.inspections.tests import task_factories as tf
from fazhi.institutions.tests.factories import institution
from fazhi.officers.models import Officer
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def officer_user(make_user, district_org):
    return make_user("officer", district_org)


@pytest.fixture
def nankai():
    return Organization.objects.get(code="120104-SFJ")


def _fields(exc) -> list[str]:
    return [p.field for p in exc.value.problems]


# ---------------------------------------------------------------- 案源登记

def test_register_an_institution_party(admin, officer_user, district_org):
    firm = institution(admin)
    case = case_register(actor=officer_user, data=cf.institution_data(firm))
    assert case.status == "source" and case.case_type == "ordinary"
    assert case.number == "津河西司罚案〔2024〕1号" and case.unit == district_org and case.district == district_org.district
    assert (case.party_kind, case.party_name, case.party_address, case.field) == \
        ("organization", firm.name, firm.address, "lawyer")
    assert case.received_on == D(2024, 8, 19) and case.violation_date == D(2024, 6, 3)
    step = CaseStep.objects.get(case=case)
    assert (step.action, step.documents, step.to_status, step.recorded_by) == ("register", [9], "source", officer_user)
    assert [e.action for e in history_for(case)] == ["case.register"]


def test_numbers_run_per_unit_and_year(admin, officer_user, make_user, city_org):
    firm = institution(admin)
    numbers = [case_register(actor=officer_user, data=cf.institution_data(firm)).number for _ in range(2)]
    numbers.append(case_register(actor=officer_user, data=cf.institution_data(
        firm, received_on="2025-01-06", discovered_on="2025-01-06")).number)
    city = case_register(actor=make_user("officer", city_org), data=cf.institution_data(firm))
    assert numbers == ["津河西司罚案〔2024〕1号", "津河西司罚案〔2024〕2号", "津河西司罚案〔2025〕1号"]
    assert city.number == "津司罚案〔2024〕1号" and city.district is None


def test_register_a_natural_person(officer_user):
    case = case_register(actor=officer_user, data=cf.person_data(case_type="simplified", party_phone=""))
    assert case.party_kind == "person" and case.case_type == "simplified" and case.field == "lawyer"
    assert len(case.party_id_number) == 18 and case.party_phone == ""


def test_register_a_practitioner(admin, officer_user):
    firm = institution(admin)
    lawyer = cf.practitioner(admin, firm, **{"姓名": "赵律师"})
    data = cf.institution_data(firm, practitioner_licence=lawyer.licence_no)
    data.pop("institution_uscc")
    case = case_register(actor=officer_user, data=data)
    assert (case.party_kind, case.practitioner, case.party_name, case.institution) == ("person", lawyer, "赵律师", None)


def test_registration_lists_every_problem(officer_user):
    bad_id = cf.id_number("12010319850312001")[:17] + ("0" if cf.id_number("12010319850312001")[-1] != "0" else "1")
    data = cf.person_data(party_id_number=bad_id, party_phone="12345", party_address="", field="medicine",
                          violation_date="2024-08-30", discovered_on="2024-08-19", source_kind="rumour",
                          violation_summary="", received_on="2099-01-01")
    with pytest.raises(ValidationFailed) as exc:
        case_register(actor=officer_user, data=data)
    assert set(_fields(exc)) >= {"证件号码", "联系电话", "住所(地址)", "领域", "违法行为发生日期", "案件来源", "涉嫌违法行为",
                                 "案源登记日期"}
    assert any("校验位错误" in p.reason for p in exc.value.problems)


@pytest.mark.parametrize("party, field", [
    ({}, "当事人"),
    ({"institution_uscc": "91120103MA05XXXX0X", "party_name": "王某"}, "当事人"),
    ({"institution_uscc": "91120103MA05L0000X"}, "当事机构统一社会信用代码"),
    ({"practitioner_licence": "11201200000000000"}, "当事执业人员执业证号"),
])
def test_the_party_is_exactly_one_known_party(officer_user, party, field):
    data = {k: v for k, v in cf.person_data().items() if not k.startswith("party_")} | party
    with pytest.raises(ValidationFailed) as exc:
        case_register(actor=officer_user, data=data)
    assert field in _fields(exc)


def test_ended_and_discovered_dates_are_checked(officer_user):
    with pytest.raises(ValidationFailed) as exc:
        case_register(actor=officer_user, data=cf.person_data(violation_ended_on="2024-06-01",
                                                               discovered_on="2024-08-20"))
    assert set(_fields(exc)) == {"违法行为终了日期", "发现日期"}


def test_only_case_staff_register_and_only_in_their_district(admin, make_user, district_org, nankai):
    with pytest.raises(PermissionDenied):
        case_register(actor=make_user("legal_reviewer", district_org), data=cf.person_data())
    with pytest.raises(PermissionDenied):
        case_register(actor=make_user("leader", district_org), data=cf.person_data())
    other = institution(admin, **{"所在区": "南开区"})
    with pytest.raises(ValidationFailed, match="管辖范围"):
        case_register(actor=make_user("officer", district_org), data=cf.institution_data(other))
    case = case_register(actor=make_user("officer", nankai), data=cf.institution_data(other))
    assert case.district == nankai.district


def test_register_from_an_inspection_hand_over(admin, make_user, district_org, officer_user):
    setup = tf.task(admin=admin, make_user=make_user, org=district_org)
    data = {"violation_summary": "检查发现未按规定公示收费标准", "violation_date": "2024-06-03", "received_on": "2024-08-19"}
    with pytest.raises(ValidationFailed, match="移送立案查处"):
        case_register(actor=officer_user, data={**data, "source_task": setup.task.pk})
    FollowUp.objects.create(task=setup.task, kind="case", note="移送区司法局立案查处")
    case = case_register(actor=officer_user, data={**data, "source_task": setup.task.pk})
    assert case.source_kind == "inspection" and case.source_task == setup.task
    assert case.institution == setup.task.institution and case.discovered_on == D(2024, 8, 19)
    with pytest.raises(ValidationFailed, match=case.number.replace("〔", ".").replace("〕", ".")):
        case_register(actor=officer_user, data={**data, "source_task": setup.task.pk})
    other = institution(admin)
    with pytest.raises(ValidationFailed, match="不一致"):
        case_register(actor=officer_user, data={**data, "source_task": setup.task.pk, "institution_uscc": other.uscc})


# ---------------------------------------------------------------- officers and basis

def test_assign_officers_checks_credentials_conflicts_and_unit(admin, make_user, district_org, nankai):
    s = cf.setup_case(admin, make_user, district_org)
    roles = CaseOfficer.objects.filter(case=s.case, active=True).values_list("role", flat=True)
    assert set(roles) == {"lead", "assist"}
    expired = cf.officer(admin, make_user, district_org, valid_from="2020-01-01", valid_to="2021-12-31", login=False)
    outsider = cf.officer(admin, make_user, nankai, login=False)
    related = cf.officer(admin, make_user, district_org, login=False)
    OfficerRelationship.objects.create(officer=related, institution=s.party, kind="former_employer")
    with pytest.raises(ValidationFailed) as exc:
        case_assign_officers(actor=s.approver, case=s.case, lead=s.lead, assistants=[expired, outsider, related])
    reasons = {p.field: p.reason for p in exc.value.problems}
    assert "第四十二条" in reasons[expired.name] and "河西区司法局" in reasons[outsider.name]
    assert "第四十三条" in reasons[related.name]
    with pytest.raises(ValidationFailed, match="不得少于 2 人"):
        case_assign_officers(actor=s.approver, case=s.case, lead=s.lead, assistants=[])
    with pytest.raises(ValidationFailed, match="重复"):
        case_assign_officers(actor=s.approver, case=s.case, lead=s.lead, assistants=[s.lead])
    with pytest.raises(PermissionDenied):
        case_assign_officers(actor=s.handler, case=s.case, lead=s.lead, assistants=[s.assistant])


def test_reassignment_keeps_the_record_and_refuses_a_recused_officer(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org)
    new = cf.officer(admin, make_user, district_org, login=False)
    case_assign_officers(actor=s.approver, case=s.case, lead=s.lead, assistants=[new])
    rows = dict(CaseOfficer.objects.filter(case=s.case).values_list("officer_id", "active"))
    assert rows == {s.lead.pk: True, s.assistant.pk: False, new.pk: True}
    s.advance("recuse", D(2024, 8, 20), {"officer_id": new.pk, "reason": "近亲属"})
    with pytest.raises(ValidationFailed, match="已决定在本案中回避"):
        case_assign_officers(actor=s.approver, case=s.case, lead=s.lead, assistants=[new])
    case_assign_officers(actor=s.approver, case=s.case, lead=s.lead, assistants=[s.assistant])
    assert s.advance("file", D(2024, 8, 20)).status == "investigating"


def test_basis(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org, basis=False)
    with pytest.raises(ValidationFailed, match="至少"):
        case_set_basis(actor=s.handler, case=s.case, article_ids=[])
    with pytest.raises(ValidationFailed, match="999999"):
        case_set_basis(actor=s.handler, case=s.case, article_ids=[999999])
    article = cf.basis_article(admin, "第五十七条")
    case_set_basis(actor=s.handler, case=s.case, article_ids=[str(article.pk)])
    assert list(s.case.basis_articles.all()) == [article]


def test_officers_and_basis_cannot_change_after_the_decision(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org, party="practitioner", case_type="simplified")
    s.advance("decide_on_spot", D(2024, 8, 20), {"penalties": [{"type": "warning"}]})
    with pytest.raises(InvalidTransition):
        case_assign_officers(actor=s.approver, case=s.case, lead=s.lead, assistants=[s.assistant])
    with pytest.raises(InvalidTransition):
        case_set_basis(actor=s.handler, case=s.case, article_ids=[cf.basis_article(admin).pk])


# ---------------------------------------------------------------- evidence

def test_evidence_hash_size_and_record(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org)
    data = b"receipt scan " * 10000
    ev = case_add_evidence(actor=s.handler, case=s.case, uploaded_file=SimpleUploadedFile("票据.pdf", data),
                           kind="documentary", name="收费票据")
    assert ev.sha256 == hashlib.sha256(data).hexdigest() and ev.size == len(data) and ev.name == "收费票据"
    with default_storage.open(ev.file.name) as fh:
        assert fh.read() == data
    again = case_add_evidence(actor=s.handler, case=s.case, uploaded_file=SimpleUploadedFile("票据.pdf", b"other"),
                              kind="documentary", name="")
    assert again.file.name != ev.file.name and again.name == "票据.pdf"
    assert [e.action for e in history_for(ev)] == ["case_evidence.add"]
    # evidence alone lets the investigation close (行政处罚法 第五十四条)
    s.advance("file", D(2024, 8, 20))
    assert s.advance("close_investigation", D(2024, 8, 21), {"summary": "证据确凿"}).status == "investigated"


def test_evidence_is_refused_when_wrong(admin, make_user, district_org, nankai):
    s = cf.setup_case(admin, make_user, district_org)
    with pytest.raises(ValidationFailed) as exc:
        case_add_evidence(actor=s.handler, case=s.case, uploaded_file=SimpleUploadedFile("a.txt", b""), kind="rumour")
    assert set(_fields(exc)) == {"证据种类", "文件"}
    with pytest.raises(NotFound):
        case_add_evidence(actor=make_user("officer", nankai), case=s.case, uploaded_file=SimpleUploadedFile("a", b"a"),
                          kind="physical")
    with pytest.raises(PermissionDenied):
        case_add_evidence(actor=s.approver, case=s.case, uploaded_file=SimpleUploadedFile("a", b"a"), kind="physical")


# ---------------------------------------------------------------- reads

def test_lists_and_gets_are_scoped(admin, make_user, district_org, nankai):
    hexi = cf.setup_case(admin, make_user, district_org)
    other = cf.setup_case(admin, make_user, nankai)
    hexi_user = make_user("officer", district_org)
    assert list(case_list(user=hexi_user)) == [hexi.case]
    assert set(case_list(user=admin)) == {hexi.case, other.case}
    assert list(case_list(user=admin, district="120104")) == [other.case]
    assert list(case_list(user=admin, q=hexi.case.number)) == [hexi.case]
    assert list(case_list(user=admin, status="investigating")) == []
    assert list(case_list(user=hexi.handler, mine=True)) == [hexi.case]
    assert list(case_list(user=hexi_user, mine=True)) == []
    assert case_get(user=hexi_user, pk=hexi.case.pk) == hexi.case
    with pytest.raises(NotFound):
        case_get(user=hexi_user, pk=other.case.pk)
    with pytest.raises(NotFound):
        case_get(user=hexi_user, pk="abc")


def test_available_actions_follow_the_role_and_scope(admin, make_user, district_org, nankai):
    s = cf.setup_case(admin, make_user, district_org)
    assert {a.action for a in available_actions(s.case, s.handler)} == set()  # every step from 案源 is the head's
    assert {a.action for a in available_actions(s.case, s.approver)} == {"file", "not_file", "transfer", "recuse"}
    assert available_actions(s.case, make_user("city_admin", nankai)) == []
    s.advance("file", D(2024, 8, 20))
    assert {a.action for a in available_actions(s.case, s.handler)} == {"record_inquiry", "preserve_evidence",
                                                                        "decide_preservation", "close_investigation"}


def test_case_facts_reads_the_case_as_plain_values(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org)
    OfficerRelationship.objects.create(officer=s.assistant, institution=s.party, kind="relative",
                                       valid_until=D(2024, 8, 31))
    Officer.objects.filter(pk=s.lead.pk).update(valid_to=D(2024, 9, 30))
    f = case_facts(s.case, on=D(2024, 9, 2), actor=s.reviewer, calendar=WorkCalendar(), action="file")
    assert f.action == "file" and f.party_kind == "organization" and f.basis_article_ids
    assert f.conflicts == frozenset() and f.actor_legal_qualification and f.actor_officer_id
    lead = next(o for o in f.officers if o.id == s.lead.pk)
    assert lead.may_act and lead.credential_label == "即将到期" and lead.role == "lead"
    assert f.steps["register"][0].occurred_on == D(2024, 8, 19)
    earlier = case_facts(s.case, on=D(2024, 8, 20), actor=s.handler, calendar=WorkCalendar())
    assert earlier.conflicts == {s.assistant.pk} and not earlier.actor_legal_qualification
