"""Stage 1 alone: the export artifacts of the real seeds, and the guarantees of normalise()."""

from collections import Counter

import pytest
from zangraph.graph.reading.normalise import (
    _CAMEL,
    InputError,
    decode,
    link_phrases,
    normalise,
    repair_chars,
    repair_links,
)

from .conftest import SEEDS

# (seed, 1-based line, expected repaired text, why the case is here)
LINK_CASES = [
    ("000", 6, 'В соответствии с пунктом 2 статьи 17 Закона Республики Казахстан "О',
     "the issue's own example: a structural reference moved to the line end"),
    ("000", 10, "1. Утвердить прилагаемые квалификационные требования к отдельным",
     "a two-word link naming the approved document, found through the annex title"),
    ("002", 7, "1. Утвердить прилагаемые изменения и дополнения, которые вносятся в некоторые",
     "a gap before a comma and a three-word document name"),
    ("002", 37, "пункты 5, 16 и 18 исключить;", "three links, one of them at the start of the line, glued tail"),
    ("002", 31, "пункт 3 изложить в следующей редакции:", "an extra space of indentation marks the gap"),
    ("002", 57, "Правила формирования Президентского резерва руководства правоохранительных и",
     "a tail glued to the last word with no separator (иПравила)"),
    ("002", 68, 'Закона Республики Казахстан "О правоохранительной службе" ПОСТАНОВЛЯЮ:";',
     "the enacting formula itself displaced inside a quotation"),
    ("002", 81, "подпункты 44-9) и 44-10) исключить;", "subpoint numbers with brackets"),
    ("002", 185, "Администрацией Президента Республики Казахстан, утвержденным Указом",
     "regression: a link already next to its gap must not be lost"),
    ("003", 22, "3-тармақтың 2-2) тармақшасы мынадай редакцияда жазылсын:", "Kazakh target glued after the colon"),
    ("003", 19, "жылғы 7 наурыздағы № 520 Жарлығында:", "a gap before a colon (Kazakh)"),
    ("003", 315, "-бабы 1-тармағының 9), 10), 12), 13), 14), 15) және 17) тармақшаларында көзделген",
     "seven links on one line"),
    ("004", 158, "подпунктами 1) и 2) пункта 1 статьи 52, а также подпунктом 5) пункта 1 статьи 57",
     "two links of the same words"),
    ("001", 15, '"Мемлекеттік қызмет туралы" 1999 жылғы 23 шілдедегі Қазақстан', None),
]


@pytest.mark.parametrize("seed,line,expected,why", [c for c in LINK_CASES if c[3]])
def test_displaced_links_repaired(seed, line, expected, why):
    raw = SEEDS[seed].read_text(encoding="utf-8").split("\n")
    out, ok = repair_links(repair_chars(raw[line - 1]), link_phrases(raw))
    assert ok is True, why
    assert out.strip() == expected, why


def test_link_repair_only_moves_words():
    """Guarantee: on every line of every seed, repair changes the order of words, never the words."""
    def words(s):
        s = _CAMEL.sub(" ", s)
        for ch in ",;:.(":
            s = s.replace(ch, " ")
        return Counter(s.split())

    for path in SEEDS.values():
        raw = path.read_text(encoding="utf-8").split("\n")
        phrases = link_phrases(raw)
        for i, ln in enumerate(raw, 1):
            fixed = repair_chars(ln)
            out, _ = repair_links(fixed, phrases)
            assert words(out) == words(fixed), f"{path.name}:{i}"


def test_quoted_title_links_are_reported_not_guessed():
    # 001's tables hide quoted law titles; their bounds cannot be known, so the line is kept and reported.
    norm = normalise(SEEDS["001"].read_text(encoding="utf-8"))
    lines = {p.line for p in norm.problems}
    assert 76 in lines
    assert all("displaced hyperlink" in p.message for p in norm.problems)


@pytest.mark.parametrize("raw,expected,why", [
    ("Указом Президента РК от 31.07. 2024 № 612", "Указом Президента РК от 31.07.2024 № 612", "split date"),
    ("не ниже категорий А-1, В-2, С-2, D-2, С-О-2, D-О-2", "не ниже категорий A-1, B-2, C-2, D-2, C-O-2, D-O-2",
     "Cyrillic look-alikes in category codes become Latin"),
    ("С- 3", "C-3", "a category split by a space"),
    ("жұмыс iстейтiн", "жұмыс істейтін", "Latin i inside Kazakh words"),
    ('"Е-қызмет" жүйесі', '"Е-қызмет" жүйесі', "a letter-hyphen word that is not a code is left alone"),
])
def test_character_repairs(raw, expected, why):
    assert repair_chars(raw) == expected, why


def test_page_break_inside_a_paragraph_is_undone():
    # 000 lines 45–49: "являющихся" / three blank lines / "административными центрами" is one paragraph.
    norm = normalise(SEEDS["000"].read_text(encoding="utf-8"))
    block = next(b for b in norm.blocks if b.line == 31)
    assert "являющихся административными центрами областей" in block.text
    assert block.end == 52


def test_every_nonblank_line_is_in_exactly_one_block():
    for path in SEEDS.values():
        raw = path.read_text(encoding="utf-8").split("\n")
        norm = normalise("\n".join(raw))
        covered = Counter()
        for b in norm.blocks:
            for i in range(b.line, b.end + 1):
                covered[i] += 1
        for i, ln in enumerate(raw, 1):
            if ln.strip():
                assert covered[i] == 1, f"{path.name}:{i}"


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"\xff\xfe\xfa not utf8 \xc3\x28", "not UTF-8"),
])
def test_unreadable_input(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "x.txt")
