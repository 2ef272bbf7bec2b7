//! `cargo xtask ci [--keep-going]`: the checks CI runs, in order.
//!
//! fmt, clippy (all targets, all features, `-D warnings`), `codegen --check`, the workspace
//! tests (collecting coverage evidence), `coverage`, and docs with `RUSTDOCFLAGS=-D warnings`.
//! Stops at the first failure unless `--keep-going`, which runs everything and lists every
//! failure at the end.

use crate::{codegen, coverage, util};

pub fn run(args: &[String]) -> Result<(), String> {
    let keep_going = match args {
        [] => false,
        [flag] if flag == "--keep-going" => true,
        _ => return Err("usage: cargo xtask ci [--keep-going]".into()),
    };
    let root = util::root();
    let log = root.join("target").join("venue-coverage.log");
    type Step = (&'static str, Box<dyn Fn() -> Result<(), String>>);
    let steps: Vec<Step> = vec![
        (
            "fmt",
            Box::new(|| util::run(util::cargo().args(["fmt", "--all", "--check"]))),
        ),
        (
            "clippy",
            Box::new(|| {
                util::run(util::cargo().args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--all-features",
                    "--",
                    "-D",
                    "warnings",
                ]))
            }),
        ),
        (
            "codegen --check",
            Box::new(|| codegen::run(&["--check".to_string()])),
        ),
        (
            "tests",
            Box::new({
                let log = log.clone();
                move || coverage::collect(&log, &[])
            }),
        ),
        (
            "coverage",
            Box::new({
                let log = log.clone();
                let root = root.clone();
                move || coverage::check(&root, &log)
            }),
        ),
        (
            "docs",
            Box::new(|| {
                util::run(
                    util::cargo()
                        .args(["doc", "--workspace", "--no-deps", "--all-features"])
                        .env("RUSTDOCFLAGS", "-D warnings"),
                )
            }),
        ),
    ];
    let mut failures = Vec::new();
    for (name, step) in &steps {
        println!("\n==> ci: {name}");
        if let Err(e) = step() {
            eprintln!("ci: {name} failed: {e}");
            failures.push(format!("{name}: {e}"));
            if !keep_going {
                break;
            }
        }
    }
    if failures.is_empty() {
        println!("\nci: all checks passed");
        Ok(())
    } else {
        Err(format!(
            "{} check(s) failed:\n  {}",
            failures.len(),
            failures.join("\n  ")
        ))
    }
}
