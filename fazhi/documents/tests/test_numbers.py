"""发文字号: gapless, duplicate-free numbers per unit, series and year; the ledger keeps every number
given out, voided ones included; the seed migration carries the numbers given before the engine."""

from __future__ import annotations

import datetime as dt
import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection, connections, transaction

from fazhi.cases.models import Case
from fazhi.core.audit import history_for
from fazhi.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from fazhi.documents.layout import number_text
from fazhi.documents.models import IssuedNumber, NumberSeries, NumberStatus
from fazhi.documents.services.numbers import ledger_gaps, number_allocate, number_void
from fazhi.orgs.models import Organization

D = dt.date


class Rollback(Exception):
    pass


def take(unit, series="罚", year=2024, purpose="document") -> IssuedNumber:
    with transaction.atomic():
        return number_allocate(unit=unit, series=series, year=year, purpose=purpose)


@pytest.fixture
def nankai(db):
    return Organization.objects.get(code="120104-SFJ")


# ---------------------------------------------------------------- text

def test_number_text_has_full_year_no_leading_zeros_and_no_di():
    assert number_text("津司", "罚", 2024, 12) == "津司罚〔2024〕12号"
    assert number_text("津河西司", "检通", 2025, 1) == "津河西司检通〔2025〕1号"
    assert number_text("津司", "罚", 2024, 100) == "津司罚〔2024〕100号"
    with pytest.raises(ValueError):
        number_text("津司", "罚", 2024, 0)


# ---------------------------------------------------------------- allocation

@pytest.mark.django_db
def test_numbers_run_one_two_three_per_unit_series_and_year(city_org, district_org, nankai):
    assert [take(city_org).seq for _ in range(3)] == [1, 2, 3]
    third = IssuedNumber.objects.get(unit=city_org, series="罚", year=2024, seq=3)
    assert third.text == f"{city_org.doc_prefix}罚〔2024〕3号" == "津司罚〔2024〕3号"
    assert third.status == NumberStatus.ISSUED and third.purpose == "document"
    # other series, years and units each start at 1 and do not disturb the first
    assert take(city_org, series="罚告").text == "津司罚告〔2024〕1号"
    assert take(city_org, year=2025).text == "津司罚〔2025〕1号"
    assert take(district_org).text == f"{district_org.doc_prefix}罚〔2024〕1号"
    assert take(nankai).seq == 1
    assert take(city_org).text == "津司罚〔2024〕4号"
    assert NumberSeries.objects.get(unit=city_org, series="罚", year=2024).last == 4
    for unit in (city_org, district_org, nankai):
        assert ledger_gaps(unit=unit, series="罚", year=2024) == []


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_number_back(city_org):
    take(city_org)
    with pytest.raises(Rollback):
        with transaction.atomic():
            assert number_allocate(unit=city_org, series="罚", year=2024, purpose="document").seq == 2
            raise Rollback  # e.g. the document could not be saved
    assert not IssuedNumber.objects.filter(unit=city_org, series="罚", year=2024, seq=2).exists()
    assert take(city_org).seq == 2
    assert ledger_gaps(unit=city_org, series="罚", year=2024) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_allocate_outside_a_transaction_is_refused():
    unit = Organization.objects.get(code="TJ-SFJ")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        number_allocate(unit=unit, series="罚", year=2024, purpose="document")
    assert not IssuedNumber.objects.filter(unit=unit, series="罚").exists()


# ---------------------------------------------------------------- voiding and the ledger

@pytest.mark.django_db
def test_a_voided_number_stays_in_the_ledger_and_is_never_reused(admin, city_org):
    first, second = take(city_org), take(city_org)
    with pytest.raises(ValidationFailed, match="作废理由"):
        number_void(actor=admin, number=second, reason="  ")
    voided = number_void(actor=admin, number=second, reason="文书内容有误,重新制作")
    row = IssuedNumber.objects.get(pk=second.pk)
    assert row.status == NumberStatus.VOIDED == voided.status
    assert row.void_reason == "文书内容有误,重新制作" and row.voided_at is not None
    assert row.text == "津司罚〔2024〕2号"
    event = history_for(row).first()
    assert event.action == "issued_number.void" and event.reason == "文书内容有误,重新制作"
    with pytest.raises(InvalidTransition, match="已作废"):
        number_void(actor=admin, number=row, reason="再次作废")
    assert take(city_org).seq == 3  # the voided 2 is not given out again
    assert IssuedNumber.objects.get(pk=first.pk).status == NumberStatus.ISSUED
    assert list(IssuedNumber.objects.filter(unit=city_org, series="罚").values_list("seq", "status")) == [
        (1, "issued"), (2, "voided"), (3, "issued")]
    assert ledger_gaps(unit=city_org, series="罚", year=2024) == []


@pytest.mark.django_db
def test_numbers_cannot_be_deleted(city_org):
    number = take(city_org)
    with pytest.raises(PermissionDenied, match="不能删除"):
        number.delete()
    with pytest.raises(PermissionDenied):
        IssuedNumber.objects.filter(pk=number.pk).delete()
    with pytest.raises(PermissionDenied):
        NumberSeries.objects.all().delete()
    assert IssuedNumber.objects.filter(pk=number.pk).exists()


@pytest.mark.django_db
def test_ledger_gaps_reports_missing_sequence_numbers(city_org):
    assert ledger_gaps(unit=city_org, series="罚", year=2024) == []
    for _ in range(3):
        take(city_org)
    # a gap can only come from outside the services; make one by hand to see it reported
    IssuedNumber.objects.create(unit=city_org, series="罚", year=2024, seq=6, text="津司罚〔2024〕6号", purpose="document")
    assert ledger_gaps(unit=city_org, series="罚", year=2024) == [4, 5]


# ---------------------------------------------------------------- the seed migration

def _seed_migration():
    return importlib.import_module("fazhi.documents.migrations.0002_seed_number_series")


@pytest.mark.django_db
def test_seed_migration_continues_after_the_highest_case_number(district_org):
    for n in (3, 7):
        Case.objects.create(number=f"津河西司罚案〔2024〕{n}号", case_type="ordinary", status="source", field="lawyer",
                            unit=district_org, district_id=district_org.district_id, source_kind="complaint",
                            received_on=D(2024, 8, 19), party_kind="person", party_name="王小明",
                            violation_summary="测试", violation_date=D(2024, 6, 3), discovered_on=D(2024, 8, 19))
    _seed_migration().seed(apps, None)
    assert NumberSeries.objects.get(unit=district_org, series="罚案", year=2024).last == 7
    assert set(IssuedNumber.objects.filter(unit=district_org, series="罚案").values_list("text", flat=True)) == {
        "津河西司罚案〔2024〕3号", "津河西司罚案〔2024〕7号"}
    _seed_migration().seed(apps, None)  # running it again changes nothing
    assert IssuedNumber.objects.filter(unit=district_org, series="罚案").count() == 2
    assert take(district_org, series="罚案", purpose="case").text == "津河西司罚案〔2024〕8号"


# ---------------------------------------------------------------- concurrency (PostgreSQL)

THREADS, EACH = 20, 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs real concurrent connections: SQLite serialises writers by itself")
def test_concurrent_requests_get_distinct_consecutive_numbers():
    unit = Organization.objects.get(code="TJ-SFJ")
    start = threading.Barrier(THREADS)
    taken: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def request():
        try:
            start.wait()
            for _ in range(EACH):
                with transaction.atomic():
                    number = number_allocate(unit=unit, series="并发", year=2024, purpose="document")
                with lock:
                    taken.append((number.seq, number.text))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    total = THREADS * EACH
    assert len({text for _, text in taken}) == total
    assert sorted(seq for seq, _ in taken) == list(range(1, total + 1))
    assert IssuedNumber.objects.filter(unit=unit, series="并发", year=2024).count() == total
    assert NumberSeries.objects.get(unit=unit, series="并发", year=2024).last == total
    assert ledger_gaps(unit=unit, series="并发", year=2024) == []
