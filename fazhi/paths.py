"""Where fazhi keeps its files. No Django import: the CLI uses it before settings load.

The data directory holds the SQLite database and the generated secret key. It is
``$FAZHI_HOME`` when set, else ``$XDG_DATA_HOME/fazhi``, else ``~/.local/share/fazhi``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    explicit = os.environ.get("FAZHI_HOME")
    if explicit:
        path = Path(explicit)
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "fazhi"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "fazhi.sqlite3"


def secret_key() -> str:
    """``FAZHI_SECRET_KEY``, or a key generated once and kept in the data directory."""
    explicit = os.environ.get("FAZHI_SECRET_KEY")
    if explicit:
        return explicit
    key_file = data_dir() / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()
