"""Stages 2–3 on the real seeds: header, structure, footnotes. Each case says why it is here."""

from datetime import date

import pytest
from zangraph.graph.reading.normalise import InputError
from zangraph.graph.reading.parse import parse_bytes


def eids(act):
    return [p.eid for p in act.walk()]


# (seed, key, language, kind, why)
HEADERS = [
    ("000", "decree-2020-12-31-485", "ru", "decree", "Russian requisite line"),
    ("001", "order-2014-03-07-75", "kk", "order", "Kazakh requisite after a repeal banner, over five lines"),
    ("002", "decree-2025-04-23-853", "ru", "decree", "an amending decree"),
    ("003", "decree-2023-06-15-255", "kk", "decree", "Kazakh date order (2023 жылғы 15 маусымдағы)"),
    ("004", "resolution-2023-11-03-969", "ru", "resolution", "a government resolution"),
]


@pytest.mark.parametrize("seed,key,lang,kind,why", HEADERS)
def test_header(acts, seed, key, lang, kind, why):
    a = acts[seed]
    assert (a.ref.key, a.language, a.ref.kind) == (key, lang, kind), why


def test_order_75_registration_and_repeal(acts):
    # The example: order № 75 is repealed by order № 74 of 02.10.2014.
    a = acts["001"]
    assert (a.registration_number, a.registration_date) == ("9219", date(2014, 3, 15))
    assert a.repealed_by.ref.key == "order-2014-10-02-74"
    assert a.entry_rule.kind == "publication+days" and a.entry_rule.days == 21  # "жиырма бір күн өткен соң"
    assert a.signature == "Министр Е. Досаев"


def test_decree_485_annex_points(acts):
    a = acts["000"]
    points = [p.number for p in a.walk() if p.kind == "point" and p.eid.startswith("annex_1__")]
    assert points == ["1", "2", "3", "4", "5", "5-1", "5-2", "6", "7", "8"]
    subs = [p.number for p in a.provision("annex_1__point_6").children if p.kind == "subpoint"]
    assert subs == ["1", "2", "2-1", "3", "4", "5", "6", "7", "8", "9", "10", "11"]
    assert [p.number for p in a.walk() if p.kind == "chapter"] == ["1", "2", "3", "4"]


def test_decree_485_footnotes_name_four_decrees(acts):
    a = acts["000"]
    named = {ev.act.ref.key for f in a.footnotes for ev in f.events}
    assert named == {"decree-2023-04-13-195", "decree-2023-06-05-239", "decree-2024-07-31-612", "decree-2025-03-17-817"}


# (eId, [(operation, act key, rule kind)], why)
FOOTNOTES_485 = [
    ("preamble", [("substitution", "decree-2023-04-13-195", "publication")], "preamble footnote"),
    ("annex_1__point_3", [("substitution", "decree-2024-07-31-612", "publication+days"),
                          ("change", "decree-2025-03-17-817", "publication")], "two operations, split date 31.07. 2024"),
    ("annex_1__point_5-1", [("insertion", "decree-2024-07-31-612", "publication+days")], "inserted point"),
    ("annex_1__point_6", [("change", "decree-2023-04-13-195", "publication"),
                          ("change", "decree-2023-06-05-239", "publication+days"),
                          ("change", "decree-2024-07-31-612", "publication+days")], "one footnote, three acts"),
]


@pytest.mark.parametrize("eid,events,why", FOOTNOTES_485)
def test_footnote_events(acts, eid, events, why):
    got = [(e.operation, e.act.ref.key, e.rule.kind) for f in acts["000"].footnotes if f.target_eid == eid for e in f.events]
    assert got == events, why


def test_structure_parts_and_notes(acts):
    a = acts["000"]
    assert [c.eid for c in a.provision("annex_1__point_3").children] == [f"annex_1__point_3__part_{i}" for i in range(1, 6)]
    assert a.provision("annex_1__point_7__part_2").text.startswith("Для занятия политических государственных должностей акимов")
    assert a.provision("annex_1__point_8__note_1").text.startswith("*занятие призовых мест")
    assert a.provision("annex_1").approval.startswith("УТВЕРЖДЕНЫ")
    assert a.provision("annex_1").heading.startswith("КВАЛИФИКАЦИОННЫЕ ТРЕБОВАНИЯ")


def test_quoted_new_wording_is_not_read_as_points(acts):
    # 002's annex quotes "3. Основной задачей…" and "44-29) …": they belong to the instruction, not to 002.
    a = acts["002"]
    annex1 = [p.number for p in a.walk() if p.kind == "point" and p.eid.startswith("annex_1__")]
    assert annex1 == ["1", "2", "3", "4"]
    part = a.provision("annex_1__point_3__part_8").text
    assert part.startswith("дополнить подпунктами 44-28), 44-29), 44-30) и 44-31) следующего содержания:")
    assert "\n44-29) определение совместно" in part and part.endswith('психолого-социологического исследования;".')
    assert not any(p.eid.endswith("subpoint_44-29") for p in a.walk())
    assert len([p for p in a.walk() if p.kind == "point" and p.eid.startswith("annex_2__")]) == 20


def test_kazakh_inserted_chapter_and_annex(acts):
    a = acts["003"]
    fn = a.footnotes[0]
    assert fn.target_eid == "annex_1__chapter_2-1"
    assert [(e.operation, e.act.ref.key, e.rule.kind) for e in fn.events] == [("insertion", "decree-2023-12-22-418", "publication")]
    assert a.entry_rule.kind == "publication+days" and a.entry_rule.days == 10
    assert a.provision("annex_1__point_13-4") is not None
    assert a.provision("annex_1").heading.endswith("ҚАҒИДАЛАРЫ")


def test_001_keeps_every_card_block(acts):
    # Every card heading of the raw file ("Лауазымға қойылатын біліктілік талаптары", also in the
    # export's no-space variant) must start a part of the annex: none is merged away or dropped.
    import re

    from .conftest import SEEDS

    raw = SEEDS["001"].read_text(encoding="utf-8")
    in_source = len(re.findall(r"Лауазымға\s*қойылатын\s*біліктілік\s*талаптары", raw))
    heads = [p for p in acts["001"].walk() if p.kind == "part"
             and p.text.replace(" ", "").startswith("Лауазымғақойылатынбіліктілікталаптары")]
    assert in_source > 400
    assert len(heads) == in_source


def test_cites(acts):
    keys = {m.ref.key for m in acts["002"].cites}
    assert {"decree-2013-04-03-537", "decree-2013-08-28-624", "decree-2019-07-22-74", "decree-2022-02-02-802"} <= keys


@pytest.mark.parametrize("data,why", [
    ("Просто какой-то текст без реквизитов.\n      и абзац\n".encode(), "a text that is not an act"),
    ("Заголовок\n\nУказ без даты и номера.\n      1. Пункт.\n".encode(), "a requisite without date and number"),
    (b"\n\nTitle only\n", "no provisions at all"),
])
def test_not_an_act(data, why):
    with pytest.raises(InputError, match="not a legal act"):
        parse_bytes(data, "bad.txt")
