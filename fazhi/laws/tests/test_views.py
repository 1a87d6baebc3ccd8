"""The 法律依据库 pages: list and filter, a law with its articles, forms, import and export."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.laws import services
from fazhi.laws.models import Article, Law

pytestmark = pytest.mark.django_db

PENALTY_LAW = {"name": "中华人民共和国行政处罚法", "short_name": "行政处罚法", "kind": "法律",
               "issuer": "全国人民代表大会常务委员会", "document_number": "主席令第七十号",
               "promulgated_on": "2021-01-22", "effective_from": "2021-07-15", "effective_to": ""}
LAWYERS_RULE = {"name": "律师事务所管理办法", "short_name": "律所管理办法", "kind": "部门规章", "issuer": "司法部",
                "document_number": "", "promulgated_on": "", "effective_from": "2018-12-05", "effective_to": ""}


@pytest.fixture
def client_admin(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def penalty_law(admin):
    law = services.law_create(actor=admin, data=PENALTY_LAW)
    services.article_create(actor=admin, data={"law_name": law.name, "law_effective_from": "2021-07-15",
                                               "number": "第四十二条",
                                               "text": "行政处罚应当由具有行政执法资格的执法人员实施。"})
    return law


@pytest.fixture
def rule(admin):
    return services.law_create(actor=admin, data=LAWYERS_RULE)


def test_list_search_and_kind_filter(client_admin, penalty_law, rule):
    url = reverse("laws:list")
    page = client_admin.get(url).content.decode()
    assert "中华人民共和国行政处罚法" in page and "律师事务所管理办法" in page and "新增法规" in page
    page = client_admin.get(url, {"kind": "department_rule"}).content.decode()
    assert "律师事务所管理办法" in page and "中华人民共和国行政处罚法" not in page
    page = client_admin.get(url, {"q": "执法资格"}).content.decode()  # searches article text too
    assert "中华人民共和国行政处罚法" in page and "律师事务所管理办法" not in page


def test_detail_shows_the_law_and_its_articles(client_admin, penalty_law):
    page = client_admin.get(reverse("laws:detail", args=[penalty_law.pk])).content.decode()
    assert "主席令第七十号" in page and "2021-07-15" in page and "现行有效" in page
    assert "第四十二条" in page and "行政处罚应当由具有行政执法资格的执法人员实施。" in page
    assert reverse("laws:article_create", args=[penalty_law.pk]) in page


def test_article_create_and_edit(client_admin, penalty_law):
    url = reverse("laws:article_create", args=[penalty_law.pk])
    page = client_admin.get(url).content.decode()
    assert "中华人民共和国行政处罚法" in page and 'name="law_name"' not in page and "<textarea" in page
    response = client_admin.post(url, {"number": "第四十二条", "text": "重复"})
    assert response.status_code == 400 and "已被其他记录使用" in response.content.decode()
    response = client_admin.post(url, {"number": "第三十三条", "text": "违法行为轻微并及时改正,没有造成危害后果的,不予行政处罚。"})
    assert response.status_code == 302
    article = Article.objects.get(law=penalty_law, number=33)

    edit = reverse("laws:article_edit", args=[article.pk])
    assert 'value="第三十三条"' in client_admin.get(edit).content.decode()
    response = client_admin.post(edit, {"number": "第三十三条", "text": ""})
    assert response.status_code == 400 and "不能为空" in response.content.decode()
    response = client_admin.post(edit, {"number": "33", "text": "新条文", "_reason": "勘误"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.text == "新条文"
    page = client_admin.get(reverse("laws:article_history", args=[article.pk])).content.decode()
    assert "勘误" in page and "新条文" in page


def test_law_edit_error_rerenders_and_saves_nothing(client_admin, penalty_law):
    url = reverse("laws:edit", args=[penalty_law.pk])
    response = client_admin.post(url, {**PENALTY_LAW, "name": "改名", "effective_to": "2020-01-01"})
    assert response.status_code == 400 and "应晚于施行日期" in response.content.decode()
    penalty_law.refresh_from_db()
    assert penalty_law.name == "中华人民共和国行政处罚法" and penalty_law.effective_to is None
    response = client_admin.post(url, {**PENALTY_LAW, "effective_to": "2031-01-01"})
    assert response.status_code == 302
    page = client_admin.get(reverse("laws:history", args=[penalty_law.pk])).content.decode()
    assert "失效日期" in page and "2031-01-01" in page


def test_import_bad_laws_file_lists_every_problem(client_admin):
    content = ("法规名称,简称,效力层级,制定机关,文号,公布日期,施行日期,失效日期\n"
               "中华人民共和国律师法,律师法,法律,全国人大常委会,,,2018-01-01,\n"
               "某办法,某办法,通知,司法部,,,2019-01-01,\n"
               "某规定,某规定,部门规章,司法部,,,不知道,\n")
    response = client_admin.post(reverse("laws:import"), {
        "kind": "laws", "file": SimpleUploadedFile("laws.csv", content.encode("utf-8-sig"))})
    page = response.content.decode()
    assert response.status_code == 400 and "未导入任何数据" in page
    assert "“通知”不是有效的效力层级" in page and "“不知道”不是日期" in page
    assert Law.objects.count() == 0


def test_import_articles_file(client_admin, penalty_law):
    content = ("法规名称,施行日期,条,条文\n"
               "中华人民共和国行政处罚法,2021-07-15,第一条,为了规范行政处罚的设定和实施……\n")
    response = client_admin.post(reverse("laws:import"), {
        "kind": "articles", "file": SimpleUploadedFile("articles.csv", content.encode("utf-8-sig"))})
    assert response.status_code == 200 and "新增 1 条" in response.content.decode()
    assert penalty_law.articles.count() == 2


def test_export_laws_and_their_articles(client_admin, penalty_law, rule):
    response = client_admin.get(reverse("laws:export"), {"format": "csv", "kind": "law"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "法规名称" and [r[0] for r in rows[1:]] == ["中华人民共和国行政处罚法"]
    response = client_admin.get(reverse("laws:export"), {"format": "csv", "what": "articles"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["法规名称", "施行日期", "条", "条文"] and rows[1][2] == "第四十二条"


def test_only_law_editors_may_change_the_library(client, make_user, district_org, penalty_law):
    client.force_login(make_user("district_admin", district_org))
    page = client.get(reverse("laws:detail", args=[penalty_law.pk])).content.decode()
    assert "中华人民共和国行政处罚法" in page and reverse("laws:edit", args=[penalty_law.pk]) not in page
    assert client.get(reverse("laws:edit", args=[penalty_law.pk])).status_code == 403
    assert client.get(reverse("laws:article_create", args=[penalty_law.pk])).status_code == 403
    assert client.get(reverse("laws:import")).status_code == 403
    assert client.get(reverse("laws:detail", args=[99999])).status_code == 404
