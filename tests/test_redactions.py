"""Several redactions of one act (issue 16, item 1), on real successive redactions.

``../shared/samples/redactions/`` keeps real redactions of two acts with a hand-made
HISTORY.md of what changed; ``tests/reading/redactions.yaml`` holds, per provision and day,
the wording a lawyer reading those texts expects (phrases copied from the right redaction,
phrases of the other one that must be absent) or that no saved redaction gives it — read
from the texts by hand, never from zangraph's output. Each case is one assertion, and says
why it is there.

- 98498: the 2015 original (meta.yaml) and the 2016 redaction in the old layout (its
  Markdown's front matter, no meta.yaml), which amended appendix 2 of the Rules.
- 115999: the 2022-09-13 redaction, the 2022-12-20 one of which only meta.yaml was saved,
  and the 2025-08-18 text. The 2025 text was saved without its meta.yaml; the test writes
  one from what SOURCE.txt deduces (the 2022 meta.yaml with version_date 2025-08-18 and
  caused_by № 643 of 18.08.2025, the latest act its footnotes name) — as the corpus has it
  beside every rus.md.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from zangraph.graph.queries.query import provision_at
from zangraph.graph.store.graphstore import GraphStore

from .conftest import run_cli

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "redactions"
CASES = yaml.safe_load((Path(__file__).parent / "reading" / "redactions.yaml").read_text(encoding="utf-8"))
KEYS = {"98498": "order-2015-12-31-01-38_49", "115999": "resolution-2017-11-17-755"}


def late_meta_115999() -> str:
    """The meta.yaml of the 2025-08-18 redaction of 115999, from what SOURCE.txt deduces."""
    meta = yaml.safe_load((SAMPLES / "115999" / "2022-09-13" / "meta.yaml").read_text(encoding="utf-8"))
    meta["version_date"] = {"rus": date(2025, 8, 18)}
    meta["source"] = {"rus": "https://zan.gov.kz/client/#!/doc/115999/rus/18.08.2025"}
    meta["caused_by"] = {"requisite": "Постановление Правительства Республики Казахстан от 18 августа 2025 года № 643"}
    return yaml.safe_dump(meta, allow_unicode=True)


def _dirs(act: str, tmp: Path) -> list[Path]:
    if act == "98498":
        return [SAMPLES / act / "2015-12-31", SAMPLES / act / "2016-11-09"]
    late = tmp / "115999-2025-08-18"
    late.mkdir()
    shutil.copy(SAMPLES / act / "2025-08-18" / "rus.md", late / "rus.md")
    (late / "meta.yaml").write_text(late_meta_115999(), encoding="utf-8")
    return [SAMPLES / act / "2022-09-13", SAMPLES / act / "2022-12-20", late]


@pytest.fixture(scope="module", params=["in order", "newest first"])
def stores(request, tmp_path_factory):
    """Each act's redactions ingested one by one — oldest first, or newest first: the
    answers must not depend on the order."""
    out = {}
    for act in KEYS:
        tmp = tmp_path_factory.mktemp(f"red-{act}")
        dirs = _dirs(act, tmp)
        if request.param == "newest first":
            dirs = dirs[::-1]
        store = tmp / "store"
        for d in dirs:
            r = run_cli("ingest", str(d), store=store)
            assert r.returncode == 0, r.stderr
        out[act] = store
    return out


# zangraph repairs words that mix Latin and Cyrillic look-alike letters (normalise.repair_chars:
# the source's "С-2" with a Cyrillic С is the category C-2); phrases are compared with the
# look-alikes folded, so the repair neither fails nor fakes a match
_LOOKALIKES = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")


def _flat(s: str) -> str:
    return " ".join(s.replace("**", "").split()).translate(_LOOKALIKES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['act']}:{c['eid']}@{c['day']}" for c in CASES])
def test_wording_on_a_day_is_the_redactions(stores, case):
    check_case(stores[case["act"]], case)


def check_case(store: Path, case: dict) -> None:
    """One case of redactions.yaml against a store (also used by the git-history tests)."""
    gs = GraphStore(store)
    try:
        a = provision_at(gs, KEYS[case["act"]], case["eid"], case["day"], "ru")
    finally:
        del gs
    text = _flat(a.get("text") or "")
    if case["expect"] == "unknown":
        assert not text, f"{case['why']}: a wording was given for {case['day']}: {text[:200]}"
    else:
        assert a["status"] == "in_force", a
        for phrase in case["contains"]:
            assert _flat(phrase) in text, f"{case['why']}: missing {phrase!r} in {text[:300]}"
    for phrase in case.get("absent") or []:
        assert _flat(phrase) not in text, f"{case['why']}: {phrase!r} (the other redaction's wording) is there"


def test_reingesting_a_redaction_changes_nothing(stores, tmp_path):
    """Re-ingesting the oldest redaction of 98498 after both: the store is as it was."""
    store = tmp_path / "s"
    shutil.copytree(stores["98498"], store)
    before = sorted(str(q) for q in GraphStore(store).quads())
    r = run_cli("ingest", str(SAMPLES / "98498" / "2015-12-31"), "--force", store=store)
    assert r.returncode == 0, r.stderr
    assert sorted(str(q) for q in GraphStore(store).quads()) == before


def test_two_amendments_from_the_same_earliest_day_make_one_version(tmp_path):
    """A footnote naming two acts whose wordings may take effect the same day — one "по
    истечении десяти календарных дней после … опубликования" (from the 11th day after signing
    at the earliest), one "со дня подписания" signed that very day — found by the git-history
    benchmark (bench/history.py), where it made a version from 2025-02-22 to 2025-02-22 and
    the SHACL shapes refused the whole ingest. Built on the real 2015 text of 98498 with that
    footnote (the form the corpus writes) added under Rules point 3: the versions of point 3
    tile time, and from 2025-02-22 on it is one version, of the act signed last (№ 213)."""
    d = tmp_path / "98498"
    shutil.copytree(SAMPLES / "98498" / "2015-12-31", d)
    text = (d / "rus.md").read_text(encoding="utf-8")
    line = "3. Подотчетные органы ежегодно до 1 ноября"
    i = text.index("\n", text.index(line))
    note = ("\n\n> *Сноска. Пункт 3 в редакции приказов Руководителя Администрации Президента РК от 11.02.2025 № 7 "
            "(вводится в действие по истечении десяти календарных дней после дня его первого официального "
            "опубликования); от 22.02.2025 № 213 (вводится в действие со дня подписания).*\n")
    (d / "rus.md").write_text(text[:i] + note + text[i:], encoding="utf-8")
    store = tmp_path / "s"
    r = run_cli("ingest", str(d), store=store)
    assert r.returncode == 0, r.stderr
    gs = GraphStore(store)
    try:
        from zangraph.graph.queries.query import history

        vs = history(gs, KEYS["98498"], "annex_1__point_3")
    finally:
        del gs
    assert all(v["valid_until"] is None or v["valid_from"] < v["valid_until"] for v in vs), vs
    assert vs[-1]["valid_from"] == "2025-02-22" and vs[-1]["introduced_by"]["act"].endswith("-213"), vs[-1]
