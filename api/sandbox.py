"""The walls around processes that evaluate what users send (SPARQL queries and updates).

``no_network()`` installs a seccomp filter (libseccomp through ``pyseccomp``) under which
the process and every thread it starts can create no socket but Unix ones: ``socket()``
of any other family fails with EACCES, and io_uring (which could open sockets past the
filter) is refused the same way. The worker's pipe to the server is a Unix socket pair
made before the filter, so it keeps working. Oxigraph's ``SERVICE`` and ``LOAD`` then
fail inside the engine ("Permission denied") even if the parsed screen (``screen``) were
ever wrong. This is what Oxigraph's binding allows: pyoxigraph has no switch to turn its
HTTP client off, so the wall is the process's.

Workers also end with the server (``zangraph.graph.workers.die_with_parent``), so that no
orphan worker outlives a killed server.

Both are Linux facilities; elsewhere they report that they are not active, and the parsed
screen stays the only wall (``/health`` says which: ``network_wall``).
"""

from __future__ import annotations

import errno
import socket


def no_network() -> bool:
    """Forbid this process (and its future threads) every non-Unix socket; True if active."""
    try:
        import pyseccomp as sc
    except (ImportError, OSError):  # no libseccomp on this system
        return False
    try:
        f = sc.SyscallFilter(sc.ALLOW)
        f.set_attr(sc.Attr.CTL_TSYNC, 1)  # every thread of the process, not only the caller
        f.add_rule(sc.ERRNO(errno.EACCES), "socket", sc.Arg(0, sc.NE, socket.AF_UNIX))
        for call in ("io_uring_setup", "io_uring_enter", "io_uring_register"):
            f.add_rule(sc.ERRNO(errno.EACCES), call)
        f.load()
    except (OSError, RuntimeError, ValueError):  # a kernel without seccomp filters
        return False
    return network_blocked()


def network_blocked() -> bool:
    """Whether this process can create an Internet socket (a check of the wall itself)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False
