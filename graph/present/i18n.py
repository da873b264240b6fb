"""The interface's languages (issue 18, item 2): message catalogues, the language of a request, dates.

Reads the gettext catalogues ``locales/<lang>/LC_MESSAGES/zangraph.po`` (Babel's PO reader; the
message ids are English, so ``en`` needs no translations but keeps a catalogue all the same,
for the test that no page shows a string outside its language's catalogue). Writes nothing.

Guarantees: ``translator(lang)`` is a callable ``_(msgid, **params)`` that gives the catalogue's
string (the message id itself where a catalogue lacks it, and ``missing`` records it), with
``%(name)s`` placeholders filled; ``negotiate`` picks ru, kk or en from an explicit choice, then
``Accept-Language`` (quality values honoured), else Russian; ``fmt_date`` writes dd.mm.yyyy in
Russian and Kazakh and ISO dates in English. Statuses, operations and the reasons of answers
(``why`` codes, graph.queries.query) are messages like any other.

>>> _ = translator("ru")
>>> _("in force")
'действует'
>>> _("Version from %(start)s", start="01.06.2025")
'Редакция с 01.06.2025'
>>> negotiate(None, "kk-KZ,kk;q=0.9,ru;q=0.8"), negotiate("en", "kk"), negotiate(None, None)
('kk', 'en', 'ru')
>>> fmt_date("2025-06-01", "ru"), fmt_date("2025-06-01", "en"), fmt_date(None, "kk")
('01.06.2025', '2025-06-01', '')
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGS = ("ru", "kk", "en")
DEFAULT = "ru"
LOCALES = Path(__file__).resolve().parents[2] / "locales"
NAMES = {"ru": "русский", "kk": "қазақша", "en": "English"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    """msgid → translation of one language (an empty translation falls back to the msgid)."""
    path = LOCALES / lang / "LC_MESSAGES" / "zangraph.po"
    with open(path, "rb") as f:
        cat = read_po(f, locale=lang)
    return {m.id: (m.string or m.id) for m in cat if m.id and isinstance(m.id, str)}


class Translator:
    """``_(msgid, **params)`` for one language; ``missing`` collects message ids it lacked."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGS else DEFAULT
        self.messages = catalogue(self.lang)
        self.missing: set[str] = set()

    def __call__(self, msgid: str, **params) -> str:
        s = self.messages.get(msgid)
        if s is None:
            self.missing.add(msgid)
            s = msgid
        return s % params if params else s


def translator(lang: str) -> Translator:
    return Translator(lang)


_ACCEPT = re.compile(r"\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def negotiate(explicit: str | None, accept_language: str | None) -> str:
    """The interface language: the one chosen (``?lang=``/cookie), else the best of
    ``Accept-Language`` we have, else Russian."""
    if explicit in LANGS:
        return explicit
    best, best_q = DEFAULT, -1.0
    for part in (accept_language or "").split(","):
        m = _ACCEPT.fullmatch(part)
        if not m:
            continue
        try:
            q = float(m.group(2)) if m.group(2) else 1.0
        except ValueError:
            continue
        tag = m.group(1).lower()
        tag = "kk" if tag in ("kk", "kaz") else tag
        if tag in LANGS and q > best_q:
            best, best_q = tag, q
    return best


def fmt_date(value: str | date | None, lang: str) -> str:
    """A date as people of that language write it: dd.mm.yyyy (ru, kk), YYYY-MM-DD (en)."""
    if not value:
        return ""
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return d.isoformat() if lang == "en" else d.strftime("%d.%m.%Y")


def placeholders_pattern(message: str) -> re.Pattern:
    """A regular expression matching any filling of a catalogue string's ``%(name)s`` places
    (the browser tests check every string a page shows against its language's catalogue)."""
    parts = re.split(r"%\([a-z_]+\)[sd]", message)
    return re.compile(".+?".join(re.escape(p.strip()) if i in (0, len(parts) - 1) else re.escape(p)
                                 for i, p in enumerate(parts)), re.S)
