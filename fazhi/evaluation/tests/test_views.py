"""The 案卷评查 pages with Django's test client: each page for each role (200 / 403 / 404), the round's
actions and their refusals shown in Chinese, the blind scoring form (no district, unit, officer names or
case number of the file), the scoring form's errors naming the field, a district seeing only its own
rectification items, closing refused while items are open, and the report as HTML, PDF and Excel."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from fazhi.cases.tests import factories as cf
from fazhi.evaluation.models import EvaluationRound, RectificationItem, Review, RoundStatus
from fazhi.evaluation.services import rounds as svc
from fazhi.evaluation.tests import factories as f
from fazhi.inspections import draw

HEXI, NANKAI = "120103", "120104"
VERIFIER = Path(__file__).resolve().parents[3] / "tools" / "verify_draw.py"
pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _get(client, user, name, *args, status=200, **query):
    client.force_login(user)
    response = client.get(reverse(f"evaluation:{name}", args=args), query)
    assert response.status_code == status, _text(response)[:3000]
    return response


def _post(client, user, name, *args, status=302, **data):
    client.force_login(user)
    response = client.post(reverse(f"evaluation:{name}", args=args), data)
    assert response.status_code == status, _text(response)[:3000]
    return response


@pytest.fixture
def witness(make_user, city_org):
    return make_user("leader", city_org, full_name="见证人")


@pytest.fixture
def walked(admin, make_user):
    """A simplified case of 河西区 taken to 归档 (closed 2024-08-22), with its two officers."""
    s = cf.setup_case(admin, make_user, f.org_of(HEXI), party="practitioner", case_type="simplified")
    cf.walk(s, "simplified")
    return s


@pytest.fixture
def people(make_user):
    return {
        "hexi_reviewer": f.reviewer(make_user, HEXI, full_name="河西评查员"),
        "nankai_reviewer": f.reviewer(make_user, NANKAI, full_name="南开评查员"),
        "hexi_admin": make_user("district_admin", f.org_of(HEXI), full_name="河西管理员"),
        "nankai_admin": make_user("district_admin", f.org_of(NANKAI), full_name="南开管理员"),
        "officer": make_user("officer", f.org_of(HEXI)),
    }


@pytest.fixture
def rnd(admin, witness, walked, people):
    """A blind round drawn from the walked 河西 case and one 南开 case (one file per district)."""
    f.closed_case(NANKAI, 1)
    return f.drawn(admin, witness, [people["hexi_reviewer"], people["nankai_reviewer"]], per_district_count="1")


def _review(rnd, code) -> Review:
    return Review.objects.select_related("file__case", "reviewer").get(file__round=rnd, file__district__code=code)


def _submit_all(rnd, deductions=None):
    for review in Review.objects.filter(file__round=rnd).select_related("reviewer"):
        f.submit(review, deductions=deductions or {"P1": "2"}, notes={"P1": "立案审批表缺负责人签字"})


# ---------------------------------------------------------------- access per role

def test_urls_and_anonymous_users_are_sent_to_log_in(client):
    assert reverse("evaluation:rounds") == "/evaluation/"
    assert reverse("evaluation:review", args=[3]) == "/evaluation/reviews/3/"
    for name in ("rounds", "my_reviews", "items", "round_create"):
        response = client.get(reverse(f"evaluation:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_navigation_shows_the_module_to_evaluation_roles_only(client, admin, people):
    for user in (admin, people["hexi_reviewer"], people["hexi_admin"]):
        client.force_login(user)
        assert ("evaluation:rounds", "案卷评查") in client.get("/").context["nav_items"]
    client.force_login(people["officer"])
    assert ("evaluation:rounds", "案卷评查") not in client.get("/").context["nav_items"]


def test_pages_per_role(client, admin, people, rnd):
    hexi_reviewer, officer = people["hexi_reviewer"], people["officer"]
    assert rnd.code in _get(client, admin, "rounds").content.decode()
    assert rnd.code in _get(client, hexi_reviewer, "rounds").content.decode()
    assert rnd.code in _get(client, people["hexi_admin"], "rounds").content.decode()
    _get(client, officer, "rounds", status=403)
    _get(client, admin, "round_create")
    for user in (hexi_reviewer, people["hexi_admin"], officer):
        _get(client, user, "round_create", status=403)
    detail = _get(client, admin, "round_detail", rnd.pk).content.decode()
    assert rnd.commitment in detail and reverse("evaluation:round_certificate", args=[rnd.pk]) in detail
    for file in rnd.files.select_related("case"):
        assert file.case.number in detail
    reviewer_view = _get(client, hexi_reviewer, "round_detail", rnd.pk).content.decode()
    assert rnd.commitment in reviewer_view and "抽取的案卷" not in reviewer_view
    _get(client, admin, "round_detail", 999999, status=404)
    _get(client, admin, "report", rnd.pk)
    for user in (hexi_reviewer, people["hexi_admin"]):
        _get(client, user, "report", rnd.pk, status=403)
    _get(client, officer, "my_reviews", status=403)
    _get(client, officer, "items", status=403)
    _get(client, hexi_reviewer, "items", status=403)


def test_a_draft_round_is_the_citys_alone(client, admin, people):
    draft = svc.round_create(actor=admin, data=f.round_data([people["hexi_reviewer"]]))
    assert "冻结抽取清单并公布承诺值" in _get(client, admin, "round_detail", draft.pk).content.decode()
    assert "修改评查轮次" in _get(client, admin, "round_edit", draft.pk).content.decode()
    _get(client, people["hexi_reviewer"], "round_detail", draft.pk, status=404)
    _get(client, people["hexi_admin"], "round_edit", draft.pk, status=404)


def test_the_certificate_downloads_and_verifies_with_the_standalone_tool(client, admin, rnd, tmp_path):
    response = _get(client, admin, "round_certificate", rnd.pk)
    assert response["Content-Type"].startswith("application/json") and "attachment" in response["Content-Disposition"]
    cert = json.loads(response.content)
    assert cert == rnd.certificate and cert["commitment"] == rnd.commitment and draw.verify(cert) == []
    path = tmp_path / "certificate.json"
    path.write_bytes(response.content)
    done = subprocess.run([sys.executable, str(VERIFIER), "verify", str(path), "--commitment", rnd.commitment],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


# ---------------------------------------------------------------- creating a round, commit, reveal, draw

def test_create_shows_each_reason_beside_its_field(client, admin, people):
    response = _post(client, admin, "round_create", status=400, code="2024 Q3!", title="", period_start="2024-07-01",
                     period_end="2024-06-30", source_name_1="", source_description_1="")
    text = _text(response)
    assert "未保存任何内容" in text and 'href="#f-code"' in text and 'id="f-code-error"' in text
    assert "结案日期止" in text and "不能早于结案日期起" in text and "评查人员" in text
    assert EvaluationRound.objects.count() == 0


def test_create_commit_reveal_and_draw_through_the_pages(client, admin, witness, people, walked):
    f.closed_case(NANKAI, 1)
    data = {"code": "2024Q3", "title": "2024年第三季度行政执法案卷评查", "kind": "quarterly",
            "period_start": "2024-07-01", "period_end": "2024-09-30", "per_district_count": "1", "second_share": "0",
            "blind": "是", "reviewer_ids": [people["hexi_reviewer"].pk, people["nankai_reviewer"].pk],
            "source_name_1": f.SEED_SOURCES[0]["name"], "source_description_1": f.SEED_SOURCES[0]["description"],
            "source_name_2": f.SEED_SOURCES[1]["name"], "source_description_2": f.SEED_SOURCES[1]["description"]}
    response = _post(client, admin, "round_create", **data)
    rnd = EvaluationRound.objects.get(code="2024Q3")
    assert response["Location"] == reverse("evaluation:round_detail", args=[rnd.pk])
    assert rnd.blind and rnd.reviewers.count() == 2 and rnd.seed_sources == f.SEED_SOURCES
    _post(client, admin, "round_commit", rnd.pk)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.COMMITTED
    assert rnd.commitment in _get(client, admin, "round_detail", rnd.pk).content.decode()
    # drawing before the seed values are in is refused with the reason
    assert "尚未录入种子值" in _text(_post(client, admin, "round_draw", rnd.pk, status=409))
    _post(client, admin, "round_reveal", rnd.pk, index="0", value=f.SEED_VALUES[0])
    # the last value by the same person is refused, shown on its row
    text = _text(_post(client, admin, "round_reveal", rnd.pk, status=400, index="1", value=f.SEED_VALUES[1]))
    assert 'id="reveal-1-error"' in text and "不能由同一人录入" in text and f'value="{f.SEED_VALUES[1]}"' in text
    _post(client, witness, "round_reveal", rnd.pk, index="1", value=f.SEED_VALUES[1])
    _post(client, admin, "round_draw", rnd.pk)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.REVIEWING and rnd.files.count() == 2
    assert "下载抽取证书(JSON)" in _get(client, admin, "round_detail", rnd.pk).content.decode()


def test_reviewers_may_not_run_the_round(client, people, rnd):
    _post(client, people["hexi_reviewer"], "round_feedback", rnd.pk, status=403)
    _post(client, people["hexi_admin"], "round_close", rnd.pk, status=403)


# ---------------------------------------------------------------- the reviewer's queue and scoring form

def test_the_blind_review_page_hides_district_unit_officers_and_number(client, rnd, walked, people):
    review = _review(rnd, HEXI)  # the 河西 file goes to the 南开 reviewer (互评互查)
    assert review.reviewer == people["nankai_reviewer"]
    case = walked.refresh()
    queue = _get(client, people["nankai_reviewer"], "my_reviews").content.decode()
    assert reverse("evaluation:review", args=[review.pk]) in queue and case.number not in queue and "河西区" not in queue
    page = _get(client, people["nankai_reviewer"], "review", review.pk).content.decode()
    assert "否决项" in page and 'name="d-S1"' in page and 'name="vetoes"' in page and "提交评查意见" in page
    for secret in ("河西区", "河西", case.unit.name, walked.lead.name, walked.assistant.name, case.number):
        assert secret not in page, secret
    assert "执法人员甲" in page


def test_the_review_page_of_an_open_round_names_the_district(client, admin, witness, walked, people):
    f.closed_case(NANKAI, 1)
    rnd = f.drawn(admin, witness, [people["hexi_reviewer"], people["nankai_reviewer"]], per_district_count="1",
                  blind=False)
    page = _get(client, people["nankai_reviewer"], "review", _review(rnd, HEXI).pk).content.decode()
    assert "河西区" in page and walked.refresh().number in page and walked.lead.name in page


def test_only_the_assigned_reviewer_opens_or_submits(client, admin, rnd, people):
    review = _review(rnd, HEXI)
    _get(client, people["hexi_reviewer"], "review", review.pk, status=404)
    page = _get(client, admin, "review", review.pk).content.decode()
    assert "只有分配的评查人员可以提交" in page and "提交评查意见" not in page
    _post(client, admin, "review", review.pk, status=403, **{"d-S1": "1"})


def test_the_scoring_form_shows_each_error_beside_its_field(client, rnd, people):
    review, reviewer = _review(rnd, HEXI), people["nankai_reviewer"]
    text = _text(_post(client, reviewer, "review", review.pk, status=400, **{"d-P1": "abc", "n-P1": "x" * 501}))
    assert "评查意见未保存" in text and 'role="alert"' in text
    assert '<a href="#d-P1">P1 扣分</a>' in text and 'id="d-P1-error"' in text and "应为数字" in text
    assert '<a href="#n-P1">P1 问题说明</a>' in text and 'id="n-P1-error"' in text
    assert 'd-P1-error" aria-invalid="true"' in text
    text = _text(_post(client, reviewer, "review", review.pk, status=400, **{"d-S1": "99"}))
    assert '<a href="#d-S1">S1 扣分</a>' in text and 'id="d-S1-error"' in text and "最多扣" in text
    assert 'value="99"' in text  # what was typed stays
    review.refresh_from_db()
    assert review.status == "assigned"


def test_submitting_shows_the_score_and_grade(client, rnd, people):
    review = _review(rnd, HEXI)
    response = _post(client, people["nankai_reviewer"], "review", review.pk,
                     vetoes=["V2"], **{"n-V2": "仅一名执法人员签名", "d-P1": "2", "n-P1": "立案审批表缺签字", "comment": "程序有缺陷"})
    assert response["Location"].endswith("#review-result")
    page = _text(_get(client, people["nankai_reviewer"], "review", review.pk))
    assert 'id="review-result"' in page and "98.0 分" in page and 'id="review-grade">不合格<' in page
    assert 'id="v-V2" name="vetoes" value="V2" checked' in page and "立案审批表缺签字" in page


# ---------------------------------------------------------------- feedback, rectification, close

def test_feedback_rectification_and_close(client, admin, rnd, people):
    _submit_all(rnd)
    _post(client, admin, "round_feedback", rnd.pk)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.RECTIFYING
    hexi_item = RectificationItem.objects.get(round=rnd, district__code=HEXI)
    nankai_item = RectificationItem.objects.get(round=rnd, district__code=NANKAI)

    # each district sees only its own items
    listing = _get(client, people["hexi_admin"], "items").content.decode()
    assert reverse("evaluation:item", args=[hexi_item.pk]) in listing
    assert reverse("evaluation:item", args=[nankai_item.pk]) not in listing
    _get(client, people["hexi_admin"], "item", nankai_item.pk, status=404)
    page = _get(client, people["hexi_admin"], "item", hexi_item.pk).content.decode()
    assert hexi_item.text in page and "提交整改情况" in page and "核查销号" not in page

    # closing is refused while items are open, with the reason in Chinese
    text = _text(_post(client, admin, "round_close", rnd.pk, status=409))
    assert "尚有 2 项整改事项未销号或提级督办" in text and 'role="alert"' in text

    # an empty answer names the field; then the district answers and the city checks
    text = _text(_post(client, people["hexi_admin"], "item_answer", hexi_item.pk, status=400, response=""))
    assert '<a href="#f-response">整改情况</a>' in text and 'id="f-response-error"' in text
    _post(client, people["hexi_admin"], "item_answer", hexi_item.pk, response="已补齐立案审批表负责人签字")
    _post(client, people["nankai_admin"], "item_answer", hexi_item.pk, status=404, response="x")
    assert "核查销号" in _get(client, admin, "item", hexi_item.pk).content.decode()
    text = _text(_post(client, admin, "item_check", hexi_item.pk, status=400, decision="return", check_note=""))
    assert "核查意见" in text and "不能为空" in text
    _post(client, admin, "item_check", hexi_item.pk, decision="accept", check_note="已核实")
    _post(client, admin, "item_escalate", nankai_item.pk, escalate_note="逾期未整改")
    hexi_item.refresh_from_db()
    nankai_item.refresh_from_db()
    assert (hexi_item.status, nankai_item.status) == ("closed", "escalated")
    _post(client, admin, "round_close", rnd.pk)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.CLOSED


def test_typical_marking(client, admin, rnd):
    _submit_all(rnd)
    file = rnd.files.select_related("case").first()
    assert "类别" in _get(client, admin, "typical_mark", rnd.pk, file.pk).content.decode()
    text = _text(_post(client, admin, "typical_mark", rnd.pk, file.pk, status=400, kind="good", reason=""))
    assert 'id="f-reason-error"' in text
    _post(client, admin, "typical_mark", rnd.pk, file.pk, kind="good", reason="文书规范、程序完整")
    assert file.case.number in _get(client, admin, "report", rnd.pk).content.decode()
    _get(client, admin, "typical_mark", rnd.pk, 999999, status=404)


# ---------------------------------------------------------------- the report

def test_report_page_pdf_and_excel(client, admin, rnd):
    _submit_all(rnd, deductions={"P1": "2", "S1": "3"})
    page = _get(client, admin, "report", rnd.pk).content.decode()
    assert "各区评查结果" in page and "河西区" in page and "南开区" in page and "<svg" in page
    assert "得分分布" in page and "评查一致性" in page and "常见问题" in page
    assert reverse("evaluation:report_pdf", args=[rnd.pk]) in page
    assert reverse("evaluation:report_export", args=[rnd.pk]) in page
    pdf = _get(client, admin, "report_pdf", rnd.pk)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    xlsx = _get(client, admin, "report_export", rnd.pk)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("案件编号", "所属区", "评查人员所在区", "得分", "等次")
    assert {r[1] for r in rows[1:]} == {"河西区", "南开区"} and {r[3] for r in rows[1:]} == {95}
    _get(client, admin, "report_pdf", 999999, status=404)


def test_report_agreement_lists_the_files_where_reviewers_disagree(client, admin, witness, make_user, people):
    f.cases({HEXI: 2, NANKAI: 2})
    city_reviewer = f.reviewer(make_user, None, full_name="市局评查员")
    rnd = f.drawn(admin, witness, [people["hexi_reviewer"], people["nankai_reviewer"], city_reviewer],
                  second_share="1", per_district_count="2")
    reviews = list(Review.objects.filter(file__round=rnd).select_related("file__case", "reviewer").order_by("pk"))
    assert {r.position for r in reviews} == {1, 2}
    disputed = next(r.file.case.number for r in reviews)
    for r in reviews:
        points = "10" if (r.file.case.number, r.position) == (disputed, 2) else "1"
        f.submit(r, deductions={"S1": "6", "S2": "6"} if points == "10" else {"P1": points})
    text = _text(_get(client, admin, "report", rnd.pk))
    assert 'id="kappa"' in text and "双人评查的案卷 4 件" in text
    table = text[text.index('id="differences"'):]
    assert disputed in table and "99.0" in table and "88.0" in table and "-11.0" in table
