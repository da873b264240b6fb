"""Full-text search (issue 19): latency, the cost of indexing on ingest, recall on the hand-made table.

    .venv/bin/python -m bench.search [--acts 1000] [--queries 400] [--out bench/results/search.json]

What it measures, each in this run on this machine:

- **Indexing cost**: ``zangraph ingest`` of a corpus into a fresh store with the index
  (the default) and with ``ZANGRAPH_SEARCH_INDEX=off``, each in a fresh process under
  ``/usr/bin/time`` (wall, peak RSS); the cost is the difference over the time without.
  Target: ≤ 20 %.
- **Latency** of ``SearchIndex.search`` in process (what ``/api/search`` and the MCP tool
  call; HTTP adds its own ~1 ms): queries made from the stored wordings themselves — one to
  three consecutive words of a random version's wording, in another inflected form where the
  stemmer gives one (the words as written are used; the stemmer folds them), asked on a day
  inside that version's interval, every tenth as a quoted phrase — p50 and p99 over
  ``--queries``. Target p50 ≤ 20 ms, p99 ≤ 100 ms. On the bundled corpus and on the synthetic
  corpus of ``--acts`` acts (``bench.corpus``).
- **Recall** on ``tests/search/queries.yaml`` plus the cases of ``tests/test_search.py``, on
  a store of the bundled corpus, ``../shared/corpus-dev`` and the 98498 redactions: the share
  of the provisions that must be found that are found, and the number of hits whose wording
  that day is unknown (must be 0). Target recall ≥ 95 %.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WORK = Path(os.environ.get("ZANGRAPH_BENCH_DIR", "/tmp/zangraph-bench")) / "search"
CLI = [sys.executable, "-m", "zangraph.graph.cli"]


def timed_ingest(paths: list[str], store: Path, index: bool) -> dict:
    env = dict(os.environ)
    if not index:
        env["ZANGRAPH_SEARCH_INDEX"] = "off"
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *CLI, "ingest", *paths, "--store", str(store),
                          "--format", "json"], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"ingest failed: {out.stderr[-2000:]}")
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return {"wall_s": float(wall), "peak_rss_mb": round(int(rss) / 1024, 1)}


def indexing_cost(label: str, paths: list[str], where: Path) -> dict:
    """Ingest without and with the index; the store with it stays at ``where/with/zg``."""
    import shutil

    shutil.rmtree(where, ignore_errors=True)
    without = timed_ingest(paths, where / "without" / "zg", index=False)
    with_ = timed_ingest(paths, where / "with" / "zg", index=True)
    shutil.rmtree(where / "without")
    cost = (with_["wall_s"] - without["wall_s"]) / without["wall_s"]
    return {"corpus": label, "without_index": without, "with_index": with_, "cost_pct": round(100 * cost, 1)}


def make_queries(gs, n: int, seed: int = 19) -> list[tuple[str, date]]:
    from zangraph.graph.queries.query import act_keys
    from zangraph.graph.queries.search import versions_of

    rng = random.Random(seed)
    keys = act_keys(gs, in_corpus_only=True)
    pool = []
    for key in rng.sample(keys, min(len(keys), 300)):
        pool += [v for v in versions_of(gs, key) if v["text_known"] and v["texts"]]
    qs = []
    while len(qs) < n and pool:
        v = rng.choice(pool)
        lang, text = rng.choice(sorted(v["texts"].items()))
        words = [w for w in re.findall(r"[^\W\d_]{4,}", text)]
        if not words:
            continue
        i = rng.randrange(len(words))
        k = rng.randint(1, 3)
        q = " ".join(words[i:i + k])
        if len(qs) % 10 == 0 and k > 1:
            q = f'"{q}"'
        start = date.fromisoformat(v["valid_from_latest"] or v["valid_from"])
        end = date.fromisoformat(v["valid_until"]) if v["valid_until"] else date(2026, 12, 1)
        if end <= start:
            continue
        qs.append((q, date.fromordinal(rng.randrange(start.toordinal(), end.toordinal()))))
    return qs


def latency(store: Path, n: int) -> dict:
    from zangraph.graph.queries.search import SearchIndex, index_path
    from zangraph.graph.store.graphstore import GraphStore

    gs = GraphStore(store)
    ix = SearchIndex(index_path(store))
    ix.ensure(gs)
    qs = make_queries(gs, n)
    for q, d in qs[:20]:  # warm the caches once, as a running server has them
        ix.search(q, d)
    times, empty = [], 0
    for q, d in qs:
        t = time.perf_counter()
        r = ix.search(q, d)
        times.append((time.perf_counter() - t) * 1000)
        empty += not r["hits"]
    times.sort()
    return {"queries": len(qs), "p50_ms": round(statistics.median(times), 2),
            "p99_ms": round(times[int(0.99 * (len(times) - 1))], 2), "max_ms": round(times[-1], 2),
            "queries_without_hit": empty, "docs": ix.index.searcher().num_docs}


def recall(store: Path) -> dict:
    import yaml
    from zangraph.graph.queries.search import SearchIndex, index_path
    from zangraph.graph.store.graphstore import GraphStore

    sys.path.insert(0, str(ROOT))
    from tests.test_search import CASES

    gs = GraphStore(store)
    ix = SearchIndex(index_path(store))
    ix.ensure(gs)
    table = yaml.safe_load((ROOT / "tests" / "search" / "queries.yaml").read_text(encoding="utf-8"))
    rows = [(c["query"], str(c["at"]), c.get("lang"), c.get("act"), {tuple(p) for p in c.get("must_find") or []},
             {tuple(p) for p in c.get("unknown_that_day") or []}) for c in table]
    rows += [(" ".join(w), at, None, None, must, apart) for w, at, must, _no, apart, _why in CASES]
    wanted = got = leaks = 0
    missed = []
    for q, at, lang, act, must, apart in rows:
        r = ix.search(q, date.fromisoformat(at), lang, act, limit=100)
        hits = {(h["key"], h["eId"]) for h in r["hits"]}
        wanted += len(must)
        got += len(must & hits)
        missed += [(q, at, p) for p in must - hits]
        leaks += len(apart & hits) + sum(1 for h in r["hits"] if not h["text"])
    return {"queries": len(rows), "must_find": wanted, "found": got, "recall_pct": round(100 * got / max(wanted, 1), 1),
            "hits_from_unknown_wordings": leaks, "missed": missed}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--acts", type=int, default=1000)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "search.json"))
    a = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    from bench.corpus import generate

    out: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                             "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}}
    bundled = str(ROOT / "corpus")
    synth = WORK / f"corpus-{a.acts}"
    if not synth.exists():
        generate(a.acts, synth)
    out["indexing"] = [indexing_cost("bundled (5 acts)", [bundled], WORK / "bundled"),
                       indexing_cost(f"synthetic ({a.acts} acts)", [str(synth)], WORK / f"synthetic-{a.acts}")]
    out["latency_bundled"] = latency(WORK / "bundled" / "with" / "zg", a.queries)
    out["latency_synthetic"] = latency(WORK / f"synthetic-{a.acts}" / "with" / "zg", a.queries)
    if (SHARED / "corpus-dev").is_dir():
        with tempfile.TemporaryDirectory(dir=WORK) as d:
            st = Path(d) / "zg"
            red = SHARED / "samples" / "redactions" / "98498"
            for paths in ([bundled], [str(SHARED / "corpus-dev")], [str(red / "2015-12-31"), str(red / "2016-11-09")]):
                timed_ingest(paths, st, index=True)
            out["recall"] = recall(st)
    Path(a.out).write_text(json.dumps(out, ensure_ascii=False, indent=2))
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
