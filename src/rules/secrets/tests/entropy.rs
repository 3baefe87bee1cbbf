//! The entropy measure and the length-aware threshold, checked against simulated random strings.

use super::fakes::*;
use crate::rules::secrets::entropy::{self, Alphabet, random_entropy_moments, random_threshold, shannon};

#[test]
fn shannon_entropy_of_known_strings() {
    assert_eq!(shannon(""), 0.0);
    assert_eq!(shannon("aaaa"), 0.0);
    assert!((shannon("ab") - 1.0).abs() < 1e-12);
    assert!((shannon("abcd") - 2.0).abs() < 1e-12);
    assert!((shannon("0123456789abcdef") - 4.0).abs() < 1e-12);
}

#[test]
fn alphabet_detection() {
    assert_eq!(Alphabet::of("0123456789"), Alphabet::Digits);
    assert_eq!(Alphabet::of("deadbeef01"), Alphabet::Hex);
    assert_eq!(Alphabet::of("DEADBEEF01"), Alphabet::Hex);
    assert_eq!(Alphabet::of("DeadBeef01"), Alphabet::Base62);
    assert_eq!(Alphabet::of("ab+/cd=="), Alphabet::Base64);
    assert_eq!(Alphabet::of("Tr0ub4dor&3"), Alphabet::Printable);
}

#[test]
fn length_aware_threshold_matches_simulated_first_percentile() {
    // 1st percentiles of simulated random strings (research notes, secrets.md §5.4).
    let reference = [
        (Alphabet::Hex, 12, 2.36),
        (Alphabet::Hex, 32, 3.25),
        (Alphabet::Hex, 64, 3.62),
        (Alphabet::Base62, 16, 3.33),
        (Alphabet::Base62, 32, 4.20),
        (Alphabet::Base64, 24, 3.89),
        (Alphabet::Base64, 32, 4.23),
        (Alphabet::Base64, 64, 4.93),
    ];
    for (alphabet, len, p1) in reference {
        let t = random_threshold(len, alphabet);
        assert!((t - p1).abs() < 0.12, "{alphabet:?} len {len}: threshold {t:.3}, reference p1 {p1}");
    }
    let (mean, _) = random_entropy_moments(32, 64);
    assert!((mean - 4.56).abs() < 0.05, "mean entropy of 32 base64 chars {mean}");
}

#[test]
fn length_aware_threshold_keeps_random_secrets_that_a_fixed_one_drops() {
    let r = &mut Rng(1);
    for (alphabet, chars) in [(Alphabet::Hex, HEX), (Alphabet::Base62, ALNUM), (Alphabet::Base64, B64)] {
        for len in [12, 16, 20, 24, 32, 40, 64] {
            let samples: Vec<String> = (0..1000).map(|_| r.pick(chars, len)).collect();
            let rejected = samples.iter().filter(|s| shannon(s) < random_threshold(len, alphabet)).count();
            assert!(rejected <= 30, "{alphabet:?} len {len}: {rejected}/1000 random strings rejected");
        }
    }
    let fixed_rejects = |r: &mut Rng, len| (0..1000).filter(|_| shannon(&r.pick(B64, len)) < 4.5).count();
    let (at24, at32) = (fixed_rejects(r, 24), fixed_rejects(r, 32));
    assert!(at24 > 900, "a fixed 4.5 drops nearly all 24-char base64 secrets ({at24}/1000)");
    assert!(at32 > 200, "a fixed 4.5 drops many 32-char base64 secrets ({at32}/1000)");
    // Human-made and repetitive strings stay below.
    for s in ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abcabcabcabcabcabcabcabcabcabc12", "my-oidc-client-secret"]
    {
        assert!(!entropy::looks_random(s), "{s}");
    }
}

#[test]
fn alphabet_size_follows_the_character_classes_present() {
    assert_eq!(entropy::alphabet_size("0123456789"), 10);
    assert_eq!(entropy::alphabet_size("deadbeef"), 16);
    assert_eq!(entropy::alphabet_size("abc-def_1"), 38);
    assert_eq!(entropy::alphabet_size("abcdefgh"), 36);
    assert_eq!(entropy::alphabet_size("aB3+/"), 64);
    assert_eq!(entropy::alphabet_size("Tr0ub4dor&3"), 94);
    // Random tokens over a small alphabet are judged against that alphabet, not base64.
    let r = &mut Rng(21);
    let lowdash = "abcdefghijklmnopqrstuvwxyz0123456789_-";
    let kept = (0..1000).filter(|_| entropy::looks_random(&r.pick(lowdash, 32))).count();
    assert!(kept >= 970, "{kept}/1000 random [a-z0-9_-] tokens kept");
}
