//! No secret, signature or token in any `Debug` or `Display` of a type that can hold one,
//! nor in any error, including errors of requests that carried credentials.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::io::AsyncWriteExt;
use venue_common::secret::{ExposeSecret, KeyPair, SecretString, Token, key_hint};
use venue_common::transport::{Transport, TransportConfig};
use venue_common::{
    CoreBuilder, Endpoint, Error, ErrorKind, Request, RetryPolicy, Sent, SignContext, Signer,
    StatusCode, VenueError, sign,
};

use crate::support::{http_response, read_request, serve, serve_fixed};

const API_KEY: &str = "AKIDkey0123456789abcdef";
const API_SECRET: &str = "s3cr3t-9f8e7d6c5b4a";
const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.tokenpayload.tokensig";

/// Fails when `text` shows any of the secret material of these tests.
#[track_caller]
fn assert_clean(what: &str, text: &str, extra: &[&str]) {
    let mut needles = vec![API_SECRET, TOKEN, &API_KEY[4..]];
    needles.extend_from_slice(extra);
    for needle in needles {
        assert!(
            !text.contains(needle),
            "{what} shows secret material `{needle}`: {text}"
        );
    }
}

#[track_caller]
fn assert_error_clean(e: &Error, extra: &[&str]) {
    assert_clean("error Debug", &format!("{e:?}"), extra);
    assert_clean("error Display", &format!("{e}"), extra);
    assert_clean("error alternate Debug", &format!("{e:#?}"), extra);
    // The source chain is displayed by error reporters too.
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        assert_clean("error source", &format!("{s} {s:?}"), extra);
        source = s.source();
    }
}

/// A signer in the style of the venues: key and signature in headers, a signature in the
/// query and another in the JSON body (as Matrixport's POSTs carry one).
struct KeyPairSigner {
    keys: KeyPair,
}

impl Signer for KeyPairSigner {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, venue_common::Result<()>> {
        Box::pin(async move {
            let payload = format!("{}{}", ctx.clock.now_millis(), request.path);
            let signature = sign::hmac_sha256_hex(self.keys.secret(), payload.as_bytes());
            request.set_secret_header("x-api-key", self.keys.key())?;
            request.set_secret_header("x-signature", &signature)?;
            request.query.push(("signature".into(), signature.clone()));
            if request.body.is_some() {
                let body = serde_json::json!({"signature": signature, "secret": API_SECRET});
                *request = request.clone().json(&body)?;
            }
            Ok(())
        })
    }
}

fn signer() -> Arc<KeyPairSigner> {
    Arc::new(KeyPairSigner {
        keys: KeyPair::new(API_KEY, API_SECRET),
    })
}

/// The signature the signer above makes for `path` at clock time 0 (the tests pin it).
fn signature_for(path: &str) -> String {
    sign::hmac_sha256_hex(
        &SecretString::from(API_SECRET.to_string()),
        format!("0{path}").as_bytes(),
    )
}

#[test]
fn credential_types_print_redacted() {
    let kp = KeyPair::new(API_KEY, API_SECRET);
    assert_clean("KeyPair", &format!("{kp:?} {kp:#?}"), &[]);
    assert!(format!("{kp:?}").contains("AKID"), "the key hint stays");
    assert_eq!(kp.key(), API_KEY);
    assert_eq!(kp.secret().expose_secret(), API_SECRET);

    let token = Token::new(TOKEN);
    assert_clean("Token", &format!("{token:?} {token:#?}"), &[]);
    assert_eq!(token.expose(), TOKEN);
    let from: Token = TOKEN.into();
    assert_clean("Token", &format!("{from:?}"), &[]);

    let secret = SecretString::from(API_SECRET.to_string());
    assert_clean("SecretString", &format!("{secret:?}"), &[]);
    assert_clean("key_hint", &format!("{:?}", key_hint(API_KEY)), &[]);
    // A short key would be given away by its first characters: hidden whole.
    assert!(!format!("{:?}", key_hint("abcdefg")).contains("abc"));
}

#[test]
fn requests_with_secret_headers_print_redacted() {
    let mut r = Request::post("/v1/orders").private();
    r.set_secret_header("x-api-key", API_KEY).unwrap();
    r.set_secret_header("authorization", &format!("Bearer {TOKEN}"))
        .unwrap();
    assert_clean("Request", &format!("{r:?} {r:#?}"), &[]);
    assert_clean("HeaderMap", &format!("{:?}", r.headers), &[]);
    // The values are still there to send.
    assert_eq!(r.headers.get("x-api-key").unwrap(), API_KEY);
}

#[tokio::test]
async fn signed_requests_print_no_signature() {
    let path = "/v1/orders";
    let mut r = Request::post(path)
        .private()
        .json(&serde_json::json!({"size": "1"}))
        .unwrap();
    let base = venue_common::Url::parse("http://127.0.0.1:1").unwrap();
    let clock = venue_common::ManualClock::at_millis(0);
    let ctx = SignContext::new(&base, 1, &clock);
    signer().sign(&mut r, &ctx).await.unwrap();
    let sig = signature_for(path);
    assert!(r.query_string().contains(&sig), "the signature is sent");
    assert!(
        String::from_utf8_lossy(r.body_bytes()).contains(&sig),
        "and carried in the body"
    );
    assert_clean("signed Request", &format!("{r:?} {r:#?}"), &[&sig]);
    assert_clean("signed body", &format!("{:?}", r.body), &[&sig]);
}

#[test]
fn builders_engines_and_transports_print_no_secret() {
    let builder = CoreBuilder::new("testvenue", "tests/0")
        .base_url("http://127.0.0.1:1")
        .clock(Arc::new(venue_common::ManualClock::at_millis(0)));
    assert_clean("CoreBuilder", &format!("{builder:?} {builder:#?}"), &[]);
    let core = builder.build(signer(), &[]).unwrap();
    assert_clean("Core", &format!("{core:?} {core:#?}"), &[]);
    let transport = Transport::new(
        venue_common::Url::parse("http://127.0.0.1:1").unwrap(),
        TransportConfig::new("tests/0"),
        None,
    )
    .unwrap();
    assert_clean("Transport", &format!("{transport:?}"), &[]);
}

fn pinned_core(base: &str, policy: RetryPolicy, timeout: Duration) -> venue_common::Core {
    CoreBuilder::new("testvenue", "tests/0")
        .base_url(base)
        .timeout(timeout)
        .retry_policy(policy)
        .no_pacing()
        .clock(Arc::new(venue_common::ManualClock::at_millis(0)))
        .build(signer(), &[])
        .unwrap()
}

fn private_post(path: &str) -> Request {
    Request::post(path)
        .private()
        .json(&serde_json::json!({"size": "1"}))
        .unwrap()
}

/// Every error variant, each produced the way it happens in use where it can be, carrying
/// requests that held a key, a secret and signatures.
#[tokio::test]
async fn every_error_variant_prints_no_secret() {
    let path = "/v1/orders";
    let sig = signature_for(path);
    let extra = [sig.as_str()];
    let mut errors: Vec<Error> = Vec::new();

    // Not sent: validation, missing credentials, configuration.
    const E: Endpoint = Endpoint::new(
        "order",
        venue_common::endpoint::HttpMethod::Get,
        "/v1/orders/{id}",
    )
    .auth(venue_common::Auth::Private)
    .section("Orders")
    .summary("One order");
    errors.push(E.path_with(&[]).unwrap_err());
    errors.push(Error::invalid("price", "must be positive"));
    let no_auth = crate::support::core("http://127.0.0.1:1", RetryPolicy::off());
    errors.push(
        no_auth
            .execute(Request::get("/x").private(), |_| Ok(()))
            .await
            .unwrap_err(),
    );
    let mut r = Request::get("/x");
    errors.push(
        r.set_secret_header("x-api-key", &format!("{API_SECRET}\n"))
            .unwrap_err(),
    );
    errors.push(
        CoreBuilder::new("testvenue", "t/0")
            .build(signer(), &[])
            .unwrap_err(),
    );

    // Connection refused (not sent).
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let a = l.local_addr().unwrap();
        drop(l);
        format!("http://{a}")
    };
    let e = pinned_core(&refused, RetryPolicy::off(), Duration::from_secs(5))
        .execute(private_post(path), |_| Ok(()))
        .await
        .unwrap_err();
    assert_eq!(e.sent(), Sent::No);
    errors.push(e);

    // Lost after writing (maybe sent), with and without an idempotency key.
    let closes = serve(|mut s| async move {
        let _ = read_request(&mut s).await;
    })
    .await;
    let core = pinned_core(&closes, RetryPolicy::off(), Duration::from_secs(5));
    errors.push(
        core.execute(private_post(path), |_| Ok(()))
            .await
            .unwrap_err(),
    );
    let e = core
        .execute(private_post(path).idempotency_key("key-1"), |_| Ok(()))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::WithKey { .. }), "{e:?}");
    errors.push(e);

    // Timed out.
    let stalls = serve(|mut s| async move {
        let _ = read_request(&mut s).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let e = pinned_core(&stalls, RetryPolicy::off(), Duration::from_millis(200))
        .execute(private_post(path), |_| Ok(()))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    errors.push(e);

    // The venue said no; a decode failure; a body over the cap; a duplicate repeat.
    let refusal = serve_fixed(http_response(
        "401 Unauthorized",
        "application/json",
        br#"{"code":"20000","msg":"signature invalid"}"#,
    ))
    .await;
    let core = pinned_core(&refusal, RetryPolicy::off(), Duration::from_secs(5));
    errors.push(
        core.execute(private_post(path), |resp| {
            Err::<(), _>(Error::venue(
                VenueError::new(resp.status, ErrorKind::Authentication, "signature invalid")
                    .with_code("20000")
                    .with_body(resp.body.clone()),
            ))
        })
        .await
        .unwrap_err(),
    );
    errors.push(
        core.execute(private_post(path), |resp| {
            resp.json::<Vec<u32>>().map(|_| ())
        })
        .await
        .unwrap_err(),
    );
    let big = serve(|mut s| async move {
        let _ = read_request(&mut s).await;
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            .await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let e = CoreBuilder::new("testvenue", "t/0")
        .base_url(big)
        .max_body_bytes(1000)
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build(signer(), &[])
        .unwrap()
        .execute(private_post(path), |_| Ok(()))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::BodyTooLarge { .. }), "{e:?}");
    errors.push(e);
    errors.push(Error::AlreadyDone {
        key: "key-2".into(),
        venue: Box::new(VenueError::new(
            StatusCode::CONFLICT,
            ErrorKind::Duplicate,
            "duplicate",
        )),
    });

    let mut variants = std::collections::BTreeSet::new();
    for e in &errors {
        assert_error_clean(e, &extra);
        variants.insert(
            format!("{e:?}")
                .split([' ', '(', '{'])
                .next()
                .unwrap()
                .to_string(),
        );
    }
    let expected = [
        "AlreadyDone",
        "BodyTooLarge",
        "Config",
        "Connection",
        "Decode",
        "InvalidRequest",
        "MissingCredentials",
        "Timeout",
        "Venue",
        "WithKey",
    ];
    assert_eq!(
        variants.into_iter().collect::<Vec<_>>(),
        expected,
        "every Error variant was formatted"
    );
}

/// A venue (or anything between) answering with a redirect to another host must not receive
/// our signed headers there: the request is not followed, and the 3xx comes back to the
/// decode closure as the venue's answer.
#[tokio::test]
async fn redirects_never_carry_credentials_elsewhere() {
    let stolen = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let log = stolen.clone();
    let elsewhere = serve(move |mut s| {
        let log = log.clone();
        async move {
            if let Some(req) = read_request(&mut s).await {
                log.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&req).into_owned());
                let _ = s
                    .write_all(&http_response("200 OK", "application/json", b"{}"))
                    .await;
            }
        }
    })
    .await;
    let location = format!("{elsewhere}/collect");
    let venue = serve(move |mut s| {
        let location = location.clone();
        async move {
            if read_request(&mut s).await.is_some() {
                let answer = format!(
                    "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
                );
                let _ = s.write_all(answer.as_bytes()).await;
            }
        }
    })
    .await;
    let core = pinned_core(&venue, RetryPolicy::off(), Duration::from_secs(5));
    let status = core
        .execute(
            Request::get("/v1/balance").private(),
            |resp| Ok(resp.status),
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stolen = stolen.lock().unwrap();
    assert!(
        stolen.is_empty(),
        "the redirect was followed with our headers: {stolen:?}"
    );
    assert_eq!(status.as_u16(), 302);
}

#[test]
fn header_names_in_any_case_are_accepted_and_bad_ones_refused() {
    let mut r = Request::get("/");
    // Venue documents write `AccessKey`, `X-API-KEY`: accepted, stored lower-case.
    r.set_secret_header("AccessKey", API_KEY).unwrap();
    r.set_header("X-Request-Id", "abc").unwrap();
    assert_eq!(r.headers.get("accesskey").unwrap(), API_KEY);
    assert!(r.headers.get("accesskey").unwrap().is_sensitive());
    assert_eq!(r.headers.get("x-request-id").unwrap(), "abc");
    // A name HTTP refuses is a typed error, not a panic.
    for bad in ["bad name", "", "x:y", "ключ"] {
        let e = r.set_secret_header(bad, "v").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config, "{bad}");
        let e = r.set_header(bad, "v").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config, "{bad}");
    }
}
