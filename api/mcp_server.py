"""The MCP server (issue 19): zangraph's answers as tools for an LLM agent, read-only.

``build(svc)`` makes one ``MCPServer`` over a ``Service`` (the same store, search index,
SPARQL screen and query workers as the HTTP service). It is served over stdio by
``zangraph mcp`` and over Streamable HTTP at ``/mcp`` by ``zangraph serve``. The tools only
translate: every answer comes from ``graph.queries.query``, ``graph.queries.search``, ``graph.queries.changes``,
``graph.queries.requirements``, ``graph.queries.check`` and the SPARQL endpoint's own screen and
workers. Every input is checked (dates, act keys, eIds, sizes) and a bad one is a tool error
naming it; answers are paged and capped in size.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any, Literal

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field
from zangraph.graph.queries import query as Q
from zangraph.graph.reading.lexicon import parse_date

from zangraph import __version__

INSTRUCTIONS = """zangraph answers what the legislation of the Republic of Kazakhstan said on a given day, with sources.
Rules for using it:
- Quote only wording returned by these tools, verbatim, and cite it as returned (the `citation` field: the
  provision and the act as a lawyer writes them) together with the day asked and the `source` redaction.
- When a tool says a wording is unknown (`text_known` false, `text` null, a provision listed under
  `unknown_that_day`), say that the wording on that day is not in the sources. Never fill it in from another
  day's wording, from memory or from another source.
- `uncertain` means the answer depends on a publication date the sources do not give: say so and give the window.
- Statuses: in_force, not_yet_in_force, no_longer_in_force, uncertain, absent, suspended; each comes with `reason`.
- Dates are YYYY-MM-DD. Act keys look like decree-2020-12-31-485; provisions are addressed by eId such as
  annex_1__point_7__subpoint_4 or article_12__point_1. Use `search` to find them from words."""

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
_EID = re.compile(r"[a-z][a-z0-9_.\-]{0,199}")
MAX_TEXT = 20_000  # characters of one wording in an answer; longer ones are cut and say so
MAX_SPARQL_ROWS = 200

Day = Annotated[str | None, Field(default=None, description="A day, YYYY-MM-DD (default: today)", max_length=10)]
ActKey = Annotated[str, Field(description="An act key, e.g. decree-2020-12-31-485", min_length=3, max_length=100)]
EId = Annotated[str, Field(description="A provision's eId, e.g. annex_1__point_7__subpoint_4", min_length=1,
                           max_length=200)]
Lang = Annotated[Literal["ru", "kk"] | None, Field(default=None, description="Language of the wording: ru or kk")]


def _day(value: str | None, name: str = "at") -> date:
    if value is None or value == "":
        return date.today()
    try:
        return parse_date(value)
    except ValueError as e:
        raise ToolError(f"{name}: {e}") from None


def _act(store, key: str) -> str:
    try:
        Q.require_act(store, key)
    except Q.NotFound as e:
        raise ToolError(str(e)) from None
    return key


def _eid(eid: str) -> str:
    if not _EID.fullmatch(eid):
        raise ToolError(f"eId {eid!r}: expected lower-case words, digits, '_', '-' (e.g. annex_1__point_7)")
    return eid


def _cut(a: dict) -> dict:
    t = a.get("text")
    if isinstance(t, str) and len(t) > MAX_TEXT:
        a = {**a, "text": t[:MAX_TEXT], "text_cut": f"the wording has {len(t)} characters; the first {MAX_TEXT} are "
                                                    "given (read the source redaction for the rest)"}
    return a


def _cited(a: dict) -> dict:
    from .rest import _linked

    return _cut(_linked(a))


def build(svc) -> MCPServer:
    """The MCP server over a ``Service`` (api.app)."""
    store = svc.store
    mcp = MCPServer("zangraph", instructions=INSTRUCTIONS, version=__version__, log_level="WARNING",
                    description="Point-in-time answers about the legislation of Kazakhstan, with citations")

    def guard(fn):
        """Library refusals become tool errors naming the problem; a bug never reaches the agent as a trace."""
        import functools

        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except ToolError:
                raise
            except Q.NotFound as e:
                raise ToolError(str(e)) from None
            except ValueError as e:
                raise ToolError(str(e)) from None
        return run

    @mcp.tool(annotations=READ_ONLY)
    @guard
    def search(query: Annotated[str, Field(description='Words to find, in any form; "a phrase" in double quotes',
                                           min_length=1, max_length=500)],
               at: Day = None, lang: Lang = None,
               act: Annotated[str | None, Field(default=None, max_length=100, description="Only this act (key)")] = None,
               limit: Annotated[int, Field(ge=1, le=20)] = 10,
               offset: Annotated[int, Field(ge=0, le=10_000)] = 0) -> dict[str, Any]:
        """Provisions whose wording in force on a day contains these words (Russian or Kazakh, any inflected form).
        Each hit: citation, status and reason that day, the version's interval, a snippet, the version IRI and
        the source redaction of its wording. Provisions whose wording that day is not in the sources are listed
        apart (unknown_that_day), never as hits."""
        from zangraph.graph.queries.search import SearchError

        if svc.search is None:
            raise ToolError("the search index is not ready yet (it is being built); try again in a moment")
        d = _day(at)
        if act is not None:
            _act(store, act)
        try:
            res = svc.search.search(query, d, lang, act, limit, offset)
        except SearchError as e:
            raise ToolError(str(e)) from None
        for h in res["hits"]:
            ans = Q.provision_at(store, h["key"], h["eId"], d, h["language"])  # the authoritative status and source
            h.update(status=ans["status"], reason=ans.get("reason"), source=_cited(ans).get("source"))
            h.pop("text", None)
            h.pop("marks", None)
        res["next_offset"] = offset + limit if res["total"] > offset + limit else None
        return res

    @mcp.tool(annotations=READ_ONLY)
    @guard
    def read(act: ActKey, eId: Annotated[str | None, Field(default=None, max_length=200,
                                                          description="A provision; omit for the act's outline")] = None,
             at: Day = None, lang: Lang = None,
             as_known: Annotated[str | None, Field(default=None, max_length=10, description=(
                 "Answer from the sources known on this day only (what the official database said then)"))] = None,
             offset: Annotated[int, Field(ge=0)] = 0, limit: Annotated[int, Field(ge=1, le=200)] = 50) -> dict[str, Any]:
        """One provision on a day (status, wording, interval, what introduced it, why, citation, source redaction),
        or without eId the act's outline on that day: its provisions in order with citation, status and the
        first words of each, paged."""
        d = _day(at)
        _act(store, act)
        src = store
        if as_known is not None:
            from zangraph.graph.queries.known import view

            src = view(store, act, _day(as_known, "as_known"))
        if eId is not None:
            return _cited(Q.provision_at(src, act, _eid(eId), d, lang))
        rows = Q.act_at(src, act, d, lang, start=offset, limit=limit)
        total = Q.act_size(src, act)
        outline = [{"eId": r["eId"], "kind": r["kind"], "heading": r["heading"],
                    "citation": _cited(r).get("citation"), "status": r["status"], "text_known": r["text_known"],
                    "text_start": (r["text"] or "")[:160] or None} for r in rows]
        return {"act": act, "date": d.isoformat(), "total": total, "offset": offset, "provisions": outline,
                "next_offset": offset + limit if total > offset + limit else None}

    @mcp.tool(annotations=READ_ONLY)
    @guard
    def history(act: ActKey, eId: EId) -> dict[str, Any]:
        """Every version of a provision, oldest first: interval, whether its wording is known, the event that
        made it (enactment, amendment by which act), what ended it, and the redactions its wording comes from."""
        _act(store, act)
        versions = Q.history(store, act, _eid(eId))
        return {"act": act, "eId": eId, "citation": _cited({"act": act, "eId": eId}).get("citation"),
                "versions": [_cut(v) for v in versions]}

    @mcp.tool(annotations=READ_ONLY)
    @guard
    def changes(act: ActKey, lang: Lang = None, offset: Annotated[int, Field(ge=0)] = 0,
                limit: Annotated[int, Field(ge=1, le=50)] = 20) -> dict[str, Any]:
        """What an amending act changed, provision by provision: the operation, the day it takes effect, the
        wording before and after and a word diff — or why there is no diff (a wording not in the sources)."""
        from zangraph.graph.queries.changes import changes as run

        res = run(store, act, lang, offset, limit)
        for c in res["changes"]:
            if c.get("eId"):
                c["citation"] = _cited({"act": c["target_act"], "eId": c["eId"]}).get("citation")
        res["next_offset"] = offset + limit if res["total"] > offset + limit else None
        return res

    @mcp.tool(annotations=READ_ONLY)
    @guard
    def requirements(at: Day = None,
                     act: Annotated[str | None, Field(default=None, max_length=100)] = None,
                     eId: Annotated[str | None, Field(default=None, max_length=200)] = None,
                     position: Annotated[str | None, Field(default=None, max_length=500,
                                                           description="A position IRI instead of act + eId")] = None
                     ) -> dict[str, Any]:
        """The qualification requirements in force on a day for a provision (act + eId) or a position: education,
        periods of experience, alternatives, the version stating them; what is unknown that day and why."""
        from zangraph.graph.queries.requirements import requirements_at, requirements_json

        if position is None and (act is None or eId is None):
            raise ToolError("give act and eId, or position")
        if act is not None:
            _act(store, act)
        return requirements_json(requirements_at(store, _day(at), act, _eid(eId) if eId else None, position))

    @mcp.tool(annotations=READ_ONLY)
    @guard
    def check_candidate(candidate: Annotated[dict[str, Any], Field(description=(
                            'The candidate: {"education": {"level": "higher"}, "experience": [{"kind": "total", '
                            '"months": 60}, {"kind": "sector", "months": 36}]}'))],
                        at: Day = None,
                        act: Annotated[str | None, Field(default=None, max_length=100)] = None,
                        eId: Annotated[str | None, Field(default=None, max_length=200)] = None,
                        position: Annotated[str | None, Field(default=None, max_length=500)] = None) -> dict[str, Any]:
        """Does a candidate meet the requirements in force on a day? eligible true / false / null (unknown), what
        is satisfied, what is missing per alternative, what is unknown, with the provenance of the requirements."""
        from zangraph.graph.queries.check import eligibility
        from zangraph.graph.requirements.eligibility import CandidateError, candidate_from_json

        if len(json.dumps(candidate)) > 20_000:
            raise ToolError("candidate: too large (at most 20 000 characters of JSON)")
        try:
            cand = candidate_from_json(candidate)
        except (CandidateError, TypeError) as e:
            raise ToolError(f"candidate: {e}") from None
        if position is None and (act is None or eId is None):
            raise ToolError("give act and eId, or position")
        if act is not None:
            _act(store, act)
        return eligibility(store, cand, _day(at), act, _eid(eId) if eId else None, position)

    @mcp.tool(annotations=READ_ONLY)
    @guard
    def sparql(query: Annotated[str, Field(min_length=1, max_length=100_000, description=(
            "A SPARQL 1.1 SELECT or ASK query over the whole graph (prefixes zg: "
            "<https://w3id.org/zangraph/ontology#>, eli: <http://data.europa.eu/eli/ontology#>)"))]) -> dict[str, Any]:
        """Run a read-only SPARQL query, with the same refusals (no SERVICE, LOAD, remote FROM, updates) and limits
        (time, nesting, length) as the /sparql endpoint; at most 200 rows are returned."""
        from .errors import ApiError

        if svc.screener is None or svc.pool is None:
            raise ToolError("SPARQL is not available on this server")
        s = svc.settings
        try:
            asked = svc.screener.query(query, svc.graph_names(), s.max_query_depth, s.max_query_length)
        except ApiError as e:
            raise ToolError(f"refused: {e.message}") from None
        dgs, ngs = (asked.default, asked.named) if asked.given else (None, None)
        out = svc.pool.run(svc.generation, query, dgs, ngs, ["application/sparql-results+json"],
                           min(s.max_rows, MAX_SPARQL_ROWS))
        if out[0] == "ok":
            body = json.loads(out[2])
            if "results" in body:
                body["truncated"] = bool(out[3])
            return body
        if out[0] == "timeout":
            raise ToolError(f"the query ran past the time limit of {s.query_timeout:g} s and was stopped; narrow it")
        if out[0] == "406":
            raise ToolError("only SELECT and ASK queries are answered here (use /sparql for CONSTRUCT and DESCRIBE)")
        raise ToolError(f"the query failed: {out[1] if len(out) > 1 else out[0]}")

    return mcp


def run_stdio(settings) -> None:
    """``zangraph mcp``: the tools over stdio, on the store of ``settings`` (opened read-only
    beside a running server when that holds it)."""
    import anyio

    from .app import Service, open_service_store

    svc = Service(settings, open_service_store(settings))
    svc.start()
    try:
        svc.open_search()
        svc.warming = svc.search_building = False
        anyio.run(build(svc).run_stdio_async)
    finally:
        svc.stop()
