"""Shared helpers of the discretion tests: the shipped benchmark, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.discretion import schema

HERE = Path(__file__).parent
SHIPPED = sorted((HERE.parent / "data" / "benchmarks").glob("*.yaml"))


@pytest.fixture(scope="session")
def shipped():
    return schema.load(SHIPPED)
