"""Access scoping for every role: what each sees and may change, in its district and another."""

import datetime as dt

import pytest

from fazhi.accounts.roles import CAPABILITIES, Cap, Role
from fazhi.core import access
from fazhi.core.errors import NotFound, PermissionDenied
from fazhi.institutions import selectors as inst_sel
from fazhi.institutions.tests.factories import institution
from fazhi.laws import selectors as law_sel
from fazhi.laws.models import Law
from fazhi.officers import selectors as off_sel
from fazhi.officers.services import officer_create
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
EDITORS = {r for r in Role if Cap.REGISTRY_EDIT in CAPABILITIES[r]}


@pytest.fixture
def records(make_user):
    system_admin = make_user("city_admin", Organization.objects.get(code="TJ-SFJ"))
    hexi = institution(system_admin, **{"所在区": "河西区"})
    nankai = institution(system_admin, **{"所在区": "南开区"})
    officer_data = {"name": "赵强", "valid_from": "2023-01-01", "valid_to": "2028-12-31", "fields": "律师、公证"}
    hexi_officer = officer_create(actor=system_admin, data=dict(officer_data, credential_no="12010320230001",
                                                                 unit_id="天津市河西区司法局"))
    nankai_officer = officer_create(actor=system_admin, data=dict(officer_data, credential_no="12010420230001",
                                                                   unit_id="天津市南开区司法局"))
    return {"hexi": hexi, "nankai": nankai, "hexi_officer": hexi_officer, "nankai_officer": nankai_officer}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_district_staff_see_only_their_district(role, make_user, records):
    user = make_user(role, Organization.objects.get(code="120103-SFJ"))  # 河西区司法局
    assert inst_sel.institution_get(user=user, pk=records["hexi"].pk) == records["hexi"]
    with pytest.raises(NotFound):
        inst_sel.institution_get(user=user, pk=records["nankai"].pk)
    with pytest.raises(NotFound):
        off_sel.officer_get(user=user, pk=records["nankai_officer"].pk)
    listed = set(inst_sel.institution_list(user=user))
    assert records["hexi"] in listed and records["nankai"] not in listed
    officers = set(off_sel.officer_list(user=user, today=dt.date(2024, 6, 1)))
    assert officers == {records["hexi_officer"]}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_city_staff_see_every_district(role, make_user, records):
    user = make_user(role, Organization.objects.get(code="TJ-SFJ"))
    assert {records["hexi"], records["nankai"]} <= set(inst_sel.institution_list(user=user))
    assert inst_sel.institution_get(user=user, pk=records["nankai"].pk) == records["nankai"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_editors_may_change_records_in_scope(role, make_user, records):
    user = make_user(role, Organization.objects.get(code="120103-SFJ"))
    if role in EDITORS:
        assert inst_sel.institution_get(user=user, pk=records["hexi"].pk, for_edit=Cap.REGISTRY_EDIT)
    else:
        with pytest.raises(PermissionDenied):
            inst_sel.institution_get(user=user, pk=records["hexi"].pk, for_edit=Cap.REGISTRY_EDIT)
    with pytest.raises(NotFound):  # another district's record stays invisible, even to editors
        inst_sel.institution_get(user=user, pk=records["nankai"].pk, for_edit=Cap.REGISTRY_EDIT)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_city_edits_the_law_registry(role, make_user):
    law = Law.objects.create(name="测试法", short_name="测试法", kind="law", issuer="全国人大常委会",
                             effective_from=dt.date(2021, 1, 1))
    for org_code in ("TJ-SFJ", "120103-SFJ"):
        user = make_user(role, Organization.objects.get(code=org_code))
        assert law_sel.law_get(user=user, pk=law.pk) == law  # every staff member may read it
        allowed = role is Role.CITY_ADMIN
        if allowed:
            assert law_sel.law_get(user=user, pk=law.pk, for_edit=Cap.LAW_EDIT) == law
        else:
            with pytest.raises(PermissionDenied):
                law_sel.law_get(user=user, pk=law.pk, for_edit=Cap.LAW_EDIT)


def test_anonymous_and_orgless_users_see_nothing(make_user, records, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    orphan = django_user_model.objects.create(username="orphan", role="city_admin")
    for user in (AnonymousUser(), orphan):
        assert not inst_sel.institution_list(user=user).exists()
        assert not access.can(user, Cap.REGISTRY_VIEW)
        with pytest.raises(NotFound):
            inst_sel.institution_get(user=user, pk=records["hexi"].pk)


def test_judicial_office_staff_are_confined_to_their_district(make_user, records):
    from fazhi.orgs.services import organization_ensure

    hexi = Organization.objects.get(code="120103-SFJ")
    office, _ = organization_ensure(actor=None, code="120103-SFS-99", name="天津市河西区测试司法所",
                                    kind="judicial_office", parent=hexi, district=hexi.district)
    user = make_user("mediator", office)
    assert set(inst_sel.institution_list(user=user)) == {records["hexi"]}
