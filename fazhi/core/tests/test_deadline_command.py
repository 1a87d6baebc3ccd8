"""``manage.py deadline START N working|calendar``."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.services.calendar import calendar_day_set, calendar_year_declare

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def run(*args) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.mark.parametrize("args, due", [
    (("2024-09-30", "7", "working"), "2024-10-15"),
    (("2024-09-30", "5", "working"), "2024-10-12"),
    (("2025-01-27", "5", "working"), "2025-02-10"),
    (("2025-01-24", "1", "working"), "2025-01-26"),
    (("2024-09-25", "10", "calendar"), "2024-10-08"),
    (("2025-01-15", "15", "calendar"), "2025-02-05"),
    (("2025-01-24", "15", "calendar"), "2025-02-08"),
])
def test_due_date_alone_on_last_line(args, due):
    lines = run(*args)
    assert lines[-1] == due
    assert lines[-2].startswith(f"起算日 {args[0]}") and lines[-2].endswith("届满日:")


def test_output_explains_move():
    lines = run("2024-09-25", "10", "calendar")
    assert any("2024-10-05" in line and "国庆节" in line and "顺延" in line for line in lines)
    assert "起算日 2024-09-30,7 个工作日,届满日:" in run("2024-09-30", "7", "working")


@pytest.mark.parametrize("start", ["2031-03-02", "2003-12-30"])
def test_uncovered_year_fails(start):
    with pytest.raises(CommandError) as exc:
        run(start, "3", "working")
    assert exc.value.returncode == 2
    assert f"未包含 {start[:4]} 年" in str(exc.value)


@pytest.mark.parametrize("args, words", [
    (("2024-13-01", "3", "working"), "起算日"),
    (("2024-09-30", "三", "working"), "期间长度"),
    (("2024-09-30", "0", "calendar"), "期间长度"),
    (("2024-09-30", "3", "weeks"), "期间单位"),
])
def test_bad_arguments(args, words):
    with pytest.raises(CommandError, match=words) as exc:
        run(*args)
    assert exc.value.returncode == 2


def test_uses_database_overrides():
    calendar_day_set(actor=None, day=dt.date(2027, 1, 1), is_workday=False, name="元旦")
    calendar_year_declare(actor=None, year=2027, notice="国办发明电〔2026〕x号")
    assert run("2026-12-31", "1", "working")[-1] == "2027-01-04"


def test_cli_exit_status_and_stderr(tmp_path):
    """Through the real CLI: non-zero exit and the Chinese message on stderr."""
    env = {**os.environ, "FAZHI_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.pop("DATABASE_URL", None)  # a throw-away SQLite file, never the suite's PostgreSQL
    manage = [sys.executable, "-m", "django"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    bad = subprocess.run([*manage, "deadline", "2031-01-05", "3", "working"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == ""
    assert "工作日历未包含 2031 年的法定节假日安排" in bad.stderr
    good = subprocess.run([*manage, "deadline", "2024-09-30", "7", "working"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert good.returncode == 0 and good.stdout.strip().splitlines()[-1] == "2024-10-15"
