"""What each source's files were when it was last hashed, so that an unchanged source is
recognised without reading it.

Reads and writes one JSON file beside the store (``<store>.sources``; for a remote store
``.zangraph/sources-<digest of its address>``), and a log of the changes made since it was
last written whole (``<store>.sources.log``, JSON lines): source path → (signature, content hash,
when it was hashed), where the signature is a digest of every file the hash reads with its
size and modification time in nanoseconds, and the newest of those times; and each act
directory's listing: the files its hash reads, with the modification times of the directory
and of its split parts' folders. A re-ingest of a 50 000-act corpus with one act changed
would otherwise read and hash every file of every act (linear in the corpus: ~1.3 GB) and
list every act directory; with the manifest it stats them.

Guarantees — it is a cache, never a source of truth:

- a missing, unreadable or foreign file is an empty manifest (every source is hashed, and
  the file rewritten);
- an entry is used only when every file has the size and modification time recorded, the
  same set of files is there, and the newest of them is older than the hashing by more
  than ``RACY`` seconds — Git's "racily clean" rule: a file changed within the
  same clock tick as it was recorded can keep its modification time;
- a listing is used only when the directory and its parts' folders have the modification
  times recorded, by the same rule (a file added, removed or renamed in a directory changes
  its modification time; a file changed in place does not, and the entry's signature
  catches that);
- it is written atomically (a temporary file renamed over it); a change is appended to the
  log (a line cut short by a kill ends what is read of the log, and the next save writes
  the file whole).

What it does not catch: a file rewritten with the same size *and* the same modification
time long after it was recorded (only a deliberate ``touch -d`` does that); ``--force``
reads everything regardless.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

VERSION = 3  # 3: a signature is a digest of the files' metadata (2 listed them)
RACY = 2.0  # seconds
RACY_NS = int(RACY * 1e9)
LOG_MIN = 1000  # changes the log of changes may hold whatever the size of the manifest


def manifest_path(store_spec) -> Path:
    if isinstance(store_spec, Path):
        store_spec = store_spec.absolute()  # `--store .` has no name of its own
        return store_spec.with_name(store_spec.name + ".sources")
    digest = hashlib.sha256(str(store_spec).encode()).hexdigest()[:12]
    return Path(".zangraph") / f"sources-{digest}"


def signature(files: list[Path] | list[str]) -> list | None:
    """[digest of every file's name, size and mtime_ns, the newest mtime_ns] of ``files``, or
    None when one cannot be stat-ed. A digest, not the list: the manifest of a 50 000-act
    corpus is then 15 MB, not 40, and loads in 0.2 s instead of 0.6 at every re-ingest."""
    lines = []
    newest = 0
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            return None
        m = st.st_mtime_ns
        lines.append(f"{os.fspath(f)}\0{st.st_size}\0{m}\n")
        if m > newest:
            newest = m
    return [hashlib.blake2b("".join(lines).encode(), digest_size=16).hexdigest(), newest]


class Manifest:
    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, list] = {}  # where → [signature, hash, hashed at (ns)]
        # act directory → [its mtime_ns, {split part folder: mtime_ns}, the files its hash reads
        # (relative), listed at (ns)]: a walk need not list it again while none of those changed
        self.listings: dict[str, list] = {}
        self.used = self.hashed = self.relisted = self.listings_used = 0
        self._changed: dict[tuple[str, str], None] = {}  # ("e" or "l", where), in order, since loaded
        self._logged = 0  # lines of the log of changes (``save``)
        self._rewrite = False  # the log is damaged: write the file whole
        if path is None:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == VERSION:
                self.entries = dict(data["entries"])  # each entry's shape is checked when it is used
                self.listings = dict(data.get("listings") or {})
                self._read_log()
                return
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries, self.listings = {}, {}
        self._rewrite = True  # missing, foreign or garbage: the log of changes to it is not read either

    def _log_path(self) -> Path:
        return self.path.with_name(self.path.name + ".log")

    def _read_log(self) -> None:
        """The changes saved since the file was last written whole: a JSON line each, after a
        line naming the version (a line cut short by a kill ends the log's use there)."""
        try:
            lines = self._log_path().read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            return
        try:
            if json.loads(lines[0]) != {"version": VERSION}:
                return
        except ValueError:
            return
        for i, line in enumerate(lines[1:], 1):
            try:
                kind, where, value = json.loads(line)
            except (ValueError, TypeError):
                self._rewrite = i < len(lines) - 1 or line != ""  # cut short: the next save writes the file whole
                break
            if kind == "e" and isinstance(where, str):
                self.entries[where] = value
            elif kind == "l" and isinstance(where, str):
                self.listings[where] = value
            self._logged += 1

    def hash_of(self, where: str, files: list[Path], compute) -> str:
        """The content hash of the source at ``where`` made of ``files``: the recorded one if
        they are unchanged (module docstring), else ``compute()`` (and recorded)."""
        sig = signature(files)
        got = self.entries.get(where)
        if got is not None and not _well_formed(got):
            got = None  # of the wrong shape: as if absent (and replaced below)
        if sig is not None and got is not None and got[0] == sig and sig[1] < got[2] - int(RACY * 1e9):
            self.used += 1
            return got[1]
        at = time.time_ns()
        digest = compute()
        self.hashed += 1
        if sig is not None and digest is not None:
            self.entries[where] = [sig, digest, at]
            self._changed["e", where] = None
        return digest

    def record(self, where: str, sig: list, digest: str, at: int) -> None:
        """What a reader saw of a source it read (its files stat-ed before it read them)."""
        self.entries[where] = [sig, digest, at]
        self._changed["e", where] = None
        self.hashed += 1

    def known_listing(self, where: str, path: str) -> list[str] | None:
        """The files the hash of the act directory at ``where`` (walked as ``path``) reads,
        as recorded when it was last listed, if neither it nor its split parts' folders have
        changed since (their modification times, by the racy rule of ``hash_of``); else None:
        list it. (A malformed record is None too: a listing only leads to the files whose
        signature ``hash_of`` checks.)"""
        got = self.listings.get(where)
        if got is None:
            return None
        try:
            mtime, parts, names, at = got
            fence = at - RACY_NS
            if mtime >= fence or os.stat(path).st_mtime_ns != mtime:
                return None
            for part, m in parts.items():
                if m >= fence or os.stat(f"{path}{os.sep}{part}").st_mtime_ns != m:
                    return None
            self.listings_used += 1
            return [f"{where}{os.sep}{n}" for n in names]
        except (OSError, TypeError, ValueError, AttributeError):
            return None

    def listed(self, where: str, mtime: int, parts: dict, names: list[str], at: int) -> None:
        """What a walk saw of the act directory at ``where`` (its times read before its listing)."""
        if self.listings.get(where) != [mtime, parts, names, at]:
            self.listings[where] = [mtime, parts, names, at]
            self._changed["l", where] = None
            self.relisted += 1

    def save(self) -> None:
        """Keep what changed: appended to the log of changes while it is short (a re-ingest with
        one act changed writes a few lines, not the 28 MB of a 50 000-act corpus), the whole
        file written again — and the log dropped — once the log would hold more than a tenth
        of the entries."""
        if self.path is None or not (self._changed or self._rewrite):
            return
        if not self._rewrite and self._logged + len(self._changed) <= max(LOG_MIN, len(self.entries) // 10):
            lines = [] if self._logged else [json.dumps({"version": VERSION})]
            lines += [json.dumps([k, w, (self.entries if k == "e" else self.listings)[w]]) for k, w in self._changed]
            try:
                with self._log_path().open("a", encoding="utf-8") as f:
                    f.write("".join(line + "\n" for line in lines))
                self._logged += len(self._changed)
                self._changed.clear()
                return
            except OSError:
                pass  # written whole below
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"version": VERSION, "entries": self.entries, "listings": self.listings}),
                           encoding="utf-8")
            os.replace(tmp, self.path)
            self._log_path().unlink(missing_ok=True)  # after: a kill between them replays changes already kept
            self._logged = 0
            self._changed.clear()
            self._rewrite = False
        except OSError:  # a cache that cannot be written only costs time
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def _well_formed(entry) -> bool:
    """[[signature digest, newest mtime_ns], hash, hashed_at_ns]: anything else is ignored."""
    try:
        (sig, newest), digest, at = entry
        return isinstance(sig, str) and isinstance(newest, int) and isinstance(digest, str) and isinstance(at, int)
    except (TypeError, ValueError):
        return False

