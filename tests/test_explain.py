"""Every status explains itself (issue 18, item 3) — through REST (fields, not only prose) and the pages, on the
bundled acts, against a real `zangraph serve`. The expected facts are read from the texts:

- 000:109-117: point 5-1 of annex 1 of decree № 485 was added ("Требование дополнено пунктом 5-1") by Указ № 612 of
  31.07.2024, "по истечении десяти календарных дней после дня его первого официального опубликования": absent on
  2023-01-01, inserted by № 612, from 11.08.2024 at the earliest (publication no earlier than the signing day).
- 001:6-13: order № 75 "Күшін жойған … Күші жойылды - … 2014 жылғы 2 қазандағы № 74 бұйрығымен": repealed by order
  № 74 of 02.10.2014 — on 2015-01-01 no longer in force, ended by that order. The text does not say when № 74 took
  effect (no earlier than its signing, 02.10.2014), so the end is a window starting that day, never one day.
- 000:98: point 4 of annex 1 "в редакции Указа … от 31.07.2024 № 612": the wording before 2024 is not in the sources;
  the nearest day with a known wording comes after № 612 took effect.
"""

from __future__ import annotations

import httpx
import pytest

K485, K75 = "decree-2020-12-31-485", "order-2014-03-07-75"


def provision(server, key, eid, at):
    r = httpx.get(f"{server.url}/api/acts/{key}/provisions/{eid}", params={"at": at}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_absent_before_its_insertion_says_from_when_and_by_which_act(server):
    a = provision(server, K485, "annex_1__point_5-1", "2023-01-01")
    assert a["status"] == "absent"
    assert a["why"] == {"code": "not_yet_inserted", "act": "decree-2024-07-31-612", "start": "2024-08-11",
                        "latest": a["why"]["latest"]} and a["why"]["latest"] > "2024-08-11"
    assert a["exists_from"] == "2024-08-11" and a["introduced_by_act"] == "decree-2024-07-31-612"


def test_no_longer_in_force_says_since_when_and_by_which_act(server):
    a = provision(server, K75, "point_1", "2015-01-01")
    assert a["status"] == "no_longer_in_force"
    assert a["why"]["code"] == "ended" and a["why"]["act"] == "order-2014-10-02-74"
    assert a["ended_by_act"] == "order-2014-10-02-74" and a["ended_on"] == a["why"]["start"] == "2014-10-02"
    assert a["why"]["latest"] > "2014-10-02"  # the window: № 74's publication is not in the sources


def test_unknown_wording_names_the_nearest_known_day(server):
    a = provision(server, K485, "annex_1__point_4", "2022-01-01")
    assert a["status"] == "in_force" and a["text"] is None and a["why"]["code"] == "wording_unknown"
    assert a["why"]["known_before"] is None and a["why"]["known_after"] >= "2024-08-11"
    after = provision(server, K485, "annex_1__point_4", a["why"]["known_after"])
    assert after["text_known"] is True and after["text"]  # the day named really has a known wording


@pytest.mark.parametrize("ui,needle", [
    ("ru", "Утратила силу с дня между 02.10.2014 и "), ("kk", "02.10.2014 пен "),
    ("en", "No longer in force since a day between 2014-10-02 and ")])
def test_the_act_page_says_why_in_each_language(server, ui, needle):
    """Order № 75 after its repeal: every provision's line says since when and by which act, in the page's language."""
    r = httpx.get(f"{server.url}/acts/{K75}", params={"at": "2015-01-01", "ui": ui}, timeout=120)
    assert r.status_code == 200 and needle in r.text and ("Приказ от 02.10.2014 № 74" in r.text or
                                                          "02.10.2014 № 74 бұйрық" in r.text)
