"""Amending instructions → events → versions of the target acts, on the real seeds.

The instruction tables below were written by reading the seed texts (002: annex_1
points 1–4; 003: point 2; 004: point 1), one row per target provision, before the
parser existed for them; they are the "every instruction accounted for" check.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from zangraph.graph.reading.instructions import _replacement, doc_kind
from zangraph.graph.reading.targets import targets

from .conftest import SEEDS, run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
K125 = "resolution-2018-03-15-125"

# (operation, target act, document kind, eId in the document, amending provision)
SEED_002 = [
    ("substitution", "decree-2013-04-03-537", "polozhenie", "point_3", "annex_1__point_1__part_3"),
    ("repeal", "decree-2013-04-03-537", "polozhenie", "point_5", "annex_1__point_1__part_4"),
    ("repeal", "decree-2013-04-03-537", "polozhenie", "point_16", "annex_1__point_1__part_4"),
    ("repeal", "decree-2013-04-03-537", "polozhenie", "point_18", "annex_1__point_1__part_4"),
    ("substitution", "decree-2013-04-03-537", "sostav", "", "annex_1__point_1__part_6"),  # a line of the composition
    ("substitution", "decree-2013-08-28-624", None, "title", "annex_1__point_2__part_2"),
    ("substitution", "decree-2013-08-28-624", None, "point_1", "annex_1__point_2__part_3"),
    ("substitution", "decree-2013-08-28-624", "pravila", "", "annex_1__point_2__part_4"),  # согласно приложению
    ("substitution", "decree-2019-07-22-74", None, "preamble", "annex_1__point_3__part_2"),
    ("substitution", "decree-2019-07-22-74", "polozhenie", "point_15__subpoint_40", "annex_1__point_3__part_5"),
    ("substitution", "decree-2019-07-22-74", "polozhenie", "point_15__subpoint_44-3", "annex_1__point_3__part_6"),
    ("repeal", "decree-2019-07-22-74", "polozhenie", "point_15__subpoint_44-9", "annex_1__point_3__part_7"),
    ("repeal", "decree-2019-07-22-74", "polozhenie", "point_15__subpoint_44-10", "annex_1__point_3__part_7"),
    ("insertion", "decree-2019-07-22-74", "polozhenie", "point_15__subpoint_44-28", "annex_1__point_3__part_8"),
    ("insertion", "decree-2019-07-22-74", "polozhenie", "point_15__subpoint_44-29", "annex_1__point_3__part_8"),
    ("insertion", "decree-2019-07-22-74", "polozhenie", "point_15__subpoint_44-30", "annex_1__point_3__part_8"),
    ("insertion", "decree-2019-07-22-74", "polozhenie", "point_15__subpoint_44-31", "annex_1__point_3__part_8"),
    ("substitution", "decree-2022-02-02-802", "koncepciya", "section_4__part_4", "annex_1__point_4__part_3"),
    ("substitution", "decree-2022-02-02-802", "koncepciya", "point_6.1__subpoint_1", "annex_1__point_4__part_4"),
    ("substitution", "decree-2022-02-02-802", "plan", "", "annex_1__point_4__part_7"),  # "строку:" + "изложить"
]
SEED_003 = [  # Kazakh
    ("substitution", "decree-2013-03-07-520", "polozhenie", "point_3__subpoint_2-2", "point_2__subpoint_1__part_3"),
    ("substitution", "decree-2013-03-07-520", "polozhenie", "point_4__subpoint_2-2", "point_2__subpoint_1__part_4"),
    ("substitution", "decree-2013-03-07-520", "tipovoe-polozhenie", "point_1", "point_2__subpoint_1__part_6"),
    ("substitution", "decree-2013-03-07-520", "tipovoe-polozhenie", "point_3", "point_2__subpoint_1__part_7"),
    ("substitution", "decree-2013-03-07-520", "tipovoe-polozhenie", "point_4", "point_2__subpoint_1__part_8"),
    ("substitution", "decree-2013-03-07-520", "tipovoe-polozhenie", "point_12", "point_2__subpoint_1__part_9"),
    ("substitution", "decree-2013-03-07-520", "tipovoe-sostav", "", "point_2__subpoint_1__part_10"),  # "деген жол"
    ("repeal", "decree-2019-08-27-141", "sostav", "", "point_2__subpoint_2__part_2"),  # "деген жол алып тасталсын"
]
SEED_004 = [("substitution", K125, None, "preamble", "point_1__part_2")] + [
    ("substitution", K125, "pravila", f"point_{n}", part) for n, part in
    [("1", "point_1__part_4"), ("4", "point_1__part_5"), ("11-1", "point_1__part_6"), ("14", "point_1__part_7"),
     ("15", "point_1__part_7"), ("24", "point_1__part_8"), ("29", "point_1__part_9")]
] + [("insertion", K125, "pravila", f"point_{n}", "point_1__part_10") for n in ("29-1", "29-2", "29-3")] + [
    ("substitution", K125, "pravila", "point_30", "point_1__part_11"),
    ("substitution", K125, "pravila", "point_30-1", "point_1__part_11"),
    ("insertion", K125, "pravila", "chapter_4-1", "point_1__part_12"),
] + [("insertion", K125, "pravila", f"point_{n}", "point_1__part_13") for n in ("30-2", "30-3", "30-4")]


@pytest.mark.parametrize("seed,table", [("002", SEED_002), ("003", SEED_003), ("004", SEED_004)])
def test_every_instruction_is_accounted_for(acts, seed, table):
    act = acts[seed]
    got = [(i.operation, i.target.ref.key, i.document.kind if i.document else None, i.path, i.eid)
           for i in act.instructions]
    assert got == table
    assert not [p for p in act.problems if "instruction" in p.message]


def test_quoted_wording_is_parsed_into_provisions(acts):
    """A restated point keeps its subpoints; a restated document is the amending act's annex."""
    ins = {(i.target.ref.key, i.path): i for i in acts["004"].instructions}
    p29 = ins[(K125, "point_29")].new_provisions[0]
    assert [c.eid for c in p29.children if c.kind == "subpoint"] == [f"point_29__subpoint_{n}" for n in range(1, 6)]
    rules = next(i for i in acts["002"].instructions if i.document and i.document.kind == "pravila")
    assert [p.eid for p in rules.new_provisions if p.kind == "point"] == [f"point_{n}" for n in range(1, 21)][:len(
        [p for p in rules.new_provisions if p.kind == "point"])]
    assert sum(1 for top in rules.new_provisions for q in top.walk() if q.kind == "point") == 20
    line = next(i for i in acts["002"].instructions if i.document and i.document.kind == "sostav")
    assert (line.old_text, line.new_text) == ("Министр юстиции Республики Казахстан",
                                              "Министр по чрезвычайным ситуациям Республики Казахстан")


def test_target_titles_are_taken_from_the_act_context(acts):
    titles = {i.target.ref.key: i.target.title for i in acts["003"].instructions}
    assert titles["decree-2019-08-27-141"] == "Президенттік жастар кадр резервінің кейбір мәселелері туралы"


@pytest.mark.parametrize("head,within,expected,why", [
    ("пункты 5, 16 и 18 исключить;", "", ["point_5", "point_16", "point_18"], "a list of points"),
    ("5, 16 және 18-тармақтар алып тасталсын;", "", ["point_5", "point_16", "point_18"], "Kazakh list"),
    ("дополнить подпунктами 44-28), 44-29) следующего содержания:", "point_15",
     ["point_15__subpoint_44-28", "point_15__subpoint_44-29"], "subpoints inside 'в пункте 15:'"),
    ("15-тармақ мынадай мазмұндағы 3-1) тармақшамен толықтырылсын:", "", ["point_15__subpoint_3-1"], "Kazakh insertion"),
    ("в разделе 4 \"Видение\" часть четвертую изложить в следующей редакции:", "", ["section_4__part_4"], "a part"),
])
def test_targets(head, within, expected, why):
    assert targets(head, within) == expected, why


def test_word_replacement_and_document_kinds():
    assert _replacement("в пункте 3 слова «три года» заменить словами «два года»;") == ("три года", "два года")
    assert doc_kind("Правилах подготовки, переподготовки") == "pravila"
    assert doc_kind("Қазақстан Республикасының Президенті жанындағы Жастар кадр резерві жөніндегі ұлттық комиссияның құрамында") == "sostav"


def _json(*args, store):
    r = run_cli(*args, "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _sparql(q, store):
    r = run_cli("sparql", "--format", "json", "PREFIX zg: <https://w3id.org/zangraph/ontology#>\n"
                "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n" + q, store=store)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["results"]["bindings"]


def test_issue_examples_on_the_bundled_store(store_dir):
    """The issue's examples: resolution 125 exists with its title; 969's events; 29-2's wording."""
    rows = _sparql(f"""SELECT DISTINCT ?title WHERE {{ ?a zg:key "{K125}" ; eli:title ?title }}""", store_dir)
    assert [r["title"]["value"] for r in rows] == [
        "Об утверждении Правил подготовки, переподготовки и повышения квалификации государственных служащих, "
        "требований к организациям образования, осуществляющим повышение квалификации государственных служащих"]
    rows = _sparql(f"""SELECT DISTINCT ?eid ?op WHERE {{ ?e a zg:Amendment ; zg:amendingAct/zg:key "resolution-2023-11-03-969" ;
        zg:targetAct/zg:key "{K125}" ; zg:target/zg:eId ?eid ; zg:operation ?op }}""", store_dir)
    ops = {}
    for r in rows:
        ops.setdefault(r["eid"]["value"], []).append(r["op"]["value"].rsplit("#", 1)[1])
    for n in ("29-1", "29-2", "29-3"):
        assert ops[f"annex_pravila__point_{n}"] == ["Insertion"]
    assert ops["annex_pravila__chapter_4-1"] == ["Insertion"]
    assert ops["annex_pravila__point_14"] == ["Substitution"] and ops["annex_pravila__point_15"] == ["Substitution"]
    assert len(ops) == len(SEED_004)  # one event per target provision
    a = _json("at", "2024-06-01", K125, "annex_pravila__point_29-2", store=store_dir)
    assert a["status"] == "in_force" and a["text"].startswith(
        "29-2. Отсрочка в случае, указанном в подпункте 1) пункта 29 настоящих Правил, предоставляется на срок лечения")
    assert _json("at", "2023-06-01", K125, "annex_pravila__point_29-2", store=store_dir)["status"] == "absent"
    # earlier wording of a restated point: it existed, its text is not in the corpus
    b = _json("at", "2023-06-01", K125, "annex_pravila__point_14", store=store_dir)
    assert (b["status"], b["text_known"], b["text"]) == ("in_force", False, None)


def test_three_points_of_537_excluded(store_dir):
    rows = _sparql("""SELECT DISTINCT ?eid WHERE { ?e zg:amendingAct/zg:key "decree-2025-04-23-853" ;
        zg:targetAct/zg:key "decree-2013-04-03-537" ; zg:operation zg:Repeal ; zg:target/zg:eId ?eid }""", store_dir)
    assert sorted(r["eid"]["value"] for r in rows) == [f"annex_polozhenie__point_{n}" for n in (16, 18, 5)]
    assert _json("at", "2026-01-01", "decree-2013-04-03-537", "annex_polozhenie__point_5",
                 store=store_dir)["status"] == "no_longer_in_force"


def test_diff_of_a_title_known_on_both_days(store_dir):
    """Decree 853 quotes 624's old title in its act context and restates it: both known."""
    d = _json("diff", "decree-2013-08-28-624", "title", "--from", "2024-01-01", "--to", "2026-01-01", store=store_dir)
    ins = [r["text"].strip() for r in d["diff"] if r["op"] == "insert"]
    dele = [r["text"].strip() for r in d["diff"] if r["op"] == "delete"]
    assert "кадрового" in ins and "руководства правоохранительных и" in dele


def test_diff_refuses_unknown_wordings(store_dir):
    r = run_cli("diff", K125, "annex_pravila__point_14", "--from", "2023-06-01", "--to", "2024-06-01", store=store_dir)
    assert r.returncode == 1 and "not known" in r.stdout


def test_ingesting_004_twice_adds_nothing(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run_cli("ingest", str(SEEDS["004"]), store=one)
    for _ in range(2):
        run_cli("ingest", str(SEEDS["004"]), store=two)
    dumps = [run_cli("export", "--format", "nquads", store=s).stdout for s in (one, two)]
    assert sorted(dumps[0].splitlines()) == sorted(dumps[1].splitlines())
    rows = _sparql("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a zg:key \"resolution-2023-11-03-969\" }", two)
    assert rows[0]["n"]["value"] == "1"


@pytest.mark.parametrize("fixture", ["125-before-969.txt", "125-after-969.txt"])
def test_consolidation_is_the_same_in_both_orders(tmp_path, fixture):
    """Target text then amending act, or the reverse: the same store (see tests/fixtures/README.md)."""
    a, b = tmp_path / "a", tmp_path / "b"
    target, amending = str(FIXTURES / fixture), str(SEEDS["004"])
    for s, order in ((a, (target, amending)), (b, (amending, target))):
        for f in order:
            assert run_cli("ingest", f, store=s).returncode == 0
    dumps = [sorted(run_cli("export", "--format", "nquads", store=s).stdout.splitlines()) for s in (a, b)]
    assert dumps[0] == dumps[1]


def test_operations_applied_to_an_earlier_text(tmp_path):
    """Before 969 the fixture's wording holds; from 969 on, 969's; a subpoint the new wording
    lacks ends; an inserted point is absent before; a point 969 does not touch goes on."""
    s = tmp_path / "s"
    run_cli("ingest", str(FIXTURES / "125-before-969.txt"), str(SEEDS["004"]), store=s)
    before = _json("at", "2022-01-01", K125, "annex_1__point_14", store=s)
    assert before["text"] == "14. ФИКСТУРА: прежняя редакция пункта 14 (не текст акта)."
    after = _json("at", "2024-06-01", K125, "annex_1__point_14", store=s)
    assert after["text"].startswith("14. В Академии государственного управления проходят повышение квалификации")
    assert _json("at", "2024-06-01", K125, "annex_1__point_15__subpoint_3", store=s)["status"] == "no_longer_in_force"
    assert _json("at", "2022-01-01", K125, "annex_1__point_29-2", store=s)["status"] == "absent"
    assert _json("at", "2024-06-01", K125, "annex_1__point_16", store=s)["text"].startswith("16. ФИКСТУРА")
    d = _json("diff", K125, "annex_1__point_15__subpoint_1", "--from", "2022-01-01", "--to", "2024-06-01", store=s)
    assert d["same_version"] is False and all(r["op"] == "equal" for r in d["diff"])  # same words, new version


def test_one_event_two_sources_and_disagreements(tmp_path):
    s = tmp_path / "s"
    run_cli("ingest", str(SEEDS["004"]), str(FIXTURES / "125-after-969.txt"), store=s)
    rows = _sparql(f"""SELECT DISTINCT ?src WHERE {{ ?e zg:amendingAct/zg:key "resolution-2023-11-03-969" ;
        zg:targetAct/zg:key "{K125}" ; zg:target/zg:eId "annex_1__point_14" ; zg:learntFrom ?src }}""", s)
    srcs = sorted(r["src"]["value"].rsplit("/", 3)[-3:][0] for r in rows)
    assert len(rows) == 2, "the footnote and the instruction are one event with two sources"
    r = run_cli("audit", "--format", "json", store=s)
    assert r.returncode == 1
    found = json.loads(r.stdout)["disagreements"]
    msgs = [w["message"] for w in found]
    assert any("annex_1__point_16" in m and "footnote" in m for m in msgs)  # footnote names 969, 969 is silent
    assert any("annex_1__point_30-1" in m and "not in the known text" in m for m in msgs)
    loc = next(w["locations"] for w in found if "annex_1__point_16" in w["message"])
    assert loc[0].endswith("125-after-969.txt:30")
    assert srcs


def test_word_replacement_is_applied_to_a_known_wording():
    """No seed replaces words, so the event is built from 969's act with one instruction
    swapped for a word replacement on the fixture's point 24 (in process; no new text file)."""
    from dataclasses import replace

    from zangraph.graph.consolidation.consolidate import consolidate
    from zangraph.graph.model import DocRef, Instruction
    from zangraph.graph.reading.parse import parse_file
    from zangraph.graph.time.temporal import Settings

    target = parse_file(FIXTURES / "125-before-969.txt")
    a969 = parse_file(SEEDS["004"])
    ins = Instruction("word_replacement", a969.instructions[0].target, DocRef("pravila", "Правилах"), "point_24",
                      'в пункте 24 слова «прежняя редакция» заменить словами «новая редакция»;',
                      "point_1__part_8", 132, new_text="новая редакция", old_text="прежняя редакция")
    c = consolidate(target.ref, [target], [replace(a969, instructions=(ins,))], Settings())
    chain = c.chains["annex_1__point_24"]
    assert [s.texts.get("ru") for s in chain] == ["24. ФИКСТУРА: прежняя редакция пункта 24.",
                                                   "24. ФИКСТУРА: новая редакция пункта 24."]
    assert chain[1].intro.operation == "word_replacement"


def test_target_named_only_in_the_title(tmp_path):
    """Issue 14 item 5: an amending act whose title names its target ("О внесении изменений и дополнений в
    постановление … от 15 марта 2018 года № 125 …") and whose points then amend it without naming it again. The
    real resolution № 969 (seed 004) with its "1. Внести в … № 125 … следующие изменения и дополнения:" sentence
    cut down to "1. Внести следующие изменения и дополнения:" must still address № 125, the same provisions."""
    from zangraph.graph.reading.parse import parse_bytes

    raw = SEEDS["004"].read_bytes().decode("utf-8")
    head, sep, rest = raw.partition("      1. Внести в  Правительства")
    body = rest.split("изменения и дополнения:", 1)[1]
    cut = head + "      1. Внести следующие изменения и дополнения:" + body
    whole = parse_bytes(raw.encode(), "004.txt")
    title_only = parse_bytes(cut.encode(), "004-cut.txt")
    got = sorted({(i.target.ref.key, i.path, i.operation) for i in title_only.instructions})
    assert got == sorted({(i.target.ref.key, i.path, i.operation) for i in whole.instructions})
    assert {i.target.ref.key for i in title_only.instructions} == {"resolution-2018-03-15-125"}
