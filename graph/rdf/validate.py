"""SHACL validation of zangraph's own data: the shapes in ``shapes/data.ttl``, run fast.

pyshacl evaluates SHACL-SPARQL constraints focus node by focus node through rdflib
(minutes on a whole store), so the same shapes are *compiled* here into one SPARQL
SELECT per constraint and run by Oxigraph over every focus node at once: over the quads
an ingest is about to write (in a scratch in-memory store) or over the whole store.
Only the constructs ``shapes/data.ttl`` uses are compiled — targets ``sh:targetClass`` /
``sh:targetSubjectsOf``; property shapes with an IRI ``sh:path`` and ``sh:minCount``,
``sh:maxCount``, ``sh:datatype``, ``sh:pattern``, ``sh:in``, ``sh:class``,
``sh:minInclusive``; ``sh:sparql`` with ``sh:select`` — and anything else raises, so a
new shape cannot be silently skipped. ``pyshacl_report`` runs the same file with
pyshacl (used by ``zangraph validate FILE`` and by the tests that compare the two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from zangraph.shapes import DATA_SHAPES

_KNOWN = {SH.targetClass, SH.targetSubjectsOf, SH.property, SH.sparql, SH.severity, RDF.type, SH.message,
          SH.declare, SH.prefixes, SH.name, SH.description}
_PROP_KNOWN = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.pattern, SH["in"], SH["class"], SH.minInclusive,
               SH.message, SH.name}


@dataclass(frozen=True)
class Check:
    shape: str
    constraint: str  # the SHACL constraint component, e.g. sh:MinCountConstraintComponent
    severity: str  # Violation | Warning
    message: str
    query: str  # SELECT ?this ?value … over the data


@dataclass(frozen=True)
class Result:
    severity: str
    shape: str
    constraint: str
    focus: str
    message: str
    value: str | None = None
    line: int | None = None  # source line of the focus node (or of its provision), when known

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def __str__(self) -> str:
        where = f" (source line {self.line})" if self.line else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


def _n3(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise ValueError(f"cannot compile {term!r}")


def _target(shapes: Graph, shape) -> str:
    parts = []
    for c in shapes.objects(shape, SH.targetClass):
        parts.append(f"{{ ?this a {_n3(c)} }}")
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"{{ ?this {_n3(p)} ?_t }}")
    if not parts:
        raise NotImplementedError(f"shape {shape} has no target this compiler knows")
    return "SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " }"


def compile_shapes(shapes: Graph) -> list[Check]:
    """One SPARQL SELECT per constraint of every node shape (see the module docstring)."""
    checks = []
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in [("zg", "https://w3id.org/zangraph/ontology#"),
                                                              ("eli", "http://data.europa.eu/eli/ontology#")])
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        unknown = {p for p in shapes.predicates(shape, None)} - _KNOWN
        if unknown:
            raise NotImplementedError(f"shape {shape}: cannot compile {sorted(map(str, unknown))}")
        sev = "Warning" if (shape, SH.severity, SH.Warning) in shapes else "Violation"
        target = _target(shapes, shape)
        for prop in shapes.objects(shape, SH.property):
            checks += _property_checks(shapes, shape, prop, target, sev)
        for sp in shapes.objects(shape, SH.sparql):
            select = str(shapes.value(sp, SH.select))
            body = select.replace("$this", "?this")
            msg = str(shapes.value(sp, SH.message) or "SPARQL constraint")
            q = f"{prefixes}SELECT * WHERE {{ {{ {target} }} {{ {body} }} }}"
            checks.append(Check(str(shape), "sh:SPARQLConstraintComponent", sev, msg, q))
    return checks


def _property_checks(shapes: Graph, shape, prop, target: str, sev: str) -> list[Check]:
    unknown = {p for p in shapes.predicates(prop, None)} - _PROP_KNOWN
    if unknown:
        raise NotImplementedError(f"property shape of {shape}: cannot compile {sorted(map(str, unknown))}")
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise NotImplementedError(f"property shape of {shape}: only IRI paths are compiled")
    p = _n3(path)
    msg = str(shapes.value(prop, SH.message) or f"{path}")
    out = []

    def add(component: str, where: str) -> None:
        q = f"SELECT ?this ?value WHERE {{ {{ {target} }} {where} }}"
        out.append(Check(str(shape), component, sev, msg, q))

    mn, mx = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    if mn is not None:
        add("sh:MinCountConstraintComponent",
            f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?value) WHERE {{ {{ {target} }} OPTIONAL {{ ?this {p} ?v }} }} GROUP BY ?this }}"
            f" FILTER(?value < {int(mn)})")
    if mx is not None:
        add("sh:MaxCountConstraintComponent",
            f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?value) WHERE {{ ?this {p} ?v }} GROUP BY ?this }} FILTER(?value > {int(mx)})")
    dt = shapes.value(prop, SH.datatype)
    if dt is not None:
        add("sh:DatatypeConstraintComponent",
            f"?this {p} ?value . FILTER(isIRI(?value) || isBLANK(?value) || DATATYPE(?value) != {_n3(dt)})")
    pat = shapes.value(prop, SH.pattern)
    if pat is not None:
        add("sh:PatternConstraintComponent", f"?this {p} ?value . FILTER(!REGEX(STR(?value), {Literal(str(pat)).n3()}))")
    lst = shapes.value(prop, SH["in"])
    if lst is not None:
        members = ", ".join(_n3(x) for x in Collection(shapes, lst))
        add("sh:InConstraintComponent", f"?this {p} ?value . FILTER(?value NOT IN ({members}))")
    cls = shapes.value(prop, SH["class"])
    if cls is not None:
        add("sh:ClassConstraintComponent",
            f"?this {p} ?value . FILTER NOT EXISTS {{ ?value a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {_n3(cls)} }}")
    mi = shapes.value(prop, SH.minInclusive)
    if mi is not None:
        add("sh:MinInclusiveConstraintComponent", f"?this {p} ?value . FILTER(!(?value >= {_n3(mi)}))")
    return out


_CHECKS: list[Check] | None = None


def data_checks() -> list[Check]:
    global _CHECKS
    if _CHECKS is None:
        _CHECKS = compile_shapes(Graph().parse(DATA_SHAPES))
    return _CHECKS


def _fill(message: str, row) -> str:
    def sub(m):
        v = row.get(m.group(1))
        return v if v is not None else m.group(0)
    return re.sub(r"\{\?(\w+)\}", sub, message)


def run_checks(query, checks: list[Check] | None = None, lines=None) -> list[Result]:
    """Run compiled checks with ``query`` (a function SPARQL → solutions over the data)."""
    out = []
    for c in checks or data_checks():
        for sol in query(c.query):
            row = {}
            for var in ("this", "value", "other", "from", "until", "from2", "num"):
                try:
                    t = sol[var]
                except (KeyError, IndexError):
                    t = None
                if t is not None:
                    row[var] = t.value
            focus = row.get("this", "")
            out.append(Result(c.severity, c.shape.rsplit("#", 1)[-1], c.constraint, focus, _fill(c.message, row),
                              row.get("value"), lines(focus) if lines else None))
    return sorted(set(out), key=lambda r: (r.severity != "Violation", r.focus, r.message))


_PREFIXES = {"zg": "https://w3id.org/zangraph/ontology#", "eli": "http://data.europa.eu/eli/ontology#",
             "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
_NEEDED: frozenset[str] | None = None


def needed_predicates() -> frozenset[str]:
    """The predicates (``<iri>`` tokens) the data checks and the line finder can read:
    a quad with another predicate cannot change a check's answer, so only quads with
    these are loaded to validate (about half of them: the wordings, headings, eIds and
    raw texts are left out). Every IRI the queries name counts, and ``a`` as rdf:type —
    more than needed, never less; a check reading a *variable* predicate would need every
    quad, and ``tests/test_validate.py`` checks that none does."""
    global _NEEDED
    if _NEEDED is None:
        text = "\n".join(c.query for c in data_checks()) + _LINE_QUERY
        found = set(re.findall(r"<([^<>\s]+)>", text))
        found |= {_PREFIXES[p] + local for p, local in re.findall(r"\b(zg|eli|rdf|rdfs):(\w+)", text)}
        found.add(_PREFIXES["rdf"] + "type")  # ``a``
        _NEEDED = frozenset(f"<{i}>" for i in found)
    return _NEEDED


def validate_nquads(nquads: bytes, long=()) -> list[Result]:
    """The data checks over N-Quads (their union, as one graph) plus ``long`` quads: what
    an ingest runs on each chunk of what it will write, in the worker that made it."""
    from pyoxigraph import RdfFormat, Store

    scratch = Store()  # in memory
    if nquads:
        # lenient: the IRIs were checked where the lines were written (rdf.ntriples), as the
        # store's bulk load trusts them too; a line that does not parse still fails here
        scratch.load(input=nquads, format=RdfFormat.N_QUADS, lenient=True)
    if long:
        scratch.extend(list(long))
    return validate_staged(lambda q: scratch.query(q, use_default_graph_as_union=True))


def validate_quads(quads) -> list[Result]:
    """Validate quads (their union, as one graph): the checks an ingest runs on what it stages."""
    from pyoxigraph import Store

    scratch = Store()  # in memory
    scratch.bulk_extend(quads)
    return validate_staged(lambda q: scratch.query(q, use_default_graph_as_union=True))


def validate_staged(query) -> list[Result]:
    """The data checks over ``query`` (SPARQL over the union of what an ingest will write),
    each result with the source line of its focus where the data records one."""
    return run_checks(query, lines=_line_finder(query))


_LINE_QUERY = """SELECT ?l WHERE { { <FOCUS> <https://w3id.org/zangraph/ontology#sourceLine> ?l } UNION
    { <FOCUS> <https://w3id.org/zangraph/ontology#versionOf> ?p . ?p <https://w3id.org/zangraph/ontology#sourceLine> ?l }
    UNION { <FOCUS> <https://w3id.org/zangraph/ontology#target> ?p . ?p <https://w3id.org/zangraph/ontology#sourceLine> ?l } }
    LIMIT 1"""


def _line_finder(query):
    def find(focus: str) -> int | None:
        if not focus.startswith(("http://", "https://")):
            return None
        for s in query(_LINE_QUERY.replace("FOCUS", focus)):
            return int(s["l"].value)
        return None
    return find


def pyshacl_report(data: Graph, shapes: Graph | None = None) -> tuple[bool, list[Result], Graph]:
    """Run pyshacl (the reference engine) and read its report into ``Result`` values."""
    import pyshacl

    shapes = shapes if shapes is not None else Graph().parse(DATA_SHAPES)
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    results = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        sev = str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        src = report.value(r, SH.sourceShape)
        shape = src
        for s in shapes.subjects(SH.property, src):
            shape = s
        for s in shapes.subjects(SH.sparql, src):
            shape = s
        comp = str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        focus = report.value(r, SH.focusNode)
        results.append(Result(sev, str(shape).rsplit("#", 1)[-1] if not isinstance(shape, BNode) else "",
                              "sh:" + comp, str(focus), str(report.value(r, SH.resultMessage) or "")))
    return conforms, sorted(set(results), key=lambda r: (r.severity != "Violation", r.focus, r.message)), report
