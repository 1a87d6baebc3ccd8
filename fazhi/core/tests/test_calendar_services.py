"""Calendar services: permissions, validation, audit, and ``current_calendar`` with DB overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.accounts.models import User
from fazhi.core.audit import verify_chain
from fazhi.core.errors import CalendarNotCovered, PermissionDenied, ValidationFailed
from fazhi.core.models import AuditEvent, CalendarDay, CalendarYear
from fazhi.core.services.calendar import calendar_day_set, calendar_year_declare, current_calendar
from fazhi.orgs.models import District, Organization

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def city_admin():
    org = Organization.objects.create(code="T-CITY", name="测试市级单位", kind="city_bureau", district=None)
    return User.objects.create(username="t_city_admin", organization=org, role="city_admin")


@pytest.fixture
def district_admin():
    district = District.objects.create(code="999901", name="测试区", short_name="测试")
    org = Organization.objects.create(code="T-DIST", name="测试区司法局", kind="district_bureau",
                                      district=district)
    return User.objects.create(username="t_district_admin", organization=org, role="district_admin")


def enter_2027(actor):
    calendar_day_set(actor=actor, day=D(2027, 1, 1), is_workday=False, name="元旦")
    calendar_year_declare(actor=actor, year=2027, notice="国办发明电〔2026〕x号")


def test_declared_year_with_days_becomes_computable(city_admin):
    calendar_day_set(actor=city_admin, day=D(2027, 1, 1), is_workday=False, name="元旦")
    with pytest.raises(CalendarNotCovered):  # days entered, year not yet declared complete
        current_calendar().add_working_days(D(2026, 12, 31), 1)
    year = calendar_year_declare(actor=city_admin, year=2027, notice="国办发明电〔2026〕x号", note="测试")
    assert year.entered_by == city_admin and year.entered_at is not None
    cal = current_calendar()
    assert 2027 in cal.covered_years
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # Fri 元旦, weekend, Mon
    assert cal.day_name(D(2027, 1, 1)) == "元旦"
    with pytest.raises(CalendarNotCovered):
        cal.is_workday(D(2031, 5, 6))


def test_override_in_package_year_changes_only_that_date(city_admin):
    assert current_calendar().add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    calendar_day_set(actor=city_admin, day=D(2024, 10, 8), is_workday=False, name="临时休息")
    cal = current_calendar()
    assert cal.add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 9)
    assert cal.is_workday(D(2024, 10, 12))  # package data still applies to other dates
    # flip it back: the record stays, its value changes
    calendar_day_set(actor=city_admin, day=D(2024, 10, 8), is_workday=True, name="恢复工作日")
    assert CalendarDay.objects.filter(date=D(2024, 10, 8)).count() == 1
    assert current_calendar().add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)


def test_audit_events_written(city_admin):
    day = calendar_day_set(actor=city_admin, day=D(2027, 1, 1), is_workday=False, name="元旦")
    ev = AuditEvent.objects.get(action="calendar.day.set")
    assert ev.actor_id == city_admin.pk and ev.object_id == str(day.pk)
    assert ev.object_type == "core.calendarday"
    assert ev.after == {"date": "2027-01-01", "is_workday": False, "name": "元旦"}

    calendar_day_set(actor=city_admin, day=D(2027, 1, 1), is_workday=False, name="元旦")  # no change
    assert not AuditEvent.objects.filter(action="calendar.day.update").exists()
    calendar_day_set(actor=city_admin, day=D(2027, 1, 1), is_workday=True, name="调休上班")
    upd = AuditEvent.objects.get(action="calendar.day.update")
    assert upd.before["is_workday"] is False and upd.after["is_workday"] is True

    calendar_day_set(actor=city_admin, day=D(2027, 1, 1), is_workday=False, name="元旦")
    year = calendar_year_declare(actor=city_admin, year=2027, notice="国办发明电〔2026〕x号")
    ev = AuditEvent.objects.get(action="calendar.year.declare")
    assert ev.object_id == str(year.pk) and ev.after["notice"] == "国办发明电〔2026〕x号"
    calendar_year_declare(actor=city_admin, year=2027, notice="国办发明电〔2026〕7号")
    assert AuditEvent.objects.get(action="calendar.year.update").before["notice"] == "国办发明电〔2026〕x号"
    assert CalendarYear.objects.get().notice == "国办发明电〔2026〕7号"
    assert verify_chain().ok


def test_non_city_admin_refused(district_admin):
    with pytest.raises(PermissionDenied):
        calendar_day_set(actor=district_admin, day=D(2027, 1, 1), is_workday=False, name="元旦")
    with pytest.raises(PermissionDenied):
        calendar_year_declare(actor=district_admin, year=2027, notice="国办发明电〔2026〕x号")
    officer = User.objects.create(username="t_officer", organization=district_admin.organization, role="officer")
    with pytest.raises(PermissionDenied):
        calendar_day_set(actor=officer, day=D(2027, 1, 1), is_workday=False, name="元旦")
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("day, name, field", [
    ("2027-01-01", "元旦", "日期"),
    (dt.datetime(2027, 1, 1, 8), "元旦", "日期"),
    (D(1999, 1, 1), "元旦", "日期"),
    (D(2027, 1, 1), "  ", "名称"),
    (D(2027, 1, 1), "长" * 33, "名称"),
])
def test_day_validation(city_admin, day, name, field):
    with pytest.raises(ValidationFailed) as exc:
        calendar_day_set(actor=city_admin, day=day, is_workday=False, name=name)
    assert [p.field for p in exc.value.problems] == [field]
    assert not AuditEvent.objects.exists()


def test_is_workday_must_be_bool(city_admin):
    with pytest.raises(ValidationFailed, match="是否工作日"):
        calendar_day_set(actor=city_admin, day=D(2027, 1, 1), is_workday="yes", name="元旦")


def test_year_validation(city_admin):
    with pytest.raises(ValidationFailed) as exc:
        calendar_year_declare(actor=city_admin, year=2027, notice="国办发明电〔2026〕x号")
    assert "尚未录入 2027 年的任何节假日" in exc.value.message  # declare only after entering its days
    with pytest.raises(ValidationFailed) as exc:
        calendar_year_declare(actor=city_admin, year=1900, notice="")
    assert {p.field for p in exc.value.problems} == {"年份", "通知文号"}
    # a package-covered year may be declared (records its notice) without entering days
    calendar_year_declare(actor=city_admin, year=2026, notice="国办发明电〔2025〕7号")
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_admin_saves_through_services(client, city_admin, district_admin):
    city_admin.is_staff = True
    city_admin.save()
    client.force_login(city_admin)
    resp = client.post("/admin/core/calendarday/add/", {"date": "2027-01-01", "is_workday": "", "name": "元旦"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert AuditEvent.objects.filter(action="calendar.day.set", actor_id=city_admin.pk).exists()
    resp = client.post("/admin/core/calendaryear/add/", {"year": "2028", "notice": "x", "note": ""})
    assert resp.status_code == 200 and "尚未录入 2028 年的任何节假日" in resp.content.decode()
    resp = client.post("/admin/core/calendaryear/add/", {"year": "2027", "notice": "国办发明电〔2026〕x号"})
    assert resp.status_code == 302 and CalendarYear.objects.get(year=2027).entered_by == city_admin
    year = CalendarYear.objects.get(year=2027)
    resp = client.post(f"/admin/core/calendaryear/{year.pk}/change/", {"notice": "国办发明电〔2026〕7号", "note": ""})
    assert resp.status_code == 302 and AuditEvent.objects.filter(action="calendar.year.update").exists()
    day = CalendarDay.objects.get()
    resp = client.post(f"/admin/core/calendarday/{day.pk}/change/", {"is_workday": "on", "name": "调休上班"})
    assert resp.status_code == 302 and CalendarDay.objects.get().is_workday
    assert client.get(f"/admin/core/calendarday/{day.pk}/delete/").status_code == 403
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.get("/admin/core/auditevent/add/").status_code == 403

    district_admin.is_staff = True
    district_admin.save()
    client.force_login(district_admin)
    assert client.get("/admin/core/auditevent/").status_code == 403
    assert client.get("/admin/core/calendarday/add/").status_code == 403
    assert client.get("/admin/core/calendarday/").status_code == 200
