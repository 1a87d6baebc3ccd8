"""Declaring and ending relationships (回避), and their effect on the next draw."""

import pytest
from django.urls import reverse

from fazhi.core.audit import history_for
from fazhi.core.errors import PermissionDenied, ValidationFailed
from fazhi.inspections.services import draws as draw_services
from fazhi.inspections.services.relationships import relationship_declare, relationship_end
from fazhi.inspections.tests import factories as f
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_declared_relationship_is_frozen_into_the_next_manifest(admin, make_user, city_org):
    firms = f.firms(admin, 3)
    officers = f.officers(admin, 3)
    rel = relationship_declare(actor=admin, officer=officers[0], kind="former_employer",
                               institution_uscc=firms[1].uscc, note="2019 年前在该所任职")
    assert history_for(rel).first().action == "officer_relationship.declare"
    plan = f.active_plan(admin, strata=[{"ratio": "1"}])
    attempt = draw_services.attempt_commit(actor=admin, attempt=f.attempt(admin, plan))
    assert [officers[0].credential_no, firms[1].uscc, "former_employer"] in attempt.manifest["conflicts"]


def test_refusals(admin, make_user, district_org):
    firm = f.firms(admin, 1)[0]
    officer = f.officer(admin)  # a city officer
    with pytest.raises(ValidationFailed) as exc:
        relationship_declare(actor=admin, officer=officer, kind="relative")
    assert exc.value.problems[0].field == "机构统一社会信用代码"
    with pytest.raises(PermissionDenied):  # a district admin cannot declare for a city officer
        relationship_declare(actor=make_user("district_admin", district_org), officer=officer, kind="relative",
                             institution_uscc=firm.uscc)
    rel = relationship_declare(actor=admin, officer=officer, kind="relative", institution_uscc=firm.uscc)
    with pytest.raises(ValidationFailed):
        relationship_end(actor=admin, relationship=rel, reason="")


def test_page_declares_and_ends(client, admin):
    firm = f.firms(admin, 1)[0]
    officer = f.officer(admin)
    client.force_login(admin)
    url = reverse("inspections:relationships", args=[officer.pk])
    bad = client.post(url, {"kind": "relative", "institution_uscc": "91350100M000100Y44"})
    assert bad.status_code == 400 and "找不到" in bad.content.decode()
    assert client.post(url, {"kind": "relative", "institution_uscc": firm.uscc}).status_code == 302
    rel = officer.relationships.get()
    client.post(reverse("inspections:relationship_end", args=[officer.pk, rel.pk]), {"reason": "已离婚"})
    rel.refresh_from_db()
    assert rel.valid_until is not None
    assert firm.name in client.get(url).content.decode()


def test_other_districts_officer_is_404(client, make_user, admin):
    nankai = f.officer(admin, unit="天津市南开区司法局")
    user = make_user("district_admin", Organization.objects.get(code="120103-SFJ"))
    client.force_login(user)
    assert client.get(reverse("inspections:relationships", args=[nankai.pk])).status_code == 404
