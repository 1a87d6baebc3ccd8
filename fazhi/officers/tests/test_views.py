"""The 执法人员 pages: list with the credential filter and badges, detail, forms, status, history,
import and export."""

import csv
import datetime as dt
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.officers import services
from fazhi.officers.models import Officer

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
_serial = itertools.count(1)


def officer_data(**overrides) -> dict[str, str]:
    today = timezone.localdate()
    n = next(_serial)
    data = {
        "credential_no": f"1201032024{n:04d}", "name": f"执法员{n}", "unit_id": "天津市河西区司法局",
        "valid_from": (today - dt.timedelta(days=365)).isoformat(),
        "valid_to": (today + dt.timedelta(days=700)).isoformat(),
        "fields": "律师、公证", "has_legal_qualification": "是", "phone": "", "status": "在岗",
    }
    data.update(overrides)
    return data


@pytest.fixture
def client_admin(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def officers(admin):
    today = timezone.localdate()
    return {
        "valid": services.officer_create(actor=admin, data=officer_data(name="赵有效", phone=PHONE)),
        "expiring": services.officer_create(actor=admin, data=officer_data(
            name="钱将到", valid_to=(today + dt.timedelta(days=10)).isoformat(), fields="司法鉴定")),
        "expired": services.officer_create(actor=admin, data=officer_data(
            name="孙过期", valid_to=(today - dt.timedelta(days=1)).isoformat(), unit_id="天津市南开区司法局")),
    }


def test_list_filters_and_credential_badges(client_admin, officers):
    url = reverse("officers:list")
    page = client_admin.get(url).content.decode()
    assert all(name in page for name in ("赵有效", "钱将到", "孙过期"))
    assert '<span class="badge badge-warn">即将到期</span>' in page
    assert '<span class="badge badge-danger">已过期</span>' in page
    assert '<option value="expiring">即将到期</option>' in page

    page = client_admin.get(url, {"credential": "expiring"}).content.decode()
    assert "钱将到" in page and "赵有效" not in page and "孙过期" not in page
    page = client_admin.get(url, {"credential": "expired"}).content.decode()
    assert "孙过期" in page and "钱将到" not in page
    page = client_admin.get(url, {"unit": "120104-SFJ"}).content.decode()
    assert "孙过期" in page and "赵有效" not in page
    page = client_admin.get(url, {"field": "appraisal"}).content.decode()
    assert "钱将到" in page and "赵有效" not in page
    page = client_admin.get(url, {"q": "赵有"}).content.decode()
    assert "赵有效" in page and "钱将到" not in page and "符合条件的 <strong>1</strong> 条" in page


def test_detail_shows_credential_state_and_masks_the_phone(client_admin, officers):
    page = client_admin.get(reverse("officers:detail", args=[officers["valid"].pk])).content.decode()
    assert "赵有效" in page and "律师、公证" in page and "139****5678" in page and PHONE not in page
    assert 'id="credential-state">有效</span>' in page
    page = client_admin.get(reverse("officers:detail", args=[officers["expired"].pk])).content.decode()
    assert "已过期" in page and "不得从事执法活动" in page


def test_edit_with_errors_rerenders_and_saves_nothing(client_admin, officers):
    obj = officers["valid"]
    url = reverse("officers:edit", args=[obj.pk])
    page = client_admin.get(url).content.decode()
    assert 'value="139****5678"' in page  # the form shows the masked phone too
    assert 'type="checkbox" name="fields" value="律师"' in page
    data = officer_data(credential_no=obj.credential_no, name="改名", phone="139****5678",
                        valid_from="2025-01-01", valid_to="2024-01-01")
    data["fields"] = []
    response = client_admin.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "不能为空" in page and 'id="f-fields-error"' in page
    obj.refresh_from_db()
    assert obj.name == "赵有效"

    data["fields"] = ["律师", "仲裁"]
    response = client_admin.post(url, data)
    assert response.status_code == 400 and "不能早于有效期起" in response.content.decode()

    data.update(valid_from="2024-01-01", valid_to="2030-01-01")
    response = client_admin.post(url, data)
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.name == "改名" and obj.fields == ["lawyer", "arbitration"] and obj.phone == PHONE


def test_status_change_without_reason_is_refused_and_history_shows_it(client_admin, officers):
    obj = officers["valid"]
    url = reverse("officers:status", args=[obj.pk])
    response = client_admin.post(url, {"status": "left", "reason": ""})
    assert response.status_code == 400 and "变更状态必须填写理由" in response.content.decode()
    assert Officer.objects.get(pk=obj.pk).status == "active"
    assert client_admin.post(url, {"status": "left", "reason": "调离执法岗位"}).status_code == 302
    page = client_admin.get(reverse("officers:history", args=[obj.pk])).content.decode()
    assert "调离执法岗位" in page and "在岗" in page and "离岗" in page and PHONE not in page


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_masks_phones(client_admin, officers, fmt):
    response = client_admin.get(reverse("officers:export"), {"format": fmt, "q": "赵有效"})
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        import openpyxl

        rows = [list(r) for r in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(
            values_only=True)]
    assert len(rows) == 2
    assert rows[1][rows[0].index("手机号码")] == "139****5678"


def test_import_bad_file_lists_every_bad_row(client_admin):
    header = "执法证号,姓名,所在单位,执法证有效期起,执法证有效期止,可检查领域,具有法律职业资格,手机号码,状态\n"
    body = ("12010300000001,甲,天津市河西区司法局,2024-01-01,2027-01-01,律师,是,,在岗\n"
            "12010300000002,乙,不存在的单位,2024-01-01,2027-01-01,律师,是,,在岗\n"
            "12010300000003,丙,天津市河西区司法局,2024-01-01,2027-01-01,法官,也许,,在岗\n")
    upload = SimpleUploadedFile("人员.csv", (header + body).encode("utf-8-sig"))
    response = client_admin.post(reverse("officers:import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400 and "未导入任何数据" in page
    assert "找不到单位“不存在的单位”" in page and "未知的领域“法官”" in page and "“也许”应为“是”或“否”" in page
    assert Officer.objects.count() == 0


def test_another_districts_officer_is_404_and_officer_role_gets_403(client, make_user, district_org, officers):
    client.force_login(make_user("district_admin", district_org))
    assert client.get(reverse("officers:detail", args=[officers["expired"].pk])).status_code == 404
    assert client.get(reverse("officers:edit", args=[officers["expired"].pk])).status_code == 404
    assert "孙过期" not in client.get(reverse("officers:list")).content.decode()

    client.force_login(make_user("officer", district_org))
    assert client.get(reverse("officers:detail", args=[officers["valid"].pk])).status_code == 200
    assert client.get(reverse("officers:edit", args=[officers["valid"].pk])).status_code == 403
    assert client.get(reverse("officers:status", args=[officers["valid"].pk])).status_code == 403
    assert client.get(reverse("officers:create")).status_code == 403


def test_link_a_login_to_an_officer(client, admin, make_user, district_org):
    from fazhi.core.audit import history_for
    from fazhi.officers.models import Officer
    from fazhi.officers.services import officer_create

    officer = officer_create(actor=admin, data={"credential_no": "12010320249999", "name": "林执法",
                                                "unit_id": "天津市河西区司法局", "valid_from": "2024-01-01",
                                                "valid_to": "2028-12-31", "fields": "律师"})
    login = make_user("officer", district_org, username="lin_zf")
    other_unit = make_user("officer", admin.organization, username="city_x")
    client.force_login(admin)
    url = reverse("officers:link_user", args=[officer.pk])
    client.post(url, {"username": "city_x"})  # another unit's account: refused
    assert Officer.objects.get(pk=officer.pk).user_id is None
    client.post(url, {"username": "lin_zf"})
    assert Officer.objects.get(pk=officer.pk).user_id == login.pk
    assert history_for(officer).first().action == "officer.link_user"
    assert "lin_zf" in client.get(reverse("officers:detail", args=[officer.pk])).content.decode()
    client.force_login(make_user("officer", district_org))
    assert client.post(url, {"username": ""}).status_code == 403
    assert other_unit.pk
