"""Service settings: flags of ``zangraph serve`` override the environment, which overrides
the defaults. One table (``SETTINGS``) is the documentation: README's settings table is
generated from it (``zangraph serve --help-settings``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from zangraph.graph.rdf.mapping import DEFAULT_BASE
from zangraph.graph.store.graphstore import DEFAULT_STORE

# name, environment variable, what it is
SETTINGS = [
    ("host", "ZANGRAPH_HOST", "Interface to listen on."),
    ("port", "ZANGRAPH_PORT", "TCP port."),
    ("store", "ZANGRAPH_STORE", "Store directory (built from the bundled corpus on first start if absent), or the address of a SPARQL 1.1 service (`http(s)://…`, see *Remote store*)."),
    ("base", "ZANGRAPH_BASE", "Base IRI of acts, provisions and versions."),
    ("query_timeout", "ZANGRAPH_QUERY_TIMEOUT", "Seconds a SPARQL query may run before it is stopped."),
    ("max_rows", "ZANGRAPH_MAX_ROWS", "Rows (or triples) a SPARQL answer may carry; more are cut and the answer says so."),
    ("max_body", "ZANGRAPH_MAX_BODY", "Largest request body in bytes."),
    ("write_token", "ZANGRAPH_WRITE_TOKEN", "Bearer token that enables SPARQL Update and Graph Store writes; unset = read-only."),
    ("cors", "ZANGRAPH_CORS", "Comma-separated origins allowed by CORS; empty = none."),
    ("sparql_workers", "ZANGRAPH_SPARQL_WORKERS", "Processes that run user SPARQL queries (each can be stopped at the time limit)."),
    ("max_query_length", "ZANGRAPH_MAX_QUERY_LENGTH", "Longest SPARQL query or update, in characters; longer ones are refused before parsing."),
    ("max_query_depth", "ZANGRAPH_MAX_QUERY_DEPTH", "Deepest nesting of brackets `{ ( [` a SPARQL query or update may have; deeper ones are refused before parsing."),
    ("validate_timeout", "ZANGRAPH_VALIDATE_TIMEOUT", "Seconds of CPU one `POST /api/validate` may use (parsing and SHACL); past it, 503."),
    ("validate_memory", "ZANGRAPH_VALIDATE_MEMORY", "Bytes of memory one `POST /api/validate` may use (its worker's address space); past it, 503."),
]


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    store: str = DEFAULT_STORE
    base: str = DEFAULT_BASE
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_body: int = 5_000_000
    write_token: str | None = None
    cors: list[str] = field(default_factory=list)
    sparql_workers: int = 2
    max_query_length: int = 100_000
    max_query_depth: int = 64
    validate_timeout: float = 20.0
    validate_memory: int = 2_000_000_000

    @classmethod
    def from_env(cls, env: dict | None = None, **overrides) -> Settings:
        """Defaults, then ``ZANGRAPH_*`` variables, then ``overrides`` (flags) that are not None.

        >>> Settings.from_env({"ZANGRAPH_PORT": "9000", "ZANGRAPH_CORS": "http://a, http://b"}, host="0.0.0.0").port
        9000
        >>> Settings.from_env({"ZANGRAPH_MAX_ROWS": "many"})
        Traceback (most recent call last):
        ...
        ValueError: ZANGRAPH_MAX_ROWS='many': expected int
        """
        env = os.environ if env is None else env
        s = cls()
        types = {f.name: f.type for f in fields(cls)}
        for name, var, _doc in SETTINGS:
            raw = overrides.get(name)
            source = f"--{name.replace('_', '-')}"
            if raw is None and env.get(var) not in (None, ""):
                raw, source = env[var], var
            if raw is None:
                continue
            setattr(s, name, _convert(raw, types[name], f"{source}={raw!r}"))
        if s.port < 0 or s.port > 65535 or s.query_timeout <= 0 or s.max_rows < 1 or s.max_body < 1 or s.sparql_workers < 1 \
                or s.max_query_length < 1 or s.max_query_depth < 1 or s.validate_timeout <= 0 or s.validate_memory < 1:
            raise ValueError("port must be 0–65535; every limit (query_timeout, max_rows, max_body, sparql_workers, max_query_*, "
                             "validate_*) must be positive")
        return s

    def table(self) -> list[tuple[str, str, str, str]]:
        """(setting, variable, default, meaning) rows, for the README and ``--help``."""
        d = Settings()
        return [(n, v, repr(getattr(d, n)), doc) for n, v, doc in SETTINGS]


def _convert(raw, typ: str, where: str):
    if not isinstance(raw, str):
        return raw
    try:
        if typ == "int":
            return int(raw)
        if typ == "float":
            return float(raw)
        if typ.startswith("list"):
            return [x.strip() for x in raw.split(",") if x.strip()]
        return raw
    except ValueError:
        raise ValueError(f"{where}: expected {typ}") from None
