//! Values shared by several sections: sides, sort order, pages.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Order side (`cmd` in requests and orders, `type` in public trades): `buy` or `sell`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Side {
    /// `buy`.
    Buy,
    /// `sell`.
    Sell,
    /// A value this version does not know, kept as sent.
    Other(String),
}

impl Side {
    /// The venue's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Side::Buy => "buy",
            Side::Sell => "sell",
            Side::Other(s) => s,
        }
    }

    /// The other side (an unknown side stays as it is).
    pub fn opposite(&self) -> Side {
        match self {
            Side::Buy => Side::Sell,
            Side::Sell => Side::Buy,
            Side::Other(s) => Side::Other(s.clone()),
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Side {
    fn from(s: &str) -> Self {
        // The document writes lower case; accept any case rather than fail on a capital.
        match s.to_ascii_lowercase().as_str() {
            "buy" => Side::Buy,
            "sell" => Side::Sell,
            _ => Side::Other(s.to_string()),
        }
    }
}

impl Serialize for Side {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Side {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Side::from(s.as_str()))
    }
}

/// Sort direction of list endpoints (`sort`); the venue's default is [`Sort::Desc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sort {
    /// `ASC`: oldest first.
    Asc,
    /// `DESC`: newest first (the venue's default).
    #[default]
    Desc,
}

impl Sort {
    /// The venue's spelling (`ASC`, `DESC`).
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Asc => "ASC",
            Sort::Desc => "DESC",
        }
    }

    /// Parses `ASC`/`DESC` in any case.
    pub fn parse(s: &str) -> Option<Sort> {
        match s.to_ascii_uppercase().as_str() {
            "ASC" => Some(Sort::Asc),
            "DESC" => Some(Sort::Desc),
            _ => None,
        }
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One page of a list endpoint: the venue's total `count` and this page's `rows`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    /// How many rows the whole listing has (not this page).
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub count: u64,
    /// The rows of this page.
    #[serde(default = "Vec::new")]
    pub rows: Vec<T>,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            count: 0,
            rows: Vec::new(),
        }
    }
}
