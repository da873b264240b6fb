"""What an ingest reads, and reading one source in a worker process.

Reads: paths given on the command line (Adilet ``.txt`` exports, kazakhstan-law act
directories, trees holding either, such as a clone of the corpus) and the redactions of a
clone's git history (``reading.history``). Writes: ``Task`` values (``discover``), and for
each task, in a worker, the texts it holds *prepared for the store*: the parsed ``Act``
pickled and its source quads as N-Quads, both in files of the run's spool directory, so
that the main process handles paths and counts, never a parsed act or a quad object
(``prepare``). Guarantees: ``prepare`` never raises on bad input — it returns ``Failed``,
``fatal`` for an Adilet file (a bad export stops the run before the store is touched; a bad
act directory of a clone is skipped and listed).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..model import Act, ActRef, Problem
from ..rdf.mapping import graph_iri, source_nquads
from ..reading.files import read_regular
from ..reading.normalise import InputError

ADILET, KZLAW, HISTORY = "adilet", "kazakhstan-law", "history"
# Oxigraph's N-Quads reader holds a line in a buffer of at most 16 MiB: a literal longer than
# this (the raw text of a very large act) travels as a pickled quad instead of an N-Quads line
LONG_LITERAL = 1_000_000


@dataclass(frozen=True)
class Task:
    """One source: an Adilet file, an act directory, or an act directory at a commit."""

    kind: str
    where: str
    digest: str | None = None  # SHA-256 of an Adilet file (read by ``discover``)
    job: object | None = None  # reading.history.Job
    repo: str | None = None


@dataclass(frozen=True)
class Context:
    """What every task of a run shares."""

    base: str
    spool: str
    language: str | None = None  # forced language of Adilet files
    allow_truncated: bool = False
    known_on: date | None = None  # --known-on: the knowledge date of every text read


Span = tuple[str, int, int]  # (spool file, offset, length): a chunk's texts share its files


@dataclass(frozen=True)
class Text:
    """One text read and prepared for the store; its act and quads are files in the spool."""

    graph: str
    ref: ActRef
    language: str
    source: str
    act: Span  # where its pickled Act is
    nquads: Span  # where its source quads are, as N-Quads
    long: str | None  # path of the pickled quads with a very long literal, if any
    quads: int
    targets: tuple[ActRef, ...]  # the acts its instructions amend or repeal
    provisions: int
    footnotes: int
    instructions: int
    warnings: tuple[str, ...]
    truncated: bool  # an Adilet export that looks cut short, taken with --allow-truncated
    named: frozenset[str] = frozenset()  # keys of the amending acts its footnotes name


@dataclass(frozen=True)
class Failed:
    where: str
    reason: str
    fatal: bool


def file_hash(f: Path) -> str | None:
    try:
        return hashlib.sha256(read_regular(f)).hexdigest()
    except (OSError, InputError):
        return None  # reading it reports the problem


def _walk(root: Path, manifest=None) -> tuple[list[Path], list[tuple[str, str, list[str]]]]:
    """(Adilet ``.txt`` files, act directories) under ``root`` in one walk: an act
    directory is not descended into, a hidden directory (``.git``) is skipped, nor is a
    symbolic link to a directory. Each act directory comes as (its path, its absolute path —
    the manifest's key: ``root`` resolved once, the walk follows no symbolic link below it —,
    the files its hash reads, by absolute path: the manifest's record does not depend on how
    the corpus was named on the command line). With a ``manifest``, an act directory whose
    listing it recorded, and which has not changed since (its modification time, and its
    split parts' folders'), is not listed again: it is stat-ed (a re-ingest of 50 000 act
    directories lists ~1 000 tree folders instead of 50 000). Strings, not ``Path``s."""
    from ..reading.kzlaw import LANGS, listed_act_dir, listed_inputs

    top = os.fspath(root)
    base = str(root.resolve())
    prefix = base if base.endswith(os.sep) else base + os.sep
    files, dirs = [], []
    stack = [(top, "")]  # (the directory as the readers name it, its path below root)
    while stack:
        dirpath, rel = stack.pop()
        where = f"{prefix}{rel}" if rel else base
        known = manifest.known_listing(where, dirpath) if manifest is not None and rel else None
        if known is not None:  # an act directory unchanged since it was last listed
            dirs.append((dirpath, where, known))
            continue
        at = time.time_ns()  # before the listing: a change made while it is read is newer
        try:
            mtime = os.stat(dirpath).st_mtime_ns
            with os.scandir(dirpath) as it:
                entries = list(it)
        except OSError:
            continue  # as os.walk: an unreadable directory is passed over
        names, subdirs, below = [], [], []
        for e in entries:
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                names.append(e.name)
                continue
            subdirs.append(e.name)
            if not e.name.startswith(".") and not e.is_symlink():
                below.append(e.name)
        if "meta.yaml" in names or (("rus.md" in names or "kaz.md" in names) and
                                    listed_act_dir(Path(dirpath), names)):
            if manifest is not None and "meta.yaml" in names:  # the layout whose listing is recorded
                parts = {s: _mtime(os.path.join(dirpath, s)) for s in LANGS if s in subdirs}  # before listing them
                inputs = listed_inputs(where, subdirs, names)
                if None not in parts.values():
                    manifest.listed(where, mtime, parts, [f[len(where) + 1:] for f in inputs], at)
            else:
                inputs = listed_inputs(where, subdirs, names)
            dirs.append((dirpath, where, inputs))
            continue
        files += [Path(dirpath, f) for f in sorted(names) if f.endswith(".txt")]
        head = "" if dirpath == "." else dirpath if dirpath.endswith(os.sep) else dirpath + os.sep
        for name in sorted(below, reverse=True):  # popped in order
            sub_rel = f"{rel}{os.sep}{name}" if rel else name
            stack.append((head + name, sub_rel))
    # depth first, each folder's entries in order: act directories come as Paths sort (by component)
    return sorted(files), dirs


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def discover(paths: list[Path], known_hashes: set[str], manifest=None) -> tuple[list[Task], int]:
    """The tasks of ``paths`` (Adilet files first: they can stop the run) and how many
    sources are unchanged since they were stored (same hash: not read again; with a
    ``manifest``, a source whose files have not changed is not even read to hash it).
    Raises ``FileNotFoundError`` for a path that does not exist."""
    from ..reading.kzlaw import content_hash

    files: list[Path] = []
    dirs: list[tuple[str, str, list[str]]] = []
    for p in paths:
        if p.is_dir():
            f, d = _walk(p, manifest)
            files += f
            dirs += d
        elif p.exists():
            files.append(p)
        else:
            raise FileNotFoundError(f"{p}: no such file or directory")

    def hashed(where: str, inputs, compute):
        if manifest is None:
            return compute()
        return manifest.hash_of(where, inputs, compute)

    tasks, unchanged = [], 0
    for f in files:
        digest = hashed(str(f.resolve()), [f], lambda f=f: file_hash(f))
        if known_hashes and digest in known_hashes:
            unchanged += 1
        else:
            tasks.append(Task(ADILET, str(f), digest))
    for d, where, inputs in dirs:
        if known_hashes:
            try:
                if hashed(where, inputs, lambda d=d: content_hash(Path(d))) in known_hashes:
                    unchanged += 1
                    continue
            except OSError:
                pass  # reading it reports the problem
        tasks.append(Task(KZLAW, d))
    return tasks, unchanged


def _read_adilet(task: Task, ctx: Context) -> tuple[list[tuple[Act, str]], str | None]:
    from ..reading.complete import truncation
    from ..reading.normalise import decode, normalise
    from ..reading.parse import build

    f = Path(task.where)
    try:
        data = read_regular(f)
        raw = decode(data, str(f))
        norm = normalise(raw, str(f))
        act = replace(build(norm, str(f), ctx.language), source_hash=task.digest)
    except InputError as e:
        return [], str(e)
    except OSError as e:
        return [], f"{f}: {e.strerror}"
    cut = truncation(norm, act)
    if cut and not ctx.allow_truncated:
        return [], (f"{f}:{cut[0]}: looks truncated at line {cut[0]} ({cut[1]}); not ingested — "
                    "ingest the whole export, or give --allow-truncated to take it as it is")
    if cut:
        act = replace(act, problems=act.problems + (Problem(cut[0], f"looks truncated: {cut[1]}"),))
    return [(act, raw)], None


def _read(task: Task, ctx: Context, ctx_seen: list) -> tuple[list[tuple[Act, str]], str | None]:
    """The texts of one source (and, in ``ctx_seen``, what a manifest of sources records of it)."""
    if task.kind == ADILET:
        return _read_adilet(task, ctx)
    if task.kind == KZLAW:
        from ..reading.kzlaw import hash_inputs, read_for_store
        from .manifest import signature

        d = Path(task.where)
        where = d.resolve()  # the manifest's key and file names: the same however the corpus was named
        at, sig = time.time_ns(), signature(hash_inputs(where))  # what the manifest records of it (before reading)
        _d, got, reason, digest = read_for_store(d)
        if sig is not None and digest:
            ctx_seen.append((str(where), sig, digest, at))
        return [(replace(act, source_hash=digest), raw) for act, raw in got], reason
    from ..reading.history import read_job

    _where, got, reason = read_job(task.job, repo=task.repo)
    return got, reason


_names = itertools.count()


@dataclass(frozen=True)
class Prepared:
    """What a worker made of one task. The first task of a chunk also carries the data
    checks' results over the whole chunk (``shacl``) and how many texts its spool file
    holds (``spooled``: the file can go once that many are written)."""

    where: str
    texts: list[Text]
    failed: Failed | None
    hashed: tuple = ()  # (source, signature, content hash, when): for the manifest of sources
    shacl: tuple = ()
    spooled: tuple = ()  # (spool file, texts in it)


def prepare_chunk(tasks: list[Task], ctx: Context) -> list[Prepared]:
    """Read a chunk of sources, write what the store needs of each of their texts to the
    spool, and run the data checks over the chunk's quads (the predicates they read only:
    ``rdf.validate.needed_predicates``) — in the worker, so that the main process only
    moves paths."""
    from ..rdf.validate import validate_nquads

    out, needed, needed_long = [], [], []
    name = Path(ctx.spool) / f"{os.getpid()}-{next(_names)}"
    # one file of N-Quads and one of pickled acts per chunk: creating a file costs more
    # than writing it on a journaling file system (~0.8 ms for a new 10 kB file here)
    with name.with_suffix(".nq").open("wb") as nq, name.with_suffix(".acts").open("wb") as acts:
        for task in tasks:
            hashed: list = []
            where, texts, failed = prepare(task, ctx, (nq, acts), needed, needed_long, hashed)
            out.append(Prepared(where, texts, failed, tuple(hashed)))
    if out:
        shacl = tuple(validate_nquads("".join(needed).encode("utf-8"), needed_long)) if needed or needed_long else ()
        out[0] = replace(out[0], shacl=shacl, spooled=((nq.name, sum(len(p.texts) for p in out)),))
    return out


def prepare(task: Task, ctx: Context, files, needed: list | None = None, needed_long: list | None = None,
            hashed: list | None = None) -> tuple[str, list[Text], Failed | None]:
    """Read one source and write what the store needs of each of its texts to the spool
    (the lines the data checks read are added to ``needed`` once all its texts are spooled:
    a source that fails half-way is checked no more than it is written)."""
    mine, mine_long = [], []
    try:
        got, reason = _read(task, ctx, hashed if hashed is not None else [])
        if reason:
            return task.where, [], Failed(task.where, reason, fatal=task.kind == ADILET)
        out = []
        for act, raw in got:
            if ctx.known_on is not None:
                act = replace(act, known_on=ctx.known_on)
            truncated = any(p.message.startswith("looks truncated") for p in act.problems)
            out.append(_spool(act, raw, ctx, files, truncated, mine, mine_long))
    except Exception as e:  # noqa: BLE001 — a reader's bug on one source must not take the run down silently
        return task.where, [], Failed(task.where, f"{task.where}: cannot be read ({type(e).__name__}: {e})",
                                      fatal=task.kind == ADILET)
    if needed is not None:
        needed += mine
    if needed_long is not None:
        needed_long += mine_long
    return task.where, out, None


def _spool(act: Act, raw: str, ctx: Context, files, truncated: bool, needed: list | None,
           needed_long: list | None) -> Text:
    from ..rdf.ntriples import predicate, quads
    from ..rdf.validate import needed_predicates

    keep = needed_predicates()
    name = Path(ctx.spool) / f"{os.getpid()}-{next(_names)}"
    long: list = []
    seen: set[str] = set()  # the lines written: an act named twice is one set of triples
    count = 0
    mine: list[str] = []
    f, acts = files
    start = f.tell()
    def sink(chunk: list[str]) -> None:  # the lines of a large act go to the file as they are made
        nonlocal count
        fresh = []
        for line in chunk:
            if line in seen:
                continue
            seen.add(line)
            if len(line) > LONG_LITERAL:  # Oxigraph's N-Quads reader takes lines up to 16 MiB
                long.extend(quads([line]))
                continue
            fresh.append(line)
            if predicate(line) in keep:
                mine.append(line)
        count += len(fresh)
        f.write("".join(fresh).encode("utf-8"))

    source_nquads(act, ctx.base, raw, sink=sink)
    if needed is not None:
        needed += mine
    if needed_long is not None:
        needed_long += [q for q in long if f"<{q.predicate.value}>" in keep]
    nquads = (f.name, start, f.tell() - start)
    if long:
        name.with_suffix(".long").write_bytes(pickle.dumps(long, protocol=pickle.HIGHEST_PROTOCOL))
    at = acts.tell()
    pickle.dump(act, acts, protocol=pickle.HIGHEST_PROTOCOL)
    return Text(graph_iri(act, ctx.base), act.ref, act.language, act.source, (acts.name, at, acts.tell() - at),
                nquads, str(name.with_suffix(".long")) if long else None, count + len(long),
                tuple(sorted({i.target.ref for i in act.instructions})), sum(1 for _ in act.walk()),
                len(act.footnotes), len(act.instructions),
                tuple(str(p) for p in act.problems if p.severity != "info"), truncated,
                frozenset(ev.act.ref.key for f in act.footnotes for ev in f.events))


def load_act(span: Span) -> Act:
    return pickle.loads(read_span(span))


def read_span(span: Span) -> bytes:
    path, offset, length = span
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read(length)


def read_spans(spans: list[Span]) -> bytes:
    """The bytes of ``spans``, in order (a file opened once for its consecutive spans)."""
    out = bytearray()
    f = None
    for path, offset, length in spans:
        if f is None or f.name != path:
            if f is not None:
                f.close()
            f = open(path, "rb")  # noqa: SIM115 — kept open across consecutive spans of one file
        f.seek(offset)
        out += f.read(length)
    if f is not None:
        f.close()
    return bytes(out)


def load_long(path: str | None) -> list:
    if path is None:
        return []
    with open(path, "rb") as f:
        return pickle.load(f)
