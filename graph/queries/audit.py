"""``zangraph audit``: what the stored sources disagree on, and the consolidation checked
against the redactions the official database published (issue 16, item 3).

Where the store holds an amending act's instructions *and* a redaction of the target that
reflects that act (and nothing later on the provision), the consolidation has two wordings
of one version: the one zangraph computes from the instruction (``consolidate._derived``:
the new text an instruction quotes, or its word replacement applied to the wording before)
and the one the redaction publishes. The published one is always the one kept (the official
text wins; a computed wording never silently replaces it); each pair is reported as

- ``equal`` — the same words (runs of whitespace and line breaks are not text: both readers
  re-flow lines);
- ``equal after normalisation`` — the same once look-alike Latin/Cyrillic letters are folded,
  quotation marks (``"`` „ “ ” « ») made one, dashes (‐ – — −) made one hyphen: typography
  an Adilet export and the portal write differently (the export writes straight quotes where
  the portal has «»);
- ``different`` — with a word diff (``query.word_diff``), the instruction's place and the
  redaction's file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..consolidation.consolidate import Check, Disagreement, consolidate
from ..rdf.mapping import graph_iri
from ..store.graphstore import GraphStore
from ..time.temporal import Settings

EQUAL, NORMALISED, DIFFERENT = "equal", "equal after normalisation", "different"
_LOOKALIKE = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")
_QUOTES = re.compile(r"[\"«»„“”‟″]")
_DASHES = re.compile(r"[‐‑‒–—―−]")


def spaced(s: str) -> str:
    return " ".join(s.split())


def normalised(s: str) -> str:
    """The comparison form of a wording after normalisation.

    >>> normalised('корпуса "Б"  категорий  С-1 – D-3') == normalised('корпуса «Б» категорий C-1 - D-3')
    True
    """
    return _DASHES.sub("-", _QUOTES.sub('"', spaced(s).translate(_LOOKALIKE)))


def verdict(computed: str, published: str) -> str:
    if spaced(computed) == spaced(published):
        return EQUAL
    if normalised(computed) == normalised(published):
        return NORMALISED
    return DIFFERENT


@dataclass(frozen=True)
class Finding:
    act: str
    eid: str
    language: str
    valid_from: str
    amending_act: str
    verdict: str
    computed: str
    published: str
    instruction: str  # file:line of the instruction (or footnote) the computed wording came from
    redaction: str  # the published redaction's file
    redaction_graph: str

    def as_json(self) -> dict:
        from ..queries.query import word_diff

        out = {k: getattr(self, k) for k in ("act", "eid", "language", "valid_from", "amending_act", "verdict",
                                             "instruction", "redaction", "redaction_graph", "computed", "published")}
        out["kept"] = "published"
        if self.verdict == DIFFERENT:
            out["diff"] = word_diff(spaced(self.computed), spaced(self.published))
        return out


def _finding(c: Check, key: str, files: dict[str, str], base: str) -> Finding:
    ins = next((s for s in c.event.sources if s.kind == "instruction" and s.language == c.language),
               next((s for s in c.event.sources if s.kind == "instruction"), None))
    where = f"{files.get((ins.act, ins.language), ins.act)}:{ins.line}" if ins else c.event.key
    return Finding(key, c.eid, c.language, c.start.earliest.isoformat(), c.event.key, verdict(c.computed, c.published),
                   c.computed, c.published, where, c.redaction.source, graph_iri(c.redaction, base))


def run(store: GraphStore, settings: Settings | None = None) -> tuple[list[Disagreement], list[Finding]]:
    """Every disagreement between the stored sources and every computed-vs-published pair,
    recomputed from the stored texts (nothing is written)."""
    parsed = store.sources()
    known = {a.ref.key for a in parsed.values()}
    files = {(a.ref.key, a.language): a.source for a in parsed.values()}
    refs = {a.ref for a in parsed.values()} | {i.target.ref for a in parsed.values() for i in a.instructions}
    warnings: list[Disagreement] = []
    findings: list[Finding] = []
    for ref in sorted(refs):
        texts = [a for a in parsed.values() if a.ref == ref]
        amending = [a for a in parsed.values() if any(i.target.ref == ref for i in a.instructions)]
        c = consolidate(ref, texts, amending, settings or Settings(), known)
        warnings += c.warnings
        # one finding per provision an instruction names: its parts and subpoints are in its wording
        tops = {(x.event.key, x.language, x.eid) for x in c.checks}
        findings += [_finding(x, ref.key, files, store.base) for x in c.checks
                     if not any((x.event.key, x.language, x.eid[:i]) in tops for i in _prefixes(x.eid))]
    return list(dict.fromkeys(warnings)), findings


def _prefixes(eid: str) -> list[int]:
    """Where each ancestor of ``eid`` ends (``a__b__c`` → the lengths of ``a``, ``a__b``)."""
    out, i = [], eid.find("__")
    while i != -1:
        out.append(i)
        i = eid.find("__", i + 2)
    return out
