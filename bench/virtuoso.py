"""Start Debian's Virtuoso (``virtuoso-opensource``) with a fresh database in a directory.

Used by the tests (the remote-store cases) and by the benchmark. The instance listens on
127.0.0.1 only, on free ports; its SPARQL user gets the SPARQL_UPDATE role so that the
unauthenticated ``/sparql`` and ``/sparql-graph-crud`` endpoints accept writes (it is a
throw-away database on loopback). ``ResultSetMaxRows`` is raised from Debian's 10 000 so
that no answer is silently cut.

    with Virtuoso(tmp_dir) as v:
        v.query_url, v.gsp_url
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

BINARY = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 2G
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 20
ServerThreads = 20
MaxKeepAlives = 20
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 1

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 300
"""


def available() -> bool:
    return Path(BINARY).exists() and Path(ISQL).exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Virtuoso:
    def __init__(self, directory: str | Path, buffers: int = 170000, max_rows: int = 10_000_000):
        self.dir = Path(directory)
        self.buffers = buffers
        self.max_rows = max_rows
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def gsp_url(self) -> str:
        return f"{self.base}/sparql-graph-crud"

    def start(self, timeout: float = 90) -> Virtuoso:
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        self.sql, self.http = _free_port(), _free_port()
        ini = self.dir / "virtuoso.ini"
        ini.write_text(INI.format(d=self.dir, sql=self.sql, http=self.http, buffers=self.buffers,
                                  dirty=self.buffers * 3 // 4, max_rows=self.max_rows))
        self.log = open(self.dir / "stdout.log", "wb")
        self.proc = subprocess.Popen([BINARY, "+foreground", "+configfile", str(ini)], cwd=self.dir,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"virtuoso exited with {self.proc.returncode}: {(self.dir / 'stdout.log').read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.query_url}?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"virtuoso did not answer on {self.query_url} within {timeout} s") from None
                time.sleep(0.3)
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL";', "GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO \"SPARQL\";",
                  "GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO \"SPARQL\";")
        return self

    def isql(self, *statements: str) -> str:
        out = subprocess.run([ISQL, f"127.0.0.1:{self.sql}", "dba", "dba", "exec=" + " ".join(statements)],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql failed: {out.stdout}{out.stderr}")
        return out.stdout

    def size_on_disk(self) -> int:
        return sum(f.stat().st_size for f in self.dir.glob("virtuoso*.db"))

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()

    def __enter__(self) -> Virtuoso:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
