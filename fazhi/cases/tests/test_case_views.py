"""The case pages: list (filters, warnings, export), 案源登记 (with an inspection hand-over), the case page
(masking, timeline, one form per available step), steps through ``cases:advance`` with every refusal
shown, officers, basis, evidence upload and download, scope, and the navigation entries."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.cases import step_forms
from fazhi.cases.models import Case, CaseOfficer
from fazhi.cases.tests import deadline_factories as df
from fazhi.cases.tests import factories as cf
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.inspections.models import FollowUp
from fazhi.inspections.tests import task_factories as tf
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def s(admin, make_user, district_org):
    """A case of 河西区 against a natural person, with two officers and a basis article."""
    return cf.setup_case(admin, make_user, district_org, party="person")


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _as(client, user):
    client.force_login(user)
    return client


def _advance(client, case, action, on, **data):
    return client.post(reverse("cases:advance", args=[case.pk]), {"action": action, "on": on, **data})


# ---------------------------------------------------------------- list and export

def test_urls():
    assert reverse("cases:list") == "/cases/" and reverse("cases:register") == "/cases/register/"
    assert reverse("cases:detail", args=[3]) == "/cases/3/" and reverse("cases:advance", args=[3]) == "/cases/3/advance/"
    assert reverse("cases:evidence_download", args=[3, 4]) == "/cases/3/evidence/4/"


def test_anonymous_users_are_sent_to_log_in(client, s):
    for url in (reverse("cases:list"), reverse("cases:detail", args=[s.case.pk]), reverse("cases:register")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_shows_the_users_district_filters_and_warnings(client, s, make_user):
    nankai = df.make_case("津南开罚〔2024〕9号", district="120104", filed_on=D(2024, 8, 1))
    late = df.make_case("津西罚〔2024〕9号", district="120103", filed_on=D(2024, 8, 1))  # 90 days long gone: red
    page = _text(_as(client, s.handler).get(reverse("cases:list")))
    assert s.case.number in page and late.number in page and nankai.number not in page
    assert re.search(r"津西罚〔2024〕9号.*?红牌 1", page)
    assert "登记案源" in page and "办案期限预警" not in page
    page = _text(client.get(reverse("cases:list"), {"warning": "red"}))
    assert late.number in page and s.case.number not in page
    page = _text(client.get(reverse("cases:list"), {"mine": "1"}))
    assert s.case.number in page and late.number not in page
    page = _text(client.get(reverse("cases:list"), {"status": "investigating", "case_type": "ordinary"}))
    assert late.number in page and s.case.number not in page
    page = _text(client.get(reverse("cases:list"), {"q": "王小明"}))
    assert "符合条件的 <strong>1</strong> 条" in page and s.case.number in page


def test_export_has_exactly_the_listed_rows(client, s):
    late = df.make_case("津西罚〔2024〕9号", district="120103", filed_on=D(2024, 8, 1))
    response = _as(client, s.approver).get(reverse("cases:export"), {"warning": "red", "format": "xlsx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("案件编号", "程序", "状态") and [r[0] for r in rows[1:]] == [late.number]
    assert rows[1][-1] == "红牌 1"


# ---------------------------------------------------------------- 案源登记

def test_register_a_source_through_the_form(client, s):
    client = _as(client, s.handler)
    assert "案件来源" in _text(client.get(reverse("cases:register")))
    data = {"case_type": "ordinary", "source_kind": "complaint", "received_on": "2024-08-19", "party_name": "李四",
            "party_id_number": cf.id_number("12010319800101001"), "party_phone": "13900001111",
            "party_address": "天津市河西区友谊路1号", "field": "lawyer", "violation_summary": "冒充律师代理诉讼",
            "violation_date": "2024-07-01"}
    response = client.post(reverse("cases:register"), data)
    case = Case.objects.get(party_name="李四")
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.status == "source" and case.unit == s.case.unit


def test_registration_refusals_are_listed_beside_their_inputs(client, s):
    response = _as(client, s.handler).post(reverse("cases:register"), {
        "case_type": "ordinary", "source_kind": "complaint", "received_on": "2024-08-19", "party_name": "李四",
        "party_id_number": "120103198001010010", "party_address": "", "field": "lawyer", "violation_summary": "",
        "violation_date": "2024-07-01"})
    page = _text(response)
    assert response.status_code == 400 and "未保存任何内容" in page
    assert 'id="reg-violation_summary-error">不能为空' in page and 'id="reg-party_id_number-error">居民身份证号码' in page
    assert not Case.objects.filter(party_name="李四").exists()


def test_a_leader_may_not_register(client, s):
    assert _as(client, s.approver).get(reverse("cases:register")).status_code == 403


def test_an_inspection_hand_over_prefills_the_form(client, admin, make_user, district_org, s):
    setup = tf.task(admin=admin, make_user=make_user, org=district_org)
    FollowUp.objects.create(task=setup.task, kind="case", note="检查发现未按规定公示收费标准,移送立案查处")
    client = _as(client, s.handler)
    page = _text(client.get(reverse("cases:register"), {"task": setup.task.pk}))
    assert setup.task.institution.uscc in page and "检查发现未按规定公示收费标准" in page
    assert f'name="source_task" value="{setup.task.pk}"' in page
    response = client.post(reverse("cases:register") + f"?task={setup.task.pk}", {
        "source_task": setup.task.pk, "case_type": "ordinary", "source_kind": "inspection", "received_on": "2024-08-19",
        "institution_uscc": setup.task.institution.uscc, "violation_summary": "未按规定公示收费标准",
        "violation_date": "2024-06-03"})
    assert response.status_code == 302
    assert Case.objects.get(source_task=setup.task).institution == setup.task.institution


# ---------------------------------------------------------------- the case page

def test_the_case_page_masks_the_person_and_shows_the_register_step(client, s):
    page = _text(_as(client, s.handler).get(reverse("cases:detail", args=[s.case.pk])))
    assert s.case.number in page and 'id="case-status"' in page and "案源登记" in page
    assert s.case.party_id_number not in page and mask_id_number(s.case.party_id_number) in page
    assert s.case.party_phone not in page and mask_phone(s.case.party_phone) in page
    assert s.case.party_address not in page
    assert "9. 案件来源登记表" in page and "行政处罚法第五十四条" in page
    assert s.lead.name in page and s.assistant.name in page and "第五十一条" in page
    assert "没有可办理的环节" in page  # 立案 is the leader's


def test_each_available_step_has_its_form(client, s):
    page = _text(_as(client, s.approver).get(reverse("cases:detail", args=[s.case.pk])))
    for action in ("file", "not_file", "transfer", "recuse"):
        assert f'id="act-{action}"' in page
    assert 'id="file-opinion"' in page and 'id="transfer-transferred_to"' in page and "10. 立案审批表" in page
    assert f'<option value="{s.lead.pk}">{s.lead.name}</option>' in page  # recusal names an active officer


def test_another_districts_case_does_not_exist(client, s, make_user):
    other = make_user("city_admin", Organization.objects.get(code="120104-SFJ"))
    for name in ("detail", "officers", "basis"):
        assert _as(client, other).get(reverse(f"cases:{name}", args=[s.case.pk])).status_code == 404
    assert _advance(client, s.case, "file", "2024-08-20").status_code == 404


# ---------------------------------------------------------------- steps

def test_a_step_moves_the_case_and_is_shown(client, s):
    response = _advance(_as(client, s.approver), s.case, "file", "2024-08-20", opinion="同意立案")
    assert response.status_code == 302 and response["Location"].endswith("#timeline")
    s.refresh()
    assert s.case.status == "investigating" and s.case.filed_on == D(2024, 8, 20)
    page = _text(client.get(response["Location"]))
    assert "已办理“立案”,案件状态:调查取证" in page and "同意立案" in page and "10. 立案审批表" in page
    assert 'id="deadlines"' in page and "作出行政处罚决定" in page


def test_every_refusal_is_shown_with_its_article(client, admin, make_user, district_org):
    bare = cf.setup_case(admin, make_user, district_org, party="person")
    CaseOfficer.objects.filter(case=bare.case).update(active=False)
    response = _advance(_as(client, bare.approver), bare.case, "file", "2024-08-20")
    page = _text(response)
    assert response.status_code == 400 and "未保存任何内容" in page and "第四十二条" in page
    assert 'href="#act-file"' in page and 'id="act-file" open' in page
    bare.refresh()
    assert bare.case.status == "source"


def test_a_step_not_allowed_now_is_409_with_the_reason(client, s):
    response = _advance(_as(client, s.approver), s.case, "decide", "2024-08-20", **{"penalties-type-0": "warning"})
    assert response.status_code == 409 and "不能进行“作出行政处罚决定”" in _text(response)


def test_a_step_of_another_role_is_403(client, s):
    assert _advance(_as(client, s.handler), s.case, "file", "2024-08-20").status_code == 403
    s.refresh()
    assert s.case.status == "source"


def test_malformed_data_is_shown_beside_its_input(client, s):
    _advance(_as(client, s.approver), s.case, "file", "2024-08-20")
    client.force_login(s.handler)
    response = _advance(client, s.case, "record_inquiry", "2024-08-21", kind="questioning", summary="")
    assert response.status_code == 400
    assert 'id="record_inquiry-summary-error">不能为空' in _text(response)
    response = _advance(client, s.case, "record_inquiry", "2099-01-01", kind="questioning", summary="询问")
    assert response.status_code == 400 and "不能晚于今天" in _text(response)


def test_penalty_rows_are_parsed():
    post = {"penalties-type-0": "fine", "penalties-amount-0": "500", "penalties-type-1": "", "penalties-amount-1": "9",
            "penalties-type-2": "warning"}
    assert step_forms.parse("decide", post) == {"penalties": [{"type": "fine", "amount": "500"}, {"type": "warning"}],
                                                "deviation_reason": ""}
    assert step_forms.parse("record_statement", {"waived": "1"}) == {"waived": True, "content": "", "adopted": ""}


def test_every_action_of_the_procedure_has_a_form():
    from fazhi.cases import procedure

    actions = {a for p in procedure.load()[1].values() for a in p.steps}
    assert actions <= set(step_forms.ACTION_INPUTS)
    assert len(step_forms.DOCUMENTS) == 36


# ---------------------------------------------------------------- officers, basis, evidence

def test_assign_officers_through_the_page(client, admin, make_user, district_org, s):
    third = cf.officer(admin, make_user, district_org, login=False, name="赵三")
    client = _as(client, s.approver)
    url = reverse("cases:officers", args=[s.case.pk])
    page = _text(client.get(url))
    assert "赵三" in page and f'value="{s.lead.pk}" id="lead-{s.lead.pk}" aria-label="主办:{s.lead.name}" checked' in page
    response = client.post(url, {"lead": s.lead.pk, "assistants": [third.pk]})
    assert response.status_code == 302
    active = set(CaseOfficer.objects.filter(case=s.case, active=True).values_list("officer_id", flat=True))
    assert active == {s.lead.pk, third.pk}
    response = client.post(url, {"lead": s.lead.pk})
    assert response.status_code == 400 and "不得少于 2 人" in _text(response)
    assert _as(client, s.handler).get(url).status_code == 403


def test_choose_the_basis_from_the_law_library(client, admin, s):
    other = cf.basis_article(admin, "第五十二条")
    client = _as(client, s.handler)
    url = reverse("cases:basis", args=[s.case.pk])
    page = _text(client.get(url, {"q": "第五十二条"}))
    assert "《中华人民共和国行政处罚法》第五十二条" in page
    current = s.case.basis_articles.get()
    assert client.post(url, {"articles": [current.pk, other.pk]}).status_code == 302
    assert set(s.case.basis_articles.values_list("pk", flat=True)) == {current.pk, other.pk}
    response = client.post(url, {})
    assert response.status_code == 400 and "请至少选择一条" in _text(response)


def test_upload_and_download_evidence(client, s, make_user):
    client = _as(client, s.handler)
    content = b"inquiry record"
    upload = SimpleUploadedFile("询问笔录.pdf", content, content_type="application/pdf")
    response = client.post(reverse("cases:evidence", args=[s.case.pk]), {"kind": "documentary", "file": upload})
    assert response.status_code == 302
    evidence = s.case.evidence.get()
    page = _text(client.get(reverse("cases:detail", args=[s.case.pk])))
    assert hashlib.sha256(content).hexdigest() in page and "询问笔录.pdf" in page and "书证" in page
    url = reverse("cases:evidence_download", args=[s.case.pk, evidence.pk])
    assert b"".join(client.get(url).streaming_content) == content
    assert client.get(reverse("cases:evidence_download", args=[s.case.pk, evidence.pk + 1])).status_code == 404
    other = make_user("officer", Organization.objects.get(code="120104-SFJ"))
    assert _as(client, other).get(url).status_code == 404
    client.force_login(s.handler)
    response = client.post(reverse("cases:evidence", args=[s.case.pk]), {"kind": "rumour"})
    assert response.status_code == 400 and "证据种类" in _text(response) and "请选择要上传的文件" in _text(response)


# ---------------------------------------------------------------- navigation

def test_navigation_entries(client, s):
    officer_nav = _as(client, s.handler).get("/").context["nav_items"]
    assert ("cases:list", "案件办理") in officer_nav and ("cases:supervision", "执法监督") not in officer_nav
    leader_nav = _as(client, s.approver).get("/").context["nav_items"]
    assert ("cases:supervision", "执法监督") in leader_nav
