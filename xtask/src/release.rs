//! `cargo xtask release-check` and `cargo xtask release <crate> <version> [--execute]`.
//!
//! The procedure for maintainers is in `docs/releasing.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util;

/// Files every published crate must ship.
const REQUIRED_FILES: &[&str] = &["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE"];
/// A packaged file larger than this is a test fixture users do not need.
const MAX_PACKAGED_FILE: u64 = 512 * 1024;

/// A publishable workspace crate, as `cargo metadata` describes it.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    pub version: String,
    pub dir: PathBuf,
    pub meta: Value,
    /// Workspace crates it depends on (normal and build dependencies).
    pub deps: BTreeSet<String>,
}

/// Publishable crates in dependency order (each after everything it depends on).
pub fn publishable(root: &Path) -> Result<Vec<Package>, String> {
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(root)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let meta: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let packages = meta["packages"].as_array().cloned().unwrap_or_default();
    let names: BTreeSet<String> = packages
        .iter()
        .filter_map(|p| p["name"].as_str().map(String::from))
        .collect();
    let mut all = BTreeMap::new();
    for p in packages {
        // `publish = false` comes out as an empty list of registries.
        if p["publish"].as_array().is_some_and(|r| r.is_empty()) {
            continue;
        }
        let name = p["name"].as_str().unwrap_or_default().to_string();
        let dir = Path::new(p["manifest_path"].as_str().unwrap_or_default())
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let deps = p["dependencies"]
            .as_array()
            .map(|d| {
                d.iter()
                    .filter(|d| d["kind"].is_null() || d["kind"] == "build")
                    .filter_map(|d| d["name"].as_str())
                    .filter(|n| names.contains(*n))
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let version = p["version"].as_str().unwrap_or_default().to_string();
        all.insert(
            name.clone(),
            Package {
                name,
                version,
                dir,
                meta: p,
                deps,
            },
        );
    }
    // Topological order; ties broken by name so the order is stable.
    let mut ordered: Vec<Package> = Vec::new();
    let mut placed = BTreeSet::new();
    while placed.len() < all.len() {
        let next = all
            .values()
            .find(|p| {
                !placed.contains(&p.name)
                    && p.deps
                        .iter()
                        .all(|d| placed.contains(d) || !all.contains_key(d))
            })
            .ok_or("the workspace crates depend on each other in a cycle")?;
        placed.insert(next.name.clone());
        ordered.push(next.clone());
    }
    Ok(ordered)
}

/// Metadata problems of one package.
pub fn metadata_problems(p: &Package) -> Vec<String> {
    let m = &p.meta;
    let mut problems = Vec::new();
    for field in ["description", "license", "repository", "rust_version"] {
        if m[field].as_str().is_none_or(str::is_empty) {
            problems.push(format!("no `{}`", field.replace('_', "-")));
        }
    }
    if m["homepage"].as_str().is_none() && m["documentation"].as_str().is_none() {
        problems.push("neither `homepage` nor `documentation`".into());
    }
    match m["readme"].as_str() {
        Some(readme) if p.dir.join(readme).is_file() || Path::new(readme).is_file() => {}
        _ => problems.push("no `readme` file".into()),
    }
    let keywords = m["keywords"].as_array().map_or(0, Vec::len);
    if keywords == 0 || keywords > 5 {
        problems.push(format!("{keywords} keywords (crates.io takes 1 to 5)"));
    }
    if m["categories"].as_array().is_none_or(Vec::is_empty) {
        problems.push("no `categories`".into());
    }
    for dep in m["dependencies"].as_array().into_iter().flatten() {
        if dep["path"].is_string() && dep["kind"].is_null() && dep["req"].as_str() == Some("*") {
            problems.push(format!(
                "dependency `{}` has a path but no version",
                dep["name"].as_str().unwrap_or("?")
            ));
        }
    }
    match std::fs::read_to_string(p.dir.join("CHANGELOG.md")) {
        Ok(text) if has_unreleased(&text) => {}
        Ok(_) => problems.push("CHANGELOG.md has no `## [Unreleased]` section".into()),
        Err(_) => problems.push("no CHANGELOG.md".into()),
    }
    problems
}

fn has_unreleased(changelog: &str) -> bool {
    changelog
        .lines()
        .any(|l| l.trim().eq_ignore_ascii_case("## [Unreleased]"))
}

/// Problems with what `cargo package --list` would ship.
fn package_list_problems(root: &Path, p: &Package) -> Result<Vec<String>, String> {
    let out = util::cargo()
        .current_dir(root)
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "-p",
            &p.name,
        ])
        .output()
        .map_err(|e| format!("cargo package --list: {e}"))?;
    if !out.status.success() {
        return Ok(vec![format!(
            "cargo package --list failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )]);
    }
    let files: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    let mut problems = Vec::new();
    for required in REQUIRED_FILES {
        if !files.iter().any(|f| f == required) {
            problems.push(format!("the package does not ship {required}"));
        }
    }
    // The licence texts are copies of the root ones (cargo packages only the crate's directory).
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        let ours = std::fs::read(p.dir.join(licence)).ok();
        if ours.is_some() && ours != std::fs::read(root.join(licence)).ok() {
            problems.push(format!("{licence} differs from the workspace root's"));
        }
    }
    if p.dir.join("spec").join("endpoints.toml").is_file()
        && !files.iter().any(|f| f == "spec/endpoints.toml")
    {
        problems.push("the package does not ship spec/endpoints.toml".into());
    }
    for f in &files {
        if let Ok(meta) = std::fs::metadata(p.dir.join(f))
            && meta.len() > MAX_PACKAGED_FILE
        {
            problems.push(format!(
                "ships {f} ({} KiB): exclude large fixtures users do not need",
                meta.len() / 1024
            ));
        }
    }
    Ok(problems)
}

pub fn check(args: &[String]) -> Result<(), String> {
    let skip_package = match args {
        [] => false,
        [flag] if flag == "--no-package" => true,
        _ => return Err("usage: cargo xtask release-check [--no-package]".into()),
    };
    let root = util::root();
    let packages = publishable(&root)?;
    let mut rows: Vec<(String, String, Vec<String>)> = Vec::new();
    for p in &packages {
        let mut problems = metadata_problems(p);
        problems.extend(package_list_problems(&root, p)?);
        let mut doc = util::cargo();
        doc.args(["doc", "--no-deps", "--all-features", "-p", &p.name])
            .env("RUSTDOCFLAGS", "-D warnings");
        if let Err(e) = util::run(&mut doc) {
            problems.push(e);
        }
        rows.push((p.name.clone(), p.version.clone(), problems));
    }
    if !skip_package {
        // One dry run over every publishable crate: cargo packages them in dependency order and
        // resolves each one's dependencies on its unpublished siblings from the others.
        let mut cmd = util::cargo();
        cmd.args(["package", "--allow-dirty", "--no-verify"]);
        for p in &packages {
            cmd.args(["-p", &p.name]);
        }
        println!(
            "(packaging resolves dependencies against the crates.io index: it needs the registry, or a warm cache)"
        );
        if let Err(e) = util::run(&mut cmd) {
            for row in &mut rows {
                row.2.push(format!("dry-run packaging failed: {e}"));
            }
        }
    }
    println!("\n{:<16} {:<10} ok", "crate", "version");
    let mut failed = false;
    for (name, version, problems) in &rows {
        if problems.is_empty() {
            println!("{name:<16} {version:<10} ok");
        } else {
            failed = true;
            println!("{name:<16} {version:<10} NO");
            for problem in problems {
                println!("    - {problem}");
            }
        }
    }
    if failed {
        Err("release-check found problems".into())
    } else {
        Ok(())
    }
}

pub fn release(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask release <crate> <version> [--execute]";
    let (krate, version, execute) = match args {
        [c, v] => (c, v, false),
        [c, v, flag] if flag == "--execute" => (c, v, true),
        _ => return Err(usage.into()),
    };
    let root = util::root();
    let packages = publishable(&root)?;
    let plan = prepare(&root, &packages, krate, version, &today(), true)?;
    for line in &plan.notes {
        println!("{line}");
    }
    let tag = format!("{krate}-v{version}");
    if execute {
        util::run(util::cargo().args(["publish", "-p", krate]))?;
        println!(
            "published {krate} {version}; push the commit and the tag: git push origin HEAD {tag}"
        );
    } else {
        println!(
            "dry run: committed and tagged {tag} locally. To publish: cargo xtask release {krate} {version} --execute"
        );
        println!("(or push the tag and let .github/workflows/release.yml publish it)");
    }
    Ok(())
}

/// What `prepare` did.
pub struct Plan {
    pub notes: Vec<String>,
}

/// Bumps `krate` to `version`, updates every requirement on it, moves its changelog, commits
/// and tags. `update_lock` runs cargo to refresh `Cargo.lock` (tests on a bare copy skip it).
pub fn prepare(
    root: &Path,
    packages: &[Package],
    krate: &str,
    version: &str,
    date: &str,
    update_lock: bool,
) -> Result<Plan, String> {
    let package = packages
        .iter()
        .find(|p| p.name == krate)
        .ok_or_else(|| format!("`{krate}` is not a publishable crate of this workspace"))?;
    let new = parse_version(version)?;
    let old = parse_version(&package.version)?;
    if new <= old {
        return Err(format!(
            "{version} is not above the current {}",
            package.version
        ));
    }
    let status = git(root, &["status", "--porcelain"])?;
    if !status.trim().is_empty() {
        return Err(format!("the work tree has uncommitted changes:\n{status}"));
    }
    let mut notes = Vec::new();

    let manifest = package.dir.join("Cargo.toml");
    let text = read(&manifest)?;
    write(&manifest, &set_package_version(&text, version)?)?;

    // Requirements on the crate: the workspace table and any sibling that names it directly.
    let workspace_manifest = root.join("Cargo.toml");
    let ws = read(&workspace_manifest)?;
    let ws_new = set_dependency_version(&ws, krate, version);
    if ws_new != ws {
        write(&workspace_manifest, &ws_new)?;
    }
    let mut dependants = Vec::new();
    for p in packages.iter().filter(|p| p.deps.contains(krate)) {
        dependants.push(p.name.clone());
        let m = p.dir.join("Cargo.toml");
        let t = read(&m)?;
        let n = set_dependency_version(&t, krate, version);
        if n != t {
            write(&m, &n)?;
        }
    }

    let changelog = package.dir.join("CHANGELOG.md");
    write(
        &changelog,
        &move_unreleased(&read(&changelog)?, version, date)?,
    )?;

    if update_lock {
        util::run(
            util::cargo()
                .current_dir(root)
                .args(["update", "--workspace", "--offline"]),
        )?;
    }
    git(root, &["add", "-A"])?;
    git(
        root,
        &["commit", "-q", "-m", &format!("release: {krate} {version}")],
    )?;
    let tag = format!("{krate}-v{version}");
    git(
        root,
        &["tag", "-a", &tag, "-m", &format!("{krate} {version}")],
    )?;
    notes.push(format!(
        "bumped {krate} {} -> {version}, moved its changelog, committed, tagged {tag}",
        package.version
    ));
    if is_breaking(old, new) && !dependants.is_empty() {
        notes.push(format!(
            "{version} is a breaking release of {krate}: these crates need a release too: {}",
            dependants.join(", ")
        ));
    }
    Ok(Plan { notes })
}

type Version = (u64, u64, u64);

fn parse_version(v: &str) -> Result<Version, String> {
    let core = v.split(['-', '+']).next().unwrap_or(v);
    let parts: Vec<&str> = core.split('.').collect();
    match parts[..] {
        [a, b, c] => Ok((
            a.parse().map_err(|_| format!("`{v}` is not a version"))?,
            b.parse().map_err(|_| format!("`{v}` is not a version"))?,
            c.parse().map_err(|_| format!("`{v}` is not a version"))?,
        )),
        _ => Err(format!("`{v}` is not a MAJOR.MINOR.PATCH version")),
    }
}

/// Cargo's compatibility rule: the left-most non-zero component changed.
fn is_breaking(old: Version, new: Version) -> bool {
    if old.0 > 0 {
        new.0 != old.0
    } else if old.1 > 0 {
        new.0 != 0 || new.1 != old.1
    } else {
        new != old
    }
}

/// Sets `version = "..."` in the `[package]` table.
pub fn set_package_version(manifest: &str, version: &str) -> Result<String, String> {
    let mut out = String::with_capacity(manifest.len());
    let mut in_package = false;
    let mut done = false;
    for line in manifest.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        }
        if in_package
            && !done
            && trimmed.starts_with("version")
            && trimmed.contains('=')
            && !trimmed.contains("workspace")
        {
            out.push_str(&format!("version = \"{version}\"\n"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    if done {
        Ok(out)
    } else {
        Err("no `version = \"...\"` in [package]".into())
    }
}

/// Sets the `version` of every inline-table dependency on `krate` that also has a `path`.
pub fn set_dependency_version(manifest: &str, krate: &str, version: &str) -> String {
    let mut out = String::with_capacity(manifest.len());
    for line in manifest.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let is_dep =
            trimmed.starts_with(&format!("{krate} ")) || trimmed.starts_with(&format!("{krate}="));
        if is_dep
            && line.contains("path")
            && let Some(start) = line.find("version")
            && let Some(q1) = line[start..].find('"').map(|i| start + i)
            && let Some(q2) = line[q1 + 1..].find('"').map(|i| q1 + 1 + i)
        {
            out.push_str(&line[..q1 + 1]);
            out.push_str(version);
            out.push_str(&line[q2..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Moves the Unreleased section's entries under `## [version] - date`, leaving an empty
/// Unreleased section above it.
pub fn move_unreleased(changelog: &str, version: &str, date: &str) -> Result<String, String> {
    let marker = changelog
        .lines()
        .find(|l| l.trim().eq_ignore_ascii_case("## [Unreleased]"))
        .ok_or("CHANGELOG.md has no `## [Unreleased]` section")?;
    let at = changelog.find(marker).unwrap_or(0) + marker.len();
    let body_end = changelog[at..]
        .find("\n## ")
        .map(|i| at + i + 1)
        .unwrap_or(changelog.len());
    let body = changelog[at..body_end].trim();
    if body.is_empty() {
        return Err("the Unreleased section is empty: nothing to release".into());
    }
    Ok(format!(
        "{}\n\n## [{version}] - {date}\n\n{body}\n\n{}",
        &changelog[..at],
        &changelog[body_end..]
    )
    .trim_end()
    .to_string()
        + "\n")
}

fn today() -> String {
    let out = Command::new("date").args(["-u", "+%Y-%m-%d"]).output();
    match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        _ => "unknown-date".into(),
    }
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_breaking_changes() {
        assert_eq!(parse_version("0.2.1").unwrap(), (0, 2, 1));
        assert!(parse_version("1.2").is_err());
        assert!(is_breaking((0, 1, 0), (0, 2, 0)));
        assert!(!is_breaking((0, 1, 0), (0, 1, 5)));
        assert!(is_breaking((1, 4, 0), (2, 0, 0)));
        assert!(!is_breaking((1, 4, 0), (1, 5, 0)));
        assert!(is_breaking((0, 0, 1), (0, 0, 2)));
    }

    #[test]
    fn changelog_moves_under_the_version() {
        let text = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- a thing\n\n## [0.1.0] - 2026-01-01\n\n- first\n";
        let moved = move_unreleased(text, "0.2.0", "2026-11-21").unwrap();
        assert_eq!(
            moved,
            "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-11-21\n\n### Added\n\n- a thing\n\n## [0.1.0] - 2026-01-01\n\n- first\n"
        );
        assert!(
            move_unreleased(&moved, "0.3.0", "2026-11-22").is_err(),
            "empty Unreleased"
        );
    }

    #[test]
    fn manifests_are_edited_in_place() {
        let m = "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition.workspace = true\n\n[dependencies]\nvenue-common = { path = \"../venue-common\", version = \"0.1.0\" }\nserde.workspace = true\n";
        let bumped = set_package_version(m, "0.1.1").unwrap();
        assert!(bumped.contains("version = \"0.1.1\"\nedition"));
        let dep = set_dependency_version(m, "venue-common", "0.2.0");
        assert!(dep.contains("venue-common = { path = \"../venue-common\", version = \"0.2.0\" }"));
        assert!(
            dep.contains("version = \"0.1.0\"\nedition"),
            "the package's own version is untouched"
        );
    }

    /// The whole release on a temporary copy of a two-crate workspace.
    #[test]
    fn release_on_a_temporary_workspace() {
        let tmp = std::env::temp_dir().join(format!("xtask-release-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let common = tmp.join("crates/venue-common");
        let venue = tmp.join("crates/demo-rs");
        for dir in [&common, &venue] {
            std::fs::create_dir_all(dir.join("src")).unwrap();
            std::fs::write(dir.join("src/lib.rs"), "").unwrap();
            std::fs::write(
                dir.join("CHANGELOG.md"),
                "# Changelog\n\n## [Unreleased]\n\n- changed\n",
            )
            .unwrap();
        }
        std::fs::write(
            tmp.join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.dependencies]\nvenue-common = { path = \"crates/venue-common\", version = \"0.1.0\" }\n",
        )
        .unwrap();
        std::fs::write(
            common.join("Cargo.toml"),
            "[package]\nname = \"venue-common\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        std::fs::write(
            venue.join("Cargo.toml"),
            "[package]\nname = \"demo-rs\"\nversion = \"0.1.0\"\n\n[dependencies]\nvenue-common.workspace = true\n",
        )
        .unwrap();
        for args in [
            &["init", "-q"][..],
            &["config", "user.email", "t@example.invalid"],
            &["config", "user.name", "t"],
            &["add", "-A"],
            &["commit", "-q", "-m", "init"],
        ] {
            git(&tmp, args).unwrap();
        }
        let packages = publishable(&tmp).unwrap();
        let names: Vec<&str> = packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["venue-common", "demo-rs"], "dependency order");

        let plan = prepare(
            &tmp,
            &packages,
            "venue-common",
            "0.2.0",
            "2026-11-21",
            false,
        )
        .unwrap();
        assert!(
            plan.notes
                .iter()
                .any(|n| n.contains("breaking") && n.contains("demo-rs")),
            "{:?}",
            plan.notes
        );
        assert!(
            read(&common.join("Cargo.toml"))
                .unwrap()
                .contains("version = \"0.2.0\"")
        );
        assert!(
            read(&tmp.join("Cargo.toml"))
                .unwrap()
                .contains("version = \"0.2.0\" }")
        );
        assert!(
            read(&common.join("CHANGELOG.md"))
                .unwrap()
                .contains("## [0.2.0] - 2026-11-21\n\n- changed")
        );
        assert_eq!(
            git(&tmp, &["tag", "--list"]).unwrap().trim(),
            "venue-common-v0.2.0"
        );
        assert_eq!(
            git(&tmp, &["log", "-1", "--format=%s"]).unwrap().trim(),
            "release: venue-common 0.2.0"
        );
        assert!(
            git(&tmp, &["status", "--porcelain"])
                .unwrap()
                .trim()
                .is_empty()
        );

        let packages = publishable(&tmp).unwrap();
        assert!(
            prepare(
                &tmp,
                &packages,
                "venue-common",
                "0.1.5",
                "2026-11-21",
                false
            )
            .is_err(),
            "no downgrade"
        );
        assert!(prepare(&tmp, &packages, "nope", "1.0.0", "2026-11-21", false).is_err());
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
