"""Loading the Tianjin demo data through the same import path a bureau uses for its spreadsheets.

Idempotent: every record is matched by its natural key, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.accounts.models import User
from fazhi.accounts.roles import Role
from fazhi.accounts.services import user_create
from fazhi.cases.demo import demo_cases_load
from fazhi.core import tabular
from fazhi.core.importing import ImportResult, run_import
from fazhi.documents.demo import demo_documents_load
from fazhi.evaluation.demo import demo_evaluation_load
from fazhi.demo.generator import generate
from fazhi.inspections.services.items import item_lists_load_default
from fazhi.institutions.importers import InstitutionSpec, PractitionerSpec
from fazhi.laws.importers import ArticleSpec, LawSpec
from fazhi.officers.importers import OfficerSpec
from fazhi.orgs.models import District, Organization, OrgKind
from fazhi.orgs.services import organization_ensure

LAW_DATA = Path(__file__).resolve().parent.parent / "laws" / "data"
DEMO_PASSWORD = "Tianjin-fazhi-2024"

# (username, full name, role, organization code)
DEMO_USERS = [
    ("admin", "市局管理员", Role.CITY_ADMIN, "TJ-SFJ"),
    ("leader", "王局长", Role.LEADER, "TJ-SFJ"),
    ("reviewer", "法制审核员", Role.LEGAL_REVIEWER, "TJ-SFJ"),
    ("evaluator", "案卷评查员", Role.EVALUATOR, "TJ-SFJ"),
    ("fuyi", "行政复议员", Role.RECONSIDERATION, "TJ-SFJ"),
    ("city_officer", "市局执法员", Role.OFFICER, "TJ-SFJ"),
    ("hexi_admin", "河西区管理员", Role.DISTRICT_ADMIN, "120103-SFJ"),
    ("hexi_officer", "河西区执法员", Role.OFFICER, "120103-SFJ"),
    ("nankai_admin", "南开区管理员", Role.DISTRICT_ADMIN, "120104-SFJ"),
    ("binhai_officer", "滨海新区执法员", Role.OFFICER, "120116-SFJ"),
]


@dataclass
class DemoReport:
    results: dict[str, ImportResult] = field(default_factory=dict)
    offices_created: int = 0
    users_created: int = 0
    cases_created: int = 0
    documents_issued: int = 0
    evaluation_rounds: int = 0

    def lines(self) -> list[str]:
        out = [f"司法所:新增 {self.offices_created}", f"演示账号:新增 {self.users_created}",
               f"演示案件:新增 {self.cases_created}", f"演示文书:签发 {self.documents_issued}",
               f"演示案卷评查轮次:新增 {self.evaluation_rounds}"]
        for label, r in self.results.items():
            out.append(f"{label}:新增 {r.created},更新 {r.updated},未变 {r.unchanged}")
        return out


def _rows_sheet(headers: list[str], rows) -> tabular.Sheet:
    return tabular.Sheet(list(headers), ((n, row) for n, row in enumerate(rows, start=2)))


def demo_load(*, seed: int = 2024, scale: int | None = None, today: dt.date | None = None) -> DemoReport:
    """Load (or confirm) the Tianjin demo data. Runs as the system (no actor)."""
    today = today or dt.date.today()
    data = generate(seed, today=today, scale=scale)
    report = DemoReport()
    districts = {d.code: d for d in District.objects.all()}
    bureaus = {o.district_id: o for o in Organization.objects.filter(kind=OrgKind.DISTRICT_BUREAU)}
    for office in data.judicial_offices:
        district = districts[office["district_code"]]
        _, created = organization_ensure(actor=None, code=office["code"], name=office["name"],
                                         kind=OrgKind.JUDICIAL_OFFICE, parent=bureaus[district.pk], district=district)
        report.offices_created += created
    for spec, name in ((LawSpec(), "laws.csv"), (ArticleSpec(), "articles.csv")):
        sheet = tabular.read_path(LAW_DATA / name)
        report.results[spec.label] = run_import(actor=None, spec=spec, sheet=sheet, source=f"demo:{name}",
                                                today=today)
    item_lists_load_default(actor=None, today=today)  # 抽查事项清单 v1, linked to the articles just loaded
    for spec, rows in ((InstitutionSpec(), data.institutions), (PractitionerSpec(), data.practitioners),
                       (OfficerSpec(), data.officers)):
        report.results[spec.label] = run_import(actor=None, spec=spec, sheet=_rows_sheet(spec.headers, rows),
                                                source="demo", today=today)
    report.users_created = _demo_users()
    report.cases_created = demo_cases_load(today=today)
    report.documents_issued = demo_documents_load()
    report.evaluation_rounds = demo_evaluation_load(today)
    return report


def _demo_users() -> int:
    created = 0
    orgs = {o.code: o for o in Organization.objects.filter(code__in={u[3] for u in DEMO_USERS})}
    for username, full_name, role, org_code in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(actor=None, username=username, password=DEMO_PASSWORD, organization=orgs[org_code], role=role,
                    full_name=full_name)
        created += 1
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    return [(u, DEMO_PASSWORD, f"{Role(r).label} · {name}") for u, name, r, _ in DEMO_USERS]
