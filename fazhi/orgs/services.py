"""Writes to organizations."""

from __future__ import annotations

from django.db import transaction

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, ValidationFailed
from fazhi.orgs.models import District, Organization, OrgKind


def organization_ensure(*, actor, code: str, name: str, kind: str, parent: Organization | None,
                        district: District | None) -> tuple[Organization, bool]:
    """Create the unit ``code`` unless it exists; return it and whether it was created."""
    if actor is not None:
        access.require(actor, Cap.USER_MANAGE, "管理单位")
    existing = Organization.objects.filter(code=code).first()
    if existing is not None:
        return existing, False
    problems = []
    if kind not in OrgKind.values:
        problems.append(FieldProblem("单位类型", f"“{kind}”不是有效的单位类型"))
    if Organization.objects.filter(name=name).exists():
        problems.append(FieldProblem("单位名称", f"“{name}”已存在"))
    if kind in (OrgKind.DISTRICT_BUREAU, OrgKind.JUDICIAL_OFFICE) and district is None:
        problems.append(FieldProblem("所属行政区", "区司法局和司法所必须属于一个行政区"))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        org = Organization.objects.create(code=code, name=name, kind=kind, parent=parent, district=district)
        record_event(actor=actor, obj=org, action="organization.create", after=snapshot(org))
    return org, True
