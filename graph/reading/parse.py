"""The reading pipeline: bytes → ``Normalised`` (``normalise``) → the provision tree
(``build``) → its amending instructions (``instructions``) → ``Act``.

``parse_file(path)`` and ``parse_bytes(data, source)`` are pure functions of the
document (so ingestion can run them in parallel processes). ``python -m
zangraph.graph.reading.parse --debug FILE`` dumps each stage.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from ..model import Act
from .build import build_tree
from .header import Requisite
from .instructions import instructions
from .normalise import Normalised, decode, normalise


def build(norm: Normalised, source: str, language: str | None = None, requisite: Requisite | None = None) -> Act:
    """Stages 2–4 over normalised blocks: the act's tree (``build.build_tree``), then the
    amending instructions its provisions give. ``requisite``: the act's requisite when the
    source states it apart from the text (a kazakhstan-law ``meta.yaml``)."""
    act = build_tree(norm, source, language, requisite)
    found, unresolved, problems = instructions(act)
    return replace(act, instructions=found, unresolved_instructions=unresolved, problems=act.problems + problems)


def parse_bytes(data: bytes, source: str = "<bytes>", language: str | None = None) -> Act:
    text = decode(data, source)
    return build(normalise(text, source), source, language)


def parse_file(path: str | Path, language: str | None = None) -> Act:
    p = Path(path)
    return parse_bytes(p.read_bytes(), str(p), language)


def stages(path: str | Path) -> tuple[Normalised, Act]:
    p = Path(path)
    norm = normalise(decode(p.read_bytes(), str(p)), str(p))
    return norm, build(norm, str(p))


def _debug(path: str) -> None:
    norm, act = stages(path)
    print("== stage 1: blocks")
    for b in norm.blocks:
        print(f"{b.line:>6}-{b.end:<6} {b.kind:<4} {b.text[:110]}")
    print("== stage 2-3: provisions")
    for p in act.walk():
        print(f"{p.line:>6} {p.eid:<40} {p.text[:80]!r}")
    print("== footnotes")
    for f in act.footnotes:
        print(f"{f.line:>6} -> {f.target_eid or '(act)'}: {[(e.operation, e.act.ref.key, e.rule.kind) for e in f.events]}")
    print("== problems")
    for pr in act.problems:
        print(pr)


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) == 3 and sys.argv[1] == "--debug":
        _debug(sys.argv[2])
    else:
        print("usage: python -m zangraph.graph.reading.parse --debug FILE", file=sys.stderr)
        sys.exit(2)
