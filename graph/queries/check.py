"""Eligibility as one library call: candidate data in, the full answer out.

``eligibility(store, candidate, day, …)`` reads the requirements in force
(``query_requirements``), decides (``eligibility.check``), runs the generated candidate
shapes with pyshacl on the candidate's RDF, and returns the JSON the CLI and the API
give: ``eligible``, ``satisfied``, ``missing``, ``unknown``, ``shacl`` and the provenance.
"""

from __future__ import annotations

import json
from datetime import date

from ..requirements.eligibility import Candidate, CandidateError, candidate_from_json, candidate_to_json, check
from .requirements import requirements_at

RDF_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".jsonld": "json-ld", ".json-ld": "json-ld", ".nt": "nt",
               ".nq": "nquads", ".trig": "trig", ".rdf": "xml", ".xml": "xml"}


def rdf_format(suffix: str) -> str:
    try:
        return RDF_FORMATS[suffix.lower()]
    except KeyError:
        raise ValueError(f"unknown RDF file type {suffix!r}; expected one of {', '.join(RDF_FORMATS)}") from None


def read_candidate(data: bytes, suffix: str = ".json") -> Candidate:
    """A candidate from the documented JSON, or from Turtle / JSON-LD in the candidate vocabulary."""
    from ..rdf.rdfin import RdfError, read_graph
    from ..requirements.shapes import candidate_from_graph

    if suffix.lower() == ".json":
        try:
            obj = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise CandidateError(f"not JSON: {e}") from None
        return candidate_from_json(obj)
    fmt = rdf_format(suffix)  # an unknown file type: ValueError, the message says what is expected
    try:
        g = read_graph(data, fmt)
    except RdfError as e:
        raise CandidateError(str(e)) from None
    return candidate_from_graph(g)


def eligibility(store, candidate: Candidate, day: date, key: str | None = None, eid: str | None = None,
                position: str | None = None) -> dict:
    import pyshacl

    from ..requirements.shapes import candidate_graph, candidate_shapes

    req = requirements_at(store, day, key, eid, position)
    verdict = check(req["sets"], candidate, req["only_alternative"])
    if req["status"] != "in_force" or (req["unknown"] and not req["sets"]):
        verdict["eligible"] = None if verdict["eligible"] is not False or not req["sets"] else False
    unknown = [u for u in req["unknown"] if u["status"] != "conditional"]
    if unknown and verdict["eligible"] is True:
        verdict["eligible"] = None
    verdict["unknown"] = req["unknown"] + verdict["unknown"]
    shacl = {"conforms": None, "results": [], "turtle": None}
    if req["sets"]:
        shapes = candidate_shapes(req["sets"], req["only_alternative"])
        conforms, report, _text = pyshacl.validate(candidate_graph(candidate), shacl_graph=shapes)
        from rdflib.namespace import SH

        shacl = {"conforms": bool(conforms),
                 "results": [{"focus": str(report.value(r, SH.focusNode)), "shape": str(report.value(r, SH.sourceShape)),
                              "message": str(report.value(r, SH.resultMessage) or "")}
                             for r in report.subjects(predicate=SH.focusNode)],
                 "turtle": report.serialize(format="turtle")}
    return {"date": day.isoformat(), "act": req["act"], "eId": req["eId"], "position": req["position"],
            "status": req["status"], **verdict, "shacl": shacl, "candidate": candidate_to_json(candidate),
            "provenance": [prov for _rs, prov in req["sets"]]}
