"""The SPARQL screen (``screen``) run in a process of its own.

rdflib's parser is pure Python: a query nested 60 levels deep (within the limit) costs
~55 ms of CPU, and in the server process that is 55 ms with the GIL held, while every
other request waits. Measured by ``bench/hostile.py`` on 2 cores: two clients sending
such queries pushed the provision route's p99 from 17 ms to 81 ms (4.7×). So the server
sends the text to one child process — spawned once, behind the no-network wall, at a
lower priority, ending with the server, like the query workers — and keeps the answers
of recent texts (the same query asked again costs a dictionary lookup). The child parses
one query at a time; one that takes longer than the query time limit to read has the
child killed and replaced, and is answered 503 like a query that runs too long.

The store's graph names are not sent (a country's store has ~10⁵ of them): the child
returns the dataset the query's FROM clauses name and the server checks it
(``screen.check_dataset``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from .errors import ApiError
from .screen import Dataset, check_dataset

NICENESS = 10
CACHE = 1024  # screened texts remembered


def _init(server: int) -> None:  # pragma: no cover - runs in the child
    from zangraph.graph.workers import die_with_parent

    from .sandbox import no_network

    die_with_parent(server)
    os.nice(NICENESS)
    no_network()


def _screen(update: bool, text: str, max_depth: int, max_length: int):  # pragma: no cover - runs in the child
    from .screen import screen_query, screen_update

    try:
        if update:
            screen_update(text, set(), max_depth, max_length)
            return ("ok", None)
        return ("ok", screen_query(text, None, max_depth, max_length))
    except ApiError as e:
        return ("error", e.status, e.code, e.message, e.extra)


class Screener:
    def __init__(self, timeout: float):
        self.timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._seen: OrderedDict = OrderedDict()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawned (not forked from the threaded server), as the query workers are
                ctx = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=_init, initargs=(os.getpid(),))
            return self._pool

    def _reset(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        for p in list(getattr(pool, "_processes", {}).values()):  # the child may be busy: stop it for real
            p.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, update: bool, text: str, max_depth: int, max_length: int):
        key = (update, text, max_depth, max_length)
        with self._lock:
            if key in self._seen:
                self._seen.move_to_end(key)
                out = self._seen[key]
            else:
                out = None
        if out is None:
            pool = self._executor()
            try:
                out = pool.submit(_screen, update, text, max_depth, max_length).result(self.timeout)
            except FutureTimeout:
                self._reset(pool)
                raise ApiError(503, "timeout", f"the query took longer than the time limit of {self.timeout:g} s "
                               "to read and was stopped", headers={"Retry-After": "1"}) from None
            except BrokenProcessPool:
                self._reset(pool)
                raise ApiError(400, "malformed_update" if update else "malformed_query",
                               "the query could not be read (the process reading it failed)") from None
            with self._lock:
                self._seen[key] = out
                while len(self._seen) > CACHE:
                    self._seen.popitem(last=False)
        if out[0] == "error":
            raise ApiError(out[1], out[2], out[3], **out[4])
        return out[1]

    def query(self, text: str, graphs: set[str], max_depth: int, max_length: int) -> Dataset:
        """``screen.screen_query``, in the child."""
        return check_dataset(self._run(False, text, max_depth, max_length), graphs)

    def update(self, text: str, max_depth: int, max_length: int) -> None:
        """``screen.screen_update``, in the child."""
        self._run(True, text, max_depth, max_length)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            self._reset(pool)
