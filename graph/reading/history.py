"""Redactions from the git history of a kazakhstan-law clone (``zangraph ingest --history``).

The kazakhstan-law corpus keeps one commit per redaction of an act: the commit is dated
(``%cs``, the committer's own day) to the day that wording took effect; its subject and the
trailers ``Cause-Act-Code``, ``Cause-Act-Requisite`` and ``Acts-Changed`` name the amending
act; annotated tags ``build/YYYY-MM-DD`` mark the corpus builds. Each (commit, act
directory, language whose files the commit touched) is one redaction: the act directory is
read as it stood at that commit, with the same reader as a directory on disk
(``kzlaw.read_act_dir``), so a split act whose part files were renamed between commits is
read whole each time and its provisions are found by their anchors and numbers, never by
the names of its files.

Git is used through the ``git`` command with argument lists (never a shell): one
``git log`` for the commits, one long-lived ``git cat-file --batch`` for the trees and blobs.

What a run records (in the store, graph ``{base}history``): per clone (its absolute path)
the last commit read. The next run reads ``last..HEAD`` only; when ``last`` is no longer an
ancestor of HEAD (the corpus is force-pushed on every build) every commit is listed again,
and a redaction whose act-directory tree is already stored (the tree id, which a force-push
does not change when the files did not) is not read again.

Knowledge date of a redaction (what "as known on" filters on): the day of the earliest
``build/`` tag whose history holds the commit; without such a tag, the commit's own day.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..model import ActMention, Problem
from .normalise import InputError

LANG_FILES = {"rus": "ru", "kaz": "kk"}
TRAILERS = ("Cause-Act-Code", "Cause-Act-Requisite", "Acts-Changed")
_FORMAT = "%x1e%H%x1f%cs%x1f%s%x1f" + "%x1f".join(
    f"%(trailers:key={k},valueonly,separator=%x2C)" for k in TRAILERS) + "%x1f"
BUILD_TAG = re.compile(r"^build/(\d{4}-\d{2}-\d{2})$")
GIT_TIMEOUT = 600  # seconds for one git command (a whole-country log takes a few)


@dataclass(frozen=True)
class Commit:
    sha: str
    day: date  # the redaction's day (the commit date)
    subject: str
    cause_code: str | None
    cause_requisite: str | None
    acts_changed: tuple[str, ...]
    paths: tuple[str, ...] = ()  # files the commit touched


@dataclass
class Job:
    """One act directory at one commit: its files' bytes (paths relative to the clone)."""

    commit: Commit
    directory: str
    tree: str  # the directory's tree id at that commit
    files: dict[str, bytes]
    languages: frozenset[str]  # the languages whose files the commit touched ("" = only meta.yaml)
    known_on: date
    siblings: dict[str, bytes] = field(default_factory=dict)  # other redactions' meta.yaml (old layout)


class GitError(InputError):
    pass


def git(repo: Path, *args: str, check: bool = True) -> str:
    try:
        r = subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(repo), *args], capture_output=True,
                           timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitError("the git command is not installed: --history needs it", str(repo)) from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {GIT_TIMEOUT} s", str(repo)) from None
    if check and r.returncode != 0:
        msg = r.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {msg[-1] if msg else 'exit ' + str(r.returncode)}", str(repo))
    return r.stdout.decode("utf-8", "replace")


def head(repo: Path) -> str:
    if not (repo / ".git").exists() and git(repo, "rev-parse", "--is-inside-work-tree", check=False).strip() != "true":
        raise GitError("not a git repository (give the root of a kazakhstan-law clone)", str(repo))
    out = git(repo, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False).strip()
    if not out:
        raise GitError("the repository has no commits", str(repo))
    return out


def is_ancestor(repo: Path, older: str, newer: str) -> bool:
    r = subprocess.run(["git", "-C", str(repo), "merge-base", "--is-ancestor", older, newer], capture_output=True,
                       timeout=GIT_TIMEOUT, check=False)
    return r.returncode == 0


def commits(repo: Path, since: str | None = None) -> list[Commit]:
    """Commits oldest first (``since..HEAD`` when given), with the files each touched."""
    rng = f"{since}..HEAD" if since else "HEAD"
    out = git(repo, "log", "--reverse", "--no-renames", "--name-only", f"--format={_FORMAT}", rng, "--")
    found = []
    for record in out.split("\x1e"):
        if not record.strip():
            continue
        sha, day, subject, code, requisite, changed, rest = record.split("\x1f", 6)
        try:
            d = date.fromisoformat(day)
        except ValueError:
            raise GitError(f"commit {sha[:12]} has no readable date ({day!r})", str(repo)) from None
        paths = tuple(p for p in rest.split("\n") if p.strip() and not p.startswith('"'))
        found.append(Commit(sha, d, subject.strip(), code.strip() or None, requisite.strip() or None,
                            tuple(x.strip() for x in changed.split(",") if x.strip()), paths))
    return found


def build_days(repo: Path) -> list[tuple[date, str]]:
    """(day, tag) of the ``build/YYYY-MM-DD`` tags, oldest first."""
    out = git(repo, "for-each-ref", "--format=%(refname:short)", "refs/tags/build/")
    tags = []
    for name in out.split():
        m = BUILD_TAG.match(name)
        if m:
            try:
                tags.append((date.fromisoformat(m.group(1)), name))
            except ValueError:
                continue
    return sorted(tags)


def known_days(repo: Path) -> dict[str, date]:
    """Commit → the day of the first build tag that holds it."""
    out: dict[str, date] = {}
    for day, tag in build_days(repo):
        for sha in git(repo, "rev-list", f"{tag}^{{commit}}").split():
            out.setdefault(sha, day)
    return out


def act_dir_of(path: str) -> tuple[str, str] | None:
    """(act directory, language stem or "" for meta.yaml) of a file the corpus keeps for an act:
    ``D/meta.yaml``, ``D/rus.md``, ``D/kaz.md``, ``D/rus/<part>.md``; None for any other file."""
    parts = path.split("/")
    name = parts[-1]
    if name == "meta.yaml" and len(parts) > 1:
        return "/".join(parts[:-1]), ""
    if name.endswith(".md") and name[:-3] in LANG_FILES and len(parts) > 1:
        return "/".join(parts[:-1]), name[:-3]
    if len(parts) > 2 and parts[-2] in LANG_FILES and name.endswith(".md"):
        return "/".join(parts[:-2]), parts[-2]
    return None


class Objects:
    """A long-lived ``git cat-file --batch``: trees and blobs by ``<commit>:<path>``."""

    def __init__(self, repo: Path):
        self.repo = repo
        self.proc = subprocess.Popen(["git", "-C", str(repo), "cat-file", "--batch"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def get(self, spec: str) -> tuple[str, str, bytes] | None:
        """(object id, type, content) or None when there is no such object."""
        if "\n" in spec:
            return None
        self.proc.stdin.write(spec.encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3:
            return None  # "<spec> missing" / "ambiguous"
        oid, kind, size = header
        data = self.proc.stdout.read(int(size))
        self.proc.stdout.read(1)  # the newline after the content
        return oid, kind, data

    def tree(self, spec: str) -> tuple[str, list[tuple[str, str, str]]] | None:
        """(tree id, [(mode, name, object id)]) of a directory, or None."""
        got = self.get(spec)
        if got is None or got[1] != "tree":
            return None
        oid, _kind, data = got
        entries, i = [], 0
        while i < len(data):
            sp = data.index(b" ", i)
            nul = data.index(b"\0", sp)
            entries.append((data[i:sp].decode(), data[sp + 1:nul].decode("utf-8", "replace"), data[nul + 1:nul + 21].hex()))
            i = nul + 21
        return oid, entries

    def files(self, commit: str, directory: str) -> tuple[str, dict[str, bytes]] | None:
        """(tree id, {relative path: bytes}) of the act directory's own files and its ``rus/``, ``kaz/``."""
        top = self.tree(f"{commit}:{directory}")
        if top is None:
            return None
        oid, entries = top
        out: dict[str, bytes] = {}
        for mode, name, _obj in entries:
            if mode.startswith("10") and (name == "meta.yaml" or name.endswith(".md")):
                got = self.get(f"{commit}:{directory}/{name}")
                if got is not None:
                    out[name] = got[2]
            elif mode == "40000" and name in LANG_FILES:
                sub = self.tree(f"{commit}:{directory}/{name}")
                for m2, n2, _o in (sub[1] if sub else []):
                    if m2.startswith("10") and n2.endswith(".md"):
                        got = self.get(f"{commit}:{directory}/{name}/{n2}")
                        if got is not None:
                            out[f"{name}/{n2}"] = got[2]
        return oid, out

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)


def jobs(repo: Path, since: str | None = None, known_trees: set[str] = frozenset()) -> tuple[list[Job], int, int]:
    """The redactions to read: every (commit, act directory) the commits after ``since``
    touched. Returns (jobs, commits listed, redactions skipped because their tree is stored)."""
    listed = commits(repo, since)
    known = known_days(repo)
    objects = Objects(repo)
    out: list[Job] = []
    skipped = 0
    code_dirs: dict[str, set[str]] = {}  # portal code → directories that ever had a meta.yaml
    try:
        for c in listed:
            touched: dict[str, set[str]] = {}
            for p in c.paths:
                got = act_dir_of(p)
                if got:
                    touched.setdefault(got[0], set()).add(got[1])
                    if got[1] == "" and (m := re.search(r"-(\d+)$", got[0])):
                        code_dirs.setdefault(m.group(1), set()).add(got[0])
            for d, stems in sorted(touched.items()):
                got = objects.files(c.sha, d)
                if got is None:
                    continue  # the directory was removed by this commit: the act's history ends there
                tree, files = got
                if not any(f == "meta.yaml" or f.endswith(".md") for f in files):
                    continue
                if f"git-tree:{tree}" in known_trees:
                    skipped += 1
                    continue
                siblings = {}
                if "meta.yaml" not in files and (m := re.search(r"-(\d+)$", d)):
                    for other in sorted(code_dirs.get(m.group(1), ())):
                        if other != d and (blob := objects.get(f"{c.sha}:{other}/meta.yaml")) is not None:
                            siblings[other] = blob[2]
                langs = frozenset(LANG_FILES[s] for s in stems if s) or frozenset({""})
                out.append(Job(c, d, tree, files, langs, known.get(c.sha, c.day), siblings))
    finally:
        objects.close()
    return out, len(listed), skipped


def read_job(job: Job, repo: str) -> tuple[str, list[tuple], str | None]:
    """(``dir@commit``, [(Act, stored raw)], reason it was skipped or None) — for a process
    pool; never raises on bad input. The directory is written to a scratch directory at its
    own relative path and read there like a directory on disk."""
    from .kzlaw import read_act_dir, stored_raw

    where = f"{repo}/{job.directory}@{job.commit.sha[:12]}"
    tmp = Path(tempfile.mkdtemp(prefix="zangraph-history-"))
    try:
        for rel, data in [*((f"{job.directory}/{k}", v) for k, v in job.files.items()),
                          *((f"{o}/meta.yaml", v) for o, v in job.siblings.items())]:
            f = tmp / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(data)
        try:
            got = read_act_dir(tmp / job.directory)
        except InputError as e:
            return where, [], str(e).replace(str(tmp) + "/", f"{repo}/").replace(job.directory + "/", job.directory + f"@{job.commit.sha[:12]}/", 1)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            return where, [], f"{where}: {type(e).__name__}: {e}"
        out = []
        for act, raw, meta in got:
            if "" not in job.languages and act.language not in job.languages:
                continue  # the commit did not touch this language: its redaction is an earlier one
            out.append((_as_redaction(act, job, repo, str(tmp)), stored_raw(raw, meta)))
        return where, out, None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _as_redaction(act, job: Job, repo: str, tmp: str):
    """The act read at a commit, as the redaction of that commit's day."""
    from .header import parse_requisite

    c = job.commit
    problems = list(act.problems)
    if act.version_date and act.version_date != c.day:
        problems.append(Problem(1, f"meta.yaml dates this {act.language} wording {act.version_date}, the commit "
                                   f"{c.sha[:12]} {c.day}: the commit's day is the redaction's day"))
    cause = act.version_cause
    if cause is None and c.cause_requisite:
        try:
            cause = ActMention(parse_requisite(c.cause_requisite, "ru").ref)
        except ValueError:
            problems.append(Problem(1, f"commit {c.sha[:12]}: Cause-Act-Requisite not understood: {c.cause_requisite!r}"))
    rel = act.source.replace(tmp + "/", "", 1)
    return replace(act, source=f"{repo}/{rel}@{c.sha[:12]}", version_date=c.day, version_cause=cause,
                   commit=c.sha, known_on=job.known_on, source_hash=f"git-tree:{job.tree}",
                   problems=tuple(problems))
