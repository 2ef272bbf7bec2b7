//! Endpoint descriptions, as `cargo xtask codegen` writes them from each venue's
//! `spec/endpoints.toml` into `src/generated/endpoints.rs`.

use http::Method;

use crate::error::{Error, Result};
use crate::request::{Auth, Request, path_segment};

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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

/// An endpoint's HTTP method: the methods venue APIs use, checked when the spec is read
/// rather than parsed from text at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
    /// `PATCH`.
    Patch,
}

impl HttpMethod {
    /// The method as `http` knows it.
    pub fn to_http(self) -> Method {
        match self {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Put => Method::PUT,
            HttpMethod::Delete => Method::DELETE,
            HttpMethod::Patch => Method::PATCH,
        }
    }

    /// The method's name, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
        }
    }
}

/// One documented parameter. Built with [`Param::new`] and its `const` setters, so adding a
/// field later breaks no one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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

impl Param {
    /// An optional parameter with no description.
    pub const fn new(name: &'static str, location: Location, ty: &'static str) -> Self {
        Param {
            name,
            location,
            ty,
            required: false,
            doc: "",
        }
    }

    /// Marks it required (or not).
    pub const fn required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    /// The document's description.
    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.doc = doc;
        self
    }
}

/// One endpoint of a venue. Built with [`Endpoint::new`] and its `const` setters (the
/// generated tables do), so adding a field later breaks no one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    /// Stable id, snake_case: the client method and the request type are named after it.
    pub id: &'static str,
    /// HTTP method.
    pub http_method: HttpMethod,
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
    /// A public endpoint with no parameters, section or summary.
    pub const fn new(id: &'static str, http_method: HttpMethod, path: &'static str) -> Self {
        Endpoint {
            id,
            http_method,
            path,
            auth: Auth::Public,
            section: "",
            summary: "",
            params: &[],
        }
    }

    /// Whether it needs credentials.
    pub const fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// The section of the venue's document.
    pub const fn section(mut self, section: &'static str) -> Self {
        self.section = section;
        self
    }

    /// One line on what it does.
    pub const fn summary(mut self, summary: &'static str) -> Self {
        self.summary = summary;
        self
    }

    /// Its parameters.
    pub const fn params(mut self, params: &'static [Param]) -> Self {
        self.params = params;
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.http_method.to_http()
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

    const E: Endpoint = Endpoint::new("borrow_history", HttpMethod::Get, "/v2/borrow/{asset}")
        .auth(Auth::Private)
        .section("Borrowing")
        .summary("History");

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
