"""A stored text read back: what a source graph keeps of its text → the ``Act`` the first
reading gave.

Reads: the raw source a source graph holds (``zg:rawSource``: an Adilet export as it was, or
a kazakhstan-law text with its ``meta.yaml``, ``kzlaw.stored_raw``) and the graph's own facts
(file, language, format, and for a git redaction its commit, day and cause; the knowledge
date). Writes: an ``Act``, equal to the one the first reading built (the source hash aside,
which only decides whether a file is read again). Pure: a worker process can run it.

Consolidation reads stored texts this way when a run touches an act whose other texts (or
amending acts) were ingested earlier: they are parsed again rather than rebuilt from their
quads, so the consolidation of an act is the same function of the same inputs whichever
run stored them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..model import Act, ActMention, ActRef
from .kzlaw import parse_stored
from .parse import parse_bytes

# the facts of a source graph ``stored_act`` takes, as SPARQL variables (GRAPH ?g { … })
FIELDS = ("raw", "file", "lang", "fmt", "commit", "known", "vdate", "cause")


def stored_act(raw: str, file: str, lang: str, fmt: str | None = None, commit: str | None = None,
               known: str | None = None, vdate: str | None = None, cause: str | None = None) -> Act:
    """The act of one stored text. ``fmt`` ``kazakhstan-law`` or the Adilet export; a git
    redaction (``commit``) takes its day (``vdate``) and cause (an act key) from the commit
    (``reading.history``); ``known`` the knowledge date."""
    if fmt == "kazakhstan-law":
        act = parse_stored(raw, file, lang)
    else:
        act = parse_bytes(raw.encode("utf-8"), file, lang)
    if commit is not None:
        act = replace(act, commit=commit, version_date=date.fromisoformat(vdate),
                      version_cause=ActMention(ActRef.from_key(cause)) if cause is not None else act.version_cause)
    if known is not None:
        act = replace(act, known_on=date.fromisoformat(known))
    return act
