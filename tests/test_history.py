"""The git history of a kazakhstan-law clone (issue 16, item 2), on a real git repository.

The fixture is built in a temporary directory from the real redactions in
``../shared/samples/redactions`` (one commit per redaction, dated to its day, with the
``Cause-Act-*`` trailers the corpus writes, annotated ``build/`` tags) and the real split
Constitution of ``../shared/corpus-dev/1`` (``rus.md`` index + ``rus/sec001.md``,
``rus/sec004.md``), whose part files a later commit renames (``sec002``, ``sec003``) without
changing a word: the corpus re-cuts split acts on rebuilds, and a renamed part must not make
its provisions new or ended.

What each test checks, and why:
- the answers of ``tests/reading/redactions.yaml`` (read by hand from the texts) come out the
  same through ``--history`` as through the directories: the history is only another way to
  reach the same redactions;
- a second run reads nothing; a commit added afterwards is the only thing read; a
  force-pushed history (new commit ids, same trees) reads nothing again;
- each redaction's graph names its commit, and its knowledge date is its first build tag;
- a clone that is not a git repository, or a commit with a broken meta.yaml, is refused or
  skipped with the reason, naming the directory and the commit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from zangraph.graph.store.graphstore import GraphStore

from .conftest import run_cli
from .test_redactions import CASES, KEYS, SAMPLES, check_case, late_meta_115999

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus-dev"
D98498 = "07-ministerial/101001000000-administratsiia-prezidenta/2015/1231-ob-utverzhdenii-pravil-razrabotki-i-otsenki-memorandumov-gosudar-98498"
OLD98498 = "07-ministerial/101001000000-administratsiia-prezidenta/20151231-ob-utverzhdenii-pravil-razrabotki-i-otsenki-memorandumov-gosudar-98498"
D115999 = "06-government/103-pravitelstvo/2017/1117-o-nekotorykh-voprosakh-prikomandirovaniia-gosudarstvennykh-sluzh-115999"
DCONST = "01-constitution/1995/0830-konstitutsiia-respubliki-kazakhstan-1"
CONSTITUTION = "constitution-1995-08-30"


def git(repo: Path, *args: str, day: str | None = None) -> str:
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_SYSTEM="/dev/null",
               GIT_AUTHOR_NAME="fixture", GIT_AUTHOR_EMAIL="fixture@example.org",
               GIT_COMMITTER_NAME="fixture", GIT_COMMITTER_EMAIL="fixture@example.org")
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T00:00:00Z", "GIT_COMMITTER_DATE": f"{day}T00:00:00Z"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def commit(repo: Path, day: str, subject: str, files: dict[str, bytes | str | None], **trailers: str) -> str:
    """One redaction: write (None = delete) the files, commit them dated ``day`` with trailers."""
    for rel, data in files.items():
        f = repo / rel
        if data is None:
            f.unlink()
            continue
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    git(repo, "add", "-A")
    body = "\n".join(f"{k.replace('_', '-')}: {v}" for k, v in trailers.items())
    git(repo, "commit", "-q", "-m", subject + ("\n\n" + body if body else ""), day=day)
    return git(repo, "rev-parse", "HEAD").strip()


def tag(repo: Path, day: str) -> None:
    git(repo, "tag", "-a", f"build/{day}", "-m", f"corpus build {day}", day=day)


def _read(p: Path) -> bytes:
    return p.read_bytes()


def build_clone(repo: Path) -> dict[str, str]:
    """The fixture clone; returns the commit id of each redaction by name."""
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    r98, r115, const = SAMPLES / "98498", SAMPLES / "115999", DEV / "1"
    shas = {}
    shas["98498@2015-12-31"] = commit(repo, "2015-12-31", "Приказ № 01-38.49 от 31.12.2015: первая редакция", {
        f"{D98498}/meta.yaml": _read(r98 / "2015-12-31" / "meta.yaml"),
        f"{D98498}/rus.md": _read(r98 / "2015-12-31" / "rus.md")})
    shas["98498@2016-11-09"] = commit(repo, "2016-11-09", "Приказ № 01-38.41 от 09.11.2016", {
        f"{OLD98498}/rus.md": _read(r98 / "2016-11-09" / "rus.md")},
        Cause_Act_Code="109018",
        Cause_Act_Requisite="Приказ Руководителя Администрации Президента Республики Казахстан от 9 ноября 2016 года № 01-38.41")
    tag(repo, "2016-12-01")
    shas["115999@2022-09-13"] = commit(repo, "2022-09-13", "Постановление № 678 от 13.09.2022", {
        f"{D115999}/meta.yaml": _read(r115 / "2022-09-13" / "meta.yaml"),
        f"{D115999}/rus.md": _read(r115 / "2022-09-13" / "rus.md")},
        Cause_Act_Code="171503", Cause_Act_Requisite="Постановление Правительства Республики Казахстан от 13 сентября 2022 года № 678")
    shas["1@2022-09-17"] = commit(repo, "2022-09-17", "Закон № 142-VII от 17.09.2022", {
        f"{DCONST}/meta.yaml": _read(const / "meta.yaml"), f"{DCONST}/rus.md": _read(const / "rus.md"),
        f"{DCONST}/rus/sec001.md": _read(const / "rus" / "sec001.md"),
        f"{DCONST}/rus/sec004.md": _read(const / "rus" / "sec004.md")},
        Cause_Act_Code="171678", Cause_Act_Requisite="Закон Республики Казахстан от 17 сентября 2022 года № 142-VII ЗРК")
    shas["115999@2022-12-20"] = commit(repo, "2022-12-20", "Постановление № 1035 от 20.12.2022", {
        f"{D115999}/meta.yaml": _read(r115 / "2022-12-20" / "meta.yaml")},
        Cause_Act_Code="177076", Cause_Act_Requisite="Постановление Правительства Республики Казахстан от 20 декабря 2022 года № 1035")
    tag(repo, "2023-01-15")
    index = (const / "rus.md").read_text(encoding="utf-8").replace("sec001", "sec002").replace("sec004", "sec003")
    shas["1@2023-03-01"] = commit(repo, "2023-03-01", "Части документа разбиты заново", {
        f"{DCONST}/rus.md": index,
        f"{DCONST}/rus/sec001.md": None, f"{DCONST}/rus/sec004.md": None,
        f"{DCONST}/rus/sec002.md": _read(const / "rus" / "sec001.md"),
        f"{DCONST}/rus/sec003.md": _read(const / "rus" / "sec004.md")})
    shas["115999@2025-08-18"] = commit(repo, "2025-08-18", "Постановление № 643 от 18.08.2025", {
        f"{D115999}/meta.yaml": late_meta_115999(),
        f"{D115999}/rus.md": _read(r115 / "2025-08-18" / "rus.md")},
        Cause_Act_Requisite="Постановление Правительства Республики Казахстан от 18 августа 2025 года № 643")
    return shas


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    repo = tmp_path_factory.mktemp("clone") / "kazakhstan-law"
    return repo, build_clone(repo)


@pytest.fixture(scope="module")
def history_store(clone, tmp_path_factory):
    store = tmp_path_factory.mktemp("hist") / "store"
    r = run_cli("ingest", "--history", str(clone[0]), "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    return store, json.loads(r.stdout), r.stderr


def _graphs(store: Path) -> dict[str, dict]:
    gs = GraphStore(store)
    q = """PREFIX zg: <https://w3id.org/zangraph/ontology#>
    SELECT ?g ?c ?k ?v WHERE { GRAPH ?g { ?g zg:commit ?c ; zg:knownOn ?k ; zg:versionDate ?v } }"""
    try:
        return {r["g"].value: {"commit": r["c"].value, "known": r["k"].value, "day": r["v"].value} for r in gs.query(q)}
    finally:
        del gs


@pytest.mark.parametrize("case", CASES, ids=[f"{c['act']}:{c['eid']}@{c['day']}" for c in CASES])
def test_history_gives_the_redactions_wordings(history_store, case):
    """Every hand-read case of the directory redactions holds through the git history too."""
    check_case(history_store[0], case)


def test_one_redaction_per_commit_and_language(history_store, clone):
    """Seven commits: 98498 ×2, 115999 ×3 (one of them meta.yaml only), the
    Constitution ×2 — seven redactions, each read once, in Russian (no kaz.md was committed)."""
    _store, rows, _err = history_store
    got = sorted((r["act"], r["language"]) for r in rows)
    assert got == sorted([(KEYS["98498"], "ru")] * 2 + [(KEYS["115999"], "ru")] * 3 + [(CONSTITUTION, "ru")] * 2)


def test_each_graph_names_its_commit_and_knowledge_date(history_store, clone):
    """The redaction of 115999 of 2022-09-13 is the text of its commit; the build tag of
    2023-01-15 is the first that holds it, so that is when the database is known to have said
    it. The 2025 commit has no build tag after it: its knowledge date is its own day."""
    graphs = _graphs(history_store[0])
    shas = clone[1]
    g22 = next(v for g, v in graphs.items() if "resolution/2017/11/17/755" in g and g.endswith("/2022-09-13"))
    assert g22 == {"commit": shas["115999@2022-09-13"], "known": "2023-01-15", "day": "2022-09-13"}
    g25 = next(v for g, v in graphs.items() if "resolution/2017/11/17/755" in g and g.endswith("/2025-08-18"))
    assert g25 == {"commit": shas["115999@2025-08-18"], "known": "2025-08-18", "day": "2025-08-18"}
    g16 = next(v for g, v in graphs.items() if "98498" not in g and g.endswith("/2016-11-09"))
    assert g16["known"] == "2016-12-01" and g16["commit"] == shas["98498@2016-11-09"]


def test_renamed_parts_of_a_split_act_change_no_provision(history_store):
    """The Constitution's parts were renamed (sec001 → sec002, sec004 → sec003) in the 2023
    commit, not a word changed: article 1 point 1 has one version, its wording known from
    1995 on — «Республика Казахстан утверждает себя демократическим, светским, правовым и
    социальным государством» (rus/sec001.md) — and on a day after the rename it is the same."""
    from zangraph.graph.queries.query import history, provision_at

    gs = GraphStore(history_store[0])
    try:
        versions = history(gs, CONSTITUTION, "article_1__point_1")
        late = provision_at(gs, CONSTITUTION, "article_1__point_1", __import__("datetime").date(2024, 1, 1), "ru")
        art49 = provision_at(gs, CONSTITUTION, "article_49", __import__("datetime").date(2024, 1, 1), "ru")
    finally:
        del gs
    assert len(versions) == 1, versions
    assert "утверждает себя демократическим, светским, правовым и социальным государством" in late["text"]
    assert art49["status"] == "in_force" and art49["text_known"], art49  # from rus/sec004.md, renamed sec003.md


def test_second_run_reads_nothing(history_store, clone, tmp_path):
    store = tmp_path / "s"
    shutil.copytree(history_store[0], store)
    before = sorted(str(q) for q in GraphStore(store).quads())
    r = run_cli("ingest", "--history", str(clone[0]), store=store)
    assert r.returncode == 0, r.stderr
    assert "nothing new since the last run" in r.stderr
    assert sorted(str(q) for q in GraphStore(store).quads()) == before


def test_a_new_commit_is_the_only_thing_read(history_store, clone, tmp_path):
    """A commit added to the clone after the first run: the next run lists that one commit
    and reads that one redaction (the real act 82414 of corpus-dev, new to the store)."""
    repo = tmp_path / "clone"
    shutil.copytree(clone[0], repo)
    store = tmp_path / "s"
    shutil.copytree(history_store[0], store)
    gs = GraphStore(store)
    gs.record_history(str(repo.resolve()), clone[1]["115999@2025-08-18"])  # the copy has the same history
    del gs
    src = DEV / "82414"
    target = "07-ministerial/x/2020/0101-act-82414"
    commit(repo, "1997-06-30", "новый акт", {f"{target}/{f.name}": f.read_bytes() for f in src.iterdir()
                                              if f.name in ("meta.yaml", "rus.md", "kaz.md")})
    r = run_cli("ingest", "--history", str(repo), "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    assert "1 commit(s) after" in r.stderr
    rows = json.loads(r.stdout)
    assert {x["file"].split("@")[0].rsplit("/", 1)[0] for x in rows} == {f"{repo.resolve()}/{target}"}


def test_a_force_pushed_history_reads_nothing_again(history_store, clone, tmp_path):
    """The corpus is force-pushed on every build: new commit ids, the same trees. The last
    commit read is no longer an ancestor of HEAD, so every commit is listed again — and none
    is read, since each act directory's tree is stored already."""
    repo = tmp_path / "clone"
    shutil.copytree(clone[0], repo)
    git(repo, "commit", "-q", "--amend", "-m", "Постановление № 643 от 18.08.2025 (пересобрано)", day="2025-08-18")
    store = tmp_path / "s"
    shutil.copytree(history_store[0], store)
    gs = GraphStore(store)
    gs.record_history(str(repo.resolve()), clone[1]["115999@2025-08-18"])
    del gs
    r = run_cli("ingest", "--history", str(repo), store=store)
    assert r.returncode == 0, r.stderr
    assert "7 commit(s) in all, 0 redaction(s) to read, 7 already stored" in r.stderr, r.stderr


def test_not_a_git_repository(tmp_path):
    d = tmp_path / "plain"
    d.mkdir()
    store = tmp_path / "s"
    r = run_cli("ingest", "--history", str(d), store=store)
    assert r.returncode == 2
    assert "not a git repository" in r.stderr and str(d) in r.stderr and "Traceback" not in r.stderr
    assert not store.exists()


def test_a_broken_commit_is_skipped_with_its_place(tmp_path):
    """A commit whose meta.yaml is not YAML: that redaction is skipped, naming the directory
    and the commit; the good one before it is stored."""
    repo = tmp_path / "clone"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    r98 = SAMPLES / "98498" / "2015-12-31"
    commit(repo, "2015-12-31", "first", {f"{D98498}/meta.yaml": _read(r98 / "meta.yaml"), f"{D98498}/rus.md": _read(r98 / "rus.md")})
    bad = commit(repo, "2016-11-09", "broken", {f"{D98498}/meta.yaml": "requisite: [unclosed\n"})
    store = tmp_path / "s"
    r = run_cli("ingest", "--history", str(repo), store=store)
    assert r.returncode == 0, r.stderr
    assert f"{D98498}@{bad[:12]}" in r.stderr and "not valid YAML" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


# ---------------------------------------------------------------- as known on (item 4), citations (item 5)

P10 = "annex_2__point_10"  # Rules 2, point 10 (HISTORY.md: an1_p10, new content in 2023, restated 2025)
OLD_P10 = "К загранучреждениям Республики Казахстан может быть прикомандирован государственный служащий"  # 2022-09-13 rus.md:169
NEW_P10 = "Прикомандирование к загранучреждениям Республики Казахстан осуществляется по решению"  # 2025-08-18 rus.md


def _at(store: Path, *args: str) -> dict:
    r = run_cli("at", *args, "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_as_known_on_a_day_answers_from_the_sources_known_then(history_store, clone):
    """On 2024-01-01 the database had published (build tag 2023-01-15) the 2022 redactions of
    115999 only: asked then about 2025-09-01, it said point 10 of Rules 2 read as in 2022 —
    not yet the 2023/2025 wording. Asked with everything known, the 2025 redaction answers."""
    store = history_store[0]
    now = _at(store, "2025-09-01", KEYS["115999"], P10)
    assert NEW_P10 in now["text"] and OLD_P10 not in now["text"]
    then = _at(store, "2025-09-01", KEYS["115999"], P10, "--as-known", "2024-01-01")
    assert OLD_P10 in then["text"] and NEW_P10 not in then["text"]
    assert then["as_known"]["on"] == "2024-01-01"
    assert all(not g.endswith("/2025-08-18") for g in then["as_known"]["sources"])
    assert then["source"]["commit"] in (clone[1]["115999@2022-09-13"], clone[1]["115999@2022-12-20"])


def test_as_known_before_any_source_is_an_error(history_store):
    r = run_cli("at", "2025-09-01", KEYS["115999"], P10, "--as-known", "2020-01-01", store=history_store[0])
    assert r.returncode == 2 and "known on 2020-01-01" in r.stderr and "2023-01-15" in r.stderr, r.stderr


def test_the_answer_cites_the_redaction_and_its_commit(history_store, clone):
    """The 2025 wording comes from the redaction of 2025-08-18: the answer names its graph,
    day, file and commit — `git show <commit>:<path>` opens the exact text."""
    a = _at(history_store[0], "2025-09-01", KEYS["115999"], P10)
    src = a["source"]
    assert src["redaction_date"] == "2025-08-18" and src["commit"] == clone[1]["115999@2025-08-18"]
    path = src["file"].split(str(clone[0].resolve()) + "/", 1)[1].rsplit("@", 1)[0]
    shown = git(clone[0], "show", f"{src['commit']}:{path}")
    assert NEW_P10 in shown


def test_rest_as_known_and_the_cited_text(history_store, clone, tmp_path):
    """Over real HTTP: as_known= on the provision route, the citation's text_url gives the
    redaction's text, and a bad as_known is a 400 naming the parameter."""
    import httpx

    from .conftest import Server, copy_store

    srv = Server(copy_store(history_store[0], tmp_path / "zg"))
    try:
        base = f"{srv.url}/api/acts/{KEYS['115999']}/provisions/{P10}"
        now = httpx.get(base, params={"at": "2025-09-01"}, timeout=60).json()
        then = httpx.get(base, params={"at": "2025-09-01", "as_known": "2024-01-01"}, timeout=60).json()
        assert NEW_P10 in now["text"] and OLD_P10 in then["text"]
        text = httpx.get(srv.url + now["source"]["text_url"], timeout=60)
        assert text.status_code == 200 and NEW_P10 in text.json()["text"]
        assert text.json()["commit"] == clone[1]["115999@2025-08-18"]
        bad = httpx.get(base, params={"as_known": "yesterday"}, timeout=60)
        assert bad.status_code == 400 and "as_known" in bad.text
        hist = httpx.get(base + "/history", params={"as_known": "2024-01-01"}, timeout=60).json()
        assert hist["as_known"]["on"] == "2024-01-01"
        missing = httpx.get(srv.url + "/api/sources", params={"graph": "https://w3id.org/zangraph/kz/nope> ?s"}, timeout=60)
        assert missing.status_code == 404
    finally:
        srv.stop()


AS_KNOWN_SPARQL = """PREFIX zg: <https://w3id.org/zangraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?text ?from ?g ?known WHERE {
  ?p zg:act/zg:key "resolution-2017-11-17-755" ; zg:eId "annex_2__point_10" .
  ?v zg:versionOf ?p ; zg:validFrom ?from ; zg:text ?text ; zg:wordingFrom ?g .
  GRAPH ?g { ?g zg:knownOn ?known }
  FILTER(?known <= "2024-01-01"^^xsd:date && ?from <= "2025-09-01"^^xsd:date)
} ORDER BY DESC(?from) LIMIT 1"""


def test_the_readme_sparql_way_of_as_known(history_store):
    """The README's SPARQL for "as known on": the newest wording, in force by the day asked,
    that a redaction known on T gave — the 2022 wording of point 10, from a 2022 redaction."""
    assert AS_KNOWN_SPARQL in Path(__file__).resolve().parents[1].joinpath("README.md").read_text(encoding="utf-8")
    r = run_cli("sparql", AS_KNOWN_SPARQL, "--format", "json", store=history_store[0])
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    rows = rows.get("results", {}).get("bindings", rows) if isinstance(rows, dict) else rows
    assert len(rows) == 1
    row = rows[0]
    text = row["text"]["value"] if isinstance(row["text"], dict) else row["text"]
    assert OLD_P10 in text


def test_knowledge_date_of_an_export(tmp_path):
    """An Adilet export carries no download day: without --known-on its knowledge date is the
    latest day its own text shows (№ 969 names no amending act: its own date, 2023-11-03);
    with --known-on it is the day given."""
    seed = Path(__file__).resolve().parents[1] / "corpus" / "004_55d3df3388d8d042.txt"
    q = """PREFIX zg: <https://w3id.org/zangraph/ontology#>
    SELECT ?k WHERE { GRAPH ?g { ?g zg:knownOn ?k ; zg:sourceFormat "adilet" } }"""
    for extra, want in (([], "2023-11-03"), (["--known-on", "2024-02-01"], "2024-02-01")):
        s = tmp_path / f"s{len(extra)}"
        assert run_cli("ingest", str(seed), *extra, store=s).returncode == 0
        gs = GraphStore(s)
        assert [r["k"].value for r in gs.query(q)] == [want]
        del gs
    r = run_cli("ingest", str(seed), "--known-on", "someday", store=tmp_path / "bad")
    assert r.returncode == 2 and "someday" in r.stderr and not (tmp_path / "bad").exists()
