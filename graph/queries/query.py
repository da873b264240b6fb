"""Point-in-time questions over the store, in standard SPARQL 1.1 plus Python.

``provision_at`` answers with the object of DESIGN §6: ``status``, ``text``,
``text_known``, ``valid_from``, ``valid_from_latest``, ``valid_until``,
``introduced_by``, ``version`` (plus ``reason`` when something is not known).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date, timedelta
from itertools import islice

from ..rdf.answers import languages
from ..rdf.terms import literal
from ..store.graphstore import GraphStore
from ..time.temporal import StoredVersion, candidates_at, status_at

PREFIXES = """PREFIX zg: <https://w3id.org/zangraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
OP_NAMES = {
    "Substitution": "substitution", "Insertion": "insertion", "Repeal": "repeal",
    "Change": "change", "WordReplacement": "word_replacement", "Renumbering": "renumbering",
}


class NotFound(LookupError):
    """An unknown act key or eId; the message lists close matches (also in ``close``)."""

    def __init__(self, message: str, close: list[str] | None = None):
        super().__init__(message)
        self.close = list(close or [])


_lit = literal  # the one escaping function (graph.rdf.terms)


def _v(term):
    return None if term is None else term.value


def act_keys(store: GraphStore, in_corpus_only: bool = False) -> list[str]:
    """Every act key of the store (``in_corpus_only``: of the acts whose text is stored), sorted;
    memoised. On the embedded store by index look-ups (the acts with a text, then each one's
    key): the SPARQL join took 12 s at 10 000 acts, and every server start waits for it."""
    q = PREFIXES + "SELECT DISTINCT ?k WHERE { ?a zg:key ?k " + (". ?a zg:textInCorpus true" if in_corpus_only else "") + "} ORDER BY ?k"

    def direct() -> list[str]:
        from pyoxigraph import NamedNode

        st, key = store.store, NamedNode(ZG_NS + "key")
        if not in_corpus_only:
            return sorted({q.object.value for q in st.quads_for_pattern(None, key, None, None)})
        acts = {q.subject for q in st.quads_for_pattern(None, NamedNode(ZG_NS + "textInCorpus"), None, None)
                if q.object.value == "true"}
        out = set()
        for a in acts:  # an act's key is the same in every graph that names it: the first one is enough
            out.update(q.object.value for q in islice(st.quads_for_pattern(a, key, None, None), 1))
        return sorted(out)
    return store.memo(("keys", in_corpus_only), (lambda: [s["k"].value for s in store.query(q)]) if store.remote else direct,
                      pin=True)




def acts(store: GraphStore) -> list[dict]:
    """The acts whose text is stored, with kind, date, number, titles by language, the
    languages of their texts and their validity; sorted by key. On the embedded store by
    look-ups on each act's IRI (~10 look-ups an act; ~1 minute at 50 000 acts): the SPARQL
    join (``_acts_by_query``) multiplies every fact by the graphs repeating it (sources in two
    languages, the consolidation): 11 s for 44 acts, over 12 minutes and 8 GB at 50 000."""
    if store.remote:
        return _acts_by_query(store)
    from pyoxigraph import NamedNode

    st = store.store
    in_corpus = {q.subject for q in st.quads_for_pattern(None, NamedNode(ZG_NS + "textInCorpus"), None, None)
                 if q.object.value == "true"}
    return sorted(filter(None, (_act_entry(st, a) for a in in_corpus)), key=lambda r: r["key"])


def acts_by_key(store: GraphStore) -> dict[str, dict]:
    """``acts`` as a dict by key, memoised (the lists of the home page and ``/api/acts``)."""
    return store.memo("acts-meta", lambda: {a["key"]: a for a in acts(store)}, pin=True)


def act_info(store: GraphStore, key: str) -> dict | None:
    """Act ``key``'s entry of ``acts``, or None when its text is not stored (an unknown key, an
    act known from references only); memoised. Look-ups on the act's IRI only."""
    def look() -> dict | None:
        from pyoxigraph import NamedNode

        from ..model import ActRef
        from ..rdf.mapping import act_iri

        try:
            a = NamedNode(act_iri(ActRef.from_key(key), store.base))
        except ValueError:
            return None
        if store.remote:
            return next((r for r in _acts_by_query(store, a) if r["key"] == key), None)
        st = store.store
        if not any(q.object.value == "true" for q in st.quads_for_pattern(a, NamedNode(ZG_NS + "textInCorpus"), None, None)):
            return None
        entry = _act_entry(st, a)
        return entry if entry is not None and entry["key"] == key else None
    return store.memo(("act-info", key), look)


def _act_entry(st, a) -> dict | None:
    """The entry of ``acts`` for act node ``a`` of pyoxigraph store ``st``; None when a fact the
    entry needs (key, kind, date, number, a language) is missing — as the join would."""
    from pyoxigraph import NamedNode

    def values(ns: str, name: str) -> list:
        return [q.object for q in st.quads_for_pattern(a, NamedNode(ns + name), None, None)]

    def first(ns: str, name: str):
        return next((q.object for q in st.quads_for_pattern(a, NamedNode(ns + name), None, None)), None)

    key, kind, date_, num = first(ZG_NS, "key"), first(ZG_NS, "kind"), first(ELI_NS, "date_document"), first(ELI_NS, "number")
    langs = languages({v.value for v in values(ZG_NS, "language")})
    if key is None or kind is None or date_ is None or num is None or not langs:
        return None
    titles: dict[str, str] = {}
    for t in values(ELI_NS, "title"):
        titles.setdefault(t.language, t.value)
    return {"key": key.value, "kind": kind.value, "date": date_.value, "number": num.value, "title": titles,
            "languages": langs, "valid_from": _v(first(ZG_NS, "validFrom")), "valid_until": _v(first(ZG_NS, "validUntil"))}


def _acts_by_query(store: GraphStore, act=None) -> list[dict]:
    """``acts`` by one SPARQL query (a remote store), or the entry of one act node ``act``."""
    one = f"VALUES ?a {{ {act} }}" if act is not None else ""
    q = PREFIXES + """SELECT ?k ?kind ?date ?num ?title ?lang ?from ?until WHERE { """ + one + """
      ?a zg:key ?k ; zg:kind ?kind ; eli:date_document ?date ; eli:number ?num ; zg:textInCorpus true ;
         zg:language ?lang .
      OPTIONAL { ?a eli:title ?title } OPTIONAL { ?a zg:validFrom ?from } OPTIONAL { ?a zg:validUntil ?until }
    } ORDER BY ?k"""
    out: dict[str, dict] = {}
    for s in store.query(q):
        k = s["k"].value
        row = out.setdefault(k, {"key": k, "kind": s["kind"].value, "date": s["date"].value,
                                 "number": s["num"].value, "title": {}, "languages": [],
                                 "valid_from": _v(s["from"]), "valid_until": _v(s["until"])})
        if s["title"] is not None:
            row["title"][s["title"].language] = s["title"].value
        if s["lang"].value not in row["languages"]:
            row["languages"].append(s["lang"].value)
            row["languages"] = languages(row["languages"])
    return list(out.values())


def act_count(store: GraphStore) -> int:
    """How many acts have their text in the store; memoised. Counted on the index, no string
    decoded: 0.1 s at 50 000 acts, where listing their keys (``act_keys``) takes 10 s with a
    warm cache and minutes with a cold one (every key a random read)."""
    q = PREFIXES + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a zg:textInCorpus true }"
    return store.memo("act-count", lambda: int(next(iter(store.query(q)))["n"].value), pin=True)


def has_act(store: GraphStore, key: str) -> bool:
    """Whether ``key`` is the key of an act the store names (its text stored or only cited);
    memoised when true (unknown keys, which anyone can send, fill no memory). One look-up on
    the act's IRI: a first question no longer waits for the list of every key (5 s at 50 000
    acts, again after every write)."""
    def look() -> bool:
        from pyoxigraph import Literal, NamedNode

        from ..model import ActRef
        from ..rdf.mapping import act_iri

        try:
            a = NamedNode(act_iri(ActRef.from_key(key), store.base))
        except ValueError:  # not the shape of a key, or not a possible IRI: no such act
            return False
        if store.remote:
            return bool(store.query(PREFIXES + f"ASK {{ {a} zg:key {_lit(key)} }}"))
        return next(iter(store.store.quads_for_pattern(a, NamedNode(ZG_NS + "key"), Literal(key), None)),
                    None) is not None
    if store.cached(("has-act", key)):
        return True
    found = look()
    if found:
        store.memo(("has-act", key), lambda: True)
    return found


def require_act(store: GraphStore, key: str) -> None:
    if has_act(store, key):
        return
    keys = act_keys(store)  # only to name close matches
    close = difflib.get_close_matches(key, keys, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `zangraph acts` lists them"
    raise NotFound(f"unknown act key {key!r}{hint}", close)


def _anchor(store: GraphStore, key: str, eid: str | None) -> tuple[str, str] | None:
    """The act's IRI and the provision's (the act IRI + "/" + eId) as query terms, or None when
    the key is not an act key or the eId cannot be part of an IRI (then there is no such provision)."""
    from ..model import ActRef
    from ..rdf.mapping import act_iri
    from ..rdf.terms import iri

    try:
        a = act_iri(ActRef.from_key(key), store.base)
        return iri(a), (iri(f"{a}/{eid}") if eid is not None else "?p")
    except ValueError:
        return None


def _rows(store: GraphStore, key: str, eid: str | None) -> list:
    """The provisions of an act (or one provision) and their versions, as rows of terms.

    Anchored on IRIs (issue 17, item 2): the act's IRI and, for one provision, the provision's
    own IRI — never a pattern that starts from an eId or key literal, which matches that literal
    in every act of the store and grows with it. One provision of the embedded store is read by
    direct look-ups on its IRI (``_rows_direct``, several times faster than the SPARQL below, which
    is faster for a whole act of thousands of provisions); a remote store always by the SPARQL,
    standard 1.1, which gives the same rows (checked act by act on the bundled and a synthetic
    store; where a provision has headings in two languages, either may come first in both)."""
    if eid is not None and not store.remote:
        return _rows_direct(store, key, eid)
    anchor = _anchor(store, key, eid)
    if anchor is None:
        return []
    a, p = anchor
    bind = f"BIND({p} AS ?p) BIND({_lit(eid)} AS ?eid)" if eid is not None else "?p zg:eId ?eid ."
    names = ["p", "eid", "kind", "order", "num", "heading"]
    q = PREFIXES + f"""SELECT ?p ?eid ?kind ?order ?num ?heading WHERE {{
      {p} zg:act {a} ; zg:provisionKind ?kind ; zg:order ?order . {bind}
      OPTIONAL {{ {p} zg:number ?num }} OPTIONAL {{ {p} zg:heading ?heading }} }}"""
    provs = {}
    for r in store.query(q):
        provs.setdefault(r["p"].value, {n: r[n] for n in names})
    vnames = ["v", "from", "fromL", "until", "untilL", "known", "text", "intro", "introKey", "op", "selfKey", "ended",
              "endOp", "endAct", "wf"]
    head = f"BIND({p} AS ?p) ?v zg:versionOf {p} ;" if eid is not None else f"?p zg:act {a} . ?v zg:versionOf ?p ;"
    q = PREFIXES + f"""SELECT ?p {" ".join("?" + n for n in vnames)} WHERE {{
      {head} zg:validFrom ?from ; zg:textKnown ?known .
      OPTIONAL {{ ?v zg:validFromLatest ?fromL }} OPTIONAL {{ ?v zg:validUntil ?until }}
      OPTIONAL {{ ?v zg:validUntilLatest ?untilL }} OPTIONAL {{ ?v zg:text ?text }} OPTIONAL {{ ?v zg:wordingFrom ?wf }}
      OPTIONAL {{ ?v zg:introducedBy ?intro .
        OPTIONAL {{ ?intro zg:amendingAct/zg:key ?introKey }} OPTIONAL {{ ?intro zg:operation ?op }}
        OPTIONAL {{ ?intro zg:key ?selfKey }} }}
      OPTIONAL {{ ?v zg:endedBy ?ended . OPTIONAL {{ ?ended zg:operation ?endOp }}
        OPTIONAL {{ ?ended zg:key ?endAct }} }}
    }}"""
    rows, seen = [], set()
    for r in store.query(q):
        base = provs.get(r["p"].value)
        if base is None:
            continue
        seen.add(r["p"].value)
        rows.append({**base, **{n: r[n] for n in vnames}})
    rows += [{**base, **{n: None for n in vnames}} for p, base in provs.items() if p not in seen]
    return rows


_VNAMES = ["v", "from", "fromL", "until", "untilL", "known", "text", "intro", "introKey", "op", "selfKey", "ended",
           "endOp", "endAct", "wf"]


def _rows_direct(store: GraphStore, key: str, eid: str | None) -> list:
    """``_rows`` on the embedded store by quad look-ups anchored on the act's and provisions' IRIs."""
    from itertools import product

    from pyoxigraph import Literal, NamedNode

    from ..model import ActRef
    from ..rdf.mapping import act_iri

    try:
        a = act_iri(ActRef.from_key(key), store.base)
    except ValueError:
        return []
    st = store.store
    n = {t: NamedNode(f"https://w3id.org/zangraph/ontology#{t}") for t in (
        "act", "eId", "provisionKind", "order", "number", "heading", "versionOf", "validFrom", "validFromLatest",
        "validUntil", "validUntilLatest", "textKnown", "text", "wordingFrom", "introducedBy", "amendingAct",
        "operation", "key", "endedBy")}

    def props(s, names: tuple[str, ...]) -> dict[str, list]:
        # one look-up per property asked: a provision's node also carries, in every source
        # graph, what that source says of it — reading all of it was most of the time
        out: dict[str, list] = {}
        for name in names:
            for q in st.quads_for_pattern(s, n[name], None, None):
                vals = out.setdefault(name, [])
                if q.object not in vals:
                    vals.append(q.object)
        return out

    names = {t.value: k for k, t in n.items()}

    def every_prop(s) -> dict[str, list]:
        # a version node is stated in its act's consolidation graph only: all of it in one look-up
        out: dict[str, list] = {}
        for q in st.quads_for_pattern(s, None, None, None):
            name = names.get(q.predicate.value)
            if name is not None:
                vals = out.setdefault(name, [])
                if q.object not in vals:
                    vals.append(q.object)
        return out

    def one(d: dict, name: str):
        vals = d.get(name)
        return vals[0] if vals else None

    act = NamedNode(a)
    if eid is not None:
        if any(c in eid for c in ' <>"{}|^`\\') or not eid:
            return []
        try:
            nodes = [NamedNode(f"{a}/{eid}")]
        except ValueError:  # not an IRI (a control character): no such provision
            return []
    else:
        nodes = list(dict.fromkeys(q.subject for q in st.quads_for_pattern(None, n["act"], act, None)))
    rows = []
    for p in nodes:
        pp = props(p, ("act", "provisionKind", "order", "eId", "number", "heading"))
        if act not in pp.get("act", ()) or not pp.get("provisionKind") or not pp.get("order"):
            continue
        base = {"p": p, "eid": Literal(eid) if eid is not None else one(pp, "eId"), "kind": one(pp, "provisionKind"),
                "order": one(pp, "order"), "num": one(pp, "number"), "heading": one(pp, "heading")}
        if base["eid"] is None:
            continue
        versions = list(dict.fromkeys(q.subject for q in st.quads_for_pattern(None, n["versionOf"], p, None)))
        mine = []
        for v in versions:
            vp = every_prop(v)
            if not vp.get("validFrom") or not vp.get("textKnown"):
                continue
            intro, ended = one(vp, "introducedBy"), one(vp, "endedBy")
            ip = props(intro, ("amendingAct", "operation", "key")) if intro is not None else {}
            ep = props(ended, ("operation", "key")) if ended is not None else {}
            amending = one(ip, "amendingAct")
            row = {"v": v, "from": one(vp, "validFrom"), "fromL": one(vp, "validFromLatest"),
                   "until": one(vp, "validUntil"), "untilL": one(vp, "validUntilLatest"), "known": one(vp, "textKnown"),
                   "intro": intro, "introKey": one(props(amending, ("key",)), "key") if amending is not None else None,
                   "op": one(ip, "operation"), "selfKey": one(ip, "key"), "ended": ended,
                   "endOp": one(ep, "operation"), "endAct": one(ep, "key")}
            for text, wf in product(vp.get("text") or [None], vp.get("wordingFrom") or [None]):
                mine.append({**base, **row, "text": text, "wf": wf})
        rows += mine or [{**base, **{k: None for k in _VNAMES}}]
    return rows


def _collect(rows) -> dict[str, dict]:
    provs: dict[str, dict] = {}
    for s in rows:
        eid = s["eid"].value
        p = provs.setdefault(eid, {"eId": eid, "kind": s["kind"].value, "order": int(s["order"].value),
                                   "number": _v(s["num"]), "heading": _v(s["heading"]), "versions": {}})
        if s["v"] is None:
            continue
        v = p["versions"].setdefault(s["v"].value, {
            "version": s["v"].value,
            "valid_from": s["from"].value, "valid_from_latest": _v(s["fromL"]),
            "valid_until": _v(s["until"]), "valid_until_latest": _v(s["untilL"]),
            "text_known": s["known"].value == "true", "texts": {},
            "introduced_by": None, "ended_by": None, "wording_from": [],
        })
        if s["text"] is not None:
            v["texts"][s["text"].language] = s["text"].value
        if s["wf"] is not None and s["wf"].value not in v["wording_from"]:
            v["wording_from"].append(s["wf"].value)
        if s["intro"] is not None and v["introduced_by"] is None:
            if s["selfKey"] is not None:
                v["introduced_by"] = {"act": s["selfKey"].value, "operation": "enactment", "event": s["intro"].value}
            else:
                op = s["op"].value.rsplit("#", 1)[-1] if s["op"] is not None else None
                v["introduced_by"] = {"act": _v(s["introKey"]), "operation": OP_NAMES.get(op, op), "event": s["intro"].value}
        if s["ended"] is not None and v["ended_by"] is None:
            op = s["endOp"].value.rsplit("#", 1)[-1] if s["endOp"] is not None else None
            v["ended_by"] = {"event": s["ended"].value, "operation": "act repealed" if s["endAct"] is not None else OP_NAMES.get(op, op)}
    for p in provs.values():
        for v in p["versions"].values():  # Russian first, whatever order the store gives them in
            v["texts"] = {lang: v["texts"][lang] for lang in languages(v["texts"])}
        p["versions"] = sorted(p["versions"].values(), key=lambda v: v["valid_from"])
    return provs


def source_info(store: GraphStore, graph: str) -> dict | None:
    """What a citation of one source (one redaction's named graph) says: its language, the
    day it is the wording of, its file, its commit (a git redaction), the portal address,
    its knowledge date. None when the store has no such graph. Memoised."""
    if not _IRI_RE.fullmatch(graph):
        return None  # never spliced into a query

    def direct() -> dict | None:  # the embedded store: look-ups on the graph's IRI, inside that graph
        from pyoxigraph import NamedNode

        g, st = NamedNode(graph), store.store

        def first(s, name: str):
            for q in st.quads_for_pattern(s, NamedNode(ZG_NS + name), None, g):
                return q.object.value
            return None
        lang = first(None, "language")
        if lang is None:
            return None
        return {"graph": graph, "language": lang, "redaction_date": first(g, "versionDate"), "file": first(g, "sourceFile"),
                "commit": first(g, "commit"), "portal_url": first(g, "portalUrl"), "known_on": first(g, "knownOn"),
                "format": first(g, "sourceFormat")}

    def read() -> dict | None:
        q = PREFIXES + f"""SELECT ?lang ?day ?file ?commit ?url ?known ?fmt WHERE {{ GRAPH <{graph}> {{
          ?a zg:language ?lang . OPTIONAL {{ <{graph}> zg:versionDate ?day }} OPTIONAL {{ <{graph}> zg:sourceFile ?file }}
          OPTIONAL {{ <{graph}> zg:commit ?commit }} OPTIONAL {{ <{graph}> zg:portalUrl ?url }}
          OPTIONAL {{ <{graph}> zg:knownOn ?known }} OPTIONAL {{ <{graph}> zg:sourceFormat ?fmt }} }} }} LIMIT 1"""
        for r in store.query(q):
            return {"graph": graph, "language": r["lang"].value, "redaction_date": _v(r["day"]),
                    "file": _v(r["file"]), "commit": _v(r["commit"]), "portal_url": _v(r["url"]),
                    "known_on": _v(r["known"]), "format": _v(r["fmt"])}
        return None
    return store.memo(("source", graph), read if store.remote else direct)


_IRI_RE = re.compile(r"https?://[^\s<>\"{}|^`\\]+")
ZG_NS = "https://w3id.org/zangraph/ontology#"
ELI_NS = "http://data.europa.eu/eli/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def source_text(store: GraphStore, graph: str) -> str | None:
    """The text a source graph was read from, as stored (a kazakhstan-law text: the Markdown,
    without the metadata kept after it)."""
    from ..reading.kzlaw import META_SEPARATOR

    if not _IRI_RE.fullmatch(graph):
        return None
    q = PREFIXES + f"SELECT ?raw WHERE {{ GRAPH <{graph}> {{ <{graph}> zg:rawSource ?raw }} }} LIMIT 1"
    for r in store.query(q):
        return r["raw"].value.partition(META_SEPARATOR)[0]
    return None


def _cite(store: GraphStore, provs: dict[str, dict]) -> dict[str, dict]:
    """Each version's ``sources``: language → the redaction its wording comes from
    (``source_info``), or a note that it was computed from the amending act's instruction."""
    for p in provs.values():
        for v in p["versions"]:
            infos = [i for g in v.pop("wording_from", ()) if (i := source_info(store, g)) is not None]
            by_lang: dict[str, dict] = {}
            for i in sorted(infos, key=lambda i: (i["redaction_date"] or "", i["graph"])):
                by_lang[i["language"]] = i  # the newest redaction giving the wording is the one cited
            intro = (v.get("introduced_by") or {}).get("act")
            v["sources"] = {lang: by_lang.get(lang) or {
                "computed": True, "from_instruction_of": intro,
                "note": "no saved redaction gives this wording: it was computed from the amending act's instruction"}
                for lang in v["texts"]}
    return provs


def _stored(v: dict) -> StoredVersion:
    dt = lambda x: date.fromisoformat(x) if x else None  # noqa: E731
    intro, end = v["introduced_by"] or {}, v["ended_by"] or {}
    return StoredVersion(v["version"], dt(v["valid_from"]), dt(v["valid_from_latest"]), dt(v["valid_until"]),
                         dt(v["valid_until_latest"]), v["text_known"], intro.get("operation") == "insertion",
                         bool(end) or v["valid_until"] is not None)  # a last version that ends: the provision ceased


def provisions_of(store: GraphStore, key: str, eid: str | None = None) -> dict[str, dict]:
    """An act's provisions with all their versions (or one provision's), memoised per store state."""
    whole = store.cached(("act", key)) if eid is not None else None
    if whole is not None:
        return {eid: whole[eid]} if eid in whole else {}
    if eid is None:
        return store.memo(("act", key), lambda: _cite(store, _collect(_rows(store, key, None))))
    return store.memo(("provision", key, eid), lambda: _cite(store, _collect(_rows(store, key, eid))))


def answers_trusted(store: GraphStore) -> bool:
    """Whether the answer documents (``zg:answerData``) may be read: not after a SPARQL Update
    (``GraphStore.update`` says ``zg:answersStale``). Embedded store only: a SPARQL service
    is asked the facts."""
    if store.remote:
        return False

    def look() -> bool:
        from pyoxigraph import NamedNode

        g = NamedNode(store.stale_graph)
        return next(store.store.quads_for_pattern(g, NamedNode(ZG_NS + "answersStale"), None, g), None) is None
    return store.memo("answers-trusted", look, pin=True)


class _Texts(Mapping):
    """A version's wordings by language, read from the store the first time one is asked for
    (an answer needs the wording of one version; its languages are known without it)."""

    def __init__(self, oxigraph, version: str, graph: str, langs: list[str]):
        # the pyoxigraph store, not the GraphStore: this is kept in the GraphStore's memo, and a
        # cycle back to it would keep the store (and its lock) open until the garbage collector ran
        self._st, self._version, self._graph, self._langs, self._texts = oxigraph, version, graph, langs, None

    def _load(self) -> dict[str, str]:
        if self._texts is None:
            from pyoxigraph import NamedNode

            got = {q.object.language: q.object.value for q in self._st.quads_for_pattern(
                NamedNode(self._version), NamedNode(ZG_NS + "text"), None, NamedNode(self._graph))}
            self._texts = {lang: got[lang] for lang in self._langs if lang in got}
        return self._texts

    def __getitem__(self, lang: str) -> str:
        if lang not in self._langs:
            raise KeyError(lang)
        return self._load()[lang]

    def __contains__(self, lang) -> bool:
        return lang in self._langs

    def __iter__(self):
        return iter(self._langs)

    def __len__(self) -> int:
        return len(self._langs)


def answer_data(store: GraphStore, key: str, eid: str) -> tuple[dict, list[dict]] | None:
    """(the provision as ``provisions_of`` gives it — eId and versions —, the suspensions
    covering it) from its answer document, or None: no document (an unknown act or provision,
    a store written before documents existed) or one that cannot be trusted (``answers_trusted``)."""
    if not answers_trusted(store):
        return None

    def read():
        import json

        from pyoxigraph import NamedNode

        from ..model import ActRef
        from ..rdf.mapping import act_iri, consolidated_iri

        try:
            ref = ActRef.from_key(key)
            graph = consolidated_iri(ref, store.base)
            node = NamedNode(f"{act_iri(ref, store.base)}/{eid}")
        except ValueError:
            return None
        q = next(store.store.quads_for_pattern(node, NamedNode(ZG_NS + "answerData"), None, NamedNode(graph)), None)
        if q is None:
            return None
        doc = json.loads(q.object.value)
        for v in doc["versions"]:
            v["texts"] = _Texts(store.store, v["version"], graph, v["texts"])
        return {"eId": eid, "versions": doc["versions"]}, doc["suspensions"]
    got = store.cached(("answer-data", key, eid))
    if got is not None:
        return got
    got = read()
    if got is not None:  # absent ones (anyone can ask for any eId) fill no memory
        store.memo(("answer-data", key, eid), lambda: got)
    return got


def suspensions_of(store: GraphStore, key: str) -> list[dict]:
    """Every suspension of the act or one of its provisions (``eId`` "" = the act), memoised."""
    anchor = _anchor(store, key, None)
    if anchor is None:
        return []

    def direct() -> list[dict]:  # the embedded store: look-ups from the act's IRI (the SPARQL below, by hand)
        from itertools import product

        from pyoxigraph import NamedNode

        st, act = store.store, NamedNode(anchor[0][1:-1])

        def objs(s, name: str) -> list:
            return list(dict.fromkeys(q.object for q in st.quads_for_pattern(s, NamedNode(ZG_NS + name), None, None)))

        rdf_type, suspension = NamedNode(RDF_TYPE), NamedNode(ZG_NS + "Suspension")
        out: list[dict] = []
        for s in dict.fromkeys(q.subject for q in st.quads_for_pattern(None, NamedNode(ZG_NS + "targetAct"), act, None)):
            if next(st.quads_for_pattern(s, rdf_type, suspension, None), None) is None:
                continue
            for t, frm, am in product(objs(s, "target"), objs(s, "effectiveFrom"), objs(s, "amendingAct")):
                for by, eid, from_l, until in product(objs(am, "key") or [None], objs(t, "eId") or [None],
                                                      objs(s, "effectiveFromLatest") or [None],
                                                      objs(s, "suspendedUntil") or [None]):
                    row = {"eId": _v(eid) or "", "from": frm.value, "from_latest": _v(from_l), "until": _v(until),
                           "by": _v(by), "event": s.value}
                    if row not in out:
                        out.append(row)
        return out

    def read() -> list[dict]:
        q = PREFIXES + f"""SELECT DISTINCT ?s ?t ?eid ?from ?fromL ?until ?by WHERE {{
          BIND({anchor[0]} AS ?a) ?s zg:targetAct {anchor[0]} ; a zg:Suspension ; zg:target ?t ; zg:effectiveFrom ?from ;
             zg:amendingAct ?am .
          OPTIONAL {{ ?am zg:key ?by }} OPTIONAL {{ ?t zg:eId ?eid }} OPTIONAL {{ ?s zg:effectiveFromLatest ?fromL }}
          OPTIONAL {{ ?s zg:suspendedUntil ?until }} }}"""
        return [{"eId": _v(r["eid"]) or "", "from": r["from"].value, "from_latest": _v(r["fromL"]),
                 "until": _v(r["until"]), "by": _v(r["by"]), "event": r["s"].value} for r in store.query(q)]
    return store.memo(("suspensions", key), read if store.remote else direct)


def act_suspension(store: GraphStore, key: str, day: date) -> dict | None:
    """The suspension of the act as a whole in effect on ``day``, if any."""
    return suspension_on(suspensions_of(store, key), "", day)


def suspension_on(sps: list[dict], eid: str, day: date) -> dict | None:
    """The suspension in effect on ``day`` for a provision (its own, an ancestor's, the act's)."""
    d = day.isoformat()
    for sp in sps:
        covers = sp["eId"] == "" or eid == sp["eId"] or eid.startswith(sp["eId"] + "__")
        if covers and (sp["from_latest"] or sp["from"]) <= d and (sp["until"] is None or d < sp["until"]):
            return sp
    return None


def _answer(p: dict, day: date, key: str, lang: str | None, sps: list[dict] | None = None) -> dict:
    out = _answer_versions(p, day, key, lang)
    sp = suspension_on(sps or [], p["eId"], day)
    if sp is not None and out["status"] == "in_force":
        until = f" until {sp['until']} (exclusive)" if sp["until"] else " with no end stated"
        out.update(status="suspended", suspended_by={"act": sp["by"], "event": sp["event"], "from": sp["from"],
                                                      "until": sp["until"]},
                   reason=f"suspended by {sp['by']} from {sp['from']}{until}; the wording is kept, not applied",
                   why={"code": "suspended", "act": sp["by"], "start": sp["from"], "until": sp["until"]})
    return out


def _answer_versions(p: dict, day: date, key: str, lang: str | None) -> dict:
    stored = [_stored(v) for v in p["versions"]]
    status, sv, reason = status_at(stored, day)
    if status == "in_force" and sv is None:
        return _either(p, day, key, lang, [x.iri for x in candidates_at(stored, day)])
    v = next((x for x in p["versions"] if sv and x["version"] == sv.iri), None)
    text = None
    if status == "in_force" and v and v["text_known"]:
        texts = v["texts"]
        text = texts.get(lang) if lang in texts else next(iter(texts.values()), None)
    why = None
    if status == "in_force" and v and not v["text_known"]:
        reason = "the wording in force on this day is not in the sources"
        why = {"code": "wording_unknown", **nearest_known(p["versions"], day)}
    if status == "uncertain":
        # only the acts whose dates matter for this day: the version whose window holds it
        missing = [x for x in p["versions"] if _window_holds(x, day)] or \
            [x for x in p["versions"] if x["valid_from_latest"] or x["valid_until_latest"]]
        acts_missing = sorted({_deciding_act(x, day, key) for x in missing})
        ends = any(x["valid_until"] and x["valid_until"] <= day.isoformat() for x in missing)
        window = missing[0] if missing else None
        why = {"code": "end_uncertain" if ends else "start_uncertain", "acts": acts_missing,
               "start": window and (window["valid_until"] if ends else window["valid_from"]),
               "latest": window and (window["valid_until_latest"] if ends else window["valid_from_latest"])}
        reason = f"{reason}: it depends on the publication date of {', '.join(acts_missing)}, which is not in the sources"
    explained = _explain(p, status, day, key)
    if explained and reason is None:
        reason = explained.pop("why")
        why = explained.pop("why_code")
    else:
        explained.pop("why", None)
        explained.pop("why_code", None)
    return {
        **explained, "why": why,
        "act": key, "eId": p["eId"], "date": day.isoformat(), "status": status,
        "text": text, "text_known": (v["text_known"] if v else None) if status != "uncertain" else False,
        "valid_from": v["valid_from"] if v else None, "valid_from_latest": v["valid_from_latest"] if v else None,
        "valid_until": v["valid_until"] if v else None, "introduced_by": v["introduced_by"] if v else None,
        "version": v["version"] if v else None, "reason": reason,
        "source": v["sources"].get(lang if lang in v["texts"] else next(iter(v["texts"]), None))
        if v and text is not None else None,
    }


def _explain(p: dict, status: str, day: date, key: str) -> dict:
    """Why a provision does not apply on ``day``, as fields (issue 18, item 3): not yet / absent
    → ``exists_from`` and the act that ``introduces`` it; no longer in force → ``ended_on`` and
    the act that ``ended`` it (a repeal, an exclusion, the act's own repeal); plus ``why``."""
    vs = p["versions"]
    if not vs or status not in ("absent", "not_yet_in_force", "no_longer_in_force"):
        return {}
    if status in ("absent", "not_yet_in_force") and day.isoformat() < vs[0]["valid_from"]:
        first = vs[0]
        by = (first["introduced_by"] or {}).get("act") or key
        start = first["valid_from"] + (f" (no later than {first['valid_from_latest']})" if first["valid_from_latest"] else "")
        verb = "inserted" if status == "absent" else "enacted"
        return {"exists_from": first["valid_from"], "introduced_by_act": by,
                "why": f"not yet in the act on this day: {verb} by {by}, in force from {start}",
                "why_code": {"code": f"not_yet_{verb}", "act": by, "start": first["valid_from"],
                             "latest": first["valid_from_latest"]}}
    if status == "no_longer_in_force":
        last = vs[-1]
        end = last["ended_by"] or {}
        by = _key_of(end.get("event", "")) if end else None
        return {"ended_on": last["valid_until"], "ended_by_act": by, "ended_how": end.get("operation"),
                "why": f"no longer in force since {last['valid_until']}" + (f": {end.get('operation')} by {by}" if by else ""),
                "why_code": {"code": "ended", "start": last["valid_until"], "latest": last["valid_until_latest"],
                             "how": end.get("operation"), "act": by}}
    return {"why": "the provision is not in any version known for this day", "why_code": {"code": "not_in_versions"}}


def nearest_known(versions: list[dict], day: date) -> dict:
    """The nearest days before and after ``day`` on which the provision's wording is known:
    the last day of the closest earlier version with a known wording, the first certain day
    of the closest later one (None where there is none)."""
    d = day.isoformat()
    before = [v for v in versions if v["text_known"] and v["valid_until"] and v["valid_until"] <= d]
    after = [v for v in versions if v["text_known"] and v["valid_from"] > d]
    last = max(before, key=lambda v: v["valid_until"]) if before else None
    first = min(after, key=lambda v: v["valid_from"]) if after else None
    return {"known_before": (date.fromisoformat(last["valid_until"]) - timedelta(days=1)).isoformat() if last else None,
            "known_after": (first["valid_from_latest"] or first["valid_from"]) if first else None}


def _key_of(iri: str) -> str | None:
    """The act key of an act or event IRI (``…/eli/order/2014/10/02/74[/amends/…]``).

    >>> _key_of("https://w3id.org/zangraph/kz/eli/order/2014/10/02/74"), _key_of("x/eli/code/1993/01/23")
    ('order-2014-10-02-74', 'code-1993-01-23')
    """
    tail = iri.split("/eli/", 1)[-1].split("/")
    if len(tail) < 4:
        return None
    number = tail[4] if len(tail) > 4 and tail[4] not in ("amends", "suspends") else ""
    return "-".join(tail[:4]) + (f"-{number}" if number else "")


def _deciding_act(v: dict, day: date, key: str) -> str:
    """The act whose unknown date makes the day uncertain: the one that ends the version when the day is in
    its end window (the repealing act, not the repealed one), else the one that introduced it."""
    d = day.isoformat()
    if v["valid_until_latest"] and v["valid_until"] and v["valid_until"] <= d and v["ended_by"]:
        return _key_of(v["ended_by"]["event"]) or key
    return (v["introduced_by"] or {}).get("act") or key


def _window_holds(v: dict, day: date) -> bool:
    d = day.isoformat()
    return bool(v["valid_from_latest"] and v["valid_from"] <= d < v["valid_from_latest"]
                or v["valid_until_latest"] and v["valid_until"] and v["valid_until"] <= d < v["valid_until_latest"])


def _either(p: dict, day: date, key: str, lang: str | None, iris: list[str]) -> dict:
    """In force, but which of two versions applies depends on a day not in the sources: both are
    given; the wording only when both have the same known one."""
    vs = [x for x in p["versions"] if x["version"] in iris]
    later = vs[-1]
    by = (later["introduced_by"] or {}).get("act") or key
    texts = [x["texts"].get(lang) if lang in x["texts"] else next(iter(x["texts"].values()), None) for x in vs]
    same = all(x["text_known"] for x in vs) and len(set(texts)) == 1 and texts[0] is not None
    return {
        "act": key, "eId": p["eId"], "date": day.isoformat(), "status": "in_force",
        "text": texts[0] if same else None, "text_known": same,
        "valid_from": None, "valid_from_latest": None, "valid_until": None, "introduced_by": None, "version": None,
        "possible_versions": [{k: x[k] for k in ("version", "valid_from", "valid_from_latest", "valid_until",
                                                  "introduced_by", "text_known")} for x in vs],
        "reason": (f"in force either way; which version applies on this day depends on the publication date of {by}, "
                   "which is not in the sources" + ("" if same else ": the possible wordings differ or are not known")),
        "why": {"code": "which_version", "acts": [by], "same": same, "start": later["valid_from"],
                "latest": later["valid_from_latest"]},
    }


def provision_at(store: GraphStore, key: str, eid: str, day: date, lang: str | None = None) -> dict:
    """The provision's answer on ``day``: from its answer document (``rdf.answers``: two
    look-ups) where the store has one it can trust, else from the facts."""
    data = answer_data(store, key, eid)
    if data is not None:
        return _answer(data[0], day, key, lang, data[1])
    return provision_at_from_facts(store, key, eid, day, lang)


def provision_at_from_facts(store: GraphStore, key: str, eid: str, day: date, lang: str | None = None) -> dict:
    require_act(store, key)
    provs = provisions_of(store, key, eid)
    if eid not in provs:
        eids = list(provisions_of(store, key))
        close = difflib.get_close_matches(eid, eids, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFound(f"act {key} has no provision {eid!r}{hint}", close)
    return _answer(provs[eid], day, key, lang, suspensions_of(store, key))


def act_at(store: GraphStore, key: str, day: date, lang: str | None = None, start: int = 0,
           limit: int | None = None) -> list[dict]:
    """Every provision of the act (in document order) with its answer on ``day``; ``start``
    and ``limit`` take a slice of them (only the slice is computed)."""
    require_act(store, key)
    provs = store.memo(("ordered", key), lambda: sorted(provisions_of(store, key).values(), key=lambda p: p["order"]))
    out, sps = [], suspensions_of(store, key)
    for p in provs[start:None if limit is None else start + limit]:
        a = _answer(p, day, key, lang, sps)
        a["kind"], a["heading"] = p["kind"], p["heading"]
        out.append(a)
    return out


def act_size(store: GraphStore, key: str) -> int:
    """How many provisions the act has (all its versions' provisions)."""
    require_act(store, key)
    return len(provisions_of(store, key))


def history(store: GraphStore, key: str, eid: str) -> list[dict]:
    require_act(store, key)
    provs = provisions_of(store, key, eid)
    if eid not in provs:
        provision_at(store, key, eid, date.today())  # raises NotFound with close matches
    return provs[eid]["versions"]


def word_diff(old: str, new: str) -> list[dict]:
    """A word-level difference: runs of ``equal`` / ``delete`` / ``insert`` text.

    >>> word_diff("не реже одного раза в три года", "не реже одного раза в два года")
    [{'op': 'equal', 'text': 'не реже одного раза в '}, {'op': 'delete', 'text': 'три'}, {'op': 'insert', 'text': 'два'}, {'op': 'equal', 'text': ' года'}]
    """
    import re

    a, b = re.findall(r"\s+|[^\s]+", old), re.findall(r"\s+|[^\s]+", new)
    out: list[dict] = []

    def put(op: str, toks: list[str]) -> None:
        if not toks:
            return
        if out and out[-1]["op"] == op:
            out[-1]["text"] += "".join(toks)
        else:
            out.append({"op": op, "text": "".join(toks)})

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            put("equal", a[i1:i2])
        else:
            put("delete", a[i1:i2])
            put("insert", b[j1:j2])
    return out


def provision_diff(store: GraphStore, key: str, eid: str, d1: date, d2: date, lang: str | None = None) -> dict:
    """The difference between a provision's wordings on two days. A wording that is not
    known (or a status other than in force) is reported, never diffed."""
    a, b = provision_at(store, key, eid, d1, lang), provision_at(store, key, eid, d2, lang)
    side = lambda x: {k: x[k] for k in ("date", "status", "text_known", "version", "valid_from", "introduced_by", "reason")}  # noqa: E731
    out = {"act": key, "eId": eid, "from": side(a), "to": side(b), "same_version": a["version"] == b["version"],
           "diff": None, "reason": None}
    missing = [x for x in (a, b) if x["text"] is None]
    if missing:
        why = "; ".join(f"{x['date']}: {x['status']}" + ("" if x["status"] != "in_force" else ", wording unknown")
                        for x in missing)
        out["reason"] = f"no diff: a wording is not known ({why})"
        return out
    out["diff"] = word_diff(a["text"], b["text"])
    return out
