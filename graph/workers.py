"""Worker processes end with the process they work for.

``die_with_parent(pid)`` ends the calling process within half a second of its parent's
death, so that no orphan worker outlives a killed ingest or server — an orphan would hold
the pipes its parent's caller waits on, and the memory of its task, forever. A watching
thread, not the kernel's ``PR_SET_PDEATHSIG``: that fires when the *thread* that started the
worker ends, and pools replace workers from threads that come and go.
"""

from __future__ import annotations

import os
import threading
import time


def die_with_parent(parent: int, every: float = 0.5) -> None:
    """End this process as soon as its parent (``parent``, a pid) is gone."""

    def watch():
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(0)

    if os.getppid() != parent:
        os._exit(0)
    threading.Thread(target=watch, daemon=True, name="zangraph-parent-watch").start()
