"""``fazhi serve``: serve the web UI with waitress (a production WSGI server, no reloader)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网页服务(默认 http://127.0.0.1:8000)"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="端口,默认 8000")
        parser.add_argument("--host", default="127.0.0.1", help="监听地址,默认 127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, port: int, host: str, threads: int, **options):
        from waitress import serve

        from fazhi.wsgi import application

        self.stdout.write(f"fazhi 已启动:http://{host}:{port}/ (按 Ctrl+C 停止)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="fazhi")
