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

from ..model import Act, ActRef, EntryRule

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
            return When(_after(pub[0], rule, offset), rule=rule, source=f"publication date from {pub[1]}")
        base = max(ref.date, registered) if registered else ref.date
        return When(
            _after(base, rule, offset),
            _after(base + timedelta(days=settings.publication_lag_days), rule, offset),
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


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when it has no such day).

    >>> add_months(date(2013, 1, 31), 1), add_months(date(2013, 1, 21), 3)
    (datetime.date(2013, 2, 28), datetime.date(2013, 4, 21))
    """
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(d.day, (nxt - timedelta(days=1)).day))


def _after(published: date, rule: EntryRule, offset: int) -> date:
    """The day a publication-based rule takes effect: "по истечении N дней после дня опубликования" is
    publication + N + 1 (the N days after the publication day run out first); N months end on the same
    day of the month, and the act applies from the next day."""
    if rule.months:
        return add_months(published, rule.months) + timedelta(days=1)
    return published + timedelta(days=offset)


def act_start(act: Act, settings: Settings) -> When:
    return resolve(act.entry_rule, act.ref, settings, act.registration_date)


def act_end(act: Act, settings: Settings) -> When | None:
    if act.repealed_by is None:
        return None
    return resolve(act.repeal_rule or EntryRule("unknown"), act.repealed_by.ref, settings)


STATUSES = ("in_force", "not_yet_in_force", "no_longer_in_force", "uncertain", "absent", "suspended")


def candidates_at(vs: list[StoredVersion], d: date) -> list[StoredVersion]:
    """The versions that may apply on ``d``: one, or two inside a window where the change
    between them depends on an unknown day (oldest first)."""
    vs = sorted(vs, key=lambda v: v.valid_from)
    for i, v in enumerate(vs):
        if v.valid_from <= d and (v.valid_until is None or d < v.valid_until):
            if v.valid_from_latest and d < v.valid_from_latest and i and vs[i - 1].valid_until == v.valid_from:
                return [vs[i - 1], v]
            return [v]
    return []


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

    ``uncertain`` means the provision's *existence* that day is uncertain: a window where its
    first version's start, or its end, depends on an unknown publication date. When it exists
    that day in every case but *which version* applies is uncertain, the status is
    ``in_force`` with no single version (``candidates_at`` gives the possible ones).
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
                if prev is not None and prev.valid_until == v.valid_from:
                    # it exists either way; only which version applies depends on the unknown day
                    return "in_force", None, "which version applies depends on the day this version took effect"
                return "uncertain", prev, "the day this version took effect is not known exactly"
            return "in_force", v, None
    if last.valid_until is not None and d >= last.valid_until:
        if last.valid_until_latest and d < last.valid_until_latest:
            return "uncertain", last, "the day this version ceased to apply is not known exactly"
        return ("no_longer_in_force" if last.repealed else "in_force"), (None if last.repealed else last), None
    return "absent", None, None
