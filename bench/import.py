"""Benchmark: import N institutions (default 100,000) from an .xlsx file into a fresh database.

    .venv/bin/python bench/import.py [--rows N] [--database-url URL]

Prints rows/s for the whole import (read the workbook, validate every row, write the records and
their audit events) and the peak memory (RSS) of the importing process. The workbook is made by the
demo generator (`--scale N`) in a separate process first, so its memory is not counted.
Target (issue 2): ≥ 5,000 rows/s on SQLite. Record results in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_workbook(path: Path, rows: int) -> None:
    from fazhi.core import tabular
    from fazhi.demo.generator import INSTITUTION_HEADERS, generate

    headers = list(INSTITUTION_HEADERS)
    data = generate(2024, today=dt.date(2024, 6, 1), scale=rows)
    body = ([row[h] for h in headers] for row in data.institutions)
    path.write_bytes(tabular.write_xlsx(headers, body, title="监管对象"))


def run_import(path: Path) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from django.core.management import call_command

    from fazhi.core import tabular
    from fazhi.core.importing import run_import as do_import
    from fazhi.institutions.importers import InstitutionSpec
    from fazhi.institutions.models import Institution

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    sheet = tabular.read_path(path)
    result = do_import(actor=None, spec=InstitutionSpec(), sheet=sheet, source=path.name)
    seconds = time.perf_counter() - start
    assert Institution.objects.count() == result.created
    return {"created": result.created, "seconds": seconds,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--_import", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._import:
        print(json.dumps(run_import(Path(args._import))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "institutions.xlsx"
        t0 = time.perf_counter()
        make_workbook(book, args.rows)
        print(f"workbook: {args.rows:,} rows, {book.stat().st_size / 2**20:.1f} MiB, made in {time.perf_counter() - t0:.1f} s")
        env = {**os.environ, "FAZHI_HOME": tmp}
        env["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        out = subprocess.run([sys.executable, __file__, "--_import", str(book)], env=env, check=True,
                             capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
    engine = "PostgreSQL" if args.database_url and args.database_url.startswith("postgres") else "SQLite"
    print(f"import ({engine}): {r['created']:,} institutions in {r['seconds']:.1f} s = "
          f"{r['created'] / r['seconds']:,.0f} rows/s; peak memory {r['peak_rss_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
