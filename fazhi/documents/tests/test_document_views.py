"""The 执法文书 pages through the test client: the case page's document list, draft → edit → issue →
download (PDF and DOCX) → void, every refusal shown in the page with its field (nothing saved), the
capability (403) and district (404) checks, the bound case file (卷宗), and the task page's list."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from fazhi.cases.tests import factories as cf
from fazhi.documents.models import Document, DocumentStatus
from fazhi.documents.views.documents import part_label
from fazhi.inspections.tests import task_factories as tf
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db
DECISION = 27  # 行政处罚决定书
FILING = 10  # 立案审批表
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def s(admin, make_user, district_org):
    """An ordinary case of 河西区 against an institution, walked through the decision (not yet served)."""
    setup = cf.setup_case(admin, make_user, district_org, major_or_complex=True)
    setup.others["chair"] = cf.officer(admin, make_user, district_org, login=False, name="听证主持人")
    cf.walk(setup, until="serve")
    setup.refresh()
    return setup


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _as(client, user):
    client.force_login(user)
    return client


def _step(s, action: str):
    return s.case.steps.get(action=action)


def _draft(client, s, type_no: int, action: str):
    response = client.post(reverse("documents:draft"),
                           {"case": s.case.pk, "type_no": type_no, "step": _step(s, action).pk})
    assert response.status_code == 302, _text(response)
    document = Document.objects.get(case=s.case, type_no=type_no)
    assert response["Location"] == reverse("documents:detail", args=[document.pk])
    return document


def _issue(client, document, on: str = ""):
    response = client.post(reverse("documents:issue", args=[document.pk]), {"on": on})
    assert response.status_code == 302, _text(response)
    document.refresh_from_db()
    return document


def _pdf_text(data: bytes) -> str:
    return _squeeze("".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


# ---------------------------------------------------------------- pure

def test_urls():
    assert reverse("documents:draft") == "/documents/draft/"
    assert reverse("documents:detail", args=[5]) == "/documents/5/"
    assert reverse("documents:issue", args=[5]) == "/documents/5/issue/"
    assert reverse("documents:pdf", args=[5]) == "/documents/5/pdf/"
    assert reverse("documents:docx", args=[5]) == "/documents/5/docx/"
    assert reverse("documents:case_file", args=[7]) == "/documents/case/7/file.pdf"


def test_part_labels():
    assert part_label("facts") == "违法事实" and part_label("reasons", "二、理由") == "理由及依据"
    assert part_label("unheard", "三、陈述申辩情况:") == "陈述申辩情况" and part_label("unheard") == "unheard"


def test_anonymous_users_are_sent_to_log_in(client, s):
    for url in (reverse("documents:detail", args=[1]), reverse("documents:case_file", args=[s.case.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---------------------------------------------------------------- the case page

def test_the_case_page_lists_the_documents_of_its_steps(client, s):
    page = _text(_as(client, s.handler).get(reverse("cases:detail", args=[s.case.pk])))
    assert 'id="h-documents">执法文书</h2>' in page
    decide = _step(s, "decide")
    row = re.search(r'<td class="num" data-label="序号">27</td>(.*?)</tr>', page).group(1)
    assert "行政处罚决定书" in row and decide.label in row and "2024-09-25" in row and "未制作" in row
    assert f'name="step" value="{decide.pk}"' in row and "制作<span" in row
    assert "下载卷宗 PDF" in page and reverse("documents:case_file", args=[s.case.pk]) in page
    # the step list names the documents from the one catalogue
    assert "27. 行政处罚决定书" in page and "10. 立案审批表" in page
    # a leader (no case.handle) is not offered the 制作 button
    page = _text(_as(client, s.approver).get(reverse("cases:detail", args=[s.case.pk])))
    assert 'id="h-documents"' in page and "制作<span" not in page


def test_draft_edit_issue_and_download(client, s):
    document = _draft(_as(client, s.handler), s, DECISION, "decide")
    assert document.status == DocumentStatus.DRAFT and document.step == _step(s, "decide")
    url = reverse("documents:detail", args=[document.pk])
    page = _text(client.get(url))
    assert "草稿" in page and s.case.party_name in page and s.case.number in page
    for label in ("违法事实", "证据", "理由及依据"):
        assert f">{label}</label>" in page or f">{label} <span" in page
    assert '<h3 class="doc-title" id="doc-title">行政处罚决定书</h3>' in page
    assert "保存修改" in page and 'id="issue-on"' not in page  # the officer does not sign it off

    # only the part changed on the page is saved
    original = re.search(r'name="orig-evidence" value="([^"]*)"', page).group(1)
    response = client.post(reverse("documents:edit", args=[document.pk]), {
        "part-facts": "当事人于2024年6月3日起未按规定统一收取服务费用。", "orig-facts": "原来的文字",
        "part-evidence": original, "orig-evidence": original})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.edits == {"facts": "当事人于2024年6月3日起未按规定统一收取服务费用。"}
    page = _text(client.get(url))
    assert "当事人于2024年6月3日起未按规定统一收取服务费用。" in page and "已修改" in page
    # posting the page back unchanged saves nothing (and no event); line ends from the browser do not count
    response = client.post(reverse("documents:edit", args=[document.pk]), {
        "part-evidence": original.replace("\n", "\r\n"), "orig-evidence": original}, follow=True)
    assert "内容没有变化,未作保存。" in _text(response)
    document.refresh_from_db()
    assert list(document.edits) == ["facts"]

    # a draft downloads as it reads now, marked 草稿
    response = client.get(reverse("documents:pdf", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert quote("行政处罚决定书(草稿).pdf") in response["Content-Disposition"]

    # the leader issues it
    document = _issue(_as(client, s.approver), document)
    assert document.status == DocumentStatus.ISSUED and document.number_text and document.pdf_sha256
    page = _text(client.get(url))
    assert document.number_text in page and document.pdf_sha256 in page and "已签发" in page
    assert 'name="part-facts"' not in page and 'id="void-reason"' in page
    assert "签发" in page and "负责人" in page  # the issuer

    response = client.get(reverse("documents:pdf", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and quote(f"行政处罚决定书{document.number_text}.pdf") in disposition
    text = _pdf_text(response.content)
    assert _squeeze(document.number_text) in text and _squeeze(s.case.party_name) in text

    response = client.get(reverse("documents:docx", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response.content.startswith(b"PK") and ".docx" in response["Content-Disposition"]

    # the page's history names each step, downloads included
    page = _text(client.get(url))
    for label in ("制作草稿", "修改可修改部分", "签发", "下载PDF", "下载DOCX"):
        assert f'<span class="what">{label}</span>' in page
    # the case page shows the issued document with its number and a link to it
    page = _text(client.get(reverse("cases:detail", args=[s.case.pk])))
    assert document.number_text in page and url in page


def test_refusals_are_shown_in_the_page_and_nothing_is_saved(client, s):
    document = _draft(_as(client, s.handler), s, DECISION, "decide")
    response = client.post(reverse("documents:edit", args=[document.pk]), {"part-facts": "长" * 5001})
    assert response.status_code == 400
    page = _text(response)
    assert "未保存任何内容" in page and '<a href="#edit">违法事实</a>:不能超过 5000 个字' in page
    assert 'id="part-facts-error">不能超过 5000 个字' in page
    document.refresh_from_db()
    assert document.edits == {}

    client.force_login(s.approver)
    response = client.post(reverse("documents:issue", args=[document.pk]), {"on": "2099-01-01"})
    assert response.status_code == 400
    page = _text(response)
    assert '<a href="#issue">成文日期</a>:不能晚于今天' in page and 'id="issue-on-error"' in page
    assert 'value="2099-01-01"' in page
    response = client.post(reverse("documents:issue", args=[document.pk]), {"on": "2024-09-01"})
    assert response.status_code == 400 and "不能早于" in _text(response)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT and not document.number_text

    document = _issue(client, document)
    response = client.post(reverse("documents:void", args=[document.pk]), {"reason": "  "})
    assert response.status_code == 400
    page = _text(response)
    assert '<a href="#void">作废理由</a>:不能为空' in page and 'id="void-reason-error">不能为空' in page
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED and not document.void_reason

    # an issued document can no longer be edited (409, the reason in the page)
    response = _as(client, s.handler).post(reverse("documents:edit", args=[document.pk]), {"part-facts": "改"})
    assert response.status_code == 409 and "不能再修改" in _text(response)

    response = _as(client, s.approver).post(reverse("documents:void", args=[document.pk]),
                                            {"reason": "文书送达前发现当事人名称有误"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.VOIDED
    page = _text(client.get(reverse("documents:detail", args=[document.pk])))
    assert "已作废" in page and "文书送达前发现当事人名称有误" in page and 'id="void-reason"' not in page
    # the slot is free again, the voided one counted
    page = _text(client.get(reverse("cases:detail", args=[s.case.pk])))
    assert "另有 1 份已作废" in page


def test_an_officer_may_not_issue_what_the_leader_signs(client, s):
    document = _draft(_as(client, s.handler), s, DECISION, "decide")
    assert 'action="%s"' % reverse("documents:issue", args=[document.pk]) not in _text(
        client.get(reverse("documents:detail", args=[document.pk])))
    response = client.post(reverse("documents:issue", args=[document.pk]), {"on": ""})
    assert response.status_code == 403 and "无权" in _text(response)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    # …and a leader may not make the draft (case.handle)
    response = _as(client, s.approver).post(reverse("documents:draft"), {"case": s.case.pk, "type_no": FILING,
                                                                         "step": _step(s, "file").pk})
    assert response.status_code == 403
    assert not Document.objects.filter(type_no=FILING).exists()


def test_another_districts_documents_do_not_exist(client, s, make_user):
    document = _draft(_as(client, s.handler), s, DECISION, "decide")
    other = make_user("city_admin", Organization.objects.get(code="120104-SFJ"))
    nankai = make_user("leader", Organization.objects.get(code="120104-SFJ"))
    for user in (other, nankai):
        client.force_login(user)
        for name in ("detail", "pdf", "docx"):
            assert client.get(reverse(f"documents:{name}", args=[document.pk])).status_code == 404
        assert client.post(reverse("documents:issue", args=[document.pk])).status_code == 404
        assert client.get(reverse("documents:case_file", args=[s.case.pk])).status_code == 404
        response = client.post(reverse("documents:draft"), {"case": s.case.pk, "type_no": FILING})
        assert response.status_code == 404
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    # a step of another case does not count
    response = _as(client, s.handler).post(reverse("documents:draft"),
                                           {"case": s.case.pk, "type_no": FILING, "step": "999999"})
    assert response.status_code == 404


def test_the_case_file(client, s):
    url = reverse("documents:case_file", args=[s.case.pk])
    response = _as(client, s.handler).get(url)
    assert response.status_code == 409 and "本案尚无已签发的文书,不能组卷" in _text(response)

    decision = _draft(client, s, DECISION, "decide")
    filing = _draft(client, s, FILING, "file")
    client.force_login(s.approver)
    decision, filing = _issue(client, decision), _issue(client, filing, "2024-08-20")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert quote(f"卷宗-{s.case.number}.pdf") in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert _squeeze(decision.number_text) in text and "立案审批表" in text


def test_the_task_page_lists_the_inspection_documents(client, admin, make_user, district_org):
    setup = tf.task(admin=admin, make_user=make_user, org=district_org)
    task = setup.task
    client.force_login(setup.leader.user)
    page = _text(client.get(reverse("inspections:task_detail", args=[task.pk])))
    assert 'id="h-documents">执法文书</h2>' in page and "下载卷宗 PDF" not in page
    numbers = re.findall(r'<td class="num" data-label="序号">(\d+)</td>', page)
    assert numbers == ["1", "2", "3", "6", "7", "8"]
    assert f'name="task" value="{task.pk}"' in page
    response = client.post(reverse("documents:draft"), {"task": task.pk, "type_no": 3})
    assert response.status_code == 302
    document = Document.objects.get(task=task, type_no=3)
    page = _text(client.get(response["Location"]))
    assert "现场检查笔录" in page and reverse("inspections:task_detail", args=[task.pk]) in page
    assert ">笔录内容</label>" in page
    page = _text(client.get(reverse("inspections:task_detail", args=[task.pk])))
    assert reverse("documents:detail", args=[document.pk]) in page
