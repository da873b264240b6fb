"""Positions, qualification requirements, SHACL shapes and eligibility (issue 4).

Expected values are read off the law texts by hand (the quoted words are in each row),
not copied from the program's output.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from rdflib import Graph
from zangraph.graph.requirements.durations import durations
from zangraph.graph.requirements.eligibility import candidate_from_json, check
from zangraph.graph.requirements.positions import cards
from zangraph.graph.requirements.requirements import parse_requirements
from zangraph.graph.store.graphstore import GraphStore

from .conftest import SEEDS, run_cli

# ---------------------------------------------------------------- numerals in every case form

DURATIONS = [  # (text, [(value, unit)], why)
    ("не менее семи лет стажа", [(84, "months")], "genitive 'семи' + 'лет'"),
    ("не менее шести месяцев стажа", [(6, "months")], "months, genitive"),
    ("не менее одного года", [(12, "months")], "'одного года'"),
    ("не менее пятнадцати лет", [(180, "months")], "the education waiver of 485 point 3"),
    ("не менее трҰх лет стажа", [(36, "months")], "485 point 7 part 2 as exported: ё lost as 'Ұ' (normaliser repairs it)"),
    ("кемінде екі жыл жұмыс өтілі", [(24, "months")], "Kazakh 'кемінде' before"),
    ("үш жылдан кем емес еңбек өтілі", [(36, "months")], "Kazakh ablative 'жылдан кем емес'"),
    ("отыз бес жастан аспаған", [(35, "age")], "Kazakh maximum age, compound numeral"),
]


@pytest.mark.parametrize("text,expected,why", DURATIONS)
def test_durations(text, expected, why):
    from zangraph.graph.reading.normalise import repair_chars

    assert [(s.value, s.unit) for s in durations(repair_chars(text))] == expected, why


# ---------------------------------------------------------------- requirements parsed from the real texts


def _sets(acts, seed, eid):
    a = acts[seed]
    return parse_requirements(eid, a.provision(eid).full_text(), a.language)


def _alt(sets, suffix):
    return next(a for s in sets for a in s.alternatives if a.eid.endswith(suffix))


ALTERNATIVES = [  # (eid, subpoint, {kind: months}, conditions, why)
    ("annex_1__point_7", "subpoint_4", {"total": 60, "sector": 36, "national_holding_director": 24}, (),
     "issue example: 'не менее пяти лет … трех лет … в отрасли … двух лет … директоров департаментов … холдингов'"),
    ("annex_1__point_6", "subpoint_1", {"total": 84, "sector": 48, "political_or_corps_a": 12}, (),
     "'семи лет … четырех лет … одного года стажа государственной службы на политических … корпуса \"А\"'"),
    ("annex_1__point_6", "subpoint_5", {"total": 84, "sector": 60, "sme_deputy_head": 36}, (),
     "'пяти лет стажа работы в отрасли … трех лет … среднего предпринимательства'"),
    ("annex_1__point_7", "subpoint_2-1", {"total": 72, "law_enforcement_leadership": 12}, (),
     "subpoint 2-1 has no sector period: 'в том числе не менее одного года на должностях … правоохранительного'"),
    ("annex_1__point_7", "subpoint_7", {"total": 60, "sector": 48, "leadership": 24}, ("academic_degree",),
     "'при условии наличия ученой степени'"),
    ("annex_1__point_8", "subpoint_1", {"total": 60, "civil_service": 24, "political_or_corps_a": 6}, (),
     "'двух лет стажа государственной службы … шести месяцев … на политических'"),
    ("annex_1__point_8", "subpoint_8", {"total": 36}, ("phd_leading_foreign_university",), "'программам докторантуры (PhD'"),
    ("annex_1__point_8", "subpoint_10", {"total": 60}, ("presidential_youth_reserve",), "'Президентский молодежный кадровый резерв'"),
    ("annex_1__point_8", "subpoint_11", {}, ("presidential_consent",), "'либо согласие Президента' — no period at all"),
]


@pytest.mark.parametrize("eid,sub,periods,conds,why", ALTERNATIVES)
def test_alternatives_of_decree_485(acts, eid, sub, periods, conds, why):
    alt = _alt(_sets(acts, "000", eid), sub)
    assert {p.kind: p.months for p in alt.periods} == periods, why
    assert alt.conditions == conds, why


def test_requirements_on_top_of_every_alternative(acts):
    # Point 8 opens with 'требуется наличие не менее двух лет стажа … организационно-распорядительных' and
    # point 7's last part adds three years of such work for akims of regional centres only.
    p8 = _sets(acts, "000", "annex_1__point_8")
    assert [(p.kind, p.months) for p in p8[0].common] == [("org_admin_functions", 24)]
    p7 = _sets(acts, "000", "annex_1__point_7")
    assert len(p7) == 2 and p7[1].who == "акимов городов, являющихся административными центрами областей"
    assert [(p.kind, p.months) for p in p7[1].common] == [("org_admin_functions", 36)]


def test_corps_b_categories_not_below(acts):
    # 'не ниже категорий А-1, В-2, С-2, D-2, С-О-2, D-О-2': C-3 is below C-2, C-1 is above it.
    period = _alt(_sets(acts, "000", "annex_1__point_6"), "subpoint_2").period("corps_b")
    accepted = period.accepted_categories()
    assert "C-1" in accepted and "C-2" in accepted and "C-3" not in accepted and "D-O-2" in accepted


def test_education_and_its_waiver(acts):
    # Point 3: higher education; 'не требуется … по специальности при … не менее пятнадцати лет'.
    (s,) = _sets(acts, "000", "annex_1__point_3")
    assert s.who is None and s.education.level == "higher" and s.education.waiver_months == 180
    assert any("утверждаются непосредственным руководителем" in n for n in s.notes), "non-checkable parts kept as notes"


def test_regional_reserve_in_kazakh(acts):
    # 255 Rules point 4: 'отыз бес жастан аспаған, жоғары білімі және үш жылдан кем емес еңбек өтілі бар'.
    (s,) = _sets(acts, "003", "annex_1__point_4")
    assert (s.max_age, s.education.level) == (35, "higher")
    assert [(p.kind, p.months) for p in s.alternatives[0].periods] == [("total", 36)]


def test_no_requirements_invented_elsewhere(acts):
    # Amending acts and procedural points state no qualification requirements.
    for seed in ("002", "004"):
        a = acts[seed]
        assert not [p.eid for p in a.walk() if p.kind == "point" and parse_requirements(p.eid, p.full_text(), a.language)]


# ---------------------------------------------------------------- position cards of seed 001


def test_every_card_of_001_becomes_positions(acts):
    raw = SEEDS["001"].read_text(encoding="utf-8").replace("i", "і")
    headers = len(re.findall(r"^Бірлік(?:тер)? саны", raw, re.M))  # counted on the raw file, independently
    found, problems = cards(acts["001"].provision("annex_1"))
    assert len(found) == headers
    assert sum(c.headcount for c in found) == sum(len(c.numbers) for c in found), "each number is one post"
    first = found[0]
    assert (first.numbers, first.category, first.title) == (("01-1-1",), "C-3", "Кеңесші")
    assert "құқық" in first.education and "үлгі біліктілік талаптарына" in first.experience
    split = next(c for c in found if "17-4-1" in c.numbers)
    assert split.category == "C-3", "'1 С- 3 17-4-1': category split over a space, Cyrillic С"
    spaced = next(c for c in found if c.line == 26521)  # raw line 26521: "1 С-4 33-1- 2" follows the header
    assert spaced.numbers == ("33-1-2",), "'33-1- 2' keeps its number without the space"
    dup = [c for c in found if "26-0-1" in c.numbers]
    assert len(dup) == 2 and dup[0].title != dup[1].title
    assert any("26-0-1 is on two cards" in p.message for p in problems)


# ---------------------------------------------------------------- in the store, on a date


@pytest.fixture(scope="module")
def gs(store_dir, tmp_path_factory):
    # An in-process store on a copy of the CLI-built store: RocksDB allows one process per store directory.
    import shutil

    copy = tmp_path_factory.mktemp("copy") / "zg"
    shutil.copytree(store_dir, copy, ignore=shutil.ignore_patterns("LOCK"))
    return GraphStore(copy)


def test_issue_example_point_7_subpoint_4(gs):
    from zangraph.graph.queries.requirements import requirements_at

    r = requirements_at(gs, date(2025, 6, 1), "decree-2020-12-31-485", "annex_1__point_7__subpoint_4")
    assert r["status"] == "in_force" and r["only_alternative"] == "annex_1__point_7__subpoint_4"
    alt = next(a for rs, _ in r["sets"] for a in rs.alternatives if a.eid == "annex_1__point_7__subpoint_4")
    assert {p.kind: p.months for p in alt.periods} == {"total": 60, "sector": 36, "national_holding_director": 24}
    assert any(rs.education and rs.education.level == "higher" for rs, _ in r["sets"]), "point 3 applies too"
    versions = {prov["version"].rsplit("/", 1)[-1] for _, prov in r["sets"]}
    assert versions == {"decree-2024-07-31-612", "decree-2025-03-17-817"}, "stated in the versions in force that day"


def test_unknown_wording_gives_unknown(gs):
    from zangraph.graph.queries.requirements import requirements_at

    # Point 7 was amended by № 612 of 31.07.2024; the wording before it is not in the sources.
    r = requirements_at(gs, date(2024, 5, 14), "decree-2020-12-31-485", "annex_1__point_7")
    assert r["sets"] == [] or all(p["eId"] != "annex_1__point_7" for _, p in r["sets"])
    assert any(u["eId"] == "annex_1__point_7" for u in r["unknown"])


CANDIDATES = [  # (candidate, day, expected exit code, why)
    ({"education": {"level": "higher"}, "experience": [{"kind": "total", "months": 60}, {"kind": "sector", "months": 36},
      {"kind": "national_holding_director", "months": 24}]}, "2025-06-01", 0, "issue example: eligible via subpoint 4"),
    ({"education": {"level": "higher"}, "experience": [{"kind": "total", "months": 48}, {"kind": "sector", "months": 36},
      {"kind": "national_holding_director", "months": 24}]}, "2025-06-01", 1, "issue example: 4 years total is not enough"),
    ({"education": {"level": "none"}, "experience": [{"kind": "total", "months": 60}, {"kind": "sector", "months": 36},
      {"kind": "national_holding_director", "months": 24}]}, "2025-06-01", 1, "point 3: higher education required"),
    ({"education": {"level": "higher"}, "experience": [], "conditions": ["presidential_consent"]}, "2025-06-01", 0,
     "subpoint 11: the President's consent alone"),
    ({"education": {"level": "higher"}, "experience": [{"kind": "total", "months": 60}, {"kind": "sector", "months": 36},
      {"kind": "national_holding_director", "months": 24}]}, "2024-05-14", 3, "wording in force that day unknown"),
]


@pytest.mark.parametrize("cand,day,code,why", CANDIDATES)
def test_check_cli(store_dir, tmp_path, cand, day, code, why):
    f = tmp_path / "c.json"
    f.write_text(json.dumps(cand), encoding="utf-8")
    r = run_cli("check", str(f), "--act", "decree-2020-12-31-485", "--eid", "annex_1__point_7", "--at", day,
                "--format", "json", store=store_dir)
    assert r.returncode == code, (why, r.stdout[-800:], r.stderr)
    out = json.loads(r.stdout)
    if code == 0:
        assert out["satisfied"] and out["shacl"]["conforms"] is True
    if code == 1:
        assert out["missing"] and out["shacl"]["conforms"] is False
    if why.startswith("issue example: 4 years"):
        lack = next(m for m in out["missing"] if m["alternative"] == "annex_1__point_7__subpoint_4")["lacking"]
        assert lack == [{"kind": "total", "required_months": 60, "candidate_months": 48,
                         "text": "total experience ≥ 60 months; candidate has 48"}]


def test_check_bad_candidate_is_exit_2(store_dir, tmp_path):
    f = tmp_path / "c.json"
    f.write_text('{"experience": [{"kind": "total", "months": "five"}]}', encoding="utf-8")
    r = run_cli("check", str(f), "--act", "decree-2020-12-31-485", "--eid", "annex_1__point_7", "--at", "2025-06-01",
                store=store_dir)
    assert r.returncode == 2 and "experience[0].months" in r.stderr and "expected e.g." in r.stderr


def test_card_position_in_force_then_repealed(store_dir):
    # Card 01-1-1 of order № 75 of 07.03.2014 (C-3); the order was repealed by order № 74 of 02.10.2014.
    r = run_cli("positions", "--number", "01-1-1", "--at", "2014-09-01", "--format", "json", store=store_dir)
    (p,) = json.loads(r.stdout)
    assert (p["category"], p["act"], p["status"]) == ("C-3", "order-2014-03-07-75", "in_force")
    r = run_cli("positions", "--number", "01-1-1", "--at", "2015-01-01", "--format", "json", store=store_dir)
    assert json.loads(r.stdout)[0]["status"] == "no_longer_in_force"


def test_card_check_is_unknown_not_guessed(store_dir, tmp_path):
    r = run_cli("positions", "--number", "01-1-1", "--format", "json", store=store_dir)
    pos = json.loads(r.stdout)[0]["position"]
    f = tmp_path / "c.json"
    f.write_text(json.dumps({"education": {"level": "higher", "field": "құқық"}, "experience": [{"kind": "total", "months": 120}]}))
    r = run_cli("check", str(f), "--position", pos, "--at", "2014-09-01", "--format", "json", store=store_dir)
    assert r.returncode == 3, r.stdout[-500:]
    assert any("order-2008-01-09-02-01-02_5" in u["text"] for u in json.loads(r.stdout)["unknown"])


# ---------------------------------------------------------------- SHACL: data shapes


def test_whole_store_validates_with_the_duplicate_as_warning(store_dir):
    r = run_cli("validate", "--format", "json", store=store_dir)
    assert r.returncode == 0, r.stdout[-2000:]
    res = json.loads(r.stdout)
    assert {x["severity"] for x in res} == {"Warning"} and all("26-0-1" in x["focus"] for x in res)


def _decree_485_graph(gs) -> Graph:
    data = gs.store.query("""CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o }
        FILTER(STRSTARTS(STR(?g), "https://w3id.org/zangraph/kz/eli/decree/2020/12/31/485")
            || ?g = <https://w3id.org/zangraph/ontology>) }""")
    g = Graph()
    from pyoxigraph import RdfFormat

    g.parse(data=data.serialize(format=RdfFormat.N_TRIPLES), format="nt")
    return g


BREAKS = """
@prefix zg: <https://w3id.org/zangraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:x:v1> a zg:Version ; zg:versionOf <urn:x:p> ; zg:validFrom "2024-01-10"^^xsd:date ; zg:validUntil "2024-01-01"^^xsd:date ; zg:textKnown true .
<urn:x:v2> a zg:Version ; zg:versionOf <urn:x:q> ; zg:validFrom "2024-01-01"^^xsd:date ; zg:textKnown false .
<urn:x:v3> a zg:Version ; zg:versionOf <urn:x:q> ; zg:validFrom "2024-06-01"^^xsd:date ; zg:textKnown "yes" .
<urn:x:e> a zg:Amendment ; zg:operation zg:Substitution ; zg:target <urn:x:p> .
<urn:x:pos1> a zg:Position ; zg:establishedBy <urn:x:p> ; zg:positionNumber "1-1" ; zg:category "С-3" ; zg:act <urn:x:a> .
<urn:x:pos2> a zg:Position ; zg:establishedBy <urn:x:p> ; zg:positionNumber "1-1" ; zg:category "C-3" ; zg:act <urn:x:a> .
"""


def test_compiled_shapes_agree_with_pyshacl(gs):
    # The ingest-time validator (shapes compiled to SPARQL) and pyshacl must report the same focus nodes, on
    # real data (decree 485 and its ontology: conforms) and on that data with one break per shape.
    from pyoxigraph import Store
    from zangraph.graph.rdf.validate import pyshacl_report, run_checks

    g = _decree_485_graph(gs)
    g.parse(data=BREAKS, format="turtle")
    conforms, ours_ref, _ = pyshacl_report(g)
    st = Store()
    from pyoxigraph import RdfFormat

    st.load(g.serialize(format="nt").encode(), format=RdfFormat.N_TRIPLES)
    ours = run_checks(st.query)
    key = lambda rs: {(r.severity, r.focus) for r in rs}  # noqa: E731
    assert not conforms
    assert key(ours) == key(ours_ref)
    assert {f for _s, f in key(ours)} == {f"urn:x:{x}" for x in ("v1", "v2", "v3", "e", "pos1", "pos2")}


def test_ingest_validates_only_the_predicates_the_checks_read(gs):
    # The ingest loads only the quads whose predicate a check (or the source-line finder) can read
    # (rdf.validate.needed_predicates) — half the quads. Two things make that safe, and both are checked:
    # no check reads a *variable* predicate (every triple pattern and path of every compiled query, parsed by
    # rdflib's own SPARQL parser, names its predicate, and each is kept); and on real data with one break per
    # shape (decree 485 + BREAKS) the checks over the kept quads give exactly the results over all of them.
    from pyoxigraph import RdfFormat, Store
    from rdflib.paths import Path as RdfPath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable
    from zangraph.graph.rdf.validate import _LINE_QUERY, data_checks, needed_predicates, run_checks, validate_nquads

    keep = needed_predicates()
    preds = []

    def walk(node):
        if isinstance(node, dict):
            if getattr(node, "name", None) == "BGP":
                preds.extend(t[1] for t in node["triples"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list | tuple):
            for v in node:
                walk(v)

    def iris(p):
        if isinstance(p, RdfPath):
            for part in getattr(p, "args", None) or [getattr(p, "path", None) or getattr(p, "arg", None)]:
                yield from iris(part)
        else:
            yield p

    for q in [c.query for c in data_checks()] + [_LINE_QUERY.replace("FOCUS", "urn:x:f")]:
        walk(prepareQuery(q).algebra)
    named = {i for p in preds for i in iris(p)}
    assert not [p for p in named if isinstance(p, Variable)]
    assert {f"<{p}>" for p in named} <= keep and len(named) > 20

    g = _decree_485_graph(gs)
    g.parse(data=BREAKS, format="turtle")
    everything = g.serialize(format="nt").encode()
    kept = b"".join(line + b"\n" for line in everything.splitlines() if line.split(b" ", 2)[1:2]
                    and line.split(b" ", 2)[1].decode() in keep)
    assert 0 < len(kept) < len(everything)
    st = Store()
    st.load(everything, format=RdfFormat.N_TRIPLES)
    whole = run_checks(st.query)
    assert {r.focus for r in whole} >= {f"urn:x:{x}" for x in ("v1", "v2", "v3", "e", "pos1", "pos2")}
    assert validate_nquads(kept) == whole


def test_pyrudof_agrees_on_core_shapes(gs):
    # An independent engine (rudof, Rust) on the same data: the same nodes fail the Core constraints.
    pyrudof = pytest.importorskip("pyrudof")
    from rdflib.namespace import SH
    from zangraph.graph.rdf.validate import DATA_SHAPES, pyshacl_report

    shapes = Graph().parse(DATA_SHAPES)
    for s, _o in list(shapes.subject_objects(SH.sparql)):
        shapes.remove((s, SH.sparql, None))
    g = Graph().parse(data=BREAKS, format="turtle")
    g.parse(data="""@prefix zg: <https://w3id.org/zangraph/ontology#> . <urn:x:a> a zg:Act ; zg:key "decree-2020-12-31-485" .""",
            format="turtle")
    _c, ref, _ = pyshacl_report(g, shapes)
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(g.serialize(format="turtle"))
    rudof.read_shacl(shapes.serialize(format="turtle"))
    report = rudof.validate_shacl()
    theirs = {str(r.focus_node).strip("<>") for r in report if "Violation" in str(r.severity)}
    ref_nodes = {r.focus for r in ref if r.severity == "Violation"}
    assert report.conforms is False and ref_nodes
    assert theirs == ref_nodes


def test_ingest_rejects_a_violation_and_changes_nothing(tmp_path):
    # The first cards of 001 (real text), then the same text with the category of card 01-1-1 mistyped as
    # 'С-333' (not a category): the second ingest is rejected with the focus node and the source line, and
    # the store stays as the first ingest left it. (The head of a text looks truncated: taken on purpose,
    # with --allow-truncated, and --force to let the cut text replace the stored cut text.)
    store = tmp_path / "zg"
    text = "\n".join(SEEDS["001"].read_text(encoding="utf-8").split("\n")[:160])
    good, bad = tmp_path / "001-head.txt", tmp_path / "001-bad-category.txt"
    good.write_text(text, encoding="utf-8")
    bad.write_text(text.replace("1 С-3 01-1-1", "1 С-333 01-1-1"), encoding="utf-8")
    assert run_cli("ingest", str(good), "--allow-truncated", store=store).returncode == 0
    before = run_cli("export", "--format", "nquads", store=store).stdout
    r = run_cli("ingest", str(bad), "--allow-truncated", "--force", store=store)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "post/01-1-1" in r.stderr and "source line 64" in r.stderr and "category" in r.stderr
    assert run_cli("export", "--format", "nquads", store=store).stdout == before


# ---------------------------------------------------------------- SHACL: candidate shapes, two engines


def test_candidate_shapes_mean_the_same_in_two_engines(gs, tmp_path):
    import pyshacl
    from zangraph.graph.queries.requirements import requirements_at
    from zangraph.graph.requirements.shapes import candidate_graph, candidate_shapes

    pyrudof = pytest.importorskip("pyrudof")
    r = requirements_at(gs, date(2025, 6, 1), "decree-2020-12-31-485", "annex_1__point_7")
    shapes = candidate_shapes(r["sets"])
    for cand, _day, _code, why in CANDIDATES[:4]:
        c = candidate_from_json(cand)
        ours = check(r["sets"], c)["eligible"]
        ok, _rep, _t = pyshacl.validate(candidate_graph(c), shacl_graph=shapes)
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_data(candidate_graph(c).serialize(format="turtle"))
        rudof.read_shacl(shapes.serialize(format="turtle"))
        assert ok == (ours is not False) == rudof.validate_shacl().conforms, why


def test_shapes_cli_writes_a_self_contained_graph(store_dir, tmp_path):
    out = tmp_path / "s.ttl"
    r = run_cli("shapes", "--act", "decree-2023-06-15-255", "--eid", "annex_1__point_4", "--at", "2024-01-01",
                "-o", str(out), store=store_dir)
    assert r.returncode == 0, r.stderr
    g = Graph().parse(out)
    text = out.read_text(encoding="utf-8")
    assert "maxInclusive 35" in text.replace('"35"^^xsd:integer', "35") and len(g) > 10
