"""Position cards of a register of corps "B" posts (seed 001's annex) → ``Card`` values.

Reads the parts of an annex as the builder gives them (one text block each, with its
source line). A card is: the heading "Лауазымға қойылатын біліктілік талаптары" (its
spaces sometimes lost), the unit and title, the header "Бірлік саны Санаты Лауазым №"
(with variants: "Бірліктер саны", "Лауазымның №", "Лауазыы №"), a data row "headcount
category number[, number …]" whose numbers may continue on the following lines, then the
criteria: education, professional competencies, practical experience, functional
duties. Writes ``Card`` values and ``Problem``s. Guarantees: every header row gives a
card (a card without a heading, category or number is kept and reported); numbers are
kept as written apart from spaces inside them ("33-1- 2" → "33-1-2"); a number met on two
cards is reported and both posts are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Problem, Provision

_HEAD = re.compile(r"Лауазымға\s*(?:қойылатын\s*)?(?:біліктілік\s*талаптары\s*)?")
_HEAD_REST = re.compile(r"^біліктілік\s*талаптары\s*")
_HDR = re.compile(r"^Б[іi]рлік(?:тер)?\s+саны\b")
# the category as written (the data shapes reject one that is not a known category)
_DATA = re.compile(r"^(?P<hc>\d+)\s+(?P<cat>[A-EА-Я](?:-[A-ZА-Я])?-\d+)\s*(?P<rest>.*)$")
_NUMBER = re.compile(r"\d+(?:\s*-\s*\d+)+")
_CRIT = re.compile(r"^\S?\w+\s+(?:Талаптар\w*|Требования)$")
_NUMBERS_ONLY = re.compile(r"^[\d\s,-]+$")
_LABELS = [
    ("education", re.compile(r"^(?:Образование\s+)?Білімі\b\s*")),
    ("competencies", re.compile(r"^Кәсіби\s*құзыреттілігі\s*")),
    ("experience", re.compile(r"^Практикалық\s*тәжірибесі\s*")),
    ("duties", re.compile(r"^(?:Функционалдық|Лауазымдық)\s*міндеттері\s*")),
]
_TITLE = re.compile(
    r"(?P<title>(?:Директор\w*\s+орынбасар\w*|Директор\w*|Басшы\w*\s+орынбасар\w*|Басшы\w*|Бас\s+сарапшы\w*"
    r"|Жетекші\s+сарапшы\w*|Сарапшы\w*|Кеңесші\w*|Көмекші\w*|Төраға\w*|Хатшы\w*|Меңгеруші\w*))$",
    re.I,
)


@dataclass(frozen=True)
class Card:
    index: int  # order of the card in the document, from 1
    annex: str  # eId of the annex holding it
    line: int  # source line of its header row
    unit: str | None
    title: str
    headcount: int | None
    category: str | None
    numbers: tuple[str, ...]
    education: str | None = None
    competencies: str | None = None
    experience: str | None = None
    duties: str | None = None


def _split_title(block: str) -> tuple[str | None, str]:
    block = re.sub(r"\s+", " ", block).strip()
    m = _TITLE.search(block)
    if not m:
        return None, block
    unit = block[: m.start()].strip() or None
    return unit, m["title"].strip()


def cards(annex: Provision) -> tuple[list[Card], list[Problem]]:
    """The position cards written in one annex, in order, and what was wrong with them."""
    parts = [c for c in annex.children if c.text]
    out: list[Card] = []
    problems: list[Problem] = []
    block: list[str] | None = None  # title block since the last heading
    cur: dict | None = None
    field: str | None = None

    def finish() -> None:
        if cur is None:
            return
        nums = tuple(cur["numbers"])
        if not nums:
            problems.append(Problem(cur["line"], f"position card {cur['title']!r} has no position number"))
        if cur["headcount"] is not None and nums and cur["headcount"] != len(nums):
            problems.append(Problem(cur["line"], f"position card {nums[0]}: headcount {cur['headcount']} but {len(nums)} number(s)", "info"))
        if cur["category"] is None:
            problems.append(Problem(cur["line"], f"position card {cur['title']!r} has no category"))
        out.append(Card(len(out) + 1, annex.eid, cur["line"], cur["unit"], cur["title"], cur["headcount"], cur["category"], nums,
                        **{k: (" ".join(v).strip() or None) for k, v in cur["fields"].items()}))

    state = "free"
    for i, p in enumerate(parts):
        t = p.text.strip()
        h = _HEAD.search(t)
        if h and h.start() == 0:
            finish()
            cur, field, state = None, None, "title"
            block = [t[h.end():]] if t[h.end():].strip() else []
            continue
        if _HDR.match(t.replace("i", "і")):
            finish()
            if block is None or not block:
                prev = parts[i - 1].text if i else ""
                problems.append(Problem(p.line, "position card without its heading; title taken from the line before the header"))
                block = [prev]
            unit, title = _split_title(" ".join(block))
            cur = {"line": p.line, "unit": unit, "title": title, "headcount": None, "category": None, "numbers": [],
                   "fields": {k: [] for k, _ in _LABELS}}
            block, field, state = None, None, "data"
            continue
        if state == "title" and block is not None:
            t = _HEAD_REST.sub("", t)
            if t:
                block.append(t)
            continue
        if state == "data" and cur is not None:
            if _CRIT.match(t):
                state = "criteria"
                continue
            m = _DATA.match(t)
            if m and cur["category"] is None:
                cur["headcount"], cur["category"] = int(m["hc"]), m["cat"]
                t = m["rest"]
            elif not _NUMBERS_ONLY.match(t):
                state = "criteria"  # the criteria header row is missing: this is already a criterion
            if state == "data":
                cur["numbers"] += [re.sub(r"\s+", "", n) for n in _NUMBER.findall(t)]
                continue
        if state == "criteria" and cur is not None:
            for name, rx in _LABELS:
                lm = rx.match(t)
                if lm:
                    field, t = name, t[lm.end():]
                    break
            if field and t:
                cur["fields"][field].append(t)
    finish()
    seen: dict[str, Card] = {}
    for c in out:
        for n in c.numbers:
            if n in seen and seen[n].index != c.index:
                problems.append(Problem(c.line, f"position number {n} is on two cards (lines {seen[n].line} and {c.line}): "
                                        f"{seen[n].title!r} and {c.title!r}; both posts are kept"))
            seen.setdefault(n, c)
    return out, problems


def register_annexes(provisions) -> list[Provision]:
    """The annexes that hold position cards (a header row "Бірлік саны …" among their parts)."""
    return [p for p in provisions if p.kind == "annex" and any(_HDR.match(c.text.replace("i", "і")) for c in p.children)]
