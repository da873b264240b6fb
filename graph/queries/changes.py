"""What one amending act changed, provision by provision (the MCP ``changes`` tool, issue 19).

Reads the amendment events whose amending act is the act asked (``zg:amendingAct``, anchored
on the act's IRI): target act and provision, operation, the day it takes effect. For each it
gives the wording the day before and on the day it takes effect, with a word diff — or, when
either wording is not in the sources, says so (``graph.queries.query.provision_diff``), never a diff
against a guess. A date of effect that depends on an unknown publication day is compared
across its whole window (the day before the earliest, the latest day).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..model import ActRef
from ..rdf.mapping import act_iri
from ..store.graphstore import GraphStore
from .query import OP_NAMES, PREFIXES, NotFound, provision_at, provision_diff


def events_of(store: GraphStore, key: str) -> list[dict]:
    """The amendment events an act makes on other acts (and on itself), in order of effect."""
    a = act_iri(ActRef.from_key(key), store.base)
    q = PREFIXES + f"""SELECT DISTINCT ?e ?tk ?p ?op ?from ?fromL WHERE {{
      ?e zg:amendingAct <{a}> ; zg:targetAct ?t ; zg:effectiveFrom ?from . ?t zg:key ?tk .
      OPTIONAL {{ ?e zg:target ?p }} OPTIONAL {{ ?e zg:operation ?op }} OPTIONAL {{ ?e zg:effectiveFromLatest ?fromL }} }}"""
    out = []
    for r in store.query(q):
        tk = r["tk"].value
        p = r["p"].value if r["p"] is not None else None
        prefix = act_iri(ActRef.from_key(tk), store.base) + "/"
        op = r["op"].value.rsplit("#", 1)[-1] if r["op"] is not None else None
        out.append({"event": r["e"].value, "target_act": tk,
                    "eId": p[len(prefix):] if p and p.startswith(prefix) else None,
                    "operation": OP_NAMES.get(op, op), "effective_from": r["from"].value,
                    "effective_from_latest": r["fromL"].value if r["fromL"] is not None else None})
    return sorted(out, key=lambda e: (e["effective_from"], e["target_act"], e["eId"] or ""))


def changes(store: GraphStore, key: str, lang: str | None = None, start: int = 0, limit: int = 50) -> dict:
    """``events_of`` with, for each provision, its wordings before and after and their word diff."""
    try:
        ActRef.from_key(key)
    except ValueError as e:
        raise NotFound(f"not an act key {key!r}: {e}") from None
    events = events_of(store, key)
    out = []
    for ev in events[start:start + limit]:
        item = dict(ev)
        if ev["eId"]:
            before = date.fromisoformat(ev["effective_from"]) - timedelta(days=1)
            after = date.fromisoformat(ev["effective_from_latest"] or ev["effective_from"])
            try:
                d = provision_diff(store, ev["target_act"], ev["eId"], before, after, lang)
                item.update(before=d["from"], after=d["to"], diff=d["diff"], reason=d["reason"],
                            text_after=provision_at(store, ev["target_act"], ev["eId"], after, lang)["text"])
            except NotFound as e:  # the target act's text is not in the store: the event is all that is known
                item.update(diff=None, reason=f"the target's text is not in the store ({e})")
        out.append(item)
    return {"act": key, "total": len(events), "start": start, "changes": out}
