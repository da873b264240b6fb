"""Qualification requirements: one provision's wording → structured requirements.

Reads the wording of one provision version (its own text and its subpoints and parts,
one per line, as ``Provision.full_text`` gives it) in Russian or Kazakh. Writes
``RequirementSet`` values: who they apply to (the text's words), education, age,
minimum periods required of everyone, alternatives (subpoints "1) … 2) либо …") with
their periods and conditions, and the sentences it could not read as data (kept as
notes, never dropped). Guarantees: every number comes from the text
(``durations``); a wording with no requirement trigger gives no set.

Kinds of experience (the candidate vocabulary): ``total``, ``sector``,
``civil_service``, ``political_or_corps_a``, ``corps_b``,
``law_enforcement_leadership``, ``leadership``, ``national_holding_director``,
``sme_deputy_head``, ``international_leadership``, ``org_admin_functions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..reading.lexicon import numeral
from .durations import Span, durations

EXPERIENCE_KINDS = (
    "total", "sector", "civil_service", "political_or_corps_a", "corps_b", "law_enforcement_leadership",
    "leadership", "national_holding_director", "sme_deputy_head", "international_leadership",
    "org_admin_functions",
)
CONDITIONS = (
    "academic_degree", "phd_leading_foreign_university", "state_training_programme", "highest_achievement",
    "presidential_youth_reserve", "presidential_consent",
)

# What the words after a duration say it is experience *in*; first match wins.
_KIND_CUES = [
    ("political_or_corps_a", r"политических государственных должност|корпуса \"А\"|депутат|саяси лауазым|\"А\" корпус"),
    ("corps_b", r"корпуса \"Б\"|\"Б\" корпус"),
    ("law_enforcement_leadership", r"правоохранительн|военного управления|құқық қорғау"),
    ("national_holding_director", r"холдинг"),
    ("sme_deputy_head", r"среднего предпринимательства|квазигосударствен"),
    ("international_leadership", r"международн|халықаралық"),
    ("org_admin_functions", r"организационно-распорядительн|ұйымдастырушылық-өкімдік"),
    ("leadership", r"руководящих должност|басшы лауазым"),
    ("sector", r"в отрасли|в конкретной отрасли|салада|мамандығы бойынша"),
    ("civil_service", r"государственной службы|мемлекеттік қызмет"),
]
_CONDITION_CUES = [
    ("academic_degree", r"ученой степени|ғылыми дәреже"),
    ("phd_leading_foreign_university", r"докторантур"),
    ("state_training_programme", r"государственным программам подготовки|даярлаудың мемлекеттік бағдарлама"),
    ("highest_achievement", r"наивысшего достижения|ең жоғары жетістік"),
    ("presidential_youth_reserve", r"Президентский молодежный кадровый резерв|Президенттік жастар кадр резерв"),
    ("presidential_consent", r"согласие Президента|Президентінің келісім"),
]
_CATEGORY = re.compile(r"(?<![\w-])([A-E](?:-[ORG])?)-(\d{1,2})(?![\w-])")
_SUBPOINT = re.compile(r"^(\d+(?:-\d+)*)\)\s*")
_CLAUSE_END = re.compile(r";|,\s*в том числе|при наличии|при условии|,\s*соответствующей|$")
_WHO_RU = re.compile(r"Для занятия\s+(?P<who>.+?)\s+(?:также\s+)?требуется", re.S)
_ALSO_RU = re.compile(r"\bтакже требуется\b")
_TRIGGER = re.compile(r"требуется|қатысады|талап етіледі")
_NOTE_START = re.compile(r"^(?:\*|Примечание|Ескертпе)")
_STAFF = re.compile(r"численностью не менее (\w+) человек|(\w+) адамнан кем емес")
_GENERIC_WHO = re.compile(r"^(?:политических государственных должностей|указанных должностей|данных должностей)$")


@dataclass(frozen=True)
class Period:
    """A minimum period of one kind of experience."""

    kind: str
    months: int
    text: str
    categories: tuple[str, ...] = ()  # corps "B": the lowest categories named ("не ниже категорий …")
    min_staff: int | None = None
    also: str | None = None  # further posts the text accepts for this period (its words)

    def accepted_categories(self) -> tuple[str, ...]:
        """Every category at or above the lowest ones named (a lower number ranks higher).

        >>> Period("corps_b", 12, "", ("A-1", "C-2", "C-O-2")).accepted_categories()
        ('A-1', 'C-1', 'C-2', 'C-O-1', 'C-O-2')
        """
        out = []
        for c in self.categories:
            m = _CATEGORY.fullmatch(c)
            if m:
                out += [f"{m[1]}-{i}" for i in range(1, int(m[2]) + 1)]
        return tuple(sorted(set(out)))


@dataclass(frozen=True)
class Alternative:
    """One way of meeting a requirement (a subpoint, or the whole provision)."""

    eid: str
    text: str
    periods: tuple[Period, ...]
    conditions: tuple[str, ...]

    def period(self, kind: str) -> Period | None:
        return next((p for p in self.periods if p.kind == kind), None)


@dataclass(frozen=True)
class Education:
    level: str  # higher
    field: str | None = None  # the fields the text names, verbatim
    waiver_months: int | None = None  # sector experience that replaces a degree in the specialty
    text: str = ""


@dataclass(frozen=True)
class RequirementSet:
    """What one provision's wording requires, of whom."""

    eid: str  # the provision that states it
    index: int  # 1 = the provision's main requirement; 2… = "также требуется" for some of them
    who: str | None  # the positions, in the text's words (None = everyone the document covers)
    language: str
    education: Education | None = None
    max_age: int | None = None
    common: tuple[Period, ...] = ()  # required on top of every alternative
    conditions: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    notes: tuple[str, ...] = ()
    experience_defined_by: object | None = None  # ActMention: "… талаптарына сәйкес"

    @property
    def empty(self) -> bool:
        return not (self.education or self.max_age or self.common or self.conditions or self.alternatives)


def _kind(clause: str) -> str:
    for kind, rx in _KIND_CUES:
        if re.search(rx, clause, re.I):
            return kind
    return "total"


def periods_in(text: str, spans: list[Span] | None = None) -> list[Period]:
    """The minimum periods a sentence states, each classified by the words after it.

    >>> [(p.kind, p.months) for p in periods_in("не менее пяти лет стажа работы, в том числе не менее трех лет "
    ...   "стажа работы в отрасли, соответствующей курируемому направлению, при наличии не менее двух лет "
    ...   "стажа работы на должностях не ниже директоров департаментов исполнительных органов национальных "
    ...   "управляющих холдингов")]
    [('total', 60), ('sector', 36), ('national_holding_director', 24)]
    >>> [(p.kind, p.months) for p in periods_in("үш жылдан кем емес еңбек өтілі бар")]
    [('total', 36)]
    """
    spans = [s for s in (spans if spans is not None else durations(text)) if s.unit == "months"]
    out = []
    for i, s in enumerate(spans):
        stop = spans[i + 1].start if i + 1 < len(spans) else len(text)
        tail = text[s.end:stop]
        m = _CLAUSE_END.search(tail)
        clause = tail[: m.start()] if m else tail
        if re.match(r"\s*(?:кем емес|кемінде)?\s*(?:еңбек|жұмыс) өтілі", tail) or not clause.strip():
            clause = tail[:80] if "өтілі" in tail[:40] else clause
        kind = _kind(clause)
        cats, staff, also = (), None, None
        if kind == "corps_b":
            cats = tuple(c[0] + "-" + c[1] for c in _CATEGORY.findall(clause))
            cats = tuple(dict.fromkeys(cats))
            rest = re.split(r",\s*либо\s+", clause, maxsplit=1)
            also = rest[1].strip() if len(rest) > 1 else None
        if kind == "sme_deputy_head":
            sm = _STAFF.search(tail)
            if sm:
                staff = numeral(sm[1] or sm[2] or "")
        words = (s.words + clause).strip()
        out.append(Period(kind, s.value, words, cats, staff, also))
    return out


def conditions_in(text: str) -> tuple[str, ...]:
    return tuple(c for c, rx in _CONDITION_CUES if re.search(rx, text, re.I))


def _education(text: str) -> Education | None:
    """Higher education, with the fields the text names (a card's "… мамандықтары бойынша жоғары білім").

    >>> _education("Для занятия политических государственных должностей требуется наличие у кандидатов высшего образования.").level
    'higher'
    >>> _education("Құқық (құқықтану) мамандығы бойынша жоғары білім").field
    'Құқық (құқықтану)'
    """
    if re.search(r"не требуется наличие высшего", text):
        return None
    if not re.search(r"высше\w* образовани|жоғары біл", text, re.I):
        return None
    m = re.search(r"^(?P<f>.+?)\s+маманды\w+\s+бойынша\s+жоғары біл", text)
    return Education("higher", m["f"].strip(" ,") if m else None, None, text)


def _waiver(text: str) -> int | None:
    if re.search(r"не требуется наличие высшего образования по специальности", text):
        spans = [s for s in durations(text) if s.unit == "months"]
        return spans[0].value if spans else None
    return None


def _max_age(text: str) -> int | None:
    for s in durations(text):
        if s.unit == "age" and re.match(r"\s*(?:аспаған|аспайтын)", text[s.end:]):
            return s.value
        if s.unit == "months" and re.search(r"не старше\s*$", text[: s.start]):
            return s.value // 12
    return None


def _strip_number(line: str) -> str:
    return re.sub(r"^\d+(?:-\d+)*\.\s*", "", line)


def parse_requirements(eid: str, wording: str, language: str) -> list[RequirementSet]:
    """The requirement sets one provision's wording states (empty when it states none)."""
    lines = [ln.strip() for ln in wording.split("\n") if ln.strip()]
    if not lines or not any(_TRIGGER.search(ln) for ln in lines):
        return []
    lead, subs, tail = [], [], []
    for ln in lines:
        if _NOTE_START.match(ln):
            break
        m = _SUBPOINT.match(ln)
        if m:
            subs.append((m[1], ln))
        elif subs:
            tail.append(ln)
        else:
            lead.append(ln)
    lead_text = _strip_number(" ".join(lead))
    sets: list[RequirementSet] = []
    who = _who(lead_text, language)
    education = None
    notes = []
    max_age = _max_age(lead_text)
    common: list[Period] = []
    conditions: tuple[str, ...] = ()
    alternatives = []
    for i, part in enumerate(lead):
        part = _strip_number(part)
        ed = _education(part)
        if ed and education is None:
            education = ed
        w = _waiver(part)
        if w is not None:
            education = Education(education.level if education else "higher",
                                  education.field if education else None, w,
                                  (education.text + "\n" if education else "") + part)
        spans = durations(part)
        if w is not None or (ed and not any(s.unit == "months" for s in spans)):
            continue
        period_spans = [s for s in spans if s.unit == "months"]
        if period_spans and not subs:
            # The whole provision is one alternative ("… үш жылдан кем емес еңбек өтілі бар …").
            alternatives.append(Alternative(eid, part, tuple(periods_in(part, spans)), conditions_in(part)))
        elif period_spans:
            first_sentence = re.split(r"(?<=\.)\s+(?=Для занятия)", part)[0]
            common += periods_in(first_sentence)
        elif i > 0 and not _TRIGGER.search(part):
            notes.append(part)
    for num, ln in subs:
        body = _SUBPOINT.sub("", ln)
        alternatives.append(Alternative(f"{eid}__subpoint_{num}", body, tuple(periods_in(body)), conditions_in(body)))
    main = RequirementSet(eid, 1, who, language, education, max_age, tuple(common), conditions,
                          tuple(alternatives), tuple(notes))
    if not main.empty:
        sets.append(main)
    for part in tail:
        m = _WHO_RU.search(part)
        if m and _ALSO_RU.search(part):
            sets.append(RequirementSet(eid, len(sets) + 1, _clean_who(m["who"]), language,
                                       common=tuple(periods_in(part[m.end():]))))
        elif part:
            notes.append(part)
    if sets and notes and sets[0] is main:
        sets[0] = RequirementSet(**{**main.__dict__, "notes": tuple(notes)})
    return sets


def _clean_who(who: str) -> str | None:
    who = re.sub(r"\s+", " ", who).strip(" ,")
    who = re.sub(r"^политических государственных должностей\s+", "", who)
    return None if _GENERIC_WHO.match(who) else who


def _who(lead: str, language: str) -> str | None:
    m = _WHO_RU.search(lead)
    if m:
        return _clean_who(m["who"])
    spans = durations(lead)
    ed = re.search(r"жоғары біл", lead)
    cut = min([s.start for s in spans] + ([ed.start()] if ed else []) + [len(lead)])
    head = lead[:cut].strip(" ,")
    return head or None


def split_classes(who: str) -> list[str]:
    """The classes of positions a "для занятия … должностей X, а также Y" phrase names.

    >>> split_classes("первых заместителей, заместителей и руководителей аппаратов акимов областей, "
    ...   "городов республиканского значения, столицы, а также акимов городов, являющихся административными центрами областей")
    ['первых заместителей, заместителей и руководителей аппаратов акимов областей, городов республиканского значения, столицы', 'акимов городов, являющихся административными центрами областей']
    """
    depth, parts, cur = 0, [], ""
    tokens = re.split(r"(,\s*а также\s+|\(|\))", who)
    for t in tokens:
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
        if depth == 0 and re.fullmatch(r",\s*а также\s+", t or ""):
            parts.append(cur.strip())
            cur = ""
        else:
            cur += t or ""
    parts.append(cur.strip())
    return [p for p in parts if p]
