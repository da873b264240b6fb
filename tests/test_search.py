"""Full-text search of wordings in force on a day (issue 19), through the real CLI on a real on-disk store and
its Tantivy index: the bundled corpus, the development corpus and the two real redactions of act 98498.

Every expected hit below was found by reading the source text (file and line in each case), never from the
program's output. The table in ``tests/search/queries.yaml`` (read by hand from the same texts) adds Russian
inflected forms, Kazakh forms, phrases and dates.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .conftest import run_cli

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus-dev"
REDACTIONS = SHARED / "samples" / "redactions" / "98498"
TABLE = Path(__file__).resolve().parent / "search" / "queries.yaml"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="../shared is not beside the clone")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    st = tmp_path_factory.mktemp("search") / "zg"
    for args in (["--bundled"], [str(DEV)], [str(REDACTIONS / "2015-12-31"), str(REDACTIONS / "2016-11-09")]):
        r = run_cli("ingest", *args, "--format", "json", store=st)
        assert r.returncode == 0, r.stderr[-3000:]
    return st


def search(store, *words, at, **opts):
    args = ["search", *words, "--at", at, "--format", "json", "--limit", "100"]
    for k, v in opts.items():
        args += [f"--{k.replace('_', '-')}", v]
    r = run_cli(*args, store=store)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def found(res) -> set[tuple[str, str]]:
    return {(h["key"], h["eId"]) for h in res["hits"]}


def unknown(res) -> set[tuple[str, str]]:
    return {(u["key"], u["eId"]) for u in res["unknown_that_day"]}


D485 = "decree-2020-12-31-485"

CASES = [
    # (words, day, must be found, must not be found, listed apart as unknown that day, why)
    (["распределение", "обязанности"], "2025-06-01", {(D485, "annex_1__point_5-1")}, set(), set(),
     "000:109 \"5-1. Распределения обязанностей (функциональные направления деятельности) …\", inserted by "
     "№ 612 of 31.07.2024 (000:115, ten days after publication): other case forms of both words match"),
    (["распределение", "обязанности"], "2024-01-01", set(), {(D485, "annex_1__point_5-1")}, set(),
     "before № 612 point 5-1 does not exist: neither a hit nor an unknown wording (it is absent, not unknown)"),
    (["стажем", "государственная", "служба"], "2022-01-01", {(D485, "annex_1__point_5")}, set(), set(),
     "000:104-107 point 5 \"… стаж государственной службы …\" has no footnote: its wording is the original one, "
     "known since 2020, so it matches in 2022 too"),
    (["молодежный", "кадровый", "резерв"], "2025-06-01", {(D485, "annex_1__point_6__subpoint_10")}, set(), set(),
     "000:195 \"10) либо не менее пяти лет стажа работы для лиц, зачисленных в Президентский молодежный кадровый "
     "резерв\" — point 6 as amended up to 2024"),
    (["молодежный", "кадровый", "резерв"], "2021-06-01", set(), {(D485, "annex_1__point_6__subpoint_10")},
     {(D485, "annex_1__point_6__subpoint_10")},
     "000:199 point 6 was changed by №№ 195, 239, 612 (2023–2024) and the export gives only today's wording: the "
     "2021 wording is not in the sources, so today's words must not match it, and it is listed apart"),
    (["бұқаралық", "ақпарат", "құралы"], "2014-06-01", {("order-2014-03-07-75", "point_2__subpoint_3")}, set(), set(),
     "001:23 \"3) осы бұйрықтың бұқаралық ақпарат құралдарында ресми жарияланғаннан …\": құралдарында = "
     "құрал + дар (plural) + ы (possessive) + нда (locative); the order was in force in mid-2014"),
    (["бұқаралық", "ақпарат", "құралы"], "2015-01-01", set(), {("order-2014-03-07-75", "point_2__subpoint_3")}, set(),
     "001:9-12 the order was repealed by order № 74 of 02.10.2014: nothing of it is in force in 2015"),
]


@pytest.mark.parametrize("words,at,must,must_not,apart,why", CASES, ids=[f"{' '.join(c[0])}@{c[1]}" for c in CASES])
def test_hand_read_cases(store, words, at, must, must_not, apart, why):
    res = search(store, *words, at=at)
    assert must <= found(res), why
    assert not (must_not & found(res)), why
    assert apart <= unknown(res), why
    assert not (unknown(res) & found(res)), "a provision is never both a hit and unknown that day"


def test_phrase_needs_adjacent_words(store):
    """000:195 "… в Президентский молодежный кадровый резерв": the phrase "молодежный кадровый резерв" matches
    subpoint 10; "резерв кадровый" (the same words, other order) does not — while the loose words do."""
    at = "2025-06-01"
    assert (D485, "annex_1__point_6__subpoint_10") in found(search(store, '"молодежный кадровый резерв"', at=at))
    assert (D485, "annex_1__point_6__subpoint_10") not in found(search(store, '"резерв кадровый"', at=at))
    assert (D485, "annex_1__point_6__subpoint_10") in found(search(store, "резерв", "кадровый", at=at))


def test_hits_carry_citation_interval_snippet_and_marks(store):
    """What a hit shows: the citation as a lawyer writes it, the version's interval, a snippet whose marked
    words are the query's words in the text's own form (000:109 "Распределения обязанностей")."""
    res = search(store, "распределение", "обязанности", at="2025-06-01")
    h = next(h for h in res["hits"] if h["eId"] == "annex_1__point_5-1")
    assert h["citation"]["ru"].startswith("пункт 5-1 приложения 1") and "№ 485" in h["citation"]["ru"]
    assert h["valid_from"] >= "2024-08-01" and h["status"] in ("in_force", "uncertain")
    assert [h["snippet"][s:e] for s, e in h["marks"]][:2] == ["Распределения", "обязанностей"]


def test_act_filter_and_paging(store):
    """--act keeps one act's provisions; --offset pages through the same ranked list."""
    res = search(store, "стаж", at="2025-06-01", act=D485)
    assert res["hits"] and {h["key"] for h in res["hits"]} == {D485}
    first = search(store, "стаж", "--limit", "2", at="2025-06-01", act=D485)
    second = search(store, "стаж", "--offset", "2", at="2025-06-01", act=D485)
    assert [h["eId"] for h in res["hits"][2:4]] == [h["eId"] for h in second["hits"][:2]]
    assert first["hits"][0]["eId"] == res["hits"][0]["eId"]


def test_known_past_wording_of_a_redaction(store):
    """98498 HISTORY.md: the 2016 redaction added a row «Агентство … по делам государственной службы …» to
    appendix 2's table (amending order № 01-38.41); the 2015 redaction does not have it. Both wordings are
    known, so the word matches on 2017-06-01 and not on 2016-06-01 — and is not 'unknown' then either."""
    text = (REDACTIONS / "2016-11-09" / "rus.md").read_text(encoding="utf-8")
    old = (REDACTIONS / "2015-12-31" / "rus.md").read_text(encoding="utf-8")
    assert "делам государственной службы" in text and "делам государственной службы" not in old
    key = "order-2015-12-31-01-38_49"  # Приказ … от 31.12.2015 № 01-38.49 (HISTORY.md)
    later = search(store, '"делам государственной службы"', at="2017-06-01", act=key)
    earlier = search(store, '"делам государственной службы"', at="2016-06-01", act=key)
    assert len(found(later)) == 1, later["hits"]  # the one table row (2016-11-09/rus.md:304)
    assert not found(earlier) and not unknown(earlier)


def test_bad_queries_say_why(store):
    for words, needle in ((["..."], "no words"), (["x" * 600], "too long")):
        r = run_cli("search", *words, store=store)
        assert r.returncode == 2 and needle in r.stderr and "Traceback" not in r.stderr
    r = run_cli("search", "стаж", "--act", "decree-2020-12-31-48", store=store)
    assert r.returncode == 2 and "decree-2020-12-31-485" in r.stderr  # close matches
    r = run_cli("search", "стаж", "--at", "2024-02-30", store=store)
    assert r.returncode == 2 and "2024-02-30" in r.stderr


def test_index_follows_ingest_and_is_rebuilt_when_behind(tmp_path):
    """An ingest updates the index in the same run; a store written without its index (as after a crash between
    the two writes — here: the index of that ingest went elsewhere) is detected on the next search, which says so,
    rebuilds it and answers from the store; `zangraph reindex` rebuilds on demand."""
    st = tmp_path / "zg"
    r = run_cli("ingest", str(SHARED / "corpus" / "000_6a30c1e3387dc9ab.txt"), store=st)
    assert r.returncode == 0, r.stderr
    assert (D485, "annex_1__point_5") in found(search(st, "стаж", "государственной", "службы", at="2025-06-01"))
    import os
    import subprocess
    import sys

    env = dict(os.environ, ZANGRAPH_STORE=str(st), ZANGRAPH_SEARCH_INDEX=str(tmp_path / "elsewhere"))
    r = subprocess.run([sys.executable, "-m", "zangraph.graph.cli", "ingest", str(SHARED / "corpus" / "001_164de676cfdc3580.txt")],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    r = run_cli("search", "бұқаралық", "ақпарат", "құралы", "--at", "2014-06-01", "--format", "json", store=st)
    assert r.returncode == 0 and "rebuilding" in r.stderr
    assert ("order-2014-03-07-75", "point_2__subpoint_3") in found(json.loads(r.stdout))
    r = run_cli("reindex", store=st)
    assert r.returncode == 0 and "of 2 act(s)" in r.stderr  # 000 and 001: neither amends another act


def test_index_is_rebuilt_when_a_text_is_replaced(tmp_path):
    """The index's record of the store is a digest of the stored sources' hashes and how many
    texts have one (read from the store's own record of hashes: linear in nothing at opening;
    issue 17). A text replaced by another wording of the same act keeps the count and changes
    a hash: a search must still notice that the index was written for the old wording. Why:
    the count alone would miss exactly this case, the common one of a re-ingest."""
    st = tmp_path / "zg"
    src = SHARED / "corpus" / "000_6a30c1e3387dc9ab.txt"
    r = run_cli("ingest", str(src), store=st)
    assert r.returncode == 0, r.stderr
    text = src.read_bytes().decode("utf-8")
    assert text.count("государственной службы") > 1
    changed = tmp_path / src.name
    changed.write_bytes(text.replace("государственной службы", "государственной гражданской службы", 1).encode("utf-8"))
    import os
    import subprocess
    import sys

    env = dict(os.environ, ZANGRAPH_STORE=str(st), ZANGRAPH_SEARCH_INDEX=str(tmp_path / "elsewhere"))
    r = subprocess.run([sys.executable, "-m", "zangraph.graph.cli", "ingest", str(changed)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0 and "decree-2020-12-31-485 (ru)" in r.stdout and " replaced;" in r.stdout, r.stdout
    r = run_cli("search", "стаж", "--at", "2025-06-01", "--format", "json", store=st)
    assert r.returncode == 0 and "(the store changed since it was written): rebuilding it" in r.stderr, r.stderr
    r = run_cli("search", "стаж", "--at", "2025-06-01", "--format", "json", store=st)
    assert r.returncode == 0 and "rebuilding" not in r.stderr, r.stderr  # and then it is current


def test_an_index_recorded_by_an_older_zangraph_is_carried_over(tmp_path):
    """Indexes written before the state was a digest of the source hashes recorded every
    source graph's IRI and hash (the formula below, frozen as zangraph wrote it). Such an
    index that still reflects its store is carried over — compared once the old way, then
    recorded the new way — instead of rebuilt (minutes at 50 000 acts); one that does not is
    rebuilt. Why: an upgrade must not cost every user a rebuild, nor keep a stale index."""
    import hashlib

    from pyoxigraph import Store

    st = tmp_path / "zg"
    r = run_cli("ingest", str(SHARED / "corpus" / "000_6a30c1e3387dc9ab.txt"), store=st)
    assert r.returncode == 0, r.stderr
    q = "SELECT ?g ?h WHERE { GRAPH ?g { ?g <https://w3id.org/zangraph/ontology#sourceHash> ?h } }"
    store = Store.read_only(str(st))
    rows = sorted(f"{r['g'].value} {r['h'].value}" for r in store.query(q))
    del store
    assert len(rows) == 1
    old = hashlib.sha256("\n".join(rows + ["--"]).encode()).hexdigest()
    meta = st.with_name("zg.search") / "zangraph-index.json"
    version = json.loads(meta.read_text())["version"]
    for state, rebuilt in ((old, False), ("0" * 64, True)):
        meta.write_text(json.dumps({"version": version, "state": state}))
        r = run_cli("search", "стаж", "--at", "2025-06-01", "--format", "json", store=st)
        assert r.returncode == 0 and ("rebuilding" in r.stderr) is rebuilt, (state, r.stderr)
        assert (D485, "annex_1__point_5") in found(json.loads(r.stdout))
        assert json.loads(meta.read_text())["kind"] == "sources"
        r = run_cli("search", "стаж", "--at", "2025-06-01", "--format", "json", store=st)
        assert r.returncode == 0 and "rebuilding" not in r.stderr, r.stderr


def load_table() -> list[dict]:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8")) if TABLE.is_file() else []


@pytest.mark.parametrize("case", load_table(), ids=lambda c: c["id"])
def test_query_table(store, case):
    """One row of tests/search/queries.yaml: its `why` says where in the text the answer was read."""
    opts = {"lang": case["lang"]} if case.get("lang") else {}
    if case.get("act"):
        opts["act"] = case["act"]
    res = search(store, case["query"], at=str(case["at"]), **opts)
    hits = found(res)
    must = {tuple(p) for p in case.get("must_find") or []}
    offset = 100
    while not must <= hits and offset < min(res["total"], 1000):  # a common phrase: its hits run over pages
        hits |= found(search(store, case["query"], "--offset", str(offset), at=str(case["at"]), **opts))
        offset += 100
    assert must <= hits, case["why"]
    assert not ({tuple(p) for p in case.get("must_not_find") or []} & hits), case["why"]
    assert {tuple(p) for p in case.get("unknown_that_day") or []} <= unknown(res), case["why"]
    if case.get("max_hits") is not None:
        assert len(res["hits"]) <= case["max_hits"], case["why"]
