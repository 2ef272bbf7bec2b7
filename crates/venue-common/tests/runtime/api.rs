//! The one request layer: placement of parameters, the owned bound call, pages as streams,
//! raw calls and open enums.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::StreamExt;
use rust_decimal_macros::dec;
use serde::de::DeserializeOwned;
use venue_common::api::{
    self, ApiRequest, BoxFuture, Call, Context, DecodeContext, Dispatch, PagedRequest, Params,
    RawCall, ToParam, WireValue, wire,
};
use venue_common::endpoint::HttpMethod;
use venue_common::sign::SpaceStyle;
use venue_common::{Endpoint, ErrorKind, Request, Response, Result};

const ORDERS: Endpoint = Endpoint::new("orders", HttpMethod::Post, "/v1/{account}/orders");
const LIST: Endpoint = Endpoint::new("list", HttpMethod::Get, "/v1/list");

/// A client that answers from memory: page `n` of a list of 5 items, 2 per page.
#[derive(Clone)]
struct Memory {
    sent: Arc<AtomicUsize>,
    core: venue_common::Core,
}

impl Default for Memory {
    fn default() -> Self {
        Memory {
            sent: Arc::default(),
            // Never used: this client answers from memory.
            core: crate::support::core("http://127.0.0.1:9", venue_common::RetryPolicy::off()),
        }
    }
}

impl Dispatch for Memory {
    fn core(&self) -> &venue_common::Core {
        &self.core
    }

    fn decode_raw<T: DeserializeOwned>(response: Response) -> Result<T> {
        response.json()
    }

    fn dispatch<R: ApiRequest<Client = Self>>(&self, request: R) -> BoxFuture<Result<R::Output>> {
        let sent = self.sent.clone();
        Box::pin(async move {
            request.validate(&Context::new(chrono::Utc::now()))?;
            let prepared = request.to_request()?;
            sent.fetch_add(1, Ordering::SeqCst);
            let offset: usize = prepared
                .query
                .iter()
                .find(|(k, _)| k == "offset")
                .map(|(_, v)| v.parse().unwrap())
                .unwrap_or(0);
            let items: Vec<u32> = (offset..5.min(offset + 2)).map(|i| i as u32).collect();
            let body = serde_json::to_vec(&items).unwrap();
            R::decode(
                Response::new(venue_common::StatusCode::OK, Default::default(), body),
                &DecodeContext::default(),
            )
        })
    }

    fn dispatch_raw<T: DeserializeOwned + Send + 'static>(
        &self,
        request: Request,
    ) -> BoxFuture<Result<T>> {
        Box::pin(async move {
            let echo = serde_json::json!({"path": request.path});
            Ok(serde_json::from_value(echo).unwrap())
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
struct ListRequest {
    offset: u32,
}

impl ApiRequest for ListRequest {
    type Client = Memory;
    type Output = Vec<u32>;
    const ENDPOINT: Endpoint = LIST;

    fn to_request(&self) -> Result<Request> {
        let mut p = Params::new(&Self::ENDPOINT);
        p.query("offset", self.offset.to_param());
        p.build()
    }

    fn decode(response: Response, _: &DecodeContext<'_>) -> Result<Vec<u32>> {
        response.json()
    }
}

impl PagedRequest for ListRequest {
    type Item = u32;

    fn next_page(&self, output: Vec<u32>) -> Result<(Vec<u32>, Option<Self>)> {
        let next = (output.len() == 2).then(|| ListRequest {
            offset: self.offset + 2,
        });
        Ok((output, next))
    }
}

#[test]
fn json_bodies_are_written_as_serde_json_writes_them() {
    let mut p = Params::new(&ORDERS);
    p.path("account", "a/b".to_param());
    let text = "quote \" back \\ tab \t nl \n bell \u{7} é ✓";
    p.body("note", text.to_param());
    let (price, amount) = (dec!(1.50), dec!(0.5));
    p.body("price", price.to_param());
    p.body("amount", wire::text(&amount));
    p.body("post", true.to_param());
    p.body("absent", None);
    p.body("legs", wire::json(&serde_json::json!([{"a": 1}])));
    let request = p.build().unwrap();
    assert_eq!(
        request.path, "/v1/a%2Fb/orders",
        "a path value is one segment"
    );
    let expected = format!(
        r#"{{"note":{},"price":1.50,"amount":"0.5","post":true,"legs":[{{"a":1}}]}}"#,
        serde_json::to_string(text).unwrap()
    );
    assert_eq!(std::str::from_utf8(request.body_bytes()).unwrap(), expected);
    assert_eq!(
        request.body.as_ref().unwrap().content_type,
        "application/json"
    );
}

#[test]
fn a_declared_body_with_nothing_set_is_an_empty_object() {
    let mut p = Params::new(&ORDERS);
    p.path("account", "x".to_param());
    p.body("price", None);
    assert_eq!(p.build().unwrap().body_bytes(), b"{}");
}

#[test]
fn forms_queries_sorting_and_spaces() {
    let mut p = Params::new(&ORDERS).sorted().space_style(SpaceStyle::Plus);
    p.path("account", "x".to_param());
    p.form("zeta", "a b".to_param());
    p.form("alpha", 1u32.to_param());
    p.query("b", "q r".to_param());
    p.query("a", false.to_param());
    let request = p.build().unwrap();
    assert_eq!(request.body_bytes(), b"alpha=1&zeta=a+b");
    assert_eq!(request.query_string(), "a=false&b=q+r");
}

#[test]
fn time_and_decimal_wire_forms() {
    let t = chrono::DateTime::from_timestamp(1_700_000_000, 123_000_000).unwrap();
    assert_eq!(wire::millis(&t).text(), "1700000000123");
    assert_eq!(wire::seconds(&t).text(), "1700000000");
    assert_eq!(wire::rfc3339(&t).text(), "2023-11-14T22:13:20Z");
    let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
    assert_eq!(wire::date(&d).text(), "2024-01-02");
    assert_eq!(wire::normalized(&dec!(870.690)).text(), "870.69");
    assert_eq!(
        wire::normalized_text(&dec!(1.000)),
        WireValue::Text("1".into())
    );
}

#[test]
fn ranges_name_the_parameter() {
    assert!(api::check_range("limit", &5u32, Some("1"), Some("100")).is_ok());
    let e = api::check_range("limit", &101u32, Some("1"), Some("100")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert!(e.to_string().contains("`limit`"), "{e}");
    let e = api::check_range("rate", &dec!(0.05), Some("0.1"), Some("5")).unwrap_err();
    assert!(e.to_string().contains("at least 0.1"), "{e}");
}

#[tokio::test]
async fn bound_calls_are_owned_and_can_be_spawned() {
    let client = Memory::default();
    let call = Call::new(&client, ListRequest { offset: 2 });
    fn is_send_static<T: Send + 'static>(_: &T) {}
    is_send_static(&call);
    let items = tokio::spawn(async move { call.await })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(items, vec![2, 3]);
}

#[tokio::test]
async fn pages_stream_until_the_last() {
    let client = Memory::default();
    let all: Vec<u32> = Call::new(&client, ListRequest { offset: 0 })
        .into_stream()
        .map(|r| r.unwrap())
        .collect()
        .await;
    assert_eq!(all, vec![0, 1, 2, 3, 4]);
    assert_eq!(
        client.sent.load(Ordering::SeqCst),
        3,
        "one request per page"
    );
}

/// A token listing whose venue cycles: the page after `token` is given by `cycle`.
#[derive(Debug, Clone, PartialEq)]
struct CycleRequest {
    token: Option<String>,
    cycle: Vec<&'static str>,
}

impl ApiRequest for CycleRequest {
    type Client = Memory;
    type Output = Vec<u32>;
    const ENDPOINT: Endpoint = LIST;

    fn to_request(&self) -> Result<Request> {
        let mut p = Params::new(&Self::ENDPOINT);
        p.query("nextToken", self.token.as_ref().map(|t| t.to_param()));
        p.build()
    }

    fn decode(response: Response, _: &DecodeContext<'_>) -> Result<Vec<u32>> {
        response.json()
    }
}

impl PagedRequest for CycleRequest {
    type Item = u32;

    /// The venue's next token: the first of the cycle after no token, then the one after the
    /// token just sent (wrapping round).
    fn next_page(&self, output: Vec<u32>) -> Result<(Vec<u32>, Option<Self>)> {
        let at = match &self.token {
            None => 0,
            Some(t) => self.cycle.iter().position(|c| c == t).unwrap() + 1,
        };
        let next = CycleRequest {
            token: Some(self.cycle[at % self.cycle.len()].to_string()),
            cycle: self.cycle.clone(),
        };
        Ok((output, Some(next)))
    }
}

#[tokio::test]
async fn a_page_cycle_of_any_length_ends_the_stream_with_a_venue_side_error() {
    for cycle in [vec!["A"], vec!["A", "B"], vec!["A", "B", "C"]] {
        let client = Memory::default();
        let first = CycleRequest {
            token: None,
            cycle: cycle.clone(),
        };
        let got: Vec<Result<u32>> = Call::new(&client, first).into_stream().collect().await;
        let (last, items) = got.split_last().unwrap();
        assert!(items.iter().all(|r| r.is_ok()), "{got:?}");
        let e = last.as_ref().unwrap_err();
        assert!(
            matches!(e, venue_common::Error::Decode(_)),
            "a cycle is the venue's fault, not configuration: {e:?}"
        );
        assert_eq!(e.sent(), venue_common::Sent::Yes, "{e}");
        assert!(e.to_string().contains("nextToken=A"), "{e}");
        // One request per distinct page: the first (no token) and each token of the cycle.
        assert_eq!(
            client.sent.load(Ordering::SeqCst),
            cycle.len() + 1,
            "{cycle:?}"
        );
    }
}

#[tokio::test]
async fn raw_calls_need_an_absolute_path() {
    let client = Memory::default();
    let echo: serde_json::Value = RawCall::new(&client, venue_common::Method::GET, "/v1/x")
        .send()
        .await
        .unwrap();
    assert_eq!(echo["path"], "/v1/x");
    let e = RawCall::new(&client, venue_common::Method::GET, "v1/x")
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
}

venue_common::open_enum! {
    /// Sides, as the document and the venue's own client spell them.
    pub enum Side: str {
        /// Buy.
        Buy = "BUY" | "BID",
        /// Sell.
        Sell = "SELL" | "ASK",
    }
}

venue_common::open_enum! {
    /// Integer states.
    pub enum State: int {
        /// One.
        One = 1,
        /// Two.
        Two = 2,
    }
}

#[test]
fn open_enums_keep_unknown_values_and_accept_both_spellings() {
    let sides: Vec<Side> = serde_json::from_str(r#"["BUY","BID","ASK","HOLD",7]"#).unwrap();
    assert_eq!(
        sides,
        [
            Side::Buy,
            Side::Buy,
            Side::Sell,
            Side::Other("HOLD".into()),
            Side::Other("7".into())
        ]
    );
    assert_eq!(serde_json::to_string(&Side::Sell).unwrap(), r#""SELL""#);
    assert_eq!(Side::Other("x".into()).to_param().text(), "x");
    let states: Vec<State> = serde_json::from_str(r#"[1,"2",9]"#).unwrap();
    assert_eq!(states, [State::One, State::Two, State::Other(9)]);
    assert_eq!(State::Two.to_param().text(), "2");
    assert!(serde_json::from_str::<State>(r#""two""#).is_err());
    assert!(serde_json::from_str::<Side>("null").is_err());
    assert_eq!(Side::ALL.len(), 2);
}

/// A keyed write to `/v1/transfer` whose answer must be `{"amount": <asked>}`.
#[derive(Debug, Clone)]
struct Transfer {
    key: Option<String>,
    amount: u32,
}

const TRANSFER: Endpoint = Endpoint::new("transfer", HttpMethod::Post, "/v1/transfer");

#[derive(serde::Deserialize)]
struct Moved {
    amount: u32,
}

impl ApiRequest for Transfer {
    type Client = Memory;
    type Output = u32;
    const ENDPOINT: Endpoint = TRANSFER;

    fn idempotency_slot(&mut self) -> Option<(&'static str, &mut Option<String>)> {
        Some(("request_id", &mut self.key))
    }

    fn to_request(&self) -> Result<Request> {
        let mut p = Params::new(&Self::ENDPOINT);
        p.body("request_id", self.key.as_ref().map(|k| k.to_param()));
        p.body("amount", self.amount.to_param());
        p.build()
    }

    fn decode(response: Response, _: &DecodeContext<'_>) -> Result<u32> {
        response.json::<Moved>().map(|m| m.amount)
    }

    fn check_output(&self, output: &u32) -> Result<()> {
        if *output != self.amount {
            return Err(venue_common::Error::mismatch("amount", self.amount, output));
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_keyed_write_whose_answer_is_unreadable_or_contradicts_keeps_its_key() {
    let server = httpmock::MockServer::start_async().await;
    let core = crate::support::core(&server.base_url(), venue_common::RetryPolicy::off());
    let odd = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v1/transfer")
                .body_includes("\"amount\":1");
            then.status(200).body(r#"{"moved":"yes"}"#);
        })
        .await;
    let other = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v1/transfer")
                .body_includes("\"amount\":2");
            then.status(200).body(r#"{"amount":20}"#);
        })
        .await;
    let good = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v1/transfer")
                .body_includes("\"amount\":3");
            then.status(200).body(r#"{"amount":3}"#);
        })
        .await;
    let fresh = || "k-fresh".to_string();
    let no_check = |_: &str, _: &str| Ok(());

    let e = api::execute(
        &core,
        Transfer {
            key: None,
            amount: 1,
        },
        fresh,
        no_check,
    )
    .await
    .unwrap_err();
    assert_eq!(e.idempotency_key(), Some("k-fresh"), "{e}");
    assert_eq!(e.kind(), ErrorKind::Decode);

    let e = api::execute(
        &core,
        Transfer {
            key: Some("mine".into()),
            amount: 2,
        },
        fresh,
        no_check,
    )
    .await
    .unwrap_err();
    assert_eq!(e.idempotency_key(), Some("mine"));
    assert_eq!(e.kind(), ErrorKind::Mismatch);
    assert_eq!(e.sent(), venue_common::Sent::Yes);
    assert!(
        e.to_string()
            .contains("`amount` was asked as 2, the venue answered 20"),
        "{e}"
    );

    let moved = api::execute(
        &core,
        Transfer {
            key: None,
            amount: 3,
        },
        fresh,
        no_check,
    )
    .await
    .unwrap();
    assert_eq!(moved, 3);
    for m in [odd, other, good] {
        assert_eq!(m.calls_async().await, 1, "a write is sent once");
    }
}

#[test]
fn integer_enums_round_trip_through_binary_formats() {
    for state in [State::One, State::Two, State::Other(-9)] {
        let bytes = postcard::to_allocvec(&state).unwrap();
        assert_eq!(postcard::from_bytes::<State>(&bytes).unwrap(), state);
        let mut cbor = Vec::new();
        ciborium::into_writer(&state, &mut cbor).unwrap();
        assert_eq!(ciborium::from_reader::<State, _>(&cbor[..]).unwrap(), state);
    }
}
