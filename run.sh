#!/usr/bin/env bash
# Set up (on a fresh machine too) and run zangraph's main job on the bundled corpus:
# ingest the five real acts into the on-disk store, then answer point-in-time questions.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q -e .
.venv/bin/zangraph ingest --bundled
.venv/bin/zangraph at 2022-01-01 decree-2020-12-31-485 annex_1__point_4
.venv/bin/zangraph at 2025-06-01 decree-2020-12-31-485 annex_1__point_4
