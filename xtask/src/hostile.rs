//! `cargo xtask hostile [--release] [--answers N] [--seed S] [--workers W] [--timeout-ms T]
//! [--venue V]...`: the hostile-answer suite (crates/venue-hostile) against loopback servers.
//!
//! Without `--release` the suite's binary is built as `cargo test --workspace --all-features`
//! builds it (`--no-run`: after the tests, nothing is compiled again) and run from the target
//! directory; with `--release` it is built and run by `cargo run --release`. The arguments
//! other than `--release` go to the suite; the default size suits CI, and
//! `--answers 1000000` is the long run.

use std::time::Instant;

use crate::util;

pub fn run(args: &[String]) -> Result<(), String> {
    let release = args.iter().any(|a| a == "--release");
    let mut suite: Vec<String> = args.iter().filter(|a| *a != "--release").cloned().collect();
    let root = util::root();
    suite.push("--root".into());
    suite.push(root.join("crates").display().to_string());
    let started = Instant::now();
    if release {
        let mut cmd = util::cargo();
        cmd.args(["run", "--quiet", "--release", "-p", "venue-hostile", "--"]);
        cmd.args(&suite);
        util::run(&mut cmd)?;
    } else {
        let mut build = util::cargo();
        build.args([
            "test",
            "--quiet",
            "--workspace",
            "--all-features",
            "--no-run",
        ]);
        util::run(&mut build)?;
        let exe = util::target_dir()
            .join("debug")
            .join(format!("venue-hostile{}", std::env::consts::EXE_SUFFIX));
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(&suite);
        util::run(&mut cmd)?;
    }
    eprintln!("hostile: {:.1?} in all", started.elapsed());
    Ok(())
}
