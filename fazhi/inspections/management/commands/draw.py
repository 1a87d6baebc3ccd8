"""``fazhi draw``: the verifiable draw ``fazhi-draw/1`` from the command line.

- ``fazhi draw certify MANIFEST.json V1 [V2 …]``: the certificate, in canonical JSON, on stdout.
- ``fazhi draw verify CERT.json [--commitment HEX]``: exit 0 when every value recomputes, else exit 1
  naming the first difference on stderr.

An invalid manifest exits 1 naming the rule it breaks. The same checks run without the platform:
``python3 tools/verify_draw.py verify CERT.json``.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from fazhi.inspections import draw


class Command(BaseCommand):
    help = "可验证抽取 fazhi-draw/1:certify 生成证书,verify 校验证书"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        certify = sub.add_parser("certify", help="由抽取清单和种子值生成证书(规范 JSON,写到标准输出)")
        certify.add_argument("manifest")
        certify.add_argument("values", nargs="+", metavar="VALUE")
        verify = sub.add_parser("verify", help="重新计算并核对证书")
        verify.add_argument("certificate")
        verify.add_argument("--commitment", help="事先公布的承诺值(可选)")

    def handle(self, *args, action: str, **options):
        path = options["manifest"] if action == "certify" else options["certificate"]
        try:
            data = draw.load(path)
        except (OSError, ValueError) as exc:
            self._fail(f"无法读取 {path}:{exc}")
        if action == "certify":
            try:
                cert = draw.certify(data, options["values"])
            except draw.DrawError as exc:
                self._fail(f"无法生成证书:{exc}")
            self.stdout.write(draw.canonical(cert).decode("utf-8"))
            return
        diffs = draw.verify(data, published_commitment=options.get("commitment"))
        if diffs:
            more = f"(另有 {len(diffs) - 1} 处不同)" if len(diffs) > 1 else ""
            self._fail(f"校验失败:{diffs[0]}{more}")
        self.stdout.write(draw.summary(data))

    def _fail(self, message: str):
        self.stderr.write(message)
        sys.exit(1)
