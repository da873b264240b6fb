"""Time: rule resolution and the half-open interval, tested on the boundary days."""

from datetime import date

import pytest
from zangraph.graph.model import ActRef, EntryRule
from zangraph.graph.time.temporal import PublicationTable, Settings, StoredVersion, resolve, status_at

REF = ActRef.from_key("decree-2024-07-31-612")


def test_publication_plus_ten_days_without_a_table_is_a_window():
    w = resolve(EntryRule("publication+days", days=10), REF, Settings(publication_lag_days=30))
    # earliest: published on the signing day, in force after ten full days; latest: published 30 days later
    assert (w.earliest, w.latest) == (date(2024, 8, 11), date(2024, 9, 10))
    assert "decree-2024-07-31-612" in w.missing


def test_publication_table_makes_the_day_certain(tmp_path):
    tsv = tmp_path / "pub.tsv"
    tsv.write_text("key\tdate\tsource\ndecree-2024-07-31-612\t2024-08-01\tKazakhstanskaya Pravda\n", encoding="utf-8")
    w = resolve(EntryRule("publication+days", days=10), REF, Settings(publications=PublicationTable.load(tsv)))
    assert (w.earliest, w.latest) == (date(2024, 8, 12), None)


@pytest.mark.parametrize("line", ["decree-2024-07-31-612\t2024-13-01\tx", "not-a-key\t2024-01-01\tx", "only-one-column"])
def test_bad_publication_table_names_the_line(tmp_path, line):
    tsv = tmp_path / "pub.tsv"
    tsv.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError):
        PublicationTable.load(tsv)


def test_registered_order_cannot_be_published_before_registration():
    ref = ActRef.from_key("order-2014-03-07-75")
    w = resolve(EntryRule("publication+days", days=21), ref, Settings(), registered=date(2014, 3, 15))
    assert w.earliest == date(2014, 4, 6)


V1 = StoredVersion("v1", date(2021, 1, 1), None, date(2024, 8, 11), None, False, False, False)
V2 = StoredVersion("v2", date(2024, 8, 11), date(2024, 9, 10), date(2025, 1, 1), None, True, False, True)


@pytest.mark.parametrize("day,status,version", [
    (date(2020, 12, 31), "not_yet_in_force", None),   # the day before the first version
    (date(2021, 1, 1), "in_force", "v1"),             # the first day belongs to the version
    (date(2024, 8, 10), "in_force", "v1"),            # the last day of v1
    # v2 may or may not have started (publication unknown), but the provision exists either way:
    # in force, no single version (DESIGN §6: uncertain is about existence only)
    (date(2024, 8, 11), "in_force", None),
    (date(2024, 9, 9), "in_force", None),
    (date(2024, 9, 10), "in_force", "v2"),            # from validFromLatest on, v2 is certain
    (date(2024, 12, 31), "in_force", "v2"),
    (date(2025, 1, 1), "no_longer_in_force", None),   # validUntil is exclusive
])
def test_half_open_intervals_on_boundary_days(day, status, version):
    got, v, _ = status_at([V1, V2], day)
    assert got == status
    assert (v.iri if v else None) == version


def test_which_version_window_lists_both_and_first_start_window_is_uncertain():
    from zangraph.graph.time.temporal import candidates_at

    assert [v.iri for v in candidates_at([V1, V2], date(2024, 8, 11))] == ["v1", "v2"]
    assert [v.iri for v in candidates_at([V1, V2], date(2024, 9, 10))] == ["v2"]
    # an inserted provision whose insertion day is unknown: its existence is uncertain
    ins = StoredVersion("v", date(2024, 8, 11), date(2024, 9, 10), None, None, True, True, False)
    assert status_at([ins], date(2024, 8, 20))[0] == "uncertain"
    assert status_at([ins], date(2024, 9, 10))[0] == "in_force"


def test_inserted_provision_is_absent_before():
    v = StoredVersion("v", date(2024, 8, 11), None, None, None, True, True, False)
    assert status_at([v], date(2024, 8, 10))[0] == "absent"


def test_act_key_round_trip_and_errors():
    assert ActRef.from_key("decree-2020-12-31-485").key == "decree-2020-12-31-485"
    with pytest.raises(ValueError, match="e.g. decree-2020-12-31-485"):
        ActRef.from_key("decree-2020-02-30-1")
    with pytest.raises(ValueError):
        ActRef.from_key("treaty-2020-01-01-1")
