"""What runs in the ingest's worker processes, and how the pipeline hands them work.

Reads: chunks of ``sources.Task`` (reading) and of consolidation jobs (an act, the spool
spans of this run's texts of it and of the texts amending it, and the rows of texts earlier
runs stored). Writes: per chunk, one spool file of N-Quads (and one of pickled acts), and
returns paths, spans and counts — never a parsed act or a quad object — plus the data checks'
results over the chunk's quads (``rdf.validate``, run here, where the quads were made).
Guarantees: results come back in the order of the work given, with at most ``IN_FLIGHT``
chunks per worker submitted ahead (memory bounded by that, not by the corpus); a worker
ends with the run that started it (``graph.workers.die_with_parent``).
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from ..model import ActRef
from . import sources as S

# tasks a worker is handed at a time: the data checks run once per chunk, and their queries
# cost about the same over 32 tasks' quads as over 8 (measured: −40 % of their time)
CHUNK = 32
INLINE_TASKS = 8  # up to this many tasks are read in this process (a pool costs more than it saves)
IN_FLIGHT = 2  # chunks per worker submitted ahead (64 tasks each): workers keep going while a batch is written


def _consolidate(job: tuple, ctx: tuple, f, needed: list) -> tuple[ActRef, S.Span, int, list[str]]:
    """In a worker: one act's consolidation, written to ``f`` → (key, where, quads,
    disagreements); the lines the data checks read are added to ``needed``."""
    from ..consolidation.consolidate import consolidate
    from ..rdf.mapping import consolidated_nquads
    from ..rdf.ntriples import predicate
    from ..rdf.validate import needed_predicates
    from ..reading.stored import stored_act

    ref, text_files, amending_files, stored_texts, stored_amending = job
    settings, base, spool, known = ctx
    texts = [S.load_act(p) for p in text_files] + [stored_act(**row) for row in stored_texts]
    amending = [S.load_act(p) for p in amending_files] + [stored_act(**row) for row in stored_amending]
    c = consolidate(ref, texts, amending, settings, known)
    lines = list(dict.fromkeys(consolidated_nquads(c, settings, base)))
    start = f.tell()
    f.write("".join(lines).encode("utf-8"))
    keep = needed_predicates()
    needed += [line for line in lines if predicate(line) in keep]
    return ref, (f.name, start, f.tell() - start), len(lines), [str(w) for w in c.warnings]


_CTX = None


def _init(ctx, parent: int | None = None) -> None:
    global _CTX
    _CTX = ctx
    if parent is not None:  # a worker: it ends with the run (a killed ingest leaves no orphan holding its pipes)
        from ..workers import die_with_parent

        die_with_parent(parent)


def prepare_chunk(tasks: list) -> list:
    return S.prepare_chunk(tasks, _CTX)


def consolidate_chunk(jobs: list) -> list:
    """The consolidations of ``jobs``, and the data checks' results over all of them (with
    the first)."""
    from ..rdf.validate import validate_nquads

    needed: list[str] = []
    _settings, _base, spool, _known = _CTX
    with open(os.path.join(spool, f"c-{os.getpid()}-{next(S._names)}.nq"), "wb") as f:
        out = [(*_consolidate(j, _CTX, f, needed), (), ()) for j in jobs]
    if out:  # the first carries the checks' results and how many consolidations the file holds
        out[0] = (*out[0][:4], tuple(validate_nquads("".join(needed).encode("utf-8"))) if needed else (),
                  ((f.name, len(out)),))
    return out


def streamed(fn, items: list, ctx, workers: int, chunk: int = CHUNK):
    """``fn`` over chunks of ``items`` in worker processes, results in order, with a bounded
    number of chunks in flight (results are not piled up faster than they are used)."""
    chunk = max(1, min(chunk, -(-len(items) // (2 * workers))))  # a small run: every worker gets some
    chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]
    if len(items) <= INLINE_TASKS or workers <= 1:
        _init(ctx)
        for c in chunks:
            yield from fn(c)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(ctx, os.getpid())) as pool:
        flight: list[Future] = []
        todo = iter(chunks)
        for c in islice(todo, IN_FLIGHT * workers):
            flight.append(pool.submit(fn, c))
        while flight:
            head = flight.pop(0)
            yield from head.result()
            nxt = next(todo, None)
            if nxt is not None:
                flight.append(pool.submit(fn, nxt))
