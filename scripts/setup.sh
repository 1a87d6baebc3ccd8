#!/usr/bin/env bash
# One command from a fresh clone to a running fazhi: install, create the database, load the
# Tianjin demo data, print the demo logins and serve the web UI on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/fazhi migrate --no-input -v 0
.venv/bin/fazhi demo
exec .venv/bin/fazhi serve --port "${PORT:-8000}"
