#!/usr/bin/env bash
# The benchmark command: installs what it needs (the project with its bench extras, Debian's
# wrk) and writes bench/RESULTS.md. Takes a few minutes; arguments go to bench/service.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q -e '.[bench]'
if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
.venv/bin/python bench/service.py "$@"
