"""The one way a value enters the text of a SPARQL query: as a term, never spliced.

Every user-given value (an act key, an eId, a search word, a number) that a query needs
goes through ``literal``; every IRI through ``iri``, which refuses what is not an
absolute IRI. ``literal`` writes each character the SPARQL 1.1 grammar forbids raw in a
string (``"``, ``\\``, LF, CR — §19.8 STRING_LITERAL2) as its escape, and every other
control character as ``\\uXXXX`` (harmless, and readable in logs), so that no input can end
the string or the query: tests/test_hostile.py checks it with every control character and
quote, on the real engine.
"""

from __future__ import annotations

import re

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS = re.compile(r'["\\\x00-\x1f\x7f]')
_ABSOLUTE_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*')


def literal(value: str) -> str:
    r"""``value`` as a SPARQL string literal.

    >>> print(literal('a "b"\n\\c'))
    "a \"b\"\n\\c"
    >>> literal("x\x00y")
    '"x\\u0000y"'
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be written in UTF-8: it becomes "?"
        value = value.encode("utf-8", "replace").decode("utf-8")
    return '"' + _NEEDS.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), value) + '"'


def iri(value: str) -> str:
    """``<value>`` once ``value`` is known to be an absolute IRI (nothing else reaches a query).

    >>> iri("null")
    Traceback (most recent call last):
    ...
    ValueError: not an absolute IRI: 'null'
    """
    if not _ABSOLUTE_IRI.fullmatch(value):
        raise ValueError(f"not an absolute IRI: {value!r}")
    return f"<{value}>"
