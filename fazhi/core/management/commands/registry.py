"""``fazhi registry import|export KIND FILE``: the registries' spreadsheets from the command line.

KIND is institutions, practitioners, officers, laws or articles; FILE ends in .xlsx or .csv.
Import validates every row first and saves nothing when any row is bad (exit 1, every problem
listed), unless ``--partial``: then the good rows are saved and the bad ones are written beside FILE
as ``FILE.rejects.xlsx``. Runs as the system (recorded so in the audit trail).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import tabular
from fazhi.core.errors import ValidationFailed
from fazhi.core.importing import ImportRejected, run_import
from fazhi.core.registries import specs


class Command(BaseCommand):
    help = "名录库导入导出:registry import|export KIND FILE"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("kind", choices=sorted(specs()))
        parser.add_argument("file")
        parser.add_argument("--partial", action="store_true", help="只导入正确的行,错误的行另存为文件")

    def handle(self, *args, action, kind, file, partial, **options):
        spec = specs()[kind]
        path = Path(file)
        if action == "export":
            fmt = path.suffix.lower().lstrip(".")
            data, _ = tabular.write(fmt, spec.headers, spec.export_rows(spec.model.objects.all()), title=spec.label)
            path.write_bytes(data)
            self.stdout.write(f"已导出{spec.label}到 {path}")
            return
        if not path.exists():
            raise CommandError(f"文件不存在:{path}")
        try:
            result = run_import(actor=None, spec=spec, sheet=tabular.read_path(path), partial=partial,
                                source=path.name)
        except ImportRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            self.stderr.write(exc.message)
            sys.exit(1)
        except ValidationFailed as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"{spec.label}:新增 {result.created},更新 {result.updated},未变 {result.unchanged},"
                          f"错误 {result.rejected_count}")
        if result.rejected:
            rejects = path.with_name(path.name + ".rejects.xlsx")
            rejects.write_bytes(result.rejects_file("xlsx")[0])
            self.stdout.write(f"错误的行已写入 {rejects}")
