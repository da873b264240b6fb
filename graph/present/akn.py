"""A whole act as it stood on a day — "the expression of that day" — for download (issue 18,
item 5): Akoma Ntoso 3.0 XML, a printable HTML document, plain text.

Reads: the store, only through ``graph.queries.query`` (``acts``, ``act_at``, ``provisions_of``) plus
one query for the act's issuer. Writes: nothing. ``act_expression`` gathers an
``Expression`` — the provisions that apply that day as a tree — and ``to_akn`` / ``to_html``
/ ``to_text`` serialise it.

Guarantees:

* A provision not in force that day (``not_yet_in_force``, ``no_longer_in_force``,
  ``absent``) is left out, and counted; one ``in_force``, ``suspended`` or ``uncertain`` is in.
* No wording is invented. Every wording written is the one ``act_at`` gives that day, in the
  language of the expression; a wording known only in another language that day counts as
  not known. A provision in force whose wording that day is not in the sources, and an
  ``uncertain`` one (``act_at`` gives no wording for it), is written without text and says why.
* Nesting follows the eIds (``annex_1__point_6__subpoint_2-1`` is in ``annex_1__point_6``);
  since points are addressed without their chapter, a chapter or section also holds the
  siblings that follow it up to the next heading of its rank or higher. eIds are zangraph's
  own (the same as in the graph, URLs and SPARQL), not the AKN naming convention's
  abbreviations; they hold no whitespace, which is all the schema asks.
* A provision's wording holds its subdivisions' wordings (point 6 = its opening words, then
  subpoints 1) … 11)). It is written once: the opening words as ``<intro>``, closing words
  as ``<wrapUp>``, the rest in the subdivisions — only when the wording is exactly that
  (``intro + "\\n" + subdivisions + "\\n" + wrap-up``). Otherwise (never in the bundled corpus)
  the whole wording goes in ``<intro refersTo="#zgWholeWording">`` and the subdivisions follow.

Akoma Ntoso, validated by the tests against the official OASIS schema (``akomantoso30.xsd``,
strict: eIds unique): ``<act name="{kind}">`` with ``<meta>`` (FRBR Work / Expression
(``FRBRdate`` = the day, ``FRBRlanguage`` rus / kaz) / Manifestation, URIs
``/akn/kz/act/{kind}/{yyyy-mm-dd}/{number}/{rus|kaz}@{day}``; a ``<lifecycle>`` naming the
amending acts whose changes the expression reflects; ``<references>``; ``<notes>``), the
title in ``<preface><longTitle eId="title">``, ``<preamble eId="preamble">``, ``<body>``,
annexes as ``<attachments><attachment eId="annex_N"><doc name="annex">``. Kinds: point and
subpoint → ``point``, part → ``paragraph``, chapter, section, article → the same, others
(note, line, paragraph §) → ``hcontainer name="{kind}"``. ``<num>`` is the label as printed
("6.", "2-1)", "Глава 2"). How a wording reads back from the XML:

* an element with ``status="unknown"`` (the schema's value for content "NOT present in the
  markup … because the author of the manifestation does not know it") has no wording; its
  ``<content><p>`` holds no text, only a ``<noteRef>`` to the editorial note in
  ``<meta><notes>`` that says why (``<remark>`` would have put words in the ``<p>``);
  an uncertain one also has ``refersTo="#zgUncertain"``, a suspended one ``#zgSuspended``.
  A unit with subdivisions whose own words are unknown carries the ``<noteRef>`` in its
  ``<num>`` instead (an empty ``<intro>`` would claim opening words it may not have);
* a chapter, section or annex: its ``<heading>`` (an annex: its ``longTitle``) — their
  wording is their heading; the title and the preamble: their ``<p>``\\ s joined by newlines;
* an element with ``<content>``: ``<num>`` + " " (when there is a ``<num>``) + its ``<p>``\\ s
  joined by newlines — the label is taken off the wording only where the wording starts with
  it, so that it is printed once; a part that opens its point carries the point's label;
* an element with subdivisions: ``<num> <intro>``, then each subdivision's wording, then the
  ``<wrapUp>``, joined by newlines (``#zgWholeWording``: ``<num> <intro>`` alone).

The ``<heading>`` of a point is never taken from the graph's ``zg:heading``: that is today's,
and the expression must not show today's words on another day. A day on which nothing of the
act is in force gives a valid document whose body is one ``<hcontainer name="nothingInForce">``
with the note saying so (the schema wants a body). The Manifestation's ``FRBRdate`` is the day
the file is made; everything else is a function of the store, the act, the day and the language.

Text and HTML are for people: the wordings as the act prints them (numbers included), each
missing wording or status replaced by a numbered remark ("[*1]") listed after the text, the
act that gave an amended wording in brackets after it ("в редакции: Указ от … № …"); a unit
whose subdivisions are all unknown for the same reason is one line. The HTML is one file: no
scripts, no external resources, every text escaped, ``id`` = eId.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from lxml import etree
from lxml.builder import ElementMaker

from ..citation import ACT_KK, ACT_RU, UNIT_KK, UNIT_RU
from ..citation import act as cite_act
from ..model import ActRef
from ..queries.query import PREFIXES, NotFound, act_at, act_info, provisions_of, require_act
from ..rdf.terms import literal
from ..store.graphstore import GraphStore

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LANG3 = {"ru": "rus", "kk": "kaz"}
INCLUDED = ("in_force", "suspended", "uncertain")
HEADING_RANK = {"section": 1, "chapter": 2, "paragraph": 3}  # a heading holds the siblings after it
HEADING_LIKE = {"title", "annex", *HEADING_RANK}  # kinds whose wording is their heading
NOT_GROUPED = {"title", "preamble", "annex"}  # never inside a chapter: they end any open heading
AKN_ELEMENT = {"point": "point", "subpoint": "point", "part": "paragraph", "chapter": "chapter",
               "section": "section", "article": "article"}
TEXT_SEP = "\n"


@dataclass(frozen=True)
class Node:
    """One provision in the expression: what ``act_at`` says of it that day, and its subdivisions."""

    eid: str
    kind: str
    number: str | None
    status: str  # in_force | suspended | uncertain
    text: str | None  # the wording that day in the expression's language; None: not known
    reason: str | None = None  # why the wording is missing or the provision is uncertain / suspended
    introduced_by: dict | None = None
    suspended_by: dict | None = None
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Expression:
    """An act on a day in one language: its identity, its status, its provisions in force."""

    key: str
    kind: str
    number: str
    signed: date
    day: date
    lang: str  # ru | kk
    issuer: str | None
    status: str  # the act's own: in_force | not_yet_in_force | no_longer_in_force | unknown
    nodes: tuple[Node, ...]  # top level, in document order: title, preamble, body, annexes
    left_out: tuple[tuple[str, str], ...] = ()  # (eId, status) of provisions not in force that day
    events: tuple[dict, ...] = ()  # amending acts reflected: {act, date, uncertain}

    @property
    def ref(self) -> ActRef:
        return ActRef.from_key(self.key)


# ------------------------------------------------------------------------------- gathering


def act_expression(store: GraphStore, key: str, day: date, lang: str | None = None) -> Expression:
    """What act ``key`` said on ``day`` in ``lang`` (default: its first language). Raises
    ``NotFound`` for an unknown act or a language the act has no text in."""
    require_act(store, key)
    meta = act_info(store, key)
    if meta is None:
        raise NotFound(f"act {key} is known from references only; its text is not in the store")
    lang = lang or meta["languages"][0]
    if lang not in meta["languages"]:
        raise NotFound(f"act {key} has no text in {lang!r} in the store; it has: {', '.join(meta['languages'])}")
    rows = act_at(store, key, day, lang)
    provs = provisions_of(store, key)
    nodes, left_out = _tree(rows, provs, lang)
    return Expression(key=key, kind=meta["kind"], number=meta["number"], signed=date.fromisoformat(meta["date"]),
                      day=day, lang=lang, issuer=_issuer(store, key), status=_act_status(meta, day),
                      nodes=nodes, left_out=left_out, events=_events(rows, key))


def _issuer(store: GraphStore, key: str) -> str | None:
    q = PREFIXES + f"SELECT ?i WHERE {{ ?a zg:key {literal(key)} ; zg:textInCorpus true ; zg:issuer ?i }} LIMIT 1"
    return next((r["i"].value for r in store.query(q)), None)


def _act_status(meta: dict, day: date) -> str:
    d = day.isoformat()
    if not meta.get("valid_from"):
        return "unknown"
    if d < meta["valid_from"]:
        return "not_yet_in_force"
    return "no_longer_in_force" if meta.get("valid_until") and d >= meta["valid_until"] else "in_force"


def _in_lang(a: dict, p: dict, lang: str) -> str | None:
    """The answer's wording if it is in ``lang`` (``act_at`` falls back to another language)."""
    if a["text"] is None:
        return None
    iris = [a["version"]] if a.get("version") else [x["version"] for x in a.get("possible_versions") or ()]
    vs = [v for v in p["versions"] if v["version"] in iris]
    return a["text"] if vs and all(v["texts"].get(lang) == a["text"] for v in vs) else None


def _parent(eid: str) -> str | None:
    return eid.rsplit("__", 1)[0] if "__" in eid else None


def _tree(rows: list[dict], provs: dict, lang: str) -> tuple[tuple[Node, ...], tuple[tuple[str, str], ...]]:
    """Nest every provision (eId parents, then chapters over the siblings after them), then
    drop those not in force, lifting what is in force inside them to their place."""
    kids: dict[str | None, list[str]] = {}
    known = {a["eId"] for a in rows}
    for a in rows:
        up = _parent(a["eId"])
        while up is not None and up not in known:
            up = _parent(up)
        kids.setdefault(up, []).append(a["eId"])
    by = {a["eId"]: a for a in rows}
    tree: dict[str | None, list[str]] = {}
    for parent, ids in kids.items():
        tree[parent] = _group(parent, ids, by, tree)

    left_out = tuple((a["eId"], a["status"]) for a in rows if a["status"] not in INCLUDED)

    def build(eid: str) -> list[Node]:
        below = [n for c in tree.get(eid, ()) for n in build(c)]
        a = by[eid]
        if a["status"] not in INCLUDED:
            return below
        p = provs[eid]
        text = _in_lang(a, p, lang)
        reason = a.get("reason")
        if a["status"] == "in_force" and text is None and a["text"] is not None:
            reason = f"the wording in force on this day is known only in another language than {lang!r}"
        return [Node(eid, a["kind"], p["number"], a["status"], text, reason, a.get("introduced_by"),
                     a.get("suspended_by"), tuple(below))]

    return tuple(n for e in tree.get(None, ()) for n in build(e)), left_out


def _group(parent: str | None, ids: list[str], by: dict, tree: dict) -> list[str]:
    """Siblings in document order, each heading (section > chapter > §) holding what follows it."""
    top: list[str] = []
    stack: list[tuple[int, str]] = []
    for e in ids:
        kind = by[e]["kind"]
        if kind in NOT_GROUPED:
            stack.clear()
        rank = HEADING_RANK.get(kind)
        if rank is not None:
            while stack and stack[-1][0] >= rank:
                stack.pop()
        (tree.setdefault(stack[-1][1], []) if stack else top).append(e)
        if rank is not None:
            stack.append((rank, e))
    return top


def _events(rows: list[dict], key: str) -> tuple[dict, ...]:
    """The amending acts whose changes the expression reflects, each with its first day: a
    version in force introduced by it, or a provision it ended."""
    first: dict[str, dict] = {}
    for a in rows:
        by = a.get("introduced_by") or {}
        if a["status"] in ("in_force", "suspended") and by.get("act") and by["act"] != key and a.get("valid_from"):
            ev = {"act": by["act"], "date": a["valid_from"], "uncertain": bool(a.get("valid_from_latest"))}
        elif a["status"] == "no_longer_in_force" and a.get("ended_by_act") and a.get("ended_on"):
            ev = {"act": a["ended_by_act"], "date": a["ended_on"], "uncertain": False}
        else:
            continue
        if ev["act"] not in first or ev["date"] < first[ev["act"]]["date"]:
            first[ev["act"]] = ev
    return tuple(sorted(first.values(), key=lambda e: (e["date"], e["act"])))


# ------------------------------------------------------------------------------- shared reading


def label(kind: str, number: str | None, lang: str) -> str | None:
    """The label a unit is printed with.

    >>> label("point", "5-1", "ru"), label("subpoint", "2-1", "kk"), label("chapter", "2", "kk")
    ('5-1.', '2-1)', '2-тарау')
    """
    if not number:
        return None
    if kind == "point":
        return f"{number}."
    if kind == "subpoint":
        return f"{number})"
    if kind in ("chapter", "section", "article", "annex", "paragraph"):
        return f"{number}-{UNIT_KK[kind][0]}" if lang == "kk" else f"{UNIT_RU[kind][0].capitalize()} {number}"
    return None


@dataclass(frozen=True)
class Division:
    """How a provision with subdivisions is written: ``intro`` / ``wrap`` (None: none), or
    ``whole`` — its wording does not divide into its subdivisions' wordings."""

    intro: str | None = None
    wrap: str | None = None
    whole: bool = False


def divide(n: Node) -> Division:
    """Split a known wording around its subdivisions' wordings (see the module docstring).

    >>> kid = Node("point_6__subpoint_1", "subpoint", "1", "in_force", "1) a;")
    >>> divide(Node("point_6", "point", "6", "in_force", "6. Requires:\\n1) a;", children=(kid,)))
    Division(intro='6. Requires:', wrap=None, whole=False)
    """
    if n.text is None or not n.children or n.kind in HEADING_LIKE:
        return Division()
    texts = [c.text for c in n.children]
    if any(t is None for t in texts):
        return Division(whole=True)
    inner = TEXT_SEP.join(texts)
    start = n.text.find(inner)
    if start < 0:
        return Division(whole=True)
    intro, wrap = n.text[:start], n.text[start + len(inner):]
    if (intro and not intro.endswith(TEXT_SEP)) or (wrap and not wrap.startswith(TEXT_SEP)):
        return Division(whole=True)
    return Division(intro[: -len(TEXT_SEP)] or None if intro else None, wrap[len(TEXT_SEP):] or None if wrap else None)


def _split_label(text: str, lab: str | None) -> tuple[str | None, str]:
    if lab and text.startswith(lab + " "):
        return lab, text[len(lab) + 1:]
    return None, text


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(s: str) -> str:
    """XML 1.0 cannot hold C0 controls other than tab and newline: each becomes U+FFFD."""
    return _XML_BAD.sub("\ufffd", s)


# ------------------------------------------------------------------------------- Akoma Ntoso


def akn_uri(ref: ActRef) -> str:
    """The work's AKN URI.

    >>> akn_uri(ActRef.from_key("decree-2020-12-31-485"))
    '/akn/kz/act/decree/2020-12-31/485'
    """
    own = ref.key.split(f"{ref.date.isoformat()}", 1)[1].lstrip("-")
    return f"/akn/kz/act/{ref.kind}/{ref.date.isoformat()}" + (f"/{own}" if own else "")


class _Akn:
    def __init__(self, expr: Expression):
        self.x, self.e = expr, ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})
        self.notes: dict[str, str] = {}  # note text → eId
        self.note_el: list = []
        self.concepts: set[str] = set()

    def note(self, text: str, english: str | None) -> str:
        if text not in self.notes:
            nid = f"zgnote_{len(self.notes) + 1}"
            self.notes[text] = nid
            ps = [self.e.p(_xml_text(text))] + ([self.e.p(_xml_text(english), {"{http://www.w3.org/XML/1998/namespace}lang": "en"})]
                                               if english else [])
            self.note_el.append(self.e.note(*ps, eId=nid))
        return self.notes[text]

    def flags(self, el, n: Node) -> None:
        refers = []
        if n.text is None:
            el.set("status", "unknown")
        if n.status == "uncertain":
            refers.append("#zgUncertain")
        if n.status == "suspended":
            refers.append("#zgSuspended")
        if refers:
            el.set("refersTo", " ".join(refers))
            self.concepts.update(r[1:] for r in refers)

    def note_ref(self, n: Node):
        """A reference to the note that says why (wording unknown, uncertain, suspended), or None."""
        if n.text is not None and n.status != "suspended":
            return None
        nid = self.note(_remark(n, self.x), n.reason)
        return self.e.noteRef(href=f"#{nid}", marker="*", placement="bottom")

    def paras(self, text: str | None, n: Node | None = None) -> list:
        ps = [self.e.p(_xml_text(line)) for line in text.split(TEXT_SEP)] if text is not None else [self.e.p()]
        ref = self.note_ref(n) if n is not None else None
        if ref is not None:
            ps[-1].append(ref)
        return ps

    def unknown_head(self, el, n: Node, lab: str | None) -> None:
        """A unit with subdivisions whose own words are not known: the note mark goes on its
        ``<num>`` (inline, no words); without a label, in an empty ``<intro>``."""
        if lab:
            el.append(self.e.num(lab, self.note_ref(n)))
        else:
            el.append(self.e.intro(*self.paras(None, n)))

    def node(self, n: Node, num: str | None = None):
        """``num``: a label handed down by the enclosing unit (a part that opens its point)."""
        tag = AKN_ELEMENT.get(n.kind)
        el = self.e(tag) if tag else self.e.hcontainer(name=n.kind)
        el.set("eId", n.eid)
        self.flags(el, n)
        lab = num or label(n.kind, n.number, self.x.lang)
        if n.kind in HEADING_LIKE:
            if n.text is None:
                self.unknown_head(el, n, lab)
            else:
                if lab:
                    el.append(self.e.num(lab))
                el.append(self.e.heading(_xml_text(n.text)))
            self.kids(el, n.children, None)
            return el
        if not n.children:
            own, text = (lab, None) if n.text is None else _split_label(n.text, lab)
            if own:
                el.append(self.e.num(own))
            el.append(self.e.content(*self.paras(text, n)))
            return el
        d = divide(n)
        if n.text is None:
            self.unknown_head(el, n, lab)
        elif d.whole or d.intro is not None:
            own, text = _split_label(n.text if d.whole else d.intro, lab)
            if own:
                el.append(self.e.num(own))
            intro = self.e.intro(*self.paras(text, n))
            if d.whole:
                intro.set("refersTo", "#zgWholeWording")
                self.concepts.add("zgWholeWording")
            el.append(intro)
        self.kids(el, n.children, lab if n.text is not None and not d.whole and d.intro is None else None)
        if d.wrap is not None:
            el.append(self.e.wrapUp(*self.paras(d.wrap)))
        return el

    def kids(self, el, children: tuple[Node, ...], first_num: str | None) -> None:
        for i, c in enumerate(children):
            handed = first_num if i == 0 and c.kind == "part" else None
            el.append(self.node(c, handed))

    def meta(self, component: str | None = None):
        e, x = self.e, self.x
        work = akn_uri(x.ref)
        expr = f"{work}/{LANG3[x.lang]}@{x.day.isoformat()}"
        part = f"!{component}" if component else "!main"
        return e.identification(
            e.FRBRWork(e.FRBRthis(value=f"{work}/{part}"), e.FRBRuri(value=work),
                       e.FRBRalias(value=x.key, name="zangraph"),
                       e.FRBRdate(date=x.signed.isoformat(), name="signature"), e.FRBRauthor(href="#issuer"),
                       e.FRBRcountry(value="kz"), e.FRBRsubtype(value=x.kind), e.FRBRnumber(value=x.number)),
            e.FRBRExpression(e.FRBRthis(value=f"{expr}/{part}"), e.FRBRuri(value=expr),
                             e.FRBRdate(date=x.day.isoformat(), name="consolidation"), e.FRBRauthor(href="#zangraph"),
                             e.FRBRlanguage(language=LANG3[x.lang])),
            e.FRBRManifestation(e.FRBRthis(value=f"{expr}/{part}.xml"), e.FRBRuri(value=f"{expr}.akn"),
                                e.FRBRdate(date=date.today().isoformat(), name="generation"),
                                e.FRBRauthor(href="#zangraph")),
            source="#zangraph")

    def document(self) -> etree._Element:
        e, x = self.e, self.x
        by_kind: dict[str, list[Node]] = {}
        for n in x.nodes:
            by_kind.setdefault("annex" if n.kind == "annex" else n.kind if n.kind in ("title", "preamble") else "body",
                               []).append(n)
        parts = []
        titles = []
        for n in by_kind.get("title", []):
            titles.append(e.longTitle(*self.paras(n.text, n), eId=n.eid))
            self.flags(titles[-1], n)
        if titles:
            parts.append(e.preface(*titles))
        for n in by_kind.get("preamble", []):
            pre = e.preamble(*self.paras(n.text, n), eId=n.eid)
            self.flags(pre, n)
            parts.append(pre)
        body = [self.node(n) for n in by_kind.get("body", [])]
        if not body:  # the schema wants one unit at least: say that none applies
            why = _remark(None, x)
            body = [e.hcontainer(e.content(e.p(e.noteRef(href=f"#{self.note(why, None)}", marker="*",
                                                          placement="bottom"))),
                                 name="nothingInForce", eId="zg_nothing_in_force", status="undefined")]
        parts.append(e.body(*body))
        annexes = []
        for n in by_kind.get("annex", []):
            att = e.attachment(e.doc(e.meta(self.meta(n.eid)), *self.annex(n), name="annex"), eId=n.eid)
            self.flags(att, n)
            annexes.append(att)
        if annexes:
            parts.append(e.attachments(*annexes))
        refs = [e.original(eId="original", href=f"{akn_uri(x.ref)}/{LANG3[x.lang]}@", showAs=cite_act(x.ref, x.lang, x.issuer))]
        life = [e.eventRef(eId="evt_original", date=x.signed.isoformat(), source="#original", type="generation")]
        for i, ev in enumerate(x.events, 1):
            try:
                r = ActRef.from_key(ev["act"])
            except ValueError:
                continue
            rid = f"ref_{ev['act']}"
            refs.append(e.passiveRef(eId=rid, href=akn_uri(r), showAs=cite_act(r, x.lang, short=True)))
            ev_el = e.eventRef(eId=f"evt_{i}", date=ev["date"], source=f"#{rid}", type="amendment")
            if ev["uncertain"]:
                ev_el.set("refersTo", "#zgUncertainDate")
                self.concepts.add("zgUncertainDate")
            life.append(ev_el)
        refs.append(e.TLCOrganization(eId="zangraph", href="/ontology/organization/zangraph", showAs="zangraph"))
        refs.append(e.TLCOrganization(eId="issuer", href=f"/ontology/organization/kz/{x.kind}.issuer",
                                      showAs=x.issuer or _default_issuer(x)))
        for c in sorted(self.concepts):
            refs.append(e.TLCConcept(eId=c, href=f"/ontology/concept/zangraph/{c[2:]}", showAs=CONCEPTS[c]))
        meta = [self.meta(), e.lifecycle(*life, source="#zangraph"), e.references(*refs, source="#zangraph")]
        if self.note_el:
            meta.append(e.notes(*self.note_el, source="#zangraph"))
        contains = "originalVersion" if not x.events else "singleVersion"
        return e.akomaNtoso(e.act(e.meta(*meta), *parts, name=x.kind, contains=contains))

    def annex(self, n: Node) -> list:
        e = self.e
        lt = e.longTitle(*self.paras(n.text, n))
        self.flags(lt, n)
        kids = [self.node(c) for c in n.children] or [e.p()]
        return [e.preface(lt), e.mainBody(*kids)]


CONCEPTS = {"zgUncertain": "in force on this day or not, depending on a date that is not in the sources",
            "zgSuspended": "suspended on this day: the wording is kept, not applied",
            "zgWholeWording": "the provision's whole wording: it does not divide into its subdivisions' wordings",
            "zgUncertainDate": "the earliest possible day: the act's publication date is not in the sources"}


def _default_issuer(x: Expression) -> str:
    return (ACT_KK.get(x.kind, ACT_KK["unknown"])[2] if x.lang == "kk" else ACT_RU.get(x.kind, ACT_RU["unknown"])[1]) or x.kind


def to_akn(expr: Expression) -> bytes:
    """The expression as an Akoma Ntoso 3.0 document (UTF-8, with an XML declaration)."""
    root = _Akn(expr).document()
    etree.indent(root, space="  ")
    for el in root.iter(f"{{{AKN_NS}}}p", f"{{{AKN_NS}}}num", f"{{{AKN_NS}}}heading"):
        if el.text is not None and not el.text.strip():  # indentation is not wording: p, num, heading stay inline
            el.text = None
        for child in el:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# ------------------------------------------------------------------------------- words for people

# English message ids of the catalogues (locales/*/LC_MESSAGES/zangraph.po): the document speaks its own language
MESSAGES = {'as_of': 'Wording as of %(d)s', 'unknown': 'The wording in force on %(d)s is not in the sources.', 'uncertain': 'Whether this provision was in force on %(d)s is not known: it depends on the date of official publication of the act (%(acts)s), which is not in the sources.', 'suspended': 'Suspended (%(act)s) from %(start)s%(end)s.', 'until': ' until %(d)s (exclusive)', 'whole': 'The whole wording; the wordings of its parts one by one are not in the sources.', 'nothing': 'No provision of the act was in force on %(d)s.', 'act_not_yet': 'The act was not yet in force on this day.', 'act_no_longer': 'The act was no longer in force on this day.', 'left_out': 'Provisions not in force on this day are left out: %(n)s.', 'made': "Made by zangraph from the graph's data; not an official publication."}
OPERATION_NOTES = {'substitution': 'as worded by: %(act)s', 'insertion': 'inserted by: %(act)s', 'change': 'as changed by: %(act)s', 'word_replacement': 'as changed by: %(act)s', 'renumbering': 'renumbered by: %(act)s'}


def _w(lang: str, key: str, **params) -> str:
    """A message of the document's language (ru or kk) from the catalogues (graph.present.i18n)."""
    from .i18n import translator

    return translator(lang)(MESSAGES[key], **params)


_KEY_IN_TEXT = re.compile(r"\b(?:constitution|law|code|decree|resolution|order|decision|unknown)-\d{4}-\d{2}-\d{2}(?:-[^\s,;:()]+)?")


def _dmy(iso: str | date) -> str:
    d = date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{d:%d.%m.%Y}"


def _short(key: str, lang: str) -> str:
    try:
        return cite_act(ActRef.from_key(key), lang, short=True)
    except ValueError:
        return key


def _remark(n: Node | None, x: Expression) -> str:
    """Why a provision is written without its wording, or as it is, in the expression's language."""
    lg, d = x.lang, _dmy(x.day)
    if n is None:
        return _w(lg, "nothing", d=d)
    if n.status == "uncertain":
        keys = sorted(set(_KEY_IN_TEXT.findall(n.reason or ""))) or [x.key]
        return _w(lg, "uncertain", d=d, acts=", ".join(_short(k, x.lang) for k in keys))
    if n.status == "suspended":
        sp = n.suspended_by or {}
        end = _w(lg, "until", d=_dmy(sp["until"])) if sp.get("until") else ""
        text = _w(lg, "suspended", act=_short(sp.get("act") or x.key, x.lang), start=_dmy(sp.get("from") or x.day), end=end)
        return text if n.text is not None else _w(lg, "unknown", d=d) + " " + text
    return _w(lg, "unknown", d=d)


def _provenance(n: Node, x: Expression) -> str | None:
    by = n.introduced_by or {}
    op = OPERATION_NOTES.get(by.get("operation") or "")
    if n.text is None or op is None or not by.get("act") or by["act"] == x.key:
        return None
    from .i18n import translator

    return translator(x.lang)(op, act=_short(by["act"], x.lang))


def _descendants(n: Node):
    for c in n.children:
        yield c
        yield from _descendants(c)


class _Marks:
    """Remarks for people, numbered once each ("[*1]") and listed after the text."""

    def __init__(self, x: Expression):
        self.x, self.texts = x, {}

    def __call__(self, text: str) -> str:
        k = self.texts.setdefault(text, len(self.texts) + 1)
        return f"[*{k}]"

    def legend(self) -> list[str]:
        return [f"*{k} {text}" for text, k in self.texts.items()]


def _lines(n: Node, x: Expression, mark: _Marks, above: str | None = None) -> list[tuple[str, Node, str | None]]:
    """(a wording or a remark mark, its unit, the provenance to print after it) in reading
    order, each wording once; a unit's provenance follows its first line, unless the enclosing
    unit's says the same."""
    prov = _provenance(n, x)
    mine = prov if prov != above else None
    lab = label(n.kind, n.number, x.lang)
    below = [y for c in n.children for y in _lines(c, x, mark, prov or above)]
    if n.kind in HEADING_LIKE:
        text = n.text if n.text is not None else mark(_remark(n, x))
        return [(f"{lab}. {text}" if lab and n.kind != "annex" else text, n, mine)] + below
    if n.text is None:
        why = _remark(n, x)
        alike = all(d.text is None and _remark(d, x) == why for d in _descendants(n))
        return [(f"{lab + ' ' if lab else ''}{mark(why)}", n, None)] + ([] if alike else below)
    why = f" {mark(_remark(n, x))}" if n.status == "suspended" else ""
    if not n.children:
        return [(n.text + why, n, mine)]
    d = divide(n)
    if d.whole:
        return [(n.text + why + " " + mark(_w(x.lang, "whole")), n, mine)]
    if d.intro is None and below:  # the first subdivision opens the unit: its provenance goes there
        text, unit, p = below[0]
        below[0] = (text + why, unit, p or mine)
    out = [(d.intro + why, n, mine)] if d.intro is not None else []
    return out + below + ([(d.wrap, n, None)] if d.wrap is not None else [])


def _header(x: Expression) -> list[str]:
    out = [cite_act(x.ref, x.lang, x.issuer), _w(x.lang, "as_of", d=_dmy(x.day))]
    if x.status == "not_yet_in_force":
        out.append(_w(x.lang, "act_not_yet"))
    elif x.status == "no_longer_in_force":
        out.append(_w(x.lang, "act_no_longer"))
    return out


def _footer(x: Expression) -> list[str]:
    return ([_w(x.lang, "left_out", n=len(x.left_out))] if x.left_out else []) + [_w(x.lang, "made")]


def _has_body(x: Expression) -> bool:
    return any(n.kind not in ("title", "preamble", "annex") for n in x.nodes)


def to_text(expr: Expression) -> str:
    """The expression as plain text: the requisite line and the day, then each provision's
    wording as the act prints it (numbers included), a bracketed remark where the wording is
    not known, the act that gave an amended wording in brackets after it."""
    x, mark = expr, _Marks(expr)
    out = _header(x) + [""]
    for n in x.nodes:
        for text, unit, prov in _lines(n, x, mark):
            if unit.kind == "annex" and text is not None:
                out += ["", label("annex", unit.number, x.lang) or ""]
            elif unit.kind in HEADING_RANK and out[-1]:
                out.append("")
            out.append(text + (f" [{prov}]" if prov else ""))
    if not _has_body(x):
        out.append(mark(_remark(None, x)))
    return "\n".join(out + [""] + mark.legend() + _footer(x)) + "\n"


CSS = """body{font-family:"Times New Roman",Georgia,serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.45}
header p{margin:.2em 0}.req{font-weight:bold}h1{font-size:1.3em;text-align:center}h2{font-size:1.15em;text-align:center}
h3{font-size:1.05em;text-align:center;margin-top:1.5em}.annex{margin-top:3em;border-top:1px solid #999;padding-top:1em}
.caption{text-align:right;font-style:italic}p{margin:.35em 0;text-align:justify;text-indent:2em}
.unknown,.uncertain{color:#555;font-style:italic}.suspended{background:#f4f0e0}.prov{color:#555;font-size:.85em;text-indent:0}
footer{margin-top:3em;border-top:1px solid #999;font-size:.85em;color:#444}
@media print{body{margin:0;max-width:none}.annex{page-break-before:always}}"""


def to_html(expr: Expression) -> str:
    """The expression as one standalone printable HTML document: no scripts, no external
    resources, every text escaped; a provision's first paragraph has its eId as ``id``."""
    x, esc, mark = expr, html.escape, _Marks(expr)
    head = _header(x)
    title = next((n.text for n in x.nodes if n.kind == "title" and n.text is not None), head[0])
    out = ["<!DOCTYPE html>", f'<html lang="{x.lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta name="generator" content="zangraph">', f"<title>{esc(title)} — {esc(head[1])}</title>",
           f"<style>{CSS}</style>", "</head>", "<body>", "<header>", f'<p class="req">{esc(head[0])}</p>',
           *(f"<p>{esc(h)}</p>" for h in head[1:]), "</header>", "<main>"]
    seen: set[str] = set()
    for n in x.nodes:
        for text, unit, prov in _lines(n, x, mark):
            ident = "" if unit.eid in seen else f' id="{esc(unit.eid)}"'
            seen.add(unit.eid)
            lines = "<br>".join(esc(line) for line in text.split(TEXT_SEP))
            if unit.kind == "title":
                out.append(f"<h1{ident}>{lines}</h1>")
            elif unit.kind in HEADING_RANK:
                out.append(f"<h3{ident}>{lines}</h3>")
            elif unit.kind == "annex":
                lab = label("annex", unit.number, x.lang)
                out += [f'<section class="annex"{ident}>', *([f'<p class="caption">{esc(lab)}</p>'] if lab else []),
                        f"<h2>{lines}</h2>"]
            else:
                classes = " ".join(c for c in ("unknown" if unit.text is None else "",
                                               unit.status if unit.status != "in_force" else "") if c)
                out.append(f"<p{ident}{f' class={chr(34)}{classes}{chr(34)}' if classes else ''}>{lines}</p>")
            if prov:
                out.append(f'<p class="prov">{esc(prov)}</p>')
        if n.kind == "annex":
            out.append("</section>")
    if not _has_body(x):
        out.append(f'<p class="unknown">{esc(mark(_remark(None, x)))}</p>')
    out += ["</main>", "<footer>", *(f'<p class="remark">{esc(r)}</p>' for r in mark.legend()),
            *(f"<p>{esc(f)}</p>" for f in _footer(x)), "</footer>", "</body>", "</html>", ""]
    return "\n".join(out)
