"""Dated parameters with their legal or local source. Pure Python: no Django import.

The values live in ``parameters.toml`` beside this module; a deployment may point
``FAZHI_PARAMETERS`` at its own file with the same shape to override any of them.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tomllib
from pathlib import Path

DEFAULT_FILE = Path(__file__).with_name("parameters.toml")


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _tables() -> dict:
    tables = dict(_load(str(DEFAULT_FILE)))
    override = os.environ.get("FAZHI_PARAMETERS")
    if override:
        tables.update(_load(override))
    return tables


def value(name: str, on: dt.date | None = None):
    """The value of parameter ``name`` in force on ``on`` (default today)."""
    on = on or dt.date.today()
    try:
        entries = _tables()[name]["values"]
    except KeyError:
        raise KeyError(f"未定义的参数 {name}") from None
    current = None
    for entry in sorted(entries, key=lambda e: e["from"]):
        if entry["from"] <= on:
            current = entry
    if current is None:
        raise KeyError(f"参数 {name} 在 {on} 尚无生效值")
    return current["value"]


def reference(name: str, on: dt.date | None = None) -> str:
    on = on or dt.date.today()
    entries = [e for e in _tables()[name]["values"] if e["from"] <= on]
    return max(entries, key=lambda e: e["from"])["reference"] if entries else ""
