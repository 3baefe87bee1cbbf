//! Secret detection on text: provider token formats, private keys, JWTs, URL credentials and
//! secret-like `key = value` assignments, with a keyword prefilter, offline validation
//! (checksums, structure), length-aware entropy gates and GitOps-aware false-positive filters.
//! Structural YAML judgement (Secret `data` per key, `env` name/value pairs, SOPS and
//! SealedSecret documents) is built on top of this by the pipeline, using `scan_text`,
//! `decode_base64_and_scan`, `scan_key_value` and `classify_value`.
//!
//! Nothing here returns a secret in clear for output: matches carry a byte span, a redacted
//! form and a fingerprint.
//!
//! Wiring into the pipeline:
//! - any text file (`.env`, `*.properties`, JSON, scripts, READMEs, YAML as text):
//!   `scan_text(&content)`; each match's `span` is a byte range of `content`.
//! - Kubernetes Secret `data` values: `decode_base64_and_scan(value)`; its `class` says whether
//!   the decoded value is a literal (a finding: every data key is secret-bearing), a placeholder,
//!   a template or public material; its matches name the format (private key, token...).
//! - values whose key comes from structure (`env` name/value pairs, `stringData`, ConfigMap
//!   `data`, Helm values): `scan_key_value(key, value)`.
//! - SOPS / SealedSecret / ExternalSecret documents: `classify_value` tells encrypted,
//!   reference and template values apart; `key_kind` says whether a key names a secret.

pub mod catalog;
pub mod checksum;
mod engine;
pub mod entropy;
pub mod filters;
pub mod generic;
pub mod redact;
pub mod rule;
mod structure;
mod table;

#[cfg(test)]
mod tests;

pub use engine::{SecretMatch, scan_text};
pub use filters::{ValueClass, classify_value};
pub use generic::{KeyKind, key_kind};
pub use redact::{fingerprint, redact, salted_fingerprint};
pub use rule::SecretRule;
pub use structure::decode_base64;
pub use table::RULES;

/// The rule with this id (`SEC004`) or name (`github-pat`).
pub fn rule(id_or_name: &str) -> Option<&'static SecretRule> {
    RULES.iter().find(|r| r.id == id_or_name || r.name == id_or_name)
}

/// What a base64 value (a Kubernetes Secret `data:` entry) holds once decoded.
#[derive(Debug, Clone)]
pub struct DecodedScan {
    /// Length of the decoded value in bytes.
    pub decoded_len: usize,
    /// Whether the decoded bytes are UTF-8 text.
    pub is_text: bool,
    /// The class of the decoded value (placeholder, template, public certificate, literal ...);
    /// `Literal` for binary data.
    pub class: ValueClass,
    /// Secrets found in the decoded text; spans are byte ranges of the **decoded** value.
    pub matches: Vec<SecretMatch>,
}

/// Decodes a base64 value (standard or URL-safe alphabet, padding optional, whitespace
/// ignored) and scans the decoded text. `None` when the value is not base64.
pub fn decode_base64_and_scan(value: &str) -> Option<DecodedScan> {
    let decoded = structure::decode_base64(value)?;
    let decoded_len = decoded.len();
    match String::from_utf8(decoded) {
        Ok(text) => Some(DecodedScan {
            decoded_len,
            is_text: true,
            class: classify_value(&text),
            matches: scan_text(&text),
        }),
        Err(_) => {
            Some(DecodedScan { decoded_len, is_text: false, class: ValueClass::Literal, matches: Vec::new() })
        }
    }
}

/// Judges a value whose key is known from structure (a YAML mapping key, or the sibling
/// `name` of an `env` entry): provider formats in the value first, then the generic rule when
/// the key is secret-like and the value a literal secret. Spans are byte ranges of `value`.
pub fn scan_key_value(key: &str, value: &str) -> Vec<SecretMatch> {
    let found = scan_text(value);
    if !found.is_empty() {
        return found;
    }
    generic_key_value(key, value)
}

/// The generic half of `scan_key_value`, for callers that already scanned `value` as text and
/// found nothing: a literal secret under a secret-like key. Spans are byte ranges of `value`.
pub fn generic_key_value(key: &str, value: &str) -> Vec<SecretMatch> {
    let trimmed_start = value.len() - value.trim_start().len();
    let trimmed = value.trim();
    let Some(kind) = key_kind(key) else {
        return Vec::new();
    };
    if classify_value(trimmed) != ValueClass::Literal || !generic::value_is_secret(kind, trimmed) {
        return Vec::new();
    }
    let generic_rule = rule("generic-secret").expect("the generic rule exists");
    let span = trimmed_start..trimmed_start + trimmed.len();
    vec![engine::make_match(generic_rule, value, span)]
}
