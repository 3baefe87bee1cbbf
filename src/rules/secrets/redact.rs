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

/// HMAC-SHA-256 (RFC 2104) of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block_key = [0u8; BLOCK];
    if key.len() > BLOCK {
        block_key[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block_key[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block_key.map(|k| k ^ byte);
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// Like `fingerprint`, keyed with a per-baseline random salt (HMAC-SHA-256), for files that
/// are committed: a plain hash of a low-entropy password can be reversed by trying a word
/// list, a salted one cannot without the salt.
pub fn salted_fingerprint(salt: &[u8], rule_id: &str, secret: &str) -> String {
    let mut message = Vec::with_capacity(rule_id.len() + 1 + secret.len());
    message.extend_from_slice(rule_id.as_bytes());
    message.push(0);
    message.extend_from_slice(secret.as_bytes());
    hmac_sha256(salt, &message).iter().map(|b| format!("{b:02x}")).collect()
}
