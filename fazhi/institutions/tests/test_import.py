"""Import and export of the 监管对象名录库 through the shared import engine."""

import io

import openpyxl
import pytest

from fazhi.core import tabular
from fazhi.core.audit import verify_chain
from fazhi.core.errors import PermissionDenied, ValidationFailed
from fazhi.core.importing import ImportRejected, run_import
from fazhi.core.models import AuditEvent
from fazhi.institutions.importers import InstitutionSpec, PractitionerSpec
from fazhi.institutions.models import Institution, Practitioner
from fazhi.institutions.tests.factories import institution_row, practitioner_row

pytestmark = pytest.mark.django_db


def xlsx(rows, headers=None):
    headers = headers or InstitutionSpec().headers
    data = tabular.write_xlsx(headers, ([r.get(h, "") for h in headers] for r in rows))
    return tabular.read(io.BytesIO(data), "x.xlsx")


def csv_sheet(rows, headers):
    data = tabular.write_csv(headers, ([r.get(h, "") for h in headers] for r in rows))
    return tabular.read(io.BytesIO(data), "x.csv")


def test_import_creates_records_with_audit_events(make_user, city_org):
    admin = make_user("city_admin", city_org)
    rows = [institution_row() for _ in range(3)]
    result = run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx(rows), source="x.xlsx")
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    inst = Institution.objects.get(uscc=rows[0]["统一社会信用代码"])
    assert inst.field == "lawyer" and inst.district.name == "河西区"
    assert AuditEvent.objects.filter(action="institution.import_create").count() == 3
    assert verify_chain().ok


def test_bad_rows_save_nothing_and_every_bad_row_is_named(make_user, city_org):
    admin = make_user("city_admin", city_org)
    good = institution_row()
    bad_code = institution_row(**{"统一社会信用代码": good["统一社会信用代码"][:17] + "0"
                                  if good["统一社会信用代码"][17] != "0" else good["统一社会信用代码"][:17] + "1"})
    bad_kind = institution_row(**{"机构类型": "律所"})
    bad_district = institution_row(**{"所在区": "海淀区", "成立日期": "2015-13-01"})
    duplicate = dict(good, **{"执业许可证号": "999"})
    rows = [good, bad_code, bad_kind, bad_district, duplicate]
    events = AuditEvent.objects.count()
    with pytest.raises(ImportRejected) as exc:
        run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx(rows))
    problems = exc.value.result.problems
    by_row = {(p.row, p.field) for p in problems}
    assert (3, "统一社会信用代码") in by_row
    assert (4, "机构类型") in by_row
    assert (5, "所在区") in by_row and (5, "成立日期") in by_row
    assert (6, "统一社会信用代码") in by_row  # duplicate of row 2
    assert any("校验位错误" in p.reason for p in problems)
    assert any("与第 2 行重复" in p.reason for p in problems)
    assert Institution.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_partial_import_saves_good_rows_and_returns_rejects(make_user, city_org):
    admin = make_user("city_admin", city_org)
    rows = [institution_row(), institution_row(**{"名称": ""}), institution_row()]
    result = run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx(rows), partial=True)
    assert result.created == 2 and result.rejected_count == 1
    data, content_type = result.rejects_file("xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["原行号", "错误原因"]
    assert sheet.cell(row=2, column=len(header) - 1).value == "3"
    assert "名称:不能为空" in sheet.cell(row=2, column=len(header)).value


def test_reimporting_the_same_file_changes_nothing(make_user, city_org):
    admin = make_user("city_admin", city_org)
    rows = [institution_row() for _ in range(3)]
    run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx(rows))
    events = AuditEvent.objects.count()
    result = run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx(rows))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert AuditEvent.objects.count() == events


def test_changed_row_updates_with_before_and_after(make_user, city_org):
    admin = make_user("city_admin", city_org)
    rows = [institution_row()]
    run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx(rows))
    rows[0]["住所"] = "天津市河西区解放南路1号"
    result = run_import(actor=admin, spec=InstitutionSpec(), sheet=csv_sheet(rows, InstitutionSpec().headers))
    assert result.updated == 1
    event = AuditEvent.objects.get(action="institution.import_update")
    assert event.after == {"address": "天津市河西区解放南路1号"}
    assert event.before["address"].startswith("天津市河西区友谊路")


def test_branch_may_refer_to_a_head_office_in_the_same_file(make_user, city_org):
    admin = make_user("city_admin", city_org)
    head = institution_row()
    branch = institution_row(**{"机构类型": "律师事务所分所", "总所统一社会信用代码": head["统一社会信用代码"]})
    orphan = institution_row(**{"机构类型": "律师事务所分所"})
    with pytest.raises(ImportRejected) as exc:
        run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx([branch, head, orphan]))
    assert [p.row for p in exc.value.result.problems] == [4]
    run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx([branch, head]))
    assert Institution.objects.get(uscc=branch["统一社会信用代码"]).head_office.uscc == head["统一社会信用代码"]


def test_missing_header_is_refused(make_user, city_org):
    admin = make_user("city_admin", city_org)
    headers = [h for h in InstitutionSpec().headers if h != "执业许可证号"]
    with pytest.raises(ValidationFailed) as exc:
        run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx([institution_row()], headers))
    assert exc.value.problems[0].field == "执业许可证号" and exc.value.problems[0].row == 1


def test_district_admin_cannot_import_another_districts_records(make_user, district_org):
    admin = make_user("district_admin", district_org)  # 河西区
    rows = [institution_row(), institution_row(**{"所在区": "南开区"})]
    with pytest.raises(ImportRejected) as exc:
        run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx(rows))
    assert [(p.row, p.field) for p in exc.value.result.problems] == [(3, "所在区")]


def test_read_only_roles_cannot_import(make_user, city_org):
    with pytest.raises(PermissionDenied):
        run_import(actor=make_user("leader", city_org), spec=InstitutionSpec(), sheet=xlsx([institution_row()]))


def test_export_masks_personal_data_and_reimports_unchanged(make_user, city_org):
    admin = make_user("city_admin", city_org)
    inst = institution_row()
    run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx([inst]))
    prow = practitioner_row(inst["统一社会信用代码"], **{"身份证号": "120103198001011237", "手机号码": "13812345678"})
    spec = PractitionerSpec()
    run_import(actor=admin, spec=spec, sheet=xlsx([prow], spec.headers))
    exported = list(spec.export_rows(Practitioner.objects.all()))
    assert exported[0][spec.headers.index("身份证号")] == "1201**********1237"
    assert exported[0][spec.headers.index("手机号码")] == "138****5678"
    again = run_import(actor=admin, spec=spec, sheet=xlsx([dict(zip(spec.headers, exported[0]))], spec.headers))
    assert again.unchanged == 1
    assert Practitioner.objects.get().phone == "13812345678"


def test_practitioner_kind_must_fit_the_institution(make_user, city_org):
    admin = make_user("city_admin", city_org)
    inst = institution_row()
    run_import(actor=admin, spec=InstitutionSpec(), sheet=xlsx([inst]))
    spec = PractitionerSpec()
    with pytest.raises(ImportRejected) as exc:
        run_import(actor=admin, spec=spec, sheet=xlsx([practitioner_row(inst["统一社会信用代码"], **{"类别": "公证员"})],
                                                      spec.headers))
    assert "公证员不能在律师事务所执业" in exc.value.result.problems[0].reason
