"""Footnotes and their time (issue 14 item 2), over a real store built by the CLI from corpus-dev.

Each case names the source line it was read from; expected days are counted by hand from the
rules the texts state (publication unknown: the window runs from the earliest possible day to
that + the 30-day publication lag).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from zangraph.graph.model import ActRef
from zangraph.graph.reading.footnotes import parse_rule
from zangraph.graph.time.temporal import Settings, resolve

from .conftest import run_cli

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-dev"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus-dev is not beside the clone")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    st = tmp_path_factory.mktemp("excl") / "store"
    r = run_cli("ingest", str(DEV / "23529"), str(DEV / "104462"), str(DEV / "104035"), store=st)
    assert r.returncode == 0, r.stderr
    return st


def at(store, day, key, eid):
    r = run_cli("at", day, key, eid, "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_excluded_point_ends_on_the_excluding_act_and_its_text_is_no_wording(store):
    """23529 rus.md:72 "8-1. (исключен приказом Министра юстиции РК от 12.06.2008 N 164 (порядок введения в
    действие см. п. 2 )." — ended by order № 164 (rule not stated here: window from its signing day); before,
    in force with its wording unknown (the line records the exclusion, not what the point said)."""
    before = at(store, "2007-01-01", "order-2005-03-31-101", "annex_1__point_8-1")
    assert (before["status"], before["text_known"], before["text"]) == ("in_force", False, None)
    assert before["valid_until"] == "2008-06-12"
    assert at(store, "2009-01-01", "order-2005-03-31-101", "annex_1__point_8-1")["status"] == "no_longer_in_force"


def test_excluded_subpoint_written_in_the_text_ends_it(store):
    """104462 rus.md:301 "*6) исключен Законом РК от 30.04.2021 № 34-VII (вводится в действие по истечении десяти
    календарных дней после дня его первого официального опубликования);*" (article 25)."""
    a = at(store, "2022-01-01", "law-1997-07-11-151", "article_25__subpoint_6")
    assert a["status"] == "no_longer_in_force"
    h = json.loads(run_cli("history", "law-1997-07-11-151", "article_25__subpoint_6", "--format", "json", store=store).stdout)
    last = h[-1]
    assert last["valid_until"] == "2021-05-11"  # 30.04.2021 + 10 days after the day + 1


def test_chapter_excluded_by_a_footnote_ends_the_articles_it_holds(store):
    """104035 kaz.md:699 "9-тарау алып тасталды - Қазақстан Республикасының 2009.04.29. N 154-IV Заңымен": the
    chapter's only article (42-бап, numbered through the act, not under the chapter) ends with it."""
    assert at(store, "2010-01-01", "law-1991-12-20-1017-XII", "article_42")["status"] == "no_longer_in_force"
    assert at(store, "2008-01-01", "law-1991-12-20-1017-XII", "article_42")["status"] == "in_force"


def test_three_months_after_publication_counts_months(store):
    """104462 rus.md:33 "Статья 1 в редакции Закона РК от 21.01.2013 № 72-V (вводится в действие по истечении
    трех месяцев после его первого официального опубликования)": earliest publication 21.01.2013, three months
    end on 21.04.2013, in force from 22.04.2013; latest (published 30 days later, 20.02.2013) 21.05.2013."""
    h = json.loads(run_cli("history", "law-1997-07-11-151", "article_1", "--format", "json", store=store).stdout)
    v = next(x for x in h if (x.get("introduced_by") or {}).get("act") == "law-2013-01-21-72-V")
    assert (v["valid_from"], v["valid_from_latest"]) == ("2013-04-22", "2013-05-21")


REF = ActRef.from_key("law-2013-01-21-72-V")


@pytest.mark.parametrize("clause,published,first_day,why", [
    ("вводится в действие со дня его первого официального опубликования", date(2013, 1, 25), date(2013, 1, 25),
     "'со дня' = from the day of publication itself"),
    ("вводится в действие после дня его первого официального опубликования", date(2013, 1, 25), date(2013, 1, 26),
     "'после дня' = from the next day"),
    ("вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования",
     date(2013, 1, 25), date(2013, 2, 5), "the ten days 26.01–04.02 run out first"),
    ("вводится в действие по истечении двадцати одного календарного дня после дня его первого официального "
     "опубликования", date(2013, 1, 31), date(2013, 2, 22), "singular 'дня'; 01.02–21.02 run out first"),
    ("вводится в действие по истечении трех месяцев после его первого официального опубликования",
     date(2013, 11, 30), date(2014, 3, 1), "three months end on 28.02.2014 (no 30 February); next day"),
    ("алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі",
     date(2013, 1, 25), date(2013, 2, 5), "the Kazakh ten-day form"),
    ("алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі", date(2013, 1, 25), date(2013, 1, 25),
     "Kazakh 'күнінен бастап' = from the day"),
])
def test_boundary_days_of_publication_rules(tmp_path, clause, published, first_day, why):
    tsv = tmp_path / "pub.tsv"
    tsv.write_text(f"{REF.key}\t{published.isoformat()}\tКазахстанская правда\n", encoding="utf-8")
    from zangraph.graph.time.temporal import PublicationTable

    w = resolve(parse_rule(clause), REF, Settings(publications=PublicationTable.load(tsv)))
    assert (w.earliest, w.latest) == (first_day, None), why


def test_repeal_in_the_requisite_takes_the_repealing_acts_own_rule(tmp_path):
    """95690 meta.yaml requisite "… № 416-V ЗРК. Утратил силу Законом Республики Казахстан от 19 мая 2026 года
    № 290-VIII (вводится в действие с 1 июля 2026 года)": the civil-service law ends on 2026-07-01 exactly (the
    repealing law's rule, in the parenthesis), not on the repealing law's signing day."""
    st = tmp_path / "store"
    assert run_cli("ingest", str(DEV / "95690"), store=st).returncode == 0
    assert at(st, "2026-06-30", "law-2015-11-23-416-V", "article_1")["status"] == "in_force"
    assert at(st, "2026-07-01", "law-2015-11-23-416-V", "article_1")["status"] == "no_longer_in_force"


def test_meta_only_act_directory_records_the_act_and_its_repeal(tmp_path):
    """A kazakhstan-law directory with only meta.yaml (here the real card of the 1993 Forest code, 3824, whose
    requisite says "Утратил силу - Кодексом Республики Казахстан от 8 июля 2003 года N 477."): the act and its
    title are stored, it ends under the repealing code's (unknown) rule — and the uncertainty names the
    repealing code, not the repealed one."""
    src = tmp_path / "src" / "3824"
    src.mkdir(parents=True)
    (src / "meta.yaml").write_bytes((DEV / "3824" / "meta.yaml").read_bytes())
    st = tmp_path / "store"
    r = run_cli("ingest", str(tmp_path / "src"), store=st)
    assert r.returncode == 0, r.stderr
    assert "code-1993-01-23" in run_cli("acts", store=st).stdout
    assert at(st, "2000-01-01", "code-1993-01-23", "title")["text"] == "Лесной кодекс Республики Казахстан"
    window = at(st, "2003-07-20", "code-1993-01-23", "title")
    assert window["status"] == "uncertain" and "code-2003-07-08-477" in window["reason"]
    assert "code-1993-01-23" not in window["reason"]
    assert at(st, "2004-01-01", "code-1993-01-23", "title")["status"] == "no_longer_in_force"


def test_publication_reference_is_a_publication_fact_not_an_act(tmp_path):
    """Resolution № 969 (seed 004) takes effect ten days after its first publication, which its export does not
    give: a window. The same real text with one added line saying where it was published (the form Adilet
    exports use) makes the day certain, and the newspaper's issue is not read as an act it cites."""
    src = tmp_path / "969.txt"
    raw = (Path(__file__).resolve().parent.parent / "corpus" / "004_55d3df3388d8d042.txt").read_text(encoding="utf-8")
    head, sep, rest = raw.partition("      Правительство Республики Казахстан ПОСТАНОВЛЯЕТ:")
    src.write_text(head + "      Опубликовано: газета \"Казахстанская правда\" от 7 ноября 2023 года № 213.\n" + sep + rest,
                   encoding="utf-8")
    from zangraph.graph.reading.parse import parse_file

    act = parse_file(src)
    assert [(p[0], p[1].isoformat(), p[2]) for p in act.publications] == [("Казахстанская правда", "2023-11-07", "213")]
    assert all(m.ref.number != "213" for m in act.cites)
    st = tmp_path / "store"
    assert run_cli("ingest", str(src), store=st).returncode == 0
    # published 07.11.2023; the ten days 08.11–17.11 run out; in force from 18.11.2023, certain
    q = ("PREFIX zg: <https://w3id.org/zangraph/ontology#> SELECT ?from ?latest ?src WHERE { ?e a zg:Amendment ; "
         "zg:amendingAct/zg:key \"resolution-2023-11-03-969\" ; zg:effectiveFrom ?from . "
         "OPTIONAL { ?e zg:effectiveFromLatest ?latest } OPTIONAL { ?e zg:effectiveFromSource ?src } } LIMIT 1")
    row = json.loads(run_cli("sparql", q, "--format", "json", store=st).stdout)["results"]["bindings"][0]
    assert row["from"]["value"] == "2023-11-18" and "latest" not in row
    assert "Казахстанская правда" in row["src"]["value"]


def test_repeal_list_in_an_annex_names_only_the_listed_orders():
    """23529 rus.md:11 "4. Признать утратившими силу некоторые приказы … согласно приложению 2", and the list at
    lines 265–269: orders № 259 (09.12.2003), № 100 (15.04.2004) and № 295 (13.10.2004). Neither the order № 259
    cited again inside the titles of № 100 and № 295, nor the newspaper issue of item 3 ("опубликован в
    "Юридической газете" 15 октября 2004 года N 125-126") is a repealed act."""
    from zangraph.graph.reading.kzlaw import read_act_dir

    act = read_act_dir(DEV / "23529")[0][0]
    assert sorted((i.operation, i.target.ref.key, i.eid) for i in act.instructions) == [
        ("repeal", "order-2003-12-09-259", "point_4"), ("repeal", "order-2004-04-15-100", "point_4"),
        ("repeal", "order-2004-10-13-295", "point_4")]


@pytest.mark.parametrize("code,kind,fixed,exceptions,why", [
    ("96763", "fixed", "2016-01-01", [], "kaz.md:19 «Осы бұйрық 2016 жылдың 1 қаңтарынан бастап қолданысқа енгізіледі» "
     "(жылдың … -ынан, as the Russian «вводится в действие с 1 января 2016 года»)"),
    ("6733", "publication", None, [(("article_2", "article_9"), "2001-01-01")],
     "kaz.md:151 «2001 жылғы 1 қаңтардан бастап күшіне енгізілетін 2 және 9-баптардың нормаларын қоспағанда, осы "
     "Конституциялық заң ресми жарияланған күнінен бастап қолданысқа енгізіледі»: the exception comes first"),
])
def test_kazakh_entry_rules(code, kind, fixed, exceptions, why):
    from zangraph.graph.reading.kzlaw import read_act_dir

    act = next(a for a, _raw, _meta in read_act_dir(DEV / code) if a.language == "kk")
    rule = act.entry_rule
    assert rule.kind == kind and (rule.fixed.isoformat() if rule.fixed else None) == fixed, why
    assert [(eids, r.fixed.isoformat()) for eids, r in rule.exceptions] == exceptions, why
