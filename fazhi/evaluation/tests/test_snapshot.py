"""``case_snapshot`` on cases walked through the procedure (``fazhi/cases/tests/factories.py``), and the
pre-checks on them: quiet on a lawful case except for the documents never issued, firing on defects."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases.models import CaseOfficer
from fazhi.cases.tests import factories as cf
from fazhi.evaluation import prechecks
from fazhi.evaluation.models import Review
from fazhi.evaluation.selectors.files import case_snapshot
from fazhi.evaluation.selectors.rounds import review_view
from fazhi.evaluation.services import rounds as svc
from fazhi.evaluation.tests import factories as f
from fazhi.officers.models import Officer

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 11, 20)


@pytest.fixture
def walked(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org)
    s.others["chair"] = cf.officer(admin, make_user, district_org, name="听证主持人")
    cf.walk(s)
    return s.refresh()


def test_the_snapshot_of_a_walked_ordinary_case(walked):
    snap = case_snapshot(walked, ON)
    assert snap.number == walked.number and snap.case_type == "ordinary" and snap.decision == "penalty"
    assert [s.action for s in snap.steps][:3] == ["register", "file", "record_inquiry"]
    assert snap.steps[-1].action == "archive" and 36 in snap.steps[-1].documents
    assert snap.issued_documents == ()
    assert snap.overdue == ()
    assert snap.basis_articles == ("行政处罚法第五十一条",)
    assert len(snap.officers) == 2 and all(o.credential_valid for o in snap.officers) and snap.min_officers == 2
    assert snap.notified and snap.statement_recorded  # heard at the hearing
    assert snap.hearing_right and snap.hearing_requested and snap.hearing_held
    assert snap.legal_review_required and snap.legal_review_passed  # 情节复杂, reviewed again after the hearing
    assert snap.discretion_deviation is False and snap.discretion_reason == ""


def test_prechecks_stay_quiet_on_the_walked_case_but_for_unissued_documents(walked):
    found = prechecks.run(case_snapshot(walked, ON))
    assert [p.code for p in found] == ["missing_documents"]
    assert "第36号" in found[0].evidence


def test_prechecks_fire_on_seeded_defects(walked):
    walked.basis_articles.clear()
    lead = CaseOfficer.objects.filter(case=walked, role="lead").select_related("officer").get()
    Officer.objects.filter(pk=lead.officer_id).update(valid_to=dt.date(2024, 1, 31))  # expired before 立案
    codes = [p.code for p in prechecks.run(case_snapshot(walked, ON))]
    assert "missing_basis" in codes and "too_few_officers" in codes


def test_a_late_decision_is_overdue(admin, make_user, district_org):
    """Filed on 2024-08-20: the decision is due within 90 days (行政处罚法 第六十条)."""
    s = cf.setup_case(admin, make_user, district_org)
    cf.walk(s, until="legal_review")
    snap = case_snapshot(s.refresh(), dt.date(2024, 12, 31))
    assert [o.label for o in snap.overdue] == ["作出行政处罚决定"]
    assert snap.overdue[0].done_on is None and "第六十条" in snap.overdue[0].article
    assert "overdue_steps" in [p.code for p in prechecks.run(snap)]


def test_a_bare_case_without_officers(district_org):
    case = cf.bare_case(district_org, status="closed")
    snap = case_snapshot(case, ON)
    assert snap.officers == () and snap.steps == () and snap.decision == ""
    assert "too_few_officers" in [p.code for p in prechecks.run(snap)]


def test_a_blind_review_masks_names_in_the_prechecks_evidence(walked, admin, make_user, city_org):
    """The pre-check on the officers lists their names and 执法证号 (which start with the district code):
    the reviewer of a blind round sees neither, nor the district, the unit or the case number."""
    officers = [o.officer for o in CaseOfficer.objects.filter(case=walked).select_related("officer")]
    Officer.objects.filter(pk=officers[0].pk).update(valid_to=dt.date(2024, 1, 31))
    rnd = svc.round_create(actor=admin, data=f.round_data([f.reviewer(make_user, None)], period_start="2024-10-01",
                                                          period_end="2024-10-31"))  # 结案 2024-10-09
    rnd = svc.round_commit(actor=admin, round=rnd, on=dt.date(2024, 11, 4))
    rnd = svc.round_draw(actor=admin, round=f.reveal(admin, make_user("leader", city_org), rnd))
    view = review_view(Review.objects.get(file__round=rnd))
    shown = str([view["case"], view["officers"], view["prechecks"], view["documents"], view["steps"]])
    assert "too_few_officers" in shown
    for secret in [walked.number, walked.unit.name, walked.district.name, walked.district.short_name,
                   *(o.name for o in officers), *(o.credential_no for o in officers)]:
        assert secret not in shown
    assert view["district"] is None and view["unit"] is None
