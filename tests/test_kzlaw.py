"""The kazakhstan-law reader (meta.yaml + Markdown), on the two real samples in
../shared/samples/kazakhstan-law (copied into tests/fixtures/kzlaw), and the walk over a
tree of act directories. Expected values are read off the sample files themselves."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from zangraph.graph.reading.kzlaw import md_blocks, read_act_dir

from .conftest import run_cli

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "kzlaw"
K634, K543 = "resolution-2015-08-10-634", "resolution-2015-07-16-543"
ZG = "PREFIX zg: <https://w3id.org/zangraph/ontology#>\n"


def one(code):
    (act, raw, meta), = read_act_dir(SAMPLES / code)
    return act, raw, meta


def test_92867_structure_and_footnote_events():
    """Resolution № 634 of 10.08.2015: point 1 restated by № 875 and amended by № 177 and
    № 570 (its footnote); point 2 repeals № 57 and № 58 of 29.01.2013; signed by the PM."""
    act, _raw, meta = one("92867")
    assert act.ref.key == K634 and act.origin == "kazakhstan-law" and act.language == "ru"
    assert [p.eid for p in act.provisions if p.kind == "point"] == ["point_1", "point_2", "point_3"]
    assert [c.eid for c in act.provision("point_1").children] == [f"point_1__subpoint_{i}" for i in (1, 2, 3)]
    (fn,) = act.footnotes
    assert fn.target_eid == "point_1"
    assert [(e.operation, e.act.ref.key) for e in fn.events] == [
        ("substitution", "resolution-2018-12-25-875"), ("change", "resolution-2019-04-10-177"),
        ("change", "resolution-2019-08-01-570")]
    assert sorted((i.operation, i.target.ref.key, i.path) for i in act.instructions) == [
        ("repeal", "resolution-2013-01-29-57", ""), ("repeal", "resolution-2013-01-29-58", "")]
    assert act.signature == "Премьер-Министр Республики Казахстан К. Масимов"
    assert act.entry_rule.kind == "publication+days" and act.entry_rule.days == 10
    assert meta.version_date["ru"].isoformat() == "2020-09-22" and meta.caused_by.key == "resolution-2020-09-22-596"
    assert act.title.startswith("Об определении лицензиара") and not act.problems  # every anchor matched its point


def test_91878_table_kept_and_a_single_point_repealed():
    """Resolution № 543: its annex is an HTML table, kept whole; its point 2.2 repeals
    point 23 of the changes approved by № 507 — that point, not the act."""
    act, _raw, _meta = one("91878")
    annex = act.provision("annex_1")
    assert annex.heading == "Разрешения второй категории в области связи"  # the `#` title after the approval block
    # the five "> *…*" lines of the approval block are one quotation, read as one block
    assert annex.approval == "Приложение к постановлению Правительства Республики Казахстан от 16 июля 2015 года № 543"
    tables = [p for p in act.walk() if p.text.startswith("<table>")]
    assert len(tables) == 1 and tables[0].text.count("<tr>") == 7 and tables[0].eid.startswith("annex_1")
    rep = {i.target.ref.key: i for i in act.instructions}
    assert rep["resolution-2012-12-19-1620"].path == ""  # the whole act
    assert rep["resolution-2013-05-21-507"].path == "point_23" and rep["resolution-2013-05-21-507"].document.kind == "izmeneniya"


def test_anchor_that_does_not_match_its_point_is_reported(tmp_path):
    d = tmp_path / "92867"
    shutil.copytree(SAMPLES / "92867", d)
    md = (d / "rus.md").read_text(encoding="utf-8").replace('<a id="p3"></a>', '<a id="p4"></a>')
    (d / "rus.md").write_text(md, encoding="utf-8")
    act, _raw, _meta = read_act_dir(d)[0]
    line = md.split("\n").index('<a id="p4"></a>') + 1
    assert [(p.line, "anchor says point 4" in p.message) for p in act.problems] == [(line, True)]


def test_md_blocks_map_markdown_to_the_builders_blocks():
    blocks, anchors, problems = md_blocks(
        "# Заголовок\n\n<a id=\"p1\"></a>\n\n1. Текст.\n\n> *Сноска. Пункт 1 исключен.*\n\n*2. Исключен.*\n\n"
        "**Премьер-Министр**\n\n**К. Масимов**\n\n<table>\n<tr><td>1</td></tr>\n</table>",
        "Постановление Правительства Республики Казахстан от 1 января 2020 года № 1")
    assert [(b.kind, b.text) for b in blocks] == [
        ("line", "Заголовок"),  # the requisite is not a block: the builder takes it from meta.yaml as parsed
        ("para", "1. Текст."), ("para", "Сноска. Пункт 1 исключен."), ("para", "2. Исключен."),
        ("para", "Премьер-Министр К. Масимов"), ("para", "<table>\n<tr><td>1</td></tr>\n</table>")]
    assert anchors == [(3, None, "1")] and problems == []


def _sparql(q, store):
    r = run_cli("sparql", q, "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(r.stdout)["results"]["bindings"]]


@pytest.fixture(scope="module")
def kz_store(tmp_path_factory):
    s = tmp_path_factory.mktemp("kz") / "zg"
    r = run_cli("ingest", str(SAMPLES), store=s)
    assert r.returncode == 0, r.stderr
    return s, r


def test_meta_disagreement_is_reported_with_both_sources(kz_store):
    """92867's meta.yaml says the version of 22.09.2020 was caused by № 596; the text's
    footnotes stop at № 570: reported, naming both files."""
    _s, r = kz_store
    line = next(x for x in r.stdout.splitlines() if "resolution-2020-09-22-596" in x)
    assert "resolution-2019-08-01-570" in line and "92867/meta.yaml" in line and "92867/rus.md" in line


def test_meta_facts_in_rdf(kz_store):
    s, _r = kz_store
    rows = _sparql(ZG + f"""SELECT ?d ?cause ?code ?fmt WHERE {{ GRAPH ?g {{ ?g zg:versionDate ?d ; zg:causedBy/zg:key ?cause ;
        zg:sourceFormat ?fmt . ?a zg:key "{K634}" ; zg:portalCode ?code }} }}""", s)
    assert rows == [{"d": "2020-09-22", "cause": "resolution-2020-09-22-596", "code": "92867", "fmt": "kazakhstan-law"}]


def test_titles_in_both_languages_from_meta(kz_store):
    """Only rus.md is in the sample, but meta.yaml gives the Kazakh title too."""
    s, _r = kz_store
    rows = _sparql(ZG + f"""PREFIX eli: <http://data.europa.eu/eli/ontology#>
        SELECT DISTINCT (LANG(?t) AS ?l) ?t WHERE {{ ?a zg:key "{K543}" ; eli:title ?t }} ORDER BY ?l""", s)
    assert [r["l"] for r in rows] == ["kk", "ru"]
    assert rows[0]["t"].startswith("Байланыс саласында қызметтер көрсету") and rows[1]["t"].startswith("Об определении лицензиара")


def test_single_point_repeal_event(kz_store):
    s, _r = kz_store
    rows = _sparql(ZG + f"""SELECT DISTINCT ?eid WHERE {{ ?e zg:amendingAct/zg:key "{K543}" ;
        zg:targetAct/zg:key "resolution-2013-05-21-507" . OPTIONAL {{ ?e zg:target/zg:eId ?eid }} }}""", s)
    assert rows == [{"eid": "annex_izmeneniya__point_23"}]  # one event, on that provision only
    r = run_cli("at", "2016-01-01", "resolution-2013-05-21-507", "annex_izmeneniya__point_23", "--format", "json", store=s)
    assert json.loads(r.stdout)["status"] == "no_longer_in_force"


def _tree(root: Path) -> None:
    """A synthetic clone layout: the two samples, an act with invalid YAML, a truncated act."""
    for code, where in (("92867", "government/103000000000/2015/0810-ob-opredelenii-92867"),
                        ("91878", "government/103000000000/2015/0716-ob-opredelenii-91878")):
        shutil.copytree(SAMPLES / code, root / where)
    bad = root / "government/103000000000/2016/0101-broken-1"
    bad.mkdir(parents=True)
    (bad / "meta.yaml").write_text("act_code: '1'\nrequisite: [unclosed\n", encoding="utf-8")
    (bad / "rus.md").write_text("# x\n", encoding="utf-8")
    cut = root / "government/103000000000/2016/0102-truncated-2"
    cut.mkdir(parents=True)
    shutil.copy(SAMPLES / "92867" / "meta.yaml", cut / "meta.yaml")
    (cut / "rus.md").write_text("# Об определении лицензиара\n", encoding="utf-8")


def test_walk_skips_broken_acts_and_rereads_only_changes(tmp_path):
    root, s = tmp_path / "clone", tmp_path / "zg"
    _tree(root)
    r = run_cli("ingest", str(root), store=s)
    assert r.returncode == 0, r.stderr
    skipped = [x for x in r.stderr.splitlines() if x.startswith("skipped ")]
    assert len(skipped) == 2
    assert any("0101-broken-1" in x and "not valid YAML" in x for x in skipped)
    assert any("0102-truncated-2" in x and "no body text" in x for x in skipped)
    assert {line.split(" ")[0] for line in r.stdout.splitlines() if "provisions" in line} == {K634, K543}
    again = run_cli("ingest", str(root), store=s)
    assert "2 sources (files or act directories) unchanged" in again.stderr and "provisions" not in again.stdout
    md = root / "government/103000000000/2015/0716-ob-opredelenii-91878/rus.md"
    md.write_text(md.read_text(encoding="utf-8").replace("К. Масимов", "К. Масимов "), encoding="utf-8")
    third = run_cli("ingest", str(root), store=s)
    assert [line.split(" ")[0] for line in third.stdout.splitlines() if "provisions" in line] == [K543]
    assert "1 source (files or act directories) unchanged" in third.stderr


def _as_adilet(md: str, requisite: str) -> str:
    """A synthetic Adilet-style export of a kazakhstan-law text (same words): title lines,
    the requisite, paragraphs indented by six spaces — to test merging the two formats."""
    out, title = ["", ""], True
    for line in md.split("\n"):
        s = line.strip()
        if not s or s.startswith("<a id"):
            continue
        if s.startswith("# ") and title:
            out += [s[2:], "", requisite + ".", ""]
            title = False
            continue
        s = s.removeprefix("> ").strip().strip("*").strip()
        out.append("      " + s)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("order", ["adilet-first", "kzlaw-first"])
def test_one_act_from_both_formats_merges(tmp_path, order):
    """Resolution № 634 met as an Adilet export and as a kazakhstan-law directory: one act IRI,
    one event per amending act and provision (learnt from both sources), the same versions
    as from either source alone; ingest order does not matter."""
    d = SAMPLES / "92867"
    meta_req = "Постановление Правительства Республики Казахстан от 10 августа 2015 года № 634"
    txt = tmp_path / "634.txt"
    txt.write_text(_as_adilet((d / "rus.md").read_text(encoding="utf-8"), meta_req), encoding="utf-8")
    both, only = tmp_path / "both", tmp_path / "only"
    steps = [str(txt), str(d)] if order == "adilet-first" else [str(d), str(txt)]
    for step in steps:
        r = run_cli("ingest", step, store=both)
        assert r.returncode == 0, r.stderr
    assert run_cli("ingest", str(d), store=only).returncode == 0
    n = _sparql(ZG + f'SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a zg:key "{K634}" }}', both)
    assert n == [{"n": "1"}]
    # 875, 177, 570: each one event, learnt from the footnote of point 1, which both source graphs state
    q = ZG + f"""SELECT ?am (COUNT(DISTINCT ?e) AS ?events) (COUNT(DISTINCT ?g) AS ?graphs) WHERE {{
        ?e zg:targetAct/zg:key "{K634}" ; zg:target/zg:eId "point_1" ; zg:amendingAct/zg:key ?am ; zg:learntFrom ?fn .
        GRAPH ?g {{ ?fn zg:sourceText ?t }} }} GROUP BY ?am ORDER BY ?am"""
    assert [(r["events"], r["graphs"]) for r in _sparql(q, both)] == [("1", "2")] * 3
    vq = ZG + f"""SELECT DISTINCT ?from ?known WHERE {{ ?v zg:versionOf ?p ; zg:validFrom ?from ; zg:textKnown ?known .
        ?p zg:eId "point_1" ; zg:act/zg:key "{K634}" }} ORDER BY ?from"""
    assert _sparql(vq, both) == _sparql(vq, only)
    graphs = _sparql(ZG + f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a zg:key "{K634}" ; zg:textInCorpus true }} }}', both)
    # one graph per source and redaction: the directory's by its meta.yaml version_date, the export's by the
    # last amending act its footnotes name (rus.md line 15: № 875 of 2018, № 177 and № 570 of 01.08.2019)
    assert sorted(g["g"].rsplit("/source/", 1)[1] for g in graphs) == ["kazakhstan-law/ru/2020-09-22", "ru/2019-08-01"]


def test_two_languages_from_different_versions(tmp_path):
    """A kaz.md one version behind rus.md (synthetic: the Russian words, its footnote
    stopping at № 177, its version_date earlier): each wording stays on its own version and
    the lag is reported."""
    d = tmp_path / "92867"
    shutil.copytree(SAMPLES / "92867", d)
    md = (d / "rus.md").read_text(encoding="utf-8")
    cut = md.index("; от 01.08.2019 № 570")
    kk = md[:cut] + ".*" + md[md.index("\n", cut):]
    (d / "kaz.md").write_text(kk, encoding="utf-8")
    meta = (d / "meta.yaml").read_text(encoding="utf-8").replace("  kaz: 2020-09-22", "  kaz: 2019-04-20")
    (d / "meta.yaml").write_text(meta, encoding="utf-8")
    s = tmp_path / "zg"
    r = run_cli("ingest", str(d), store=s)
    assert r.returncode == 0, r.stderr
    lag = [x for x in r.stdout.splitlines() if "lags by" in x]
    assert len(lag) == 1 and "kk text" in lag[0] and "2019-04-20" in lag[0] and "2020-09-22" in lag[0]
    vq = ZG + f"""SELECT DISTINCT ?by (LANG(?t) AS ?lang) WHERE {{ ?v zg:versionOf ?p ; zg:text ?t ; zg:introducedBy/zg:amendingAct/zg:key ?by .
        ?p zg:eId "point_1" ; zg:act/zg:key "{K634}" }} ORDER BY ?by ?lang"""
    assert _sparql(vq, s) == [{"by": "resolution-2019-04-10-177", "lang": "kk"}, {"by": "resolution-2019-08-01-570", "lang": "ru"}]


def test_repeal_from_meta_ends_the_act(tmp_path):
    """A synthetic repeal (92867's meta.yaml with `repealed_on` / `repealed_by` added): the
    act is in force the day before, no longer on that day."""
    d = tmp_path / "92867"
    shutil.copytree(SAMPLES / "92867", d)
    with open(d / "meta.yaml", "a", encoding="utf-8") as fh:
        fh.write("repealed_on: 2021-03-01\nrepealed_by: Постановление Правительства Республики Казахстан "
                 "от 18 февраля 2021 года № 80\n")
    s = tmp_path / "zg"
    assert run_cli("ingest", str(d), store=s).returncode == 0
    status = lambda day: json.loads(run_cli("at", day, K634, "point_3", "--format", "json", store=s).stdout)["status"]  # noqa: E731
    assert (status("2021-02-28"), status("2021-03-01")) == ("in_force", "no_longer_in_force")


def test_split_act_reads_like_the_whole(tmp_path):
    """A large act comes split into rus/secNNN.md and rus/anNNN.md: 91878 cut before its
    annex reads to the same provisions as the whole file."""
    d = tmp_path / "91878"
    d.mkdir()
    shutil.copy(SAMPLES / "91878" / "meta.yaml", d / "meta.yaml")
    md = (SAMPLES / "91878" / "rus.md").read_text(encoding="utf-8")
    cut = md.index("> *Приложение*")
    (d / "rus").mkdir()
    (d / "rus" / "sec001.md").write_text(md[:cut], encoding="utf-8")
    (d / "rus" / "an001.md").write_text(md[cut:], encoding="utf-8")
    whole, split = one("91878")[0], read_act_dir(d)[0][0]
    assert [(p.eid, p.text) for p in split.walk()] == [(p.eid, p.text) for p in whole.walk()]
    assert split.source.endswith("91878/rus")


def test_bad_old_layout_directories_are_named_and_nothing_is_made(tmp_path):
    """Old-layout act directories (Markdown with front matter, no meta.yaml) whose front matter
    is broken YAML, a list, or names no act that a meta.yaml beside it would identify: each is
    skipped with the file, line and reason; when nothing is left the ingest exits 2 and creates
    no store."""
    src = tmp_path / "src"
    bodies = {"20150101-x-123": "---\nfoo: [unclosed\n---\n# T\n\n1. text.\n",
              "20150102-y-456": '---\nact_code: "456"\nlanguage: rus\n---\n# T\n\n1. text.\n',
              "20150103-z-789": "---\n- a\n- b\n---\n# T\n\n1. text.\n"}
    for name, body in bodies.items():
        (src / name).mkdir(parents=True)
        (src / name / "rus.md").write_text(body, encoding="utf-8")
    store = tmp_path / "store"
    r = run_cli("ingest", str(src), store=store)
    assert r.returncode == 2, r.stderr
    assert "20150101-x-123/rus.md:2: front matter is not valid YAML" in r.stderr
    assert "no meta.yaml of act 456 was found" in r.stderr
    assert "20150103-z-789/rus.md:1: the front matter is not a mapping" in r.stderr
    assert "nothing was ingested" in r.stderr and not store.exists()


# Split parts that open with a back-link to their index instead of front matter, on real texts of
# ../shared/corpus-dev. No corpus-dev act has such parts (its one split act, the Constitution, opens
# its parts with front matter; the Civil Code was left out), so the real texts are laid out the way
# the corpus lays out split acts, each part opening with the back-link line exactly as real parts
# write it ("↑ [Вся редакция](../rus.md)", e.g. the annex part of the Rules of meteorological support
# of civil aviation in kazakhstan-law/ministerial). The expected values are the reading of the same
# text unsplit, and words read off the source files.
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus-dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus-dev is not beside the clone")


def _backlink(stem: str) -> str:
    return f"↑ [Вся редакция](../{stem}.md)\n\n"


def _index(stem: str, title_line: str, names: list[str]) -> str:
    """The index of a split act as the corpus writes it: the title, then "## Части документа",
    the sentence saying the act is split and the table naming the parts (taken from the
    Constitution's real index)."""
    real = (DEV / "1" / "rus.md").read_text(encoding="utf-8")
    head = real[real.index("## Части документа"):real.index("| [`sec001`]")]
    return title_line + "\n\n" + head + "".join(f"| [`{n}`]({stem}/{n}.md) | {n} |\n" for n in names)


def _reading(act):
    """What a reading says, without line numbers (a split text's lines are counted differently)."""
    return ([(p.eid, p.kind, p.text, p.heading, p.approval) for p in act.walk()], act.signature,
            [(f.target_eid, f.text) for f in act.footnotes], [p.message for p in act.problems])


@needs_dev
def test_split_order_with_backlinks_keeps_its_own_text(tmp_path):
    """The reported bug (a): after the index's "## Части документа" the reader skipped up to the
    next heading, so when the first part opens with a back-link (no front matter) the order's
    preamble, its own points, the signature and the approval block were lost, and its Rules were
    read as the order's points. Order № 13/139 of 08.09.2016 (corpus-dev 106668), rus and kaz, cut
    as the corpus cuts an order: the index, sec001 (the order itself), an001 (the Rules, from their
    approval block), an002 (the Rules' annex, the journal form). Read split, it reads as unsplit."""
    d = tmp_path / "106668"
    d.mkdir()
    shutil.copy(DEV / "106668" / "meta.yaml", d / "meta.yaml")
    cuts = {"rus": ["> *Утверждены*", "> *Приложение*"],
            "kaz": ["> *Қазақстан Республикасы*  \n> *Президенті Іс Басқарушысының*",
                    "> *Қазақстан Республикасы*  \n> *Президенті Іс Басқармасының*"]}
    for stem, (rules, journal) in cuts.items():
        md = (DEV / "106668" / f"{stem}.md").read_text(encoding="utf-8")
        title, _, body = md.partition("\n\n")
        a, b = body.index(rules), body.index(journal)
        (d / stem).mkdir()
        (d / f"{stem}.md").write_text(_index(stem, title, ["sec001", "an001", "an002"]), encoding="utf-8")
        for name, text in (("sec001", body[:a]), ("an001", body[a:b]), ("an002", body[b:])):
            (d / stem / f"{name}.md").write_text(_backlink(stem) + text, encoding="utf-8")
    whole = {act.language: act for act, _raw, _meta in read_act_dir(DEV / "106668")}
    split = {act.language: act for act, _raw, _meta in read_act_dir(d)}
    assert sorted(split) == ["kk", "ru"]
    for lang in split:
        assert _reading(split[lang]) == _reading(whole[lang]), lang
        assert not [p.eid for p in split[lang].walk() if "Вся редакция" in p.text], lang
    ru = split["ru"]
    assert ru.provision("preamble").text == ("В соответствии с пунктом 4 статьи 30 Закона Республики Казахстан "
                                            "«О государственной службе Республики Казахстан», ПРИКАЗЫВАЮ:")
    assert [p.eid for p in ru.provisions if p.kind == "point"] == ["point_1", "point_2", "point_3", "point_4"]
    assert ru.provision("point_1").text.startswith("1. Утвердить прилагаемые Правила выдачи служебного удостоверения")
    assert ru.signature == "Управляющий Делами Президента Республики Казахстан А. Бисембаев"
    assert ru.provision("annex_1").approval == ("Утверждены приказом Управляющего Делами Президента Республики "
                                               "Казахстан от 8 сентября 2016 года № 13/139")
    assert ru.provision("annex_2").heading == ("Журнал учета служебных удостоверений Управления Делами Президента "
                                              "Республики Казахстан")
    # the last words of an001, just before an002's back-link: read as they are, nothing added
    assert ru.provision("annex_1__point_14__part_9").text == "В правой нижней стороне указывается срок действия удостоверения."
    assert split["kk"].provision("preamble").text.endswith("БҰЙЫРАМЫН:")


@needs_dev
def test_backlink_between_parts_is_not_text(tmp_path):
    """The reported bug (b): the back-link line opening a later part was read as text, a part of
    the provision before it. The Constitution (corpus-dev 1) with its parts' front matter replaced
    by the back-link: article 48, the end of rus/sec001.md, keeps its own words and footnote, and
    the whole reads as with front matter (same provisions, footnotes and problems)."""
    d = tmp_path / "1"
    shutil.copytree(DEV / "1", d)
    for part in (d / "rus").glob("*.md"):
        text = part.read_text(encoding="utf-8")
        assert text.startswith("---\npart_of: ../rus.md\n")
        part.write_text(_backlink("rus") + text.split("\n---\n", 1)[1].lstrip("\n"), encoding="utf-8")
    (act, _raw, _meta), = read_act_dir(d)
    (front, _raw, _meta), = read_act_dir(DEV / "1")
    assert _reading(act) == _reading(front)
    assert not [p.eid for p in act.walk() if "Вся редакция" in p.text]
    assert act.provision("article_48__point_2").text == (
        "2. Лицо, принявшее на себя полномочия Президента Республики Казахстан, по основаниям и в порядке, "
        "предусмотренными пунктом 1 настоящей статьи, не вправе инициировать изменения и дополнения в "
        "Конституцию Республики Казахстан.")
    assert [f.text for f in act.footnotes if f.target_eid == "article_48"] == [
        "Сноска. Статья 48 в редакции Закона РК от 07.10.1998 № 284-I (вводится в действие со дня его опубликования)."]
