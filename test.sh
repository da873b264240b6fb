#!/usr/bin/env bash
# Set up (on a fresh machine too) and run every test: ruff, doctests, pytest.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff check .
.venv/bin/python -m pytest -q --doctest-modules graph ontology api tests "$@"
