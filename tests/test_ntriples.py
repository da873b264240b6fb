"""The ingest writes N-Quads text itself (``graph/rdf/ntriples.py``) instead of building
pyoxigraph terms: these properties check that what it writes is what Oxigraph reads back.

Why: a literal escaped wrongly would load a different wording than the text says (or stop a
bulk load half-way), and an IRI the fast pattern accepts but Oxigraph refuses would fail a
whole batch. Hypothesis draws arbitrary Unicode text (quotes, backslashes, CR/LF, control
characters, Kazakh letters…) and arbitrary eIds; the real acts' round trip is checked by
comparing whole stores (bench note in issue 17)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import NamedNode
from zangraph.graph.rdf.ntriples import integer, iri, line, lit, quads
from zangraph.graph.store.remote import lines_by_graph

G, S, P = iri("https://w3id.org/zangraph/kz/g"), iri("https://w3id.org/zangraph/kz/s"), iri("https://w3id.org/zangraph/kz/p")


@settings(max_examples=400, deadline=None)
@given(st.text(), st.sampled_from([None, "ru", "kk", "KK"]))
def test_a_literal_reads_back_as_written(text, lang):
    written = line(S, P, lit(text, lang), G)
    (q,) = quads([written])
    assert q.object.value == text
    assert q.object.language == (lang.lower() if lang else None)
    # one line whatever the text holds (a Word line break \x0b, U+2028, \x85 …): the remote
    # store's bulk path groups lines by graph by splitting the text, and Virtuoso reads them
    assert len(written.splitlines()) == 1
    assert lines_by_graph(written.encode("utf-8")) == {G[1:-1]: [written.rsplit(" ", 2)[0] + " .\n"]}


@settings(max_examples=400, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_an_iri_is_taken_only_when_oxigraph_takes_it(eid):
    value = f"https://w3id.org/zangraph/kz/eli/law/2015/11/23/416-V/{eid}"
    try:
        NamedNode(value)
        oxigraph_ok = True
    except ValueError:
        oxigraph_ok = False
    if not oxigraph_ok:
        with pytest.raises(ValueError, match="not an IRI"):
            iri(value)
        return
    (q,) = quads([line(iri(value), P, integer(7), G)])
    assert q.subject.value == value and q.object.value == "7"


def test_real_eids_and_words():
    # eIds and words as the readers make them (Kazakh letters, '-' numbering, a quoted title)
    value = "https://w3id.org/zangraph/kz/eli/order/2020/01/01/қ-12/annex_1__point_3-1"
    (q,) = quads([line(iri(value), P, lit('«Мемлекеттік қызмет туралы» Заңның 1) "тармағы"\r\n', "kk"), G)])
    assert q.subject.value == value and q.object.value.endswith('1) "тармағы"\r\n')
    for bad in ("http://a/b c", "http://a/<b>", "no-scheme", "http://a/%zz"):
        with pytest.raises(ValueError):
            iri(bad)
