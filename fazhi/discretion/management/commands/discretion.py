"""``fazhi discretion``: the 行政处罚裁量基准 from the console.

- ``fazhi discretion recommend (--basis 律师法第四十七条 | --code LS-47) --facts FACTS.json``: prints, as JSON,
  ``{violation: {code, name, act, basis, article}, version, tier, no_penalty, discretionary, reason, escalated,
  escalation, serious, penalties: [{type, label, min, max, unit}], range: [...], power, power_label,
  rule_date, explanation: [...], if_penalised}`` (``fazhi.discretion.serialize.dumps``, which the public JSON
  endpoint ``/public/discretion/api/recommend`` returns too).
  Exit 2 with a Chinese message for an unknown basis or code, an unreadable facts file, or bad facts.
- ``fazhi discretion validate [DIR]``: checks the shipped files together with ``DIR`` (default: the setting
  ``FAZHI_BENCHMARK_DIR``); exit 1 listing every problem.
- ``fazhi discretion list``: the matters (事项代码, 事项名称, 处罚条款, 当事人, 决定机关) and the files' versions.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.discretion import benchmark as bm
from fazhi.discretion import engine, schema, serialize
from fazhi.discretion.model import PARTY_TYPES, POWERS

USAGE_ERROR = 2
INVALID = 1


class Command(BaseCommand):
    help = "行政处罚裁量基准:recommend 推荐裁量档次,validate 校验基准数据,list 列出事项"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rec = sub.add_parser("recommend", help="按事实推荐裁量档次和处罚幅度(JSON)")
        rec.add_argument("--basis", help="处罚条款,如 律师法第四十七条")
        rec.add_argument("--code", help="事项代码,如 LS-47(同一条款有多个事项时用它指定)")
        rec.add_argument("--facts", required=True, help="事实文件(JSON)")
        val = sub.add_parser("validate", help="校验裁量基准 YAML(随附文件加上 DIR 中的文件)")
        val.add_argument("dir", nargs="?", help="本局裁量基准目录,默认取 FAZHI_BENCHMARK_DIR")
        sub.add_parser("list", help="列出裁量基准事项")

    def handle(self, *args, action: str, **options):
        if action == "recommend":
            self._recommend(options.get("basis"), options.get("code"), options["facts"])
        elif action == "validate":
            self._validate(options.get("dir"))
        else:
            self._list()

    def _benchmark(self):
        try:
            return bm.current()
        except schema.BenchmarkInvalid as exc:
            raise CommandError(exc.message, returncode=INVALID) from None

    def _recommend(self, basis: str | None, code: str | None, facts_path: str):
        if not basis and not code:
            raise CommandError("请用 --basis(处罚条款)或 --code(事项代码)指明违法事项", returncode=USAGE_ERROR)
        try:
            raw = json.loads(Path(facts_path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"无法读取事实文件“{facts_path}”:{exc.strerror or exc}", returncode=USAGE_ERROR) from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"事实文件“{facts_path}”不是有效的 JSON:第 {exc.lineno} 行 {exc.msg}",
                               returncode=USAGE_ERROR) from None
        benchmark = self._benchmark()
        try:
            facts = engine.parse_facts(raw, benchmark)
            if code and basis:
                found = engine.find_violation(benchmark, code)
                if not engine.basis_matches(found, basis):
                    raise CommandError(f"事项 {code} 的处罚条款是 {found.article},与 --basis {basis} 不符",
                                       returncode=USAGE_ERROR)
            result = engine.recommend(benchmark, code or basis, facts)
        except (engine.UnknownViolation, engine.FactsError) as exc:
            raise CommandError(exc.message, returncode=USAGE_ERROR) from None
        self.stdout.write(serialize.dumps(result))

    def _validate(self, directory: str | None):
        directory = directory or bm.configured_dir()
        try:
            files = bm.paths(directory)
        except schema.BenchmarkInvalid as exc:
            raise CommandError(exc.message, returncode=INVALID) from None
        benchmark, problems = schema.check(files)
        if problems:
            raise CommandError(f"裁量基准数据有 {len(problems)} 处错误:\n" + "\n".join(f"  {p}" for p in problems),
                               returncode=INVALID)
        where = f"(含 {directory} 中的文件)" if directory else ""
        self.stdout.write(f"裁量基准校验通过{where}:{len(files)} 个文件,{len(benchmark.violations)} 个事项,"
                          f"{len(benchmark.circumstances)} 个情节,{len(benchmark.exemptions)} 条免罚规则,"
                          f"{len(benchmark.escalations)} 条加重规则")

    def _list(self):
        benchmark = self._benchmark()
        lines = ["行政处罚裁量基准事项", ""]
        for name, version, start in benchmark.files:
            lines.append(f"{name}  第 {version} 版,自 {start} 起施行")
        lines.append("")
        for v in benchmark.violations.values():
            party = "、".join(PARTY_TYPES[p] for p in v.party)
            lines.append(f"{v.code}  {v.article}  {v.name}  [{party};{POWERS[v.power]}]")
        self.stdout.write("\n".join(lines))
