//! `cargo xtask demo`: each venue crate's tour against its local venue, as a table.
//!
//! A tour prints one line per step and ends with `TOUR SUMMARY calls=<n> ok=<n> failed=<n>`.
//! The demo removes the venues' credential variables from the tours' environment, so every
//! tour runs against its in-process local venue, never a live one.
//!
//! It first builds every tour with cargo's own progress, so a fresh clone shows what it is
//! compiling for those minutes; the runs that follow (`--quiet`, so their output is the tours'
//! own) find everything built.

use std::process::Stdio;
use std::time::Instant;

use crate::util;

struct Row {
    venue: &'static str,
    krate: &'static str,
    state: State,
}

enum State {
    Missing,
    Ran {
        calls: u64,
        ok: u64,
        failed: u64,
        secs: f64,
        success: bool,
    },
    Broken(String),
}

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask demo".into());
    }
    let root = util::root();
    let has_tour = |krate: &str| {
        root.join("crates")
            .join(krate)
            .join("examples")
            .join(format!("{}.rs", tour_of(krate)))
            .is_file()
    };
    let present: Vec<&str> = util::VENUE_CRATES
        .iter()
        .map(|&(krate, _, _)| krate)
        .filter(|k| has_tour(k))
        .collect();
    build_tours(&present);
    let mut rows = Vec::new();
    for &(krate, venue, prefix) in util::VENUE_CRATES {
        if !has_tour(krate) {
            rows.push(Row {
                venue,
                krate,
                state: State::Missing,
            });
            continue;
        }
        let mut cmd = util::cargo();
        // `--all-features` (sim included) is the feature set the workspace tests build, so after
        // `cargo test --workspace --all-features` the tours need no second compilation.
        let tour = tour_of(krate);
        cmd.args([
            "run",
            "--quiet",
            "-p",
            krate,
            "--all-features",
            "--example",
            &tour,
        ]);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with(prefix) {
                cmd.env_remove(&key);
            }
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::inherit());
        println!("== {venue} ({krate}) ==");
        let started = Instant::now();
        let state = match cmd.output() {
            Err(e) => State::Broken(format!("could not start cargo: {e}")),
            Ok(out) => {
                let stdout = String::from_utf8_lossy(&out.stdout);
                print!("{stdout}");
                let secs = started.elapsed().as_secs_f64();
                match parse_summary(&stdout) {
                    Some((calls, ok, failed)) => State::Ran {
                        calls,
                        ok,
                        failed,
                        secs,
                        success: out.status.success() && failed == 0,
                    },
                    None => State::Broken(format!("no TOUR SUMMARY line (exit {})", out.status)),
                }
            }
        };
        rows.push(Row {
            venue,
            krate,
            state,
        });
    }

    println!();
    println!(
        "{:<12} {:<15} {:>6} {:>6} {:>7} {:>9}",
        "venue", "crate", "calls", "ok", "failed", "time"
    );
    let mut failures = Vec::new();
    for row in &rows {
        match &row.state {
            State::Missing => println!(
                "{:<12} {:<15} {:>6} {:>6} {:>7} {:>9}",
                row.venue, row.krate, "-", "-", "-", "not yet present"
            ),
            State::Ran {
                calls,
                ok,
                failed,
                secs,
                success,
            } => {
                println!(
                    "{:<12} {:<15} {calls:>6} {ok:>6} {failed:>7} {:>8.1}s",
                    row.venue, row.krate, secs
                );
                if !success {
                    failures.push(format!("{}: {failed} failed step(s)", row.krate));
                }
            }
            State::Broken(why) => {
                println!(
                    "{:<12} {:<15} {:>6} {:>6} {:>7} {:>9}",
                    row.venue, row.krate, "-", "-", "-", "broken"
                );
                failures.push(format!("{}: {why}", row.krate));
            }
        }
    }
    let missing: Vec<&str> = rows
        .iter()
        .filter(|r| matches!(r.state, State::Missing))
        .map(|r| r.krate)
        .collect();
    if !missing.is_empty() {
        println!("\nnot yet present: {}", missing.join(", "));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("demo failed:\n  {}", failures.join("\n  ")))
    }
}

/// A venue crate's tour example: `alp_tour` for `alp-rs`. Each has its crate's name, because
/// examples of one name in several packages of a workspace collide on
/// `target/debug/examples/<name>` (rust-lang/cargo#6313).
fn tour_of(krate: &str) -> String {
    format!("{}_tour", krate.trim_end_matches("-rs"))
}

/// Builds the tours of `crates` with the feature set and profile the runs use
/// (`--all-features`, dev), printing cargo's progress. One `cargo build` per crate, so a crate
/// that does not build is told apart and left for its run to report in the table. The first
/// build compiles the shared dependencies; the others take seconds.
fn build_tours(crates: &[&str]) {
    if crates.is_empty() {
        return;
    }
    println!("== building the tours ({}) ==", crates.join(", "));
    let started = Instant::now();
    let mut failed = Vec::new();
    for krate in crates {
        let tour = tour_of(krate);
        let mut cmd = util::cargo();
        cmd.args(["build", "-p", krate, "--all-features", "--example", &tour]);
        cmd.stdout(Stdio::inherit()).stderr(Stdio::inherit());
        match cmd.status() {
            Ok(status) if status.success() => {}
            Ok(_) => failed.push(*krate),
            Err(e) => {
                println!("could not start cargo: {e}");
                failed.push(*krate);
            }
        }
    }
    if failed.is_empty() {
        println!("built in {:.1}s\n", started.elapsed().as_secs_f64());
    } else {
        println!("{} did not build; the table shows it\n", failed.join(", "));
    }
}

/// Reads `TOUR SUMMARY calls=<n> ok=<n> failed=<n>` from the last such line.
fn parse_summary(stdout: &str) -> Option<(u64, u64, u64)> {
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("TOUR SUMMARY"))?;
    let mut calls = None;
    let mut ok = None;
    let mut failed = None;
    for part in line.split_whitespace().skip(2) {
        let (k, v) = part.split_once('=')?;
        let v: u64 = v.parse().ok()?;
        match k {
            "calls" => calls = Some(v),
            "ok" => ok = Some(v),
            "failed" => failed = Some(v),
            _ => {}
        }
    }
    Some((calls?, ok?, failed?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_last_summary() {
        let out = "ok   a\nTOUR SUMMARY calls=1 ok=1 failed=0\nok   b\nTOUR SUMMARY calls=12 ok=11 failed=1\n";
        assert_eq!(parse_summary(out), Some((12, 11, 1)));
        assert_eq!(parse_summary("no summary"), None);
        assert_eq!(parse_summary("TOUR SUMMARY calls=x ok=1 failed=0"), None);
    }
}
