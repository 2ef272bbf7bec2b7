//! [`open_enum!`](crate::open_enum): the one way venue crates declare enums of venue values.
//!
//! Venues add values without notice, so every such enum keeps what it does not know in an
//! `Other` arm instead of failing a whole answer; values come as text or integers, and some
//! venues spell one value two ways (`BUY` in the document, `BID` in the venue's own client).

/// Declares an enum of venue values with an `Other` arm.
///
/// Text values (`: str`) get `Other(String)`, `as_str`, `From<&str>`; integer values
/// (`: int`) get `Other(i64)`, `code`, `from_code`, and `Copy`. Both get `ALL`, `Display`,
/// `FromStr` (never fails), serde both ways (a text value also decodes from a number and an
/// integer from a numeric string, as venues send either), and
/// [`ToParam`](crate::api::ToParam). After `=`, the first spelling is the one sent; the ones
/// after `|` are also accepted.
///
/// ```
/// venue_common::open_enum! {
///     /// Which side of the book.
///     pub enum Side: str {
///         /// Buy.
///         Buy = "BUY" | "BID",
///         /// Sell.
///         Sell = "SELL" | "ASK",
///     }
/// }
/// venue_common::open_enum! {
///     /// An order's state.
///     pub enum Status: int {
///         /// Resting.
///         Open = 1,
///         /// Done.
///         Filled = 2,
///     }
/// }
/// let sides: Vec<Side> = serde_json::from_str(r#"["BID","SELL","HOLD"]"#).unwrap();
/// assert_eq!(sides, [Side::Buy, Side::Sell, Side::Other("HOLD".into())]);
/// assert_eq!(serde_json::to_string(&Side::Buy).unwrap(), r#""BUY""#);
/// let s: Vec<Status> = serde_json::from_str(r#"[1,"2",7]"#).unwrap();
/// assert_eq!(s, [Status::Open, Status::Filled, Status::Other(7)]);
/// assert_eq!(serde_json::to_string(&Status::Filled).unwrap(), "2");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$m:meta])*
        $vis:vis enum $name:ident : str {
            $( $(#[$vm:meta])* $variant:ident = $text:literal $(| $alt:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vm])* $variant, )+
            /// A value this version does not know, kept as the venue sent it.
            Other(::std::string::String),
        }

        impl $name {
            /// Every documented value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The venue's text for this value (the spelling sent).
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Other(s) => s.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $( $text $(| $alt)* => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                match $crate::serde_ext::label_str(d)? {
                    Some(text) => Ok($name::from(&*text)),
                    None => Err(<D::Error as $crate::__serde::de::Error>::custom(concat!(
                        "expected a ",
                        stringify!($name),
                        " value, found null"
                    ))),
                }
            }
        }

        impl $crate::api::ToParam for $name {
            fn to_param(&self) -> $crate::api::WireValue<'_> {
                $crate::api::WireValue::Text(::std::borrow::Cow::Borrowed(self.as_str()))
            }
        }
    };
    (
        $(#[$m:meta])*
        $vis:vis enum $name:ident : int {
            $( $(#[$vm:meta])* $variant:ident = $code:literal $(| $alt:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vm])* $variant, )+
            /// A value this version does not know, kept as the venue sent it.
            Other(i64),
        }

        impl $name {
            /// Every documented value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The venue's number for this value.
            pub fn code(self) -> i64 {
                match self {
                    $( $name::$variant => $code, )+
                    $name::Other(c) => c,
                }
            }

            /// The value for a venue number (unknown numbers land in `Other`).
            pub fn from_code(code: i64) -> Self {
                match code {
                    $( $code $(| $alt)* => $name::$variant, )+
                    other => $name::Other(other),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "{}", self.code())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                s.trim().parse::<i64>().map($name::from_code)
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                use $crate::__serde::de::Error as _;
                // A format that cannot describe itself holds what `serialize` wrote: an i64.
                if !d.is_human_readable() {
                    let code = <i64 as $crate::__serde::Deserialize>::deserialize(d)?;
                    return Ok($name::from_code(code));
                }
                let text = $crate::serde_ext::label_str(d)?.ok_or_else(|| {
                    D::Error::custom(concat!("expected a ", stringify!($name), " code, found null"))
                })?;
                text.parse::<$name>().map_err(|_| {
                    D::Error::custom(::std::format!(
                        "expected an integer {} code, found `{}`",
                        stringify!($name),
                        text
                    ))
                })
            }
        }

        impl $crate::api::ToParam for $name {
            fn to_param(&self) -> $crate::api::WireValue<'_> {
                $crate::api::WireValue::Number(::std::borrow::Cow::Owned(self.code().to_string()))
            }
        }
    };
}
