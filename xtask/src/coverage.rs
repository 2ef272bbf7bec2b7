//! `cargo xtask coverage [--log FILE]`: every spec endpoint has a client method, a
//! request-shape test and a fixture-decoding test.
//!
//! How each is detected, so that a comment cannot fake it:
//! - client method: the crate's `src/` (generated code excluded), with comments and string
//!   literals removed, defines `fn <id>`;
//! - request-shape test: while the tests run with `VENUE_COVERAGE_LOG` set, venue-common's
//!   `Core::execute` appends `sent <venue> <id>` each time a request built from the endpoint's
//!   constant was sent, answered 2xx and decoded; the request-shape tests are the httpmock
//!   tests whose mocks match only the exact method, path, query/body and auth headers;
//! - fixture test: the fixture-decoding test calls `venue_common::coverage::record_fixture`
//!   after checking the decoded values, which appends `fixture <venue> <id>`.
//!
//! Without `--log` the command runs `cargo test --workspace --all-features` itself with the
//! variable set; `cargo xtask ci` passes the log of its own test run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::spec;
use crate::util;

pub fn run(args: &[String]) -> Result<(), String> {
    let root = util::root();
    let log = match args {
        [] => {
            let log = root.join("target").join("venue-coverage.log");
            collect(&log, &[])?;
            log
        }
        [flag, file] if flag == "--log" => PathBuf::from(file),
        _ => return Err("usage: cargo xtask coverage [--log FILE]".into()),
    };
    check(&root, &log)
}

/// Runs the workspace tests with the evidence log at `log` (emptied first).
pub fn collect(log: &Path, extra: &[&str]) -> Result<(), String> {
    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(log, "").map_err(|e| format!("{}: {e}", log.display()))?;
    let mut cmd = util::cargo();
    cmd.args(["test", "--workspace", "--all-features"])
        .args(extra)
        .env("VENUE_COVERAGE_LOG", log);
    util::run(&mut cmd)
}

/// Checks every spec against the evidence log; prints a table and fails on any gap.
pub fn check(root: &Path, log: &Path) -> Result<(), String> {
    let evidence = std::fs::read_to_string(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let lines: BTreeSet<&str> = evidence.lines().collect();
    let mut gaps = Vec::new();
    let mut total = 0;
    println!(
        "{:<16} {:>9} {:>7} {:>6} {:>8}",
        "crate", "endpoints", "method", "shape", "fixture"
    );
    for (crate_dir, spec_path) in util::spec_crates(root)? {
        let spec = spec::load(&spec_path)?;
        let source = crate_source(&crate_dir.join("src"))?;
        // Generated requests: the method is in the generated client, and the placement test
        // proves every spec parameter is sent where the spec says.
        let read = |p: std::path::PathBuf| {
            std::fs::read_to_string(&p)
                .map(|t| strip_comments_and_strings(&t))
                .unwrap_or_default()
        };
        let generated_client = read(crate_dir.join("src/generated/client.rs"));
        let placement = read(crate_dir.join("tests/spec_params.rs"));
        let name = crate_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (mut m, mut s, mut f) = (0, 0, 0);
        for e in &spec.endpoints {
            total += 1;
            let id = e.id.get_ref();
            let venue = &spec.venue.name;
            let generated = spec.venue.generate_requests && e.custom.is_none();
            if generated && !defines_fn(&placement, &format!("{id}_places_every_parameter")) {
                gaps.push(format!(
                    "{name}: `{id}` has no placement test in tests/spec_params.rs (run `cargo xtask codegen`)"
                ));
            }
            let method_source = if generated {
                &generated_client
            } else {
                &source
            };
            if defines_fn(method_source, e.method_name()) {
                m += 1;
            } else {
                gaps.push(format!(
                    "{name}: `{id}` has no client method `fn {}`",
                    e.method_name()
                ));
            }
            if lines.contains(format!("sent {venue} {id}").as_str()) {
                s += 1;
            } else {
                gaps.push(format!("{name}: `{id}` was never sent successfully by a test (request-shape test missing)"));
            }
            if lines.contains(format!("fixture {venue} {id}").as_str()) {
                f += 1;
            } else {
                gaps.push(format!(
                    "{name}: `{id}` has no fixture-decoding test (record_fixture never called)"
                ));
            }
        }
        println!(
            "{name:<16} {:>9} {m:>7} {s:>6} {f:>8}",
            spec.endpoints.len()
        );
    }
    if gaps.is_empty() {
        println!(
            "coverage: all {total} endpoints have a client method, a request-shape test and a fixture test"
        );
        Ok(())
    } else {
        Err(format!("coverage gaps:\n  {}", gaps.join("\n  ")))
    }
}

/// The crate's source, generated code excluded, with comments and literals blanked.
fn crate_source(src: &Path) -> Result<String, String> {
    let mut out = String::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "generated") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                out.push_str(&strip_comments_and_strings(&text));
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// Whether `source` defines a function named `name`.
pub fn defines_fn(source: &str, name: &str) -> bool {
    let bytes = source.as_bytes();
    let mut from = 0;
    while let Some(i) = source[from..].find("fn ") {
        let at = from + i;
        from = at + 3;
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let rest = source[at + 3..].trim_start();
        if let Some(after) = rest.strip_prefix(name)
            && after.trim_start().starts_with(['(', '<'])
        {
            return true;
        }
    }
    false
}

/// Replaces comments, string and char literals with spaces (newlines kept).
pub fn strip_comments_and_strings(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || (next == Some('#') && !prev_is_ident(&chars, i)))
            && !prev_is_ident(&chars, i)
        {
            // Raw string r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some('\n') => out.push('\n'),
                    _ => {}
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next.is_some() && chars.get(i + 2) == Some(&'\'') {
            out.push_str("' '");
            i += 3;
        } else if c == '\'' && next == Some('\\') {
            let mut j = i + 2;
            while j < chars.len() && chars[j] != '\'' {
                j += 1;
            }
            out.push_str("' '");
            i = j + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_strings_do_not_define_methods() {
        let src = r##"
            // pub fn borrow_history(
            /* fn repay_history() */
            const S: &str = "fn place_order(";
            const R: &str = r#"fn cancel_order("#;
            impl Client {
                pub fn borrowing_summary(&self) -> X { todo() }
                pub fn open_order<'a>(&'a self) {}
            }
        "##;
        let clean = strip_comments_and_strings(src);
        assert!(defines_fn(&clean, "borrowing_summary"));
        assert!(defines_fn(&clean, "open_order"));
        assert!(!defines_fn(&clean, "borrow_history"));
        assert!(!defines_fn(&clean, "repay_history"));
        assert!(!defines_fn(&clean, "place_order"));
        assert!(!defines_fn(&clean, "cancel_order"));
        assert!(!defines_fn(&clean, "borrowing"), "prefixes do not count");
    }

    #[test]
    fn evidence_is_required_per_endpoint() {
        let tmp = std::env::temp_dir().join(format!("xtask-coverage-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let krate = tmp.join("crates/demo-rs");
        std::fs::create_dir_all(krate.join("spec")).unwrap();
        std::fs::create_dir_all(krate.join("src")).unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-spec.toml"),
            krate.join("spec/endpoints.toml"),
        )
        .unwrap();
        std::fs::write(
            krate.join("src/lib.rs"),
            "impl C { pub fn server_time(&self) {} pub fn borrow_history(&self) {} pub fn place_order(&self) {} }\n",
        )
        .unwrap();
        let log = tmp.join("log");
        let mut evidence = String::new();
        for id in ["server_time", "borrow_history", "place_order"] {
            evidence.push_str(&format!("sent demo {id}\nfixture demo {id}\n"));
        }
        std::fs::write(&log, &evidence).unwrap();
        check(&tmp, &log).unwrap();
        std::fs::write(&log, evidence.replace("fixture demo place_order\n", "")).unwrap();
        let err = check(&tmp, &log).unwrap_err();
        assert!(
            err.contains("`place_order` has no fixture-decoding test"),
            "{err}"
        );
        std::fs::write(krate.join("src/lib.rs"), "// fn server_time(\n").unwrap();
        let err = check(&tmp, &log).unwrap_err();
        assert!(err.contains("`server_time` has no client method"), "{err}");
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
