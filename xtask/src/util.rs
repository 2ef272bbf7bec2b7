//! Small helpers shared by the commands.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// `cargo`, as the one running us (`$CARGO`) or from the path.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

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
