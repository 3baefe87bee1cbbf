//! Structural validation of candidates whose format can be checked offline: JWTs must decode
//! to a JSON header naming an `alg`, private key blocks must hold a real base64 body (not
//! `...` or `<your key>`), base64-wrapped PEM must decode to a private key, and SealedSecret
//! ciphertext is recognised by its header so it is never mistaken for a secret.

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};

use super::rule::Candidate;
use std::ops::Range;

const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
/// Standard alphabet, padding optional.
pub const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
/// URL-safe alphabet, padding optional.
pub const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// Decodes base64 in either alphabet, ignoring ASCII whitespace (Secret data may be folded).
pub fn decode_base64(value: &str) -> Option<Vec<u8>> {
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return None;
    }
    if compact.contains(['-', '_']) {
        URL_SAFE_LENIENT.decode(compact.as_bytes()).ok()
    } else {
        STANDARD_LENIENT.decode(compact.as_bytes()).ok()
    }
}

fn is_json_object_with(bytes: &[u8], field: Option<&str>) -> bool {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(map)) => field.is_none_or(|f| map.contains_key(f)),
        _ => false,
    }
}

/// A JWT: `header.payload.signature`, header a JSON object with `alg`, payload a JSON object.
pub fn is_jwt(token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
        return false;
    };
    let decode = |s: &str| general_purpose::URL_SAFE_NO_PAD.decode(s.trim_end_matches('='));
    match (decode(header), decode(payload)) {
        (Ok(h), Ok(p)) => is_json_object_with(&h, Some("alg")) && is_json_object_with(&p, None),
        _ => false,
    }
}

pub fn validate_jwt(c: &Candidate<'_>) -> Option<Range<usize>> {
    is_jwt(&c.text[c.secret.clone()]).then(|| c.secret.clone())
}

/// A base64-wrapped JWT: the value decodes (standard alphabet) to a JWT (`validate_jwt`).
pub fn validate_base64_jwt(c: &Candidate<'_>) -> Option<Range<usize>> {
    let decoded = decode_base64(&c.text[c.secret.clone()])?;
    let text = std::str::from_utf8(&decoded).ok()?;
    is_jwt(text.trim_end()).then(|| c.secret.clone())
}

/// Longest private key block considered (an 8192-bit RSA key is ~6.5 KB of PEM).
const MAX_PEM: usize = 64 * 1024;

fn is_b64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// Counts the base64 characters of a PEM body, or `None` when the body holds anything else
/// (an elided `...`, a `<placeholder>`, prose). PEM header lines (`Proc-Type: ...`) and the
/// escapes of a JSON string (`\n`) are allowed.
fn pem_body_chars(body: &str) -> Option<usize> {
    let body = body.replace("\\r", "\n").replace("\\n", "\n");
    let mut count = 0;
    for line in body.lines() {
        let line = line.trim().trim_matches(|c| c == '"' || c == '\'');
        if line.is_empty() || line.contains(':') {
            continue;
        }
        if !line.bytes().all(is_b64_byte) {
            return None;
        }
        count += line.len();
    }
    Some(count)
}

/// Given the end of a `-----BEGIN ... PRIVATE KEY-----` header in `text`, returns the end of
/// the whole block when its body is a real key.
pub fn private_key_block_end(text: &str, header_end: usize) -> Option<usize> {
    let limit = (header_end + MAX_PEM).min(text.len());
    let window = text.get(header_end..limit)?;
    if let Some(pos) = window.find("-----END") {
        let tail = &window[pos..];
        let close = tail[8..].find("-----").map(|i| i + 8 + 5)?;
        if !tail[..close].contains("PRIVATE KEY") {
            return None;
        }
        let chars = pem_body_chars(&window[..pos])?;
        (chars >= 64).then_some(header_end + pos + close)
    } else {
        // Truncated block: accept a long contiguous base64 body.
        let end = window
            .bytes()
            .position(|b| !(is_b64_byte(b) || b.is_ascii_whitespace() || b == b'\\'))
            .unwrap_or(window.len());
        let chars = pem_body_chars(&window[..end])?;
        (chars >= 256).then_some(header_end + end)
    }
}

pub fn validate_private_key(c: &Candidate<'_>) -> Option<Range<usize>> {
    let end = private_key_block_end(c.text, c.secret.end)?;
    Some(c.secret.start..end)
}

/// Whether decoded bytes hold a private key block.
pub fn decoded_is_private_key(decoded: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(decoded) else {
        return false;
    };
    let Some(begin) = text.find("-----BEGIN") else {
        return false;
    };
    let Some(header_len) = text[begin + 10..].find("-----").map(|i| i + 10 + 5) else {
        return false;
    };
    let header = &text[begin..begin + header_len];
    header.contains("PRIVATE KEY") && private_key_block_end(text, begin + header_len).is_some()
}

pub fn validate_base64_private_key(c: &Candidate<'_>) -> Option<Range<usize>> {
    let decoded = decode_base64(&c.text[c.secret.clone()])?;
    decoded_is_private_key(&decoded).then(|| c.secret.clone())
}

/// Bitnami SealedSecret ciphertext: base64 of a big-endian u16 length of the RSA-OAEP
/// wrapped session key (256/384/512 bytes for RSA-2048/3072/4096), that key, then the
/// AES-GCM sealed payload (at least its 16-byte tag).
pub fn is_sealed_secret_ciphertext(value: &str) -> bool {
    if value.len() < 340 || !(value.starts_with("Ag") || value.starts_with("AQ") || value.starts_with("AY")) {
        return false;
    }
    let Some(bytes) = decode_base64(value) else {
        return false;
    };
    if bytes.len() < 2 {
        return false;
    }
    let rsa_len = u16::from_be_bytes([bytes[0], bytes[1]]) as usize;
    matches!(rsa_len, 256 | 384 | 512) && bytes.len() >= 2 + rsa_len + 16
}
