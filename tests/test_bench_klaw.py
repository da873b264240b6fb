"""The synthetic kazakhstan-law corpus (bench/klaw_corpus.py) read back by the real CLI, against its plan.

Why this is here: the ingest benchmarks of issue 17 run on these act directories. A benchmark over
texts the reader mis-reads would time the wrong work (a lost annex, footnotes attached nowhere,
instructions not read), so the corpus is checked the way a user would see it — ``zangraph report``
and ``zangraph ingest`` / ``zangraph at`` in their own processes — against the generator's plan.
The plan is the truth: what was written (units, footnote lines, instructions, the quoted new
wordings and the days of the amending acts), never another reading of the files.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bench.klaw_corpus import Act, directory, generate, point_lines

from .conftest import run_cli

N, SEED = 40, 17


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("klaw") / "corpus"
    acts = generate(N, out, seed=SEED)
    return out, acts


@pytest.fixture(scope="module")
def report(corpus, tmp_path_factory):
    out, _acts = corpus
    r = run_cli("report", str(out), "--format", "json", store=tmp_path_factory.mktemp("unused") / "zg")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def store(corpus, tmp_path_factory):
    out, _acts = corpus
    s = tmp_path_factory.mktemp("store") / "zg"
    r = run_cli("ingest", str(out), "--store", str(s), store=s)
    assert r.returncode == 0, r.stderr
    return s


def rows_of(report: dict, out, acts: list[Act], a: Act) -> dict[str, dict | None]:
    """The report's row for each language the plan wrote (None when the text was not read)."""
    by_source = {t["source"]: t for t in report["texts"]}
    d = out / directory(a, acts)
    return {lang: by_source.get(str(d / (lang if a.split else f"{lang}.md"))) for lang in a.langs()}


def mismatches(report: dict, out, acts: list[Act], which) -> list[str]:
    bad = []
    for a in acts:
        if not which(a):
            continue
        for lang, row in rows_of(report, out, acts, a).items():
            where = f"{directory(a, acts)} {lang}"
            if row is None:
                bad.append(f"{where}: not read")
                continue
            want = a.expected(lang)
            got = {"provisions": row["provisions"], "footnotes": row["footnotes"], "instructions": row["instructions"]}
            if got != want:
                bad.append(f"{where}: read {got}, written {want}")
            if row["footnotes_attached"] != row["footnotes"]:
                bad.append(f"{where}: {row['footnotes'] - row['footnotes_attached']} footnotes not attached")
            for field in ("blocks_not_placed", "instructions_target_unresolved", "instruction_like_not_understood"):
                if row[field]:
                    bad.append(f"{where}: {field} = {row[field]} {row['not_understood'][:2]}")
            if row["warnings"]:
                bad.append(f"{where}: warnings {row['warnings']}")
            if row["key"] != a.key:
                bad.append(f"{where}: read as {row['key']}, written as {a.key}")
    return bad


def test_every_act_is_read_once(corpus, report):
    """N act directories → N acts, one text per language written, nothing skipped."""
    out, acts = corpus
    totals = report["totals"]
    assert (totals["acts"], totals["texts"], report["skipped"]) == (N, sum(len(a.langs()) for a in acts), [])


def test_the_corpus_shows_every_shape(corpus):
    """The comparison below is only worth what the plan holds: every kind of act and change is in it."""
    _out, acts = corpus
    assert {a.kind for a in acts} >= {"law", "code", "decree", "resolution", "order", "decision"}
    assert {c.op for a in acts for cs in a.targets.values() for c in cs} == {"substitution", "insertion", "repeal"}
    assert {a.kind for a in acts if a.role == "amending"} >= {"law", "resolution", "order", "decision"}
    assert {(a.split, bool(a.annex)) for a in acts} >= {("front", False), ("front", True), ("backlink", False),
                                                        ("backlink", True)}
    assert any(a.kazakh and a.role == "amending" for a in acts) and any(not a.kazakh for a in acts)
    assert any(u.req for a in acts for u in _walk(a.annex))


def _walk(units):
    for u in units:
        yield u
        yield from _walk(u.children)


def test_each_text_reads_as_written(corpus, report):
    """Per act and language: provisions by kind, footnotes (all attached to the provision they name),
    instructions (all on a target named by its number), no warning, no block left over, the act's key."""
    out, acts = corpus
    assert mismatches(report, out, acts, lambda a: True) == []


def test_split_acts_read_as_one_act(corpus, report):
    """A split act (index rus.md + rus/secNNN.md [+ rus/anNNN.md]) is one text per language, its
    source the language's folder; its parts are not read as acts of their own."""
    out, acts = corpus
    split = [a for a in acts if a.split]
    for a in split:
        rows = rows_of(report, out, acts, a)
        assert all(r is not None for r in rows.values()), directory(a, acts)
        d = str(out / directory(a, acts))
        assert sorted(t["source"] for t in report["texts"] if t["source"].startswith(d)) == sorted(
            f"{d}/{lang}" for lang in a.langs())


def test_both_languages_are_read(corpus, report):
    out, acts = corpus
    for a in acts:
        rows = rows_of(report, out, acts, a)
        assert {lang: r and r["language"] for lang, r in rows.items()} == {
            lang: {"rus": "ru", "kaz": "kk"}[lang] for lang in a.langs()}, directory(a, acts)


def test_split_part_backlink_is_not_text(corpus, report):
    """A bug once reported: split acts whose parts open with the back-link line '↑ [Вся редакция](../rus.md)'
    instead of front matter. After the index's '## Части документа' the reader skipped everything up to the
    next heading, so the first part's text before its first heading was lost (an order's preamble, points,
    signature and approval block: its Rules then read as the act's own points, not as an annex), and the
    back-link line of every later part was read as text of the provision before it. The plan has such acts
    (a law, an act with its annex in an001.md; rus and kaz), and they read as written."""
    out, acts = corpus
    backlinked = [a for a in acts if a.split == "backlink"]
    assert {bool(a.annex) for a in backlinked} == {False, True} and any(a.kazakh for a in backlinked)
    assert mismatches(report, out, acts, lambda a: a.split == "backlink") == []


def _at(store, day, key, eid) -> dict:
    r = run_cli("at", day.isoformat(), key, eid, "--lang", "ru", "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _first(acts: list[Act], op: str, law: bool):
    """The first change ``op`` of the plan on a point changed only that once (in a law or in an annex)."""
    for s in acts:
        for t, changes in s.targets.items():
            for c in changes:
                if c.op == op and len(c.unit.events) == 1 and (acts[t].kind in ("law", "code")) == law:
                    return s, acts[t], c
    raise AssertionError(f"the plan has no single {op} (law: {law})")


@pytest.mark.parametrize("op,law,why", [
    ("substitution", False, "a point of approved Rules set out anew: its earlier wording is in no source"),
    ("substitution", True, "a point of a law's article set out anew by an amending law (Статья 1. Внести в Закон …)"),
    ("insertion", False, "a point added to the Rules: absent before, the quoted wording after"),
    ("repeal", False, "a point excluded: in force before, no longer after"),
])
def test_amended_point_before_and_after(corpus, store, op, law, why):
    """The day before the amending act was signed, and 120 days after (past any publication window),
    a point the plan changed once reads as the plan says."""
    _out, acts = corpus
    s, t, c = _first(acts, op, law)
    before, after = _at(store, s.signed - timedelta(days=1), t.key, c.eid), _at(store, s.signed + timedelta(days=120), t.key, c.eid)
    wording = "\n".join(line.strip() for line in point_lines(c.unit, c.unit.version(), kk=False) if line)
    expected = {
        "substitution": (("in_force", False, None), ("in_force", True, wording)),
        "insertion": (("absent", None, None), ("in_force", True, wording)),
        "repeal": (("in_force", False, None), ("no_longer_in_force", None, None)),
    }[op]
    got = tuple((x["status"], x["text_known"], x["text"]) for x in (before, after))
    assert got == expected, why
    if op != "repeal":
        assert after["introduced_by"]["act"] == s.key, why
