#!/usr/bin/env python3
"""What one venue crate costs a user to build, next to reqwest alone.

    python3 xtask/build_cost.py [--rounds N] [venue ...]      (default: 1 round, every venue)

For each venue it makes two throwaway binaries in a temporary directory, each the smallest
useful program:

- `with-<venue>`: depends on `crates/<venue>-rs` (default features) and makes one client;
- `reqwest-only`: depends on reqwest, tokio and serde_json (what a hand-rolled client needs)
  and makes one GET.

Each is built with `cargo build --release --offline` from a clean target directory, so the
figure is the whole dependency tree, as a new user's first build. Printed: the wall time of
each build, their ratio, and the crates `cargo tree --duplicates` finds more than once in the
venue binary's tree. The lock file is the workspace's, so both resolve to the versions the
workspace tests.

A build's wall time on a shared machine varies by 10% or more from one run to the next. With
`--rounds N` the reference and each venue are built in turn N times (reference, venues,
reference, venues, ...), so a slow spell touches both sides, and the medians are compared.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENUES = ["coinflex", "alp", "mudawyl", "iqfinex", "matrixport"]


def workspace_version(name):
    """The version the workspace's lock file pins for `name` (the first one listed)."""
    lock = open(os.path.join(ROOT, "Cargo.lock")).read().split("[[package]]")
    for entry in lock:
        if f'\nname = "{name}"\n' in entry:
            for line in entry.splitlines():
                if line.startswith("version = "):
                    return line.split('"')[1]
    raise SystemExit(f"{name} is not in Cargo.lock")


def project(base, name, deps, main):
    path = os.path.join(base, name)
    os.makedirs(os.path.join(path, "src"))
    with open(os.path.join(path, "Cargo.toml"), "w") as f:
        f.write(
            f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2024"\n'
            f"publish = false\n\n[workspace]\n\n[dependencies]\n{deps}"
        )
    with open(os.path.join(path, "src", "main.rs"), "w") as f:
        f.write(main)
    # The workspace's resolution, so no newer version needs the network.
    shutil.copy(os.path.join(ROOT, "Cargo.lock"), os.path.join(path, "Cargo.lock"))
    return path


def build(path):
    target = os.path.join(path, "target")
    shutil.rmtree(target, ignore_errors=True)
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    started = time.monotonic()
    subprocess.run(
        ["cargo", "build", "--release", "--offline", "--quiet"],
        cwd=path,
        env=env,
        check=True,
    )
    return time.monotonic() - started


def duplicates(path):
    out = subprocess.run(
        # Depth 0: the duplicated packages themselves, not the crates that pull them in.
        [
            "cargo", "tree", "--duplicates", "--offline", "-e", "normal", "--prefix", "none",
            "--depth", "0",
        ],
        cwd=path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names = sorted({" ".join(line.split()[:2]) for line in out.splitlines() if line.strip()})
    return names


def main():
    args = sys.argv[1:]
    rounds = 1
    if args[:1] == ["--rounds"]:
        rounds = int(args[1])
        args = args[2:]
    venues = args or VENUES
    tokio = workspace_version("tokio")
    reqwest = workspace_version("reqwest")
    serde_json = workspace_version("serde_json")
    with tempfile.TemporaryDirectory(prefix="build-cost-") as base:
        plain = project(
            base,
            "reqwest-only",
            f'reqwest = {{ version = "={reqwest}", default-features = false, features = ["rustls-tls"] }}\n'
            f'tokio = {{ version = "={tokio}", features = ["rt-multi-thread", "macros"] }}\n'
            f'serde_json = "={serde_json}"\n',
            "#[tokio::main]\nasync fn main() {\n"
            '    let r = reqwest::get("http://127.0.0.1:9/").await;\n'
            "    let v: Option<serde_json::Value> = match r {\n"
            "        Ok(r) => r.bytes().await.ok().and_then(|b| serde_json::from_slice(&b).ok()),\n"
            "        Err(_) => None,\n"
            "    };\n"
            '    println!("{v:?}");\n}\n',
        )
        paths = {}
        for venue in venues:
            crate = f"{venue}-rs"
            lib = crate.replace("-", "_")
            paths[venue] = project(
                base,
                f"with-{venue}",
                f'{crate} = {{ path = "{os.path.join(ROOT, "crates", crate)}" }}\n'
                f'tokio = {{ version = "={tokio}", features = ["rt-multi-thread", "macros"] }}\n',
                "#[tokio::main]\nasync fn main() {\n"
                f"    let client = {lib}::Client::builder().build();\n"
                '    println!("{}", client.is_ok());\n}\n',
            )
        times = {"reference": []} | {venue: [] for venue in venues}
        for round in range(1, rounds + 1):
            times["reference"].append(build(plain))
            print(
                f"round {round}: reqwest + tokio + serde_json alone: {times['reference'][-1]:.1f} s",
                flush=True,
            )
            for venue in venues:
                times[venue].append(build(paths[venue]))
                print(f"round {round}: {venue}-rs {times[venue][-1]:.1f} s", flush=True)
        reference = statistics.median(times["reference"])
        print(f"\nmedian of {rounds}: reqwest + tokio + serde_json alone: {reference:.1f} s")
        for venue in venues:
            took = statistics.median(times[venue])
            dups = duplicates(paths[venue])
            print(
                f"{venue + '-rs':<14} {took:6.1f} s   {took / reference:.2f}x reqwest alone   "
                f"duplicate crates: {', '.join(dups) if dups else 'none'}",
                flush=True,
            )

if __name__ == "__main__":
    main()
