"""Reading speed (issue 14): texts parsed per second on one core, over ../shared/corpus-dev
and the bundled seeds — the reading stages only (no store). Target: ≥ 50 acts/s per core.

    .venv/bin/python -m bench.reading [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from zangraph.graph.reading.kzlaw import find_act_dirs, read_act_dir
from zangraph.graph.reading.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus-dev"


def once(which: str) -> tuple[int, int, float]:
    t0 = time.perf_counter()
    acts = texts = 0
    if which == "corpus-dev":
        for d in sorted(find_act_dirs(DEV)):
            texts += len(read_act_dir(d))
            acts += 1
    else:
        for f in sorted((ROOT / "corpus").glob("*.txt")):
            parse_file(f)
            acts += 1
            texts += 1
    return acts, texts, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for which in ("corpus-dev", "seeds"):
        once(which)  # warm imports and regex caches
        runs = [once(which) for _ in range(args.repeat)]
        acts, texts = runs[0][0], runs[0][1]
        secs = [r[2] for r in runs]
        med = statistics.median(secs)
        print(f"{which}: {acts} acts ({texts} texts) in {med:.2f} s median of {args.repeat} (min {min(secs):.2f}, "
              f"max {max(secs):.2f}): {acts / med:.1f} acts/s, {texts / med:.1f} texts/s on one core")


if __name__ == "__main__":
    main()
