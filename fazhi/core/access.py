"""The access functions. Every read that needs scoping and every write check goes through here.

Two rules, applied together:
- the role must hold the capability (``fazhi.accounts.roles.CAPABILITIES``);
- the record must lie in the user's scope: city-level users see the whole city, users of a district
  bureau or 司法所 only their district. A record outside the scope does not exist for the user
  (``NotFound``, 404), so its existence is not revealed; a record in scope that the role may not
  change is ``PermissionDenied`` (403).
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

from fazhi.accounts.roles import Cap, role_has
from fazhi.core.errors import NotFound, PermissionDenied


def is_staff_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and (user.organization_id or user.is_superuser))


def can(user, cap: Cap) -> bool:
    if not is_staff_user(user):
        return False
    return user.is_superuser or role_has(user.role, cap)


def require(user, cap: Cap, what: str = "此操作") -> None:
    if not can(user, cap):
        raise PermissionDenied(f"您的角色无权进行{what}")


def is_city_wide(user) -> bool:
    return is_staff_user(user) and (user.is_superuser or user.organization.district_id is None)


def scope(user, qs: QuerySet, district_path: str | None) -> QuerySet:
    """Restrict ``qs`` to what ``user`` may see. ``district_path`` is the lookup from the model to its
    ``District`` (e.g. ``"district"``, ``"institution__district"``); ``None`` for city-wide data
    every staff member may read (the 法律依据库)."""
    if not can(user, Cap.REGISTRY_VIEW):
        return qs.none()
    if district_path is None or is_city_wide(user):
        return qs
    return qs.filter(**{f"{district_path}_id": user.organization.district_id})


def in_scope(user, district_id: int | None) -> bool:
    """Whether a record of ``district_id`` lies in the user's scope (for records not yet saved)."""
    return is_city_wide(user) or (is_staff_user(user) and district_id == user.organization.district_id)


def get_scoped(user, qs: QuerySet, pk, district_path: str | None, *, for_edit: Cap | None = None) -> Model:
    """One record by primary key, if ``user`` may see it (else ``NotFound``); with ``for_edit``, also
    check the role may change it (else ``PermissionDenied``)."""
    try:
        obj = scope(user, qs, district_path).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound("记录不存在,或不在您的管辖范围内") from None
    if for_edit is not None:
        require(user, for_edit, "修改此记录")
    return obj
