"""Reading real legislation (issue 14): every case in ``tests/reading/cases/*.yaml`` was read by
hand from ``../shared/corpus-dev`` (see ``tests/reading/CASES.md``), and the parser must agree.

Each YAML entry carries its own ``why``; a failure names the case file, the entry and its line,
so it can be checked against the source text. Texts are compared after the parser's own
character repairs (Latin look-alikes inside Cyrillic words, "N" for "№"), which both sides
go through: the cases quote the raw text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from zangraph.graph.model import ActRef
from zangraph.graph.reading.kzlaw import read_act_dir
from zangraph.graph.reading.normalise import repair_chars

HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "corpus-dev"
CASES = sorted((HERE / "reading" / "cases").glob("*.yaml"))

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus-dev is not beside the clone")

_parsed: dict[str, dict] = {}
KNOWN = yaml.safe_load((HERE / "reading" / "KNOWN.yaml").read_text(encoding="utf-8")) or {}


def verdict(path: Path, check: str, bad: list[tuple[str, str]]) -> None:
    """Fail on every wrong reading except those listed, with their reason, in
    ``tests/reading/KNOWN.yaml`` — and on a listed one that now reads right (remove it)."""
    known = (KNOWN.get(path.stem) or {}).get(check) or {}
    new = [msg for ident, msg in bad if ident not in known]
    fixed = [ident for ident in known if ident not in {i for i, _ in bad}]
    assert not new and not fixed, (f"{path.name} [{check}]:\n" + "\n".join(new)
                                   + (f"\nlisted in KNOWN.yaml but now read right: {fixed}" if fixed else ""))


def offsets(code: str, lang: str) -> dict[str, int]:
    """Where each file of a split act starts in the joined text the parser reads (line offset)."""
    from zangraph.graph.reading.kzlaw import language_files

    out, at = {}, 0
    for f in language_files(DEV / code)[lang]:
        out[f.name] = at
        at += f.read_text(encoding="utf-8").count("\n") + 1
    return out


def line_of(case: dict, entry: dict) -> int:
    """``line: 12``, or ``where: "sec004.md:786"`` in a split act."""
    if "line" in entry:
        return entry["line"]
    name, _, n = str(entry["where"]).partition(":")
    return offsets(str(case["code"]), case["lang"])[name] + int(n)


def act_of(case: dict):
    code = str(case["code"])
    if code not in _parsed:
        _parsed[code] = {act.language: act for act, _raw, _meta in read_act_dir(DEV / code)}
    return _parsed[code][case["lang"]]


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def same(a: str) -> str:
    return " ".join(repair_chars(a.replace("\\.", ".").replace("**", "")).split())


def key(k: str) -> str:
    return ActRef.from_key(repair_chars(k)).key


def ids(paths):
    return [p.stem for p in paths]


@pytest.mark.parametrize("path", CASES, ids=ids(CASES))
def test_key_and_counts(path):
    """The act's identity, and provisions by kind counted on the text itself."""
    case = load(path)
    act = act_of(case)
    assert act.ref.key == key(case["key"]), case.get("why")
    got = Counter(p.kind for p in act.walk())
    verdict(path, "counts", [(k, f"{k}: {v} in the text, {got.get(k, 0)} read") for k, v in (case.get("counts") or {}).items()
                             if got.get(k, 0) != v])


@pytest.mark.parametrize("path", CASES, ids=ids(CASES))
def test_provisions(path):
    """Named provisions exist and start with the words the text gives them; ``absent`` ones do not."""
    case = load(path)
    act = act_of(case)
    bad = []
    for p in case.get("provisions") or []:
        got = act.provision(p["eid"])
        if got is None:
            bad.append((p["eid"], f"{p['eid']} (line {p.get('line', p.get('where'))}) missing — {p['why']}"))
            continue
        own = same(got.text or (got.children[0].text if got.children else ""))
        if not own.startswith(same(p["starts"])):
            bad.append((p["eid"], f"{p['eid']}: starts {own[:70]!r}, expected {p['starts']!r} — {p['why']}"))
    for p in case.get("absent") or []:
        if act.provision(p["eid"]) is not None:
            bad.append((p["eid"], f"{p['eid']} should not exist — {p['why']}"))
    verdict(path, "provisions", bad)


@pytest.mark.parametrize("path", [p for p in CASES if load(p).get("annexes")], ids=ids([p for p in CASES if load(p).get("annexes")]))
def test_annexes(path):
    """Every annex its own ``annex_N``, with its title."""
    case = load(path)
    act = act_of(case)
    bad = []
    for a in case["annexes"]:
        got = act.provision(a["eid"])
        if got is None:
            bad.append((a["eid"], f"{a['eid']} (line {a.get('line')}) missing — {a['why']}"))
            continue
        words = same(f"{got.approval or ''} {got.heading or ''} {got.text or ''}")
        if a.get("title_contains") and same(a["title_contains"]).lower() not in words.lower():
            bad.append((a["eid"], f"{a['eid']}: title {words[:90]!r} lacks {a['title_contains']!r} — {a['why']}"))
    verdict(path, "annexes", bad)


@pytest.mark.parametrize("path", CASES, ids=ids(CASES))
def test_signature_and_glue(path):
    """The signature is read as one, and never glued into a provision's text."""
    case = load(path)
    act = act_of(case)
    sig = same(act.signature or "")
    bad = [(f"signature:{w}", f"signature {sig!r} lacks {w!r}") for w in case.get("signature_contains") or []
           if same(w) not in sig]
    for n in case.get("not_in_text") or []:
        got = act.provision(n["eid"])
        if got is not None and same(n["text"]) in same(got.full_text()):
            bad.append((n["eid"], f"{n['eid']} holds {n['text']!r} — {n['why']}"))
    verdict(path, "signature", bad)


@pytest.mark.parametrize("path", [p for p in CASES if load(p).get("footnotes")], ids=ids([p for p in CASES if load(p).get("footnotes")]))
def test_footnotes(path):
    """Each footnote attached to the provision it speaks of, naming every amending act."""
    case = load(path)
    act = act_of(case)
    by_line = {f.line: f for f in act.footnotes}
    bad = []
    for f in case["footnotes"]:
        line = line_of(case, f)
        got = by_line.get(line)
        ident = str(f.get("line") or f.get("where"))
        if got is None:
            bad.append((ident, f"footnote at {ident} not read — {f['why']}"))
            continue
        if got.target_eid != f["target"]:
            bad.append((ident, f"footnote at {ident} attached to {got.target_eid!r}, expected {f['target']!r} — {f['why']}"))
        acts = [e.act.ref.key for e in got.events]
        want = [key(k) for k in f.get("acts") or []]
        if sorted(set(acts)) != sorted(set(want)):
            bad.append((ident + ":acts", f"footnote at {ident} names {acts}, expected {want} — {f['why']}"))
    verdict(path, "footnotes", bad)


@pytest.mark.parametrize("path", [p for p in CASES if load(p).get("entry_rule")], ids=ids([p for p in CASES if load(p).get("entry_rule")]))
def test_entry_rule(path):
    """How the act takes effect, as its own text says."""
    case = load(path)
    act = act_of(case)
    want = case["entry_rule"]
    rule = act.entry_rule
    ok = rule.kind == want["kind"] and rule.days == want.get("days", rule.days) and (
        "date" not in want or rule.fixed is not None and rule.fixed.isoformat() == str(want["date"]))
    verdict(path, "entry_rule", [] if ok else [("rule", f"{rule.kind} {rule.days} {rule.fixed} ({rule.text[:120]!r}), expected {want}")])


WITH_INSTRUCTIONS = [p for p in CASES if load(p).get("instructions")]


@pytest.mark.parametrize("path", WITH_INSTRUCTIONS, ids=ids(WITH_INSTRUCTIONS))
def test_instructions(path):
    """Amending instructions: the operation, the target act (null when the text names it
    without a number: read, applied nowhere) and the target provision."""
    case = load(path)
    act = act_of(case)
    every = act.instructions + act.unresolved_instructions
    bad = []
    for want in case["instructions"]:
        line = line_of(case, want)
        ident = f"{line}:{want.get('target_eid', '')}"
        here = [i for i in every if i.line == line]
        if not here:
            bad.append((ident, f"no instruction read at line {line} — {want['why']}"))
            continue
        eid = want.get("target_eid")
        if eid and eid.startswith("doc:"):
            eid = eid.split("__", 1)[1] if "__" in eid else ""
        match = [i for i in here if (eid is None or i.path == eid or (i.document and i.document.number
                                                                          and f"annex_{i.document.number}__{i.path}" == eid))]
        if not match:
            bad.append((ident, f"line {line}: read {[(i.operation, i.path) for i in here]}, expected {eid!r} — {want['why']}"))
            continue
        i = match[0]
        got_key = i.target.ref.key if i.target.ref.number or i.target.ref.kind in ("constitution", "code") else None
        if i.operation != want["operation"] or got_key != (key(want["target_key"]) if want.get("target_key") else None):
            bad.append((ident, f"line {line}: {i.operation} on {got_key}, expected {want['operation']} on "
                               f"{want.get('target_key')} — {want['why']}"))
    verdict(path, "instructions", bad)
