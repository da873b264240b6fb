"""Footnote and entry-into-force grammar (Russian and Kazakh).

Reads: the text of one footnote ("Сноска. Пункт 3 - в редакции Указа …") or of an
entry-into-force clause. Writes: typed ``FootnoteEvent`` / ``EntryRule`` values and the
footnote's subject (which provision it speaks of), without resolving dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import find_dates, kinds_in, numeral
from .model import ActMention, ActRef, EntryRule, FootnoteEvent

FOOTNOTE_RE = re.compile(r"^(?:Сноска|Ескерту)\s*\.\s*", re.I)

_PUB_DAYS = [
    re.compile(r"по\s+истечении\s+(?P<n>[\w ]+?)\s+(?:календарных\s+)?дней", re.I),
    re.compile(r"(?:кейін\s+)?(?:күнтізбелік\s+)?(?P<n>[\w ]+?)\s+(?:күнтізбелік\s+)?күн\s+өткен\s+соң", re.I),
]
_PUB = re.compile(
    r"(?:опубликовани|жарияланған|жариялан)", re.I
)
_SIGNING = re.compile(r"со\s+дня\s+(?:его\s+)?подписания|қол\s+қойылған\s+күн", re.I)
_FIXED_RU = re.compile(r"\bс\s+(\d{1,2}\s+\w+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})", re.I)
_FIXED_KK = re.compile(r"(\d{4}\s+жылғы\s+\d{1,2}\s+\w+?)(?:дан|ден|тан|тен|нан|нен)\s+бастап", re.I)


_RETRO = re.compile(
    r"распространяется\s+на\s+(?:правоотношения|отношения),?\s+возникши\w*\s+с\s+(?P<d>\d{1,2}\s+\w+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})"
    r"|(?P<k>\d{4}\s+жылғы\s+\d{1,2}\s+\w+?)(?:дан|ден|тан|тен|нан|нен)\s+бастап\s+туындаған\s+қатынастарға\s+қолданылады",
    re.I,
)
_EXCEPT = re.compile(
    r"за\s+исключением\s+(?P<what>.+?),\s+котор\w+\s+(?P<rule>(?:ввод|вступа)\w*\s+в\s+(?:действие|силу)\s+.+?)(?=;|\.\s|\.$|,\s+(?:и|а)\s|$)",
    re.I,
)


def parse_rule(text: str) -> EntryRule:
    """The entry-into-force rule of a clause, with retroactive effect and the parts of
    the act that take effect on their own dates.

    >>> r = parse_rule("Настоящий указ вводится в действие со дня его первого официального опубликования, "
    ...                "за исключением подпункта 2) пункта 1, который вводится в действие с 1 января 2024 года, "
    ...                "и распространяется на отношения, возникшие с 1 июля 2023 года.")
    >>> r.kind, r.retroactive_from.isoformat(), [(e, x.kind, x.fixed.isoformat()) for e, x in r.exceptions]
    ('publication', '2023-07-01', [(('point_1__subpoint_2',), 'fixed', '2024-01-01')])
    >>> r.for_provision("point_1__subpoint_2__part_1").kind, r.for_provision("point_2").kind
    ('fixed', 'publication')
    """
    t = " ".join(text.split())
    exceptions = []
    for m in _EXCEPT.finditer(t):
        from .instructions import _targets

        eids = tuple(_targets(m["what"], ""))
        if eids:
            exceptions.append((eids, _parse_simple(m["rule"])))
    main = _EXCEPT.sub(" ", t)
    retro = None
    m = _RETRO.search(t)
    if m:
        ds = find_dates(m["d"] if m["d"] else m["k"] + "дағы")
        retro = ds[0][2] if ds else None
        main = _RETRO.sub(" ", main)
    rule = _parse_simple(main)
    from dataclasses import replace

    return replace(rule, text=t, retroactive_from=retro, exceptions=tuple(exceptions))


def _parse_simple(text: str) -> EntryRule:
    """The entry-into-force rule stated in a clause.

    >>> parse_rule("вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования")
    EntryRule(kind='publication+days', days=10, fixed=None, text='вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования', retroactive_from=None, exceptions=())
    >>> parse_rule("оның алғаш ресми жарияланған күнінен кейін жиырма бір күн өткен соң қолданысқа енгізіледі").days
    21
    >>> parse_rule("алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі").kind
    'publication'
    """
    t = " ".join(text.split())
    for rx in _PUB_DAYS:
        m = rx.search(t)
        if m:
            words = m["n"].split()
            for k in (2, 1):
                n = numeral(" ".join(words[-k:])) if len(words) >= k else None
                if n:
                    return EntryRule("publication+days", days=n, text=t)
    if _SIGNING.search(t):
        return EntryRule("signing", text=t)
    for rx in (_FIXED_RU, _FIXED_KK):
        m = rx.search(t)
        if m:
            ds = find_dates(m.group(1) + ("дағы" if rx is _FIXED_KK else ""))
            if ds:
                return EntryRule("fixed", fixed=ds[0][2], text=t)
    if _PUB.search(t):
        return EntryRule("publication", text=t)
    return EntryRule("unknown", text=t)


OPERATIONS = [
    ("substitution", re.compile(r"в\s+редакции|редакцияда|изложен\w*\s+в\s+(?:новой|следующей)", re.I)),
    ("change", re.compile(r"с\s+изменени|изменени\w+,\s+внесенн|өзгеріс\w*\s+енгізіл|өзгерт", re.I)),
    ("insertion", re.compile(r"дополнен|толықтырыл", re.I)),
    ("repeal", re.compile(r"исключен|утратил|күші\s+жойыл|алып\s+тасталд", re.I)),
]

_NUMBER = re.compile(r"№\s*(?P<n>[\w/.-]*\w)")


def operation_at(text: str, pos: int) -> str | None:
    """The last operation phrase before ``pos``."""
    best, best_pos = None, -1
    for op, rx in OPERATIONS:
        for m in rx.finditer(text, 0, pos):
            if m.start() > best_pos:
                best, best_pos = op, m.start()
    return best


def act_mentions(text: str, language: str, default_kind: str | None = None):
    """Acts named by date and number in a text: (start, end, mention, rule text).

    Kind comes from the nearest kind word: before the reference in Russian
    ("Указом … от 13.04.2023 № 195"), after it in Kazakh ("… № 418 … Жарлығымен").
    """
    refs = []
    dates = find_dates(text)
    for m in _NUMBER.finditer(text):
        near = [d for d in dates if d[1] <= m.start() and m.start() - d[1] <= 25]
        if not near:
            continue
        ds, _, d = near[-1]
        end = m.end()
        rule = ""
        pm = re.match(r"\s*\(([^()]*)\)", text[end:])
        if pm:
            rule, end = pm.group(1), end + pm.end()
        refs.append([ds, end, m["n"], d, rule])
    out = []
    prev_kind = default_kind
    for i, (ds, end, num, d, rule) in enumerate(refs):
        lo = refs[i - 1][1] if i else 0
        hi = refs[i + 1][0] if i + 1 < len(refs) else len(text)
        before = [k for p, k in kinds_in(text[lo:ds])]
        after = [k for p, k in kinds_in(text[end:hi])]
        if language == "kk":
            kind = (after[:1] or before[-1:] or [prev_kind])[0]
        else:
            kind = (before[-1:] or after[:1] or [prev_kind])[0]
        if kind is None:
            continue
        prev_kind = kind
        out.append((ds, end, ActMention(ActRef(kind, d, num)), rule))
    return out


@dataclass(frozen=True)
class Subject:
    """What a footnote speaks of, relative to the container it stands in."""

    kind: str  # act | preamble | title | point | subpoint | chapter | annex | unknown
    number: str | None = None
    parent_number: str | None = None


_SUBJECTS = [
    ("point", re.compile(r"дополнен\w*\s+пункт\w*\s+(?P<n>\d+(?:-\d+)*)", re.I)),
    ("subpoint", re.compile(r"дополнен\w*\s+подпункт\w*\s+(?P<n>\d+(?:-\d+)*)", re.I)),
    ("chapter", re.compile(r"дополнен\w*\s+глав\w*\s+(?P<n>\d+(?:-\d+)*)", re.I)),
    ("point", re.compile(r"(?P<n>\d+(?:-\d+)*)-тармақпен\s+толықтыр", re.I)),
    ("chapter", re.compile(r"(?P<n>\d+(?:-\d+)*)-тараумен\s+толықтыр", re.I)),
    ("subpoint", re.compile(r"^Подпункт\s+(?P<n>\d+(?:-\d+)*)\)?\s+пункта\s+(?P<p>\d+(?:-\d+)*)", re.I)),
    ("point", re.compile(r"^Пункт\s+(?P<n>\d+(?:-\d+)*)", re.I)),
    ("chapter", re.compile(r"^Глав\w*\s+(?P<n>\d+(?:-\d+)*)", re.I)),
    ("annex", re.compile(r"^Приложени\w*\s+(?P<n>\d+)", re.I)),
    ("point", re.compile(r"^(?P<n>\d+(?:-\d+)*)-тармақ", re.I)),
    ("chapter", re.compile(r"^(?P<n>\d+(?:-\d+)*)-тарау", re.I)),
    ("preamble", re.compile(r"^(?:Преамбул|Кіріспе)", re.I)),
    ("title", re.compile(r"^(?:Заголов|Тақырыб|Атау)", re.I)),
    ("act", re.compile(r"^(?:Указ|Постановлени|Приказ|Закон|Кодекс|Решени|Бұйрық|Жарлық|Қаулы|Заң)", re.I)),
]


def subject_of(text: str) -> Subject:
    """The provision a footnote names.

    >>> subject_of("Пункт 3 - в редакции Указа Президента РК от 31.07.2024 № 612")
    Subject(kind='point', number='3', parent_number=None)
    >>> subject_of("Требование дополнено пунктом 5-1 Указом Президента РК от 31.07.2024 № 612")
    Subject(kind='point', number='5-1', parent_number=None)
    >>> subject_of("Қағида 2-1-тараумен толықтырылды - ҚР Президентінің 22.12.2023 № 418").kind
    'chapter'
    """
    body = FOOTNOTE_RE.sub("", text.strip())
    for kind, rx in _SUBJECTS:
        m = rx.search(body)
        if m:
            gd = m.groupdict()
            return Subject(kind, gd.get("n"), gd.get("p"))
    return Subject("unknown")


def footnote_events(text: str, language: str) -> tuple[FootnoteEvent, ...]:
    """Each amending act a footnote names, with its operation and rule.

    >>> evs = footnote_events("Сноска. Пункт 3 - в редакции Указа Президента РК от 31.07.2024 № 612 (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования); с изменениями, внесенными Указом Президента РК от 17.03.2025 № 817 (вводится в действие со дня его первого официального опубликования).", "ru")
    >>> [(e.operation, e.act.ref.key, e.rule.kind) for e in evs]
    [('substitution', 'decree-2024-07-31-612', 'publication+days'), ('change', 'decree-2025-03-17-817', 'publication')]
    """
    out = []
    for start, _end, mention, rule in act_mentions(text, language):
        op = operation_at(text, start) or "change"
        out.append(FootnoteEvent(op, mention, parse_rule(rule) if rule else EntryRule("unknown")))
    return tuple(out)
