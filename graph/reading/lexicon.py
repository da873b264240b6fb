"""Russian and Kazakh words the parser recognises: months, numerals, kinds of act, dates.

Everything here is a pure function of a string; see ../shared/GLOSSARY.md for the terms.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS_RU = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
MONTHS_KK = {
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
    "шілде": 7, "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}

NUMERALS = {
    # Russian (nominative and oblique forms met in durations) and Kazakh.
    "один": 1, "одного": 1, "одной": 1, "бір": 1,
    "два": 2, "двух": 2, "екі": 2,
    "три": 3, "трех": 3, "трёх": 3, "үш": 3,
    "четыре": 4, "четырех": 4, "төрт": 4,
    "пять": 5, "пяти": 5, "бес": 5,
    "шесть": 6, "шести": 6, "алты": 6,
    "семь": 7, "семи": 7, "жеті": 7,
    "восемь": 8, "восьми": 8, "сегіз": 8,
    "девять": 9, "девяти": 9, "тоғыз": 9,
    "десять": 10, "десяти": 10, "он": 10,
    "пятнадцать": 15, "пятнадцати": 15,
    "двадцать": 20, "двадцати": 20, "жиырма": 20,
    "тридцать": 30, "тридцати": 30, "отыз": 30,
    "сорок": 40, "сорока": 40, "қырық": 40,
    "пятьдесят": 50, "пятидесяти": 50, "елу": 50,
    "сто": 100, "ста": 100, "жүз": 100,
}


def numeral(words: str) -> int | None:
    """Value of a (possibly compound) Russian or Kazakh numeral, or a digit string.

    >>> numeral("десяти"), numeral("жиырма бір"), numeral("двадцати одного"), numeral("15")
    (10, 21, 21, 15)
    """
    words = words.strip().lower()
    if words.isdigit():
        return int(words)
    total, seen = 0, False
    for w in words.split():
        if w in ("он", "десять", "десяти") and seen:
            return None
        v = NUMERALS.get(w)
        if v is None:
            return None
        total, seen = total + v, True
    return total if seen else None


_KK_ALL = "".join(sorted(set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")))
WORD = rf"[A-Za-zА-Яа-яЁё{_KK_ALL}]"

RU_DATE = re.compile(
    r"(?P<d>\d{1,2})\s+(?P<m>(?:январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*)"
    r"\s+(?P<y>\d{4})(?:\s*года|\s*г\.)?",
    re.I,
)
KK_DATE = re.compile(
    r"(?P<y>\d{4})\s+(?:жылғы|жылы|жылдың|ж\.)\s+(?P<d>\d{1,2})\s+(?P<m>"
    + "|".join(MONTHS_KK)
    + r")\w*",
    re.I,
)
NUM_DATE = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d)")
# Kazakh footnotes of the 2000s write dates year first: "2002.05.17." / "2011.07.22"
YMD_DATE = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?!\d)\.?")


def _month(word: str) -> int | None:
    w = word.lower()
    for stem, n in sorted(MONTHS_KK.items(), key=lambda kv: -len(kv[0])):
        if w.startswith(stem):
            return n
    for stem, n in sorted(MONTHS_RU.items(), key=lambda kv: -len(kv[0])):
        if w.startswith(stem):
            return n
    return None


def _mk(y: str, m: int | str | None, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d)) if m else None
    except ValueError:
        return None


_YEAR = re.compile(r"\d{4}")


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """All dates in a text as (start, end, date), in order, in any of the three forms.

    >>> [d.isoformat() for _, _, d in find_dates("от 31 декабря 2020 года и 2023 жылғы 15 маусымдағы, 13.04.2023, 2002.05.17.")]
    ['2020-12-31', '2023-06-15', '2023-04-13', '2002-05-17']
    """
    found = []
    if not _YEAR.search(text):
        return found
    for rx in (RU_DATE, KK_DATE):
        for m in rx.finditer(text):
            d = _mk(m["y"], _month(m["m"]), m["d"])
            if d:
                found.append((m.start(), m.end(), d))
    for rx in (NUM_DATE, YMD_DATE):
        for m in rx.finditer(text):
            d = _mk(m["y"], m["m"], m["d"])
            if d:
                found.append((m.start(), m.end(), d))
    found.sort()
    out: list[tuple[int, int, date]] = []
    for f in found:
        if not out or f[0] >= out[-1][1]:
            out.append(f)
    return out


def parse_date(text: str) -> date:
    """One ISO date (the CLI's and the API's form), with an error that shows a valid example."""
    if _ISO_DAY.fullmatch(text):  # strictly: date.fromisoformat also takes "20240101" and "2024-W01-1"
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"not a date: {text!r}; expected YYYY-MM-DD, e.g. 2024-05-14")


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# Kinds of act, by the word stems that name them (Russian and Kazakh, any case form).
KIND_STEMS = [
    ("code", r"кодекс\w*"),
    ("law", r"(?:конституционн\w+\s+|конституциялық\s+)?закон\w*|(?:конституциялық\s+)?заң\w*"),
    ("decree", r"указ\w*|жарлы[ғқ]\w*"),
    ("resolution", r"постановлени\w*|қаулы\w*"),
    ("order", r"приказ\w*|бұйры[ғқ]\w*"),
    ("decision", r"решени\w*|шешім\w*"),
    # after "law", so that "Конституционный закон" is a law and only "Конституция" the Constitution
    ("constitution", r"конституци(?:я|и|ей|ю)(?:сы\w*|ның|ға|да|дан)?(?!\w)"),
]
KIND_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{rx})" for k, rx in KIND_STEMS) + r")\b", re.I)


def kind_of(text: str) -> str | None:
    """The kind of act a phrase names, from its first kind word.

    >>> kind_of("Указом Президента РК"), kind_of("ҚР Президентінің Жарлығымен"), kind_of("бұйрығымен")
    ('decree', 'decree', 'order')
    >>> kind_of("Конституциялық заңымен"), kind_of("Конституционным законом"), kind_of("Конституциясына")
    ('law', 'law', 'constitution')
    """
    m = KIND_RE.search(text)
    return m.lastgroup if m else None


# "Указ, имеющий силу Закона" / "Заң күші бар Жарлығы": the word "закон" there names no act
_FORCE_OF_LAW_RU = re.compile(r"(?:имеющ\w+|имеет)\s+силу\s*$", re.I)
_FORCE_OF_LAW_KK = re.compile(r"^\s*күші\s+бар", re.I)


def kinds_in(text: str) -> list[tuple[int, str]]:
    """Kind words in a text, in order; the "закон" of "имеющий силу Закона" is not one.

    >>> kinds_in("Указом Президента РК, имеющим силу Закона, от 5.10.1995"), kinds_in("Заң күші бар Жарлығымен")
    ([(0, 'decree')], [(13, 'decree')])
    """
    out = []
    for m in KIND_RE.finditer(text):
        if m.lastgroup == "law" and (_FORCE_OF_LAW_RU.search(text[max(0, m.start() - 30):m.start()])
                                     or _FORCE_OF_LAW_KK.match(text[m.end():m.end() + 12])):
            continue
        out.append((m.start(), m.lastgroup))
    return out
