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

from pyoxigraph import NamedNode, RdfFormat, Store
from zangraph.ontology import TTL_PATH

from .model import Act
from .rdf import DEFAULT_BASE, act_quads, graph_iri
from .temporal import Settings

DEFAULT_STORE = ".zangraph/store"
ONTOLOGY_GRAPH = "https://w3id.org/zangraph/ontology"
EXPORT_FORMATS = {"turtle": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG}


def store_path(option: str | None) -> Path:
    """``--store`` if given, else ``$ZANGRAPH_STORE``, else ``./.zangraph/store``."""
    return Path(option or os.environ.get("ZANGRAPH_STORE") or DEFAULT_STORE)


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

    def _ensure_ontology(self) -> None:
        g = NamedNode(ONTOLOGY_GRAPH)
        if not self.store.contains_named_graph(g):
            self.store.load(path=str(TTL_PATH), format=RdfFormat.TURTLE, to_graph=g)

    def ingest(self, act: Act, settings: Settings | None = None) -> IngestResult:
        quads = act_quads(act, settings or Settings(), self.base)
        g = graph_iri(act, self.base)
        replaced = self.store.contains_named_graph(NamedNode(g))
        unique = set(quads)
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in unique)
        self.store.update(f"DROP SILENT GRAPH <{g}> ;\nINSERT DATA {{ GRAPH <{g}> {{\n{body}\n}} }}")
        self._ensure_ontology()
        return IngestResult(act.ref.key, act.language, g, len(unique), replaced)

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
