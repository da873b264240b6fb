"""A store with more acts than a page lists, served by a real ``zangraph serve`` over HTTP.

Why this is here: at national size (50 000 acts, issue 17) the home page, ``/health`` and an
act's page must not read every act. The home page lists the first ``HOME_ACTS`` acts and
says how many there are; ``/health`` counts the acts on the index; an act's page reads its own
act only; an unknown key is still refused with close matches. The expected values come from
the generator's plan (bench/klaw_corpus.py: which acts were written, their keys and titles),
never from the service's own answers.
"""

from __future__ import annotations

import re

import httpx
import pytest

from api.pages import HOME_ACTS
from bench.klaw_corpus import generate, titles

from .conftest import Server, run_cli

N, SEED = HOME_ACTS + 30, 23


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    out = tmp_path_factory.mktemp("many") / "corpus"
    acts = generate(N, out, seed=SEED)
    store = tmp_path_factory.mktemp("many-store") / "zg"
    r = run_cli("ingest", str(out), "--store", str(store), store=store)
    assert r.returncode == 0, r.stderr
    srv = Server(store)
    yield srv, acts
    srv.stop()


def test_health_counts_every_act_of_the_plan(served):
    srv, acts = served
    h = httpx.get(srv.url + "/health", timeout=30).json()
    assert h["acts"] == len({a.key for a in acts}) == N


def test_the_home_page_lists_the_first_acts_and_says_how_many_there_are(served):
    srv, acts = served
    html = httpx.get(srv.url + "/?ui=en", timeout=120).text
    listed = re.findall(r'<a href="/acts/([^"?]+)\?at=', html.split('id="acts"')[1].split("</table>")[0])
    assert listed == sorted(a.key for a in acts)[:HOME_ACTS]  # the first ones by key, in order
    assert f"({N})" in html  # the count is of all of them, not of the rows shown
    assert f"The first {HOME_ACTS} of {N} acts" in html


def test_words_of_a_title_reach_an_act_past_the_first_page(served):
    srv, acts = served
    last = max(acts, key=lambda a: a.key)  # not among the first HOME_ACTS
    ru = titles(last, acts)[0]
    # the home page's rule: the words anywhere in a title, in either language, any case
    expected = sum(1 for a in acts if any(ru.lower() in t.lower() for t in titles(a, acts)))
    html = httpx.get(srv.url + "/", params={"q": ru, "ui": "en"}, timeout=120).text
    assert f'href="/acts/{last.key}?at=' in html
    count = re.search(r'<h2>Acts <span class="count" translate="no">\((\d+)\)</span>', html)
    assert count and int(count[1]) == expected and 'id="acts-more"' not in html
    page = httpx.get(srv.url + f"/acts/{last.key}", params={"ui": "en"}, timeout=60)
    assert page.status_code == 200 and ru in page.text  # the act's page names it by its own facts


def test_an_unknown_key_is_refused_with_close_matches(served):
    srv, acts = served
    key = sorted(a.key for a in acts)[7]
    near = key + "я"  # no number of the generator ends in a Cyrillic letter: cited by no act either
    r = httpx.get(srv.url + f"/api/acts/{near}", timeout=60)
    assert r.status_code == 404 and key in r.json()["error"]["close_matches"]
    bad = httpx.get(srv.url + "/api/acts/order-2020-13-40-1", timeout=60)  # not a day: not an act key at all
    assert bad.status_code == 404 and bad.json()["error"]["code"] == "not_found"


def test_an_act_known_from_references_only_exists_without_its_text(server):
    """Decree № 418 of 22.12.2023 is named only by a footnote of decree 255's Kazakh text
    (../shared/corpus/003_a1881aea8f646d29.txt, line 243: "Қағида 2-1-тараумен толықтырылды -
    ҚР Президентінің 22.12.2023 № 418"); its own text is not in the bundled corpus. It is an
    act of the store (one look-up on its IRI) with no facts of a stored text."""
    r = httpx.get(server.url + "/api/acts/decree-2023-12-22-418", timeout=60)
    assert r.status_code == 200, r.text
    assert r.json()["act"]["in_corpus"] is False
    listed = httpx.get(server.url + "/api/acts", params={"limit": 1000}, timeout=60).json()
    assert "decree-2023-12-22-418" not in {a["key"] for a in listed["acts"]} and listed["total"] == 5


def test_store_wide_answers_outlive_a_flood_and_a_write_made_meanwhile_is_not_hidden(tmp_path):
    """The acts list takes a minute at 50 000 acts: questions on thousands of acts (each
    memoised, least recently used evicted) must not evict it, and a list read while a write
    happened must not be kept as the answer for the new state of the store."""
    from zangraph.graph.store.graphstore import MEMO_ENTRIES, GraphStore

    gs = GraphStore(tmp_path / "s")
    assert gs.memo("wide", lambda: "listed", pin=True) == "listed"
    for i in range(MEMO_ENTRIES + 10):  # a flood of per-act answers
        gs.memo(("act", i), lambda i=i: i)
    assert gs.cached("wide") == "listed" and gs.cached(("act", 0)) is None  # the oldest per-act one went

    def read_while_written() -> str:
        gs.changed()  # a write lands while the list is being read
        return "before the write"

    assert gs.memo("wide-2", read_while_written, pin=True) == "before the write"  # the asker gets it
    assert gs.cached("wide-2") is None  # but it is not the answer for the store as it is now
    assert gs.cached("wide") is None  # and the write forgot the older store-wide answers too
