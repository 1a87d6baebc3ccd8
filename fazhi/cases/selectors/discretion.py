"""Cases that depart from the 行政处罚裁量基准 with a written reason (``Case.discretion_deviation``), for the
supervision page (执法监督): scoped by district like every case read (``fazhi.core.access``)."""

from __future__ import annotations

from django.db.models import Prefetch

from fazhi.cases import discretion
from fazhi.cases.facts import penalty_from
from fazhi.cases.models import Case, CaseStep
from fazhi.cases.selectors.warnings import CITY_LABEL
from fazhi.core import access


def deviations(*, user, district: str = "") -> list[dict]:
    """``[{"case", "district", "unit", "recommended", "stage", "given", "reason", "reviewed"}]``, newest first:
    the flagged cases in the user's scope (``user=None``: city-wide), ``district`` a district name or 市局."""
    steps = (CaseStep.objects.only("case_id", "action", "data", "occurred_on")
             .order_by("occurred_on", "recorded_at", "pk"))
    qs = (Case.objects.filter(discretion_deviation=True).select_related("unit", "district")
          .prefetch_related(Prefetch("steps", queryset=steps, to_attr="step_rows")).order_by("-received_on", "-pk"))
    if user is not None:
        qs = access.scope(user, qs, "district")
    rows = []
    for case in qs:
        name = case.district.name if case.district_id else CITY_LABEL
        if district and name != district:
            continue
        decided = case.decision == "penalty" and bool(case.penalties)
        given = case.penalties if decided else case.proposed_penalties
        rows.append({"case": case, "district": name, "unit": case.unit.name,
                     "recommended": discretion.recommended_text(case.discretion or {}),
                     "stage": "决定" if decided else "拟处罚", "given": "、".join(penalty_from(p).label for p in given or ()),
                     "reason": case.discretion_reason,
                     "reviewed": discretion.reviewed((s.action, s.data) for s in case.step_rows)})
    return rows
