//! The leniency rule, checked: what the venue document's field table promises (and ids) is
//! required; every other field may be missing or `null` without failing the whole answer.
//!
//! [`optional_fields`] takes a documented sample, removes each field in turn and sets each to
//! `null` in turn (in the first element of each list, so the work stays linear), and decodes
//! every variant; a field not listed as required whose absence or `null` fails the decode is
//! a breach of the rule.

use serde_json::Value;

/// Decodes every variant of `sample` with one field removed or set to `null`, except the
/// fields whose paths are in `required` (`data[].orderId`, `data.status`: object keys joined by
/// `.`, a list's elements as `[]`). Returns the breaches, one line each; empty when the rule
/// holds.
pub fn optional_fields(
    sample: &str,
    required: &[&str],
    mut decode: impl FnMut(&str) -> Result<(), String>,
) -> Vec<String> {
    let Ok(root) = serde_json::from_str::<Value>(sample) else {
        return vec!["the sample is not JSON".to_string()];
    };
    let mut paths = Vec::new();
    collect(&root, String::new(), &mut paths);
    let mut breaches = Vec::new();
    for path in paths {
        if required.contains(&path.as_str()) {
            continue;
        }
        for (how, nulled) in [("missing", false), ("null", true)] {
            let mut variant = root.clone();
            mutate(&mut variant, &path, nulled);
            let text = variant.to_string();
            if let Err(e) = decode(&text) {
                breaches.push(format!("`{path}` {how}: {e}"));
            }
        }
    }
    breaches
}

/// Every object field's path, depth first.
fn collect(value: &Value, prefix: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.push(path.clone());
                collect(v, path, out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                collect(first, format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// Removes the field at `path` (or sets it to `null`), in the first element of every list on
/// the way.
fn mutate(value: &mut Value, path: &str, nulled: bool) {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let (key, into_list) = match head.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (head, false),
    };
    let Value::Object(map) = value else { return };
    match rest {
        None if !into_list => {
            if nulled {
                map.insert(key.to_string(), Value::Null);
            } else {
                map.remove(key);
            }
        }
        _ => {
            let Some(mut next) = map.get_mut(key) else {
                return;
            };
            if into_list {
                let Some(first) = next.as_array_mut().and_then(|a| a.first_mut()) else {
                    return;
                };
                next = first;
                // `a[]` alone names the list's elements, not a field: nothing to remove.
                let Some(rest) = rest else { return };
                mutate(next, rest, nulled);
            } else if let Some(rest) = rest {
                mutate(next, rest, nulled);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Row {
        id: String,
        #[serde(default)]
        note: Option<String>,
        price: String,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Answer {
        data: Vec<Row>,
    }

    fn decode(text: &str) -> Result<(), String> {
        serde_json::from_str::<Answer>(text)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_required_field_that_is_not_listed_is_a_breach() {
        let sample = r#"{"data":[{"id":"1","note":"n","price":"2"}]}"#;
        let breaches = optional_fields(sample, &["data", "data[].id"], decode);
        assert_eq!(breaches.len(), 2, "{breaches:?}");
        assert!(breaches.iter().all(|b| b.starts_with("`data[].price`")));
        assert!(optional_fields(sample, &["data", "data[].id", "data[].price"], decode).is_empty());
    }
}
