"""The vocabulary contract: the Python namespace and the Turtle agree (DESIGN §5)."""

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from zangraph.ontology import TTL_PATH, ZG

CONTRACT = [  # DESIGN §5 terms other tools query: each must exist in both places
    "key", "kind", "eId", "act", "Version", "versionOf", "validFrom", "validUntil", "validFromLatest",
    "text", "textKnown", "introducedBy", "Amendment", "amendingAct", "targetAct", "target", "operation",
    "effectiveFrom", "Position", "positionNumber", "category", "headcount", "establishedBy",
    "Requirement", "appliesTo", "statedIn", "alternative", "minTotalExperienceMonths",
    "minSectorExperienceMonths", "Substitution", "Insertion", "Repeal", "WordReplacement",
    "Renumbering", "Change",
]


def ttl_terms():
    g = Graph().parse(TTL_PATH)
    ns = str(ZG._NS)
    return g, {str(s)[len(ns):] for s in g.subjects(RDF.type, None) if str(s).startswith(ns)}


def test_namespace_and_turtle_agree():
    _g, in_ttl = ttl_terms()
    in_py = set(ZG.__annotations__)
    assert in_ttl - in_py == set(), "terms only in the Turtle"
    assert in_py - in_ttl == set(), "terms only in the namespace class"


@pytest.mark.parametrize("term", CONTRACT)
def test_contract_term_is_defined_with_three_languages(term):
    g, in_ttl = ttl_terms()
    assert term in in_ttl
    langs = {lbl.language for lbl in g.objects(URIRef(ZG[term]), RDFS.label)}
    assert langs == {"en", "ru", "kk"}


def test_misspelt_term_raises():
    with pytest.raises(AttributeError):
        ZG.validFromm  # noqa: B018


def test_eli_alignment():
    # SPARQL users relying on ELI must find our classes under ELI's.
    g, _ = ttl_terms()
    eli = "http://data.europa.eu/eli/ontology#"
    assert (URIRef(ZG.Act), RDFS.subClassOf, URIRef(eli + "LegalResource")) in g
    assert (URIRef(ZG.Provision), RDFS.subClassOf, URIRef(eli + "LegalResourceSubdivision")) in g
    assert (URIRef(ZG.act), RDFS.subPropertyOf, URIRef(eli + "is_part_of")) in g
    assert (URIRef(ZG.Version), RDF.type, OWL.Class) in g


def test_interval_semantics_documented():
    g, _ = ttl_terms()
    comment = str(g.value(URIRef(ZG.Version), RDFS.comment))
    assert "half-open" in comment and "textKnown false" in comment
