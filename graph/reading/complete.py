"""Is an Adilet text export whole? A file cut short (a failed download, a copy stopped
half-way) must not pass for the act.

An export of an act ends in one of three ways: the portal's footer ("© 2012. РГП на ПХВ
«Институт законодательства и правовой информации …»" / "… құқықтық ақпарат институты»
ШЖҚ РМК"), the signature of the act (when nothing follows it), or the end of the last
provision of its last annex — a sentence that ends ("… опубликования).", a separator
"_____"). Every export carries the act's signature somewhere: it stands after the act's
own text and before its annexes.

So a text looks truncated when it has no signature at all (cut before the act's own end),
or when it approves an attached document ("утвердить прилагаемые …") and no annex
follows, or when, without the footer, its last line ends inside a sentence (a word, a comma, a
";" or ":" of a list still going on). A cut that falls exactly after a provision's full
stop inside an annex cannot be told from an end by the text alone (README says so).
"""

from __future__ import annotations

import re

from ..model import Act
from .normalise import Normalised

FOOTER = re.compile(r"©\s*\d{4}|РГП\s+на\s+ПХВ|Институт\s+законодательства\s+и\s+правовой\s+информации|"
                    r"құқықтық\s+ақпарат\s+институты|ШЖҚ\s+РМК", re.I)
SEPARATOR = re.compile(r"^[\s_*\-=]{3,}$")
# a sentence that ends: a full stop, ! or ?, possibly followed by closing quotes/brackets
# "утвердить прилагаемые Правила" / "қоса беріліп отырған Қағидалар бекітілсін": an annex must follow
ATTACHED = re.compile(r"\bприлагаем\w*|қоса\s+беріліп\s+отырған", re.I)
ENDS = re.compile(r"[.!?…][\s»\"”')\]]*$")


def truncation(norm: Normalised, act: Act) -> tuple[int, str] | None:
    """(line, why) when the text looks cut short, else None.

    >>> from zangraph.graph.reading.normalise import normalise
    >>> from zangraph.graph.reading.parse import build
    >>> text = open("corpus/004_55d3df3388d8d042.txt", encoding="utf-8").read()
    >>> def check(t):
    ...     n = normalise(t, "x")
    ...     return truncation(n, build(n, "x"))
    >>> check(text) is None  # ends with the Prime Minister's signature
    True
    >>> cut = "\\n".join(text.splitlines()[:40])
    >>> check(cut)[1][:40]
    'no signature of the act: the text stops '
    """
    lines = norm.raw_lines
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
    if last is None:
        return None
    if any(FOOTER.search(lines[i]) for i in range(max(0, last - 3), last + 1)):
        return None
    if not act.signature:
        return (last + 1, "no signature of the act: the text stops before the act's own end")
    if not any(p.eid.startswith("annex_") for p in act.provisions):
        for p in act.walk():
            if ATTACHED.search(p.text or ""):
                return (last + 1, f"the act approves an attached document (line {p.line}), but no annex follows")
    content = last
    if SEPARATOR.match(lines[content]):
        return None  # a closing separator: the portal's end of an annex
    tail = " ".join(lines[content].split())
    sig = " ".join(act.signature.split())
    if tail and (tail in sig or sig.endswith(tail)):
        return None  # the signature is the end
    if ENDS.search(tail):
        return None
    return (content + 1, f"the text ends inside a sentence: {tail[-60:]!r}")
