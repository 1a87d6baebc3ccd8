"""Single-record writes: the same checks as the import, a reason for every status change, history."""

import pytest

from fazhi.core.audit import history_for, verify_chain
from fazhi.core.errors import ValidationFailed
from fazhi.institutions import services
from fazhi.institutions.models import Institution
from fazhi.institutions.tests.factories import institution, institution_data

pytestmark = pytest.mark.django_db


def test_create_refuses_bad_values_naming_each_field(admin):
    data = institution_data(**{"统一社会信用代码": "91350100M000100Y44", "所在区": "海淀区"})
    with pytest.raises(ValidationFailed) as exc:
        services.institution_create(actor=admin, data=data)
    fields = {p.field for p in exc.value.problems}
    assert fields == {"统一社会信用代码", "所在区"}
    assert Institution.objects.count() == 0


def test_update_records_before_and_after(admin):
    inst = institution(admin)
    services.institution_update(actor=admin, institution=inst, data={"address": "天津市河西区围堤道1号"},
                                reason="住所变更")
    event = history_for(inst).first()
    assert event.action == "institution.update"
    assert event.after == {"address": "天津市河西区围堤道1号"} and event.reason == "住所变更"


def test_update_with_a_clashing_licence_number_is_refused(admin):
    first, second = institution(admin), institution(admin)
    with pytest.raises(ValidationFailed) as exc:
        services.institution_update(actor=admin, institution=second, data={"licence_no": first.licence_no})
    assert exc.value.problems[0].field == "执业许可证号"


def test_status_change_needs_a_reason_and_is_never_a_delete(admin):
    inst = institution(admin)
    with pytest.raises(ValidationFailed) as exc:
        services.institution_change_status(actor=admin, institution=inst, status="suspended", reason=" ")
    assert exc.value.problems[0].field == "理由"
    services.institution_change_status(actor=admin, institution=inst, status="suspended", reason="停业整顿三个月")
    inst.refresh_from_db()
    assert inst.status == "suspended"
    assert [e.action for e in history_for(inst)] == ["institution.status", "institution.create"]
    assert verify_chain().ok


def test_edit_form_cannot_change_status_silently(admin):
    inst = institution(admin)
    services.institution_update(actor=admin, institution=inst, data={"status": "revoked", "name": "新名称"})
    inst.refresh_from_db()
    assert inst.status == "normal" and inst.name == "新名称"
