"""Warnings over a fixed dataset, counted by hand (``deadline_factories.fixed_dataset``), district
scoping, one case's deadlines, and the month-by-month history.

Hand count on 2024-11-15 (yellow: remaining calendar days ≤ 0.2 × the period's calendar days; red:
past due and not met). Calendar facts used: 2024 国庆 10-01..10-07 off, 09-29 (Sun) and 10-12 (Sat)
worked; 2024-11-16/17 and 11-23/24 are weekends.

河西区 — yellow 2, red 4
  H1 立案 08-20 → decision due 11-18 (90 days), 3 of 90 days left → yellow (decision)
  H2 立案 08-01 → decision due 10-30, not decided → red (decision)
  H3 立案 10-01 → decision due 12-30, 45 of 90 left → green; 先行登记保存 11-06 → 7 working days
     11-07..11-15 → due 11-15, 0 of 9 days left → yellow (preservation)
  H4 立案 07-01 → decision due 09-29 (a make-up Sunday), decided 09-20 → met; service and publication
     7 working days after 09-20: 09-23..09-27, 09-29, 09-30 → due 09-30, neither done → red × 2
  H5 archived (final status) → not counted, though never decided
  H6 decided 10-08, served 10-10 (in time), published 10-12 (in time); payment 15 days after service
     → due 10-25, unpaid → red (payment)
南开区 — yellow 4, red 0
  N1 立案 09-10 → due 12-09, 24 of 90 left (0.27) → green; no hearing right (no proposed penalty)
  N2 立案 08-25 → 11-23 is a Saturday → due 11-25; 10 of 92 left (0.109) → yellow (decision); hearing
     notice 11-12 for a hearing on 11-20 was due by 11-11 → met late: never warns
  N3 立案 08-10 → due 11-08, decided 11-06 → met; service and publication due 11-15 (7 working days
     11-07..11-15), 0 of 9 left → yellow × 2
  N4 simplified, fined and served on the spot 11-01 → payment due 11-16 (Saturday) → 11-18; 3 of 17
     left (0.176) → yellow (payment); a simplified case has no publication deadline
和平区 — yellow 1, red 0
  P1 立案 08-17 → due 11-15, 0 of 90 left → yellow (decision)
  P2 everything done in time → nothing
  P3 transferred 11-01 (final) → not counted on 11-15
  P4 立案 08-15 + 30 days approved → due 12-13, 28 of 120 left (0.233) → green (without the extension: red)
市局 — yellow 0, red 1
  C1 立案 08-05 → 11-03 is a Sunday → due 11-04, not decided → red
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases.selectors import warnings as sel
from fazhi.cases.tests import deadline_factories as df
from fazhi.core.calendar import WorkCalendar

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(admin):
    return df.fixed_dataset(admin)


def _counts(result) -> dict[str, tuple[int, int]]:
    return {d["district"]: (d["yellow"], d["red"]) for d in result["districts"]}


def test_counts_equal_the_hand_count(admin, cases):
    result = sel.warnings(user=admin, on=df.ON)
    assert result["on"] == df.ON
    counts = _counts(result)
    assert counts["河西区"] == (2, 4)
    assert counts["南开区"] == (4, 0)
    assert counts["和平区"] == (1, 0)
    assert counts["市局"] == (0, 1)
    assert sum(y for y, _ in counts.values()) == 7 and sum(r for _, r in counts.values()) == 5


def test_every_district_is_listed_in_gbt2260_order_with_zeros(admin, cases):
    names = [d["district"] for d in sel.warnings(user=admin, on=df.ON)["districts"]]
    assert names == ["和平区", "河东区", "河西区", "南开区", "河北区", "红桥区", "东丽区", "西青区", "津南区",
                     "北辰区", "武清区", "宝坻区", "滨海新区", "宁河区", "静海区", "蓟州区", "市局"]
    assert _counts(sel.warnings(user=admin, on=df.ON))["蓟州区"] == (0, 0)


def test_the_case_list_one_entry_per_deadline_in_warning(admin, cases):
    entries = sel.warnings(user=admin, on=df.ON)["cases"]
    got = [(e["case"].number, e["deadline"], e["due"], e["level"]) for e in entries]
    assert got == [  # red first, then by due date, case number (code point order) and procedure order
        ("津西罚〔2024〕4号", "送达行政处罚决定书", D(2024, 9, 30), "red"),
        ("津西罚〔2024〕4号", "公开行政处罚决定", D(2024, 9, 30), "red"),
        ("津西罚〔2024〕6号", "当事人缴纳罚款", D(2024, 10, 25), "red"),
        ("津西罚〔2024〕2号", "作出行政处罚决定", D(2024, 10, 30), "red"),
        ("津司罚〔2024〕1号", "作出行政处罚决定", D(2024, 11, 4), "red"),
        ("津南开罚〔2024〕3号", "送达行政处罚决定书", D(2024, 11, 15), "yellow"),
        ("津南开罚〔2024〕3号", "公开行政处罚决定", D(2024, 11, 15), "yellow"),
        ("津和罚〔2024〕1号", "作出行政处罚决定", D(2024, 11, 15), "yellow"),
        ("津西罚〔2024〕3号", "对先行登记保存的证据作出处理决定", D(2024, 11, 15), "yellow"),
        ("津南开罚〔2024〕4号", "当事人缴纳罚款", D(2024, 11, 18), "yellow"),
        ("津西罚〔2024〕1号", "作出行政处罚决定", D(2024, 11, 18), "yellow"),
        ("津南开罚〔2024〕2号", "作出行政处罚决定", D(2024, 11, 25), "yellow"),
    ]
    assert {e["district"] for e in entries if e["case"].number.startswith("津司")} == {"市局"}


def test_a_district_admin_sees_only_their_district(make_user, district_org, cases):
    hexi = make_user("district_admin", district_org)  # 河西区司法局
    result = sel.warnings(user=hexi, on=df.ON)
    assert result["districts"] == [{"district": "河西区", "yellow": 2, "red": 4}]
    assert {e["district"] for e in result["cases"]} == {"河西区"}
    assert len(result["cases"]) == 6


def test_a_user_without_view_rights_sees_nothing(make_user, city_org, cases):
    from fazhi.accounts.models import User

    nobody = make_user("officer", city_org)
    User.objects.filter(pk=nobody.pk).update(organization=None)
    nobody.refresh_from_db()
    assert sel.warnings(user=nobody, on=df.ON)["cases"] == []


def test_history_at_month_ends_uses_only_dates_known_then(admin, cases):
    points = sel.history(user=admin, months=3, on=df.ON)
    assert [p["day"] for p in points] == [D(2024, 9, 30), D(2024, 10, 31), D(2024, 11, 15)]
    at = [_counts(p) for p in points]
    # 09-30: H4 service and publication due that day → yellow × 2; P3 (立案 05-01, due 07-30, transferred
    # only on 11-01) → red; everything else green or not yet started.
    assert (at[0]["河西区"], at[0]["南开区"], at[0]["和平区"], at[0]["市局"]) == ((2, 0), (0, 0), (0, 1), (0, 0))
    # 10-31: H1 18 of 90 left → yellow (exactly 0.2); H2 due 10-30 → red; H4 × 2 red; H6 payment due
    # 10-25 → red; H3's preservation (11-06) not yet; N3 due 11-08, 8 of 90 left → yellow; N2's hearing
    # dates (11-01 on) ignored; P1 15 of 90 → yellow; P3 still red; C1 due 11-04, 4 of 91 → yellow.
    assert (at[1]["河西区"], at[1]["南开区"], at[1]["和平区"], at[1]["市局"]) == ((1, 4), (1, 0), (1, 1), (1, 0))
    # 11-15: the same as the warnings of that day.
    assert (at[2]["河西区"], at[2]["南开区"], at[2]["和平区"], at[2]["市局"]) == ((2, 4), (4, 0), (1, 0), (0, 1))
    assert (points[1]["yellow"], points[1]["red"]) == (4, 5)


def test_one_case_deadlines_with_levels(cases):
    rows = sel.case_deadlines(cases["H4"], on=df.ON, calendar=WorkCalendar())
    got = {r.deadline.key: (r.deadline.due, r.level, r.state) for r in rows}
    assert got["decision"] == (D(2024, 9, 29), None, "已完成(2024-09-20)")
    assert got["service"] == (D(2024, 9, 30), "red", "已逾期 46 日")
    assert got["publication"][1] == "red"
    assert rows[0].deadline.source == "行政处罚法第六十条"


def test_steps_pair_preservations_and_date_extensions(admin, cases):
    h3 = cases["H3"]
    df.add_step(h3, "decide_preservation", D(2024, 11, 14), user=admin)
    dates = sel.case_dates(h3)
    assert dates.preservations == ((D(2024, 11, 6), D(2024, 11, 14)),)
    assert sel.warnings(user=admin, on=df.ON)["districts"][2] == {"district": "河西区", "yellow": 1, "red": 4}
    p4 = cases["P4"]
    df.add_step(p4, "extend", D(2024, 11, 10), user=admin, data={"days": 30, "approved_by": "张局长"})
    assert sel.case_dates(p4).extensions == ((D(2024, 11, 10), 30),)
    # Before the extension was approved (11-10) only the 90 days counted: due 11-13, 4 of 90 left → yellow.
    rows = sel.case_deadlines(p4, on=D(2024, 11, 9), calendar=WorkCalendar())
    assert (rows[0].deadline.due, rows[0].level) == (D(2024, 11, 13), "yellow")
    rows = sel.case_deadlines(p4, on=D(2024, 11, 10), calendar=WorkCalendar())
    assert (rows[0].deadline.due, rows[0].level) == (D(2024, 12, 13), "green")


def test_an_uncovered_year_is_reported_not_raised(admin):
    case = df.make_case("津西罚〔2026〕9号", filed_on=D(2026, 11, 2))  # 90 days → 2027, not in the calendar
    result = sel.supervision(user=admin, on=D(2026, 12, 1), months=2)
    assert result["cases"] == []
    assert [(e["case"], e["deadline"]) for e in result["not_computed"]] == [(case, "作出行政处罚决定")]
    assert "2027" in result["not_computed"][0]["error"]
