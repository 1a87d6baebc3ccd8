"""The 抽查事项清单 and 检查任务 pages: login, scope, each action through its form, the evidence download,
and the task page in a real browser."""

import datetime as dt
import hashlib
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.inspections.models import InspectionItem, InspectionTask, ItemList
from fazhi.inspections.services import items as item_services
from fazhi.inspections.tests import task_factories as tf
from fazhi.inspections.workflow import TaskStatus
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(make_user, district_org):
    return make_user("legal_reviewer", district_org)


@pytest.fixture
def setup(admin, make_user, district_org):
    return tf.task(admin=admin, make_user=make_user, org=district_org)


def _as(client, user):
    client.force_login(user)
    return client


def _url(name, *args):
    return reverse(f"inspections:{name}", args=args)


# ---------------------------------------------------------------- 抽查事项清单

def test_item_pages(client, admin, make_user, district_org):
    item_services.item_lists_load_default()
    response = _as(client, make_user("officer", district_org)).get(_url("items"))
    page = response.content.decode()
    assert response.status_code == 200 and "司法鉴定领域“双随机、一公开”抽查事项清单(第 1 版)" in page
    assert "新建版本<span" not in page  # read-only for officers (and for district staff)
    lst = ItemList.objects.get(field="notary")
    page = client.get(_url("item_list_detail", lst.pk)).content.decode()
    assert "GZ-01-05" in page and "100%" in page and "市司法局" in page and "发布本版本" not in page

    _as(client, admin)
    assert "新建版本<span" in client.get(_url("items")).content.decode()
    response = client.post(_url("item_list_new_version"), {"field": "notary"})
    draft = ItemList.objects.get(field="notary", version=2)
    assert response.status_code == 302 and response["Location"] == _url("item_list_detail", draft.pk)
    item = draft.items.get()
    response = client.get(_url("item_edit", item.pk))
    assert response.status_code == 200 and 'name="checklist"' in response.content.decode()
    data = {"name": item.name, "inspecting_body": "市司法局", "ratio": "200%", "frequency": "每年一次",
            "target_kinds": ["notary"], "methods": ["on_site"], "checklist": "GZ-01-01 一项"}
    response = client.post(_url("item_edit", item.pk), data)
    assert response.status_code == 400 and "应为大于 0、不超过 1 的小数" in response.content.decode()
    response = client.post(_url("item_edit", item.pk), {**data, "ratio": "0.5"})
    assert response.status_code == 302
    assert InspectionItem.objects.get(pk=item.pk).checklist == [{"code": "GZ-01-01", "text": "一项"}]
    assert client.post(_url("item_list_publish", draft.pk)).status_code == 302
    assert ItemList.objects.get(field="notary", version=1).status == "superseded"
    response = client.post(_url("item_edit", item.pk), {**data, "ratio": "0.6"})
    assert response.status_code == 409  # published: immutable


# ---------------------------------------------------------------- the task list and page

def test_pages_need_a_login(client, setup):
    for url in (_url("tasks"), _url("task_detail", setup.task.pk), _url("stats"), _url("items")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_mine_and_another_district_is_404(client, setup, admin, make_user):
    nankai = Organization.objects.get(code="120104-SFJ")
    other = tf.task(admin=admin, make_user=make_user, org=nankai, **{"所在区": "南开区"})
    _as(client, setup.leader_user)
    page = client.get(_url("tasks")).content.decode()
    assert setup.task.institution.name in page and other.task.institution.name not in page
    assert setup.task.institution.name in client.get(_url("tasks"), {"mine": "1"}).content.decode()
    assert client.get(_url("task_detail", other.task.pk)).status_code == 404
    assert client.post(_url("task_notify", other.task.pk), {"notified_on": "2024-09-20"}).status_code == 404
    _as(client, setup.alternate.user)
    assert setup.task.institution.name not in client.get(_url("tasks"), {"mine": "1"}).content.decode()


def test_the_team_works_through_the_forms(client, setup, reviewer, make_user, district_org):
    task = setup.task
    detail = _url("task_detail", task.pk)
    _as(client, setup.leader_user)
    page = client.get(detail).content.decode()
    assert "组长" in page and setup.member.name in page and "备选" in page and "送达并编号" in page
    response = client.post(_url("task_notify", task.pk), {"notified_on": "2024-09-20"})
    assert response.status_code == 302 and response["Location"] == f"{detail}#notify"
    assert "津河西司检通〔2024〕1号" in client.get(detail).content.decode()

    _as(client, setup.alternate.user)
    assert client.post(_url("task_check_in", task.pk), {"inspected_on": "2024-09-25"}).status_code == 403
    _as(client, setup.leader_user)
    assert client.post(_url("task_check_in", task.pk), {"inspected_on": "2024-09-25"}).status_code == 302
    page = client.get(detail).content.decode()
    assert "2024年10月28日" in page and "已逾期未公示" in page  # frozen in 2024, overdue since

    codes = setup.codes
    form = {f"outcome-{codes[0]}": "pass", f"outcome-{codes[2]}": "correct", f"note-{codes[2]}": "档案缺页",
            "summary": "现场检查"}
    response = client.post(_url("task_results", task.pk), form)
    page = response.content.decode()
    assert response.status_code == 400 and f"{codes[1]} 收费标准在执业场所公示" in page and "未填写检查结果" in page
    assert 'value="档案缺页"' in page  # what was typed is kept
    response = client.post(_url("task_results", task.pk), {**form, f"outcome-{codes[1]}": "pass"})
    assert response.status_code == 302
    data = b"%PDF-1.4 inspection record"
    response = client.post(_url("task_evidence", task.pk), {"file": SimpleUploadedFile("现场检查笔录.pdf", data)})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert hashlib.sha256(data).hexdigest() in page and "责令整改" in page
    evidence = InspectionTask.objects.get(pk=task.pk).evidence.get()
    download = client.get(_url("evidence_download", evidence.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == data
    assert client.post(_url("task_submit", task.pk)).status_code == 302

    _as(client, make_user("officer", Organization.objects.get(code="120104-SFJ")))
    assert client.get(_url("evidence_download", evidence.pk)).status_code == 404

    _as(client, reviewer)
    assert "退回修改" in client.get(detail).content.decode()
    response = client.post(_url("task_return", task.pk), {"note": ""})
    assert response.status_code == 400 and "退回意见" in response.content.decode()
    assert client.post(_url("task_approve", task.pk), {"note": "同意"}).status_code == 302

    _as(client, setup.leader_user)
    response = client.post(_url("follow_up_create", task.pk), {"kind": "rectify", "deadline": "2099-12-31",
                                                               "note": "补齐档案"})
    assert response.status_code == 302
    follow_up = InspectionTask.objects.get(pk=task.pk).follow_ups.get()
    assert client.post(_url("follow_up_close", follow_up.pk), {"note": "复查合格"}).status_code == 302
    _as(client, make_user("district_admin", district_org))
    assert client.post(_url("task_publish", task.pk)).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.PUBLISHED.value and task.published_at is not None
    assert "逾期公示" in client.get(detail).content.decode()


def test_a_disallowed_action_is_409(client, setup):
    _as(client, setup.leader_user)
    assert client.post(_url("task_submit", setup.task.pk)).status_code == 409
    assert client.get(_url("task_submit", setup.task.pk)).status_code == 302  # GET: back to the page


# ---------------------------------------------------------------- in a browser

@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_browser_task_page(live_server, page, admin, make_user, district_org, reviewer, tmp_path):
    setup = tf.task(admin=admin, make_user=make_user, org=district_org, **{"名称": "天津市河西区明正司法鉴定所"})
    tf.advance(setup, TaskStatus.CHECKED_IN)
    user = setup.leader_user
    path = _url("task_detail", setup.task.pk)
    page.goto(live_server.url + path)
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(user.raw_password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + path)
    for code in setup.codes:
        page.get_by_role("group", name=code).get_by_label("合格").check()
    page.get_by_label("检查情况").fill("现场查看执业许可证、收费公示和档案,未发现问题。")
    page.get_by_role("button", name="保存检查结果").click()
    page.wait_for_url(f"**{path}#results")
    page.get_by_label("选择文件").set_input_files(files=[{"name": "现场照片.jpg", "mimeType": "image/jpeg",
                                                          "buffer": b"\xff\xd8\xff fake jpeg"}])
    page.get_by_role("button", name="上传证据材料").click()
    page.wait_for_url(f"**{path}#evidence")
    assert page.get_by_text(hashlib.sha256(b"\xff\xd8\xff fake jpeg").hexdigest()).is_visible()
    assert page.get_by_text("已逾期未公示").first.is_visible()
    shots = os.environ.get("FAZHI_SCREENSHOT_DIR") or str(tmp_path)
    page.screenshot(path=os.path.join(shots, "task-detail.png"), full_page=True)
    assert InspectionTask.objects.get(pk=setup.task.pk).conclusion == "pass"
    assert dt.date(2024, 10, 28) == InspectionTask.objects.get(pk=setup.task.pk).publish_due
