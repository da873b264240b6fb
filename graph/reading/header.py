"""Header grammar: the requisite line, registration, repeal banner (Russian and Kazakh).

Reads: the text of the header blocks (between the title and the first paragraph).
Writes: ``Requisite`` — kind, issuer, date, number, registration, repealing act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..model import ActMention, ActRef, EntryRule
from .footnotes import act_mentions
from .lexicon import KIND_RE, find_dates

BANNER_RE = re.compile(r"^(?:Утративший\s+силу|Утратил\w*\s+силу|Күшін\s+жойған|Күші\s+жойылған)\s*$", re.I)
_REG_RE = re.compile(r"(?:Министерств\w+\s+юстиции|Әділет\s+министрлігінде)", re.I)
_REPEAL_RE = re.compile(r"(?:Утратил\w*\s+силу|Күші\s+жойылды)", re.I)
_NUM_RE = re.compile(r"№\s*([\w/.-]*\w)")


@dataclass(frozen=True)
class Requisite:
    ref: ActRef
    issuer: str | None
    registration_number: str | None = None
    registration_date: date | None = None
    repealed_by: ActMention | None = None
    repeal_rule: EntryRule | None = None  # how the repeal takes effect, when the requisite says


def looks_like_requisite(text: str) -> bool:
    return bool(KIND_RE.search(text) and find_dates(text) and _NUM_RE.search(text))


def parse_requisite(text: str, language: str, default_kind: str | None = None) -> Requisite:
    """Parse a requisite line.

    >>> r = parse_requisite("Указ Президента Республики Казахстан от 31 декабря 2020 года № 485.", "ru")
    >>> r.ref.key, r.issuer
    ('decree-2020-12-31-485', 'Президента Республики Казахстан')
    >>> r = parse_requisite("Қазақстан Республикасы Экономика және бюджеттік жоспарлау министрінің 2014 жылғы 07 наурыздағы № 75 бұйрығы. Қазақстан Республикасының Әділет министрлігінде 2014 жылы 15 наурызда № 9219 тіркелді. Күші жойылды - Қазақстан Республикасы Ұлттық экономика министрінің 2014 жылғы 2 қазандағы № 74 бұйрығымен", "kk")
    >>> r.ref.key, r.registration_number, r.registration_date.isoformat(), r.repealed_by.ref.key
    ('order-2014-03-07-75', '9219', '2014-03-15', 'order-2014-10-02-74')
    >>> r = parse_requisite("Закон Республики Казахстан от 23 ноября 2015 года № 416-V ЗРК. Утратил силу Законом Республики Казахстан от 19 мая 2026 года № 290-VIII (вводится в действие с 1 июля 2026 года)", "ru")
    >>> r.repealed_by.ref.key, r.repeal_rule.kind, r.repeal_rule.fixed.isoformat()
    ('law-2026-05-19-290-VIII', 'fixed', '2026-07-01')

    An act that has no number (the Constitution; a code approved by the Supreme Council)
    has a key without one; ``default_kind`` (from a source's own form code) names the kind
    when the requisite does not:

    >>> parse_requisite("Конституция принята на республиканском референдуме 30 августа 1995 года.", "ru").ref.key
    'constitution-1995-08-30'
    >>> parse_requisite("Утвержден Верховным Советом Республики Казахстан от 23 января 1993 года. Утратил силу - Кодексом Республики Казахстан от 8 июля 2003 года № 477.", "ru", "code").ref.key
    'code-1993-01-23'
    """
    t = " ".join(text.split())
    cut = len(t)
    for rx in (_REG_RE, _REPEAL_RE):
        m = rx.search(t)
        if m:
            # the sentence holding the registration / repeal starts at the previous ". "
            s = t.rfind(". ", 0, m.start())
            cut = min(cut, s + 1 if s >= 0 else m.start())
    own = t[:cut]
    kind_m = KIND_RE.search(own)
    dates = find_dates(own)
    num = _NUM_RE.search(own)
    kind = kind_m.lastgroup if kind_m else default_kind
    numberless = kind in ("constitution", "code") or (default_kind is not None and kind_m is None)
    if not (kind and dates and (num or numberless)):
        raise ValueError(f"not a requisite line (kind of act, date and number expected): {t[:120]!r}")
    ds, de, d = dates[0]
    if language == "kk":
        issuer = own[: ds].strip(" ,.-") or None
    elif kind_m:
        issuer = own[kind_m.end(): ds].strip()
        issuer = re.sub(r"\s+от$", "", issuer).strip(" ,.-") or None
    else:
        issuer = None
    ref = ActRef(kind, d, num.group(1) if num else "")
    reg_no = reg_date = None
    m = _REG_RE.search(t)
    if m:
        seg_end = t.find(". ", m.end())
        seg = t[max(0, t.rfind(". ", 0, m.start())): seg_end if seg_end > 0 else len(t)]
        rd, rn = find_dates(seg), _NUM_RE.search(seg)
        reg_date = rd[0][2] if rd else None
        reg_no = rn.group(1) if rn else None
    repealed, repeal_rule = None, None
    m = _REPEAL_RE.search(t)
    if m:
        found = act_mentions(t[m.end():], language)
        if found:
            repealed = found[0][2]
            if found[0][3]:  # "(вводится в действие …)": the repealing act's own rule for it
                from .footnotes import parse_rule

                repeal_rule = parse_rule(found[0][3])
    return Requisite(ref, issuer, reg_no, reg_date, repealed, repeal_rule)
