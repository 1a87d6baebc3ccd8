"""Declared relationships that make an officer recuse (回避, 行政处罚法 第四十三条): near relatives, a
former employer, another interest. Draws freeze them into the manifest's ``conflicts`` at commitment.

A relationship is never deleted: ending it sets ``valid_until`` with a reason in the audit trail.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, PermissionDenied, ValidationFailed
from fazhi.inspections.models import OfficerRelationship
from fazhi.inspections.models.draws import RelationshipKind
from fazhi.institutions.models import Institution, Practitioner
from fazhi.officers.models import Officer


def _require(actor, officer: Officer) -> None:
    """The officer may declare their own; an editor of the registry may for officers in scope."""
    if officer.user_id is not None and officer.user_id == getattr(actor, "pk", None):
        return
    access.require(actor, Cap.REGISTRY_EDIT, "登记回避关系")
    if not access.in_scope(actor, officer.district_id):
        raise PermissionDenied("只能为本辖区的执法人员登记回避关系")


def relationship_declare(*, actor, officer: Officer, kind: str, institution_uscc: str = "",
                         practitioner_licence: str = "", note: str = "",
                         valid_until: dt.date | None = None) -> OfficerRelationship:
    _require(actor, officer)
    problems = []
    if kind not in RelationshipKind.values:
        problems.append(FieldProblem("关系", "请选择关系类型"))
    institution = Institution.objects.filter(uscc=institution_uscc.strip().upper()).first() if institution_uscc else None
    practitioner = (Practitioner.objects.select_related("institution").filter(licence_no=practitioner_licence.strip())
                    .first() if practitioner_licence else None)
    if institution_uscc and institution is None:
        problems.append(FieldProblem("机构统一社会信用代码", f"找不到“{institution_uscc}”"))
    if practitioner_licence and practitioner is None:
        problems.append(FieldProblem("执业证号", f"找不到“{practitioner_licence}”"))
    if not institution_uscc and not practitioner_licence:
        problems.append(FieldProblem("机构统一社会信用代码", "机构或执业人员至少填写一项"))
    if valid_until is not None and valid_until < timezone.localdate():
        problems.append(FieldProblem("有效至", "不能早于今天"))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        rel = OfficerRelationship.objects.create(
            officer=officer, institution=institution, practitioner=practitioner, kind=kind, note=note.strip(),
            valid_until=valid_until)
        record_event(actor=actor, obj=rel, action="officer_relationship.declare", after=snapshot(rel))
    return rel


def relationship_end(*, actor, relationship: OfficerRelationship, reason: str) -> OfficerRelationship:
    _require(actor, relationship.officer)
    if not (reason or "").strip():
        raise ValidationFailed(FieldProblem("理由", "结束回避关系必须填写理由"))
    with transaction.atomic():
        rel = OfficerRelationship.objects.select_for_update().get(pk=relationship.pk)
        before = snapshot(rel, ["valid_until"])
        rel.valid_until = timezone.localdate()
        rel.save(update_fields=["valid_until"])
        record_event(actor=actor, obj=rel, action="officer_relationship.end", before=before,
                     after=snapshot(rel, ["valid_until"]), reason=reason.strip())
    return rel
