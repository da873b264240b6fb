"""Citations as a lawyer writes them, in Russian and Kazakh (issue 18, item 1), generated
from the model: an act from its kind, issuer (as its requisite names it, in the genitive),
date and number; a provision from its eId.

Acts::

    Указ Президента Республики Казахстан от 13 апреля 2023 года № 195      (long, ru)
    Указ от 13.04.2023 № 195                                                (short, ru)
    Қазақстан Республикасы Президентінің 2023 жылғы 13 сәуірдегі № 195 Жарлығы   (long, kk)

Provisions: in Russian, from the unit itself outwards, each enclosing unit in the genitive —
"подпункт 2-1) пункта 6 приложения 1"; where the path holds an article (laws and codes), the
way codes are cited, outermost first — "статья 12, пункт 1, подпункт 13-1)". In Kazakh,
outermost first, each enclosing unit in the genitive with the possessive, the unit itself
with the possessive — "1-қосымшаның 6-тармағының 2-1) тармақшасы".

Keys and eIds stay in JSON, URLs and SPARQL; this is what people read.
"""

from __future__ import annotations

from datetime import date

from .model import ActRef

MONTHS_RU_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                 "октября", "ноября", "декабря")
MONTHS_KK_LOC = ("қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы", "шілдедегі",
                 "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы")

# kind → (ru, the issuer a requisite of that kind names when the text does not, in the genitive)
ACT_RU = {"decree": ("Указ", "Президента Республики Казахстан"), "resolution": ("Постановление", "Правительства Республики Казахстан"),
          "order": ("Приказ", None), "law": ("Закон Республики Казахстан", None), "code": ("Кодекс Республики Казахстан", None),
          "decision": ("Решение", None), "constitution": ("Конституция Республики Казахстан", None), "unknown": ("Акт", None)}
# kind → (kk noun, its possessive form closing a citation, the default issuer in the genitive)
ACT_KK = {"decree": ("Жарлық", "Жарлығы", "Қазақстан Республикасы Президентінің"),
          "resolution": ("қаулы", "қаулысы", "Қазақстан Республикасы Үкіметінің"),
          "order": ("бұйрық", "бұйрығы", None), "law": ("Заң", "Заңы", "Қазақстан Республикасының"),
          "code": ("Кодекс", "Кодексі", "Қазақстан Республикасының"), "decision": ("шешім", "шешімі", None),
          "constitution": ("Конституция", "Конституциясы", "Қазақстан Республикасының"), "unknown": ("акт", "акті", None)}

# unit kind → (ru nominative, ru genitive)
UNIT_RU = {"article": ("статья", "статьи"), "point": ("пункт", "пункта"), "subpoint": ("подпункт", "подпункта"),
           "part": ("часть", "части"), "chapter": ("глава", "главы"), "section": ("раздел", "раздела"),
           "paragraph": ("параграф", "параграфа"), "annex": ("приложение", "приложения"),
           "note": ("примечание", "примечания"), "preamble": ("преамбула", "преамбулы"), "title": ("заголовок", "заголовка")}
# unit kind → (kk noun, its genitive, its possessive, the possessive's genitive)
UNIT_KK = {"article": ("бап", "баптың", "бабы", "бабының"), "point": ("тармақ", "тармақтың", "тармағы", "тармағының"),
           "subpoint": ("тармақша", "тармақшаның", "тармақшасы", "тармақшасының"),
           "part": ("бөлік", "бөліктің", "бөлігі", "бөлігінің"), "chapter": ("тарау", "тараудың", "тарауы", "тарауының"),
           "section": ("бөлім", "бөлімнің", "бөлімі", "бөлімінің"),
           "paragraph": ("параграф", "параграфтың", "параграфы", "параграфының"),
           "annex": ("қосымша", "қосымшаның", "қосымшасы", "қосымшасының"),
           "note": ("ескертпе", "ескертпенің", "ескертпесі", "ескертпесінің"),
           "preamble": ("кіріспе", "кіріспенің", "кіріспесі", "кіріспесінің"),
           "title": ("тақырып", "тақырыптың", "тақырыбы", "тақырыбының")}


def _ru_day(d: date) -> str:
    return f"{d.day} {MONTHS_RU_GEN[d.month - 1]} {d.year} года"


def _kk_day(d: date) -> str:
    return f"{d.year} жылғы {d.day} {MONTHS_KK_LOC[d.month - 1]}"


def act(ref: ActRef, language: str = "ru", issuer: str | None = None, short: bool = False) -> str:
    """An act as a lawyer cites it. ``issuer`` is the issuer as the act's requisite names it
    (genitive: "Министра финансов Республики Казахстан", "Қазақстан Республикасы Қаржы
    министрінің"), in ``language``; without one, the issuer every act of that kind has, if any.

    >>> from datetime import date
    >>> r = ActRef("decree", date(2023, 4, 13), "195")
    >>> act(r), act(r, short=True)
    ('Указ Президента Республики Казахстан от 13 апреля 2023 года № 195', 'Указ от 13.04.2023 № 195')
    >>> act(r, "kk")
    'Қазақстан Республикасы Президентінің 2023 жылғы 13 сәуірдегі № 195 Жарлығы'
    """
    number = f" № {ref.number}" if ref.number else ""
    if language == "kk":
        noun, possessive, default = ACT_KK.get(ref.kind, ACT_KK["unknown"])
        who = issuer or default
        if short:
            return f"{ref.date:%d.%m.%Y}{number} {noun}".strip()
        return f"{who + ' ' if who else ''}{_kk_day(ref.date)}{number} {possessive if who else noun}"
    noun, default = ACT_RU.get(ref.kind, ACT_RU["unknown"])
    if ref.kind == "constitution":
        return f"{noun} от {ref.date:%d.%m.%Y}" if short else f"{noun} от {_ru_day(ref.date)}"
    if short:
        return f"{noun.split()[0]} от {ref.date:%d.%m.%Y}{number}"
    who = issuer or default
    return f"{noun}{' ' + who if who else ''} от {_ru_day(ref.date)}{number}"


def _units(eid: str) -> list[tuple[str, str | None]]:
    out = []
    for step in eid.split("__"):
        step = step.split(".dup", 1)[0]
        kind, _, num = step.partition("_")
        out.append((kind, num or None))
    return out


def _ru_unit(kind: str, num: str | None, case: int) -> str:
    word = UNIT_RU.get(kind, (kind, kind))[case]
    if num is None:
        return word
    return f"{word} {num})" if kind == "subpoint" else f"{word} {num}"


def provision(eid: str, language: str = "ru") -> str:
    """A provision's place in its act, from its eId.

    >>> provision("annex_1__point_6__subpoint_2-1")
    'подпункт 2-1) пункта 6 приложения 1'
    >>> provision("article_12__point_1__subpoint_13-1")
    'статья 12, пункт 1, подпункт 13-1)'
    >>> provision("annex_1__point_6__subpoint_2-1", "kk")
    '1-қосымшаның 6-тармағының 2-1) тармақшасы'
    """
    units = _units(eid)
    if language == "kk":
        parts = []
        for i, (kind, num) in enumerate(units):
            noun, gen, poss, poss_gen = UNIT_KK.get(kind, (kind, kind, kind, kind))
            last, first = i == len(units) - 1, i == 0
            word = (noun if first else poss) if last else (gen if first else poss_gen)
            if num is None:
                parts.append(word)
            elif kind == "subpoint":
                parts.append(f"{num}) {word}")
            else:
                parts.append(f"{num}-{word}")
        return " ".join(parts)
    if any(kind == "article" for kind, _ in units):
        return ", ".join(_ru_unit(kind, num, 0) for kind, num in units)
    inner, *outer = reversed(units)
    return " ".join([_ru_unit(*inner, 0)] + [_ru_unit(kind, num, 1) for kind, num in outer])


def provision_of_act(eid: str, ref: ActRef, language: str = "ru", issuer: str | None = None) -> str:
    """"подпункт 2-1) пункта 6 приложения 1 к Указу от 31.12.2020 № 485" — the provision and the act.

    >>> from datetime import date
    >>> provision_of_act("point_3", ActRef("resolution", date(2023, 11, 3), "969"))
    'пункт 3 — Постановление от 03.11.2023 № 969'
    """
    return f"{provision(eid, language)} — {act(ref, language, issuer, short=True)}"
