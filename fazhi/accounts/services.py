"""Writes to accounts. Each service owns its transaction and writes the audit event."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from fazhi.accounts.models import User
from fazhi.accounts.roles import Cap, Role
from fazhi.core import access
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, ValidationFailed

AUDITED_FIELDS = ["username", "full_name", "organization_id", "role", "is_active", "is_superuser"]


def user_create(*, actor, username: str, password: str, organization, role: str | Role, full_name: str = "",
                check_password: bool = True) -> User:
    """Create a user. ``actor`` None is the system (setup and demo loading)."""
    role = Role(role)
    if actor is not None:
        access.require(actor, Cap.USER_MANAGE, "管理用户")
        if not access.in_scope(actor, organization.district_id):
            raise ValidationFailed(FieldProblem("所属单位", "只能在本辖区单位中创建用户"))
        if role is Role.CITY_ADMIN and not access.is_city_wide(actor):
            raise ValidationFailed(FieldProblem("角色", "区级管理员不能创建市级管理员"))
    problems = []
    if not username or User.objects.filter(username=username).exists():
        problems.append(FieldProblem("用户名", "不能为空" if not username else f"“{username}”已被使用"))
    if check_password:
        try:
            validate_password(password)
        except DjangoValidationError as exc:
            problems.append(FieldProblem("密码", ";".join(exc.messages)))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        user = User(username=username, full_name=full_name, organization=organization, role=role.value)
        user.set_password(password)
        user.save()
        record_event(actor=actor, obj=user, action="user.create", after=snapshot(user, AUDITED_FIELDS))
    return user


def user_update(*, actor, user: User, changes: dict) -> User:
    """Change a user's profile, role, organization or active flag (not the password), audited."""
    access.require(actor, Cap.USER_MANAGE, "管理用户")
    allowed = set(AUDITED_FIELDS) - {"username"} | {"email", "is_staff"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(FieldProblem("字段", f"不能通过此操作修改:{'、'.join(sorted(unknown))}"))
    organization_id = changes.get("organization_id", user.organization_id)
    from fazhi.orgs.models import Organization

    district_id = Organization.objects.filter(pk=organization_id).values_list("district_id", flat=True).first()
    if not (access.in_scope(actor, user.district_id_scope) and access.in_scope(actor, district_id)):
        raise ValidationFailed(FieldProblem("所属单位", "只能管理本辖区单位的用户"))
    if changes.get("role") == Role.CITY_ADMIN.value and not access.is_city_wide(actor):
        raise ValidationFailed(FieldProblem("角色", "区级管理员不能设置市级管理员"))
    if changes.get("is_superuser") and not actor.is_superuser:
        raise ValidationFailed(FieldProblem("超级用户", "只有超级用户才能授予超级用户权限"))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(user, AUDITED_FIELDS)
        for name, value in changes.items():
            setattr(user, name, value)
        after = snapshot(user, AUDITED_FIELDS)
        user.save()
        if before != after:
            record_event(actor=actor, obj=user, action="user.update", before=before, after=after)
    return user
