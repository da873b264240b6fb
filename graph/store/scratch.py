"""Scratch directories of an ingest (its spool: what workers have read and not yet written).

Each run makes one under the system's temporary directory, named with its process id, and
removes it when it ends; ``clean_stale`` removes those of runs that were killed (their
process is gone). Nothing here touches the store.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "zangraph-stage-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale() -> None:
    """Remove the scratch directories of ingests that were killed (their process is gone)."""
    for d in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            pid = int(d.name[len(PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(d, ignore_errors=True)
