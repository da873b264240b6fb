"""Shared fixtures: the bundled corpus, parsed once, and a real on-disk store built by the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from zangraph.graph.reading.parse import parse_file

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


# ---------------------------------------------------------------- a real server process on loopback

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WRITE_TOKEN = "test-token-not-a-secret"


class Server:
    def __init__(self, store: Path, **settings):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "zangraph.graph.cli", "serve", "--port", str(self.port), "--store", str(store)]
        for k, v in settings.items():
            args += [f"--{k.replace('_', '-')}", str(v)]
        self.log = open(store.parent / f"server-{self.port}.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        import time

        import httpx

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}: {Path(self.log.name).read_text()}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the server did not answer /health within 120 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def copy_store(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("LOCK"))
    return dst


@pytest.fixture(scope="session")
def server(store_dir, tmp_path_factory):
    """zangraph serve over a copy of the bundled-corpus store, read-only, default settings."""
    srv = Server(copy_store(store_dir, tmp_path_factory.mktemp("srv") / "zg"))
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def fixture_server(tmp_path_factory):
    """The bundled corpus plus the synthetic 125-before-969 text (tests/fixtures/README.md), so
    that one provision has two known wordings to diff; writable with a token; a 2 s query
    time limit and 50 rows per SPARQL answer, so that the limits can be hit."""
    d = tmp_path_factory.mktemp("fixture-srv") / "zg"
    r = run_cli("ingest", "--bundled", str(FIXTURES / "125-before-969.txt"), store=d)
    assert r.returncode == 0, r.stderr
    srv = Server(d, write_token=WRITE_TOKEN, query_timeout=2, max_rows=50)
    yield srv
    srv.stop()
