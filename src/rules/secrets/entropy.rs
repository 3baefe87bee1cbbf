//! Shannon entropy of a candidate secret and a length-aware threshold. A fixed threshold
//! (4.5 bits/char) rejects about half of random 32-character base64 secrets because the
//! plug-in entropy of a short string is bounded by log2(min(length, alphabet)). Instead the
//! threshold for a string of length n over an alphabet of k symbols is derived from the
//! distribution of the entropy of uniformly random strings of that length and alphabet:
//! mean minus 2.33 standard deviations, i.e. about the 1st percentile.

use std::sync::OnceLock;

/// Shannon entropy in bits per character, over bytes.
pub fn shannon(s: &str) -> f64 {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// The alphabet a candidate appears to be drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    Digits,
    Hex,
    Base62,
    Base64,
    /// Printable ASCII with punctuation (passwords, arbitrary keys).
    Printable,
}

impl Alphabet {
    pub fn size(self) -> usize {
        match self {
            Alphabet::Digits => 10,
            Alphabet::Hex => 16,
            Alphabet::Base62 => 62,
            Alphabet::Base64 => 64,
            Alphabet::Printable => 94,
        }
    }

    /// The smallest of our alphabets that contains every byte of `s`.
    pub fn of(s: &str) -> Alphabet {
        let b = s.as_bytes();
        if b.iter().all(u8::is_ascii_digit) {
            Alphabet::Digits
        } else if b.iter().all(u8::is_ascii_hexdigit)
            && (!b.iter().any(u8::is_ascii_lowercase) || !b.iter().any(u8::is_ascii_uppercase))
        {
            Alphabet::Hex
        } else if b.iter().all(u8::is_ascii_alphanumeric) {
            Alphabet::Base62
        } else if b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_' | b'='))
        {
            Alphabet::Base64
        } else {
            Alphabet::Printable
        }
    }
}

/// Mean and standard deviation of the plug-in entropy (bits/char) of a uniformly random
/// string of length `n` over `k` symbols. Each symbol count is Binomial(n, 1/k); the sum
/// over symbols of c·log2(c) has its variance computed with the usual correction for the
/// constraint that the counts add up to n (Poissonisation with regression on the count).
pub fn random_entropy_moments(n: usize, k: usize) -> (f64, f64) {
    if n < 2 {
        return (0.0, 0.0);
    }
    let nf = n as f64;
    let p = 1.0 / k as f64;
    // pmf of Binomial(n, p), computed iteratively in log space.
    let ln_p = p.ln();
    let ln_q = (1.0 - p).ln();
    let mut ln_choose = 0.0f64; // ln C(n, 0)
    let (mut ef, mut ef2, mut enf) = (0.0, 0.0, 0.0);
    for j in 0..=n {
        if j > 0 {
            ln_choose += ((n - j + 1) as f64).ln() - (j as f64).ln();
        }
        let pmf = (ln_choose + j as f64 * ln_p + (n - j) as f64 * ln_q).exp();
        let jf = j as f64;
        let f = if j > 1 { jf * jf.log2() } else { 0.0 };
        ef += pmf * f;
        ef2 += pmf * f * f;
        enf += pmf * jf * f;
    }
    let mean_n = nf * p;
    let var_n = nf * p * (1.0 - p);
    let var_f = ef2 - ef * ef;
    let cov = enf - mean_n * ef;
    let kf = k as f64;
    let var_sum = (kf * (var_f - cov * cov / var_n)).max(0.0);
    let mean_h = nf.log2() - kf * ef / nf;
    (mean_h, var_sum.sqrt() / nf)
}

/// Longest length for which thresholds are tabulated; longer strings use the last entry.
const MAX_LEN: usize = 256;
/// Largest alphabet considered (printable ASCII).
const MAX_ALPHABET: usize = 96;

/// Thresholds for one alphabet size, for every length up to `MAX_LEN`.
fn row(k: usize) -> &'static [f64] {
    static ROWS: [OnceLock<Vec<f64>>; MAX_ALPHABET + 1] = [const { OnceLock::new() }; MAX_ALPHABET + 1];
    let k = k.clamp(2, MAX_ALPHABET);
    ROWS[k].get_or_init(|| {
        (0..=MAX_LEN)
            .map(|n| {
                let (mean, sd) = random_entropy_moments(n, k);
                mean - 2.33 * sd
            })
            .collect()
    })
}

/// The entropy that a random string of length `len` over `k` symbols exceeds in about 99 %
/// of cases.
pub fn random_threshold_for_size(len: usize, k: usize) -> f64 {
    row(k)[len.min(MAX_LEN)]
}

/// The entropy that a random string of this length over this alphabet exceeds in about 99 %
/// of cases.
pub fn random_threshold(len: usize, alphabet: Alphabet) -> f64 {
    random_threshold_for_size(len, alphabet.size())
}

/// The size of the alphabet `s` appears drawn from: 10 for digits, 16 for single-case hex,
/// otherwise the sum of the character classes present (26 lower, 26 upper, 10 digits, 2 for
/// each base64 symbol pair `+/` and `-_`, 32 for other punctuation; digits are assumed
/// whenever letters are present). A token over
/// `[a-z0-9_-]` is judged against random strings over 38 symbols, not 64.
pub fn alphabet_size(s: &str) -> usize {
    let b = s.as_bytes();
    match Alphabet::of(s) {
        Alphabet::Digits => return 10,
        Alphabet::Hex => return 16,
        _ => {}
    }
    let has = |f: fn(&u8) -> bool| b.iter().any(f);
    let mut k = 0;
    if has(u8::is_ascii_lowercase) {
        k += 26;
    }
    if has(u8::is_ascii_uppercase) {
        k += 26;
    }
    // Generated tokens over letters nearly always allow digits too (a random 20-character
    // alphanumeric string lacks digits with probability ~0.1 %): count them whenever
    // letters are present, so dictionary words are judged against alphanumeric randomness.
    if has(u8::is_ascii_digit) || has(u8::is_ascii_alphabetic) {
        k += 10;
    }
    if has(|c| matches!(c, b'+' | b'/')) {
        k += 2;
    }
    if has(|c| matches!(c, b'-' | b'_')) {
        k += 2;
    }
    if has(|c| c.is_ascii_punctuation() && !matches!(c, b'+' | b'/' | b'-' | b'_' | b'=')) {
        k += 32;
    }
    k.max(2)
}

/// Whether `s` looks as random as a generated secret of its length and alphabet.
pub fn looks_random(s: &str) -> bool {
    shannon(s) >= random_threshold_for_size(s.len(), alphabet_size(s))
}
