"""``fazhi audit verify``: check the audit trail's hash chain.

Exit 0 when every row holds; exit 1 naming the first broken row.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from fazhi.core.audit import verify_chain


class Command(BaseCommand):
    help = "审计日志:verify 校验哈希链"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action: str, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"审计链完整:共校验 {result.checked} 条记录。")
            return
        self.stderr.write(f"审计链断裂:第 {result.broken.seq} 条记录 —— {result.broken.reason}")
        sys.exit(1)
