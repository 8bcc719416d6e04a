#!/usr/bin/env bash
# The project's full check: lint, format, types, tests. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff check"
ruff check .
echo "== ruff format --check"
ruff format --check .
echo "== mypy --strict annotator"
mypy --strict annotator
echo "== pytest"
pytest -q
