"""Render bench/results/scale-*.json as the "Scale" tables of bench/RESULTS.md.

    .venv/bin/python -m bench.report      # rewrites the part between the SCALE markers
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
BEGIN, END = "<!-- SCALE:BEGIN -->", "<!-- SCALE:END -->"
NAMES = {"provision": "one provision at a date", "act": "a whole act at a date (first 500 provisions)",
         "requirements": "requirements in force for a provision", "positions": "position search",
         "history": "amendment history of a provision", "eligibility": "eligibility check",
         "sparql_point_in_time": "SPARQL point-in-time query"}


def ms(d: dict | None, key: str = "p50_ms") -> str:
    if not d or d.get(key) is None:
        return "—"
    v = d[key]
    return f"{v:.3f}" if v < 0.1 else f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def ratio(ours: dict | None, base: dict | None) -> str:
    if not ours or not base or not ours.get("p50_ms") or not base.get("p50_ms"):
        return "—"
    return f"{base['p50_ms'] / ours['p50_ms']:.1f}×"


def render(results: list[dict]) -> str:
    sizes = [r["acts"] for r in results]
    out = [BEGIN, "", f"Machine: {results[0]['machine']['cpus']} cores, Python {results[0]['machine']['python']}, "
           f"run on {results[0]['machine']['date']}. Command: `.venv/bin/python -m bench.scale --sizes "
           f"{','.join(map(str, sizes))} --virtuoso …`; raw figures in `bench/results/scale-N.json`. Latencies are "
           "p50 / p99 over the samples (n in the JSON): 200 questions per kind (50 position searches), drawn "
           "deterministically from the generator's world (amended provisions, base acts, requirement points).", "",
           "### Corpus and ingest", "",
           "| acts | files | corpus MB | wall s | acts/s | quads | quads/s | peak RSS MB | store MB |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        i = r["ingest"]
        out.append(f"| {r['acts']} | {r['files']} | {r['corpus_mb']} | {i['wall_s']} | {i['acts_per_s']} | {r['quads']:,} | "
                   f"{i['triples_per_s']:,} | {i['peak_rss_mb']} | {r['store_mb']} |".replace(",", " "))
    for r in results:
        if "virtuoso" in r:
            v = r["virtuoso"]
            out.append(f"| {r['acts']} on Virtuoso | {r['files']} | {r['corpus_mb']} | {v['ingest']['wall_s']} | "
                       f"{v['ingest']['acts_per_s']} | {v['quads']:,} | — | {v['ingest']['peak_rss_mb']} (client) | "
                       f"{v['db_mb']} |".replace(",", " "))
    out += ["", "### Questions, in process (ms, p50 / p99)", "",
            "First = the act's first question (read from the store); again = the same question once the act's "
            "versions are memoised (what a running server answers from).", "",
            "| question | " + " | ".join(f"{n}: first | {n}: again" for n in sizes) + " |",
            "|---|" + "---|---|" * len(sizes)]
    for q in NAMES:
        if q == "sparql_point_in_time":
            continue
        cells = []
        for r in results:
            d = r["in_process"][q]
            cells += [f"{ms(d['first'])} / {ms(d['first'], 'p99_ms')}", f"{ms(d['again'])} / {ms(d['again'], 'p99_ms')}"]
        out.append(f"| {NAMES[q]} | " + " | ".join(cells) + " |")
    out += ["", "### Over HTTP (ms, p50 / p99; one connection, after one unmeasured pass)", "",
            "| question | " + " | ".join(str(n) for n in sizes) + " |", "|---|" + "---|" * len(sizes)]
    for q in NAMES:
        out.append(f"| {NAMES[q]} | " + " | ".join(f"{ms(r.get('http', {}).get(q))} / {ms(r.get('http', {}).get(q), 'p99_ms')}"
                                                   for r in results) + " |")
    out.append("| RSS of the serving process (+ query workers), MB | " + " | ".join(str(r.get("serving_rss_mb")) for r in results) + " |")
    out += ["", "### Validation", "", "| | " + " | ".join(str(n) for n in sizes) + " |", "|---|" + "---|" * len(sizes),
            "| one act's quads, as at ingest (ms, p50 / p99) | " + " | ".join(
                f"{ms(r['validation']['one_act'])} / {ms(r['validation']['one_act'], 'p99_ms')}" for r in results) + " |",
            "| whole store, data shapes compiled to SPARQL (s) | " + " | ".join(
                str(r["validation"]["whole_store_s"]) for r in results) + " |"]
    based = [r for r in results if "baseline" in r]
    if based:
        out += ["", "### Baseline: rdflib in-memory Dataset + rdflib SPARQL + pyshacl + rdflib-endpoint, same data, same run", "",
                "The same library code and SPARQL over rdflib (`BaselineStore` in bench/scale.py): up to 40 samples per kind, "
                "stopped after 45 s per kind (n in the JSON).", "",
                "| | acts | baseline | zangraph | ratio |", "|---|---|---|---|---|"]
        for r in based:
            b = r["baseline"]
            out.append(f"| load the store's quads | {r['acts']} | {b['load_s']} s (N-Quads parse) | {r['ingest']['wall_s']} s "
                       "(whole ingest incl. parsing the texts) | — |")
            for q in NAMES:
                if q == "sparql_point_in_time":
                    continue
                out.append(f"| {NAMES[q]}, first (p50 ms) | {r['acts']} | {ms(b['in_process'][q]['first'])} | "
                           f"{ms(r['in_process'][q]['first'])} | {ratio(r['in_process'][q]['first'], b['in_process'][q]['first'])} |")
            h = b["http"]["sparql_point_in_time"]
            out.append(f"| SPARQL point-in-time over HTTP (p50 ms) | {r['acts']} | {ms(h)} (rdflib-endpoint) | "
                       f"{ms(r['http']['sparql_point_in_time'])} | {ratio(r['http']['sparql_point_in_time'], h)} |")
            sh = b["shacl"]
            base_v = f"{sh['whole_store_s']} s" if sh.get("whole_store_s") else (
                f"not finished in {sh['capped_at_s']:.0f} s (stopped)" if "capped_at_s" in sh else sh.get("error", "?")[:80])
            out.append(f"| whole-store validation | {r['acts']} | pyshacl: {base_v} | {r['validation']['whole_store_s']} s | "
                       + (f"{sh['whole_store_s'] / r['validation']['whole_store_s']:.0f}×" if sh.get("whole_store_s") else
                          f"> {sh.get('capped_at_s', 0) / r['validation']['whole_store_s']:.0f}×") + " |")
            out.append(f"| serving RSS (MB) | {r['acts']} | {b['http']['rss_mb']} | {r.get('serving_rss_mb')} | — |")
    virt = [r for r in results if "virtuoso" in r]
    if virt:
        out += ["", "### Virtuoso 7.2 (Debian) as the store, same library (ms, p50 / p99, 60 samples per kind)", "",
                "| question | acts | Virtuoso: first | Virtuoso: again | embedded: first |", "|---|---|---|---|---|"]
        for r in virt:
            for q in NAMES:
                if q == "sparql_point_in_time":
                    continue
                d = r["virtuoso"]["in_process"][q]
                out.append(f"| {NAMES[q]} | {r['acts']} | {ms(d['first'])} / {ms(d['first'], 'p99_ms')} | "
                           f"{ms(d['again'])} / {ms(d['again'], 'p99_ms')} | {ms(r['in_process'][q]['first'])} |")
            out.append(f"| server RSS (MB) | {r['acts']} | {r['virtuoso']['server_rss_mb']} | | |")
    if len(results) > 1:
        a, z = results[0], results[-1]
        out += ["", f"### Growth {a['acts']} → {z['acts']} acts (p50 ratio; target ≤ 2×)", "",
                "| question | in process, first | in process, again | HTTP |", "|---|---|---|---|"]
        for q in NAMES:
            if q == "sparql_point_in_time":
                out.append(f"| {NAMES[q]} | — | — | {ratio(a.get('http', {}).get(q), z.get('http', {}).get(q))} |")
                continue
            out.append(f"| {NAMES[q]} | {ratio(a['in_process'][q]['first'], z['in_process'][q]['first'])} | "
                       f"{ratio(a['in_process'][q]['again'], z['in_process'][q]['again'])} | "
                       f"{ratio(a.get('http', {}).get(q), z.get('http', {}).get(q))} |")
        out.append(f"| ingest acts/s | {z['ingest']['acts_per_s'] / a['ingest']['acts_per_s']:.2f}× of the {a['acts']} rate | | |")
    out += ["", END]
    return "\n".join(out)


def main() -> None:
    found = {}
    for p in sorted((HERE / "results").glob("scale-*.json")):  # a finished run wins over a partial one
        r = json.loads(p.read_text())
        if r["acts"] not in found or not p.name.endswith(".partial.json"):
            r.setdefault("machine", {"cpus": 2, "python": "3.11.7", "date": "2026-11-21"})
            found[r["acts"]] = r
    results = [found[k] for k in sorted(found)]
    results = [r for r in results if r["acts"] >= 1000] or results
    text = (HERE / "RESULTS.md").read_text()
    block = render(results)
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text += "\n## Scale (issue 7)\n\n" + block + "\n"
    (HERE / "RESULTS.md").write_text(text)
    print(block)


if __name__ == "__main__":
    main()
