"""Scoped reads of the 执法人员名录库."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from fazhi.core import access, parameters
from fazhi.officers.models import Officer, OfficerStatus

OFFICER_DISTRICT = "district"


def officer_list(*, user, q: str = "", unit: str = "", field: str = "", status: str = "",
                 credential: str = "", today: dt.date) -> QuerySet[Officer]:
    """``credential``: "expiring" (valid but ends within the warning period), "expired", or ""."""
    qs = access.scope(user, Officer.objects.select_related("unit"), OFFICER_DISTRICT)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credential_no__icontains=q) | Q(unit__name__icontains=q))
    if unit:
        qs = qs.filter(unit__code=unit)
    if field:
        qs = qs.filter(fields__icontains=f'"{field}"')  # JSON list; portable on SQLite and PostgreSQL
    if status:
        qs = qs.filter(status=status)
    if credential == "expiring":
        days = parameters.value("officers_credential_warning_days", today)
        qs = qs.filter(status=OfficerStatus.ACTIVE, valid_from__lte=today, valid_to__gte=today,
                       valid_to__lt=today + dt.timedelta(days=days))
    elif credential == "expired":
        qs = qs.filter(valid_to__lt=today)
    return qs


def officer_get(*, user, pk, for_edit=None) -> Officer:
    return access.get_scoped(user, Officer.objects.select_related("unit"), pk, OFFICER_DISTRICT, for_edit=for_edit)
