//! Matrixport's answers: the `{"code", "message", "data"}` envelope, its code table, how a
//! refusal becomes a [`venue_common::Error`], and the [`Receipt`] of a keyed write.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde::de::value::UnitDeserializer;
use venue_common::api::DecodeContext;
use venue_common::error::retry_after;
use venue_common::{Error, ErrorKind, Response, Result, VenueError, decode_json};

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $code:literal, $kind:ident, $text:literal; )+) => {
        /// Every return code of the document's Error Codes table, with unknown codes kept.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ApiCode {
            $( $(#[doc = $doc])* $variant, )+
            /// A code the document does not list, as the venue sent it.
            Unknown(i64),
        }

        impl ApiCode {
            /// Every documented code.
            pub const ALL: &'static [ApiCode] = &[$(ApiCode::$variant),+];

            /// The code for a number the venue sent.
            pub fn from_code(code: i64) -> Self {
                match code {
                    $( $code => ApiCode::$variant, )+
                    other => ApiCode::Unknown(other),
                }
            }

            /// The venue's number.
            pub fn code(self) -> i64 {
                match self {
                    $( ApiCode::$variant => $code, )+
                    ApiCode::Unknown(c) => c,
                }
            }

            /// The document's description of the code.
            pub fn description(self) -> &'static str {
                match self {
                    $( ApiCode::$variant => $text, )+
                    ApiCode::Unknown(_) => "undocumented code",
                }
            }

            /// The error kind the code maps to (`None` for success and unknown codes).
            pub fn kind(self) -> Option<ErrorKind> {
                #[allow(unreachable_patterns)]
                match self {
                    // Code 0 is success; its row's kind is never used.
                    ApiCode::Ok => None,
                    $( ApiCode::$variant => Some(ErrorKind::$kind), )+
                    ApiCode::Unknown(_) => None,
                }
            }
        }
    };
}

codes! {
    /// `0`: OK.
    Ok = 0, Other, "OK.";
    /// `12070131`: User Not Activated.
    UserNotActivated = 12070131, Permission, "User Not Activated";
    /// `12070106`: Account Type Mismatch.
    AccountTypeMismatch = 12070106, BadRequest, "Account Type Mismatch";
    /// `12070108`: Account Not Activated.
    AccountNotActivated = 12070108, Permission, "Account Not Activated";
    /// `12070316`: Order ID Mismatch.
    OrderIdMismatch = 12070316, OrderNotFound, "Order ID Mismatch";
    /// `12070317`: Account ID Mismatch.
    AccountIdMismatch = 12070317, BadRequest, "Account ID Mismatch";
    /// `12070318`: Renewal Time Not Yet Reached.
    RenewalTimeNotReached = 12070318, InvalidOrder, "Renewal Time Not Yet Reached";
    /// `12070319`: Not Enough Margin Amount.
    NotEnoughMargin = 12070319, InsufficientFunds, "Not Enough Margin Amount";
    /// `12070323`: Contract is Active.
    ContractActive = 12070323, InvalidOrder, "Contract is Active";
    /// `12070337`: Interest Amount Too Small.
    InterestAmountTooSmall = 12070337, InvalidOrder, "Interest Amount Too Small";
    /// `12070338`: Insufficient Withdrawable Margin.
    InsufficientWithdrawableMargin = 12070338, InsufficientFunds, "Insufficient Withdrawable Margin";
    /// `12070339`: There are Outstanding Bills.
    OutstandingBills = 12070339, InvalidOrder, "There are Outstanding Bills";
    /// `12070340`: The current order status does not support this operation.
    OrderStatusUnsupported = 12070340, InvalidOrder, "The current order status does not support this operation";
    /// `12070341`: Loan Application Amount Does Not Match Leverage Amount.
    LoanAmountLeverageMismatch = 12070341, InvalidOrder, "Loan Application Amount Does Not Match Leverage Amount";
    /// `12070342`: the renewal amount must be at most the original order amount.
    RenewalAmountTooLarge = 12070342, InvalidOrder, "Renewal Application: Renewal Amount must be less than or equal to the original order amount";
    /// `12070343`: Renewal Application in Progress or Already Renewed.
    RenewalInProgress = 12070343, InvalidOrder, "Renewal Application in Progress or Already Renewed";
    /// `12070345`: Product Unavailable.
    ProductUnavailable = 12070345, InvalidOrder, "Product Unavailable";
    /// `12070349`: Currently Unavailable for Purchase.
    UnavailableForPurchase = 12070349, InvalidOrder, "Currently Unavailable for Purchase";
    /// `12070350`: Product Information has been Updated.
    ProductUpdated = 12070350, InvalidOrder, "Product Information has been Updated";
    /// `12070524`: Decimal Places Exceed Limit.
    DecimalPlacesExceeded = 12070524, BadRequest, "Decimal Places Exceed Limit";
    /// `12070525`: Withdrawal Amount Too Low.
    WithdrawalAmountTooLow = 12070525, BadRequest, "Withdrawal Amount Too Low";
    /// `12070526`: Exchange Maintenance in Progress.
    ExchangeMaintenance = 12070526, Unavailable, "Exchange Maintenance in Progress";
    /// `12070527`: Currency Maintenance in Progress.
    CurrencyMaintenance = 12070527, Unavailable, "Currency Maintenance in Progress";
    /// `12070528`: Repeated Request (the venue already has this `request_id`).
    RepeatedRequest = 12070528, Duplicate, "Repeated Request";
    /// `12070538`: transfer serial no invalid.
    TransferSerialNoInvalid = 12070538, BadRequest, "transfer serial no invalid";
    /// `12070353`: Failed to Retrieve Daily Interest Rate.
    DailyInterestRateUnavailable = 12070353, Unavailable, "Failed to Retrieve Daily Interest Rate";
    /// `12070368`: Margin Operation in Progress.
    MarginOperationInProgress = 12070368, InvalidOrder, "Margin Operation in Progress";
    /// `12070370`: Exceeded RCU Limit.
    RcuLimitExceeded = 12070370, InvalidOrder, "Exceeded RCU Limit";
    /// `12070519`: The current exchange does not support this currency at the moment.
    CurrencyNotSupportedByExchange = 12070519, BadRequest, "The current exchange does not support this currency at the moment";
    /// `12070521`: System Maintenance in Progress.
    SystemMaintenance = 12070521, Unavailable, "System Maintenance in Progress";
    /// `12070135`: Currency Does Not Support Real-Time Transfers.
    CurrencyNoInstantTransfer = 12070135, BadRequest, "Currency Does Not Support Real-Time Transfers";
    /// `12070136`: Insufficient Exchange Limit for Instant Transfers.
    InstantTransferLimit = 12070136, InsufficientFunds, "Insufficient Exchange Limit for Instant Transfers";
    /// `12070137`: Exchange Does Not Support Instant Transfers.
    ExchangeNoInstantTransfer = 12070137, BadRequest, "Exchange Does Not Support Instant Transfers";
    /// `12070129`: Account Verification Failed.
    AccountVerificationFailed = 12070129, Permission, "Account Verification Failed";
    /// `12070130`: Transfer Verification Failed.
    TransferVerificationFailed = 12070130, BadRequest, "Transfer Verification Failed";
    /// `12070132`: Duplicate Serial No (the venue already has this `serial_no`).
    DuplicateSerialNo = 12070132, Duplicate, "Duplicate Serial No";
    /// `12070134`: KYC Compliance Check Failed.
    KycFailed = 12070134, Permission, "KYC Compliance Check Failed";
}

/// The head of every answer: `code` (0 is success) and `message`.
#[derive(Debug, Deserialize)]
struct Head {
    #[serde(
        default,
        deserialize_with = "venue_common::serde_ext::int_or_string_opt::deserialize"
    )]
    code: Option<i64>,
    #[serde(default)]
    message: Option<String>,
}

/// The whole envelope, decoded in one pass on the success path.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct Envelope<T> {
    #[serde(
        default,
        deserialize_with = "venue_common::serde_ext::int_or_string_opt::deserialize"
    )]
    code: Option<i64>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default = "none")]
    data: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

/// Turns an answer into `T` (the envelope's `data`), or into the venue's refusal.
///
/// A non-zero `code` is a refusal whatever the HTTP status; its kind comes from the code table,
/// or from the HTTP status for codes the document does not list. An answer that is not the
/// envelope (an HTML error page, an empty body) is a refusal when the status is not 2xx, and a
/// decode error otherwise. The success path reads the body once.
pub fn decode_answer<T: DeserializeOwned>(response: &Response) -> Result<T> {
    let status = response.status;
    match decode_json::<Envelope<T>>(status, &response.body) {
        Ok(envelope) => match envelope.code {
            Some(0) if status.is_success() => match envelope.data {
                Some(data) => Ok(data),
                // `data: null` (or absent) is the answer of writes: `()` and `Option` take it.
                // A unit deserializer, not `from_str("null")`: the same answer, without a
                // second JSON reader compiled into every model's decoder.
                None => T::deserialize(UnitDeserializer::<serde::de::value::Error>::new())
                    .map_err(|e| Error::decode("data", e.to_string(), status, &response.body)),
            },
            code @ Some(_) => Err(refusal(response, code, envelope.message)),
            None if !status.is_success() => Err(refusal(response, None, envelope.message)),
            None => Err(Error::decode(
                "code",
                "the envelope has no `code`",
                status,
                &response.body,
            )),
        },
        Err(decode_error) => {
            // The data did not fit `T`: an error answer may carry other data, so look at the
            // head alone before reporting the decode failure.
            match serde_json::from_slice::<Head>(&response.body).ok() {
                Some(Head {
                    code: Some(code),
                    message,
                }) if code != 0 || !status.is_success() => {
                    Err(refusal(response, Some(code), message))
                }
                _ if !status.is_success() => Err(refusal(response, None, None)),
                _ => Err(decode_error),
            }
        }
    }
}

/// The spec's `[venue] decode`: the envelope's `data` of an answer.
pub(crate) fn decode<T: DeserializeOwned>(response: Response) -> Result<T> {
    decode_answer(&response)
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

/// The spec's `decode` of keyed writes: the [`Receipt`] with the key the request carried.
pub(crate) fn receipt<T: DeserializeOwned>(
    response: Response,
    ctx: &DecodeContext<'_>,
) -> Result<Receipt<T>> {
    Ok(Receipt {
        key: ctx.key().unwrap_or_default().to_owned(),
        data: decode_answer(&response)?,
    })
}

fn refusal(response: &Response, code: Option<i64>, message: Option<String>) -> Error {
    let status = response.status;
    let api = code.map(ApiCode::from_code);
    let kind = match api.and_then(ApiCode::kind) {
        Some(kind) => kind,
        None if status.is_success() => ErrorKind::Other,
        None => ErrorKind::from_status(status),
    };
    let message = message
        .filter(|m| !m.is_empty())
        .or_else(|| {
            api.filter(|c| c.kind().is_some())
                .map(|c| c.description().to_owned())
        })
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
    let mut venue = VenueError::new(status, kind, message)
        .with_body(response.body.clone())
        .with_retry_after(retry_after(&response.headers));
    if let Some(code) = code {
        venue = venue.with_code(code.to_string());
    }
    Error::venue(venue)
}

/// The documented code of an error, when the venue sent one.
pub fn api_code(error: &Error) -> Option<ApiCode> {
    error
        .code()
        .and_then(|c| c.parse::<i64>().ok())
        .map(ApiCode::from_code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use venue_common::{HeaderMap, StatusCode};

    fn answer(body: &'static str) -> Response {
        Response::new(StatusCode::OK, HeaderMap::new(), body)
    }

    /// A model with a required member, so that `null` cannot be it.
    #[derive(Debug, Deserialize)]
    struct Filled {
        #[expect(dead_code, reason = "only its presence in the answer matters")]
        id: String,
    }

    #[test]
    fn null_or_absent_data_is_unit_or_none() {
        for body in [r#"{"code":0,"data":null}"#, r#"{"code":0}"#] {
            decode_answer::<()>(&answer(body)).expect("a write's answer");
            assert!(
                decode_answer::<Option<Filled>>(&answer(body))
                    .unwrap()
                    .is_none()
            );
        }
    }

    #[test]
    fn null_data_where_a_model_is_due_is_a_decode_error_at_data() {
        let err = decode_answer::<Filled>(&answer(r#"{"code":0,"data":null}"#)).unwrap_err();
        match err {
            Error::Decode(decode) => assert_eq!(decode.path, "data", "{decode}"),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
}
