"""Durations and ages in Russian and Kazakh requirement texts.

Reads one sentence; writes ``Span`` values (months or years of age, with the words that
state them and where). Guarantees: a number is only read from a numeral the lexicon knows
(``lexicon.numeral``) or from digits — an unknown word gives no span, never a guess.

Forms met in the corpus (GLOSSARY): "не менее семи лет", "не менее одного года", "не менее
шести месяцев", "пятнадцати лет"; "кемінде екі жыл", "үш жылдан кем емес", "кемінде алты
ай"; ages "отыз бес жастан аспаған", "не старше тридцати пяти лет".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..reading.lexicon import NUMERALS, numeral

_NUM_WORDS = "|".join(sorted((re.escape(w) for w in NUMERALS), key=len, reverse=True))
_NUM = rf"(?:\d+|(?:{_NUM_WORDS})(?:\s+(?:{_NUM_WORDS}))?)"
_UNIT = r"(?P<unit>лет|года|год|месяц\w*|жыл\w*|ай(?:дан|ға|ы)?|жас\w*)"
DURATION = re.compile(rf"(?<![\w-])(?P<num>{_NUM})\s+{_UNIT}(?!\w)", re.I)


@dataclass(frozen=True)
class Span:
    value: int  # months for a period, years for an age
    unit: str  # months | age
    start: int
    end: int
    words: str


def durations(text: str) -> list[Span]:
    """Every duration or age stated in ``text``, in order.

    >>> [(s.value, s.unit) for s in durations("не менее семи лет, в том числе не менее шести месяцев")]
    [(84, 'months'), (6, 'months')]
    >>> [(s.value, s.unit) for s in durations("отыз бес жастан аспаған, үш жылдан кем емес, кемінде екі жыл")]
    [(35, 'age'), (36, 'months'), (24, 'months')]
    >>> [(s.value, s.unit) for s in durations("не менее одного года; не менее пятнадцати лет; не менее трёх лет")]
    [(12, 'months'), (180, 'months'), (36, 'months')]
    """
    out = []
    for m in DURATION.finditer(text):
        n = numeral(m["num"])
        if n is None:
            continue
        unit = m["unit"].lower()
        if unit.startswith("жас"):
            out.append(Span(n, "age", m.start(), m.end(), m.group(0)))
        elif unit.startswith(("месяц", "ай")):
            out.append(Span(n, "months", m.start(), m.end(), m.group(0)))
        else:
            out.append(Span(n * 12, "months", m.start(), m.end(), m.group(0)))
    return out
