"""Words of a wording for search: tokens, folded letters and stems, Russian and Kazakh.

Reads a text (a provision's wording or a query); writes the list of its index terms, one per
word, in order (positions matter: phrase queries match adjacent terms). The same function
makes the terms of what is indexed and of what is asked, so a word matches another exactly
when both reduce to the same term.

Guarantees:

- Letters are lower-cased, ``ё`` is ``е``, Latin look-alikes inside a Cyrillic word are
  Cyrillic (the exports write "C-3", "пунктa"), and a Latin ``i`` in a Kazakh word is ``і``.
- **Russian**: the word's lemma (dictionary form) from pymorphy3 — the OpenCorpora
  dictionary and its suffix predictor for words it does not know — so "стаж", "стажа",
  "стажем" share one term, and so do "опыт" and "опыта", "органы" and "органов" (the
  Snowball stemmer, tried first, cuts "опыт" to "оп" but "опыта" to "опыт"). A word with
  several readings takes its most probable one, the same in the text and in the query.
- **Kazakh** is agglutinative — a word is a stem followed by suffixes in a fixed order
  (plural, possessive, case). Snowball has no Kazakh stemmer; ``kazakh_stem`` strips those
  inflectional suffixes from the end, longest first, case → possessive → plural, never
  leaving fewer than three letters, so "қызметтің", "қызметке", "қызметі" and
  "қызметшілердің" → "қызмет", "қызмет", "қызмет", "қызметші". Derivational suffixes
  ("-лық", "-шы", "-тік") are kept: they make other words ("мемлекеттік" is not
  "мемлекет").
- Numbers are terms as written ("5-1" is the two terms "5", "1"; "1)" is "1").

>>> terms("не менее шести лет стажа работы", "ru")
['не', 'менее', 'шесть', 'год', 'стаж', 'работа']
>>> terms("практического опыта", "ru") == terms("практический опыт", "ru")
True
>>> terms("мемлекеттік қызметшілердің", "kk")
['мемлекеттік', 'қызметші']
>>> terms("пунктa 5-1", "ru")
['пункт', '5', '1']
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CYR = re.compile(r"[а-яёәғқңөұүһі]")
_TO_CYR = str.maketrans("aceopxyki", "асеорхукі")
_KK_LETTERS = set("әғқңөұүһі")

# Kazakh inflectional suffixes by slot, outermost slot first (case follows possessive follows
# plural); each slot's variants by vowel harmony and the stem's last sound.
_KK_CASE = ("дың", "дің", "тың", "тің", "ның", "нің",  # genitive
            "ға", "ге", "қа", "ке", "на", "не", "а", "е",  # dative
            "ды", "ді", "ты", "ті", "ны", "ні", "н",  # accusative
            "да", "де", "та", "те", "нда", "нде",  # locative
            "дан", "ден", "тан", "тен", "нан", "нен",  # ablative
            "мен", "бен", "пен",  # instrumental
            "дай", "дей", "тай", "тей")  # similative
_KK_POSSESSIVE = ("ымыз", "іміз", "мыз", "міз", "ыңыз", "іңіз", "ңыз", "ңіз", "ым", "ім", "м", "ың", "ің", "ң",
                  "сы", "сі", "ы", "і")
_KK_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
_MIN_STEM = 3
_VOWELS = set("аәеиоөұүуыіэюя")
_VOICELESS = set("пткқсшфхцчщв")  # в: loanwords end in a voiceless [ф] ("резервке", "резервті")
# which sound may stand before a suffix, by the suffix's first letter (the harmony of consonants:
# "қызметтің" but "тармағының", "қызметі" is not "қызме" + "ті")
_BEFORE = {
    "т": lambda c: c in _VOICELESS, "қ": lambda c: c in _VOICELESS, "к": lambda c: c in _VOICELESS,
    "д": lambda c: c not in _VOICELESS or c == "в", "ғ": lambda c: c not in _VOICELESS, "г": lambda c: c not in _VOICELESS,
    "н": lambda c: c in _VOWELS or c in "мнң", "с": lambda c: c in _VOWELS, "л": lambda c: c in _VOWELS or c in "рйу",
}
# a suffix that is only a vowel follows a consonant — but not "ш": "-шы/-ші" makes the agent noun
# ("қызметші" is a word of its own, not "қызметш" + "і")
_ANY_CONSONANT = lambda c: c not in _VOWELS and c != "ш"  # noqa: E731
_FINAL = str.maketrans("ғгб", "қкп")  # a stem's last consonant voiced before a vowel suffix: тармағы → тармақ


def _by_length(suffixes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(suffixes, key=len, reverse=True))


_KK_SLOTS = (_by_length(_KK_CASE), _by_length(_KK_POSSESSIVE), _by_length(_KK_PLURAL))
_RU = None  # the pymorphy3 analyser, loaded on first use (0.1 s)


def _ru_lemma(word: str) -> str:
    global _RU
    if _RU is None:
        import pymorphy3

        _RU = pymorphy3.MorphAnalyzer()
    return _RU.parse(word)[0].normal_form.replace("ё", "е")


def fold(word: str) -> str:
    """Lower case, ``ё`` → ``е``; Latin look-alikes in a word that has Cyrillic letters made Cyrillic.

    >>> fold("ПунктA"), fold("Ёлка"), fold("iшкi"), fold("ABC")
    ('пункта', 'елка', 'ішкі', 'abc')
    """
    w = word.lower().replace("ё", "е")
    if _CYR.search(w) and not w.isascii():
        w = w.translate(_TO_CYR)
    return w


def kazakh_stem(word: str) -> str:
    """The stem of a folded Kazakh word: one suffix stripped per slot, outermost slot first.

    >>> [kazakh_stem(w) for w in ("қызметтің", "қызметке", "қызметі", "қызметшілердің", "тармағының", "ана")]
    ['қызмет', 'қызмет', 'қызмет', 'қызметші', 'тармақ', 'ана']
    >>> kazakh_stem("тармақ"), kazakh_stem("мемлекеттік"), kazakh_stem("қалада"), kazakh_stem("қызметші")
    ('тармақ', 'мемлекеттік', 'қала', 'қызметші')
    """
    w = word
    for slot in _KK_SLOTS:
        for s in slot:
            if w.endswith(s) and len(w) - len(s) >= _MIN_STEM:
                before = w[-len(s) - 1]
                if _BEFORE.get(s[0], _ANY_CONSONANT if s in ("а", "е", "ы", "і") else lambda c: True)(before):
                    w = w[: -len(s)]
                    break
    return w[:-1] + w[-1].translate(_FINAL) if w else w


@lru_cache(maxsize=200_000)
def term(word: str, language: str) -> str:
    """The index term of one word."""
    w = fold(word)
    if w.isdigit():
        return w
    if language == "kk":
        return kazakh_stem(w)
    return _ru_lemma(w) if _CYR.search(w) else w


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` with their character spans: ``(start, end, word)``."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def terms(text: str, language: str) -> list[str]:
    """The index terms of ``text``, one per word, in order."""
    return [term(w, language) for w in _WORD.findall(text)]


# Words too common to decide a match (prepositions, conjunctions, particles): a query's loose
# words skip them, a quoted phrase keeps them (its words must stand in order).
STOP = {
    "ru": frozenset("в во и а но на с со по о об обо к ко из за от до для или при что как то же у не ни ли бы".split()),
    "kk": frozenset("және мен бен пен немесе үшін да де та те бойынша сондай ақ осы ол бұл".split()),
}


def is_stop(term_: str, language: str) -> bool:
    """Whether an index term is a stop word of the language (``STOP``).

    >>> is_stop(term("в", "ru"), "ru"), is_stop(term("отрасли", "ru"), "ru")
    (True, False)
    """
    return term_ in STOP.get(language, ())


def guess_language(text: str) -> str:
    """"kk" when the text has a letter only Kazakh writes (ә ғ қ ң ө ұ ү һ і), else "ru".

    >>> guess_language("стаж работы"), guess_language("мемлекеттік қызмет")
    ('ru', 'kk')
    """
    return "kk" if _KK_LETTERS & set(text.lower()) else "ru"
