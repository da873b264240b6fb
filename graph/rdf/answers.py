"""A materialised view of what a point-in-time question on one provision reads (``zg:answerData``).

Reads: one act's consolidation (``consolidation.consolidate.Consolidated``), as
``rdf.mapping.consolidated_nquads`` writes it. Writes: per provision, a JSON document — its
versions as ``queries.query.provisions_of`` reads them from the facts (interval, whether the
wording is known and in which languages, the introducing and ending events, the redaction
each wording is cited from, ``_cite``), without the wordings themselves (they stay on the
version, ``zg:text``: one look-up reads them when an answer needs them), and the act's
suspensions that cover the provision. ``consolidated_nquads`` puts it on the provision's
node in the act's consolidation graph.

Why: the first question on a provision read ~25 facts (its properties, each version's,
each event's and amending act's, ~8 per redaction cited, the act's suspensions), each a
random read at national size; with this document it reads two (issue 17: "within 2× of
reading the provision's IRI directly").

Guarantees: the document says what the facts say — ``tests/test_answer_data.py`` asks every
provision of corpus-dev, the bundled corpus and the samples, at every day that matters to
it, both ways, and compares the answers; it lives in the graph of the facts it summarises,
so every re-consolidation of the act replaces both. It is a view, never the source of
truth: after a SPARQL Update (which may change any fact) the store says ``zg:answersStale``
and the queries read the facts.
"""

from __future__ import annotations

import json
from collections.abc import Callable

LANGUAGE_ORDER = {"ru": 0, "kk": 1}  # an act's languages, Russian first (a text's default language)


def languages(langs) -> list[str]:
    return sorted(langs, key=lambda x: (LANGUAGE_ORDER.get(x, 9), x))


def answer_data(c, eid: str, a_iri: str, version_iri: Callable, event_iri: Callable, graph_of: Callable,
                act_iri: Callable) -> str:
    """The document of provision ``eid`` of consolidation ``c`` (module docstring), as JSON.
    ``version_iri(segment)``, ``event_iri(event)``, ``graph_of(redaction)``, ``act_iri(ref)``:
    the IRIs ``consolidated_nquads`` gives them."""
    versions: dict[str, dict] = {}
    for seg in c.chains[eid]:
        if seg.start is None:
            continue  # no validFrom written: the facts have no such version either
        vs = version_iri(seg)
        if vs in versions:
            continue
        intro = {"act": c.ref.key, "operation": "enactment", "event": a_iri} if seg.intro is None else \
            {"act": seg.intro.amending.ref.key, "operation": seg.intro.operation, "event": event_iri(seg.intro)}
        ended = None
        if seg.ended_by is not None:
            ended = {"event": event_iri(seg.ended_by), "operation": seg.ended_by.operation}
        elif seg.ended_by_act is not None:
            ended = {"event": act_iri(seg.ended_by_act.ref), "operation": "act repealed"}
        infos: dict[str, dict] = {}
        for _lang, reds in sorted(seg.origins.items()):
            for red in reds:
                g = graph_of(red)
                infos.setdefault(g, _source(g, red))
        by_lang: dict[str, dict] = {}
        for i in sorted(infos.values(), key=lambda i: (i["redaction_date"] or "", i["graph"])):
            by_lang[i["language"]] = i  # the newest redaction giving the wording is the one cited
        langs = languages(seg.texts)
        versions[vs] = {
            "version": vs, "valid_from": seg.start.earliest.isoformat(), "valid_from_latest": _day(seg.start.latest),
            "valid_until": _day(seg.end.earliest) if seg.end else None,
            "valid_until_latest": _day(seg.end.latest) if seg.end else None,
            "text_known": bool(seg.texts), "texts": langs, "introduced_by": intro, "ended_by": ended,
            "sources": {lang: by_lang.get(lang) or {
                "computed": True, "from_instruction_of": intro["act"],
                "note": "no saved redaction gives this wording: it was computed from the amending act's instruction"}
                for lang in langs},
        }
    suspensions = []
    for sp in c.suspensions:
        if not (sp.eid == "" or eid == sp.eid or eid.startswith(sp.eid + "__")):
            continue
        row = {"eId": sp.eid or "", "from": sp.when.earliest.isoformat(), "from_latest": _day(sp.when.latest),
               "until": _day(sp.until), "by": sp.suspending.ref.key,
               "event": f"{act_iri(sp.suspending.ref)}/suspends/{c.ref.path.split('eli/', 1)[1]}/{sp.eid or 'act'}"}
        if row not in suspensions:
            suspensions.append(row)
    doc = {"versions": sorted(versions.values(), key=lambda v: v["valid_from"]), "suspensions": suspensions}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def _source(graph: str, red) -> dict:
    """What ``queries.query.source_info`` reads of a redaction's graph, from the redaction."""
    return {"graph": graph, "language": red.language, "redaction_date": _day(red.version_date), "file": red.source,
            "commit": red.commit or None, "portal_url": red.portal_url or None,
            "known_on": red.knowledge_date().isoformat(), "format": red.origin}


def _day(d) -> str | None:
    return d.isoformat() if d is not None else None
