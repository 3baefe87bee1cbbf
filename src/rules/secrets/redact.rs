//! Redaction and fingerprints: the only forms in which a secret may leave the detector. A
//! redacted value shows at most 4 leading characters (fewer for short secrets, none under 8)
//! plus the length; a fingerprint is a SHA-256 over the rule id and the value, so the same
//! secret in another place or after a reformat gets the same fingerprint (for baselines)
//! without the value itself being recoverable from the output.

use sha2::{Digest, Sha256};

/// How many leading characters of a secret of `len` characters may be shown.
fn shown_chars(len: usize) -> usize {
    match len {
        0..=7 => 0,
        8..=11 => 1,
        12..=19 => 2,
        _ => 4,
    }
}

/// `ghp_…(40 chars)`: the first few characters, an ellipsis and the length in characters.
pub fn redact(secret: &str) -> String {
    let len = secret.chars().count();
    let prefix: String = secret.chars().take(shown_chars(len)).collect();
    format!("{prefix}…({len} chars)")
}

/// Hex SHA-256 of a domain tag, the rule id and the secret value.
pub fn fingerprint(rule_id: &str, secret: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kubegate-secret-v1\0");
    hasher.update(rule_id.as_bytes());
    hasher.update(b"\0");
    hasher.update(secret.as_bytes());
    let digest = hasher.finalize();
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}
