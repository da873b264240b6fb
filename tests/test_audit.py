"""``zangraph audit``: the consolidation checked against a published redaction (issue 16,
item 3), on real texts.

Resolution № 969 of 03.11.2023 (the bundled Adilet export, seed 004) amends resolution
№ 125 of 15.03.2018. ``tests/fixtures/kzlaw-redactions/125`` holds two real kazakhstan-law
redactions of № 125: the original of 2018-03-15 (with its meta.yaml) and the redaction of
2023-11-03 after № 969 (its rus.md; the meta.yaml of that redaction is stored at another
commit of the corpus and is copied verbatim in SOURCE.txt — the test puts it beside the
text). ``AUDIT.md`` there compares, by hand, each of № 969's 11 instructions (17 provision
wordings) with the 2023 redaction: every one is the published wording once the export's
garbling (words displaced around hyperlinks) is undone; six differ from it in quotation
marks only (the export writes ``"Б"`` where the portal has «Б»), and the preamble and point 1
in quotation marks too. The expected verdicts below are that table's, for a reader that
undoes the garbling (zangraph's normaliser does: ``normalise.repair_links``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_cli

SEED_969 = Path(__file__).resolve().parents[1] / "corpus" / "004_55d3df3388d8d042.txt"
R125 = FIXTURES / "kzlaw-redactions" / "125"
K125 = "resolution-2018-03-15-125"

# AUDIT.md, row by row: provision → verdict (EQUAL there = "equal"; Q = quotation marks only →
# "equal after normalisation"; G = export garbling, the de-garbled instruction is the published text)
EXPECTED = {
    "preamble": "equal after normalisation",  # G, Q
    "annex_1__point_1": "equal after normalisation",  # G, Q
    "annex_1__point_4": "equal after normalisation",  # Q
    "annex_1__point_11-1": "equal after normalisation",  # Q
    "annex_1__point_14": "equal after normalisation",  # Q
    "annex_1__point_15": "equal after normalisation",  # Q
    "annex_1__point_24": "equal",
    "annex_1__point_29": "equal",  # G only: «2)  статьи 52 … пункта 1 пункта 1» de-garbled
    "annex_1__point_29-1": "equal",
    "annex_1__point_29-2": "equal",
    "annex_1__point_29-3": "equal",
    "annex_1__point_30": "equal",
    "annex_1__point_30-1": "equal",
    "annex_1__chapter_4-1": "equal",
    "annex_1__point_30-2": "equal after normalisation",  # Q
    "annex_1__point_30-3": "equal after normalisation",  # Q
    "annex_1__point_30-4": "equal",
}


def redactions(tmp: Path) -> tuple[Path, Path]:
    old, new = tmp / "2018-03-15", tmp / "2023-11-03"
    shutil.copytree(R125 / "2018-03-15", old)
    shutil.copytree(R125 / "2023-11-03", new)
    source = (R125 / "SOURCE.txt").read_text(encoding="utf-8")
    meta = source.split("-----8<----- begin\n", 1)[1].split("-----8<----- end", 1)[0]
    (new / "meta.yaml").write_text(meta, encoding="utf-8")
    return old, new


def audit(store: Path) -> tuple[int, dict]:
    r = run_cli("audit", "--format", "json", store=store)
    assert "Traceback" not in r.stderr
    return r.returncode, json.loads(r.stdout)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("audit")
    old, new = redactions(tmp)
    s = tmp / "store"
    r = run_cli("ingest", str(old), str(new), str(SEED_969), store=s)
    assert r.returncode == 0, r.stderr
    return s


def test_every_instruction_of_969_against_the_2023_redaction(store):
    """One finding per provision an instruction of № 969 names, with the verdict of AUDIT.md."""
    code, out = audit(store)
    got = {f["eid"]: f["verdict"] for f in out["consolidation"] if f["act"] == K125}
    assert got == EXPECTED
    assert all(f["kept"] == "published" and f["amending_act"] == "resolution-2023-11-03-969" for f in out["consolidation"])
    f14 = next(f for f in out["consolidation"] if f["eid"] == "annex_1__point_14")
    assert f14["instruction"].endswith("004_55d3df3388d8d042.txt:94")  # AUDIT.md: export lines 94–110
    assert f14["redaction"].endswith("2023-11-03/rus.md")
    assert code == 1  # one disagreement: meta.yaml dates № 969's wording 2023-11-03, its own rule after publication
    assert len(out["disagreements"]) == 1 and "meta.yaml dates" in out["disagreements"][0]["message"]


def test_the_published_wording_is_kept(store):
    """Point 4 as № 969's export quotes it has «корпуса "Б"» in straight quotes; the published
    redaction has «корпуса «Б»». The answer on a day after № 969 is the published one, and
    cites that redaction."""
    r = run_cli("at", "2024-06-01", K125, "annex_1__point_4", "--format", "json", store=store)
    a = json.loads(r.stdout)
    assert "корпуса «Б»" in a["text"] and 'корпуса "Б"' not in a["text"]
    assert a["source"]["file"].endswith("2023-11-03/rus.md") and a["source"]["redaction_date"] == "2023-11-03"


def test_a_published_wording_that_contradicts_the_instruction_is_reported(tmp_path):
    """A mutation of the real 2023 redaction: one word of point 24 (which № 969 restates) is
    changed in the copy, as if the portal had published another wording than № 969 orders.
    The audit says "different", shows the word, and the published wording is the answer."""
    old, new = redactions(tmp_path)
    text = (new / "rus.md").read_text(encoding="utf-8")
    start = text.index("\n24. ") + 1
    end = text.index("\n", start)
    point = text[start:end]
    words = point.split()
    victim = next(w for w in words[3:] if len(w) > 6 and w.isalpha())
    (new / "rus.md").write_text(text[:start] + point.replace(victim, "ИЗМЕНЕНО", 1) + text[end:], encoding="utf-8")
    s = tmp_path / "s"
    assert run_cli("ingest", str(old), str(new), str(SEED_969), store=s).returncode == 0
    code, out = audit(s)
    f = next(x for x in out["consolidation"] if x["eid"] == "annex_1__point_24")
    assert f["verdict"] == "different" and code == 1
    assert {"op": "delete", "text": victim} in f["diff"] and {"op": "insert", "text": "ИЗМЕНЕНО"} in f["diff"]
    a = json.loads(run_cli("at", "2024-06-01", K125, "annex_1__point_24", "--format", "json", store=s).stdout)
    assert "ИЗМЕНЕНО" in a["text"]  # the published redaction wins
