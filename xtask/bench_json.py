#!/usr/bin/env python3
"""Times Python's `json.loads` (and `orjson.loads` when installed) on the bodies the Rust decode
benchmarks decode, and prints the Rust typed decode's speed relative to them.

The Rust benches write each ~2 MB body they decode to `$CRITERION_HOME/venue-extra/bodies/`
(`cargo xtask bench` sets CRITERION_HOME); this reads those bodies and criterion's medians for
`<group>/typed` from the same directory, so the ratios pair one run's figures:

    cargo xtask bench                     # or: cargo xtask bench decode
    pip install orjson                    # optional
    python3 xtask/bench_json.py [CRITERION_HOME]

A ratio above 1 means the typed Rust decode (validated structs, exact decimals) is faster than
Python building plain dicts.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

try:
    import orjson  # type: ignore
except ImportError:  # orjson is optional: `pip install orjson`
    orjson = None


def criterion_home() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    if os.environ.get("CRITERION_HOME"):
        return Path(os.environ["CRITERION_HOME"])
    target = os.environ.get("CARGO_TARGET_DIR") or str(Path(__file__).resolve().parent.parent / "target")
    return Path(target) / "criterion"


def rust_medians(home: Path) -> dict:
    """full_id -> median in seconds, from criterion's `new/` results."""
    out = {}
    for bench in home.rglob("new/benchmark.json"):
        try:
            full_id = json.loads(bench.read_text())["full_id"]
            est = json.loads((bench.parent / "estimates.json").read_text())
            out[full_id] = est["median"]["point_estimate"] / 1e9
        except (OSError, KeyError, ValueError):
            continue
    return out


def median_time(fn, data: bytes, min_total: float = 1.0, min_runs: int = 7) -> float:
    fn(data)  # warm up
    times = []
    start = time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - start < min_total:
        t0 = time.perf_counter()
        fn(data)
        times.append(time.perf_counter() - t0)
        if len(times) >= 200:
            break
    return statistics.median(times)


def main() -> int:
    home = criterion_home()
    bodies = sorted((home / "venue-extra" / "bodies").glob("*.json"))
    if not bodies:
        print(f"no bodies under {home}/venue-extra/bodies: run `cargo xtask bench` first", file=sys.stderr)
        return 1
    rust = rust_medians(home)
    print(f"python {sys.version.split()[0]}, orjson {getattr(orjson, '__version__', 'not installed')}")
    header = f"{'body':<36} {'MB':>5} {'json.loads':>11} {'orjson':>9} {'rust typed':>11} {'vs json':>8} {'vs orjson':>9}"
    print(header)
    for path in bodies:
        group = path.stem.replace("~", "/")
        data = path.read_bytes()
        t_json = median_time(lambda b: json.loads(b), data)
        t_orjson = median_time(orjson.loads, data) if orjson else None
        t_rust = rust.get(f"{group}/typed")
        ms = lambda t: f"{t * 1e3:.2f} ms" if t is not None else "-"
        ratio = lambda t: f"{t / t_rust:.2f}x" if (t is not None and t_rust) else "-"
        print(
            f"{group:<36} {len(data) / 1e6:>5.2f} {ms(t_json):>11} {ms(t_orjson):>9} {ms(t_rust):>11} "
            f"{ratio(t_json):>8} {ratio(t_orjson):>9}"
        )
    print("ratios: Python's time / Rust typed decode time (goals: >= 2.5x json.loads, >= 1.2x orjson)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
