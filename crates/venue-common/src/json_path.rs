//! The JSON path (`data.items[3].price`) of a place in a body, for decode errors.
//!
//! serde_json says where a decode failed by line and column, just after the value it could not
//! take. Walking the body up to that place with a stack of keys and indices names the value.
//!
//! One place is ambiguous: an error that serde_json positions only once the object or array
//! around the value is closed (a bad last member, whose error carries no position of its own)
//! lands just after that object's `}`, where an error of the object itself (a missing field)
//! also lands. The error's text tells them apart: errors about a whole object or array name
//! the object; the others name its last member, as a path-tracking decoder would. This replaces decoding the body a second time
//! through a path-tracking deserializer, which compiled every model's decoder twice: a fifth
//! of each venue crate's build, for an error path.

/// Where in an open container the walk is.
enum Frame {
    /// In an object: the key of the member being read, once its key has been seen.
    Object(Option<String>),
    /// In an array: the index of the element being read.
    Array(usize),
}

/// The byte offset of serde_json's `line` (from 1) and `column` (bytes into the line), or
/// `None` for an error without a position (line 0).
fn offset_of(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let line_start = if line == 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    Some((line_start + column).min(body.len()))
}

/// Messages of serde's errors about a whole object or array.
///
/// A value refused for being an object (`"price": {...}` where a number belongs) stays
/// ambiguous: as a last member it is named exactly, elsewhere by its own last member
/// (`price.a`), still inside the value at fault.
const CONTAINER_ERRORS: &[&str] = &[
    "missing field",
    "duplicate field",
    "invalid length",
    "data did not match any variant",
];

/// The path of the value being read at serde_json's `line` and `column` in `body`, for an
/// error whose text is `message`, written as `serde_path_to_error` writes paths: `.` for the
/// whole document, keys joined by `.`, indices in brackets (`data.items[3].price`, `[0].id`).
pub(crate) fn at(body: &[u8], line: usize, column: usize, message: &str) -> String {
    let Some(end) = offset_of(body, line, column) else {
        return ".".to_owned();
    };
    let mut stack: Vec<Frame> = Vec::new();
    // The container closed by the last byte walked, if it was a `}` or `]`.
    let mut closed = None;
    let mut i = 0;
    while i < end {
        let byte = body[i];
        if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
            closed = None;
        }
        match byte {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => closed = stack.pop(),
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(key)) => *key = None,
                None => {}
            },
            b'"' => {
                let close = string_end(body, i);
                // A string followed by `:` in an object is the key of the member that follows.
                if let Some(Frame::Object(key)) = stack.last_mut()
                    && key.is_none()
                    && next_non_space(body, close) == Some(b':')
                {
                    *key = Some(key_text(&body[i..close]));
                }
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(frame) = closed
        && !CONTAINER_ERRORS.iter().any(|m| message.starts_with(m))
    {
        stack.push(frame);
    }
    render(&stack)
}

/// The index just past the string that opens at `start` (or the body's end when unterminated).
fn string_end(body: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    body.len()
}

/// The first byte at or after `i` that is not JSON whitespace.
fn next_non_space(body: &[u8], i: usize) -> Option<u8> {
    body.get(i..)?
        .iter()
        .copied()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// A key's text from its quoted JSON form, unescaped when it can be.
fn key_text(quoted: &[u8]) -> String {
    if let Ok(text) = serde_json::from_slice::<String>(quoted) {
        return text;
    }
    let inner = quoted
        .get(1..quoted.len().saturating_sub(1))
        .unwrap_or_default();
    String::from_utf8_lossy(inner).into_owned()
}

fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            // An object before its first key: the path is the object's own.
            Frame::Object(None) => {}
            Frame::Array(index) => {
                out.push('[');
                out.push_str(crate::sign::Digits::of_u64(*index as u64).as_str());
                out.push(']');
            }
        }
    }
    if out.is_empty() { ".".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use serde::Deserialize;

    /// The path `decode_json` reports for `body` decoded into `T`.
    fn path<T: serde::de::DeserializeOwned>(body: &str) -> String {
        let e = serde_json::from_str::<T>(body).err().expect("fails");
        super::at(body.as_bytes(), e.line(), e.column(), &e.to_string())
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u64,
        #[serde(with = "crate::serde_ext::decimal")]
        price: Decimal,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Envelope {
        code: i64,
        data: Page,
    }

    #[test]
    fn names_a_bad_value_by_its_keys_and_indices() {
        let body = r#"{"code": 0, "data": {"items": [
            {"id": 1, "price": "1.5"},
            {"id": 2, "price": "x", "note": "a, b: [c]"}
        ]}}"#;
        assert_eq!(path::<Envelope>(body), "data.items[1].price");
    }

    #[test]
    fn names_a_bad_last_member_not_its_object() {
        let body = r#"{"code": 0, "data": {"items": [{"id": 1, "price": "1", "x": [1]}, {"id": 2, "price": "y"}]}}"#;
        assert_eq!(path::<Envelope>(body), "data.items[1].price");
        let body = r#"{"code": 0, "data": {"items": [{"id": 1, "price": {"a": 1}}]}}"#;
        assert_eq!(path::<Envelope>(body), "data.items[0].price");
        // Not a last member: named by the value's own last member, inside the value at fault.
        let body = r#"{"code": 0, "data": {"items": [{"price": {"a": 1}, "id": 1}]}}"#;
        assert_eq!(path::<Envelope>(body), "data.items[0].price.a");
    }

    #[test]
    fn names_an_object_that_lacks_a_field() {
        let body = r#"{"code": 0, "data": {"items": [{"id": 1, "price": "1"}, {"id": 2}]}}"#;
        assert_eq!(path::<Envelope>(body), "data.items[1]");
        assert_eq!(path::<Envelope>(r#"{"code": 0}"#), ".");
    }

    #[test]
    fn names_a_wrong_type_at_the_top_and_in_lists() {
        assert_eq!(
            path::<Vec<Item>>(r#"[{"id": 1, "price": "1"}, {"id": "a"}]"#),
            "[1].id"
        );
        assert_eq!(path::<Envelope>(r#"{"code": "zero"}"#), "code");
        assert_eq!(path::<Vec<u8>>("[1, 2, 300]"), "[2]");
        assert_eq!(path::<Envelope>("[]"), ".");
    }

    #[test]
    fn reads_escaped_keys_and_strings_with_brackets() {
        let body = r#"{"code": 0, "data": {"x\"y": "]}", "items": [{"id": 1, "price": 2e99}]}}"#;
        assert_eq!(path::<Envelope>(body), "data.items[0].price");
    }

    #[test]
    fn survives_any_position_and_truncated_bodies() {
        let body = br#"{"a": [1, {"b": "c\"#;
        for line in 0..4 {
            for column in 0..40 {
                let _ = super::at(body, line, column, "");
            }
        }
        assert_eq!(super::at(body, 1, 10, ""), "a[1]");
        assert_eq!(super::at(b"", 1, 0, ""), ".");
    }
}
