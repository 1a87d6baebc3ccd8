"""Parse ``DATABASE_URL`` into a Django DATABASES entry. No Django import.

Accepted forms:
- ``sqlite:///relative/or/absolute/path.sqlite3`` (``sqlite:////abs/path`` also works)
- ``postgresql://user:password@host:port/dbname`` (``postgres://`` too), served by psycopg 3
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


class DatabaseUrlError(ValueError):
    pass


def parse(url: str) -> dict:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        raw = unquote(parts.path)
        # sqlite:///x -> path "/x" (relative x); sqlite:////x -> path "//x" (absolute /x)
        path = raw[1:] if raw.startswith("/") else raw
        if not path:
            raise DatabaseUrlError("DATABASE_URL 未给出 SQLite 文件路径,例如 sqlite:///var/fazhi.sqlite3")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(Path(path))}
    if scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise DatabaseUrlError("DATABASE_URL 未给出 PostgreSQL 数据库名,例如 postgresql://postgres@127.0.0.1:5432/fazhi")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
        }
    raise DatabaseUrlError(f"不支持的 DATABASE_URL 协议“{scheme}”:只支持 sqlite 与 postgresql")
