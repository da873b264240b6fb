"""Service benchmark (issue: the service): zangraph serve vs rdflib-endpoint, under wrk.

    bash bench/run.sh            # or: .venv/bin/python bench/service.py [--duration 10] [--repeats 3]

Builds a store from the bundled corpus in a temporary directory, starts `zangraph serve`
and rdflib-endpoint (over an rdflib in-memory Dataset of the same quads) on loopback, runs
wrk (Debian) on each route, and writes bench/RESULTS.md: median and spread of requests/s,
p50 and p99 over the repeats, with the machine, versions, date and command.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
K485 = "decree-2020-12-31-485"
POINT_IN_TIME = """PREFIX zg: <https://w3id.org/zangraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?text ?from ?until WHERE {
  ?p zg:eId "annex_1__point_7" ; zg:act ?a . ?a zg:key "decree-2020-12-31-485" .
  ?v zg:versionOf ?p ; zg:validFrom ?from ; zg:text ?text .
  OPTIONAL { ?v zg:validUntil ?until }
  FILTER(?from <= "2025-06-01"^^xsd:date && (!BOUND(?until) || ?until > "2025-06-01"^^xsd:date))
}"""

# every provision of decree 485 with the wording in force on a day (what the act page needs)
ACT_AT_DATE = """PREFIX zg: <https://w3id.org/zangraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT DISTINCT ?eid ?text ?from WHERE {
  ?a zg:key "decree-2020-12-31-485" . ?p zg:act ?a ; zg:eId ?eid .
  ?v zg:versionOf ?p ; zg:validFrom ?from . OPTIONAL { ?v zg:text ?text }
  OPTIONAL { ?v zg:validUntil ?until }
  FILTER(?from <= "2025-06-01"^^xsd:date && (!BOUND(?until) || ?until > "2025-06-01"^^xsd:date))
}"""
C3 = (ROOT / "api" / "examples" / "3-category-c3-2014-09-01.rq").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(url: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def to_ms(v: str, unit: str) -> float:
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, conns: int, duration: int) -> dict:
    # the Accept header a SPARQL client sends (without it rdflib-endpoint answers with its HTML editor page)
    accept = "application/sparql-results+json" if "/sparql?" in url else "application/json, text/html"
    out = subprocess.run(["wrk", "-t", str(min(conns, 2)), "-c", str(conns), "-d", f"{duration}s", "--latency",
                          "-H", f"Accept: {accept}", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {p: to_ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} error responses\n{out}")
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"]}


def summary(runs: list[dict]) -> dict:
    return {k: (statistics.median(r[k] for r in runs), min(r[k] for r in runs), max(r[k] for r in runs)) for k in runs[0]}


def fmt(t: tuple, digits: int = 1) -> str:
    med, lo, hi = t
    return f"{med:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (bench/run.sh does it)")
    tmp = Path(tempfile.mkdtemp(prefix="zangraph-bench-"))
    procs = []
    try:
        store = tmp / "store"
        env = dict(os.environ, ZANGRAPH_STORE=str(store))
        subprocess.run([PY, "-m", "zangraph.graph.cli", "ingest", "--bundled"], env=env, check=True, capture_output=True)
        dump = tmp / "dump.nq"
        subprocess.run([PY, "-m", "zangraph.graph.cli", "export", "--format", "nquads", "-o", str(dump)], env=env, check=True)
        quads = sum(1 for _ in dump.open(encoding="utf-8"))
        zport, bport = free_port(), free_port()
        procs.append(subprocess.Popen([PY, "-m", "zangraph.graph.cli", "serve", "--port", str(zport), "--store", str(store)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen([PY, str(ROOT / "bench" / "baseline_endpoint.py"), str(dump), str(bport)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        z, b = f"http://127.0.0.1:{zport}", f"http://127.0.0.1:{bport}"
        wait(z + "/health", procs[0])
        wait(b + "/sparql", procs[1])
        q, qa, qc = (urllib.parse.quote(x) for x in (POINT_IN_TIME, ACT_AT_DATE, C3))
        # the same answer from both endpoints, before timing anything
        def rows(base: str, query: str) -> list:
            r = httpx.get(f"{base}/sparql?query={query}", headers={"Accept": "application/sparql-results+json"}, timeout=300)
            return sorted({tuple(sorted((k, v["value"]) for k, v in b.items())) for b in r.json()["results"]["bindings"]})

        for query in (q, qa, qc):
            ours, theirs = rows(z, query), rows(b, query)
            assert ours == theirs and ours, f"zangraph and the baseline disagree: {ours[:2]} vs {theirs[:2]}"
        cases = [
            ("provision point-in-time route", f"{z}/api/acts/{K485}/provisions/annex_1__point_7?at=2025-06-01", [8, 1]),
            ("SPARQL point-in-time query, zangraph", f"{z}/sparql?query={q}", [1, 8]),
            ("SPARQL point-in-time query, rdflib-endpoint", f"{b}/sparql?query={q}", [1, 8]),
            ("SPARQL act at a date (485, all provisions), zangraph", f"{z}/sparql?query={qa}", [1, 8]),
            ("SPARQL act at a date (485, all provisions), rdflib-endpoint", f"{b}/sparql?query={qa}", [1, 8]),
            ("SPARQL C-3 positions on 2014-09-01 (README example 3), zangraph", f"{z}/sparql?query={qc}", [1]),
            ("SPARQL C-3 positions on 2014-09-01 (README example 3), rdflib-endpoint", f"{b}/sparql?query={qc}", [1]),
            ("act-at-date page (decree 485, 71 provisions)", f"{z}/acts/{K485}?at=2025-06-01", [1]),
            ("act-at-date page (order 75, first 500 of 6 889 provisions)", f"{z}/acts/order-2014-03-07-75?at=2014-09-01", [1]),
            ("act-at-date REST (decree 485)", f"{z}/api/acts/{K485}?at=2025-06-01", [1]),
        ]
        for _name, url, _c in cases:  # warm: memo, worker processes, caches
            for _ in range(3):
                httpx.get(url, timeout=120)
        results = []
        for name, url, conns in cases:
            for c in conns:
                runs = [wrk(url, c, args.duration) for _ in range(args.repeats)]
                results.append((name, c, summary(runs)))
                print(name, c, results[-1][2], flush=True)
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    write(args, results, quads)


def write(args, results, quads: int) -> None:
    import fastapi
    import pyoxigraph
    import rdflib
    import uvicorn

    def get(name, c):
        return next(s for n, cc, s in results if n.startswith(name) and cc == c)

    pairs = []
    for name, c, s in results:
        if name.endswith(", zangraph"):
            base = get(name[: -len("zangraph")] + "rdflib-endpoint", c)
            pairs.append((name[: -len(", zangraph")], c, s["rps"][0] / base["rps"][0], base["p50"][0] / s["p50"][0]))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    lines = [
        "# Benchmark results", "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
        f"FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}, "
        f"{subprocess.run(['wrk', '--version'], capture_output=True, text=True).stdout.split(' Copyright')[0]}.",
        "", f"Command: `{' '.join(['python', 'bench/service.py'] + sys.argv[1:])}` (`bash bench/run.sh`). "
        f"Data: the bundled corpus, {quads} quads. Server, baseline and wrk share the machine's cores on loopback; "
        f"each figure is the median of {args.repeats} wrk runs of {args.duration} s, (min–max) in brackets.", "",
        "## Service (issue 6)", "",
        "| what | connections | requests/s | p50 ms | p99 ms |", "|---|---|---|---|---|",
    ]
    for name, c, s in results:
        lines.append(f"| {name} | {c} | {fmt(s['rps'], 0)} | {fmt(s['p50'], 2)} | {fmt(s['p99'], 2)} |")
    lines += ["", "Targets: provision route ≥ 1,000 req/s with p99 ≤ 20 ms at 8 connections; SPARQL point-in-time p50 ≤ 5 ms; "
              "act-at-date page p50 ≤ 100 ms; ≥ 20× rdflib-endpoint.", "",
              "Ratio to rdflib-endpoint (same query, same data, same run; medians):", "",
              "| query | connections | requests/s ratio | p50 ratio (theirs / ours) |", "|---|---|---|---|"]
    lines += [f"| {n} | {c} | {r:.1f}× | {p:.1f}× |" for n, c, r, p in pairs]
    lines.append("")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
