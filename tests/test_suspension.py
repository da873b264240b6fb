"""Suspension (issue 14 item 4): "Приостановить до … действие …" is its own event (zg:Suspension),
not a change of wording; inside its interval the target is `suspended`, with its source.

Real text: resolution № 947 of 29.12.2021 (corpus-dev 163376, ru + kk) suspends resolution № 1071 of
22.10.2003 "до 31 декабря 2026 года" and takes effect "с 30 декабря 2021 года" (its point 2). The end
is read as exclusive ("до" = up to that day; decision in README): in force again on 2026-12-31.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import run_cli

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-dev"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus-dev is not beside the clone")
TARGET = "resolution-2003-10-22-1071"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("susp")
    shutil.copytree(DEV / "163376", root / "src" / "163376")
    # the same real suspension, pointed at point 2 of an act whose text is in the corpus (resolution № 608 of
    # 03.09.2021, corpus-dev 158323) — the only edit: the target's requisite, in both languages
    ru = (root / "src" / "163376" / "rus.md").read_text(encoding="utf-8")
    head, _, rest = ru.partition("1. Приостановить до 31 декабря 2026 года действие ")
    tail = rest.split("\n", 1)[1]
    (root / "src2" / "s").mkdir(parents=True)
    (root / "src2" / "s" / "rus.md").write_text(
        head + "1. Приостановить до 31 декабря 2026 года действие пункта 2 постановления Правительства Республики "
        "Казахстан от 3 сентября 2021 года № 608.\n" + tail, encoding="utf-8")
    meta = (root / "src" / "163376" / "meta.yaml").read_text(encoding="utf-8").replace("№ 947", "№ 9470")
    (root / "src2" / "s" / "meta.yaml").write_text(meta, encoding="utf-8")
    shutil.copytree(DEV / "158323", root / "src2" / "158323")
    st = root / "store"
    r = run_cli("ingest", str(root / "src"), str(root / "src2"), store=st)
    assert r.returncode == 0, r.stderr
    return st


@pytest.mark.parametrize("day,suspended", [
    ("2021-12-29", False),  # the day before № 947 takes effect (fixed: 30.12.2021)
    ("2021-12-30", True),   # its first day
    ("2026-12-30", True),   # the last day before "до 31 декабря 2026 года"
    ("2026-12-31", False),  # the end is exclusive
])
def test_whole_act_suspension_boundary_days(store, day, suspended):
    r = run_cli("at", day, TARGET, store=store)
    assert r.returncode == 0, r.stderr
    # the act-level line names the suspending act (its key in brackets after the reason in words)
    assert ("(resolution-2021-12-29-947)" in r.stdout) is suspended, r.stdout


def test_suspension_is_its_own_event_in_rdf(store):
    q = ("PREFIX zg: <https://w3id.org/zangraph/ontology#> SELECT ?from ?until ?by WHERE { ?s a zg:Suspension ; "
         "zg:target/zg:key \"" + TARGET + "\" ; zg:effectiveFrom ?from ; zg:suspendedUntil ?until ; zg:amendingAct/zg:key ?by }")
    rows = json.loads(run_cli("sparql", q, "--format", "json", store=store).stdout)["results"]["bindings"]
    assert {(b["from"]["value"], b["until"]["value"], b["by"]["value"]) for b in rows} == {
        ("2021-12-30", "2026-12-31", "resolution-2021-12-29-947")}
    # not an amendment: the target's wording is not changed by it
    q2 = ("PREFIX zg: <https://w3id.org/zangraph/ontology#> ASK { ?e a zg:Amendment ; zg:amendingAct/zg:key "
          "\"resolution-2021-12-29-947\" }")
    assert json.loads(run_cli("sparql", q2, "--format", "json", store=store).stdout)["boolean"] is False


def test_provision_suspended_with_source_and_wording_kept(store):
    a = json.loads(run_cli("at", "2023-01-01", "resolution-2021-09-03-608", "point_2", "--format", "json",
                           store=store).stdout)
    assert a["status"] == "suspended" and a["suspended_by"]["until"] == "2026-12-31"
    assert a["suspended_by"]["act"] == "resolution-2021-12-29-9470" and a["text"]  # the wording is kept
    other = json.loads(run_cli("at", "2023-01-01", "resolution-2021-09-03-608", "point_1", "--format", "json",
                               store=store).stdout)
    assert other["status"] == "in_force"  # only point 2 is suspended
