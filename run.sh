#!/usr/bin/env bash
# Set up (on a fresh machine too) and run zangraph's main job on the bundled corpus:
# build the on-disk store from the five real acts (first run only), answer two
# point-in-time questions, then serve pages, REST and SPARQL on one port.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q -e .
[ -d "${ZANGRAPH_STORE:-.zangraph/store}" ] || .venv/bin/zangraph ingest --bundled
.venv/bin/zangraph at 2022-01-01 decree-2020-12-31-485 annex_1__point_4
.venv/bin/zangraph at 2025-06-01 decree-2020-12-31-485 annex_1__point_4
exec .venv/bin/zangraph serve "$@"
