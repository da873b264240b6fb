"""Time: entry-into-force rules resolved to dates, version chains, point-in-time status.

The one interval type is half-open, ``[start, end)``: the day an amendment takes effect
belongs to the new version. Any boundary may be *uncertain*: an entry-into-force rule
tied to an unknown publication date gives an earliest day and a latest plausible day
(``When``). Nothing is invented: a publication date comes only from the table the user
supplies; otherwise the window is bounded by ``Settings.publication_lag_days``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .model import Act, ActRef, EntryRule, FootnoteEvent, Provision

DEFAULT_LAG_DAYS = 30


@dataclass(frozen=True)
class When:
    """A day that may be uncertain: ``earliest`` ≤ the true day ≤ ``latest``.

    ``latest`` is None when the day is certain; ``missing`` names the fact that would
    make it certain.
    """

    earliest: date
    latest: date | None = None
    missing: str | None = None
    rule: EntryRule | None = None
    source: str = ""


@dataclass(frozen=True)
class PublicationTable:
    """Publication dates the user supplies: TSV rows ``act key, date, source``."""

    dates: dict[str, tuple[date, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> PublicationTable:
        out: dict[str, tuple[date, str]] = {}
        with open(path, encoding="utf-8") as fh:
            for i, row in enumerate(csv.reader(fh, delimiter="\t"), 1):
                if not row or row[0].startswith("#") or (i == 1 and row[0].strip() == "key"):
                    continue
                if len(row) < 2:
                    raise ValueError(f"{path}:{i}: expected 'act key<TAB>YYYY-MM-DD<TAB>source', got {row!r}")
                try:
                    d = date.fromisoformat(row[1].strip())
                except ValueError:
                    raise ValueError(f"{path}:{i}: not a date: {row[1]!r}; expected YYYY-MM-DD") from None
                ActRef.from_key(row[0])
                out[row[0].strip()] = (d, row[2].strip() if len(row) > 2 else str(path))
        return cls(out)


@dataclass(frozen=True)
class Settings:
    publication_lag_days: int = DEFAULT_LAG_DAYS
    publications: PublicationTable = field(default_factory=PublicationTable)


def resolve(rule: EntryRule, ref: ActRef, settings: Settings, registered: date | None = None) -> When:
    """The day an act (or its change) takes effect under ``rule``.

    >>> r = EntryRule("publication+days", days=10)
    >>> w = resolve(r, ActRef.from_key("decree-2024-07-31-612"), Settings())
    >>> w.earliest.isoformat(), w.latest.isoformat(), w.missing
    ('2024-08-11', '2024-09-10', 'publication date of decree-2024-07-31-612')
    """
    if rule.kind == "signing":
        return When(ref.date, rule=rule, source="signing date")
    if rule.kind == "fixed" and rule.fixed:
        return When(rule.fixed, rule=rule, source="fixed date in the text")
    offset = rule.days + 1 if rule.kind == "publication+days" else 0
    if rule.kind in ("publication", "publication+days"):
        pub = settings.publications.dates.get(ref.key)
        if pub:
            return When(pub[0] + timedelta(days=offset), rule=rule, source=f"publication date from {pub[1]}")
        base = max(ref.date, registered) if registered else ref.date
        return When(
            base + timedelta(days=offset),
            base + timedelta(days=settings.publication_lag_days + offset),
            f"publication date of {ref.key}",
            rule,
            "earliest possible publication",
        )
    # The rule is not stated in the sources: assume one of the standard rules (at the
    # latest ten days after a publication within the lag), and say so.
    return When(
        ref.date,
        ref.date + timedelta(days=settings.publication_lag_days + 11),
        f"entry-into-force rule and publication date of {ref.key}",
        rule,
        "rule unknown",
    )


@dataclass(frozen=True)
class VersionSpec:
    start: When
    end: When | None
    text: str | None  # None = wording unknown
    introduced_by: FootnoteEvent | None  # None = the enacting act itself
    inserted: bool = False
    ended_by: FootnoteEvent | None = None
    ended_by_act_repeal: bool = False


def act_start(act: Act, settings: Settings) -> When:
    return resolve(act.entry_rule, act.ref, settings, act.registration_date)


def act_end(act: Act, settings: Settings) -> When | None:
    if act.repealed_by is None:
        return None
    return resolve(act.repeal_rule or EntryRule("unknown"), act.repealed_by.ref, settings)


def _ancestors(act: Act, eid: str) -> list[str]:
    parts = eid.split("__")
    # Enclosing provisions by eId prefix (a point's chapter is not in its eId, and a chapter's
    # footnote does not change the wording of the points in it).
    return ["__".join(parts[:i]) for i in range(1, len(parts))]


def versions(act: Act, prov: Provision, settings: Settings) -> list[VersionSpec]:
    """The version chain of one provision, built from the footnote histories.

    The current wording (the text as exported) is known; earlier wordings are versions
    with unknown text. A provision without its own insertion footnote is presumed to
    exist since its act took effect; a change of an enclosing provision (a point
    restated or amended) also starts a new, unknown wording of what it encloses.
    """
    own = [ev for f in act.footnotes if f.target_eid == prov.eid for ev in f.events]
    inherited = [
        ev
        for anc in _ancestors(act, prov.eid)
        for f in act.footnotes
        if f.target_eid == anc
        for ev in f.events
        if ev.operation in ("substitution", "change", "insertion", "repeal")
    ]
    def eff(ev: FootnoteEvent) -> When:
        return resolve(ev.rule, ev.act.ref, settings)

    start, introduced, inserted = act_start(act, settings), None, False
    inserts = [ev for ev in own + inherited if ev.operation == "insertion"]
    if inserts:
        ev = max(inserts, key=lambda e: eff(e).earliest)
        start, introduced, inserted = eff(ev), ev, True
    end, ended_by, by_act = None, None, False
    repeals = [ev for ev in own + inherited if ev.operation == "repeal"]
    if repeals:
        ended_by = min(repeals, key=lambda e: eff(e).earliest)
        end = eff(ended_by)
    elif act.repealed_by is not None:
        end, by_act = act_end(act, settings), True
    changes: dict[ActRef, FootnoteEvent] = {}
    for ev in own + inherited:
        if ev.operation in ("substitution", "change") and eff(ev).earliest > start.earliest:
            if end is None or eff(ev).earliest < end.earliest:
                changes.setdefault(ev.act.ref, ev)
    chain = sorted(changes.values(), key=lambda e: eff(e).earliest)
    bounds = [(start, introduced)] + [(eff(ev), ev) for ev in chain]
    text = prov.full_text() if prov.kind not in ("annex", "chapter", "section") else (prov.heading or prov.text)
    out = []
    for i, (w, ev) in enumerate(bounds):
        last = i == len(bounds) - 1
        nxt = bounds[i + 1][0] if not last else end
        out.append(
            VersionSpec(
                start=w,
                end=nxt,
                text=text if last and not repeals else None,
                introduced_by=ev,
                inserted=inserted and i == 0,
                ended_by=(bounds[i + 1][1] if not last else ended_by),
                ended_by_act_repeal=last and by_act,
            )
        )
    return out


STATUSES = ("in_force", "not_yet_in_force", "no_longer_in_force", "uncertain", "absent")


@dataclass(frozen=True)
class StoredVersion:
    """A version as read back from the store (what status computation needs)."""

    iri: str
    valid_from: date
    valid_from_latest: date | None
    valid_until: date | None
    valid_until_latest: date | None
    text_known: bool
    inserted: bool
    repealed: bool  # ended by a repeal (of the provision or the act)


def status_at(vs: list[StoredVersion], d: date) -> tuple[str, StoredVersion | None, str | None]:
    """(status, version, reason) of a provision on day ``d`` (half-open intervals).

    Within a window where the start or end date depends on an unknown publication date
    the status is ``uncertain`` and no wording is given.
    """
    if not vs:
        return "absent", None, "the provision has no versions"
    vs = sorted(vs, key=lambda v: v.valid_from)
    first, last = vs[0], vs[-1]
    if d < first.valid_from:
        return ("absent" if first.inserted else "not_yet_in_force"), None, None
    for i, v in enumerate(vs):
        if v.valid_from <= d and (v.valid_until is None or d < v.valid_until):
            if v.valid_from_latest and d < v.valid_from_latest:
                prev = vs[i - 1] if i else None
                return "uncertain", prev, "the day this version took effect is not known exactly"
            return "in_force", v, None
    if last.valid_until is not None and d >= last.valid_until:
        if last.valid_until_latest and d < last.valid_until_latest:
            return "uncertain", last, "the day this version ceased to apply is not known exactly"
        return ("no_longer_in_force" if last.repealed else "in_force"), (None if last.repealed else last), None
    return "absent", None, None
