"""Stage 1 — normalise an Adilet plain-text export into logical blocks.

Reads: the bytes of one exported act.
Writes: ``Normalised`` — the raw lines (kept verbatim) and a list of ``Block`` values,
each one logical paragraph (an indented paragraph, ``para``) or one block of
non-indented lines (``line``: titles, headings, approval blocks, table cells), with
the 1-based line span it came from.

Guarantees:

* Nothing is dropped: every non-blank raw line belongs to exactly one block, and each
  block keeps its raw lines (``Block.raw``).
* Hard wraps and page breaks (a run of three blank lines inside a paragraph) are
  undone; a line continuing a paragraph is joined with one space, or with none where
  the wrap split a word or put punctuation at the start of the next line.
* Split dates are rejoined ("31.07. 2024" → "31.07.2024").
* Latin/Cyrillic look-alikes are folded in civil-service codes (С-3, С-О-2 → C-3,
  C-O-2, Latin) and a Latin ``i`` inside a Cyrillic word becomes Kazakh ``і``.
* Hyperlink words the export moved to the end of a physical line are put back where
  they were cut out (``repair_links``); a line whose displaced words cannot be placed
  with certainty is left as it is and reported (``Normalised.problems``).

Pure functions only; ``python -m zangraph.graph.reading.parse --debug FILE`` dumps this stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Problem
from .lexicon import WORD


class InputError(ValueError):
    """The input is not a text this parser can read (binary, empty, not an act)."""

    def __init__(self, message: str, source: str = "", line: int | None = None):
        where = source + (f":{line}" if line else "")
        super().__init__(f"{where}: {message}" if where else message)
        self.source, self.line, self.reason = source, line, message


@dataclass(frozen=True)
class Block:
    kind: str  # para | line | sep
    text: str
    raw: str
    line: int
    end: int
    blank_before: int = 0
    # how the source set it apart, where it says (kazakhstan-law Markdown): "heading" (#),
    # "bold" (**…**), "quote" (> …), "code" (a fenced form or template, kept whole), "" plain
    style: str = ""


@dataclass(frozen=True)
class Normalised:
    raw_lines: tuple[str, ...]
    blocks: tuple[Block, ...]
    problems: tuple[Problem, ...] = field(default=())


# ---------------------------------------------------------------- decoding


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode(data: bytes, source: str = "") -> str:
    """UTF-8 text of a file, or an ``InputError`` saying why it is not one."""
    if not data.strip():
        raise InputError("the file is empty", source)
    if b"\x00" in data[:65536]:
        raise InputError("binary data (NUL bytes), not a text export", source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {e.start}: {e.reason})", source, line) from None
    bad = len(_CONTROL.findall(text, 0, 20000))
    if bad > 20:
        raise InputError("control characters throughout: not a text export", source)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


# ---------------------------------------------------------------- character-level repairs

_SPLIT_DATE = re.compile(r"(?<!\d)(\d{1,2}\.\d{1,2}\.) +(\d{4})(?!\d)")
_LOOKALIKE = str.maketrans("АВСЕОРКМНТХ", "ABCEORKMHTX")
_CODE = re.compile(
    r"(?<![\w-])([ABCDEАВСЕ])((?:\s?-\s?[ORGОРГ])?)\s?-\s?(\d{1,2})(?![\w-]|\)\s)"
)
# a Latin i inside a Cyrillic word is Kazakh і; a capital I only before lower-case Cyrillic ("Iс"), so
# that Roman numerals written after a Cyrillic look-alike ("Глава ХIV") stay Roman
_LATIN_I = re.compile(r"(?<=[а-яәғқңөұүһіёА-ЯӘҒҚҢӨҰҮҺІЁ])i|i(?=[а-яәғқңөұүһіё])|(?<=[а-яәғқңөұүһіё])I|I(?=[а-яәғқңөұүһіё])")
_SPACED = re.compile(rf"(?<!\S)(?:{WORD} ){{3,}}{WORD}(?!\S)")
# An export that lost "ё" writes a capital "Ұ" inside a lower-case word ("трҰх").
_LOST_YO = re.compile(r"(?<=[а-я])Ұ(?=[а-я])")
# Latin look-alikes inside a Cyrillic word ("поpядке", "Пpезидента"): folded to Cyrillic.
_CYR = "а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ"
_LATIN_IN_CYR = re.compile(rf"(?<=[{_CYR}])[aceopxyACEOPXHKMTB]+|[aceopxyACEOPXHKMTB]+(?=[{_CYR}])")
_ANY_LATIN = re.compile(r"[A-Za-z]")
_SPACED_HINT = re.compile(r"(?<!\S)\w \w \w \w(?!\S)")
_TO_CYR = str.maketrans("aceopxyACEOPXHKMTB", "асеорхуАСЕОРХНКМТВ")
# Old texts write the number sign as a Latin "N" ("от 6 мая 1999 г. N 378").
_N_SIGN = re.compile(r"(?<![\w№])N\s?(?=\d)")
# Roman numerals of convocations in act numbers mix Latin and Cyrillic ("238-VІ"): Latin.
_ROMAN_NO = re.compile(r"(?<=\d-)[IVXІХ]+(?![\w])")
_TO_LATIN_ROMAN = str.maketrans("ІХ", "IX")


def fold_code(m: re.Match) -> str:
    letter, sub, num = m.group(1), m.group(2), m.group(3)
    sub = sub.replace(" ", "")
    sub = sub.replace("Г", "G") if sub else sub
    return f"{letter.translate(_LOOKALIKE)}{sub.translate(_LOOKALIKE)}-{num}"


def repair_chars(line: str) -> str:
    """Character-level repairs of one line (dates, look-alikes, letter-spaced words).

    >>> repair_chars("от 31.07. 2024 № 612, категорий С-О-2, D-О-2, C- 3 и Е-қызмет")
    'от 31.07.2024 № 612, категорий C-O-2, D-O-2, C-3 и Е-қызмет'
    >>> repair_chars("К ә с і б и құзыреттілігі, жұмыс iстейтiн")
    'Кәсіби құзыреттілігі, жұмыс істейтін'
    >>> repair_chars("не менее трҰх лет")
    'не менее трёх лет'
    >>> repair_chars("Глава ХIV. Пользование, Iс Басқарушысы")
    'Глава ХIV. Пользование, Іс Басқарушысы'
    >>> repair_chars("Указ Пpезидента от 6 мая 1999 г. N 378, Закон № 238-VІ")
    'Указ Президента от 6 мая 1999 г. № 378, Закон № 238-VI'
    """
    # each pass only where its trigger can occur (this runs on every block of every text)
    if ". " in line:
        line = _SPLIT_DATE.sub(r"\1\2", line)
    latin = _ANY_LATIN.search(line) is not None
    if latin:
        line = _LATIN_IN_CYR.sub(lambda m: m.group(0).translate(_TO_CYR), line)
        if "N" in line:
            line = _N_SIGN.sub("№ ", line)
    if "-" in line:
        line = _ROMAN_NO.sub(lambda m: m.group(0).translate(_TO_LATIN_ROMAN), line)
        line = _CODE.sub(fold_code, line)
    if latin and ("i" in line or "I" in line):
        line = _LATIN_I.sub(lambda m: "і" if m.group(0) == "i" else "І", line)
    if "Ұ" in line:
        line = _LOST_YO.sub("ё", line)
    if _SPACED_HINT.search(line):
        line = _SPACED.sub(lambda m: m.group(0).replace(" ", ""), line)
    return line


# ---------------------------------------------------------------- displaced hyperlink words

_GAP = re.compile(r"(?<=\S)  (?=\S)| (?=[,.;:)](?:\s|$|\D))")
_STRUCT = (
    r"(?:(?:под)?пункт|стать|част|глав|раздел|параграф|приложени|абзац|строк)[а-я]*"
    r"\s+\d+(?:[.-]\d+)*\)?"
)
_KK_UNIT = r"\d+(?:-\d+)*\)?\s*-?\s*(?:тармақ|тармағ|бап|баб|тарау|бөлім|бөлік|жол)\w*"
_UNITS = [
    re.compile(rf"(?:^|\s)({_STRUCT})$", re.I),
    re.compile(rf"(?:^|\s)({_KK_UNIT})$", re.I),
    re.compile(r"(?:^|\s)(№\s*[\w/-]+)$"),
    re.compile(r"(?:^|\s)(\d+(?:[.-]\d+)*\)?)$"),
]
_WORD_UNIT = re.compile(r"(?:^|\s)(\(?[^\s\d\"«»(][^\s]*?)$")
_GLUE_PUNCT = re.compile(r"(?:(?<=[^\W\d_]{3})|(?<=[\"»)])|(?<= ))[;:.](?=[^\s.,;:)])")
_CAMEL = re.compile(r"(?<=[а-яәғқңөұүһі])(?=[А-ЯӘҒҚҢӨҰҮҺІ][а-яәғқңөұүһі])")
_FORMULA = re.compile(r"\s([А-ЯӘҒҚҢӨҰҮҺІ]{5,}(?: [А-ЯӘҒҚҢӨҰҮҺІ]{4,})?:)$")
_STRUCTURAL_CAPS = re.compile(
    r"^(УТВЕРЖДЕН\w*|БЕКІТІЛГЕН|ПРИЛОЖЕНИЕ|КЕЛІСІЛДІ|СОГЛАСОВАН\w*|ПОСТАНОВЛЯ\w*|БҰЙЫРАМЫН|ҚАУЛЫ)"
)


def link_phrases(lines: list[str]) -> list[str]:
    """Names of documents the act approves, read off its all-caps title lines.

    A hyperlink to an approved document ("квалификационные требования") is displaced
    as a whole; these phrases let ``repair_links`` move all its words, not only the last.
    """
    out = set()
    caps = re.compile(r"[А-ЯӘҒҚҢӨҰҮҺІЁ]+(?:[ ,]+[А-ЯӘҒҚҢӨҰҮҺІЁ]+)*")
    for ln in lines:
        if ln.startswith(" "):
            continue
        for m in caps.finditer(ln):
            phrase = m.group(0).strip(" ,").lower()
            if re.search(r"\w{4}", phrase) and not _STRUCTURAL_CAPS.match(m.group(0)):
                out.add(phrase)
    return sorted(out, key=len, reverse=True)


def _take_unit(tail: str, phrases: list[str]) -> tuple[str, str] | None:
    """Split the last link unit off ``tail``: (rest, unit)."""
    low = tail.lower()
    for ph in phrases:
        if low.endswith(ph) and (len(low) == len(ph) or low[-len(ph) - 1] == " "):
            return tail[: -len(ph)].rstrip(), tail[-len(ph):]
    for rx in _UNITS:
        m = rx.search(tail)
        if m:
            return tail[: m.start(1)].rstrip(), m.group(1)
    m = _WORD_UNIT.search(tail)
    if m and not re.search(r"[:;,.]$", m.group(1)):
        return tail[: m.start(1)].rstrip(), m.group(1)
    return None


def _split_units(tail: str, n: int, phrases: list[str], glued: bool) -> list[str] | None:
    units: list[str] = []
    rest = tail
    while len(units) < n and rest:
        if glued and len(units) == n - 1:
            units.append(rest)
            rest = ""
            break
        got = _take_unit(rest, phrases)
        if not got:
            return None
        rest, unit = got
        units.append(unit)
    if len(units) != n or (glued and rest):
        return None
    return list(reversed(units))


_PUNCT_WORD = re.compile(r"[,;:.]+[\"»]?[;.,]?[^\W\d_][\w-]*")


def repair_links(line: str, phrases: list[str] = ()) -> tuple[str, bool | None]:
    """Put hyperlink words displaced to the end of a physical line back in their gaps.

    The export cuts a hyperlink's words out of the sentence (leaving a double space, a
    space before punctuation, or an extra space of indentation) and appends them to the
    end of the line, in order, sometimes glued to the last punctuation mark. Returns
    (line, repaired): ``repaired`` is None when there was nothing to repair and False
    when the line has gaps but its tail could not be split into as many units.

    >>> repair_links('      В соответствии с  статьи 17 Закона Республики Казахстан "О пунктом 2')[0]
    '      В соответствии с пунктом 2 статьи 17 Закона Республики Казахстан "О'
    >>> repair_links("      ,  и  исключить;пункты 5 16 18")[0]
    '      пункты 5, 16 и 18 исключить;'
    >>> repair_links("       изложить в следующей редакции:пункт 3")[0]
    '      пункт 3 изложить в следующей редакции:'
    >>> repair_links(':";ПОСТАНОВЛЯЕТ')[0]  # the bold word of a quoted preamble, glued after its closing marks
    'ПОСТАНОВЛЯЕТ:";'
    """
    indent_len = len(line) - len(line.lstrip(" "))
    indent, content = line[:indent_len], line[indent_len:].rstrip()
    if not content:
        return line, None
    lead = False
    if indent_len == 7 or indent_len == 1:
        lead = True
        indent = indent[:-1]
    elif content[0] in ",;:" and (indent_len >= 4 or _PUNCT_WORD.fullmatch(content)):
        lead = True  # (a line of nothing but the closing marks and one word glued to them: that word's gap is before them)
    formula = ""
    fm = _FORMULA.search(content)
    if fm:
        formula, content = fm.group(1), content[: fm.start()]
    gaps = [m.start() for m in _GAP.finditer(content)]
    n = len(gaps) + (1 if lead else 0)
    if n == 0:
        return line, None
    glue_at = None
    for m in _GLUE_PUNCT.finditer(content):
        glue_at = m.end()
    if glue_at is None:
        last_space = content.rfind(" ")
        cm = list(_CAMEL.finditer(content[last_space + 1:]))
        if cm:
            glue_at = last_space + 1 + cm[-1].start()
    if glue_at is not None and not (gaps and glue_at <= gaps[-1]):
        body, tail = content[:glue_at], content[glue_at:]
        units = _split_units(tail, n, phrases, glued=True)
    else:
        if content.endswith(('"', "»")):
            # The displaced words are quoted titles: their bounds cannot be told apart.
            return line, False
        # Try the tail from the last gap on: units are taken from the end of the line.
        units = _split_units_from(content, n, phrases, gaps)
        if units is not None:
            body, units = units
    if units is None:
        return line, False
    # Fill gaps left to right.
    pieces, pos = [], 0
    gap_iter = iter(units)
    if lead:
        pieces.append(next(gap_iter) + ("" if body[:1] in ",;:." else " "))
    for m in _GAP.finditer(body):
        unit = next(gap_iter, None)
        if unit is None:
            break
        pieces.append(body[pos: m.start()])
        if m.group(0) == "  ":
            pieces.append(f" {unit} ")
        else:
            pieces.append(f" {unit}")
        pos = m.end()
    pieces.append(body[pos:])
    leftover = list(gap_iter)
    # A gap right before the tail was cut with it: those words already stood in place.
    out = " ".join(["".join(pieces).rstrip(), *leftover])
    if formula:
        out = f"{out} {formula}"
    return indent + out, True


def _split_units_from(content: str, n: int, phrases: list[str], gaps: list[int]):
    rest, units = content, []
    for _ in range(n):
        got = _take_unit(rest, phrases)
        if not got:
            return None
        rest, unit = got
        units.append(unit)
        if unit.startswith("("):
            rest, units[-1] = rest + " (", unit[1:]
    if gaps and len(rest) < gaps[-1]:
        return None
    return rest, list(reversed(units))


# ---------------------------------------------------------------- unwrapping

SIGNATURE_RE = re.compile(
    r"^(?:Президент|Премьер-Министр|Министр|Председатель|Аким|Руководитель|Қазақстан Республикасының"
    r"|Вице-министр|Заместитель)\b[^.]{0,80}?\b[А-ЯӘҒҚҢӨҰҮҺІ]\.\s?(?:[А-ЯӘҒҚҢӨҰҮҺІ]\.\s?)?"
    r"[А-ЯӘҒҚҢӨҰҮҺІ][а-яәғқңөұүһіё]+(?:-[А-ЯӘ][а-яә]+)?$"
)

_HEADING = re.compile(
    r"^(?:(?:Глава|ГЛАВА|Раздел|РАЗДЕЛ|Параграф)\s+\d|\d+(?:-\d+)*[\s-]*(?:тарау|бөлім)\b"
    r"|УТВЕРЖДЕН|БЕКІТІЛГЕН|ПРИЛОЖЕНИЕ|Приложение\s|©)"
)


def heading_like(text: str) -> bool:
    t = text.strip()
    if _HEADING.match(t):
        return True
    letters = [c for c in t if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _join(prev: str, nxt: str) -> str:
    nxt = nxt.strip()
    if not prev:
        return nxt
    if not nxt:
        return prev
    if nxt[0] in ",.;:)" or prev.endswith(("(", "«")) or (prev[-1] == "-" and prev[-2:-1].isdigit()):
        return prev + nxt
    if nxt[0] == "-" and prev[-1].isdigit():
        return prev + nxt
    if prev.endswith(' "') and prev.count('"') % 2 == 1:
        return prev + nxt
    return f"{prev} {nxt}"


def normalise(text: str, source: str = "") -> Normalised:
    """Normalise a decoded export into blocks (see the module docstring)."""
    raw = text.split("\n")
    problems: list[Problem] = []
    phrases = link_phrases(raw)
    fixed: list[str] = []
    for i, ln in enumerate(raw, 1):
        ln = repair_chars(ln.rstrip("\n"))
        rep, ok = repair_links(ln, phrases)
        if ok is False:
            problems.append(
                Problem(i, f"displaced hyperlink words could not be placed; kept as is: {ln.strip()[:80]!r}")
            )
        fixed.append(rep)

    blocks: list[dict] = []
    blank = 0
    for i, (r, ln) in enumerate(zip(raw, fixed, strict=True), 1):
        if r.strip() == "":
            if r == " ":
                blocks.append(dict(kind="sep", text="", raw=[r], line=i, end=i, blank=blank))
                blank = 0
            else:
                blank += 1
            continue
        indent = len(r) - len(r.lstrip(" "))
        prev = blocks[-1] if blocks else None
        first = r.lstrip()[:1]
        if indent >= 4:
            start_new = True
        elif prev is None or prev["kind"] == "sep":
            start_new = True
        elif blank == 0:
            start_new = prev["kind"] == "para" and bool(SIGNATURE_RE.match(ln.strip()))
        elif prev["kind"] == "para":
            continuation = (blank >= 3 and not heading_like(ln)) or first in ",.;:)" or first.islower()
            start_new = not continuation
        else:
            start_new = True
        if start_new:
            kind = "para" if indent >= 4 else "line"
            blocks.append(dict(kind=kind, text=ln.strip(), raw=[r], line=i, end=i, blank=blank))
        else:
            prev["text"] = _join(prev["text"], ln)
            prev["raw"].append(r)
            prev["end"] = i
        blank = 0
    return Normalised(
        raw_lines=tuple(raw),
        blocks=tuple(
            Block(b["kind"], re.sub(r"[ \t]{2,}", " ", b["text"]), "\n".join(b["raw"]), b["line"], b["end"], b["blank"])
            for b in blocks
        ),
        problems=tuple(problems),
    )
