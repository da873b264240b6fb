"""Candidate shapes: the requirements in force for a provision or position on a day,
written as a self-contained SHACL Core shapes graph over the candidate vocabulary.

Reads ``RequirementSet`` values (with their provenance); writes an rdflib ``Graph``
that any SHACL engine can run on candidate data (``zg:Candidate`` with ``zg:education``,
``zg:experience``, ``zg:condition``, ``zg:age``). Each requirement is one node shape
targeting ``zg:Candidate``; its alternatives are an ``sh:or``; a minimum period is "some
``zg:experience`` of that kind (and accepted category) with at least that many months"
(``sh:qualifiedValueShape``) — the same rule as ``graph.requirements.eligibility``. What SHACL
cannot decide (an education field in free text, experience set by another act, posts
"also accepted" in words) is left out of the shapes and listed in ``rdfs:comment``.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from zangraph.ontology import ZG

from .eligibility import Candidate
from .requirements import Alternative, Period, RequirementSet


def _prop(g: Graph, shape, path, **kw) -> BNode:
    p = BNode()
    g.add((shape, SH.property, p))
    g.add((p, SH.path, path))
    for k, v in kw.items():
        g.add((p, SH[k], v))
    return p


def _int(v: int) -> Literal:
    return Literal(v, datatype=XSD.integer)


def _period(g: Graph, shape, p: Period) -> None:
    inner = BNode()
    g.add((inner, RDF.type, SH.NodeShape))
    _prop(g, inner, ZG.experienceKind, hasValue=Literal(p.kind))
    _prop(g, inner, ZG.months, minInclusive=_int(p.months))
    cats = p.accepted_categories()
    if cats:
        lst = BNode()
        Collection(g, lst, [Literal(c) for c in cats])
        _prop(g, inner, ZG.category, minCount=_int(1), **{"in": lst})
    q = _prop(g, shape, ZG.experience, qualifiedValueShape=inner, qualifiedMinCount=_int(1),
              message=Literal(f"{p.kind} experience of at least {p.months} months" + (f" (categories {', '.join(cats)})" if cats else "")))
    g.add((q, SH.name, Literal(p.kind)))


def _alternative(g: Graph, node: URIRef, alt: Alternative) -> URIRef:
    g.add((node, RDF.type, SH.NodeShape))
    g.add((node, SH.name, Literal(alt.eid)))
    for p in alt.periods:
        _period(g, node, p)
    for c in alt.conditions:
        _prop(g, node, ZG.condition, hasValue=Literal(c), message=Literal(f"condition {c}"))
    return node


def candidate_shapes(sets: list[tuple[RequirementSet, dict]], only_alternative: str | None = None) -> Graph:
    g = Graph()
    g.bind("sh", SH)
    g.bind("zg", str(ZG._NS))
    for rs, prov in sets:
        s = URIRef(prov["requirement"] + "/shape")
        g.add((s, RDF.type, SH.NodeShape))
        g.add((s, SH.targetClass, ZG.Candidate))
        g.add((s, SH.name, Literal(f"{prov['act']} {rs.eid} (requirement {rs.index})")))
        g.add((s, RDFS.comment, Literal(
            f"Requirements stated in {prov['version']}, in force from {prov['valid_from']}"
            + (f" until {prov['valid_until']}" if prov.get("valid_until") else "") + ".")))
        if rs.education and rs.education.level == "higher":
            inner = BNode()
            _prop(g, inner, ZG.educationLevel, hasValue=Literal("higher"))
            _prop(g, s, ZG.education, qualifiedValueShape=inner, qualifiedMinCount=_int(1),
                  message=Literal("higher education"))
            if rs.education.field:
                g.add((s, RDFS.comment, Literal(f"Not checked by this shape (free text): education field {rs.education.field}")))
        if rs.max_age is not None:
            _prop(g, s, ZG.age, minCount=_int(1), maxInclusive=_int(rs.max_age), message=Literal(f"age at most {rs.max_age}"))
        for p in rs.common:
            _period(g, s, p)
        for c in rs.conditions:
            _prop(g, s, ZG.condition, hasValue=Literal(c), message=Literal(f"condition {c}"))
        if rs.experience_defined_by:
            g.add((s, RDFS.comment, Literal(f"Not checked by this shape: experience as set by {rs.experience_defined_by}")))
        alts = [a for a in rs.alternatives if only_alternative in (None, a.eid)]
        if alts:
            nodes = [_alternative(g, URIRef(prov["requirement"] + "/shape/" + a.eid.rsplit("__", 1)[-1]), a) for a in alts]
            lst = BNode()
            Collection(g, lst, nodes)
            g.add((s, SH["or"], lst))
            g.add((s, SH.message, Literal("none of the alternatives " + ", ".join(a.eid for a in alts) + " is met")))
    return g


def candidate_graph(c: Candidate, iri: str = "urn:zangraph:candidate") -> Graph:
    """The candidate as RDF in the candidate vocabulary (one experience node per kind and category)."""
    g = Graph()
    me = URIRef(iri)
    g.add((me, RDF.type, ZG.Candidate))
    if c.education_level or c.education_field:
        e = URIRef(iri + "#education")
        g.add((me, ZG.education, e))
        g.add((e, RDF.type, ZG.Education))
        if c.education_level:
            g.add((e, ZG.educationLevel, Literal(c.education_level)))
        if c.education_field:
            g.add((e, ZG.educationField, Literal(c.education_field)))
    for i, (kind, months, cat) in enumerate(c.experience, 1):
        x = URIRef(f"{iri}#experience-{i}")
        g.add((me, ZG.experience, x))
        g.add((x, RDF.type, ZG.Experience))
        g.add((x, ZG.experienceKind, Literal(kind)))
        g.add((x, ZG.months, _int(months)))
        if cat:
            g.add((x, ZG.category, Literal(cat)))
    for cond in sorted(c.conditions):
        g.add((me, ZG.condition, Literal(cond)))
    if c.age is not None:
        g.add((me, ZG.age, _int(c.age)))
    return g


def candidate_from_graph(g: Graph) -> Candidate:
    """Read a candidate described in the candidate vocabulary (Turtle / JSON-LD)."""
    from .eligibility import CandidateError, candidate_from_json

    people = list(g.subjects(RDF.type, ZG.Candidate))
    if len(people) != 1:
        raise CandidateError(f"candidate RDF: expected exactly one zg:Candidate, found {len(people)}")
    me = people[0]
    obj: dict = {"experience": [], "conditions": sorted(str(c) for c in g.objects(me, ZG.condition))}
    e = g.value(me, ZG.education)
    if e is not None:
        obj["education"] = {k: str(v) for k, v in (("level", g.value(e, ZG.educationLevel)),
                                                   ("field", g.value(e, ZG.educationField))) if v is not None}
    for x in g.objects(me, ZG.experience):
        item = {"kind": str(g.value(x, ZG.experienceKind)), "months": _as_int(g.value(x, ZG.months))}
        if g.value(x, ZG.category) is not None:
            item["category"] = str(g.value(x, ZG.category))
        obj["experience"].append(item)
    if g.value(me, ZG.age) is not None:
        obj["age"] = _as_int(g.value(me, ZG.age))
    return candidate_from_json(obj)


def _as_int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return v
