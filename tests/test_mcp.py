"""The MCP server (issue 19) driven by the official SDK's own client, over both transports, against real
processes: ``zangraph mcp`` started over stdio on the bundled store, and ``/mcp`` on a running ``zangraph serve``.

Each tool is called once with a question whose answer was read from the bundled texts (decree № 485, 000), and
with bad input, which must come back as a tool error naming the problem — the server goes on answering.
"""

from __future__ import annotations

import json
import sys
import time

import anyio
import httpx
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

D485 = "decree-2020-12-31-485"
TOOLS = {"search", "read", "history", "changes", "requirements", "check_candidate", "sparql"}


async def _exercise(client) -> dict:
    out = {"tools": {t.name: t for t in (await client.list_tools()).tools}}
    call = client.call_tool
    out["search"] = await call("search", {"query": "распределение обязанностей", "at": "2025-06-01", "limit": 5})
    out["search_2021"] = await call("search", {"query": "молодежный кадровый резерв", "at": "2021-06-01"})
    out["read"] = await call("read", {"act": D485, "eId": "annex_1__point_4", "at": "2022-01-01"})
    out["outline"] = await call("read", {"act": D485, "at": "2025-06-01", "limit": 5})
    out["history"] = await call("history", {"act": D485, "eId": "annex_1__point_5-1"})
    out["changes"] = await call("changes", {"act": "resolution-2023-11-03-969", "limit": 3})
    out["requirements"] = await call("requirements", {"act": D485, "eId": "annex_1__point_7__subpoint_4",
                                                      "at": "2025-06-01"})
    out["check"] = await call("check_candidate", {"candidate": {"education": {"level": "higher"}, "experience": [
        {"kind": "total", "months": 60}, {"kind": "sector", "months": 36},
        {"kind": "national_holding_director", "months": 24}]}, "act": D485, "eId": "annex_1__point_7",
        "at": "2025-06-01"})
    out["sparql"] = await call("sparql", {"query": "PREFIX zg: <https://w3id.org/zangraph/ontology#> "
                                                   f"ASK {{ ?a zg:key \"{D485}\" }}"})
    out["bad"] = {
        "date": await call("read", {"act": D485, "eId": "point_1", "at": "2024-02-30"}),
        "key": await call("read", {"act": "decree-2020-12-31-48", "eId": "point_1"}),
        "eid": await call("history", {"act": D485, "eId": "../../etc/passwd"}),
        "long": await call("search", {"query": "x" * 600}),
        "service": await call("sparql", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}),
        "update": await call("sparql", {"query": "DROP ALL"}),
        "candidate": await call("check_candidate", {"candidate": {"experience": "lots"}, "act": D485,
                                                    "eId": "annex_1__point_7"}),
    }
    out["after_bad"] = await call("read", {"act": D485, "eId": "annex_1__point_5", "at": "2025-06-01"})
    return out


def _check(out: dict) -> None:
    assert set(out["tools"]) == TOOLS
    assert all(t.annotations and t.annotations.read_only_hint for t in out["tools"].values())
    s = out["search"].structured_content
    # 000:109 "5-1. Распределения обязанностей …", inserted by № 612 of 31.07.2024
    hit = next(h for h in s["hits"] if h["eId"] == "annex_1__point_5-1")
    assert hit["citation"]["ru"].startswith("пункт 5-1 приложения 1") and hit["status"] == "in_force"
    assert hit["source"] is not None  # the redaction the wording comes from
    # 000:199: point 6's wording before 2023 is not in the sources: listed apart, never a hit
    s21 = out["search_2021"].structured_content
    assert not any(h["eId"] == "annex_1__point_6__subpoint_10" for h in s21["hits"])
    assert any(u["eId"] == "annex_1__point_6__subpoint_10" for u in s21["unknown_that_day"])
    r = out["read"].structured_content  # 000:98 point 4 restated by № 612 in 2024: the 2022 wording is unknown
    assert r["status"] == "in_force" and r["text_known"] is False and r["text"] is None and r["reason"]
    o = out["outline"].structured_content
    assert o["total"] > 5 and len(o["provisions"]) == 5 and o["next_offset"] == 5
    h = out["history"].structured_content
    assert h["versions"][0]["introduced_by"]["act"] == "decree-2024-07-31-612"
    c = out["changes"].structured_content  # seed 004, resolution № 969 amends resolution № 125
    assert c["total"] >= 3 and all(x["target_act"] == "resolution-2018-03-15-125" for x in c["changes"])
    assert out["requirements"].structured_content["status"] == "in_force"
    assert out["check"].structured_content["eligible"] is True  # README: ELIGIBLE via subpoint 4 on 2025-06-01
    assert out["sparql"].structured_content["boolean"] is True
    for name, res in out["bad"].items():
        assert res.is_error, name
        text = res.content[0].text
        assert "Traceback" not in text, name
    bad = {k: v.content[0].text for k, v in out["bad"].items()}
    assert "2024-02-30" in bad["date"] and "decree-2020-12-31-485" in bad["key"] and "eId" in bad["eid"]
    assert "500" in bad["long"] and "SERVICE" in bad["service"] and "candidate" in bad["candidate"]
    assert not out["after_bad"].is_error and out["after_bad"].structured_content["status"] == "in_force"


def test_stdio(store_dir):
    params = StdioServerParameters(command=sys.executable, args=["-m", "zangraph.graph.cli", "mcp", "--store",
                                                                 str(store_dir)])

    async def go():
        async with Client(params) as client:
            return await _exercise(client)
    _check(anyio.run(go))


def _ready(url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if httpx.get(url + "/health", timeout=5).json().get("search") == "ready":
            return
        time.sleep(0.3)
    raise AssertionError("the search index was not ready within 120 s")


def test_streamable_http(server):
    _ready(server.url)

    async def go():
        async with Client(server.url + "/mcp") as client:
            return await _exercise(client)
    _check(anyio.run(go))


def test_instructions_tell_the_model_to_quote_only_and_say_unknown(server):
    async def go():
        async with Client(server.url + "/mcp") as client:
            return client.instructions
    text = anyio.run(go) or ""
    assert "Quote only wording returned" in text and "not in the sources" in text


@pytest.mark.parametrize("q,expect", [("стаж", 200), ("", 422), ("...", 400)])
def test_rest_search(server, q, expect):
    """GET /api/search over real HTTP: hits with citations and links; an empty query is 422, one with no words
    400 naming why, in the one error shape."""
    _ready(server.url)
    r = httpx.get(server.url + "/api/search", params={"q": q, "at": "2025-06-01", "act": D485}, timeout=30)
    assert r.status_code == expect, r.text
    body = r.json()
    if expect == 200:
        assert body["hits"] and all(h["url"].startswith(f"/acts/{D485}/provisions/") for h in body["hits"])
    else:
        assert set(body) == {"error"} and body["error"]["message"]
    json.dumps(body)
