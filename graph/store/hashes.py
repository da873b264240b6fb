"""The source hashes an embedded store holds, kept in a file inside its directory, so that a
re-ingest does not read them all from the store.

Reads and writes ``<store>/zangraph-source-hashes``: a header line (``zangraph source
hashes 1 F N``, F the number of source-hash facts of the store — the texts of one act
directory share its hash —, N of distinct hashes) and the N hashes, one per line. Reading the 50 000 hashes of a national store
from Oxigraph costs ~1.4 s (each hash is a random read of its string table); the file, 3 MB,
loads in a few milliseconds.

Guarantees — it is a cache, never a source of truth:

- it lives inside the store's directory: a store removed or replaced takes it along (a file
  beside the store could outlive it and vouch for hashes a new store does not hold);
- ``GraphStore`` removes it *before* its first write of a session (a process killed in the
  middle of a write leaves no file that vouches for the store before it), and writes it again
  only from a set it knows to be the store's (read from the store, or kept up to date by the
  writes it made itself), with no half-written graph pending;
- it is used only when its header is whole, its last line ends, and the store holds as many
  source-hash facts as it says (counted on the index, no string read: it catches most
  writes made by anything but zangraph); anything else is "no file" — the hashes are read
  from the store and the file written again;
- it is written atomically (a temporary file renamed over it).

What it does not catch: a program other than zangraph replacing one stored text by another
without changing their number; ``ingest --force`` reads every source regardless.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

NAME = "zangraph-source-hashes"
HEADER = "zangraph source hashes 1"


def load(store_dir: Path, facts: int) -> set[str] | None:
    """The hashes recorded in ``store_dir``, or None when there is no usable record (module
    docstring); ``facts``: how many source-hash facts the store holds."""
    try:
        lines = (store_dir / NAME).read_text(encoding="ascii").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    head, f, n = lines[0].rsplit(" ", 2) if lines[0].count(" ") >= 2 else ("", "", "")
    if head != HEADER or f != str(facts) or n != str(len(lines) - 2) or lines[-1] != "":
        return None  # foreign, of another store state, or cut short
    return set(lines[1:-1])


def save(store_dir: Path, hashes: set[str], facts: int) -> None:
    tmp = store_dir / f"{NAME}.{os.getpid()}.tmp"
    try:
        tmp.write_text("".join([f"{HEADER} {facts} {len(hashes)}\n", *(f"{h}\n" for h in sorted(hashes))]), encoding="ascii")
        os.replace(tmp, store_dir / NAME)
    except (OSError, UnicodeEncodeError):  # a cache that cannot be written only costs time
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def forget(store_dir: Path) -> None:
    with contextlib.suppress(OSError):
        (store_dir / NAME).unlink(missing_ok=True)
