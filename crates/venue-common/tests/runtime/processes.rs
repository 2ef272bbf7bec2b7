//! Real OS processes for fleet tests: the test binary runs one of its own tests in children.
//!
//! A parent test calls [`spawn_children`] with the name of a *child test* in the same binary.
//! Each child runs the test binary again, filtered to that one test, with
//! [`CHILD_ENV`] set to the child's index; the child test does its work only when that
//! variable is set (otherwise it returns at once, so a normal run counts it as passed) and
//! reports on standard output, one line per fact, which the parent reads back.
//!
//! Self-contained (std only): another crate's test binary can include this file with
//! `#[path = "…/venue-common/tests/runtime/processes.rs"] mod processes;` (the ALP.COM fleet
//! test against the local venue is meant to).

#![allow(dead_code)]

use std::process::{Command, Stdio};

/// Set in a child to its index (0, 1, …); unset in the parent.
pub const CHILD_ENV: &str = "VENUE_TEST_FLEET_CHILD";

/// The child's index, when this process is a child.
pub fn child_index() -> Option<usize> {
    std::env::var(CHILD_ENV).ok()?.parse().ok()
}

/// Runs `n` copies of this test binary at once, each running only `test` (a full path such as
/// `fleet::child_calls`) with `envs` and [`CHILD_ENV`] set, and returns each one's standard
/// output. Panics (with the child's output) when one fails.
pub fn spawn_children(test: &str, n: usize, envs: &[(&str, String)]) -> Vec<String> {
    let exe = std::env::current_exe().expect("the test binary's path");
    let children: Vec<_> = (0..n)
        .map(|i| {
            let mut cmd = Command::new(&exe);
            cmd.args([test, "--exact", "--nocapture", "--test-threads=1", "-q"])
                .env(CHILD_ENV, i.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            for (k, v) in envs {
                cmd.env(k, v);
            }
            cmd.spawn().expect("spawn a child test process")
        })
        .collect();
    children
        .into_iter()
        .enumerate()
        .map(|(i, child)| {
            let out = child.wait_with_output().expect("wait for a child");
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                out.status.success(),
                "child {i} failed: {}\n{stdout}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            stdout
        })
        .collect()
}

/// The lines of `output` that start with `tag ` , without the tag.
pub fn tagged<'a>(output: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    output
        .lines()
        .filter_map(move |l| l.strip_prefix(tag)?.strip_prefix(' '))
}
