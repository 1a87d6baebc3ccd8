"""Inspection task services: notice, check-in (行政处罚法 第四十二条), results, evidence, review,
publication deadline, follow-ups, scoping, and every disallowed transition."""

import datetime as dt
import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.core.audit import history_for
from fazhi.core.errors import CredentialInvalid, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from fazhi.inspections.models import InspectionTask
from fazhi.inspections.models.tasks import FollowUpKind, FollowUpStatus
from fazhi.inspections.selectors.tasks import PublicationStatus, publication_status, task_get, task_list
from fazhi.inspections.services import tasks as svc
from fazhi.inspections.tests import task_factories as tf
from fazhi.inspections.workflow import TASK_TRANSITIONS, TaskStatus
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(make_user, district_org):
    return make_user("legal_reviewer", district_org)


@pytest.fixture
def publisher(make_user, district_org):
    return make_user("district_admin", district_org)


@pytest.fixture
def setup(admin, make_user, district_org):
    return tf.task(admin=admin, make_user=make_user, org=district_org)


def _fail_with(exc_type, fn, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        fn(*args, **kwargs)
    return info.value


# ---------------------------------------------------------------- notice

def test_notify_numbers_notices_per_unit_and_year(setup, admin, make_user, district_org):
    task = svc.task_notify(actor=setup.leader_user, task=setup.task, notified_on="2024-09-20")
    assert task.status == TaskStatus.NOTIFIED.value
    assert task.notice_no == "津河西司检通〔2024〕1号"
    assert task.notified_on == dt.date(2024, 9, 20)
    second = tf.task(admin=admin, make_user=make_user, org=district_org)
    assert svc.task_notify(actor=second.leader_user, task=second.task, notified_on=dt.date(2024, 10, 8)).notice_no \
        == "津河西司检通〔2024〕2号"
    next_year = tf.task(admin=admin, make_user=make_user, org=district_org)
    assert svc.task_notify(actor=next_year.leader_user, task=next_year.task,
                           notified_on=dt.date(2025, 1, 6)).notice_no == "津河西司检通〔2025〕1号"
    assert [e.action for e in history_for(task)] == ["inspection_task.notify"]


def test_notify_refuses_a_future_date_and_roles_without_the_capability(setup, make_user, district_org):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    exc = _fail_with(ValidationFailed, svc.task_notify, actor=setup.leader_user, task=setup.task, notified_on=tomorrow)
    assert exc.problems[0].field == "通知日期"
    _fail_with(PermissionDenied, svc.task_notify, actor=make_user("leader", district_org), task=setup.task,
               notified_on="2024-09-20")
    assert InspectionTask.objects.get(pk=setup.task.pk).status == TaskStatus.ASSIGNED.value


# ---------------------------------------------------------------- check-in: 行政处罚法 第四十二条

def test_check_in_sets_the_publication_deadline_across_the_national_day_holiday(setup):
    tf.advance(setup, TaskStatus.NOTIFIED)
    task = svc.task_check_in(actor=setup.member_user, task=setup.task, inspected_on=dt.date(2024, 9, 25))
    assert task.status == TaskStatus.CHECKED_IN.value
    # By hand, 2024 (国办发明电〔2023〕7号): working days after Wed 25 Sep are 26, 27, Sun 29 (调休上班), 30;
    # 1–7 Oct 国庆节 rest; 8, 9, 10, 11, Sat 12 (调休上班); 14–18; 21–25; Mon 28 Oct is the 20th.
    assert task.publish_due == dt.date(2024, 10, 28)


def test_check_in_only_by_a_team_member(setup, admin, make_user, district_org):
    tf.advance(setup, TaskStatus.NOTIFIED)
    stranger = tf.officer(admin, make_user, district_org)
    for user in (stranger.user, setup.alternate.user):
        exc = _fail_with(PermissionDenied, svc.task_check_in, actor=user, task=setup.task, inspected_on="2024-09-25")
        assert "检查组成员" in exc.message


def test_check_in_refuses_an_actor_whose_credential_has_expired(admin, make_user, district_org):
    setup = tf.task(admin=admin, make_user=make_user, org=district_org, member_valid_to="2024-06-30")
    tf.advance(setup, TaskStatus.NOTIFIED)
    exc = _fail_with(CredentialInvalid, svc.task_check_in, actor=setup.member_user, task=setup.task,
                     inspected_on="2024-09-25")
    assert "已过期" in exc.message and "第四十二条" in exc.message


def test_check_in_refuses_fewer_than_two_valid_team_members(admin, make_user, district_org):
    setup = tf.task(admin=admin, make_user=make_user, org=district_org, member_valid_to="2024-06-30")
    tf.advance(setup, TaskStatus.NOTIFIED)
    exc = _fail_with(CredentialInvalid, svc.task_check_in, actor=setup.leader_user, task=setup.task,
                     inspected_on="2024-09-25")
    assert "只有 1 人" in exc.message and "行政处罚法第四十二条" in exc.message
    assert InspectionTask.objects.get(pk=setup.task.pk).status == TaskStatus.NOTIFIED.value


@pytest.mark.parametrize("day, reason", [("2024-09-19", "不能早于通知日期"), ("2024-13-01", "不是有效日期")])
def test_check_in_date_checks(setup, day, reason):
    tf.advance(setup, TaskStatus.NOTIFIED)
    exc = _fail_with(ValidationFailed, svc.task_check_in, actor=setup.leader_user, task=setup.task, inspected_on=day)
    assert reason in exc.message


# ---------------------------------------------------------------- results

@pytest.mark.parametrize("outcomes, conclusion", [
    (("pass", "pass", "pass"), "pass"), (("pass", "na", "pass"), "pass"), (("correct", "pass", "na"), "correct"),
    (("correct", "case", "pass"), "case"),
])
def test_results_derive_the_conclusion(setup, outcomes, conclusion):
    tf.advance(setup, TaskStatus.CHECKED_IN)
    overrides = {code: (o, "发现问题") for code, o in zip(setup.codes, outcomes)}
    task = svc.task_record_results(actor=setup.member_user, task=setup.task,
                                   results=tf.results_all(setup, overrides=overrides), summary="检查完毕")
    assert task.conclusion == conclusion
    assert task.publish_due == dt.date(2024, 10, 28)
    assert dict(task.results.values_list("item_code", "outcome")) == dict(zip(setup.codes, outcomes))


def test_results_refuse_a_missing_checklist_point_naming_it(setup):
    tf.advance(setup, TaskStatus.CHECKED_IN)
    results = [r for r in tf.results_all(setup) if r["item_code"] != setup.codes[1]]
    exc = _fail_with(ValidationFailed, svc.task_record_results, actor=setup.leader_user, task=setup.task,
                     results=results, summary="检查完毕")
    assert [p.field for p in exc.problems] == [f"{setup.codes[1]} 收费标准在执业场所公示"]
    assert "未填写检查结果" in exc.message


def test_results_refuse_bad_outcomes_unknown_points_empty_summary_and_a_problem_without_a_note(setup):
    tf.advance(setup, TaskStatus.CHECKED_IN)
    results = tf.results_all(setup, overrides={setup.codes[0]: ("maybe", ""), setup.codes[1]: ("correct", "")})
    results.append({"item_code": "XX-99", "outcome": "pass", "note": ""})
    exc = _fail_with(ValidationFailed, svc.task_record_results, actor=setup.leader_user, task=setup.task,
                     results=results, summary=" ")
    reasons = " / ".join(str(p) for p in exc.problems)
    assert "XX-99 不在本任务的抽查事项中" in reasons
    assert "“maybe”无效" in reasons and "须在情况说明中写明" in reasons and "检查情况:不能为空" in reasons
    assert not setup.task.results.exists()


def test_results_only_by_the_team_and_only_while_inspecting(setup, reviewer):
    _fail_with(InvalidTransition, svc.task_record_results, actor=setup.leader_user, task=setup.task,
               results=tf.results_all(setup), summary="x")
    tf.advance(setup, TaskStatus.CHECKED_IN)
    _fail_with(PermissionDenied, svc.task_record_results, actor=setup.alternate.user, task=setup.task,
               results=tf.results_all(setup), summary="x")


def test_results_can_be_recorded_again_after_a_return(setup, reviewer):
    tf.advance(setup, TaskStatus.SUBMITTED)
    svc.task_return(actor=reviewer, task=setup.task, note="第2项请补充收费公示照片")
    task = svc.task_record_results(actor=setup.leader_user, task=setup.task, summary="已补充",
                                   results=tf.results_all(setup, overrides={setup.codes[1]: ("correct", "未公示")}))
    assert task.conclusion == "correct" and task.results.count() == 3
    assert svc.task_submit(actor=setup.leader_user, task=task).status == TaskStatus.SUBMITTED.value


# ---------------------------------------------------------------- evidence

def test_evidence_stores_sha256_and_size_and_never_replaces_a_file(setup):
    tf.advance(setup, TaskStatus.CHECKED_IN)
    data = b"\xff\xd8photo" * 50_000
    first = svc.task_add_evidence(actor=setup.leader_user, task=setup.task,
                                  uploaded_file=SimpleUploadedFile("现场照片.jpg", data, "image/jpeg"))
    assert first.sha256 == hashlib.sha256(data).hexdigest() and first.size == len(data)
    assert first.name == "现场照片.jpg"
    other = b"second file"
    second = svc.task_add_evidence(actor=setup.member_user, task=setup.task,
                                   uploaded_file=SimpleUploadedFile("现场照片.jpg", other))
    assert second.file.name != first.file.name
    with default_storage.open(first.file.name) as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == first.sha256
    assert second.sha256 == hashlib.sha256(other).hexdigest()
    assert [e.action for e in history_for(first)] == ["inspection_evidence.add"]


def test_evidence_refuses_empty_files_and_non_members(setup):
    tf.advance(setup, TaskStatus.CHECKED_IN)
    _fail_with(ValidationFailed, svc.task_add_evidence, actor=setup.leader_user, task=setup.task,
               uploaded_file=SimpleUploadedFile("空.txt", b""))
    _fail_with(PermissionDenied, svc.task_add_evidence, actor=setup.alternate.user, task=setup.task,
               uploaded_file=SimpleUploadedFile("a.txt", b"a"))


# ---------------------------------------------------------------- review and publication

def test_submit_needs_the_results(setup):
    tf.advance(setup, TaskStatus.CHECKED_IN)
    exc = _fail_with(ValidationFailed, svc.task_submit, actor=setup.leader_user, task=setup.task)
    assert len(exc.problems) == 3


def test_return_needs_a_note(setup, reviewer):
    tf.advance(setup, TaskStatus.SUBMITTED)
    exc = _fail_with(ValidationFailed, svc.task_return, actor=reviewer, task=setup.task, note="  ")
    assert exc.problems[0].field == "退回意见"
    task = svc.task_return(actor=reviewer, task=setup.task, note="请补充证据")
    assert task.status == TaskStatus.RETURNED.value and task.review_note == "请补充证据"


def test_a_team_member_cannot_review_the_team_s_results(setup, make_user, district_org):
    both = make_user("district_admin", district_org)  # holds inspection.review
    setup.member.user = both
    setup.member.save(update_fields=["user"])
    tf.advance(setup, TaskStatus.SUBMITTED)
    for fn, kwargs in ((svc.task_approve, {}), (svc.task_return, {"note": "x"})):
        exc = _fail_with(PermissionDenied, fn, actor=both, task=setup.task, **kwargs)
        assert "检查组成员" in exc.message


def test_full_workflow_is_audited_and_published_on_time(setup, reviewer, publisher):
    task = tf.advance(setup, TaskStatus.PUBLISHED, reviewer=reviewer, publisher=publisher)
    assert task.status == TaskStatus.PUBLISHED.value and task.published_at is not None
    actions = [e.action for e in history_for(task)][::-1]
    assert actions == ["inspection_task.notify", "inspection_task.check_in", "inspection_task.results",
                       "inspection_task.submit", "inspection_task.approve", "inspection_task.publish"]
    # published today, long after 2024-10-28
    assert publication_status(task) is PublicationStatus.LATE
    task.published_at = dt.datetime(2024, 10, 28, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert publication_status(task) is PublicationStatus.ON_TIME


def test_publication_status_with_a_frozen_today(setup):
    task = tf.advance(setup, TaskStatus.CHECKED_IN)
    assert publication_status(task, dt.date(2024, 10, 28)) is PublicationStatus.DUE
    assert publication_status(task, dt.date(2024, 10, 29)) is PublicationStatus.OVERDUE
    user = setup.leader_user
    assert list(task_list(user=user, overdue=True, today=dt.date(2024, 10, 28))) == []
    assert list(task_list(user=user, overdue=True, today=dt.date(2024, 10, 29))) == [task]
    fresh = InspectionTask(inspected_on=None)
    assert publication_status(fresh, dt.date(2024, 1, 1)) is PublicationStatus.NOT_STARTED


TRANSITION_CASES = [(t.action, s) for t in TASK_TRANSITIONS for s in TaskStatus if s not in t.source]


@pytest.mark.parametrize("action, status", TRANSITION_CASES, ids=[f"{a}-from-{s.value}" for a, s in TRANSITION_CASES])
def test_every_disallowed_transition_is_refused(setup, reviewer, publisher, action, status):
    tf.advance(setup, TaskStatus.CHECKED_IN)  # a notice date, an inspection date: only the status is wrong
    InspectionTask.objects.filter(pk=setup.task.pk).update(status=status.value)
    task = InspectionTask.objects.get(pk=setup.task.pk)
    call = {
        "notify": lambda: svc.task_notify(actor=setup.leader_user, task=task, notified_on="2024-09-20"),
        "check_in": lambda: svc.task_check_in(actor=setup.leader_user, task=task, inspected_on="2024-09-25"),
        "submit": lambda: svc.task_submit(actor=setup.leader_user, task=task),
        "return": lambda: svc.task_return(actor=reviewer, task=task, note="请补充"),
        "approve": lambda: svc.task_approve(actor=reviewer, task=task),
        "publish": lambda: svc.task_publish(actor=publisher, task=task),
    }[action]
    with pytest.raises(InvalidTransition):
        call()
    assert InspectionTask.objects.get(pk=task.pk).status == status.value


# ---------------------------------------------------------------- follow-ups

def test_follow_ups(setup, reviewer):
    tf.advance(setup, TaskStatus.APPROVED, reviewer=reviewer, outcome="correct")
    today = dt.date(2024, 10, 10)
    exc = _fail_with(ValidationFailed, svc.follow_up_create, actor=setup.leader_user, task=setup.task,
                     kind=FollowUpKind.RECTIFY, deadline=today, today=today)
    assert exc.problems[0].field == "整改期限"
    rectify = svc.follow_up_create(actor=setup.leader_user, task=setup.task, kind=FollowUpKind.RECTIFY,
                                   deadline="2024-11-10", note="限期公示收费标准", today=today)
    assert rectify.deadline == dt.date(2024, 11, 10) and rectify.status == FollowUpStatus.OPEN
    _fail_with(ValidationFailed, svc.follow_up_create, actor=setup.leader_user, task=setup.task,
               kind=FollowUpKind.RECTIFY, deadline="2024-11-20", today=today)  # one open at a time
    _fail_with(ValidationFailed, svc.follow_up_create, actor=setup.leader_user, task=setup.task,
               kind=FollowUpKind.CASE, note="", today=today)
    case = svc.follow_up_create(actor=setup.leader_user, task=setup.task, kind=FollowUpKind.CASE,
                                note="移送执法监督科立案查处", today=today)
    assert case.deadline is None
    _fail_with(ValidationFailed, svc.follow_up_close, actor=setup.leader_user, follow_up=rectify, note="")
    closed = svc.follow_up_close(actor=setup.leader_user, follow_up=rectify, note="复查:已整改到位")
    assert closed.status == FollowUpStatus.DONE and closed.closed_at is not None and "已整改到位" in closed.note
    _fail_with(InvalidTransition, svc.follow_up_close, actor=setup.leader_user, follow_up=closed, note="再次")
    assert [e.action for e in history_for(closed)] == ["inspection_followup.close", "inspection_followup.create"]


def test_follow_ups_need_an_approved_result_that_found_a_problem(setup, reviewer):
    tf.advance(setup, TaskStatus.CHECKED_IN)
    _fail_with(InvalidTransition, svc.follow_up_create, actor=setup.leader_user, task=setup.task,
               kind=FollowUpKind.CASE, note="x")
    svc.task_record_results(actor=setup.leader_user, task=setup.task, results=tf.results_all(setup), summary="合格")
    svc.task_submit(actor=setup.leader_user, task=setup.task)
    svc.task_approve(actor=reviewer, task=setup.task)
    exc = _fail_with(ValidationFailed, svc.follow_up_create, actor=setup.leader_user, task=setup.task,
                     kind=FollowUpKind.CASE, note="x")
    assert "合格" in exc.message


# ---------------------------------------------------------------- scope

def test_another_district_s_task_does_not_exist_for_a_district_user(admin, make_user, city_org, district_org):
    nankai = Organization.objects.get(code="120104-SFJ")
    other = tf.task(admin=admin, make_user=make_user, org=nankai, **{"所在区": "南开区"})
    hexi_officer = make_user("officer", district_org)
    _fail_with(NotFound, task_get, user=hexi_officer, pk=other.task.pk)
    _fail_with(NotFound, svc.task_notify, actor=hexi_officer, task=other.task, notified_on="2024-09-20")
    assert task_get(user=make_user("officer", city_org), pk=other.task.pk) == other.task
    assert other.task not in task_list(user=hexi_officer)


def test_my_tasks(setup, admin, make_user, district_org):
    other = tf.task(admin=admin, make_user=make_user, org=district_org)
    assert list(task_list(user=setup.leader_user, mine=True)) == [setup.task]
    assert list(task_list(user=setup.alternate.user, mine=True)) == []
    assert set(task_list(user=setup.leader_user)) == {setup.task, other.task}


def test_a_city_plan_s_task_is_notified_reviewed_and_published_by_the_city(admin, make_user, city_org, district_org):
    setup = tf.task(admin=admin, make_user=make_user, org=city_org)  # target in 河西区, team of the city bureau
    hexi_admin = make_user("district_admin", district_org)  # sees the task, holds every inspection capability
    assert task_get(user=hexi_admin, pk=setup.task.pk) == setup.task
    exc = _fail_with(PermissionDenied, svc.task_notify, actor=hexi_admin, task=setup.task, notified_on="2024-09-20")
    assert "天津市司法局组织" in exc.message
    setup.task = svc.task_notify(actor=admin, task=setup.task, notified_on="2024-09-20")
    assert setup.task.notice_no == "津司检通〔2024〕1号"
    tf.advance(setup, TaskStatus.SUBMITTED)
    _fail_with(PermissionDenied, svc.task_approve, actor=hexi_admin, task=setup.task)
    assert svc.task_approve(actor=make_user("legal_reviewer", city_org), task=setup.task).status == "approved"
