"""Structural grammar shared by the reading stages (Russian and Kazakh).

Reads: the repaired text of one block. Writes: what kind of unit the block opens —
a heading (``section``, ``chapter``, ``paragraph``, ``article``), the start of an
annex's approval block, a signature, an endorsement ("СОГЛАСОВАНО" / "КЕЛІСІЛДІ") —
or nothing. Pure functions, no state; the builder decides where a unit goes.

Numbers are returned in Arabic figures whatever the text writes ("Глава IV" → ``4``,
"Раздел первый" → ``1``, "Глава ХIV" with a Cyrillic Х → ``14``), so eIds do not
depend on the typography of one redaction.
"""

from __future__ import annotations

import re

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_FOLD = str.maketrans("ІХУ", "IXV")
ROMAN = r"[IVXLІХ]+"
_NUM = r"\d{1,3}(?:-\d{1,3})*"

ORDINALS_RU = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
    "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14,
    "пятнадцат": 15,
}
_ORDINAL = r"(?:" + "|".join(sorted(ORDINALS_RU, key=len, reverse=True)) + r")[а-я]{0,3}"


def roman(s: str) -> int | None:
    """Value of a Roman numeral, Latin or with Cyrillic look-alikes.

    >>> roman("IV"), roman("ХIV"), roman("XL"), roman("IIII"), roman("VX")
    (4, 14, 40, 4, None)
    """
    s = s.upper().translate(_ROMAN_FOLD)
    if not s or any(c not in _ROMAN_VALUES for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN_VALUES[c]
        nxt = _ROMAN_VALUES[s[i + 1]] if i + 1 < len(s) else 0
        if v < nxt:
            if c not in "IXC" or nxt > 10 * v:
                return None
            total -= v
        else:
            total += v
    return total if total > 0 else None


def arabic(number: str) -> str | None:
    """A unit number as written → Arabic figures (``12-1`` stays ``12-1``).

    >>> arabic("IV"), arabic("12-1"), arabic("первый"), arabic("третий"), arabic("шестая")
    ('4', '12-1', '1', '3', '6')
    """
    n = number.strip().rstrip(".")
    if re.fullmatch(_NUM, n):
        return n
    low = n.lower()
    for stem, v in sorted(ORDINALS_RU.items(), key=lambda kv: -len(kv[0])):
        if low.startswith(stem):
            return str(v)
    r = roman(n)
    return str(r) if r else None


_HEADINGS = [
    ("article", re.compile(rf"^(?:Статья|СТАТЬЯ)\s+(?P<n>{_NUM})(?P<dot>\s*\.)?(?:\s*<\*>)?(?:\s+|$)(?P<t>.*)$")),
    ("article", re.compile(rf"^(?P<n>{_NUM})\s*-\s*(?:бап|БАП)\b(?P<dot>\s*\.)?(?:\s*<\*>)?\s*(?P<t>.*)$")),
    ("chapter", re.compile(rf"^(?:Глава|ГЛАВА)\s+(?P<n>{_NUM}|{ROMAN})\b(?P<dot>\s*\.)?\s*(?P<t>.*)$")),
    ("chapter", re.compile(rf"^(?P<n>{_NUM}|{ROMAN})\s*-?\s*(?:тарау|ТАРАУ)\b(?P<dot>\s*\.)?\s*(?P<t>.*)$")),
    ("section", re.compile(rf"^(?:Раздел|РАЗДЕЛ)\s+(?P<n>{_NUM}|{ROMAN}|{_ORDINAL})\b(?P<dot>\s*\.)?\s*(?P<t>.*)$", re.I)),
    ("section", re.compile(rf"^(?P<n>{_NUM}|{ROMAN})\s*-?\s*(?:бөлім|БӨЛІМ)\b(?P<dot>\s*\.)?\s*(?P<t>.*)$")),
    ("paragraph", re.compile(rf"^(?:Параграф|ПАРАГРАФ)\s+(?P<n>{_NUM})\b(?P<dot>\s*\.)?\s*(?P<t>.*)$")),
    ("paragraph", re.compile(rf"^(?P<n>{_NUM})\s*-\s*параграф\b(?P<dot>\s*\.)?\s*(?P<t>.*)$")),
]
# "## 1. Общие положения": a Markdown heading that numbers a chapter (a point written as a
# heading, "## 37. Итоговая … вычисляется …:", is long or ends like a sentence).
_NUMBERED_HEADING = re.compile(rf"^(?P<n>{_NUM})\.\s+(?P<t>[^\s].{{0,110}})$")


def heading(text: str, styled: bool) -> tuple[str, str, str] | None:
    """(kind, Arabic number, title) when ``text`` opens a section, chapter, paragraph or
    article. ``styled``: the block is a heading, a bold or a non-indented line — a plain
    paragraph must put a period after the number ("Статья 5." / "5-бап."), so that
    "Статья 5 настоящего Закона …" stays a sentence.

    >>> heading("Статья 12-1. Права кандидата", False)
    ('article', '12-1', 'Права кандидата')
    >>> heading("Статья 5 настоящего Закона применяется", False) is None
    True
    >>> heading("Статья 1", True), heading("3-бап. Азаматтық", False)
    (('article', '1', ''), ('article', '3', 'Азаматтық'))
    >>> heading("Глава ХIV Охрана вод", True), heading("Раздел первый Общие положения", True)
    (('chapter', '14', 'Охрана вод'), ('section', '1', 'Общие положения'))
    >>> heading("1. Общие положения", True), heading("37. Итоговая оценка вычисляется так:", True)
    (('chapter', '1', 'Общие положения'), None)
    """
    t = text.strip().strip("*").strip()
    for kind, rx in _HEADINGS:
        m = rx.match(t)
        if not m:
            continue
        if kind == "article" and not styled and not m["dot"]:
            return None
        if kind != "article" and not styled and not m["dot"] and not re.search(r"[А-ЯӘҒҚҢӨҰҮҺІ]{4}", m["t"] or "x") \
                and (len(t.split()) > 16 or t.endswith((".", ";", ":", ","))):
            return None  # "Глава 5 настоящего Закона …" is a sentence; "Глава III Порядок производства работ" a heading
        n = arabic(m["n"])
        if n is None:
            return None
        title = m["t"].strip().strip("*").strip()
        return kind, n, title
    if styled:
        m = _NUMBERED_HEADING.match(t)
        if m and not re.search(r"[.:;,]$", m["t"].rstrip()) and len(m["t"].split()) <= 12:
            return "chapter", m["n"], m["t"].strip()
    return None


# The first line of an approval block or an annex's requisite: "Приложение 2 к приказу …",
# "УТВЕРЖДЕНЫ", "Утверждена", "3-қосымша", "Бекітілген", a head's stamp "Утверждаю".
ANNEX_START_RE = re.compile(
    r"^(?:Приложени[ея](?:\s*(?:№\s*)?\d+(?:[-.]\d+)*)?(?:\s+к\b|\s*$)|ПРИЛОЖЕНИЕ\b|"
    r"(?:Утвержден|УТВЕРЖДЕН)[аоыАОЫ]?(?:\s|$)|(?:Бекітілген|БЕКІТІЛГЕН)(?:\s|$)|"
    r"\d+(?:-\d+)*\s*-?\s*қосымша\b|Қосымша(?:\s|$)|ҚОСЫМША\b|(?:Утверждаю|УТВЕРЖДАЮ|Бекітемін|БЕКІТЕМІН)\b)"
)


_PLAIN_ANNEX_START_RE = re.compile(r"^(?:Приложени[ея]\s*(?:№\s*)?\d+(?:[-.]\d+)*\s+к\s|\d+(?:-\d+)*\s*-?\s*қосымша\b)")


# Kazakh puts the word last: "… 2013 жылғы 13 наурыздағы № 239 қаулысына қосымша", "… қаулысымен бекітілген"
_KK_ANNEX_END_RE = re.compile(r"(?:№\s*\S+|\d{4}\s+жылғы.*)\s+\w+\s+(?:қосымша|ҚОСЫМША|бекітілген|бек[іi]т[іi]лген|БЕКІТІЛГЕН)\.?$")


def starts_annex(text: str, plain: bool = False) -> bool:
    """Whether a block opens an annex's approval block. A ``plain`` paragraph (not set apart
    as a quotation, a bold or a non-indented line) must be a short "Приложение 2 к …" /
    "2-қосымша" line: "Қосымша зерделеу жүргізу …" ("further study …") is a sentence.

    >>> [starts_annex(t) for t in ("Приложение 2 к приказу Министра", "Утверждена", "2-қосымша",
    ...  "Утвердить прилагаемые Правила", "Утвержденные Правила применяются")]
    [True, True, True, False, False]
    >>> starts_annex("Қосымша зерделеу жүргізу қажет болған жағдайларда, …", plain=True)
    False
    >>> starts_annex("Қазақстан Республикасы Үкіметінің 2013 жылғы 13 наурыздағы № 239 қаулысына қосымша")
    True
    """
    t = text.strip()
    if not plain and len(t) < 300 and _KK_ANNEX_END_RE.search(t):
        return True
    if plain:
        return len(t) < 250 and not t.endswith((".", ";", ":")) and bool(_PLAIN_ANNEX_START_RE.match(t))
    return len(t) < 400 and bool(ANNEX_START_RE.match(t))


ENDORSEMENT_RE = re.compile(r"^[\"«]?(?:СОГЛАСОВАН[ОА]?|Согласован[оа]?|КЕЛІСІЛДІ|Келісілді)\b[\"»]?")

# Officials who sign acts, at the start (Russian) or the end (Kazakh) of the title.
_OFFICIAL_RU = (
    r"(?:Президент|Премьер-Министр|Первый\s+заместитель|Заместитель|Вице-министр|Министр|Председатель|"
    r"Аким|Руководитель|Начальник|Управляющий|Исполняющий\s+обязанности|Исполняющая\s+обязанности|"
    r"И\.\s?о\.|Секретарь|Государственный\s+секретарь|Директор|Генеральный\s+прокурор|Ответственный\s+секретарь)"
)
_OFFICIAL_KK = (
    r"(?:Президенті|Премьер-Министрі|министрі|Министрі|төрағасы|Төрағасы|әкімі|Әкімі|әкiмi|Әкiмi|хатшысы|"
    r"Хатшысы|басшысы|бастығы|Басқарушысы|орынбасары|міндетін\s+атқарушы|Әкім|Министр)"
)
_NAME = (
    r"(?:(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?){1,2}[А-ЯЁӘҒҚҢӨҰҮҺІ][А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+(?:-[А-ЯЁӘ][А-Яа-яёә]+)?"
    r"|[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+\s+(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?){1,2})"
)
_SIGNATURE = re.compile(rf"^(?:{_OFFICIAL_RU}\b.{{0,160}}|.{{0,160}}\b{_OFFICIAL_KK}|{_OFFICIAL_KK}\b.{{0,120}})\s+{_NAME}\s*$")
_BARE_NAME = re.compile(rf"^{_NAME}\s*$")
_TITLE_ONLY = re.compile(rf"^(?:{_OFFICIAL_RU}(?:\b|(?=[А-Я]))[^.;:]{{0,140}}|[^.;:]{{0,140}}\b{_OFFICIAL_KK})$")


def is_signature(text: str, styled: bool = False) -> bool:
    """A signature: an official's title and a name ("Министр юстиции Б. Имашев", "Облыс
    Әкiмi З. Нұрқаділов", "Президент Республики Казахстан К. ТОКАЕВ"); when ``styled``
    (bold, or a non-indented line of an export) also a bare name ("Б. Имашев") or a bare
    title ("Президент Республики Казахстан").

    >>> [is_signature(t) for t in ("Министр юстиции Б.Имашев", "Облыс Әкiмi З. Нұрқаділов",
    ...  "Президент Республики Казахстан К. ТОКАЕВ", "Секретарь маслихата города Нур-Султана Е. Каналимов",
    ...  "Министр обеспечивает исполнение настоящего приказа.")]
    [True, True, True, True, False]
    >>> is_signature("Президент Республики Казахстан", styled=True), is_signature("Н. Назарбаев", styled=True)
    (True, True)
    """
    t = " ".join(text.split()).strip("* ")
    if len(t) > 260 or not t or len(t.split()) > 16 or t[-1] in ".;:,)":
        return False  # a signature is a short title and name, not a sentence
    if _SIGNATURE.match(t):
        return True
    return styled and bool(_BARE_NAME.match(t) or _TITLE_ONLY.match(t))
