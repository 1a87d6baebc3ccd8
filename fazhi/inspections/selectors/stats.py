"""Yearly figures of the random inspections, in the user's scope: tasks inspected per field and per
district by conclusion, and the annual report's sentence ("对19家法律服务机构进行行政检查,其中…").

A task counts in the year of its ``inspected_on`` (the day the team checked in).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from fazhi.core import access
from fazhi.core.fields import Field
from fazhi.inspections.models import InspectionTask
from fazhi.inspections.models.tasks import Outcome
from fazhi.institutions.models import InstitutionKind
from fazhi.orgs.models import District, Organization

# The order of kinds in the sentence: the order of the 天津市司法局 2023 annual report (仲裁机构、
# 司法鉴定机构、公证机构), then the fields the city bureau does not inspect itself.
SENTENCE_KINDS = [InstitutionKind.ARBITRATION, InstitutionKind.APPRAISAL, InstitutionKind.NOTARY,
                  InstitutionKind.LAW_FIRM, InstitutionKind.LAW_FIRM_BRANCH, InstitutionKind.GRASSROOTS]
CONCLUSIONS = [Outcome.PASS, Outcome.CORRECT, Outcome.CASE]
HEADERS = ["分组", "名称", "检查任务数", *[c.label for c in CONCLUSIONS], "尚无结论"]


def inspected(*, user, year: int) -> QuerySet:
    """Tasks in the user's scope inspected (checked in) in ``year``."""
    qs = access.scope(user, InspectionTask.objects.all(), "district")
    return qs.filter(inspected_on__year=year)


@dataclass
class StatRow:
    key: str
    label: str
    total: int = 0
    by_conclusion: dict[str, int] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        return self.total - sum(self.by_conclusion.values())

    def cells(self) -> list[int]:
        return [self.total, *[self.by_conclusion.get(c.value, 0) for c in CONCLUSIONS], self.pending]


def _rows(qs: QuerySet, key: str, labels: dict[str, str]) -> list[StatRow]:
    rows: dict[str, StatRow] = {}
    for value, conclusion, n in qs.values_list(key, "conclusion").annotate(n=Count("id")).order_by():
        row = rows.setdefault(value, StatRow(value, labels.get(value, value)))
        row.total += n
        if conclusion:
            row.by_conclusion[conclusion] = row.by_conclusion.get(conclusion, 0) + n
    order = list(labels)
    return sorted(rows.values(), key=lambda r: (order.index(r.key) if r.key in order else len(order), r.key))


def _total(rows: list[StatRow]) -> StatRow:
    total = StatRow("", "合计")
    for r in rows:
        total.total += r.total
        for c, n in r.by_conclusion.items():
            total.by_conclusion[c] = total.by_conclusion.get(c, 0) + n
    return total


@dataclass
class YearStats:
    year: int
    by_field: list[StatRow]
    by_district: list[StatRow]
    total: StatRow
    sentences: list[tuple[str, str]]  # (organizing unit, sentence) per unit that inspected

    def export_rows(self) -> list[list]:
        out = [["领域", r.label, *r.cells()] for r in self.by_field]
        out += [["行政区", r.label, *r.cells()] for r in self.by_district]
        out.append(["合计", "", *self.total.cells()])
        return out


def year_stats(*, user, year: int) -> YearStats:
    qs = inspected(user=user, year=year)
    by_field = _rows(qs, "institution__field", dict(Field.choices))
    districts = {d.code: d.name for d in District.objects.order_by("code")}
    by_district = _rows(qs, "district__code", districts)
    units = Organization.objects.filter(pk__in=qs.values("plan__unit_id")).order_by(
        F("district__code").asc(nulls_first=True), "code")  # the city bureau first
    sentences = [(u.name, sentence(qs.filter(plan__unit=u))) for u in units]
    return YearStats(year, by_field, by_district, _total(by_field), sentences)


def sentence(qs: QuerySet) -> str:
    """“对19家法律服务机构进行行政检查,其中仲裁机构1家、司法鉴定机构11家、公证机构7家”: distinct
    institutions with an inspected task in ``qs``, by kind, kinds with none left out."""
    counts = dict(qs.values_list("institution__kind").annotate(n=Count("institution", distinct=True)).order_by())
    total = qs.values("institution").distinct().count()
    if not total:
        return "未对法律服务机构进行行政检查"
    parts = [f"{k.label}{counts[k.value]}家" for k in SENTENCE_KINDS if counts.get(k.value)]
    return f"对{total}家法律服务机构进行行政检查,其中{'、'.join(parts)}"


def years(*, user) -> list[int]:
    """Years with inspected tasks in scope, and the current year, newest first."""
    qs = access.scope(user, InspectionTask.objects.filter(inspected_on__isnull=False), "district")
    found = {d.year for d in qs.dates("inspected_on", "year")}
    return sorted(found | {timezone.localdate().year}, reverse=True)
