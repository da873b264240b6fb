"""What an ingest is about to write, held outside the store until it has been validated.

The quads of a batch's texts and consolidations arrive in chunks (``rdf``'s ``sink``) and
go into a scratch Oxigraph store, named graphs kept; the SHACL checks read the union of
its graphs (every check counts DISTINCT values and results are a set, so a triple stated
in two graphs counts once, as in the merged graph). Small batches keep it in memory. A
batch with ``LARGE_TEXT`` bytes of raw text or more keeps it in a temporary on-disk
store, whose memory is RocksDB's bounded write buffers, and is written out in chunks
(``write_to``) without becoming Python objects again: the memory an ingest needs then no
longer grows with the size of the text (a 20 MB act is ~1.3 million quads, which as
Python objects alone would take ~650 MB).

Nothing here touches the real store; ``Staged`` is a context manager that removes its
temporary directory on exit (and ``clean_stale`` removes those of killed runs).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import Literal, Quad, RdfFormat, Store, serialize

LARGE_TEXT = 1_000_000  # bytes of raw text in a batch from which the scratch store is on disk
PREFIX = "zangraph-stage-"
CHUNK_BYTES = 8_000_000  # N-Quads per transaction of a chunked write (~25 000 quads)
FLUSH_BYTES = 32_000_000  # N-Quads written between two flushes of the store's memory tables
MEMORY_CHUNK = 25_000  # quads per transaction when the staged quads are in memory
LONG_LITERAL = 1_000_000  # characters from which a literal is kept out of the N-Quads file
BULK_QUADS = 50_000  # quads gathered before one bulk load into the scratch store (each has a fixed cost)


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


class Staged:
    """Quads staged for one write: ``add`` chunks, ``query`` the union, then
    ``write_to`` or ``__iter__`` to write them."""

    def __init__(self, on_disk: bool = False):
        self.dir: Path | None = None
        self._pending: list[Quad] = []
        if on_disk:
            clean_stale()
            self.dir = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
            self.quads = Store(str(self.dir / "quads"))
            # what will be written, as N-Quads, kept as it comes (cheaper than a dump later)
            self.nquads = (self.dir / "staged.nq").open("wb")
            self.long: list[Quad] = []
        else:
            self.quads = Store()
            self.nquads = None

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add(self, quads: list[Quad]) -> None:
        # scratch only: bulk loading (no transaction) is what it is for. Each bulk load into an
        # on-disk store writes and ingests its own files (~45 ms however few the quads: the git
        # history's 5 000 small texts spent a third of their ingest there), so small chunks
        # are gathered first, up to BULK_QUADS (what a sink hands over at a time anyway)
        self._pending += quads
        if len(self._pending) >= BULK_QUADS:
            self._drain()
        if self.nquads is not None:
            # Oxigraph's N-Quads reader holds a line in a buffer of at most 16 MiB: a long
            # literal (the raw text of a large act is one) is kept as an object instead
            long = [q for q in quads if isinstance(q.object, Literal) and len(q.object.value) > LONG_LITERAL]
            if long:
                self.long += long
                quads = [q for q in quads if not (isinstance(q.object, Literal) and len(q.object.value) > LONG_LITERAL)]
            serialize(quads, self.nquads, format=RdfFormat.N_QUADS)

    def _drain(self) -> None:
        if self._pending:
            self.quads.bulk_extend(self._pending)
            self._pending = []

    def query(self, sparql: str):
        """SPARQL over the union of the staged graphs (what the SHACL checks read)."""
        self._drain()
        return self.quads.query(sparql, use_default_graph_as_union=True)

    def __len__(self) -> int:
        self._drain()
        return len(self.quads)

    def __iter__(self) -> Iterator[Quad]:
        self._drain()
        return iter(self.quads)

    def write_to(self, store: Store, chunk_bytes: int = CHUNK_BYTES) -> None:
        """Add the staged quads to ``store`` in transactions of about ``chunk_bytes`` of
        N-Quads each, read by Oxigraph from the file ``add`` wrote (no Python objects)."""
        self._drain()
        if self.nquads is None:  # staged in memory (a small batch): written as objects
            quads = list(self.quads)
            for i in range(0, len(quads), MEMORY_CHUNK):
                store.extend(quads[i:i + MEMORY_CHUNK])
            return
        self.nquads.close()
        store.extend(self.long)
        path = self.dir / "staged.nq"
        try:
            with path.open("rb") as f:
                rest, unflushed = b"", 0
                while block := f.read(chunk_bytes):
                    block = rest + block
                    cut = block.rfind(b"\n") + 1
                    block, rest = block[:cut], block[cut:]
                    if block:
                        store.load(input=block, format=RdfFormat.N_QUADS, lenient=True)
                        # RocksDB keeps what is written in memory tables (per index, up to
                        # its write buffer size each) until they are flushed: flushing every
                        # FLUSH_BYTES keeps a large write's memory bounded (~1 KB a quad unflushed)
                        unflushed += len(block)
                        if unflushed >= FLUSH_BYTES:
                            store.flush()
                            unflushed = 0
                if rest:
                    store.load(input=rest, format=RdfFormat.N_QUADS, lenient=True)
        finally:
            path.unlink(missing_ok=True)

    def counts(self) -> dict[str, int]:
        """Quads per named graph."""
        q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        self._drain()
        return {r["g"].value: int(r["n"].value) for r in self.quads.query(q)}

    def close(self) -> None:
        self.quads = None
        if self.nquads is not None:
            self.nquads.close()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
