"""Reads anchored on IRIs (issue 17, item 2): the first question on an act, against a raw read of the provision's IRI.

    .venv/bin/python -m bench.anchored STORE [--acts 200]

STORE is a store made by ``bench.search`` (e.g. ``/tmp/zangraph-bench/search/synthetic-1000/with/zg``). For each of
``--acts`` random acts of the store, the first question about one of its provisions is asked once
(``graph.queries.query.provision_at``; store-wide facts — the list of act keys — memoised once before, as a running server
has them) and the same provision is read raw with pyoxigraph (its versions by ``zg:versionOf`` on its IRI, then every
quad of each version). The two go first in turn, and each is measured on the acts where it went first (the first read
pays for the pages both read): ``--acts`` 200 gives 100 of each. Prints p50 and p99 of both and their ratio (target: within 2×).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date
from pathlib import Path

from pyoxigraph import NamedNode
from zangraph.graph.model import ActRef
from zangraph.graph.queries import query as Q
from zangraph.graph.rdf.mapping import act_iri
from zangraph.graph.store.graphstore import GraphStore

VERSION_OF = NamedNode("https://w3id.org/zangraph/ontology#versionOf")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("--acts", type=int, default=200)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON (bench.ingest reads them)")
    a = ap.parse_args()
    gs = GraphStore(a.store, read_only=True)
    keys = Q.act_keys(gs, in_corpus_only=True)
    picker = GraphStore(a.store, read_only=True)  # a second view, so that the measured one has nothing memoised
    targets = [(k, next(iter(Q.provisions_of(picker, k)))) for k in random.Random(5).sample(keys, min(a.acts, len(keys)))]
    Q.act_keys(gs)
    ours, raw = [], []
    def first(k, e) -> float:
        t = time.perf_counter()
        Q.provision_at(gs, k, e, date(2020, 6, 1))
        return (time.perf_counter() - t) * 1000

    def raw_read(k, e) -> float:
        iri = NamedNode(f"{act_iri(ActRef.from_key(k), gs.base)}/{e}")
        t = time.perf_counter()
        for v in [q.subject for q in gs.store.quads_for_pattern(None, VERSION_OF, iri, None)]:
            list(gs.store.quads_for_pattern(v, None, None, None))
        return (time.perf_counter() - t) * 1000

    # whichever reads first pays for the pages both read: they go first in turn, and each is
    # measured where it went first (the second read of each pair only warms the page cache)
    for i, (k, e) in enumerate(targets):
        if i % 2 == 0:
            ours.append(first(k, e))
            raw_read(k, e)
        else:
            raw.append(raw_read(k, e))
            first(k, e)
    p = lambda xs: (statistics.median(xs), sorted(xs)[int(0.99 * (len(xs) - 1))])  # noqa: E731
    (o50, o99), (r50, r99) = p(ours), p(raw)
    if a.json:
        import json

        print(json.dumps({"acts": len(targets), "measured_first": "each", "first_p50_ms": round(o50, 3), "first_p99_ms": round(o99, 3),
                          "raw_p50_ms": round(r50, 3), "raw_p99_ms": round(r99, 3), "ratio_p50": round(o50 / r50, 1)}))
        return
    print(f"{len(targets)} acts: first question p50 {o50:.2f} ms, p99 {o99:.2f} ms; raw IRI read p50 {r50:.2f} ms, "
          f"p99 {r99:.2f} ms; ratio at p50 {o50 / r50:.1f}x (target 2x)")


if __name__ == "__main__":
    main()
