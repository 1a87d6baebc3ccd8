"""``fazhi evaluation``: 案卷评查 from the console.

- ``fazhi evaluation report --list``: one round id per line (oldest first);
- ``fazhi evaluation report ROUND_ID [--format json|text]``: the round report. ``json`` prints exactly
  ``selectors.report.round_report`` (the figures the report page and PDF show: ``files`` [{case, district,
  reviewer_districts, score, grade, …}], ``kappa`` {value, n, observed, expected}, …); ``text`` (the
  default) prints them in Chinese. ``ROUND_ID`` is the id ``--list`` prints (a round's code is accepted
  too). An unknown id exits 2 with a Chinese message.

The console has no logged-in user: it is the city's view (every round, every district).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import console
from fazhi.evaluation.models import EvaluationRound
from fazhi.evaluation.selectors.report import round_report
from fazhi.evaluation.workflow import ROUND_LABELS

USAGE_ERROR = 2


def _number(value) -> str:
    return "—" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)


class Command(BaseCommand):
    help = "行政执法案卷评查:report 输出评查轮次报告"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help="评查轮次报告;--list 列出全部轮次编号")
        report.add_argument("round_id", nargs="?", help="评查轮次 ID(见 --list)")
        report.add_argument("--list", action="store_true", help="每行输出一个评查轮次 ID")
        report.add_argument("--format", choices=["json", "text"], default="text", help="输出格式,默认 text")

    def handle(self, *args, action: str, **options):
        if action == "report":
            self._report(options.get("round_id"), options["list"], options["format"])

    def _report(self, round_id: str | None, listing: bool, fmt: str):
        if listing:
            if round_id:
                raise CommandError("--list 不能与评查轮次 ID 同时使用", returncode=USAGE_ERROR)
            ids = EvaluationRound.objects.order_by("pk").values_list("pk", flat=True)
            self.stdout.write("".join(f"{pk}\n" for pk in ids), ending="")
            return
        if not round_id:
            raise CommandError("请给出评查轮次 ID,或用 --list 列出全部轮次", returncode=USAGE_ERROR)
        text = round_id.strip()
        rnd = (EvaluationRound.objects.filter(pk=int(text)).first() if text.isdigit() else None) or \
            EvaluationRound.objects.filter(code=text).first()
        if rnd is None:
            raise CommandError(f"没有 ID 为“{round_id}”的评查轮次;可用 fazhi evaluation report --list 查看",
                               returncode=USAGE_ERROR)
        report = round_report(rnd)
        if fmt == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write("\n".join(_text(report)))


def _text(r: dict) -> list[str]:
    rd = r["round"]
    out = [f"{rd['code']} {rd['title']}({ROUND_LABELS.get(rd['status'], rd['status'])})",
           f"结案日期 {rd['period_start']} 至 {rd['period_end']} · 评查标准 {rd['rubric_version']} · 承诺值 {rd['commitment'] or '—'}",
           r["summary"] + "。", ""]
    grades = list(next(iter(r["per_district"]), {"grades": {}})["grades"])
    out += console.table(["行政区", "抽取件数", "平均分", *grades],
                         [[d["district"], d["drawn"], _number(d["average"]), *(d["grades"].get(g, 0) for g in grades)]
                          for d in r["per_district"]], right=set(range(1, 3 + len(grades))))
    out.append("")
    out += console.table(["案件编号", "所属区", "评查人员所在区", "得分", "等次", "第二评查人得分", "第二评查人等次"],
                         [[f["case"], f["district"], "、".join(f["reviewer_districts"]) or "未分配", _number(f["score"]),
                           f["grade"] or "—", _number(f["second_score"]), f["second_grade"] or "—"] for f in r["files"]])
    k = r["kappa"]
    value = "无法计算" if k["value"] is None else f"{k['value']:.3f}"
    out += ["", f"评查一致性(Cohen's kappa):{value}(双人评查 {k['n']} 件,观察一致率 {k['observed']:.3f},"
                f"随机一致率 {k['expected']:.3f})"]
    if r["common_problems"]:
        out += ["", "常见问题:"] + [f"  {p['code']} {p['text']}:{p['count']} 件" for p in r["common_problems"]]
    x = r["rectification"]
    out += ["", f"整改事项:待整改 {x['open']} 项,已反馈 {x['answered']} 项,已销号 {x['closed']} 项,"
                f"已提级督办 {x['escalated']} 项,逾期 {x['overdue']} 项"]
    if r["typical"]:
        out += ["", "典型案卷:"] + [f"  {t['case']}({'优秀案卷' if t['kind'] == 'good' else '较差案卷'}):{t['reason']}"
                                 for t in r["typical"]]
    return out
