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

/// The venue crates' public API names no reqwest type except where a user hands in a
/// `reqwest::Client` (`http_client`). Read from rustdoc's JSON output (on stable through
/// `RUSTC_BOOTSTRAP`, as cargo-semver-checks does), which resolves every type a public item
/// names, re-exports from venue-common included. Built in a target directory of its own so
/// the flag does not invalidate the main build.
fn no_reqwest_in_public_api() -> Result<(), String> {
    let target = util::target_dir().join("api-json");
    let mut leaks = Vec::new();
    for (crate_dir, _) in util::spec_crates(&util::root())? {
        let package = crate_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        util::run(
            util::cargo()
                .args([
                    "rustdoc",
                    "--quiet",
                    "--lib",
                    "-p",
                    &package,
                    "--all-features",
                    "--",
                ])
                .args(["-Z", "unstable-options", "--output-format", "json"])
                .env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_TARGET_DIR", &target),
        )?;
        let json = target
            .join("doc")
            .join(format!("{}.json", package.replace('-', "_")));
        let text =
            std::fs::read_to_string(&json).map_err(|e| format!("{}: {e}", json.display()))?;
        let doc: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json.display()))?;
        for (item, path) in reqwest_in(&doc) {
            if item != "http_client" {
                leaks.push(format!("{package}: `{item}` names reqwest's `{path}`"));
            }
        }
        for (item, name) in not_reexported(&doc, "venue_common") {
            leaks.push(format!(
                "{package}: `{item}` names venue_common's `{name}`, which the crate does not re-export"
            ));
        }
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

/// `(item name, type name)` for every type of crate `dependency` that a public item names but
/// the crate root does not re-export (by name, or through a glob of that crate): a user of the
/// crate would have to depend on `dependency` by name to write it.
pub fn not_reexported(doc: &serde_json::Value, dependency: &str) -> Vec<(String, String)> {
    let ids = external_ids(doc, dependency);
    let index = doc["index"].as_object();
    let root = doc["root"].to_string();
    let mut exported = std::collections::BTreeSet::new();
    let mut globbed = Vec::new();
    let root_items = index
        .and_then(|i| i.get(&root))
        .and_then(|r| r["inner"]["module"]["items"].as_array())
        .cloned()
        .unwrap_or_default();
    // The root and its public modules (a `prelude` re-export counts too).
    let mut modules = vec![root_items];
    while let Some(items) = modules.pop() {
        for id in items {
            let Some(item) = index.and_then(|i| i.get(&id.to_string())) else {
                continue;
            };
            if let Some(u) = item["inner"].get("use") {
                if u["is_glob"] == true {
                    globbed.push(u["source"].as_str().unwrap_or("").to_string());
                } else if let Some(name) = u["name"].as_str() {
                    exported.insert(name.to_string());
                }
            } else if let Some(name) = item["name"].as_str() {
                exported.insert(name.to_string());
                if let Some(more) = item["inner"]["module"]["items"].as_array() {
                    modules.push(more.clone());
                }
            }
        }
    }
    let globs_dependency = globbed.iter().any(|g| g.starts_with(dependency));
    let mut missing = std::collections::BTreeSet::new();
    for (item, path) in named_types(doc, &ids) {
        let name = path.rsplit("::").next().unwrap_or(&path).to_string();
        // A re-exported module of the dependency (`pub use venue_common::api;`) makes its
        // items reachable by path.
        let reachable = full_path(doc, &ids, &path).is_some_and(|segments| {
            segments
                .iter()
                .take(segments.len().saturating_sub(1))
                .skip(1)
                .any(|m| exported.contains(m))
        });
        if !exported.contains(&name) && !globs_dependency && !reachable {
            missing.insert((item, name));
        }
    }
    missing.into_iter().collect()
}

/// The full path (`["venue_common", "api", "Context"]`) of the type named `path`, looked up among
/// `ids`.
fn full_path(
    doc: &serde_json::Value,
    ids: &std::collections::BTreeSet<String>,
    path: &str,
) -> Option<Vec<String>> {
    let name = path.rsplit("::").next()?;
    doc["paths"].as_object()?.iter().find_map(|(id, p)| {
        let segments: Vec<String> = p["path"]
            .as_array()?
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect();
        (ids.contains(id) && segments.last().map(String::as_str) == Some(name)).then_some(segments)
    })
}

/// The ids of `dependency`'s items in a rustdoc JSON document.
fn external_ids(doc: &serde_json::Value, dependency: &str) -> std::collections::BTreeSet<String> {
    let crates: Vec<u64> = doc["external_crates"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, c)| c["name"] == dependency)
                .filter_map(|(id, _)| id.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    doc["paths"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, p)| p["crate_id"].as_u64().is_some_and(|c| crates.contains(&c)))
                .map(|(id, _)| id.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// `(item name, type path)` for every type with one of `ids` that an item's signature names.
fn named_types(
    doc: &serde_json::Value,
    ids: &std::collections::BTreeSet<String>,
) -> Vec<(String, String)> {
    fn walk(
        v: &serde_json::Value,
        ids: &std::collections::BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(p) = m.get("resolved_path")
                    && ids.contains(&p["id"].to_string())
                {
                    out.push(p["path"].as_str().unwrap_or("?").to_string());
                }
                m.values().for_each(|x| walk(x, ids, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, ids, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    if let Some(index) = doc["index"].as_object() {
        // Methods of trait impls are named by the trait, not by the crate's API: skip them.
        let in_trait_impls: std::collections::BTreeSet<String> = index
            .values()
            .filter(|i| !i["inner"]["impl"]["trait"].is_null())
            .filter_map(|i| i["inner"]["impl"]["items"].as_array())
            .flatten()
            .map(|id| id.to_string())
            .collect();
        for (id, item) in index {
            // Only the crate's own items: inlined re-exports are the dependency's own business.
            if item["crate_id"] != 0 || in_trait_impls.contains(id) {
                continue;
            }
            let mut paths = Vec::new();
            walk(&item["inner"], ids, &mut paths);
            let name = item["name"].as_str().unwrap_or("?").to_string();
            found.extend(paths.into_iter().map(|p| (name.clone(), p)));
        }
    }
    found
}

/// `(item name, type path)` for every item of a rustdoc JSON document whose signature names a
/// type of the reqwest crate.
pub fn reqwest_in(doc: &serde_json::Value) -> Vec<(String, String)> {
    named_types(doc, &external_ids(doc, "reqwest"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reqwest_types_are_found_by_id_not_by_name() {
        let doc = serde_json::json!({
            "external_crates": {"7": {"name": "reqwest"}, "8": {"name": "other"}},
            "paths": {
                "1": {"crate_id": 7, "path": ["reqwest", "Client"]},
                "2": {"crate_id": 8, "path": ["other", "Client"]}
            },
            "index": {
                "10": {"name": "http_client", "crate_id": 0, "inner": {"function": {"sig": {"inputs": [["c", {"resolved_path": {"id": 1, "path": "::reqwest::Client"}}]]}}}},
                "11": {"name": "leak", "crate_id": 0, "inner": {"struct_field": {"resolved_path": {"id": 1, "path": "reqwest::Error"}}}},
                "12": {"name": "fine", "crate_id": 0, "inner": {"struct_field": {"resolved_path": {"id": 2, "path": "Client"}}}}
            }
        });
        let mut found = reqwest_in(&doc);
        found.sort();
        assert_eq!(
            found,
            vec![
                ("http_client".to_string(), "::reqwest::Client".to_string()),
                ("leak".to_string(), "reqwest::Error".to_string()),
            ]
        );
    }

    #[test]
    fn types_of_a_dependency_must_be_reexported() {
        let doc = serde_json::json!({
            "root": 0,
            "external_crates": {"3": {"name": "venue_common"}},
            "paths": {
                "1": {"crate_id": 3, "path": ["venue_common", "Url"]},
                "2": {"crate_id": 3, "path": ["venue_common", "Core"]}
            },
            "index": {
                "0": {"name": "demo", "crate_id": 0, "inner": {"module": {"items": [5, 6]}}},
                "5": {"name": "base_url", "crate_id": 0, "inner": {"function": {"output": {"resolved_path": {"id": 1, "path": "venue_common::Url"}}}}},
                "6": {"name": null, "crate_id": 0, "inner": {"use": {"source": "venue_common::Url", "name": "Url", "is_glob": false}}},
                "7": {"name": "core", "crate_id": 0, "inner": {"function": {"output": {"resolved_path": {"id": 2, "path": "venue_common::Core"}}}}}
            }
        });
        assert_eq!(
            not_reexported(&doc, "venue_common"),
            vec![("core".to_string(), "Core".to_string())]
        );
    }
}
