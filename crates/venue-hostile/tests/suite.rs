//! A small run of the hostile-answer suite over every venue (`cargo xtask hostile` runs the
//! CI-sized one): no panic, no hung call, no repeated write, no secret, bounded error texts.

use std::time::Duration;

#[test]
fn every_venue_stays_bounded_under_hostile_answers() {
    let config = venue_hostile::Config {
        answers: 250,
        workers: 8,
        timeout: Duration::from_millis(250),
        ..venue_hostile::Config::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let rows = runtime.block_on(venue_hostile::run(&config));
    runtime.shutdown_background();
    println!("{}", venue_hostile::HEADER);
    for row in &rows {
        println!("{}", row.line());
    }
    assert_eq!(rows.len(), 5);
    for row in &rows {
        assert!(row.answers >= 250, "{row:?}");
        assert!(row.typed_errors > 0, "{row:?}");
        assert!(row.ok > 0, "documented samples decode: {row:?}");
        assert!(row.passed(), "{row:#?}");
    }
}

#[test]
fn arguments_parse() {
    let args: Vec<String> = ["--answers", "1_000", "--seed", "0x10", "--venue", "alp"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let c = venue_hostile::parse_args(&args).unwrap();
    assert_eq!((c.answers, c.seed), (1000, 16));
    assert_eq!(c.venues, vec!["alp".to_string()]);
    assert!(venue_hostile::parse_args(&["--venue".into(), "nowhere".into()]).is_err());
}
