"""Scale benchmark: synthetic corpora of N acts, zangraph beside the naive baseline.

    .venv/bin/python -m bench.scale --sizes 1000,10000 [--virtuoso 10000] [--baseline-cap 900]

For each size: generate the corpus (bench/corpus.py, deterministic), ingest it with the
CLI (``zangraph ingest DIR``: parsing over all cores) under ``/usr/bin/time -v`` (wall,
peak RSS), count triples and the store's size on disk; then time the six questions
in-process (the library, first asked = read from the store, then memoised) and over HTTP
(a real ``zangraph serve``, one connection), p50 and p99 over the same samples; the
validation of one act's quads (what ingest runs) and of the whole store; the RSS of the
serving process after the queries.

The baseline runs the *same library code and the same SPARQL* over rdflib's in-memory
Dataset (``BaselineStore`` adapts it, as ``RemoteStore`` adapts a server), loaded from the
store's N-Quads export; whole-store validation there is pyshacl, in a subprocess killed at
the cap. Over HTTP the baseline is rdflib-endpoint serving that Dataset, asked the
SPARQL point-in-time query. Results: JSON in ``bench/results/`` and the tables printed
(pasted into bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import OrderedDict
from datetime import date, timedelta
from pathlib import Path

from bench.corpus import ActSpec, generate

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("ZANGRAPH_BENCH_DIR", "/tmp/zangraph-bench"))
PY = sys.executable
SAMPLES = 200

POINT_IN_TIME = """PREFIX zg: <https://w3id.org/zangraph/ontology#>
SELECT ?v ?from ?until ?text WHERE {{
  ?p zg:act/zg:key "{key}" ; zg:eId "{eid}" .
  ?v zg:versionOf ?p ; zg:validFrom ?from .
  OPTIONAL {{ ?v zg:validUntil ?until }} OPTIONAL {{ ?v zg:text ?text }}
  FILTER(?from <= "{day}"^^<http://www.w3.org/2001/XMLSchema#date> &&
         (!BOUND(?until) || ?until > "{day}"^^<http://www.w3.org/2001/XMLSchema#date>))
}}"""


def pct(xs: list[float]) -> dict:
    xs = sorted(xs)
    if not xs:
        return {}
    return {"p50_ms": round(statistics.median(xs) * 1000, 3), "p99_ms": round(xs[min(len(xs) - 1, int(len(xs) * 0.99))] * 1000, 3),
            "n": len(xs)}


def timed(fn, args_list, budget: float | None = None) -> list[float]:
    """Seconds per call; with ``budget``, stops after that many seconds (n says how many ran)."""
    out = []
    start = time.perf_counter()
    for a in args_list:
        t = time.perf_counter()
        fn(*a)
        out.append(time.perf_counter() - t)
        if budget is not None and t - start > budget:
            break
    return out


# ---------------------------------------------------------------- samples from the world


def samples(specs: list[ActSpec], seed: int = 11) -> dict:
    rng = random.Random(seed)
    end = date(2026, 6, 1)

    def day_after(d: date) -> date:
        return d + timedelta(days=rng.randint(0, max(1, (end - d).days)))

    amended = [(s, p) for s in specs for p in s.history if s.role in ("base", "requirements")]
    bases = [s for s in specs if s.role == "base"]
    reqs = [s for s in specs if s.role == "requirements"]
    pick = lambda xs: [rng.choice(xs) for _ in range(SAMPLES)]  # noqa: E731
    return {
        "provision": [(s.key, f"annex_1__point_{p}", day_after(s.signed)) for s, p in pick(amended)],
        "act": [(s.key, day_after(s.signed)) for s in pick(bases)],
        "requirements": [(s.key, f"annex_1__point_{rng.choice(s.points)}", day_after(s.signed)) for s in pick(reqs)],
        "positions": [(rng.choice(["Кеңесші", "сарапшы", "Басшы", "01-"]), rng.choice([None, "С-3", "D-3"])) for _ in range(50)],
        "history": [(s.key, f"annex_1__point_{p}") for s, p in pick(amended)],
        "eligibility": [(s.key, f"annex_1__point_{rng.choice(s.points)}", day_after(s.signed), rng.randint(12, 96))
                        for s in pick(reqs)],
    }


# ---------------------------------------------------------------- in-process questions


def questions(gs):
    from zangraph.graph.queries import query as Q
    from zangraph.graph.queries.check import eligibility
    from zangraph.graph.queries.requirements import positions, requirements_at
    from zangraph.graph.requirements.eligibility import candidate_from_json

    def cand(months):
        return candidate_from_json({"education": {"level": "higher"},
                                    "experience": [{"kind": "total", "months": months}, {"kind": "sector", "months": months // 2}]})

    def safe(f):
        def run(*a):
            try:
                return f(*a)
            except Q.NotFound:
                return None
        return run

    return {
        "provision": safe(lambda k, e, d: Q.provision_at(gs, k, e, d)),
        "act": safe(lambda k, d: Q.act_at(gs, k, d, None, 0, 500)),
        "requirements": safe(lambda k, e, d: requirements_at(gs, d, k, e)),
        "positions": lambda q, c: positions(gs, q=q, category=c, day=date(2020, 1, 1)),
        "history": safe(lambda k, e: Q.history(gs, k, e)),
        "eligibility": safe(lambda k, e, d, m: eligibility(gs, cand(m), d, k, e)),
    }


def in_process(gs, smp: dict, budget: float | None = None) -> dict:
    out = {}
    for name, fn in questions(gs).items():
        gs._memo.clear()
        cold = timed(fn, smp[name], budget)  # each act's first question reads it from the store
        warm = timed(fn, smp[name][: len(cold)], budget)  # asked again: the memo of the act's versions answers
        out[name] = {"first": pct(cold), "again": pct(warm)}
    return out


# ---------------------------------------------------------------- HTTP


def http_paths(smp: dict) -> dict:
    import json as _j
    from urllib.parse import quote, urlencode

    return {
        "provision": [("GET", f"/api/acts/{k}/provisions/{e}?at={d}", None) for k, e, d in smp["provision"]],
        "act": [("GET", f"/api/acts/{k}?at={d}", None) for k, d in smp["act"]],
        "requirements": [("GET", f"/api/acts/{k}/provisions/{e}/requirements?at={d}", None) for k, e, d in smp["requirements"]],
        "positions": [("GET", "/api/positions?" + urlencode({k: v for k, v in (("q", q), ("category", c), ("at", "2020-01-01")) if v}), None)
                      for q, c in smp["positions"]],
        "history": [("GET", f"/api/acts/{k}/provisions/{e}/history", None) for k, e in smp["history"]],
        "eligibility": [("POST", "/api/eligibility", _j.dumps({"act": k, "eId": e, "at": str(d), "candidate": {
            "education": {"level": "higher"}, "experience": [{"kind": "total", "months": m}]}})) for k, e, d, m in smp["eligibility"]],
        "sparql_point_in_time": [("GET", "/sparql?query=" + quote(POINT_IN_TIME.format(key=k, eid=e, day=d)), None)
                                 for k, e, d in smp["provision"][:100]],
    }


def http_run(base: str, paths: dict) -> dict:
    import httpx

    out = {}
    with httpx.Client(base_url=base, timeout=120, headers={"Accept": "application/json"}) as c:
        for name, reqs in paths.items():
            ts, codes = [], {}
            for method, path, body in reqs:
                t = time.perf_counter()
                r = c.request(method, path, content=body, headers={"Content-Type": "application/json"} if body else None)
                ts.append(time.perf_counter() - t)
                codes[r.status_code] = codes.get(r.status_code, 0) + 1
            out[name] = pct(ts) | {"status": codes}
    return out


def serve(store: Path, port: int):
    env = dict(os.environ, ZANGRAPH_STORE=str(store), ZANGRAPH_PORT=str(port), ZANGRAPH_HOST="127.0.0.1")
    p = subprocess.Popen([str(ROOT / ".venv/bin/zangraph"), "serve"], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    import httpx

    for _ in range(2400):
        try:
            h = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
            if h.status_code == 200 and not h.json().get("warming"):  # measured once its start-up reads are done
                return p
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    p.kill()
    raise RuntimeError("the server did not start")


def rss_mb(pid: int) -> float:
    total = 0
    for p in [pid] + [int(x) for x in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]:
        try:
            total += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{p}/status").read_text())[1])
        except (OSError, TypeError):
            pass
    return round(total / 1024, 1)


# ---------------------------------------------------------------- ingest


def ingest(corpus: Path, store: str, label: str) -> dict:
    if not store.startswith("http"):
        shutil.rmtree(store, ignore_errors=True)
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v", str(ROOT / ".venv/bin/zangraph"), "ingest", str(corpus), "--store", store,
                        "--format", "json"], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode != 0:
        raise RuntimeError(f"{label}: ingest failed: {r.stderr[-3000:]}")
    rows = json.loads(r.stdout)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)[1]) / 1024
    return {"wall_s": round(wall, 1), "texts": len(rows), "acts": len({x["act"] for x in rows}),
            "triples_written": sum(x["triples"] for x in rows), "peak_rss_mb": round(rss)}


def count_quads(gs) -> int:
    return int(gs.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"].value) if gs.remote else len(gs.store)


def du_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


# ---------------------------------------------------------------- validation


def validation(gs, specs) -> dict:
    from pyoxigraph import NamedNode
    from zangraph.graph.rdf.validate import validate_quads

    one = []
    for s in [x for x in specs if x.role == "base"][:20]:
        iri = f"https://w3id.org/zangraph/kz/eli/{s.kind}/{s.signed.year}/{s.signed.month:02d}/{s.signed.day:02d}/{s.number}"
        quads = [q for g in (f"{iri}/source/ru", f"{iri}/consolidated") for q in gs.store.quads_for_pattern(None, None, None, NamedNode(g))]
        t = time.perf_counter()
        validate_quads(quads)
        one.append(time.perf_counter() - t)
    t = time.perf_counter()
    results = gs.validate()
    return {"one_act": pct(one), "whole_store_s": round(time.perf_counter() - t, 2), "whole_store_results": len(results)}


# ---------------------------------------------------------------- the baseline


class BaselineStore:
    """rdflib's in-memory Dataset behind the ``Store.query`` surface, answers as pyoxigraph terms."""

    def __init__(self, ds):
        self.ds = ds

    def query(self, sparql: str, use_default_graph_as_union: bool = True):
        from pyoxigraph import BlankNode, Literal, NamedNode
        from rdflib import BNode, URIRef
        from rdflib import Literal as RL
        from zangraph.graph.store.remote import Solution

        def conv(t):
            if t is None:
                return None
            if isinstance(t, URIRef):
                return NamedNode(str(t))
            if isinstance(t, BNode):
                return BlankNode(str(t))
            if isinstance(t, RL):
                if t.language:
                    return Literal(str(t), language=t.language)
                return Literal(str(t), datatype=NamedNode(str(t.datatype))) if t.datatype else Literal(str(t))
            raise TypeError(t)

        r = self.ds.query(sparql)
        if r.type == "ASK":
            return r.askAnswer
        names = [str(v) for v in r.vars]
        return [Solution(names, [conv(row[i]) for i in range(len(names))]) for row in r]


def baseline_graphstore(nq: Path):
    from rdflib import Dataset
    from zangraph.graph.rdf.mapping import DEFAULT_BASE
    from zangraph.graph.store.graphstore import GraphStore

    ds = Dataset(default_union=True)
    t = time.perf_counter()
    ds.parse(str(nq), format="nquads")
    load = time.perf_counter() - t
    gs = GraphStore.__new__(GraphStore)
    gs.__dict__.update(path=None, remote=False, store=BaselineStore(ds), base=DEFAULT_BASE, _cache=OrderedDict(),
                       _memo=OrderedDict(), generation=0, last_warnings=[], last_shacl=[])
    return gs, ds, load


def baseline_shacl(nq: Path, cap: float) -> dict:
    code = ("import sys,time;from rdflib import Dataset,Graph;import pyshacl;"
            "from zangraph.shapes import DATA_SHAPES as P;"
            "ds=Dataset(default_union=True);ds.parse(sys.argv[1],format='nquads');g=Graph();"
            "[g.add(t) for t in ds.triples((None,None,None))];t=time.perf_counter();"
            "r=pyshacl.validate(g,shacl_graph=Graph().parse(P),advanced=True);print(time.perf_counter()-t)")
    try:
        r = subprocess.run([PY, "-c", code, str(nq)], capture_output=True, text=True, timeout=cap)
        if r.returncode != 0:
            return {"error": r.stderr[-400:]}
        return {"whole_store_s": round(float(r.stdout.strip().splitlines()[-1]), 1)}
    except subprocess.TimeoutExpired:
        return {"whole_store_s": None, "capped_at_s": cap}


def baseline_endpoint_http(nq: Path, smp: dict, port: int) -> dict:
    p = subprocess.Popen([PY, str(ROOT / "bench/baseline_endpoint.py"), str(nq), str(port)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        import httpx

        for _ in range(1200):
            try:
                httpx.get(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        from urllib.parse import quote

        paths = {"sparql_point_in_time": [("GET", "/sparql?query=" + quote(POINT_IN_TIME.format(key=k, eid=e, day=d)), None)
                                          for k, e, d in smp["provision"][:100]]}
        out = http_run(f"http://127.0.0.1:{port}", paths)
        out["rss_mb"] = rss_mb(p.pid)
        return out
    finally:
        p.kill()
        p.wait()


# ---------------------------------------------------------------- one size


def run_size(n: int, args) -> dict:
    from zangraph.graph.store.graphstore import GraphStore

    corpus = WORK / f"corpus-{n}"
    if not (corpus / ".complete").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        generate(n, corpus)
        (corpus / ".complete").write_text("")
    from bench.corpus import plan

    specs = plan(n)
    smp = samples(specs)
    res: dict = {"acts": n, "corpus_mb": du_mb(corpus), "files": len(list(corpus.glob("*.txt")))}
    store = WORK / f"store-{n}"
    record = WORK / f"store-{n}.ingest.json"
    if args.reuse and record.exists() and store.exists():
        print(f"[{n}] ingest: reusing {store} and its figures ({record})", flush=True)
        res["ingest"] = json.loads(record.read_text())
    else:
        print(f"[{n}] ingest …", flush=True)
        res["ingest"] = ingest(corpus, str(store), f"{n}")
        res["ingest"]["acts_per_s"] = round(n / res["ingest"]["wall_s"], 1)
        record.write_text(json.dumps(res["ingest"]))
    partial = ROOT / f"bench/results/scale-{n}.partial.json"
    res["store_mb"] = du_mb(store)
    gs = GraphStore(store)
    res["quads"] = count_quads(gs)
    res["ingest"]["triples_per_s"] = round(res["quads"] / res["ingest"]["wall_s"])
    print(f"[{n}] queries in process …", flush=True)
    res["in_process"] = in_process(gs, smp)
    partial.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str))
    print(f"[{n}] validation …", flush=True)
    res["validation"] = validation(gs, specs)
    nq = WORK / f"store-{n}.nq"
    with open(nq, "wb") as f:
        gs.export("nquads", f)
    del gs
    partial.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str))
    print(f"[{n}] HTTP …", flush=True)
    srv = serve(store, args.port)
    try:
        paths = http_paths(smp)
        http_run(f"http://127.0.0.1:{args.port}", paths)  # a first pass (not kept): what a running server has read
        res["http"] = http_run(f"http://127.0.0.1:{args.port}", paths)
        res["serving_rss_mb"] = rss_mb(srv.pid)
    finally:
        srv.terminate()
        srv.wait()
    partial.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str))
    if n <= args.baseline_max:
        print(f"[{n}] baseline …", flush=True)
        bgs, ds, load = baseline_graphstore(nq)
        base: dict = {"load_s": round(load, 1)}
        base["in_process"] = in_process(bgs, {k: v[:40] for k, v in smp.items()}, budget=45)
        del bgs, ds
        base["shacl"] = baseline_shacl(nq, args.baseline_cap)
        base["http"] = baseline_endpoint_http(nq, smp, args.port + 1)
        res["baseline"] = base
    partial.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str))
    if n in args.virtuoso:
        res["virtuoso"] = run_virtuoso(n, corpus, smp)
    nq.unlink(missing_ok=True)
    partial.unlink(missing_ok=True)
    return res


def run_virtuoso(n: int, corpus: Path, smp: dict) -> dict:
    from zangraph.graph.store.graphstore import GraphStore

    from bench.virtuoso import Virtuoso

    print(f"[{n}] virtuoso …", flush=True)
    with Virtuoso(WORK / f"virtuoso-{n}") as v:
        out = {"ingest": ingest(corpus, v.query_url, f"virtuoso {n}")}
        out["ingest"]["acts_per_s"] = round(n / out["ingest"]["wall_s"], 1)
        gs = GraphStore(v.query_url)
        out["quads"] = count_quads(gs)
        out["in_process"] = in_process(gs, {k: v_[:60] for k, v_ in smp.items()})
        out["db_mb"] = round(v.size_on_disk() / 2**20, 1)
        out["server_rss_mb"] = rss_mb(v.proc.pid)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--virtuoso", default="10000", help="sizes also run on Virtuoso (comma-separated; empty: none)")
    ap.add_argument("--baseline-max", type=int, default=10000, help="largest size the baseline is run on")
    ap.add_argument("--baseline-cap", type=float, default=900, help="seconds before the baseline's pyshacl run is stopped")
    ap.add_argument("--port", type=int, default=8871)
    ap.add_argument("--reuse", action="store_true", help="reuse a store (and its ingest figures) a previous run built")
    args = ap.parse_args()
    args.virtuoso = {int(x) for x in args.virtuoso.split(",") if x}
    WORK.mkdir(parents=True, exist_ok=True)
    out_dir = ROOT / "bench/results"
    out_dir.mkdir(exist_ok=True)
    for n in [int(x) for x in args.sizes.split(",")]:
        res = run_size(n, args)
        res["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "date": time.strftime("%Y-%m-%d")}
        (out_dir / f"scale-{n}.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
        print(json.dumps(res, indent=1, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
