"""抽查事项清单: the default lists, versions, publication and immutability of published lists."""

from decimal import Decimal

import pytest

from fazhi.core import tabular
from fazhi.core.audit import history_for
from fazhi.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from fazhi.core.importing import run_import
from fazhi.core.models import AuditEvent
from fazhi.inspections.models import InspectionItem, ItemList
from fazhi.inspections.models.items import ItemListStatus
from fazhi.inspections.services import items as svc
from fazhi.laws.importers import ArticleSpec, LawSpec
from fazhi.laws.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def laws(db):
    from fazhi.demo.services import LAW_DATA

    for spec, name in ((LawSpec(), "laws.csv"), (ArticleSpec(), "articles.csv")):
        run_import(actor=None, spec=spec, sheet=tabular.read_path(LAW_DATA / name), source=name)


@pytest.fixture
def loaded(laws):
    return svc.item_lists_load_default()


def _current(field):
    return ItemList.objects.get(field=field, status=ItemListStatus.PUBLISHED)


def test_the_default_file_has_five_fields_and_realistic_checklists():
    lists = svc.default_lists()
    assert [lst["field"] for lst in lists] == ["lawyer", "notary", "appraisal", "arbitration", "grassroots"]
    codes = [p["code"] for lst in lists for item in lst["items"] for p in item["checklist"]]
    assert len(codes) == len(set(codes))
    for lst in lists:
        for item in lst["items"]:
            assert 5 <= len(item["checklist"]) <= 10, item["code"]
            for key in ("ratio_source", "frequency_source", "body_source"):
                assert item[key].strip(), (item["code"], key)
    ratios = {item["code"]: item["ratio"] for lst in lists for item in lst["items"]}
    assert ratios["LS-01"] == "0.10" and ratios["GZ-01"] == "1.00" and ratios["SJ-01"] == "0.35"
    assert ratios["ZC-01"] == "1.00" and ratios["JC-01"] == "0.20"


def test_default_lists_load_publish_and_link_existing_articles(loaded):
    assert loaded.lists_created == 5 and loaded.items_created == 7
    assert set(ItemList.objects.values_list("field", "version", "status")) == {
        (f, 1, "published") for f in ("lawyer", "notary", "appraisal", "arbitration", "grassroots")}
    firm = InspectionItem.objects.get(code="LS-01")
    assert sorted(a.number for a in firm.articles.all()) == [50, 52]
    assert all(a.law.short_name == "律师法" for a in firm.articles.all())
    assert firm.inspecting_body == "区司法局" and firm.ratio == Decimal("0.10")
    assert firm.target_kinds == ["law_firm", "law_firm_branch"] and firm.methods == ["on_site", "written"]
    notary = InspectionItem.objects.get(code="GZ-01")
    assert sorted(a.number for a in notary.articles.all()) == [41, 42]
    assert notary.basis_text.startswith("《中华人民共和国公证法》第五条;")  # not in the 法律依据库 yet
    assert notary.inspecting_body == "市司法局"
    appraisal = InspectionItem.objects.get(code="SJ-01")
    assert appraisal.articles.count() == 0 and appraisal.ratio == Decimal("0.35")
    assert "《全国人民代表大会常务委员会关于司法鉴定管理问题的决定》第十三条" in appraisal.basis_text
    assert "天津市司法局2023年法治政府建设年度报告" in _current("appraisal").note
    assert "广元市2020年" in _current("notary").note
    assert "第四十二条" in appraisal.inspector_requirements and "回避" in appraisal.inspector_requirements


def test_loading_again_changes_nothing(loaded):
    events = AuditEvent.objects.count()
    again = svc.item_lists_load_default()
    assert again.lists_created == 0 and again.items_created == 0
    assert ItemList.objects.count() == 5 and InspectionItem.objects.count() == 7
    assert AuditEvent.objects.count() == events


def test_without_the_law_data_every_basis_is_cited_as_text(db):
    report = svc.item_lists_load_default()
    assert report.articles_linked == 0
    assert "《律师法》第五十条" in InspectionItem.objects.get(code="LS-01").basis_text


def test_new_version_edit_and_publish_supersedes_the_old_one(loaded, admin):
    v1 = _current("lawyer")
    draft = svc.item_list_new_version(actor=admin, field="lawyer")
    assert (draft.version, draft.status) == (2, ItemListStatus.DRAFT)
    copy = draft.items.get(code="LS-01")
    assert sorted(a.number for a in copy.articles.all()) == [50, 52]
    assert copy.checklist == InspectionItem.objects.get(item_list=v1, code="LS-01").checklist
    exc = pytest.raises(ValidationFailed, svc.item_list_new_version, actor=admin, field="lawyer").value
    assert "已有草稿" in exc.message

    checklist = "\n".join(f"{p['code']} {p['text']}" for p in copy.checklist) + "\nLS-01-09 网络宣传内容合规"
    article = Article.objects.get(law__short_name="律师法", number=53)
    svc.item_update(actor=admin, item=copy, data={"ratio": "15%", "checklist": checklist,
                                                  "article_ids": [a.pk for a in copy.articles.all()] + [article.pk]},
                    reason="提高抽查比例")
    copy.refresh_from_db()
    assert copy.ratio == Decimal("0.15") and copy.checklist[-1] == {"code": "LS-01-09", "text": "网络宣传内容合规"}
    assert sorted(a.number for a in copy.articles.all()) == [50, 52, 53]
    assert history_for(copy).first().reason == "提高抽查比例"

    svc.item_list_publish(actor=admin, item_list=draft)
    v1.refresh_from_db()
    draft.refresh_from_db()
    assert v1.status == ItemListStatus.SUPERSEDED
    assert draft.status == ItemListStatus.PUBLISHED and draft.published_at is not None
    assert InspectionItem.objects.get(item_list=v1, code="LS-01").ratio == Decimal("0.10")  # untouched


def test_published_and_superseded_lists_are_immutable(loaded, admin):
    item = InspectionItem.objects.get(code="GZ-01")
    exc = pytest.raises(InvalidTransition, svc.item_update, actor=admin, item=item, data={"ratio": "0.5"}).value
    assert "新建版本" in exc.message
    with pytest.raises(InvalidTransition):
        svc.item_list_publish(actor=admin, item_list=item.item_list)
    draft = svc.item_list_new_version(actor=admin, field="notary")
    svc.item_list_publish(actor=admin, item_list=draft)
    with pytest.raises(InvalidTransition):
        svc.item_update(actor=admin, item=item, data={"ratio": "0.5"})
    assert InspectionItem.objects.get(pk=item.pk).ratio == Decimal("1.00")


def test_item_values_are_checked(loaded, admin):
    draft = svc.item_list_new_version(actor=admin, field="appraisal")
    item = draft.items.get()
    exc = pytest.raises(ValidationFailed, svc.item_update, actor=admin, item=item, data={
        "ratio": "1.5", "target_kinds": ["spaceship"], "methods": [], "name": " ",
        "checklist": "SJ-01-01 一\nSJ-01-01 二\n坏 编码"}).value
    fields = {p.field for p in exc.problems}
    assert fields == {"抽查比例", "检查对象类型", "检查方式", "抽查事项", "检查内容"}
    assert "编码 SJ-01-01 重复" in exc.message


def test_an_empty_draft_cannot_be_published(admin, db):
    draft = svc.item_list_new_version(actor=admin, field="arbitration")
    assert draft.version == 1 and draft.items.count() == 0
    with pytest.raises(ValidationFailed):
        svc.item_list_publish(actor=admin, item_list=draft)


@pytest.mark.parametrize("role, org", [("district_admin", "district_org"), ("officer", "city_org")])
def test_only_the_city_plans_item_lists(loaded, make_user, request, role, org):
    user = make_user(role, request.getfixturevalue(org))
    with pytest.raises(PermissionDenied):
        svc.item_list_new_version(actor=user, field="lawyer")
    with pytest.raises(PermissionDenied):
        svc.item_lists_load_default(actor=user)
