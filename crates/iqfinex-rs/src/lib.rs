//! IQFinex SDK (work in progress).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod generated;
