//! Requests as data, and the builders the client's methods return.
//!
//! Every endpoint has a request type (`TransferRequest`, `OrderListRequest`, ...) holding its
//! parameters. `client.<method>(required...)` returns a [`Call`] around it: set optional
//! parameters with its setters, then `.await` it. The same request type can be built alone and
//! sent with [`crate::Client::send`].

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use futures::stream::BoxStream;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use venue_common::{Endpoint, Error, Method, Page, Request, Result, offset_stream};

use crate::auth::value_text;
use crate::client::Client;
use crate::validate;

/// The page size list requests use unless told otherwise (the venue requires one; the
/// document's examples use 10).
pub const DEFAULT_LIMIT: u32 = 10;

/// One endpoint's parameters, ready to be sent.
pub trait ApiRequest: Serialize + Clone + Send + Sync + 'static {
    /// The endpoint.
    const ENDPOINT: Endpoint;
    /// What the envelope's `data` decodes into.
    type Data: DeserializeOwned + Send + 'static;
    /// What the call returns: the data, or for keyed writes a [`Receipt`] with the key.
    type Output: Send + 'static;

    /// Builds the output from the decoded data and the idempotency key the request carried.
    fn finish(data: Self::Data, key: Option<String>) -> Self::Output;

    /// Checks what the document states about the parameters, before sending.
    fn validate(&self) -> Result<()>;

    /// The idempotency key of a write (`serial_no` or `request_id`): its name and its slot.
    fn idempotency_slot(&mut self) -> Option<(&'static str, &mut Option<String>)> {
        None
    }
}

/// A list request: `limit`/`offset` paging with `count` in the answer.
pub trait ListRequest: ApiRequest {
    /// One item of the list.
    type Item: Send + 'static;
    /// The page size.
    fn page_limit(&self) -> u32;
    /// The first offset.
    fn page_offset(&self) -> u64;
    /// Sets both.
    fn set_page(&mut self, offset: u64, limit: u32);
    /// Splits an answer into a page.
    fn into_page(output: Self::Output) -> Page<Self::Item>;
}

/// A page of a list answer: `count` is the venue's total of matching items.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct ListPage<T> {
    /// Total matching items (all pages).
    #[serde(
        default,
        deserialize_with = "venue_common::serde_ext::int_or_string::deserialize"
    )]
    pub count: u64,
    /// The items of this page (`null` reads as empty).
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub items: Vec<T>,
}

fn null_as_empty<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// The answer to a write that carried an idempotency key: the key (`serial_no` or
/// `request_id`, generated when the caller gave none) and the envelope's `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Receipt<T> {
    /// The `serial_no`/`request_id` the write carried: look the write up by it.
    pub key: String,
    /// What the venue answered in `data`.
    pub data: T,
}

macro_rules! output_type {
    ($out:ty) => { $out };
    ($out:ty, $key:ident) => { $crate::call::Receipt<$out> };
}

macro_rules! finish_output {
    ($data:ident, $k:ident) => {{
        let _ = $k;
        $data
    }};
    ($data:ident, $k:ident, $key:ident) => {
        $crate::call::Receipt {
            key: $k.unwrap_or_default(),
            data: $data,
        }
    };
}

pub(crate) use {finish_output, output_type};

/// Validates `request`, fills its idempotency key (generated when not given) and turns it into
/// the [`Request`] sent: query pairs for a `GET` (sorted, as they are signed), a JSON body
/// otherwise.
pub fn prepare<R: ApiRequest>(mut request: R) -> Result<(Request, Option<String>)> {
    let key = match request.idempotency_slot() {
        Some((name, slot)) => match slot {
            Some(given) => {
                validate::idempotency_key(name, given)?;
                Some(given.clone())
            }
            None => {
                let fresh = validate::generate_key();
                *slot = Some(fresh.clone());
                Some(fresh)
            }
        },
        None => None,
    };
    request.validate()?;
    let value = serde_json::to_value(&request)
        .map_err(|e| Error::Config(format!("could not serialize the request: {e}")))?;
    let Value::Object(map) = value else {
        return Err(Error::Config(
            "a request must serialize to an object".into(),
        ));
    };
    let endpoint = R::ENDPOINT;
    let mut out = endpoint.request();
    if endpoint.method() == Method::GET {
        for (k, v) in &map {
            if !v.is_null() {
                out = out.query(k.clone(), value_text(v));
            }
        }
    } else {
        out = out.json(&Value::Object(map))?;
    }
    if let Some(k) = &key {
        out = out.idempotency_key(k.clone());
    }
    Ok((out, key))
}

/// A request bound to a client: set optional parameters, then `.await` it.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug, Clone)]
pub struct Call<R> {
    pub(crate) client: Client,
    pub(crate) request: R,
}

impl<R: ApiRequest> Call<R> {
    pub(crate) fn new(client: &Client, request: R) -> Self {
        Call {
            client: client.clone(),
            request,
        }
    }

    /// The request as data.
    pub fn request(&self) -> &R {
        &self.request
    }

    /// Takes the request out (to keep, log or send later with [`Client::send`]).
    pub fn into_request(self) -> R {
        self.request
    }

    /// Sends it.
    pub async fn send(self) -> Result<R::Output> {
        self.client.send(self.request).await
    }
}

impl<R: ListRequest> Call<R> {
    /// Every item of every page from the request's offset, `limit` per page, fetched lazily.
    pub fn into_stream(self) -> BoxStream<'static, Result<R::Item>> {
        let client = self.client;
        let request = self.request;
        let (offset, limit) = (request.page_offset(), request.page_limit());
        offset_stream(offset, limit, move |offset, limit| {
            let client = client.clone();
            let mut page = request.clone();
            page.set_page(offset, limit);
            async move { client.send(page).await.map(R::into_page) }
        })
    }
}

impl<R: ApiRequest> IntoFuture for Call<R> {
    type Output = Result<R::Output>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<R::Output>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Writes an amount as the venue's tables ask (a string) without trailing zeros (`1.50` is
/// sent as `"1.5"`): the venue counts decimal places against each currency's limit.
pub fn plain_decimal<S: serde::Serializer>(
    value: &Decimal,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(&value.normalize())
}

/// Expands to nothing. Inside `$( ... )?` groups that only exist for list requests it names
/// `$item`, which is what ties the group to the macro's `list = ...;` arm.
macro_rules! list_arm {
    ($item:ty) => {};
}

pub(crate) use list_arm;

/// Declares a request type: the struct, its constructor, setters on it and on `Call<it>`.
macro_rules! api_request {
    (
        $(#[doc = $doc:literal])*
        $name:ident => $endpoint:ident -> $out:ty {
            required { $( $(#[$rattr:meta])* $rf:ident : $rt:ty ),* $(,)? }
            optional { $( $(#[doc = $odoc:literal])* $of:ident : $ot:ty ),* $(,)? }
        }
        $( key = $key:ident; )?
        $( list = $item:ty; )?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$rattr])* pub $rf: $rt, )*
            $(
                $(#[doc = $odoc])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $of: Option<$ot>,
            )*
            $(
                /// Page size (required by the venue; [`crate::call::DEFAULT_LIMIT`] unless set).
                pub limit: u32,
                /// Offset of the first item (the venue's default is 0).
                #[serde(skip_serializing_if = "Option::is_none")]
                pub offset: Option<u64>,
                #[serde(skip)]
                _item: std::marker::PhantomData<fn() -> $item>,
            )?
        }

        impl $name {
            /// The request with its required parameters; optional ones are unset.
            #[allow(clippy::new_without_default, clippy::too_many_arguments)]
            pub fn new($( $rf: impl Into<$rt> ),*) -> Self {
                $name {
                    $( $rf: $rf.into(), )*
                    $( $of: None, )*
                    $(
                        limit: $crate::call::DEFAULT_LIMIT,
                        offset: None,
                        _item: std::marker::PhantomData::<fn() -> $item>,
                    )?
                }
            }

            $(
                $(#[doc = $odoc])*
                pub fn $of(mut self, value: impl Into<$ot>) -> Self {
                    self.$of = Some(value.into());
                    self
                }
            )*

            $(
                /// Page size (at least 1).
                pub fn limit(mut self, limit: u32) -> Self {
                    $crate::call::list_arm!($item);
                    self.limit = limit;
                    self
                }

                /// Offset of the first item.
                pub fn offset(mut self, offset: u64) -> Self {
                    self.offset = Some(offset);
                    self
                }
            )?
        }

        impl $crate::call::Call<$name> {
            $(
                $(#[doc = $odoc])*
                pub fn $of(mut self, value: impl Into<$ot>) -> Self {
                    self.request = self.request.$of(value);
                    self
                }
            )*

            $(
                /// Page size (at least 1).
                pub fn limit(mut self, limit: u32) -> Self {
                    $crate::call::list_arm!($item);
                    self.request = self.request.limit(limit);
                    self
                }

                /// Offset of the first item.
                pub fn offset(mut self, offset: u64) -> Self {
                    self.request = self.request.offset(offset);
                    self
                }
            )?
        }

        impl $crate::call::ApiRequest for $name {
            const ENDPOINT: venue_common::Endpoint = $crate::generated::endpoints::$endpoint;
            type Data = $out;
            type Output = $crate::call::output_type!($out $(, $key)?);

            fn finish(data: Self::Data, key: Option<String>) -> Self::Output {
                $crate::call::finish_output!(data, key $(, $key)?)
            }

            fn validate(&self) -> venue_common::Result<()> {
                $( $crate::call::list_arm!($item); $crate::validate::limit(self.limit)?; )?
                $crate::call::Check::check(self)
            }

            $(
                fn idempotency_slot(&mut self) -> Option<(&'static str, &mut Option<String>)> {
                    Some((stringify!($key), &mut self.$key))
                }
            )?
        }

        $(
            impl $crate::call::ListRequest for $name {
                type Item = $item;

                fn page_limit(&self) -> u32 {
                    self.limit
                }

                fn page_offset(&self) -> u64 {
                    self.offset.unwrap_or(0)
                }

                fn set_page(&mut self, offset: u64, limit: u32) {
                    self.offset = Some(offset);
                    self.limit = limit;
                }

                fn into_page(output: Self::Output) -> venue_common::Page<$item> {
                    venue_common::Page::counted(output.items, output.count)
                }
            }
        )?
    };
}

pub(crate) use api_request;

/// The per-request checks of the document's constraints (beyond `limit` and the idempotency
/// key, which every request gets).
pub trait Check {
    /// Checks the parameters.
    fn check(&self) -> Result<()> {
        Ok(())
    }
}
