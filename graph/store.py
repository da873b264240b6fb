"""The embedded on-disk Oxigraph store.

One named graph per ingested text (act × language). Ingesting a text replaces its graph
in a single SPARQL update, which Oxigraph applies in one transaction: the same file
twice leaves the store as it was, and a failure leaves it unchanged. Parsing happens
before the store is touched, so unparseable input never reaches it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store
from zangraph.ontology import ELI, TTL_PATH, ZG

from .consolidate import consolidate
from .model import Act, ActRef
from .rdf import DEFAULT_BASE, consolidated_iri, consolidated_quads, graph_iri, source_quads
from .temporal import Settings

DEFAULT_STORE = ".zangraph/store"
ONTOLOGY_GRAPH = "https://w3id.org/zangraph/ontology"
EXPORT_FORMATS = {"turtle": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG}


def store_path(option: str | None) -> Path:
    """``--store`` if given, else ``$ZANGRAPH_STORE``, else ``./.zangraph/store``."""
    return Path(option or os.environ.get("ZANGRAPH_STORE") or DEFAULT_STORE)


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
    def __init__(self, path: str | Path | None = None, base: str = DEFAULT_BASE):
        self.path = Path(path) if path else None
        if self.path:
            self.path.mkdir(parents=True, exist_ok=True)
            self.store = Store(str(self.path))
        else:
            self.store = Store()
        self.base = base
        self._cache: dict = {}
        self._memo: dict = {}
        self.generation = 0  # bumped by every write; answers memoised under an older one are dropped
        self.last_warnings: list = []
        self.last_shacl: list = []

    def _ensure_ontology(self) -> None:
        g = NamedNode(ONTOLOGY_GRAPH)
        if not self.store.contains_named_graph(g):
            self.store.load(path=str(TTL_PATH), format=RdfFormat.TURTLE, to_graph=g)

    def ingest(self, act: Act, settings: Settings | None = None, raw: str | None = None) -> IngestResult:
        return self.ingest_many([(act, raw)], settings)[0]

    def ingest_many(self, items: list[tuple[Act, str | None]], settings: Settings | None = None) -> list[IngestResult]:
        """Store texts and recompute the consolidation of every act they touch, in one
        SPARQL update (one transaction): all of it lands, or nothing does."""
        settings = settings or Settings()
        if not items:
            return []
        new = {graph_iri(a, self.base): (a, raw) for a, raw in items}
        # acts whose consolidation changes: the new texts' acts, the acts they amend now,
        # and those their previous versions in the store amended
        touched = {a.ref for a, _ in items} | {i.target.ref for a, _ in items for i in a.instructions}
        for g in new:
            touched |= self._amended_by_graph(g)
        parsed = self._parsed_sources(exclude=set(new))
        for g, (a, _raw) in new.items():
            parsed[g] = a
        known_texts = {a.ref.key for a in parsed.values()}
        deltas: list[Quad] = []
        drop = list(new)
        for a, raw in items:
            deltas += source_quads(a, self.base, raw)
        self.last_warnings: list = []
        for ref in sorted(touched):
            texts = [a for a in parsed.values() if a.ref == ref]
            amending = [a for a in parsed.values() if any(i.target.ref == ref for i in a.instructions)]
            c = consolidate(ref, texts, amending, settings, known_texts)
            self.last_warnings += c.warnings
            drop.append(consolidated_iri(ref, self.base))
            deltas += consolidated_quads(c, settings, self.base)
        replaced = {g: self.store.contains_named_graph(NamedNode(g)) for g in new}
        unique = set(deltas)
        from .validate import validate_quads

        report = validate_quads(unique)
        violations = [r for r in report if r.severity == "Violation"]
        if violations:
            raise ShapeViolation(violations)
        self.last_shacl = report
        drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in drop)
        self.store.update(f"{drops} ;\nINSERT DATA {{\n{_grouped(unique)}\n}}" if unique else drops)
        self._ensure_ontology()
        self.changed()
        counts = {g: 0 for g in new}
        for q in unique:
            if q.graph_name.value in counts:
                counts[q.graph_name.value] += 1
        return [IngestResult(a.ref.key, a.language, g, counts[g], replaced[g]) for g, (a, _r) in new.items()]

    def changed(self) -> None:
        """Call after any write: memoised answers are forgotten."""
        self.generation += 1
        self._memo.clear()

    def memo(self, key, compute):
        """``compute()`` once per store state: date-independent facts (an act's provisions
        and versions) are read from the store once and reused for every date asked."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def source_hashes(self) -> set[str]:
        """Hashes of the source files of every stored text that has one."""
        q = f"SELECT ?h WHERE {{ GRAPH ?g {{ ?g <{ZG.sourceHash}> ?h }} }}"
        return {r["h"].value for r in self.store.query(q)}

    def cached(self, key):
        """A memoised answer, or None."""
        return self._memo.get(key)

    def update(self, sparql: str) -> None:
        """A SPARQL Update, applied in one transaction (callers validate first)."""
        self.store.update(sparql)
        self.changed()

    def _amended_by_graph(self, g: str) -> set[ActRef]:
        q = f"SELECT DISTINCT ?k WHERE {{ GRAPH <{g}> {{ ?a ?p ?t . ?t <{ZG.key}> ?k . FILTER(?p IN (<{ELI.amends}>, <{ELI.repeals}>)) }} }}"
        return {ActRef.from_key(r["k"].value) for r in self.store.query(q)}

    def _parsed_sources(self, exclude: set[str]) -> dict[str, Act]:
        """Every stored text, parsed again from its raw source (a cache keeps the parse
        for the life of this store object)."""
        from .kzlaw import parse_stored
        from .parse import parse_bytes

        out = {}
        q = (f"SELECT ?g ?raw ?file ?lang ?fmt WHERE {{ GRAPH ?g {{ ?g <{ZG.rawSource}> ?raw ; <{ZG.sourceFile}> ?file . "
             f"?a <{ZG.language}> ?lang OPTIONAL {{ ?g <{ZG.sourceFormat}> ?fmt }} }} }}")
        for r in self.store.query(q):
            g = r["g"].value
            if g in exclude or g in out:
                continue
            raw = r["raw"].value
            key = (g, hash(raw))
            if key not in self._cache:
                if r["fmt"] is not None and r["fmt"].value == "kazakhstan-law":
                    self._cache[key] = parse_stored(raw, r["file"].value, r["lang"].value)
                else:
                    self._cache[key] = parse_bytes(raw.encode("utf-8"), r["file"].value, r["lang"].value)
            out[g] = self._cache[key]
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
        from .validate import _line_finder, run_checks

        return run_checks(self.query, lines=_line_finder(self.query))

    def sources(self) -> dict[str, Act]:
        return self._parsed_sources(exclude=set())

    def query(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=True)

    def export(self, fmt: str) -> bytes:
        if fmt == "jsonld":
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(data=self.store.dump(format=RdfFormat.N_QUADS), format="nquads")
            return ds.serialize(format="json-ld").encode("utf-8")
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; expected turtle, nquads, trig or jsonld")
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
