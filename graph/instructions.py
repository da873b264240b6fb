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

from .build import CHAPTER_RE, SECTION_RE, Builder
from .footnotes import act_mentions
from .model import Act, ActMention, DocRef, Instruction, Problem, Provision
from .normalise import Block, Normalised

N = r"\d+(?:[.-]\d+)*"  # a provision number: 5, 5-1, 6.1
QUOTE_OPEN = ('"', "«", "“")
QUOTE_CHARS = "\"«»“”"

# ---------------------------------------------------------------- operations

OPS = [
    ("word_replacement", re.compile(r"\bзаменить\s+словами|сөз\w*\s+ауыстырылсын|сөз\w*мен\s+ауыстырылсын", re.I)),
    ("repeal_act", re.compile(r"признать\s+утратившим\w*\s+силу|күші\s+жойылды\s+деп\s+танылсын", re.I)),
    ("substitution", re.compile(r"изложить\s+в\s+(?:следующей|новой)\s+редакции|(?:мынадай|жаңа)\s+редакцияда\s+жазылсын", re.I)),
    ("insertion", re.compile(r"\bдополнить\b|толықтырылсын", re.I)),
    ("repeal", re.compile(r"\bисключить\b|алып\s+тасталсын", re.I)),
]

ORDINALS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
    "девят": 9, "десят": 10, "бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4, "бесінші": 5,
    "алтыншы": 6, "жетінші": 7, "сегізінші": 8, "тоғызыншы": 9, "оныншы": 10,
}

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

_ACT_CONTEXT_RU = re.compile(r"^(?:\d+[.)]\s+)*(?:В|Внести\s+в)\s+\S")
_ACT_CONTEXT_KK = re.compile(
    r"(?:Жарлығ|қаулысы|Қаулысы|бұйрығ|Бұйрығ|Заң|шешім)\w*(?:на|не|да|де|нда|нде|та|те)\s*:?\s*$|өзгерістер\s+енгізілсін",
)
_DOC_CONTEXT = re.compile(
    r"^в\s+(?P<ru>.+?),?\s+утвержденн\w+\s+(?:вышеназванным|указанным|названным|этим|данным)?\s*\w+\s*:?\s*$"
    r"|^жоғарыда\s+аталған\s+\w+\s+бекітілген\s+(?P<kk>.+?)\s*:?\s*$"
    r"|^в\s+(?P<ru2>(?:" + "|".join(ru for _s, ru, _k in DOC_KINDS) + r")\w*\b.*?)\s*:\s*$",
    re.I,
)
_POINT_CONTEXT = re.compile(rf"^в\s+(?:пункте|пунктe)\s+(?P<n>{N})\s*:\s*$|^(?P<k>{N})-тармақта\s*:\s*$", re.I)
_SECTION_IN = re.compile(rf"^в\s+разделе\s+(?P<n>{N})(?:\s+\"[^\"]*\")?\s+", re.I)
_REPEAL_HEAD = re.compile(r"признать\s+утратившим\w*\s+силу|күші\s+жойылды\s+деп\s+танылсын", re.I)


def _numbers(text: str, suffix: str = "") -> list[str]:
    """'5, 16 и 18' → ['5', '16', '18']; with suffix ')' for subpoints."""
    return re.findall(rf"({N}){re.escape(suffix)}", text)


def _targets(head: str, within: str) -> list[str]:
    """The provisions an instruction names, as eIds relative to its document.

    >>> _targets("пункты 5, 16 и 18 исключить;", "")
    ['point_5', 'point_16', 'point_18']
    >>> _targets("подпункты 44-9) и 44-10) исключить;", "point_15")
    ['point_15__subpoint_44-9', 'point_15__subpoint_44-10']
    >>> _targets("в разделе 6 \\"Целевые индикаторы\\" подпункт 1) пункта 6.1 изложить в следующей редакции:", "")
    ['point_6.1__subpoint_1']
    >>> _targets("3-тармақтың 2-2) тармақшасы мынадай редакцияда жазылсын:", "")
    ['point_3__subpoint_2-2']
    >>> _targets("дополнить главой 4-1 следующего содержания:", "")
    ['chapter_4-1']
    """
    h = re.sub(r"\"[^\"]*\"|«[^»]*»", " ", head)  # quoted names are not targets
    low = h.lower()
    section = None
    m = re.search(rf"(?:раздел\w*)\s+({N})|({N})-бөлім", low)
    if m:
        section = m.group(1) or m.group(2)
    if re.search(r"преамбул|кіріспе", low):
        return ["preamble"]
    if re.search(r"заголов|тақырыб|атауы", low):
        return ["title"]
    # Russian: "подпункт(ы) 1), 2) и 3) пункта 6"; Kazakh: "3-тармақтың 2-2) тармақшасы"
    m = re.search(rf"подпункт\w*\s+((?:{N}\)(?:\s*,\s*|\s+и\s+)?)+)(?:\s*пункта\s+({N}))?", low)
    mk = re.search(rf"(?:({N})-тармақ\w*\s+(?:[^\W\d]+\s+){{0,3}}?)?((?:{N}\)(?:\s*,\s*|\s+және\s+)?)+)\s*тармақша", low)
    if m or mk:
        subs = _numbers(m.group(1) if m else mk.group(2), ")")
        point = (m.group(2) if m else mk.group(1))
        parent = f"point_{point}" if point else within
        return [f"{parent}__subpoint_{s}" if parent else f"subpoint_{s}" for s in subs]
    m = re.search(rf"пункт\w*\s+((?:{N}(?:\s*,\s*|\s+и\s+)?)+)", low)
    if m:
        return [f"point_{n}" for n in _numbers(m.group(1))]
    mk = re.search(rf"((?:{N}(?:\s*,\s*|\s+және\s+))*{N})-тармақ(?!ша)", low)
    if mk:
        return [f"point_{n}" for n in _numbers(mk.group(1))]
    m = re.search(rf"глав\w*\s+({N})|({N})-тарау", low)
    if m:
        return [f"chapter_{m.group(1) or m.group(2)}"]
    m = re.search(r"част\w*\s+(\w+)|(\w+)\s+бөлігі", low)
    if m:
        word = m.group(1) or m.group(2)
        num = next((v for k, v in ORDINALS.items() if word.startswith(k)), None)
        if num:
            base = within or (f"section_{section}" if section else "")
            return [f"{base}__part_{num}" if base else f"part_{num}"]
    m = re.search(r"приложени\w*\s+(\d+)|(\d+)-қосымша", low)
    if m:
        return [f"annex_{m.group(1) or m.group(2)}"]
    if section:
        return [f"section_{section}"]
    return []


def _quoted_body(lines: list[str]) -> str:
    """The new wording inside ``"…";`` / ``"…".`` (outer quotes and final punctuation off)."""
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


def _act_context(line: str, language: str) -> ActMention | None:
    if not line.rstrip().endswith(":") and not re.search(r"өзгерістер\s+енгізілсін|следующие\s+изменени", line):
        return None
    if not (_ACT_CONTEXT_RU.match(line) or _ACT_CONTEXT_KK.search(line)):
        return None
    ms = act_mentions(line, language)
    if len(ms) != 1:
        return None
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
    targets = _targets(head, "")
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


def _replacement(head: str) -> tuple[str, str] | None:
    """(old words, new words) of a word replacement.

    >>> _replacement('слова «государственной службы» заменить словами «государственного управления»')
    ('государственной службы', 'государственного управления')
    >>> _replacement('"Агенттігі" деген сөз "министрлігі" деген сөзбен ауыстырылсын')
    ('Агенттігі', 'министрлігі')
    """
    q = r"[\"«“]([^\"»”]*)[\"»”]"
    m = re.search(rf"слов\w*\s+{q}\s+заменить\s+слов\w*\s+{q}", head, re.I)
    if m:
        return m.group(1), m.group(2)
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
        self.within = ""
        self.pending_line: tuple[str, int] | None = None  # "строку: "…"" waiting for its new wording
        self.repeal_list = False

    def run(self) -> tuple[tuple[Instruction, ...], tuple[Problem, ...]]:
        for p in _units(self.act):
            if self.scope is not None and _scope(p.eid) != self.scope and not p.eid.startswith(self.scope + "__"):
                self.target, self.doc, self.within, self.scope, self.repeal_list = None, None, "", None, False
            self._unit(p)
        return tuple(self.out), tuple(self.problems)

    def _unit(self, p: Provision) -> None:
        lines = p.text.split("\n")
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            if not line:
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
                return
            doc = _document(line)
            if doc is not None and not _operation(line):
                self.doc, self.within = doc, ""
                i += 1
                continue
            m = _POINT_CONTEXT.match(line)
            if m:
                self.within = f"point_{m.group('n') or m.group('k')}"
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

    # ---- repeal of whole acts
    def _repeal_acts(self, p: Provision, line: str) -> bool:
        ms = act_mentions(line, self.lang)
        head_only = not ms or line.rstrip().endswith(":")
        if ms and not _targets(line, ""):
            self._repeal_mentions(p, line, ms)
        if head_only:
            self.repeal_list = True
            self.scope = self.scope or _scope(p.eid)
            self.target = self.target or ActMention(self.act.ref)  # keeps the walk going
        return True

    def _repeal_mentions(self, p: Provision, line: str, ms) -> None:
        for _s, _e, mention, _r in ms:
            if mention.ref == self.act.ref:
                continue
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
        elif self.pending_line and not _targets(head, self.within):
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
            if rep is None:
                self.problems.append(Problem(p.line, f"word replacement without quoted words: {head[:80]!r}"))
                return
            tg = _targets(head, self.within) or [self.within]
            for t in tg:
                self.out.append(Instruction("word_replacement", self.target, self.doc, t, text, p.eid, p.line,
                                            new_text=rep[1], old_text=rep[0]))
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
        tg = _targets(head, self.within)
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

    def _annex_for(self, p: Provision) -> Provision | None:
        annexes = [q for q in self.act.provisions if q.kind == "annex"]
        own = p.eid.split("__")[0]
        later = [a for a in annexes if int(a.number or 0) > int(own.split("_")[1]) ] if own.startswith("annex_") else annexes
        return later[0] if later else None


def _rebase_from(p: Provision, old: str) -> Provision:
    from dataclasses import replace

    new = p.eid[len(old) + 2:] if p.eid.startswith(old + "__") else p.eid
    return replace(p, eid=new, children=tuple(_rebase_from(c, old) for c in p.children))


def instructions(act: Act) -> tuple[tuple[Instruction, ...], tuple[Problem, ...]]:
    """Every amending instruction of an act, one per target provision."""
    return _Walk(act).run()
