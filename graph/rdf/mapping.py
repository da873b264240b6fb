"""Model → RDF. The only module that writes ontology terms (zg:, eli:).

IRIs are deterministic (DESIGN §5): ``{base}eli/{kind}/{yyyy}/{mm}/{dd}/{number}`` for
an act, the act IRI + ``/`` + eId for a provision, the provision IRI + ``/version/`` +
the key of the act that introduced the wording (``original`` for the enacting act) for
a version, and ``{amending act IRI}/amends/{target key}/{eId}`` for an amendment, so the
same event learnt from several sources is one resource.
"""

from __future__ import annotations

from zangraph.ontology import ELI as _ELI
from zangraph.ontology import ZG as _ZG

from ..model import Act, ActMention, ActRef, EntryRule
from ..reading.footnotes import act_mentions
from ..requirements.positions import cards, register_annexes
from ..requirements.requirements import Period, RequirementSet, parse_requirements, split_classes
from ..time.temporal import Settings, When
from .answers import answer_data
from .ntriples import TRUE, Out, Vocabulary, boolean, day, integer, iri, lit, quads, value

DEFAULT_BASE = "https://w3id.org/zangraph/kz/"
ZG, ELI = Vocabulary(_ZG), Vocabulary(_ELI)  # terms as ``<iri>`` tokens
RDF_TYPE = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OPERATION = {
    "substitution": ZG.Substitution,
    "insertion": ZG.Insertion,
    "repeal": ZG.Repeal,
    "change": ZG.Change,
    "word_replacement": ZG.WordReplacement,
    "renumbering": ZG.Renumbering,
}


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


def _mention(out: Out, m: ActMention, base: str) -> str:
    s = iri(act_iri(m.ref, base))
    out.add(s, RDF_TYPE, ZG.Act)
    out.add(s, RDF_TYPE, ELI.LegalResource)
    out.add(s, ZG.key, lit(m.ref.key))
    out.add(s, ZG.kind, lit(m.ref.kind))
    out.add(s, ELI.number, lit(m.ref.number))
    out.add(s, ELI.date_document, day(m.ref.date))
    return s


def _rule(out: Out, node: str, rule: EntryRule, lang: str) -> None:
    out.add(node, RDF_TYPE, ZG.EntryIntoForceRule)
    out.add(node, ZG.ruleKind, lit(rule.kind))
    if rule.kind == "publication+days":
        out.add(node, ZG.daysAfterPublication, integer(rule.days))
    if rule.fixed:
        out.add(node, ZG.fixedDate, day(rule.fixed))
    if rule.text:
        out.add(node, ZG.ruleText, lit(rule.text, lang))
    if rule.retroactive_from:
        out.add(node, ZG.retroactiveFrom, day(rule.retroactive_from))


def _when(out: Out, s, start_p, latest_p, w: When | None) -> None:
    if w is None:
        return
    out.add(s, start_p, day(w.earliest))
    if w.latest is not None:
        out.add(s, latest_p, day(w.latest))


def event_iri(amending: ActRef, target: ActRef, eid: str, base: str) -> str:
    return f"{act_iri(amending, base)}/amends/{target.key}/{eid or 'act'}"


def consolidated_iri(ref: ActRef, base: str = DEFAULT_BASE) -> str:
    """The named graph holding one act's consolidation (versions, events, order)."""
    return f"{act_iri(ref, base)}/consolidated"


def source_quads(act: Act, base: str = DEFAULT_BASE, raw: str | None = None) -> list:
    """``source_nquads`` as pyoxigraph quads."""
    return quads(source_nquads(act, base, raw))


def consolidated_quads(c, settings: Settings, base: str = DEFAULT_BASE) -> list:
    """``consolidated_nquads`` as pyoxigraph quads."""
    return quads(consolidated_nquads(c, settings, base))


def source_nquads(act: Act, base: str = DEFAULT_BASE, raw: str | None = None, sink=None) -> list[str]:
    """What one ingested text states, in its own named graph, as N-Quads lines: the act,
    its provisions as written, its footnotes, the acts it names, and (``raw``) the text
    itself. With a ``sink`` the lines go to it in chunks and the list returned is empty."""
    lang = act.language
    out = Out(graph_iri(act, base), sink)
    a_iri = act_iri(act.ref, base)
    a = _mention(out, ActMention(act.ref), base)
    out.add(a, ELI.title, lit(act.title, lang))
    for other, title in act.other_titles:  # meta.yaml gives the title in both languages
        out.add(a, ELI.title, lit(title, other))
    if act.issuer:
        out.add(a, ZG.issuer, lit(act.issuer))
    out.add(a, ZG.textInCorpus, TRUE)
    out.add(a, ZG.language, lit(lang))
    if act.registration_number:
        out.add(a, ZG.registrationNumber, lit(act.registration_number))
    if act.registration_date:
        out.add(a, ZG.registrationDate, day(act.registration_date))
    rule_node = iri(f"{a_iri}/entry-into-force")
    out.add(a, ZG.entryIntoForce, rule_node)
    _rule(out, rule_node, act.entry_rule, lang)
    if raw is not None:
        out.add(out.g, ZG.rawSource, lit(raw))
    out.add(out.g, ZG.sourceFile, lit(act.source))
    out.add(out.g, ZG.sourceFormat, lit(act.origin))
    if act.source_hash:
        out.add(out.g, ZG.sourceHash, lit(act.source_hash))
    if act.version_date:  # kazakhstan-law meta.yaml: this wording took effect that day …
        out.add(out.g, ZG.versionDate, day(act.version_date))
    if act.version_cause:  # … because of that act
        out.add(out.g, ZG.causedBy, _mention(out, act.version_cause, base))
    if act.portal_code:
        out.add(a, ZG.portalCode, lit(act.portal_code))
    if act.portal_url:
        out.add(out.g, ZG.portalUrl, lit(act.portal_url))
    if act.commit:
        out.add(out.g, ZG.commit, lit(act.commit))
    out.add(out.g, ZG.knownOn, day(act.knowledge_date()))
    for code in act.replaces:
        out.add(a, ZG.replacesPortalCode, lit(code))
    if act.repealed_by:
        r = _mention(out, act.repealed_by, base)
        out.add(a, ZG.repealedBy, r)
        out.add(a, ELI.repealed_by, r)
        out.add(r, ELI.repeals, a)
    for m in act.cites:
        if m.ref != act.ref:
            out.add(a, ELI.cites, _mention(out, m, base))
    for _src, _day, _issue, text in act.publications:
        out.add(a, ZG.publication, lit(text, act.language))
    for ins in act.instructions:
        t = _mention(out, ins.target, base)
        out.add(a, ELI.repeals if (ins.operation == "repeal" and not ins.path and ins.document is None) else ELI.amends, t)

    def walk(p, parent_iri):
        yield p, parent_iri
        for c in p.children:
            yield from walk(c, f"{a_iri}/{p.eid}")

    for top in act.provisions:
        for p, parent in walk(top, a_iri):
            s = iri(f"{a_iri}/{p.eid}")
            _provision(out, s, p.eid, a, iri(parent), p.kind, p.number, p.heading, lang)
            if p.approval:
                out.add(s, ZG.approvalText, lit(p.approval, lang))
            out.add(s, ZG.sourceLine, integer(p.line))
    counters: dict[str, int] = {}
    for fn in act.footnotes:
        target = iri(f"{a_iri}/{fn.target_eid}") if fn.target_eid else a
        counters[fn.target_eid] = counters.get(fn.target_eid, 0) + 1
        note = iri(footnote_iri(act.ref, fn.target_eid, counters[fn.target_eid], base))
        out.add(note, ZG.sourceText, lit(fn.text, lang))
        out.add(note, ZG.sourceLine, integer(fn.line))
        if fn.target_eid:
            out.add(target, ZG.footnote, lit(fn.text, lang))
        for ev in fn.events:
            _mention(out, ev.act, base)
    return out.done()


def footnote_iri(ref: ActRef, eid: str, index: int, base: str) -> str:
    return f"{act_iri(ref, base)}/{eid + '/' if eid else ''}footnote/{index}"


def _provision(out: Out, s: str, eid: str, a, parent, kind, number, heading, lang) -> None:
    out.add(s, RDF_TYPE, ZG.Provision)
    out.add(s, RDF_TYPE, ELI.LegalResourceSubdivision)
    out.add(s, ZG.eId, lit(eid))
    out.add(s, ZG.act, a)
    out.add(s, ELI.is_part_of, parent)
    out.add(s, ZG.provisionKind, lit(kind))
    if number:
        out.add(s, ZG.number, lit(number))
    if heading and lang:
        out.add(s, ZG.heading, lit(heading, lang))


def consolidated_nquads(c, settings: Settings, base: str = DEFAULT_BASE, sink=None) -> list[str]:
    """One act's consolidation (``graph.consolidation.consolidate.Consolidated``) in
    ``{act}/consolidated``, as N-Quads lines (to ``sink`` in chunks, as ``source_nquads``)."""
    out = Out(consolidated_iri(c.ref, base), sink)
    a_iri = act_iri(c.ref, base)
    a = _mention(out, c.mention, base)
    if not c.texts:
        for lang, title in c.titles.items():
            out.add(a, ELI.title, lit(title, lang))
    _when(out, a, ZG.validFrom, ZG.validFromLatest, c.start)
    pub = settings.publications.dates.get(c.ref.key)
    if pub:
        out.add(a, ZG.publicationDate, day(pub[0]))
        out.add(a, ZG.publicationDateSource, lit(pub[1]))
    if c.repealed_by is not None:
        r = _mention(out, c.repealed_by, base)
        out.add(a, ZG.repealedBy, r)
        out.add(a, ELI.repealed_by, r)
        _when(out, a, ZG.validUntil, ZG.validUntilLatest, c.end)
    infos = {i.eid: i for i in c.provisions}
    graphs: dict[int, str] = {}  # id of a text → its graph's token
    for info in c.provisions:
        s = iri(f"{a_iri}/{info.eid}")
        out.add(s, ZG.order, integer(info.order))
        if not info.in_text:
            parent = info.eid.rsplit("__", 1)[0] if "__" in info.eid else ""
            p_iri = iri(f"{a_iri}/{parent}") if parent in infos else a
            _provision(out, s, info.eid, a, p_iri, info.kind, info.number, info.heading, info.language)
        for seg in c.chains[info.eid]:
            vk = seg.intro.key if seg.intro else "original"
            vs = iri(f"{value(s)}/version/{vk}")
            out.add(vs, RDF_TYPE, ZG.Version)
            out.add(vs, RDF_TYPE, ELI.LegalExpression)
            out.add(vs, ZG.versionOf, s)
            _when(out, vs, ZG.validFrom, ZG.validFromLatest, seg.start)
            _when(out, vs, ZG.validUntil, ZG.validUntilLatest, seg.end)
            out.add(vs, ZG.textKnown, boolean(bool(seg.texts)))
            for lang, text in sorted(seg.texts.items()):
                out.add(vs, ZG.text, lit(text, lang))
            for _lang, reds in sorted(seg.origins.items()):  # the redactions giving each wording (citations)
                for red in reds:
                    g = graphs.get(id(red))
                    if g is None:  # an Adilet export's graph is named after its footnotes: made once per text
                        g = graphs[id(red)] = iri(graph_iri(red, base))
                    out.add(vs, ZG.wordingFrom, g)
            out.add(vs, ZG.introducedBy, iri(event_iri(seg.intro.amending.ref, c.ref, seg.intro.eid, base)) if seg.intro else a)
            if seg.ended_by is not None:
                out.add(vs, ZG.endedBy, iri(event_iri(seg.ended_by.amending.ref, c.ref, seg.ended_by.eid, base)))
            elif seg.ended_by_act is not None:
                out.add(vs, ZG.endedBy, iri(act_iri(seg.ended_by_act.ref, base)))
        p_iri = value(s)
        out.add(s, ZG.answerData, lit(answer_data(
            c, info.eid, a_iri, lambda seg, p=p_iri: _version_iri(p, seg),
            lambda ev: event_iri(ev.amending.ref, c.ref, ev.eid, base), lambda red: graph_iri(red, base),
            lambda ref: act_iri(ref, base))))
    for ev in c.events:
        e = iri(event_iri(ev.amending.ref, c.ref, ev.eid, base))
        amending = _mention(out, ev.amending, base)
        target = iri(f"{a_iri}/{ev.eid}") if ev.eid else a
        out.add(e, RDF_TYPE, ZG.Amendment)
        out.add(e, ZG.amendingAct, amending)
        out.add(e, ZG.targetAct, a)
        out.add(e, ZG.target, target)
        out.add(e, ZG.operation, OPERATION[ev.operation])
        _when(out, e, ZG.effectiveFrom, ZG.effectiveFromLatest, ev.when)
        if ev.when.source:
            out.add(e, ZG.effectiveFromSource, lit(ev.when.source))
        rn = iri(f"{value(e)}/entry-into-force")
        out.add(e, ZG.entryIntoForce, rn)
        _rule(out, rn, ev.rule, ev.sources[0].language if ev.sources else "ru")
        for lang, t in sorted(ev.new_text.items()):
            out.add(e, ZG.newText, lit(t, lang))
        for lang, t in sorted(ev.old_text.items()):
            out.add(e, ZG.oldText, lit(t, lang))
        for src in ev.sources:
            if src.kind == "footnote":
                out.add(e, ZG.learntFrom, iri(footnote_iri(c.ref, src.eid, src.index, base)))
            else:
                prov = iri(f"{act_iri(ev.amending.ref, base)}/{src.eid}")
                out.add(e, ZG.learntFrom, prov)
                out.add(e, ZG.amendingProvision, prov)
        whole = ev.operation == "repeal" and not ev.eid
        out.add(amending, ELI.repeals if whole else ELI.amends, a)
    for sp in c.suspensions:
        e = iri(f"{act_iri(sp.suspending.ref, base)}/suspends/{c.ref.path.split('eli/', 1)[1]}/{sp.eid or 'act'}")
        out.add(e, RDF_TYPE, ZG.Suspension)
        out.add(e, ZG.amendingAct, _mention(out, sp.suspending, base))
        out.add(e, ZG.targetAct, a)
        out.add(e, ZG.target, iri(f"{a_iri}/{sp.eid}") if sp.eid else a)
        _when(out, e, ZG.effectiveFrom, ZG.effectiveFromLatest, sp.when)
        if sp.until is not None:
            out.add(e, ZG.suspendedUntil, day(sp.until))
        prov = iri(f"{act_iri(sp.suspending.ref, base)}/{sp.source.eid}")
        out.add(e, ZG.learntFrom, prov)
        out.add(e, ZG.amendingProvision, prov)
    _requirements(out, c, a, base)
    return out.done()


# ---------------------------------------------------------------- positions and requirements


def _version_iri(prov_iri: str, seg) -> str:
    return f"{prov_iri}/version/{seg.intro.key if seg.intro else 'original'}"


def _requirements(out: Out, c, a: str, base: str) -> None:
    """Positions and the requirements stated by every known wording of the act.

    A requirement hangs on the version whose wording states it (``zg:statedIn``), so a
    new wording gives new requirements and an unknown wording gives none. Classes of
    positions named by a requirement ("для занятия … должностей X, а также Y") are
    established by that provision; a requirement that names no positions applies to
    every class of its document (an annex)."""
    a_iri = act_iri(c.ref, base)
    classes: dict[str, list[tuple[str, str]]] = {}  # document → classes
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
                pos = iri(f"{prov_iri}/position/{k}")
                out.add(pos, RDF_TYPE, ZG.Position)
                out.add(pos, ZG.positionTitle, lit(title, rs.language))
                out.add(pos, ZG.establishedBy, iri(prov_iri))
                out.add(pos, ZG.act, a)
                classes.setdefault(doc, []).append((pos, title))
    for v_iri, rs, prov_iri in stated:
        doc = rs.eid.split("__")[0] if rs.eid.startswith("annex_") else ""
        if rs.who is None:
            applies = [p for p, _t in classes.get(doc, [])]
        elif rs.index == 1:
            applies = [iri(f"{prov_iri}/position/{k}") for k in range(1, len(split_classes(rs.who)) + 1)]
        else:
            applies = [p for p, t in classes.get(doc, []) if t == rs.who] or [
                p for p, t in classes.get(doc, []) if rs.who in t]
        _requirement(out, iri(f"{v_iri}/requirement/{rs.index}"), rs, iri(v_iri), applies)
    for text in c.texts:
        for annex in register_annexes(text.provisions):
            _cards(out, c, a, a_iri, text, annex, base)


def _cards(out: Out, c, a: str, a_iri: str, text: Act, annex, base: str) -> None:
    lang = text.language
    annex_iri = f"{a_iri}/{annex.eid}"
    versions = [iri(_version_iri(annex_iri, seg)) for seg in c.chains.get(annex.eid, []) if seg.texts]
    found, _problems = cards(annex)
    for card in found:
        cn = iri(f"{annex_iri}/card/{card.index}")
        out.add(cn, RDF_TYPE, ZG.PositionCard)
        out.add(cn, ZG.act, a)
        out.add(cn, ZG.establishedBy, iri(annex_iri))
        out.add(cn, ZG.sourceLine, integer(card.line))
        out.add(cn, ZG.positionTitle, lit(card.title, lang))
        if card.unit:
            out.add(cn, ZG.unit, lit(card.unit, lang))
        if card.category:
            out.add(cn, ZG.category, lit(card.category))
        if card.headcount is not None:
            out.add(cn, ZG.headcount, integer(card.headcount))
        for name, said in (("competencies", card.competencies), ("duties", card.duties)):
            if said:
                out.add(cn, ZG[name], lit(said, lang))
        posts = []
        for number in card.numbers:
            post = iri(f"{value(cn)}/post/{number}")
            posts.append(post)
            out.add(post, RDF_TYPE, ZG.Position)
            out.add(post, ZG.positionNumber, lit(number))
            out.add(post, ZG.card, cn)
            out.add(post, ZG.act, a)
            out.add(post, ZG.establishedBy, iri(annex_iri))
            out.add(post, ZG.positionTitle, lit(card.title, lang))
            if card.unit:
                out.add(post, ZG.unit, lit(card.unit, lang))
            if card.category:
                out.add(post, ZG.category, lit(card.category))
            out.add(post, ZG.sourceLine, integer(card.line))
        r = iri(f"{value(cn)}/requirement")
        out.add(r, RDF_TYPE, ZG.Requirement)
        for v in versions:
            out.add(r, ZG.statedIn, v)
        for post in posts:
            out.add(r, ZG.appliesTo, post)
        if card.education:
            out.add(r, ZG.sourceText, lit(card.education, lang))
            m = _higher(card.education)
            if m is not None:
                out.add(r, ZG.educationLevel, lit("higher"))
                if m:
                    out.add(r, ZG.educationField, lit(m, lang))
        if card.experience:
            out.add(r, ZG.note, lit(card.experience, lang))
            for _s, _e, mention, _rule in act_mentions(card.experience, lang):
                out.add(r, ZG.experienceDefinedBy, _mention(out, mention, base))
                break


def _higher(education: str) -> str | None:
    """The fields of a card's "… мамандықтары бойынша жоғары білім" ('' = any field; None = not higher)."""
    from ..requirements.requirements import _education

    e = _education(education)
    return None if e is None else (e.field or "")


def _period(out: Out, s: str, p: Period, lang: str) -> None:
    out.add(s, RDF_TYPE, ZG.ExperiencePeriod)
    out.add(s, ZG.experienceKind, lit(p.kind))
    out.add(s, ZG.months, integer(p.months))
    out.add(s, ZG.sourceText, lit(p.text, lang))
    for cat in p.accepted_categories():
        out.add(s, ZG.acceptedCategory, lit(cat))
    if p.min_staff is not None:
        out.add(s, ZG.minStaff, integer(p.min_staff))
    if p.also:
        out.add(s, ZG.alsoAccepted, lit(p.also, lang))


def _periods(out: Out, s: str, periods, lang: str) -> None:
    for i, p in enumerate(periods, 1):
        if p.kind == "total":
            out.add(s, ZG.minTotalExperienceMonths, integer(p.months))
        elif p.kind == "sector":
            out.add(s, ZG.minSectorExperienceMonths, integer(p.months))
        else:
            node = iri(f"{value(s)}/period/{i}")
            out.add(s, ZG.minPeriod, node)
            _period(out, node, p, lang)


def _requirement(out: Out, r: str, rs: RequirementSet, version: str, applies) -> None:
    lang = rs.language
    out.add(r, RDF_TYPE, ZG.Requirement)
    out.add(r, ZG.statedIn, version)
    out.add(r, ZG.eId, lit(rs.eid))
    out.add(r, ZG.order, integer(rs.index))
    for p in applies:
        out.add(r, ZG.appliesTo, p)
    if rs.education:
        out.add(r, ZG.educationLevel, lit(rs.education.level))
        if rs.education.field:
            out.add(r, ZG.educationField, lit(rs.education.field, lang))
        if rs.education.waiver_months:
            out.add(r, ZG.educationWaiverMonths, integer(rs.education.waiver_months))
    if rs.max_age is not None:
        out.add(r, ZG.maxAge, integer(rs.max_age))
    _periods(out, r, rs.common, lang)
    for cond in rs.conditions:
        out.add(r, ZG.condition, lit(cond))
    for note in rs.notes:
        out.add(r, ZG.note, lit(note, lang))
    for i, alt in enumerate(rs.alternatives, 1):
        s = iri(f"{value(r)}/alternative/{alt.eid.rsplit('__', 1)[-1] if alt.eid != rs.eid else 'whole'}")
        out.add(r, ZG.alternative, s)
        out.add(s, RDF_TYPE, ZG.Requirement)
        out.add(s, ZG.eId, lit(alt.eid))
        out.add(s, ZG.order, integer(i))
        out.add(s, ZG.sourceText, lit(alt.text, lang))
        _periods(out, s, alt.periods, lang)
        for cond in alt.conditions:
            out.add(s, ZG.condition, lit(cond))
