"""Yearly statistics: per field and district by conclusion, the annual report's sentence, the export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from fazhi.inspections.models import InspectionTask
from fazhi.inspections.selectors import stats
from fazhi.inspections.tests import task_factories as tf

pytestmark = pytest.mark.django_db

KINDS = {"arbitration": "仲裁机构", "appraisal": "司法鉴定机构", "notary": "公证机构", "law_firm": "律师事务所"}


def _inspected(setup, day, conclusion=""):
    InspectionTask.objects.filter(pk=setup.task.pk).update(inspected_on=day, conclusion=conclusion,
                                                           status="approved" if conclusion else "checked_in")
    return setup


@pytest.fixture
def year_2023(admin, make_user, city_org, district_org):
    """The city bureau inspects 1 arbitration body, 3 appraisal bodies (one twice) and 2 notaries in
    2023; a 河西区 plan inspects a law firm; one task is not inspected, one is inspected in 2024."""
    first = tf.task(admin=admin, make_user=make_user, org=city_org, year=2023,
                    **{"机构类型": "仲裁机构", "名称": "天津仲裁委员会", "所在区": "和平区"})
    team = (first.leader, first.member, first.alternate)

    def city(kind, district="河西区", **kw):
        return tf.task(admin=admin, make_user=make_user, org=city_org, year=2023, team=team, plan=first.plan,
                       **({"机构类型": KINDS[kind], "所在区": district} if "target" not in kw else {}), **kw)

    _inspected(first, dt.date(2023, 5, 10), "pass")
    twice = _inspected(city("appraisal"), dt.date(2023, 6, 1), "correct")
    _inspected(city("appraisal", target=twice.task.institution), dt.date(2023, 11, 2), "pass")
    _inspected(city("appraisal", "南开区"), dt.date(2023, 6, 2), "case")
    _inspected(city("appraisal"), dt.date(2023, 6, 3))  # inspected, no result yet
    _inspected(city("notary", "南开区"), dt.date(2023, 7, 1), "pass")
    _inspected(city("notary"), dt.date(2023, 7, 2), "pass")
    city("notary")  # drawn, never inspected
    _inspected(city("notary"), dt.date(2024, 1, 5), "pass")  # next year
    firm = tf.task(admin=admin, make_user=make_user, org=district_org, year=2023, team=team,
                   **{"机构类型": "律师事务所"})
    _inspected(firm, dt.date(2023, 9, 1), "correct")


def test_the_annual_report_sentence_per_organizing_unit(admin, year_2023):
    data = stats.year_stats(user=admin, year=2023)
    assert data.sentences == [
        ("天津市司法局", "对6家法律服务机构进行行政检查,其中仲裁机构1家、司法鉴定机构3家、公证机构2家"),
        ("天津市河西区司法局", "对1家法律服务机构进行行政检查,其中律师事务所1家"),
    ]
    assert stats.sentence(InspectionTask.objects.none()) == "未对法律服务机构进行行政检查"


def test_tasks_by_field_and_district_by_conclusion(admin, year_2023):
    data = stats.year_stats(user=admin, year=2023)
    by_field = {r.label: r.cells() for r in data.by_field}  # total, 合格, 责令整改, 移送立案, 尚无结论
    assert by_field == {"律师": [1, 0, 1, 0, 0], "公证": [2, 2, 0, 0, 0], "司法鉴定": [4, 1, 1, 1, 1],
                        "仲裁": [1, 1, 0, 0, 0]}
    assert [r.label for r in data.by_field] == ["律师", "公证", "司法鉴定", "仲裁"]
    by_district = {r.label: r.cells() for r in data.by_district}
    assert by_district == {"和平区": [1, 1, 0, 0, 0], "河西区": [5, 2, 2, 0, 1], "南开区": [2, 1, 0, 1, 0]}
    assert [r.label for r in data.by_district] == ["和平区", "河西区", "南开区"]
    assert data.total.cells() == [8, 4, 2, 1, 1]
    assert stats.year_stats(user=admin, year=2024).total.total == 1


def test_a_district_user_counts_only_the_district(year_2023, make_user, district_org):
    data = stats.year_stats(user=make_user("officer", district_org), year=2023)
    assert data.total.total == 5
    assert dict(data.sentences)["天津市司法局"] == "对3家法律服务机构进行行政检查,其中司法鉴定机构2家、公证机构1家"
    assert stats.years(user=make_user("officer", district_org))[-1] == 2023


def test_stats_page_and_excel_export(client, admin, year_2023):
    client.force_login(admin)
    response = client.get(reverse("inspections:stats"), {"year": "2023"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2023年,天津市司法局对6家法律服务机构进行行政检查,其中仲裁机构1家、司法鉴定机构3家、公证机构2家。" in page
    assert '<option value="2023" selected>' in page
    response = client.get(reverse("inspections:stats_export"), {"year": "2023"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == stats.HEADERS
    assert ["领域", "司法鉴定", 4, 1, 1, 1, 1] in rows
    assert rows[-1] == ["合计", None, 8, 4, 2, 1, 1]
