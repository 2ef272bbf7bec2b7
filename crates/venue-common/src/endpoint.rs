//! Endpoint descriptions, as `cargo xtask codegen` writes them from each venue's
//! `spec/endpoints.toml` into `src/generated/endpoints.rs`.

use http::Method;

use crate::error::{Error, Result};
use crate::request::{Auth, Request, path_segment};

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// In the path template (`{asset}`).
    Path,
    /// In the query string.
    Query,
    /// A field of the JSON body.
    Body,
    /// A field of the form body.
    Form,
    /// A header.
    Header,
}

/// One documented parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The venue's name for it.
    pub name: &'static str,
    /// Where it goes.
    pub location: Location,
    /// The documented type (`string`, `integer`, `decimal`, `boolean`, `timestamp_ms`, ...).
    pub ty: &'static str,
    /// Whether the venue requires it.
    pub required: bool,
    /// The document's description.
    pub doc: &'static str,
}

/// One endpoint of a venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// Stable id, snake_case; the client method is named after it unless `method_name` says.
    pub id: &'static str,
    /// The client method that calls it.
    pub method_name: &'static str,
    /// HTTP method, upper case.
    pub http_method: &'static str,
    /// Path template below the base URL (`/v2/borrow/{asset}`).
    pub path: &'static str,
    /// Whether it needs credentials.
    pub auth: Auth,
    /// The section of the venue's document it comes from.
    pub section: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// Its parameters.
    pub params: &'static [Param],
}

impl Endpoint {
    /// The HTTP method.
    pub fn method(&self) -> Method {
        // The generator only emits methods it validated, so parsing cannot fail; fall back to
        // GET rather than panic all the same.
        Method::from_bytes(self.http_method.as_bytes()).unwrap_or(Method::GET)
    }

    /// The path with its `{name}` parameters filled, each value percent-encoded as one
    /// segment. Every template parameter must be given and must not be empty.
    pub fn path_with(&self, values: &[(&str, &str)]) -> Result<String> {
        let mut out = String::with_capacity(self.path.len() + 16);
        let mut rest = self.path;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| Error::Config(format!("unclosed parameter in `{}`", self.path)))?;
            let name = &rest[open + 1..close];
            let value = values
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| *v)
                .ok_or_else(|| Error::invalid(name, "is required in the path"))?;
            if value.is_empty() {
                return Err(Error::invalid(name, "must not be empty"));
            }
            out.push_str(&path_segment(value));
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A request to this endpoint with its method, auth and id set; `path` is the filled
    /// template (see [`Endpoint::path_with`]).
    pub fn request_to(&self, path: impl Into<String>) -> Request {
        let mut request = Request::new(self.method(), path).endpoint(self.id);
        request.auth = self.auth;
        request
    }

    /// A request to an endpoint whose path has no parameters.
    pub fn request(&self) -> Request {
        self.request_to(self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const E: Endpoint = Endpoint {
        id: "borrow_history",
        method_name: "borrow_history",
        http_method: "GET",
        path: "/v2/borrow/{asset}",
        auth: Auth::Private,
        section: "Borrowing",
        summary: "History",
        params: &[],
    };

    #[test]
    fn fills_templates() {
        assert_eq!(E.path_with(&[("asset", "BTC")]).unwrap(), "/v2/borrow/BTC");
        assert_eq!(
            E.path_with(&[("asset", "a/b")]).unwrap(),
            "/v2/borrow/a%2Fb"
        );
        assert!(E.path_with(&[]).is_err());
        assert!(E.path_with(&[("asset", "")]).is_err());
        let r = E.request_to("/v2/borrow/BTC");
        assert_eq!(r.method, Method::GET);
        assert_eq!(r.auth, Auth::Private);
        assert_eq!(r.endpoint, Some("borrow_history"));
    }
}
