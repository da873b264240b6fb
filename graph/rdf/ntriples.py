"""RDF terms and quads written as N-Quads text — what ``rdf.mapping`` emits.

Reads: IRIs, literal values, language tags. Writes: N-Triples term *tokens* (``<iri>``,
``"text"@ru``, ``"2020-01-01"^^<…#date>``) and N-Quads lines made of them.
Guarantees: every token is one Oxigraph (and any N-Quads reader) accepts, or a
``ValueError`` is raised where it is made — an IRI is checked by pattern when it is plain
ASCII and by Oxigraph's own IRI parser otherwise; a literal's text is escaped as the
N-Quads grammar asks (``\\"``, ``\\\\``, ``\\n``, ``\\r``); a language tag is checked by
pattern and lower-cased, as Oxigraph does.

Why text and not pyoxigraph term objects: building a ``NamedNode``/``Literal``/``Quad``
per quad in Python was two thirds of the time of mapping an act (py-spy over an ingest,
issue 17), and the pipeline's workers only write the quads to a file anyway; the bulk
loader parses them in Rust. ``quads`` turns lines back into ``Quad`` objects for the few
callers that want them (an in-memory view of a past state of knowledge).

>>> iri("https://w3id.org/zangraph/kz/eli/law/2015/11/23/416-V/art_1")
'<https://w3id.org/zangraph/kz/eli/law/2015/11/23/416-V/art_1>'
>>> lit('«О" \\\\ \\n', "RU")
'"«О\\\\" \\\\\\\\ \\\\n"@ru'
>>> [str(q.object) for q in quads([line(iri("http://a/s"), iri("http://a/p"), lit('x"\\ny', "ru"), iri("http://a/g"))])]
['"x\\\\"\\\\ny"@ru']
>>> iri("http://a/b c")
Traceback (most recent call last):
...
ValueError: not an IRI: 'http://a/b c'
"""

from __future__ import annotations

import re
from datetime import date

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

XSD = "http://www.w3.org/2001/XMLSchema#"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_NOT_IRI_CHAR = re.compile(r"[^A-Za-z0-9\-._~:/?@!$&'()*+,;=%]")  # of an ASCII IRI
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_LANG = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*")
_LANGS: dict[str, str] = {}
_DATE, _INT, _BOOL = f"<{XSD}date>", f"<{XSD}integer>", f"<{XSD}boolean>"
TRUE, FALSE = f'"true"^^{_BOOL}', f'"false"^^{_BOOL}'


def iri(value: str) -> str:
    """``<value>``, checked (module docstring)."""
    if not (value.isascii() and _SCHEME.match(value) and _NOT_IRI_CHAR.search(value) is None
            and ("%" not in value or _BAD_PERCENT.search(value) is None)):
        try:
            NamedNode(value)
        except ValueError:
            raise ValueError(f"not an IRI: {value!r}") from None
    return f"<{value}>"


def value(token: str) -> str:
    """The IRI of an ``<iri>`` token."""
    return token[1:-1]


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")


def _uchar(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04X}"


def lit(text: str, lang: str | None = None) -> str:
    """A string literal (with a language tag when ``lang`` is given)."""
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if _CONTROL.search(text) is not None:  # other control characters (a Word line break \x0b …) and the
        text = _CONTROL.sub(_uchar, text)  # Unicode line separators as \uXXXX: any reader takes them, Virtuoso too
    if not lang:
        return f'"{text}"'
    tag = _LANGS.get(lang)
    if tag is None:
        if _LANG.fullmatch(lang) is None:
            raise ValueError(f"not a language tag: {lang!r}")
        tag = _LANGS[lang] = lang.lower()
    return f'"{text}"@{tag}'


def day(d: date) -> str:
    return f'"{d.isoformat()}"^^{_DATE}'


def integer(v: int) -> str:
    return f'"{int(v)}"^^{_INT}'


def boolean(v: bool) -> str:
    return TRUE if v else FALSE


def line(s: str, p: str, o: str, g: str) -> str:
    return f"{s} {p} {o} {g} .\n"


def predicate(line: str) -> str:
    """The predicate token of an N-Quads line (the subject, an IRI or a blank node, has no space)."""
    i = line.index(" ")
    return line[i + 1:line.index(" ", i + 1)]


class Vocabulary:
    """``<iri>`` tokens of a namespace's terms: ``Vocabulary(ZG).validFrom``, ``…["x"]``
    (the namespace object decides which names exist: rdflib's ``DefinedNamespace`` raises
    on a misspelt one)."""

    def __init__(self, namespace):
        self._ns = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        token = iri(str(getattr(self._ns, name)))
        self.__dict__[name] = token
        return token

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


SINK_CHUNK = 50_000  # lines handed to a sink at a time


class Out:
    """Collects one graph's N-Quads lines; with a ``sink``, hands them over every
    ``SINK_CHUNK`` lines so a large act is never held whole."""

    def __init__(self, graph: str, sink=None):
        self.g = iri(graph)
        self.lines: list[str] = []
        self.sink = sink

    def add(self, s: str, p: str, o: str | None) -> None:
        if o is None:
            return
        self.lines.append(f"{s} {p} {o} {self.g} .\n")
        if self.sink is not None and len(self.lines) >= SINK_CHUNK:
            self.sink(self.lines)
            self.lines = []

    def done(self) -> list[str]:
        """The lines not yet handed over: all of them without a sink, none with one."""
        if self.sink is None:
            return self.lines
        if self.lines:
            self.sink(self.lines)
        self.lines = []
        return []


def quads(lines) -> list[Quad]:
    """N-Quads lines as pyoxigraph quads."""
    return list(parse("".join(lines).encode("utf-8"), format=RdfFormat.N_QUADS))
