//! `cargo xtask bench`: runs the criterion benchmarks and prints the figures that matter.
//!
//! It sets `CRITERION_HOME` to `<target dir>/criterion` (`$CARGO_TARGET_DIR` when set) and reads
//! criterion's own results there (`**/new/{benchmark,estimates}.json`), so the figures are
//! those of this run, and every ratio pairs two figures of that one run:
//!
//! - signing: `<venue>/sign_request/full` (the whole recipe on a typical private request, the
//!   request built too) against `<venue>/sign_request/hmac` (one bare HMAC of the same message);
//! - decode: ids ending in `/typed` against the same stem's `/value` (`serde_json::Value`);
//! - calls: `alp/call/sdk` vs `alp/call/raw_reqwest` (one at a time, server in another
//!   process), `alp/inflight_1000/*` (1,000 in flight on one client), `common/call/*`;
//! - allocations per call: `venue-extra/alp_allocs.json`, written by the ALP bench;
//! - 1,000 in flight with the SDK and raw reqwest (bare, and with the SDK's timeouts) taking
//!   turns: `venue-extra/alp_inflight.json` (medians of per-round ratios, steadier than two
//!   criterion groups minutes apart).
//!
//! The decode bodies are written to `venue-extra/bodies/` for `xtask/bench_json.py`, which
//! times Python's `json.loads` and `orjson` on the same bytes (the cross-language ratios).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::util;

struct Result {
    median_ns: f64,
    bytes: Option<f64>,
}

pub fn run(args: &[String]) -> std::result::Result<(), String> {
    let root = util::root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .map(|t| if t.is_absolute() { t } else { root.join(t) })
        .unwrap_or_else(|| root.join("target"));
    let criterion = target.join("criterion");
    let mut cmd = util::cargo();
    cmd.env("CRITERION_HOME", &criterion);
    // `redis` for venue-common's fleet benches (they skip, saying so, without a server in
    // `VENUE_TEST_REDIS_URL`).
    cmd.args(["bench", "--workspace", "--features", "venue-common/redis"]);
    if !args.is_empty() {
        // Extra arguments go to criterion (a filter such as `common/`).
        cmd.arg("--").args(args);
    }
    util::run(&mut cmd)?;
    let results = read_results(&criterion)?;
    println!();
    print_report(&results);
    print_extra(&criterion);
    println!();
    println!(
        "cross-language decode ratios (json.loads, orjson): python3 xtask/bench_json.py {}",
        criterion.display()
    );
    Ok(())
}

fn read_results(dir: &Path) -> std::result::Result<BTreeMap<String, Result>, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|n| n == "new") {
                let bench: Value = read_json(&path.join("benchmark.json"))?;
                let est: Value = read_json(&path.join("estimates.json"))?;
                let Some(id) = bench["full_id"].as_str() else {
                    continue;
                };
                let Some(median) = est["median"]["point_estimate"].as_f64() else {
                    continue;
                };
                let bytes = bench["throughput"]["Bytes"]
                    .as_f64()
                    .or_else(|| bench["throughput"]["BytesDecimal"].as_f64());
                out.insert(
                    id.to_string(),
                    Result {
                        median_ns: median,
                        bytes,
                    },
                );
            } else {
                stack.push(path);
            }
        }
    }
    Ok(out)
}

fn read_json(path: &Path) -> std::result::Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn print_report(results: &BTreeMap<String, Result>) {
    println!("{:<48} {:>14} {:>12}", "benchmark", "median", "throughput");
    for (id, r) in results {
        let tp = r
            .bytes
            .map(|b| format!("{:.1} MB/s", b / r.median_ns * 1e3))
            .unwrap_or_default();
        println!("{id:<48} {:>14} {tp:>12}", human(r.median_ns));
    }
    println!();
    println!(
        "signing a typical private request, built and signed (goal <= 1 us), and per bare HMAC of its message:"
    );
    for venue in VENUES {
        let full = results
            .get(&format!("{venue}/sign_request/full"))
            .or_else(|| results.get(&format!("{venue}/sign_request")));
        let Some(full) = full else { continue };
        let vs_hmac = results
            .get(&format!("{venue}/sign_request/hmac"))
            .map(|h| format!("{:.2}x one bare HMAC", full.median_ns / h.median_ns))
            .unwrap_or_else(|| "no HMAC in the recipe".into());
        // Where a venue benches building the request alone, the signature's own share.
        let own = results
            .get(&format!("{venue}/sign_request/build"))
            .map(|b| {
                format!(
                    "; building the request {}, signing it {}",
                    human(b.median_ns),
                    human(full.median_ns - b.median_ns)
                )
            })
            .unwrap_or_default();
        println!(
            "  {venue:<11} {:>10}  {}  {vs_hmac}{own}",
            human(full.median_ns),
            meets(full.median_ns <= 1_000.0)
        );
    }
    println!();
    println!("the added cost per call of pacing and a nonce (in process, and through Redis):");
    for (id, r) in results
        .iter()
        .filter(|(id, _)| id.starts_with("common/fleet/"))
    {
        println!("  {id:<36} {:>10}", human(r.median_ns));
    }
    println!();
    println!("typed decode vs serde_json::Value, speed ratio (Value time / typed time):");
    for (id, typed) in results.iter().filter(|(id, _)| id.ends_with("/typed")) {
        let stem = &id[..id.len() - "/typed".len()];
        if let Some(value) = results.get(&format!("{stem}/value")) {
            println!("  {stem:<40} {:.2}", value.median_ns / typed.median_ns);
        }
    }
    println!();
    println!("SDK vs raw reqwest (time ratio; lower is better for the SDK):");
    let ratio = |ours: &str, raw: &str| {
        results
            .get(ours)
            .zip(results.get(raw))
            .map(|(o, r)| o.median_ns / r.median_ns)
    };
    if let Some(r) = ratio("alp/call/sdk", "alp/call/raw_reqwest") {
        println!(
            "  alp ticker, one at a time, server in another process (goal <= 1.05): {r:.3} {}",
            meets(r <= 1.05)
        );
    }
    if let Some(r) = ratio("alp/inflight_1000/sdk", "alp/inflight_1000/raw_reqwest") {
        println!(
            "  alp ticker, 1,000 in flight on one client, throughput SDK/raw (goal >= 0.95): {:.3} {}",
            1.0 / r,
            meets(1.0 / r >= 0.95)
        );
    }
    if let Some(r) = ratio("common/call/venue_common", "common/call/raw_reqwest") {
        println!("  venue-common Core::execute, no decode, in-process server: {r:.3}");
    }
    if let Some(r) = ratio(
        "common/call/raw_reqwest_with_timeout",
        "common/call/raw_reqwest",
    ) {
        println!("  (raw reqwest with the per-attempt timeout vs without: {r:.3})");
    }
    if let Some(h) = results.get("common/hmac_sha256_200b") {
        println!("HMAC-SHA256 of 200 bytes: {}", human(h.median_ns));
    }
}

/// Figures the benches write beside criterion's (allocations per call).
fn print_extra(criterion: &Path) {
    if let Ok(rounds) = read_json(&criterion.join("venue-extra").join("alp_inflight.json"))
        && let (Some(plain), Some(bounded)) = (rounds["plain"].as_f64(), rounds["bounded"].as_f64())
    {
        println!(
            "alp ticker, 1,000 in flight, in turns: throughput SDK/raw reqwest {plain:.3} (goal >= 0.95) {}; SDK/raw reqwest with the SDK's timeouts {bounded:.3}",
            meets(plain >= 0.95)
        );
        if let Some(control) = rounds["control"].as_f64() {
            println!("  the same design with two identical raw clients (its noise): {control:.3}");
        }
    }
    let Ok(allocs) = read_json(&criterion.join("venue-extra").join("alp_allocs.json")) else {
        return;
    };
    if let (Some(sdk), Some(raw)) = (allocs["sdk"].as_f64(), allocs["raw_value"].as_f64()) {
        let r = sdk / raw;
        println!(
            "allocations per alp ticker call: SDK {sdk:.1}, raw reqwest + serde_json::Value {raw:.1}: {r:.2}x (goal <= 1.3) {}",
            meets(r <= 1.3)
        );
    }
}

const VENUES: [&str; 5] = ["coinflex", "matrixport", "mudawyl", "alp", "iqfinex"];

fn meets(ok: bool) -> &'static str {
    if ok { "[met]" } else { "[NOT met]" }
}

fn human(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} us", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}
