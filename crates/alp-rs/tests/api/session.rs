//! The v3 token session, v1 nonce order under concurrency, and pacing with a paused clock.

use std::sync::Arc;
use std::time::Duration;

use alp_rs::{Client, Credentials, ErrorKind, Rate, Scope};
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use venue_common::{ManualClock, Pacer};

use super::common::{KEY, SECRET, client, fixture, jwt};

const NOW_S: i64 = 1_700_000_000;

fn clocked(server: &MockServer, clock: &ManualClock) -> Client {
    venue_testkit::install();
    Client::builder()
        .base_url(server.base_url())
        .credentials(Credentials::new(KEY, SECRET))
        .clock(Arc::new(clock.clone()))
        .no_pacing()
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_racing_calls_fetch_one_token() {
    let server = MockServer::start_async().await;
    let auth = server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/auth");
            then.status(200)
                .delay(Duration::from_millis(50))
                .body(format!("\"{}\"", jwt(NOW_S + 3600)));
        })
        .await;
    let reads = server
        .mock_async(|when, then| {
            when.method(GET).path("/v3/accounts/balances");
            then.status(200).body(fixture("account_balances"));
        })
        .await;
    let clock = ManualClock::at_millis(NOW_S * 1000);
    let c = clocked(&server, &clock);
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.v3().account_balances().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    auth.assert_calls_async(1).await;
    reads.assert_calls_async(100).await;
    assert_eq!(c.token_fetches(), 1);

    // Shortly before `exp` (inside the 60 s margin) the token is renewed, once, even when
    // 100 calls race for it.
    auth.delete_async().await;
    let auth = server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/auth");
            then.status(200)
                .delay(Duration::from_millis(50))
                .body(format!("\"{}\"", jwt(NOW_S + 7200)));
        })
        .await;
    clock.set_millis((NOW_S + 3600 - 30) * 1000);
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.v3().account_balances().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    auth.assert_calls_async(1).await;
    assert_eq!(c.token_fetches(), 2);
}

#[tokio::test]
async fn an_expired_token_answer_refreshes_once_and_repeats_a_read_once() {
    let server = MockServer::start_async().await;
    let old = jwt(NOW_S + 3600);
    let new = jwt(NOW_S + 7200);
    let auth_old = server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/auth");
            then.status(200).body(format!("\"{old}\""));
        })
        .await;
    let refused = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v3/feeinfo")
                .header("authorization", format!("Bearer {old}"));
            then.status(401)
                .header("content-type", "application/json")
                .body(r#"{"code":"TOKEN_EXPIRED","message":"token is expired"}"#);
        })
        .await;
    let accepted = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v3/feeinfo")
                .header("authorization", format!("Bearer {new}"));
            then.status(200).body(fixture("fee_info"));
        })
        .await;
    let clock = ManualClock::at_millis(NOW_S * 1000);
    let c = clocked(&server, &clock);
    // Take the first token, then make the venue hand out the new one.
    c.v3().fee_info().await.unwrap_err();
    auth_old.delete_async().await;
    let auth_new = server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/auth");
            then.status(200).body(format!("\"{new}\""));
        })
        .await;
    // Refused with the old token, the token is renewed once and the read repeated once.
    let fees = c.v3().fee_info().await.unwrap();
    assert_eq!(fees[0].account_id, 25);
    auth_new.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
    // The first call: refused, renewed (the venue still gave the old token), repeated once and
    // refused again; the second: refused once, then accepted.
    refused.assert_calls_async(3).await;

    // A write refused for its token is not repeated.
    let server = MockServer::start_async().await;
    let _auth = server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/auth");
            then.status(200).body(format!("\"{old}\""));
        })
        .await;
    let write = server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/margin/borrow");
            then.status(401).body("token is expired");
        })
        .await;
    let c = clocked(&server, &clock);
    let err = c
        .v3()
        .margin_borrow(
            "ETH",
            None,
            alp_rs::v3::WalletType::CrossMargin,
            alp_rs::v3::LoanType::Manual,
            rust_decimal_macros::dec!(1),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    write.assert_calls_async(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_v1_calls_send_increasing_nonces() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/wallets/")
                .header_exists("x-nonce");
            then.status(200)
                .delay(Duration::from_millis(2))
                .body(fixture("wallets"));
        })
        .await;
    // The clock stands still: every nonce must still be fresh and increasing.
    let clock = ManualClock::at_millis(NOW_S * 1000);
    let c = clocked(&server, &clock);
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.v1().wallets().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    m.assert_calls_async(40).await;
    assert_eq!(c.last_nonce(), (NOW_S * 1000) as u64 + 39);
}

#[tokio::test(start_paused = true)]
async fn private_calls_are_paced_at_two_per_second() {
    venue_testkit::install();
    // Without credentials a private call stops at signing, after pacing: no network, so the
    // paused clock measures the client's own spacing.
    let c = Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    let mut at = Vec::new();
    for _ in 0..6 {
        let e = c.v1().wallets().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingCredentials);
        at.push((tokio::time::Instant::now() - start).as_millis());
    }
    // A burst of two, then one every 500 ms.
    assert_eq!(at, vec![0, 0, 500, 1000, 1500, 2000]);

    // v3 shares the same account limit.
    let e = c.v3().fee_info().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingCredentials);
    assert_eq!((tokio::time::Instant::now() - start).as_millis(), 2500);

    // Configurable: 4 per second.
    let c = Client::builder()
        .base_url("http://127.0.0.1:9")
        .pacing(vec![Rate::new(Scope::Private, 4, Duration::from_secs(1))])
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    for _ in 0..8 {
        c.v1().deposits().await.unwrap_err();
    }
    assert_eq!((tokio::time::Instant::now() - start).as_millis(), 1000);
}

#[tokio::test(start_paused = true)]
async fn public_rate_is_a_hundred_per_second() {
    let pacer = Pacer::new(&alp_rs::default_rates());
    let start = tokio::time::Instant::now();
    for _ in 0..300 {
        pacer.acquire(venue_common::Auth::Public).await;
    }
    // 100 at once, then 200 more at 10 ms each.
    assert_eq!((tokio::time::Instant::now() - start).as_millis(), 2000);
}

#[tokio::test]
async fn a_client_without_credentials_refuses_private_calls_unsent() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let c = Client::builder()
        .base_url(server.base_url())
        .no_pacing()
        .build()
        .unwrap();
    let e = c.v1().own_orders().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingCredentials);
    assert!(!e.was_sent());
    let _ = client(&server.base_url());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_calls_share_one_refused_login() {
    let server = MockServer::start_async().await;
    let auth = server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/auth");
            then.status(401)
                .delay(Duration::from_millis(300))
                .header("content-type", "text/plain")
                .body("invalid api key");
        })
        .await;
    let c = client(&server.base_url());
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.v3().fee_info().await })
        })
        .collect();
    for t in tasks {
        let e = t.await.unwrap().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Authentication);
        assert_eq!(e.venue_error().unwrap().message, "invalid api key");
    }
    auth.assert_calls_async(1).await;
    // A later call asks again.
    c.v3().fee_info().await.unwrap_err();
    auth.assert_calls_async(2).await;
}

/// A JWT whose claims carry no `exp`.
fn jwt_without_exp() -> String {
    use base64::Engine as _;
    let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.c2ln",
        enc(r#"{"alg":"HS256"}"#),
        enc(r#"{"sub":"25"}"#)
    )
}

#[tokio::test]
async fn an_unusable_token_is_refused_on_arrival_and_the_next_call_asks_again() {
    use base64::Engine as _;
    let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let bad_exp = format!("{}.{}.c2ln", enc("{}"), enc(r#"{"exp":"soon"}"#));
    for bad in [
        // Not valid in a header: the old client cached it and failed every later call locally.
        serde_json::json!("eyJh.eyJ\nzdWIi.c2ln").to_string(),
        serde_json::json!("not a jwt").to_string(),
        "abc.def.ghi".to_string(),
        serde_json::json!({ "token": bad_exp }).to_string(),
    ] {
        let server = MockServer::start_async().await;
        let mut auth = server
            .mock_async(|when, then| {
                when.method(POST).path("/v3/auth");
                then.status(200).body(bad.clone());
            })
            .await;
        let reads = server
            .mock_async(|when, then| {
                when.method(GET).path("/v3/accounts/balances");
                then.status(200).body(fixture("account_balances"));
            })
            .await;
        let c = client(&server.base_url());
        let e = c.v3().account_balances().await.unwrap_err();
        assert!(
            matches!(e, alp_rs::Error::Decode(_)),
            "{bad}: the venue's answer is at fault: {e:?}"
        );
        assert_eq!(e.sent(), venue_common::Sent::Yes, "{bad}: {e}");
        assert!(e.to_string().contains("ALP.COM"), "{bad}: {e}");
        assert!(
            !format!("{e:?}").contains("soon"),
            "{bad}: no token text: {e:?}"
        );
        reads.assert_calls_async(0).await;
        auth.assert_calls_async(1).await;

        // The venue mends its answer: every later call asks for a token once and goes through.
        auth.delete_async().await;
        auth = server
            .mock_async(|when, then| {
                when.method(POST).path("/v3/auth");
                then.status(200).body(format!("\"{}\"", jwt(NOW_S * 10)));
            })
            .await;
        for _ in 0..5 {
            c.v3().account_balances().await.unwrap();
        }
        auth.assert_calls_async(1).await;
        reads.assert_calls_async(5).await;
    }
}

#[tokio::test]
async fn a_token_without_exp_lives_five_minutes() {
    let server = MockServer::start_async().await;
    let auth = server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/auth");
            then.status(200).body(format!("\"{}\"", jwt_without_exp()));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v3/accounts/balances");
            then.status(200).body(fixture("account_balances"));
        })
        .await;
    let clock = ManualClock::at_millis(NOW_S * 1000);
    let c = clocked(&server, &clock);
    c.v3().account_balances().await.unwrap();
    clock.set_millis((NOW_S + 200) * 1000);
    c.v3().account_balances().await.unwrap();
    auth.assert_calls_async(1).await;
    assert_eq!(
        alp_rs::auth::TOKEN_LIFETIME_WITHOUT_EXP,
        Duration::from_secs(300)
    );
    // Past 5 minutes (less the 60 s refresh margin) a new token is fetched.
    clock.set_millis((NOW_S + 300) * 1000);
    c.v3().account_balances().await.unwrap();
    auth.assert_calls_async(2).await;
}
