"""The reading report: how well the reading stages understood a corpus, per act and in total.

Reads: files and directories (Adilet ``.txt`` exports, kazakhstan-law act directories, trees
of them). Writes: a ``Report`` — for every text, provisions by kind, footnotes found and
attached to the provision they name, footnotes with no amending act that could be read,
blocks not placed, instructions read and instruction-like sentences not understood, the
parser's warnings by kind; files that are not acts are listed as skipped, with the reason.
Nothing is stored: this is the number the reading work drives down (``zangraph report``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Act
from .kzlaw import find_act_dirs, read_act_dir
from .normalise import InputError
from .parse import parse_file

# Sentences that amend another act (Russian and Kazakh); a provision saying one of these
# that yields no instruction is "not understood".
INSTRUCTION_LIKE = re.compile(
    r"изложить\s+в\s+(?:следующей|новой)\s+редакции|дополнить\s+(?:\w+\s+){0,3}следующего\s+содержания|"
    r"\bисключить\b|признать\s+утратившим\w*\s+силу|заменить\s+словами|редакцияда\s+жазылсын|толықтырылсын|"
    r"алып\s+тасталсын|күші\s+жойылды\s+деп\s+танылсын",
    re.I,
)
_UNPLACED = ("quoted text with no provision before it", "a quotation opened here is never closed")
_UNATTACHED = ("footnote names", "footnote does not say")


@dataclass
class TextReport:
    source: str
    key: str
    language: str
    kinds: Counter
    footnotes: int
    footnotes_attached: int
    footnotes_without_act: int
    unplaced: int
    instructions: int
    unresolved: int  # read, but the target act is named without its number: applied nowhere
    not_understood: list[tuple[int, str]]
    warnings: Counter

    def row(self) -> dict:
        return {"source": self.source, "key": self.key, "language": self.language, "provisions": dict(self.kinds),
                "footnotes": self.footnotes, "footnotes_attached": self.footnotes_attached,
                "footnotes_without_act": self.footnotes_without_act, "blocks_not_placed": self.unplaced,
                "instructions": self.instructions, "instructions_target_unresolved": self.unresolved,
                "instruction_like_not_understood": len(self.not_understood),
                "not_understood": [{"line": ln, "text": t} for ln, t in self.not_understood],
                "warnings": dict(self.warnings)}


@dataclass
class Report:
    texts: list[TextReport] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def totals(self) -> dict:
        kinds: Counter = Counter()
        warnings: Counter = Counter()
        for t in self.texts:
            kinds += t.kinds
            warnings += t.warnings
        s = lambda attr: sum(getattr(t, attr) for t in self.texts)  # noqa: E731
        return {"texts": len(self.texts), "acts": len({t.key for t in self.texts}), "skipped": len(self.skipped),
                "provisions": dict(kinds), "footnotes": s("footnotes"), "footnotes_attached": s("footnotes_attached"),
                "footnotes_without_act": s("footnotes_without_act"), "blocks_not_placed": s("unplaced"),
                "instructions": s("instructions"), "instructions_target_unresolved": s("unresolved"),
                "instruction_like_not_understood": sum(len(t.not_understood) for t in self.texts),
                "warnings": dict(warnings)}

    def as_json(self) -> dict:
        return {"totals": self.totals(), "texts": [t.row() for t in self.texts],
                "skipped": [{"path": p, "reason": r} for p, r in self.skipped]}


def _warning_kind(message: str) -> str:
    """A warning's kind: its message up to the first specific detail."""
    m = re.match(r"[^:;(0-9«\"—]*", message)
    words = (m.group(0) if m else message).split()
    return " ".join(w for w in words[:6] if not re.search(r"\d|_", w)) or message[:40]


def text_report(act: Act) -> TextReport:
    fn_lines = {f.line for f in act.footnotes}
    unattached = {p.line for p in act.problems if p.line in fn_lines and p.message.startswith(_UNATTACHED)
                  and "no amending act" not in p.message}
    amending = {i.eid for i in act.instructions + act.unresolved_instructions}
    not_understood = []
    for p in act.walk():
        if p.kind in ("title", "annex") or not p.text or p.text.startswith(("<table", "Сноска", "Ескерту")):
            continue
        if INSTRUCTION_LIKE.search(p.text) and not any(e == p.eid or e.startswith(p.eid + "__") or p.eid.startswith(e + "__")
                                                        for e in amending):
            not_understood.append((p.line, p.text[:160]))
    warnings = Counter(_warning_kind(p.message) for p in act.problems if p.severity != "info")
    return TextReport(
        source=act.source, key=act.ref.key, language=act.language, kinds=Counter(p.kind for p in act.walk()),
        footnotes=len(act.footnotes), footnotes_attached=len(act.footnotes) - len(unattached),
        footnotes_without_act=sum(1 for f in act.footnotes if not f.events),
        unplaced=sum(1 for p in act.problems if p.message.startswith(_UNPLACED)),
        instructions=len(act.instructions), unresolved=len(act.unresolved_instructions), not_understood=not_understood,
        warnings=warnings)


def _sources(path: Path):
    """(kind, path) of every act source under ``path``; other files as ("skip", path, reason)."""
    if path.is_file():
        yield ("adilet", path) if path.suffix == ".txt" else ("skip", path)
        return
    dirs = list(find_act_dirs(path))
    yield from (("kzlaw", d) for d in dirs)
    inside = {str(d) for d in dirs}
    for f in sorted(path.rglob("*")):
        if not f.is_file() or any(part.startswith(".") for part in f.relative_to(path).parts):
            continue
        if any(str(p) in inside for p in f.parents):
            continue
        yield ("adilet", f) if f.suffix == ".txt" and f.name != "SOURCE.txt" else ("skip", f)


def report(paths: list[Path]) -> Report:
    out = Report()
    for path in paths:
        if not path.exists():
            out.skipped.append((str(path), "no such file or directory"))
            continue
        for kind, p in _sources(path):
            if kind == "skip":
                out.skipped.append((str(p), "not an act: neither an Adilet .txt export nor an act directory"))
                continue
            try:
                acts = [a for a, _raw, _meta in read_act_dir(p)] if kind == "kzlaw" else [parse_file(p)]
            except InputError as e:
                out.skipped.append((str(p), e.reason))
                continue
            except (OSError, ValueError) as e:
                out.skipped.append((str(p), f"{type(e).__name__}: {e}"))
                continue
            out.texts.extend(text_report(a) for a in acts)
    return out


def render(rep: Report) -> str:
    """A plain-text table: one row per text, then the totals and what was skipped."""
    head = f"{'source':44} {'lang':4} {'art':>4} {'chap':>4} {'pt':>4} {'sub':>4} {'anx':>3} {'fn':>4} {'fn!':>3} " \
           f"{'unpl':>4} {'ins':>4} {'ins?':>4} {'warn':>4}"
    lines = [head]
    for t in rep.texts:
        k = t.kinds
        lines.append(f"{Path(t.source).parent.name + '/' + Path(t.source).name:44.44} {t.language:4} {k['article']:>4} "
                     f"{k['chapter']:>4} {k['point']:>4} {k['subpoint']:>4} {k['annex']:>3} {t.footnotes:>4} "
                     f"{t.footnotes - t.footnotes_attached:>3} {t.unplaced:>4} {t.instructions + t.unresolved:>4} "
                     f"{len(t.not_understood):>4} {sum(t.warnings.values()):>4}")
    tot = rep.totals()
    lines.append("")
    lines.append(f"{tot['texts']} texts of {tot['acts']} acts; provisions {tot['provisions']}")
    lines.append(f"footnotes {tot['footnotes']}, attached to the provision they name {tot['footnotes_attached']}, "
                 f"with no amending act read {tot['footnotes_without_act']}; blocks not placed {tot['blocks_not_placed']}")
    lines.append(f"instructions read {tot['instructions']} (and {tot['instructions_target_unresolved']} on a target named "
                 f"without its number: applied nowhere); instruction-like sentences not understood "
                 f"{tot['instruction_like_not_understood']}")
    for w, n in sorted(tot["warnings"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  warning ×{n}: {w}")
    for p, r in rep.skipped:
        lines.append(f"skipped {p}: {r}")
    lines.append("columns: art chap pt sub anx = articles, chapters, points, subpoints, annexes; fn = footnotes, "
                 "fn! = not attached to the provision they name; unpl = blocks not placed; ins = instructions read, "
                 "ins? = instruction-like sentences not understood; warn = warnings")
    return "\n".join(lines)
