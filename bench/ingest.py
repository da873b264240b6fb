"""The whole country on one machine (issue 17): ingest against its limit, as the store grows.

    .venv/bin/python -m bench.ingest --sizes 1000,10000 --formats adilet,klaw [--reingest] [--reads] [--serve]

For each format (``adilet``: bench/corpus.py's synthetic text exports; ``klaw``:
bench/klaw_corpus.py's kazakhstan-law act directories) and size: the corpus is generated
(deterministic, kept in ``$ZANGRAPH_BENCH_DIR/ingest`` between runs, not measured); then, in
one run, on the same machine state:

- **ingest**: ``zangraph ingest CORPUS --store <new> --format json`` in a fresh process under
  ``/usr/bin/time -v`` (wall seconds, peak RSS of the process tree's largest process —
  the main one, which holds the store), with the search index off (``ZANGRAPH_SEARCH_INDEX
  =off``) so that the figure is the store's; the search index's own cost is in
  bench/search.py;
- **limit** (bench/limit.py): every source parsed over all cores with zangraph's readers,
  and the store's own N-Quads (``zangraph export``) bulk-loaded into a fresh on-disk store;
  ``limit = max(parse, bulk_load)`` and the ingest is reported as a ratio to it (without its
  compaction phase; with it, against ``max(parse, bulk_load + optimize)``);
- ``--reingest``: one act's text changed by one word, ``zangraph ingest CORPUS`` again
  (unchanged sources are recognised by hash and not read);
- ``--reads``: the first question on 100 acts against a raw read of the provision's IRI on
  100 others (bench/anchored.py);
- ``--virtuoso SIZES``: the same ingest into a fresh Virtuoso (the remote store), beside;
- ``--serve``: ``zangraph serve`` started on the store: seconds until ``/health`` answers and
  until it no longer says ``warming``, and the server's RSS then;
- ``--no-limit``: the ingest and the other measures without the limit (at 50 000 acts the
  limit alone takes ~25 minutes; the rate against the 1 000-act rate needs no limit);
- ``--existing``: no ingest; ``--reingest`` / ``--reads`` / ``--serve`` on the store and
  corpus an earlier run left (``run_existing``).

Raw figures go to ``bench/results/ingest.json``; the table for bench/RESULTS.md is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("ZANGRAPH_BENCH_DIR", "/tmp/zangraph-bench")) / "ingest"
ZG = str(ROOT / ".venv/bin/zangraph")


def corpus(fmt: str, n: int) -> Path:
    d = WORK / f"{fmt}-{n}"
    if (d / ".complete").exists():
        return d
    shutil.rmtree(d, ignore_errors=True)
    t = time.perf_counter()
    if fmt == "adilet":
        from bench.corpus import generate
    else:
        from bench.klaw_corpus import generate
    generate(n, d)
    (d / ".complete").write_text(f"{time.perf_counter() - t:.1f}")
    return d


def timed(args: list[str], env: dict | None = None) -> dict:
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True,
                       env=dict(os.environ, ZANGRAPH_SEARCH_INDEX="off", **(env or {})))
    wall = time.perf_counter() - t
    if r.returncode != 0:
        raise RuntimeError(f"{args[:3]} failed: {r.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)[1]) / 1024
    return {"wall_s": round(wall, 1), "peak_rss_mb": round(rss), "stdout": r.stdout, "stderr": r.stderr}


def one_word_changed(d: Path, fmt: str) -> Path:
    """Change one word of one act's text (the middle one, in sorted order); returns the file."""
    files = sorted(d.rglob("*.txt" if fmt == "adilet" else "rus.md"))
    f = files[len(files) // 2]
    text = f.read_text(encoding="utf-8")
    m = re.search(r"\b(настоящ\w+|осуществля\w+|государственн\w+|порядк\w+)\b", text)
    if m is None:
        raise RuntimeError(f"{f}: no word to change")
    f.write_text(text[:m.start()] + m.group(1) + " также" + text[m.end():], encoding="utf-8")
    return f


def run(fmt: str, n: int, args) -> dict:
    from bench.limit import limit

    d = corpus(fmt, n)
    store = WORK / f"store-{fmt}-{n}"
    shutil.rmtree(store, ignore_errors=True)
    print(f"[{fmt} {n}] ingest …", flush=True)
    ing = timed([ZG, "ingest", str(d), "--store", str(store), "--format", "json", "--timings"])
    rows = json.loads(ing.pop("stdout"))
    # where the time went (``zangraph ingest --timings``): phase → seconds
    ing["phases_s"] = {m[2]: float(m[1]) for m in re.finditer(r"^time: +([\d.]+) s  (.+?) —", ing.pop("stderr"), re.M)}
    res: dict = {"format": fmt, "acts": n, "texts": len(rows), "quads": sum(r["triples"] for r in rows), "ingest": ing,
                 "acts_per_s": round(n / ing["wall_s"], 1)}
    partial = WORK / f"partial-{fmt}-{n}.json"  # each phase's figures kept as soon as measured

    def keep() -> None:
        partial.write_text(json.dumps(res, indent=1, ensure_ascii=False))
    keep()
    if not args.no_limit:
        nq = WORK / f"store-{fmt}-{n}.nq"
        subprocess.run([ZG, "export", "--format", "nquads", "--store", str(store), "-o", str(nq)], check=True,
                       env=dict(os.environ, ZANGRAPH_SEARCH_INDEX="off"))
        print(f"[{fmt} {n}] limit …", flush=True)
        res["limit"] = limit([d], nq)
        nq.unlink()
        # like with like: the ingest without its compaction against the bulk load, and with it
        # against the bulk load plus the loaded store's compaction
        compact = ing["phases_s"].get("compact", 0.0)
        res["ratio"] = round((ing["wall_s"] - compact) / res["limit"]["limit_s"], 2)
        if compact:
            res["ratio_compacted"] = round(ing["wall_s"] / res["limit"]["limit_compacted_s"], 2)
        keep()
    if args.reingest:
        print(f"[{fmt} {n}] re-ingest with one act changed …", flush=True)
        f = one_word_changed(d, fmt)
        re_ = timed([ZG, "ingest", str(d), "--store", str(store), "--format", "json"])
        res["reingest"] = {"wall_s": re_["wall_s"], "peak_rss_mb": re_["peak_rss_mb"], "changed": str(f.relative_to(d)),
                           "texts_written": len(json.loads(re_["stdout"]))}
        shutil.rmtree(d, ignore_errors=True)  # the corpus is no longer the generated one
        keep()
    if args.reads:
        print(f"[{fmt} {n}] reads …", flush=True)
        r = subprocess.run([sys.executable, "-m", "bench.anchored", str(store), "--acts", "200", "--json"],
                           capture_output=True, text=True, cwd=ROOT)
        res["reads"] = json.loads(r.stdout) if r.returncode == 0 else {"error": r.stderr[-2000:]}
        keep()
    if args.serve:
        res["serve"] = serve(store)
    return res


def run_existing(fmt: str, n: int, args) -> dict:
    """``--existing``: the store and corpus an earlier run left (a 50 000-act ingest takes 40
    minutes), measured again after a change of the code: ``--reingest`` three times (one
    more word changed each time; the corpus is kept), ``--reads``, ``--serve`` (and, as
    root, ``--serve`` again after the page cache is dropped: a server started on a cold
    store, as after a reboot)."""
    d, store = WORK / f"{fmt}-{n}", WORK / f"store-{fmt}-{n}"
    if not (d / ".complete").exists() or not store.exists():
        raise SystemExit(f"--existing: no corpus {d} or store {store} from an earlier run")
    res: dict = {"format": fmt, "acts": n, "existing": True}
    if args.reingest:
        # untimed: brings the store and the manifest in line with the corpus (an earlier run
        # changed a word, or its manifest is of an older version)
        timed([ZG, "ingest", str(d), "--store", str(store), "--format", "json"])
        walls = []
        for _ in range(3):
            f = one_word_changed(d, fmt)
            r = timed([ZG, "ingest", str(d), "--store", str(store), "--format", "json"])
            walls.append(r["wall_s"])
            res["reingest"] = {"wall_s": sorted(walls)[len(walls) // 2], "runs_s": walls, "peak_rss_mb": r["peak_rss_mb"],
                               "changed": str(f.relative_to(d)), "texts_written": len(json.loads(r["stdout"]))}
    if args.reads:
        r = subprocess.run([sys.executable, "-m", "bench.anchored", str(store), "--acts", "200", "--json"],
                           capture_output=True, text=True, cwd=ROOT)
        res["reads"] = json.loads(r.stdout) if r.returncode == 0 else {"error": r.stderr[-2000:]}
    if args.serve:
        res["serve"] = serve(store)
        if os.access("/proc/sys/vm/drop_caches", os.W_OK):
            subprocess.run(["sync"], check=True)
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
            res["serve_cold"] = serve(store)
    return res


def run_virtuoso(fmt: str, n: int) -> dict:
    """The same ingest into a fresh Virtuoso (Debian's ``virtuoso-opensource``, started by
    bench/virtuoso.py on loopback): ``zangraph ingest CORPUS --store <its SPARQL endpoint>``."""
    from bench.virtuoso import Virtuoso

    d = corpus(fmt, n)
    print(f"[{fmt} {n}] virtuoso …", flush=True)
    home = WORK / f"virtuoso-{fmt}-{n}"
    shutil.rmtree(home, ignore_errors=True)
    with Virtuoso(home) as v:
        ing = timed([ZG, "ingest", str(d), "--store", v.query_url, "--format", "json"])
        rows = json.loads(ing.pop("stdout"))
        ing.pop("stderr")
        count = subprocess.run([ZG, "sparql", "--store", v.query_url, "--format", "json",
                                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"],
                               capture_output=True, text=True, env=dict(os.environ, ZANGRAPH_SEARCH_INDEX="off"))
        out = {"ingest": ing, "texts": len(rows), "acts_per_s": round(n / ing["wall_s"], 1),
               "count": count.stdout.strip()[-300:], "db_mb": round(v.size_on_disk() / 2**20, 1)}
        if count.returncode != 0:
            out["count_error"] = count.stderr.strip()[-300:]  # the 10 000-act run of 2026-12-07 printed nothing here
    shutil.rmtree(home, ignore_errors=True)
    return out


def serve(store: Path, port: int = 8733) -> dict:
    import httpx

    t = time.perf_counter()
    p = subprocess.Popen([ZG, "serve", "--store", str(store), "--port", str(port)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=dict(os.environ, ZANGRAPH_SEARCH_INDEX="off"))
    up = ready = None
    try:
        while time.perf_counter() - t < 600 and ready is None:
            try:
                h = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).json()
                up = up or time.perf_counter() - t
                if not h.get("warming"):
                    ready = time.perf_counter() - t
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        with open(f"/proc/{p.pid}/status") as f:
            rss = int(re.search(r"VmRSS:\s+(\d+)", f.read())[1]) / 1024
    finally:
        p.terminate()
        p.wait()
    return {"health_answers_s": round(up, 1) if up else None, "ready_s": round(ready, 1) if ready else None,
            "rss_mb": round(rss)}


def table(results: list[dict]) -> str:
    lines = ["| format | acts | texts | quads | ingest s | acts/s | peak RSS MB | parse s | bulk_load s | limit s | ingest ÷ limit |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lim = r["limit"]
        lines.append(f"| {r['format']} | {r['acts']:,} | {r['texts']:,} | {r['quads']:,} | {r['ingest']['wall_s']} | "
                     f"{r['acts_per_s']} | {r['ingest']['peak_rss_mb']:,} | {lim['parse_s']:.1f} | {lim['bulk_load_s']:.1f} | "
                     f"{lim['limit_s']:.1f} | **{r['ratio']}×** |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--formats", default="adilet,klaw")
    ap.add_argument("--reingest", action="store_true")
    ap.add_argument("--reads", action="store_true")
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--virtuoso", default="", help="sizes also ingested into Virtuoso (comma-separated)")
    ap.add_argument("--existing", action="store_true",
                    help="measure --reingest/--reads/--serve on the store and corpus of an earlier run (no ingest)")
    ap.add_argument("--no-limit", action="store_true", help="skip the export and the limit (bench/limit.py)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench/results/ingest.json")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for n in [int(x) for x in args.sizes.split(",")]:
        for fmt in args.formats.split(","):
            if args.existing:
                results.append(run_existing(fmt, n, args))
                args.out.parent.mkdir(parents=True, exist_ok=True)
                args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
                print(json.dumps(results[-1], ensure_ascii=False), flush=True)
                continue
            results.append(run(fmt, n, args))
            if str(n) in args.virtuoso.split(","):
                results[-1]["virtuoso"] = run_virtuoso(fmt, n)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    print(table([r for r in results if not r.get("existing") and "limit" in r]))
    for r in results:
        extra = [f"re-ingest one act changed {r['reingest']['wall_s']} s" if "reingest" in r else "",
                 f"serve: /health {r['serve']['health_answers_s']} s, ready {r['serve']['ready_s']} s, RSS {r['serve']['rss_mb']} MB"
                 if "serve" in r else "",
                 f"cold page cache: /health {r['serve_cold']['health_answers_s']} s, ready {r['serve_cold']['ready_s']} s"
                 if "serve_cold" in r else ""]
        if any(extra):
            print(f"- {r['format']} {r['acts']:,}: " + "; ".join(x for x in extra if x))


if __name__ == "__main__":
    main()
