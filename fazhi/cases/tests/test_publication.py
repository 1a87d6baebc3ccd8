"""Publishing a decided penalty and withdrawing it; the publication deadline stops warning once met."""

import pytest
from django.urls import reverse

from fazhi.cases.models import PublicRecord
from fazhi.cases.services.publication import public_record_publish, public_record_withdraw
from fazhi.cases.tests import factories as cf
from fazhi.core.errors import InvalidTransition, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def _decided_case(admin, make_user, district_org):
    s = cf.setup_case(admin, make_user, district_org, major_or_complex=True)
    s.others["chair"] = cf.officer(admin, make_user, district_org, login=False, name="听证主持人")
    cf.walk(s, until="serve")
    return s


def test_publish_then_withdraw(make_user, city_org, district_org):
    admin = make_user("city_admin", city_org)
    s = _decided_case(admin, make_user, district_org)
    record = PublicRecord.objects.get(case=s.case)
    with pytest.raises(PermissionDenied):
        public_record_publish(actor=make_user("officer", district_org), record=record)
    public_record_publish(actor=s.approver, record=record)
    record.refresh_from_db()
    assert record.published_at is not None
    with pytest.raises(InvalidTransition):
        public_record_publish(actor=s.approver, record=record)
    with pytest.raises(ValidationFailed):
        public_record_withdraw(actor=s.approver, record=record, reason=" ")
    public_record_withdraw(actor=s.approver, record=record, reason="复议决定撤销原处罚决定")
    record.refresh_from_db()
    assert record.withdrawn_at is not None and "撤销" in record.withdraw_reason


def test_case_page_publishes(client, make_user, city_org, district_org):
    admin = make_user("city_admin", city_org)
    s = _decided_case(admin, make_user, district_org)
    client.force_login(s.approver)
    page = client.get(reverse("cases:detail", args=[s.case.pk])).content.decode()
    assert "公开处罚决定" in page and "尚未公开" in page
    assert client.post(reverse("cases:publish", args=[s.case.pk])).status_code == 302
    assert "已公开" in client.get(reverse("cases:detail", args=[s.case.pk])).content.decode()


def test_hearing_notice_document_only_where_a_hearing_right_exists(make_user, city_org, district_org):
    from fazhi.cases.models import CaseStep

    admin = make_user("city_admin", city_org)
    s = _decided_case(admin, make_user, district_org)  # a 30,000 yuan fine on an organization: hearing right
    assert 22 in CaseStep.objects.get(case=s.case, action="notify").documents


def test_no_hearing_notice_document_for_a_warning(make_user, city_org, district_org):
    from fazhi.cases.models import CaseStep

    admin = make_user("city_admin", city_org)
    s = cf.setup_case(admin, make_user, district_org)
    cf.walk(s, until="notify")
    s.advance("notify", cf.dt.date(2024, 9, 5), {"proposed_penalties": [{"type": "warning"}]})
    assert 22 not in CaseStep.objects.get(case=s.case, action="notify").documents
