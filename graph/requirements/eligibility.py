"""Eligibility: a candidate against the requirements in force → a verdict with reasons.

Reads a ``Candidate`` (from the documented JSON or from RDF in the candidate vocabulary)
and ``RequirementSet`` values read back from the store; writes a verdict:
``eligible`` is True, False, or None when the answer depends on something the sources
or the candidate data do not give (an unknown wording, an education field the text
names but the data cannot be matched to, experience set by an act not in the corpus).

A minimum period is met by one experience entry of that kind (and, for corps "B", of
an accepted category) of at least that many months; entries of the same kind and
category are added up first. The SHACL candidate shapes (``graph.requirements.shapes``) say exactly
the same, so any SHACL engine reaches the same conformance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .requirements import CONDITIONS, EXPERIENCE_KINDS, Alternative, Period, RequirementSet

LEVELS = ("higher", "none")


class CandidateError(ValueError):
    """The candidate data is malformed; the message names the field and shows a valid example."""


EXAMPLE = (
    '{"education": {"level": "higher", "field": "экономика"}, '
    '"experience": [{"kind": "total", "months": 60}, {"kind": "corps_b", "months": 12, "category": "C-2"}], '
    '"conditions": ["academic_degree"], "age": 34}'
)


@dataclass(frozen=True)
class Candidate:
    education_level: str | None = None
    education_field: str | None = None
    experience: tuple[tuple[str, int, str | None], ...] = ()  # (kind, months, category), summed per kind+category
    conditions: frozenset[str] = field(default_factory=frozenset)
    age: int | None = None

    def months(self, kind: str, categories: tuple[str, ...] = ()) -> int:
        vals = [m for k, m, c in self.experience if k == kind and (not categories or c in categories)]
        return max(vals, default=0)


def _fail(where: str, msg: str) -> CandidateError:
    return CandidateError(f"candidate {where}: {msg}; expected e.g. {EXAMPLE}")


def candidate_from_json(obj) -> Candidate:
    """Validate and read the candidate JSON of the requirements issue.

    >>> candidate_from_json({"education": {"level": "higher"}, "experience": [{"kind": "total", "months": 30},
    ...   {"kind": "total", "months": 30}]}).months("total")
    60
    >>> candidate_from_json({"experience": [{"kind": "years", "months": 3}]})  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    CandidateError: candidate experience[0].kind: unknown kind 'years' …
    """
    if not isinstance(obj, dict):
        raise _fail("", "not a JSON object")
    unknown = set(obj) - {"education", "experience", "conditions", "age"}
    if unknown:
        raise _fail(", ".join(sorted(unknown)), "unknown field")
    level = fld = None
    ed = obj.get("education")
    if ed is not None:
        if not isinstance(ed, dict):
            raise _fail("education", "not an object")
        level, fld = ed.get("level"), ed.get("field")
        if level is not None and level not in LEVELS:
            raise _fail("education.level", f"{level!r} is not one of {', '.join(LEVELS)}")
        if fld is not None and not isinstance(fld, str):
            raise _fail("education.field", "not a string")
    sums: dict[tuple[str, str | None], int] = {}
    exp = obj.get("experience", [])
    if not isinstance(exp, list):
        raise _fail("experience", "not a list")
    for i, e in enumerate(exp):
        if not isinstance(e, dict):
            raise _fail(f"experience[{i}]", "not an object")
        kind, months, cat = e.get("kind"), e.get("months"), e.get("category")
        if kind not in EXPERIENCE_KINDS:
            raise _fail(f"experience[{i}].kind", f"unknown kind {kind!r} (one of {', '.join(EXPERIENCE_KINDS)})")
        if not isinstance(months, int) or isinstance(months, bool) or months < 0:
            raise _fail(f"experience[{i}].months", f"{months!r} is not a whole number of months ≥ 0")
        if cat is not None and not isinstance(cat, str):
            raise _fail(f"experience[{i}].category", "not a string")
        key = (kind, _latin(cat) if cat else None)
        sums[key] = sums.get(key, 0) + months
    conds = obj.get("conditions", [])
    if not isinstance(conds, list) or any(c not in CONDITIONS for c in conds):
        raise _fail("conditions", f"{conds!r}: each must be one of {', '.join(CONDITIONS)}")
    age = obj.get("age")
    if age is not None and (not isinstance(age, int) or isinstance(age, bool) or not 0 < age < 130):
        raise _fail("age", f"{age!r} is not an age in years")
    return Candidate(level, fld, tuple((k, m, c) for (k, c), m in sorted(sums.items(), key=str)), frozenset(conds), age)


def _latin(cat: str) -> str:
    return cat.strip().upper().translate(str.maketrans("АВСЕОРКМНТХГ", "ABCEORKMHTXG")).replace(" ", "")


def candidate_to_json(c: Candidate) -> dict:
    out: dict = {}
    if c.education_level or c.education_field:
        out["education"] = {k: v for k, v in (("level", c.education_level), ("field", c.education_field)) if v}
    out["experience"] = [{"kind": k, "months": m, **({"category": cat} if cat else {})} for k, m, cat in c.experience]
    out["conditions"] = sorted(c.conditions)
    if c.age is not None:
        out["age"] = c.age
    return out


# ---------------------------------------------------------------- checking


def _period_gap(p: Period, c: Candidate) -> dict | None:
    cats = p.accepted_categories()
    has = c.months(p.kind, cats)
    if has >= p.months:
        return None
    what = f"{p.kind} experience ≥ {p.months} months" + (f" in a category among {', '.join(cats)}" if cats else "")
    gap = {"kind": p.kind, "required_months": p.months, "candidate_months": has, "text": f"{what}; candidate has {has}"}
    if p.also:
        gap["also_accepted"] = p.also
        gap["text"] += " (the text also accepts: " + p.also + " — not in the candidate vocabulary, check by hand)"
    return gap


def _alternative(alt: Alternative, c: Candidate) -> list[dict]:
    missing = [g for p in alt.periods if (g := _period_gap(p, c))]
    for cond in alt.conditions:
        if cond not in c.conditions:
            missing.append({"condition": cond, "text": f"condition {cond} not met"})
    return missing


def _field_matches(required: str, given: str | None) -> bool | None:
    if not given:
        return None
    g = given.lower()
    words = [w.strip(" ()/,") for w in required.lower().replace("және/немесе", ",").replace("и (или)", ",").split(",")]
    return True if any(w and (w in g or g in w) for w in words) else None


def check(sets: list[tuple[RequirementSet, dict]], c: Candidate, only_alternative: str | None = None) -> dict:
    """The verdict for one candidate against requirement sets (each with its provenance)."""
    eligible: bool | None = True
    satisfied, missing, unknown, notes = [], [], [], []
    for rs, prov in sets:
        common: list[dict] = []
        if rs.education and rs.education.level == "higher":
            if c.education_level != "higher":
                common.append({"education": "higher", "text": "higher education required"
                               + ("" if c.education_level else " (not given)")})
            elif rs.education.field:
                ok = _field_matches(rs.education.field, c.education_field)
                waived = rs.education.waiver_months and c.months("sector") >= rs.education.waiver_months
                if not ok and not waived:
                    unknown.append({"requirement": prov["requirement"], "code": "education_field",
                                    "field": rs.education.field, "candidate_field": c.education_field,
                                    "text": f"education field required: {rs.education.field}; "
                                    f"candidate's field {c.education_field!r} cannot be matched to it — check by hand"})
        if rs.max_age is not None:
            if c.age is None:
                unknown.append({"requirement": prov["requirement"], "code": "age_not_given", "age": rs.max_age,
                                "text": f"age ≤ {rs.max_age} required; age not given"})
            elif c.age > rs.max_age:
                common.append({"age": rs.max_age, "text": f"age ≤ {rs.max_age} required; candidate is {c.age}"})
        common += [g for p in rs.common if (g := _period_gap(p, c))]
        common += [{"condition": x, "text": f"condition {x} not met"} for x in rs.conditions if x not in c.conditions]
        if rs.experience_defined_by:
            unknown.append({"requirement": prov["requirement"], "code": "experience_elsewhere",
                            "act": str(rs.experience_defined_by),
                            "text": "experience as set by " + str(rs.experience_defined_by)
                            + ", an act whose text is not in the corpus"})
        notes += [{"requirement": prov["requirement"], "text": n} for n in rs.notes]
        alts = [a for a in rs.alternatives if only_alternative in (None, a.eid)]
        met = []
        per_alt = {}
        for a in alts:
            gaps = _alternative(a, c)
            if gaps:
                per_alt[a.eid] = gaps
            else:
                met.append(a.eid)
        if common:
            missing.append({"requirement": prov["requirement"], "eid": rs.eid, "alternative": None, "lacking": common})
        if alts and not met:
            missing += [{"requirement": prov["requirement"], "eid": rs.eid, "alternative": e, "lacking": g} for e, g in per_alt.items()]
        satisfied += met
        if common or (alts and not met):
            eligible = False
    if eligible and unknown:
        eligible = None
    return {"eligible": eligible, "satisfied": satisfied, "missing": missing, "unknown": unknown, "notes": notes}
