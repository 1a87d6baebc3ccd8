#!/usr/bin/env bash
# Runs the whole test suite (unit, database, command-line and browser tests) on the database
# named by DATABASE_URL (default: an in-memory SQLite database). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export FAZHI_HOME="${FAZHI_HOME:-$(mktemp -d)}"
echo "==> tests on ${DATABASE_URL:-SQLite}"
exec .venv/bin/pytest -n "${FAZHI_TEST_WORKERS:-2}" -q "$@"
