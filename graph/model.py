"""The act model: typed, frozen values with source spans.

An act's identity (``ActRef``, the *work*) is a small value object kept apart from
what a text says about it (``Act``, with provisions and footnote histories).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

KINDS = ("constitution", "law", "code", "decree", "resolution", "order", "decision", "unknown")

_KEY_RE = re.compile(r"^(?P<kind>[a-z]+)-(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:-(?P<number>[^/\s]+))?$")


def slug_number(number: str) -> str:
    """An act number as it may stand in a key and an IRI path segment.

    >>> slug_number("02-01-02/5")
    '02-01-02_5'
    """
    return re.sub(r"[^0-9A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі\-]", "_", number.strip())


@dataclass(frozen=True, order=True)
class ActRef:
    """Identity of an act (a work): kind, signing date, number.

    An act with no number (the Constitution, a code approved by the Supreme Council in 1993)
    has ``number == ""`` and a key and path without one — never an invented number.

    >>> ref = ActRef.from_key("decree-2020-12-31-485")
    >>> ref.key
    'decree-2020-12-31-485'
    >>> ref.path
    'eli/decree/2020/12/31/485'
    >>> ActRef.from_key("constitution-1995-08-30").key
    'constitution-1995-08-30'
    """

    kind: str
    date: date
    number: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of act {self.kind!r}; expected one of {', '.join(KINDS)}")

    @property
    def key(self) -> str:
        own = f"-{slug_number(self.number)}" if self.number else ""
        return f"{self.kind}-{self.date.isoformat()}{own}"

    @property
    def path(self) -> str:
        d = self.date
        own = f"/{slug_number(self.number)}" if self.number else ""
        return f"eli/{self.kind}/{d.year:04d}/{d.month:02d}/{d.day:02d}{own}"

    @classmethod
    def from_key(cls, key: str) -> ActRef:
        m = _KEY_RE.match(key.strip())
        if not m:
            raise ValueError(
                f"not an act key: {key!r}; expected {{kind}}-{{yyyy}}-{{mm}}-{{dd}}-{{number}}, "
                "e.g. decree-2020-12-31-485"
            )
        try:
            d = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError as e:
            raise ValueError(f"not an act key: {key!r}: {e}; expected e.g. decree-2020-12-31-485") from None
        return cls(m["kind"], d, m["number"] or "")


@dataclass(frozen=True)
class EntryRule:
    """How an act takes effect, as stated (never resolved here).

    ``kind``: ``signing`` | ``publication`` | ``publication+days`` | ``fixed`` | ``unknown``.
    For ``publication+days`` the act takes effect on publication + ``days`` + 1 (the
    ``days`` calendar days after the day of publication must first run out); "после дня
    опубликования" alone is ``publication+days`` with ``days=0`` (the next day); with
    ``months`` the period is counted in months, ending on the same day of the month.
    """

    kind: str
    days: int = 0
    fixed: date | None = None
    text: str = ""
    months: int = 0  # "по истечении трех месяцев после …": publication + months, then the next day
    retroactive_from: date | None = None  # "распространяется на отношения, возникшие с …"
    exceptions: tuple[tuple[tuple[str, ...], EntryRule], ...] = ()  # (own eIds, their rule)

    def for_provision(self, eid: str) -> EntryRule:
        """The rule that governs one provision of the act (a part may have its own date)."""
        for eids, rule in self.exceptions:
            if any(eid == e or eid.startswith(e + "__") for e in eids):
                return rule
        return self


@dataclass(frozen=True)
class ActMention:
    """An act named in a text, with what the mention tells about it."""

    ref: ActRef
    issuer: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class FootnoteEvent:
    """One amending act named in a footnote, with what it did to the provision."""

    operation: str  # substitution | change | insertion | repeal
    act: ActMention
    rule: EntryRule


@dataclass(frozen=True)
class Footnote:
    """A history footnote ("Сноска." / "Ескерту.") and the provision it belongs to."""

    text: str
    line: int
    target_eid: str  # "" = the act as a whole
    events: tuple[FootnoteEvent, ...]


@dataclass(frozen=True)
class Provision:
    """A structural unit with its wording as the text gives it today."""

    kind: str
    number: str | None
    eid: str
    text: str
    line: int
    heading: str | None = None
    approval: str | None = None
    children: tuple[Provision, ...] = ()
    # "13. Исключен постановлением … от …": the text records an exclusion, it is not a wording
    excluded: bool = False

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def full_text(self) -> str:
        """The wording a reader means by "this provision": own text and all below it."""
        parts = [self.text] if self.text else []
        parts += [c.full_text() for c in self.children if c.kind not in ("chapter", "section")]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class DocRef:
    """An approved document inside a target act (Положение, Правила, состав, …), as an
    instruction names it. ``kind`` is a language-independent slug (``polozhenie``,
    ``pravila``, ``sostav`` …); ``number`` is the annex number when the text states it."""

    kind: str
    name: str
    number: str | None = None


@dataclass(frozen=True)
class Instruction:
    """One amending instruction, for one target provision.

    ``path`` is the eId relative to the document (``point_3``,
    ``point_15__subpoint_40``, ``section_4__part_4``; ``""`` = the document, or the act
    when ``document`` is None). ``new_provisions`` carry eIds relative to the document too.
    """

    operation: str  # substitution | insertion | repeal | word_replacement | change | suspension
    target: ActMention
    document: DocRef | None
    path: str
    text: str  # the instruction as written
    eid: str  # the amending provision that gives it
    line: int
    new_text: str | None = None
    new_provisions: tuple[Provision, ...] = ()
    old_text: str | None = None  # replaced words, or the line of a table/composition being restated
    until: date | None = None  # a suspension's end ("приостановить … до 31 декабря 2026 года"), exclusive


@dataclass(frozen=True)
class Problem:
    """Something the parser noticed: where, what, and how bad."""

    line: int
    message: str
    severity: str = "warning"  # warning | error

    def __str__(self) -> str:
        return f"line {self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Act:
    """What one text says about one act."""

    ref: ActRef
    language: str
    title: str
    issuer: str | None
    source: str
    provisions: tuple[Provision, ...]
    footnotes: tuple[Footnote, ...]
    entry_rule: EntryRule
    registration_number: str | None = None
    registration_date: date | None = None
    repealed_by: ActMention | None = None
    repeal_rule: EntryRule | None = None
    signature: str | None = None
    endorsements: tuple[str, ...] = ()  # "СОГЛАСОВАН" / "КЕЛІСІЛДІ" blocks: who agreed the act
    cites: tuple[ActMention, ...] = ()
    instructions: tuple[Instruction, ...] = ()
    # instructions on a target named without its number: read, never applied (see instructions.py)
    unresolved_instructions: tuple[Instruction, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    origin: str = "adilet"  # the source format: "adilet" (text export) or "kazakhstan-law" (Markdown + meta.yaml)
    # kazakhstan-law only, from meta.yaml: this wording took effect on ``version_date``
    # because of ``version_cause``; the portal's code and address of this version
    version_date: date | None = None
    version_cause: ActMention | None = None
    portal_code: str | None = None
    portal_url: str | None = None
    replaces: tuple[str, ...] = ()  # portal codes of acts this one replaces
    source_hash: str | None = None  # of the source files, so a re-run re-reads only what changed
    other_titles: tuple[tuple[str, str], ...] = ()  # (language, title) the source gives for other languages
    # where this act was published, as its own text says ("Казахстанская правда" от … № …, ИС «Әділет» …):
    # (source, day or None, issue, text) — a dated one makes its publication-based dates certain
    publications: tuple[tuple[str, date | None, str | None, str], ...] = ()
    # a redaction read from a git history: the commit it is the text of (graph.reading.history)
    commit: str | None = None
    # the day the source is known to have said this (a git redaction: its first build tag, else the
    # commit's day; a directory: its version_date; an export: ``--known-on``, else the last amending
    # act its footnotes name): what "as known on" filters on
    known_on: date | None = None

    def walk(self):
        for p in self.provisions:
            yield from p.walk()

    def knowledge_date(self) -> date:
        """``known_on`` when given, else the day this text's own facts show it existed: a dated
        redaction's day, else the latest amending act its footnotes name, else the act's date."""
        if self.known_on:
            return self.known_on
        if self.version_date:
            return self.version_date
        return max((ev.act.ref.date for f in self.footnotes for ev in f.events), default=self.ref.date)

    def provision(self, eid: str) -> Provision | None:
        return next((p for p in self.walk() if p.eid == eid), None)
