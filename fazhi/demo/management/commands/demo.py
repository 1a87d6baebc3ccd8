"""``fazhi demo``: load the Tianjin demo data into the configured database (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from fazhi.demo.services import demo_load, demo_logins


class Command(BaseCommand):
    help = "载入天津市演示数据(可重复运行,不会重复写入)"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024, help="随机种子,默认 2024")
        parser.add_argument("--scale", type=int, default=None, help="生成 N 家监管对象(用于性能测试)")

    def handle(self, *args, seed: int, scale: int | None, **options):
        report = demo_load(seed=seed, scale=scale)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write("\n演示账号(用户名 / 密码 / 角色):")
        for username, password, label in demo_logins():
            self.stdout.write(f"  {username:<16} {password}  {label}")
        self.stdout.write("  另有演示案件所用的各区账号(如 heping_officer、heping_leader),密码相同。")
