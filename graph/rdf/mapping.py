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

from ..model import Act, ActMention, ActRef, EntryRule
from ..reading.footnotes import act_mentions
from ..requirements.positions import cards, register_annexes
from ..requirements.requirements import Period, RequirementSet, parse_requirements, split_classes
from ..time.temporal import Settings, When

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
    """The named graph holding what one ingested text says (one per act, source format,
    language and redaction: an Adilet export and a kazakhstan-law directory of the same act
    are two sources, and so are two redactions: ``…/kazakhstan-law/ru/2016-11-09`` by a
    directory's ``version_date``, ``…/source/ru/2020-12-31`` by the last amending act an
    export's footnotes name)."""
    if act.origin != "adilet":
        dated = f"/{act.version_date.isoformat()}" if act.version_date else ""
        return f"{act_iri(act.ref, base)}/source/{act.origin}/{act.language}{dated}"
    # an Adilet export carries no date of its own: it is the redaction after the last
    # amending act its footnotes name (an export of another day with the same footnotes is
    # the same redaction, and replaces it; one reflecting a later act is another)
    last = max((ev.act.ref.date for f in act.footnotes for ev in f.events), default=None)
    if last is not None:
        return f"{act_iri(act.ref, base)}/source/{act.language}/{last.isoformat()}"
    return f"{act_iri(act.ref, base)}/source/{act.language}"


def d(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=_DATE)


SINK_CHUNK = 50_000  # quads handed to a sink at a time


class _Out:
    """Collects one graph's quads; with a ``sink``, hands them over every ``SINK_CHUNK``
    quads so a large act is never held whole as Python objects."""

    def __init__(self, graph: str, sink=None):
        self.g = NamedNode(graph)
        self.quads: list[Quad] = []
        self.sink = sink

    def add(self, s, p, o) -> None:
        if o is None:
            return
        self.quads.append(Quad(s if isinstance(s, NamedNode) else NamedNode(s), n(p), o, self.g))
        if self.sink is not None and len(self.quads) >= SINK_CHUNK:
            self.sink(self.quads)
            self.quads = []

    def done(self) -> list[Quad]:
        """The quads not yet handed over: all of them without a sink, none with one."""
        if self.sink is None:
            return self.quads
        if self.quads:
            self.sink(self.quads)
        self.quads = []
        return []


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
    if rule.retroactive_from:
        out.add(node, ZG.retroactiveFrom, d(rule.retroactive_from))


def _when(out: _Out, s, start_p, latest_p, w: When | None) -> None:
    if w is None:
        return
    out.add(s, start_p, d(w.earliest))
    if w.latest is not None:
        out.add(s, latest_p, d(w.latest))


def event_iri(amending: ActRef, target: ActRef, eid: str, base: str) -> str:
    return f"{act_iri(amending, base)}/amends/{target.key}/{eid or 'act'}"


def consolidated_iri(ref: ActRef, base: str = DEFAULT_BASE) -> str:
    """The named graph holding one act's consolidation (versions, events, order)."""
    return f"{act_iri(ref, base)}/consolidated"


def source_quads(act: Act, base: str = DEFAULT_BASE, raw: str | None = None, sink=None) -> list[Quad]:
    """What one ingested text states, in its own named graph: the act, its provisions as
    written, its footnotes, the acts it names, and (``raw``) the text itself. With a
    ``sink`` the quads go to it in chunks and the list returned is empty."""
    lang = act.language
    out = _Out(graph_iri(act, base), sink)
    a_iri = act_iri(act.ref, base)
    a = _mention(out, ActMention(act.ref), base)
    out.add(a, ELI.title, Literal(act.title, language=lang))
    for other, title in act.other_titles:  # meta.yaml gives the title in both languages
        out.add(a, ELI.title, Literal(title, language=other))
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
    if raw is not None:
        out.add(out.g, ZG.rawSource, Literal(raw))
    out.add(out.g, ZG.sourceFile, Literal(act.source))
    out.add(out.g, ZG.sourceFormat, Literal(act.origin))
    if act.source_hash:
        out.add(out.g, ZG.sourceHash, Literal(act.source_hash))
    if act.version_date:  # kazakhstan-law meta.yaml: this wording took effect that day …
        out.add(out.g, ZG.versionDate, d(act.version_date))
    if act.version_cause:  # … because of that act
        out.add(out.g, ZG.causedBy, _mention(out, act.version_cause, base))
    if act.portal_code:
        out.add(a, ZG.portalCode, Literal(act.portal_code))
    if act.portal_url:
        out.add(out.g, ZG.portalUrl, Literal(act.portal_url))
    if act.commit:
        out.add(out.g, ZG.commit, Literal(act.commit))
    out.add(out.g, ZG.knownOn, d(act.knowledge_date()))
    for code in act.replaces:
        out.add(a, ZG.replacesPortalCode, Literal(code))
    if act.repealed_by:
        r = _mention(out, act.repealed_by, base)
        out.add(a, ZG.repealedBy, r)
        out.add(a, ELI.repealed_by, r)
        out.add(r, ELI.repeals, a)
    for m in act.cites:
        if m.ref != act.ref:
            out.add(a, ELI.cites, _mention(out, m, base))
    for _src, _day, _issue, text in act.publications:
        out.add(a, ZG.publication, Literal(text, language=act.language))
    for ins in act.instructions:
        t = _mention(out, ins.target, base)
        out.add(a, ELI.repeals if (ins.operation == "repeal" and not ins.path and ins.document is None) else ELI.amends, t)

    def walk(p, parent_iri):
        yield p, parent_iri
        for c in p.children:
            yield from walk(c, f"{a_iri}/{p.eid}")

    for top in act.provisions:
        for p, parent in walk(top, a_iri):
            _provision(out, NamedNode(f"{a_iri}/{p.eid}"), p.eid, a, NamedNode(parent), p.kind, p.number, p.heading, lang)
            if p.approval:
                out.add(NamedNode(f"{a_iri}/{p.eid}"), ZG.approvalText, Literal(p.approval, language=lang))
            out.add(NamedNode(f"{a_iri}/{p.eid}"), ZG.sourceLine, Literal(str(p.line), datatype=_INT))
    counters: dict[str, int] = {}
    for fn in act.footnotes:
        target = NamedNode(f"{a_iri}/{fn.target_eid}") if fn.target_eid else a
        counters[fn.target_eid] = counters.get(fn.target_eid, 0) + 1
        note = NamedNode(footnote_iri(act.ref, fn.target_eid, counters[fn.target_eid], base))
        out.add(note, ZG.sourceText, Literal(fn.text, language=lang))
        out.add(note, ZG.sourceLine, Literal(str(fn.line), datatype=_INT))
        if fn.target_eid:
            out.add(target, ZG.footnote, Literal(fn.text, language=lang))
        for ev in fn.events:
            _mention(out, ev.act, base)
    return out.done()


def footnote_iri(ref: ActRef, eid: str, index: int, base: str) -> str:
    return f"{act_iri(ref, base)}/{eid + '/' if eid else ''}footnote/{index}"


def _provision(out: _Out, s: NamedNode, eid: str, a, parent, kind, number, heading, lang) -> None:
    out.add(s, RDF_TYPE, n(ZG.Provision))
    out.add(s, RDF_TYPE, n(ELI.LegalResourceSubdivision))
    out.add(s, ZG.eId, Literal(eid))
    out.add(s, ZG.act, a)
    out.add(s, ELI.is_part_of, parent)
    out.add(s, ZG.provisionKind, Literal(kind))
    if number:
        out.add(s, ZG.number, Literal(number))
    if heading and lang:
        out.add(s, ZG.heading, Literal(heading, language=lang))


def consolidated_quads(c, settings: Settings, base: str = DEFAULT_BASE, sink=None) -> list[Quad]:
    """One act's consolidation (``graph.consolidation.consolidate.Consolidated``) in ``{act}/consolidated``
    (to ``sink`` in chunks, as ``source_quads``)."""
    out = _Out(consolidated_iri(c.ref, base), sink)
    a_iri = act_iri(c.ref, base)
    a = _mention(out, c.mention, base)
    if not c.texts:
        for lang, title in c.titles.items():
            out.add(a, ELI.title, Literal(title, language=lang))
    _when(out, a, ZG.validFrom, ZG.validFromLatest, c.start)
    pub = settings.publications.dates.get(c.ref.key)
    if pub:
        out.add(a, ZG.publicationDate, d(pub[0]))
        out.add(a, ZG.publicationDateSource, Literal(pub[1]))
    if c.repealed_by is not None:
        r = _mention(out, c.repealed_by, base)
        out.add(a, ZG.repealedBy, r)
        out.add(a, ELI.repealed_by, r)
        _when(out, a, ZG.validUntil, ZG.validUntilLatest, c.end)
    infos = {i.eid: i for i in c.provisions}
    for info in c.provisions:
        s = NamedNode(f"{a_iri}/{info.eid}")
        out.add(s, ZG.order, Literal(str(info.order), datatype=_INT))
        if not info.in_text:
            parent = info.eid.rsplit("__", 1)[0] if "__" in info.eid else ""
            p_iri = NamedNode(f"{a_iri}/{parent}") if parent in infos else a
            _provision(out, s, info.eid, a, p_iri, info.kind, info.number, info.heading, info.language)
        for seg in c.chains[info.eid]:
            vk = seg.intro.key if seg.intro else "original"
            vs = NamedNode(f"{s.value}/version/{vk}")
            out.add(vs, RDF_TYPE, n(ZG.Version))
            out.add(vs, RDF_TYPE, n(ELI.LegalExpression))
            out.add(vs, ZG.versionOf, s)
            _when(out, vs, ZG.validFrom, ZG.validFromLatest, seg.start)
            _when(out, vs, ZG.validUntil, ZG.validUntilLatest, seg.end)
            out.add(vs, ZG.textKnown, Literal("true" if seg.texts else "false", datatype=_BOOL))
            for lang, text in sorted(seg.texts.items()):
                out.add(vs, ZG.text, Literal(text, language=lang))
            for _lang, reds in sorted(seg.origins.items()):  # the redactions giving each wording (citations)
                for red in reds:
                    out.add(vs, ZG.wordingFrom, NamedNode(graph_iri(red, base)))
            out.add(vs, ZG.introducedBy, NamedNode(event_iri(seg.intro.amending.ref, c.ref, seg.intro.eid, base)) if seg.intro else a)
            if seg.ended_by is not None:
                out.add(vs, ZG.endedBy, NamedNode(event_iri(seg.ended_by.amending.ref, c.ref, seg.ended_by.eid, base)))
            elif seg.ended_by_act is not None:
                out.add(vs, ZG.endedBy, NamedNode(act_iri(seg.ended_by_act.ref, base)))
    for ev in c.events:
        e = NamedNode(event_iri(ev.amending.ref, c.ref, ev.eid, base))
        amending = _mention(out, ev.amending, base)
        target = NamedNode(f"{a_iri}/{ev.eid}") if ev.eid else a
        out.add(e, RDF_TYPE, n(ZG.Amendment))
        out.add(e, ZG.amendingAct, amending)
        out.add(e, ZG.targetAct, a)
        out.add(e, ZG.target, target)
        out.add(e, ZG.operation, n(OPERATION[ev.operation]))
        _when(out, e, ZG.effectiveFrom, ZG.effectiveFromLatest, ev.when)
        if ev.when.source:
            out.add(e, ZG.effectiveFromSource, Literal(ev.when.source))
        rn = NamedNode(f"{e.value}/entry-into-force")
        out.add(e, ZG.entryIntoForce, rn)
        _rule(out, rn, ev.rule, ev.sources[0].language if ev.sources else "ru")
        for lang, t in sorted(ev.new_text.items()):
            out.add(e, ZG.newText, Literal(t, language=lang))
        for lang, t in sorted(ev.old_text.items()):
            out.add(e, ZG.oldText, Literal(t, language=lang))
        for src in ev.sources:
            if src.kind == "footnote":
                out.add(e, ZG.learntFrom, NamedNode(footnote_iri(c.ref, src.eid, src.index, base)))
            else:
                prov = NamedNode(f"{act_iri(ev.amending.ref, base)}/{src.eid}")
                out.add(e, ZG.learntFrom, prov)
                out.add(e, ZG.amendingProvision, prov)
        whole = ev.operation == "repeal" and not ev.eid
        out.add(amending, ELI.repeals if whole else ELI.amends, a)
    for sp in c.suspensions:
        e = NamedNode(f"{act_iri(sp.suspending.ref, base)}/suspends/{c.ref.path.split('eli/', 1)[1]}/{sp.eid or 'act'}")
        out.add(e, RDF_TYPE, n(ZG.Suspension))
        out.add(e, ZG.amendingAct, _mention(out, sp.suspending, base))
        out.add(e, ZG.targetAct, a)
        out.add(e, ZG.target, NamedNode(f"{a_iri}/{sp.eid}") if sp.eid else a)
        _when(out, e, ZG.effectiveFrom, ZG.effectiveFromLatest, sp.when)
        if sp.until is not None:
            out.add(e, ZG.suspendedUntil, Literal(sp.until.isoformat(), datatype=_DATE))
        prov = NamedNode(f"{act_iri(sp.suspending.ref, base)}/{sp.source.eid}")
        out.add(e, ZG.learntFrom, prov)
        out.add(e, ZG.amendingProvision, prov)
    _requirements(out, c, a, base)
    return out.done()


# ---------------------------------------------------------------- positions and requirements


def _int(v: int) -> Literal:
    return Literal(str(v), datatype=_INT)


def _version_iri(prov_iri: str, seg) -> str:
    return f"{prov_iri}/version/{seg.intro.key if seg.intro else 'original'}"


def _requirements(out: _Out, c, a: NamedNode, base: str) -> None:
    """Positions and the requirements stated by every known wording of the act.

    A requirement hangs on the version whose wording states it (``zg:statedIn``), so a
    new wording gives new requirements and an unknown wording gives none. Classes of
    positions named by a requirement ("для занятия … должностей X, а также Y") are
    established by that provision; a requirement that names no positions applies to
    every class of its document (an annex)."""
    a_iri = act_iri(c.ref, base)
    classes: dict[str, list[tuple[NamedNode, str]]] = {}  # document → classes
    stated: list[tuple[str, RequirementSet, str]] = []  # (version IRI, set, provision IRI)
    for info in c.provisions:
        prov_iri = f"{a_iri}/{info.eid}"
        if info.kind not in ("point", "article"):
            continue  # subpoints and parts are read as part of their point's wording
        known = [seg for seg in c.chains[info.eid] if seg.texts]
        for seg in known:
            for lang, text in sorted(seg.texts.items()):
                sets = parse_requirements(info.eid, text, lang)
                if sets:
                    stated += [(_version_iri(prov_iri, seg), rs, prov_iri) for rs in sets]
                    break
        doc = info.eid.split("__")[0] if info.eid.startswith("annex_") else ""
        last = [(v, rs) for v, rs, p in stated if p == prov_iri and rs.index == 1 and rs.who]
        if last:
            _v, rs = last[-1]
            for k, title in enumerate(split_classes(rs.who), 1):
                pos = NamedNode(f"{prov_iri}/position/{k}")
                out.add(pos, RDF_TYPE, n(ZG.Position))
                out.add(pos, ZG.positionTitle, Literal(title, language=rs.language))
                out.add(pos, ZG.establishedBy, NamedNode(prov_iri))
                out.add(pos, ZG.act, a)
                classes.setdefault(doc, []).append((pos, title))
    for v_iri, rs, prov_iri in stated:
        doc = rs.eid.split("__")[0] if rs.eid.startswith("annex_") else ""
        if rs.who is None:
            applies = [p for p, _t in classes.get(doc, [])]
        elif rs.index == 1:
            applies = [NamedNode(f"{prov_iri}/position/{k}") for k in range(1, len(split_classes(rs.who)) + 1)]
        else:
            applies = [p for p, t in classes.get(doc, []) if t == rs.who] or [
                p for p, t in classes.get(doc, []) if rs.who in t]
        _requirement(out, NamedNode(f"{v_iri}/requirement/{rs.index}"), rs, NamedNode(v_iri), applies)
    for text in c.texts:
        for annex in register_annexes(text.provisions):
            _cards(out, c, a, a_iri, text, annex, base)


def _cards(out: _Out, c, a: NamedNode, a_iri: str, text: Act, annex, base: str) -> None:
    lang = text.language
    annex_iri = f"{a_iri}/{annex.eid}"
    versions = [NamedNode(_version_iri(annex_iri, seg)) for seg in c.chains.get(annex.eid, []) if seg.texts]
    found, _problems = cards(annex)
    for card in found:
        cn = NamedNode(f"{annex_iri}/card/{card.index}")
        out.add(cn, RDF_TYPE, n(ZG.PositionCard))
        out.add(cn, ZG.act, a)
        out.add(cn, ZG.establishedBy, NamedNode(annex_iri))
        out.add(cn, ZG.sourceLine, _int(card.line))
        out.add(cn, ZG.positionTitle, Literal(card.title, language=lang))
        if card.unit:
            out.add(cn, ZG.unit, Literal(card.unit, language=lang))
        if card.category:
            out.add(cn, ZG.category, Literal(card.category))
        if card.headcount is not None:
            out.add(cn, ZG.headcount, _int(card.headcount))
        for name, value in (("competencies", card.competencies), ("duties", card.duties)):
            if value:
                out.add(cn, ZG[name], Literal(value, language=lang))
        posts = []
        for number in card.numbers:
            post = NamedNode(f"{cn.value}/post/{number}")
            posts.append(post)
            out.add(post, RDF_TYPE, n(ZG.Position))
            out.add(post, ZG.positionNumber, Literal(number))
            out.add(post, ZG.card, cn)
            out.add(post, ZG.act, a)
            out.add(post, ZG.establishedBy, NamedNode(annex_iri))
            out.add(post, ZG.positionTitle, Literal(card.title, language=lang))
            if card.unit:
                out.add(post, ZG.unit, Literal(card.unit, language=lang))
            if card.category:
                out.add(post, ZG.category, Literal(card.category))
            out.add(post, ZG.sourceLine, _int(card.line))
        r = NamedNode(f"{cn.value}/requirement")
        out.add(r, RDF_TYPE, n(ZG.Requirement))
        for v in versions:
            out.add(r, ZG.statedIn, v)
        for post in posts:
            out.add(r, ZG.appliesTo, post)
        if card.education:
            out.add(r, ZG.sourceText, Literal(card.education, language=lang))
            m = _higher(card.education)
            if m is not None:
                out.add(r, ZG.educationLevel, Literal("higher"))
                if m:
                    out.add(r, ZG.educationField, Literal(m, language=lang))
        if card.experience:
            out.add(r, ZG.note, Literal(card.experience, language=lang))
            for _s, _e, mention, _rule in act_mentions(card.experience, lang):
                out.add(r, ZG.experienceDefinedBy, _mention(out, mention, base))
                break


def _higher(education: str) -> str | None:
    """The fields of a card's "… мамандықтары бойынша жоғары білім" ('' = any field; None = not higher)."""
    from ..requirements.requirements import _education

    e = _education(education)
    return None if e is None else (e.field or "")


def _period(out: _Out, s: NamedNode, p: Period, lang: str) -> None:
    out.add(s, RDF_TYPE, n(ZG.ExperiencePeriod))
    out.add(s, ZG.experienceKind, Literal(p.kind))
    out.add(s, ZG.months, _int(p.months))
    out.add(s, ZG.sourceText, Literal(p.text, language=lang))
    for cat in p.accepted_categories():
        out.add(s, ZG.acceptedCategory, Literal(cat))
    if p.min_staff is not None:
        out.add(s, ZG.minStaff, _int(p.min_staff))
    if p.also:
        out.add(s, ZG.alsoAccepted, Literal(p.also, language=lang))


def _periods(out: _Out, s: NamedNode, periods, lang: str) -> None:
    for i, p in enumerate(periods, 1):
        if p.kind == "total":
            out.add(s, ZG.minTotalExperienceMonths, _int(p.months))
        elif p.kind == "sector":
            out.add(s, ZG.minSectorExperienceMonths, _int(p.months))
        else:
            node = NamedNode(f"{s.value}/period/{i}")
            out.add(s, ZG.minPeriod, node)
            _period(out, node, p, lang)


def _requirement(out: _Out, r: NamedNode, rs: RequirementSet, version: NamedNode, applies) -> None:
    lang = rs.language
    out.add(r, RDF_TYPE, n(ZG.Requirement))
    out.add(r, ZG.statedIn, version)
    out.add(r, ZG.eId, Literal(rs.eid))
    out.add(r, ZG.order, _int(rs.index))
    for p in applies:
        out.add(r, ZG.appliesTo, p)
    if rs.education:
        out.add(r, ZG.educationLevel, Literal(rs.education.level))
        if rs.education.field:
            out.add(r, ZG.educationField, Literal(rs.education.field, language=lang))
        if rs.education.waiver_months:
            out.add(r, ZG.educationWaiverMonths, _int(rs.education.waiver_months))
    if rs.max_age is not None:
        out.add(r, ZG.maxAge, _int(rs.max_age))
    _periods(out, r, rs.common, lang)
    for cond in rs.conditions:
        out.add(r, ZG.condition, Literal(cond))
    for note in rs.notes:
        out.add(r, ZG.note, Literal(note, language=lang))
    for i, alt in enumerate(rs.alternatives, 1):
        s = NamedNode(f"{r.value}/alternative/{alt.eid.rsplit('__', 1)[-1] if alt.eid != rs.eid else 'whole'}")
        out.add(r, ZG.alternative, s)
        out.add(s, RDF_TYPE, n(ZG.Requirement))
        out.add(s, ZG.eId, Literal(alt.eid))
        out.add(s, ZG.order, _int(i))
        out.add(s, ZG.sourceText, Literal(alt.text, language=lang))
        _periods(out, s, alt.periods, lang)
        for cond in alt.conditions:
            out.add(s, ZG.condition, Literal(cond))
