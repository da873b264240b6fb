"""Citations as a lawyer writes them (issue 18, item 1): ``graph.citation``, as a table.

Acts: the expected strings are the act part of real requisites (the portal's own way of
naming an act, in kazakhstan-law ``meta.yaml`` and the Adilet exports' headers), with the
issuer zangraph read from the same text. Provisions: the forms the issue gives as a lawyer
writes them (Russian: the unit, then each enclosing unit in the genitive; in an act with
articles, outermost first with commas; Kazakh: outermost first, genitive + possessive), and
the same rules on the other units zangraph reads.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from zangraph.graph import citation
from zangraph.graph.model import ActRef
from zangraph.graph.reading.kzlaw import read_act_dir
from zangraph.graph.reading.parse import parse_file

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# (source whose requisite names the act, language, the citation as the requisite writes it)
ACTS = [
    (SHARED / "samples/redactions/98498/2015-12-31", "ru",
     "Приказ Руководителя Администрации Президента Республики Казахстан от 31 декабря 2015 года № 01-38.49"),
    (CORPUS / "003_a1881aea8f646d29.txt", "kk", "Қазақстан Республикасы Президентінің 2023 жылғы 15 маусымдағы № 255 Жарлығы"),
    (CORPUS / "004_55d3df3388d8d042.txt", "ru", "Постановление Правительства Республики Казахстан от 3 ноября 2023 года № 969"),
    (CORPUS / "000_6a30c1e3387dc9ab.txt", "ru", "Указ Президента Республики Казахстан от 31 декабря 2020 года № 485"),
]


def _read(src: Path):
    return read_act_dir(src)[0][0] if src.is_dir() else parse_file(src)


@pytest.mark.parametrize("src,lang,want", ACTS, ids=lambda x: getattr(x, "name", str(x))[:40])
def test_act_citation_is_the_requisites(src, lang, want):
    a = _read(src)
    assert a.language == lang
    assert citation.act(a.ref, lang, a.issuer) == want


def test_order_75_in_kazakh():
    """Seed 001's header: «Қазақстан Республикасы Экономика және бюджеттік жоспарлау министрінің
    2014 жылғы 07 наурыздағы № 75 бұйрығы» — the day is written without the leading zero, as
    lawyers and every other requisite write it."""
    a = parse_file(CORPUS / "001_164de676cfdc3580.txt")
    assert citation.act(a.ref, "kk", a.issuer) == (
        "Қазақстан Республикасы Экономика және бюджеттік жоспарлау министрінің 2014 жылғы 7 наурыздағы № 75 бұйрығы")


@pytest.mark.parametrize("ref,lang,short,want", [
    (ActRef("decree", date(2023, 4, 13), "195"), "ru", True, "Указ от 13.04.2023 № 195"),  # the short form
    (ActRef("decree", date(2023, 4, 13), "195"), "kk", False, "Қазақстан Республикасы Президентінің 2023 жылғы 13 сәуірдегі № 195 Жарлығы"),
    (ActRef("law", date(1995, 4, 17), "2198"), "ru", False, "Закон Республики Казахстан от 17 апреля 1995 года № 2198"),  # corpus-dev requisite
    (ActRef("resolution", date(2020, 1, 31), "26"), "ru", False, "Постановление Правительства Республики Казахстан от 31 января 2020 года № 26"),
    (ActRef("resolution", date(2023, 11, 3), "969"), "ru", True, "Постановление от 03.11.2023 № 969"),
])
def test_act_forms(ref, lang, short, want):
    assert citation.act(ref, lang, short=short) == want


@pytest.mark.parametrize("eid,lang,want", [
    ("annex_1__point_6__subpoint_2-1", "ru", "подпункт 2-1) пункта 6 приложения 1"),  # the example
    ("article_12__point_1__subpoint_13-1", "ru", "статья 12, пункт 1, подпункт 13-1)"),  # the example
    ("annex_1__point_6__subpoint_2-1", "kk", "1-қосымшаның 6-тармағының 2-1) тармақшасы"),  # the example
    ("point_7__subpoint_1", "ru", "подпункт 1) пункта 7"),
    ("annex_1__point_4__part_2", "ru", "часть 2 пункта 4 приложения 1"),
    ("annex_1__chapter_4-1", "ru", "глава 4-1 приложения 1"),
    ("preamble", "ru", "преамбула"),
    ("point_5", "kk", "5-тармақ"),
    ("article_12__point_1", "kk", "12-баптың 1-тармағы"),
    ("annex_2__point_10__subpoint_5", "kk", "2-қосымшаның 10-тармағының 5) тармақшасы"),
])
def test_provision_citation(eid, lang, want):
    assert citation.provision(eid, lang) == want
