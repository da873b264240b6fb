"""Consolidation: one target act's version chains from every source that speaks of it.

Reads: the target's own texts (any languages; possibly none — an act only referenced),
and every text whose instructions target it. Writes: a ``Consolidated`` value — events
(each learnt from one or more sources), provisions (the target's own and those known
only from instructions), their version chains, and disagreements between sources.

It is a pure function of that set of texts, so the store can recompute it whenever one
of them is (re)ingested, and the result does not depend on the order of ingestion.

Rules (DESIGN §4):

- the target's text gives the wording *as of its export*: it reflects every act its
  footnotes name; an instruction of an act the footnotes do not name takes effect on
  top of it (the operation is applied: restated, inserted, excluded, words replaced);
- a restated provision keeps the subpoints/parts its new wording has; those it no longer
  has end on that day; an inserted one does not exist before;
- wording not given by any source is a version with unknown text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from ..model import Act, ActMention, ActRef, DocRef, EntryRule, Instruction, Provision
from ..reading.instructions import DOC_KINDS
from ..time.temporal import PublicationTable, Settings, When, act_end, act_start, resolve

CHANGE_OPS = ("substitution", "change", "word_replacement")


@dataclass
class Source:
    kind: str  # footnote | instruction
    act: str  # key of the act whose text holds it
    language: str
    eid: str  # the provision of that text (the amended provision for a footnote)
    line: int
    text: str
    index: int = 1  # footnote number on that provision


@dataclass
class Event:
    amending: ActMention
    eid: str  # full eId in the target; "" = the act
    operation: str
    rule: EntryRule
    when: When
    sources: list[Source] = field(default_factory=list)
    new_text: dict[str, str] = field(default_factory=dict)  # language → new wording of eid
    new_provisions: dict[str, dict[str, Provision]] = field(default_factory=dict)  # language → eid → provision
    old_text: dict[str, str] = field(default_factory=dict)  # replaced words / restated line
    line_op: bool = False  # a line of a table or composition, not the whole provision
    from_footnote: bool = False
    from_instruction: bool = False

    @property
    def key(self) -> str:
        return self.amending.ref.key


@dataclass(frozen=True)
class Segment:
    start: When
    end: When | None
    texts: dict[str, str]  # language → wording (absent language = unknown)
    intro: Event | None  # None = the enacting act
    ended_by: Event | None = None
    ended_by_act: ActMention | None = None
    inserted: bool = False
    # language → the redactions (texts of the target act) that give this wording, newest last;
    # a language absent here with a wording in ``texts`` was computed from an instruction
    origins: dict[str, tuple[Act, ...]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Check:
    """A wording zangraph computed from an amending act's instruction beside the wording a
    published redaction gives for the same version: the published one is kept."""

    eid: str
    language: str
    start: When
    event: Event
    computed: str
    published: str
    redaction: Act


@dataclass(frozen=True)
class Redaction:
    """One text of the target act as one redaction of it: its wordings, the eIds it has
    (excluded ones too), the amending acts it reflects, the day it is the wording of."""

    text: Act
    wordings: dict[str, Provision]
    eids: frozenset[str]
    reflected: frozenset[str]
    as_of: When


@dataclass(frozen=True)
class ProvisionInfo:
    eid: str
    kind: str
    number: str | None
    heading: str | None
    in_text: bool
    order: int
    language: str | None = None  # of the heading, for provisions known only from instructions


@dataclass(frozen=True)
class Disagreement:
    message: str
    locations: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.message} [{'; '.join(self.locations)}]"


@dataclass
class Consolidated:
    ref: ActRef
    texts: list[Act]
    mention: ActMention
    start: When
    end: When | None
    repealed_by: ActMention | None
    events: list[Event]
    provisions: list[ProvisionInfo]
    chains: dict[str, list[Segment]]
    warnings: list[Disagreement]
    titles: dict[str, str] = field(default_factory=dict)  # language → title as instructions quote it
    suspensions: list[Suspension] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)  # computed wordings beside published ones


@dataclass(frozen=True)
class Suspension:
    """"Приостановить … действие …": the target (``eid``, "" = the act) does not apply from
    ``when`` until ``until`` (exclusive; None = no end stated). Its wording is not changed."""

    suspending: ActMention
    eid: str
    when: When
    until: date | None
    source: Source


# ---------------------------------------------------------------- documents


def doc_eid(doc: DocRef | None, texts: list[Act]) -> str:
    """Where an approved document sits in the target: its annex when the target's text is
    known (matched by the document's kind word in the annex title), else a provisional
    ``annex_{kind}`` address (documented in the README)."""
    if doc is None:
        return ""
    if doc.number:
        return f"annex_{doc.number}"
    stems = next(((ru, kk) for slug, ru, kk in DOC_KINDS if doc.kind.endswith(slug)), None)
    for t in texts:
        annexes = [p for p in t.provisions if p.kind == "annex"]
        hits = [a for a in annexes if stems and re.search(rf"(?:{stems[0]}|{stems[1]})", a.heading or "", re.I)]
        if doc.kind.startswith("tipovoe-"):
            hits = [a for a in hits if re.search(r"типов|үлгілік", a.heading or "", re.I)] or hits
        if len(hits) == 1:
            return hits[0].eid
        if len(annexes) == 1:
            return annexes[0].eid
    return f"annex_{doc.kind}"


def join(*parts: str) -> str:
    return "__".join(p for p in parts if p)


# ---------------------------------------------------------------- ordering

_RANK = {"title": 0, "preamble": 1, "chapter": 2, "section": 2, "point": 3, "part": 4, "subpoint": 4,
         "note": 6, "line": 7, "annex": 9}


def natural(eid: str) -> tuple:
    out = []
    for comp in eid.split("__"):
        kind, _, num = comp.partition("_")
        nums = tuple(int(x) if x.isdigit() else 0 for x in re.split(r"[-.]", num)) if num else ()
        out.append((_RANK.get(kind, 8), nums, num))
    return tuple(out)


# ---------------------------------------------------------------- events


def _ancestors(eid: str) -> list[str]:
    parts = eid.split("__")
    return ["__".join(parts[:i]) for i in range(1, len(parts))]


def _within(eid: str, anc: str) -> bool:
    return anc == "" or eid == anc or eid.startswith(anc + "__")


def _with_own_publications(settings: Settings, acts: list[Act]) -> Settings:
    """A text that says where and when its act was published makes that act's publication-based dates
    certain (the user's table, if it has the act, wins); the publication is recorded as the source."""
    dates = dict(settings.publications.dates)
    for a in acts:
        day = next(((d, f"{txt} ({a.source})") for _src, d, _issue, txt in a.publications if d), None)
        if day and a.ref.key not in dates:
            dates[a.ref.key] = day
    if len(dates) == len(settings.publications.dates):
        return settings
    return replace(settings, publications=PublicationTable(dates))


def _walk_held(provs, held: tuple[str, ...]):
    """(provision, the divisions holding it): points and articles are numbered through the document,
    so "Глава 2-1 дополнена …" or "9-тарау алып тасталды" reaches them only through this."""
    for p in provs:
        yield p, held
        inner = held + (p.eid,) if p.kind in ("section", "chapter", "paragraph") else held
        yield from _walk_held(p.children, inner)


def consolidate(
    ref: ActRef,
    texts: list[Act],
    amending: list[Act],
    settings: Settings,
    known_texts: set[str] = frozenset(),
) -> Consolidated:
    """Everything the given sources say about act ``ref`` over time."""
    settings = _with_own_publications(settings, texts + amending)
    # oldest wording first: where two sources give the same language, the newer one's
    # provisions and reflected amendments are the ones kept for the latest version
    texts = sorted(texts, key=lambda t: t.version_date or max(
        (ev.act.ref.date for f in t.footnotes for ev in f.events), default=t.ref.date))
    warnings: list[Disagreement] = []
    events: dict[tuple[str, str], Event] = {}
    title = None

    def event(mention: ActMention, eid: str, op: str, rule: EntryRule) -> Event:
        k = (mention.ref.key, eid)
        ev = events.get(k)
        if ev is None:
            ev = events[k] = Event(mention, eid, op, rule, resolve(rule, mention.ref, settings))
        return ev

    # 1. footnotes of the target's own texts
    for t in texts:
        counters: dict[str, int] = {}
        for fn in t.footnotes:
            counters[fn.target_eid] = counters.get(fn.target_eid, 0) + 1
            for fe in fn.events:
                ev = event(fe.act, fn.target_eid, fe.operation, fe.rule)
                ev.from_footnote = True
                ev.sources.append(Source("footnote", t.ref.key, t.language, fn.target_eid, fn.line, fn.text,
                                         counters[fn.target_eid]))
                if ev.rule.kind == "unknown" and fe.rule.kind != "unknown":
                    ev.rule, ev.when = fe.rule, resolve(fe.rule, fe.act.ref, settings)

    # 1b. a kazakhstan-law text's meta.yaml: "this wording took effect on version_date
    # because of caused_by" fixes the date of that act's event(s) the text's footnotes
    # record — or disagrees with them (both sources named).
    for t in texts:
        if t.version_date is None or t.version_cause is None:
            continue
        meta = str(Path(t.source).parent / "meta.yaml")
        mine = [ev for ev in events.values() if ev.key == t.version_cause.ref.key
                and any(s.kind == "footnote" and s.act == t.ref.key and s.language == t.language for s in ev.sources)]
        if not mine:
            named = sorted({ev.amending.ref for ev in events.values()
                            if any(s.kind == "footnote" and s.act == t.ref.key and s.language == t.language for s in ev.sources)},
                           key=lambda r: r.date)
            last = f"the latest they name is {named[-1].key}" if named else "they name no amending act"
            warnings.append(Disagreement(
                f"meta.yaml says the {t.language} wording of {ref.key} in force from {t.version_date} was caused by "
                f"{t.version_cause.ref.key}, but the text's footnotes do not name that act ({last})",
                (meta, t.source)))
            continue
        for ev in mine:
            w = ev.when
            inside = w.earliest <= t.version_date <= (w.latest or w.earliest)
            if not inside:
                warnings.append(Disagreement(
                    f"meta.yaml dates the {t.language} wording caused by {ev.key} from {t.version_date}; the act's own "
                    f"rule gives {w.earliest}" + (f"–{w.latest}" if w.latest else ""), (meta, t.source)))
                continue
            ev.when = When(t.version_date, rule=ev.rule, source=f"version_date of {meta}")

    # 2. instructions of the amending texts
    instr: list[tuple[Act, Instruction, str]] = []
    suspensions: list[Suspension] = []
    for a in amending:
        for ins in a.instructions:
            if ins.target.ref != ref:
                continue
            if ins.target.title and a.language not in (title or {}):
                title = {**(title or {}), a.language: ins.target.title}
            base = doc_eid(ins.document, texts)
            eid = join(base, ins.path)
            if ins.operation == "suspension":
                # not a change of wording: an interval in which the target does not apply
                rule = a.entry_rule.for_provision(ins.eid)
                suspensions.append(Suspension(ActMention(a.ref, title=a.title), eid, resolve(rule, a.ref, settings),
                                              ins.until, Source("instruction", a.ref.key, a.language, ins.eid, ins.line, ins.text)))
                continue
            instr.append((a, ins, eid))
            op = ins.operation
            rule = a.entry_rule.for_provision(ins.eid)  # a part of the act may have its own date
            ev = event(ActMention(a.ref, title=a.title), eid, op, rule)
            if ev.from_footnote and not ev.from_instruction:
                ev.operation = op  # the instruction says exactly what was done
                ev.rule, ev.when = rule, resolve(rule, a.ref, settings)
            ev.from_instruction = True
            ev.sources.append(Source("instruction", a.ref.key, a.language, ins.eid, ins.line, ins.text))
            if ins.new_text is not None and op != "word_replacement":
                ev.new_text[a.language] = ins.new_text
            if ins.old_text is not None:
                ev.old_text[a.language] = ins.old_text
                ev.line_op = op != "word_replacement"
                if op == "word_replacement":
                    ev.new_text[a.language] = ins.new_text or ""
            if ins.new_provisions:
                d = ev.new_provisions.setdefault(a.language, {})
                for top in ins.new_provisions:
                    for q in top.walk():
                        d[join(base, q.eid)] = q

    # 3. the target as a whole
    if texts:
        t0 = texts[0]
        start = act_start(t0, settings)
        end = act_end(t0, settings)
        repealed_by = t0.repealed_by
        mention = ActMention(ref, t0.issuer, t0.title)
    else:
        start = resolve(EntryRule("unknown"), ref, settings)
        end, repealed_by = None, None
        mention = ActMention(ref, None, None)
    act_repeal = [ev for ev in events.values() if ev.eid == "" and ev.operation == "repeal"]
    if act_repeal and end is None:
        ev = min(act_repeal, key=lambda e: e.when.earliest)
        end, repealed_by = ev.when, ev.amending

    # 4. provisions: the target's texts, then those known only from instructions
    infos: dict[str, ProvisionInfo] = {}
    by_lang: dict[str, dict[str, Provision]] = {}
    order = 0
    divisions: dict[str, tuple[str, ...]] = {}  # eId → the sections/chapters/paragraphs that hold it
    for t in texts:
        d = by_lang.setdefault(t.language, {})
        for p, held in _walk_held(t.provisions, ()):
            if not p.excluded:  # "13. Исключен …" records an end, not a wording
                d[p.eid] = p
            if held:
                divisions.setdefault(p.eid, held)
            if p.eid not in infos:
                order += 1000
                infos[p.eid] = ProvisionInfo(p.eid, p.kind, p.number, p.heading, True, order)
    extra: dict[str, tuple] = {}
    for ev in events.values():
        if ev.eid and ev.eid not in infos:
            kind, _, num = ev.eid.rsplit("__", 1)[-1].partition("_")
            extra.setdefault(ev.eid, (kind, num or None, None, None))
        for lang, d in ev.new_provisions.items():
            for e, q in d.items():
                if e not in infos:
                    extra[e] = (q.kind, q.number, q.heading, lang)
    for e in list(extra):  # the enclosing provisions of what an instruction names
        for anc in _ancestors(e):
            if anc not in infos and anc not in extra:
                kind, _, num = anc.rsplit("__", 1)[-1].partition("_")
                extra[anc] = (kind, num or None, None, None)
    known = sorted(infos.values(), key=lambda i: i.order)
    for e in sorted(extra, key=natural):
        kind, num, head, lang = extra[e]
        prev = [i for i in known if natural(i.eid) < natural(e)]
        base = max((i.order for i in prev), default=0)
        o = base + 1
        while any(i.order == o for i in known):
            o += 1
        info = ProvisionInfo(e, kind, num, head, False, o, lang)
        infos[e] = info
        known.append(info)
        known.sort(key=lambda i: i.order)

    # 5. what each of the target's texts (each redaction) reflects: every act its footnotes
    # name; and the day it is the wording of (its version_date, else its last amendment's)
    redactions: dict[str, list[Redaction]] = {}
    cards: list[Act] = []
    for t in texts:  # oldest first (sorted above)
        if not any(p.eid != "title" for p in t.walk()):
            # a redaction known from its metadata alone (meta.yaml without the text) gives no
            # wording — unless it is all there is of that language (then its title is the title)
            cards.append(t)
            continue
        dates = [events[(k, f.target_eid)].when for f in t.footnotes for k in {e.act.ref.key for e in f.events}
                 if (k, f.target_eid) in events]
        as_of = max(dates, key=lambda w: w.earliest) if dates else start
        if t.version_date and t.version_date > as_of.earliest:
            as_of = When(t.version_date, source=f"version_date of {Path(t.source).parent / 'meta.yaml'}")
        wordings = {p.eid: p for p in t.walk() if not p.excluded}
        redactions.setdefault(t.language, []).append(Redaction(
            t, wordings, frozenset(p.eid for p in t.walk()), frozenset(ev.act.ref.key for f in t.footnotes for ev in f.events),
            as_of))
    for t in cards:
        if t.language not in redactions or all(not r.eids - {"title"} for r in redactions[t.language]):
            redactions.setdefault(t.language, []).append(Redaction(
                t, {p.eid: p for p in t.walk()}, frozenset(p.eid for p in t.walk()), frozenset(), start))
    # two languages from different versions: each wording stays on its own version (the
    # reflected sets above); the lag is reported
    dated = {t.language: t for t in texts if t.version_date}
    if len(dated) > 1:
        first, *rest = sorted(dated.values(), key=lambda t: t.version_date)
        for t in rest:
            if t.version_date != first.version_date:
                warnings.append(Disagreement(
                    f"the {first.language} text of {ref.key} is of the version of {first.version_date}, the "
                    f"{t.language} text of {t.version_date}: the {first.language} wording lags by "
                    f"{(t.version_date - first.version_date).days} days; each wording is kept on its own version",
                    (first.source, t.source)))
    # the same language from two sources (an Adilet export and a kazakhstan-law directory)
    by_source_lang: dict[str, list[Act]] = {}
    for t in texts:
        by_source_lang.setdefault(t.language, []).append(t)
    for lang, same in by_source_lang.items():
        for a, b in zip(same, same[1:], strict=False):
            ra = {ev.act.ref.key for f in a.footnotes for ev in f.events}
            rb = {ev.act.ref.key for f in b.footnotes for ev in f.events}
            if ra != rb:
                continue  # different versions: the reflected sets place each wording
            pa, pb = {p.eid: _wording(p) for p in a.walk()}, {p.eid: _wording(p) for p in b.walk()}
            differ = [e for e in pa if e in pb and " ".join(pa[e].split()) != " ".join(pb[e].split())]
            if differ:
                warnings.append(Disagreement(
                    f"two {lang} sources of {ref.key} reflecting the same amendments word {len(differ)} provision(s) "
                    f"differently: {', '.join(differ[:5])}{' …' if len(differ) > 5 else ''}", (a.source, b.source)))

    # 6. chains
    chains: dict[str, list[Segment]] = {}
    checks: list[Check] = []
    index = _Events(events)
    for info in known:
        chains[info.eid] = _chain(info, index, by_lang, redactions, start, end, repealed_by, warnings,
                                  divisions.get(info.eid, ()), checks)
    # An amending act quotes the target's title as it stood when the amending act was
    # signed ("В Указе … № 624 "О формировании …":"): that is the title's wording then.
    if "title" in chains:
        segs = chains["title"]
        for a, ins, _eid in instr:
            if not ins.target.title:
                continue
            for i, seg in enumerate(segs):
                inside = seg.start.earliest <= a.ref.date and (seg.end is None or a.ref.date < seg.end.earliest)
                if inside and a.language not in seg.texts and (seg.start.latest is None or seg.start.latest <= a.ref.date):
                    segs[i] = replace(seg, texts={**seg.texts, a.language: ins.target.title})

    # 7. disagreements
    in_text = {e for e, i in infos.items() if i.in_text}
    for a, ins, eid in instr:
        if texts and ins.operation != "insertion" and eid and eid not in in_text:
            ev = events[(a.ref.key, eid)]
            if not any(_within(eid, e.eid) and e.operation == "repeal" and e is not ev for e in events.values()):
                warnings.append(Disagreement(
                    f"instruction of {a.ref.key} targets {ref.key} {eid}, which is not in the known text of {ref.key}",
                    (f"{a.source}:{ins.line}", *(t.source for t in texts))))
    for ev in events.values():
        if ev.from_footnote and not ev.from_instruction and ev.key in known_texts:
            names = any(
                ins.target.ref == ref and (_within(e, ev.eid) or _within(ev.eid, e))
                for a, ins, e in instr if a.ref.key == ev.key
            )
            if not names:
                s = ev.sources[0]
                warnings.append(Disagreement(
                    f"footnote of {ref.key} says {ev.key} changed {ev.eid or 'the act'}, "
                    f"but the text of {ev.key} in the store has no instruction on it",
                    (f"{_src(texts, s)}:{s.line}", ev.key)))
    if title and not texts:
        mention = ActMention(ref, None, title.get("ru") or next(iter(title.values())))
    warnings = list(dict.fromkeys(warnings))  # one event per act and provision may repeat a message
    c = Consolidated(ref, texts, mention, start, end, repealed_by, list(events.values()), known, chains, warnings,
                     suspensions=suspensions, checks=checks)
    c.titles = title or {}
    return c


def _src(texts: list[Act], s: Source) -> str:
    return next((t.source for t in texts if t.language == s.language), s.act)


class _Events:
    """An act's events as ``_chain`` asks for them, once per provision: by eId, each list in
    the order of the events (which the earliest-day ties below depend on). Built once per
    act — scanning every event for every provision cost the consolidation of a large act
    time in the square of its size."""

    REACH = ("insertion", "repeal", "substitution")  # a division's events that reach what it holds

    def __init__(self, events: dict):
        self.order = {id(ev): i for i, ev in enumerate(events.values())}
        self.by_eid: dict[str, list[Event]] = {}
        for ev in events.values():
            self.by_eid.setdefault(ev.eid, []).append(ev)
        self.act_level = [ev for ev in self.by_eid.get("", ()) if ev.operation in ("change", "substitution")]
        self.langs = {lang for ev in events.values() for lang in ev.new_text} | {
            lang for ev in events.values() for lang in ev.new_provisions}

    def own(self, e: str) -> list[Event]:
        return self.by_eid.get(e, [])

    def above(self, e: str, held) -> list[Event]:
        """The events of the divisions holding ``e`` (``_within``: every eId ``e`` starts with,
        followed by "__") and the reaching ones of the divisions in ``held``; not the act's own."""
        found = {e[:i] for i in range(len(e)) if e.startswith("__", i)}
        out = [ev for k in found for ev in self.by_eid.get(k, ())]
        out += [ev for k in set(held) - found for ev in self.by_eid.get(k, ()) if ev.operation in self.REACH]
        return sorted((ev for ev in out if ev.eid not in ("", e)), key=lambda ev: self.order[id(ev)])


def _chain(info, events: _Events, by_lang, redactions, start, end, repealed_by, warnings, held=(),
           checks=None) -> list[Segment]:
    e = info.eid
    own = events.own(e)
    # a division's insertion, exclusion or restatement reaches what it holds; a mere "с изменениями" of a
    # chapter does not say which of its points changed, and is not spread over all of them
    anc = events.above(e, held)
    act_level = events.act_level

    def gives(ev: Event) -> bool:
        return any(e in d for d in ev.new_provisions.values())

    # when it began
    s_when, intro, inserted = start, None, False
    ins = [ev for ev in own if ev.operation == "insertion"] + [
        ev for ev in anc if ev.operation == "insertion" and (gives(ev) or not ev.new_provisions)]
    if ins:
        # the first insertion starts it ("дополнена частью шестой" of an existing article is not re-inserted
        # by each later act a sloppy footnote lists after the same verb)
        ev = min(ins, key=lambda x: x.when.earliest)
        s_when, intro, inserted = ev.when, ev, True
    # when it ended
    e_when, ended_by, by_act = end, None, repealed_by if end is not None else None
    enders = [ev for ev in own + anc if ev.operation == "repeal" and not ev.line_op]
    enders += [ev for ev in anc if ev.operation == "substitution" and ev.new_provisions and not gives(ev)]
    enders = [ev for ev in enders if ev.when.earliest > s_when.earliest]
    if enders:
        ev = min(enders, key=lambda x: x.when.earliest)
        if e_when is None or ev.when.earliest < e_when.earliest:
            e_when, ended_by, by_act = ev.when, ev, None
    # a provision one redaction has and a later one has not (not even as "Исключен") ended in
    # between: when a division holding it was restated by an act the later one reflects, on
    # that day; else on a day between the two redactions' dates, not known more closely
    for reds in redactions.values():
        had = None
        for red in reds:
            if e in red.eids:
                had = red
            elif had is not None:
                new_acts = red.reflected - had.reflected
                restated = [ev for ev in anc if ev.operation == "substitution" and ev.key in new_acts
                            and ev.when.earliest > s_when.earliest]
                if restated:
                    ev = min(restated, key=lambda x: x.when.earliest)
                    gone, gone_by = ev.when, ev
                else:
                    gone, gone_by = When(had.as_of.earliest + timedelta(days=1), red.as_of.earliest,
                                         source=f"absent from the redaction of {red.as_of.earliest} ({red.text.source})"), None
                if e_when is None or gone.earliest < e_when.earliest:
                    e_when, ended_by, by_act = gone, gone_by, None
                break
    # changes in between
    changes: dict[str, Event] = {}
    for ev in own + anc + act_level:
        if ev.operation not in CHANGE_OPS and not (ev.operation == "repeal" and ev.line_op and ev.eid == e):
            continue  # a line excluded from this document changes it; other repeals end it (above)
        if ev.line_op and ev.eid != e:
            continue
        if ev.operation == "word_replacement" and ev.eid != e and not _words_in(ev, e, by_lang):
            continue
        if ev is intro or ev.when.earliest <= s_when.earliest:
            continue
        if e_when is not None and ev.when.earliest >= e_when.earliest:
            continue
        prev = changes.get(ev.key)
        if prev is None or (prev.eid != e and ev.eid == e):
            changes[ev.key] = ev
    steps = [(s_when, intro)] + sorted(((ev.when, ev) for ev in changes.values()), key=lambda x: x[0].earliest)
    # several acts taking effect on the same day ("… N 101-IV (с 01.01.2009); N 113-IV (с 01.01.2009)") make one
    # new version, not several empty ones: the last act signed stands for the day's wording — also when
    # only the earliest day is shared (one act from its signing, another 10 days after a publication
    # that may be that day or later: a version of the first from that day to that day would be empty)
    merged: list = []
    for w, ev in steps:
        if merged and merged[-1][1] is not None and ev is not None and w.earliest == merged[-1][0].earliest:
            if ev.amending.ref.date >= merged[-1][1].amending.ref.date:
                merged[-1] = (w, ev)
            continue
        merged.append((w, ev))
    steps = merged

    segs: list[Segment] = []
    prev_texts: dict[str, str] = {}
    langs = set(by_lang) | events.langs
    for i, (w, ev) in enumerate(steps):
        texts: dict[str, str] = {}
        origins: dict[str, tuple[Act, ...]] = {}
        for lang in langs:
            computed = t = _derived(ev, e, lang, prev_texts.get(lang), info)
            origin, givers = None, []
            # each redaction of the target is the wording after the last change it reflects
            # (oldest first: where two give the same segment, the newer one's wording stands)
            for red in redactions.get(lang, ()):
                own_text = red.wordings.get(e)
                if own_text is None:
                    continue
                later = [x for _w, x in steps[i + 1:] if x is not None and x.key in red.reflected]
                this_reflected = ev is None or ev.key in red.reflected or (
                    ev.when.earliest <= red.as_of.earliest and not ev.from_footnote)
                if this_reflected and not later:
                    t, origin = _wording(own_text), red.text
                    givers.append((red.text, t))
            if t is not None:
                texts[lang] = t
            if origin is not None:
                same = " ".join(t.split())
                origins[lang] = tuple(x for x, w in givers if " ".join(w.split()) == same)
                if computed is not None and ev is not None and checks is not None:
                    # the published redaction wins; what the instruction gave is kept for the audit
                    checks.append(Check(e, lang, w, ev, computed, t, origin))
        segs.append(Segment(w, None, texts, ev, inserted=inserted and i == 0, origins=origins))
        prev_texts = texts
    out = []
    for i, s in enumerate(segs):
        last = i == len(segs) - 1
        out.append(Segment(
            s.start, steps[i + 1][0] if not last else e_when, s.texts, s.intro,
            ended_by=(steps[i + 1][1] if not last else ended_by),
            ended_by_act=(by_act if last else None), inserted=s.inserted, origins=s.origins))
    return out


def _wording(p: Provision) -> str:
    return p.full_text() if p.kind not in ("annex", "chapter", "section") else (p.heading or p.text)


def _words_in(ev: Event, e: str, by_lang) -> bool:
    for lang, old in ev.old_text.items():
        p = by_lang.get(lang, {}).get(e)
        if p is None or old in _wording(p):
            return True
    return False


def _derived(ev: Event | None, e: str, lang: str, prev: str | None, info) -> str | None:
    """The wording an event gives provision ``e`` in ``lang``, from the event's own text or
    by applying it to the previous wording; None = unknown."""
    if ev is None:
        return None
    d = ev.new_provisions.get(lang, {})
    if e in d:
        return _wording(d[e])
    if ev.eid == e and ev.operation in ("substitution", "insertion") and not ev.line_op:
        return ev.new_text.get(lang)
    if ev.operation == "word_replacement" and prev is not None and lang in ev.old_text:
        old, new = ev.old_text[lang], ev.new_text.get(lang, "")
        return prev.replace(old, new) if old in prev else None
    if ev.line_op and ev.eid == e and prev is not None and lang in ev.old_text:
        old = ev.old_text[lang]
        if old in prev:
            return prev.replace(old, ev.new_text.get(lang, "") if ev.operation == "substitution" else "").strip()
    return None
