"""``fazhi registry import|export`` from the command line."""

import pytest
from django.core.management import call_command

from fazhi.core import tabular
from fazhi.institutions.importers import InstitutionSpec
from fazhi.institutions.models import Institution
from fazhi.institutions.tests.factories import institution_row

pytestmark = pytest.mark.django_db


def _write(path, rows):
    headers = InstitutionSpec().headers
    path.write_bytes(tabular.write_csv(headers, ([r[h] for h in headers] for r in rows)))


def test_import_then_export_round_trip(tmp_path, capsys):
    source = tmp_path / "in.csv"
    _write(source, [institution_row(), institution_row()])
    call_command("registry", "import", "institutions", str(source))
    assert Institution.objects.count() == 2
    out = tmp_path / "out.xlsx"
    call_command("registry", "export", "institutions", str(out))
    call_command("registry", "import", "institutions", str(out))
    assert "新增 0,更新 0,未变 2" in capsys.readouterr().out


def test_bad_file_exits_1_listing_rows(tmp_path, capsys):
    source = tmp_path / "bad.csv"
    _write(source, [institution_row(), institution_row(**{"所在区": "朝阳区"})])
    with pytest.raises(SystemExit) as exc:
        call_command("registry", "import", "institutions", str(source))
    assert exc.value.code == 1
    assert "第 3 行 所在区:找不到行政区“朝阳区”" in capsys.readouterr().err
    assert Institution.objects.count() == 0


def test_partial_import_writes_rejects(tmp_path):
    source = tmp_path / "mixed.csv"
    _write(source, [institution_row(), institution_row(**{"所在区": "朝阳区"})])
    call_command("registry", "import", "institutions", str(source), "--partial")
    assert Institution.objects.count() == 1
    assert (tmp_path / "mixed.csv.rejects.xlsx").exists()
