"""SPARQL 1.1 Protocol at ``/sparql``, the Graph Store Protocol at ``/graph-store``.

Queries: ``GET ?query=``, ``POST`` form-encoded, ``POST application/sparql-query``; the
answer's type by ``Accept`` (or ``format=json|xml|csv|tsv|turtle|ntriples|jsonld|rdfxml``);
``default-graph-uri`` / ``named-graph-uri`` choose the dataset (by default the default
graph is the union of all graphs). Each user query runs in a worker process over a
read-only view of the store: past the time limit the worker is killed and replaced. An
answer has at most ``max_rows`` rows; a cut answer carries ``X-Zangraph-Truncated: true``.

Refused before anything runs (``screen``, on the parsed query, in its own process: ``screener``): ``SERVICE``, ``LOAD``, and
``FROM``/``FROM NAMED`` (or dataset parameters) naming a graph that is not in the store;
queries past the length or nesting limits. ``FROM``/``FROM NAMED`` of the store's own graphs
choose the dataset as the protocol's parameters do (the parameters win when both are
given). The worker processes have no network at all (``sandbox``): nothing remote is
ever fetched.

Writes (SPARQL Update, Graph Store PUT/POST/DELETE) exist only when a write token is
configured and sent as ``Authorization: Bearer …``. Each is applied first to a checkpoint
copy of the store, in a walled worker process like a query (so no update can crash the
server: a failed or killed worker is an answer, 409 or 503); the SHACL data shapes run
over the result; on a violation the write is
rejected whole (422, the report in the body) and the store is unchanged.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import re
import secrets
import shutil
import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import NamedNode, Store
from starlette.concurrency import run_in_threadpool

from . import sparql_worker as W
from .errors import ApiError


class RemotePool:
    """User queries forwarded to the SPARQL service that holds the store (``--store
    http…``): the same refusals run here first; the service's own time and row limits
    apply, and a query past this server's time limit is answered 503 like a local one."""

    def __init__(self, remote, timeout: float):
        self.remote, self.timeout = remote, timeout

    def run(self, generation: int, query: str, default_graphs, named_graphs, accept, max_rows) -> tuple:
        import httpx

        data = {"query": query, "default-graph-uri": list(default_graphs or []), "named-graph-uri": list(named_graphs or [])}
        try:
            r = self.remote.http.post(self.remote.query_url, data=data, timeout=self.timeout,
                                      headers={"Accept": ", ".join(accept) or "application/sparql-results+json"})
        except httpx.TimeoutException:
            return ("timeout",)
        except httpx.HTTPError as e:
            return ("500q", f"the SPARQL service did not answer: {e}")
        if r.status_code == 200:
            return ("ok", r.headers.get("content-type", "application/octet-stream").split(";")[0], r.content, False)
        if r.status_code == 400:
            return ("400", r.text[:500])
        return ("failed", f"the SPARQL service answered HTTP {r.status_code}: {r.text[:500]}")

    def close(self) -> None:
        pass


def _spawn(ctx, target, *args):
    """Start a walled worker (``sparql_worker._walled``) and wait for its first word:
    → (process, connection, whether its network wall is active)."""
    parent, child = ctx.Pipe()
    p = ctx.Process(target=target, args=(child, *args, os.getpid()), daemon=True, name="zangraph-sparql")
    p.start()
    child.close()
    if not parent.poll(60):
        p.kill()
        raise OSError("a SPARQL worker did not start within 60 s")
    _ready, walled = parent.recv()
    return p, parent, walled


class QueryPool:
    """Worker processes, each with a read-only view of the store and no network, that can be killed."""

    def __init__(self, path: Path, size: int, timeout: float):
        self.path, self.timeout = str(path), timeout
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.workers: list = []
        self.walled = True
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self):
        p, conn, walled = _spawn(self.ctx, W.serve, self.path)
        self.walled = self.walled and walled
        w = (p, conn)
        with self.lock:
            self.workers.append(w)
        return w

    def _retire(self, w) -> None:
        p, conn = w
        p.kill()
        p.join(5)
        conn.close()
        with self.lock:
            self.workers.remove(w)

    def run(self, generation: int, query: str, default_graphs, named_graphs, accept, max_rows) -> tuple:
        w = self.idle.get()
        p, conn = w
        try:
            conn.send((generation, query, default_graphs, named_graphs, accept, max_rows))
            if conn.poll(self.timeout):
                out = conn.recv()
                self.idle.put(w)
                return out
        except (EOFError, OSError, BrokenPipeError):
            self._retire(w)
            self.idle.put(self._start())
            return ("500q", "the query worker died; the query was not answered")
        self._retire(w)  # a runaway: stopped for real
        self.idle.put(self._start())
        return ("timeout",)

    def update(self, path: str, update: str) -> tuple:
        """Apply ``update`` to the checkpoint copy at ``path`` in a one-off walled worker."""
        p, conn, _walled = _spawn(self.ctx, W.apply_update, path, update)
        try:
            if conn.poll(self.timeout):
                return conn.recv()
            return ("timeout",)
        except (EOFError, OSError):
            return ("died",)
        finally:
            if p.is_alive():
                p.kill()
            p.join(5)
            conn.close()

    def close(self) -> None:
        for p, conn in list(self.workers):
            try:
                conn.send(None)
            except OSError:
                pass
            p.join(1)
            if p.is_alive():
                p.kill()


def _accept(request: Request) -> list[str]:
    fmt = request.query_params.get("format")
    if fmt:
        if fmt not in W.SHORT:
            raise ApiError(400, "bad_format", f"format={fmt!r}: expected one of {', '.join(W.SHORT)}")
        return [W.SHORT[fmt]]
    parts = []
    for i, item in enumerate(request.headers.get("accept", "").split(",")):
        bits = [b.strip() for b in item.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            parts.append((-q, i, bits[0].lower()))
    return [t for _q, _i, t in sorted(parts)]


_BEARER = re.compile(r"(?i:bearer) ([A-Za-z0-9._~+/-]+=*)")  # RFC 6750 §2.1: one space, a b64token


def _bearer_ok(request: Request, token: str | None) -> None:
    if not token:
        raise ApiError(403, "read_only", "this endpoint is read-only: no write token is configured (ZANGRAPH_WRITE_TOKEN)")
    m = _BEARER.fullmatch(request.headers.get("authorization", ""))
    if not m or not secrets.compare_digest(m.group(1).encode(), token.encode()):
        raise ApiError(401, "unauthorised", "writes need the header `Authorization: Bearer <token>`",
                       headers={"WWW-Authenticate": "Bearer"})


def _apply(svc, scratch_path: str | None, scratch, update: str) -> None:
    """Apply ``update`` to the checkpoint: in a walled worker when the store is on disk."""
    if scratch_path is not None and isinstance(svc.pool, QueryPool):
        out = svc.pool.update(scratch_path, update)
        if out[0] == "ok":
            return
        if out[0] == "400":
            raise ApiError(400, "malformed_update", f"SPARQL Update syntax error: {out[1]}")
        if out[0] == "409":
            raise ApiError(409, "update_failed", f"SPARQL Update could not be applied: {out[1]}")
        if out[0] == "timeout":
            raise ApiError(503, "timeout", f"the update ran past the time limit of {svc.settings.query_timeout:g} s "
                           "and was stopped; the store is unchanged", headers={"Retry-After": "1"})
        raise ApiError(503, "unavailable", "the update's worker died; the store is unchanged", headers={"Retry-After": "1"})
    try:
        scratch.update(update)
    except SyntaxError as e:
        raise ApiError(400, "malformed_update", f"SPARQL Update syntax error: {e}") from None
    except Exception as e:  # the engine's evaluation error (DROP of an absent graph, …)
        raise ApiError(409, "update_failed", f"SPARQL Update could not be applied: {e}") from None


def validated_update(svc, update: str) -> dict:
    """Apply ``update`` to a checkpoint copy (in a walled worker), run the data shapes over
    it, then (if no violation) to the store. Writes are serialised by one lock."""
    from zangraph.graph.rdf.validate import _line_finder, run_checks
    from zangraph.graph.store.graphstore import ShapeViolation

    gs = svc.store
    with svc.write_lock:
        tmp = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-")
        try:
            path = None
            if gs.path:
                path = str(Path(tmp) / "c")
                gs.store.backup(path)
                _apply(svc, path, None, update)
                scratch = Store.read_only(path)
            else:
                scratch = Store()
                scratch.extend(gs.store)
                _apply(svc, None, scratch, update)

            def q(text):
                return scratch.query(text, use_default_graph_as_union=True)

            results = run_checks(q, lines=_line_finder(q))
            scratch = None  # closes the checkpoint before it is removed
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        violations = [r for r in results if r.severity == "Violation"]
        if violations:
            raise ApiError(422, "shacl_violation", str(ShapeViolation(violations)).splitlines()[0],
                           results=[r.as_dict() for r in violations])
        try:
            gs.update(update)  # the store forgets its memo; query workers reopen their views
        except Exception as e:  # the checkpoint took it: only a store failure gets here
            raise ApiError(409, "update_failed", f"SPARQL Update could not be applied: {e}") from None
        gs.flush()
    return {"applied": True, "warnings": [r.as_dict() for r in results if r.severity != "Violation"]}


SCRATCH_PREFIX = "zangraph-check-"


def clean_scratch(mine: bool = False) -> int:
    """Remove checkpoint copies left in the temporary directory by a server that was killed
    (only those whose writer is gone: each name holds its server's pid; ``mine``: this
    server's too, at its exit); → how many."""
    n = 0
    for d in Path(tempfile.gettempdir()).glob(SCRATCH_PREFIX + "*"):
        pid = d.name[len(SCRATCH_PREFIX):].split("-")[0]
        if pid.isdigit() and Path(f"/proc/{pid}").exists() and not (mine and int(pid) == os.getpid()):
            continue
        shutil.rmtree(d, ignore_errors=True)
        n += 1
    return n


def service_description(endpoint: str, graphs: list[str], writable: bool) -> str:
    fmts = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
            "N-Triples", "JSON-LD", "RDF_XML"]
    lines = ["@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
             "@prefix fmt: <http://www.w3.org/ns/formats/> .", "",
             f"<{endpoint}> a sd:Service ;", f"  sd:endpoint <{endpoint}> ;",
             "  sd:supportedLanguage sd:SPARQL11Query" + (", sd:SPARQL11Update" if writable else "") + " ;",
             "  sd:resultFormat " + ", ".join(f"fmt:{f}" for f in fmts) + " ;",
             "  sd:feature sd:UnionDefaultGraph ;",
             "  sd:defaultDataset [ a sd:Dataset ;", "    sd:defaultGraph [ a sd:Graph ] ;"]
    for g in graphs:
        lines.append(f"    sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ] ;")
    lines[-1] = lines[-1].rstrip(" ;") + " ] ."
    return "\n".join(lines) + "\n"


def router(svc) -> APIRouter:
    r = APIRouter(tags=["SPARQL"])

    async def answer_query(request: Request, query: str, dgs: list[str], ngs: list[str]) -> Response:
        graphs = svc.graph_names()
        for g in dgs + ngs:
            if g not in graphs:
                raise ApiError(400, "refused", f"dataset graph <{g}>: not a graph of this store; remote data is never loaded")
        asked = await run_in_threadpool(svc.screener.query, query, graphs, svc.settings.max_query_depth,
                                        svc.settings.max_query_length)
        # the protocol's parameters win over the query's FROM (SPARQL 1.1 Protocol §2.1.4);
        # neither: the default graph is the union of all graphs
        if not (dgs or ngs):
            dgs, ngs = (asked.default, asked.named) if asked.given else (None, None)
        accept = _accept(request)
        out = await run_in_threadpool(svc.pool.run, svc.generation, query, dgs, ngs, accept, svc.settings.max_rows)
        if out[0] == "ok":
            _, media, body, truncated = out
            headers = {"X-Zangraph-Row-Limit": str(svc.settings.max_rows)}
            if truncated:
                headers["X-Zangraph-Truncated"] = "true"
            ctype = media + ("; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else "")
            return Response(body, media_type=ctype, headers=headers)
        if out[0] == "400":
            raise ApiError(400, "malformed_query", f"SPARQL syntax error: {out[1]}")
        if out[0] == "406":
            raise ApiError(406, "not_acceptable", f"a {out[1]} query can be answered as {', '.join(out[2])}; "
                           f"Accept asked for {request.headers.get('accept') or request.query_params.get('format')}")
        if out[0] == "timeout":
            raise ApiError(503, "timeout", f"the query ran past the time limit of {svc.settings.query_timeout:g} s "
                           "and was stopped; narrow it or add LIMIT", headers={"Retry-After": "1"})
        if out[0] == "500q":  # the query process died, or the remote SPARQL service did not answer: not the query's fault
            raise ApiError(503, "unavailable", out[1], headers={"Retry-After": "1"})
        raise ApiError(400, "query_failed", f"the query could not be evaluated: {out[1]}")

    async def answer_update(request: Request, update: str) -> Response:
        _bearer_ok(request, svc.settings.write_token)
        await run_in_threadpool(svc.screener.update, update, svc.settings.max_query_depth,
                                svc.settings.max_query_length)
        out = await run_in_threadpool(validated_update, svc, update)
        return Response(json.dumps(out), media_type="application/json")

    def describe(request: Request) -> Response:
        accept = _accept(request)
        if any(t == "text/html" for t in accept[:1]):
            from fastapi.responses import RedirectResponse

            return RedirectResponse("/query", status_code=303)
        endpoint = str(request.url_for("sparql_get"))
        return Response(service_description(endpoint, sorted(svc.graph_names()), bool(svc.settings.write_token)),
                        media_type="text/turtle; charset=utf-8")

    @r.get("/sparql", name="sparql_get", summary="SPARQL 1.1 query (GET), or the service description without `query`",
           responses={200: {"content": {t: {} for t in list(W.RESULT_TYPES) + list(W.GRAPH_TYPES)}}})
    async def sparql_get(request: Request, query: str | None = None) -> Response:
        params = request.query_params
        if query is None:
            return describe(request)
        return await answer_query(request, query, params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))

    @r.post("/sparql", summary="SPARQL 1.1 query or update (POST: form-encoded, application/sparql-query, "
            "application/sparql-update)",
            openapi_extra={"requestBody": {"content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                    "query": {"type": "string"}, "update": {"type": "string"}}}},
                "application/sparql-query": {"schema": {"type": "string"}},
                "application/sparql-update": {"schema": {"type": "string"}}}}})
    async def sparql_post(request: Request) -> Response:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        params = request.query_params
        dgs, ngs = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
        if ctype == "application/x-www-form-urlencoded":
            form = await request.form()
            dgs += [str(x) for x in form.getlist("default-graph-uri")]
            ngs += [str(x) for x in form.getlist("named-graph-uri")]
            if "update" in form:
                return await answer_update(request, str(form["update"]))
            if "query" not in form:
                raise ApiError(400, "missing_query", "a form-encoded POST needs a `query` or `update` field")
            return await answer_query(request, str(form["query"]), dgs, ngs)
        body = (await request.body()).decode("utf-8", errors="replace")
        if ctype == "application/sparql-query":
            return await answer_query(request, body, dgs, ngs)
        if ctype == "application/sparql-update":
            return await answer_update(request, body)
        raise ApiError(415, "unsupported_media_type", f"Content-Type {ctype or '(none)'}: expected "
                       "application/x-www-form-urlencoded, application/sparql-query or application/sparql-update")

    # ------------------------------------------------------------ Graph Store Protocol

    def _graph(request: Request) -> str:
        g = request.query_params.get("graph")
        if g is None:
            if "default" in request.query_params:
                raise ApiError(400, "default_graph", "the default graph is the union of all graphs here; name a graph "
                               "with ?graph=IRI")
            raise ApiError(400, "missing_graph", "give ?graph=IRI")
        from zangraph.graph.rdf.terms import iri

        try:
            iri(g)
        except ValueError:
            raise ApiError(400, "bad_iri", f"graph={g!r}: not an absolute IRI") from None
        return g

    @r.get("/graph-store", tags=["Graph Store Protocol"], summary="Read one named graph",
           responses={200: {"content": {t: {} for t in W.GRAPH_TYPES}}})
    async def gsp_get(request: Request, graph: str) -> Response:
        g = _graph(request)
        if g not in svc.graph_names():
            raise ApiError(404, "not_found", f"no graph <{g}> in the store")
        media = W.choose(_accept(request), W.GRAPH_TYPES)
        if media is None:
            raise ApiError(406, "not_acceptable", f"a graph can be given as {', '.join(W.GRAPH_TYPES)}")
        from pyoxigraph import serialize

        triples = [q.triple for q in svc.store.store.quads_for_pattern(None, None, None, NamedNode(g))]
        return Response(serialize(triples, format=W.GRAPH_TYPES[media]) or b"", media_type=media)

    async def gsp_write(request: Request, replace: bool) -> Response:
        _bearer_ok(request, svc.settings.write_token)
        g = _graph(request)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}.get(ctype)
        if fmt is None:
            raise ApiError(415, "unsupported_media_type", f"Content-Type {ctype or '(none)'}: expected text/turtle, "
                           "application/n-triples, application/ld+json or application/rdf+xml")
        from zangraph.graph.rdf.rdfin import RdfError, read_graph

        body = await request.body()
        try:
            data = await run_in_threadpool(read_graph, body, fmt)
        except RdfError as e:
            raise ApiError(400, "invalid_rdf", f"{ctype}: {e}") from None
        lines = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in data)
        update = (f"DROP SILENT GRAPH <{g}> ;\n" if replace else "") + f"INSERT DATA {{ GRAPH <{g}> {{\n{lines}\n}} }}"
        out = await run_in_threadpool(validated_update, svc, update)
        return Response(json.dumps({**out, "graph": g, "triples": len(data)}), media_type="application/json",
                        status_code=201 if replace else 200)

    @r.put("/graph-store", tags=["Graph Store Protocol"], summary="Replace a named graph (needs the write token)")
    async def gsp_put(request: Request, graph: str) -> Response:
        return await gsp_write(request, True)

    @r.post("/graph-store", tags=["Graph Store Protocol"], summary="Add to a named graph (needs the write token)")
    async def gsp_post(request: Request, graph: str) -> Response:
        return await gsp_write(request, False)

    @r.delete("/graph-store", tags=["Graph Store Protocol"], summary="Drop a named graph (needs the write token)")
    async def gsp_delete(request: Request, graph: str) -> Response:
        _bearer_ok(request, svc.settings.write_token)
        g = _graph(request)
        if g not in svc.graph_names():
            raise ApiError(404, "not_found", f"no graph <{g}> in the store")
        out = await run_in_threadpool(validated_update, svc, f"DROP GRAPH <{g}>")
        return Response(json.dumps(out), media_type="application/json")

    return r
