"""The 监管对象 and 执业人员 pages: list, search, filters, detail, forms, status, history, import, export."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from fazhi.core.audit import history_for
from fazhi.institutions import services
from fazhi.institutions.models import Institution, Practitioner
from fazhi.institutions.tests.factories import institution, institution_data, institution_row, practitioner_row
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db

ID_NUMBER = "120103199001011231"
PHONE = "13812345678"


@pytest.fixture
def client_admin(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def hexi_firm(admin):
    return institution(admin, **{"名称": "天津河西明德律师事务所"})


@pytest.fixture
def nankai_notary(admin):
    return institution(admin, **{"名称": "天津市南开公证处", "机构类型": "公证机构", "所在区": "南开区",
                                 "住所": "天津市南开区红旗路5号"})


@pytest.fixture
def lawyer(admin, hexi_firm):
    row = practitioner_row(hexi_firm.uscc, **{"姓名": "王小明", "身份证号": ID_NUMBER, "手机号码": PHONE})
    from fazhi.institutions.importers import PractitionerSpec

    data = {c.attr: row[c.header] for c in PractitionerSpec.columns}
    return services.practitioner_create(actor=admin, data=data)


def test_pages_need_a_login(client, hexi_firm):
    for url in (reverse("institutions:list"), reverse("institutions:detail", args=[hexi_firm.pk]),
                reverse("institutions:export"), reverse("institutions:practitioners")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_search_and_filters(client_admin, hexi_firm, nankai_notary):
    url = reverse("institutions:list")
    page = client_admin.get(url).content.decode()
    assert "天津河西明德律师事务所" in page and "天津市南开公证处" in page
    assert 'hx-push-url="true"' in page and 'name="q"' in page
    assert "共 <strong>2</strong> 条" in page
    assert "新增" in page and "导入" in page

    page = client_admin.get(url, {"q": "明德"}).content.decode()
    assert "天津河西明德律师事务所" in page and "天津市南开公证处" not in page
    page = client_admin.get(url, {"kind": "notary"}).content.decode()
    assert "天津市南开公证处" in page and "天津河西明德律师事务所" not in page
    page = client_admin.get(url, {"district": "120103"}).content.decode()
    assert "天津河西明德律师事务所" in page and "天津市南开公证处" not in page
    page = client_admin.get(url, {"field": "notary", "status": "normal", "risk_class": "medium"}).content.decode()
    assert "天津市南开公证处" in page and "符合条件的 <strong>1</strong> 条" in page
    assert '<option value="notary" selected>' in page


def test_htmx_request_gets_only_the_results(client_admin, hexi_firm, nankai_notary):
    response = client_admin.get(reverse("institutions:list"), {"q": "公证"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="results-table"' in body
    assert "天津市南开公证处" in body and "明德" not in body
    assert "HX-Request" in response["Vary"]
    # the export links in the fragment carry the current filters
    assert f'{reverse("institutions:export")}?q=%E5%85%AC%E8%AF%81&amp;format=xlsx' in body


def test_list_paginates_by_50(client_admin, admin):
    for _ in range(51):
        institution(admin)
    page = client_admin.get(reverse("institutions:list")).content.decode()
    assert "共 <strong>51</strong> 条,第 1 / 2 页" in page and "下一页" in page
    page = client_admin.get(reverse("institutions:list"), {"page": 2}).content.decode()
    assert page.count('href="/institutions/') - page.count('href="/institutions/practitioners') >= 1


def test_detail_lists_fields_practitioners_and_masks_personal_data(client_admin, hexi_firm, lawyer):
    page = client_admin.get(reverse("institutions:detail", args=[hexi_firm.pk])).content.decode()
    for text in (hexi_firm.uscc, hexi_firm.licence_no, "河西区", "律师事务所", "一般风险", "王小明", "历史记录"):
        assert text in page
    assert f'?institution={hexi_firm.pk}' in page

    page = client_admin.get(reverse("institutions:practitioner_detail", args=[lawyer.pk])).content.decode()
    assert "王小明" in page and "138****5678" in page and "1201**********1231" in page
    assert PHONE not in page and ID_NUMBER not in page


def test_practitioner_list_filtered_by_institution(client_admin, admin, hexi_firm, nankai_notary, lawyer):
    row = practitioner_row(nankai_notary.uscc, **{"姓名": "赵公证", "类别": "公证员"})
    from fazhi.institutions.importers import PractitionerSpec

    services.practitioner_create(actor=admin, data={c.attr: row[c.header] for c in PractitionerSpec.columns})
    url = reverse("institutions:practitioners")
    page = client_admin.get(url).content.decode()
    assert "王小明" in page and "赵公证" in page
    page = client_admin.get(url, {"institution": hexi_firm.pk}).content.decode()
    assert "王小明" in page and "赵公证" not in page and 'name="institution"' in page
    page = client_admin.get(url, {"kind": "notary"}).content.decode()
    assert "赵公证" in page and "王小明" not in page
    page = client_admin.get(url, {"district": "120104"}).content.decode()
    assert "赵公证" in page and "王小明" not in page


def test_create_form_is_generated_from_the_spec(client_admin):
    page = client_admin.get(reverse("institutions:create")).content.decode()
    assert '<label for="f-uscc" class="required">统一社会信用代码</label>' in page
    assert '<select id="f-kind" name="kind"' in page and '<option value="律师事务所">律师事务所</option>' in page
    assert 'type="date" id="f-established_on"' in page
    assert '<option value="河西区">河西区</option>' in page

    response = client_admin.post(reverse("institutions:create"), institution_data(**{"名称": "天津新开律师事务所"}))
    obj = Institution.objects.get(name="天津新开律师事务所")
    assert response.status_code == 302 and response["Location"] == reverse("institutions:detail", args=[obj.pk])


def test_edit_with_errors_rerenders_with_reasons_and_saves_nothing(client_admin, hexi_firm):
    url = reverse("institutions:edit", args=[hexi_firm.pk])
    page = client_admin.get(url).content.decode()
    assert f'value="{hexi_firm.uscc}"' in page and 'name="status"' not in page
    data = {**institution_data(), "uscc": hexi_firm.uscc, "name": "改过的名称", "phone": "12345",
            "established_on": "2020-13-01"}
    response = client_admin.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "未保存任何内容" in page
    assert "“12345”应为 11 位手机号码或带区号的固定电话" in page
    assert "“2020-13-01”不是有效日期" in page
    assert 'aria-describedby="f-phone-error"' in page and 'id="f-phone-error"' in page
    assert 'value="改过的名称"' in page  # what was typed is kept
    hexi_firm.refresh_from_db()
    assert hexi_firm.name == "天津河西明德律师事务所"


def test_edit_saves_and_history_shows_before_and_after(client_admin, hexi_firm):
    url = reverse("institutions:edit", args=[hexi_firm.pk])
    data = {c: v for c, v in institution_data().items()}
    data.update(uscc=hexi_firm.uscc, name=hexi_firm.name, licence_no=hexi_firm.licence_no,
                address="天津市河西区围堤道8号", _reason="住所搬迁")
    response = client_admin.post(url, data)
    assert response.status_code == 302
    hexi_firm.refresh_from_db()
    assert hexi_firm.address == "天津市河西区围堤道8号"
    page = client_admin.get(reverse("institutions:history", args=[hexi_firm.pk])).content.decode()
    assert "修改" in page and "住所搬迁" in page and "新增" in page
    assert "天津市河西区友谊路" in page and "天津市河西区围堤道8号" in page
    assert "<th scope=\"row\">住所</th>" in page


def test_status_change_requires_a_reason(client_admin, hexi_firm):
    url = reverse("institutions:status", args=[hexi_firm.pk])
    response = client_admin.post(url, {"status": "suspended", "reason": "  "})
    assert response.status_code == 400 and "变更状态必须填写理由" in response.content.decode()
    hexi_firm.refresh_from_db()
    assert hexi_firm.status == "normal"

    response = client_admin.post(url, {"status": "suspended", "reason": "津司罚决字〔2024〕3号"})
    assert response.status_code == 302
    hexi_firm.refresh_from_db()
    assert hexi_firm.status == "suspended"
    page = client_admin.get(reverse("institutions:history", args=[hexi_firm.pk])).content.decode()
    assert "变更状态" in page and "津司罚决字〔2024〕3号" in page and "停业整顿" in page


def test_history_masks_personal_data(client_admin, lawyer):
    page = client_admin.get(reverse("institutions:practitioner_history", args=[lawyer.pk])).content.decode()
    assert "138****5678" in page and PHONE not in page and ID_NUMBER not in page


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_has_exactly_the_filtered_rows_with_phones_masked(client_admin, hexi_firm, nankai_notary, lawyer, fmt):
    response = client_admin.get(reverse("institutions:export"), {"kind": "notary", "format": fmt})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = _rows(response.content, fmt)
    assert rows[0][:2] == ["统一社会信用代码", "名称"] and len(rows) == 2 and rows[1][1] == "天津市南开公证处"

    response = client_admin.get(reverse("institutions:practitioner_export"), {"format": fmt})
    rows = _rows(response.content, fmt)
    header, row = rows[0], rows[1]
    assert row[header.index("手机号码")] == "138****5678"
    assert row[header.index("身份证号")] == "1201**********1231"
    assert PHONE.encode() not in response.content if fmt == "csv" else True


def _rows(content: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]


def _csv_upload(rows: list[dict], name="机构.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def test_import_with_bad_rows_lists_every_problem_and_saves_nothing(client_admin):
    rows = [institution_row(), institution_row(**{"所在区": "海淀区"}), institution_row(),
            institution_row(**{"成立日期": "去年", "办公电话": "abc"})]
    response = client_admin.post(reverse("institutions:import"), {"file": _csv_upload(rows), "kind": "institutions"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "未导入任何数据" in page and "共 3 处" in page
    assert "找不到行政区“海淀区”" in page and "“去年”不是日期" in page and "“abc”" in page
    assert '<td class="num">3</td><td>所在区</td>' in page and '<td class="num">5</td><td>成立日期</td>' in page
    assert Institution.objects.count() == 0


def test_partial_import_saves_good_rows_and_offers_the_rejects(client_admin):
    rows = [institution_row(), institution_row(**{"所在区": "海淀区"})]
    url = reverse("institutions:import")
    response = client_admin.post(url, {"file": _csv_upload(rows), "partial": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "新增 1 条" in page and "下载未导入的行" in page
    assert Institution.objects.count() == 1
    rejects = client_admin.get(url, {"download": "rejects"})
    sheet = _rows(rejects.content, "xlsx")
    assert sheet[0][-2:] == ["原行号", "错误原因"] and "海淀区" in sheet[1][-1]


def test_exported_xlsx_reimports_unchanged(client_admin, hexi_firm, lawyer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exported = client_admin.get(reverse("institutions:practitioner_export"), {"format": "xlsx"}).content
    response = client_admin.post(reverse("institutions:practitioner_import"),
                                 {"file": SimpleUploadedFile("执业人员.xlsx", exported)})
    page = response.content.decode()
    assert response.status_code == 200 and "新增 0 条,更新 0 条,未变化 1 条" in page
    lawyer.refresh_from_db()
    assert lawyer.phone == PHONE and lawyer.id_number == ID_NUMBER  # masked cells keep the stored values


def test_import_template_has_the_headers(client_admin):
    response = client_admin.get(reverse("institutions:import"), {"download": "template"})
    from fazhi.institutions.importers import InstitutionSpec

    assert _rows(response.content, "xlsx") == [InstitutionSpec().headers]


def test_another_districts_record_is_404_and_read_only_roles_get_403(client, make_user, district_org, hexi_firm,
                                                                      nankai_notary):
    hexi_admin = make_user("district_admin", district_org)
    client.force_login(hexi_admin)
    assert client.get(reverse("institutions:detail", args=[nankai_notary.pk])).status_code == 404
    assert client.get(reverse("institutions:edit", args=[nankai_notary.pk])).status_code == 404
    assert client.get(reverse("institutions:history", args=[nankai_notary.pk])).status_code == 404
    page = client.get(reverse("institutions:list")).content.decode()
    assert "明德" in page and "南开公证处" not in page
    assert client.get(reverse("institutions:edit", args=[hexi_firm.pk])).status_code == 200

    officer = make_user("officer", district_org)
    client.force_login(officer)
    detail = client.get(reverse("institutions:detail", args=[hexi_firm.pk])).content.decode()
    assert "变更状态" not in detail and reverse("institutions:edit", args=[hexi_firm.pk]) not in detail
    assert "新增" not in client.get(reverse("institutions:list")).content.decode()
    assert client.get(reverse("institutions:edit", args=[hexi_firm.pk])).status_code == 403
    response = client.post(reverse("institutions:status", args=[hexi_firm.pk]), {"status": "revoked", "reason": "x"})
    assert response.status_code == 403
    assert client.get(reverse("institutions:create")).status_code == 403
    assert client.get(reverse("institutions:import")).status_code == 403
    hexi_firm.refresh_from_db()
    assert hexi_firm.status == "normal" and not Practitioner.objects.exists()
    assert history_for(hexi_firm).count() == 1
    Organization.objects.get(code="120104-SFJ")  # the other district exists; its record just is not ours
