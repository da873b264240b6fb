"""What a user's SPARQL may do, decided on the *parsed* query, never on its text.

The query is parsed by rdflib's SPARQL 1.1 parser and translated to its algebra; the
algebra is walked for what must never run here: ``SERVICE`` (a call to another service),
``LOAD`` (a fetch) and a dataset (``FROM`` / ``FROM NAMED``, prefixed names resolved) that
names a graph outside the store. A query rdflib cannot read is not run at all (fail
closed): the two parsers agree on SPARQL 1.1, and what only one of them reads
(engine-specific syntax) is refused with the parser's message and position.

This is the first wall. The second is that the processes evaluating user queries and
updates have no network at all (``sandbox.no_network``): a query this screen misread
still reaches nothing.

Before the parser runs, two limits bound its work (and the engine's): the query's length
and its nesting depth (brackets ``{ ( [`` outside strings, IRIs and comments); a query
past either is refused before anything is parsed or evaluated (DESIGN: bounded requests).
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import ApiError

# rdflib's parser (pyparsing) is recursive: about 35 Python frames per nesting level; the
# depth limit below keeps it far from this recursion limit and from the C stack.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))

MAX_DEPTH = 64  # defaults of the settings max_query_depth / max_query_length
MAX_LENGTH = 100_000

# Tokens that may hold brackets which do not nest: IRIs, strings (short and long), comments.
_SKIP = re.compile(r'''<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*|[{}()\[\]]''', re.S)
_OPEN, _CLOSE = "{([", "})]"


@dataclass
class Dataset:
    """The dataset a query asked for with FROM / FROM NAMED (``given`` False: none asked)."""

    default: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    given: bool = False


def _line(text: str, at: int) -> str:
    return f"line {text.count(chr(10), 0, at) + 1}"


def depth(text: str) -> tuple[int, int]:
    """(deepest nesting, where it is first reached), counting brackets outside IRIs, strings
    and comments.

    >>> depth('SELECT * { ?s ?p "{{{" . FILTER((1)) } # {{{{')
    (3, 32)
    """
    deepest, at, d = 0, 0, 0
    for m in _SKIP.finditer(text):
        t = m.group()
        if len(t) != 1:
            continue
        d += 1 if t in _OPEN else -1
        if d > deepest:
            deepest, at = d, m.start()
    return deepest, at


def _bounded(text: str, max_depth: int, max_length: int) -> None:
    if len(text) > max_length:
        raise ApiError(400, "too_large", f"the query is {len(text)} characters long; this endpoint reads at most "
                       f"{max_length} (setting max_query_length)")
    d, at = depth(text)
    if d > max_depth:
        raise ApiError(400, "too_deep", f"the query nests {d} levels deep ({_line(text, at)}); this endpoint "
                       f"evaluates at most {max_depth} (setting max_query_depth)")


# rdflib's SPARQL grammar (pyparsing) is not thread-safe: two requests parsing at once can
# leave it broken for the life of the process (every later query "Param.postParse2()
# missing 1 required positional argument"; RDFLib/rdflib#1282). One parse at a time.
_PARSING = threading.Lock()


def _parse(text: str, update: bool):
    with _PARSING:
        return _parse_one(text, update)


def _parse_one(text: str, update: bool):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    what = "SPARQL Update" if update else "SPARQL"
    try:
        return translateUpdate(parseUpdate(text)) if update else translateQuery(parseQuery(text))
    except ParseException as e:
        raise ApiError(400, "malformed_update" if update else "malformed_query",
                       f"{what} syntax error at line {e.lineno}, column {e.col}: {e.msg}") from None
    except RecursionError:
        raise ApiError(400, "too_deep", "the query nests too deeply to be read") from None
    except Exception as e:  # translation errors: an unbound prefix, a variable used twice in SELECT …
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ApiError(400, "malformed_update" if update else "malformed_query", f"{what} error: {msg}") from None


def _walk(node, seen: set[int] | None = None):
    """Every algebra node (rdflib's CompValue) under ``node``, once each."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [node], set() if seen is None else seen
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, CompValue):
            yield x
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
        elif isinstance(x, dict):
            stack.extend(x.values())


def _refuse_remote(nodes, graphs: set[str] | None) -> Dataset:
    ds = Dataset()
    for n in nodes:
        if n.name == "ServiceGraphPattern":
            raise ApiError(400, "refused", f"SERVICE {n['term'].n3()} is not allowed: this endpoint never calls "
                           "other services")
        if n.name == "Load":
            raise ApiError(400, "refused", f"LOAD {n['iri'].n3()} is not allowed: this endpoint never fetches "
                           "remote data")
        if n.name == "DatasetClause":
            ds.given = True
            kind, iri = ("FROM NAMED", n["named"]) if "named" in n else ("FROM", n["default"])
            if graphs is not None and str(iri) not in graphs:
                refuse_graph(kind, str(iri))
            (ds.named if kind == "FROM NAMED" else ds.default).append(str(iri))
    return ds


def refuse_graph(kind: str, iri: str):
    raise ApiError(400, "refused", f"{kind} <{iri}>: not a graph of this store; remote data is never loaded")


def check_dataset(ds: Dataset, graphs: set[str]) -> Dataset:
    """``ds`` (screened without the store's graph names) if it names only graphs of the store."""
    for kind, iris in (("FROM", ds.default), ("FROM NAMED", ds.named)):
        for iri in iris:
            if iri not in graphs:
                refuse_graph(kind, iri)
    return ds


@lru_cache(maxsize=512)
def _screen_query(text: str, graphs: frozenset[str] | None, max_depth: int, max_length: int) -> Dataset:
    _bounded(text, max_depth, max_length)
    q = _parse(text, update=False)
    return _refuse_remote(_walk(q.algebra), graphs)


def screen_query(text: str, graphs: set[str] | None, max_depth: int = MAX_DEPTH, max_length: int = MAX_LENGTH) -> Dataset:
    r"""Refuse what must never run; → the dataset the query's own FROM / FROM NAMED ask for
    (``graphs``: the store's graph names, which FROM must name; None: checked later, by
    ``check_dataset``).

    >>> def why(q):
    ...     try:
    ...         return screen_query(q, {"urn:g"})
    ...     except ApiError as e:
    ...         return e.message
    >>> why('SELECT * WHERE { ?s ?p "SERVICE <x>" } # LOAD <y>')  # in a string or a comment: harmless
    Dataset(default=[], named=[], given=False)
    >>> why('SELECT * WHERE { BIND(<http://a/\\u0041#> AS ?x) \n service <http://x/sparql> { ?s ?p ?o } }')
    'SERVICE <http://x/sparql> is not allowed: this endpoint never calls other services'
    >>> why('PREFIX ex: <http://evil/> SELECT * FROM ex:data.ttl WHERE { ?s ?p ?o }')
    'FROM <http://evil/data.ttl>: not a graph of this store; remote data is never loaded'
    >>> why('SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }')
    Dataset(default=[], named=['urn:g'], given=True)
    >>> why('SELECT * WHERE { ?s ?p ?o ')
    'SPARQL syntax error at line 1, column 27: Expected SelectQuery'
    """
    return _screen_query(text, None if graphs is None else frozenset(graphs), max_depth, max_length)


def screen_update(text: str, graphs: set[str], max_depth: int = MAX_DEPTH, max_length: int = MAX_LENGTH) -> None:
    """The same refusals for SPARQL Update (LOAD, SERVICE in a WHERE, USING of a foreign graph
    is allowed: it names a graph of this store's dataset, which is then empty).

    >>> try:
    ...     screen_update('PREFIX ex: <http://evil/> LOAD ex:x.ttl', set())
    ... except ApiError as e:
    ...     print(e)
    LOAD <http://evil/x.ttl> is not allowed: this endpoint never fetches remote data
    """
    _bounded(text, max_depth, max_length)
    u = _parse(text, update=True)
    seen: set[int] = set()
    for request in u.algebra:
        for n in _walk(request, seen):
            if n.name in ("ServiceGraphPattern", "Load"):
                _refuse_remote([n], graphs)
