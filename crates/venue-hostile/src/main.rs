//! `venue-hostile [--answers N] [--seed S] [--workers W] [--timeout-ms T] [--venue V]...`:
//! runs the hostile-answer suite and prints one line per venue; exits non-zero when a venue
//! panicked, hung, repeated a write, showed a secret or wrote an error text over the bound.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match venue_hostile::parse_args(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let started = Instant::now();
    println!(
        "hostile: {} answers per venue, seed {:#x}, {} workers, client timeout {:?}",
        config.answers, config.seed, config.workers, config.timeout
    );
    let rows = runtime.block_on(venue_hostile::run(&config));
    println!("{}", venue_hostile::HEADER);
    for row in &rows {
        println!("{}", row.line());
    }
    let mut failed = false;
    for row in &rows {
        eprintln!(
            "  {}: {} calls ({} ok, {} typed errors, {} sent nothing, {} hung) in {:.1?}; \
             {} secret values watched, {} bytes of TRACE log scanned; {} errors said `Sent::No` \
             after a request was read; largest Debug {} bytes",
            row.venue,
            row.calls,
            row.ok,
            row.typed_errors,
            row.unsent,
            row.hung,
            row.elapsed,
            row.secrets_registered,
            row.trace_bytes,
            row.wrong_sent,
            row.largest_error_debug
        );
        for n in &row.notes {
            eprintln!("    {n}");
        }
        failed |= !row.passed();
    }
    println!("hostile: done in {:.1?}", started.elapsed());
    // Calls still sleeping in the runtime (slow answers) are not waited for.
    runtime.shutdown_background();
    if failed {
        eprintln!(
            "hostile: FAILED (panics, hung calls, repeated writes, secrets, or an error text over {} bytes)",
            venue_hostile::ERROR_TEXT_BOUND
        );
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
