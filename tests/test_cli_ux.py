"""Issue 18 item 6: the command line as a person meets it — its version, usage lines and help
that show what to type, `history` as a table in the interface language, and empty answers
that say so. Every case runs the real CLI (a subprocess) on a store of the bundled corpus."""

from __future__ import annotations

import json
import re

import pytest
from zangraph.api.settings import SETTINGS
from zangraph.graph.requirements.requirements import CONDITIONS, EXPERIENCE_KINDS

import zangraph

from .conftest import run_cli

KEY = "decree-2020-12-31-485"


def flat(text: str) -> str:
    """Help text with click's line wrapping undone."""
    return " ".join(text.split())


def test_version(tmp_path):
    """`zangraph --version` names the package's version (a bug report needs it); no store is opened."""
    r = run_cli("--version", store=tmp_path / "none")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"zangraph {zangraph.__version__}\n"


def test_at_usage_line_names_its_arguments(tmp_path):
    """The usage line read `at [OPTIONS] DATE_ KEY [EID]` (the Python parameter's name leaked);
    it must read as the README writes the command."""
    r = run_cli("at", "--help", store=tmp_path / "none")
    assert r.returncode == 0, r.stderr
    usage = r.stdout.splitlines()[0]  # the program is `python -m zangraph.graph.cli` here
    assert usage.startswith("Usage: ") and usage.endswith(" at DATE KEY [EID] [OPTIONS]"), usage


def test_check_help_shows_a_candidate_that_runs(store_dir, tmp_path):
    """`check --help` is where a user learns the candidate JSON: its example must parse, carry
    every field (education level and field, experience with a category, conditions, age), name
    every accepted kind and condition, and be accepted by `check` itself — exit 0, 1 or 3 is a
    verdict, 2 would mean the help shows input the command rejects."""
    help_text = run_cli("check", "--help", store=store_dir).stdout
    lines = help_text.splitlines()
    start = next(i for i, x in enumerate(lines) if x.strip() == "The candidate JSON, for example:") + 1
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    candidate = json.loads("\n".join(lines[start:end]))
    assert set(candidate) == {"education", "experience", "conditions", "age"}
    assert set(candidate["education"]) == {"level", "field"}
    assert any("category" in e for e in candidate["experience"]) and all("months" in e for e in candidate["experience"])
    assert all(k in flat(help_text) for k in EXPERIENCE_KINDS + CONDITIONS)
    f = tmp_path / "candidate.json"
    f.write_text(json.dumps(candidate, ensure_ascii=False), encoding="utf-8")
    r = run_cli("check", str(f), "--act", KEY, "--eid", "annex_1__point_7", "--at", "2025-06-01", store=store_dir)
    assert r.returncode in (0, 1, 3), r.stderr


def test_serve_help_shows_every_default(tmp_path):
    """The flags' click default is None (so that a ZANGRAPH_* variable can apply), which hid the
    real defaults from `serve --help`; each setting must show the variable and its default."""
    text = flat(run_cli("serve", "--help", store=tmp_path / "none").stdout)
    assert "TCP port. [env ZANGRAPH_PORT] [default: 8000]" in text
    assert "[default: unset]" in text and "[default: 127.0.0.1]" in text
    assert text.count("[default:") == len(SETTINGS)


# Point 6 of annex 1 to decree № 485, from the footnote under it (corpus/000_6a30c1e3387dc9ab.txt,
# line 199): «Пункт 6 с изменениями, внесенными указами Президента РК от 13.04.2023 № 195 (вводится
# в действие со дня его первого официального опубликования); от 05.06.2023 № 239 (… по истечении
# десяти календарных дней после дня его первого официального опубликования); от 31.07.2024 № 612».
# Publication dates are not in the sources: each start runs from the signing to 30 days later.
POINT_6 = {
    "ru": [
        "пункт 6 приложения 1 — Указ от 31.12.2020 № 485",
        # the decree's own wording, not reproduced by the export, until decree 195 changed it
        "с 31.12.2020 (не позднее 30.01.2021) до 13.04.2023 — текст не приводится в источниках — принятие: "
        "Указ от 31.12.2020 № 485",
        # 195: in force on its publication day, between its signing and 30 days later
        "с 13.04.2023 (не позднее 13.05.2023) до 16.06.2023 — текст не приводится в источниках — изменение: "
        "Указ от 13.04.2023 № 195",
        # 239: ten calendar days after its publication, so from 16.06.2023 at the earliest
        "с 16.06.2023 (не позднее 16.07.2023) до 11.08.2024 — текст не приводится в источниках — изменение: "
        "Указ от 05.06.2023 № 239",
        # 612: the wording the export gives, open-ended
        "с 11.08.2024 (не позднее 10.09.2024) — текст известен — изменение: Указ от 31.07.2024 № 612",
    ],
    "kk": [
        "1-қосымшаның 6-тармағы — 31.12.2020 № 485 Жарлық",
        "31.12.2020 (30.01.2021 кешіктірмей) бастап 13.04.2023 дейін — мәтіні дереккөздерде келтірілмеген — "
        "қабылдау: 31.12.2020 № 485 Жарлық",
        "13.04.2023 (13.05.2023 кешіктірмей) бастап 16.06.2023 дейін — мәтіні дереккөздерде келтірілмеген — "
        "өзгерту: 13.04.2023 № 195 Жарлық",
        "16.06.2023 (16.07.2023 кешіктірмей) бастап 11.08.2024 дейін — мәтіні дереккөздерде келтірілмеген — "
        "өзгерту: 05.06.2023 № 239 Жарлық",
        "11.08.2024 (10.09.2024 кешіктірмей) бастап — мәтіні белгілі — өзгерту: 31.07.2024 № 612 Жарлық",
    ],
    "en": [  # ISO dates; acts cited in Russian, as the English pages do
        "пункт 6 приложения 1 — Указ от 31.12.2020 № 485",
        "from 2020-12-31 (no later than 2021-01-30) until 2023-04-13 — wording not in the sources — enactment: "
        "Указ от 31.12.2020 № 485",
        "from 2023-04-13 (no later than 2023-05-13) until 2023-06-16 — wording not in the sources — change: "
        "Указ от 13.04.2023 № 195",
        "from 2023-06-16 (no later than 2023-07-16) until 2024-08-11 — wording not in the sources — change: "
        "Указ от 05.06.2023 № 239",
        "from 2024-08-11 (no later than 2024-09-10) — wording known — change: Указ от 31.07.2024 № 612",
    ],
}


@pytest.mark.parametrize("ui", [None, "ru", "kk", "en"])
def test_history_is_a_table_in_the_interface_language(store_dir, monkeypatch, ui):
    """`history` printed `[2020-12-31…2021-01-30, 2023-04-13…2023-05-13)  text unknown  introduced
    by decree-2020-12-31-485 (enactment)`; it now writes the provision's citation and one line per
    version in ZANGRAPH_UI's language (Russian when unset), dates as that language writes them."""
    if ui is None:
        monkeypatch.delenv("ZANGRAPH_UI", raising=False)
    else:
        monkeypatch.setenv("ZANGRAPH_UI", ui)
    r = run_cli("history", KEY, "annex_1__point_6", store=store_dir)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == POINT_6[ui or "ru"]


def test_history_json_is_the_same_in_every_language(store_dir, monkeypatch):
    """`--format json` is data, not text for people: the interface language must not touch it."""
    monkeypatch.setenv("ZANGRAPH_UI", "kk")
    kk = run_cli("history", KEY, "annex_1__point_6", "--format", "json", store=store_dir)
    monkeypatch.setenv("ZANGRAPH_UI", "en")
    en = run_cli("history", KEY, "annex_1__point_6", "--format", "json", store=store_dir)
    assert kk.returncode == en.returncode == 0
    assert json.loads(kk.stdout) == json.loads(en.stdout)
    assert json.loads(en.stdout)[1]["valid_from"] == "2023-04-13"


def test_an_unknown_interface_language_is_a_usage_error(store_dir, monkeypatch):
    """A misspelt ZANGRAPH_UI would otherwise fall back to Russian without a word."""
    monkeypatch.setenv("ZANGRAPH_UI", "de")
    r = run_cli("history", KEY, "annex_1__point_6", store=store_dir)
    assert r.returncode == 2 and "ZANGRAPH_UI='de'" in r.stderr and "ru, kk, en" in r.stderr


def test_positions_says_when_nothing_matches(store_dir, monkeypatch):
    """An empty answer printed nothing at all, which reads like a crash or a hung query; it now
    says so on stderr (stdout stays the rows, none) with what was asked, and exits 0."""
    monkeypatch.delenv("ZANGRAPH_UI", raising=False)
    r = run_cli("positions", "-q", "зюйдвестка", "--category", "C-3", store=store_dir)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert r.stderr.strip() == 'Ни одна должность не подходит: -q "зюйдвестка", --category "C-3"'
    assert run_cli("positions", "-q", "акимов", store=store_dir).stderr == "", "a match says nothing on stderr"


@pytest.mark.parametrize("args,first,why", [
    (["at", "2025-06-01", KEY, "annex_1__point_66"], "annex_1__point_6",
     "one keystroke too many: the eId it was typed from must come first, before points 7 and 8"),
    (["at", "2025-06-01", "decree-2020-12-31-48"], KEY, "the act key with its last digit lost"),
])
def test_close_matches_come_most_similar_first(store_dir, args, first, why):
    """An unknown act key or eId is a usage error (exit 2) that lists close matches, the most
    similar first (graph.queries.query ranks them with difflib; the CLI prints them as they come)."""
    r = run_cli(*args, store=store_dir)
    assert r.returncode == 2
    m = re.search(r"did you mean (.+)\?", r.stderr)
    assert m and m.group(1).split(", ")[0] == first, (why, r.stderr)


def test_at_explains_in_the_interface_language(store_dir, monkeypatch):
    """Issue 18 items 1 and 3 on the command line: the answer starts with the citation and says why, in words.
    000:109-117: point 5-1 was added ("дополнено пунктом 5-1") by Указ № 612 of 31.07.2024, in force ten days after
    its first publication — so on 2023-01-01 it is absent, inserted by № 612, from 11.08.2024 at the earliest (the
    day after signing plus ten) and no later than the end of the publication window."""
    monkeypatch.delenv("ZANGRAPH_UI", raising=False)
    r = run_cli("at", "2023-01-01", KEY, "annex_1__point_5-1", store=store_dir)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("пункт 5-1 приложения 1 — Указ от 31.12.2020 № 485")
    assert "Ещё не входит в акт: дополнен Указом от 31.07.2024 № 612, действует с 11.08.2024" in r.stdout
    monkeypatch.setenv("ZANGRAPH_UI", "kk")
    kk = run_cli("at", "2023-01-01", KEY, "annex_1__point_5-1", store=store_dir)
    assert "1-қосымшаның 5-1-тармағы" in kk.stdout and "11.08.2024 бастап" in kk.stdout


def test_requirements_and_check_in_words(store_dir, tmp_path, monkeypatch):
    """Issue 18 item 4 on the command line. 000, point 7 subpoint 4 (lines ~241-245): "4) либо не менее пяти лет
    стажа работы, в том числе не менее трех лет стажа работы в отрасли … при наличии не менее двух лет стажа работы
    на должностях не ниже директоров департаментов … национальных холдингов" — the requirement in words with
    Russian plural forms; a candidate with 5 years in all and 1 in the sector lacks the sector years, said in words."""
    monkeypatch.delenv("ZANGRAPH_UI", raising=False)
    r = run_cli("requirements", "--act", KEY, "--eid", "annex_1__point_7", "--at", "2025-06-01", store=store_dir)
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if "подпункт 4) пункта 7 приложения 1" in x)
    assert "стаж работы не менее чем 5 лет; из них в отрасли — не менее чем 3 года; не менее чем 2 года" in line
    cand = tmp_path / "c.json"
    cand.write_text(json.dumps({"education": {"level": "higher"},
                                "experience": [{"kind": "total", "months": 60}, {"kind": "sector", "months": 12}]}))
    r = run_cli("check", str(cand), "--act", KEY, "--eid", "annex_1__point_7", "--at", "2025-06-01", store=store_dir)
    assert r.returncode == 1 and r.stdout.startswith("Не соответствует: пункт 7 приложения 1")
    assert "стаж в отрасли: требуется не менее чем 3 года, у кандидата — 1 год" in r.stdout
