"""The whole development corpus through the real CLI into a real on-disk store (issue 14): every act is read,
the store passes the data shapes, and answers follow what the texts say — including the misreadings that once
produced impossible versions or a false repeal.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_cli

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-dev"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus-dev is not beside the clone")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    st = tmp_path_factory.mktemp("dev") / "store"
    r = run_cli("ingest", str(DEV), store=st)
    assert r.returncode == 0, r.stderr[-3000:]
    return st


def at(store, *args):
    r = run_cli("at", *args, "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_every_act_is_stored_and_the_store_is_valid(store):
    keys = json.loads(run_cli("acts", "--format", "json", store=store).stdout)
    assert len(keys) == 37  # the 37 act directories of corpus-dev/README.md
    r = run_cli("validate", "--format", "json", store=store)
    assert r.returncode == 0 and all(x["severity"] != "Violation" for x in json.loads(r.stdout))


def test_no_false_repeal_from_a_footnote_about_the_preamble(store):
    """104327 rus.md:49 "В заголовок внесены изменения, преамбула исключена, по всему тексту заменены слова -
    Законом РК от 29.10.2002 N 348": a change of the act, not its repeal (the law stayed in force until 2011)."""
    assert at(store, "2005-01-01", "law-1995-04-17-2198", "article_1")["status"] == "in_force"


def test_constitutional_law_in_kazakh_is_a_law_not_the_constitution(store):
    """6733 kaz.md:3 "… № 289-IV … Конституциялық заңымен": the same act as the Russian "Конституционным законом
    РК от 14.06.2010 № 289-IV" — one event, one key."""
    q = ("PREFIX zg: <https://w3id.org/zangraph/ontology#> SELECT DISTINCT ?k WHERE { ?e a zg:Amendment ; "
         "zg:amendingAct/zg:key ?k FILTER(CONTAINS(?k, \"2010-06-14-289\")) }")
    rows = json.loads(run_cli("sparql", q, "--format", "json", store=store).stdout)["results"]["bindings"]
    assert {b["k"]["value"] for b in rows} == {"law-2010-06-14-289-IV"}


def test_article_inserted_by_the_numberless_referendum_law(store):
    """1 rus/sec004.md:786 "Конституция дополнена статьей 83-1 в соответствии с Законом РК от 08.06.2022 (вводится
    в действие с 08.06.2022)": absent before, in force from that day, introduced by law-2022-06-08."""
    assert at(store, "2022-06-07", "constitution-1995-08-30", "article_83-1")["status"] == "absent"
    a = at(store, "2022-06-08", "constitution-1995-08-30", "article_83-1")
    assert a["status"] == "in_force" and a["introduced_by"]["act"] == "law-2022-06-08"


def test_several_acts_on_one_day_make_one_version(store):
    """104327 rus.md:307: laws № 101-IV, 113-IV and 116-IV all "вводится в действие с 01.01.2009": article 14
    has one version from that day (it had three empty ones)."""
    h = json.loads(run_cli("history", "law-1995-04-17-2198", "article_14", "--format", "json", store=store).stdout)
    starts = [v["valid_from"] for v in h]
    assert starts.count("2009-01-01") == 1 and starts == sorted(starts)
