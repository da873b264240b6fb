"""The embedded on-disk Oxigraph store.

One named graph per ingested text (act × language). Ingesting a text replaces its graph
in a single SPARQL update, which Oxigraph applies in one transaction: the same file
twice leaves the store as it was, and a failure leaves it unchanged. Parsing and
validation happen before the store is touched (``staging``), so unparseable or invalid
input never reaches it.

A write of more than ``TRANSACTION_QUADS`` quads (a batch holding a very large act) is
not one transaction — Oxigraph holds a transaction's writes in memory, ~0.85 KB a quad —
but a journaled sequence of them: the first drops the graphs being replaced and records
them, and the acts whose consolidation is recomputed, in the journal graph; chunks of
quads follow; the last drops the journal. A run killed in between leaves the journal:
the texts it names do not count as stored (their source hashes are ignored, so the next
ingest reads them again), and the next write drops their half-written graphs and
recomputes the consolidations it names.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store
from zangraph.ontology import ELI, TTL_PATH, ZG

from ..consolidation.consolidate import consolidate
from ..model import Act, ActMention, ActRef
from ..rdf.mapping import DEFAULT_BASE, consolidated_iri, consolidated_quads, graph_iri, source_quads
from ..rdf.terms import literal
from ..time.temporal import Settings
from .staging import LARGE_TEXT, Staged

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
        self.transaction_quads = int(os.environ.get("ZANGRAPH_TRANSACTION_QUADS") or TRANSACTION_QUADS)
        self._cache: OrderedDict = OrderedDict()  # (graph, hash of raw text) -> parsed Act, least recent first
        self._memo: OrderedDict = OrderedDict()  # bounded (MEMO_ENTRIES), least recently used first
        self.generation = 0  # bumped by every write; answers memoised under an older one are dropped
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

    def ingest(self, act: Act, settings: Settings | None = None, raw: str | None = None) -> IngestResult:
        return self.ingest_many([(act, raw)], settings)[0]

    def ingest_many(self, items: list[tuple[Act, str | None]], settings: Settings | None = None) -> list[IngestResult]:
        """Store texts and recompute the consolidation of every act they touch, in one
        SPARQL update (one transaction): all of it lands, or nothing does — or, for a
        write larger than ``transaction_quads``, journaled (module docstring). Invalid
        data (SHACL) raises ``ShapeViolation`` before anything is written."""
        settings = settings or Settings()
        if not items:
            return []
        new = {graph_iri(a, self.base): (a, raw) for a, raw in items}
        # acts whose consolidation changes: the new texts' acts, the acts they amend now,
        # and those their previous versions in the store amended
        touched = {a.ref for a, _ in items} | {i.target.ref for a, _ in items for i in a.instructions}
        # what an interrupted write left half-done is dropped and recomputed with this batch
        pending_graphs, pending_acts = self.pending()
        touched |= pending_acts
        for g in new:
            touched |= self._amended_by_graph(g)
        # only the stored texts these consolidations read: the touched acts' own texts and
        # the texts that amend them (a whole-store read per batch would make ingest quadratic)
        parsed = self._parsed_sources(exclude=set(new) | pending_graphs, refs=touched)
        for g, (a, raw) in new.items():
            parsed[g] = a
            if raw is not None:
                self._remember((g, hash(raw)), a)
        known_texts = self._text_keys() | {a.ref.key for a, _ in items}
        drop = list(new) + [g for g in pending_graphs if g not in new]
        self.last_warnings: list = []
        large = sum(len(raw or "") for _a, raw in items) >= LARGE_TEXT
        with Staged(on_disk=large) as staged:
            for a, raw in items:
                source_quads(a, self.base, raw, sink=staged.add)
            for ref in sorted(touched):
                texts = [a for a in parsed.values() if a.ref == ref]
                amending = [a for a in parsed.values() if any(i.target.ref == ref for i in a.instructions)]
                c = consolidate(ref, texts, amending, settings, known_texts)
                self.last_warnings += c.warnings
                drop.append(consolidated_iri(ref, self.base))
                consolidated_quads(c, settings, self.base, sink=staged.add)
            replaced = {g: self.store.contains_named_graph(NamedNode(g)) for g in new}
            from ..rdf.validate import validate_staged

            report = validate_staged(staged.query)
            violations = [r for r in report if r.severity == "Violation"]
            if violations:
                raise ShapeViolation(violations)
            self.last_shacl = report
            counts = staged.counts()
            self._write(drop, staged, touched)
        self.ensure_ontology()
        self.changed()
        self._tell({r.key for r in touched})
        return [IngestResult(a.ref.key, a.language, g, counts.get(g, 0), replaced[g]) for g, (a, _r) in new.items()]

    def _write(self, drop: list[str], staged: Staged, touched: set[ActRef]) -> None:
        """Replace the graphs of ``drop`` with the staged quads: in one transaction, or
        journaled (module docstring) when there are more than ``transaction_quads``."""
        if self.remote:
            self.store.replace_graphs(drop, staged)
            return
        existing = [g for g in drop if self.store.contains_named_graph(NamedNode(g))]
        # only graphs that exist: a DROP of an absent graph still costs a scan inside the transaction
        drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in existing)
        if len(staged) <= self.transaction_quads:
            if self.store.contains_named_graph(NamedNode(self.journal)):
                drops += f"{' ;' if drops else ''}\nDROP SILENT GRAPH <{self.journal}>"
            if len(staged):
                self.store.update(f"{drops} ;\nINSERT DATA {{\n{_grouped(staged)}\n}}" if drops else f"INSERT DATA {{\n{_grouped(staged)}\n}}")
            elif drops:
                self.store.update(drops)
            return
        j = f"<{self.journal}>"
        entries = [f"{j} <{ZG.pendingGraph}> <{g}> ." for g in drop] + \
            [f"{j} <{ZG.pendingAct}> {literal(r.key)} ." for r in sorted(touched)]
        self.store.update(f"{drops}{' ;' if drops else ''}\nINSERT DATA {{ GRAPH {j} {{\n" + "\n".join(entries) + "\n} }")
        staged.write_to(self.store)
        self.store.update(f"DROP SILENT GRAPH {j}")

    def pending(self) -> tuple[set[str], set[ActRef]]:
        """What an interrupted journaled write left: (graphs half-written, acts whose
        consolidation is to be recomputed). Empty sets when the store is whole."""
        if self.remote or not self.store.contains_named_graph(NamedNode(self.journal)):
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

    def memo(self, key, compute):
        """``compute()`` once per store state: date-independent facts (an act's provisions
        and versions) are read from the store once and reused for every date asked."""
        try:
            value = self._memo[key]
            self._memo.move_to_end(key)
            return value
        except KeyError:
            value = self._memo[key] = compute()
            while len(self._memo) > MEMO_ENTRIES:  # a whole country's acts do not all stay in memory
                self._memo.popitem(last=False)
            return value

    def source_hashes(self) -> set[str]:
        """Hashes of the source files of every stored text that has one."""
        q = f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{ZG.sourceHash}> ?h }} }}"
        half_written = self.pending()[0]
        return {r["h"].value for r in self.store.query(q) if r["g"].value not in half_written}

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
        return self._memo.get(key)

    def has_graph(self, iri: str) -> bool:
        return self.store.contains_named_graph(NamedNode(iri))

    def update(self, sparql: str) -> None:
        """A SPARQL Update, applied in one transaction (callers validate first)."""
        self.store.update(sparql)
        self.changed()
        self._tell(None)

    def _amended_by_graph(self, g: str) -> set[ActRef]:
        q = f"SELECT DISTINCT ?k WHERE {{ GRAPH <{g}> {{ ?a ?p ?t . ?t <{ZG.key}> ?k . FILTER(?p IN (<{ELI.amends}>, <{ELI.repeals}>)) }} }}"
        return {ActRef.from_key(r["k"].value) for r in self.store.query(q)}

    def _text_keys(self) -> set[str]:
        """Keys of the acts whose text is stored."""
        q = f"SELECT DISTINCT ?k WHERE {{ GRAPH ?g {{ ?a <{ZG.textInCorpus}> ?t ; <{ZG.key}> ?k }} }}"
        return {r["k"].value for r in self.store.query(q)}

    def _remember(self, key, act: Act) -> None:
        self._cache[key] = act
        self._cache.move_to_end(key)
        while len(self._cache) > PARSE_CACHE:
            self._cache.popitem(last=False)

    def _parsed_sources(self, exclude: set[str], refs: set[ActRef] | None = None) -> dict[str, Act]:
        """Stored texts, parsed again from their raw sources: every text, or (``refs``)
        the texts of those acts and the texts that amend or repeal them. A bounded cache
        keeps recent parses for the life of this store object."""
        from ..reading.kzlaw import parse_stored
        from ..reading.parse import parse_bytes

        out = {}
        select = ""
        if refs is not None:
            if not refs:
                return out
            keys = " ".join(literal(r.key) for r in sorted(refs))
            select = (f"VALUES ?k {{ {keys} }} {{ GRAPH ?g {{ ?x <{ZG.textInCorpus}> ?t ; <{ZG.key}> ?k }} }} UNION "
                      f"{{ GRAPH ?g {{ ?x <{ZG.textInCorpus}> ?t ; ?p ?y . ?y <{ZG.key}> ?k "
                      f"FILTER(?p IN (<{ELI.amends}>, <{ELI.repeals}>)) }} }}")
        q = (f"SELECT DISTINCT ?g ?raw ?file ?lang ?fmt ?commit ?known ?vdate ?cause WHERE {{ {select} GRAPH ?g {{ "
             f"?g <{ZG.rawSource}> ?raw ; <{ZG.sourceFile}> ?file . ?a <{ZG.language}> ?lang "
             f"OPTIONAL {{ ?g <{ZG.sourceFormat}> ?fmt }} OPTIONAL {{ ?g <{ZG.commit}> ?commit }} "
             f"OPTIONAL {{ ?g <{ZG.knownOn}> ?known }} OPTIONAL {{ ?g <{ZG.versionDate}> ?vdate }} "
             f"OPTIONAL {{ ?g <{ZG.causedBy}>/<{ZG.key}> ?cause }} }} }}")
        for r in self.store.query(q):
            g = r["g"].value
            if g in exclude or g in out:
                continue
            raw = r["raw"].value
            key = (g, hash(raw))
            act = self._cache.get(key)
            if act is None:
                if r["fmt"] is not None and r["fmt"].value == "kazakhstan-law":
                    act = parse_stored(raw, r["file"].value, r["lang"].value)
                else:
                    act = parse_bytes(raw.encode("utf-8"), r["file"].value, r["lang"].value)
                if r["commit"] is not None:  # a git redaction: its day and cause are the commit's (graph.reading.history)
                    act = replace(act, commit=r["commit"].value, version_date=date.fromisoformat(r["vdate"].value),
                                  version_cause=ActMention(ActRef.from_key(r["cause"].value)) if r["cause"] is not None
                                  else act.version_cause)
                if r["known"] is not None:
                    act = replace(act, known_on=date.fromisoformat(r["known"].value))
            self._remember(key, act)
            out[g] = act
        return out

    def audit(self, settings: Settings | None = None) -> list:
        """Disagreements between the stored sources (recomputed, nothing is written)."""
        parsed = self._parsed_sources(exclude=set())
        known = {a.ref.key for a in parsed.values()}
        refs = {a.ref for a in parsed.values()} | {i.target.ref for a in parsed.values() for i in a.instructions}
        out = []
        for ref in sorted(refs):
            texts = [a for a in parsed.values() if a.ref == ref]
            amending = [a for a in parsed.values() if any(i.target.ref == ref for i in a.instructions)]
            out += consolidate(ref, texts, amending, settings or Settings(), known).warnings
        return out

    def validate(self) -> list:
        """The SHACL data shapes over the whole store, run as SPARQL in the store."""
        from ..rdf.validate import _line_finder, run_checks

        return run_checks(self.query, lines=_line_finder(self.query))

    def sources(self) -> dict[str, Act]:
        return self._parsed_sources(exclude=set())

    def query(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=True)

    def export(self, fmt: str) -> bytes:
        if fmt == "jsonld":
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(data=self.export("nquads"), format="nquads")
            return ds.serialize(format="json-ld").encode("utf-8")
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; expected turtle, nquads, trig or jsonld")
        if self.remote:
            from pyoxigraph import serialize

            return serialize(list(self.store), format=EXPORT_FORMATS[fmt])
        return self.store.dump(format=EXPORT_FORMATS[fmt])

    def quads(self):
        return list(self.store)

    def flush(self) -> None:
        self.store.flush()


def _grouped(quads) -> str:
    by: dict[str, list[str]] = {}
    for q in quads:
        by.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by.items())
