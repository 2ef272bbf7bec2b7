//! Project automation: `cargo xtask <command>`.
//!
//! Kept to few dependencies (serde, serde_json, toml) in the manner of rust-analyzer's xtask:
//! everything else is done by running cargo and reading files.

mod bench;
mod ci;
mod codegen;
mod coverage;
mod demo;
mod hostile;
mod release;
mod requests;
mod spec;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check]     write (or check) what is derived from crates/*/spec/endpoints.toml
  coverage [--log F]    every spec endpoint has a client method, a request-shape test and a
                        fixture-decoding test (runs the tests, or reads evidence from F)
  demo                  run each venue crate's tour against its local venue
  bench                 run the criterion benchmarks and print the ratios that matter
  hostile [--release] [--answers N] [--seed S]   the hostile-answer suite (venue-hostile)
  ci [--keep-going]     fmt, clippy, codegen --check, tests, coverage, docs
  release-check [--no-package]
                        metadata, package contents, changelogs, docs and a packaging dry run
                        of every publishable crate, in dependency order
  release <crate> <version> [--execute]
                        bump, move the changelog, commit and tag <crate>-v<version>;
                        --execute also publishes
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "codegen" => codegen::run(rest),
        "coverage" => coverage::run(rest),
        "demo" => demo::run(rest),
        "bench" => bench::run(rest),
        "hostile" => hostile::run(rest),
        "ci" => ci::run(rest),
        "release-check" => release::check(rest),
        "release" => release::release(rest),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
