"""Writes to the 执法人员名录库."""

from __future__ import annotations

from django.db import transaction

from fazhi.accounts.models import User
from fazhi.accounts.roles import Cap
from fazhi.core import access, records
from fazhi.core.audit import record_event
from fazhi.core.errors import FieldProblem, PermissionDenied, ValidationFailed
from fazhi.officers.importers import OfficerSpec
from fazhi.officers.models import Officer, OfficerStatus


def officer_create(*, actor, data: dict[str, str]) -> Officer:
    return records.record_create(actor=actor, spec=OfficerSpec(), texts=data)


def officer_update(*, actor, officer: Officer, data: dict[str, str], reason: str = "") -> Officer:
    data = {k: v for k, v in data.items() if k != "status"}
    return records.record_update(actor=actor, spec=OfficerSpec(), obj=officer, texts=data, reason=reason)


def officer_change_status(*, actor, officer: Officer, status: str, reason: str) -> Officer:
    return records.record_set_status(actor=actor, spec=OfficerSpec(), obj=officer, status=status, reason=reason,
                                     choices=OfficerStatus)


def officer_link_user(*, actor, officer: Officer, username: str) -> Officer:
    """Link (or, with an empty username, unlink) the login an officer uses, so that what they do in the
    platform is done as this officer with this 执法证 (checked by ``officers.credentials``)."""
    access.require(actor, Cap.REGISTRY_EDIT, "关联执法人员的登录账号")
    if not access.in_scope(actor, officer.district_id):
        raise PermissionDenied("只能管理本辖区的执法人员")
    username = (username or "").strip()
    user = None
    if username:
        user = User.objects.filter(username=username, is_active=True).select_related("organization").first()
        if user is None:
            raise ValidationFailed(FieldProblem("登录账号", f"没有有效的账号“{username}”"))
        if user.organization_id != officer.unit_id:
            raise ValidationFailed(FieldProblem("登录账号", "账号所属单位应与执法人员所在单位相同"))
        other = Officer.objects.filter(user=user).exclude(pk=officer.pk).first()
        if other is not None:
            raise ValidationFailed(FieldProblem("登录账号", f"该账号已关联执法人员{other.name}"))
    with transaction.atomic():
        locked = Officer.objects.select_for_update().get(pk=officer.pk)
        before = {"user_id": locked.user_id}
        locked.user = user
        locked.save(update_fields=["user", "updated_at"])
        record_event(actor=actor, obj=locked, action="officer.link_user", before=before,
                     after={"user_id": locked.user_id})
    return locked
