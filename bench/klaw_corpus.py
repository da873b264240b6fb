"""A deterministic synthetic corpus in the kazakhstan-law format: act directories, as a clone has them.

    .venv/bin/python -m bench.klaw_corpus 10000 /tmp/klaw-10k [--seed 17]

``generate(n, out_dir, seed)`` writes ``n`` act directories in the corpus's layout
(``03-laws/<YYYY>/``, ``02-codes/<YYYY>/``, ``05-presidential/<YYYY>/``,
``06-government/103-pravitelstvo/<YYYY>/``, ``07-ministerial/<issuer>/<YYYY>/``,
``08-local-decisions/<region>/<district>/<YYYY>/``, then ``<MMDD>-<slug>-<code>/``), each with
``meta.yaml`` (act_code, requisite, title {rus, kaz}, form, type_codes, approved_on, approved_by,
version_date, source, and for an amended act caused_by {code, requisite, title, link}; a few
requisites end "Утратил силу …" as a repealed act's do) and the text as the portal's Markdown
(``rus.md`` always, ``kaz.md`` for most acts): a ``#`` title, the preamble, numbered points with
indented subpoints and second paragraphs (parts), the bold signature, the approval block as a
quotation ("> *Утверждены*  …" / "> *… бекітілген*") opening the approved Rules or Положение
(``##`` heading, ``### Глава N.`` / ``### N-тарау.`` chapters); laws and codes with
``## Глава`` / ``### Статья N.`` (codes: ``## РАЗДЕЛ N.`` > ``### Глава`` > ``#### Статья``),
``**N-бап. …**`` or ``### N-бап.`` in Kazakh, ``<a id="stN">`` / ``<a id="pN">`` /
``<a id="an0_pN">`` anchors in some acts. The mix follows the corpus: mostly ministerial
orders, government resolutions and local decisions, some decrees and laws, a few codes; acts
of a few to about a hundred provisions.

About a quarter of the acts are **amending acts** of the same issuer ("О внесении изменений в
постановление … от … № … «…»", "… в некоторые решения …", amending laws "Статья 1. Внести в
Закон …"), whose instructions ("пункт 3 изложить в следующей редакции: «3. …»;", "дополнить
пунктом 12-1 следующего содержания:", "пункт 7 исключить.", Kazakh "3-тармақ мынадай
редакцияда жазылсын:" …) target points of earlier generated acts, quoting the very wording the
target now shows; each target carries the portal's footnotes naming the amending acts in both
languages ("> *Сноска. Пункт 3 в редакции постановления Правительства РК от 05.06.2020 № 350
(…).*", "> *Ескерту. 3-тармақ жаңа редакцияда - ҚР Үкіметінің … қаулысымен.*", a law's
"Статья 5 с изменениями, внесенными законами РК от …; от …", excluded points as
"*7. Исключен …*"), and its meta.yaml names the last one in ``caused_by``. Some Rules hold
**qualification requirements** ("Для занятия административных государственных должностей
корпуса «Б» категории C-3 требуется: 1) не менее трех лет стажа …; 2) либо …").

Large laws, every code and some acts with a long annex are **split** as the corpus splits
them: ``rus.md`` (and ``kaz.md``) is the index ("## Части документа" and a table of the
parts) and the text is in ``rus/secNNN.md`` (+ ``rus/anNNN.md`` for the annex), each part
opening with front matter (``part_of: ../rus.md``) or, as older parts do, the back-link line
"↑ [Вся редакция](../rus.md)".

The same ``n`` and ``seed`` give byte-identical files. ``plan`` returns the world (``Act``:
every unit written, every amendment with its target and wording), and ``Act.expected(lang)``
says what each text holds — provisions by kind, footnotes, instructions — so a test or a
benchmark can compare a reading with what was written, not with another reading.
10 000 acts (265 MB) take 15–26 s on 2 shared cores, 1 000 about 2 s; 50 000 scale linearly. Only the
standard library is used (reading the result needs pyyaml, as zangraph does).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench.corpus import CATEGORIES, ENTRY, ENTRY_KK, NUM_GEN, NUM_KK, TOPICS, TOPICS_KK, kk_date, ru_date, short
from bench.history import AMENDED, FRAGMENTS, ISSUERS, slug

FRAGMENTS_KK = [  # FRAGMENTS (bench.history), in the same order
    "уәкілетті орган өз құзыреті шегінде ұсынылған құжаттардың қаралуын қамтамасыз етеді",
    "шешім өтініш түскен күннен бастап он жұмыс күні ішінде қабылданады",
    "мемлекеттік қызмет саласындағы Қазақстан Республикасы заңнамасының талаптарын ескере отырып",
    "сондай-ақ құрылымдық бөлімшелер мен аумақтық органдардың ұсыныстарын ескере отырып",
    "осы Қағидаларда көзделген негіздер болған кезде",
    "өтініш беруші құжаттарды уәкілетті орган бекіткен нысан бойынша ұсынады",
    "құжаттар топтамасы толық ұсынылмаған жағдайда өтініш қаралмастан қайтарылады",
    "мәліметтер ақпараттық жүйеге енгізіледі және бес жыл бойы сақталады",
    "осы Қағидалардың сақталуын бақылауды мемлекеттік органның басшысы жүзеге асырады",
    "жауапты құрылымдық бөлімше түскен материалдардың есебін жүргізеді",
    "құжаттардың көшірмелері белгіленген тәртіппен куәландырылады",
    "қарау нәтижелері мүдделі тұлғаларға жазбаша нысанда жеткізіледі",
    "жыл қорытындысы бойынша жоғары тұрған органға жіберілетін есеп жасалады",
    "жұмысты ұйымдастыру персоналды басқару бөлімшесіне жүктеледі",
    "белгіленген мерзімнен кейін түскен құжаттар жалпы тәртіппен қаралады",
    "қарау мерзімдері күнтізбелік он бес күннен аспайтын мерзімге ұзартылуы мүмкін",
    "ақпарат мемлекеттік органның интернет-ресурсында орналастырылады",
    "комиссия мүшелері отырысқа ауыстыру құқығынсыз жеке қатысады",
    "комиссия отырысы оның мүшелерінің кемінде үштен екісі қатысқан кезде заңды болып есептеледі",
    "комиссияның шешімі төраға мен хатшы қол қоятын хаттамамен ресімделеді",
]
AMENDED_KK = ["электрондық үкімет веб-порталы арқылы", "электрондық цифрлық қолтаңбаны пайдалана отырып электрондық нысанда",
              "бес жұмыс күнінен кешіктірмей", "қабылданған шешім туралы өтініш берушіні хабардар ете отырып"]
MINISTRIES_KK = ["Қаржы", "Әділет", "Денсаулық сақтау", "Еңбек және халықты әлеуметтік қорғау", "Ішкі істер",
                 "Білім және ғылым", "Ұлттық экономика", "Ауыл шаруашылығы"]  # ISSUERS (bench.history), in order
# (region directory, district directory, approved_by, body ru (genitive), body kk (genitive), signer ru, signer kk, name)
LOCAL = [
    ("150-goroda-astany", "15000000-goroda-astany", "150000000002", "маслихата города Астаны", "Астана қаласы мәслихатының",
     "Секретарь маслихата города Астаны", "Астана қаласы мәслихатының хатшысы", "Е. Каналимов"),
    ("151-goroda-almaty", "15100000-goroda-almaty", "151000000002", "маслихата города Алматы", "Алматы қаласы мәслихатының",
     "Секретарь маслихата города Алматы", "Алматы қаласы мәслихатының хатшысы", "С. Канаев"),
    ("154-almatinskoi-oblasti", "15400000-almatinskoi-oblasti", "154000000002", "маслихата Алматинской области",
     "Алматы облысы мәслихатының", "Секретарь маслихата Алматинской области", "Алматы облысы мәслихатының хатшысы",
     "С. Дюсембинов"),
    ("155-karagandinskoi-oblasti", "15500000-karagandinskoi-oblasti", "155000000002", "маслихата Карагандинской области",
     "Қарағанды облысы мәслихатының", "Секретарь маслихата Карагандинской области", "Қарағанды облысы мәслихатының хатшысы",
     "Н. Дюсембинов"),
]
LAWS = [  # (title ru, title kk, sphere ru (genitive), sphere kk)
    ("О государственной службе", "Мемлекеттік қызмет туралы", "государственной службы", "мемлекеттік қызмет"),
    ("Об общественных советах", "Қоғамдық кеңестер туралы", "общественного контроля", "қоғамдық бақылау"),
    ("О порядке рассмотрения обращений физических и юридических лиц",
     "Жеке және заңды тұлғалардың өтініштерін қарау тәртібі туралы", "рассмотрения обращений", "өтініштерді қарау"),
    ("О противодействии коррупции", "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы", "противодействия коррупции",
     "сыбайлас жемқорлыққа қарсы іс-қимыл"),
    ("О доступе к информации", "Ақпаратқа қол жеткізу туралы", "доступа к информации", "ақпаратқа қол жеткізу"),
    ("О государственных услугах", "Мемлекеттік көрсетілетін қызметтер туралы", "государственных услуг",
     "мемлекеттік қызметтер көрсету"),
]
CONVOCATIONS = ((2021, "VII"), (2016, "VI"), (2012, "V"), (2007, "IV"), (0, "III"))  # a law's number: "383-V"
CODES = [("Водный кодекс Республики Казахстан", "Қазақстан Республикасының Су кодексі"),
         ("Лесной кодекс Республики Казахстан", "Қазақстан Республикасының Орман кодексі"),
         ("Земельный кодекс Республики Казахстан", "Қазақстан Республикасының Жер кодексі"),
         ("Экологический кодекс Республики Казахстан", "Қазақстан Республикасының Экологиялық кодексі")]
SECTIONS = [("ОБЩАЯ ЧАСТЬ", "ЖАЛПЫ БӨЛІМ"), ("ОСОБЕННАЯ ЧАСТЬ", "ЕРЕКШЕ БӨЛІМ"),
            ("ЗАКЛЮЧИТЕЛЬНЫЕ И ПЕРЕХОДНЫЕ ПОЛОЖЕНИЯ", "ҚОРЫТЫНДЫ ЖӘНЕ ӨТПЕЛІ ЕРЕЖЕЛЕР")]
LAW_CHAPTERS = [("ОБЩИЕ ПОЛОЖЕНИЯ", "ЖАЛПЫ ЕРЕЖЕЛЕР"), ("ГОСУДАРСТВЕННОЕ РЕГУЛИРОВАНИЕ", "МЕМЛЕКЕТТІК РЕТТЕУ"),
                ("ОРГАНИЗАЦИЯ ДЕЯТЕЛЬНОСТИ", "ҚЫЗМЕТТІ ҰЙЫМДАСТЫРУ"), ("ПРАВА И ОБЯЗАННОСТИ", "ҚҰҚЫҚТАРЫ МЕН МІНДЕТТЕРІ"),
                ("КОНТРОЛЬ И ОТВЕТСТВЕННОСТЬ", "БАҚЫЛАУ ЖӘНЕ ЖАУАПТЫЛЫҚ")]
LAST_CHAPTER = ("ЗАКЛЮЧИТЕЛЬНЫЕ ПОЛОЖЕНИЯ", "ҚОРЫТЫНДЫ ЕРЕЖЕЛЕР")
ARTICLES = [("Основные понятия", "Негізгі ұғымдар"), ("Законодательство Республики Казахстан", "Қазақстан Республикасының заңнамасы"),
            ("Цели и задачи", "Мақсаттары мен міндеттері"), ("Принципы деятельности", "Қызмет қағидаттары"),
            ("Компетенция уполномоченного органа", "Уәкілетті органның құзыреті"), ("Права и обязанности", "Құқықтары мен міндеттері"),
            ("Порядок формирования", "Қалыптастыру тәртібі"), ("Организация деятельности", "Қызметті ұйымдастыру"),
            ("Контроль и надзор", "Бақылау және қадағалау"), ("Ответственность за нарушение", "Бұзғаны үшін жауаптылық"),
            ("Финансирование", "Қаржыландыру"), ("Международное сотрудничество", "Халықаралық ынтымақтастық")]
LAST_ARTICLE = ("Порядок введения в действие настоящего Закона", "Осы Заңды қолданысқа енгізу тәртібі")
CHAPTERS = [("Общие положения", "Жалпы ережелер"), ("Порядок рассмотрения документов", "Құжаттарды қарау тәртібі"),
            ("Порядок организации работы", "Жұмысты ұйымдастыру тәртібі"),
            ("Порядок обжалования решений", "Шешімдерге шағым жасау тәртібі"), ("Заключительные положения", "Қорытынды ережелер")]
LOCAL_TITLES = [
    ("Об установлении размера возмещения расходов на коммунальные услуги работникам организаций здравоохранения",
     "Денсаулық сақтау ұйымдарының қызметкерлеріне коммуналдық қызметтерге арналған шығыстарды өтеу мөлшерін белгілеу туралы"),
    ("Об объявлении чрезвычайной ситуации природного характера местного масштаба",
     "Жергілікті ауқымдағы табиғи сипаттағы төтенше жағдайды жариялау туралы"),
    ("О присвоении наименований улицам", "Көшелерге атау беру туралы")]
# An approved document: (ru nominative, ru genitive for a title, ru prepositional, ru "approved" (plural?),
# ru "дополнены/дополнено", kk nominative, kk locative, kk footnote subject, kk accusative)
DOCS = {"pravila": ("Правила {t}", "Правил {t}", "Правилах {t}", "Утверждены", "Правила дополнены",
                    "{t} қағидалары", "{t} қағидаларында", "Қағидалар", "{t} қағидаларын"),
        "polozhenie": ("Положение о порядке {t}", "Положения о порядке {t}", "Положении о порядке {t}", "Утверждено",
                       "Положение дополнено", "{t} тәртібі туралы ереже", "{t} тәртібі туралы ережеде", "Ереже",
                       "{t} тәртібі туралы ережені")}


@dataclass(frozen=True)
class Issuer:
    """How an issuer's acts are named and cited, in Russian and Kazakh."""

    tier: str  # the corpus directory: "06-government/103-pravitelstvo"
    form: str  # meta.yaml form: ПОСТ
    by: str  # meta.yaml approved_by
    head: str  # the requisite's head: "Постановление Правительства Республики Казахстан"
    acc: str  # "Внести в постановление Правительства Республики Казахстан от …"
    gen: str  # footnotes: "в редакции постановления Правительства РК"
    gen_pl: str  # "в редакции постановлений Правительства РК от …; от …"
    ins: str  # "Исключен постановлением Правительства РК"
    ins_pl: str  # "с изменениями, внесенными постановлениями Правительства РК"
    this: str  # "Настоящее постановление вводится в действие …"
    g: str  # "Утратил{g} силу"
    kk_who: str  # "ҚР Үкіметінің 19.08.2022 № 581 … қаулысымен"
    kk_ins: str
    kk_ins_pl: str
    kk_dat: str  # "… № 120 қаулысына мынадай өзгерістер енгізілсін"
    kk_this: str  # "Осы қаулы … қолданысқа енгізіледі"
    kk_head: str  # "Қазақстан Республикасы Үкіметінің 2015 жылғы 5 наурыздағы № 120 қаулысы"
    pre: str  # the preamble's closing words: "ПОСТАНОВЛЯЕТ:"
    kk_pre: str
    sign: str  # the signature: position, then name
    kk_sign: str
    name: str
    approved: str = ""  # the approval block: "Утверждены / постановлением Правительства / …"
    department: str = ""  # orders: who registers it
    ministry: str = ""
    kk_ministry: str = ""


LAW_SIGN = dict(sign="Президент Республики Казахстан", kk_sign="Қазақстан Республикасының Президенті", name="К. ТОКАЕВ",
                pre="", kk_pre="", g="", kk_who="ҚР", kk_ins="Заңымен", kk_ins_pl="Заңдарымен",
                kk_head="Қазақстан Республикасының", gen="Закона РК", gen_pl="законов РК", ins="Законом РК",
                ins_pl="законами РК")
KIND = {
    "law": Issuer(tier="03-laws", form="ЗАК", by="102000000000", head="Закон Республики Казахстан",
                  acc="Закон Республики Казахстан", this="Настоящий Закон", kk_dat="Заңына", kk_this="Осы Заң", **LAW_SIGN),
    "code": Issuer(tier="02-codes", form="КОД", by="102000000000", head="Кодекс Республики Казахстан",
                   acc="Кодекс Республики Казахстан", this="Настоящий Кодекс", kk_dat="Кодексіне", kk_this="Осы Кодекс",
                   **LAW_SIGN),
    "decree": Issuer(tier="05-presidential", form="УКАЗ", by="101000000000", head="Указ Президента Республики Казахстан",
                     acc="Указ Президента Республики Казахстан", gen="Указа Президента РК", gen_pl="указов Президента РК",
                     ins="Указом Президента РК", ins_pl="указами Президента РК", this="Настоящий Указ", g="",
                     kk_who="ҚР Президентінің", kk_ins="Жарлығымен", kk_ins_pl="Жарлықтарымен", kk_dat="Жарлығына",
                     kk_this="Осы Жарлық", kk_head="Қазақстан Республикасы Президентінің", pre="ПОСТАНОВЛЯЮ:",
                     kk_pre="ҚАУЛЫ ЕТЕМІН:", sign="Президент Республики Казахстан",
                     kk_sign="Қазақстан Республикасының Президенті", name="К. Токаев", approved="Указом Президента"),
    "resolution": Issuer(tier="06-government/103-pravitelstvo", form="ПОСТ", by="103000000000",
                         head="Постановление Правительства Республики Казахстан",
                         acc="постановление Правительства Республики Казахстан", gen="постановления Правительства РК",
                         gen_pl="постановлений Правительства РК", ins="постановлением Правительства РК",
                         ins_pl="постановлениями Правительства РК", this="Настоящее постановление", g="о",
                         kk_who="ҚР Үкіметінің", kk_ins="қаулысымен", kk_ins_pl="қаулыларымен", kk_dat="қаулысына",
                         kk_this="Осы қаулы", kk_head="Қазақстан Республикасы Үкіметінің",
                         pre="Правительство Республики Казахстан ПОСТАНОВЛЯЕТ:",
                         kk_pre="Қазақстан Республикасының Үкіметі ҚАУЛЫ ЕТЕДІ:", sign="Премьер-Министр Республики Казахстан",
                         kk_sign="Қазақстан Республикасының Премьер-Министрі", name="А. Смаилов",
                         approved="постановлением Правительства"),
}
WEIGHTS = {"law": 5, "code": 1, "decree": 6, "resolution": 26, "order": 34, "decision": 28}


@dataclass(eq=False, slots=True)
class Unit:
    """One provision as written: a section, chapter, article, point or subpoint."""

    kind: str
    number: str
    seed: int = 0  # decides its words (with its version)
    children: list[Unit] = field(default_factory=list)
    paras: int = 1  # paragraphs of its own words: 2 = a second part ("часть вторая")
    req: str = ""  # a qualification requirement for this category
    events: list[tuple[int, str]] = field(default_factory=list)  # (amending act, substitution|insertion|repeal)
    name: int = 0  # a heading's name (chapters, articles, sections)

    def version(self, upto: int | None = None) -> int:
        """How many times its wording was replaced (after ``upto`` events; all by default)."""
        return sum(1 for _a, op in self.events[:upto] if op == "substitution")

    @property
    def repealed(self) -> bool:
        return bool(self.events) and self.events[-1][1] == "repeal"


@dataclass(eq=False, slots=True)
class Change:
    """One amending instruction: what it does to which point of its target."""

    op: str  # substitution | insertion | repeal
    unit: Unit
    eid: str  # where the target's reader puts it: annex_1__point_3, article_5__point_3-1
    article: str = ""  # laws and codes: the article holding the point
    event: int = 0  # its index in unit.events


@dataclass(eq=False, slots=True)
class Act:
    """One act directory as planned: identity, structure, and the amendments it makes or received."""

    index: int
    kind: str  # law | code | decree | resolution | order | decision (the reader's kinds)
    issuer: int
    signed: date
    number: str
    code: str
    topic: int
    role: str = "base"  # base | amending
    body: list[Unit] = field(default_factory=list)  # laws, codes: sections/chapters/articles; others: own points
    annex: list[Unit] = field(default_factory=list)  # the approved document: chapters, or points
    doc: str = ""  # pravila | polozhenie | "" (no annex)
    kazakh: bool = True
    split: str = ""  # "" | front (parts open with front matter) | backlink (with "↑ [Вся редакция]")
    anchors: bool = False
    bold_articles: bool = False  # Kazakh article headings as **N-бап. …** lines
    entry: int = 0
    repealed: bool = False
    registration: tuple[date, str] | None = None
    last_article: int = 0  # laws, codes: "Порядок введения в действие"
    targets: dict[int, list[Change]] = field(default_factory=dict)  # amending acts: target index → changes
    amended_by: list[int] = field(default_factory=list)

    @property
    def ref_number(self) -> str:
        return self.number.removesuffix(" ЗРК")

    @property
    def key(self) -> str:
        """The act's identifier as zangraph names it: kind-date-number (kazakhstan-law ``act_code`` aside)."""
        return f"{self.kind}-{self.signed.isoformat()}-{self.ref_number}"

    def langs(self) -> list[str]:
        return ["rus", "kaz"] if self.kazakh else ["rus"]

    def expected(self, lang: str = "rus") -> dict:
        """What the text in ``lang`` holds, as written: provisions by kind (the units; a unit's
        own paragraphs beyond one as parts; an article's words outside points as parts), footnotes
        (Сноска / Ескерту lines and excluded-point lines) and amending instructions (one per target
        provision). The same in both languages."""
        kinds: Counter = Counter(title=1)
        notes = 0
        if self.has_preamble:
            kinds["preamble"] += 1
        if self.annex:
            kinds["annex"] += 1
        for top in (self.body, self.annex):
            stack = list(top)
            while stack:
                u = stack.pop()
                kinds[u.kind] += 1
                if u.repealed:  # "*7. Исключен …*": one line, read as the point and the footnote
                    notes += 1
                    continue
                if u.kind == "article":
                    kinds["part"] += u.paras  # an article's own words are parts (its heading is its text)
                    notes += any(c.events for c in u.children)
                elif u.paras > 1:
                    kinds["part"] += u.paras
                if u.kind == "point" and u.events and top is self.annex:
                    notes += 1  # a law's points are noted in their article's footnote
                stack.extend(u.children)
        return {"provisions": dict(kinds), "footnotes": notes,
                "instructions": sum(len(c) for c in self.targets.values())}

    @property
    def has_preamble(self) -> bool:
        return self.kind != "code" and not (self.role == "amending" and self.kind in ("law", "code"))


# ---------------------------------------------------------------- the world


def _units(rng: random.Random, kind: str, n: int) -> list[Unit]:
    """``n`` points (some with subpoints or a second paragraph) or subpoints, numbered from 1."""
    out = []
    for j in range(n):
        u = Unit(kind, str(j + 1), rng.getrandbits(30))
        if kind == "point":
            r = rng.random()
            if r < 0.22:
                u.children = _units(rng, "subpoint", rng.randint(2, 5))
            elif r < 0.32:
                u.paras = 2
        out.append(u)
    return out


def _annex(rng: random.Random, size: int, chapters: bool, reqs: bool) -> list[Unit]:
    points = _units(rng, "point", size)
    if reqs:
        for u in rng.sample(points[1:], k=min(len(points) - 1, rng.randint(1, 3))):
            u.req, u.paras = rng.choice(CATEGORIES), 1
            u.children = _units(rng, "subpoint", rng.randint(2, 4))
    if not chapters or size < 6:
        return points
    k = min(5, max(2, size // 8))
    cut = sorted(rng.sample(range(1, size), k - 1))
    bounds = [0, *cut, size]
    return [Unit("chapter", str(c + 1), children=points[bounds[c]:bounds[c + 1]], name=c) for c in range(k)]


def _law(rng: random.Random, articles: int, code: bool) -> list[Unit]:
    arts = []
    first = rng.randrange(len(ARTICLES))
    for j in range(articles):
        a = Unit("article", str(j + 1), rng.getrandbits(30), name=(first + j) % len(ARTICLES))
        r = rng.random()
        if j == articles - 1:
            a.paras = 1  # "Настоящий Закон вводится в действие …"
        elif r < 0.7:
            a.paras, a.children = 0, _units(rng, "point", rng.randint(2, 6))
        elif r < 0.85:
            a.paras, a.children = 1, _units(rng, "subpoint", rng.randint(2, 5))  # "… на основе:" 1) … 2) …
        else:
            a.paras = rng.randint(1, 2)
        arts.append(a)
    nch = max(2, min(len(LAW_CHAPTERS) + 1, articles // 5))
    cut = sorted(rng.sample(range(1, articles - 1), nch - 2)) if nch > 2 else []
    bounds = [0, *cut, articles - 1, articles]
    chapters = [Unit("chapter", str(c + 1), children=arts[bounds[c]:bounds[c + 1]], name=c)
                for c in range(len(bounds) - 1)]
    if not code:
        return chapters
    ns = min(len(SECTIONS), max(2, len(chapters) // 3))
    per = -(-len(chapters) // ns)
    return [Unit("section", str(s + 1), children=chapters[s * per:(s + 1) * per], name=s)
            for s in range(ns) if chapters[s * per:(s + 1) * per]]


def _size(rng: random.Random, median: float, low: int, high: int) -> int:
    return max(low, min(high, int(rng.lognormvariate(0, 0.6) * median)))


def _family(a: Act) -> tuple:
    return ("law",) if a.kind in ("law", "code") else (a.kind, a.issuer)


def _points(a: Act) -> list[tuple[Unit, str, str, list[Unit]]]:
    """(point, eid, article number, the list holding it) of every point an amending act may name."""
    out = []
    if a.kind in ("law", "code"):
        stack = list(a.body)
        while stack:
            u = stack.pop(0)
            if u.kind == "article":
                out += [(p, f"article_{u.number}__point_{p.number}", u.number, u.children)
                        for p in u.children if p.kind == "point"]
            else:
                stack[:0] = u.children
        return out
    holders = [c.children for c in a.annex if c.kind == "chapter"] or [a.annex]
    return [(p, f"annex_1__point_{p.number}", "", h) for h in holders for p in h if p.kind == "point"]


def plan(n: int, seed: int = 17) -> list[Act]:
    """The acts, in signing order: structure, amendments (each amending act after its targets)."""
    rng = random.Random(seed)
    acts: list[Act] = []
    start, span = date(2005, 1, 10), 7300
    counters: Counter = Counter()
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    # a small corpus still holds a code, laws, Rules, and an amending law and resolution using every operation
    showcase = {2: "code", 3: "law", 4: "resolution", 5: "law", n - 4: "law", n - 2: "resolution"} if n >= 20 else {}
    every_op = {n - 4, n - 2} if n >= 20 else set()
    for i in range(n):
        slot = span / max(n, 1)  # signing days rise with the index: an amending act comes after its targets
        signed = start + timedelta(days=int((i + rng.random()) * slot))
        kind = showcase.get(i) or rng.choices(kinds, weights)[0]
        if (kind, signed.year) not in counters:
            counters[(kind, signed.year)] = rng.randint(1, 60 if kind in ("law", "code") else 300)
        counters[(kind, signed.year)] += rng.randint(1, 4)
        c = counters[(kind, signed.year)]
        if kind in ("law", "code"):
            conv = next(r for y, r in CONVOCATIONS if signed.year >= y)
            number = f"{c}-{conv}" + (" ЗРК" if signed.year >= 2015 else "")
        elif kind == "decision":
            number = f"{c // 12 + 1}-{c}"
        else:
            number = str(c)
        issuer = rng.randrange({"order": len(ISSUERS), "decision": len(LOCAL)}.get(kind, 1))
        a = Act(i, kind, issuer, signed, number, str(100000 + i * 7 + rng.randrange(7)), rng.randrange(len(TOPICS)),
                kazakh=rng.random() < 0.8, entry=rng.randrange(3), anchors=rng.random() < 0.25,
                bold_articles=rng.random() < 0.4)
        if kind in ("order", "decision"):
            a.registration = (signed + timedelta(days=rng.randint(10, 40)), str(rng.randint(10000, 30000)))
        if kind != "code" and i >= 8 and rng.random() < 0.27:
            a.role = "amending"
        if i in showcase:
            a.role, a.kazakh = "amending" if i in every_op else "base", True
        acts.append(a)
    for a in acts:
        if a.role == "amending" and _amend(rng, acts, a, every_op=a.index in every_op):
            continue
        a.role = "base"
        _base(rng, a)
    _ensure(acts)
    return acts


def _base(rng: random.Random, a: Act) -> None:
    if a.kind in ("law", "code"):
        a.last_article = _size(rng, 40 if a.kind == "code" else 12, 25 if a.kind == "code" else 4, 60)
        a.body = _law(rng, a.last_article, a.kind == "code")
        a.split = "front" if a.kind == "code" or (a.last_article >= 25 and rng.random() < 0.5) else ""
        a.entry = 1
    elif a.kind == "decision" and rng.random() < 0.3:
        a.body = _units(rng, "point", rng.randint(3, 7))
        a.body[-1].children, a.body[-1].paras = [], 1  # the entry into force
        a.topic = rng.randrange(len(LOCAL_TITLES))
    else:
        a.doc = "polozhenie" if a.kind in ("decree", "decision") or rng.random() < 0.15 else "pravila"
        size = _size(rng, 16, 3, 95)
        a.annex = _annex(rng, size, size >= 10 and rng.random() < 0.8, rng.random() < 0.3)
        a.split = "front" if size >= 40 and rng.random() < 0.3 else ""
        own = {"decree": 2, "resolution": 2, "order": 4, "decision": 3}[a.kind]
        a.body = [Unit("point", str(j + 1), rng.getrandbits(30)) for j in range(own)]
        if a.kind == "order":
            a.body[1].children = _units(rng, "subpoint", 2)
    if a.split and rng.random() < 0.2:
        a.split = "backlink"
    a.repealed = rng.random() < 0.03


def _amend(rng: random.Random, acts: list[Act], s: Act, every_op: bool = False) -> bool:
    """Choose the targets of amending act ``s`` and record the changes on them; False if none fits.
    ``every_op``: substitute, repeal and insert at least once each."""
    earlier = [t for t in acts[max(0, s.index - 400):s.index] if t.role == "base" and not t.repealed
               and _family(t) == _family(s) and (s.signed - t.signed).days >= 120]
    if not earlier:
        return False
    many = 1 if s.kind == "law" or rng.random() < 0.8 else rng.randint(2, 3)  # an amending law amends one law here
    rng.shuffle(earlier)
    for t in earlier:
        if len(s.targets) == many:
            break
        live = [x for x in _points(t) if not x[0].repealed]
        if len(live) < 2:
            continue
        changes = []
        k = min(len(live) - 1, 3 if every_op else rng.randint(1, 3))
        for j, (p, eid, art, _holder) in enumerate(rng.sample(live, k=k)):
            op = "repeal" if (every_op and j == 1) or (not every_op and rng.random() < 0.12) else "substitution"
            p.events.append((s.index, op))
            changes.append(Change(op, p, eid, art, len(p.events) - 1))
        if every_op or rng.random() < 0.3:
            p, eid, art, holder = rng.choice(live)
            base = p.number.split("-")[0]
            sub = 1
            while any(x.number == f"{base}-{sub}" for x in holder):
                sub += 1
            at = holder.index(p) + 1
            while at < len(holder) and holder[at].number.startswith(base + "-"):
                at += 1
            new = Unit("point", f"{base}-{sub}", rng.getrandbits(30), events=[(s.index, "insertion")])
            holder.insert(at, new)
            changes.append(Change("insertion", new, eid.rsplit("_", 1)[0] + f"_{new.number}", art, 0))
        if changes:
            # in document order (an amending law goes article by article)
            changes.sort(key=lambda c: ([int(c.article or 0)], [int(x) for x in c.unit.number.split("-")]))
            s.targets[t.index] = changes
            t.amended_by.append(s.index)
    s.kazakh = s.kazakh and all(acts[t].kazakh for t in s.targets)
    if s.kind == "law" and s.targets:
        arts = Counter(c.article for cs in s.targets.values() for c in cs)
        groups = [Unit("point", str(k), paras=1 + m) for k, m in enumerate(arts.values(), 1)]  # "1. В статье 5:" …
        s.body = [Unit("article", "1", children=groups), Unit("article", "2")]
    elif s.targets:
        s.body = [Unit("point", str(k), paras=2 + len(cs)) for k, cs in enumerate(s.targets.values(), 1)]
        s.body += [Unit("point", str(len(s.body) + j + 1)) for j in range(2 if s.kind == "order" else 1)]
    return bool(s.targets)


def _ensure(acts: list[Act]) -> None:
    """Small corpora still show every shape: split laws and split annexes, with each kind of part header."""
    base = [a for a in acts if a.role == "base"]
    laws = [a for a in base if a.kind in ("law", "code") and sum(1 for _ in _points(a)) >= 8]
    annexed = [a for a in base if a.annex and len(_points(a)) >= 12]
    if laws and not any(a.split == "front" for a in laws):
        laws[0].split = "front"
    if annexed and not any(a.split for a in annexed):
        annexed[-1].split = "front"
    for group in (laws, annexed):  # the back-link header on an act no amendment names, where there is one
        rest = [a for a in group if not a.split] or [a for a in group if a.split != "front"]
        if len(group) > 1 and rest and not any(a.split == "backlink" for a in group):
            min(rest, key=lambda a: (bool(a.amended_by), a.index)).split = "backlink"


# ---------------------------------------------------------------- words


def _words(seed: int, version: int, kk: bool, n: int) -> str:
    frags = FRAGMENTS_KK if kk else FRAGMENTS
    h = (seed * 2654435761 + version * 2246822519) & 0xFFFFFFFF
    parts = [frags[(h >> (5 * j)) % len(frags)] for j in range(n)]
    if parts[0] in frags[2:5]:  # "с учетом …", "а также …", "при наличии …" do not open a sentence
        parts[0] = frags[((h >> 3) % 17 + 5) % len(frags)]
    if version:
        parts[0] += " " + (AMENDED_KK if kk else AMENDED)[(seed + version) % len(AMENDED)]
    s = ", ".join(parts)
    return s[0].upper() + s[1:]


def point_lines(u: Unit, version: int, kk: bool, indent: str = "") -> list[str]:
    """A point's Markdown in the wording of ``version`` (its subpoints and second paragraph too)."""
    if u.req:
        total = 2 + (u.seed + version) % 7
        sector = 1 + (u.seed // 7 + version) % (total - 1)
        if kk:
            out = [f"{indent}{u.number}. «Б» корпусының {u.req} санатындағы мемлекеттік әкімшілік лауазымдарға орналасу "
                   "үшін мыналар талап етіледі:", ""]
        else:
            out = [f"{indent}{u.number}. Для занятия административных государственных должностей корпуса «Б» категории "
                   f"{u.req} требуется:", ""]
        for j, s in enumerate(u.children, 1):
            end = ";" if j < len(u.children) else "."
            t = 2 + (total + j) % 7
            k = min(sector, t - 1)
            if kk:
                lead = "" if j == 1 else "не "
                out += [f"{indent}   {s.number}) {lead}кемінде {NUM_KK[t]} жыл жұмыс өтілі, оның ішінде осы "
                        f"санаттағы нақты лауазымның функционалдық бағыттарына сәйкес салада кемінде {NUM_KK[k]} жыл{end}", ""]
            else:
                lead = "" if j == 1 else "либо "
                out += [f"{indent}   {s.number}) {lead}не менее {NUM_GEN[t]} стажа работы, в том числе не "
                        f"менее {NUM_GEN[k]} стажа работы в отрасли, соответствующей функциональным направлениям "
                        f"конкретной должности данной категории{end}", ""]
        return out
    subs = u.children
    out = [f"{indent}{u.number}. {_words(u.seed, version, kk, 1 + u.seed % 3)}{':' if subs else '.'}", ""]
    if u.paras > 1:
        out += [f"{indent}   {_words(u.seed + 1, version, kk, 1)}.", ""]
    for j, s in enumerate(subs, 1):
        w = _words(s.seed, version, kk, 1)
        out += [f"{indent}   {s.number}) {w[0].lower()}{w[1:]}{';' if j < len(subs) else '.'}", ""]
    return out


# ---------------------------------------------------------------- who says what


_WHO: dict[tuple[str, int], Issuer] = {}


def _who(a: Act) -> Issuer:
    """How the act's issuer is named (the kind's words; the minister's or local body's for orders and decisions)."""
    got = _WHO.get((a.kind, a.issuer))
    if got is None:
        got = _WHO[(a.kind, a.issuer)] = _who_uncached(a)
    return got


def _who_uncached(a: Act) -> Issuer:
    if a.kind == "order":
        d, minister, department, signer = ISSUERS[a.issuer]
        kk = MINISTRIES_KK[a.issuer]
        return Issuer(tier=f"07-ministerial/{d}", form="ПРИК", by=d.split("-")[0], head=f"Приказ {minister} Республики Казахстан",
                      acc=f"приказ {minister} Республики Казахстан", gen=f"приказа {minister} РК",
                      gen_pl=f"приказов {minister} РК", ins=f"приказом {minister} РК", ins_pl=f"приказами {minister} РК",
                      this="Настоящий приказ", g="", kk_who=f"ҚР {kk} министрінің", kk_ins="бұйрығымен",
                      kk_ins_pl="бұйрықтарымен", kk_dat="бұйрығына", kk_this="Осы бұйрық",
                      kk_head=f"Қазақстан Республикасы {kk} министрінің", pre="ПРИКАЗЫВАЮ:", kk_pre="БҰЙЫРАМЫН:",
                      sign=f"{minister.replace('Министра', 'Министр')} Республики Казахстан",
                      kk_sign=f"Қазақстан Республикасының {kk} министрі", name=signer, approved=f"приказом {minister}",
                      department=department, ministry=minister.replace("Министра", "Министерства"),
                      kk_ministry=f"{kk} министрлігінің")
    if a.kind == "decision":
        region, district, by, body, kk_body, sign, kk_sign, name = LOCAL[a.issuer]
        return Issuer(tier=f"08-local-decisions/{region}/{district}", form="РЕШ", by=by, head=f"Решение {body}",
                      acc=f"решение {body}", gen=f"решения {body}", gen_pl=f"решений {body}", ins=f"решением {body}",
                      ins_pl=f"решениями {body}", this="Настоящее решение", g="о", kk_who=kk_body, kk_ins="шешімімен",
                      kk_ins_pl="шешімдерімен", kk_dat="шешіміне", kk_this="Осы шешім", kk_head=kk_body,
                      pre=f"{body.replace('маслихата', 'маслихат', 1)} РЕШИЛ:",
                      kk_pre=f"{kk_body.removesuffix('ның').removesuffix('нің')} ШЕШТІ:", sign=sign, kk_sign=kk_sign,
                      name=name, approved=f"решению {body}")
    return KIND[a.kind]


def titles(a: Act, acts: list[Act]) -> tuple[str, str]:
    """(Russian, Kazakh) title; an amending act's names its target(s)."""
    if a.role == "amending":
        ts = [acts[i] for i in a.targets]
        w = _who(a)
        if len(ts) > 1:
            plural = {"decree": ("указы Президента Республики Казахстан", "Қазақстан Республикасы Президентінің кейбір жарлықтарына"),
                      "resolution": ("решения Правительства Республики Казахстан", "Қазақстан Республикасы Үкіметінің кейбір шешімдеріне"),
                      "order": (f"приказы {w.acc.removeprefix('приказ ')}", f"{w.kk_head} кейбір бұйрықтарына"),
                      "decision": (f"решения {w.acc.removeprefix('решение ')}", f"{w.kk_head} кейбір шешімдеріне"),
                      "law": ("законодательные акты Республики Казахстан", "Қазақстан Республикасының кейбір заңнамалық актілеріне")}
            ru, kk = plural[a.kind]
            return f"О внесении изменений в некоторые {ru}", f"{kk} өзгерістер енгізу туралы"
        t = ts[0]
        tr, tk = titles(t, acts)
        tw = _who(t)
        if t.kind in ("law", "code"):
            what = "Закон" if t.kind == "law" else "Кодекс"
            return (f"О внесении изменений и дополнений в {what} Республики Казахстан «{tr}»",
                    f"«{tk}» Қазақстан Республикасының {tw.kk_dat} өзгерістер мен толықтырулар енгізу туралы")
        return (f"О внесении изменений в {tw.acc} от {ru_date(t.signed)} № {t.number} «{tr}»",
                f"«{tk}» {tw.kk_head} {kk_date(t.signed)} № {t.number} {tw.kk_dat} өзгерістер енгізу туралы")
    if a.kind == "law":
        return LAWS[a.topic % len(LAWS)][:2]
    if a.kind == "code":
        return CODES[a.topic % len(CODES)]
    if not a.doc:
        return LOCAL_TITLES[a.topic % len(LOCAL_TITLES)]
    d = DOCS[a.doc]
    ru, kk = d[1].format(t=TOPICS[a.topic]), d[8].format(t=TOPICS_KK[a.topic])
    return f"Об утверждении {ru}", _cap(f"{kk} бекіту туралы")


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def requisite(a: Act) -> str:
    """meta.yaml's requisite: kind, date, number; an order's or decision's registration; a repeal."""
    w = _who(a)
    out = f"{w.head} от {ru_date(a.signed)} № {a.number}"
    if a.registration:
        verb = "Зарегистрировано" if a.kind == "decision" else "Зарегистрирован"
        out += f". {verb} в Министерстве юстиции Республики Казахстан {ru_date(a.registration[0])} № {a.registration[1]}"
    if a.repealed:
        day = a.signed + timedelta(days=2000 + a.index % 500)
        by = w.ins if a.kind == "decision" else w.ins.removesuffix(" РК") + " Республики Казахстан"
        out += (f". Утратил{w.g} силу {by} от {ru_date(day)} "
                f"№ {900 + a.index % 99} ({ENTRY[2]})")
    return out


# ---------------------------------------------------------------- footnotes


def _whens(acts: list[Act], idx: list[int], kk: bool) -> str:
    entry = ENTRY_KK if kk else ENTRY
    if kk:
        return "; ".join(f"{short(acts[i].signed)} № {acts[i].ref_number} ({entry[acts[i].entry]})" for i in idx)
    return "; ".join(f"от {short(acts[i].signed)} № {acts[i].ref_number} ({entry[acts[i].entry]})" for i in idx)


def point_footnote(acts: list[Act], t: Act, u: Unit, kk: bool) -> str:
    """The portal's footnote after an amended point of an approved document, naming every amendment."""
    w = _who(acts[u.events[0][0]])
    doc = DOCS[t.doc]
    ins = u.events[0][1] == "insertion"
    subs = [a for a, op in u.events if op == "substitution"]
    if kk:
        parts = []
        if ins:
            parts.append(f"{doc[7]} {u.number}-тармақпен толықтырылды - {w.kk_who} {_whens(acts, [u.events[0][0]], True)} "
                         f"{w.kk_ins}")
        if subs:
            head = "жаңа редакцияда" if ins else f"{u.number}-тармақ жаңа редакцияда"
            parts.append(f"{head} - {w.kk_who} {_whens(acts, subs, True)} {w.kk_ins_pl if len(subs) > 1 else w.kk_ins}")
        return f"> *Ескерту. {'; '.join(parts)}.*"
    parts = []
    if ins:
        parts.append(f"{doc[4]} пунктом {u.number} в соответствии с {w.ins} {_whens(acts, [u.events[0][0]], False)}")
    if subs:
        parts.append(f"в редакции {w.gen_pl if len(subs) > 1 else w.gen} {_whens(acts, subs, False)}")
    text = "; ".join(parts) if ins else f"Пункт {u.number} {parts[0]}"
    return f"> *Сноска. {text}.*"


def excluded_line(acts: list[Act], u: Unit, kk: bool) -> str:
    by = u.events[-1][0]
    w = _who(acts[by])
    if kk:
        return f"*{u.number}. Алып тасталды - {w.kk_who} {_whens(acts, [by], True)} {w.kk_ins}.*"
    return f"*{u.number}. Исключен {w.ins} {_whens(acts, [by], False)}.*"


def article_footnote(acts: list[Act], art: Unit, kk: bool) -> str:
    events = [e for p in art.children for e in p.events]
    idx = sorted({a for a, _op in events})
    added = any(op == "insertion" for _a, op in events)
    many = len(idx) > 1
    if kk:
        what = "өзгерістер мен толықтырулар" if added else "өзгерістер"
        return f"> *Ескерту. {art.number}-бапқа {what} енгізілді - ҚР {_whens(acts, idx, True)} {'Заңдарымен' if many else 'Заңымен'}.*"
    what = "с изменениями и дополнениями" if added else "с изменениями"
    verb = "внесенными законами РК" if many else "внесенными Законом РК"
    return f"> *Сноска. Статья {art.number} {what}, {verb} {_whens(acts, idx, False)}.*"


# ---------------------------------------------------------------- rendering


def _signature(w: Issuer, kk: bool) -> list[str]:
    return [f"**{w.kk_sign if kk else w.sign}**", "", f"**{w.name}**", ""]


def _approval(a: Act, w: Issuer, kk: bool) -> list[str]:
    if kk:
        if a.kind == "decision":
            lines = [w.kk_head.replace(" мәслихатының", ""), "мәслихатының", kk_date(a.signed), f"№ {a.number} шешіміне",
                     "қосымша"]
        else:
            word = {"decree": "Жарлығымен", "resolution": "қаулысымен", "order": "бұйрығымен"}[a.kind]
            lines = ["Қазақстан Республикасы", w.kk_head.removeprefix("Қазақстан Республикасы "), kk_date(a.signed),
                     f"№ {a.number} {word}", "бекітілген"]
    elif a.kind == "decision":
        lines = ["Приложение", f"к {w.approved}", f"от {ru_date(a.signed)}", f"№ {a.number}"]
    else:
        lines = [DOCS[a.doc][3], w.approved, "Республики Казахстан", f"от {ru_date(a.signed)}", f"№ {a.number}"]
    return [f"> *{x}*  " for x in lines[:-1]] + [f"> *{lines[-1]}*", ""]


def _own_points(a: Act, w: Issuer, kk: bool) -> list[str]:
    """The act's own points (not an amending act's): approve, the order's duties, entry into force."""
    entry = (ENTRY_KK if kk else ENTRY)[a.entry]
    out = []
    for u in a.body:
        n = int(u.number)
        if a.anchors:
            out += [f'<a id="p{n}"></a>', ""]
        last = n == len(a.body)
        if not a.doc and not last:
            out += point_lines(u, 0, kk)
            continue
        if not a.doc:
            text = f"{w.kk_this} {entry}." if kk else f"{w.this} {entry}."
        elif n == 1:
            d = DOCS[a.doc]
            doc = d[5].format(t=TOPICS_KK[a.topic])
            text = ((_cap(doc) + " осы шешімге қосымшаға сәйкес бекітілсін." if a.kind == "decision"
                     else f"Қоса беріліп отырған {doc} бекітілсін.") if kk
                    else f"Утвердить прилагаем{'ые' if a.doc == 'pravila' else 'ое'} {d[0].format(t=TOPICS[a.topic])}.")
        elif last:
            text = f"{w.kk_this} {entry}." if kk else f"{w.this} {entry}."
        elif a.kind == "order" and n == 2:
            text = (f"{w.kk_ministry} жауапты департаменті заңнамада белгіленген тәртіппен:" if kk
                    else f"{w.department} {w.ministry} Республики Казахстан в установленном законодательством "
                    "порядке обеспечить:")
        elif a.kind == "order":
            text = ("Осы бұйрықтың орындалуын бақылау жетекшілік ететін вице-министрге жүктелсін." if kk
                    else "Контроль за исполнением настоящего приказа возложить на курирующего вице-министра.")
        else:
            text = ("Осы шешімнің орындалуын бақылау жетекшілік ететін әкімнің орынбасарына жүктелсін." if kk
                    else "Контроль за исполнением настоящего решения возложить на курирующего заместителя акима.")
        out += [f"{n}. {text}", ""]
        if u.children:
            if kk:
                out += ["   1) осы бұйрықтың Қазақстан Республикасының Әділет министрлігінде мемлекеттік тіркелуін;", "",
                        f"   2) осы бұйрықтың {w.kk_ministry} интернет-ресурсында орналастырылуын "
                        "қамтамасыз етсін.", ""]
            else:
                out += ["   1) государственную регистрацию настоящего приказа в Министерстве юстиции Республики Казахстан;",
                        "", f"   2) размещение настоящего приказа на интернет-ресурсе {w.ministry} Республики Казахстан.", ""]
    return out


def _annex_lines(a: Act, acts: list[Act], kk: bool) -> list[str]:
    d = DOCS[a.doc]
    head = d[5].format(t=TOPICS_KK[a.topic]) if kk else d[0].format(t=TOPICS[a.topic])
    out = [f"## {head[0].upper()}{head[1:]}", ""]

    def points(units: list[Unit]) -> None:
        nonlocal out
        for u in units:
            if a.anchors:
                out += [f'<a id="an0_p{u.number}"></a>', ""]
            if u.repealed:
                out += [excluded_line(acts, u, kk), ""]
                continue
            out += point_lines(u, u.version(), kk)
            if u.events:
                indent = "   " if (u.seed >> 3) % 3 == 0 else ""  # some footnotes sit indented under their point
                out += [indent + point_footnote(acts, a, u, kk), ""]

    for c in a.annex:
        if c.kind == "chapter":
            name = CHAPTERS[len(CHAPTERS) - 1 if c is a.annex[-1] and c.name else min(c.name, len(CHAPTERS) - 2)][kk]
            out += [f"### {c.number}-тарау. {name}" if kk else f"### Глава {c.number}. {name}", ""]
            points(c.children)
        else:
            points([c])
    return out


def _law_lines(a: Act, acts: list[Act], kk: bool) -> tuple[list[str], list[list[str]]]:
    """(the preamble, one list of lines per top-level unit: a code's sections or a law's chapters)."""
    code = a.kind == "code"
    pre = [] if code else [(f"Осы Заң {LAWS[a.topic % len(LAWS)][3]} саласындағы қоғамдық қатынастарды реттейді және "
                            "мемлекеттік органдар қызметінің құқықтық негіздерін айқындайды.") if kk else
                           (f"Настоящий Закон регулирует общественные отношения в сфере {LAWS[a.topic % len(LAWS)][2]} и "
                            "определяет правовые основы деятельности государственных органов."), ""]
    chapters_total = sum(len(s.children) for s in a.body) if code else len(a.body)
    blocks = []

    def chapter(c: Unit, out: list[str], level: str) -> None:
        last = int(c.number) == chapters_total
        name = (LAST_CHAPTER if last else LAW_CHAPTERS[c.name % len(LAW_CHAPTERS)])[kk]
        out += [f"{level} {c.number}-тарау. {name}" if kk else f"{level} Глава {c.number}. {name}", ""]
        for art in c.children:
            is_last = art.number == str(a.last_article)
            title = (LAST_ARTICLE if is_last else ARTICLES[art.name])[kk]
            if a.anchors or code:
                out += [f'<a id="st{art.number}"></a>', ""]
            if kk and a.bold_articles and not code:
                out += [f"**{art.number}-бап. {title}**", ""]
            else:
                hashes = "####" if code else "###"
                out += [f"{hashes} {art.number}-бап. {title}" if kk else f"{hashes} Статья {art.number}. {title}", ""]
            if is_last:
                out += [f"{'Осы Кодекс' if code else 'Осы Заң'} {ENTRY_KK[a.entry]}." if kk
                        else f"{'Настоящий Кодекс' if code else 'Настоящий Закон'} {ENTRY[a.entry]}.", ""]
                continue
            points = [u for u in art.children if u.kind == "point"]
            if not points:
                for j in range(art.paras):
                    w = _words(art.seed + j, 0, kk, 2)
                    out += [f"{w}{':' if art.children and j == art.paras - 1 else '.'}", ""]
                for j, s in enumerate(art.children, 1):
                    w = _words(s.seed, 0, kk, 1)
                    out += [f"{j}) {w[0].lower()}{w[1:]}{';' if j < len(art.children) else '.'}", ""]
                continue
            for u in points:
                out += [excluded_line(acts, u, kk), ""] if u.repealed else point_lines(u, u.version(), kk)
            if any(u.events for u in points):
                out += [article_footnote(acts, art, kk), ""]

    for top in a.body:
        out: list[str] = []
        if code:
            name = SECTIONS[top.name % len(SECTIONS)][kk]
            out += [f"## {top.number}-БӨЛІМ. {name}" if kk else f"## РАЗДЕЛ {top.number}. {name}", ""]
            for c in top.children:
                chapter(c, out, "###")
        else:
            chapter(top, out, "##")
        blocks.append(out)
    return pre, blocks


def _amending_lines(a: Act, acts: list[Act], kk: bool) -> list[str]:
    w = _who(a)
    out: list[str] = []
    if a.kind == "law":  # an amending law here amends one law (or code), article by article
        t_i, changes = next(iter(a.targets.items()))
        t = acts[t_i]
        tr, tk = titles(t, acts)
        tw = _who(t)
        out += ["### 1-бап." if kk else "### Статья 1.", ""]
        out += [f"«{tk}» {kk_date(t.signed)} № {t.ref_number} {tw.kk_head} {tw.kk_dat} мынадай өзгерістер мен "
                "толықтырулар енгізілсін:" if kk else
                f"Внести в {tw.acc} от {ru_date(t.signed)} № {t.ref_number} «{tr}» следующие изменения и "
                "дополнения:", ""]
        arts: dict[str, list[Change]] = {}
        for c in changes:
            arts.setdefault(c.article, []).append(c)
        for k, (art, cs) in enumerate(arts.items(), 1):
            out += [f"{k}. {art}-бапта:" if kk else f"{k}. В статье {art}:", ""]
            out += _instructions(acts, cs, kk)
        out += ["### 2-бап." if kk else "### Статья 2.", "",
                f"Осы Заң {ENTRY_KK[a.entry]}." if kk else f"Настоящий Закон {ENTRY[a.entry]}.", ""]
        return out + _signature(w, kk)
    out += [w.kk_pre if kk else w.pre, ""]
    n = 0
    for t_i, changes in a.targets.items():
        n += 1
        t = acts[t_i]
        tr, tk = titles(t, acts)
        tw = _who(t)
        d = DOCS[t.doc]
        if a.anchors:
            out += [f'<a id="p{n}"></a>', ""]
        if kk:
            verb = {"decree": "Жарлықпен", "resolution": "қаулымен", "order": "бұйрықпен", "decision": "шешіммен"}[t.kind]
            out += [f"{n}. «{tk}» {tw.kk_head} {kk_date(t.signed)} № {t.number} {tw.kk_dat} мынадай өзгерістер "
                    "енгізілсін:", "", f"   көрсетілген {verb} бекітілген {d[6].format(t=TOPICS_KK[t.topic])}:", ""]
        else:
            verb = {"decree": "Указом", "resolution": "постановлением", "order": "приказом", "decision": "решением"}[t.kind]
            approved = "утвержденных" if t.doc == "pravila" else "утвержденном"
            out += [f"{n}. Внести в {tw.acc} от {ru_date(t.signed)} № {t.number} «{tr}» следующие изменения:", "",
                    f"   в {d[2].format(t=TOPICS[t.topic])}, {approved} указанным {verb}:", ""]
        out += _instructions(acts, changes, kk)
    if a.kind == "order":
        n += 1
        out += [f"{n}. {w.kk_ministry} жауапты департаменті заңнамада белгіленген тәртіппен осы бұйрықтың мемлекеттік "
                "тіркелуін қамтамасыз етсін." if kk else
                f"{n}. {w.department} {w.ministry} Республики Казахстан в установленном законодательством порядке "
                "обеспечить государственную регистрацию настоящего приказа.", ""]
    n += 1
    out += [f"{n}. {w.kk_this} {ENTRY_KK[a.entry]}." if kk else f"{n}. {w.this} {ENTRY[a.entry]}.", ""]
    return out + _signature(w, kk)


def _instructions(acts: list[Act], changes: list[Change], kk: bool) -> list[str]:
    """The instructions on one target (one act, or one article of a law), each with its quoted new wording."""
    out = []
    for j, c in enumerate(changes):
        end = "." if j == len(changes) - 1 else ";"
        num = c.unit.number
        if c.op == "repeal":
            out += [f"   {num}-тармақ алып тасталсын{end}" if kk else f"   пункт {num} исключить{end}", ""]
            continue
        if c.op == "insertion":
            out += [f"   мынадай мазмұндағы {num}-тармақпен толықтырылсын:" if kk
                    else f"   дополнить пунктом {num} следующего содержания:", ""]
        else:
            out += [f"   {num}-тармақ мынадай редакцияда жазылсын:" if kk else f"   пункт {num} изложить в следующей редакции:", ""]
        body = point_lines(c.unit, c.unit.version(c.event + 1), kk, "   ")
        while body and not body[-1]:
            body.pop()
        body[0] = body[0].replace(f"   {num}. ", f"   «{num}. ", 1)
        body[-1] += f"»{end}"
        out += body + [""]
    return out


def render(a: Act, acts: list[Act], lang: str) -> dict[str, str]:
    """The Markdown files of one language: {relative path: text} (one file, or a split act's index and parts)."""
    kk = lang == "kaz"
    w = _who(a)
    title = titles(a, acts)[kk]
    top = [f"# {title}", ""]
    parts: list[tuple[str, list[str]]] = []  # (file stem, lines) of a split act
    if a.role == "amending":
        body = _amending_lines(a, acts, kk)
    elif a.kind in ("law", "code"):
        pre, blocks = _law_lines(a, acts, kk)
        sig = _signature(w, kk)
        if a.split:
            top += pre
            per = -(-len(blocks) // min(len(blocks), 4))
            for s in range(0, len(blocks), per):
                parts.append((f"sec{s // per + 1:03d}", [x for b in blocks[s:s + per] for x in b]))
            parts[-1][1].extend(sig)
            body = []
        else:
            body = pre + [x for b in blocks for x in b] + sig
    else:
        body = [w.kk_pre if kk else w.pre, ""] if w.pre else []
        if a.kind == "decision" and not kk:
            body = [f"В соответствии со статьей 6 Закона Республики Казахстан «О местном государственном управлении и "
                    f"самоуправлении в Республике Казахстан» {w.pre}", ""]
        body += _own_points(a, w, kk) + _signature(w, kk)
        if a.annex:
            annex = _approval(a, w, kk) + _annex_lines(a, acts, kk)
            if a.split:
                parts = [("sec001", body), ("an001", annex)]
                body = []
            else:
                body += annex
    stem = "kaz" if kk else "rus"
    if not parts:
        return {f"{stem}.md": "\n".join(top + body).rstrip("\n") + "\n"}
    url = source_url(a, lang, acts)
    index = ["---", f"source: {url}", "---", ""] + top + ["", "## Части документа", "",
             "Документ разбит на части: целиком он слишком велик, чтобы GitHub его показал.",
             "Каждая часть — это отдельный файл рядом с этим, и вместе они составляют полный", "текст редакции.", "",
             "| Часть | Название |", "|---|---|"]
    files = {}
    for name, lines in parts:
        first = next((x.lstrip("# ") for x in lines if x.startswith("#")), title)
        index.append(f"| [`{name}`]({stem}/{name}.md) | {first} |")
        head = (["↑ [Вся редакция](../" + stem + ".md)", ""] if a.split == "backlink"
                else ["---", f"part_of: ../{stem}.md", f"source: {url}", "---", ""])
        files[f"{stem}/{name}.md"] = "\n".join(head + lines).rstrip("\n") + "\n"
    files[f"{stem}.md"] = "\n".join(index) + "\n"
    return files


def version_day(a: Act, acts: list[Act]) -> date:
    return acts[a.amended_by[-1]].signed if a.amended_by else a.signed


def source_url(a: Act, lang: str, acts: list[Act] | None = None) -> str:
    day = version_day(a, acts) if acts else a.signed
    return f"https://zan.gov.kz/client/#!/doc/{a.code}/{lang}/{short(day)}"


def meta_yaml(a: Act, acts: list[Act]) -> str:
    w = _who(a)
    ru, kk = titles(a, acts)
    day = version_day(a, acts)
    types = {"law": ["ЗАК"], "code": ["КОД"], "decree": ["ПОЛ", "УКАЗ"] if a.doc else ["УКАЗ"],
             "resolution": ["ПОСТ", "ПРАВ"] if a.doc else ["ПОСТ"], "order": ["ПРАВ", "ПРИК"] if a.doc else ["ПРИК"],
             "decision": ["ПОЛ", "РЕШ"] if a.doc else ["РЕШ"]}[a.kind]
    out = [f"act_code: '{a.code}'", f"requisite: {requisite(a)}", "title:", f"  rus: {ru}", f"  kaz: {kk}",
           f"form: {w.form}", "type_codes:", *[f"- {x}" for x in types], f"approved_on: {a.signed.isoformat()}",
           "approved_by:", f"- '{w.by}'", "version_date:", f"  kaz: {day.isoformat()}", f"  rus: {day.isoformat()}",
           "source:", f"  kaz: {source_url(a, 'kaz', acts)}", f"  rus: {source_url(a, 'rus', acts)}"]
    if a.amended_by:
        c = acts[a.amended_by[-1]]
        cr, ck = titles(c, acts)
        out += ["caused_by:", f"  code: '{c.code}'", f"  requisite: {requisite(c)}", "  title:", f"    rus: {cr}",
                f"    kaz: {ck}", f"  link: https://zan.gov.kz/client/#!/doc/{c.code}/rus"]
    return "\n".join(out) + "\n"


def directory(a: Act, acts: list[Act]) -> str:
    return f"{_who(a).tier}/{a.signed.year}/{a.signed:%m%d}-{slug(titles(a, acts)[0])}-{a.code}"


def generate(n: int, out_dir: str | Path, seed: int = 17) -> list[Act]:
    """Write ``n`` act directories under ``out_dir``; → the plan."""
    out = Path(out_dir)
    acts = plan(n, seed)
    for a in acts:
        d = out / directory(a, acts)
        d.mkdir(parents=True, exist_ok=True)
        (d / "meta.yaml").write_text(meta_yaml(a, acts), encoding="utf-8")
        for lang in a.langs():
            for rel, text in render(a, acts, lang).items():
                f = d / rel
                if "/" in rel:
                    f.parent.mkdir(exist_ok=True)
                f.write_text(text, encoding="utf-8")
    return acts


def main() -> None:
    ap = argparse.ArgumentParser(description="Write N synthetic kazakhstan-law act directories under OUT.")
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    n, out = args.n, args.out
    t = time.perf_counter()
    acts = generate(n, out, args.seed)
    took = time.perf_counter() - t
    kinds = Counter(f"{a.kind}{' (amending)' if a.role == 'amending' else ''}" for a in acts)
    written = [a.expected() for a in acts]
    print(f"{n} acts in {out} in {took:.1f} s: {dict(sorted(kinds.items()))}; "
          f"split {sum(1 for a in acts if a.split)}, with kaz.md {sum(1 for a in acts if a.kazakh)}; per language: "
          f"instructions {sum(e['instructions'] for e in written)}, footnotes {sum(e['footnotes'] for e in written)}")


if __name__ == "__main__":
    main()
