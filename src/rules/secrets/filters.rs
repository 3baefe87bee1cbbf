//! False-positive filters: values that look like secrets but are not. Encrypted material
//! (SOPS `ENC[...]`, SealedSecret ciphertext), templates and placeholders (`{{ }}`, `${VAR}`,
//! `$(VAR)`, `<...>`, `changeme`), references (`op://`, `vault:`), identifiers and digests
//! (UUIDs, git SHAs, `sha256:` image digests) and public material (certificates, public keys).
//! Each filter returns a reason so callers and tests can tell why a value was dropped.

use super::rule::{Kind, SecretRule};
use super::structure;
use std::ops::Range;

/// What a value is, as far as secret detection cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueClass {
    /// Empty or whitespace only.
    Empty,
    /// A template or variable expression (`{{ .Values.x }}`, `${VAR}`, `$(VAR)`, `%VAR%`).
    Template,
    /// A reference to a secret kept elsewhere (`op://`, `vault:`, `<path:...>`, `ref+...`).
    Reference,
    /// Encrypted material (SOPS `ENC[...]`, SealedSecret ciphertext, PGP/age messages).
    Encrypted,
    /// An obvious placeholder (`changeme`, `xxx`, `<redacted>`, `your-token-here`, ...).
    Placeholder,
    /// Public material (certificates, public keys).
    Public,
    /// An identifier or digest (UUID, git SHA, `sha256:` digest).
    Identifier,
    /// Anything else: possibly a secret.
    Literal,
}

/// Exact placeholder words (compared lower-case, after trimming quotes).
const PLACEHOLDER_WORDS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "example",
    "examples",
    "sample",
    "xxx",
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "secrets",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "dummy",
    "test",
    "testing",
    "tests",
    "demo",
    "foo",
    "bar",
    "foobar",
    "baz",
    "redacted",
    "removed",
    "hidden",
    "masked",
    "placeholder",
    "todo",
    "tbd",
    "fixme",
    "replaceme",
    "replace-me",
    "replace_me",
    "none",
    "null",
    "nil",
    "undefined",
    "empty",
    "default",
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "required",
    "optional",
    "string",
    "value",
    "secretvalue",
    "mypassword",
    "my-password",
    "yourpassword",
    "your-password",
    "supersecret",
    "s3cr3t",
    "admin",
    "root",
    "user",
    "username",
    "guest",
    "notasecret",
    "not-a-secret",
    "insecure",
    "unused",
    "n/a",
    "na",
    "~",
];

/// Words that make a value describe itself ("testpassword", "my_private_password",
/// "jiraToken"): fixtures and documentation, not credentials.
const SELF_DESCRIBING: &[&str] = &["password", "passwd", "secret", "token", "please"];

/// Prefixes of sample values ("some_pass", "my-key", "test-password").
const PLACEHOLDER_PREFIXES: &[&str] =
    &["some_", "some-", "my_", "my-", "my.", "test-", "test_", "sample", "the_", "the-"];

/// Fragments that mark a placeholder wherever they appear (compared lower-case).
const PLACEHOLDER_FRAGMENTS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "change-this",
    "change_this",
    "changethis",
    "replaceme",
    "replace-me",
    "replace_me",
    "replace-with",
    "replace_with",
    "example",
    "placeholder",
    "redacted",
    "dummy",
    "xxxx",
    "****",
    "your-",
    "your_",
    "yourtoken",
    "yourkey",
    "yourpassword",
    "yoursecret",
    "-here",
    "_here",
    "insert-",
    "insert_",
    "put-your",
    "put_your",
    "fake",
    "sample",
    "not-a-real",
    "not_a_real",
    "notreal",
    "...",
    "…",
];

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `8-4-4-4-12` hex.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// 40 hex (SHA-1, git object names) or 64 hex (SHA-256), optionally `sha256:`/`sha1:` prefixed.
pub fn is_digest(s: &str) -> bool {
    let s = s
        .strip_prefix("sha256:")
        .or_else(|| s.strip_prefix("sha1:"))
        .or_else(|| s.strip_prefix("sha512:"))
        .unwrap_or(s);
    matches!(s.len(), 40 | 64 | 128) && is_hex(s)
}

/// Runs of one character, or ascending/descending sequences (`abcdef`, `123456`, `qwerty`).
pub fn is_trivial_sequence(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 2 {
        return true;
    }
    if b.iter().all(|&c| c == b[0]) {
        return true;
    }
    let ascending = b.windows(2).all(|w| w[1] == w[0].wrapping_add(1));
    let descending = b.windows(2).all(|w| w[0] == w[1].wrapping_add(1));
    let lower = s.to_ascii_lowercase();
    ascending
        || descending
        || ["qwerty", "asdf", "12345", "abcdef", "abc123"]
            .iter()
            .any(|seq| lower.starts_with(seq) && lower.len() <= seq.len() + 4)
}

fn is_template(v: &str) -> bool {
    v.contains("{{")
        || v.contains("}}")
        || v.contains("${")
        || v.contains("$(")
        || v.contains("#{")
        || v.contains("%{")
        || v.contains("<%")
        || (v.starts_with('$') && v.len() > 1)
        || (v.len() > 2 && v.starts_with('%') && v.ends_with('%'))
        || (v.len() > 2 && v.starts_with('@') && v.ends_with('@'))
        || v.contains("process.env")
        || v.contains("os.environ")
        || v.contains("getenv(")
        || v.starts_with("env(")
        || v.starts_with("secrets.")
}

fn is_reference(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    l.starts_with("op://")
        || l.starts_with("vault:")
        || l.starts_with("ref+")
        || l.starts_with("<path:")
        || l.starts_with("secretref:")
        || l.starts_with("arn:aws:secretsmanager")
        || l.starts_with("projects/") && l.contains("/secrets/")
        || l.starts_with("awssm:")
        || l.starts_with("gcpsm:")
        || l.starts_with("azkv:")
}

fn is_encrypted(v: &str) -> bool {
    v.starts_with("ENC[")
        || v.contains("-----BEGIN PGP MESSAGE")
        || v.contains("-----BEGIN AGE ENCRYPTED FILE")
        || structure::is_sealed_secret_ciphertext(v)
}

fn is_public(v: &str) -> bool {
    v.contains("-----BEGIN CERTIFICATE")
        || v.contains("-----BEGIN PUBLIC KEY")
        || v.contains("-----BEGIN RSA PUBLIC KEY")
        || v.contains("-----BEGIN PGP PUBLIC KEY")
        || v.starts_with("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t") // base64 "-----BEGIN CERTIFICATE-----"
        || v.starts_with("LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS") // base64 "-----BEGIN PUBLIC KEY-----"
        || v.starts_with("ssh-rsa AAAA")
        || v.starts_with("ssh-ed25519 AAAA")
        || v.starts_with("ecdsa-sha2-")
        || v.starts_with("age1") && v.len() == 62
}

/// Whether the value is an obvious placeholder.
pub fn is_placeholder(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    let l = l.trim();
    // The fragments and self-describing words in one pass (not one search per word).
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::new(PLACEHOLDER_FRAGMENTS.iter().chain(SELF_DESCRIBING))
            .expect("fixed word list")
    });
    PLACEHOLDER_WORDS.contains(&l)
        || words.is_match(l)
        || (l.starts_with("your") && l.len() < 40)
        || PLACEHOLDER_PREFIXES.iter().any(|p| l.starts_with(p))
        || l.ends_with("pass")
        || l.ends_with("_pw")
        || l.ends_with("-pw")
        || (l.starts_with('<') && l.ends_with('>'))
        || (l.starts_with('[') && l.ends_with(']'))
        || l.bytes().all(|b| b == b'x' || b == b'*' || b == b'-' || b == b'_' || b == b'.')
}

/// Classifies a value (already unquoted) for secret detection.
pub fn classify_value(value: &str) -> ValueClass {
    let v = value.trim();
    if v.is_empty() {
        ValueClass::Empty
    } else if is_encrypted(v) {
        ValueClass::Encrypted
    } else if is_template(v) {
        ValueClass::Template
    } else if is_reference(v) {
        ValueClass::Reference
    } else if is_public(v) {
        ValueClass::Public
    } else if is_uuid(v) || is_digest(v) {
        ValueClass::Identifier
    } else if is_placeholder(v) || is_trivial_sequence(v) {
        ValueClass::Placeholder
    } else {
        ValueClass::Literal
    }
}

/// How far around a candidate its enclosing expression (`ENC[...]`, `{{ ... }}`) is looked
/// for: bounded so that a long single-line file with many candidates stays linear.
const CONTEXT: usize = 4096;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line around `span`, cut to `CONTEXT` bytes on either side.
fn line_of(text: &str, span: &Range<usize>) -> Range<usize> {
    let lo = floor_boundary(text, span.start.saturating_sub(CONTEXT));
    let hi = floor_boundary(text, (span.end + CONTEXT).min(text.len()));
    let start = text[lo..span.start].rfind('\n').map_or(lo, |i| lo + i + 1);
    let end = text[span.end..hi].find('\n').map_or(hi, |i| span.end + i);
    start..end
}

/// Whether `span` lies between `open` and `close` on its own line.
fn enclosed(text: &str, span: &Range<usize>, open: &str, close: &str) -> bool {
    let line = line_of(text, span);
    let before = &text[line.start..span.start];
    let after = &text[span.end..line.end];
    match before.rfind(open) {
        Some(o) => {
            let closed_before = before[o..].contains(close);
            !closed_before && after.contains(close)
        }
        None => false,
    }
}

/// Why a candidate secret must not be reported, if it must not.
pub fn reject_reason(text: &str, rule: &SecretRule, span: &Range<usize>) -> Option<&'static str> {
    let secret = &text[span.clone()];
    if enclosed(text, span, "ENC[", "]") {
        return Some("sops-encrypted");
    }
    if enclosed(text, span, "{{", "}}") {
        return Some("template");
    }
    if text[..span.start].ends_with("sha256:") || text[..span.start].ends_with("@sha256:") {
        return Some("digest");
    }
    match rule.kind {
        Kind::PrivateKey => None,
        Kind::Provider => {
            let l = secret.to_ascii_lowercase();
            if l.contains("example") || l.contains("xxxxxxxx") || l.contains("00000000") {
                Some("placeholder")
            } else if is_template(secret) {
                Some("template")
            } else {
                None
            }
        }
        Kind::Generic | Kind::Url => match classify_value(secret) {
            ValueClass::Literal => None,
            ValueClass::Empty => Some("empty"),
            ValueClass::Template => Some("template"),
            ValueClass::Reference => Some("reference"),
            ValueClass::Encrypted => Some("encrypted"),
            ValueClass::Placeholder => Some("placeholder"),
            ValueClass::Public => Some("public"),
            ValueClass::Identifier => Some("identifier"),
        },
    }
}
