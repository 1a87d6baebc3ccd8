"""``fazhi cases``: 行政处罚 cases from the console.

- ``fazhi cases warnings [--on YYYY-MM-DD] [--format table|json]``: the deadline warnings (黄牌/红牌) on a
  day (default today). ``table`` (the default) prints, in Chinese, the counts per district and the
  warned cases; ``json`` prints exactly ``{"on", "districts": [{"district", "yellow", "red"}], "cases":
  [{"case", "district", "deadline", "due", "level"}]}`` with dates as YYYY-MM-DD, ``case`` the case number
  and ``district`` the district's name or "市局".

The console has no logged-in user: it runs as the **city-wide** view (every district, then 市局),
the view of ``fazhi.cases.selectors.warnings`` with ``user=None``. Deadlines the calendar cannot compute
(a year not covered) are listed on stderr, so the JSON on stdout keeps its shape.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.cases import deadlines as dl
from fazhi.cases.selectors import warnings as sel
from fazhi.core.services.calendar import current_calendar
from fazhi.core import console

USAGE_ERROR = 2


def as_json(result: dict) -> dict:
    """The selector's result in the documented JSON shape."""
    return {
        "on": result["on"].isoformat(),
        "districts": [{"district": d["district"], "yellow": d["yellow"], "red": d["red"]} for d in result["districts"]],
        "cases": [{"case": e["case"].number, "district": e["district"], "deadline": e["deadline"],
                   "due": e["due"].isoformat(), "level": e["level"]} for e in result["cases"]],
    }


class Command(BaseCommand):
    help = "行政处罚案件:warnings 列出办案期限预警(黄牌、红牌)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        warn = sub.add_parser("warnings", help="办案期限预警(全市视图)")
        warn.add_argument("--on", help="统计日期 YYYY-MM-DD,默认今天")
        warn.add_argument("--format", choices=["table", "json"], default="table", help="输出格式,默认 table")

    def handle(self, *args, action: str, **options):
        if action == "warnings":
            self._warnings(options.get("on"), options["format"])

    def _warnings(self, on_text: str | None, fmt: str):
        try:
            on = dt.date.fromisoformat(on_text.strip()) if on_text else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期“{on_text}”格式无效,应为 YYYY-MM-DD,如 2024-11-15", returncode=USAGE_ERROR)
        report = sel.warnings_report(user=None, on=on, calendar=current_calendar())
        for e in report["not_computed"]:
            self.stderr.write(f"{e['case'].number}({e['district']})“{e['deadline']}”{dl.NOT_COMPUTED}:{e['error']}")
        if fmt == "json":
            self.stdout.write(json.dumps(as_json(report), ensure_ascii=False, indent=2))
            return
        yellow = sum(d["yellow"] for d in report["districts"])
        red = sum(d["red"] for d in report["districts"])
        out = [f"办案期限预警 · 统计日期 {on.isoformat()}(全市)", f"黄牌 {yellow} 项,红牌 {red} 项", ""]
        out += console.table(["行政区", "黄牌", "红牌"],
                      [[d["district"], d["yellow"], d["red"]] for d in report["districts"]], right={1, 2})
        out.append("")
        if report["cases"]:
            out += console.table(["预警", "案件编号", "行政区", "应办事项", "期限届满日", "依据"],
                          [[dl.LEVEL_LABELS[e["level"]], e["case"].number, e["district"], e["deadline"],
                            e["due"].isoformat(), e["source"]] for e in report["cases"]])
        else:
            out.append("没有黄牌或红牌预警。")
        self.stdout.write("\n".join(out))
