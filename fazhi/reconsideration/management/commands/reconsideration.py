"""``fazhi reconsideration``: 行政复议 / 行政应诉 from the console (the city's view: every district).

- ``fazhi reconsideration metrics --year YYYY [--format json|text]``: the year's figures. ``json`` prints
  ``{"year", "metrics": [{"key", "name", "numerator", "denominator", "value" (float rounded to 4, null when
  the denominator is 0), "fraction" ("n/d"), "display", "definition", "formula", "cases": [case numbers]}]}``.
- ``fazhi reconsideration deem-accepted [--on YYYY-MM-DD]``: 行政复议法第三十条第三款 — every received
  application past the review period is accepted (as the system, audited); prints their numbers.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from fazhi.reconsideration.selectors import metrics_for_year
from fazhi.reconsideration.services.applications import deem_accepted_due

USAGE_ERROR = 2


def metric_json(m) -> dict:
    value = None if m.value is None else round(float(m.value), 4)
    fraction = f"{m.numerator}/{m.denominator}" if m.denominator is not None else str(m.numerator)
    return {"key": m.key, "name": m.name, "numerator": m.numerator, "denominator": m.denominator, "value": value,
            "fraction": fraction, "display": m.display, "definition": m.definition, "formula": m.formula,
            "cases": list(m.case_ids)}


class Command(BaseCommand):
    help = "行政复议与行政应诉:metrics 输出年度指标;deem-accepted 处理视为受理"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        m = sub.add_parser("metrics", help="年度指标(实质化解率、负责人出庭应诉率等)")
        m.add_argument("--year", type=int, required=True, help="统计年度")
        m.add_argument("--format", choices=["json", "text"], default="text", help="输出格式,默认 text")
        d = sub.add_parser("deem-accepted", help="受理审查期限届满未作决定的申请视为受理(行政复议法第三十条第三款)")
        d.add_argument("--on", help="处理日期 YYYY-MM-DD,默认今天")

    def handle(self, *args, action: str, **options):
        if action == "metrics":
            year = options["year"]
            if not 2000 <= year <= 2100:
                raise CommandError(f"年度“{year}”无效", returncode=USAGE_ERROR)
            rows = [metric_json(m) for m in metrics_for_year(year)]
            if options["format"] == "json":
                self.stdout.write(json.dumps({"year": year, "metrics": rows}, ensure_ascii=False, indent=2))
                return
            lines = [f"{year} 年度行政复议与行政应诉指标"]
            for r in rows:
                lines.append(f"{r['name']}:{r['display']}({r['fraction']})")
                lines.append(f"  公式:{r['formula']}")
                if r["cases"]:
                    lines.append(f"  案件:{'、'.join(map(str, r['cases']))}")
            self.stdout.write("\n".join(lines))
        elif action == "deem-accepted":
            on = None
            if options.get("on"):
                try:
                    on = dt.date.fromisoformat(options["on"])
                except ValueError:
                    raise CommandError(f"日期“{options['on']}”无效,格式 YYYY-MM-DD", returncode=USAGE_ERROR) from None
            done = deem_accepted_due(on=on)
            self.stdout.write("".join(f"{a.number}\n" for a in done) or "没有需要视为受理的申请\n", ending="")
