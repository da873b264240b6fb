"""Hostile load (issue 15): does the public service keep its latency while others attack SPARQL?

    .venv/bin/python -m bench.hostile [--duration 60] [--query-timeout 5] [--out bench/results/hostile.json]

Builds a store from the bundled corpus in a temporary directory, starts `zangraph serve` on
loopback with its defaults except an explicit query time limit, and runs wrk (32
connections, 2 threads) on the provision point-in-time route twice: once on a quiet
server, then while 4 clients loop on a runaway SPARQL query (a three-way cross product of
every triple: it must be stopped at the time limit, 503 `timeout`) and 2 clients alternate
a query nested 5000 levels deep (refused before parsing, 400 `too_deep`) and one nested 60
levels, within the limit of 64 (parsed and answered, 200). Each hostile query text is
distinct (a numbered comment), so the server's screen cache cannot absorb the parsing;
`--same-queries` sends identical texts instead.

Why: user queries run in killable worker processes and bounded screens run before any
parsing, so that no user of /sparql can take the service from the others. The targets: no
error on the provision route, its p99 within 3x of the quiet run, and every hostile query
answered as designed. Writes the JSON (machine, settings, both runs, the hostile tallies,
the verdicts) and prints the Markdown section for bench/RESULTS.md (`render`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
from zangraph.api.settings import Settings

from bench.service import K485, POINT_IN_TIME, PY, ROOT, free_port, to_ms, wait

ROUTE = f"/api/acts/{K485}/provisions/annex_1__point_7?at=2025-06-01"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SPARQL_JSON = {"Accept": "application/sparql-results+json"}


def nested(levels: int) -> str:
    return "SELECT * WHERE " + "{ " * levels + "?s ?p ?o " + "} " * levels + "LIMIT 1"


def wrk(url: str, conns: int, duration: int, timeout: int) -> dict:
    """bench.service.wrk, but errors are counted (non-2xx answers and socket errors), not raised."""
    out = subprocess.run(["wrk", "-t", "2", "-c", str(conns), "-d", f"{duration}s", "--timeout", f"{timeout}s",
                          "--latency", "-H", "Accept: application/json, text/html", url],
                         capture_output=True, text=True, check=True).stdout
    lat = {p: to_ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx, sock = int(non2xx.group(1)) if non2xx else 0, sum(map(int, sock.groups())) if sock else 0
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": lat["50"], "p99": lat["99"],
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "non2xx": non2xx, "socket_errors": sock, "errors": non2xx + sock}


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds so far of (the server process, its children: workers alive and already reaped), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(p):  # the fields after "(comm)": [0] state, [1] ppid, [11..14] utime stime cutime cstime
        return Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()

    f = fields(pid)
    kids = int(f[13]) + int(f[14])
    for d in Path("/proc").iterdir():
        try:
            if d.name.isdigit() and int((c := fields(d.name))[1]) == pid:
                kids += int(c[11]) + int(c[12])
        except (OSError, IndexError):
            continue
    return (int(f[11]) + int(f[12])) / tick, kids / tick


def hostile(base: str, kinds: list[str], stop: threading.Event, tally: dict, lock: threading.Lock,
            n: int, same: bool, timeout: float) -> None:
    """Loop until `stop`, sending the kinds in turn; count each answer and whether it is the designed one."""
    with httpx.Client(base_url=base, headers=SPARQL_JSON, timeout=timeout + 60) as http:
        i = 0
        while not stop.is_set():
            kind = kinds[i % len(kinds)]
            text = {"runaway": RUNAWAY, "too_deep": nested(5000), "depth_60": nested(60)}[kind]
            text += "" if same else f"\n# client {n} request {i}"
            t0 = time.perf_counter()
            try:
                r = http.get("/sparql", params={"query": text})
                status, body = str(r.status_code), r.json() if "json" in r.headers.get("content-type", "") else {}
            except (httpx.HTTPError, ValueError) as e:
                status, body = type(e).__name__, {}
            ms = (time.perf_counter() - t0) * 1000
            code = body.get("error", {}).get("code") if isinstance(body, dict) else None
            ok = {"runaway": status == "503" and code == "timeout", "too_deep": status == "400" and code == "too_deep",
                  "depth_60": status == "200" and len(body.get("results", {}).get("bindings", [])) == 1}[kind]
            with lock:
                t = tally[kind]
                t["requests"] += 1
                t["statuses"][status] += 1
                t["expected"] += ok
                t["ms"].append(ms)
                if not ok and len(t["unexpected"]) < 3:
                    t["unexpected"].append(f"{status} {json.dumps(body, ensure_ascii=False)[:200]}")
            i += 1


def machine() -> dict:
    import pyoxigraph

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" Copyright")[0],
            "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "command": " ".join(["python -m bench.hostile"] + sys.argv[1:])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=int, default=60, help="seconds of each wrk run")
    ap.add_argument("--query-timeout", type=float, default=5.0, help="the server's SPARQL time limit (s)")
    ap.add_argument("--wrk-timeout", type=int, default=2, help="wrk counts an answer slower than this (s) as an error")
    ap.add_argument("--same-queries", action="store_true", help="identical hostile texts (the screen cache hits)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "hostile.json"))
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (bench/run.sh does it)")
    tmp = Path(tempfile.mkdtemp(prefix="zangraph-hostile-"))
    server = None
    try:
        store = tmp / "store"
        subprocess.run([PY, "-m", "zangraph.graph.cli", "ingest", "--bundled"], env=dict(os.environ, ZANGRAPH_STORE=str(store)),
                       check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen([PY, "-m", "zangraph.graph.cli", "serve", "--port", str(port), "--store", str(store),
                                   "--query-timeout", f"{args.query_timeout:g}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        wait(base + "/health", server)
        for _ in range(20):  # warm: the route's memo, the parser's imports, the workers
            httpx.get(base + ROUTE, timeout=60).raise_for_status()
        for q, want in ((nested(60), 200), (nested(5000), 400)):
            r = httpx.get(base + "/sparql", params={"query": q}, headers=SPARQL_JSON, timeout=60)
            assert r.status_code == want, (r.status_code, r.text[:300])
        wrk(base + ROUTE, 32, 5, args.wrk_timeout)  # and 5 s of the load itself, not recorded

        def run(load: bool) -> dict:
            stop, lock = threading.Event(), threading.Lock()
            tally = {k: {"clients": c, "requests": 0, "statuses": Counter(), "expected": 0, "ms": [], "unexpected": []}
                     for k, c in (("runaway", 4), ("too_deep", 2), ("depth_60", 2))}
            plan = [["runaway"]] * 4 + [["too_deep", "depth_60"]] * 2 if load else []
            threads = [threading.Thread(target=hostile, daemon=True, args=(base, kinds, stop, tally, lock, n,
                                                                             args.same_queries, args.query_timeout))
                       for n, kinds in enumerate(plan)]
            cpu0, t0 = cpu_seconds(server.pid), time.monotonic()
            for t in threads:
                t.start()
            res = wrk(base + ROUTE, 32, args.duration, args.wrk_timeout)
            cpu1, wall = cpu_seconds(server.pid), time.monotonic() - t0
            stop.set()
            for t in threads:
                t.join(args.query_timeout + 90)
            res["cpu_cores"] = {"server": round((cpu1[0] - cpu0[0]) / wall, 2), "workers": round((cpu1[1] - cpu0[1]) / wall, 2)}
            if load:
                res["hostile"] = {k: {**{f: v for f, v in t.items() if f != "ms"}, "statuses": dict(t["statuses"]),
                                      "all_expected": t["requests"] > 0 and t["expected"] == t["requests"],
                                      "ms_p50": round(statistics.median(t["ms"] or [0]), 1),
                                      "ms_max": round(max(t["ms"] or [0]), 1)} for k, t in tally.items()}
            print("loaded" if load else "quiet", json.dumps(res, ensure_ascii=False), flush=True)
            return res

        quiet, loaded = run(False), run(True)
        # afterwards, an ordinary SPARQL query (distinct texts) must still be answered
        after = [httpx.get(base + "/sparql", params={"query": f"{POINT_IN_TIME}\n# after {i}"}, headers=SPARQL_JSON,
                           timeout=60) for i in range(3)]
        after_ok = all(r.status_code == 200 and r.json()["results"]["bindings"] for r in after)
        print("after", [(r.status_code, r.text[:160]) for r in after if r.status_code != 200], flush=True)
    finally:
        if server:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    hostile_tally = loaded.pop("hostile")
    ratio = loaded["p99"] / quiet["p99"]
    result = {
        "machine": machine(),
        "settings": {"query_timeout_s": args.query_timeout, "sparql_workers": Settings().sparql_workers,
                     "max_query_depth": Settings().max_query_depth,
                     "route": ROUTE, "connections": 32, "wrk_threads": 2, "duration_s": args.duration,
                     "wrk_timeout_s": args.wrk_timeout, "distinct_hostile_queries": not args.same_queries,
                     "runaway_query": RUNAWAY, "deep_queries": "nested {…} 5000 levels (too deep) and 60 levels (within)"},
        "quiet": quiet, "loaded": loaded, "p99_ratio": round(ratio, 2), "hostile": hostile_tally,
        "sparql_after": [{"status": r.status_code, "body": r.text[:200]} for r in after],
        "targets": {"zero_errors": quiet["errors"] == 0 and loaded["errors"] == 0, "p99_within_3x": ratio <= 3,
                    "hostile_as_expected": all(t["all_expected"] for t in hostile_tally.values()),
                    "sparql_answers_after": after_ok},
    }
    result["passed"] = all(result["targets"].values())
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render(result))
    print(f"wrote {args.out}")


def render(result: dict) -> str:
    """The JSON of a run → the Markdown section for bench/RESULTS.md."""
    m, s, q, ld, t = result["machine"], result["settings"], result["quiet"], result["loaded"], result["targets"]
    yes = {True: "met", False: "**not met**"}
    lines = [
        "## Hostile load (issue 15)", "",
        f"Measured {m['date']} on {m['cores']} cores ({m['cpu']}), Python {m['python']}, pyoxigraph {m['pyoxigraph']}, "
        f"{m['wrk']}. Command: `{m['command']}`. wrk: {s['connections']} connections, {s['wrk_threads']} threads, "
        f"{s['duration_s']} s on `{s['route']}`, answers slower than {s['wrk_timeout_s']} s counted as errors. Server "
        f"defaults ({s['sparql_workers']} SPARQL workers, depth limit {s['max_query_depth']}) with a query time limit "
        f"of {s['query_timeout_s']:g} s; server, workers, wrk and the hostile clients share the cores on loopback. "
        f"Hostile texts {'distinct (no screen-cache hits)' if s['distinct_hostile_queries'] else 'identical'}.", "",
        "| provision route | requests/s | p50 ms | p99 ms | errors | CPU cores used: server / workers |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in (("quiet", q), ("under hostile load", ld)):
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} | "
                     f"{r['cpu_cores']['server']:.2f} / {r['cpu_cores']['workers']:.2f} |")
    lines.append(f"| loaded / quiet | {ld['rps'] / q['rps']:.2f}× | {ld['p50'] / q['p50']:.2f}× | {result['p99_ratio']:.2f}× | | |")
    lines += ["", "| hostile clients (during the loaded run) | clients | requests | answers | as designed | "
              "latency p50 / max ms |", "|---|---|---|---|---|---|"]
    what = {"runaway": "runaway cross product → 503 `timeout`", "too_deep": "5000 levels deep → 400 `too_deep`",
            "depth_60": "60 levels deep (within the limit) → 200"}
    for k, h in result["hostile"].items():
        answers = ", ".join(f"{n}× {st}" for st, n in sorted(h["statuses"].items()))
        lines.append(f"| {what[k]} | {h['clients']} | {h['requests']} | {answers} | {h['expected']}/{h['requests']} | "
                     f"{h['ms_p50']:.0f} / {h['ms_max']:.0f} |")
    lines += ["", f"Targets: 0 errors on the provision route — {yes[t['zero_errors']]}; p99 within 3× of the quiet run — "
              f"{yes[t['p99_within_3x']]} ({result['p99_ratio']:.2f}×); every hostile query answered as designed — "
              f"{yes[t['hostile_as_expected']]}; and (a check of ours) an ordinary SPARQL query still answered after "
              f"the attack — {yes[t['sparql_answers_after']]}.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
