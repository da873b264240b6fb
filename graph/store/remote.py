"""A SPARQL 1.1 service as zangraph's store (Virtuoso, Fuseki, GraphDB, …).

``RemoteStore`` offers the part of ``pyoxigraph.Store`` that ``GraphStore`` uses —
``query``, ``update``, ``contains_named_graph``, ``named_graphs``, ``load`` — over the
SPARQL 1.1 Protocol (query and update) and the Graph Store Protocol, so the library,
the CLI and the API run unchanged on a server. Answers come back as pyoxigraph terms, so
the code that reads them does not know which backend it talks to.

Writes: a named graph is replaced whole by one Graph Store Protocol ``PUT`` (the server
replaces it in one request); ``replace_graphs`` sends many in parallel requests.

The address is given as ``--store`` / ``ZANGRAPH_STORE``:

    http://127.0.0.1:8890/sparql
    https://user:secret@host/repositories/kz?update=https://host/repositories/kz/statements&gsp=https://host/rdf-graphs/service

``update`` defaults to the query URL; ``gsp`` to the query URL with ``/sparql`` replaced
by ``/sparql-graph-crud`` (Virtuoso's layout). Credentials in the address (or
``ZANGRAPH_STORE_USER`` / ``ZANGRAPH_STORE_PASSWORD``) are sent as HTTP Basic, or Digest
with ``auth=digest`` in the query string (Virtuoso's ``/sparql-auth``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit, urlunsplit

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
WRITERS = 4  # parallel Graph Store Protocol requests


class RemoteError(RuntimeError):
    """The SPARQL service refused a request or could not be reached (the message says which URL)."""


def is_remote(spec: str | os.PathLike | None) -> bool:
    return isinstance(spec, str) and spec.startswith(("http://", "https://"))


class Solution:
    """One row of a SELECT answer: ``row["var"]`` (or ``row[i]``) → a pyoxigraph term or None."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: list[str], values: list):
        self._names, self._values = names, values

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._values[key]
        try:
            return self._values[self._names.index(key)]
        except ValueError:
            raise KeyError(key) from None

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)


def _term(b: dict):
    t = b["type"]
    if t == "uri":
        return NamedNode(b["value"])
    if t == "bnode":
        return BlankNode(b["value"])
    value = b["value"]
    if "xml:lang" in b:
        return Literal(value, language=b["xml:lang"])
    dt = b.get("datatype")
    if dt == XSD_BOOLEAN and value in ("1", "0"):  # Virtuoso writes booleans as 1/0
        value = "true" if value == "1" else "false"
    return Literal(value, datatype=NamedNode(dt)) if dt else Literal(value)


class RemoteStore:
    def __init__(self, spec: str, timeout: float = 600):
        import httpx

        parts = urlsplit(spec)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        user = parts.username or os.environ.get("ZANGRAPH_STORE_USER")
        password = parts.password or os.environ.get("ZANGRAPH_STORE_PASSWORD")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.query_url = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
        self.update_url = params.get("update", self.query_url)
        default_gsp = self.query_url[: -len("/sparql")] + "/sparql-graph-crud" if self.query_url.endswith("/sparql") else None
        self.gsp_url = params.get("gsp", default_gsp)
        if not self.gsp_url:
            raise ValueError(f"{spec}: give the Graph Store Protocol address as ?gsp=… (it cannot be guessed from {self.query_url})")
        auth = None
        if user:
            auth = httpx.DigestAuth(user, password or "") if params.get("auth") == "digest" else httpx.BasicAuth(user, password or "")
        # Virtuoso stalls ~40 ms per answer unless the client accepts gzip
        self.http = httpx.Client(auth=auth, timeout=timeout, headers={"Accept-Encoding": "gzip"},
                                 limits=httpx.Limits(max_connections=WRITERS + 2))
        self.spec = f"{self.query_url} (update {self.update_url}, graph store {self.gsp_url})"

    def __repr__(self) -> str:
        return f"RemoteStore({self.spec})"

    def _check(self, r, what: str):
        if r.status_code >= 400:
            raise RemoteError(f"{what} at {r.request.url.copy_with(query=None)} failed: HTTP {r.status_code}: {r.text[:500]}")
        return r

    def _send(self, method: str, url: str, what: str, **kw):
        import httpx

        try:
            return self._check(self.http.request(method, url, **kw), what)
        except httpx.HTTPError as e:
            raise RemoteError(f"{what} at {url}: {type(e).__name__}: {e}") from None

    # ---------------------------------------------------------------- reading

    def query(self, sparql: str, use_default_graph_as_union: bool = True):
        """SELECT → list of ``Solution``; ASK → bool. A service's default graph is, for the
        servers named above, the union of its graphs (Virtuoso's and Fuseki's
        ``unionDefaultGraph``), which is what zangraph's queries expect."""
        r = self._send("POST", self.query_url, "query", data={"query": sparql},
                       headers={"Accept": "application/sparql-results+json"})
        cut = r.headers.get("X-SPARQL-MaxRows")
        if cut is not None:  # Virtuoso says so when it stopped at its ResultSetMaxRows: a cut answer is a wrong one
            raise RemoteError(f"the service {self.query_url} cut an answer at {cut} rows (Virtuoso's ResultSetMaxRows, "
                              "[SPARQL] section of virtuoso.ini): raise it above the number of triples of the largest "
                              "graph (an act's consolidation can hold hundreds of thousands) and restart the server")
        doc = r.json()
        if "boolean" in doc:
            return doc["boolean"]
        names = doc["head"].get("vars", [])
        return [Solution(names, [(_term(b[n]) if n in b else None) for n in names]) for b in doc["results"]["bindings"]]

    def contains_named_graph(self, g: NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{g.value}> {{ ?s ?p ?o }} }}"))

    def named_graphs(self):
        return [r["g"] for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]

    def quads_for_pattern(self, s, p, o, g):
        if g is None or s is not None or p is not None or o is not None:
            raise NotImplementedError("remote stores list whole named graphs only")
        rows = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{g.value}> {{ ?s ?p ?o }} }}")
        return [Quad(r["s"], r["p"], r["o"], g) for r in rows]

    def __iter__(self):
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return iter([Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows])

    # ---------------------------------------------------------------- writing

    def update(self, sparql: str) -> None:
        self._send("POST", self.update_url, "update", data={"update": sparql})

    def put_graph(self, graph: str, ntriples: str) -> None:
        """Replace one named graph whole (Graph Store Protocol PUT)."""
        self._send("PUT", self.gsp_url, f"replacing graph <{graph}>", params={"graph-uri": graph, "graph": graph},
                   content=ntriples.encode("utf-8"), headers={"Content-Type": "application/n-triples"})

    def delete_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def replace_graphs(self, drop: list[str], quads) -> None:
        """Each named graph of ``quads`` replaced whole, each graph of ``drop`` with no
        quads deleted; graphs are written in parallel, one request each. A graph is never
        seen half-written; a failure stops the remaining ones and raises."""
        by: dict[str, list[str]] = {}
        for q in quads:
            by.setdefault(q.graph_name.value, []).append(f"{q.subject} {q.predicate} {q.object} .\n")
        self.replace_graph_lines(drop, by)

    def replace_graph_lines(self, drop: list[str], by: dict[str, list[str]]) -> None:
        """``replace_graphs`` for N-Triples lines already grouped by graph (``lines_by_graph``)."""
        for g in drop:
            by.setdefault(g, [])
        # consolidations first, source texts (carrying their hashes) last: a run killed
        # between them re-reads the texts and recomputes
        cons = [g for g in by if g.endswith("/consolidated")]
        rest = [g for g in by if not g.endswith("/consolidated")]
        with ThreadPoolExecutor(WRITERS) as pool:
            for group in (cons, rest):
                list(pool.map(lambda g: self.put_graph(g, "".join(by[g])) if by[g] else self.delete_graph(g), group))

    def load(self, path: str, format=None, to_graph: NamedNode | None = None) -> None:
        from rdflib import Graph

        self.put_graph(to_graph.value, Graph().parse(path).serialize(format="nt"))

    def flush(self) -> None:
        pass


def lines_by_graph(nquads: bytes) -> dict[str, list[str]]:
    """N-Quads lines as N-Triples lines per named graph, without parsing a term: every line
    the ingest writes is ``s p o <g> .`` (``rdf.ntriples.Out`` always names the graph), so
    the graph is the second token from the end."""
    by: dict[str, list[str]] = {}
    for line in nquads.decode("utf-8").split("\n"):  # not splitlines(): \x0b, \x85, U+2028 … are literal text
        if line:
            head, g, _dot = line.rsplit(" ", 2)
            by.setdefault(g[1:-1], []).append(head + " .\n")
    return by
