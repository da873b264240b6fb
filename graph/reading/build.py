"""Stages 2–3 — recognise blocks and build the act's provision tree.

Reads: ``Normalised`` blocks. Writes: an ``Act`` (typed, frozen) with its provisions,
footnotes resolved to the provision they speak of, and every problem met.

Recognition (a small strict set of patterns, run on repaired text):
points "1." / "5-1.", subpoints "1)" / "2-1)", chapters "Глава 2." / "2-тарау",
sections "Раздел 4" / "4-бөлім", footnotes "Сноска." / "Ескерту.", notes
"Примечание." / "*…", signatures, approval blocks (УТВЕРЖДЕНЫ / БЕКІТІЛГЕН / бекітілді)
opening an annex, and quoted new wording inside amending acts (kept with the
instruction it belongs to, never read as the amending act's own points).

Guarantee: every block ends up in a provision, the header, the signature, or the
problem list with its line number — nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Act, EntryRule, Footnote, FootnoteEvent, Problem, Provision
from . import grammar
from .footnotes import FOOTNOTE_RE, footnote_events, parse_rule, subject_of
from .header import BANNER_RE, Requisite, looks_like_requisite, parse_requisite
from .lexicon import find_dates
from .normalise import SIGNATURE_RE, Block, InputError, Normalised, repair_chars

POINT_RE = re.compile(r"^(\d{1,3}(?:-\d{1,3})*)\.\s+(?=\S)(?!\d{4}\b)")
SUBPOINT_RE = re.compile(r"^(\d{1,3}(?:-\d{1,3})*)\)\s*(?=\S)")
CHAPTER_RE = re.compile(r"^(?:Глава|ГЛАВА)\s+(\d+(?:-\d+)*)\.?\s*(.*)$|^(\d+(?:-\d+)*)[\s-]*тарау\.?\s*(.*)$")
SECTION_RE = re.compile(r"^(?:Раздел|РАЗДЕЛ)\s+(\d+(?:-\d+)*)\.?\s*(.*)$|^(\d+(?:-\d+)*)[\s-]*бөлім\.?\s*(.*)$")
NOTE_RE = re.compile(r"^(?:Примечани[ея]|Ескертпе)\s*[.:]?", re.I)
STAR_NOTE_RE = re.compile(r"^\*+\s*\S")
APPROVAL_RE = re.compile(
    r"(?:УТВЕРЖДЕН|Утвержден[аоы]?\b|БЕКІТІЛГЕН|бек[іi]?т[іi]л(?:ді|ген)|ПРИЛОЖЕНИЕ|^Приложение\b|қосымша\b)"
)
APPROVALISH_RE = re.compile(
    r"(?:№\s*\d|\b\d{4}\s+(?:года|жылғы|жылы)|^(?:Указом|Постановлением|Приказом|приказом|Республики|"
    r"Қазақстан|Казахстан|Президентінің|Үкіметінің|к\s|от\s|которые|указы|КЕЛІСІЛДІ|\"КЕЛІСІЛДІ))"
)
CAPS_WORD_RE = re.compile(r"\b[А-ЯӘҒҚҢӨҰҮҺІЁ]{4,}\b")
ENACTING_RE = re.compile(r"(?:вводится\s+в\s+действие|вступает\s+в\s+силу|қолданысқа\s+енгізіледі|күшіне\s+енеді)", re.I)
FOOTER_RE = re.compile(r"^©|Институт законодательства и правовой информации|құқықтық ақпарат институты")
RULE_LINE_RE = re.compile(r"^_{5,}$")
ACT_REPEAL_RE = re.compile(r"утрат\w*\s+силу|күш\w*\s+жойыл|отмен\w*", re.I)
# notes the database publisher (РЦПИ / ИЗПИ) adds to a text: "Примечание РЦПИ!", "РҚАО-ның ескертпесі"
EDITORIAL_RE = re.compile(r"^(?:Примечание\s+(?:РЦПИ|ИЗПИ|РЦПИ\s*!)|(?:РҚАО|ҚР\s+ЗҚАИ|ЗҚАИ)\w*(?:-ның|-нің)?\s+ескертпесі)", re.I)
EXCLUDED_RE = re.compile(
    r"^(?:\d{1,3}(?:-\d{1,3})*[.)]\s*)?(?:<\*>\s*)?[(\[]?\s*(?:исключен[аоы]?(?!\s+из\b)|утратил[аио]?\s+силу|алып\s+тасталды|"
    r"күші\s+жойылды(?!\s+деп))\b", re.I)
QUOTES = ('"', "«", "»", "“", "”")


def quote_count(text: str) -> int:
    return sum(text.count(q) for q in QUOTES)


@dataclass
class Node:
    kind: str
    number: str | None
    eid: str
    line: int
    texts: list[str] = field(default_factory=list)
    heading: str | None = None
    approval: str | None = None
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    parts: int = 0
    notes: int = 0
    excluded: bool = False

    def child_eid(self, kind: str, number: str) -> str:
        if self.kind == "body":
            return f"{kind}_{number}"
        if kind in ("point", "chapter", "section", "article") and self.kind in ("chapter", "section", "paragraph"):
            # numbered through the document: "Статья 12", "пункт 5" of Rules, "Глава 3" of a Раздел
            return self.container().child_eid(kind, number)
        return f"{self.eid}__{kind}_{number}"

    def container(self) -> Node:
        n = self
        while n.kind not in ("body", "annex"):
            n = n.parent
        return n

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def freeze(self) -> Provision:
        return Provision(
            kind=self.kind,
            number=self.number,
            eid=self.eid,
            text="\n".join(t for t in self.texts if t),
            line=self.line,
            heading=self.heading,
            approval=self.approval,
            children=tuple(c.freeze() for c in self.children),
            excluded=self.excluded,
        )


class Builder:
    """Walks the blocks once, keeping a cursor into the tree being built."""

    def __init__(self, norm: Normalised, source: str, language: str, requisite: Requisite | None = None):
        self.norm, self.source, self.language = norm, source, language
        self.given = requisite
        self.body = Node("body", None, "", 1)
        self.container: Node = self.body
        self.section: Node | None = None
        self.chapter: Node | None = None
        self.paragraph: Node | None = None
        self.article: Node | None = None
        self.titling: Node | None = None  # a division whose title is on the next heading line
        self.form: Node | None = None  # an annex that is a form: its blocks are its text
        self.endorsements: list[str] = []  # "СОГЛАСОВАН" blocks
        self.endorsing = False
        self.quoting = False
        self.toc: set[int] = set()  # lines of a table of contents (headings listed before the body)
        self.norm_kind = "markdown" if any(b.style for b in norm.blocks) else "adilet"
        self.point: Node | None = None
        self.sub: Node | None = None
        self.note: Node | None = None
        self.last: Node | None = None
        self.quote_open = False
        self.quote_line = 0
        self.state = "body"  # body | post | header | annex
        self.pending: list[Block] = []
        self.marker: int | None = None
        self.annexes = 0
        self.preamble: Node | None = None
        self.footnotes: list[tuple[Block, Node, Node | None]] = []
        self.problems: list[Problem] = list(norm.problems)
        self.signature: list[str] = []
        self.eids: dict[str, Node] = {}

    # -- tree helpers
    def _unique(self, eid: str, line: int) -> str:
        if eid not in self.eids:
            return eid
        k = 2
        while f"{eid}.dup{k}" in self.eids:
            k += 1
        self.problems.append(Problem(line, f"duplicate provision number: {eid} appears again; kept as {eid}.dup{k}"))
        return f"{eid}.dup{k}"

    def _new(self, parent: Node, kind: str, number: str | None, line: int, text: str = "", heading=None) -> Node:
        eid = self._unique(parent.child_eid(kind, number), line)
        node = parent.add(Node(kind, number, eid, line, [text] if text else [], heading))
        self.eids[eid] = node
        self.last = node
        return node

    def _part(self, parent: Node, text: str, line: int) -> Node:
        if parent.kind in ("point", "subpoint", "preamble", "note", "part") and parent.texts and parent.parts == 0:
            # The lead paragraph becomes part 1 once a second paragraph shows the point has parts.
            parent.parts = 1
            first = Node("part", "1", f"{parent.eid}__part_1", parent.line, parent.texts)
            parent.texts = []
            first.parent = parent
            parent.children.insert(0, first)
            self.eids[first.eid] = first
        parent.parts += 1
        return self._new(parent, "part", str(parent.parts), line, text)

    # -- main loop
    def run(self) -> Act:
        blocks = list(self.norm.blocks)
        i = self._header(blocks)
        self.toc = self._table_of_contents(blocks[i:])
        for b in blocks[i:]:
            self._block(b)
        if self.quote_open:
            self.problems.append(Problem(self.quote_line, "a quotation opened here is never closed"))
        if self.state in ("post", "header") and self.pending:
            self._open_annex()
        return self._finish()

    def _table_of_contents(self, blocks: list[Block]) -> set[int]:
        """Lines of a table of contents: a run of three or more article or chapter headings
        with nothing between them, whose articles the text gives again later."""
        heads = [(k, b, grammar.heading(b.text, b.kind == "line" or b.style in ("heading", "bold"))) for k, b in enumerate(blocks)]
        toc: set[int] = set()
        k = 0
        while k < len(heads):
            j = k
            while j < len(heads) and (heads[j][2] or heads[j][1].text.strip(" .:") in ("Оглавление", "Мазмұны")):
                j += 1
            run = heads[k:j]
            arts = [h[2][1] for h in run if h[2] and h[2][0] == "article"]
            if len(run) >= 3 and len(arts) >= 2:
                later = {h[2][1] for h in heads[j:] if h[2] and h[2][0] == "article"}
                if sum(a in later for a in arts) >= len(arts) // 2:
                    toc.update(b.line for _, b, _ in run)
                    self.problems.append(Problem(run[0][1].line, f"table of contents ({len(run)} headings) skipped: "
                                                 "the text gives each heading again", "info"))
            k = max(j, k + 1)
        return toc

    def _header(self, blocks: list[Block]) -> int:
        if self.given is not None:
            # the source states the requisite apart from the text (kazakhstan-law meta.yaml): the
            # first line block is the title, the body starts after it
            self.requisite, self.banner = self.given, None
            head = blocks[0] if blocks and blocks[0].kind == "line" else None
            self.title = head.text if head else ""
            self.title_line = head.line if head else 1
            return 1 if head else 0
        title, banner, requisite = [], None, None
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if b.kind == "para":
                break
            two = " ".join(b.text.split()[:2])
            if BANNER_RE.match(two) and looks_like_requisite(b.text):
                banner, requisite = b, b
                i += 1
                break
            if BANNER_RE.match(b.text):
                banner = b
            elif title and looks_like_requisite(b.text):
                requisite = b
                i += 1
                break
            elif b.kind == "line":
                title.append(b)
            i += 1
        if requisite is None:
            first = blocks[0].line if blocks else 1
            raise InputError(
                "not a legal act: no requisite line (e.g. 'Указ Президента Республики Казахстан от "
                "31 декабря 2020 года № 485.') after the title",
                self.source,
                first,
            )
        text = requisite.text
        if banner is requisite:
            text = " ".join(text.split()[2:])
        self.requisite = parse_requisite(text, self.language)
        self.banner = banner
        self.title = " ".join(b.text for b in title).strip()
        self.title_line = title[0].line if title else requisite.line
        return i

    def _frame(self) -> Node:
        """The innermost open division: article, paragraph, chapter, section, or the container."""
        return self.article or self.paragraph or self.chapter or self.section or self.container

    def _in_preamble(self) -> bool:
        return self.container is self.body and self.point is None and self._frame() is self.body

    def _block(self, b: Block) -> None:
        text = b.text
        if self.quote_open:
            self._append_quote(b)
            return
        if self.form is not None and FOOTNOTE_RE.match(text):
            self.footnotes.append((b, self.container, self.last, self.article))
            return
        if self.form is not None:
            if not (self._opens_annex(b) and not FOOTNOTE_RE.match(text)):
                # a form or template annex: everything up to the next annex is its text, never provisions
                # (its rule lines "______" included)
                self.form.texts.append(text)
                return
            self.state, self.pending, self.form = "header", [], None
        if b.kind == "sep":
            if self.state in ("body", "annex"):
                self.state = "post"
            return
        if EDITORIAL_RE.match(text):
            self.problems.append(Problem(b.line, f"publisher's editorial note, not text of the act: {text[:80]!r}", "info"))
            return
        if FOOTER_RE.search(text) and b.kind == "line":
            self.problems.append(Problem(b.line, "export footer (publisher's copyright line) skipped", "info"))
            return
        if RULE_LINE_RE.match(text):
            self.state = "post" if self.state in ("body", "annex") else self.state
            return
        if b.style == "code":
            self._form_block(b)
            return
        if self.state in ("body", "annex") and self._opens_annex(b) and not FOOTNOTE_RE.match(text):
            self.state, self.pending, self.form = "header", [], None
        if self.state in ("post", "header"):
            if self._header_block(b):
                return
        if FOOTNOTE_RE.match(text):
            self.footnotes.append((b, self.container, self.last, self.article))
            return
        if grammar.ENDORSEMENT_RE.match(text) and b.style != "heading" or self.endorsing and self._endorsement_goes_on(b):
            self.endorsing = True
            self.endorsements.append(text)
            self.state = "post"
            return
        self.endorsing = False
        styled = b.kind == "line" or b.style in ("heading", "bold")
        if self._signs(b):
            self.signature.append(text)
            self.state = "post"
            return
        if self.toc and b.line in self.toc:
            return
        head = grammar.heading(text, styled)
        if head and not (head[0] == "article" and not styled and self.point is not None and self.article is None):
            self._division(*head, b)
            return
        if self.titling is not None and b.kind == "line" and not self.titling.children:
            # "## Раздел I." then "## Общие положения": the next heading line is the title
            self.titling.heading = text
            self.titling.texts = [f"{self.titling.texts[0]} {text}" if self.titling.texts else text]
            self.titling = None
            return
        self.titling = None
        if self._is_quote(b):
            self._append_quote(b)
            return
        self.quoting = False
        m = POINT_RE.match(text) if b.kind == "para" or b.style == "heading" else None
        if m:
            parent = self._frame()
            self.point = self._new(parent, "point", m.group(1), b.line, text)
            self.sub = self.note = None
            return
        m = SUBPOINT_RE.match(text) if b.kind == "para" else None
        if m and (self.point is not None or self.preamble is None or self.container is not self.body or self.article):
            parent = self.point or self._frame()
            self.sub = self._new(parent, "subpoint", m.group(1), b.line, text)
            self.note = None
            return
        if b.kind == "para" and (NOTE_RE.match(text) or STAR_NOTE_RE.match(text)):
            parent = self.point or self._frame()
            parent.notes += 1
            self.note = self._new(parent, "note", str(parent.notes), b.line, text)
            self.sub = None
            return
        if b.kind == "line" and b.style == "heading" and not self._in_preamble() and self.container is not self.body \
                and self.point is None and not self.container.children and len(text) < 300:
            # an approved document's title written as a heading after its approval block
            self.container.heading = f"{self.container.heading} {text}".strip() if self.container.heading else text
            self.container.texts = [self.container.heading]
            return
        self._paragraph(b)

    def _signs(self, b: Block) -> bool:
        """A signature block of the act (not of an annex): bold, italic, fenced or plain."""
        if SIGNATURE_RE.match(b.text) and self.state == "body":
            return True
        if self.state not in ("body", "post") or self.container is not self.body or b.style in ("heading", "table"):
            return False
        text = repair_chars(b.text) if b.style == "code" else b.text
        short = len(text.split()) <= 5 and not text.rstrip().endswith((".", ";", ":", ","))
        return grammar.is_signature(text, b.style in ("bold", "italic", "code") or short)

    def _is_quote(self, b: Block) -> bool:
        """Quoted new wording of an amending instruction: a paragraph opening with a quotation
        mark right after a sentence that introduces it ("… следующего содержания:"), or a
        line of a quoted table in an export. A paragraph that merely begins with «…» is not."""
        text = b.text
        if self._in_preamble() or self.last is None:
            return False
        if text.startswith(QUOTES):
            prev = self._last_text().rstrip()
            # after the introducing sentence, or right after another quoted paragraph of the same run
            # ("дополнить подпунктами 8-1), 14-1) следующего содержания:" «8-1) …»; «14-1) …».)
            return prev.endswith(":") or self.quoting and prev.rstrip(";.,").endswith(QUOTES)
        return (b.kind == "line" and b.style == "" and self.state != "annex" and self.container is self.body
                and self.point is not None and not CHAPTER_RE.match(text) and not SECTION_RE.match(text))

    def _last_text(self) -> str:
        node = self.last
        if node is None:
            return ""
        while node.children:
            node = node.children[-1]
        return node.texts[-1] if node.texts else ""

    def _opens_annex(self, b: Block) -> bool:
        if b.style in ("heading", "code", "table") or b.kind == "para" and b.style == "" and self.norm_kind == "adilet":
            return False
        return grammar.starts_annex(b.text, plain=b.kind == "para" and b.style == "")

    def _endorsement_goes_on(self, b: Block) -> bool:
        """The lines after "СОГЛАСОВАН": the agreeing body, its head, the date — up to the
        next approval block, heading or numbered provision."""
        t = b.text
        return not (grammar.starts_annex(t) or b.style == "heading" or POINT_RE.match(t) or grammar.heading(t, True)
                    or FOOTNOTE_RE.match(t)) and len(t) < 400

    def _form_block(self, b: Block) -> None:
        """A form or template (a code fence): the text of the provision it stands in — or the
        act's signature, which old exports also fence."""
        if self._signs(b):
            self.signature.append(" ".join(repair_chars(b.text).split()))
            self.state = "post"
            return
        if self.state in ("post", "header") and self.pending:
            self._open_annex()
        target = self.sub or self.point or (self.container if self.container is not self.body else None) or self.last
        if target is None or target is self.body:
            self._part(self.body, b.text, b.line)
            return
        target.texts.append(b.text)

    def _division(self, kind: str, number: str, title: str, b: Block) -> None:
        """A section, chapter, paragraph or article heading opens its unit and closes what is below."""
        if self.state in ("post", "header") and self.pending:
            self._open_annex()
        if kind == "section":
            parent = self.container
        elif kind == "chapter":
            parent = self.section or self.container
        elif kind == "paragraph":
            parent = self.chapter or self.section or self.container
        else:
            parent = self.paragraph or self.chapter or self.section or self.container
        node = self._new(parent, kind, number, b.line, text=b.text, heading=title or None)
        order = ("section", "chapter", "paragraph", "article")
        for level in order[order.index(kind):]:
            setattr(self, level, None)
        setattr(self, kind, node)
        self.point = self.sub = self.note = None
        self.titling = node if not title else None
        if self.state == "post":
            self.state = "body" if self.container is self.body else "annex"

    def _paragraph(self, b: Block) -> None:
        text = b.text
        if self._in_preamble():
            if self.preamble is None:
                self.preamble = self._new(self.body, "preamble", None, b.line, text)
                self.preamble.eid = "preamble"
                self.eids["preamble"] = self.preamble
            else:
                self._part(self.preamble, text, b.line)
            return
        if self.note is not None and NOTE_RE.match(self.note.texts[0] if self.note.texts else ""):
            self._part(self.note, text, b.line)
            return
        if self.sub is not None and not self._closed(self.sub):
            self._part(self.sub, text, b.line)
            return
        parent = self.point or self._frame()
        self.sub = self.note = None
        self._part(parent, text, b.line)

    @staticmethod
    def _closed(node: Node) -> bool:
        last = node
        while last.children:
            last = last.children[-1]
        t = (last.texts[-1] if last.texts else "").rstrip()
        return t.endswith(".") and not t.endswith(('".', "».")) or t.endswith(('.".', '."'))

    def _append_quote(self, b: Block) -> None:
        self.quoting = True
        target = self.last or self.preamble or self.body
        if target is self.body:
            self.problems.append(Problem(b.line, "quoted text with no provision before it; kept as a part"))
            self._part(self.body, b.text, b.line)
            return
        target.texts.append(b.text)
        if quote_count(b.text) % 2 == 1:
            self.quote_open = not self.quote_open
            self.quote_line = b.line

    # -- annexes
    def _header_block(self, b: Block) -> bool:
        """Collect approval-block and title lines after a signature or separator."""
        text = b.text
        if CHAPTER_RE.match(text) or SECTION_RE.match(text) or (b.kind == "para" and POINT_RE.match(text)):
            if self.pending:
                self._open_annex()
            return False
        if self.state == "post" and b.kind == "para" and not APPROVAL_RE.search(text) and not APPROVALISH_RE.search(text):
            if not self.pending:
                # a paragraph after the signature that is no approval block: keep it with the signature
                self.signature.append(text)
                return True
        if not self.pending:
            self.marker = None  # index in ``pending`` of the last approval line ("УТВЕРЖДЕНЫ", "бекітілген")
        self.pending.append(b)
        self.state = "header"
        # Each block is looked at once, when it arrives (a long annex whose title is never
        # recognised would otherwise be re-scanned block by block: quadratic).
        if APPROVAL_RE.search(text):
            self.marker = len(self.pending) - 1
            return True
        if self.marker is None:
            return True
        # the first titled block after the approval line opens the annex; else a plain
        # line after an approval paragraph does
        if CAPS_WORD_RE.search(APPROVAL_RE.sub("", text)) and not APPROVALISH_RE.match(text):
            self._open_annex(title_block=b)
        elif b.kind == "line" and self.pending[self.marker].kind == "para":
            self._open_annex(title_block=b)
        return True

    def _open_annex(self, title_block: Block | None = None) -> None:
        blocks = self.pending
        self.pending = []
        if title_block is None:
            idx = len(blocks)
            approval, title = blocks, []
        else:
            idx = blocks.index(title_block)
            approval, title = blocks[:idx], blocks[idx:]
        self.annexes += 1
        first = blocks[0].line if blocks else 0
        annex = Node("annex", str(self.annexes), f"annex_{self.annexes}", first)
        annex.parent = self.body
        self.body.children.append(annex)
        self.eids[annex.eid] = annex
        annex.approval = "\n".join(b.text for b in approval) or None
        annex.heading = " ".join(b.text for b in title) or None
        if annex.heading:
            annex.texts = [annex.heading]
        self.container, self.point, self.sub, self.note = annex, None, None, None
        self.section = self.chapter = self.paragraph = self.article = self.titling = None
        self.last = annex
        self.state = "annex"
        head = f"{annex.approval or ''} {annex.heading or ''}".lower()
        self.form = annex if re.search(r"(?:^|\s)(?:форма|нысан)(?:\s|$)", head) else None

    # -- footnotes and the act
    def _resolve_footnote(self, b: Block, container: Node, last: Node | None, article: Node | None) -> Footnote:
        subj = subject_of(b.text)
        own = self.requisite.ref
        events = tuple(e for e in footnote_events(b.text, self.language) if e.act.ref != own)
        eid = None
        if subj.kind == "act":
            eid = ""
        elif subj.kind == "container":
            eid = container.eid if container.kind == "annex" else ""
        elif subj.kind == "part":
            base = container.child_eid("article", subj.article)
            eid = f"{base}__point_{subj.parent_number}__part_{subj.number}" if subj.parent_number else f"{base}__part_{subj.number}"
        elif subj.kind == "preamble":
            eid = "preamble"
        elif subj.kind == "title":
            # "Заголовок в редакции …" under an approved document's title is about that document
            eid = container.eid if container.kind == "annex" else "title"
        elif subj.kind == "annex":
            eid = f"annex_{subj.number}"
            # a footnote under the heading of "Приложение 2 к Правилам" (an appendix of an
            # approved document, numbered on its own) is about that appendix, whatever its
            # place among the act's annexes
            printed = re.match(r"\W*(?:Приложение|Қосымша)\s+(\d+)|\W*(\d+)\W*(?:-|\s)қосымша", container.approval or "", re.I)
            if container.kind == "annex" and printed and (printed.group(1) or printed.group(2)) == str(subj.number):
                eid = container.eid
        elif subj.kind in ("article", "chapter", "section"):
            eid = container.child_eid(subj.kind, subj.number)
        elif subj.kind == "point":
            if subj.article:
                eid = f"{container.child_eid('article', subj.article)}__point_{subj.number}"
            elif article is not None:
                eid = f"{article.eid}__point_{subj.number}"
            else:
                eid = container.child_eid(subj.kind, subj.number)
        elif subj.kind == "subpoint":
            if subj.parent_number:
                base = (container.child_eid("article", subj.article) if subj.article else article.eid if article else None)
                eid = (f"{base}__point_{subj.parent_number}" if base else container.child_eid('point', subj.parent_number)) \
                    + f"__subpoint_{subj.number}"
            elif subj.article and subj.kind == "subpoint":
                eid = f"{container.child_eid('article', subj.article)}__subpoint_{subj.number}"
            elif last is not None:
                pt = last if last.kind == "point" else (last.parent if last.parent and last.parent.kind == "point" else None)
                eid = f"{pt.eid}__subpoint_{subj.number}" if pt else None
        if eid is not None and "__point_" in eid and eid not in self.eids:
            # old laws call an article's "1)" items "пункты": "Пункт 3 статьи 10" is its subpoint 3)
            alt = eid.replace("__point_", "__subpoint_")
            eid = alt if alt in self.eids and eid.startswith("article_") else eid
        if eid is not None and eid not in ("", "title") and eid not in self.eids and not eid.startswith("annex_"):
            self.problems.append(Problem(b.line, f"footnote names {eid}, which is not in the text; attached to the provision before it"))
            eid = None
        if eid is None:
            eid = last.eid if last is not None and last.kind != "body" else ""
            if subj.kind == "unknown":
                self.problems.append(Problem(b.line, f"footnote does not say which provision it is about; attached to {eid or 'the act'}", "info"))
        if not events:
            self.problems.append(Problem(b.line, "footnote names no amending act (date and number) that could be read"))
        if eid == "" and any(e.operation == "repeal" for e in events) and not ACT_REPEAL_RE.search(b.text):
            # an act is repealed only in words that say so ("утратил силу", "күші жойылды"); "преамбула исключена,
            # по всему тексту заменены слова" is a change of the act, never its repeal
            events = tuple(FootnoteEvent("change", e.act, e.rule) if e.operation == "repeal" else e for e in events)
        return Footnote(b.text, b.line, eid, events)

    def _excluded(self) -> list[Footnote]:
        """Provisions whose own text records their exclusion ("13. Исключен постановлением … от …",
        "2) исключен Законом РК от …", "8-1. (исключен приказом … N 164 …)", "Алып тасталды - …"): the
        text is not a wording, and the act it names ended the provision — as a footnote would say."""
        out = []
        for node in self.eids.values():
            if node.kind not in ("point", "subpoint", "article", "part") or not node.texts:
                continue
            text = node.texts[0]
            if node.kind == "article":
                text = re.sub(r"^(?:Статья\s+\S+|\S+-бап)\.?\s*", "", text)
            if not EXCLUDED_RE.match(text):
                continue
            events = tuple(FootnoteEvent("repeal", e.act, e.rule) for e in footnote_events(text, self.language)
                           if e.act.ref != self.requisite.ref)
            node.excluded = bool(events) or len(text) < 60  # "3. <*> (исключен)": a marker, not a wording
            if not events:
                self.problems.append(Problem(node.line, f"excluded provision names no act that excluded it: {node.eid}; "
                                                        "its end is not known"))
                continue
            out.append(Footnote(text, node.line, node.eid, events))
        return out

    def _finish(self) -> Act:
        req = self.requisite
        footnotes = tuple(self._resolve_footnote(*f) for f in self.footnotes) + tuple(self._excluded())
        title = Provision("title", None, "title", self.title, self.title_line)
        provisions = (title,) + tuple(c.freeze() for c in self.body.children)
        rule = EntryRule("unknown")
        for p in reversed(list(self._own_units())):  # the last clause that says how the act takes effect
            t = "\n".join(_texts(p))
            if ENACTING_RE.search(t) and (re.search(r"(?:Настоящ|Осы)\w*", t) or self._names_itself(t)):
                rule = parse_rule(t)
                break
        repealed_by, repeal_rule = req.repealed_by, req.repeal_rule
        for fn in footnotes:
            if fn.target_eid == "":
                for ev in fn.events:
                    if ev.operation == "repeal":
                        if repealed_by is None or repealed_by.ref == ev.act.ref:
                            keep = ev.rule.kind == "unknown" and repeal_rule is not None
                            repealed_by, repeal_rule = ev.act, repeal_rule if keep else ev.rule
        cites = self._cites(provisions)
        own_pubs = self._publications()
        if not self.body.children or (len(self.body.children) == 1 and self.preamble is not None and not self.preamble.children):
            self.problems.append(Problem(self.title_line, "the text has no numbered provisions"))
        return Act(
            ref=req.ref,
            language=self.language,
            title=self.title,
            issuer=req.issuer,
            source=self.source,
            provisions=provisions,
            footnotes=footnotes,
            entry_rule=rule,
            registration_number=req.registration_number,
            registration_date=req.registration_date,
            repealed_by=repealed_by,
            repeal_rule=repeal_rule,
            signature="\n".join(self.signature) or None,
            endorsements=tuple(self.endorsements),
            publications=own_pubs,
            cites=cites,
            problems=tuple(self.problems),
        )

    def _publications(self) -> tuple:
        """Publication references of the act itself: those in the header, the preamble or standing alone —
        not those in parentheses after another act named in the text (that act's publication)."""
        from .footnotes import act_mentions, publications

        out = []
        blocks = [b.text for b in self.norm.blocks]
        for text in blocks:
            for pub in publications(text):
                at = text.find(pub.text[:20])
                before = text[:at]
                named = act_mentions(before, self.language)
                if named and "(" in before[named[-1][1]:]:
                    continue  # "… от 2 июля 1998 года (Ведомости Парламента …)": the other act's publication
                if pub.day is not None and pub.day < self.requisite.ref.date:
                    continue  # published before it was signed: another act's publication
                out.append((pub.source, pub.day, pub.issue, pub.text))
        return tuple(dict.fromkeys(out))

    def _names_itself(self, t: str) -> bool:
        """"Конституция Республики Казахстан, принятая …, вступает в силу …": the act's own kind opens the clause
        (no date and number: not another act)."""
        from .footnotes import act_mentions
        from .lexicon import kind_of

        body = re.sub(r"^\s*(?:Статья\s+\S+\s*)?(?:\d+\.\s*)?", "", t.split("\n")[-1] if "\n" in t else t)
        return kind_of(body[:20]) == self.requisite.ref.kind and not act_mentions(body, self.language)

    def _own_units(self):
        """The act's own points and articles' points and parts (not its annexes), where the
        entry-into-force clause stands."""
        stack = list(self.body.children)
        while stack:
            n = stack.pop(0)
            if n.kind in ("section", "chapter", "paragraph"):
                stack[:0] = n.children
            elif n.kind == "article":
                yield n
                stack[:0] = [c for c in n.children if c.kind in ("point", "part")]
            elif n.kind in ("point", "part") and n.parent is not None and n.parent.kind != "annex":
                yield n

    def _cites(self, provisions) -> tuple:
        from .footnotes import act_mentions

        seen, out = set(), []
        for p in provisions:
            for q in p.walk():
                for _s, _e, mention, _r in act_mentions(q.text, self.language):
                    if mention.ref not in seen:
                        seen.add(mention.ref)
                        out.append(mention)
        return tuple(out)


def _texts(node: Node):
    yield from node.texts
    for c in node.children:
        yield from _texts(c)


def detect_language(text: str) -> str:
    """``kk`` when Kazakh-only letters are frequent, else ``ru``.

    >>> detect_language("Қазақстан Республикасы Президентінің Жарлығы"), detect_language("Указ Президента")
    ('kk', 'ru')
    """
    sample = text[:20000]
    kk = len(_KK_ONLY.findall(sample))
    letters = sum(map(str.isalpha, sample)) or 1
    return "kk" if kk / letters > 0.005 else "ru"


_KK_ONLY = re.compile("[әғқңөұүһӘҒҚҢӨҰҮҺ]")


def build_tree(norm: Normalised, source: str, language: str | None = None, requisite: Requisite | None = None) -> Act:
    """The act with its provision tree, footnotes and header (no amending instructions yet:
    ``parse.build`` adds them). ``requisite``: the act's requisite when the source states it
    apart from the text."""
    if not any(b.kind == "para" for b in norm.blocks):
        raise InputError("not a legal act: no indented paragraphs (provisions) at all", source)
    if language is None:
        language = detect_language("\n".join(norm.raw_lines))
    dates = find_dates(" ".join(b.text for b in norm.blocks[:6]))
    if not dates and requisite is None:
        raise InputError("not a legal act: no date in the header", source, norm.blocks[0].line if norm.blocks else None)
    return Builder(norm, source, language, requisite).run()
