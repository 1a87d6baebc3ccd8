"""Case rows for the deadline and warning tests, made directly with the ORM (no services: the
procedure is not under test here, only the dates). ``fixed_dataset()`` is the hand-counted set that
``test_warnings.py``, ``test_warnings_command.py`` and ``test_supervision_view.py`` share: its expected
counts, with the reason for each case, are written out in ``test_warnings.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from fazhi.cases.models import Case, CaseStep, PublicRecord
from fazhi.orgs.models import Organization

D = dt.date
ON = D(2024, 11, 15)  # the day the fixed dataset is counted on (a Friday, a working day)
UNITS = {"120101": "120101-SFJ", "120103": "120103-SFJ", "120104": "120104-SFJ", None: "TJ-SFJ"}
_numbers = itertools.count(1)


def make_case(number: str | None = None, *, district: str | None = "120103", status: str = "investigating",
              case_type: str = "ordinary", fine: str | None = None, **dates) -> Case:
    """A case of the district with GB/T 2260 code ``district`` (None: the city bureau's own case).
    ``fine``: a decided fine in yuan (makes the case payable); ``dates``: any other model fields."""
    unit = Organization.objects.get(code=UNITS.get(district, f"{district}-SFJ"))
    received = dates.pop("received_on", None) or dates.get("filed_on") or dates.get("decided_on") or D(2024, 1, 2)
    fields = dict(
        number=number or f"测试罚〔2024〕{next(_numbers)}号", status=status, case_type=case_type, field="lawyer",
        unit=unit, district=unit.district, source_kind="inspection", received_on=received,
        party_kind="organization", party_name="天津市某律师事务所", violation_summary="未按规定公示收费标准",
        violation_date=received - dt.timedelta(days=30), discovered_on=received,
    )
    if fine is not None:
        fields.update(decision="penalty", penalties=[{"type": "fine", "amount": fine, "months": None, "note": ""}],
                      fine_amount=Decimal(fine))
    fields.update(dates)
    return Case.objects.create(**fields)


def add_step(case: Case, action: str, on: dt.date, *, user, to_status: str | None = None, data=None) -> CaseStep:
    """A ``CaseStep`` row as the procedure would have recorded it."""
    return CaseStep.objects.create(case=case, action=action, label=action, occurred_on=on, from_status=case.status,
                                   to_status=to_status or case.status, data=data or {}, recorded_by=user)


def publish(case: Case, on: dt.date) -> PublicRecord:
    """A public record published on ``on`` (noon, Beijing time)."""
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    return PublicRecord.objects.create(case=case, content={}, due_on=on, published_at=at)


def fixed_dataset(user) -> dict[str, Case]:
    """15 cases in 河西区 (120103), 南开区 (120104), 和平区 (120101) and the city bureau. ``user`` records
    the steps. The comments give the dates that matter; ``test_warnings.py`` counts them by hand."""
    c = {}
    # 河西区
    c["H1"] = make_case("津西罚〔2024〕1号", district="120103", filed_on=D(2024, 8, 20))  # decision due 11-18
    c["H2"] = make_case("津西罚〔2024〕2号", district="120103", filed_on=D(2024, 8, 1))  # decision due 10-30
    c["H3"] = make_case("津西罚〔2024〕3号", district="120103", filed_on=D(2024, 10, 1))  # decision due 12-30
    add_step(c["H3"], "preserve_evidence", D(2024, 11, 6), user=user)  # 7 working days: due 11-15, pending
    c["H4"] = make_case("津西罚〔2024〕4号", district="120103", status="decided", fine="5000",
                        filed_on=D(2024, 7, 1), decided_on=D(2024, 9, 20))  # not served, not published
    c["H5"] = make_case("津西罚〔2024〕5号", district="120103", status="archived", filed_on=D(2024, 1, 2))
    c["H6"] = make_case("津西罚〔2024〕6号", district="120103", status="served", fine="3000",
                        filed_on=D(2024, 8, 1), decided_on=D(2024, 10, 8), served_on=D(2024, 10, 10))
    publish(c["H6"], D(2024, 10, 12))
    # 南开区
    c["N1"] = make_case("津南开罚〔2024〕1号", district="120104", status="notified", filed_on=D(2024, 9, 10),
                        notified_on=D(2024, 11, 11))
    c["N2"] = make_case("津南开罚〔2024〕2号", district="120104", status="hearing", filed_on=D(2024, 8, 25),
                        notified_on=D(2024, 10, 25), hearing_requested_on=D(2024, 11, 1),
                        hearing_notice_on=D(2024, 11, 12), hearing_on=D(2024, 11, 20))
    c["N3"] = make_case("津南开罚〔2024〕3号", district="120104", status="decided", fine="2000",
                        filed_on=D(2024, 8, 10), decided_on=D(2024, 11, 6))
    c["N4"] = make_case("津南开罚〔2024〕4号", district="120104", status="served", case_type="simplified",
                        fine="200", decided_on=D(2024, 11, 1), served_on=D(2024, 11, 1), service_method="on_the_spot")
    # 和平区
    c["P1"] = make_case("津和罚〔2024〕1号", district="120101", filed_on=D(2024, 8, 17))  # decision due 11-15
    c["P2"] = make_case("津和罚〔2024〕2号", district="120101", status="executed", fine="1000",
                        filed_on=D(2024, 6, 1), decided_on=D(2024, 8, 20), served_on=D(2024, 8, 22),
                        paid_on=D(2024, 9, 1), paid_amount=Decimal("1000"))
    publish(c["P2"], D(2024, 8, 23))
    c["P3"] = make_case("津和罚〔2024〕3号", district="120101", status="transferred", filed_on=D(2024, 5, 1),
                        transferred_to="天津市公安局和平分局")
    add_step(c["P3"], "transfer", D(2024, 11, 1), user=user, to_status="transferred")
    c["P4"] = make_case("津和罚〔2024〕4号", district="120101", filed_on=D(2024, 8, 15), deadline_extension_days=30)
    # 市局
    c["C1"] = make_case("津司罚〔2024〕1号", district=None, filed_on=D(2024, 8, 5))  # decision due 11-04
    return c
