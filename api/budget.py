"""Run one request's work in a process of its own, within a CPU and memory budget.

``POST /api/validate`` parses user RDF and runs pyshacl over it: work whose cost the body
decides (a small body can ask for a lot). It runs in a child forked from a forkserver that
has rdflib and pyshacl loaded (a fork costs milliseconds, not the seconds of an import),
with ``RLIMIT_AS`` (memory) and ``RLIMIT_CPU`` set, no network (``sandbox``), and a wall
clock deadline; past any of them the child is gone and the request is answered 503 with
the budget it ran out of. The server's own memory never holds the user's graph.
"""

from __future__ import annotations

import multiprocessing
import os
import signal

from .errors import ApiError

_CTX = None


def _context():
    global _CTX
    if _CTX is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["rdflib", "pyshacl", "zangraph.graph.rdf.rdfin", "zangraph.graph.rdf.validate",
                                    "zangraph.api.sandbox"])
        _CTX = ctx
    return _CTX


def _child(conn, fn, args, cpu: float, memory: int) -> None:  # pragma: no cover - child process
    import resource

    from zangraph.graph.workers import die_with_parent

    from .sandbox import no_network

    die_with_parent(os.getppid())  # the forkserver, which ends with the server
    no_network()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    secs = max(1, int(cpu + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (secs, secs + 1))
    try:
        conn.send(("ok", fn(*args)))
    except ApiError as e:
        conn.send(("error", e.status, e.code, e.message, e.extra))
    except MemoryError:
        conn.send(("memory",))


def run(fn, args: tuple, cpu: float, memory: int, what: str):
    """``fn(*args)`` in a budgeted child; its ApiError is raised here; a spent budget is 503."""
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(child, fn, args, cpu, memory), daemon=True)
    p.start()
    child.close()
    try:
        out = parent.recv() if parent.poll(cpu * 2 + 10) else ("time",)
    except EOFError:  # ended by the kernel: SIGXCPU past the CPU budget, or an abort for want of memory
        p.join(5)
        out = ("time",) if p.exitcode == -signal.SIGXCPU else ("memory",)
    finally:
        if p.is_alive():
            p.kill()
        p.join(5)
        parent.close()
    if out[0] == "ok":
        return out[1]
    if out[0] == "error":
        raise ApiError(out[1], out[2], out[3], **out[4])
    budget = f"{cpu:g} s of CPU (setting validate_timeout)" if out[0] == "time" else \
        f"{memory} bytes of memory (setting validate_memory)"
    raise ApiError(503, "over_budget", f"{what} needed more than its budget of {budget}; it was stopped",
                   headers={"Retry-After": "1"})
