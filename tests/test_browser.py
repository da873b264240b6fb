"""The pages in a real headless browser: Debian's chromium driven by selenium through
Debian's chromium-driver, against `zangraph serve` on loopback. Each test keeps a
screenshot in test-artifacts/screenshots/ (an artifact for humans, not compared).

Skipped only when chromium is missing on a developer's machine; `.ci/run` installs it and
sets ZANGRAPH_REQUIRE_BROWSER=1, which turns the skip into a failure."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import httpx
import pytest

K485, K75, K125 = "decree-2020-12-31-485", "order-2014-03-07-75", "resolution-2018-03-15-125"
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
CHROMIUM, DRIVER = shutil.which("chromium") or "/usr/bin/chromium", shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        msg = "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("ZANGRAPH_REQUIRE_BROWSER"):
            pytest.fail(msg)
        pytest.skip(msg)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="zangraph-chromium-")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1000", "--lang=ru"]:
        opts.add_argument(flag)
    # a Russian-speaking user: the browser asks for Russian pages (Accept-Language), as the interface's default
    opts.add_experimental_option("prefs", {"intl.accept_languages": "ru-RU,ru"})
    drv = webdriver.Chrome(service=Service(DRIVER), options=opts)
    drv.set_page_load_timeout(60)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for(drv, css, timeout=30):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(drv, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def shot(drv, name):
    drv.save_screenshot(str(SHOTS / f"{name}.png"))


def css(drv, sel):
    from selenium.webdriver.common.by import By

    return drv.find_elements(By.CSS_SELECTOR, sel)


def test_home_lists_the_acts_and_finds_positions(browser, server):
    browser.get(server.url + "/")
    assert len(css(browser, "#acts tbody tr")) == 5  # the five seed texts
    box = css(browser, "#q")[0]
    box.send_keys("акимов областей")
    box.submit()
    wait_for(browser, "#positions")
    rows = css(browser, "#positions tbody tr")
    assert rows and any("акимов областей" in r.text for r in rows)
    shot(browser, "home-search")


def test_home_search_finds_wordings_in_force_and_marks_the_words(browser, server):
    """Typing words in the search box on the home page: the provisions whose wording in force on the day has them,
    each linked by its citation, the words marked in the snippet (000:109 "5-1. Распределения обязанностей …",
    inserted by № 612 of 2024); on a day before point 6's amendments (000:199) its subpoint 10 ("… молодежный
    кадровый резерв") is listed as a wording not in the sources, not as a hit; nonsense says nothing was found."""
    import httpx

    deadline = time.monotonic() + 120
    while httpx.get(server.url + "/health", timeout=5).json().get("search") != "ready":
        assert time.monotonic() < deadline, "the search index was not ready within 120 s"
        time.sleep(0.3)
    browser.get(server.url + "/?at=2025-06-01")
    box = css(browser, "#q")[0]
    box.send_keys("распределение обязанности")
    box.submit()
    wait_for(browser, "#hits")
    hits = css(browser, "#hits li.hit")
    first = next(h for h in hits if "пункт 5-1 приложения 1" in h.text)
    assert [m.text for m in first.find_elements("css selector", "mark")][:2] == ["Распределения", "обязанностей"]
    shot(browser, "home-text-search")
    browser.get(server.url + "/?at=2021-06-01&q=" + "молодежный кадровый резерв".replace(" ", "+"))
    wait_for(browser, "#unknown-that-day")
    assert not any("подпункт 10) пункта 6" in h.text for h in css(browser, "#hits li.hit"))
    assert any("подпункт 10) пункта 6" in li.text for li in css(browser, "#unknown-that-day li"))
    shot(browser, "home-text-search-unknown")
    browser.get(server.url + "/?at=2025-06-01&q=абракадабраэкзотика")
    assert "Ни одна редакция" in wait_for(browser, "#search-empty").text


def test_act_page_date_picker_changes_the_statuses(browser, server):
    """Order № 75 (seed 001): in force on 2014-09-01, no longer after its repeal; picking a
    new date in the date input re-renders the page with the new statuses."""
    browser.get(f"{server.url}/acts/{K75}?at=2014-09-01")
    assert {e.get_attribute("data-status") for e in css(browser, "section.provision")} == {"in_force"}
    assert "Кеңесші" in browser.page_source  # Kazakh letters come through intact
    kk = [e.text for e in css(browser, "section.provision .text") if "Кеңесші" in e.text]
    assert kk, "the Kazakh wording is rendered as text"
    shot(browser, "act-2014-09-01")
    old = css(browser, "#act-status")[0]
    browser.execute_script("const el = document.getElementById('at'); el.value = '2015-06-01';"
                           "el.dispatchEvent(new Event('change'));")
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(EC.staleness_of(old))
    wait_for(browser, "#act-status")
    assert "at=2015-06-01" in browser.current_url
    assert {e.get_attribute("data-status") for e in css(browser, "section.provision")} == {"no_longer_in_force"}
    assert css(browser, "#act-status")[0].text == "утратила силу"
    shot(browser, "act-2015-06-01")


def test_act_page_shows_unknown_wordings_with_the_reason(browser, server):
    browser.get(f"{server.url}/acts/{K485}?at=2022-01-01")
    p4 = css(browser, "section#annex_1__point_4")[0]
    assert p4.get_attribute("data-status") == "in_force"
    # 000:98 point 4 restated by № 612 (2024): the 2022 wording is not in the sources; the nearest known day is linked
    assert "не приводится в источниках" in p4.text and "Ближайшие дни с известной редакцией" in p4.text
    assert any("at=2024-" in a.get_attribute("href") for a in p4.find_elements("css selector", ".unknown a"))
    shot(browser, "act-485-2022-01-01")


def test_history_timeline(browser, server):
    api = httpx.get(f"{server.url}/api/acts/{K485}/provisions/annex_1__point_4/history", timeout=30).json()
    browser.get(f"{server.url}/acts/{K485}/provisions/annex_1__point_4")
    wait_for(browser, "svg#timeline")
    bars = css(browser, "svg#timeline rect.bar")
    assert len(bars) == len(api["versions"])  # one bar per version
    uncertain = [v for v in api["versions"] if v["valid_from_latest"] or v["valid_until_latest"]]
    assert len(css(browser, "svg#timeline rect.uncertain")) >= len(uncertain) > 0  # hatched where dates are uncertain
    assert len(css(browser, "svg#timeline rect.bar.unknown")) == sum(1 for v in api["versions"] if not v["text_known"])
    links = [a.get_attribute("href") for a in css(browser, "ol.versions a") if "?at=" in (a.get_attribute("href") or "")]
    # each version links to the act on the first day it is certainly in force
    assert all(any(f"at={v['valid_from_latest'] or v['valid_from']}" in h for h in links) for v in api["versions"])
    shot(browser, "history-485-point-4")


def test_diff_page_marks_insertions_and_deletions(browser, fixture_server):
    browser.get(f"{fixture_server.url}/acts/{K125}/provisions/annex_1__point_14")
    wait_for(browser, "#diff-link").click()
    wait_for(browser, "#diff")
    dels, inss = css(browser, "#diff del"), css(browser, "#diff ins")
    assert dels and inss
    assert "ФИКСТУРА" in " ".join(d.text for d in dels)  # the fixture's earlier wording goes
    assert "Академии" in " ".join(i.text for i in inss)  # № 969's wording comes
    shot(browser, "diff-125-point-14")


def test_sparql_editor_runs_an_example(browser, server):
    browser.get(server.url + "/query")
    buttons = css(browser, "button.example")
    assert len(buttons) == 3
    buttons[2].click()  # positions of category C-3 on 2014-09-01
    assert "C-3" in css(browser, "#sparql-query")[0].get_attribute("value")
    css(browser, "#run")[0].click()
    wait_for(browser, "#results-table")
    rows = css(browser, "#results-table tbody tr")
    assert rows and any("01-1-1" in r.text for r in rows)
    assert "строк" in css(browser, "#sparql-status")[0].text
    shot(browser, "sparql-editor")


def test_result_iris_link_only_over_http(browser, server):
    """The campaign's DOM XSS: a result IRI `javascript:…` became a live link. In the real
    browser, only the http(s) IRI of the answer is a link; the others are text, and the page
    runs under a CSP without inline scripts."""
    browser.get(server.url + "/query")
    box = css(browser, "#sparql-query")[0]
    box.clear()
    box.send_keys('SELECT ?x WHERE { VALUES ?x { <javascript:alert(1)> <data:text/html,hi> <http://example.org/a> } }')
    css(browser, "#run")[0].click()
    wait_for(browser, "#results-table")
    cells = css(browser, "#results-table tbody td")
    assert [c.text for c in cells] == ["javascript:alert(1)", "data:text/html,hi", "http://example.org/a"]
    links = [a.get_attribute("href") for a in css(browser, "#results-table a")]
    assert links == ["http://example.org/a"]


def test_eligibility_form_gives_a_verdict(browser, server):
    from selenium.webdriver.support.ui import Select

    browser.get(server.url + "/eligibility")
    form = wait_for(browser, "#eligibility-form")

    def put(name, value):
        el = form.find_element("name", name)
        el.clear()
        el.send_keys(value)

    # the provision is picked from the list of those that set requirements, by its citation
    Select(form.find_element("name", "target")).select_by_visible_text("пункт 7 приложения 1 — Указ от 31.12.2020 № 485")
    browser.execute_script("document.querySelector('input[name=at]').value = '2025-06-01'")
    Select(form.find_element("name", "level")).select_by_value("higher")
    for i, (kind, months) in enumerate([("total", "60"), ("sector", "36"), ("national_holding_director", "24")]):
        Select(form.find_element("name", f"kind{i}")).select_by_value(kind)
        put(f"months{i}", months)
    css(browser, "#check")[0].click()
    verdict = wait_for(browser, "#verdict")
    assert "Соответствует" in verdict.text and "подпункт 4) пункта 7 приложения 1" in verdict.text
    # the verdict comes first, above the form
    assert browser.execute_script("return document.getElementById('verdict').getBoundingClientRect().top < "
                                  "document.getElementById('eligibility-form').getBoundingClientRect().top")
    shot(browser, "eligibility-verdict")


@pytest.fixture(scope="module")
def history_server(tmp_path_factory):
    """zangraph serve over a store ingested with --history from the git fixture of
    tests/test_history.py (real redactions of 115999, one commit each)."""
    from .conftest import Server, run_cli
    from .test_history import build_clone

    tmp = tmp_path_factory.mktemp("hsrv")
    build_clone(tmp / "clone")
    r = run_cli("ingest", "--history", str(tmp / "clone"), store=tmp / "zg")
    assert r.returncode == 0, r.stderr
    srv = Server(tmp / "zg")
    yield srv
    srv.stop()


def test_history_page_cites_each_redaction_and_opens_its_text(browser, history_server):
    """Each known wording on the history page names the redaction it comes from, with its
    commit; the link opens that redaction's own text (the 2025-08-18 rus.md). With
    ?as_known=2024-01-01 the page says so and the 2025 wording is not there."""
    from .test_history import NEW_P10, OLD_P10

    base = f"{history_server.url}/acts/resolution-2017-11-17-755/provisions/annex_2__point_10"
    browser.get(base)
    wait_for(browser, "ol.versions")
    cites = css(browser, "p.cite")
    assert cites and any("18.08.2025" in c.text and "коммит" in c.text for c in cites)
    shot(browser, "history-115999-cited")
    link = next(a for a in css(browser, "a.source-link") if "2025-08-18" in a.get_attribute("href"))
    link.click()
    wait_for(browser, "body")
    assert NEW_P10 in browser.find_element("css selector", "body").text
    browser.get(base + "?as_known=2024-01-01")
    wait_for(browser, "p.as-known")
    texts = " ".join(t.text for t in css(browser, "ol.versions .text"))
    assert OLD_P10 in texts and NEW_P10 not in texts
    shot(browser, "history-115999-as-known-2024")


# ---------------------------------------------------------------- every string from its language's catalogue

PAGES = ["/", "/?q=стаж+работы&at=2021-06-01", "/?q=абракадабраэкзотика&at=2025-06-01",
         f"/acts/{K485}?at=2022-01-01", f"/acts/{K75}?at=2015-01-01", f"/acts/{K485}/provisions/annex_1__point_6",
         f"/acts/{K485}/provisions/annex_1__point_4/diff?from=2022-01-01&to=2025-01-01",
         f"/acts/{K485}/provisions/annex_1__point_5-1/diff?from=2023-01-01&to=2025-01-01", "/query", "/eligibility",
         f"/eligibility?target={K485}+annex_1__point_7&at=2025-06-01", f"/eligibility?target={K485}+annex_1__point_7&at=2024-05-14",
         "/acts/no-such-act"]
# the text of every element a page shows, except data (wordings, titles, citations, keys: marked translate="no")
VISIBLE_TEXT = """
const out = [];
const walk = (node) => {
  for (const ch of node.childNodes) {
    if (ch.nodeType === Node.TEXT_NODE) { const t = ch.textContent.trim(); if (t) out.push(t); continue; }
    if (ch.nodeType !== Node.ELEMENT_NODE) continue;
    if (["SCRIPT", "STYLE", "TEMPLATE", "TEXTAREA", "CODE"].includes(ch.tagName)) continue;
    if (ch.getAttribute("translate") === "no") continue;
    walk(ch);
  }
};
walk(document.body);
return out;
"""
NUMBERS = {"n", "total", "first", "last", "ms", "status", "age"}
DATES = {"day", "start", "end", "until", "latest", "latest_day"}


def _patterns(lang: str) -> list:
    import re

    from zangraph.graph.present.i18n import catalogue

    pats = []
    for msg in set(catalogue(lang).values()):
        bare = re.sub(r"%\([a-z_]+\)[sd]", "", msg)
        if not re.search(r"[^\W\d_]", bare):  # only placeholders and punctuation: it would match anything
            continue
        out, at = [], 0
        for m in re.finditer(r"%\(([a-z_]+)\)[sd]", msg):
            out.append(re.escape(msg[at:m.start()]))
            name = m.group(1)
            out.append(r"\d+" if name in NUMBERS else r"[0-9.\-]+" if name in DATES else r".+?")
            at = m.end()
        out.append(re.escape(msg[at:]))
        pats.append("".join(out).strip())
    return sorted(pats, key=len, reverse=True)


_COMPILED: dict = {}


def _covered(text: str, pats: list) -> bool:
    """Whether a text is made of catalogue strings only (one, or several joined by punctuation)."""
    import re

    key = id(pats)
    if key not in _COMPILED:
        sep = r"[\s·;:,.—()\-–→←+▼]*"
        _COMPILED[key] = re.compile(rf"(?:{sep}(?:{'|'.join(pats)}){sep})+", re.S)
    if not re.search(r"[^\W\d_]", text) or text in ("zangraph", "SPARQL"):
        return True
    return _COMPILED[key].fullmatch(text) is not None


@pytest.mark.parametrize("ui", ["ru", "kk", "en"])
def test_every_string_on_every_page_is_in_its_languages_catalogue(browser, server, ui):
    """Issue 18 item 2: each page in each interface language shows only strings of that language's catalogue
    (locales/<ui>/LC_MESSAGES/zangraph.po) — besides data, which the pages mark translate="no". A string typed
    into a template without the catalogue, or an English reason on a Russian page, fails here."""
    pats = _patterns(ui)
    bad = {}
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        browser.get(f"{server.url}{path}{sep}ui={ui}")
        wait_for(browser, "footer")
        assert browser.find_element("css selector", "html").get_attribute("lang") == ui
        for t in browser.execute_script(VISIBLE_TEXT):
            if not _covered(t, pats):
                bad.setdefault(path, []).append(t)
        if path == PAGES[3]:
            shot(browser, f"act-485-2022-01-01-{ui}")
    assert not bad, bad


def test_accept_language_chooses_the_interface_and_dates_follow_it(server):
    """Without a choice, Accept-Language decides (Kazakh here); dates are dd.mm.yyyy in ru and kk."""
    r = httpx.get(f"{server.url}/acts/{K485}?at=2022-01-01", headers={"Accept-Language": "kk-KZ,kk;q=0.9,ru;q=0.5"})
    assert r.headers["content-language"] == "kk" and 'lang="kk"' in r.text and "01.01.2022" in r.text
    r = httpx.get(f"{server.url}/acts/{K485}?at=2022-01-01&ui=en", headers={"Accept-Language": "kk"})
    assert r.headers["content-language"] == "en" and "2022-01-01" in r.text
