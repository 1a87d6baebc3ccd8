"""Scoped reads of the 监管对象名录库: what a user may see, searched and filtered."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.core import access
from fazhi.institutions.models import Institution, Practitioner

INSTITUTION_DISTRICT = "district"
PRACTITIONER_DISTRICT = "institution__district"


def institution_list(*, user, q: str = "", kind: str = "", district: str = "", status: str = "",
                     risk_class: str = "", field: str = "") -> QuerySet[Institution]:
    qs = access.scope(user, Institution.objects.select_related("district"), INSTITUTION_DISTRICT)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q) | Q(licence_no__icontains=q)
                       | Q(address__icontains=q) | Q(head_name__icontains=q))
    filters = {"kind": kind, "district__code": district, "status": status, "risk_class": risk_class, "field": field}
    return qs.filter(**{k: v for k, v in filters.items() if v})


def institution_get(*, user, pk, for_edit=None) -> Institution:
    return access.get_scoped(user, Institution.objects.select_related("district", "head_office"), pk,
                             INSTITUTION_DISTRICT, for_edit=for_edit)


def practitioner_list(*, user, q: str = "", kind: str = "", district: str = "", status: str = "",
                      institution: str = "") -> QuerySet[Practitioner]:
    qs = access.scope(user, Practitioner.objects.select_related("institution", "institution__district"),
                      PRACTITIONER_DISTRICT)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(licence_no__icontains=q) | Q(institution__name__icontains=q))
    filters = {"kind": kind, "institution__district__code": district, "status": status, "institution_id": institution}
    return qs.filter(**{k: v for k, v in filters.items() if v})


def practitioner_get(*, user, pk, for_edit=None) -> Practitioner:
    return access.get_scoped(user, Practitioner.objects.select_related("institution", "institution__district"), pk,
                             PRACTITIONER_DISTRICT, for_edit=for_edit)
