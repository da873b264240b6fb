"""Reading input files: only regular files, so that a FIFO, a device or a socket named
``*.txt`` is refused with a message instead of hanging the ingest (a FIFO's ``open``
waits for a writer forever; ``/dev/zero`` never ends)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .normalise import InputError

_KINDS = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")]


def kind_of_file(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: Path | str) -> bytes:
    """The bytes of ``path`` if it is a regular file (symbolic links followed); otherwise
    ``InputError`` naming what it is. Opened without blocking, then checked on the open
    file itself, so that nothing can be swapped in between.

    >>> try:
    ...     read_regular("/dev/null")
    ... except InputError as e:
    ...     print(e)
    /dev/null: a character device, not a regular file: not read
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{kind_of_file(mode)}, not a regular file: not read", str(path))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            return f.read()
    finally:
        if fd >= 0:
            os.close(fd)
