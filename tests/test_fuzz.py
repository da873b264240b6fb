"""schemathesis over the OpenAPI schema of a running server: no generated request — odd
dates, unknown keys, IRIs that are not IRIs, malformed candidates, RDF that is not RDF —
may produce a 5xx. Deterministic generation, so a failure reproduces; found this way and
fixed: a position "IRI" like `null` reached a SPARQL query (500 instead of 400)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_schemathesis_finds_no_server_error(server):
    exe = Path(sys.executable).parent / "schemathesis"
    cmd = [str(exe) if exe.exists() else shutil.which("schemathesis") or "schemathesis", "run",
           server.url + "/openapi.json", "--checks", "not_a_server_error", "--max-examples", "40",
           "--generation-deterministic", "--request-timeout", "30"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "passed" in r.stdout and "generated" in r.stdout
