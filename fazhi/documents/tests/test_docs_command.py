"""``fazhi docs sample`` prints every document of a demo case (and writes nothing to the database);
``fazhi docs numbers`` lists the 发文字号 series and ``--check`` finds gaps."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from pypdf import PdfReader

from fazhi.cases.models import Case
from fazhi.core.models import AuditEvent
from fazhi.demo.services import demo_load
from fazhi.documents.catalog import DOCUMENT_TYPES
from fazhi.documents.management.commands.docs import file_name, sample_case
from fazhi.documents.models import Document, IssuedNumber, NumberSeries
from fazhi.documents.services.numbers import number_allocate, number_void

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("docs", *args, stdout=out)
    return out.getvalue()


def pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(path).pages))


# ---------------------------------------------------------------- sample

def test_sample_prints_every_document_of_the_richest_demo_case(tmp_path):
    demo_load(scale=20)
    case = sample_case()
    assert case.source_note.startswith("【演示】") and case.status == "archived"
    assert case.steps.filter(action="hold_hearing").exists() and case.steps.filter(action="decide").exists()
    before = (AuditEvent.objects.count(), IssuedNumber.objects.count(), NumberSeries.objects.count(),
              Document.objects.count())
    out_dir = tmp_path / "样本"
    out = run("sample", str(out_dir))
    assert before == (AuditEvent.objects.count(), IssuedNumber.objects.count(), NumberSeries.objects.count(),
                      Document.objects.count())  # nothing written
    expected = {file_name(no, suffix) for no in DOCUMENT_TYPES for suffix in ("pdf", "docx")} | {"00-卷宗.pdf"}
    assert {p.name for p in out_dir.iterdir()} == expected and len(expected) == 73
    assert all((out_dir / name).stat().st_size > 0 for name in expected)
    assert out.count("字节") == 73 and case.number in out.splitlines()[-1] and "73 个文件" in out
    assert case.party_name not in out  # no personal data on the console
    decision = pdf_text(out_dir / file_name(27, "pdf"))
    assert "行政处罚决定书" in decision and re.sub(r"\s+", "", case.party_name) in decision
    assert "草稿" not in decision
    bound = PdfReader(out_dir / "00-卷宗.pdf")
    pages = sum(len(PdfReader(out_dir / file_name(no, "pdf")).pages) for no in DOCUMENT_TYPES if no != 36)
    assert len(bound.pages) > pages


def test_sample_of_a_named_case_and_without_any_case(tmp_path):
    with pytest.raises(CommandError, match="fazhi demo") as exc:
        run("sample", str(tmp_path / "a"))
    assert exc.value.returncode == 2
    with pytest.raises(CommandError, match="津司罚案〔2099〕1号") as exc:
        run("sample", str(tmp_path / "b"), "--case", "津司罚案〔2099〕1号")
    assert exc.value.returncode == 2
    assert not Case.objects.exists() and not (tmp_path / "a").exists()


# ---------------------------------------------------------------- numbers

def test_numbers_lists_series_and_check_finds_gaps(admin, city_org, district_org):
    for unit, series, year, n in ((city_org, "罚", 2024, 3), (district_org, "罚", 2024, 2), (city_org, "罚", 2025, 1)):
        for _ in range(n):
            with transaction.atomic():
                number = number_allocate(unit=unit, series=series, year=year, purpose="document")
    number_void(actor=admin, number=IssuedNumber.objects.get(text="津司罚〔2024〕2号"), reason="重新制作")
    out = run("numbers")
    lines = [line.split() for line in out.splitlines()]
    assert ["天津市司法局", "津司", "罚", "2024", "3", "1"] in lines
    assert ["天津市司法局", "津司", "罚", "2025", "1", "0"] in lines
    assert [district_org.name, district_org.doc_prefix, "罚", "2024", "2", "0"] in lines
    out = run("numbers", "--unit", "TJ-SFJ", "--year", "2024", "--check")
    assert "津司" in out and "2025" not in out and district_org.name not in out and "均无缺号" in out
    with pytest.raises(CommandError, match="NOPE") as exc:
        run("numbers", "--unit", "NOPE")
    assert exc.value.returncode == 2

    # a gap can only come from outside the services: make one by hand
    IssuedNumber.objects.create(unit=city_org, series="罚", year=2024, seq=5, text="津司罚〔2024〕5号", purpose="document")
    NumberSeries.objects.filter(unit=city_org, series="罚", year=2024).update(last=6)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("docs", "numbers", "--check", stdout=out)
    assert exit_.value.code == 1
    assert "缺号 2 个" in out.getvalue()
    assert "津司罚〔2024〕4号" in out.getvalue() and "津司罚〔2024〕6号" in out.getvalue()
    assert number.text == "津司罚〔2025〕1号"


def test_the_cli_help_lists_the_docs_command():
    from fazhi import cli

    assert "fazhi docs sample OUT_DIR" in cli.__doc__ and "fazhi docs numbers" in cli.__doc__
