"""The CLI over a real on-disk Oxigraph store, run as a separate process (as a user runs it)."""

import json
import shutil

import pytest
from rdflib import Dataset
from zangraph.graph.ingest.pipeline import ingest_paths
from zangraph.graph.store.graphstore import GraphStore

from .conftest import SEEDS, run_cli

KEY = "decree-2020-12-31-485"

# (args, expected status, text_known, why) — the examples and their neighbours
AT_CASES = [
    (["2022-01-01", KEY, "annex_1__point_4"], "in_force", False,
     "point 4 was restated in 2024: on 2022-01-01 it was in force but its wording is not in the sources"),
    (["2023-01-01", KEY, "annex_1__point_5-1"], "absent", None, "point 5-1 was inserted by decree 612 in 2024"),
    (["2024-08-20", KEY, "annex_1__point_5-1"], "uncertain", False,
     "inside the window that depends on decree 612's unknown publication date"),
    (["2024-12-01", KEY, "annex_1__point_3"], "in_force", False,
     "the lawyer's example: restated in 2024, amended again in 2025, so the 2024-12-01 wording is unknown"),
    (["2025-06-01", KEY, "annex_1__point_3"], "in_force", True, "the current wording is known"),
    (["2015-01-01", "order-2014-03-07-75", "point_1"], "no_longer_in_force", None, "order 75 repealed by order 74"),
    (["2014-09-01", "order-2014-03-07-75", "point_1"], "in_force", True, "before the repeal"),
    (["2014-10-15", "order-2014-03-07-75", "point_1"], "uncertain", False, "repealing order's rule and date unknown"),
    (["2020-06-01", KEY, "annex_1__point_1"], "not_yet_in_force", None, "before the decree was signed"),
    (["2024-08-20", KEY, "annex_1__point_7"], "in_force", False,
     "issue 14 item 3: point 7 exists either way; only which wording applies (before or after decree 612, "
     "whose publication date is unknown) is uncertain — and the earlier one is not in the sources"),
]


def test_which_version_is_uncertain_lists_both(store_dir):
    """Issue 14 item 3 on decree 485 point 7 (changed by decree 239 in 2023 and by decree 612 in 2024):
    on 2024-08-20 the status is in force, the two possible versions are named, and the reason names
    only decree 612 — the act whose date matters that day — not decree 239."""
    a = json.loads(run_cli("at", "2024-08-20", KEY, "annex_1__point_7", "--format", "json", store=store_dir).stdout)
    assert [(v["introduced_by"]["act"], v["text_known"]) for v in a["possible_versions"]] == [
        ("decree-2023-06-05-239", False), ("decree-2024-07-31-612", True)]
    assert "decree-2024-07-31-612" in a["reason"] and "239" not in a["reason"]
    assert a["version"] is None and a["text"] is None


@pytest.mark.parametrize("args,status,known,why", AT_CASES)
def test_at_provision(store_dir, args, status, known, why):
    r = run_cli("at", *args, "--format", "json", store=store_dir)
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["status"] == status, why
    assert a["text_known"] == known, why
    assert set(a) >= {"status", "text", "text_known", "valid_from", "valid_from_latest", "valid_until",
                      "introduced_by", "version"}
    if not known:
        assert a["text"] is None, "an unknown wording must never be filled with another version's text"


def test_current_wording_and_its_provenance(store_dir):
    r = run_cli("at", "2025-06-01", KEY, "annex_1__point_4", "--format", "json", store=store_dir)
    a = json.loads(r.stdout)
    assert a["text"].startswith("4. Для занятия политических государственных должностей требуется наличие")
    assert a["introduced_by"]["act"] == "decree-2024-07-31-612"
    assert a["introduced_by"]["operation"] == "substitution"


def test_history_of_point_6(store_dir):
    r = run_cli("history", KEY, "annex_1__point_6", "--format", "json", store=store_dir)
    vs = json.loads(r.stdout)
    assert [(v["introduced_by"]["act"], v["text_known"]) for v in vs] == [
        (KEY, False), ("decree-2023-04-13-195", False), ("decree-2023-06-05-239", False),
        ("decree-2024-07-31-612", True)]
    for a, b in zip(vs, vs[1:], strict=False):
        assert a["valid_until"] == b["valid_from"], "versions must tile time without gaps or overlaps"


def test_act_at_date_lists_every_provision(store_dir, acts):
    r = run_cli("at", "2024-05-14", KEY, "--format", "json", store=store_dir)
    rows = json.loads(r.stdout)
    assert [x["eId"] for x in rows] == [p.eid for p in acts["000"].walk()]


def test_each_amending_act_is_one_iri(store_dir):
    q = ("PREFIX zg: <https://w3id.org/zangraph/ontology#> SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE "
         "{ ?e zg:amendingAct ?a } GROUP BY ?a")
    r = run_cli("sparql", q, "--format", "json", store=store_dir)
    res = json.loads(r.stdout)
    acts_ = {b["a"]["value"].split("/eli/")[1] for b in res["results"]["bindings"]}
    assert {"decree/2023/04/13/195", "decree/2023/06/05/239", "decree/2024/07/31/612", "decree/2025/03/17/817"} <= acts_


@pytest.mark.parametrize("args,message,why", [
    (["at", "2022-13-01", KEY], "expected YYYY-MM-DD", "a bad date"),
    (["at", "2022-01-01", "decree-2020-12-31-48"], "did you mean decree-2020-12-31-485", "an unknown key"),
    (["at", "2022-01-01", KEY, "annex_1__point_44"], "did you mean", "an unknown eId"),
    (["history", "nonsense", "x"], "unknown act key", "a key that is not a key"),
    (["sparql", "SELEKT * WHERE {}"], "invalid SPARQL", "a malformed query"),
])
def test_usage_errors_exit_2(store_dir, args, message, why):
    r = run_cli(*args, store=store_dir)
    assert r.returncode == 2, why
    assert message in r.stderr, why


def _dump(store_dir, gs=None):
    gs = gs or GraphStore(store_dir)
    return sorted(str(q) for q in gs.quads())


def test_bad_files_change_nothing(tmp_path):
    store = tmp_path / "s"
    assert run_cli("ingest", str(SEEDS["000"]), store=store).returncode == 0
    before = _dump(store)
    cases = {"empty.txt": b"", "binary.txt": b"\x00\x01\x02\x03" * 100,
             "garbage.txt": "Просто текст.\n      без реквизитов\n".encode(),
             "truncated.txt": SEEDS["000"].read_bytes()[:300]}
    for name, data in cases.items():
        f = tmp_path / name
        f.write_bytes(data)
        r = run_cli("ingest", str(f), str(SEEDS["004"]), store=store)
        assert r.returncode == 2, name
        assert name in r.stderr, f"the error must name the file: {r.stderr}"
        assert _dump(store) == before, f"{name} changed the store"


def test_ingest_twice_is_the_same_graph(tmp_path):
    """A re-run skips files whose bytes were ingested before; --force re-reads and
    replaces them; either way the store is the same graph."""
    store = tmp_path / "s"
    files = [str(SEEDS["000"]), str(SEEDS["003"])]
    r = run_cli("ingest", *files, store=store)
    assert r.returncode == 0, r.stderr
    first = _dump(store)
    r = run_cli("ingest", *files, store=store)
    assert r.returncode == 0 and "2 sources (files or act directories) unchanged" in r.stderr, r.stderr
    assert "provisions" not in r.stdout and _dump(store) == first
    r = run_cli("ingest", "--force", *files, store=store)
    assert r.returncode == 0, r.stderr
    assert _dump(store) == first
    assert r.stdout.count("replaced") == 2


def test_ingest_in_process_replaces_whole_graph(tmp_path):
    """The library's one-call ingest: the same file twice replaces its graph with the same triples."""
    gs = GraphStore(tmp_path / "s")
    r1 = ingest_paths(gs, [SEEDS["000"]]).written
    first = _dump(tmp_path / "s", gs)
    r2 = ingest_paths(gs, [SEEDS["000"]]).written
    # the file is the decree of 31 December 2020 № 485 (its line 5)
    assert [(w.replaced, w.act) for w in r1 + r2] == [(False, "decree-2020-12-31-485"), (True, "decree-2020-12-31-485")]
    assert r1[0].triples == r2[0].triples
    assert _dump(tmp_path / "s", gs) == first


@pytest.mark.parametrize("fmt,rdflib_format", [("nquads", "nquads"), ("turtle", "trig"), ("jsonld", "json-ld")])
def test_export_parses_back(tmp_path, fmt, rdflib_format):
    store = tmp_path / "s"
    shutil.rmtree(store, ignore_errors=True)
    assert run_cli("ingest", str(SEEDS["000"]), store=store).returncode == 0
    out = tmp_path / f"dump.{fmt}"
    r = run_cli("export", "--format", fmt, "-o", str(out), store=store)
    assert r.returncode == 0, r.stderr
    ds = Dataset()
    ds.parse(out, format=rdflib_format)
    assert len(ds) > 1000


def test_sparql_json_is_sparql_results(store_dir):
    r = run_cli("sparql", "ASK { ?s ?p ?o }", "--format", "json", store=store_dir)
    assert json.loads(r.stdout) == {"head": {}, "boolean": True}


def test_the_cli_reads_beside_a_running_server(server, store_dir):
    """Issue 18 item 6: while `zangraph serve` holds the store (RocksDB's LOCK), a command
    that only reads opens it read-only beside the server and answers as on a free store; an
    ingest is refused with what to do, and changes nothing."""
    held = server.proc.args[server.proc.args.index("--store") + 1]
    args = ["2025-06-01", KEY, "annex_1__point_4", "--format", "json"]
    beside = run_cli("at", *args, store=held)
    assert beside.returncode == 0, beside.stderr
    assert json.loads(beside.stdout) == json.loads(run_cli("at", *args, store=store_dir).stdout)
    assert run_cli("sparql", "ASK { ?s ?p ?o }", store=held).stdout.strip() == "true"
    r = run_cli("ingest", str(SEEDS["004"]), store=held)
    assert r.returncode == 2 and "in use by another process" in r.stderr and "Traceback" not in r.stderr
    # a second server on the same store is refused the same way (it was a traceback)
    r = run_cli("serve", "--port", "0", store=held)
    assert r.returncode == 2 and "in use by another process" in r.stderr and "Traceback" not in r.stderr, r.stderr


@pytest.mark.parametrize("args,fields,why", [
    (["2015-01-01", "order-2014-03-07-75", "point_1"],
     {"ended_on": "2014-10-02", "ended_by_act": "order-2014-10-02-74", "ended_how": "act repealed"},
     "order 75 was repealed by order 74 of 02.10.2014 (seed 001's header: «Күші жойылды …»): since when and by which act"),
    (["2023-01-01", KEY, "annex_1__point_5-1"],
     {"introduced_by_act": "decree-2024-07-31-612", "exists_from": "2024-08-11"},
     "point 5-1 was inserted by decree 612 of 31.07.2024 (the footnote of seed 000), in force 10 days after its "
     "publication, at the earliest 2024-08-11"),
])
def test_every_status_explains_itself(store_dir, args, fields, why):
    """Issue 18 item 3: absent and no longer in force say from / since when and by which act."""
    a = json.loads(run_cli("at", *args, "--format", "json", store=store_dir).stdout)
    assert {k: a.get(k) for k in fields} == fields, why
    assert all(v in a["reason"] for v in fields.values() if v != "act repealed"), a["reason"]


def test_export_streams_to_a_file_whole_or_not_at_all(tmp_path):
    """`export -o` writes as it reads the store (a national store's N-Quads do not fit in memory;
    the 50 000-act benchmark was killed by the kernel when export built them in memory): the
    file holds the same quads as the dump on stdout, and a file that cannot be written is a
    clear error with no partial file left behind."""
    store = tmp_path / "s"
    assert run_cli("ingest", str(SEEDS["000"]), store=store).returncode == 0
    out = tmp_path / "dump.nq"
    assert run_cli("export", "--format", "nquads", "-o", str(out), store=store).returncode == 0
    piped = run_cli("export", "--format", "nquads", store=store).stdout
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(piped.splitlines())
    counted = json.loads(run_cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                 "--format", "json", store=store).stdout)
    assert len(piped.splitlines()) == int(counted["results"]["bindings"][0]["n"]["value"])
    bad = tmp_path / "no-such-dir" / "dump.nq"
    r = run_cli("export", "--format", "nquads", "-o", str(bad), store=store)
    assert r.returncode != 0 and "cannot write the export" in r.stderr and "Traceback" not in r.stderr
    assert not bad.parent.exists() and list(tmp_path.glob("**/*.part")) == []
