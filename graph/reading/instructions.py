"""Amending instructions (Russian and Kazakh) → typed ``Instruction`` values.

Reads: a built ``Act`` (its provisions' texts, in document order). Writes: one
``Instruction`` per target provision, plus problems for lines inside an amending block
that could not be read.

The grammar is a context walk, as a lawyer reads an amending act:

- an **act context** line names the target act ("В Указе … от 3 апреля 2013 года № 537
  "…":", "1. Внести в постановление … следующие изменения:", "… № 520 Жарлығында:");
- a **document context** line names an approved document inside it ("в Положении …,
  утвержденном вышеназванным Указом:", "жоғарыда аталған Жарлықпен бекітілген …
  ережеде:"); a **point context** ("в пункте 15:", "15-тармақта:") narrows further;
- an **instruction** line carries the operation and the targets ("пункты 5, 16 и 18
  исключить;", "3-тармақтың 2-2) тармақшасы мынадай редакцияда жазылсын:") and, after
  it, the quoted new wording, which is parsed into provisions with the same builder
  that reads whole acts (so eIds agree with the target's own text).
"""

from __future__ import annotations

import re

from ..model import Act, ActMention, ActRef, DocRef, Instruction, Problem, Provision
from .build import CHAPTER_RE, SECTION_RE, Builder
from .footnotes import act_mentions
from .lexicon import find_dates, kind_of
from .normalise import Block, Normalised
from .targets import N, ordinal
from .targets import targets as named_targets

QUOTE_OPEN = ('"', "«", "“")
QUOTE_CHARS = "\"«»“”"

# ---------------------------------------------------------------- operations

OPS = [
    # words replaced, deleted ("слова «…» исключить") or added ("после слов «…» дополнить словами «…»");
    # matched on the line with its quotations blanked out, so before "исключить" / "дополнить"
    ("word_replacement", re.compile(
        r"\bзаменить\s+слов\w*|сөз\w*\s+ауыстырылсын|сөз\w*мен\s+ауыстырылсын|"
        r"\b(?:слов|цифр|знак|букв)\w*(?:\s+и\s+(?:слов|цифр|знак|букв)\w*)?\s+(?:(?:,|и)\s*)*исключить|\bдополнить\s+слов\w*|"
        r"деген\s+сөз\w*\s+алып\s+тасталсын|деген\s+сөз\w*мен\s+толықтырылсын", re.I)),
    ("repeal_act", re.compile(r"признать\s+утратившим\w*\s+силу|күші\s+жойылды\s+деп\s+танылсын", re.I)),
    ("substitution", re.compile(r"изложить\s+в\s+(?:следующей|новой)\s+редакции|(?:мынадай|жаңа)\s+редакцияда\s+жазылсын", re.I)),
    ("insertion", re.compile(r"\bдополнить\b|толықтырылсын", re.I)),
    ("repeal", re.compile(r"\bисключить\b|алып\s+тасталсын", re.I)),
]

DOC_KINDS = [
    # (slug, Russian stem, Kazakh stem) — the approved documents an act may carry
    ("polozhenie", r"положени", r"ереже"),
    ("pravila", r"правил", r"қағида"),
    ("sostav", r"состав", r"құрам"),
    ("koncepciya", r"концепци", r"тұжырымдама"),
    ("plan", r"план", r"жоспар"),
    ("perechen", r"перечн|перечень", r"тізбе|тізім"),
    ("trebovaniya", r"требовани", r"талапт"),
    ("programma", r"программ", r"бағдарлама"),
    ("instrukciya", r"инструкци", r"нұсқаулық"),
    ("reglament", r"регламент", r"регламент"),
    ("standart", r"стандарт", r"стандарт"),
    ("izmeneniya", r"изменени", r"өзгеріст"),  # "изменения, которые вносятся в …", approved by an amending act
]
TYPICAL_RE = re.compile(r"\bтипов\w*|\bүлгілік\b", re.I)


def doc_kind(name: str) -> str:
    """Language-independent slug of a document's kind, from the first kind word in its name.

    >>> doc_kind("Положении о Комиссии при Президенте"), doc_kind("кадр комиссиясы туралы үлгілік ережеде")
    ('polozhenie', 'tipovoe-polozhenie')
    >>> doc_kind("Жастар кадр резерві жөніндегі ұлттық комиссияның құрамында")
    'sostav'
    """
    best = None
    for slug, ru, kk in DOC_KINDS:
        m = re.search(rf"(?<!\w)(?:{ru}|{kk})", name, re.I)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), slug)
    # Kazakh names end with the document word; take the last kind word there.
    if re.search(r"[әғқңөұүһі]", name, re.I):
        last = None
        for slug, _ru, kk in DOC_KINDS:
            for m in re.finditer(rf"(?<!\w)(?:{kk})", name, re.I):
                if last is None or m.start() > last[0]:
                    last = (m.start(), slug)
        best = last or best
    slug = best[1] if best else "document"
    return f"tipovoe-{slug}" if TYPICAL_RE.search(name) else slug


# ---------------------------------------------------------------- contexts

_ACT_CONTEXT_RU = re.compile(r"^(?:\d+[.)]\s+)*(?:В(?!\s+(?:соответствии|целях|связи|порядке))|Внести\s+в)\s+\S")
_ACT_CONTEXT_KK = re.compile(
    r"(?:Жарлығ|қаулысы|Қаулысы|бұйрығ|Бұйрығ|Заң|шешім)\w*(?:на|не|да|де|нда|нде|та|те)\s*:?\s*$|"
    r"өзгеріс\w*(?:\s+мен\s+толықтыру\w*)?\s+енгізілсін",
)
_DOC_CONTEXT = re.compile(
    r"^в\s+(?P<ru>.+?),?\s+утвержденн\w+\s+(?:вышеназванным|указанным|названным|этим|данным)?\s*\w+\s*:?\s*$"
    r"|^(?:жоғарыда\s+аталған|көрсетілген)\s+\w+\s+бекітілген\s+(?P<kk>.+?)\s*:?\s*$"
    r"|^в\s+(?P<ru2>(?:" + "|".join(ru for _s, ru, _k in DOC_KINDS) + r")\w*\b.*?)\s*:\s*$",
    re.I,
)
_POINT_CONTEXT = re.compile(rf"^в\s+(?:пункте|пунктe)\s+(?P<n>{N})\s*:\s*$|^(?P<k>{N})-тармақта\s*:\s*$", re.I)
# A path context of an amending law: "1. В статье 5:", "в пункте 1:", "1) в пункте 2 статьи 7:",
# "в подпункте 4):", "в части первой:", "5-бапта:", "1-тармақта:", "4) тармақшада:"
_PATH_CONTEXT = re.compile(
    rf"^(?:{N}[.)]\s+)?(?:в|во)\s+(?:(?P<art>стать[еи])\s+(?P<a>{N})|(?P<pt>пункте|пунктах)\s+(?P<p>{N})(?:\s+статьи\s+(?P<pa>{N}))?"
    rf"|(?P<sub>подпункте)\s+(?P<s>{N})\)(?:\s+пункта\s+(?P<sp>{N}))?|(?P<part>части|абзаце)\s+(?P<w>\w+)(?:\s+пункта\s+(?P<wp>{N}))?)\s*:\s*$"
    rf"|^(?:{N}[.)]\s+)?(?P<ka>{N})-бапта\s*:\s*$|^(?:{N}[.)]\s+)?(?P<kp>{N})-тармақта\s*:\s*$"
    rf"|^(?:{N}[.)]\s+)?(?P<ks>{N})\)\s*тармақшада\s*:\s*$",
    re.I,
)


def path_context(line: str, within: str) -> str | None:
    """The provision of the target a path line narrows to, given the path so far.

    >>> path_context("1. В статье 5:", ""), path_context("в пункте 1:", "article_5")
    ('article_5', 'article_5__point_1')
    >>> path_context("в пункте 3:", "article_5__point_1"), path_context("1) в пункте 2 статьи 7:", "article_5")
    ('article_5__point_3', 'article_7__point_2')
    >>> path_context("в подпункте 4):", "article_5__point_1"), path_context("в части первой:", "article_14__point_3")
    ('article_5__point_1__subpoint_4', 'article_14__point_3__part_1')
    >>> path_context("5-бапта:", ""), path_context("1-тармақта:", "article_5"), path_context("в пункте 15:", "")
    ('article_5', 'article_5__point_1', 'point_15')
    """
    m = _PATH_CONTEXT.match(line.strip())
    if not m:
        return None
    article = re.match(r"article_[^_]+(?:_[^_]+)?(?=__|$)", within)
    art = article.group(0) if article else ""
    if m["a"] or m["ka"]:
        return f"article_{m['a'] or m['ka']}"
    if m["p"] or m["kp"]:
        base = f"article_{m['pa']}" if m["pa"] else art
        return f"{base}__point_{m['p'] or m['kp']}" if base else f"point_{m['p'] or m['kp']}"
    if m["s"] or m["ks"]:
        point = re.match(r"(?:article_[^_]+(?:_[^_]+)?__)?point_[^_]+(?:_[^_]+)?", within)
        base = (f"{art}__point_{m['sp']}" if art else f"point_{m['sp']}") if m["sp"] else point.group(0) if point else within
        return f"{base}__subpoint_{m['s'] or m['ks']}" if base else f"subpoint_{m['s'] or m['ks']}"
    num = ordinal(m["w"])
    if num is None:
        return None
    point = re.match(r"(?:article_[^_]+(?:_[^_]+)?__)?point_[^_]+(?:_[^_]+)?", within)
    base = (f"{art}__point_{m['wp']}" if art else f"point_{m['wp']}") if m["wp"] else point.group(0) if point else within
    return f"{base}__part_{num}" if base else f"part_{num}"
_SECTION_IN = re.compile(rf"^в\s+разделе\s+(?P<n>{N})(?:\s+\"[^\"]*\")?\s+", re.I)
_REPEAL_HEAD = re.compile(r"признать\s+утратившим\w*\s+силу|күші\s+жойылды\s+деп\s+танылсын|^(?:\d+\.\s+)?Отменить\b|"
                          r"күшін\s+жойылсын", re.I)


def _quoted_body(lines: list[str]) -> str:
    """The new wording inside ``"…";`` / ``"…".`` (outer quotes and final punctuation off)."""
    lines = list(lines)
    for k in range(1, len(lines)):
        # paragraphs quoted one by one («8-1) …;» «14-1) …».): one wording
        if lines[k][:1] in QUOTE_OPEN and re.search(r"[\"»”][;.,]?\s*$", lines[k - 1]):
            lines[k - 1] = re.sub(r"[\"»”]([;.,]?)\s*$", r"\1", lines[k - 1])
            lines[k] = lines[k][1:]
    text = "\n".join(lines).strip()
    if text[:1] in QUOTE_OPEN:
        text = text[1:]
    text = re.sub(r"\s*[;.]?\s*$", "", text)
    if text.endswith(("\"", "»", "”")):
        text = text[:-1]
    return text.strip()


class _FragmentBuilder(Builder):
    """The act builder, minus the preamble rule: a restated subpoint's paragraphs are its parts."""

    def _paragraph(self, b: Block) -> None:
        if self.point is None and self.chapter is None and self.sub is not None and not self._closed(self.sub):
            self._part(self.sub, b.text, b.line)
            return
        super()._paragraph(b)


def fragment(text: str, language: str, line: int, base: str = "") -> tuple[Provision, ...]:
    """Parse quoted new wording into provisions (eIds relative to ``base``).

    >>> ps = fragment("29. В случае …:\\n1) лечения;\\n2) призыва.\\nПри возникновении …", "ru", 1)
    >>> [p.eid for p in ps[0].walk()]
    ['point_29', 'point_29__part_1', 'point_29__subpoint_1', 'point_29__subpoint_2', 'point_29__part_2']
    """
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    blocks = tuple(
        Block("line" if (CHAPTER_RE.match(x) or SECTION_RE.match(x)) else "para", x, x, line + i, line + i)
        for i, x in enumerate(lines)
    )
    b = _FragmentBuilder(Normalised((), blocks), "<quoted>", language)
    for blk in blocks:
        b._block(blk)
    provs = tuple(c.freeze() for c in b.body.children if c is not b.body)
    if not base:
        return provs
    return tuple(_rebase(p, base) for p in provs)


def _rebase(p: Provision, base: str) -> Provision:
    from dataclasses import replace

    return replace(p, eid=f"{base}__{p.eid}", children=tuple(_rebase(c, base) for c in p.children))


# ---------------------------------------------------------------- the walk


def _units(act: Act):
    """(eid, line, text) of each provision that has text of its own, in document order."""
    for p in act.walk():
        if p.text and p.kind not in ("title",):
            yield p


def _scope(eid: str) -> str:
    """Context scope: the eId up to its first point (a new point of the amending act
    starts a new context)."""
    parts = eid.split("__")
    for i, c in enumerate(parts):
        if c.startswith("point_"):
            return "__".join(parts[: i + 1])
    return parts[0]


# "Закон Республики Казахстан от 23 июля 1999 г. "О государственной службе"": an act named by date and title only
_NAMED_BY_TITLE = (r"(?P<kind>Закон|Кодекс|Конституционный\s+закон|Указ)\w*\s+Республики\s+Казахстан\s+"
                   r"(?:от\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})\s*(?:г\.|года)?\s*)<OPT>(?P<title>[\"«][^\"»]+[\"»])")
_LAW_CONTEXT = re.compile(r"^(?:Статья\s+\d+\s*\.\s*)?Внести\s+в\s+" + _NAMED_BY_TITLE.replace("<OPT>", "?"), re.I)


_SUSPEND = re.compile(r"^(?:\d+[.)]\s*)?Приостановить\b|тоқтатыла\s+тұрсын[.;]?$")
_UNTIL_RU = re.compile(r"\bдо\s+(\d{1,2}\s+\w+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})", re.I)
_UNTIL_KK = re.compile(r"(\d{4}\s+жылғы\s+\d{1,2}\s+\w+?)(?:ға|ге|қа|ке|на|не)\s+дейін", re.I)
_NAMED_REPEAL = re.compile(r"(?:признать\s+утратившим\w*\s+силу|Отменить)\s+" + _NAMED_BY_TITLE.replace("<OPT>", ""), re.I)
_LAW_CONTEXT_KK = re.compile(
    r"^(?:\d+-бап\.\s*)?(?P<title>[\"«][^\"»]+[\"»])\s+(?P<date>\d{4}\s+жылғы\s+\d{1,2}\s+\w+?)(?:дағы|дегі|тағы|тегі)\s+"
    r"Қазақстан\s+Республикасының\s+(?P<kind>Заң|Кодекс|Конституциялық\s+заң)\w*", re.I)


_AMENDING_TITLE = re.compile(r"^О\s+внесении\s+(?:изменени|дополнени)|өзгеріс\w*(?:\s+мен\s+толықтыру\w*)?\s+енгізу\s+туралы", re.I)


def _title_target(act: Act) -> ActMention | None:
    """The one act an amending act's title names ("О внесении изменений в постановление … от … № 125 …")."""
    if not _AMENDING_TITLE.search(act.title):
        return None
    ms = [m for m in act_mentions(act.title, act.language) if m[2].ref != act.ref]
    if not ms or len({m[2].ref for m in ms}) != 1 and not act.title[ms[0][1]:].lstrip().startswith(QUOTE_OPEN):
        return None
    return ActMention(ms[0][2].ref)


def _act_context(line: str, language: str) -> ActMention | None:
    if not line.rstrip().endswith(":") and not re.search(r"өзгеріс\w*(?:\s+мен\s+толықтыру\w*)?\s+енгізілсін|следующие\s+изменени", line):
        return None
    line = re.sub(r"^(?:Статья\s+\d+\s*\.|\d+-бап\.)\s*", "", line)
    if not (_ACT_CONTEXT_RU.match(line) or _ACT_CONTEXT_KK.search(line)):
        return None
    ms = act_mentions(line, language)
    if not ms:
        # "Внести в Закон Республики Казахстан от 23 июля 1999 г. "О государственной службе" …": the target
        # is named by date and title only; its instructions are read but cannot be applied (no number)
        m = _LAW_CONTEXT.match(line)
        ds = find_dates(m["date"]) if m and m["date"] else []
        if m and ds:
            kind = kind_of(m["kind"]) or "law"
            return ActMention(ActRef(kind, ds[0][2], ""), title=m["title"].strip("\"«»"))
        m = _LAW_CONTEXT_KK.match(line)
        ds = find_dates(m["date"] + "дағы") if m else []
        if m and ds:
            return ActMention(ActRef(kind_of(m["kind"]) or "law", ds[0][2], ""), title=m["title"].strip("\"«»"))
        return None
    if len(ms) != 1 and language == "kk" and line.lstrip(" 0123456789.)").startswith(QUOTE_OPEN):
        ms = ms[-1:]  # «title citing other acts» 2023 жылғы … № 214 қаулысына: the target comes last
    if len(ms) != 1 and (not line[ms[0][1]:].lstrip().startswith(QUOTE_OPEN) or re.search(
            r"[»\"”]\s*(?:,|и|және)\s*(?:в\s+)?(?:постановлени|приказ|указ|закон|решени|распоряжени)", line[ms[0][1]:], re.I)):
        return None  # several acts named (unless the others are cited inside the first one's quoted title)
    start, end, mention, _rule = ms[0]
    title = None
    if language == "ru":
        m = re.match(r"\s*\"(.*)\"\s*(?:следующие\s+изменени.*)?:?\s*$", line[end:])
        title = m.group(1) if m else None
    else:
        m = re.match(r"^(?:\d+[.)]\s+)*\"(.*?)\"\s+(?:Қазақстан|ҚР)", line)
        title = m.group(1) if m else None
    return ActMention(mention.ref, title=title)


def _document(line: str) -> DocRef | None:
    m = _DOC_CONTEXT.match(line.strip())
    if not m:
        return None
    name = (m.group("ru") or m.group("kk") or m.group("ru2")).strip().rstrip(":").strip()
    return DocRef(doc_kind(name), name)


def _repealed_part(prefix: str) -> tuple[DocRef | None, list[str]] | None:
    """The provisions of an act (or of a document it approved) that a repeal list item names
    before the act itself; None when the item repeals the whole act.

    >>> doc, t = _repealed_part("2) пункт 23 изменений, которые вносятся в некоторые решения Правительства "
    ...     "Республики Казахстан, утвержденных постановлением Правительства Республики Казахстан от ")
    >>> t, doc.kind
    (['point_23'], 'izmeneniya')
    >>> _repealed_part("1) постановление Правительства Республики Казахстан от ")
    """
    head = re.sub(r"^\s*\d+(?:-\d+)*\)\s*", "", prefix)
    if not re.match(r"(?:пункт|подпункт|глав|раздел|пп\.|\d+-тармақ)", head, re.I):
        return None
    targets = named_targets(head, "")
    if not targets:
        return None
    m = re.search(rf"^(?:под)?пункт\w*\s+(?:{N}\)?(?:,\s*|\s+и\s+)?)+(?P<doc>.+?),?\s+утвержденн\w+", head, re.I)
    doc = DocRef(doc_kind(m.group("doc")), m.group("doc").strip()) if m else None
    return doc, targets


def _operation(head: str) -> str | None:
    h = re.sub(r"\"[^\"]*\"|«[^»]*»", " ", head)
    for op, rx in OPS:
        if rx.search(h):
            return op
    return None


def deleted_words(head: str) -> list[str]:
    """Every quoted span a deletion lists ("слова «А» и «Б» исключить", "слова и цифры «…», «…» исключить").

    >>> deleted_words('в пункте 3 слова «А» и «Б» исключить;'), deleted_words('цифры «1,» исключить')
    (['А', 'Б'], ['1,'])
    """
    q = r"[\"«“]([^\"»”]*)[\"»”]"
    m = re.search(r"(?:слов|цифр|знак|букв)\w*(?:\s+и\s+\w+)?\s+((?:[\"«“][^\"»”]*[\"»”]\s*(?:,|и)?\s*)+)исключить", head, re.I)
    return re.findall(q, m.group(1)) if m else []


def _replacement(head: str) -> tuple[str, str] | None:
    """(old words, new words) of a word replacement.

    >>> _replacement('слова «государственной службы» заменить словами «государственного управления»')
    ('государственной службы', 'государственного управления')
    >>> _replacement('"Агенттігі" деген сөз "министрлігі" деген сөзбен ауыстырылсын')
    ('Агенттігі', 'министрлігі')
    >>> _replacement('в части первой слова "открытым или закрытым способом" исключить;')
    ('открытым или закрытым способом', '')
    >>> _replacement('подпункт 8) после слова "программам" дополнить словом "подготовки,";')
    ('программам', 'программам подготовки,')
    """
    q = r"[\"«“]([^\"»”]*)[\"»”]"
    m = re.search(rf"слов\w*\s+{q}\s+заменить\s+слов\w*\s+{q}", head, re.I)
    if m:
        return m.group(1), m.group(2)
    m = re.search(rf"после\s+слов\w*\s+{q}\s+дополнить\s+слов\w*\s+{q}", head, re.I)
    if m:  # words added after others: the old words become old + new
        return m.group(1), f"{m.group(1)} {m.group(2)}"
    m = re.search(rf"(?:слов|цифр|знак|букв)\w*(?:\s+и\s+\w+)?\s+({q}(?:\s*(?:,|и)\s*{q})*)\s+исключить", head, re.I)
    if m:  # "слова «…», «…» исключить": the first of the listed words (deleted_words gives them all)
        return re.findall(q, m.group(1))[0], ""
    m = re.search(rf"{q}\s+деген\s+сөз\w*\s+алып\s+тасталсын", head, re.I)
    if m:
        return m.group(1), ""
    m = re.search(rf"{q}\s+деген\s+сөз\w*\s+кейін\s+{q}\s+деген\s+сөз\w*мен\s+толықтырылсын", head, re.I)
    if m:
        return m.group(1), f"{m.group(1)} {m.group(2)}"
    m = re.search(rf"{q}\s+деген\s+сөз\w*\s+{q}\s+деген\s+сөз\w*\s+ауыстырылсын", head, re.I)
    if m:
        return m.group(1), m.group(2)
    return None


class _Walk:
    def __init__(self, act: Act):
        self.act, self.lang = act, act.language
        self.out: list[Instruction] = []
        self.problems: list[Problem] = []
        self.scope: str | None = None
        self.target: ActMention | None = None
        self.doc: DocRef | None = None
        # the path into the target ("в статье 5:" → "в пункте 1:" …), each step owned by the amending
        # provision that states it: a numbered one's step holds for what it contains, an unnumbered
        # paragraph's step also for the paragraphs after it
        self.ctx: list[tuple[str, bool, str]] = []
        self.pending_line: tuple[str, int] | None = None  # "строку: "…"" waiting for its new wording
        self.repeal_list = False
        self.repeal_annex: str | None = None  # "признать утратившими силу … согласно приложению": its list
        self.repeal_head = ""
        self.title_target = _title_target(act)

    @property
    def within(self) -> str:
        return self.ctx[-1][2] if self.ctx else ""

    @within.setter
    def within(self, value: str) -> None:
        self.ctx = [("", True, value)] if value else []

    def _prune(self, eid: str) -> None:
        def holds(owner: str, is_part: bool) -> bool:
            if not owner or eid == owner or eid.startswith(owner + "__"):
                return True
            return is_part and "__" in owner and eid.startswith(owner.rsplit("__", 1)[0] + "__")
        while self.ctx and not holds(self.ctx[-1][0], self.ctx[-1][1]):
            self.ctx.pop()

    def _push(self, p: Provision, value: str) -> None:
        parent = p.eid.rsplit("__", 1)[0] if "__" in p.eid else ""
        while self.ctx and self.ctx[-1][0] and self.ctx[-1][1] and (self.ctx[-1][0].rsplit("__", 1)[0] == parent
                                                                      or self.ctx[-1][0] == p.eid):
            self.ctx.pop()  # a sibling paragraph's step ("в пункте 1:" … "в пункте 3:") is replaced
        self.ctx.append((p.eid, p.kind == "part", value))

    def run(self) -> tuple[tuple[Instruction, ...], tuple[Problem, ...]]:
        for p in _units(self.act):
            if self.repeal_annex and (p.eid == self.repeal_annex or p.eid.startswith(self.repeal_annex + "__")):
                self._repeal_list_item(p)
                continue
            if self.scope is not None and _scope(p.eid) != self.scope and not p.eid.startswith(self.scope + "__"):
                self.target, self.doc, self.within, self.scope, self.repeal_list = None, None, "", None, False
            self._prune(p.eid)
            self._unit(p)
        return tuple(self.out), tuple(self.problems)

    def _repeal_list_item(self, p: Provision) -> None:
        """An item of a repeal list given in an annex ("1. Постановление … от … № …")."""
        from dataclasses import replace

        line = p.text.split("\n")[0].strip()
        ms = act_mentions(line, self.lang)
        if ms and re.match(r"^\d+(?:-\d+)*[.)]", line):
            # the list is part of the provision that refers to it: that provision gives the repeal
            self._repeal_mentions(replace(p, eid=self.repeal_head), line, ms)

    def _unit(self, p: Provision) -> None:
        lines = p.text.split("\n")
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            if not line:
                i += 1
                continue
            if (_SUSPEND.search(line) and not line.startswith(QUOTE_OPEN) and not p.eid.startswith("annex_")
                    and self._suspension(p, line)):
                i += 1
                continue
            # contexts
            if _REPEAL_HEAD.search(line) and not line.startswith(QUOTE_OPEN):
                if self._repeal_acts(p, line):
                    i += 1
                    continue
            if self.repeal_list:
                ms = act_mentions(line, self.lang)
                if ms and re.match(r"^\d+\)", line):
                    self._repeal_mentions(p, line, ms)
                    i += 1
                    continue
            mention = _act_context(line, self.lang)
            if mention is not None:
                self.target, self.doc, self.within, self.scope = mention, None, "", _scope(p.eid)
                self.repeal_list = False
                i += 1
                continue
            if self.target is None:
                if self.title_target is None or _operation(line) is None:
                    return
                # "О внесении изменения в постановление … № 125" and then "1. Пункт 3 изложить …": the act the
                # title names is the target of instructions that name none
                self.target, self.doc, self.within, self.scope = self.title_target, None, "", _scope(p.eid)
            doc = _document(line)
            if doc is not None and not _operation(line):
                self.doc, self.within = doc, ""
                i += 1
                continue
            step = path_context(line, self.within)
            if step is not None:
                self._push(p, step)
                i += 1
                continue
            # an instruction: this line and the quoted wording after it
            body = []
            j = i + 1
            while j < len(lines):
                body.append(lines[j])
                j += 1
            self._instruction(p, line, body)
            return

    # ---- suspension
    def _suspension(self, p: Provision, line: str) -> bool:
        """"Приостановить до 31 декабря 2026 года действие постановления … № 1071 …" (or "… действие
        пункта 3 постановления … до …"); Kazakh "… № 1071 қаулысының қолданысы 2026 жылғы 31 желтоқсанға
        дейін тоқтатыла тұрсын". The end is exclusive: the act applies again on that day."""
        ms = [m for m in act_mentions(line, self.lang) if m[2].ref != self.act.ref]
        if not ms:
            return False
        until = None
        m = _UNTIL_RU.search(line) or _UNTIL_KK.search(line)
        if m:
            ds = find_dates(m.group(1) + ("дағы" if m.re is _UNTIL_KK else ""))
            until = ds[0][2] if ds else None
        start, _end, mention, _r = ms[0]
        before = re.sub(r"^\s*\d+[.)]\s*", "", line[:start])
        path = named_targets(before, "") if re.search(r"пункт|подпункт|глав|стать|тармақ|бап", before, re.I) else []
        for t in path or [""]:
            self.out.append(Instruction("suspension", mention, None, t, line, p.eid, p.line, until=until))
        return True

    # ---- repeal of whole acts
    def _repeal_acts(self, p: Provision, line: str) -> bool:
        ms = act_mentions(line, self.lang)
        m = _NAMED_REPEAL.search(line) if not ms else None
        ds = find_dates(m["date"]) if m else []
        if ds:
            # "Признать утратившим силу Закон Республики Казахстан от 2 июля 1998 года "О борьбе с коррупцией"":
            # named without its number — read, and (see instructions()) applied nowhere
            ref = ActRef(kind_of(m["kind"]) or "law", ds[0][2], "")
            self.out.append(Instruction("repeal", ActMention(ref, title=m["title"].strip("\"«»")), None, "", line, p.eid, p.line))
            return True
        if not ms and re.search(r"согласно\s+приложени|қосымшаға\s+сәйкес", line, re.I):
            n = re.search(r"согласно\s+приложению\s+(\d+)|(\d+)-қосымшаға\s+сәйкес", line, re.I)
            annex = self._annex_of_act(n.group(1) or n.group(2) if n else None) or self._annex_for(p)
            if annex is not None:
                self.repeal_annex, self.repeal_head = annex.eid, p.eid
                return True
        head_only = not ms or line.rstrip().endswith(":")
        if ms and not named_targets(line, ""):
            self._repeal_mentions(p, line, ms)
        if head_only:
            self.repeal_list = True
            self.scope = self.scope or _scope(p.eid)
            self.target = self.target or ActMention(self.act.ref)  # keeps the walk going
        return True

    def _repeal_mentions(self, p: Provision, line: str, ms) -> None:
        prev_end = None
        for start, end, mention, _r in ms:
            if mention.ref == self.act.ref:
                continue
            if prev_end is not None:
                between = line[prev_end:start]
                if re.search(r"[«\"“]", between) and not re.search(r"[»\"”][;,]?\s*(?:и|және)?\s*(?:от)?\s*$", between):
                    continue  # an act cited in the quoted title of the repealed one («О внесении изменений в приказ … № 240 …»)
            prev_end = end
            part = _repealed_part(line[:ms[0][0]])
            if part is not None:  # "пункт 23 изменений, …, утвержденных постановлением … № 507": that point only
                doc, targets = part
                for t in targets:
                    self.out.append(Instruction("repeal", mention, doc, t, line, p.eid, p.line))
                continue
            self.out.append(Instruction("repeal", mention, None, "", line, p.eid, p.line))

    # ---- one instruction
    def _instruction(self, p: Provision, head: str, body: list[str]) -> None:
        op = _operation(head)
        text = head + ("\n" + "\n".join(body) if body else "")
        if op is None:
            m = re.match(r"^строк\w*\s*:?\s*$|^жол\w*\s*:?\s*$", head, re.I)
            if m and body:
                self.pending_line = (_quoted_body(body), p.line)
                return
            self.problems.append(Problem(p.line, f"amending instruction not understood, kept as text: {head[:80]!r}"))
            return
        if op == "repeal_act":
            return
        # a table or composition line: "строку "…" изложить", "строку:" + "изложить …", "… деген жол"
        line_old = None
        m = re.search(r"строк\w*\s+[\"«“](.+?)[\"»”]\s+(?:изложить|исключить)", head, re.I) or re.search(
            r"^[\"«“](.+?)[\"»”]\s+деген\s+жол", head, re.I)
        if m:
            line_old = m.group(1).strip()
        elif self.pending_line and not named_targets(head, self.within):
            line_old = self.pending_line[0]
        self.pending_line = None
        if line_old is not None:
            new = _quoted_body(body) if body and op == "substitution" else None
            self.out.append(Instruction(
                "substitution" if op == "substitution" else "repeal", self.target, self.doc, self.within,
                text, p.eid, p.line, new_text=new, old_text=line_old))
            return
        if op == "word_replacement":
            rep = _replacement(head)
            if rep is None and re.search(r"дополнить\s+слов\w*|сөз\w*мен\s+толықтырылсын", head, re.I):
                # words added where the instruction does not say ("пункт 9 дополнить словами «…»"): a change
                # whose new wording is not known from this instruction alone
                for t in self._in_article(named_targets(head, self.within)) or [self.within]:
                    self.out.append(Instruction("change", self.target, self.doc, t, text, p.eid, p.line))
                return
            if rep is None:
                self.problems.append(Problem(p.line, f"word replacement without quoted words: {head[:80]!r}"))
                return
            tg = self._in_article(named_targets(head, self.within)) or [self.within]
            pairs = [(w, "") for w in deleted_words(head)] or [rep]
            for t in tg:
                for old_words, new_words in pairs:
                    self.out.append(Instruction("word_replacement", self.target, self.doc, t, text, p.eid, p.line,
                                                new_text=new_words, old_text=old_words))
            return
        # a whole document restated "согласно приложению"
        if op == "substitution" and re.search(r"согласно\s+приложени|қосымшаға\s+сәйкес", head, re.I):
            name = re.split(r",\s*утвержденн|\s+бекітілген", head)[0]
            doc = DocRef(doc_kind(name), name)
            annex = self._annex_for(p)
            if annex is None:
                self.problems.append(Problem(p.line, "document restated 'согласно приложению' but the act has no annex after it"))
                return
            kids = tuple(_rebase_from(c, annex.eid) for c in annex.children)
            self.out.append(Instruction("substitution", self.target, doc, "", text, p.eid, p.line,
                                        new_text=annex.full_text(), new_provisions=kids))
            return
        tg = self._in_article(named_targets(head, self.within))
        if not tg:
            if self.within and op in ("substitution", "repeal"):
                tg = [self.within]
            else:
                self.problems.append(Problem(p.line, f"amending instruction names no provision that could be read: {head[:80]!r}"))
                return
        new_text = _quoted_body(body) if body else None
        provs: tuple[Provision, ...] = ()
        if new_text and op in ("substitution", "insertion"):
            kinds = {t.rsplit("__", 1)[-1].split("_")[0] for t in tg}
            if kinds & {"point", "subpoint", "chapter", "section", "annex"}:
                parent = tg[0].rsplit("__", 1)[0] if "__" in tg[0] else ""
                provs = fragment(new_text, self.lang, p.line + 1, parent)
        by_eid = {q.eid: q for top in provs for q in top.walk()}
        for t in tg:
            if op == "repeal":
                self.out.append(Instruction("repeal", self.target, self.doc, t, text, p.eid, p.line))
                continue
            mine = by_eid.get(t)
            if provs and mine is None:
                self.problems.append(Problem(p.line, f"the quoted wording has no {t.rsplit('__', 1)[-1]}; its event keeps no text"))
            if mine is not None:
                nt = mine.full_text() if mine.kind not in ("chapter", "section") else (mine.heading or mine.text)
                self.out.append(Instruction(op, self.target, self.doc, t, text, p.eid, p.line,
                                            new_text=nt, new_provisions=(mine,)))
            else:
                self.out.append(Instruction(op, self.target, self.doc, t, text, p.eid, p.line,
                                            new_text=new_text if not provs else None))

    def _annex_of_act(self, number: str | None) -> Provision | None:
        """The act's own "Приложение [N] к настоящему …" / "[N-]қосымша" (not a document it approves)."""
        n = rf"\s*(?:№\s*)?{number}\s+" if number else r"\s+"
        rx = re.compile(rf"^Приложени[ея]{n}к\s+(?:настоящему\s+)?(?:приказу|постановлению|указу|решению|Указу)|"
                        rf"{number + '-' if number else ''}қосымша", re.I)
        for q in self.act.provisions:
            if q.kind == "annex" and q.approval and rx.search(q.approval) and not re.search(r"Правил|Положени", q.approval[:40]):
                return q
        return None

    def _in_article(self, targets: list[str]) -> list[str]:
        """Targets named inside "в статье 5:" are that article's ("пункт 3" → article_5__point_3)."""
        art = re.match(r"article_[^_]+(?:_[^_]+)?(?=__|$)", self.within)
        if not art:
            return targets
        return [t if t.startswith(("article_", "annex_")) else f"{art.group(0)}__{t}" for t in targets]

    def _annex_for(self, p: Provision) -> Provision | None:
        annexes = [q for q in self.act.provisions if q.kind == "annex"]
        own = p.eid.split("__")[0]
        later = [a for a in annexes if int(a.number or 0) > int(own.split("_")[1]) ] if own.startswith("annex_") else annexes
        return later[0] if later else None


def _rebase_from(p: Provision, old: str) -> Provision:
    from dataclasses import replace

    new = p.eid[len(old) + 2:] if p.eid.startswith(old + "__") else p.eid
    return replace(p, eid=new, children=tuple(_rebase_from(c, old) for c in p.children))


def instructions(act: Act) -> tuple[tuple[Instruction, ...], tuple[Instruction, ...], tuple[Problem, ...]]:
    """Every amending instruction of an act, one per target provision: (those whose target act
    is identified, those whose target is named without a number — read, applied nowhere —, problems)."""
    found, problems = _Walk(act).run()
    unresolved = tuple(i for i in found if not i.target.ref.number and i.target.ref.kind != "constitution")
    if unresolved:
        first = unresolved[0]
        problems += (Problem(first.line, f"instructions on an act named without its number — {first.target.ref.kind} of "
                                         f"{first.target.ref.date.isoformat()} \"{first.target.title or ''}\": {len(unresolved)} read, "
                                         "applied nowhere (the target act cannot be identified)"),)
    return tuple(i for i in found if i.target.ref.number or i.target.ref.kind == "constitution"), unresolved, problems
