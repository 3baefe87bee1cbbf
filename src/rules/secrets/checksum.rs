//! Offline checksums carried by some token formats. GitHub classic tokens (`ghp_`, `gho_`,
//! `ghu_`, `ghs_`, `ghr_`) and npm tokens (`npm_`) end with six base62 characters encoding the
//! CRC32 (IEEE) of the 30 random characters before them: a random 36-character string passes
//! with probability ~2^-32, so a failed check means "not a real token" (a typo, a made-up
//! example, a hash that happens to fit the alphabet).

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const fn crc32_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

static CRC32_TABLE: [u32; 256] = crc32_table();

/// CRC-32 (IEEE 802.3, as in zlib and Go's `hash/crc32`).
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc = CRC32_TABLE[((crc ^ b as u32) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// `value` in base62 (0-9A-Za-z), left-padded with `0` to `width` characters.
pub fn base62_encode(mut value: u64, width: usize) -> String {
    let mut out = Vec::with_capacity(width);
    while value > 0 {
        out.push(BASE62[(value % 62) as usize]);
        value /= 62;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).expect("base62 digits are ASCII")
}

fn base62_decode(s: &[u8]) -> Option<u64> {
    s.iter().try_fold(0u64, |acc, &c| {
        let digit = BASE62.iter().position(|&d| d == c)? as u64;
        acc.checked_mul(62)?.checked_add(digit)
    })
}

/// Whether a `<prefix>_<30 random><6 checksum>` token carries a valid CRC32 checksum.
pub fn base62_crc32_valid(token: &str) -> bool {
    let Some((_, body)) = token.split_once('_') else {
        return false;
    };
    let body = body.as_bytes();
    if body.len() != 36 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (random, check) = body.split_at(30);
    base62_decode(check) == Some(crc32(random) as u64)
}
