//! Enums of venue values, each with an open arm so a value the venue adds later still decodes.

/// Declares an enum of string values with an `Other(String)` arm, `as_str`, `Display`,
/// `FromStr` (never fails) and serde both ways. With `int`, the values are integers the venue
/// may send as numbers or as strings (`1` or `"1"`).
macro_rules! open_enum {
    ($(#[$m:meta])* $name:ident { $( $(#[$vm:meta])* $variant:ident = $text:literal ),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vm])* #[doc = concat!("\n\nSent as `", $text, "`.")] $variant, )*
            /// A value this version does not know, kept as the venue sent it.
            Other(String),
        }

        impl $name {
            /// The venue's text for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(s) => s.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $( $text => $name::$variant, )*
                    other => $name::Other(other.to_string()),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = $crate::types::scalar_text(d)?;
                Ok(text.parse().unwrap_or_else(|never: ::std::convert::Infallible| match never {}))
            }
        }
    };
}

pub(crate) use open_enum;

/// Reads a JSON string or number as text (`1` and `"1"` both give `1`), for enums whose
/// values the venue sends either way.
pub(crate) fn scalar_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or an integer")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    open_enum!(
        /// Test enum.
        Demo { A = "a", One = "1" }
    );

    #[test]
    fn open_arm_keeps_unknown_values() {
        let v: Vec<Demo> = serde_json::from_str(r#"["a", 1, "1", "zz", 7]"#).unwrap();
        assert_eq!(
            v,
            vec![
                Demo::A,
                Demo::One,
                Demo::One,
                Demo::Other("zz".into()),
                Demo::Other("7".into())
            ]
        );
        assert_eq!(serde_json::to_string(&Demo::One).unwrap(), r#""1""#);
        assert_eq!(Demo::Other("x".into()).to_string(), "x");
        assert!(serde_json::from_str::<Demo>("[1]").is_err());
    }
}
