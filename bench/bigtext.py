"""Big texts (issue 15): parsing and ingest time and peak memory against the size of one act.

    .venv/bin/python -m bench.bigtext [--sizes 1,5,10,20] [--out bench/results/bigtext.json]

Why: an act of a few MB (a code, an order approving hundreds of position cards) must not
take memory or time that grows faster than its text; the target is a 20 MB act read and
ingested in ≤ 60 s and ≤ 1 GB. There is no real 20 MB act among our sources, so one is
built from the largest real one, order № 75 (2.4 MB, the qualification requirements of a
ministry's "B" corps posts): its header and signature as they are, its annex (the
position cards) repeated until the text has the size asked, each copy's position numbers
shifted (26-0-1 → 126-0-1 …) so that no two cards share a number, as in a real act. Each
size is measured in a fresh process under ``/usr/bin/time -v`` (wall seconds, peak RSS):
``parse`` reads the text into the model only; ``ingest`` is ``zangraph ingest`` into a
new store (parse, RDF, SHACL checks, write).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER_75 = ROOT.parent / "shared" / "corpus" / "001_164de676cfdc3580.txt"
POST = re.compile(r"^(\d+ \S+-\d+ )(\d+)(-\d+-\d+.*)$")  # "1 С-2 26-0-1": headcount, category, number
PARSE = "import sys; from zangraph.graph.reading.parse import parse_file; a = parse_file(sys.argv[1]); print(len(a.provisions))"


def build(megabytes: float, out: Path) -> int:
    """A text of about ``megabytes`` MB from order № 75; → its size in bytes."""
    lines = ORDER_75.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Министрдің хатшылығы"))
    end = max(i for i, line in enumerate(lines) if "құқықтық ақпарат институты" in line) - 1
    head, body, tail = lines[:start], lines[start:end], lines[end:]
    per_copy = len("\n".join(body).encode("utf-8"))
    copies = max(1, round((megabytes * 1e6 - ORDER_75.stat().st_size + per_copy) / per_copy))
    text = list(head)
    for k in range(copies):
        text += [POST.sub(lambda m, k=k: f"{m[1]}{int(m[2]) + 100 * k}{m[3]}", line) if k else line for line in body]
    out.write_text("\n".join(text + tail), encoding="utf-8")
    return out.stat().st_size


def timed(args: list[str], env: dict | None = None) -> dict:
    r = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"{args} failed ({r.returncode}): {r.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    h, m, s = (float(x) if x else 0.0 for x in wall.groups())
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    return {"wall_s": round(h * 3600 + m * 60 + s, 2), "peak_rss_mb": round(rss / 1024, 1), "stdout": r.stdout}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,5,10,20", help="MB of text, comma-separated")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "bigtext.json"))
    args = ap.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time is not installed: apt-get install time")
    tmp = Path(tempfile.mkdtemp(prefix="zangraph-bigtext-"))
    rows = []
    try:
        for mb in (float(x) for x in args.sizes.split(",")):
            text = tmp / f"act-{mb:g}mb.txt"
            size = build(mb, text)
            parse = timed([sys.executable, "-c", PARSE, str(text)])
            store = tmp / f"store-{mb:g}"
            env = dict(os.environ, ZANGRAPH_STORE=str(store))
            ingest = timed([sys.executable, "-m", "zangraph.graph.cli", "ingest", str(text), "--format", "json"], env)
            triples = sum(r["triples"] for r in json.loads(ingest["stdout"]))
            store_mb = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 1e6
            rows.append({"text_mb": round(size / 1e6, 2), "parse_s": parse["wall_s"], "parse_peak_mb": parse["peak_rss_mb"],
                         "ingest_s": ingest["wall_s"], "ingest_peak_mb": ingest["peak_rss_mb"],
                         "source_triples": triples, "store_mb": round(store_mb, 1)})
            print(rows[-1], flush=True)
            shutil.rmtree(store)
            text.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    import pyoxigraph

    result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
                          "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"},
              "command": "python -m bench.bigtext " + " ".join(sys.argv[1:]), "rows": rows,
              "target": {"text_mb": 20, "ingest_s": 60, "ingest_peak_mb": 1024}}
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render(result))


def render(result: dict) -> str:
    """The "Big texts" section of bench/RESULTS.md."""
    m = result["machine"]
    out = ["## Big texts (issue 15)", "",
           f"Measured {m['date']} on {m['cpus']} cores, Python {m['python']}, pyoxigraph {m['pyoxigraph']}. Command: "
           f"`{result['command'].strip()}`; raw figures in `bench/results/bigtext.json`. Texts built from order № 75 "
           "(its annex of position cards repeated, numbers shifted; see the script's docstring); each figure is one "
           "fresh process under `/usr/bin/time -v`.", "",
           "| text MB | parse s | parse peak MB | ingest s | ingest peak MB | triples of the text's graph | store MB |",
           "|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        out.append(f"| {r['text_mb']} | {r['parse_s']} | {r['parse_peak_mb']:.0f} | {r['ingest_s']} | "
                   f"{r['ingest_peak_mb']:.0f} | {r['source_triples']} | {r['store_mb']} |")
    t = result["target"]
    big = max(result["rows"], key=lambda r: r["text_mb"])
    ok = big["ingest_s"] <= t["ingest_s"] and big["ingest_peak_mb"] <= t["ingest_peak_mb"]
    out += ["", f"Target: a {t['text_mb']} MB act in ≤ {t['ingest_s']} s and ≤ 1 GB — "
            f"{'met' if ok else '**not met**'} at {big['text_mb']} MB ({big['ingest_s']} s, {big['ingest_peak_mb']:.0f} MB).", ""]
    return "\n".join(out)


if __name__ == "__main__":
    main()
