"""The answer documents (``graph/rdf/answers.py``, ``zg:answerData``): a point-in-time question
answered from a provision's document is the answer the facts give, and after a SPARQL Update
the documents are no longer read.

The documents are a materialised view written by the consolidation; the facts (versions,
events, redactions' graphs, suspensions) stay the source of truth. So the test is a
comparison over real texts: every provision of every act, at every day that matters to it
(each bound of each version's interval, the day before it, and three fixed days), in no
language, Russian and Kazakh — asked once through the document (``provision_at``) and once
through the facts (``provision_at_from_facts``, a second view of the store so that nothing is
shared between the two). Expected values are the facts' answers, which the rest of the suite
checks against the texts.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from zangraph.graph.queries import query as Q
from zangraph.graph.store.graphstore import GraphStore

from .conftest import SEEDS, run_cli
from .test_redactions import _dirs

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def _days(p: dict) -> list[date]:
    days = {date(1990, 1, 1), date(2020, 6, 1), date(2030, 1, 1)}
    for v in p["versions"]:
        for x in (v["valid_from"], v["valid_from_latest"], v["valid_until"], v["valid_until_latest"]):
            if x:
                d = date.fromisoformat(x)
                days |= {d, d - timedelta(days=1)}
    return sorted(days)


def _compare(store: Path) -> tuple[int, int, list[str]]:
    """(answers compared, provisions without a document, the first differences)."""
    docs, facts = GraphStore(store, read_only=True), GraphStore(store, read_only=True)
    n, missing, diffs = 0, 0, []
    for key in Q.act_keys(facts, in_corpus_only=True):
        for eid, p in Q.provisions_of(facts, key).items():
            if Q.answer_data(docs, key, eid) is None:
                missing += 1
                continue
            for d in _days(p):
                for lang in (None, "ru", "kk"):
                    a, b = Q.provision_at(docs, key, eid, d, lang), Q.provision_at_from_facts(facts, key, eid, d, lang)
                    n += 1
                    if a != b and len(diffs) < 5:
                        diffs.append(f"{key} {eid} {d} {lang}: " + "; ".join(
                            f"{k}: {a.get(k)!r} ≠ {b.get(k)!r}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)))
    return n, missing, diffs


def test_documents_answer_as_the_facts_do_on_corpus_dev(tmp_path):
    """corpus-dev (~40 acts of every kind, Russian and Kazakh, split acts, annexes, amending
    acts), the five bundled Adilet exports and the kazakhstan-law samples, in one ingest."""
    store = tmp_path / "s"
    r = run_cli("ingest", str(SHARED / "corpus-dev"), str(SHARED / "corpus"), str(SHARED / "samples" / "kazakhstan-law"),
                store=store)
    assert r.returncode == 0, r.stderr
    n, missing, diffs = _compare(store)
    assert missing == 0 and n > 100_000 and not diffs, diffs


def test_documents_answer_as_the_facts_do_when_texts_come_one_run_at_a_time(tmp_path):
    """The five bundled exports one ingest each (an amending act arriving after its target:
    the target's texts are read back from the store, ``reading.stored``) and the successive
    real redactions of two acts (``samples/redactions``), oldest first, one run each: the
    redactions cited come from earlier runs."""
    store = tmp_path / "s"
    for f in SEEDS.values():
        assert run_cli("ingest", str(f), store=store).returncode == 0
    for act in ("98498", "115999"):
        for red in _dirs(act, tmp_path):  # as test_redactions ingests them (the last one of 115999 given its meta.yaml)
            r = run_cli("ingest", str(red), store=store)
            assert r.returncode == 0, r.stderr
    n, missing, diffs = _compare(store)
    assert missing == 0 and n > 10_000 and not diffs, diffs


def test_after_a_sparql_update_the_facts_answer(tmp_path):
    """Decree № 485 (bundled): its point 1 is in force on 2021-06-01. A SPARQL Update moves the
    start of every one of its versions to 2099: the facts now say it is not yet in force, and
    so does ``provision_at`` — the document, written before the update, is not read."""
    store = tmp_path / "s"
    assert run_cli("ingest", str(SEEDS["000"]), store=store).returncode == 0
    gs = GraphStore(store)
    key, eid = "decree-2020-12-31-485", "point_1"
    before = Q.provision_at(gs, key, eid, date(2021, 6, 1))
    assert before["status"] == "in_force" and Q.answer_data(gs, key, eid) is not None
    gs.update("""PREFIX zg: <https://w3id.org/zangraph/ontology#>
      DELETE { GRAPH ?g { ?v zg:validFrom ?f } } INSERT { GRAPH ?g { ?v zg:validFrom "2099-01-01"^^<http://www.w3.org/2001/XMLSchema#date> } }
      WHERE { GRAPH ?g { ?v zg:versionOf <https://w3id.org/zangraph/kz/eli/decree/2020/12/31/485/point_1> ; zg:validFrom ?f } }""")
    assert not Q.answers_trusted(gs) and Q.answer_data(gs, key, eid) is None
    after = Q.provision_at(gs, key, eid, date(2021, 6, 1))
    assert after["status"] != "in_force" and after == Q.provision_at_from_facts(gs, key, eid, date(2021, 6, 1))
    del gs
    reopened = GraphStore(store, read_only=True)  # the mark is in the store, not in the process
    assert not Q.answers_trusted(reopened)
