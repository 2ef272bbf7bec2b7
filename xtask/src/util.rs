//! Small helpers shared by the commands.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    // `cargo run` sets CARGO_MANIFEST_DIR for the run too: prefer it, so a binary built from
    // one checkout and run from another (a shared target directory) works on the checkout
    // that ran it, not on the one that compiled it.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|p| p.join("Cargo.toml").is_file())
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// `cargo`, as the one running us (`$CARGO`) or from the path.
///
/// `cargo run` gave this process variables that describe xtask itself (`CARGO_MANIFEST_DIR`,
/// `CARGO_PKG_*`, ...). They are removed for the child: build scripts such as ring's track
/// `CARGO_MANIFEST_DIR`, so passing xtask's on would make every build started from here
/// rebuild what a plain `cargo test` built, and the other way round.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    for (key, _) in std::env::vars_os() {
        let key_text = key.to_string_lossy();
        if key_text.starts_with("CARGO_PKG_") || RUN_VARIABLES.contains(&key_text.as_ref()) {
            cmd.env_remove(&key);
        }
    }
    cmd
}

/// Variables `cargo run` sets for the binary it runs (besides `CARGO_PKG_*`).
const RUN_VARIABLES: &[&str] = &[
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "CARGO_PRIMARY_PACKAGE",
];

/// Runs a command, inheriting output; fails with its description when it fails.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = describe(cmd);
    eprintln!("$ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// A command as a shell-like line.
pub fn describe(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// The venue crates that have a spec, as (crate directory, spec path), sorted.
pub fn spec_crates(root: &Path) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let crates = root.join("crates");
    let mut out = Vec::new();
    let entries = std::fs::read_dir(&crates).map_err(|e| format!("{}: {e}", crates.display()))?;
    for entry in entries.flatten() {
        let spec = entry.path().join("spec").join("endpoints.toml");
        if spec.is_file() {
            out.push((entry.path(), spec));
        }
    }
    out.sort();
    Ok(out)
}

/// The venue crates the project plans, in the README's order: (crate, venue, credential prefix).
pub const VENUE_CRATES: &[(&str, &str, &str)] = &[
    ("coinflex-rs", "CoinFLEX", "COINFLEX_"),
    ("alp-rs", "ALP.COM", "ALP_"),
    ("mudawyl-rs", "Mudawyl", "MUDAWYL_"),
    ("iqfinex-rs", "IQFinex", "IQFINEX_"),
    ("matrixport-rs", "Matrixport", "MATRIXPORT_"),
];

/// Where cargo builds: `CARGO_TARGET_DIR` when set, else the workspace's `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}
