"""Full-text search of wordings in force on a date (issue 19), over a Tantivy index beside the store.

Reads: the store's consolidation graphs (every version of every provision of every act that has
one — acts whose text is stored, and acts known only from the instructions that amend them, whose
wordings were computed from those instructions: its interval and its wording in each language). Writes: an index directory
beside the store (``<store>.search``) holding one document per (version, language) — the
wording's index terms (``morph``), the version's interval as day numbers, and what a hit
shows — plus ``zangraph-index.json`` with the store state it reflects.

Guarantees:

- A hit is a provision whose wording **in force on the day asked** has every word of the
  query (or the quoted phrase, adjacent and in order). A version without a known wording is
  indexed without words, so it can never be matched: when a provision's wording that day is
  not in the sources but another of its wordings matches, it is listed apart
  (``unknown_that_day``), never among the hits.
- A day inside an uncertain window (entry into force or end depending on a publication date
  not in the sources) matches the versions that may be in force, each hit saying
  ``uncertain`` with the window.
- The index follows the store: every ingest re-indexes the acts it touched (``follow``);
  ``zangraph-index.json`` records a digest of the store's sources after each update, and an
  index whose digest is not the store's (a crash between the two writes, a write through
  SPARQL) is rebuilt from the store on open, saying so (``ensure``).
- Queries are built term by term (never through a query parser), so no input is syntax.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import tantivy
from zangraph.ontology import ZG

from .. import citation
from ..model import ActRef
from ..rdf.mapping import act_iri, consolidated_iri
from . import morph
from .query import PREFIXES, act_keys, suspension_on, suspensions_of

INDEX_VERSION = 2  # bumped when the schema or the terms change: an older index is rebuilt
META = "zangraph-index.json"
OPEN_END = 10**7  # "no end": a day number past any date (date.max is 3 652 059)
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 32
MAX_LIMIT = 100
SNIPPET_WORDS = 36
_PHRASE = re.compile(r'"([^"]*)"|«([^»]*)»')


class SearchError(ValueError):
    """A query that cannot be run (empty, too long); the message says why."""


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("terms", stored=False, tokenizer_name="whitespace", index_option="position")
    for name in ("key", "prov", "version", "lang", "known"):
        b.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("from_day", stored=False, indexed=True, fast=True)
    b.add_integer_field("until_day", stored=False, indexed=True, fast=True)
    b.add_text_field("info", stored=True, tokenizer_name="raw", index_option="basic")  # what a hit shows (JSON)
    return b.build()


def index_path(store_spec) -> Path | None:
    """Where the index of a store lives: ``$ZANGRAPH_SEARCH_INDEX`` when set (``off``: no index,
    no search), else ``<store>.search`` beside an embedded store, ``.zangraph/search-<digest of
    the address>`` for a remote one."""
    env = os.environ.get("ZANGRAPH_SEARCH_INDEX")
    if env == "off":
        return None
    if env:
        return Path(env)
    if isinstance(store_spec, Path):
        return store_spec.with_name(store_spec.name + ".search")
    digest = hashlib.sha256(str(store_spec).encode()).hexdigest()[:12]
    return Path(".zangraph") / f"search-{digest}"


def store_state(gs) -> str:
    """A digest of what the store holds: the hashes of its texts' sources and how many texts
    have one (every write of texts changes them: a text replaced has another hash, one added
    or removed changes the count), and the interrupted-write journal, if any. The hashes come
    from ``GraphStore.source_hashes`` — on an embedded store the record inside its directory,
    a few milliseconds at 50 000 acts, where reading every source graph's hash from the store
    took ~2.4 s at each opening of the store and again after each re-index (issue 17)."""
    rows = sorted(gs.source_hashes())
    pending = sorted(gs.pending()[0])
    return hashlib.sha256("\n".join([str(gs.source_hash_facts()), *rows, "--", *pending]).encode()).hexdigest()


STATE_KIND = "sources"  # what ``store_state`` digests; an index recorded without it holds ``_graphs_state``


def _graphs_state(gs) -> str:
    """The store's state as indexes written before ``STATE_KIND`` recorded it: every source
    graph's IRI and hash, read from the store. An index of that kind that still reflects the
    store is carried over by this one read, not rebuilt (a rebuild takes minutes at 50 000 acts)."""
    q = PREFIXES + "SELECT ?g ?h WHERE { GRAPH ?g { ?g zg:sourceHash ?h } }"
    rows = sorted(f"{r['g'].value} {r['h'].value}" for r in gs.query(q))
    pending = sorted(gs.pending()[0])
    return hashlib.sha256("\n".join(rows + ["--"] + pending).encode()).hexdigest()


def _day(iso: str | None, default: int) -> int:
    return date.fromisoformat(iso).toordinal() if iso else default


_FIELDS = {str(ZG.validFrom): "valid_from", str(ZG.validFromLatest): "valid_from_latest",
           str(ZG.validUntil): "valid_until", str(ZG.validUntilLatest): "valid_until_latest"}


def versions_of(gs, key: str) -> list[dict]:
    """Every version of every provision of one act, read from its consolidation graph: one
    look-up per property, each on the store's predicate-and-graph index (a SPARQL query with
    OPTIONALs, or one scan of the whole graph, took several times as long)."""
    from pyoxigraph import NamedNode

    ref = ActRef.from_key(key)
    g, prefix = consolidated_iri(ref, gs.base), act_iri(ref, gs.base) + "/"  # a provision is the act IRI + "/" + eId
    graph = NamedNode(g)
    rows: dict[str, dict] = {}

    def objects(pred: str):
        return ((q.subject.value, q.object) for q in gs.store.quads_for_pattern(None, NamedNode(pred), None, graph))
    for v, o in objects(str(ZG.versionOf)):
        rows[v] = {"of": o.value, "texts": {}}
    for v, o in objects(str(ZG.textKnown)):
        r = rows.get(v)
        if r is not None:
            r["text_known"] = o.value == "true"
    for v, o in objects(str(ZG.text)):
        r = rows.get(v)
        if r is not None:
            r["texts"][o.language or "ru"] = o.value
    for pred, name in _FIELDS.items():
        for v, o in objects(pred):
            r = rows.get(v)
            if r is not None:
                r[name] = o.value
    out = []
    for v, r in rows.items():
        if "of" not in r or "valid_from" not in r or not r["of"].startswith(prefix):
            continue
        out.append({"key": key, "eId": r["of"][len(prefix):], "version": v, "valid_from": r["valid_from"],
                    "valid_from_latest": r.get("valid_from_latest"), "valid_until": r.get("valid_until"),
                    "valid_until_latest": r.get("valid_until_latest"), "text_known": r.get("text_known", False),
                    "texts": r["texts"]})
    return out


@dataclass
class Hit:
    score: float
    doc: dict


class SearchIndex:
    """The index of one store (``index_path``). Open it with ``SearchIndex(path)``; it is
    created empty when absent (``ensure`` then fills it)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.schema = _schema()
        meta = self._meta()
        if meta.get("version") != INDEX_VERSION and self.path.exists():
            shutil.rmtree(self.path)  # an index of another schema: rebuilt, never misread
            meta = {}
        self.path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        self.state = meta.get("state")
        self.kind = meta.get("kind")

    # -- state ------------------------------------------------------------------------
    def _meta(self) -> dict:
        try:
            return json.loads((self.path / META).read_text())
        except (OSError, ValueError):
            return {}

    def _record(self, state: str | None) -> None:
        tmp = self.path / (META + ".tmp")
        tmp.write_text(json.dumps({"version": INDEX_VERSION, "state": state, "kind": STATE_KIND}))
        tmp.replace(self.path / META)  # after the index commit: a crash in between is a stale index
        self.state, self.kind = state, STATE_KIND

    def is_current(self, gs) -> bool:
        if self.state is None:
            return False
        if self.kind != STATE_KIND:  # recorded by an older zangraph: compared the old way, once
            if self.state != _graphs_state(gs):
                return False
            self._record(store_state(gs))
            return True
        return self.state == store_state(gs)

    def ensure(self, gs, say=None) -> bool:
        """Rebuild from the store when the index does not reflect it; True when it did."""
        if self.is_current(gs):
            return False
        if say is not None and gs.source_hashes():  # a new, empty store: nothing to say
            say(f"search index {self.path} does not reflect the store "
                f"({'new index' if self.state is None else 'the store changed since it was written'}): rebuilding it")
        self.rebuild(gs)
        return True

    # -- writing ----------------------------------------------------------------------
    def _docs(self, versions: list[dict]):
        for v in versions:
            base = {"key": v["key"], "prov": f"{v['key']}/{v['eId']}", "version": v["version"],
                    "from_day": _day(v["valid_from"], 0),
                    "until_day": _day(v["valid_until_latest"] or v["valid_until"], OPEN_END)}
            info = {k: v[k] for k in ("key", "eId", "version", "valid_from", "valid_from_latest", "valid_until",
                                      "valid_until_latest")}
            langs = v["texts"] if v["text_known"] and v["texts"] else {"": None}
            for lang, text in langs.items():
                words = " ".join(morph.terms(text, lang)) if text else ""
                yield tantivy.Document(terms=words, lang=lang, known="1" if text else "0",
                                       info=json.dumps({**info, "language": lang, "text": text}, ensure_ascii=False),
                                       **base)

    def rebuild(self, gs) -> int:
        """Index every act that has a consolidation, from scratch (``zangraph reindex``)."""
        return self._write(gs, act_keys(gs), everything=True)  # also acts known only from instructions

    def follow(self, gs, keys) -> int:
        """Re-index the acts of ``keys`` (those an ingest touched) and record the store state.
        ``keys=None``: what changed is not known (a SPARQL update) — everything is re-indexed."""
        if keys is None or self.state is None:
            return self.rebuild(gs)
        return self._write(gs, sorted(keys), everything=False)

    def _write(self, gs, keys, everything: bool) -> int:
        """Replace the documents of ``keys`` (of all acts when ``everything``) in one commit, then
        record the store state the index now reflects."""
        w = self.index.writer(heap_size=64_000_000, num_threads=2)
        if everything:
            w.delete_all_documents()
        n = 0
        for key in keys:
            if not everything:
                w.delete_documents_by_term("key", key)
            if gs.has_graph(consolidated_iri(ActRef.from_key(key), gs.base)):
                for doc in self._docs(versions_of(gs, key)):
                    w.add_document(doc)
                    n += 1
        w.commit()
        w.wait_merging_threads()
        self._record(store_state(gs))
        self.index.reload()
        return n

    # -- reading ----------------------------------------------------------------------
    def _text_query(self, parts: list[list[str]]):
        qs = []
        for p in parts:
            if len(p) == 1:
                qs.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "terms", p[0])))
            elif p:
                qs.append((tantivy.Occur.Must, tantivy.Query.phrase_query(self.schema, "terms", p)))
        return qs

    def search(self, q: str, day: date, lang: str | None = None, act: str | None = None, limit: int = 20,
               offset: int = 0, in_force: bool = False, store=None) -> dict:
        """Provisions whose wording in force on ``day`` matches ``q`` (module docstring): in the
        language asked, else in both (each wording's words read by its own language's rules). With
        ``store``, a hit whose act or provision is suspended that day says so (``suspended``)."""
        langs = [lang] if lang is not None else ["ru", "kk"]
        parts = {lg: parse_query(q, lg)[0] for lg in langs}
        d = day.toordinal()
        sch = self.schema
        per_lang = [tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy.Query.term_query(sch, "lang", lg))] + self._text_query(parts[lg]))
            for lg in langs]
        text = [(tantivy.Occur.Must, per_lang[0] if len(per_lang) == 1 else tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, x) for x in per_lang]))]
        filters = [(tantivy.Occur.Must, tantivy.Query.term_query(sch, "key", act))] if act else []
        on_day = [(tantivy.Occur.Must, tantivy.Query.range_query(sch, "from_day", tantivy.FieldType.Integer, None, d)),
                  (tantivy.Occur.Must, tantivy.Query.range_query(sch, "until_day", tantivy.FieldType.Integer, d + 1,
                                                                 None))]
        searcher = self.index.searcher()
        want = offset + limit
        res = searcher.search(tantivy.Query.boolean_query(text + filters + on_day), limit=max(want * 3, 30), count=True)
        hits: dict[str, dict] = {}
        for score, addr in res.hits:
            doc = searcher.doc(addr)
            info = json.loads(doc["info"][0])
            status, window = _status(info, day)
            if in_force and status != "in_force":
                continue
            prov = doc["prov"][0]
            if prov in hits:
                continue  # two versions (or both languages) in force that day: the better match stands
            hits[prov] = (info, score, status, window)
        page = []
        for info, score, status, window in list(hits.values())[offset:want]:  # only the page is presented
            lg = info["language"]
            page.append({**_present(info, parts[lg], lg), "score": round(score, 4), "status": status, **window})
        others = self._other_languages(searcher, page)
        for h in page:
            h["other_languages"] = others.get(h["version"], {})
            if store is not None:
                sp = suspension_on(suspensions_of(store, h["key"]), h["eId"], day)
                if sp is not None:
                    h.update(status="suspended", reason=f"suspended by {sp['by']} from {sp['from']}"
                             + (f" until {sp['until']} (exclusive)" if sp["until"] else ""))
        return {"query": q, "at": day.isoformat(), "lang": lang, "terms": parts, "total": res.count,
                "offset": offset, "limit": limit, "hits": page,
                "unknown_that_day": self._unknown_that_day(searcher, text, filters, d, set(hits), day)}

    def _other_languages(self, searcher, page: list[dict]) -> dict[str, dict]:
        """version IRI → {language: the same version's wording in the other languages} (one look-up for the page)."""
        if not page:
            return {}
        q = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.term_set_query(self.schema, "version", sorted({h["version"] for h in page}))),
            (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "known", "1"))])
        mine = {(h["version"], h["language"]) for h in page}
        out: dict[str, dict] = {}
        for _s, addr in searcher.search(q, limit=len(page) * 3).hits:
            info = json.loads(searcher.doc(addr)["info"][0])
            if (info["version"], info["language"]) not in mine:
                out.setdefault(info["version"], {})[info["language"]] = {"text": _clip(info["text"], 300)}
        return out

    def _unknown_that_day(self, searcher, text, filters, d: int, found: set[str], day: date) -> list[dict]:
        """Provisions some other wording of which matches, whose wording on the day is not known."""
        any_day = searcher.search(tantivy.Query.boolean_query(text + filters), limit=100)
        provs = {searcher.doc(a)["prov"][0] for _s, a in any_day.hits} - found
        if not provs:
            return []
        sch = self.schema
        q = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.term_set_query(sch, "prov", sorted(provs))),
            (tantivy.Occur.Must, tantivy.Query.term_query(sch, "known", "0")),
            (tantivy.Occur.Must, tantivy.Query.range_query(sch, "from_day", tantivy.FieldType.Integer, None, d)),
            (tantivy.Occur.Must, tantivy.Query.range_query(sch, "until_day", tantivy.FieldType.Integer, d + 1, None))])
        out: dict[str, dict] = {}
        for _s, addr in searcher.search(q, limit=len(provs) * 2).hits:
            info = json.loads(searcher.doc(addr)["info"][0])
            ref = ActRef.from_key(info["key"])
            out.setdefault(f"{info['key']}/{info['eId']}", {
                "key": info["key"], "eId": info["eId"], "version": info["version"],
                "citation": {lg: citation.provision_of_act(info["eId"], ref, lg) for lg in ("ru", "kk")},
                "valid_from": info["valid_from"], "valid_until": info["valid_until"],
                "reason": "the wording in force that day is not in the sources; a wording of another day matches",
                "url": f"/acts/{info['key']}/provisions/{info['eId']}?at={day.isoformat()}"})
        return sorted(out.values(), key=lambda x: (x["key"], x["eId"]))


def attach(gs, spec, say=None) -> SearchIndex | None:
    """Open the index of the store ``gs`` (opened from ``spec``), bring it up to date
    (``ensure``) and make it follow every later write. None for a store in memory."""
    path = index_path(spec) if spec is not None else None
    if path is None:
        return None
    ix = SearchIndex(path)
    ix.ensure(gs, say)
    gs.followers.append(ix.follow)
    return ix


def parse_query(q: str, lang: str | None) -> tuple[list[list[str]], str]:
    """The query's parts — each a word's term, or a quoted phrase's terms — read by the rules of
    its language (given, or guessed from the letters). Raises ``SearchError`` for an empty or
    oversized query.

    >>> parse_query('стажем "государственной службы"', None)
    ([['государственный', 'служба'], ['стаж']], 'ru')
    """
    if not isinstance(q, str) or not q.strip():
        raise SearchError("empty query: give one or more words (a phrase in double quotes)")
    if len(q) > MAX_QUERY_CHARS:
        raise SearchError(f"query too long: {len(q)} characters, at most {MAX_QUERY_CHARS}")
    if lang not in (None, "ru", "kk"):
        raise SearchError(f"unknown language {lang!r}: expected ru or kk")
    lang = lang or morph.guess_language(q)
    parts: list[list[str]] = []
    rest = q
    for m in _PHRASE.finditer(q):
        phrase = morph.terms(m.group(1) or m.group(2) or "", lang)
        if phrase:
            parts.append(phrase)
    rest = _PHRASE.sub(" ", q)
    loose = morph.terms(rest, lang)
    parts += [[t] for t in loose if not morph.is_stop(t, lang)] or ([[t] for t in loose] if not parts else [])
    if not parts:
        raise SearchError("the query has no words to search for (letters or digits)")
    if sum(len(p) for p in parts) > MAX_QUERY_WORDS:
        raise SearchError(f"too many words: at most {MAX_QUERY_WORDS}")
    return parts, lang


def _status(info: dict, day: date) -> tuple[str, dict]:
    d = day.isoformat()
    if info["valid_from_latest"] and d < info["valid_from_latest"]:
        return "uncertain", {"reason": f"in force from a day between {info['valid_from']} and "
                                       f"{info['valid_from_latest']} that depends on a publication date not in the sources"}
    if info["valid_until"] and d >= info["valid_until"]:
        return "uncertain", {"reason": f"ends on a day between {info['valid_until']} and {info['valid_until_latest']} "
                                       "that depends on a publication date not in the sources"}
    return "in_force", {}


def _present(info: dict, parts: list[list[str]], lang: str) -> dict:
    ref = ActRef.from_key(info["key"])
    snippet, marks = highlight(info["text"] or "", {t for p in parts for t in p if not morph.is_stop(t, lang)}, lang)
    return {"key": info["key"], "eId": info["eId"], "version": info["version"], "language": lang,
            "citation": {lg: citation.provision_of_act(info["eId"], ref, lg) for lg in ("ru", "kk")},
            "act_citation": {lg: citation.act(ref, lg, short=True) for lg in ("ru", "kk")},
            "valid_from": info["valid_from"], "valid_from_latest": info["valid_from_latest"],
            "valid_until": info["valid_until"], "valid_until_latest": info["valid_until_latest"],
            "snippet": snippet, "marks": marks, "text": info["text"]}


def highlight(text: str, terms: set[str], lang: str, width: int = SNIPPET_WORDS) -> tuple[str, list[list[int]]]:
    """A window of the text around its first matching word, and the spans of the words whose
    term is one of ``terms`` inside it (offsets into the snippet).

    >>> highlight("не менее шести лет стажа работы в отрасли", {"стаж"}, "ru")
    ('не менее шести лет стажа работы в отрасли', [[19, 24]])
    """
    ws = morph.words(text)
    hit = [i for i, (_s, _e, w) in enumerate(ws) if morph.term(w, lang) in terms]
    if not ws:
        return "", []
    first = hit[0] if hit else 0
    lo = max(0, first - width // 3)
    hi = min(len(ws), lo + width)
    start, end = ws[lo][0] if lo > 0 else 0, ws[hi - 1][1] if hi < len(ws) else len(text)
    pre, post = ("… " if lo > 0 else ""), (" …" if hi < len(ws) else "")
    snippet = pre + text[start:end] + post
    shift = len(pre) - start
    marks = [[ws[i][0] + shift, ws[i][1] + shift] for i in hit if lo <= i < hi]
    return snippet, marks


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def marked(snippet: str, marks: list[list[int]], left: str = "*", right: str = "*") -> str:
    """The snippet with each matching word between ``left`` and ``right`` (text output)."""
    out, at = [], 0
    for s, e in marks:
        out += [snippet[at:s], left, snippet[s:e], right]
        at = e
    return "".join(out + [snippet[at:]])


__all__ = ["SearchIndex", "SearchError", "index_path", "parse_query", "highlight", "marked", "store_state"]
