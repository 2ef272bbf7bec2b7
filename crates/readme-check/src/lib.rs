//! The READMEs' examples, compiled as doctests of a crate whose only dependencies are those the
//! READMEs' install sections list: a copied example either compiles for a new user or fails
//! here first.
#![forbid(unsafe_code)]

#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct WorkspaceReadme;

#[doc = include_str!("../../alp-rs/README.md")]
#[cfg(doctest)]
pub struct AlpReadme;

#[doc = include_str!("../../coinflex-rs/README.md")]
#[cfg(doctest)]
pub struct CoinflexReadme;

#[doc = include_str!("../../iqfinex-rs/README.md")]
#[cfg(doctest)]
pub struct IqfinexReadme;

#[doc = include_str!("../../matrixport-rs/README.md")]
#[cfg(doctest)]
pub struct MatrixportReadme;

#[doc = include_str!("../../mudawyl-rs/README.md")]
#[cfg(doctest)]
pub struct MudawylReadme;
