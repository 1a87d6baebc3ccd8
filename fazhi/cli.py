"""The ``fazhi`` console command: Django's management commands, with the settings preset.

    fazhi migrate                 create or upgrade the database
    fazhi demo [--scale N]        load the Tianjin demo data (idempotent)
    fazhi serve [--port N]        serve the web UI on http://127.0.0.1:N (default 8000)
    fazhi deadline START N working|calendar
    fazhi audit verify            check the audit trail's hash chain (exit 1 when broken)
    fazhi registry import|export KIND FILE
    fazhi cases warnings [--on YYYY-MM-DD] [--format table|json]
    fazhi docs sample OUT_DIR [--case NUMBER]
                                  print the 36 documents of a (demo) case as PDF and DOCX, and its case file
    fazhi docs numbers [--unit CODE] [--year YYYY] [--check]
                                  list the 发文字号 series; --check exits 1 listing any gap
    fazhi discretion recommend (--basis 律师法第四十七条 | --code LS-47) --facts FACTS.json
                                  the 裁量基准 tier, penalties, range and explanation as JSON (exit 2 on bad input)
    fazhi discretion validate [DIR]
                                  check the benchmark YAML (shipped + DIR); exit 1 listing every problem
    fazhi discretion list         the benchmark's matters (事项代码, 处罚条款, 决定机关)
    fazhi evaluation report --list
                                  the 案卷评查 rounds, one id per line
    fazhi evaluation report ROUND_ID [--format json|text]
                                  a round's report: files, scores, grades, kappa, rectification (exit 2: unknown id)
    fazhi reconsideration metrics --year YYYY [--format json|text]
                                  行政复议/应诉 figures of a year with definition, formula and case ids
    fazhi reconsideration deem-accepted [--on YYYY-MM-DD]
                                  mark received applications past the review period as accepted (行政复议法第三十条)
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fazhi", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
