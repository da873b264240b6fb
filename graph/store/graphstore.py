"""The store: the embedded on-disk Oxigraph store, or a SPARQL 1.1 service (``remote``).

Reads and writes named graphs: one per ingested text (act × language × redaction), one
consolidation per act, the ontology, and the ingest journal. What to write and in which
order is ``graph.ingest``'s; this module gives the primitives and their guarantees:

- ``replace_atomically``: graphs dropped and quads added in one transaction (all or
  nothing), for a run small enough for one (``TRANSACTION_QUADS``; Oxigraph holds a
  transaction's writes in memory, ~0.85 KB a quad).
- the bulk path: ``journal_begin`` (one small transaction: drops the graphs being replaced,
  lists in the journal graph the graphs about to be written and the acts whose
  consolidation is to be recomputed), ``bulk_add`` (Oxigraph's bulk loader, no transaction),
  ``journal_written`` (the commit marker: those graphs are whole), ``journal_end`` (the run is
  done). ``pending`` reads what a killed run left: its graphs do not count as stored (their
  source hashes are ignored, so their files are read again) and every command says so; the
  next ingest, or ``graph.ingest.pipeline.recover`` when ``zangraph serve`` opens the store,
  drops them and recomputes the consolidations named.
- reads for ingest anchored on IRIs: the stored texts of an act and of the acts amending it
  start from the act's IRI (``text_graphs``), and a text's raw source from its graph's IRI
  (``stored_texts``), never from a key literal shared by every graph of the store.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse
from zangraph.ontology import ELI, TTL_PATH, ZG

from ..model import Act, ActRef
from ..rdf.mapping import DEFAULT_BASE, act_iri
from ..rdf.terms import literal
from ..reading.stored import FIELDS, stored_act
from . import hashes as hashes_file

DEFAULT_STORE = ".zangraph/store"
ONTOLOGY_GRAPH = "https://w3id.org/zangraph/ontology"
MEMO_ENTRIES = 2048  # memoised answers (mostly one act's provisions and versions each)
PARSE_CACHE = 4096  # parsed texts kept between batches (a large act is a few MB parsed)
TRANSACTION_QUADS = 100_000  # the largest write done as one transaction ($ZANGRAPH_TRANSACTION_QUADS)
EXPORT_FORMATS = {"turtle": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG}


def is_store(path: Path) -> bool:
    """Whether ``path`` is an on-disk Oxigraph store (a RocksDB directory: its ``CURRENT`` file)."""
    return path.is_dir() and (path / "CURRENT").is_file()


def store_path(option: str | None) -> Path | str:
    """``--store`` if given, else ``$ZANGRAPH_STORE``, else ``./.zangraph/store``: a
    directory (the embedded store) or the address of a SPARQL service (``http(s)://…``)."""
    from .remote import is_remote

    spec = option or os.environ.get("ZANGRAPH_STORE") or DEFAULT_STORE
    return spec if is_remote(spec) else Path(spec)


class ShapeViolation(ValueError):
    """The data an ingest would write violates the SHACL data shapes; nothing was written."""

    def __init__(self, results):
        self.results = results
        lines = "\n".join(f"  {r}" for r in results[:20])
        more = f"\n  … {len(results) - 20} more" if len(results) > 20 else ""
        super().__init__(f"SHACL data shapes violated ({len(results)} result(s)); the store is unchanged:\n{lines}{more}")


@dataclass(frozen=True)
class IngestResult:
    key: str
    language: str
    graph: str
    triples: int
    replaced: bool


class GraphStore:
    def __init__(self, path: str | Path | None = None, base: str = DEFAULT_BASE, read_only: bool = False):
        from .remote import RemoteStore, is_remote

        self.remote = is_remote(path)
        self.path = None if self.remote else (Path(path) if path else None)
        self.read_only = read_only
        if self.remote:
            self.store = RemoteStore(str(path))
        elif self.path and read_only:
            # beside the process that holds the store (a running ``zangraph serve``): reads see
            # what it had flushed when this store was opened
            self.store = Store.read_only(str(self.path))
        elif self.path:
            self.path.mkdir(parents=True, exist_ok=True)
            self.store = Store(str(self.path))
        else:
            self.store = Store()
        self.base = base
        self.journal = f"{base}ingest-journal"
        self.stale_graph = f"{base}answers-stale"  # zg:answersStale once a SPARQL Update changed the store
        self.transaction_quads = int(os.environ.get("ZANGRAPH_TRANSACTION_QUADS") or TRANSACTION_QUADS)
        self._cache: OrderedDict = OrderedDict()  # (graph, hash of raw text) -> parsed Act, least recent first
        self._memo: OrderedDict = OrderedDict()  # bounded (MEMO_ENTRIES), least recently used first
        self._pinned: dict = {}  # store-wide facts (``memo(pin=True)``), until the next write
        self._pin_locks: dict = {}
        self.generation = 0  # bumped by every write; answers memoised under an older one are dropped
        self._hashes: set[str] | None = None  # the stored source hashes, when known (``source_hashes``)
        self._hashes_on_disk: bool | None = None  # the record in the store's directory: None = not looked at
        self.last_warnings: list = []
        self.last_shacl: list = []
        # called as f(store, keys) after every write: keys = the acts whose consolidation was
        # rewritten, None when not known (a SPARQL update) — how the search index follows the store
        self.followers: list = []

    def _tell(self, keys) -> None:
        for f in self.followers:
            f(self, keys)

    def ensure_ontology(self) -> None:
        g = NamedNode(ONTOLOGY_GRAPH)
        if not self.store.contains_named_graph(g):
            self.store.load(path=str(TTL_PATH), format=RdfFormat.TURTLE, to_graph=g)

    # ---------------------------------------------------------------- writing
    # ``graph.ingest`` decides what is written and in which order; these are the store's
    # primitives. Quads arrive as N-Quads bytes (built in worker processes) plus the few
    # quads whose literal is too long for a line of Oxigraph's N-Quads reader.

    def replace_atomically(self, drop: list[str], nquads: bytes = b"", long: list[Quad] = ()) -> None:
        """Drop the graphs of ``drop`` (and the journal, if any) and add the quads, in one
        transaction: all of it lands or nothing does (a small ingest, a re-ingest of a few
        texts)."""
        quads = list(parse(nquads, format=RdfFormat.N_QUADS)) + list(long) if nquads else list(long)
        self._writing(maintained=True)
        gone = self._graph_hashes(drop) if self._hashes is not None else set()
        if self.remote:
            self.store.replace_graphs(drop, quads)
            if self.store.contains_named_graph(NamedNode(self.journal)):
                self.store.update(f"DROP SILENT GRAPH <{self.journal}>")
            return
        existing = [g for g in dict.fromkeys(drop) if self.store.contains_named_graph(NamedNode(g))]
        if self.store.contains_named_graph(NamedNode(self.journal)):
            existing.append(self.journal)
        # only graphs that exist: a DROP of an absent graph still costs a scan inside the transaction
        drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in existing)
        if quads:
            insert = f"INSERT DATA {{\n{_grouped(quads)}\n}}"
            self.store.update(f"{drops} ;\n{insert}" if drops else insert)
        elif drops:
            self.store.update(drops)
        if self._hashes is not None:  # kept up to date: a hash goes when no stored text has it any more
            sh = NamedNode(str(ZG.sourceHash))
            self._hashes -= {h for h in gone if next(self.store.quads_for_pattern(None, sh, Literal(h), None), None) is None}
            self._hashes |= {q.object.value for q in quads if q.predicate == sh and q.subject == q.graph_name}

    def journal_begin(self, drop: list[str], graphs: list[str], acts: set[ActRef]) -> None:
        """One transaction before a bulk write: the graphs of ``drop`` are dropped, and the
        journal lists ``graphs`` (about to be written: until ``journal_written`` they do not
        count as stored) and ``acts`` (whose consolidation is to be recomputed: until
        ``journal_end``)."""
        self._writing()
        j = f"<{self.journal}>"
        entries = [f"{j} <{ZG.pendingGraph}> <{g}> ." for g in graphs] + \
            [f"{j} <{ZG.pendingAct}> {literal(r.key)} ." for r in sorted(acts)]
        existing = [g for g in dict.fromkeys(drop) if self.store.contains_named_graph(NamedNode(g))]
        drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in existing)
        if entries:
            self.store.update(f"{drops}INSERT DATA {{ GRAPH {j} {{\n" + "\n".join(entries) + "\n} }")
        elif drops:
            self.store.update(drops.rstrip(" ;\n"))

    def bulk_add(self, nquads: bytes, long: list[Quad] = ()) -> None:
        """Add quads of graphs that ``journal_begin`` listed, by the bulk loader (no
        transaction: the journal is what makes a kill recoverable)."""
        self._writing()
        if self.remote:  # one Graph Store Protocol PUT per graph; the lines are grouped, not parsed
            from .remote import lines_by_graph

            by = lines_by_graph(nquads)
            for q in long:
                by.setdefault(q.graph_name.value, []).append(f"{q.subject} {q.predicate} {q.object} .\n")
            self.store.replace_graph_lines([], by)
            return
        if nquads:  # lenient: the IRIs were checked where the lines were written (rdf.ntriples)
            self.store.bulk_load(input=nquads, format=RdfFormat.N_QUADS, lenient=True)
        if long:
            self.store.extend(list(long))

    def disk_bytes(self) -> int:
        """The embedded store's size on disk (0 in memory or remote)."""
        if self.remote or self.path is None:
            return 0
        total = 0
        for e in os.scandir(self.path):
            with suppress(FileNotFoundError):  # RocksDB deletes merged files as it goes
                total += e.stat().st_size if e.is_file() else 0
        return total

    def compact(self) -> None:
        """Merge the files the bulk loads left into RocksDB's levels (``Store.optimize``):
        Oxigraph's own advice after a big load. Bulk-loaded files overlap one another, and a
        read looks into each of them: at 50 000 acts compacting took the store from 25 GB to
        13 GB and a first question from 2.6x to 1.4-1.9x a raw read (bench/RESULTS.md, fifth
        pass). A remote store compacts itself. Not a data write: the quads stay as they were."""
        if not self.remote:
            self.store.optimize()

    def journal_written(self, graphs: list[str]) -> None:
        """The commit marker of a bulk write: ``graphs`` are whole (one small transaction)."""
        if not graphs:
            return
        j = f"<{self.journal}>"
        self.store.update(f"DELETE DATA {{ GRAPH {j} {{\n" + "\n".join(f"{j} <{ZG.pendingGraph}> <{g}> ." for g in graphs)
                          + "\n} }")

    def journal_end(self) -> None:
        """The last step of a run: every consolidation it had to recompute is written."""
        if self.store.contains_named_graph(NamedNode(self.journal)):
            self.store.update(f"DROP SILENT GRAPH <{self.journal}>")

    def existing(self, graphs) -> set[str]:
        return {g for g in graphs if self.store.contains_named_graph(NamedNode(g))}

    def pending(self) -> tuple[set[str], set[ActRef]]:
        """What an interrupted journaled write left: (graphs half-written, acts whose
        consolidation is to be recomputed). Empty sets when the store is whole."""
        if not self.store.contains_named_graph(NamedNode(self.journal)):
            return set(), set()
        graphs, acts = set(), set()
        for q in self.store.quads_for_pattern(None, None, None, NamedNode(self.journal)):
            if q.predicate.value == str(ZG.pendingGraph):
                graphs.add(q.object.value)
            elif q.predicate.value == str(ZG.pendingAct):
                acts.add(ActRef.from_key(q.object.value))
        return graphs, acts

    def changed(self) -> None:
        """Call after any write: memoised answers are forgotten."""
        self.generation += 1
        self._memo.clear()
        self._pinned.clear()

    def memo(self, key, compute, pin: bool = False):
        """``compute()`` once per store state: date-independent facts (an act's provisions
        and versions) are read from the store once and reused for every date asked.

        ``pin``: a store-wide fact (the acts list, their count, every key) — kept apart from
        the per-act answers, which evict each other least recently used first (a flood of
        questions on many acts must not evict what took a minute to read), and computed by
        one thread at a time (a second asker waits for the first one's answer). An answer
        computed while the store changed is returned but not kept."""
        table = self._pinned if pin else self._memo
        try:
            value = table[key]
            if not pin:
                with suppress(KeyError):  # evicted by another thread meanwhile
                    self._memo.move_to_end(key)
            return value
        except KeyError:
            pass
        if not pin:
            return self._keep(table, key, compute)
        with self._pin_locks.setdefault(key, threading.Lock()):
            if key in table:
                return table[key]
            return self._keep(table, key, compute)

    def _keep(self, table: dict, key, compute):
        generation = self.generation
        value = compute()
        if generation == self.generation:
            table[key] = value
            while len(self._memo) > MEMO_ENTRIES:  # a whole country's acts do not all stay in memory
                self._memo.popitem(last=False)
        return value

    def source_hashes(self) -> set[str]:
        """Hashes of the source files of every whole stored text that has one (graphs an
        interrupted ingest left half-written do not count). On the embedded store, from the
        record inside its directory when it is current (``store.hashes``: a few ms instead of
        1.4 s at 50 000 acts); else only the hashes are decoded, once each, and the record
        written again."""
        half_written = self.pending()[0]
        if half_written:  # after an interrupted ingest: each graph's IRI is read too
            q = f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{ZG.sourceHash}> ?h }} }}"
            return {r["h"].value for r in self.store.query(q) if r["g"].value not in half_written}
        if self.remote or self.path is None:
            return self._read_hashes()
        if self._hashes is None:
            facts = self.source_hash_facts()
            self._hashes = hashes_file.load(self.path, facts)
            if self._hashes is None:
                self._hashes = self._read_hashes()
                if not self.read_only:
                    hashes_file.save(self.path, self._hashes, facts)
                    self._hashes_on_disk = True
        return set(self._hashes)

    def _read_hashes(self) -> set[str]:
        q = f"SELECT DISTINCT ?h WHERE {{ GRAPH ?g {{ ?g <{ZG.sourceHash}> ?h }} }}"
        return {r["h"].value for r in self.store.query(q)}

    def source_hash_facts(self) -> int:
        """How many source-hash facts the store holds (counted on the index: no string read)."""
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?g <{ZG.sourceHash}> ?h }} }}"
        return int(next(iter(self.store.query(q)))["n"].value)

    def _writing(self, maintained: bool = False) -> None:
        """Before any write: the record of source hashes on disk no longer vouches for the
        store (removed first: a write killed half-way leaves none); the set in memory stays
        only where the caller keeps it up to date (``maintained``)."""
        if self.path is not None and not self.remote and self._hashes_on_disk is not False:
            hashes_file.forget(self.path)
            self._hashes_on_disk = False
        if not maintained:
            self._hashes = None

    def _graph_hashes(self, graphs) -> set[str]:
        h = NamedNode(str(ZG.sourceHash))
        return {q.object.value for g in graphs for q in self.store.quads_for_pattern(NamedNode(g), h, None, NamedNode(g))}

    def _clone_node(self, clone: str) -> str:
        import hashlib

        return f"{self.base}history/clone/{hashlib.sha256(clone.encode()).hexdigest()[:16]}"

    def history_state(self, clone: str) -> str | None:
        """The last commit of ``clone`` (absolute path) whose history was ingested, or None."""
        q = (f"SELECT ?c WHERE {{ GRAPH <{self.base}history> {{ <{self._clone_node(clone)}> <{ZG.lastCommit}> ?c }} }}")
        return next((r["c"].value for r in self.store.query(q)), None)

    def record_history(self, clone: str, commit: str) -> None:
        """Remember that ``clone``'s history was read up to ``commit`` (one transaction)."""
        g, node = f"<{self.base}history>", f"<{self._clone_node(clone)}>"
        self.store.update(f"DELETE WHERE {{ GRAPH {g} {{ {node} ?p ?o }} }} ;\n"
                          f"INSERT DATA {{ GRAPH {g} {{ {node} <{ZG.historyClone}> {literal(clone)} ; "
                          f"<{ZG.lastCommit}> {literal(commit)} }} }}")
        self.changed()

    def cached(self, key):
        """A memoised answer, or None."""
        got = self._memo.get(key)
        return self._pinned.get(key) if got is None else got

    def has_graph(self, iri: str) -> bool:
        return self.store.contains_named_graph(NamedNode(iri))

    def update(self, sparql: str) -> None:
        """A SPARQL Update, applied in one transaction (callers validate first). It may change
        any fact: the answer documents (``rdf.answers``) are no longer read — said before the
        update is applied, so that a kill between the two leaves them unread, not wrong."""
        self._writing()
        if not self.remote:
            g = f"<{self.stale_graph}>"
            self.store.update(f"INSERT DATA {{ GRAPH {g} {{ {g} <{ZG.answersStale}> true }} }}")
        self.store.update(sparql)
        self.changed()
        self._tell(None)

    def _amended_by_graph(self, g: str) -> set[ActRef]:
        q = f"SELECT DISTINCT ?k WHERE {{ GRAPH <{g}> {{ ?a ?p ?t . ?t <{ZG.key}> ?k . FILTER(?p IN (<{ELI.amends}>, <{ELI.repeals}>)) }} }}"
        return {ActRef.from_key(r["k"].value) for r in self.store.query(q)}

    def keys_named_in(self, graphs) -> set[str]:
        """The key of every act that ``graphs`` name (one pattern on each graph)."""
        out: set[str] = set()
        for g in graphs:
            q = f"SELECT DISTINCT ?k WHERE {{ GRAPH <{g}> {{ ?a <{ZG.key}> ?k }} }}"
            out.update(r["k"].value for r in self.store.query(q))
        return out

    def with_text(self, keys) -> set[str]:
        """Those of ``keys`` whose act has its text stored: one look-up on each act's IRI
        (listing every stored act's key took 34 s at 50 000 acts, at every re-ingest)."""
        refs = {}
        for k in keys:
            try:
                refs[k] = NamedNode(act_iri(ActRef.from_key(k), self.base))
            except ValueError:
                continue  # not the shape of a key: no act has it
        if self.remote:
            out, items = set(), sorted(refs.items())
            for i in range(0, len(items), 500):
                values = " ".join(f"({a} {literal(k)})" for k, a in items[i:i + 500])
                q = (f"SELECT DISTINCT ?k WHERE {{ VALUES (?a ?k) {{ {values} }} "
                     f"GRAPH ?g {{ ?a <{ZG.textInCorpus}> ?t ; <{ZG.key}> ?k }} }}")
                out.update(r["k"].value for r in self.store.query(q))
            return out
        tic, key = NamedNode(str(ZG.textInCorpus)), NamedNode(str(ZG.key))
        return {k for k, a in refs.items()
                if any(True for _ in self.store.quads_for_pattern(a, tic, None, None))
                and any(True for _ in self.store.quads_for_pattern(a, key, Literal(k), None))}

    def _remember(self, key, act: Act) -> None:
        self._cache[key] = act
        self._cache.move_to_end(key)
        while len(self._cache) > PARSE_CACHE:
            self._cache.popitem(last=False)

    def text_graphs(self, refs: set[ActRef] | None = None, own: bool = True, amending: bool = True) -> set[str]:
        """Source graphs of stored texts: all of them, or (``refs``) the texts of those acts
        and the texts that amend or repeal them — read from each act's IRI, never by its key
        (a literal pattern would scan every act's graphs)."""
        if refs is None:
            q = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g <{ZG.rawSource}> ?raw }} }}"
            return {r["g"].value for r in self.store.query(q)}
        out: set[str] = set()
        for ref in refs:
            a = act_iri(ref, self.base)
            parts = ([f"{{ GRAPH ?g {{ <{a}> <{ZG.textInCorpus}> ?t }} }}"] if own else []) + \
                ([f"{{ GRAPH ?g {{ ?x ?p <{a}> . ?x <{ZG.textInCorpus}> ?t FILTER(?p IN (<{ELI.amends}>, <{ELI.repeals}>)) }} }}"]
                 if amending else [])
            q = f"SELECT DISTINCT ?g WHERE {{ {' UNION '.join(parts)} }}"
            out |= {r["g"].value for r in self.store.query(q)}
        return out

    def has_texts(self) -> bool:
        """Whether any text is stored (one look-up, whatever the store's size)."""
        return bool(self.store.query(f"ASK {{ GRAPH ?g {{ ?g <{ZG.rawSource}> ?raw }} }}"))

    def stored_texts(self, graphs) -> dict[str, dict]:
        """What ``reading.stored.stored_act`` needs of each source graph, read from the graph's IRI."""
        out = {}
        for g in sorted(graphs):
            q = (f"SELECT ?raw ?file ?lang ?fmt ?commit ?known ?vdate ?cause WHERE {{ GRAPH <{g}> {{ "
                 f"<{g}> <{ZG.rawSource}> ?raw ; <{ZG.sourceFile}> ?file . ?a <{ZG.textInCorpus}> ?t ; <{ZG.language}> ?lang "
                 f"OPTIONAL {{ <{g}> <{ZG.sourceFormat}> ?fmt }} OPTIONAL {{ <{g}> <{ZG.commit}> ?commit }} "
                 f"OPTIONAL {{ <{g}> <{ZG.knownOn}> ?known }} OPTIONAL {{ <{g}> <{ZG.versionDate}> ?vdate }} "
                 f"OPTIONAL {{ <{g}> <{ZG.causedBy}>/<{ZG.key}> ?cause }} }} }} LIMIT 1")
            for r in self.store.query(q):
                out[g] = {f: (r[f].value if r[f] is not None else None) for f in FIELDS}
        return out

    def _parsed_sources(self, exclude: set[str], refs: set[ActRef] | None = None) -> dict[str, Act]:
        """Stored texts, parsed again from their raw sources: every text, or (``refs``)
        the texts of those acts and the texts that amend or repeal them. A bounded cache
        keeps recent parses for the life of this store object."""
        graphs = self.text_graphs(refs) - exclude - self.pending()[0]
        out = {}
        for g, row in self.stored_texts(graphs).items():
            key = (g, hash(row["raw"]))
            act = self._cache.get(key)
            if act is None:
                act = stored_act(**row)
            self._remember(key, act)
            out[g] = act
        return out

    def validate(self) -> list:
        """The SHACL data shapes over the whole store, run as SPARQL in the store."""
        from ..rdf.validate import _line_finder, run_checks

        return run_checks(self.query, lines=_line_finder(self.query))

    def sources(self) -> dict[str, Act]:
        return self._parsed_sources(exclude=set())

    def query(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=True)

    def export(self, fmt: str, output: BinaryIO | None = None) -> bytes | None:
        """The whole store in ``fmt``: returned as bytes, or, given ``output`` (a binary file),
        written there as it is read and ``None`` returned. With ``output`` an embedded store is
        dumped by Oxigraph without holding the serialisation in memory (a 50 000-act store is
        ~17 GB of N-Quads), and a remote store is read and written one named graph at a time.
        JSON-LD is built in memory by rdflib (for small stores)."""
        if fmt == "jsonld":
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(data=self.export("nquads"), format="nquads")
            data = ds.serialize(format="json-ld").encode("utf-8")
            if output is None:
                return data
            output.write(data)
            return None
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; expected turtle, nquads, trig or jsonld")
        if not self.remote:
            return self.store.dump(output, format=EXPORT_FORMATS[fmt])
        from pyoxigraph import serialize

        if output is None:
            return serialize(list(self.store), format=EXPORT_FORMATS[fmt])
        # N-Quads and TriG written without prefixes are valid when concatenated graph by graph
        for g in self.store.named_graphs():
            serialize(self.store.quads_for_pattern(None, None, None, g), output, format=EXPORT_FORMATS[fmt])
        return None

    def quads(self):
        return list(self.store)

    def flush(self) -> None:
        """Everything written is on disk — and, on the embedded store, the record of its source
        hashes when this session kept it up to date (``store.hashes``)."""
        self.store.flush()
        if self._hashes is not None and self._hashes_on_disk is False and not self.pending()[0]:
            hashes_file.save(self.path, self._hashes, self.source_hash_facts())
            self._hashes_on_disk = True


def _grouped(quads) -> str:
    by: dict[str, list[str]] = {}
    for q in quads:
        by.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by.items())
