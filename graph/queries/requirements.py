"""Requirements and positions in force on a day, read back from the store as model values.

``requirements_at`` answers "what did the law require for this provision (or position)
on this day": the wording in force that day is found first (``query.provision_at``);
only requirements stated in *that* version count, and requirements of other
provisions that apply to the same positions (education in point 3 for the classes of
points 6–8) are added when their own wording in force that day is known. A wording
that is unknown or uncertain that day is reported, never replaced by another's.
"""

from __future__ import annotations

from datetime import date

from ..rdf.terms import iri
from ..requirements.requirements import Alternative, Education, Period, RequirementSet
from ..store.graphstore import GraphStore
from .query import PREFIXES, NotFound, _lit, provision_at, require_act

_iri = iri  # graph.rdf.terms: an absolute IRI or a ValueError


def _rows(store: GraphStore, q: str, names: list[str]) -> list[dict]:
    out = []
    for r in store.query(PREFIXES + q):
        out.append({n: (r[n].value if r[n] is not None else None) for n in names})
    return out


def _lang_of(store: GraphStore, iri: str) -> str:
    for r in store.query(PREFIXES + f"SELECT ?t WHERE {{ {_iri(iri)} zg:sourceText|zg:note|zg:educationField ?t }} LIMIT 1"):
        return r["t"].language or "ru"
    return "ru"


def _periods(store: GraphStore, node: str) -> tuple[list[Period], list[str]]:
    rows = _rows(store, f"""SELECT DISTINCT ?p ?kind ?months ?text ?cat ?staff ?also WHERE {{
        {_iri(node)} zg:minPeriod ?p . ?p zg:experienceKind ?kind ; zg:months ?months .
        OPTIONAL {{ ?p zg:sourceText ?text }} OPTIONAL {{ ?p zg:acceptedCategory ?cat }}
        OPTIONAL {{ ?p zg:minStaff ?staff }} OPTIONAL {{ ?p zg:alsoAccepted ?also }} }} ORDER BY ?p""",
                 ["p", "kind", "months", "text", "cat", "staff", "also"])
    by: dict[str, dict] = {}
    for r in rows:
        b = by.setdefault(r["p"], {**r, "cats": set()})
        if r["cat"]:
            b["cats"].add(r["cat"])
    periods = [Period(b["kind"], int(b["months"]), b["text"] or "", tuple(sorted(b["cats"])),
                      int(b["staff"]) if b["staff"] else None, b["also"]) for b in by.values()]
    head = _rows(store, f"""SELECT ?tot ?sec WHERE {{ OPTIONAL {{ {_iri(node)} zg:minTotalExperienceMonths ?tot }}
        OPTIONAL {{ {_iri(node)} zg:minSectorExperienceMonths ?sec }} }}""", ["tot", "sec"])
    pre = []
    if head and head[0]["tot"]:
        pre.append(Period("total", int(head[0]["tot"]), ""))
    if head and head[0]["sec"]:
        pre.append(Period("sector", int(head[0]["sec"]), ""))
    conds = [r["c"] for r in _rows(store, f"SELECT DISTINCT ?c WHERE {{ {_iri(node)} zg:condition ?c }} ORDER BY ?c", ["c"])]
    return pre + periods, conds


def load_requirement(store: GraphStore, iri: str) -> RequirementSet:
    """One zg:Requirement node (with its alternatives) as a ``RequirementSet``."""
    r = _rows(store, f"""SELECT ?eid ?order ?level ?field ?waiver ?age ?by ?byKey WHERE {{
        OPTIONAL {{ {_iri(iri)} zg:eId ?eid }} OPTIONAL {{ {_iri(iri)} zg:order ?order }}
        OPTIONAL {{ {_iri(iri)} zg:educationLevel ?level }} OPTIONAL {{ {_iri(iri)} zg:educationField ?field }}
        OPTIONAL {{ {_iri(iri)} zg:educationWaiverMonths ?waiver }} OPTIONAL {{ {_iri(iri)} zg:maxAge ?age }}
        OPTIONAL {{ {_iri(iri)} zg:experienceDefinedBy ?by . OPTIONAL {{ ?by zg:key ?byKey }} }} }} LIMIT 1""",
              ["eid", "order", "level", "field", "waiver", "age", "by", "byKey"])[0]
    common, conds = _periods(store, iri)
    alts = []
    for a in _rows(store, f"""SELECT DISTINCT ?a ?eid ?order ?text WHERE {{ {_iri(iri)} zg:alternative ?a .
            ?a zg:eId ?eid ; zg:order ?order . OPTIONAL {{ ?a zg:sourceText ?text }} }}""", ["a", "eid", "order", "text"]):
        ps, cs = _periods(store, a["a"])
        alts.append((int(a["order"]), Alternative(a["eid"], a["text"] or "", tuple(ps), tuple(cs))))
    # sorted here, by code point: servers collate strings in ORDER BY differently (Virtuoso)
    notes = sorted(x["n"] for x in _rows(store, f"SELECT DISTINCT ?n WHERE {{ {_iri(iri)} zg:note ?n }}", ["n"]))
    edu = Education(r["level"], r["field"], int(r["waiver"]) if r["waiver"] else None) if r["level"] else None
    by = r["byKey"] or r["by"]
    return RequirementSet(r["eid"] or "", int(r["order"] or 1), None, _lang_of(store, iri), edu,
                          int(r["age"]) if r["age"] else None, tuple(common), tuple(conds),
                          tuple(a for _o, a in sorted(alts)), tuple(notes), by)


def _stating_provision(store: GraphStore, key: str, eid: str) -> str | None:
    parts = eid.split("__")
    for i in range(len(parts), 0, -1):
        e = "__".join(parts[:i])
        q = f"""ASK {{ ?a zg:key {_lit(key)} . ?p zg:act ?a ; zg:eId {_lit(e)} . ?v zg:versionOf ?p .
                 ?r zg:statedIn ?v ; a zg:Requirement }}"""
        if store.query(PREFIXES + q):
            return e
    return None


def _requirements_of_version(store: GraphStore, version: str) -> list[str]:
    return [r["r"] for r in _rows(store, f"""SELECT DISTINCT ?r ?o WHERE {{ ?r zg:statedIn {_iri(version)} ; a zg:Requirement .
        OPTIONAL {{ ?r zg:order ?o }} }} ORDER BY ?o ?r""", ["r", "o"])]


def _positions_of(store: GraphStore, reqs: list[str]) -> list[dict]:
    if not reqs:
        return []
    vals = " ".join(_iri(r) for r in reqs)
    return _rows(store, f"""SELECT DISTINCT ?p ?title ?num ?cat WHERE {{ VALUES ?r {{ {vals} }} ?r zg:appliesTo ?p .
        OPTIONAL {{ ?p zg:positionTitle ?title }} OPTIONAL {{ ?p zg:positionNumber ?num }} OPTIONAL {{ ?p zg:category ?cat }} }}
        ORDER BY ?p""", ["p", "title", "num", "cat"])


def _other_provisions(store: GraphStore, positions: list[str], exclude: set[str]) -> list[tuple[str, str]]:
    """(act key, eId) of every provision stating a requirement that applies to these positions."""
    if not positions:
        return []
    vals = " ".join(_iri(p) for p in positions)
    rows = _rows(store, f"""SELECT DISTINCT ?key ?eid WHERE {{ VALUES ?pos {{ {vals} }} ?r zg:appliesTo ?pos ; zg:statedIn ?v .
        ?v zg:versionOf ?prov . ?prov zg:eId ?eid ; zg:act/zg:key ?key }} ORDER BY ?key ?eid""", ["key", "eid"])
    return [(r["key"], r["eid"]) for r in rows if (r["key"], r["eid"]) not in exclude]


def _provenance(at: dict, req: str) -> dict:
    return {"requirement": req, "act": at["act"], "eId": at["eId"], "version": at["version"],
            "valid_from": at["valid_from"], "valid_from_latest": at["valid_from_latest"],
            "valid_until": at["valid_until"], "introduced_by": at["introduced_by"]}


def requirements_at(store: GraphStore, day: date, key: str | None = None, eid: str | None = None,
                    position: str | None = None) -> dict:
    """The requirements in force on ``day`` for a provision (``key`` + ``eid``) or a position IRI.

    Returns ``{"sets": [(RequirementSet, provenance)], "unknown": [...], "positions": [...],
    "status": …, "only_alternative": …}``; ``unknown`` lists every provision whose wording
    that day the sources do not give (or give with an uncertain date)."""
    unknown: list[dict] = []
    sets: list[tuple[RequirementSet, dict]] = []
    only_alt = None
    done: set[tuple[str, str]] = set()
    if position is None:
        if key is None or eid is None:
            raise ValueError("give an act key and an eId, or a position IRI")
        require_act(store, key)
        stating = _stating_provision(store, key, eid)
        if stating is None:
            provision_at(store, key, eid, day)  # raises NotFound for an unknown eId
            raise NotFound(f"{key} {eid}: no qualification requirements are stated in this provision or above it")
        if stating != eid:
            only_alt = eid
        main = [(key, stating)]
        positions = None
        status_of = (key, stating)
    else:
        rows = _rows(store, f"""SELECT ?p ?est ?estEid ?key WHERE {{ BIND({_iri(position)} AS ?p) ?p a zg:Position ;
            zg:establishedBy ?est . ?est zg:eId ?estEid ; zg:act/zg:key ?key }} LIMIT 1""", ["p", "est", "estEid", "key"])
        if not rows:
            raise NotFound(f"no position {position!r}; `zangraph positions` or GET /api/positions lists them")
        key, status_of = rows[0]["key"], (rows[0]["key"], rows[0]["estEid"])
        positions = [position]
        main = _other_provisions(store, positions, set())
    est = provision_at(store, status_of[0], status_of[1], day)
    result = {"date": day.isoformat(), "act": status_of[0], "eId": eid or status_of[1], "position": position,
              "status": est["status"], "reason": est["reason"], "only_alternative": only_alt}
    if est["status"] != "in_force":
        result.update(sets=[], unknown=[{"act": status_of[0], "eId": status_of[1], "status": est["status"],
                                         "text": f"{status_of[1]} of {status_of[0]} is {est['status'].replace('_', ' ')} on {day}"
                                         + (f": {est['reason']}" if est["reason"] else "")}],
                      positions=[], requirement_provisions=[])
        return result
    queue = list(main)
    found_positions: list[dict] = []
    while queue:
        k, e = queue.pop(0)
        if (k, e) in done:
            continue
        done.add((k, e))
        at = provision_at(store, k, e, day)
        if at["status"] != "in_force" or not at["text_known"]:
            if at["status"] in ("in_force", "uncertain"):
                unknown.append({"act": k, "eId": e, "status": at["status"], "why": at.get("why"),
                                "text": f"the wording of {e} of {k} in force on {day} is not known: {at['reason']}"})
            continue
        reqs = _requirements_of_version(store, at["version"])
        if position is not None:
            mine = {r["r"] for r in _rows(store, f"SELECT ?r WHERE {{ ?r zg:appliesTo {_iri(position)} }}", ["r"])}
            reqs = [r for r in reqs if r in mine]
        for r in reqs:
            sets.append((load_requirement(store, r), _provenance(at, r)))
        if positions is None:
            found_positions = _positions_of(store, reqs)
            queue += _other_provisions(store, [p["p"] for p in found_positions], done)
            positions = [p["p"] for p in found_positions]
    if position is not None:
        found_positions = [p for p in _positions_of(store, [prov["requirement"] for _rs, prov in sets]) if p["p"] == position]
    # a requirement for only some of the classes (point 7 part 2) applies only when a position is named
    if position is None and len(found_positions) > 1:
        main_req = {prov["requirement"] for _rs, prov in sets if prov["eId"] == main[0][1]}
        kept = []
        for rs, prov in sets:
            applies = {p["p"] for p in _positions_of(store, [prov["requirement"]])}
            if prov["requirement"] in main_req and rs.index > 1 and applies and applies != set(positions or []):
                unknown.append({"act": prov["act"], "eId": prov["eId"], "status": "conditional",
                                "positions": [p["title"] or p["p"] for p in _positions_of(store, [prov["requirement"]])],
                                "text": f"requirement {prov['requirement']} applies only to some of these positions: "
                                        + "; ".join(p["title"] or p["p"] for p in _positions_of(store, [prov["requirement"]]))
                                        + " — check with --position"})
                continue
            kept.append((rs, prov))
        sets = kept
    result.update(sets=sets, unknown=unknown, positions=found_positions,
                  requirement_provisions=[{"act": k, "eId": e} for k, e in sorted(done)])
    return result


def positions(store: GraphStore, q: str | None = None, category: str | None = None, number: str | None = None,
              day: date | None = None, limit: int = 50) -> list[dict]:
    """Positions whose title, unit or number contains ``q`` (case-insensitive), optionally in force on ``day``."""
    flt = []
    if q:
        flt.append(f"(CONTAINS(LCASE(STR(?title)), LCASE({_lit(q)})) || CONTAINS(LCASE(STR(?unit)), LCASE({_lit(q)}))"
                   f" || CONTAINS(STR(?num), {_lit(q)}))")
    if category:
        flt.append(f"?cat = {_lit(category.upper())}")
    if number:
        flt.append(f"?num = {_lit(number)}")
    where = ("FILTER(" + " && ".join(flt) + ")") if flt else ""
    rows = _rows(store, f"""SELECT DISTINCT ?p ?title ?unit ?num ?cat ?key ?eid WHERE {{ ?p a zg:Position ;
        zg:establishedBy ?est . ?est zg:eId ?eid ; zg:act/zg:key ?key .
        OPTIONAL {{ ?p zg:positionTitle ?title }} OPTIONAL {{ ?p zg:unit ?unit }}
        OPTIONAL {{ ?p zg:positionNumber ?num }} OPTIONAL {{ ?p zg:category ?cat }} {where} }} ORDER BY ?key ?num ?p""",
                 ["p", "title", "unit", "num", "cat", "key", "eid"])
    status: dict[tuple[str, str], dict] = {}
    out = []
    for r in rows:
        item = {"position": r["p"], "title": r["title"], "unit": r["unit"], "number": r["num"], "category": r["cat"],
                "act": r["key"], "established_by": r["eid"]}
        if day is not None:
            k = (r["key"], r["eid"])
            if k not in status:
                status[k] = provision_at(store, r["key"], r["eid"], day)
            item["status"] = status[k]["status"]
        out.append(item)
        if len(out) >= limit:
            break
    return out


# ---------------------------------------------------------------- JSON (the CLI's and the API's answer)


def requirements_json(r: dict) -> dict:
    out = {k: v for k, v in r.items() if k != "sets"}
    out["requirements"] = [_set_json(rs, prov) for rs, prov in r["sets"]]
    return out


def _period_json(p) -> dict:
    d = {"kind": p.kind, "months": p.months}
    if p.categories:
        d["categories_at_or_above"] = list(p.categories)
        d["accepted_categories"] = list(p.accepted_categories())
    if p.min_staff:
        d["min_staff"] = p.min_staff
    if p.also:
        d["also_accepted"] = p.also
    if p.text:
        d["text"] = p.text
    return d


def _set_json(rs, prov) -> dict:
    return {**prov, "eId": rs.eid, "index": rs.index,
            "education": rs.education and {"level": rs.education.level, "field": rs.education.field,
                                           "waiver_months": rs.education.waiver_months},
            "max_age": rs.max_age, "common": [_period_json(p) for p in rs.common], "conditions": list(rs.conditions),
            "experience_defined_by": rs.experience_defined_by, "notes": list(rs.notes),
            "alternatives": [{"eId": a.eid, "periods": [_period_json(p) for p in a.periods], "conditions": list(a.conditions)}
                             for a in rs.alternatives]}


def position_label(store: GraphStore, position: str) -> str | None:
    """A position as people name it: its number, category, unit and title ("01-1-1 C-3 … / Кеңесші"),
    or None when the store has no such position (an IRI that is not one is never spliced)."""
    try:
        term = _iri(position)
    except ValueError:
        return None
    rows = _rows(store, f"""SELECT ?title ?num ?cat ?unit WHERE {{ {term} a zg:Position .
        OPTIONAL {{ {term} zg:positionTitle ?title }} OPTIONAL {{ {term} zg:positionNumber ?num }}
        OPTIONAL {{ {term} zg:category ?cat }} OPTIONAL {{ {term} zg:unit ?unit }} }} LIMIT 1""",
                 ["title", "num", "cat", "unit"])
    if not rows:
        return None
    r = rows[0]
    head = " ".join(x for x in (r["num"], r["cat"]) if x)
    body = " / ".join(x for x in (r["unit"], r["title"]) if x)
    return f"{head} {body}".strip() or None
