//! `cargo xtask bench`: runs the criterion benchmarks and prints the figures that matter.
//!
//! It reads criterion's own results (`target/criterion/**/new/{benchmark,estimates}.json`),
//! so the figures are those of this run. Ratios pair ids that end in `/typed` and `/value`
//! (typed decode vs `serde_json::Value`), and `common/call/venue_common` with
//! `common/call/raw_reqwest`.

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
    let criterion = root.join("target").join("criterion");
    let mut cmd = util::cargo();
    cmd.args(["bench", "--workspace"]);
    if !args.is_empty() {
        // Extra arguments go to criterion (a filter such as `common/`).
        cmd.arg("--").args(args);
    }
    util::run(&mut cmd)?;
    let results = read_results(&criterion)?;
    println!();
    print_report(&results);
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
    if let (Some(ours), Some(raw)) = (
        results.get("common/call/venue_common"),
        results.get("common/call/raw_reqwest"),
    ) {
        println!(
            "full call vs raw reqwest (median ratio, target <= 1.05): {:.3}",
            ours.median_ns / raw.median_ns
        );
    }
    if let Some(h) = results.get("common/hmac_sha256_200b") {
        println!(
            "HMAC-SHA256 of 200 bytes (target <= 1 us): {}",
            human(h.median_ns)
        );
    }
    for (id, typed) in results.iter().filter(|(id, _)| id.ends_with("/typed")) {
        let stem = &id[..id.len() - "/typed".len()];
        if let Some(value) = results.get(&format!("{stem}/value")) {
            println!(
                "{stem}: typed vs serde_json::Value speed ratio (target >= 1.0): {:.2}",
                value.median_ns / typed.median_ns
            );
        }
    }
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
