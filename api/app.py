"""The app factory: ``create_app(settings, store)`` → a FastAPI app serving REST under
``/api``, SPARQL at ``/sparql``, the Graph Store Protocol at ``/graph-store``, pages at
``/`` and ``GET /health``. ``serve(settings)`` opens (or first builds) the store and runs
uvicorn."""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from zangraph.graph.queries.query import NotFound, act_count, acts_by_key
from zangraph.graph.store.graphstore import GraphStore

from zangraph import __version__

from .errors import ApiError, error_response
from .settings import Settings

JSON_PREFIXES = ("/api", "/sparql", "/graph-store", "/health", "/openapi.json", "/mcp")


class Service:
    """What the routes share: the store, its state counter, the SPARQL worker pool."""

    def __init__(self, settings: Settings, store: GraphStore):
        self.settings, self.store = settings, store
        self.write_lock = threading.Lock()
        self.pool = None
        self.screener = None  # the SPARQL screen's process (api.screener), from start()
        self.warming = True
        self.search = None  # the search index (graph.queries.search), opened and brought up to date in the background
        self.search_building = True
        self.search_lock = threading.Lock()

    @property
    def generation(self) -> int:
        return self.store.generation

    def graph_names(self) -> set[str]:
        return self.store.memo("graph-names", lambda: {g.value for g in self.store.store.named_graphs()})

    def warm(self) -> None:
        """Count the acts once (what /health reports); /health says ``warming`` until done.
        Bounded whatever the store's size: one count on the index, no string read. Nothing
        else is read ahead: questions are anchored on IRIs and an act's existence is one
        look-up (issue 17), so a first question costs milliseconds. Listing every act key
        here took 15 s at 50 000 acts with a warm cache and 7 minutes with a cold one (each
        key a random read of a 12 GB store); reading ahead per act took ~0.2 s an act."""
        try:
            act_count(self.store)
        finally:
            self.warming = False
        # then, not waited for, the list of acts the home page and /api/acts show (a minute at
        # 50 000 acts): its first visitor should not be the one who waits
        with suppress(Exception):  # computed on demand instead (a store closed while stopping)
            acts_by_key(self.store)

    def open_search_in_background(self) -> None:
        """``open_search`` in its own thread: /health says ``search: building`` meanwhile
        (a rebuild of a large store's index takes minutes; the rest of the service answers)."""
        def run() -> None:
            try:
                self.open_search()
            finally:
                self.search_building = False

        threading.Thread(target=run, daemon=True, name="zangraph-search-open").start()

    def open_search(self) -> None:
        """Open the search index beside the store; rebuild it (saying so) when it does not
        reflect the store; re-index after every write the service makes."""
        import sys

        from zangraph.graph.queries.search import SearchIndex, index_path

        spec = self.store.path if self.store.path is not None else (self.settings.store if self.store.remote else None)
        if spec is None:
            return
        if index_path(spec) is None:
            return  # ZANGRAPH_SEARCH_INDEX=off
        try:
            ix = SearchIndex(index_path(spec))
            with self.search_lock:
                ix.ensure(self.store, lambda m: print(f"zangraph: {m}", file=sys.stderr, flush=True))
        except (OSError, ValueError) as e:
            print(f"zangraph: search is off: cannot open the index beside {spec}: {e}", file=sys.stderr, flush=True)
            return

        def follow(gs, keys) -> None:  # after a write through SPARQL Update or the Graph Store Protocol
            def run() -> None:
                with self.search_lock:
                    ix.follow(gs, keys)
            threading.Thread(target=run, daemon=True, name="zangraph-reindex").start()

        self.store.followers.append(follow)
        self.search = ix

    def start(self) -> None:
        from .sparql import clean_scratch

        clean_scratch()  # checkpoint copies of a server that was killed
        if self.screener is None:
            from .screener import Screener

            self.screener = Screener(self.settings.query_timeout)
        if self.pool is None and self.store.remote:
            from .sparql import RemotePool

            self.pool = RemotePool(self.store.store, self.settings.query_timeout)
        elif self.pool is None and self.store.path is not None:
            from .sparql import QueryPool

            self.pool = QueryPool(self.store.path, self.settings.sparql_workers, self.settings.query_timeout)

    def stop(self) -> None:
        from .sparql import clean_scratch

        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self.screener is not None:
            self.screener.close()
            self.screener = None
        clean_scratch(mine=True)


class BodyLimit:
    """Refuse request bodies larger than ``limit`` bytes (413), declared or streamed."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        too_big = error_response(413, "too_large", f"the request body is larger than the limit of {self.limit} bytes")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await too_big(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise ApiError(413, "too_large", f"the request body is larger than the limit of {self.limit} bytes")
            return msg

        return await self.app(scope, limited, send)


# OWASP Secure Headers: scripts and styles only from this origin (no inline code: the pages
# have none), no framing, no MIME sniffing, the path never leaks to other sites.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Add ``SECURITY_HEADERS`` to every answer (pages, API, errors alike)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(msg):
            if msg["type"] == "http.response.start":
                have = {k.lower() for k, _ in msg.get("headers", [])}
                msg["headers"] = list(msg.get("headers", [])) + [(k, v) for k, v in SECURITY_HEADERS if k not in have]
            await send(msg)

        return await self.app(scope, receive, with_headers)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    settings = settings or Settings()
    store = store or GraphStore(settings.store, base=settings.base)
    svc = Service(settings, store)

    from .mcp_server import build as build_mcp

    mcp = build_mcp(svc)
    # Streamable HTTP at /mcp; DNS-rebinding protection for a loopback host (the SDK's default)
    mcp_app = mcp.streamable_http_app(streamable_http_path="/mcp", host=settings.host)

    @asynccontextmanager
    async def lifespan(app):
        svc.start()
        threading.Thread(target=svc.warm, daemon=True, name="zangraph-warm").start()
        svc.open_search_in_background()
        try:
            async with mcp.session_manager.run():
                yield
        finally:
            svc.stop()

    # No /docs: Swagger UI would load its scripts from a CDN; the schema is at /openapi.json.
    app = FastAPI(title="zangraph", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  summary="What did Kazakhstan law require on a given day? Point-in-time answers with their sources.",
                  description="REST under `/api`, SPARQL 1.1 at `/sparql`, pages at `/`. Every error has one shape: "
                              "`{\"error\": {\"status\", \"code\", \"message\", …}}`.")
    app.state.svc = svc

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith(JSON_PREFIXES)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, e: ApiError):
        if not wants_json(request):
            from .pages import error_page

            return error_page(request, e.status, e.message)
        return e.response()

    @app.exception_handler(NotFound)
    async def not_found(request: Request, e: NotFound):
        return await api_error(request, ApiError(404, "not_found", str(e), close_matches=e.close))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError):
        fields = [{"where": ".".join(str(x) for x in err["loc"]), "problem": err["msg"]} for err in e.errors()]
        msg = "; ".join(f"{f['where']}: {f['problem']}" for f in fields)
        return await api_error(request, ApiError(422, "invalid_request", msg, fields=fields))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, e: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(e.status_code, "http_error")
        msg = f"no such route: {request.url.path}" if e.status_code == 404 else str(e.detail)
        return await api_error(request, ApiError(e.status_code, code, msg, headers=getattr(e, "headers", None)))

    @app.exception_handler(Exception)
    async def crash(request: Request, e: Exception):  # a bug: still the one error shape, never a stack trace
        return error_response(500, "internal_error", f"internal error ({type(e).__name__}); the store is unchanged")

    @app.get("/health", tags=["service"], summary="Liveness and what is loaded")
    def health() -> dict:
        return {"status": "ok", "version": __version__, "acts": act_count(svc.store),
                "writable": bool(settings.write_token), "warming": svc.warming,
                "search": "ready" if svc.search is not None else ("building" if svc.search_building else "off"),
                "network_wall": getattr(svc.pool, "walled", None),
                # graphs an interrupted ingest left half-written (empty when the store is whole)
                "incomplete_graphs": sorted(svc.store.memo("health-pending", lambda: svc.store.pending()[0])),
                "store": str(store.path) if store.path else (store.store.query_url if store.remote else None)}

    from . import downloads, pages, rest, sparql

    app.router.routes.extend(mcp_app.routes)  # POST/GET/DELETE /mcp
    app.include_router(rest.router(svc), prefix="/api")
    app.include_router(sparql.router(svc))
    pages.mount(app, svc)
    downloads.mount(app, svc)
    if settings.cors:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors, allow_methods=["GET", "POST", "PUT", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "Accept"])
    app.add_middleware(BodyLimit, limit=settings.max_body)
    app.add_middleware(SecurityHeaders)
    return app


def open_service_store(settings: Settings) -> GraphStore:
    """The store of ``settings``: opened for writing, or read-only beside the process holding it."""
    try:
        return GraphStore(settings.store, base=settings.base)
    except OSError as e:
        if "lock" not in str(e).lower():
            raise
        return GraphStore(settings.store, base=settings.base, read_only=True)


def serve(settings: Settings, build=None) -> None:
    """Open the store (``build(store)`` first if it has no acts yet) and serve until stopped."""
    import uvicorn

    store = GraphStore(settings.store, base=settings.base)
    from zangraph.graph.ingest.pipeline import recover

    recover(store)  # an interrupted ingest's journal: its half-written graphs dropped, consolidations redone
    if build is not None and not store.has_texts():  # one look-up: an empty store is built first
        build(store)
    app = create_app(settings, store)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)
