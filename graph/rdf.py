"""Model → RDF. The only module that writes ontology terms (zg:, eli:).

IRIs are deterministic (DESIGN §5): ``{base}eli/{kind}/{yyyy}/{mm}/{dd}/{number}`` for
an act, the act IRI + ``/`` + eId for a provision, the provision IRI + ``/version/`` +
the key of the act that introduced the wording (``original`` for the enacting act) for
a version, and ``{amending act IRI}/amends/{target key}/{eId}`` for an amendment, so the
same event learnt from several sources is one resource.
"""

from __future__ import annotations

from datetime import date

from pyoxigraph import Literal, NamedNode, Quad
from zangraph.ontology import ELI, ZG

from .model import Act, ActMention, ActRef, EntryRule, FootnoteEvent
from .temporal import Settings, When, act_end, act_start, resolve, versions

DEFAULT_BASE = "https://w3id.org/zangraph/kz/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE, _BOOL, _INT = NamedNode(XSD + "date"), NamedNode(XSD + "boolean"), NamedNode(XSD + "integer")
OPERATION = {
    "substitution": ZG.Substitution,
    "insertion": ZG.Insertion,
    "repeal": ZG.Repeal,
    "change": ZG.Change,
    "word_replacement": ZG.WordReplacement,
    "renumbering": ZG.Renumbering,
}


def n(term) -> NamedNode:
    return term if isinstance(term, NamedNode) else NamedNode(str(term))


def act_iri(ref: ActRef, base: str = DEFAULT_BASE) -> str:
    return f"{base}{ref.path}"


def graph_iri(act: Act, base: str = DEFAULT_BASE) -> str:
    """The named graph holding what one ingested text says (one per act and language)."""
    return f"{act_iri(act.ref, base)}/source/{act.language}"


def d(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=_DATE)


class _Out:
    def __init__(self, graph: str):
        self.g = NamedNode(graph)
        self.quads: list[Quad] = []

    def add(self, s, p, o) -> None:
        if o is None:
            return
        self.quads.append(Quad(s if isinstance(s, NamedNode) else NamedNode(s), n(p), o, self.g))


def _mention(out: _Out, m: ActMention, base: str) -> NamedNode:
    s = NamedNode(act_iri(m.ref, base))
    out.add(s, RDF_TYPE, n(ZG.Act))
    out.add(s, RDF_TYPE, n(ELI.LegalResource))
    out.add(s, ZG.key, Literal(m.ref.key))
    out.add(s, ZG.kind, Literal(m.ref.kind))
    out.add(s, ELI.number, Literal(m.ref.number))
    out.add(s, ELI.date_document, d(m.ref.date))
    return s


def _rule(out: _Out, node: NamedNode, rule: EntryRule, lang: str) -> None:
    out.add(node, RDF_TYPE, n(ZG.EntryIntoForceRule))
    out.add(node, ZG.ruleKind, Literal(rule.kind))
    if rule.kind == "publication+days":
        out.add(node, ZG.daysAfterPublication, Literal(str(rule.days), datatype=_INT))
    if rule.fixed:
        out.add(node, ZG.fixedDate, d(rule.fixed))
    if rule.text:
        out.add(node, ZG.ruleText, Literal(rule.text, language=lang))


def _when(out: _Out, s, start_p, latest_p, w: When | None) -> None:
    if w is None:
        return
    out.add(s, start_p, d(w.earliest))
    if w.latest is not None:
        out.add(s, latest_p, d(w.latest))


def amendment_iri(ev: FootnoteEvent, target: ActRef, eid: str, base: str) -> str:
    return f"{act_iri(ev.act.ref, base)}/amends/{target.key}/{eid or 'act'}"


def act_quads(act: Act, settings: Settings | None = None, base: str = DEFAULT_BASE) -> list[Quad]:
    """All quads one ingested text contributes, in its own named graph."""
    settings = settings or Settings()
    lang = act.language
    out = _Out(graph_iri(act, base))
    a_iri = act_iri(act.ref, base)
    a = _mention(out, ActMention(act.ref), base)
    out.add(a, ELI.title, Literal(act.title, language=lang))
    if act.issuer:
        out.add(a, ZG.issuer, Literal(act.issuer))
    out.add(a, ZG.textInCorpus, Literal("true", datatype=_BOOL))
    out.add(a, ZG.language, Literal(lang))
    if act.registration_number:
        out.add(a, ZG.registrationNumber, Literal(act.registration_number))
    if act.registration_date:
        out.add(a, ZG.registrationDate, d(act.registration_date))
    rule_node = NamedNode(f"{a_iri}/entry-into-force")
    out.add(a, ZG.entryIntoForce, rule_node)
    _rule(out, rule_node, act.entry_rule, lang)
    _when(out, a, ZG.validFrom, ZG.validFromLatest, act_start(act, settings))
    pub = settings.publications.dates.get(act.ref.key)
    if pub:
        out.add(a, ZG.publicationDate, d(pub[0]))
        out.add(a, ZG.publicationDateSource, Literal(pub[1]))
    if act.repealed_by:
        r = _mention(out, act.repealed_by, base)
        out.add(a, ZG.repealedBy, r)
        out.add(a, ELI.repealed_by, r)
        out.add(r, ELI.repeals, a)
        _when(out, a, ZG.validUntil, ZG.validUntilLatest, act_end(act, settings))
    for m in act.cites:
        if m.ref != act.ref:
            out.add(a, ELI.cites, _mention(out, m, base))

    # provisions, in document order
    def walk(p, parent_iri):
        yield p, parent_iri
        for c in p.children:
            yield from walk(c, f"{a_iri}/{p.eid}")

    order = 0
    for top in act.provisions:
        for p, parent in walk(top, a_iri):
            order += 1
            s = NamedNode(f"{a_iri}/{p.eid}")
            out.add(s, RDF_TYPE, n(ZG.Provision))
            out.add(s, RDF_TYPE, n(ELI.LegalResourceSubdivision))
            out.add(s, ZG.eId, Literal(p.eid))
            out.add(s, ZG.act, a)
            out.add(s, ELI.is_part_of, NamedNode(parent))
            out.add(s, ZG.provisionKind, Literal(p.kind))
            if p.number:
                out.add(s, ZG.number, Literal(p.number))
            if p.heading:
                out.add(s, ZG.heading, Literal(p.heading, language=lang))
            if p.approval:
                out.add(s, ZG.approvalText, Literal(p.approval, language=lang))
            out.add(s, ZG.order, Literal(str(order), datatype=_INT))
            out.add(s, ZG.sourceLine, Literal(str(p.line), datatype=_INT))
            for v in versions(act, p, settings):
                intro = v.introduced_by
                vk = intro.act.ref.key if intro else "original"
                vs = NamedNode(f"{s.value}/version/{vk}")
                out.add(vs, RDF_TYPE, n(ZG.Version))
                out.add(vs, ZG.versionOf, s)
                _when(out, vs, ZG.validFrom, ZG.validFromLatest, v.start)
                _when(out, vs, ZG.validUntil, ZG.validUntilLatest, v.end)
                out.add(vs, ZG.textKnown, Literal("true" if v.text is not None else "false", datatype=_BOOL))
                if v.text is not None:
                    out.add(vs, ZG.text, Literal(v.text, language=lang))
                if intro is None:
                    out.add(vs, ZG.introducedBy, a)
                else:
                    out.add(vs, ZG.introducedBy, NamedNode(_event_iri(act, intro, p.eid, base)))
                if v.ended_by is not None:
                    out.add(vs, ZG.endedBy, NamedNode(_event_iri(act, v.ended_by, p.eid, base)))
                elif v.ended_by_act_repeal and act.repealed_by:
                    out.add(vs, ZG.endedBy, NamedNode(act_iri(act.repealed_by.ref, base)))

    # footnotes → amendment events
    counters: dict[str, int] = {}
    for fn in act.footnotes:
        target = NamedNode(f"{a_iri}/{fn.target_eid}") if fn.target_eid else a
        counters[fn.target_eid] = counters.get(fn.target_eid, 0) + 1
        note = NamedNode(f"{target.value}/footnote/{counters[fn.target_eid]}")
        out.add(note, ZG.sourceText, Literal(fn.text, language=lang))
        out.add(note, ZG.sourceLine, Literal(str(fn.line), datatype=_INT))
        if fn.target_eid:
            out.add(target, ZG.footnote, Literal(fn.text, language=lang))
        for ev in fn.events:
            e = NamedNode(amendment_iri(ev, act.ref, fn.target_eid, base))
            amending = _mention(out, ev.act, base)
            out.add(e, RDF_TYPE, n(ZG.Amendment))
            out.add(e, ZG.amendingAct, amending)
            out.add(e, ZG.targetAct, a)
            out.add(e, ZG.target, target)
            out.add(e, ZG.operation, n(OPERATION[ev.operation]))
            out.add(e, ZG.learntFrom, note)
            _when(out, e, ZG.effectiveFrom, ZG.effectiveFromLatest, resolve(ev.rule, ev.act.ref, settings))
            rn = NamedNode(f"{e.value}/entry-into-force")
            out.add(e, ZG.entryIntoForce, rn)
            _rule(out, rn, ev.rule, lang)
            out.add(amending, ELI.repeals if (ev.operation == "repeal" and not fn.target_eid) else ELI.amends, a)
    return out.quads


def _event_iri(act: Act, ev: FootnoteEvent, eid: str, base: str) -> str:
    """The amendment that made a version: the event on this provision or on the ancestor
    whose footnote named it."""
    for f in act.footnotes:
        if ev in f.events and (f.target_eid == eid or eid.startswith(f.target_eid + "__") or not f.target_eid):
            return amendment_iri(ev, act.ref, f.target_eid, base)
    return amendment_iri(ev, act.ref, eid, base)
