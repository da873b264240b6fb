"""Reader for the kazakhstan-law corpus: one act directory (``meta.yaml``, ``rus.md``,
``kaz.md``, or split ``rus/secNNN.md`` + ``rus/anNNN.md``) → the same ``Act`` model as
the Adilet text parser.

The Markdown is turned into the blocks the Adilet builder reads (``normalise.Block``),
so recognition — points, subpoints, chapters, the footnote grammar, signatures,
approval blocks opening annexes — is the Adilet parser's own, reused, not copied:

- ``# title`` → the title line; the requisite comes from ``meta.yaml`` (``requisite``);
- ``<a id="p4-1"></a>`` anchors are not text: each is checked against the point that
  follows (``p4-1`` → point 4-1; ``an0_p4-1`` → point 4-1 of the first annex); a
  disagreement is a problem with its line;
- ``> *Сноска. …*`` / ``> *Ескерту. …*`` → footnote paragraphs; other ``> *…*`` lines
  (``Приложение к постановлению …``) → approval-block lines;
- ``*13. Исключен …*`` → the excluded point's paragraph; ``**…**`` lines in a row → one
  signature; ``##`` headings → chapter / section / annex headings;
- an HTML ``<table>`` is kept whole, as HTML, as one paragraph of its provision.

``meta.yaml`` adds what the text does not say (``KzMeta``): the version's date and the act
that caused it, the portal code and URLs, a repeal, a predecessor.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..model import Act, ActMention, ActRef, EntryRule, Problem, Provision
from . import grammar
from .files import read_regular
from .footnotes import FOOTNOTE_RE
from .header import Requisite, parse_requisite
from .normalise import Block, InputError, Normalised, decode, repair_chars
from .parse import build

META_SEPARATOR = "\n\u241e meta.yaml\n"  # joins the Markdown and meta.yaml in the stored raw source
ANCHOR_RE = re.compile(r'^<a id="(?:an(\d+)_)?p(\d+(?:-\d+)*)"></a>$')
LANGS = {"rus": "ru", "kaz": "kk"}
# The portal's form codes (meta.yaml `form`) → kinds of act; used only when the requisite
# names no kind ("Утвержден Верховным Советом …" of a 1993 code).
FORMS = {"КОНС": "constitution", "ЗАК": "law", "КЗАК": "law", "КОД": "code", "УЗАК": "decree", "УКАЗ": "decree",
         "ПОСТ": "resolution", "ПРИК": "order", "РЕШ": "decision"}


@dataclass(frozen=True)
class KzMeta:
    """What ``meta.yaml`` says (each fact keeps the file it came from)."""

    path: str
    act_code: str
    requisite: str
    ref: ActRef
    parsed: Requisite
    titles: dict[str, str]
    form: str | None
    approved_on: date | None
    version_date: dict[str, date]
    source_url: dict[str, str]
    caused_by: ActRef | None = None
    caused_by_code: str | None = None
    replaces: tuple[str, ...] = ()
    repealed_on: date | None = None
    repealed_by: str | None = None
    problems: tuple[Problem, ...] = field(default=())
    text: str | None = None  # the metadata as stored, when it is not a meta.yaml file (an old layout's front matter)


def _date(v) -> date | None:
    if v is None or isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v))
    except ValueError:
        return None


def read_meta(path: Path) -> KzMeta:
    """Parse ``meta.yaml``; an unreadable file or a requisite without kind, date and number
    is an ``InputError`` naming the file."""
    try:
        data = read_regular(path)
        if len(data) > META_LIMIT:
            raise InputError(f"meta.yaml is {len(data)} bytes; act metadata is at most {META_LIMIT}", str(path))
        return parse_meta(data.decode("utf-8"), path)
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read meta.yaml: {e}", str(path)) from None


META_LIMIT = 1_000_000  # bytes: the corpus's largest meta.yaml is a few kB
FRONT_MATTER_LINES = 200  # an old layout's front matter is ~25 lines


def front_matter(text: str) -> tuple[str, int] | None:
    """The YAML front matter at the start of a Markdown file (``---`` … ``---``): (its text,
    the index of the first line after it), or None."""
    lines = text.split("\n", FRONT_MATTER_LINES + 1)
    if not lines or lines[0].strip() != "---":
        return None
    for j in range(1, min(len(lines), FRONT_MATTER_LINES)):
        if lines[j].strip() == "---":
            return "\n".join(lines[1:j]), j + 1
    return None


def front_matter_meta(md: Path, text: str) -> KzMeta:
    """The facts of an old-layout act directory (``YYYYMMDD-…-<code>``: no meta.yaml, one
    language per Markdown file, whose front matter holds ``language``, ``act_code``, a
    scalar ``title``, ``version_date``, ``source``, ``caused_by`` {code, title, link},
    usually ``requisite``). Without a requisite the act is found by its portal code (the
    front matter's ``act_code``, else the directory name's last number) through the
    meta.yaml of another redaction beside it (the same issuer's directory, the new layout
    ``YYYY/MMDD-…-<code>`` included)."""
    fm = front_matter(text)
    if fm is None:
        raise InputError("not a kazakhstan-law act directory: no meta.yaml and no front matter", str(md))
    data = _safe_yaml(fm[0], md, "front matter")
    if not isinstance(data, dict):
        raise InputError("the front matter is not a mapping of facts", str(md), 1)
    lang = LANGS.get(str(data.get("language") or md.stem), str(data.get("language") or md.stem))
    m = re.search(r"-(\d+)$", md.parent.name)
    code = str(data.get("act_code") or (m.group(1) if m else "")) or None

    def per_lang(v):
        return v if isinstance(v, dict) or v is None else {lang: v}

    out = {"act_code": code, "requisite": data.get("requisite"), "form": data.get("form"),
           "approved_on": data.get("approved_on") or data.get("approval_date"), "title": per_lang(data.get("title")),
           "version_date": per_lang(data.get("version_date")), "source": per_lang(data.get("source")),
           "caused_by": data.get("caused_by"), "replaces": data.get("replaces"),
           "repealed_on": data.get("repealed_on"), "repealed_by": data.get("repealed_by")}
    if not out["requisite"] and code:
        other = _sibling_meta(md.parent, code)
        if other is None:
            raise InputError(f"the front matter has no requisite, and no meta.yaml of act {code} was found beside "
                             f"{md.parent} to name the act", str(md), 1)
        for k in ("requisite", "form", "approved_on"):
            out[k] = out[k] or other.get(k)
        out["title"] = {**(other.get("title") or {}), **(out["title"] or {})}
    import yaml

    stored = yaml.safe_dump({k: v for k, v in out.items() if v is not None}, allow_unicode=True, sort_keys=True)
    return replace(parse_meta(stored, md), path=str(md), text=stored)


def _sibling_meta(d: Path, code: str) -> dict | None:
    """The meta.yaml (as a mapping) of a redaction of act ``code`` near directory ``d``."""
    issuer = d.parent
    for cand in [*issuer.glob(f"*-{code}/meta.yaml"), *issuer.glob(f"*/*-{code}/meta.yaml")]:
        try:
            data = _safe_yaml(read_regular(cand).decode("utf-8"), cand)
        except (InputError, OSError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and str(data.get("act_code") or code) == code and data.get("requisite"):
            return data
    return None


def _safe_yaml(text: str, path: Path, what: str = "meta.yaml"):
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10× faster
    try:
        # An alias (*a) can make a 500-byte file expand to gigabytes when its values are
        # used (the "billion laughs"): act metadata never needs one, so none is allowed.
        for ev in yaml.parse(text, Loader=loader):
            if isinstance(ev, yaml.AliasEvent):
                raise InputError(f"{what} uses the YAML alias *{ev.anchor}: aliases are not allowed in act "
                                 "metadata (they can expand without bound)", str(path),
                                 ev.start_mark.line + 1 if ev.start_mark else None)
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(f"{what} is not valid YAML: {getattr(e, 'problem', e)}", str(path),
                         mark.line + 1 if mark else None) from None


def parse_meta(text: str, path: Path) -> KzMeta:
    return meta_from_dict(_safe_yaml(text, path), path)


def meta_from_dict(data, path: Path) -> KzMeta:
    if not isinstance(data, dict) or not data.get("requisite"):
        raise InputError("meta.yaml has no `requisite`", str(path))
    if not isinstance(data["requisite"], str):
        raise InputError(f"meta.yaml `requisite` is a {type(data['requisite']).__name__}, not a text", str(path))
    req = repair_chars(" ".join(str(data["requisite"]).split()))
    try:
        parsed = parse_requisite(req, "ru" if re.search(r"[а-яё]", req) and not re.search(r"[әғқңөұүһі]", req) else "kk",
                                 FORMS.get(str(data.get("form") or "")))
        ref = parsed.ref
    except ValueError as e:
        raise InputError(f"meta.yaml requisite: {e}", str(path)) from None
    caused, caused_code, problems = None, None, []
    cb = data.get("caused_by")
    if isinstance(cb, dict):
        caused_code = str(cb.get("code") or "") or None
    if isinstance(cb, dict) and cb.get("requisite"):
        try:
            caused = parse_requisite(str(cb["requisite"]), "ru").ref
        except ValueError:
            problems.append(Problem(0, f"meta.yaml caused_by.requisite not understood: {cb['requisite']!r}"))
    rep = data.get("replaces")
    replaces = tuple(str(x) for x in (rep if isinstance(rep, list) else [rep] if rep else []))
    return KzMeta(
        path=str(path), act_code=str(data.get("act_code") or path.parent.name), requisite=req, ref=ref, parsed=parsed,
        titles={LANGS.get(k, k): str(v) for k, v in (data.get("title") or {}).items() if v},
        form=data.get("form"), approved_on=_date(data.get("approved_on")),
        version_date={LANGS.get(k, k): d for k, v in (data.get("version_date") or {}).items() if (d := _date(v))},
        source_url={LANGS.get(k, k): str(v) for k, v in (data.get("source") or {}).items() if v},
        caused_by=caused, caused_by_code=caused_code, replaces=replaces,
        repealed_on=_date(data.get("repealed_on")),
        repealed_by=str(data["repealed_by"]) if data.get("repealed_by") else None, problems=tuple(problems))


def language_files(d: Path) -> dict[str, list[Path]]:
    """The Markdown files of each language: ``rus.md``, or ``rus/sec*.md`` then ``rus/an*.md``
    (after ``rus.md`` when it is the index of a split act)."""
    out: dict[str, list[Path]] = {}
    for stem, lang in LANGS.items():
        parts = sorted((d / stem).glob("sec*.md")) + sorted((d / stem).glob("an*.md")) if (d / stem).is_dir() else []
        whole = d / f"{stem}.md"
        if whole.is_file():
            # a split act's rus.md is its index (the preamble and a table of the parts)
            index = parts and f"## {PARTS_INDEX}" in whole.read_text(encoding="utf-8", errors="replace")
            out[lang] = [whole] + parts if index else [whole]
        elif parts:
            out[lang] = parts
    return out


def _strip_md(s: str) -> str:
    s = s.strip()
    if s.startswith("> "):
        s = s[2:].strip()
    s = s.rstrip()
    if len(s) > 2 and s.startswith("**") and s.endswith("**"):
        return s[2:-2].strip()
    if len(s) > 1 and s.startswith("*") and s.endswith("*") and not s.startswith("**"):
        return s[1:-1].strip()
    return s


_ESCAPE_RE = re.compile(r"\\([.)(*_\[\]#+-])")
_FRONT_KEY_RE = re.compile(r"^[A-Za-z_]+:")
_FENCE_STRUCT_RE = re.compile(r"^(?:\d{1,3}(?:-\d{1,3})*[.)]\s|Сноска|Ескерту|Примечани|(?:Статья|СТАТЬЯ)\s+\d|\d+(?:-\d+)*-бап|"
                              r"(?:Глава|ГЛАВА|Раздел|РАЗДЕЛ)\s|Приложение\b|ПРИЛОЖЕНИЕ\b|Президент\b)")
PARTS_INDEX = "Части документа"  # the heading of a split act's index (rus.md naming rus/secNNN.md)
# The line some split parts open with instead of front matter: an up-arrow and a link back to the
# index ("↑ [Вся редакция](../rus.md)"). Recognised by its form — the arrow and a link to a Markdown
# file of the folder above — not by the label's words, so the Kazakh parts' label needs no list.
BACKLINK_RE = re.compile(r"^↑\s*\[[^\]\n]*\]\(\.\./[^()\s/]+\.md\)$")


def _front_matter_end(lines: list[str], i: int) -> int | None:
    """Index after a YAML front matter block starting at ``lines[i] == "---"``, if it is one."""
    for j in range(i + 1, min(i + 12, len(lines))):
        s = lines[j].strip()
        if s == "---":
            return j + 1 if j > i + 1 else None
        if not _FRONT_KEY_RE.match(s):
            return None
    return None


def _index_end(lines: list[str], i: int) -> int:
    """Index of the first line after a split act's index, which starts at ``lines[i]`` (after
    its heading): the sentence saying the act is split and the table naming its parts. The
    first part follows at once — with front matter, a back-link line, a heading, or straight
    away with its text (a decree's preamble) — so the index ends where its table ends, or
    at whichever of those comes first."""
    in_table = False
    while i < len(lines):
        s = lines[i].strip()
        if s.startswith("|"):
            in_table = True
        elif in_table or s.startswith("#") or s == "---" or BACKLINK_RE.match(s):
            return i
        i += 1
    return i


def _fence_blocks(body: list[str], first: int) -> list[tuple[str, int, int]] | None:
    """The paragraphs of legal text that an old export put inside a code fence (hard-wrapped
    articles, points and footnotes), or None when the fence holds a form or template."""
    struct = sum(1 for ln in body if _FENCE_STRUCT_RE.match(ln.strip()))
    opening = next((ln.strip() for ln in body if ln.strip()), "")
    if struct < 2 and not (struct and grammar.heading(opening, True)):
        return None  # a form or template; a fence holding one heading ("РАЗДЕЛ ПЕРВЫЙ" / "Общие положения") is text
    out: list[list] = []
    prev = ""
    for k, ln in enumerate(body):
        s = ln.strip()
        if not s:
            continue
        starts = bool(_FENCE_STRUCT_RE.match(s)) or (s[:1].isupper() or s[:1] in "«\"") and prev.endswith((".", ":", ";"))
        if out and not starts:
            out[-1][0] += " " + s
            out[-1][2] = first + k
        else:
            out.append([s, first + k, first + k])
        prev = s
    return [(t, a, b) for t, a, b in out]


def _run(lines: list[str], i: int, belongs) -> tuple[list[str], int]:
    """Consecutive lines (blank lines between them allowed) for which ``belongs(line, parts so far)``
    holds, from ``lines[i]`` on: their texts without Markdown marks, and the index of the last one."""
    j, parts, last = i, [], i
    while j < len(lines) and belongs(lines[j], parts):
        parts.append(_strip_md(lines[j]))
        last = j
        j += 1
        while j < len(lines) and not lines[j].strip():
            j += 1
    return parts, last


def _short_italic(s: str) -> bool:
    return (len(s) <= 70 and s.startswith("*") and s.endswith("*") and not s.startswith("**")
            and not re.match(r"^\*\s*\d", s) and not s.rstrip("* ").endswith((".", ";", ":")))


def md_blocks(text: str, requisite: str) -> tuple[list[Block], list[tuple[int, str | None, str]], list[Problem]]:
    """Markdown → blocks for the Adilet builder, plus the anchors (line, annex index, point).

    Each block says how the Markdown set it apart (``Block.style``): a heading, bold lines
    (consecutive bold lines that are not headings are one block: a signature), a quotation
    (consecutive ``>`` lines are one block: an approval block, a preamble, a footnote), a
    code fence (a form, kept whole — or, when it holds hard-wrapped legal text as old
    exports do, that text's paragraphs), an HTML or Markdown table (kept whole). YAML front
    matter of split parts, their back-link lines (``↑ [Вся редакция](../rus.md)``) and the
    index of a split act are not text.
    """
    lines = text.split("\n")
    blocks: list[Block] = []
    anchors: list[tuple[int, str | None, str]] = []
    problems: list[Problem] = []
    titled = False
    fm = front_matter(text)
    i = fm[1] if fm else 0  # an old layout's front matter (its metadata) is not text

    def add(kind: str, txt: str, first: int, last: int, raw: str, style: str = "") -> None:
        txt = _ESCAPE_RE.sub(r"\1", txt)
        if style != "code":
            txt = re.sub(r"[ \t]{2,}", " ", repair_chars(txt))
        blocks.append(Block(kind, txt, raw, first, last, 1, style))

    while i < len(lines):
        raw = lines[i]
        s = raw.strip()
        n = i + 1
        if not s:
            i += 1
            continue
        if s == "---" and (j := _front_matter_end(lines, i)) is not None:
            i = j
            continue
        if BACKLINK_RE.match(s):  # a split part's link back to its index, wherever the part begins
            i += 1
            continue
        m = ANCHOR_RE.match(s) or re.match(r'^<a id="[^"]*"></a>$', s)
        if m:
            if m.re is ANCHOR_RE:
                anchors.append((n, m.group(1), m.group(2)))
            i += 1
            continue
        if s.startswith("<table") or s.startswith("|"):
            j = i
            if s.startswith("<table"):
                while j < len(lines) and "</table>" not in lines[j]:
                    j += 1
                if j == len(lines):
                    problems.append(Problem(n, "an HTML table opened here is never closed; kept up to the end of the file"))
                    j = len(lines) - 1
            else:
                while j + 1 < len(lines) and lines[j + 1].strip().startswith("|"):
                    j += 1
            html = "\n".join(x.strip() for x in lines[i:j + 1])
            add("para", html, n, j + 1, "\n".join(lines[i:j + 1]), "table")
            i = j + 1
            continue
        if s.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            body = lines[i + 1:j]
            legal = _fence_blocks(body, n + 1)
            if legal is None:
                if any(x.strip() for x in body):
                    blocks.append(Block("para", "\n".join(x.rstrip() for x in body).strip("\n"),
                                        "\n".join(lines[i:j + 1]), n, min(j + 1, len(lines)), 1, "code"))
            else:
                for t, a, b in legal:
                    add("para", t, a, b, "\n".join(lines[a - 1:b]))
            i = j + 1
            continue
        if s.startswith("#"):
            heading = _strip_md(s.lstrip("#").strip())
            if titled and heading == PARTS_INDEX:
                i = _index_end(lines, i + 1)  # a split act's index: a sentence and the table of its parts, not text
                continue
            add("line", heading, n, n, raw, "heading")  # the first is the title; the requisite comes from meta.yaml
            titled = True
            i += 1
            continue
        if s.startswith("**") and s.endswith("**") and len(s) > 4:
            def bold(x: str, parts: list[str]) -> bool:
                x = x.strip()
                return x.startswith("**") and x.endswith("**") and not (
                    parts and (grammar.heading(_strip_md(x), True) or grammar.heading(parts[-1], True)))
            parts, last = _run(lines, i, bold)
            add("para", " ".join(parts), n, last + 1, "\n".join(lines[i:last + 1]), "bold")
            i = last + 1
            continue
        if s.startswith(">"):
            j, parts = i, []
            while j < len(lines) and lines[j].strip().startswith(">"):
                part = _strip_md(lines[j])
                if parts and FOOTNOTE_RE.match(part):
                    break
                parts.append(part)
                j += 1
                if FOOTNOTE_RE.match(parts[0]) and j < len(lines) and FOOTNOTE_RE.match(_strip_md(lines[j])):
                    break
            add("para", " ".join(p for p in parts if p), n, j, "\n".join(lines[i:j]), "quote")
            i = j
            continue
        # an excluded point ("*13. Исключен …*") or a paragraph: the builder tells them apart by their words
        italic = s.startswith("*") and s.endswith("*") and not s.startswith("**")
        if italic and _short_italic(s):
            # "*Президент*" / "*Республики Казахстан*": short italic lines in a row are one block
            parts, last = _run(lines, i, lambda x, _parts: _short_italic(x.strip()))
            add("para", " ".join(parts), n, last + 1, "\n".join(lines[i:last + 1]), "italic")
            i = last + 1
            continue
        add("para", _strip_md(s), n, n, raw, "italic" if italic else "")
        i += 1
    if not titled:
        problems.append(Problem(1, "no `# title` line; the title is taken from meta.yaml"))
        blocks[:0] = [Block("line", "", "", 1, 1, 0)]
    return blocks, anchors, problems


def read_language(d: Path, meta: KzMeta, lang: str, files: list[Path]) -> tuple[Act, str]:
    """One language of an act directory → (Act, raw text as stored)."""
    texts = []
    for f in files:
        try:
            texts.append(decode(read_regular(f), str(f)))
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror}", str(f)) from None
    raw = "\n".join(texts)
    source = str(files[0]) if len(files) == 1 else str(d / {"ru": "rus", "kk": "kaz"}[lang])
    return parse_markdown(raw, meta, lang, source), raw


def parse_markdown(raw: str, meta: KzMeta, lang: str, source: str) -> Act:
    """A pure function of the Markdown and the meta facts (re-run when the store re-reads its sources)."""
    blocks, anchors, problems = md_blocks(raw, meta.requisite)
    if not any(b.kind == "para" for b in blocks):
        raise InputError("no body text: the file has a title but no paragraphs (truncated?)", source)
    norm = Normalised(tuple(raw.split("\n")), tuple(blocks), tuple(problems))
    act = build(norm, source, lang, requisite=meta.parsed)
    extra = list(_check_anchors(act, anchors)) + list(meta.problems)
    title = meta.titles.get(lang) or act.title
    act = _repeal(act, meta, extra)
    cause = ActMention(meta.caused_by) if meta.caused_by else None
    return replace(act, title=title, problems=tuple(act.problems) + tuple(extra), origin="kazakhstan-law",
                   version_date=meta.version_date.get(lang), version_cause=cause, portal_code=meta.act_code,
                   portal_url=meta.source_url.get(lang), replaces=meta.replaces,
                   other_titles=tuple(sorted((k, v) for k, v in meta.titles.items() if k != lang)))


def _repeal(act: Act, meta: KzMeta, problems: list[Problem]) -> Act:
    """A repeal: from the requisite (the builder has read it), else from ``repealed_by``;
    ``repealed_on`` is the day it took effect (a fixed date, from meta.yaml)."""
    if not (meta.repealed_by or meta.repealed_on):
        return act
    by = act.repealed_by
    if by is None and meta.repealed_by:
        try:
            by = ActMention(parse_requisite(meta.repealed_by, act.language).ref)
        except ValueError:
            problems.append(Problem(0, f"meta.yaml repealed_by not understood: {meta.repealed_by!r}"))
    if by is None:
        problems.append(Problem(0, f"meta.yaml says the act was repealed on {meta.repealed_on}, but names no "
                                   "repealing act; the act's end is not recorded"))
        return act
    rule = EntryRule("fixed", fixed=meta.repealed_on, text=f"repealed_on {meta.repealed_on} (meta.yaml)") \
        if meta.repealed_on else act.repeal_rule
    return replace(act, repealed_by=by, repeal_rule=rule)


def _check_anchors(act: Act, anchors) -> list[Problem]:
    """Every anchor must name a point the builder found, in the right container."""
    points = [(p.eid, p.number, p.line) for p in act.walk() if p.kind == "point"]
    out = []
    for line, annex, number in anchors:
        after = [x for x in points if x[2] > line]
        nxt = after[0] if after else None
        in_annex = nxt is not None and nxt[0].startswith("annex")
        ok = nxt is not None and nxt[1] == number and (annex is not None) == in_annex
        if not ok:
            where = f"point {number}" + (f" of annex {int(annex) + 1}" if annex is not None else "")
            out.append(Problem(line, f"anchor says {where}, but the next point found is "
                                     f"{nxt[0] if nxt else 'none'}"))
    return out


def read_act_dir(d: Path) -> list[tuple[Act, str, KzMeta]]:
    """Every language of one act directory: (Act, raw Markdown, meta). The raw text stored
    for re-reading is the Markdown followed by ``META_SEPARATOR`` and meta.yaml."""
    meta_path = d / "meta.yaml"
    files = language_files(d)
    if not meta_path.is_file():  # the old layout: each language's Markdown carries its own facts
        out = []
        for lang, fs in files.items():
            meta = front_matter_meta(fs[0], decode(read_regular(fs[0]), str(fs[0])))
            out.append((*read_language(d, meta, lang, fs), meta))
        if not out:
            raise InputError("not a kazakhstan-law act directory: no meta.yaml", str(d))
        return out
    meta = read_meta(meta_path)
    if not files:
        # the portal keeps only the card of some acts (often repealed ones): the act, its title and
        # its repeal are still facts worth recording
        return [(meta_only_act(meta), "", meta)]
    return [(*read_language(d, meta, lang, fs), meta) for lang, fs in files.items()]


def meta_only_act(meta: KzMeta) -> Act:
    """An act known from its ``meta.yaml`` alone: identity, title, repeal; no provisions but the title."""
    lang = "ru" if "ru" in meta.titles or not meta.titles else next(iter(meta.titles))
    title = meta.titles.get(lang, "")
    req = meta.parsed
    act = Act(ref=req.ref, language=lang, title=title, issuer=req.issuer, source=meta.path,
              provisions=(Provision("title", None, "title", title, 1),), footnotes=(), entry_rule=EntryRule("unknown"),
              registration_number=req.registration_number, registration_date=req.registration_date,
              repealed_by=req.repealed_by, repeal_rule=req.repeal_rule)
    problems: list[Problem] = [Problem(1, "the act directory has only meta.yaml: the act, its title and its repeal "
                                          "are recorded, its text is not in the source", "info")]
    act = _repeal(act, meta, problems)
    return replace(act, problems=tuple(problems) + tuple(meta.problems), origin="kazakhstan-law",
                   version_date=meta.version_date.get(lang), portal_code=meta.act_code,
                   portal_url=meta.source_url.get(lang), replaces=meta.replaces,
                   other_titles=tuple(sorted((k, v) for k, v in meta.titles.items() if k != lang)))


def is_act_dir(d: Path) -> bool:
    return (d / "meta.yaml").is_file() or _old_layout(d)


def listed_act_dir(d: Path, filenames) -> bool:
    """``is_act_dir`` for a directory whose file names a walk has listed already."""
    return "meta.yaml" in filenames or (("rus.md" in filenames or "kaz.md" in filenames) and _old_layout(d))


def _old_layout(d: Path) -> bool:
    """A directory of the old kazakhstan-law layout: ``rus.md`` / ``kaz.md`` opening with front matter."""
    for stem in LANGS:
        f = d / f"{stem}.md"
        if f.is_file():
            try:
                with f.open("rb") as fh:
                    if fh.read(4).rstrip(b"\r\n") == b"---":
                        return True
            except OSError:
                pass
    return False


def stored_raw(raw_md: str, meta: KzMeta) -> str:
    """What the store keeps of a kazakhstan-law text: enough to parse it again."""
    return raw_md + META_SEPARATOR + (meta.text if meta.text is not None else read_regular(meta.path).decode("utf-8"))


def parse_stored(raw: str, source: str, lang: str) -> Act:
    """Parse a kazakhstan-law text again from what ``stored_raw`` kept."""
    md, _sep, meta_text = raw.partition(META_SEPARATOR)
    meta = parse_meta(meta_text, Path(source).parent / "meta.yaml")
    if not md.strip():
        return meta_only_act(meta)
    return parse_markdown(md, meta, lang, source)


def find_act_dirs(root: Path):
    """Act directories under ``root`` (a directory with ``meta.yaml``, or of the old layout; not descended into)."""
    import os

    for dirpath, dirnames, filenames in os.walk(root):
        if listed_act_dir(Path(dirpath), filenames):
            dirnames[:] = []
            yield Path(dirpath)
        else:
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))


def content_hash(d: Path) -> str:
    """A hash of an act directory's files, to re-read only what changed."""
    import hashlib

    h = hashlib.sha256()
    files = [d / "meta.yaml"] * (d / "meta.yaml").is_file() + [f for fs in language_files(d).values() for f in fs]
    for f in files:
        h.update(f.name.encode())
        try:
            h.update(read_regular(f))
        except (OSError, InputError):
            h.update(b"\0unreadable")  # the reading reports it
    return h.hexdigest()


def hash_inputs(d: Path) -> list[Path]:
    """Every file ``content_hash`` may read, found by listing only (a superset: an index
    ``rus.md`` and its parts are both listed): what a manifest of sources records."""
    try:
        with os.scandir(d) as it:
            entries = list(it)
    except OSError:
        return []  # reading it reports the problem
    # names as a walk lists them (everything that is not a directory): the walk's record of
    # the directory and the reader's must be the same
    return [Path(f) for f in listed_inputs(str(d), [e.name for e in entries if e.is_dir()],
                                           [e.name for e in entries if not e.is_dir()])]


def listed_inputs(d: str, subdirs: list[str], names: list[str]) -> list[str]:
    """``hash_inputs`` of directory ``d`` from its listing (subdirectory names, other names),
    as paths: a walk has the listing already — a re-ingest of 50 000 act directories then
    lists only the split ones again, and makes no ``Path`` per file (1 s of the 5)."""
    out = [os.path.join(d, "meta.yaml")] if "meta.yaml" in names else []
    for stem in LANGS:
        if f"{stem}.md" in names:
            out.append(os.path.join(d, f"{stem}.md"))
        if stem in subdirs:
            try:
                parts = sorted(n for n in os.listdir(os.path.join(d, stem)) if n.endswith(".md"))
            except OSError:
                continue
            sub = os.path.join(d, stem)
            out += [os.path.join(sub, n) for n in parts if n.startswith("sec")] + \
                [os.path.join(sub, n) for n in parts if n.startswith("an")]
    return out


def read_for_store(d: Path) -> tuple[str, list[tuple[Act, str]], str | None, str]:
    """(directory, [(Act, stored raw)], reason it was skipped or None, content hash) — for a
    process pool: never raises on bad input."""
    try:
        digest = content_hash(d)
        out = [(act, stored_raw(raw, meta)) for act, raw, meta in read_act_dir(d)]
        return str(d), out, None, digest
    except InputError as e:
        return str(d), [], str(e), ""
    except (OSError, UnicodeDecodeError, ValueError) as e:
        return str(d), [], f"{d}: {type(e).__name__}: {e}", ""
