//! The standalone local venue command (`<venue>-local-venue --port N`): one argument parser
//! and one announcement line for all five venues, so clients in any language can test against
//! a local venue.
//!
//! The command binds `127.0.0.1:<port>` (0, the default, picks a free port), prints one JSON
//! line on standard output and serves until it is killed:
//!
//! ```text
//! {"base_url":"http://127.0.0.1:8080","credentials":{...},"venue":"CoinFLEX"}
//! ```
//!
//! A venue crate's binary is one line:
//!
//! ```ignore
//! fn main() -> std::process::ExitCode {
//!     venue_common::sim::standalone::run::<coinflex_rs::sim::CoinflexVenue>(
//!         "coinflex-local-venue",
//!         env!("CARGO_PKG_VERSION"),
//!     )
//! }
//! ```

use std::io::Write as _;
use std::process::ExitCode;

use super::{LocalVenue, Venue};

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Args {
    /// Serve on this port (0: any free port).
    Serve {
        /// The port.
        port: u16,
    },
    /// Print the usage and exit.
    Help,
    /// Print the version and exit.
    Version,
}

/// Parses the arguments after the program name: `--port N`, `--port=N`, `-p N`, `--help`,
/// `-h`, `--version`, `-V`. An error says what was wrong, for a usage message.
pub fn parse_args<I, S>(args: I) -> Result<Args, String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut port: u16 = 0;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg.as_ref();
        let value = match arg {
            "-h" | "--help" => return Ok(Args::Help),
            "-V" | "--version" => return Ok(Args::Version),
            "-p" | "--port" => args
                .next()
                .map(|v| v.as_ref().to_string())
                .ok_or_else(|| format!("{arg} needs a value"))?,
            other => match other.strip_prefix("--port=") {
                Some(v) => v.to_string(),
                None => return Err(format!("unknown argument `{other}`")),
            },
        };
        port = value
            .trim()
            .parse()
            .map_err(|_| format!("invalid port `{value}`: expected a number from 0 to 65535"))?;
    }
    Ok(Args::Serve { port })
}

/// The usage text of `command` for venue `V`.
pub fn usage<V: Venue>(command: &str) -> String {
    format!(
        "{command}: a local {venue} venue for tests, on 127.0.0.1\n\
         \n\
         Usage: {command} [--port <PORT>]\n\
         \n\
         Options:\n  \
           -p, --port <PORT>  port to listen on (0, the default, picks a free one)\n  \
           -h, --help         print this help\n  \
           -V, --version      print the version\n\
         \n\
         Once listening it prints one JSON line on standard output,\n\
         {{\"base_url\": \"http://127.0.0.1:<port>...\", \"credentials\": {{...}}, \"venue\": \"{venue}\"}},\n\
         and serves until it is stopped.\n",
        venue = V::NAME,
    )
}

/// The announcement line: base URL, the credentials the venue accepts, and its name.
pub fn announcement<V: Venue>(venue: &LocalVenue<V>) -> String {
    serde_json::json!({
        "base_url": venue.base_url(),
        "credentials": venue.venue().credentials_json(),
        "venue": V::NAME,
    })
    .to_string()
}

/// Runs the command for venue `V`: parses the process's arguments, serves, and never returns
/// while serving. `command` and `version` name it in `--help` and `--version`.
pub fn run<V: Venue>(command: &str, version: &str) -> ExitCode {
    let port = match parse_args(std::env::args().skip(1)) {
        Ok(Args::Serve { port }) => port,
        Ok(Args::Help) => {
            print!("{}", usage::<V>(command));
            return ExitCode::SUCCESS;
        }
        Ok(Args::Version) => {
            println!("{command} {version}");
            return ExitCode::SUCCESS;
        }
        Err(why) => {
            eprintln!("{command}: {why}\n\n{}", usage::<V>(command));
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{command}: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let venue = match LocalVenue::<V>::start_on(port, V::Config::default()).await {
            Ok(v) => v,
            Err(e) => {
                eprintln!("{command}: cannot listen on 127.0.0.1:{port}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut out = std::io::stdout().lock();
        // Whoever started the command waits for this line: flush it at once.
        if writeln!(out, "{}", announcement(&venue))
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::FAILURE;
        }
        drop(out);
        // Serve until the process is stopped; the OS closes the socket.
        std::future::pending::<ExitCode>().await
    })
}

/// A local venue command started as a child process (`<venue>-local-venue --port 0`), for
/// tests that exercise the installed command. It is killed when dropped.
#[derive(Debug)]
pub struct Launched {
    child: std::process::Child,
    line: serde_json::Value,
}

impl Launched {
    /// Starts `program --port 0` and waits (at most `wait`) for its announcement line.
    pub fn start(program: &std::path::Path, wait: std::time::Duration) -> std::io::Result<Self> {
        use std::io::BufRead as _;
        let mut child = std::process::Command::new(program)
            .args(["--port", "0"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("no standard output"));
        };
        let (tx, rx) = std::sync::mpsc::channel();
        // The read blocks; a thread lets the wait be bounded.
        std::thread::spawn(move || {
            let mut line = String::new();
            let read = std::io::BufReader::new(stdout)
                .read_line(&mut line)
                .map(|_| line);
            let _ = tx.send(read);
        });
        let line = match rx.recv_timeout(wait) {
            Ok(Ok(line)) => serde_json::from_str(line.trim()).map_err(std::io::Error::other),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "no announcement line in time",
            )),
        };
        match line {
            Ok(line) => Ok(Launched { child, line }),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(e)
            }
        }
    }

    /// The announcement line, parsed.
    pub fn announcement(&self) -> &serde_json::Value {
        &self.line
    }

    /// Its `base_url`.
    pub fn base_url(&self) -> &str {
        self.line["base_url"].as_str().unwrap_or_default()
    }

    /// Its `credentials`.
    pub fn credentials(&self) -> &serde_json::Value {
        &self.line["credentials"]
    }
}

impl Drop for Launched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_port_every_way() {
        let none: [&str; 0] = [];
        assert_eq!(parse_args(none), Ok(Args::Serve { port: 0 }));
        assert_eq!(
            parse_args(["--port", "8080"]),
            Ok(Args::Serve { port: 8080 })
        );
        assert_eq!(parse_args(["--port=9"]), Ok(Args::Serve { port: 9 }));
        assert_eq!(parse_args(["-p", "0"]), Ok(Args::Serve { port: 0 }));
        assert_eq!(parse_args(["--help"]), Ok(Args::Help));
        assert_eq!(parse_args(["--port", "1", "-h"]), Ok(Args::Help));
        assert_eq!(parse_args(["-V"]), Ok(Args::Version));
        assert!(
            parse_args(["--port"])
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            parse_args(["--port", "70000"])
                .unwrap_err()
                .contains("invalid port")
        );
        assert!(
            parse_args(["--bind", "x"])
                .unwrap_err()
                .contains("unknown argument")
        );
    }
}
