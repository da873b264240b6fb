"""Footnote and entry-into-force grammar (Russian and Kazakh).

Reads: the text of one footnote ("Сноска. Пункт 3 - в редакции Указа …") or of an
entry-into-force clause. Writes: typed ``FootnoteEvent`` / ``EntryRule`` values and the
footnote's subject (which provision it speaks of), without resolving dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..model import ActMention, ActRef, EntryRule, FootnoteEvent
from .lexicon import KIND_RE, find_dates, kinds_in, numeral
from .targets import ordinal, targets

FOOTNOTE_RE = re.compile(r"^(?:Сноска|Ескерту)\s*\.\s*", re.I)

_PUB_DAYS = [
    re.compile(r"по\s+истечении\s+(?P<n>[\w ]+?)\s+(?:календарн\w+\s+)?(?:дней|дня|день)\b", re.I),
    re.compile(r"(?:кейін\s+)?(?:күнтізбелік\s+)?(?P<n>[\w ]+?)\s+(?:күнтізбелік\s+)?күн\s+өткен\s+соң", re.I),
]
_PUB_MONTHS = re.compile(r"по\s+истечении\s+(?P<n>\w+\s+месяц\w*|месяца)|(?P<k>\w+)\s+ай\s+өткен\s+соң", re.I)
_AFTER_PUB = re.compile(r"после\s+(?:дня\s+)?(?:его\s+)?(?:первого\s+)?официального\s+опубликования|"
                        r"жарияланған\s+күнінен\s+кейін", re.I)
_FROM_PUB = re.compile(r"по\s+истечении|өткен\s+соң", re.I)
_PUB = re.compile(
    r"(?:опубликовани|жарияланған|жариялан)", re.I
)
_SIGNING = re.compile(r"со\s+дня\s+(?:его\s+)?подписания|қол\s+қойылған\s+күн", re.I)
_FIXED_RU = re.compile(r"\bс\s+(\d{1,2}\s+\w+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})", re.I)
_FIXED_KK = re.compile(r"(\d{4}\s+жыл(?:ғы|дың)\s+\d{1,2}\s+\w+?)(?:ынан|інен|дан|ден|тан|тен|нан|нен)\s+бастап|"
                       r"(\d{1,2}\.\d{1,2}\.\d{4})\s+бастап", re.I)
# "2001 жылғы 1 қаңтардан бастап күшіне енгізілетін 2 және 9-баптардың нормаларын қоспағанда, …": Kazakh puts
# the exception (with its own date) before the general rule
_EXCEPT_KK = re.compile(r"(?P<rule>[^,;]*?(?:күшіне|қолданысқа)\s+енгізілетін)\s+(?P<what>[^,;]+?)\s+қоспағанда,?", re.I)


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
    >>> r = parse_rule("2001 жылғы 1 қаңтардан бастап күшіне енгізілетін 2 және 9-баптардың нормаларын қоспағанда, "
    ...                "осы Конституциялық заң ресми жарияланған күнінен бастап қолданысқа енгізіледі.")
    >>> r.kind, [(e, x.kind, x.fixed.isoformat()) for e, x in r.exceptions]
    ('publication', [(('article_2', 'article_9'), 'fixed', '2001-01-01')])
    >>> parse_rule("Осы бұйрық 2016 жылдың 1 қаңтарынан бастап қолданысқа енгізіледі").fixed.isoformat()
    '2016-01-01'
    >>> parse_rule("01.01.2015 бастап қолданысқа енгізіледі").fixed.isoformat()
    '2015-01-01'
    """
    t = " ".join(text.split())
    exceptions = []
    for m in _EXCEPT.finditer(t):
        eids = tuple(targets(m["what"], ""))
        if eids:
            exceptions.append((eids, _parse_simple(m["rule"])))
    for m in _EXCEPT_KK.finditer(t):
        eids = tuple(targets(m["what"], ""))
        if eids:
            exceptions.append((eids, _parse_simple(m["rule"] + " бастап")))
    main = _EXCEPT_KK.sub(" ", _EXCEPT.sub(" ", t))
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
    EntryRule(kind='publication+days', days=10, fixed=None, text='вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования', months=0, retroactive_from=None, exceptions=())
    >>> parse_rule("оның алғаш ресми жарияланған күнінен кейін жиырма бір күн өткен соң қолданысқа енгізіледі").days
    21
    >>> parse_rule("алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі").kind
    'publication'
    >>> r = parse_rule("вводится в действие после дня его первого официального опубликования"); r.kind, r.days
    ('publication+days', 0)
    >>> parse_rule("вводится в действие по истечении трех месяцев после его первого официального опубликования").months
    3
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
    m = _PUB_MONTHS.search(t)
    if m:
        words = (m["n"] or m["k"] or "").split()
        n = 1 if words == ["месяца"] else numeral(words[0]) if words else None
        if n:
            return EntryRule("publication+days", months=n, text=t)
    if _AFTER_PUB.search(t) and not _FROM_PUB.search(t):
        # "после дня его первого официального опубликования" / "жарияланған күнінен кейін": from the next day
        return EntryRule("publication+days", days=0, text=t)
    if _SIGNING.search(t):
        return EntryRule("signing", text=t)
    for rx in (_FIXED_RU, _FIXED_KK):
        m = rx.search(t)
        if m:
            ds = find_dates(m.group(2) if m.lastindex and m.lastindex >= 2 and m.group(2) else
                            m.group(1) + ("дағы" if rx is _FIXED_KK else ""))
            if ds:
                return EntryRule("fixed", fixed=ds[0][2], text=t)
    if _PUB.search(t):
        return EntryRule("publication", text=t)
    return EntryRule("unknown", text=t)


OPERATIONS = [
    ("substitution", re.compile(r"в\s+редакции|редакцияда|изложен\w*\s+в\s+(?:новой|следующей)", re.I)),
    ("change", re.compile(r"с\s+изменени|изменени\w+,\s+внесенн|внесены\s+изменени|изменени\w+\s+внесены|заменен\w*|"
                          r"өзгеріс\w*\s+енгізіл|өзгерт", re.I)),
    ("insertion", re.compile(r"дополнен|толықтырыл", re.I)),
    ("repeal", re.compile(r"исключен|утратил|күші\s+жойыл|алып\s+тасталд", re.I)),
]

_NUMBER = re.compile(r"№\s*(?P<n>[\w/.-]*\w)")
# Where acts are published: a reference to one is a publication fact, never an act ("Казахстанская
# правда" от … № 246 is an issue of a newspaper)
PUBLICATION_RE = re.compile(
    r"Казахстанская\s+правда|Егемен\s+Қазақстан|Ведомости\s+(?:Парламента|Верховного\s+Совета)|Юридическ\w+\s+газет\w*|"
    r"\bСАПП\b|Собрание\s+актов\s+Президента|Жаршысы|\bПҮАЖ\b|ИС\s+[«\"]?Әділет|[«\"]Әділет[»\"]\s+(?:ақпараттық|АҚЖ)|"
    r"Эталонн\w+\s+контрольн\w+\s+банк\w*|Эталондық\s+бақылау\s+банк\w*", re.I)


_NUMBERLESS_LAW = re.compile(
    r"(?:[Зз]акон\w*\s+(?:РК|Республики\s+Казахстан)\s+|;\s*)от\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4})"
    r"(?!\s*(?:г\.|года)?\s*[№N])")
_PUBLICATION_HINT = re.compile(r"правд|Правд|Егемен|Ведомост|САПП|Собрани|Жаршы|ПҮАЖ|Әділет|Эталон|газет|опубликован")


@dataclass(frozen=True)
class Publication:
    """A publication reference: where (and, when the text says, on which day) an act was published."""

    source: str
    day: date | None
    issue: str | None
    text: str


def publications(text: str) -> list[Publication]:
    """Publication references in a text, each with its day when a full date follows it.

    >>> [(p.source, p.day, p.issue) for p in publications("(САПП Республики Казахстан, 2011 г., № 21, ст. 268)")]
    [('САПП', None, '21')]
    >>> p = publications('опубликован в газете "Казахстанская правда" от 5 января 2021 года № 2 (29382)')[0]
    >>> p.source, p.day.isoformat(), p.issue
    ('Казахстанская правда', '2021-01-05', '2')
    """
    out = []
    if not _PUBLICATION_HINT.search(text):
        return out
    for m in PUBLICATION_RE.finditer(text):
        tail = text[m.end():m.end() + 70]
        cut = re.search(r"[;)]", tail)
        seg = tail[:cut.start()] if cut else tail
        ds = find_dates(seg)
        num = _NUMBER.search(seg)
        out.append(Publication(m.group(0), ds[0][2] if ds else None, num["n"] if num else None,
                               (m.group(0) + seg).strip(" ,.")))
    return out
_REGISTRATION = re.compile(r"(?:тізілім\w*|зарегистрирован\w*|регистрации\s+нормативных|Реестре\s+государственной\s+регистрации)\s*$|"
                           r"(?:тізілім|Реестр)\w*\s+(?:\S+\s+){0,2}$", re.I)
_REGISTERED = re.compile(r"\s*(?:болып\s+)?тіркел", re.I)


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
        if _REGISTRATION.search(text[max(0, ds - 60):ds]) or _REGISTERED.match(text[m.end():m.end() + 20]):
            continue  # "… тізілімінде 2008 жылғы 10 қаңтарда № 5084 тіркелген": a registration, not an act
        pub = list(PUBLICATION_RE.finditer(text, max(0, ds - 60), ds))
        if pub and not KIND_RE.search(text, pub[-1].end(), ds):
            continue  # "Казахстанская правда" от 5 января 2021 года № 2: an issue of a newspaper, not an act
        refs.append([ds, end, m["n"], d, rule])
    out = []
    prev_kind = default_kind
    for i, (ds, end, num, d, rule) in enumerate(refs):
        lo = refs[i - 1][1] if i else 0
        hi = refs[i + 1][0] if i + 1 < len(refs) else len(text)
        before = [k for p, k in kinds_in(text[lo:ds])]
        after = [k for p, k in kinds_in(text[end:hi])]
        if language == "kk":
            # "… 2002.05.17. № 322, 2004.10.04. № 600 Заңдарымен": one kind word after a list
            ahead = [k for p, k in kinds_in(text[end:])][:1]
            kind = (after[:1] or ahead or before[-1:] or [prev_kind])[0]
        else:
            kind = (before[-1:] or after[:1] or [prev_kind])[0]
        if kind is None:
            continue
        prev_kind = kind
        out.append((ds, end, ActMention(ActRef(kind, d, num)), rule))
    return out


@dataclass(frozen=True)
class Subject:
    """What a footnote speaks of, relative to the container it stands in. ``article``: the
    article a point or subpoint belongs to, when the footnote names it."""

    kind: str  # act | container | preamble | title | article | point | subpoint | part | chapter | section | annex | unknown
    number: str | None = None
    parent_number: str | None = None
    article: str | None = None


_N = r"(?P<n>\d+(?:-\d+)*)"
_RN = r"(?P<n>\d+(?:-\d+)*|[IVXLІХ]+)"
_OF_ARTICLE = r"(?:\s+стать\w*\s+(?P<a>\d+(?:-\d+)*))?"
_SUBJECTS = [
    # a change "по всему тексту" (throughout the text) is about the act as a whole; "В тексте …"/"По тексту …"
    # and "Приложение в редакции …" about the document the footnote stands in (``container``)
    ("act", re.compile(r"по\s+всему\s+тексту|бүкіл\s+мәтін|^Утратил\w*\s+силу|^Күші\s+жойылды", re.I)),
    ("container", re.compile(r"^(?:В\s+тексте|По\s+тексту|Мәтін\w*\s+бойынша|Приложени\w*\s+(?:в|с|к|исключ|дополн)\w*\b)", re.I)),
    ("part", re.compile(r"^(?:Часть|Абзац)\s+(?P<w>\w+)\s+(?:пункта\s+(?P<p>\d+(?:-\d+)*)\s+)?статьи\s+(?P<a>\d+(?:-\d+)*)", re.I)),
    # what was added ("дополнен пунктом 5-1", "Закон дополнен статьей 16-1", "11-1-баппен толықтырылды")
    ("article", re.compile(rf"дополнен\w*\s+стать\w*\s+{_N}", re.I)),
    ("point", re.compile(rf"дополнен\w*\s+пункт\w*\s+{_N}", re.I)),
    ("subpoint", re.compile(rf"дополнен\w*\s+подпункт\w*\s+{_N}", re.I)),
    ("chapter", re.compile(rf"дополнен\w*\s+глав\w*\s+{_RN}", re.I)),
    ("article", re.compile(rf"{_N}-бап\w*\s+толықтыр", re.I)),
    ("point", re.compile(rf"{_N}-тармақ\w*\s+толықтыр", re.I)),
    ("chapter", re.compile(rf"{_N}-тарау\w*\s+толықтыр", re.I)),
    # what is named first ("Подпункт 3) пункта 2 статьи 5", "Заголовок главы 3", "В статью 5 внесены изменения")
    ("subpoint", re.compile(rf"^(?:В\s+)?Подпункт\w*\s+{_N}\)?\s+пункта\s+(?P<p>\d+(?:-\d+)*){_OF_ARTICLE}", re.I)),
    ("point", re.compile(rf"^(?:В\s+)?Пункт\w*\s+{_N}{_OF_ARTICLE}", re.I)),
    ("article", re.compile(rf"^(?:В\s+)?(?:Заголов\w+\s+|Наименовани\w+\s+|Название\s+)?стать\w*\s+{_N}", re.I)),
    ("chapter", re.compile(rf"^(?:В\s+)?(?:Заголов\w+\s+|Наименовани\w+\s+|Название\s+)?глав\w*\s+{_RN}\b", re.I)),
    ("section", re.compile(rf"^(?:В\s+)?(?:Заголов\w+\s+)?раздел\w*\s+{_RN}\b", re.I)),
    ("annex", re.compile(r"^Приложени\w*\s+(?P<n>\d+)", re.I)),
    ("subpoint", re.compile(rf"^(?P<a>\d+(?:-\d+)*)-бап\w*\s+{_N}\)\s*тармақша", re.I)),
    ("point", re.compile(rf"^(?P<a>\d+(?:-\d+)*)-бап\w*\s+{_N}-тармақ", re.I)),
    ("article", re.compile(rf"^{_N}-бап", re.I)),
    ("point", re.compile(rf"^{_N}-тармақ", re.I)),
    ("chapter", re.compile(rf"^{_N}-тарау", re.I)),
    ("preamble", re.compile(r"^(?:Преамбул|Кіріспе)", re.I)),
    ("title", re.compile(r"^(?:Заголов|Тақырыб|Атау)", re.I)),
    ("act", re.compile(r"^(?:Указ|Постановлени|Приказ|Закон|Кодекс|Решени|Бұйрық|Жарлық|Қаулы|Заң|Конституци)", re.I)),
]


def subject_of(text: str) -> Subject:
    """The provision a footnote names.

    >>> subject_of("Пункт 3 - в редакции Указа Президента РК от 31.07.2024 № 612")
    Subject(kind='point', number='3', parent_number=None, article=None)
    >>> subject_of("Требование дополнено пунктом 5-1 Указом Президента РК от 31.07.2024 № 612").number
    '5-1'
    >>> subject_of("Қағида 2-1-тараумен толықтырылды - ҚР Президентінің 22.12.2023 № 418").kind
    'chapter'
    >>> subject_of("В статью 5 внесены изменения - Законом РК от 6 мая 1999 г. № 378")
    Subject(kind='article', number='5', parent_number=None, article=None)
    >>> subject_of("Пункт 3 статьи 68 с изменениями, внесенными Указом …"), subject_of("Заголовок главы 3 с изменениями").kind
    (Subject(kind='point', number='3', parent_number=None, article='68'), 'chapter')
    >>> subject_of("Заң 11-1-баппен толықтырылды - ҚР 2011.07.22 № 478-IV").number, subject_of("10-баптың 3) тармақшасына өзгерту").number
    ('11-1', '3')
    """
    from .grammar import arabic

    body = FOOTNOTE_RE.sub("", text.strip())
    for kind, rx in _SUBJECTS:
        m = rx.search(body)
        if m:
            gd = m.groupdict()
            n = gd.get("n")
            if kind == "part":
                num = ordinal(gd["w"])
                n = str(num) if num else None
                if n is None:
                    continue
                return Subject(kind, n, gd.get("p"), gd.get("a"))
            return Subject(kind, arabic(n) if n else None, gd.get("p"), gd.get("a"))
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
        out.append((start, FootnoteEvent(op, mention, parse_rule(rule) if rule else EntryRule("unknown"))))
    for m in _NUMBERLESS_LAW.finditer(text):
        # "Законом РК от 08.06.2022 (вводится в действие с 08.06.2022)", "…; от 08.06.2022 (…)": a law the text names
        # with no number (the constitutional amendments adopted by referendum have none); its key has none either
        kinds = [k for _p, k in kinds_in(text[:m.start("date")])]
        ds = find_dates(m["date"])
        if ds and kinds and kinds[-1] == "law":
            pm = re.match(r"\s*\(([^()]*)\)", text[m.end():])
            out.append((m.start(), FootnoteEvent(operation_at(text, m.start()) or "change",
                                                 ActMention(ActRef("law", ds[0][2], "")),
                                                 parse_rule(pm.group(1)) if pm else EntryRule("unknown"))))
    return tuple(e for _p, e in sorted(out, key=lambda x: x[0]))
