"""Qualification requirements in words (issue 18, item 4): what a personnel officer reads.

Reads the requirements of a provision on a day as ``query_requirements.requirements_json``
gives them (education, age, periods of experience with their kinds and months — and, where the
text words a period in its own way, those words — conditions, alternatives) and a ``Translator``;
writes sentences: "не менее 6 лет стажа работы, из них не менее 3 лет в отрасли; не менее 1 года:
<the text's own words>". Periods are written with the language's plural forms (CLDR units through
Babel). Nothing is inferred: each sentence says what the structured requirement holds, and a
period the text words itself is quoted in the text's words.

>>> from zangraph.graph.present.i18n import translator
>>> alt = {"eId": "annex_1__point_7__subpoint_4", "periods": [{"kind": "total", "months": 72},
...        {"kind": "sector", "months": 36}], "conditions": []}
>>> alternative(alt, translator("ru"))
'стаж работы не менее чем 6 лет; из них в отрасли — не менее чем 3 года'
>>> alternative(alt, translator("kk"))
'кемінде 6 жыл жұмыс өтілі; оның ішінде салада кемінде 3 жыл'
"""

from __future__ import annotations

EXPERIENCE = {"total": "total work experience", "sector": "experience in the sector", "civil_service": "civil service",
              "political_or_corps_a": "political posts / corps A / deputy", "corps_b": "corps B (category)",
              "law_enforcement_leadership": "leadership in law enforcement / the military",
              "leadership": "leadership posts",
              "national_holding_director": "director of a department of a national holding / company",
              "sme_deputy_head": "deputy head of a medium business / the quasi-public sector / an NGO",
              "international_leadership": "leadership in international organisations",
              "org_admin_functions": "organisational and administrative functions"}
CONDITION = {"academic_degree": "academic degree", "phd_leading_foreign_university": "PhD of a leading foreign university",
             "state_training_programme": "state training programme", "highest_achievement": "highest achievement",
             "presidential_youth_reserve": "Presidential youth personnel reserve",
             "presidential_consent": "consent of the President"}


def period(months: int | None, lang: str) -> str:
    """A period in years and months with the language's plural forms ("6 лет", "1 год 6 месяцев", "6 жыл")."""
    from babel.units import format_unit

    if months is None:
        return "—"
    y, m = divmod(int(months), 12)
    parts = ([format_unit(y, "duration-year", length="long", locale=lang)] if y else []) + \
        ([format_unit(m, "duration-month", length="long", locale=lang)] if m or not y else [])
    return " ".join(parts)


def _period_words(p: dict, _) -> str:
    n = period(p["months"], _.lang)
    if p["kind"] == "total":
        return _("at least %(period)s of work experience", period=n)
    if p["kind"] == "sector":
        return _("of which at least %(period)s in the sector", period=n)
    what = p.get("text") or _(EXPERIENCE.get(p["kind"], p["kind"]))
    return _("at least %(period)s: %(what)s", period=n, what=what)


def alternative(alt: dict, _) -> str:
    """One alternative ("либо …") as a sentence."""
    parts = [_period_words(p, _) for p in alt.get("periods") or []]
    parts += [_(CONDITION.get(c, c)) for c in alt.get("conditions") or []]
    return "; ".join(parts)


def requirement_set(rs: dict, _) -> list[str]:
    """The lines of one set of requirements: what everyone needs, then each alternative."""
    lines = []
    edu = rs.get("education")
    if edu and edu.get("level") == "higher":
        lines.append(_("higher education") + (f" ({edu['field']})" if edu.get("field") else ""))
    if rs.get("max_age"):
        lines.append(_("age at most %(age)s", age=rs["max_age"]))
    lines += [_period_words(p, _) for p in rs.get("common") or []]
    lines += [_(CONDITION.get(c, c)) for c in rs.get("conditions") or []]
    return lines


def gap(x: dict, _) -> str:
    """What a candidate lacks (an item of an eligibility verdict's ``missing``), in words."""
    if "required_months" in x:
        return _("%(what)s: at least %(required)s; the candidate has %(has)s",
                 what=_(EXPERIENCE.get(x["kind"], x["kind"])),
                 required=period(x["required_months"], _.lang), has=period(x.get("candidate_months") or 0, _.lang))
    if "condition" in x:
        return _("condition not met: %(what)s", what=_(CONDITION.get(x["condition"], x["condition"])))
    if "education" in x:
        return _("higher education is required")
    if "age" in x:
        return _("age at most %(age)s is required", age=x["age"])
    return x.get("text", "")


def unknown_item(u: dict, _, cite=None) -> str:
    """Why part of an eligibility answer is unknown, in words: a requirement provision whose wording that day
    is not known (``cite(act, eId)`` names it), an education field or age not given, experience set elsewhere."""
    from .explain import STATUS, act_name

    code = u.get("code")
    if code == "education_field":
        return _("education in the field «%(field)s» is required; the candidate's field «%(has)s» cannot be matched to "
                 "it — check by hand", field=u["field"], has=u.get("candidate_field") or "—")
    if code == "age_not_given":
        return _("age at most %(age)s is required; the candidate's age is not given", age=u["age"])
    if code == "experience_elsewhere":
        return _("the experience is set by %(act)s, whose text is not in the corpus", act=act_name(u["act"], _.lang))
    if u.get("act") and u.get("eId") and u.get("status"):
        from .explain import reason

        where = cite(u["act"], u["eId"]) if cite else f"{u['act']} {u['eId']}"
        if u.get("why"):  # the requirement's wording that day is not known, or not certainly in force
            return _("%(provision)s: %(status)s", provision=where, status=reason(u["why"], _))
        if u["status"] == "conditional" and u.get("positions"):
            return _("%(provision)s applies only to some of these positions: %(positions)s — choose the position",
                     provision=where, positions="; ".join(u["positions"]))
        return _("%(provision)s: %(status)s", provision=where, status=_(STATUS.get(u["status"], u["status"])))
    return u.get("text", "")
