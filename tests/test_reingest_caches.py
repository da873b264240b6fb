"""What makes a re-ingest of the whole country take seconds (issue 17): the record of source
hashes inside the store's directory (``graph/store/hashes.py``) and the act directories'
listings in the manifest of sources (``graph/ingest/manifest.py``, ``sources._walk``).

Both are caches: each test shows one is used, follows the store or the corpus as they
change, and is ignored — never believed — when it is damaged or stale. Expected hashes are
SHA-256 digests of the real files themselves (what an Adilet source's hash is), not
anything the program printed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from zangraph.graph.ingest import sources as S
from zangraph.graph.ingest.manifest import Manifest
from zangraph.graph.store.hashes import NAME

from .conftest import SEEDS, run_cli

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-dev"


def _recorded(store: Path) -> tuple[str, set[str]] | None:
    f = store / NAME
    if not f.exists():
        return None
    lines = f.read_text(encoding="ascii").split("\n")
    return lines[0], set(lines[1:-1])


def _sha(f: Path) -> str:
    return hashlib.sha256(f.read_bytes()).hexdigest()


def test_stored_hashes_are_recorded_inside_the_store_and_follow_its_writes(tmp_path):
    """The five bundled texts: a re-ingest writes down the store's source hashes (the files'
    SHA-256), a re-ingest that replaces one text keeps the record in step (the old hash gone,
    the new one there), and a damaged record (a wrong count, a cut-off list, garbage) is not
    believed: every unchanged text is still known as unchanged, and the record is rewritten."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in SEEDS.values():
        shutil.copy(p, corpus / p.name)
    files = sorted(corpus.iterdir())
    store = tmp_path / "s"
    assert run_cli("ingest", str(corpus), store=store).returncode == 0
    r = run_cli("ingest", str(corpus), store=store)
    assert r.returncode == 0 and "5 sources (files or act directories) unchanged" in r.stderr, r.stderr
    head, hashes = _recorded(store)
    assert head == "zangraph source hashes 1 5 5" and hashes == {_sha(f) for f in files}

    f = corpus / SEEDS["000"].name  # decree 485 gains a word in its point 1
    old = _sha(f)
    text = f.read_text(encoding="utf-8")
    assert "Настоящие Квалификационные требования" in text
    f.write_text(text.replace("Настоящие Квалификационные требования", "Настоящие новые Квалификационные требования", 1),
                 encoding="utf-8")
    r = run_cli("ingest", str(corpus), "--format", "json", store=store)
    assert r.returncode == 0 and "4 sources (files or act directories) unchanged" in r.stderr, r.stderr
    _head, hashes = _recorded(store)
    assert hashes == {_sha(f) for f in files} and old not in hashes

    for damaged in ("zangraph source hashes 1 7 5\n" + "".join(f"{h}\n" for h in sorted(hashes)),  # another store's count
                    "zangraph source hashes 1 5 5\n" + "".join(f"{h}\n" for h in sorted(hashes)[:3]),  # cut off
                    "\x00\x01 not a record"):
        (store / NAME).write_text(damaged, encoding="latin-1")
        r = run_cli("ingest", str(corpus), store=store)
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        assert "5 sources (files or act directories) unchanged" in r.stderr, (damaged[:40], r.stderr)
        assert _recorded(store)[1] == {_sha(f) for f in files}


def test_a_write_killed_half_way_leaves_no_record_that_vouches_for_the_store(tmp_path):
    """The record is removed before a session's first write: killed on the bulk path right after
    its bulk load (``ZANGRAPH_CRASH_AT``), an ingest leaves no record; the next run finishes the
    store and a later one records the store's hashes again, right."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in SEEDS.values():
        shutil.copy(p, corpus / p.name)
    store = tmp_path / "s"
    assert run_cli("ingest", str(corpus), store=store).returncode == 0
    assert run_cli("ingest", str(corpus), store=store).returncode == 0
    assert _recorded(store) is not None
    f = corpus / SEEDS["002"].name
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    env = dict(os.environ, ZANGRAPH_STORE=str(store), ZANGRAPH_TRANSACTION_QUADS="1",
               ZANGRAPH_CRASH_AT="texts-loaded:1", ZANGRAPH_SEARCH_INDEX="off")
    p = subprocess.run([sys.executable, "-m", "zangraph.graph.cli", "ingest", str(corpus), "--batch", "1"],
                       env=env, capture_output=True, text=True)
    assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    assert _recorded(store) is None
    r = run_cli("ingest", str(corpus), store=store)
    assert r.returncode == 0 and "an interrupted ingest was finished" in r.stderr, r.stderr
    r = run_cli("ingest", str(corpus), store=store)
    assert "5 sources (files or act directories) unchanged" in r.stderr, r.stderr
    assert _recorded(store)[1] == {_sha(x) for x in corpus.iterdir()}


def _aged(corpus: Path) -> None:
    """Every file and folder dated two days back (not "racily clean"), folders last."""
    past = time.time_ns() - 2 * 86400 * 10**9
    for p in sorted(corpus.rglob("*"), key=lambda p: -len(p.parts)):
        os.utime(p, ns=(past, past))
    os.utime(corpus, ns=(past, past))


def test_a_walk_lists_again_only_the_act_directories_that_changed(tmp_path):
    """Three real act directories of corpus-dev — the Constitution (``1``, split in parts under
    ``rus/``), an akimat decision (139112) and a resolution (163376). After one ingest, a walk
    with the manifest takes every act directory's files from its record (none listed again)
    and gives what a walk that lists them gives; a part added to the Constitution's ``rus/``
    folder (a part renamed) and a Kazakh text removed from 139112 change those folders'
    modification times, and the walk lists them again: its answer is still the listing's, the
    part under its new name among the Constitution's files, the removed text gone from
    139112's."""
    corpus = tmp_path / "dev"
    for name in ("1", "139112", "163376"):
        shutil.copytree(DEV / name, corpus / name)
    for p in corpus.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)  # the shared corpus is read-only; the copy is edited below
    _aged(corpus)
    store = tmp_path / "s"
    r = run_cli("ingest", str(corpus), store=store)
    assert r.returncode == 0, r.stderr
    m = Manifest(tmp_path / "s.sources")
    assert len(m.listings) == 3
    assert S._walk(corpus, m) == S._walk(corpus) and m.listings_used == 3

    parts = sorted((corpus / "1" / "rus").iterdir())
    assert [p.name for p in parts][:2] == ["sec001.md", "sec004.md"]
    (corpus / "1" / "rus" / "sec004.md").rename(corpus / "1" / "rus" / "sec005.md")  # the same text, another name
    (corpus / "139112" / "kaz.md").unlink()
    m = Manifest(tmp_path / "s.sources")
    walked = S._walk(corpus, m)
    assert walked == S._walk(corpus) and m.listings_used == 1  # 163376 only
    inputs = {Path(d).name: {os.path.relpath(f, where) for f in files} for d, where, files in walked[1]}
    assert "rus/sec005.md" in inputs["1"] and "rus/sec004.md" not in inputs["1"]
    assert inputs["139112"] == {"meta.yaml", "rus.md"}
    r = run_cli("ingest", str(corpus), "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    assert "1 source (files or act directories) unchanged" in r.stderr, r.stderr


def test_the_manifest_keeps_changes_in_a_log_and_survives_a_cut_one(tmp_path):
    """A re-ingest that changes one act appends its entry to the manifest's log instead of
    writing a 28 MB file again at national size; the log is read back; a log cut short by a
    kill is read up to the cut and the next save writes the manifest whole (log gone). Two
    real act directories of corpus-dev."""
    corpus = tmp_path / "dev"
    for name in ("139112", "163376"):
        shutil.copytree(DEV / name, corpus / name)
    for p in corpus.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    _aged(corpus)
    store = tmp_path / "s"
    assert run_cli("ingest", str(corpus), store=store).returncode == 0
    manifest, log = tmp_path / "s.sources", tmp_path / "s.sources.log"
    whole = json.loads(manifest.read_text())
    assert len(whole["entries"]) == 2 and not log.exists()

    f = corpus / "139112" / "rus.md"
    f.write_text(f.read_text(encoding="utf-8").replace("1. Объявить с 23", "1. Объявить с 24", 1), encoding="utf-8")
    past = time.time_ns() - 86400 * 10**9
    os.utime(f, ns=(past, past))  # changed a day ago, after the manifest was made
    r = run_cli("ingest", str(corpus), store=store)
    assert "1 source (files or act directories) unchanged" in r.stderr, r.stderr
    assert json.loads(manifest.read_text()) == whole  # not rewritten
    lines = log.read_text().splitlines()
    where = str((corpus / "139112").resolve())
    assert json.loads(lines[0]) == {"version": 3} and [json.loads(x)[:2] for x in lines[1:]] == [["e", where]]
    m = Manifest(manifest)
    assert m.entries[where] == json.loads(lines[1])[2] != whole["entries"][where]
    r = run_cli("ingest", str(corpus), store=store)
    assert "2 sources (files or act directories) unchanged" in r.stderr, r.stderr  # the log's entry believed

    with log.open("a") as out:
        out.write('["e", "/somewhere", [["abc", 1], "de')  # a kill in the middle of an append
    m = Manifest(manifest)
    assert "/somewhere" not in m.entries and m.entries[where] == json.loads(lines[1])[2]
    f.write_text(f.read_text(encoding="utf-8").replace("1. Объявить с 24", "1. Объявить с 25", 1), encoding="utf-8")
    os.utime(f, ns=(past + 10**9, past + 10**9))
    r = run_cli("ingest", str(corpus), store=store)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert not log.exists() and len(json.loads(manifest.read_text())["entries"]) == 2
