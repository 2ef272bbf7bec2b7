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
        (
            "public API: no reqwest type but the client injection",
            Box::new(no_reqwest_in_public_api),
        ),
        ("semver (against the previous commit)", Box::new(semver)),
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

/// The venue crates' documented API names no reqwest type except where a user hands in a
/// `reqwest::Client` (`ClientBuilder::http_client`): read from the docs just built, where
/// rustdoc titles every type it links with its full path.
fn no_reqwest_in_public_api() -> Result<(), String> {
    let doc = util::target_dir().join("doc");
    let mut leaks = Vec::new();
    for (crate_dir, _) in util::spec_crates(&util::root())? {
        let name = crate_dir
            .file_name()
            .map(|n| n.to_string_lossy().replace('-', "_"))
            .unwrap_or_default();
        let dir = doc.join(&name);
        if !dir.is_dir() {
            return Err(format!(
                "{}: no docs (run the docs step first)",
                dir.display()
            ));
        }
        leaks.extend(reqwest_mentions(&dir)?);
    }
    if leaks.is_empty() {
        println!("public API: no reqwest type outside `http_client`");
        Ok(())
    } else {
        Err(format!(
            "reqwest types in a venue crate's public API:\n  {}",
            leaks.join("\n  ")
        ))
    }
}

/// `file: title` for every reqwest type a page links, `http_client`'s page excepted.
fn reqwest_mentions(dir: &std::path::Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|x| x != "html") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (i, _) in text.match_indices(" reqwest::") {
                let start = text[..i].rfind("title=\"").unwrap_or(i);
                if i - start > 16 {
                    continue; // prose, not a linked type
                }
                let end = text[i..].find('"').map(|e| i + e).unwrap_or(text.len());
                let title = &text[start..end];
                let allowed = path
                    .file_name()
                    .is_some_and(|f| f == "struct.ClientBuilder.html")
                    && title.contains("reqwest::async_impl::client::Client");
                if !allowed {
                    found.push(format!("{}: {title}", path.display()));
                }
            }
        }
    }
    Ok(found)
}

/// `cargo semver-checks` against the previous commit, where the tool is installed (building it
/// takes longer than the rest of CI, so CI does not install it): an accidental break shows
/// before a release.
fn semver() -> Result<(), String> {
    let probe = util::cargo().args(["semver-checks", "--version"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        println!(
            "semver: skipped, cargo-semver-checks is not installed (`cargo install cargo-semver-checks`)"
        );
        return Ok(());
    }
    util::run(util::cargo().args([
        "semver-checks",
        "check-release",
        "--workspace",
        "--exclude",
        "xtask",
        "--baseline-rev",
        "HEAD~1",
    ]))
}
