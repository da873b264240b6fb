"""REST routes under ``/api``: thin translations of HTTP into library calls (``graph.queries.query``,
``graph.queries.requirements``, ``graph.queries.check``, ``graph.rdf.validate``)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from zangraph.graph.queries import query as Q
from zangraph.graph.reading.lexicon import parse_date

from .errors import ERROR_SCHEMA, ApiError

DATE_DOC = "A day, YYYY-MM-DD (default: today)."
Status = Literal["in_force", "not_yet_in_force", "no_longer_in_force", "uncertain", "absent", "suspended"]


class Introduced(BaseModel):
    act: str | None = Field(description="Key of the act whose event introduced the version")
    operation: str | None = Field(description="enactment, substitution, insertion, change, …")
    event: str = Field(description="IRI of the event")


class PossibleVersion(BaseModel):
    version: str
    valid_from: str | None
    valid_from_latest: str | None
    valid_until: str | None
    introduced_by: Introduced | None
    text_known: bool


class Citation(BaseModel):
    """The redaction a wording comes from (issue 16): open ``text_url`` for its exact text."""

    graph: str | None = Field(default=None, description="IRI of the source's named graph (one redaction)")
    language: str | None = None
    redaction_date: str | None = Field(default=None, description="The day this redaction is the wording of")
    file: str | None = Field(default=None, description="The file read (for a git redaction: path@commit)")
    commit: str | None = Field(default=None, description="A git redaction: the commit whose tree holds the text")
    portal_url: str | None = Field(default=None, description="The text on the official portal, when the source names it")
    known_on: str | None = Field(default=None, description="The source's knowledge date (see as_known)")
    format: str | None = None
    text_url: str | None = Field(default=None, description="This service's route giving the source text itself")
    computed: bool | None = Field(default=None, description="True: no saved redaction gives the wording; computed "
                                                            "from the amending act's instruction")
    from_instruction_of: str | None = None
    note: str | None = None


class AsKnown(BaseModel):
    on: str = Field(description="The day asked: only sources known on it were used")
    sources: list[str] = Field(description="The source graphs known on that day")


class ProvisionAnswer(BaseModel):
    """The point-in-time answer of DESIGN §6."""

    act: str
    eId: str
    date: str
    status: Status
    text: str | None = Field(description="The wording in force, or null when not in force or not known")
    text_known: bool | None
    valid_from: str | None
    valid_from_latest: str | None = Field(description="Set when the start is uncertain: it lies in [valid_from, this]")
    valid_until: str | None
    introduced_by: Introduced | None
    version: str | None = Field(description="IRI of the version in force (null when two may apply: see possible_versions)")
    suspended_by: dict[str, Any] | None = Field(
        default=None, description="When suspended: the suspending act's key, the event, from and until (exclusive)")
    possible_versions: list[PossibleVersion] | None = Field(
        default=None, description="In force either way, but which version applies depends on an unknown day: both")
    reason: str | None = Field(description="Why something is unknown or uncertain")
    source: Citation | None = Field(default=None, description="The redaction the wording comes from")
    as_known: AsKnown | None = Field(default=None, description="Set when asked with as_known=")
    exists_from: str | None = Field(default=None, description="absent / not yet in force: the day it comes into the act")
    introduced_by_act: str | None = Field(default=None, description="absent / not yet in force: the act that inserts or enacts it")
    ended_on: str | None = Field(default=None, description="no longer in force: since when")
    ended_by_act: str | None = Field(default=None, description="no longer in force: the act that ended it")
    ended_how: str | None = Field(default=None, description="no longer in force: repeal, exclusion, the act repealed …")
    citation: dict[str, str] | None = Field(default=None, description="The provision and the act as a lawyer cites "
                                                                      "them, by language (ru, kk)")
    why: dict[str, Any] | None = Field(default=None, description=(
        "Why the status and wording are what they are, as fields: `code` (wording_unknown, start_uncertain, "
        "end_uncertain, which_version, not_yet_inserted, not_yet_enacted, ended, suspended, not_in_versions) with "
        "its facts — `act`/`acts` (keys of the acts that decide it), `start`, `latest` (the window), `until`, "
        "`how`, and for an unknown wording `known_before`/`known_after` (the nearest days with a known wording)"))


class ActProvision(ProvisionAnswer):
    kind: str
    heading: str | None


class ActAtDate(BaseModel):
    act: dict[str, Any]
    date: str
    provisions: list[ActProvision]


class EligibilityRequest(BaseModel):
    candidate: dict[str, Any] = Field(description="The candidate JSON (see README, Eligibility)",
                                      examples=[{"education": {"level": "higher"}, "experience": [
                                          {"kind": "total", "months": 60}, {"kind": "sector", "months": 36},
                                          {"kind": "national_holding_director", "months": 24}]}])
    act: str | None = Field(None, examples=["decree-2020-12-31-485"])
    eId: str | None = Field(None, examples=["annex_1__point_7"])
    position: str | None = Field(None, description="A position IRI instead of act + eId")
    at: str | None = Field(None, description=DATE_DOC, examples=["2025-06-01"])


ERRORS = {code: {"description": why, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
          for code, why in [(400, "Bad input (a date, a file, a query)"), (404, "Unknown act, provision or position"),
                            (422, "Invalid request")]}
RDF_IN = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
          "application/n-quads": "nquads", "application/trig": "trig", "application/rdf+xml": "xml"}


def day(value: str | None, name: str = "at") -> date:
    if value is None or value == "":
        return date.today()
    try:
        return parse_date(value)
    except ValueError as e:
        raise ApiError(400, "bad_date", f"{name}: {e}") from None


def _json(obj, status: int = 200) -> JSONResponse:
    return JSONResponse(obj, status_code=status)


AS_KNOWN_DOC = ("Answer from the sources known on this day only (YYYY-MM-DD): what the official database said "
                "then. Default: every source.")


def _linked(a: dict) -> dict:
    """An answer with the provision's citation as a lawyer writes it (ru, kk) and its
    source's ``text_url`` (the route giving that redaction's text)."""
    from zangraph.graph.citation import provision_of_act
    from zangraph.graph.model import ActRef

    try:
        ref = ActRef.from_key(a["act"])
        a = {**a, "citation": {lang: provision_of_act(a["eId"], ref, lang) for lang in ("ru", "kk")}}
    except ValueError:
        pass
    src = a.get("source")
    if src and src.get("graph"):
        a = {**a, "source": {**src, "text_url": f"/api/sources?graph={quote(src['graph'], safe='')}"}}
    return a


def act_status(a: dict, d: date) -> str:
    """An act's own status on a day from its validity (the acts' facts, not their provisions')."""
    if not a.get("valid_from"):
        return "unknown"
    if d.isoformat() < a["valid_from"]:
        return "not_yet_in_force"
    if a.get("valid_until") and d.isoformat() >= a["valid_until"]:
        return "no_longer_in_force"
    return "in_force"


def router(svc) -> APIRouter:
    r = APIRouter(tags=["acts"], responses=ERRORS)
    store = svc.store


    @r.get("/acts", summary="Acts in the corpus, filtered")
    def list_acts(kind: str | None = Query(None, description="decree, resolution, order, law, …"),
                  year: int | None = Query(None, ge=1900, le=2200, description="Year of signing"),
                  q: str | None = Query(None, max_length=200, description="Words of the title (Russian or Kazakh)"),
                  at: str | None = Query(None, description=DATE_DOC + " Each act gets its status that day."),
                  in_force: bool | None = Query(None, description="Only acts in force (true) or not (false) on `at`"),
                  limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)) -> JSONResponse:
        d = day(at)
        out = []
        for a in Q.acts_by_key(store).values():
            if kind and a["kind"] != kind.lower():
                continue
            if year and not a["date"].startswith(f"{year:04d}-"):
                continue
            if q and not any(q.lower() in t.lower() for t in a["title"].values()):
                continue
            status = act_status(a, d)
            if in_force is not None and (status == "in_force") != in_force:
                continue
            out.append({**a, "status": status, "date_asked": d.isoformat()})
        return _json({"total": len(out), "acts": out[offset:offset + limit]})

    def known(key: str, as_known: str | None):
        """The store to answer from: all of it, or the sources known on ``as_known`` (graph.queries.known)."""
        if as_known is None:
            return store, None
        from zangraph.graph.queries.known import graphs_of, view

        on = day(as_known, "as_known")
        v = view(store, key, on)
        return v, {"on": on.isoformat(), "sources": graphs_of(v)}

    @r.get("/acts/{key}", summary="An act at a date: its structure with each provision's status", response_model=ActAtDate)
    def act_at(key: str, at: str | None = Query(None, description=DATE_DOC),
               lang: Literal["ru", "kk"] | None = Query(None, description="Preferred language of the texts"),
               as_known: str | None = Query(None, description=AS_KNOWN_DOC)) -> JSONResponse:
        d = day(at)
        src, note = known(key, as_known)
        provs = [_linked(a) for a in Q.act_at(src, key, d, lang)]
        meta = Q.act_info(store, key) or {"key": key, "in_corpus": False,
                                         "note": "the act is known from references only; its text is not in the corpus"}
        sp = Q.act_suspension(store, key, d)
        status = "suspended" if sp and act_status(meta, d) in ("in_force", "unknown") else act_status(meta, d)
        return _json({"act": {**meta, "status": status, **({"suspended_by": sp} if sp else {})},
                      "date": d.isoformat(), "provisions": provs, **({"as_known": note} if note else {})})

    # async: answered from the store's memo of the provision's versions, in the event loop
    # (a thread hop per request cost tail latency under load; a first, unmemoised read is ms)
    @r.get("/acts/{key}/provisions/{eid}", summary="One provision on a day (DESIGN §6)", response_model=ProvisionAnswer)
    async def provision(key: str, eid: str, at: str | None = Query(None, description=DATE_DOC),
                        lang: Literal["ru", "kk"] | None = Query(None),
                        as_known: str | None = Query(None, description=AS_KNOWN_DOC)) -> JSONResponse:
        if as_known is None:
            return _json(_linked(Q.provision_at(store, key, eid, day(at), lang)))
        return await run_in_threadpool(lambda: _provision_known(key, eid, at, lang, as_known))

    def _provision_known(key, eid, at, lang, as_known) -> JSONResponse:
        src, note = known(key, as_known)
        return _json({**_linked(Q.provision_at(src, key, eid, day(at), lang)), "as_known": note})

    @r.get("/acts/{key}/provisions/{eid}/history", summary="Every version of a provision, oldest first, each "
                                                          "with the redactions its wording comes from")
    def history(key: str, eid: str, as_known: str | None = Query(None, description=AS_KNOWN_DOC)) -> JSONResponse:
        src, note = known(key, as_known)
        return _json({"act": key, "eId": eid, "versions": Q.history(src, key, eid), **({"as_known": note} if note else {})})

    @r.get("/acts/{key}/provisions/{eid}/diff", summary="Word-level difference of the wordings on two days")
    def diff(key: str, eid: str, from_: str = Query(..., alias="from", description="The earlier day, YYYY-MM-DD"),
             to: str = Query(..., description="The later day, YYYY-MM-DD"),
             lang: Literal["ru", "kk"] | None = Query(None),
             as_known: str | None = Query(None, description=AS_KNOWN_DOC)) -> JSONResponse:
        src, note = known(key, as_known)
        return _json({**Q.provision_diff(src, key, eid, day(from_, "from"), day(to, "to"), lang),
                      **({"as_known": note} if note else {})})

    @r.get("/sources", summary="One source text (a redaction) as stored: what a citation points to")
    def source(graph: str = Query(..., max_length=2000, description="IRI of the source's named graph")) -> JSONResponse:
        info = Q.source_info(store, graph) if graph.startswith(store.base) else None
        if info is None:
            raise ApiError(404, "not_found", f"no source graph {graph!r} in the store")
        return _json({**info, "text": Q.source_text(store, graph)})

    @r.get("/acts/{key}/provisions/{eid}/requirements", tags=["requirements"],
           summary="Qualification requirements in force for a provision on a day")
    def requirements(key: str, eid: str, at: str | None = Query(None, description=DATE_DOC)) -> JSONResponse:
        from zangraph.graph.queries.requirements import requirements_at, requirements_json

        try:
            return _json(requirements_json(requirements_at(store, day(at), key, eid)))
        except ValueError as e:
            raise ApiError(400, "bad_request", str(e)) from None

    @r.get("/search", tags=["search"], summary="Provisions whose wording in force on a day has these words")
    def search(q: str = Query(..., min_length=1, max_length=500, description='Words (any form); "a phrase" in quotes'),
               at: str | None = Query(None, description=DATE_DOC + " Only wordings in force that day are searched."),
               lang: Literal["ru", "kk"] | None = Query(None, description="Language of the wordings (default: guessed "
                                                                          "from the letters of q)"),
               act: str | None = Query(None, max_length=200, description="Only this act's provisions (its key)"),
               in_force: bool = Query(False, description="Only provisions certainly in force that day"),
               limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=10_000)) -> JSONResponse:
        from zangraph.graph.queries.search import SearchError

        if svc.search is None:
            raise ApiError(503, "search_unavailable", "the search index is being built; try again in a moment"
                           if svc.search_building else "search is off on this server (no index beside the store)")
        if act is not None:
            Q.require_act(store, act)
        try:
            res = svc.search.search(q, day(at), lang, act, limit, offset, in_force, store=store)
        except SearchError as e:
            raise ApiError(400, "bad_query", str(e)) from None
        for h in res["hits"]:
            h["url"] = f"/acts/{h['key']}/provisions/{h['eId']}?at={res['at']}"
            h["page"] = f"/acts/{h['key']}?at={res['at']}#{h['eId']}"
        return _json(res)

    @r.get("/positions", tags=["requirements"], summary="Search positions by words, category, number")
    def positions(q: str | None = Query(None, max_length=200, description="Words of the title or unit, or part of a number"),
                  category: str | None = Query(None, max_length=10, examples=["C-3"]),
                  number: str | None = Query(None, max_length=40, examples=["01-1-1"]),
                  at: str | None = Query(None, description="Also give each position's status that day"),
                  limit: int = Query(50, ge=1, le=1000)) -> JSONResponse:
        from zangraph.graph.queries.requirements import positions as search

        d = day(at) if at else None
        rows = search(store, q, category, number, d, limit)
        return _json({"date": d.isoformat() if d else None, "positions": rows})

    @r.post("/eligibility", tags=["requirements"], summary="Does a candidate meet the requirements in force on a day?")
    def eligibility(req: EligibilityRequest) -> JSONResponse:
        from zangraph.graph.queries.check import eligibility as run
        from zangraph.graph.requirements.eligibility import CandidateError, candidate_from_json

        try:
            cand = candidate_from_json(req.candidate)
        except CandidateError as e:
            raise ApiError(400, "bad_candidate", str(e)) from None
        except (TypeError, ValueError) as e:
            raise ApiError(400, "bad_candidate", f"candidate: {e}") from None
        if req.position is None and (req.act is None or req.eId is None):
            raise ApiError(400, "bad_request", "give act and eId, or position")
        try:
            return _json(run(store, cand, day(req.at), req.act, req.eId, req.position))
        except Q.NotFound:
            raise
        except ValueError as e:
            raise ApiError(400, "bad_request", str(e)) from None

    @r.post("/validate", tags=["SHACL"], summary="Validate RDF against the data shapes (pyshacl)",
            openapi_extra={"requestBody": {"required": True, "content": {t: {"schema": {"type": "string"}} for t in RDF_IN}}})
    async def validate(request: Request) -> JSONResponse:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in RDF_IN:
            raise ApiError(415, "unsupported_media_type", f"Content-Type {ctype or '(none)'}: expected {', '.join(RDF_IN)}")
        body = await request.body()
        from starlette.concurrency import run_in_threadpool

        from .budget import run

        s = svc.settings
        return _json(await run_in_threadpool(run, _validate, (body, RDF_IN[ctype], ctype), s.validate_timeout,
                                             s.validate_memory, "validation"))

    @r.get("/shapes", tags=["SHACL"], summary="The SHACL data shapes (Turtle)",
           responses={200: {"content": {"text/turtle": {}}}})
    def data_shapes() -> Response:
        from zangraph.shapes import DATA_SHAPES

        return Response(DATA_SHAPES.read_bytes(), media_type="text/turtle; charset=utf-8")

    @r.get("/shapes/candidate", tags=["SHACL"], summary="Candidate shapes for the requirements in force (Turtle)",
           responses={200: {"content": {"text/turtle": {}}}})
    def candidate_shapes(act: str | None = None, eId: str | None = None, position: str | None = None,
                         at: str | None = Query(None, description=DATE_DOC)) -> Response:
        from zangraph.graph.queries.requirements import requirements_at
        from zangraph.graph.requirements.shapes import candidate_shapes as build

        if position is None and (act is None or eId is None):
            raise ApiError(400, "bad_request", "give act and eId, or position")
        try:
            req = requirements_at(store, day(at), act, eId, position)
        except Q.NotFound:
            raise
        except ValueError as e:
            raise ApiError(400, "bad_request", str(e)) from None
        if not req["sets"]:
            raise ApiError(404, "unknown", "no requirements in force that day with a known wording: "
                           + "; ".join(u["text"] for u in req["unknown"]))
        return Response(build(req["sets"], req["only_alternative"]).serialize(format="turtle"),
                        media_type="text/turtle; charset=utf-8")

    @r.get("/ontology", tags=["vocabulary"], summary="The zangraph ontology (Turtle, or JSON-LD by Accept)",
           responses={200: {"content": {"text/turtle": {}, "application/ld+json": {}}}})
    def ontology(request: Request) -> Response:
        from zangraph.ontology import TTL_PATH

        if "application/ld+json" in request.headers.get("accept", ""):
            from rdflib import Graph

            g = Graph().parse(TTL_PATH, format="turtle")
            return Response(g.serialize(format="json-ld"), media_type="application/ld+json")
        return Response(TTL_PATH.read_bytes(), media_type="text/turtle; charset=utf-8")

    return r


def _validate(body: bytes, fmt: str, ctype: str) -> dict:
    from zangraph.graph.rdf.rdfin import RdfError, read_graph
    from zangraph.graph.rdf.validate import pyshacl_report

    try:
        union = read_graph(body, fmt)
    except RdfError as e:
        raise ApiError(400, "invalid_rdf", f"{ctype}: {e}") from None
    conforms, results, report = pyshacl_report(union)
    return {"conforms": conforms, "triples": len(union),
            "violations": sum(1 for x in results if x.severity == "Violation"),
            "warnings": sum(1 for x in results if x.severity != "Violation"),
            "results": [x.as_dict() for x in results], "turtle": report.serialize(format="turtle")}
