//! Endpoint constants: path templates and the requests they make.

use venue_common::{Auth, Endpoint, ErrorKind, Idempotency, Location, Method, Param};

const GET_BORROW: Endpoint = Endpoint::new(
    "borrow_history",
    venue_common::endpoint::HttpMethod::Get,
    "/v2/borrow/{asset}/history/{page}",
)
.auth(Auth::Private)
.section("Borrowing")
.summary("Borrow history of one asset")
.params(&[
    Param::new("asset", Location::Path, "string")
        .required(true)
        .doc("Asset"),
    Param::new("page", Location::Path, "integer")
        .required(true)
        .doc("Page"),
]);

const POST_ORDER: Endpoint = Endpoint::new(
    "place_order",
    venue_common::endpoint::HttpMethod::Post,
    "/v1/orders",
)
.auth(Auth::Private)
.section("Orders")
.summary("Place an order");

const PUBLIC_DELETE: Endpoint = Endpoint::new(
    "forget",
    venue_common::endpoint::HttpMethod::Delete,
    "/v1/things/{id}",
)
.section("Things")
.summary("Forget a thing");

#[test]
fn templates_fill_every_parameter_as_one_segment() {
    assert_eq!(
        GET_BORROW
            .path_with(&[("page", "2"), ("asset", "BTC")])
            .unwrap(),
        "/v2/borrow/BTC/history/2"
    );
    // A value can never change the path: `/`, `?`, `#`, `..` and spaces are escaped.
    assert_eq!(
        GET_BORROW
            .path_with(&[("asset", "../a b?c#d"), ("page", "1")])
            .unwrap(),
        "/v2/borrow/..%2Fa%20b%3Fc%23d/history/1"
    );
    assert_eq!(
        GET_BORROW
            .path_with(&[("asset", "ÉTH"), ("page", "1"), ("unused", "x")])
            .unwrap(),
        "/v2/borrow/%C3%89TH/history/1"
    );
    assert_eq!(POST_ORDER.path_with(&[]).unwrap(), "/v1/orders");
}

#[test]
fn missing_or_empty_parameters_are_invalid_requests_naming_them() {
    let e = GET_BORROW.path_with(&[("asset", "BTC")]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert!(e.to_string().contains("`page`"), "{e}");
    let e = GET_BORROW
        .path_with(&[("asset", ""), ("page", "1")])
        .unwrap_err();
    assert!(e.to_string().contains("`asset`"), "{e}");
    let mut broken = POST_ORDER;
    broken.path = "/v1/{oops";
    assert_eq!(
        broken.path_with(&[("oops", "x")]).unwrap_err().kind(),
        ErrorKind::Config
    );
}

#[test]
fn requests_carry_method_auth_and_id() {
    let path = GET_BORROW
        .path_with(&[("asset", "BTC"), ("page", "3")])
        .unwrap();
    let r = GET_BORROW.request_to(path).query("limit", 10);
    assert_eq!(r.method, Method::GET);
    assert_eq!(r.path, "/v2/borrow/BTC/history/3");
    assert_eq!(r.auth, Auth::Private);
    assert_eq!(r.endpoint, Some("borrow_history"));
    assert_eq!(r.idempotency, Idempotency::Safe);
    assert_eq!(r.query_string(), "limit=10");

    let r = POST_ORDER.request();
    assert_eq!(r.method, Method::POST);
    assert_eq!(r.path, "/v1/orders");
    assert_eq!(r.endpoint, Some("place_order"));
    assert_eq!(
        r.idempotency,
        Idempotency::Unsafe,
        "writes are unsafe until keyed"
    );

    let r = PUBLIC_DELETE.request_to(PUBLIC_DELETE.path_with(&[("id", "7")]).unwrap());
    assert_eq!(r.method, Method::DELETE);
    assert_eq!(r.auth, Auth::Public);
    assert_eq!(r.path, "/v1/things/7");
    assert_eq!(PUBLIC_DELETE.method(), Method::DELETE);
    let mut odd = POST_ORDER;
    odd.http_method = venue_common::endpoint::HttpMethod::Patch;
    assert_eq!(odd.method(), Method::PATCH);
}
