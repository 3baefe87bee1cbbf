//! The generic detector: a secret-like key (`password`, `client_secret`, `api_key`, ...) assigned
//! a literal value in any syntax (YAML, JSON, dotenv, INI, properties, HCL, shell, code). The key
//! name decides what evidence the value needs: passwords are human-made, so they get no entropy
//! gate (only placeholder/dictionary filters); token-like keys need a value as random as a
//! generated secret of that length (`entropy::looks_random`). Also home of the
//! URL-with-credentials validator, which shares the value checks.

use super::entropy;
use super::rule::Candidate;
use std::ops::Range;

/// What a secret-like key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A human-chosen password or passphrase.
    Password,
    /// A generated secret: token, API key, client secret, private/access key.
    Token,
}

/// Splits a key into lower-case words at `_`, `-`, `.`, spaces and camelCase boundaries.
pub fn key_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Last words that turn a secret-looking key into metadata about a secret.
const NEGATIVE_LAST: &[&str] = &[
    "name",
    "names",
    "ref",
    "refs",
    "reference",
    "path",
    "paths",
    "file",
    "files",
    "filename",
    "dir",
    "directory",
    "id",
    "ids",
    "url",
    "urls",
    "uri",
    "endpoint",
    "header",
    "headers",
    "field",
    "fields",
    "type",
    "types",
    "enabled",
    "enable",
    "disabled",
    "disable",
    "length",
    "len",
    "size",
    "policy",
    "policies",
    "env",
    "var",
    "variable",
    "template",
    "format",
    "algorithm",
    "alg",
    "ttl",
    "expiry",
    "expiration",
    "expires",
    "expire",
    "rotation",
    "version",
    "count",
    "min",
    "max",
    "regex",
    "pattern",
    "description",
    "desc",
    "annotation",
    "annotations",
    "selector",
    "mount",
    "mountpath",
    "provider",
    "store",
    "namespace",
    "mode",
    "prefix",
    "suffix",
    "label",
    "labels",
    "kind",
    "location",
    "source",
    "scope",
    "scopes",
    "audience",
    "issuer",
    "class",
    "lifetime",
    "timeout",
    "duration",
    "period",
    "interval",
    "retries",
    "generator",
    "required",
    "create",
    "created",
    "manager",
    "backend",
    "engine",
    "method",
    "methods",
    "strategy",
    "hash",
    "hashed",
    "digest",
    "encrypted",
    "encoding",
    "level",
    "status",
    "count",
    "limit",
    "spec",
    "config",
    "mapping",
    "secretname",
    "keyref",
    "exists",
    "valid",
    "validation",
    "from",
    "input",
    "output",
    "param",
    "parameter",
    "arn",
    "placeholder",
    "example",
    "sample",
    "owner",
    "user",
    "username",
    "login",
    "account",
    "email",
    "host",
    "port",
    "server",
    "database",
    "region",
    "bucket",
    "key",
    "time",
    "mtime",
    "date",
    "timestamp",
    "hint",
    "prompt",
    "help",
    "message",
    "text",
    "title",
];

/// Words anywhere in the key that mark a reference, public material or a non-secret.
const NEGATIVE_ANY: &[&str] = &[
    "existing",
    "public",
    "pub",
    "secretname",
    "keyref",
    "csrf",
    "xsrf",
    "tokenizer",
    "lookup",
    "rotate",
    "reset",
    "forgot",
    "show",
    "hide",
    "toggle",
    "use",
    "allow",
    "require",
];

const PASSWORD_STEMS: &[&str] = &["password", "passwd", "passphrase", "passwort", "contrasena"];
const TOKEN_STEMS: &[&str] = &["secret", "token", "apikey", "credential", "privatekey", "accesskey"];
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "private",
    "secret",
    "auth",
    "signing",
    "encryption",
    "master",
    "account",
    "storage",
    "app",
    "client",
    "service",
    "license",
    "session",
    "webhook",
];

/// Whether a key names a secret, and which kind.
pub fn key_kind(key: &str) -> Option<KeyKind> {
    if !may_name_secret(key) {
        return None;
    }
    let words = key_words(key);
    let last = words.last()?;
    if words.iter().any(|w| NEGATIVE_ANY.contains(&w.as_str())) {
        return None;
    }
    let is_password = |w: &str| PASSWORD_STEMS.iter().any(|s| w.contains(s)) || w == "pass" || w == "pwd";
    let is_token = |w: &str| TOKEN_STEMS.iter().any(|s| w.contains(s)) || w == "auth";
    // `...Key` is a secret when qualified (`api_key`, `secretKey`, `accountKey`), but names a
    // key of a Secret when it follows a password/token word (`passwordKey`, `tokenKey`).
    if last == "key" {
        let prev = words.len().checked_sub(2).map(|i| words[i].as_str());
        return match prev {
            Some(p) if is_password(p) => None,
            Some("token" | "tokens" | "credential" | "credentials") => None,
            Some(p) if KEY_QUALIFIERS.contains(&p) => Some(KeyKind::Token),
            _ => None,
        };
    }
    if NEGATIVE_LAST.contains(&last.as_str()) {
        return None;
    }
    if words.iter().any(|w| is_password(w)) {
        Some(KeyKind::Password)
    } else if words.iter().any(|w| is_token(w)) {
        Some(KeyKind::Token)
    } else {
        None
    }
}

/// A cheap superset test for `key_kind`: every key it accepts has a word containing a
/// password or token stem, or the word `pass`, `pwd`, `auth` or `key`; each of those holds
/// one of these fragments. Most keys (env names, ConfigMap keys) hold none and skip the
/// word split.
fn may_name_secret(key: &str) -> bool {
    fn starts(rest: &[u8], f: &[u8]) -> bool {
        rest.len() >= f.len() && rest[..f.len()].eq_ignore_ascii_case(f)
    }
    let b = key.as_bytes();
    // Dispatch on the (lower-cased) first letter: most positions start no fragment.
    (0..b.len()).any(|i| {
        let rest = &b[i..];
        match b[i] | 0x20 {
            b'p' => starts(rest, b"pass") || starts(rest, b"pwd"),
            b's' => starts(rest, b"secret"),
            b't' => starts(rest, b"token"),
            b'c' => starts(rest, b"credential") || starts(rest, b"contrasena"),
            b'a' => starts(rest, b"auth"),
            b'k' => starts(rest, b"key"),
            _ => false,
        }
    })
}

/// Strips matching quotes from `span` of `text`; an unterminated opening quote is dropped.
pub fn unquote(text: &str, span: Range<usize>) -> Range<usize> {
    let v = &text.as_bytes()[span.clone()];
    match v.first() {
        Some(&q @ (b'"' | b'\'' | b'`')) => {
            if v.len() >= 2 && v[v.len() - 1] == q {
                span.start + 1..span.end - 1
            } else {
                span.start + 1..span.end
            }
        }
        _ => span,
    }
}

fn char_classes(s: &str) -> usize {
    let b = s.as_bytes();
    [
        b.iter().any(u8::is_ascii_lowercase),
        b.iter().any(u8::is_ascii_uppercase),
        b.iter().any(u8::is_ascii_digit),
        b.iter().any(|c| c.is_ascii_punctuation()),
    ]
    .iter()
    .filter(|&&x| x)
    .count()
}

/// Code or configuration that computes a value rather than holding one:
/// `get_secret()`, `config.db.password`, `os.Getenv("X")`, `!vault |`.
fn is_expression(v: &str) -> bool {
    let b = v.as_bytes();
    (v.contains('(') && v.ends_with(')'))
        || v.starts_with('!')
        || v.starts_with('|')
        || v.starts_with('>')
        || v.starts_with('&')
        || v.starts_with('*') && v.len() > 1 && b[1].is_ascii_alphabetic()
        || (v.contains('.')
            && b.iter().all(|c| c.is_ascii_alphabetic() || matches!(c, b'.' | b'_'))
            && !v.starts_with('.')
            && !v.ends_with('.'))
        || v.ends_with(',') && v.len() < 4
}

/// Whether a value held by a key of kind `kind` is evidence enough of a secret.
pub fn value_is_secret(kind: KeyKind, value: &str) -> bool {
    if is_expression(value) {
        return false;
    }
    match kind {
        KeyKind::Password => {
            let digits_only = value.bytes().all(|b| b.is_ascii_digit());
            value.len() >= 6 && !(digits_only && value.len() < 8)
        }
        KeyKind::Token => {
            value.len() >= 8
                && char_classes(value) >= 2
                && value.bytes().any(|b| b.is_ascii_digit())
                && entropy::looks_random(value)
        }
    }
}

/// The text a base64 value decodes to, when it is base64 of printable ASCII (Secret `data`
/// pasted into a file): `cGFzc3dvcmQ=` is "password", a placeholder.
fn decoded_text(value: &str) -> Option<String> {
    let b = value.as_bytes();
    if b.len() < 8
        || !b.len().is_multiple_of(4)
        || !b.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
    {
        return None;
    }
    let decoded = super::structure::decode_base64(value)?;
    let printable = decoded.iter().all(|&c| (0x20..0x7f).contains(&c));
    (printable && !decoded.is_empty()).then(|| String::from_utf8(decoded).ok())?
}

/// Whether an unquoted value after `:` is followed by more words on its line (prose such as
/// `# Initial admin password: PLEASE CHANGE!`), which a single-token secret never is.
fn followed_by_words(text: &str, c: &Candidate<'_>, value: &Range<usize>) -> bool {
    let whole = c.groups.first().and_then(|g| g.clone());
    let colon = whole.is_some_and(|w| text[w.start..value.start].trim_end().ends_with(':'));
    if !colon || matches!(text.as_bytes()[value.start], b'"' | b'\'' | b'`') {
        return false;
    }
    let rest = &text.as_bytes()[value.end..(value.end + 256).min(text.len())];
    let rest = String::from_utf8_lossy(&rest[..rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())]);
    let rest = rest.trim_start();
    rest.starts_with(|ch: char| ch.is_ascii_alphanumeric())
}

/// Validator of the generic rule: group 1 is the key, group 2 the raw value.
pub fn validate_assignment(c: &Candidate<'_>) -> Option<Range<usize>> {
    let key = c.groups.get(1)?.clone()?;
    let raw = c.groups.get(2)?.clone()?;
    let kind = key_kind(&c.text[key])?;
    if followed_by_words(c.text, c, &raw) {
        return None;
    }
    let value = unquote(c.text, raw);
    let v = &c.text[value.clone()];
    if let Some(decoded) = decoded_text(v) {
        let literal = super::filters::classify_value(&decoded) == super::filters::ValueClass::Literal;
        return (literal && value_is_secret(kind, &decoded)).then_some(value);
    }
    value_is_secret(kind, v).then_some(value)
}

/// Validator of the URL rule: group 2 is the user, group 3 the password.
pub fn validate_url_credentials(c: &Candidate<'_>) -> Option<Range<usize>> {
    let user = &c.text[c.groups.get(2)?.clone()?];
    let password = c.groups.get(3)?.clone()?;
    let pw = &c.text[password.clone()];
    if pw.len() < 3 || user.contains("{{") || user.starts_with('$') || is_expression(pw) {
        return None;
    }
    Some(password)
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// Bytes that may stand right before a key.
fn opens_key(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(b, b'"' | b'\'' | b'`' | b'{' | b'(' | b'[' | b',' | b';' | b'&' | b'?' | b'|')
}

/// Parses `key <op> value` where `key_start..key_end` is a maximal run of key bytes and `end`
/// bounds the line: `key: value`, `key = "value"`, `"key": "value"`, `key := value`,
/// `key => 'value'`. Returns the groups `[whole, key, raw value]` (the value with its quotes).
fn assignment_at(b: &[u8], key_start: usize, key_end: usize, end: usize) -> Option<[Range<usize>; 3]> {
    if key_start > 0 && !opens_key(b[key_start - 1]) {
        return None;
    }
    let mut j = key_end;
    if j < end && matches!(b[j], b'"' | b'\'' | b'`') {
        j += 1;
    }
    while j < end && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    j += match &b[j..end] {
        [b':', b'=', ..] | [b'=', b'>', ..] => 2,
        [b'=' | b':', ..] => 1,
        _ => return None,
    };
    while j < end && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    if j >= end {
        return None;
    }
    let value_end = match b[j] {
        q @ (b'"' | b'\'' | b'`') => {
            let rest = &b[j + 1..end];
            match rest.iter().position(|&c| c == q || c == b'\r') {
                Some(k) if rest[k] == q => j + 1 + k + 1,
                Some(k) => j + 1 + k,
                None => end,
            }
        }
        _ => {
            let mut k = j;
            while k < end && !b[k].is_ascii_whitespace() && !matches!(b[k], b'"' | b'\'' | b'`' | b',' | b';')
            {
                k += 1;
            }
            k
        }
    };
    (value_end > j).then_some([key_start..value_end, key_start..key_end, j..value_end])
}

/// Finds the assignments whose key holds one of the keyword hits at `hits` (byte offsets of
/// keyword matches, ascending), each key judged once. Pushes the groups
/// `[whole, key, raw value]` per assignment.
pub fn assignments_at_hits(text: &str, hits: &[usize], out: &mut Vec<Vec<Option<Range<usize>>>>) {
    let b = text.as_bytes();
    let mut done_until = 0;
    let mut line_end = 0;
    for &hit in hits {
        if hit < done_until || hit >= b.len() || !is_key_byte(b[hit]) {
            continue;
        }
        let key_start = b[..hit].iter().rposition(|&c| !is_key_byte(c)).map_or(0, |i| i + 1);
        let key_end = b[hit..].iter().position(|&c| !is_key_byte(c)).map_or(b.len(), |i| hit + i);
        done_until = key_end;
        // The first newline after `key_end`; reused while hits stay on the same line, so a
        // long line with many hits is not rescanned per hit.
        if key_end > line_end {
            line_end = b[key_end..].iter().position(|&c| c == b'\n').map_or(b.len(), |i| key_end + i);
        }
        if let Some(groups) = assignment_at(b, key_start, key_end, line_end) {
            done_until = groups[0].end;
            out.push(groups.into_iter().map(Some).collect());
        }
    }
}

#[cfg(test)]
mod prefilter_tests {
    use super::*;

    #[test]
    fn prefilter_passes_every_word_key_kind_accepts() {
        let words = PASSWORD_STEMS.iter().chain(TOKEN_STEMS).chain(&["pass", "pwd", "auth", "key"]);
        for w in words {
            for k in [w.to_string(), w.to_uppercase(), format!("db_{w}_x"), format!("my{}", w.to_uppercase())]
            {
                assert!(may_name_secret(&k), "{k}");
            }
        }
        assert_eq!(key_kind("DB_PASSWORD"), Some(KeyKind::Password));
        assert_eq!(key_kind("apiKey"), Some(KeyKind::Token));
        assert!(!may_name_secret("LOG_LEVEL"));
        assert_eq!(key_kind("LOG_LEVEL"), None);
    }
}
