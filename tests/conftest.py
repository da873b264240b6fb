"""Shared fixtures: the bundled corpus, parsed once, and a real on-disk store built by the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from zangraph.graph.parse import parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = {
    "000": CORPUS / "000_6a30c1e3387dc9ab.txt",
    "001": CORPUS / "001_164de676cfdc3580.txt",
    "002": CORPUS / "002_b1977f534074145a.txt",
    "003": CORPUS / "003_a1881aea8f646d29.txt",
    "004": CORPUS / "004_55d3df3388d8d042.txt",
}


@pytest.fixture(scope="session")
def acts():
    return {k: parse_file(p) for k, p in SEEDS.items()}


def run_cli(*args: str, store: Path, input: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, ZANGRAPH_STORE=str(store))
    return subprocess.run([sys.executable, "-m", "zangraph.graph.cli", *args], capture_output=True,
                          text=True, env=env, input=input, timeout=300)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("store") / "zg"
    r = run_cli("ingest", "--bundled", "--format", "json", store=d)
    assert r.returncode == 0, r.stderr
    return d
