""""As known on": an act's answers from the sources known on a day only.

Every source graph has a knowledge date (``zg:knownOn``; ``model.Act.knowledge_date``): the
day the official database is known to have said what that text says. ``view(store, key, T)``
is a small in-memory store holding only the texts of act ``key`` and of the acts amending it
whose knowledge date is on or before ``T``, with the consolidation recomputed from them
alone — "what did the database say on T about day X" is then the ordinary point-in-time
question asked of that store (``query.provision_at``, ``act_at``, ``history`` unchanged).

The consolidation is recomputed with the default settings (publication lag) plus the
publication dates the store records; one view is built per distinct set of known sources
and memoised, so every day T between two knowledge dates costs one build.
"""

from __future__ import annotations

from datetime import date

from pyoxigraph import RdfFormat

from ..consolidation.consolidate import consolidate
from ..model import ActRef
from ..rdf.mapping import consolidated_nquads, source_nquads
from ..store.graphstore import GraphStore
from ..time.temporal import Settings
from .query import NotFound, require_act


def view(store: GraphStore, key: str, on: date, settings: Settings | None = None) -> GraphStore:
    """An in-memory store answering about act ``key`` from the sources known on ``on``.
    ``NotFound`` when no text of the act was known that day."""
    require_act(store, key)
    ref = ActRef.from_key(key)
    every = store._parsed_sources(exclude=set(), refs={ref})
    known = {g: a for g, a in every.items() if a.knowledge_date() <= on}
    own = [a for a in known.values() if a.ref == ref]
    if not own:
        mine = sorted(a.knowledge_date() for a in every.values() if a.ref == ref)
        first = f"; the earliest text of it in the store is known from {mine[0]}" if mine else ""
        raise NotFound(f"no text of act {key} in the store was known on {on.isoformat()}{first}")

    def build() -> GraphStore:
        mem = GraphStore(None, base=store.base)
        amending = [a for a in known.values() if any(i.target.ref == ref for i in a.instructions)]
        c = consolidate(ref, own, amending, settings or Settings(), {a.ref.key for a in known.values()})
        lines = [q for a in known.values() for q in source_nquads(a, store.base)]
        lines += consolidated_nquads(c, settings or Settings(), store.base)
        mem.store.load(input="".join(lines).encode("utf-8"), format=RdfFormat.N_QUADS)
        mem.known_graphs = sorted(known)
        return mem

    return store.memo(("as-known", key, frozenset(known)), build)


def graphs_of(mem: GraphStore) -> list[str]:
    """The source graphs a view was built from (for the answer's ``as_known.sources``)."""
    return list(getattr(mem, "known_graphs", []))

