"""The ingest's lower bound on this machine, measured in the same run as the ingest it bounds (issue 17 item 3).

    .venv/bin/python -m bench.limit SOURCE... --nquads STORE.nq [--workers N]

An ingest reads every source and writes the graph it made; it cannot be faster than either step
done alone by the fastest means zangraph has:

(a) **parse**: every source found as ``zangraph ingest`` finds it (``graph.ingest.sources.discover``) — read by zangraph's own readers (``read_for_store`` for an act directory, the
    one the CLI's workers call; ``parse_file`` for an Adilet export) in a ``ProcessPoolExecutor``
    of ``workers`` processes, in the CLI's chunk sizes. Nothing is stored and the parsed acts are
    not sent back to the parent (only a count is), so neither consolidation nor the transfer of
    the model between processes is in this figure: it is parsing, on every core, and nothing else.
(b) **bulk load**: the N-Quads the ingest produced (``zangraph export --format nquads``) loaded by
    ``pyoxigraph.Store(<fresh temporary directory>).bulk_load(path=…, format=RdfFormat.N_QUADS)``,
    Oxigraph's fastest write path (it writes sorted files straight to RocksDB, no transactions),
    into an empty on-disk store; the directory is removed afterwards.

Then (c) **compaction**: the loaded store's ``optimize()`` (``optimize_s``), the yardstick of an
ingest that compacts (``zangraph ingest --compact``): ``limit_compacted_s = max(parse_s,
bulk_load_s + optimize_s)``.

All three are wall seconds (``time.perf_counter``; the pool's start-up is in (a), as it is in the CLI's). ``limit_s = max(parse_s, bulk_load_s)``: a perfect
pipeline would overlap the two, so the slower one bounds the whole; an ingest's wall time over
``limit_s`` says how far it is from what this machine can do with these sources. Measure it in
the run that measures the ingest — same machine, same load, same page cache state as far as
possible — since the figure moves with all three.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from zangraph.graph.ingest.sources import ADILET, KZLAW, discover
from zangraph.graph.reading.kzlaw import read_for_store
from zangraph.graph.reading.parse import parse_file


def find_sources(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(Adilet files, act directories) under ``paths``: the ingest's own discovery (``graph.ingest.sources``)."""
    tasks, _unchanged = discover(paths, set())
    return [Path(t.where) for t in tasks if t.kind == ADILET], [Path(t.where) for t in tasks if t.kind == KZLAW]


def _parse_adilet(path: Path) -> int:
    parse_file(path)
    return 1


def _read_act_dir(d: Path) -> int:
    _d, texts, reason, _digest = read_for_store(d)
    return 0 if reason else len(texts)


def parse_all(files: list[Path], dirs: list[Path], workers: int) -> tuple[float, int]:
    """(wall seconds, texts read) of reading every source over ``workers`` processes."""
    t = time.perf_counter()
    texts = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        texts += sum(pool.map(_parse_adilet, files, chunksize=16))
        texts += sum(pool.map(_read_act_dir, dirs, chunksize=8))
    return time.perf_counter() - t, texts


def bulk_load(nquads: Path) -> tuple[float, float]:
    """Wall seconds of bulk-loading ``nquads`` into a fresh on-disk store, and then of
    compacting it (``Store.optimize``: what an ingest that compacts is compared with)."""
    from pyoxigraph import RdfFormat, Store

    tmp = Path(tempfile.mkdtemp(prefix="zangraph-limit-", dir=os.environ.get("ZANGRAPH_BENCH_DIR")))
    try:
        t = time.perf_counter()
        store = Store(str(tmp / "store"))
        store.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
        store.flush()
        took = time.perf_counter() - t
        t = time.perf_counter()
        store.optimize()
        compacting = time.perf_counter() - t
        del store
        return took, compacting
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def limit(sources: list[Path], nquads: Path, workers: int | None = os.cpu_count()) -> dict:
    """The ingest's lower bound: {parse_s, bulk_load_s, limit_s, …} (see the module's docstring)."""
    workers = workers or 1
    files, dirs = find_sources([Path(s) for s in sources])
    parse_s, texts = parse_all(files, dirs, workers)
    load_s, optimize_s = bulk_load(Path(nquads))
    return {"parse_s": round(parse_s, 3), "bulk_load_s": round(load_s, 3), "limit_s": round(max(parse_s, load_s), 3),
            "optimize_s": round(optimize_s, 3), "limit_compacted_s": round(max(parse_s, load_s + optimize_s), 3),
            "workers": workers, "adilet_files": len(files), "act_dirs": len(dirs), "texts": texts,
            "nquads_mb": round(Path(nquads).stat().st_size / 2**20, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description="The ingest's lower bound: parse on every core, bulk-load the quads.")
    ap.add_argument("sources", nargs="+", type=Path)
    ap.add_argument("--nquads", type=Path, required=True, help="the ingest's export: zangraph export --format nquads")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    args = ap.parse_args()
    print(json.dumps(limit(args.sources, args.nquads, args.workers), indent=2))


if __name__ == "__main__":
    main()
