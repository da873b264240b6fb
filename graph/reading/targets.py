"""Provision references in amending instructions and footnotes: "пункт 3 статьи 5", "3-тармақтың
2-2) тармақшасы", "часть вторую пункта 4" → eIds relative to the document they are in.

Reads: the head of one instruction or the subject of a footnote (Russian or Kazakh). Writes: eIds
(``article_49__point_4__part_2``). Pure functions of a string; used by ``instructions`` and
``footnotes``, which is why they live apart from both (they were an import cycle).
"""

from __future__ import annotations

import re

N = r"\d+(?:[.-]\d+)*"  # a provision number: 5, 5-1, 6.1

ORDINALS = {
    "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18,
    "девятнадцат": 19, "двадцат": 20,
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
    "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4, "бесінші": 5,
    "алтыншы": 6, "жетінші": 7, "сегізінші": 8, "тоғызыншы": 9, "оныншы": 10,
}
_ORDINAL_STEMS = sorted(ORDINALS, key=len, reverse=True)


def ordinal(word: str) -> int | None:
    """"пятнадцатый" → 15 (the longest stem first: not "пят" → 5).

    >>> ordinal("пятнадцатый"), ordinal("пятый"), ordinal("одиннадцатым"), ordinal("екінші")
    (15, 5, 11, 2)
    """
    w = word.lower()
    return next((ORDINALS[k] for k in _ORDINAL_STEMS if w.startswith(k)), None)


def numbers(text: str, suffix: str = "") -> list[str]:
    """'5, 16 и 18' → ['5', '16', '18']; with suffix ')' for subpoints."""
    return re.findall(rf"({N}){re.escape(suffix)}", text)


def targets(head: str, within: str) -> list[str]:
    """The provisions an instruction names, as eIds relative to its document.

    >>> targets("пункты 5, 16 и 18 исключить;", "")
    ['point_5', 'point_16', 'point_18']
    >>> targets("подпункты 44-9) и 44-10) исключить;", "point_15")
    ['point_15__subpoint_44-9', 'point_15__subpoint_44-10']
    >>> targets("в разделе 6 \\"Целевые индикаторы\\" подпункт 1) пункта 6.1 изложить в следующей редакции:", "")
    ['point_6.1__subpoint_1']
    >>> targets("3-тармақтың 2-2) тармақшасы мынадай редакцияда жазылсын:", "")
    ['point_3__subpoint_2-2']
    >>> targets("дополнить главой 4-1 следующего содержания:", "")
    ['chapter_4-1']
    >>> targets("часть вторую пункта 4 статьи 49 исключить", ""), targets("дополнить статьей 18-1 следующего содержания:", "")
    (['article_49__point_4__part_2'], ['article_18-1'])
    >>> targets("1) часть вторую пункта 1 изложить в следующей редакции:", "article_12")
    ['article_12__point_1__part_2']
    """
    h = re.sub(r"\"[^\"]*\"|«[^»]*»", " ", head)  # quoted names are not targets
    low = h.lower()
    section = None
    m = re.search(rf"(?:раздел\w*)\s+({N})|({N})-бөлім", low)
    if m:
        section = m.group(1) or m.group(2)
    many = re.search(rf"((?:{N}(?:\s*,\s*|\s+және\s+))+{N})-бап", low)
    if many and not re.search(r"тармақ|бөлі|абзац", low):  # "2 және 9-баптардың": several articles
        return [f"article_{n}" for n in numbers(many.group(1))]
    article = re.search(rf"стать\w*\s+({N})|({N})-бап", low)
    if article:
        # "часть вторую пункта 4 статьи 49", "пункт 4 статьи 10", "статью 11", "дополнить статьей 18-1"
        art = f"article_{article.group(1) or article.group(2)}"
        rest = (low[:article.start()] + " " + low[article.end():]).strip()
        inner = targets(rest, "") if re.search(r"пункт|част|абзац|тармақ|бөлі", rest) else []
        if not inner:
            return [art]
        return [t if t.startswith(art) else f"{art}__{t}" for t in inner]
    if re.search(r"преамбул|кіріспе", low):
        return ["preamble"]
    m = re.search(rf"заголов\w*\s+глав\w*\s+({N})|({N})-тарау\w*\s+тақырыб", low)
    if m:  # "заголовок главы 2 изложить": the chapter's heading (the version of chapter_2 carries it)
        return [f"chapter_{m.group(1) or m.group(2)}"]
    if re.search(r"заголов|тақырыб|атауы", low):
        return ["title"]
    m = re.search(r"(?:част\w*|абзац\w*)\s+(\w+)()", low) or re.search(r"()(\w+)\s+(?:бөлігі|абзац)", low)
    if m:
        word = m.group(1) or m.group(2)
        num = ordinal(word)
        if num:
            pm = re.search(rf"пункт\w*\s+({N})", low[m.end():])
            art = re.match(r"article_[^_]+(?:_[^_]+)?(?=__|$)", within)
            base = ((art.group(0) + "__") if art else "") + f"point_{pm.group(1)}" if pm else \
                within or (f"section_{section}" if section else "")
            return [f"{base}__part_{num}" if base else f"part_{num}"]
    # Russian: "подпункт(ы) 1), 2) и 3) пункта 6"; Kazakh: "3-тармақтың 2-2) тармақшасы"
    m = re.search(rf"подпункт\w*\s+((?:{N}\)(?:\s*,\s*|\s+и\s+)?)+)(?:\s*пункта\s+({N}))?", low)
    mk = re.search(rf"(?:({N})-тармақ\w*\s+(?:[^\W\d]+\s+){{0,3}}?)?((?:{N}\)(?:\s*,\s*|\s+және\s+)?)+)\s*тармақша", low)
    if m or mk:
        subs = numbers(m.group(1) if m else mk.group(2), ")")
        point = (m.group(2) if m else mk.group(1))
        if point is None and m:
            other = re.search(rf"(?<!под)пункт\w*\s+({N})(?!\s*\))", low[:m.start()] + " " + low[m.end():])
            point = other.group(1) if other else None
        parent = f"point_{point}" if point else within
        return [f"{parent}__subpoint_{s}" if parent else f"subpoint_{s}" for s in subs]
    m = re.search(rf"пункт\w*\s+((?:{N}(?:\s*,\s*|\s+и\s+)?)+)", low)
    if m:
        return [f"point_{n}" for n in numbers(m.group(1))]
    mk = re.search(rf"((?:{N}(?:\s*,\s*|\s+және\s+))*{N})-тармақ(?!ша)", low)
    if mk:
        return [f"point_{n}" for n in numbers(mk.group(1))]
    m = re.search(rf"глав\w*\s+({N})|({N})-тарау", low)
    if m:
        return [f"chapter_{m.group(1) or m.group(2)}"]
    m = re.search(r"приложени\w*\s+(\d+)|(\d+)-қосымша", low)
    if m:
        return [f"annex_{m.group(1) or m.group(2)}"]
    if section:
        return [f"section_{section}"]
    return []
