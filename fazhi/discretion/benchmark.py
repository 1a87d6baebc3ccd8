"""The benchmark in force for this deployment: the shipped files plus a bureau's own directory. Django side.

``current()`` loads once (cached) the YAML files of ``data/benchmarks/`` and, when the setting
``FAZHI_BENCHMARK_DIR`` (or the environment variable of that name) names a directory, the ``*.yaml``
files there: a file with the same name as a shipped one **replaces** it (a bureau's own ``lawyers.yaml``),
any other file is added. Everything is checked together (``fazhi.discretion.schema.load``): invalid data
raises ``BenchmarkInvalid`` and is never used, not even in part. ``reset()`` forgets the cached benchmark
(tests, or after the files changed).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from django.conf import settings

from fazhi.discretion import schema
from fazhi.discretion.model import Benchmark

SHIPPED = Path(__file__).with_name("data") / "benchmarks"


def paths(extra_dir: str | Path | None = None) -> list[Path]:
    """The files that make up the benchmark: shipped ones, replaced or completed by ``extra_dir``'s."""
    files = {p.name: p for p in sorted(SHIPPED.glob("*.yaml"))}
    if extra_dir:
        extra = Path(extra_dir)
        if not extra.is_dir():
            raise schema.BenchmarkInvalid([schema.Problem(str(extra), "", "裁量基准目录不存在")])
        files.update({p.name: p for p in sorted(extra.glob("*.yaml"))})
    return list(files.values())


def configured_dir() -> str | None:
    """The setting ``FAZHI_BENCHMARK_DIR``, else the environment variable of the same name, else ``None``."""
    return getattr(settings, "FAZHI_BENCHMARK_DIR", None) or os.environ.get("FAZHI_BENCHMARK_DIR") or None


@functools.lru_cache(maxsize=4)
def _load(extra_dir: str | None) -> Benchmark:
    return schema.load(paths(extra_dir))


def current() -> Benchmark:
    """The benchmark in force (cached per ``FAZHI_BENCHMARK_DIR``); ``BenchmarkInvalid`` if the files are wrong."""
    extra = configured_dir()
    return _load(str(extra) if extra else None)


def reset() -> None:
    _load.cache_clear()
