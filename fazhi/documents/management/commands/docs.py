"""``fazhi docs``: the standard documents from the console.

- ``fazhi docs sample OUT_DIR [--case NUMBER]``: every document type (1–36) of one case printed into
  ``OUT_DIR`` as ``NN-<name>.pdf`` and ``NN-<name>.docx``, plus ``00-卷宗.pdf``, the case file bound from
  those PDFs. The case is ``--case`` (its 案件编号) or, by default, the demo case (``fazhi demo``) with the
  most steps. The documents are built from the case data as a draft would be, but printed as final
  copies (no 草稿 mark) with the 发文字号 left blank: a sample takes no number and **writes nothing to
  the database** (it runs in a transaction that is rolled back). Exit 2 when there is no such case.
- ``fazhi docs numbers [--unit CODE] [--year YYYY] [--check]``: the 发文字号 series (unit, word, year,
  last number given, how many voided). With ``--check``, exit 1 listing every missing number (a gap in
  the ledger, or a counter ahead of it).

The console has no logged-in user: it reads the whole city. It prints case numbers and document names,
never a party's name or other personal data.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Max, Q

from fazhi.cases.demo import DEMO_MARK
from fazhi.cases.models import Case
from fazhi.documents.catalog import CASE_FILE, DOCUMENT_TYPES
from fazhi.documents.layout import cn_date, number_text
from fazhi.documents.models import IssuedNumber, NumberSeries, NumberStatus
from fazhi.documents.services.numbers import ledger_gaps
from fazhi.orgs.models import Organization
from fazhi.core import console

USAGE_ERROR = 2
GAPS_FOUND = 1
UNSAFE = str.maketrans({c: "_" for c in '/\\:*?"<>|'})


def sample_case(number: str | None = None) -> Case | None:
    """The case ``number``, or the demo case with the most steps (then any case with the most steps)."""
    cases = Case.objects.select_related("unit")
    if number:
        return cases.filter(number=number.strip()).first()
    ranked = cases.annotate(n_steps=Count("steps")).order_by("-n_steps", "pk")
    return ranked.filter(source_note__startswith=DEMO_MARK).first() or ranked.first()


def file_name(no: int, suffix: str) -> str:
    return f"{no:02d}-{DOCUMENT_TYPES[no].name.translate(UNSAFE)}.{suffix}"


class Command(BaseCommand):
    help = "执法文书:sample 生成一个案件的全部文书样本(PDF、DOCX 及卷宗);numbers 列出发文字号序列并检查缺号"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sample = sub.add_parser("sample", help="把 36 种文书按一个案件生成到目录(不写数据库)")
        sample.add_argument("out_dir", metavar="OUT_DIR", help="输出目录(不存在时创建)")
        sample.add_argument("--case", dest="case_number", help="案件编号,默认取办案环节最多的演示案件")
        numbers = sub.add_parser("numbers", help="发文字号序列:已用到的号、作废数;--check 检查缺号")
        numbers.add_argument("--unit", help="单位代码,如 TJ-SFJ、120103-SFJ")
        numbers.add_argument("--year", type=int, help="年份,如 2024")
        numbers.add_argument("--check", action="store_true", help="检查缺号:有缺号时列出并以状态 1 退出")

    def handle(self, *args, action: str, **options):
        if action == "sample":
            self._sample(Path(options["out_dir"]), options.get("case_number"))
        elif action == "numbers":
            self._numbers(options.get("unit"), options.get("year"), options["check"])

    # ------------------------------------------------------------ sample

    def _sample(self, out_dir: Path, number: str | None):
        case = sample_case(number)
        if case is None:
            what = f"案件“{number}”" if number else "任何案件"
            raise CommandError(f"找不到{what}:请先运行 fazhi demo 载入演示数据,或用 --case 指定已有的案件编号",
                               returncode=USAGE_ERROR)
        from fazhi.documents.builders import build
        from fazhi.documents.builders.source import source_for
        from fazhi.documents.render.casefile import Entry, bind_case_file
        from fazhi.documents.render.docx import render_docx
        from fazhi.documents.render.pdf import render_pdf

        out_dir.mkdir(parents=True, exist_ok=True)
        written = 0
        entries = []
        with transaction.atomic():  # builders only read; the rollback guarantees the sample writes nothing
            steps = list(case.steps.order_by("recorded_at", "id"))
            for no in sorted(DOCUMENT_TYPES):
                step = next((s for s in reversed(steps) if no in s.documents), None)
                content = replace(build(no, source_for(case=case, step=step)), draft=False, number="")
                pdf = render_pdf(content)
                for suffix, data in (("pdf", pdf), ("docx", render_docx(content))):
                    path = out_dir / file_name(no, suffix)
                    path.write_bytes(data)
                    written += 1
                    self.stdout.write(f"{path}  {len(data):,} 字节")
                if no != CASE_FILE:
                    on = step.occurred_on if step is not None else None
                    entries.append(Entry(title=DOCUMENT_TYPES[no].name, number="", date=cn_date(on), pdf=pdf))
                else:
                    cover = content
            bound = bind_case_file(cover, entries)
            transaction.set_rollback(True)
        path = out_dir / "00-卷宗.pdf"
        path.write_bytes(bound)
        written += 1
        self.stdout.write(f"{path}  {len(bound):,} 字节")
        self.stdout.write(f"完成:案件 {case.number} 的 {len(DOCUMENT_TYPES)} 种文书(PDF、DOCX 各一份)及卷宗,"
                          f"共 {written} 个文件,保存在 {out_dir}")

    # ------------------------------------------------------------ numbers

    def _numbers(self, unit_code: str | None, year: int | None, check: bool):
        series = NumberSeries.objects.select_related("unit").order_by("unit__code", "series", "year")
        if unit_code:
            unit = Organization.objects.filter(code=unit_code.strip()).first()
            if unit is None:
                raise CommandError(f"找不到单位代码“{unit_code}”(如 TJ-SFJ、120103-SFJ)", returncode=USAGE_ERROR)
            series = series.filter(unit=unit)
        if year is not None:
            series = series.filter(year=year)
        rows, missing = [], []
        for s in series:
            ledger = IssuedNumber.objects.filter(unit=s.unit, series=s.series, year=s.year).aggregate(
                top=Max("seq"), voided=Count("pk", filter=Q(status=NumberStatus.VOIDED)))
            rows.append([s.unit.name, s.unit.doc_prefix, s.series, s.year, s.last, ledger["voided"]])
            if check:
                gaps = ledger_gaps(unit=s.unit, series=s.series, year=s.year)
                gaps += list(range((ledger["top"] or 0) + 1, s.last + 1))  # counter ahead of the ledger
                missing += [number_text(s.unit.doc_prefix or s.unit.name, s.series, s.year, n) for n in gaps]
        if not rows:
            self.stdout.write("没有发文字号序列。")
        else:
            self.stdout.write("\n".join(console.table(["单位", "机关代字", "文号用字", "年份", "已用到", "已作废"], rows,
                                               right={3, 4, 5})))
        if not check:
            return
        if missing:
            self.stdout.write(f"\n缺号 {len(missing)} 个:")
            self.stdout.write("\n".join(missing))
            sys.exit(GAPS_FOUND)
        self.stdout.write(f"\n检查完毕:{len(rows)} 个序列均无缺号。")
