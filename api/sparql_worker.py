"""A process that runs user SPARQL queries over a read-only view of the store.

User queries run here, not in the server process, so that one that runs past the time
limit can be stopped for real (the process is killed and replaced) while the server goes
on answering others. Only pyoxigraph and the standard library are imported: a worker
starts in about a tenth of a second.
"""

from __future__ import annotations

import json
import os
from itertools import islice

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    parse_query_results,
    serialize,
)

NICENESS = 10  # added to the workers' nice value (the server keeps its own)
RESULT_TYPES = {  # media type -> pyoxigraph format, for SELECT and ASK
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_TYPES = {  # for CONSTRUCT and DESCRIBE
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ntriples": "application/n-triples",
         "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


def choose(accept: list[str], offered: dict) -> str | None:
    """The first media type of ``accept`` (already ordered by preference) that is offered;
    ``*/*`` or nothing → the first offered."""
    if not accept:
        return next(iter(offered))
    for t in accept:
        if t in offered:
            return t
        if t in ("*/*", "application/*", "text/*"):
            return next((o for o in offered if t == "*/*" or o.startswith(t[:-1])), None)
    return None


def execute(store: Store, query: str, default_graphs, named_graphs, accept: list[str], max_rows: int) -> tuple:
    """→ ("ok", media type, body bytes, truncated) or ("406", form, offered types).

    ``default_graphs`` None: the default graph is the union of all graphs and every named
    graph is there; otherwise the dataset is exactly those graphs (an empty list, an empty
    default graph: SPARQL 1.1 §13.2 for FROM NAMED alone)."""
    kw = {"use_default_graph_as_union": True}
    if default_graphs is not None:  # a dataset was asked for (FROM / FROM NAMED or the protocol's parameters)
        kw = {"default_graph": [NamedNode(g) for g in default_graphs],
              "named_graphs": [NamedNode(g) for g in named_graphs or []]}
    res = store.query(query, **kw)
    if isinstance(res, QueryBoolean):
        media = choose(accept, RESULT_TYPES)
        if media is None:
            return ("406", "ASK", list(RESULT_TYPES))
        return ("ok", media, res.serialize(format=RESULT_TYPES[media]), False)
    if isinstance(res, QuerySolutions):
        media = choose(accept, RESULT_TYPES)
        if media is None:
            return ("406", "SELECT", list(RESULT_TYPES))
        names = [v.value for v in res.variables]
        rows = list(islice(res, max_rows + 1))
        truncated = len(rows) > max_rows
        if RESULT_TYPES[media] == QueryResultsFormat.JSON:
            body = _json_results(names, rows[:max_rows])
            if body is not None:
                return ("ok", media, body, truncated)
        # Re-read the kept rows through pyoxigraph's own writers (TSV holds every term exactly).
        tsv = ["\t".join("?" + n for n in names)]
        for r in rows[:max_rows]:
            tsv.append("\t".join("" if r[n] is None else str(r[n]) for n in names))
        kept = parse_query_results("\n".join(tsv) + "\n", format=QueryResultsFormat.TSV)
        return ("ok", media, kept.serialize(format=RESULT_TYPES[media]), truncated)
    media = choose(accept, GRAPH_TYPES)
    if media is None:
        return ("406", "CONSTRUCT", list(GRAPH_TYPES))
    triples = list(islice(res, max_rows + 1))
    truncated = len(triples) > max_rows
    return ("ok", media, serialize(triples[:max_rows], format=GRAPH_TYPES[media]) or b"", truncated)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(t):
    if isinstance(t, NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, Literal):
        if t.language:
            return {"type": "literal", "value": t.value, "xml:lang": t.language}
        if t.datatype.value != XSD_STRING:
            return {"type": "literal", "value": t.value, "datatype": t.datatype.value}
        return {"type": "literal", "value": t.value}
    if isinstance(t, BlankNode):
        return {"type": "bnode", "value": t.value}
    raise TypeError  # a quoted triple: left to pyoxigraph's writer


def _json_results(names: list[str], rows) -> bytes | None:
    """SPARQL 1.1 JSON results written directly (the common case, without a re-parse);
    None when a term needs pyoxigraph's writer."""
    try:
        bindings = [{n: _json_term(r[n]) for n in names if r[n] is not None} for r in rows]
    except TypeError:
        return None
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")


STACK = 512 << 20  # the evaluating thread's stack: the engine recurses on nested patterns


def _walled(conn, parent: int, body) -> None:  # pragma: no cover - runs in the child process
    """Run ``body()`` in a thread with a large stack, after the walls are up; the first
    message to the server says whether the network wall is active."""
    import threading

    from zangraph.graph.workers import die_with_parent

    from .sandbox import no_network

    die_with_parent(parent)
    # below the server's priority: a runaway query takes only the CPU the routes leave
    # (measured by bench/hostile.py on 2 cores: the provision route's p99 under four
    # runaway clients came down to within 3x of the quiet run only with this)
    os.nice(NICENESS)
    conn.send(("ready", no_network()))
    threading.stack_size(STACK)
    t = threading.Thread(target=body, name="zangraph-eval")
    t.start()
    t.join()


def serve(conn, path: str | None, parent: int) -> None:  # pragma: no cover - runs in the child process
    def loop():
        store, generation = None, None
        while True:
            msg = conn.recv()
            if msg is None:
                return
            gen, query, default_graphs, named_graphs, accept, max_rows = msg
            try:
                if store is None or gen != generation:
                    store, generation = Store.read_only(path), gen
                conn.send(execute(store, query, default_graphs, named_graphs, accept, max_rows))
            except SyntaxError as e:
                conn.send(("400", str(e)))
            except Exception as e:  # an evaluation error: reported to the client, the worker lives on
                conn.send(("failed", f"{type(e).__name__}: {e}"))

    _walled(conn, parent, loop)


def apply_update(conn, path: str, update: str, parent: int) -> None:  # pragma: no cover - child process
    """Apply ``update`` to the store copy at ``path`` (the checkpoint the server validates)."""

    def once():
        try:
            store = Store(path)
            store.update(update)
            store.flush()
            del store
            conn.send(("ok",))
        except SyntaxError as e:
            conn.send(("400", str(e)))
        except Exception as e:  # the engine's evaluation error (DROP of an absent graph, …)
            conn.send(("409", str(e) or type(e).__name__))

    _walled(conn, parent, once)
