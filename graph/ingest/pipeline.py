"""The ingest pipeline: sources → the store, streaming, on every core.

    discover → read + build source quads (worker processes) → batch → write the texts
    → consolidate every act the run touched, once (worker processes) → validate → write

Reads: ``Task`` values (``sources.discover``, or the redactions of a git history) and, for
acts the run touches whose other texts were stored by earlier runs, those texts (read from
each act's IRI and parsed again: ``reading.stored``). Writes: one source graph per text and
one consolidation graph per touched act.

How it is written, after what production RDF loaders do:

- **Workers do the work** (``ingest.pool``). A worker reads a source, builds its source quads and writes them
  as N-Quads to the run's spool directory, with the parsed act pickled beside them; the main
  process only moves file paths, counts and bytes. At most ``IN_FLIGHT × workers`` chunks of
  tasks are in flight (their results are files: what waits in memory is a path and counts),
  so memory is bounded by the batch, not by the corpus: batch *k + 1* is
  read while batch *k* is written.
- **Unchanged sources are not read.** A source whose content hash the store holds is
  skipped; the manifest beside the store (``ingest.manifest``: each source's files with
  their sizes and modification times → its hash, filled by the workers as they read)
  recognises an unchanged act directory without reading it.
- **Consolidated once per run.** The run keeps an index of what it read (act → its
  texts' spool files, and the texts amending it); after the last batch, each
  touched act is consolidated once, in a worker, from those files plus the stored texts of
  earlier runs — not once per batch it appears in.
- **Quads as text, validated where they are made.** Workers write N-Quads lines directly
  (``rdf.ntriples``: no term objects), and run the SHACL data checks (``rdf.validate``)
  over each chunk's quads — only those with a predicate a check reads — in an in-memory
  store, before handing the chunk back; a violation stops the run (exit 1) before the
  batch holding it is written. The main process never parses or rebuilds a quad.
- **Bulk path, journal, commit marker.** A run small enough for one transaction
  (``GraphStore.transaction_quads``) is written in one: all of it or nothing. A larger one
  goes through Oxigraph's bulk loader: before each batch, one small transaction drops the
  graphs it replaces and lists in the journal its graphs and the acts it touches; the bulk
  load follows; then one small transaction — the commit marker — removes its graphs from the
  journal (from then on they count as stored). Consolidations are written the same way, and
  the journal is dropped last. A run killed anywhere leaves the journal: the next run (or
  ``recover``) drops the graphs it lists as unwritten and recomputes the consolidations it
  names; texts already committed are not read again.
- **Written on a thread of its own.** Each batch's journal entries, bulk load and commit
  marker run on one writer thread (``Run._submit``) while the main thread goes on handing
  the workers sources and collecting what they made: with the write in the main thread the
  workers ran out of work a few seconds into each bulk load and waited for it. One write is
  in flight at a time, in order; the main thread waits for it (``Run._join``) before it
  reads the store or starts the next, so what is written, and in which order, is as before;
  memory holds at most two batches' N-Quads (the one in flight, the next being read).
- **Few small writes after the bulk loads.** After tens of bulk loads RocksDB holds more
  unmerged files than it lets a transactional write through, and such a write waits for
  its compaction (minutes at 50 000 acts): the ontology is written before the first bulk
  load, and the journal's end is the one transactional write left after the last.
- **Compacted after a large bulk run** (``compact``, called by the CLI as the run's last
  step). Bulk-loaded files overlap — a read looks into each of them — until RocksDB merges
  them; a run that bulk-loaded ``COMPACT_BYTES`` or more, and at least a quarter of the
  store's bytes on disk, ends by merging them (``GraphStore.compact``: Oxigraph's
  ``optimize``, its own advice after a big load). At 50 000 acts that took the store from
  25 GB to 13 GB and a first question from 2.6x to 1.4-1.9x a raw read (bench/RESULTS.md,
  fifth pass). A smaller run does not pay for it (on a small store merging costs more than
  it saves: the store's files even grow); ``zangraph ingest --compact always|never``
  decides otherwise.
- **Where the time went.** ``Report.seconds`` holds each phase's wall seconds (``PHASES``;
  ``zangraph ingest --timings``).
- **Bad input changes nothing.** Adilet files are read before anything is written (a bad
  one stops the run; an export that looks cut short never replaces a stored text without
  ``force``); a bad act directory is skipped and listed; a new store is only created when
  the first batch is written.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..model import ActRef
from ..rdf.mapping import DEFAULT_BASE, consolidated_iri
from ..rdf.validate import Result
from ..store.graphstore import GraphStore, ShapeViolation
from ..store.scratch import PREFIX, clean_stale
from ..time.temporal import Settings
from . import sources as S
from .pool import consolidate_chunk, prepare_chunk, streamed

BATCH_TEXTS = 400  # texts per written batch (``--batch``)
BATCH_BYTES = 64_000_000  # N-Quads per written batch, whichever comes first


def _crash_point(name: str) -> None:
    """Fault injection for the crash tests: ``$ZANGRAPH_CRASH_AT`` = ``name`` or ``name:N``
    kills this process with SIGKILL the first (or N-th) time the run reaches that step —
    deterministic where a timer is not (RocksDB's sync points, SQLite's test hooks)."""
    spec = os.environ.get("ZANGRAPH_CRASH_AT")
    if not spec or spec.partition(":")[0] != name:
        return
    _CRASH_COUNTS[name] = _CRASH_COUNTS.get(name, 0) + 1
    if _CRASH_COUNTS[name] >= int(spec.partition(":")[2] or 1):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


_CRASH_COUNTS: dict[str, int] = {}
CRASH_POINTS = ("texts-journaled", "texts-loaded", "texts-committed", "consolidations-dropped",
                "consolidations-loaded", "before-end")


class Refused(Exception):
    """The run stops on bad input before the store is touched (exit 2)."""


@dataclass
class Options:
    settings: Settings = field(default_factory=Settings)
    language: str | None = None
    allow_truncated: bool = False
    known_on: date | None = None
    force: bool = False
    batch_texts: int = BATCH_TEXTS
    batch_bytes: int = BATCH_BYTES
    workers: int = os.cpu_count() or 1
    progress: bool = True
    manifest: object | None = None  # ingest.manifest.Manifest: what the workers saw of each source is recorded


@dataclass(frozen=True)
class Written:
    """One text as stored (what ``zangraph ingest`` reports)."""

    file: str
    act: str
    language: str
    graph: str
    triples: int
    replaced: bool
    provisions: int
    footnotes: int
    instructions: int
    warnings: tuple[str, ...]


@dataclass
class Report:
    written: list[Written] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    disagreements: list[str] = field(default_factory=list)
    shacl: list[Result] = field(default_factory=list)  # warnings of the data checks
    recovered: tuple[int, int] = (0, 0)  # an interrupted run's (half-written graphs dropped, consolidations redone)
    seconds: Counter[str] = field(default_factory=Counter)  # wall seconds by phase (``PHASES``)
    bulk_bytes: int = 0  # N-Quads bytes the run bulk-loaded


# the phases of ``Report.seconds``, in order; the two "within" rows are parts of read + consolidate
PHASES = {"open": "opening the store and its search index (rebuilt here when it does not reflect the store)",
          "discover": "finding the sources, recognising unchanged ones",
          "read": "reading the sources (workers) and writing their texts",
          "consolidate": "consolidating the touched acts (workers) and writing them",
          "texts written": "on the writer thread, beside read + consolidate: writing texts (bulk loads, journal entries)",
          "consolidations written": "on the writer thread, beside consolidate: writing consolidations",
          "waiting for writes": "within read + consolidate: the main thread waiting for the writer thread",
          "finish": "the journal's end (the one transactional write after the bulk loads)",
          "search index": "re-indexing the touched acts for search (none with ZANGRAPH_SEARCH_INDEX=off)",
          "flush": "recording the source hashes in the store's directory",
          "compact": "merging the bulk loads' files (RocksDB compaction)"}
COMPACT_BYTES = 1 << 30  # compact="auto": a run that bulk-loaded this much N-Quads …
COMPACT_SHARE = 4  # … and at least 1/COMPACT_SHARE of the store's bytes on disk


# ---------------------------------------------------------------- the run


class Run:
    """One ingest. ``store`` is the store if it exists; ``create`` makes it (called when the
    first batch is written, so that a run refused on bad input creates nothing)."""

    def __init__(self, store: GraphStore | None, create: Callable[[], GraphStore], options: Options,
                 base: str = DEFAULT_BASE):
        self.gs = store
        self.create = create
        self.o = options
        self.base = store.base if store is not None else base
        clean_stale()
        self.spool = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-spool-")
        self.report = Report()
        self.texts: dict[ActRef, list[S.Text]] = {}  # act → this run's texts of it
        self.amending: dict[ActRef, list[S.Text]] = {}  # act → this run's texts amending it
        self.run_graphs: set[str] = set()
        self.touched: set[ActRef] = set()
        self.held: list[S.Text] = []  # read, not yet written
        self.held_bytes = 0
        self.spooled: Counter[str] = Counter()  # spool file → spans in it not yet written
        self.bulk = False  # once a batch is written through the journal, the rest follows
        self.ontology = False  # the ontology is checked (and written if missing) once, before the first write
        self.pending_graphs: set[str] = set()
        self.first_write = True
        self.fresh = True  # the store held no text when the run began: nothing stored to read back
        self._writer: ThreadPoolExecutor | None = None  # the writer thread (module docstring), from the first write
        self._inflight: tuple[Future, Callable[[float], None]] | None = None  # the write in flight, what follows it
        if store is not None:
            self.pending_graphs, acts = store.pending()
            self.touched |= acts
            self.report.recovered = (len(self.pending_graphs), len(acts))
            self.fresh = not store.has_texts()

    def close(self, failed: bool = False) -> None:
        """The run's end, also on an error (``failed``): the write in flight finishes first (a
        bulk load is not stopped halfway; what it leaves is the journal's to finish). Its own
        error is raised unless the run already failed with another."""
        try:
            if self._inflight is not None:
                if not failed:
                    self._join()
                else:
                    self._inflight[0].exception()  # waits; the error already raised is the one reported
                    self._inflight = None
        finally:
            if self._writer is not None:
                self._writer.shutdown(wait=True)
            shutil.rmtree(self.spool, ignore_errors=True)

    def __enter__(self) -> Run:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close(failed=error is not None)

    # ------------------------------------------------------------ reading

    def run(self, tasks: list[S.Task]) -> Report:
        t0 = time.perf_counter()
        ctx = S.Context(self.base, self.spool, self.o.language, self.o.allow_truncated, self.o.known_on)
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc="read", unit="source", disable=len(tasks) < 3 or not self.o.progress,
                   file=sys.stderr)
        # Adilet files first, all of them before anything is written: one of them can stop the run
        adilet = [t for t in tasks if t.kind == S.ADILET]
        rest = [t for t in tasks if t.kind != S.ADILET]
        for got in streamed(prepare_chunk, adilet, ctx, self.o.workers):
            bar.update(1)
            if got.failed:
                raise Refused(got.failed.reason)
            self._checked(got.shacl)
            self.spooled.update(dict(got.spooled))
            for t in got.texts:
                self._hold(t, limit=False)
        for t in self.held:
            if t.truncated and not self.o.force and self.gs is not None and self.gs.has_graph(t.graph):
                raise Refused(f"{t.source}: looks truncated, and the store holds a text of {t.ref.key} ({t.language}) "
                              "that it would replace; give --force to replace it anyway")
        self._maybe_flush()
        self._join()  # no write in flight while the pool below forks its workers
        for got in streamed(prepare_chunk, rest, ctx, self.o.workers):
            bar.update(1)
            if self.o.manifest is not None:
                for entry in got.hashed:
                    self.o.manifest.record(*entry)
            self._checked(got.shacl)
            self.spooled.update(dict(got.spooled))
            if got.failed:
                self.report.skipped.append((got.where, got.failed.reason))
                continue
            for t in got.texts:
                self._hold(t)
        bar.close()
        self.report.seconds["read"] += time.perf_counter() - t0
        self._consolidate_and_finish()
        self._join()
        self.report.shacl = sorted(set(self.report.shacl), key=lambda r: (r.severity != "Violation", r.focus, r.message))
        return self.report

    def _hold(self, t: S.Text, limit: bool = True) -> None:
        self.held.append(t)
        self.held_bytes += t.nquads[2]
        self.texts.setdefault(t.ref, []).append(t)
        for r in t.targets:
            self.amending.setdefault(r, []).append(t)
        self.touched.add(t.ref)
        self.touched |= set(t.targets)
        if limit:
            self._maybe_flush()

    def _maybe_flush(self) -> None:
        while len(self.held) >= self.o.batch_texts or self.held_bytes >= self.o.batch_bytes:
            self._write_texts(self.o.batch_texts)

    # ------------------------------------------------------------ writing

    def _submit(self, work: Callable[[], float], done: Callable[[float], None]) -> None:
        """Run ``work`` (one batch's store writes; returns its seconds) on the writer thread,
        after the write in flight; ``done(seconds)`` runs on this thread once it has."""
        self._join()
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="zangraph-writer")
        self._inflight = (self._writer.submit(work), done)

    def _join(self) -> None:
        """Wait for the write in flight (its error is raised here) and record it: called
        before this thread reads the store or writes to it."""
        if self._inflight is None:
            return
        future, done = self._inflight
        self._inflight = None
        t = time.perf_counter()
        seconds = future.result()
        self.report.seconds["waiting for writes"] += time.perf_counter() - t
        done(seconds)

    def _store(self) -> GraphStore:
        if self.gs is None:
            self.gs = self.create()
        if not self.ontology:  # before the first bulk load (module docstring: few small writes after them)
            self.gs.ensure_ontology()
            self.ontology = True
        return self.gs

    def _checked(self, results) -> None:
        """The data checks' results over quads a worker made (before any of them is
        written): a violation stops the run; warnings are reported."""
        violations = [r for r in results if r.severity == "Violation"]
        if violations:
            raise ShapeViolation(violations)
        self.report.shacl += results

    def _release(self, span: S.Span) -> None:
        """A span is written: its spool file goes when nothing else in it is left to write."""
        self.spooled[span[0]] -= 1
        if not self.spooled[span[0]]:
            del self.spooled[span[0]]
            os.unlink(span[0])

    def _write_texts(self, n: int | None = None) -> None:
        """Write the first ``n`` held texts (all: None) through the journal (the bulk path)."""
        batch, self.held = self.held[:n], self.held[len(self.held) if n is None else n:]
        self.held_bytes = sum(t.nquads[2] for t in self.held)
        if not batch:
            return
        self._join()  # the store as the previous batch left it
        gs = self._store()
        graphs = list(dict.fromkeys(t.graph for t in batch))
        replaced = gs.existing(graphs)
        # what the previous version of a text amended is recomputed too
        amended = {r for g in replaced for r in gs._amended_by_graph(g)}
        self.touched |= amended
        nquads = S.read_spans([t.nquads for t in batch])
        long = [q for t in batch for q in S.load_long(t.long)]
        drop = list(replaced) + (sorted(self.pending_graphs) if self.first_write else [])
        acts = {t.ref for t in batch} | {r for t in batch for r in t.targets}
        if self.first_write:
            acts |= self.touched  # the acts an interrupted run left to recompute
            self.first_write = False
        self.bulk = True
        self.run_graphs |= set(graphs)
        self._bulk_write("texts written", drop, graphs, acts | amended, nquads, long,
                         ("texts-journaled", "texts-loaded", "texts-committed"), lambda: self._record(batch, replaced))

    def _bulk_write(self, phase: str, drop: list[str], graphs: list[str], acts: set[ActRef], nquads: bytes,
                    long: list, points: tuple[str, ...], after: Callable[[], None]) -> None:
        """One batch on the bulk path, on the writer thread: one transaction drops ``drop``
        and lists ``graphs`` and ``acts`` in the journal, the bulk load follows, then the
        commit marker of ``graphs`` (when there are any); ``points`` name the crash points
        after each of the three. Once written, ``after()`` runs on this thread and the
        seconds go to ``phase``."""
        gs = self._store()
        size = len(nquads)  # ``done`` keeps the count, not the bytes: they go with the write

        def work() -> float:
            t0 = time.perf_counter()
            gs.journal_begin(drop, graphs, acts)
            _crash_point(points[0])
            gs.bulk_add(nquads, long)
            _crash_point(points[1])
            if graphs:
                gs.journal_written(graphs)
                _crash_point(points[2])
            return time.perf_counter() - t0

        def done(seconds: float) -> None:
            self.report.seconds[phase] += seconds
            self.report.bulk_bytes += size
            after()

        self._submit(work, done)

    def _record(self, batch: list[S.Text], replaced: set[str]) -> None:
        for t in batch:
            self.report.written.append(Written(t.source, t.ref.key, t.language, t.graph, t.quads, t.graph in replaced,
                                               t.provisions, t.footnotes, t.instructions, t.warnings))
            self._release(t.nquads)
            if t.long:
                os.unlink(t.long)

    # ------------------------------------------------------------ consolidation

    def _consolidate_and_finish(self) -> None:
        if not self.touched and not self.held and not self.pending_graphs:
            return
        t0 = time.perf_counter()
        self._join()  # the store as the last batch left it; and no write in flight while the pool forks
        gs = self._store()
        for g in gs.existing(t.graph for t in self.held):  # held for one transaction: what the texts they
            self.touched |= gs._amended_by_graph(g)  # replace amended is recomputed too
        held_graphs = {t.graph for t in self.held}
        ours = self.run_graphs | held_graphs
        skip = ours | self.pending_graphs
        jobs = []
        # the acts a consolidation asks "is its text stored?" of: those the footnotes of the
        # target's texts name (a footnote naming a stored text that has no instruction on it
        # is a disagreement) — found in this run's texts and in the stored texts' graphs
        named: set[str] = set()
        for ref in sorted(self.touched):
            stored_t, stored_a = [], []
            if not self.fresh:
                own = gs.text_graphs({ref}, amending=False) - skip
                stored_t = list(gs.stored_texts(own).values())
                stored_a = list(gs.stored_texts(gs.text_graphs({ref}, own=False) - skip).values())
                named |= gs.keys_named_in(own)
            for t in self.texts.get(ref, []):
                named |= t.named
            jobs.append((ref, [t.act for t in self.texts.get(ref, [])], [t.act for t in self.amending.get(ref, [])],
                         stored_t, stored_a))
        in_run = {r.key for r in self.texts}
        known = in_run | (gs.with_text(named - in_run) if not self.fresh else set())
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc="consolidate", unit="act", disable=len(jobs) < 3 or not self.o.progress,
                   file=sys.stderr)
        ctx = (self.o.settings, self.base, self.spool, frozenset(known))
        out: list[tuple[ActRef, S.Span, int]] = []
        size = 0
        small = not self.bulk and sum(t.quads for t in self.held) <= gs.transaction_quads
        for ref, path, n, warnings, shacl, spooled in streamed(consolidate_chunk, jobs, ctx, self.o.workers):
            if self.bulk and self.held:  # the last texts are written while the workers consolidate
                self._write_texts()
            bar.update(1)
            self._checked(shacl)
            self.spooled.update(dict(spooled))
            self.report.disagreements += warnings
            out.append((ref, path, n))
            size += n
            if small and size + sum(t.quads for t in self.held) > gs.transaction_quads:
                small = False
            if not small and (len(out) >= self.o.batch_texts or size * 200 >= self.o.batch_bytes):
                if self.held:
                    self._write_texts()
                self._write_consolidations(out)
                out, size = [], 0
        bar.close()
        if small:
            self._write_atomically(out)
        else:
            if self.held:
                self._write_texts()
            self._write_consolidations(out)
        self._join()
        t1 = time.perf_counter()
        self.report.seconds["consolidate"] += t1 - t0
        if not small:
            _crash_point("before-end")
            gs.journal_end()
        self.report.seconds["finish"] += time.perf_counter() - t1
        gs.changed()
        t2 = time.perf_counter()
        gs._tell({r.key for r in self.touched})  # the search index follows the acts written
        self.report.seconds["search index"] += time.perf_counter() - t2

    def _write_consolidations(self, out: list[tuple[ActRef, S.Span, int]]) -> None:
        if not out:
            return
        nquads = S.read_spans([p for _k, p, _n in out])
        graphs = [consolidated_iri(r, self.base) for r, _p, _n in out]
        drop = graphs + (sorted(self.pending_graphs) if self.first_write else [])
        acts = set(self.touched) if self.first_write else set()  # a run that writes no text lists them here
        self.first_write = False

        def release() -> None:
            for _k, p, _n in out:
                self._release(p)

        # drops the previous consolidations (their acts are in the journal); no commit marker:
        # the journal's end is theirs
        self._bulk_write("consolidations written", drop, [], acts, nquads, [],
                         ("consolidations-dropped", "consolidations-loaded"), release)

    def _write_atomically(self, out: list[tuple[ActRef, S.Span, int]]) -> None:
        """A run that fits one transaction: texts and consolidations together, or nothing."""
        self._join()
        gs = self._store()
        batch, self.held = self.held, []
        nquads = S.read_spans([t.nquads for t in batch] + [p for _k, p, _n in out])
        long = [q for t in batch for q in S.load_long(t.long)]
        graphs = [t.graph for t in batch]
        replaced = gs.existing(graphs)
        drop = graphs + sorted(self.pending_graphs) + [consolidated_iri(r, self.base) for r, _p, _n in out]
        gs.replace_atomically(drop, nquads, long)
        self._record(batch, replaced)
        for _k, p, _n in out:
            self._release(p)


def ingest(store: GraphStore | None, create: Callable[[], GraphStore], tasks: list[S.Task],
           options: Options | None = None) -> Report:
    """Run the pipeline over ``tasks`` (module docstring). Raises ``Refused`` on bad input
    (nothing written) and ``ShapeViolation`` when a batch breaks the data shapes (that batch
    and the rest not written; the journal makes the next run finish what was begun)."""
    with Run(store, create, options or Options()) as run:
        return run.run(tasks)


def compaction_due(how: str, bulk_bytes: int, disk_bytes: int) -> bool:
    """Whether a run ends by compacting the store: ``how`` is "always", "never" or "auto" —
    when the run bulk-loaded ``COMPACT_BYTES`` of N-Quads or more and at least
    1/``COMPACT_SHARE`` of the store's ``disk_bytes`` (a re-ingest of a few acts into a large
    store does not pay for rewriting all of it)."""
    if how == "always":
        return True
    return how == "auto" and bulk_bytes >= COMPACT_BYTES and bulk_bytes * COMPACT_SHARE >= disk_bytes


def compact(store: GraphStore, report: Report, how: str = "auto") -> bool:
    """The run's last step: compact an embedded store when ``compaction_due`` (module
    docstring); the seconds go to ``report.seconds["compact"]``. A remote store compacts
    itself. Returns whether it compacted."""
    if store.remote or store.path is None or not compaction_due(how, report.bulk_bytes, store.disk_bytes()):
        return False
    t = time.perf_counter()
    store.compact()
    report.seconds["compact"] += time.perf_counter() - t
    return True


def ingest_paths(store: GraphStore, paths: list, options: Options | None = None) -> Report:
    """Every source under ``paths`` into ``store`` (unchanged sources are read again): the
    library's one-call ingest (``zangraph serve`` builds its first store this way)."""
    tasks, _unchanged = S.discover([Path(p) for p in paths], set())
    return ingest(store, lambda: store, tasks, options)


def recover(store: GraphStore, settings: Settings | None = None) -> tuple[int, int]:
    """Finish what an interrupted run left (its journal): drop the graphs it had not
    committed and recompute the consolidations it named. Returns (graphs dropped, consolidations redone)."""
    graphs, acts = store.pending()
    if not graphs and not acts:
        return (0, 0)
    return ingest(store, lambda: store, [], Options(settings or Settings(), progress=False)).recovered
