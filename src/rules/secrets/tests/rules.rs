//! Per-rule behaviour: every rule fires on its fake token with the exact span and not on its
//! near-miss; rule metadata; checksums; structural validators; redaction and fingerprints;
//! the base64 and key/value entry points.

use super::fakes::*;
use super::rule_spans;
use crate::rules::secrets::checksum::{base62_crc32_valid, base62_encode, crc32};
use crate::rules::secrets::*;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

#[test]
fn every_rule_fires_on_its_fake_token_with_the_exact_span() {
    let mut failures = Vec::new();
    for c in cases() {
        let spans = rule_spans(&c.text, c.rule);
        if spans != [c.secret.clone()] {
            let found: Vec<_> =
                scan_text(&c.text).iter().map(|m| format!("{} {}", m.rule.name, m.redacted)).collect();
            failures.push(format!("{}: expected one match, got {:?} (all: {found:?})", c.rule, spans.len()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_rule_fires_on_its_near_miss() {
    let mut failures = Vec::new();
    for c in cases() {
        let spans = rule_spans(&c.near_miss, c.rule);
        if !spans.is_empty() {
            failures.push(format!("{}: fired on near-miss {:?}", c.rule, c.near_miss.trim()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_test_case() {
    let cases = cases();
    let missing: Vec<_> =
        RULES.iter().filter(|r| !cases.iter().any(|c| c.rule == r.name)).map(|r| r.name).collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

#[test]
fn rule_table_metadata_is_complete_and_unique() {
    let mut ids = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    // Text detector ids are sequential, leaving out the structural detectors' SEC137-SEC142.
    let structural = crate::rules::secrets::catalog::STRUCTURAL.map(|r| r.id);
    let mut expected = (1..).map(|n| format!("SEC{n:03}")).filter(|id| !structural.contains(&id.as_str()));
    for (i, r) in RULES.iter().enumerate() {
        assert_eq!(r.id, expected.next().unwrap(), "ids are sequential");
        assert!(ids.insert(r.id) && names.insert(r.name), "{} duplicated", r.id);
        assert!(
            r.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{} name is kebab-case",
            r.id
        );
        assert!(["critical", "high", "medium", "low"].contains(&r.severity), "{}", r.id);
        assert!(!r.title.is_empty() && r.description.len() > 20, "{}", r.id);
        assert!(!r.keywords.is_empty(), "{}", r.id);
        for k in r.keywords {
            assert_eq!(*k, k.to_ascii_lowercase(), "{} keyword {k} is lower-case", r.id);
        }
        // Compiles, and its secret group exists.
        if r.regex_source().is_some() {
            let re = engine::regex_for(i);
            assert!(r.secret_group < re.captures_len(), "{} secret group", r.id);
        }
    }
    assert!(rule("SEC004").is_some_and(|r| r.name == "github-pat"));
    assert!(rule("generic-secret").is_some());
}

#[test]
fn github_checksum_accepts_valid_and_rejects_corrupted_tokens() {
    let r = &mut Rng(42);
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"] {
        for _ in 0..50 {
            let t = checksummed(r, prefix);
            assert!(base62_crc32_valid(&t), "{t}");
            assert!(!base62_crc32_valid(&corrupt_last(&t)));
        }
    }
    // A random body with a random "checksum" essentially never validates.
    let random_valid =
        (0..2000).filter(|_| base62_crc32_valid(&format!("ghp_{}", r.pick(ALNUM, 36)))).count();
    assert_eq!(random_valid, 0);
    // Known CRC32 (IEEE) values.
    assert_eq!(crc32(b""), 0);
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(base62_encode(61, 6), "00000z");
}

#[test]
fn corrupted_github_token_is_not_reported() {
    let r = &mut Rng(7);
    let good = checksummed(r, "ghp_");
    let bad = corrupt_last(&good);
    assert_eq!(rule_spans(&format!("GITHUB_TOKEN={good}"), "github-pat"), [good]);
    assert!(scan_text(&format!("GITHUB_TOKEN={bad}")).iter().all(|m| m.rule.name != "github-pat"));
}

#[test]
fn private_keys_in_openssh_json_and_yaml_block_forms() {
    let r = &mut Rng(11);
    let openssh = format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n{}\n-----END OPENSSH PRIVATE KEY-----",
        pem_body(r, 4)
    );
    assert_eq!(rule_spans(&openssh, "private-key"), std::slice::from_ref(&openssh));
    let indented = format!("stringData:\n  id_rsa: |\n    {}\n", openssh.replace('\n', "\n    "));
    let found = rule_spans(&indented, "private-key");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("-----BEGIN OPENSSH PRIVATE KEY-----")
            && found[0].ends_with("-----END OPENSSH PRIVATE KEY-----")
    );
    // Elided documentation keys and public material are not private keys.
    for text in [
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
        "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
    ] {
        assert!(scan_text(text).is_empty(), "{text}");
    }
}

#[test]
fn jwt_requires_a_json_header_with_alg() {
    let r = &mut Rng(5);
    let good = jwt(r);
    assert!(structure::is_jwt(&good));
    let no_alg = format!(
        "{}.{}.sig",
        URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(br#"{"sub":"x"}"#)
    );
    assert!(!structure::is_jwt(&no_alg));
    assert!(scan_text(&format!("token: {no_alg}")).iter().all(|m| m.rule.name != "jwt"));
}

#[test]
fn redaction_never_shows_the_secret() {
    for c in cases() {
        let r = redact(&c.secret);
        assert!(!r.contains(&c.secret), "{}", c.rule);
        let shown = r.split('…').next().unwrap();
        assert!(shown.chars().count() <= 4 && c.secret.starts_with(shown), "{}: {r}", c.rule);
        assert!(r.ends_with(&format!("({} chars)", c.secret.chars().count())));
        for m in scan_text(&c.text) {
            let printed = format!("{m:?}");
            assert!(!printed.contains(&c.secret), "{}: Debug output leaks the secret", c.rule);
            assert!(!m.redacted.contains(&c.secret) && !m.fingerprint.contains(&c.secret));
        }
    }
    assert_eq!(redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "ghp_…(40 chars)");
    assert_eq!(redact("hunter2"), "…(7 chars)");
    assert_eq!(redact("hunter22"), "h…(8 chars)");
    assert_eq!(redact("Summer2024!x"), "Su…(12 chars)");
}

#[test]
fn fingerprints_are_stable_and_distinguish_rule_and_value() {
    let a = fingerprint("SEC089", "hunter2hunter2");
    assert_eq!(a, fingerprint("SEC089", "hunter2hunter2"));
    assert_eq!(a.len(), 64);
    assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_ne!(a, fingerprint("SEC089", "hunter2hunter3"));
    assert_ne!(a, fingerprint("SEC004", "hunter2hunter2"));
    // Same secret, different place and formatting: same fingerprint.
    let one = scan_text("password: hunter2hunter2");
    let two = scan_text("\n\n  PASSWORD = \"hunter2hunter2\"  # moved");
    assert_eq!(one[0].fingerprint, two[0].fingerprint);
}

#[test]
fn base64_secret_data_is_decoded_and_judged() {
    let r = &mut Rng(9);
    // A private key in Secret data.
    let key = format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", pem_body(r, 6));
    let scan = decode_base64_and_scan(&STANDARD.encode(&key)).unwrap();
    assert!(scan.is_text);
    assert_eq!(scan.matches.len(), 1);
    assert_eq!(scan.matches[0].rule.name, "private-key");
    // A provider token.
    let token = checksummed(r, "ghp_");
    let scan = decode_base64_and_scan(&STANDARD.encode(&token)).unwrap();
    assert_eq!(scan.matches[0].rule.name, "github-pat");
    assert_eq!(scan.matches[0].span, 0..token.len());
    // Placeholders and certificates decode to their classes.
    assert_eq!(decode_base64_and_scan("Y2hhbmdlbWU=").unwrap().class, ValueClass::Placeholder);
    let cert = STANDARD.encode("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    let scan = decode_base64_and_scan(&cert).unwrap();
    assert_eq!(scan.class, ValueClass::Public);
    assert!(scan.matches.is_empty());
    // A password decodes to a literal (the caller decides: every Secret data key is secret-bearing).
    let scan = decode_base64_and_scan("c3RvcmFnZW9z").unwrap();
    assert_eq!((scan.class, scan.decoded_len), (ValueClass::Literal, 9));
    // Binary and non-base64.
    assert!(!decode_base64_and_scan(&STANDARD.encode([0xff, 0xfe, 0x00, 0x81])).unwrap().is_text);
    assert!(decode_base64_and_scan("not base64!").is_none());
}

#[test]
fn key_value_judgement_for_structural_pairs() {
    // env: - name: DB_PASSWORD / value: s3cr3tPassw0rdX9
    let found = scan_key_value("DB_PASSWORD", "s3cr3tPassw0rdX9");
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].rule.name, found[0].span.clone()), ("generic-secret", 0..16));
    assert!(scan_key_value("DB_PASSWORD", "{{ .Values.password }}").is_empty());
    assert!(scan_key_value("DB_HOST", "postgres.default.svc").is_empty());
    assert!(scan_key_value("LOG_LEVEL", "debug").is_empty());
    // A provider token is found whatever the key.
    let token = checksummed(&mut Rng(2), "ghp_");
    assert_eq!(scan_key_value("SOMETHING", &token)[0].rule.name, "github-pat");
}

/// The syntaxes a provider token shows up in: YAML (plain, quoted), JSON, dotenv/shell,
/// HCL/TOML, Kubernetes env lists. `key` is the variable name, `secret` the token.
fn placements(key: &str, secret: &str, keyed: bool) -> Vec<String> {
    let mut v = vec![
        format!("config:\n  {key}: {secret}\n"),
        format!("config:\n  {key}: \"{secret}\"\n"),
        format!("  {key}: '{secret}'\n"),
        format!("{{\n  \"{key}\": \"{secret}\",\n  \"enabled\": true\n}}\n"),
        format!("{{\"{key}\":\"{secret}\"}}"),
        format!("export {key}=\"{secret}\"\n"),
        format!("{key} = \"{secret}\"\n"),
        format!("apiVersion: v1\nkind: ConfigMap\ndata:\n  {key}: {secret}\n"),
    ];
    if !keyed {
        // The key is on the previous line: only self-identifying formats can be found here.
        v.push(format!("env:\n  - name: {key}\n    value: \"{secret}\"\n"));
        v.push(format!("args: [\"--token\", \"{secret}\"]\n"));
    }
    v
}

/// Every provider case, placed in every syntax; precision and recall over all placements plus
/// every near-miss and hard negative text must stay at 1.0 for the formats we generate.
#[test]
fn provider_tokens_are_found_in_every_syntax() {
    let (mut tp, mut fn_, mut fp) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for c in cases() {
        let Some(key) =
            c.text.strip_suffix(&format!("={}\n", c.secret)).filter(|k| !k.contains(char::is_whitespace))
        else {
            continue;
        };
        let rule = rule(c.rule).unwrap();
        let keyed = matches!(rule.pattern, crate::rules::secrets::rule::Pattern::Keyed { .. })
            || rule.keywords.iter().all(|k| !c.secret.to_ascii_lowercase().contains(k));
        for text in placements(key, &c.secret, keyed) {
            let found = scan_text(&text);
            let hit = found.iter().any(|m| m.rule.name == c.rule && text[m.span.clone()] == c.secret);
            if hit {
                tp += 1;
            } else {
                fn_ += 1;
                misses.push(format!("{}: {:?}", c.rule, text.lines().last().unwrap_or("")));
            }
            fp += found.iter().filter(|m| text[m.span.clone()] != c.secret).count();
        }
        fp += scan_text(&c.near_miss).iter().filter(|m| m.rule.name == c.rule).count();
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    eprintln!("provider placements: {tp} found, {fn_} missed, {fp} false positives");
    assert!(tp > 500, "{tp} placements checked");
    assert!(misses.is_empty(), "missed:\n{}", misses.join("\n"));
    assert!(precision >= 0.99 && recall >= 0.99, "precision {precision:.3}, recall {recall:.3}");
}

#[test]
fn salted_fingerprints_use_hmac_sha256() {
    use crate::rules::secrets::redact::{hmac_sha256, salted_fingerprint};
    let hex = |b: [u8; 32]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    // RFC 4231 test cases 2 and 6 (a key longer than the block).
    assert_eq!(
        hex(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(
        hex(hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First")),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
    let a = salted_fingerprint(b"salt-1", "SEC089", "hunter2hunter2");
    assert_eq!(a, salted_fingerprint(b"salt-1", "SEC089", "hunter2hunter2"));
    assert_ne!(a, salted_fingerprint(b"salt-2", "SEC089", "hunter2hunter2"));
    assert_ne!(a, fingerprint("SEC089", "hunter2hunter2"));
    assert!(!a.contains("hunter2"));
}
