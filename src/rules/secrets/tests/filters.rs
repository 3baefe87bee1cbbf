//! False-positive filters: every "never flag" class, key and value classification, the generic
//! rule on real-world syntaxes, and hard negatives copied from public GitOps repositories.

use super::fakes::*;
use super::rule_spans;
use crate::rules::secrets::*;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

fn testdata(name: &str) -> String {
    let path = format!("{}/testdata/secrets/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn generic_key_classification() {
    use KeyKind::{Password, Token};
    for (key, kind) in [
        ("password", Some(Password)),
        ("DB_PASSWORD", Some(Password)),
        ("adminPassword", Some(Password)),
        ("rootpassword", Some(Password)),
        ("MYSQL_ROOT_PASS", Some(Password)),
        ("client_secret", Some(Token)),
        ("clientSecret", Some(Token)),
        ("api_key", Some(Token)),
        ("apiKey", Some(Token)),
        ("AWS_SECRET_ACCESS_KEY", Some(Token)),
        ("secretKey", Some(Token)),
        ("auth_token", Some(Token)),
        ("GITHUB_TOKEN", Some(Token)),
        ("secretName", None),
        ("existingSecret", None),
        ("existingSecretPasswordKey", None),
        ("passwordKey", None),
        ("secretKeyRef", None),
        ("tokenPath", None),
        ("passwordFile", None),
        ("DB_PASSWORD_FILE", None),
        ("apiKeyHeader", None),
        ("token_ttl", None),
        ("aws_access_key_id", None),
        ("author", None),
        ("passthrough", None),
        ("publicKey", None),
        ("name", None),
    ] {
        assert_eq!(key_kind(key), kind, "{key}");
    }
}

#[test]
fn value_classes() {
    use ValueClass::*;
    for (value, class) in [
        ("", Empty),
        ("{{ .Values.db.password }}", Template),
        ("${DB_PASSWORD}", Template),
        ("$(DB_PASSWORD)", Template),
        ("$DB_PASSWORD", Template),
        ("op://vault/item/password", Reference),
        ("<path:secret/data/db#password>", Reference),
        ("ENC[AES256_GCM,data:Oyy3hujb,iv:LFyy,tag:Qqf7,type:str]", Encrypted),
        ("-----BEGIN CERTIFICATE-----\nMIIB", Public),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA user@host", Public),
        ("123e4567-e89b-12d3-a456-426614174000", Identifier),
        ("9fceb02d0ae598e95dc970b74767f19372d61af8", Identifier),
        ("sha256:fc442e77200e1914dd46fe26490dcf62f44caa51db673c2f8e67d5319cd4c163", Identifier),
        ("changeme", Placeholder),
        ("CHANGEME", Placeholder),
        ("example", Placeholder),
        ("xxx", Placeholder),
        ("xxxxxxxxxxxx", Placeholder),
        ("<redacted>", Placeholder),
        ("your-token-here", Placeholder),
        ("password", Placeholder),
        ("dummy", Placeholder),
        ("test", Placeholder),
        ("***", Placeholder),
        ("123456", Placeholder),
        ("Tr0ub4dor&3xKq9ZpL", Literal),
        ("hunter2hunter2", Literal),
    ] {
        assert_eq!(classify_value(value), class, "{value:?}");
    }
}

/// Each "never flag" class, in the syntaxes where it shows up.
#[test]
fn never_flag_classes() {
    let digest = "fc442e77200e1914dd46fe26490dcf62f44caa51db673c2f8e67d5319cd4c163";
    let texts = [
        "password: ENC[AES256_GCM,data:Oyy3hujbQm2Ry9uOuUyif5LrQ4/I53N7FrAdE5xVQlY=,iv:LFyyOZKX/gNZgmdoRU+rcYKjyDPuoIFguxrfO7zySZ8=,tag:Qqf7EuF5xtdPdcfsKZwMkw==,type:str]".to_string(),
        "  password: {{ .Values.auth.password | b64enc | quote }}".into(),
        "  token: \"{{ required \"token is required\" .Values.token }}\"".into(),
        "DB_PASSWORD=${DB_PASSWORD}".into(),
        "  - name: PASSWORD\n    value: $(DB_PASSWORD)".into(),
        "api_key: op://kubernetes/grafana/api_key".into(),
        format!("image: ghcr.io/org/app@sha256:{digest}"),
        format!("  secret_digest: sha256:{digest}"),
        "client_secret: 123e4567-e89b-12d3-a456-426614174000".into(),
        "token: 9fceb02d0ae598e95dc970b74767f19372d61af8".into(),
        "password: changeme".into(),
        "apiKey: your-api-key-here".into(),
        "secret: <redacted>".into(),
        "password: '***'".into(),
        "password: xxx".into(),
        "password: example".into(),
        "password: dummy".into(),
        "password: test".into(),
        "password: password".into(),
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----".into(),
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE".into(),
        "existingSecret: my-release-mysql\nsecretName: db-credentials\npasswordKey: mysql-password".into(),
        "tokenPath: /var/run/secrets/kubernetes.io/serviceaccount/token".into(),
        "password: get_password()".into(),
        "password = os.environ[\"DB_PASSWORD\"]".into(),
        // Seen in real repositories: prose, timestamps, self-describing sample values,
        // base64 of placeholders.
        "# ADMIN_PASSWORD: \"please-change\"     # Initial admin password: PLEASE CHANGE!".into(),
        "argocdServerAdminPasswordMtime: \"2006-01-02T15:04:05Z\"".into(),
        "password: test-password".into(),
        "snmpPrivatePassword: my_private_password".into(),
        "password: jiraToken".into(),
        "password: some_pass".into(),
        "pass: \"secret_pw\"".into(),
        "password: password1".into(),
        "data:\n  password: cGFzc3dvcmQ=\n  node.session.auth.password: ZGVtbw==".into(),
        format!("    checksum/secret: {digest}"),
        format!("  caBundle: {}", STANDARD.encode(format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", "MIIB".repeat(40)))),
        format!("  token_secret_digest: {digest}"),
    ];
    for text in texts {
        let found: Vec<_> = scan_text(&text).iter().map(|m| m.rule.name).collect();
        assert!(found.is_empty(), "{text:?} flagged by {found:?}");
    }
}

#[test]
fn sealed_secret_ciphertext_is_not_a_secret() {
    let r = &mut Rng(3);
    let mut blob = vec![0x02, 0x00]; // RSA-4096 session key length 512
    blob.extend(r.bytes(512 + 16 + 24));
    let ciphertext = STANDARD.encode(&blob);
    assert!(structure::is_sealed_secret_ciphertext(&ciphertext));
    let text = format!(
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    password: {ciphertext}\n    api_token: {ciphertext}\n"
    );
    assert!(scan_text(&text).is_empty());
    // A plain high-entropy value under the same key is still a secret.
    let plain = r.pick(ALNUM, 32);
    assert_eq!(rule_spans(&format!("api_token: {plain}\n"), "generic-secret"), [plain]);
}

#[test]
fn generic_rule_catches_human_passwords_in_many_syntaxes() {
    for (text, secret) in [
        ("DB_PASSWORD: \"Tr0ub4dor&3xKq9ZpL\"", "Tr0ub4dor&3xKq9ZpL"),
        ("DB_PASSWORD: \"Summer2024!\"", "Summer2024!"),
        ("password: hunter2hunter2", "hunter2hunter2"),
        ("{\"password\": \"s3cr3tPassw0rdX9\"}", "s3cr3tPassw0rdX9"),
        ("export MYSQL_ROOT_PASSWORD='k8s-r00t-Zq7'", "k8s-r00t-Zq7"),
        ("spring.datasource.password=Xk9#mQ2vL", "Xk9#mQ2vL"),
        ("  admin_password = \"w0rdpass-Zq\"", "w0rdpass-Zq"),
        ("PGPASSWORD=Xk9mQ2vLw7 psql -h db.internal", "Xk9mQ2vLw7"),
        // base64 of "storageos", as pasted from a Secret's data.
        ("  apiPassword: c3RvcmFnZW9z", "c3RvcmFnZW9z"),
    ] {
        assert_eq!(rule_spans(text, "generic-secret"), [secret], "{text}");
    }
}

/// Real files from public GitOps repositories that hold no secret.
#[test]
fn hard_negatives_from_real_repositories() {
    let dir = format!("{}/testdata/secrets/negatives", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 5);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let found: Vec<_> = scan_text(&text)
            .iter()
            .map(|m| format!("{} {} at {:?}", m.rule.name, m.redacted, m.span))
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", path.display());
    }
}

/// The SealedSecret and SOPS negatives (laid out as kubeseal and sops write them, made by
/// scripts/gen_fake_secrets.py) are clean because their values are recognised as encrypted,
/// not by luck: every `encryptedData` value passes the ciphertext check and every SOPS value
/// classifies as encrypted.
#[test]
fn encrypted_negatives_are_recognised_as_encrypted() {
    let mut sealed = 0;
    for name in ["sealedsecret-grafana-admin.yaml", "sealedsecret-cluster-wide-registry.yaml"] {
        let text = testdata(&format!("negatives/{name}"));
        let block = &text[text.find("encryptedData:").unwrap()..text.find("  template:").unwrap()];
        for line in block.lines().skip(1) {
            let value = line.split_once(": ").unwrap().1;
            assert!(structure::is_sealed_secret_ciphertext(value), "{name}: {line:.40}");
            assert_eq!(classify_value(value), ValueClass::Encrypted);
            sealed += 1;
        }
    }
    assert_eq!(sealed, 4);
    let mut enc = 0;
    for name in ["sops-app.enc.env", "sops-config.enc.json"] {
        let text = testdata(&format!("negatives/{name}"));
        for value in text.split("ENC[").skip(1) {
            let value = format!("ENC[{}]", &value[..value.find(']').unwrap()]);
            assert_eq!(classify_value(&value), ValueClass::Encrypted, "{name}: {value:.40}");
            enc += 1;
        }
        assert!(
            text.contains("sops_version=") || text.contains("\"sops\": {"),
            "{name} carries SOPS metadata"
        );
    }
    assert!(enc >= 9, "{enc} SOPS values");
}

/// A SOPS file with every value encrypted is clean; a plaintext value left in it is found.
#[test]
fn sops_file_with_plaintext_left_behind() {
    let sops = testdata("negatives/sops-secret.sops.yaml");
    assert!(scan_text(&sops).is_empty());
    let leaked = sops.replacen("stringData:\n", "stringData:\n    DB_PASSWORD: Wq8-plain-Zr41\n", 1);
    let found = scan_text(&leaked);
    assert_eq!(found.len(), 1);
    assert_eq!(&leaked[found[0].span.clone()], "Wq8-plain-Zr41");
}

#[test]
fn long_single_line_scans_in_linear_time() {
    // 4 MB on one line with a keyword every few bytes: must not go quadratic.
    let line = "token=abc;".repeat(400_000);
    let start = std::time::Instant::now();
    let found = scan_text(&line);
    assert!(found.is_empty());
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    // 2 MB on one line with 50,000 candidates that the filters must judge.
    let line = "{\"password\": \"{{ .Values.p }}\", \"x\": 1}, ".repeat(50_000);
    let start = std::time::Instant::now();
    assert!(scan_text(&line).is_empty());
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}
