//! The endpoint spec format (`crates/<crate>/spec/endpoints.toml`) and its validation.
//!
//! The format is documented in `docs/architecture.md`. Every error names the file and line.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

/// A venue's spec.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub venue: Venue,
    #[serde(default, rename = "endpoint")]
    pub endpoints: Vec<Endpoint>,
}

/// The `[venue]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    /// Short lower-case name, as used in traces and coverage evidence.
    pub name: String,
    /// Human title of the API.
    pub title: String,
    /// The venue document in `shared/venue-docs/` (or another source) it is taken from.
    pub document: String,
    /// Whether codegen writes the request structs and client methods (`src/generated/
    /// requests.rs`, `client.rs`, and the parameter-placement test).
    #[serde(default)]
    pub generate_requests: bool,
    /// The client type that sends requests (default `crate::Client`).
    #[serde(default)]
    pub client: Option<String>,
    /// The venue's answer decoder, `fn<T: DeserializeOwned>(Response) -> Result<T>`.
    #[serde(default)]
    pub decode: Option<String>,
    /// Query and body fields are sent sorted by name (venues that sign sorted parameters).
    #[serde(default)]
    pub sort_params: bool,
    /// How spaces are written in queries and forms: `percent20` (default) or `plus`.
    #[serde(default)]
    pub space: Option<String>,
}

/// One `[[endpoint]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub id: Spanned<String>,
    pub method: Spanned<String>,
    pub path: Spanned<String>,
    pub auth: Spanned<String>,
    pub section: String,
    pub summary: String,
    #[serde(default, rename = "param")]
    pub params: Vec<Param>,
    /// Fields the request carries for its checks but never sends (`[[endpoint.local]]`).
    #[serde(default, rename = "local")]
    pub locals: Vec<Local>,
    /// What a successful call returns (a Rust type).
    #[serde(default)]
    pub output: Option<String>,
    /// Written by hand against the same trait; the reason the table cannot express it.
    #[serde(default)]
    pub custom: Option<String>,
    /// A hand-written check, `fn(&Request, &Context) -> Result<()>`.
    #[serde(default)]
    pub check: Option<String>,
    /// A decoder for this endpoint, `fn(Response, &DecodeContext) -> Result<Output>`.
    #[serde(default)]
    pub decode: Option<String>,
    /// A hand-written check of the answer against the request,
    /// `fn(&XRequest, &Output) -> Result<()>` (an echoed quantity, say).
    #[serde(default)]
    pub check_output: Option<String>,
    /// The type whose method calls it (default: the client); it must be `AsRef<Client>`.
    #[serde(default)]
    pub receiver: Option<String>,
    /// More documentation for the request and the client method.
    #[serde(default)]
    pub notes: Option<String>,
}

impl Endpoint {
    /// The client method's name: the id (one naming rule: the spec line, the method, the
    /// `<Id>Request` type, the placement test and the fixture all carry it).
    pub fn method_name(&self) -> &str {
        self.id.get_ref()
    }
}

/// One `[[endpoint.param]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: Spanned<String>,
    #[serde(rename = "in")]
    pub location: Spanned<String>,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub doc: String,
    /// The request field's name (default: the name in snake_case).
    #[serde(default)]
    pub rust: Option<String>,
    /// The request field's type (default: from `type`).
    #[serde(default)]
    pub rust_type: Option<String>,
    /// How the value goes on the wire, `fn(&T) -> WireValue` (default: from `type`).
    #[serde(default)]
    pub wire: Option<String>,
    /// `string`: a number the venue documents as a string is sent as one.
    #[serde(default)]
    pub json: Option<String>,
    /// The smallest value the document allows (integers and decimals), as text.
    #[serde(default)]
    pub min: Option<String>,
    /// The largest value the document allows (integers and decimals), as text.
    #[serde(default)]
    pub max: Option<String>,
    /// The idempotency key of a keyed write (generated when the caller gives none).
    #[serde(default)]
    pub key: bool,
    /// A credential: held in a `SecretString`, never printed.
    #[serde(default)]
    pub secret: bool,
    /// A Rust expression: the value `new` gives an optional parameter that is always sent
    /// (the venue requires it, the document gives a usual value); a setter changes it.
    #[serde(default)]
    pub default: Option<String>,
    /// Other names the same value is sent under as well (where a document names one value
    /// two ways and the venue may read either).
    #[serde(default)]
    pub also: Vec<String>,
    /// A Rust expression of the field's type for the generated placement test.
    #[serde(default)]
    pub sample: Option<String>,
}

/// One `[[endpoint.local]]`: an optional field of the request that its check reads and that is
/// never sent (what the caller knows about the accounts involved, say).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Local {
    /// The field's name.
    pub name: String,
    /// Its type.
    pub rust_type: String,
    /// What it is for.
    pub doc: String,
}

pub const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH"];
pub const AUTH_KINDS: &[&str] = &["public", "private"];
pub const LOCATIONS: &[&str] = &["path", "query", "body", "form", "header"];

/// Reads and validates a spec file.
pub fn load(path: &Path) -> Result<Spec, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text, &path.display().to_string())
}

/// Parses and validates spec text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Spec, String> {
    let spec: Spec = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
        format!("{file}:{line}: {}", e.message())
    })?;
    let mut errors = Vec::new();
    let at = |span: std::ops::Range<usize>| format!("{file}:{}", line_of(text, span.start));

    if spec.venue.name.is_empty()
        || !spec
            .venue
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        errors.push(format!(
            "{file}: [venue] name `{}` must be lower-case letters and digits",
            spec.venue.name
        ));
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut routes: HashMap<(String, String), usize> = HashMap::new();
    let mut names: HashMap<&str, usize> = HashMap::new();
    for e in &spec.endpoints {
        let line = line_of(text, e.id.span().start);
        let id = e.id.get_ref().as_str();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            || id.starts_with(|c: char| c.is_ascii_digit())
        {
            errors.push(format!(
                "{}: endpoint id `{id}` must be snake_case",
                at(e.id.span())
            ));
        }
        if let Some(first) = ids.insert(id, line) {
            errors.push(format!(
                "{}: duplicate endpoint id `{id}` (first at line {first})",
                at(e.id.span())
            ));
        }
        if let Some(first) = names.insert(e.method_name(), line) {
            errors.push(format!(
                "{}: duplicate client method `{}` (first at line {first})",
                at(e.id.span()),
                e.method_name()
            ));
        }
        let method = e.method.get_ref().as_str();
        if !METHODS.contains(&method) {
            errors.push(format!(
                "{}: unknown method `{method}` (one of {})",
                at(e.method.span()),
                METHODS.join(", ")
            ));
        }
        let auth = e.auth.get_ref().as_str();
        if !AUTH_KINDS.contains(&auth) {
            errors.push(format!(
                "{}: unknown auth kind `{auth}` (one of {})",
                at(e.auth.span()),
                AUTH_KINDS.join(", ")
            ));
        }
        let path = e.path.get_ref().as_str();
        if !path.starts_with('/') {
            errors.push(format!(
                "{}: path `{path}` must start with `/`",
                at(e.path.span())
            ));
        }
        if let Some(first) = routes.insert((method.to_string(), path.to_string()), line) {
            errors.push(format!(
                "{}: duplicate route {method} {path} (first at line {first})",
                at(e.path.span())
            ));
        }
        let template: BTreeSet<String> = template_params(path);
        let mut declared = BTreeSet::new();
        let mut param_names = BTreeSet::new();
        for p in &e.params {
            let loc = p.location.get_ref().as_str();
            if !LOCATIONS.contains(&loc) {
                errors.push(format!(
                    "{}: unknown parameter location `{loc}` (one of {})",
                    at(p.location.span()),
                    LOCATIONS.join(", ")
                ));
            }
            if !param_names.insert((loc.to_string(), p.name.get_ref().clone())) {
                errors.push(format!(
                    "{}: duplicate parameter `{}` in {loc}",
                    at(p.name.span()),
                    p.name.get_ref()
                ));
            }
            if loc == "path" {
                declared.insert(p.name.get_ref().clone());
                if !template.contains(p.name.get_ref()) {
                    errors.push(format!(
                        "{}: path parameter `{}` does not appear in `{path}`",
                        at(p.name.span()),
                        p.name.get_ref()
                    ));
                }
                if !p.required {
                    errors.push(format!(
                        "{}: path parameter `{}` must be required",
                        at(p.name.span()),
                        p.name.get_ref()
                    ));
                }
            }
        }
        for name in template.difference(&declared) {
            errors.push(format!(
                "{}: `{{{name}}}` in `{path}` is not declared as a path parameter",
                at(e.path.span())
            ));
        }
    }
    if errors.is_empty() {
        Ok(spec)
    } else {
        Err(errors.join("\n"))
    }
}

/// The `{name}` parameters of a path template.
pub fn template_params(path: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => {
                out.insert(rest[open + 1..open + close].to_string());
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out
}

/// The 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "[venue]\nname = \"demo\"\ntitle = \"Demo\"\ndocument = \"demo.txt\"\n";

    fn endpoint(id: &str, method: &str, path: &str, auth: &str) -> String {
        format!(
            "\n[[endpoint]]\nid = \"{id}\"\nmethod = \"{method}\"\npath = \"{path}\"\nauth = \"{auth}\"\nsection = \"S\"\nsummary = \"Sum\"\n"
        )
    }

    #[test]
    fn accepts_a_good_spec() {
        let text = format!(
            "{HEAD}{}\n[[endpoint.param]]\nname = \"asset\"\nin = \"path\"\ntype = \"string\"\nrequired = true\n",
            endpoint("history", "GET", "/v2/borrow/{asset}", "private")
        );
        let spec = parse(&text, "spec.toml").unwrap();
        assert_eq!(spec.endpoints.len(), 1);
        assert_eq!(spec.endpoints[0].method_name(), "history");
    }

    #[test]
    fn unknown_keys_name_the_line() {
        let text = format!(
            "{HEAD}{}colour = \"red\"\n",
            endpoint("a", "GET", "/a", "public")
        );
        let err = parse(&text, "spec.toml").unwrap_err();
        assert!(err.starts_with("spec.toml:"), "{err}");
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn duplicates_and_bad_values_are_errors_with_lines() {
        let text = format!(
            "{HEAD}{}{}{}",
            endpoint("a", "GET", "/a", "public"),
            endpoint("a", "GET", "/a", "signed"),
            endpoint("b", "FETCH", "/b/{id}", "public"),
        );
        let err = parse(&text, "spec.toml").unwrap_err();
        assert!(
            err.contains("spec.toml:15: duplicate endpoint id `a` (first at line 7)"),
            "{err}"
        );
        assert!(err.contains("duplicate route GET /a"), "{err}");
        assert!(err.contains("unknown auth kind `signed`"), "{err}");
        assert!(err.contains("unknown method `FETCH`"), "{err}");
        assert!(
            err.contains("`{id}` in `/b/{id}` is not declared as a path parameter"),
            "{err}"
        );
    }

    #[test]
    fn the_fixture_spec_is_valid() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-spec.toml");
        let spec = load(&path).unwrap();
        assert_eq!(spec.venue.name, "demo");
        assert_eq!(spec.endpoints.len(), 3);
    }
}
