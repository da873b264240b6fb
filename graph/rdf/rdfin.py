"""Reading RDF that users send (``/api/validate``, the Graph Store Protocol, ``zangraph
validate FILE``, RDF candidates): one function, with nothing fetched and nothing expanded.

The bytes are parsed by Oxigraph's parsers (pyoxigraph), which never load a remote
JSON-LD context (``@context: "http://…"``, ``@import``: refused, "No LoadDocumentCallback")
and say where an error is (line and column); RDF/XML is first checked by defusedxml, so a
DTD — entity declarations, the "billion laughs" — is refused before any entity is expanded.
The quads are then handed to rdflib (for pyshacl) as N-Quads, a format with no such
features. rdflib's own parsers are not used on user input: its JSON-LD parser fetches
remote contexts and its RDF/XML parser expands entities.
"""

from __future__ import annotations

from pyoxigraph import RdfFormat, parse, serialize

# rdflib's format names (the ones the callers used) → Oxigraph's
FORMATS = {"turtle": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "nquads": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG,
           "json-ld": RdfFormat.JSON_LD, "xml": RdfFormat.RDF_XML}


class RdfError(ValueError):
    """Input that is not valid RDF of the given format, or that asks for what is refused."""


def _no_dtd(data: bytes) -> None:
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    try:
        DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise RdfError(f"RDF/XML with a DTD or entity declarations is refused (entities are never expanded): {e}") \
            from None
    except DET.ParseError as e:
        raise RdfError(f"not well-formed XML: {e}") from None


def read_quads(data: bytes, fmt: str) -> list:
    """The quads of ``data`` (``fmt``: a key of ``FORMATS``), or ``RdfError`` naming the place.

    >>> def why(data, fmt):
    ...     try:
    ...         read_quads(data, fmt)
    ...     except RdfError as e:
    ...         return str(e)
    >>> why(b'{"@context": "http://127.0.0.1:9/ctx", "@id": "http://a", "http://p": "x"}', "json-ld")
    'not valid JSON-LD: remote JSON-LD contexts are never loaded'
    >>> why(b'@prefix ex: <http://ex/> .\\nex:a ex:b "abc', "turtle")
    'not valid Turtle: Parser error at line 2 between columns 11 and 15: Unexpected end of file'
    """
    if fmt not in FORMATS:
        raise RdfError(f"unknown RDF format {fmt!r}: expected one of {', '.join(FORMATS)}")
    f = FORMATS[fmt]
    if f == RdfFormat.RDF_XML:
        _no_dtd(data)
    try:
        return list(parse(data, format=f))
    except SyntaxError as e:
        msg = str(e)
        if "LoadDocumentCallback" in msg:
            where = f" (line {e.lineno}, column {e.offset})" if e.lineno else ""
            raise RdfError(f"not valid {f.name}: remote JSON-LD contexts are never loaded{where}") from None
        raise RdfError(f"not valid {f.name}: {msg.removesuffix(f' (line {e.lineno})')}") from None
    except (ValueError, OSError, UnicodeError) as e:
        raise RdfError(f"not valid {f.name}: {e}") from None


def read_graph(data: bytes, fmt: str):
    """The triples of every graph of ``data`` as one rdflib ``Graph`` (what pyshacl validates)."""
    from rdflib import Dataset, Graph

    quads = read_quads(data, fmt)
    ds = Dataset()
    ds.parse(data=serialize(quads, format=RdfFormat.N_QUADS) or b"", format="nquads")
    union = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
