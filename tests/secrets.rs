//! Secret detection through the whole pipeline: no secret reaches any output format, the
//! baseline survives moved lines and reformatting, the labelled corpus meets its precision
//! and recall floors with the structural pass, suppressions work in text files, and (when
//! ../shared is present) SOPS-encrypted and SealedSecret files of real repositories give no
//! finding.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use common::{kubegate, root, write};

fn findings(json: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON output");
    v["findings"].as_array().cloned().unwrap_or_default()
}

/// The clear values behind the secret findings of a JSON report (read from the files at the
/// reported byte ranges; base64 Secret data is decoded too).
fn planted_secrets(base: &Path, json: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for f in findings(json) {
        if !f["rule_id"].as_str().unwrap_or("").starts_with("SEC") {
            continue;
        }
        let text = std::fs::read_to_string(base.join(f["path"].as_str().unwrap())).unwrap();
        let (s, e) =
            (f["start"]["offset"].as_u64().unwrap() as usize, f["end"]["offset"].as_u64().unwrap() as usize);
        let secret = text[s..e].trim_matches(|c| c == '"' || c == '\'').to_string();
        if let Some(decoded) = kubegate::rules::secrets::decode_base64(&secret)
            && let Ok(d) = String::from_utf8(decoded)
            && d.len() >= 8
            && !d.contains('\u{fffd}')
        {
            out.insert(d);
        }
        out.insert(secret);
    }
    out
}

#[test]
fn no_output_format_shows_a_secret() {
    let base = root().join("testdata/secrets");
    let (_, json, _) =
        kubegate(&base, &["scan", "leak", "corpus/positives", "--format", "json", "--no-config"]);
    let mut secrets = planted_secrets(&base, &json);
    // Planted in leak/: the decoded Secret password and the suppressed env token.
    secrets.insert("N7#qPz!w4Lr@Xv2m".into());
    secrets.insert("Zq8rTn4vWm2xLp6sKd9f".into());
    assert!(secrets.len() >= 50, "only {} planted secrets found", secrets.len());
    let suppressed = findings(&json).iter().filter(|f| !f["suppressed"].is_null()).count();
    assert!(suppressed >= 1, "the inline suppression of the env token applies");
    let b64 = base64::engine::general_purpose::STANDARD;
    // Rule metadata (token prefixes in descriptions) is public text, not a leak.
    let catalog = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    let catalog_chars: Vec<char> = catalog.chars().collect();
    let catalog: std::collections::HashSet<String> =
        catalog_chars.windows(10).map(|w| w.iter().collect()).collect();
    for format in ["human", "concise", "json", "sarif", "junit", "github", "gitlab"] {
        let (code, stdout, stderr) = kubegate(
            &base,
            &["scan", "leak", "corpus/positives", "--format", format, "--no-config", "--color", "never"],
        );
        assert_eq!(code, 1, "{format}: findings fail the scan");
        let all = format!("{stdout}\n{stderr}");
        assert!(all.contains("SEC0"), "{format}: secret findings are reported");
        // Every 10-character piece of the output, to look pieces of secrets up at once.
        let out_chars: Vec<char> = all.chars().collect();
        let out_pieces: std::collections::HashSet<String> =
            out_chars.windows(10).map(|w| w.iter().collect()).collect();
        for secret in &secrets {
            // The value, any 10-character piece of it, and its base64.
            let chars: Vec<char> = secret.chars().collect();
            for whole in [secret.clone(), b64.encode(secret)] {
                assert!(whole.len() < 6 || !all.contains(&whole), "{format} output shows a secret");
            }
            for piece in chars.windows(10).map(|w| w.iter().collect::<String>()) {
                // PEM armour lines and rule metadata (token prefixes) are public text.
                if piece.contains("-----") || piece.contains("PRIVATE") || catalog.contains(&piece) {
                    continue;
                }
                assert!(!out_pieces.contains(&piece), "{format} output shows a piece of a secret: {piece:?}");
            }
        }
        if format == "human" {
            assert!(all.contains("****"), "the human snippet masks the secret");
        }
    }
}

const BASELINE_SECRET: &str = "\
apiVersion: v1
kind: Secret
metadata:
  name: app
stringData:
  password: Vx9-qLm2-Rt7z-Kp4w
  token: Zq8rTn4vWm2xLp6sKd9f
";

#[test]
fn baseline_survives_moved_lines_and_reports_stale_entries() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "secret.yaml", BASELINE_SECRET);
    write(d, ".env", "API_TOKEN=Jd8sK2mXq9vLp4Rt7wZn3bYc\n");
    let (code, stdout, stderr) = kubegate(d, &["baseline", ".", "--no-config"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Three secrets and the catalog's plaintext-Secret finding (K8S125) on the Secret.
    assert!(stdout.contains("(4 entries)"), "{stdout}");
    let baseline = std::fs::read_to_string(d.join(".kubegate-baseline.json")).unwrap();
    for secret in ["Vx9-qLm2-Rt7z-Kp4w", "Zq8rTn4vWm2xLp6sKd9f", "Jd8sK2mXq9vLp4Rt7wZn3bYc", "Vx9-", "Jd8s"] {
        assert!(!baseline.contains(secret), "the baseline holds no secret: {secret}");
    }
    // Every finding is baselined: the scan passes.
    let (code, out, _) =
        kubegate(d, &["scan", ".", "--baseline", ".kubegate-baseline.json", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    assert!(findings(&out).iter().all(|f| f["suppressed"]["kind"] == "baseline"), "{out}");
    // Lines moved (a comment and an annotation above) and quotes added: still baselined.
    let moved = BASELINE_SECRET
        .replace("metadata:\n", "# moved down\nmetadata:\n  annotations:\n    team: a\n")
        .replace("Zq8rTn4vWm2xLp6sKd9f", "\"Zq8rTn4vWm2xLp6sKd9f\"");
    write(d, "secret.yaml", &moved);
    write(d, ".env", "# header\n\nAPI_TOKEN=Jd8sK2mXq9vLp4Rt7wZn3bYc\n");
    let (code, out, _) =
        kubegate(d, &["scan", ".", "--baseline", ".kubegate-baseline.json", "--format", "json"]);
    assert_eq!(code, 0, "moved lines stay baselined: {out}");
    let found = findings(&out);
    assert_eq!(found.len(), 4, "{out}");
    assert!(found.iter().all(|f| f["suppressed"]["kind"] == "baseline"), "{out}");
    // A new secret is reported; a removed one leaves a stale entry (KG015) in the baseline.
    write(d, ".env", "API_TOKEN=Qm4nW8xTz2kLr7pVs9dHc3bF\n");
    let (code, out, _) = kubegate(
        d,
        &["scan", ".", "--baseline", ".kubegate-baseline.json", "--format", "json", "--fail-on", "low"],
    );
    assert_eq!(code, 1, "{out}");
    let open: Vec<String> = findings(&out)
        .iter()
        .filter(|f| f["suppressed"].is_null())
        .map(|f| {
            format!(
                "{} {} {}",
                f["rule_id"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["start"]["line"]
            )
        })
        .collect();
    assert!(open.iter().any(|f| f.starts_with("SEC089 .env 1")), "{open:?}");
    assert!(open.iter().any(|f| f.starts_with("KG015 .kubegate-baseline.json")), "{open:?}");
    // The config file can name the baseline.
    write(d, ".kubegate.yaml", "baseline: .kubegate-baseline.json\n");
    let (_, out, _) = kubegate(d, &["scan", ".", "--format", "json"]);
    assert!(findings(&out).iter().any(|f| f["suppressed"]["kind"] == "baseline"), "{out}");
}

#[test]
fn suppressions_work_in_text_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "app.env",
        "# kubegate:ignore generic-secret -- fake value of a local dev setup\nSESSION_SECRET=Jd8sK2mXq9vLp4Rt7wZn3bYc\nOTHER_SECRET=Qm4nW8xTz2kLr7pVs9dHc3bF\n",
    );
    write(
        d,
        "settings.json5",
        "{\n  \"api_token\": \"Zq8rTn4vWm2xLp6sKd9f\", // kubegate:ignore SEC089 -- documented sample\n  \"db_password\": \"Vx9-qLm2-Rt7z-Kp4w\", // kubegate:ignore SEC089\n}\n",
    );
    let (_, out, _) = kubegate(d, &["scan", ".", "--format", "json", "--no-config"]);
    let all = findings(&out);
    let line = |p: &str, l: u64| {
        all.iter().find(|f| f["path"] == p && f["start"]["line"] == l && f["rule_id"] == "SEC089").cloned()
    };
    assert_eq!(line("app.env", 2).unwrap()["suppressed"]["kind"], "inline", "{out}");
    assert!(line("app.env", 3).unwrap()["suppressed"].is_null(), "{out}");
    assert_eq!(line("settings.json5", 2).unwrap()["suppressed"]["kind"], "inline", "{out}");
    // No reason: the secret stays reported and the suppression is a finding itself.
    assert!(line("settings.json5", 3).unwrap()["suppressed"].is_null(), "{out}");
    assert!(
        all.iter().any(|f| f["rule_id"] == "KG008" || f["rule_name"] == "suppression-without-reason"),
        "{out}"
    );
}

#[test]
fn structural_judgement_of_gitops_objects() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "objects.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: Y2hhbmdlbWU=\n  tls.crt: \"\"\n  token: WnE4clRuNHZXbTJ4THA2c0tkOWY=\n---\n\
apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    checksum/secret: 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\ndata:\n  db_password: Vx9-qLm2-Rt7z-Kp4w\n  log_level: debug\n---\n\
apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: x\nspec:\n  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: a@sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\n          env:\n            - name: DB_PASSWORD\n              value: \"{{ .Values.password }}\"\n            - name: REDIS_PASSWORD\n              value: ${REDIS_PASSWORD}\n            - name: ADMIN_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: s, key: password}\n            - name: API_KEY\n              value: Qm4nW8xTz2kLr7pVs9dHc3bF\n",
    );
    write(
        d,
        "secret.sops.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: ENC[AES256_GCM,data:3q2+7w==,iv:AAAA,tag:BBBB,type:str]\n  token: Vx9-qLm2-Rt7z-Kp4w\nsops:\n  mac: ENC[AES256_GCM,data:xyz,iv:a,tag:b,type:str]\n  lastmodified: \"2026-01-01T00:00:00Z\"\n  encrypted_regex: ^(data|stringData)$\n  version: 3.9.0\n",
    );
    let (_, out, _) = kubegate(d, &["scan", ".", "--format", "json", "--no-config", "--select", "secrets"]);
    let got: BTreeSet<String> = findings(&out)
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f["path"].as_str().unwrap(),
                f["start"]["line"],
                f["rule_id"].as_str().unwrap()
            )
        })
        .collect();
    let want: BTreeSet<String> = [
        "objects.yaml:8 SEC137",
        "objects.yaml:17 SEC138",
        "objects.yaml:47 SEC089",
        "secret.sops.yaml:7 SEC139",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(got, want, "{out}");
}

/// Whether a label's rule is satisfied by the reported rule: the structural pass reports
/// some secrets under its own rules (a literal in a Secret, a kubeconfig credential) or a
/// decoded form (a private key inside base64 Secret data).
fn same_secret(label: &str, reported: &str) -> bool {
    let structural = [
        "kubernetes-secret-literal",
        "configmap-secret",
        "kubeconfig-credential",
        "argocd-repository-credential",
    ];
    let keys = ["private-key", "private-key-base64"];
    label == reported
        || (label == "generic-secret" && structural.contains(&reported))
        || (keys.contains(&label) && keys.contains(&reported))
}

#[test]
fn labelled_corpus_through_the_pipeline() {
    let base = root().join("testdata/secrets");
    // corpus/labels.tsv (hand-placed fakes, scripts/gen_fake_secrets.py) and
    // corpus/providers/labels.tsv (every rule's fake in five file kinds).
    let mut expected: Vec<(String, u64, String)> = Vec::new();
    for (labels, prefix) in [("corpus/labels.tsv", "corpus/"), ("corpus/providers/labels.tsv", "corpus/")] {
        let text = std::fs::read_to_string(base.join(labels)).unwrap();
        for l in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = l.split('\t').collect();
            expected.push((format!("{prefix}{}", f[0]), f[1].parse().unwrap(), f[2].to_string()));
        }
    }
    let (_, out, _) = kubegate(
        &base,
        &[
            "scan",
            "corpus/positives",
            "corpus/providers",
            "negatives",
            "--format",
            "json",
            "--no-config",
            "--select",
            "secrets",
        ],
    );
    let mut tp = BTreeSet::new();
    let mut exact = 0;
    let mut fp = Vec::new();
    for f in findings(&out) {
        let rule = f["rule_name"].as_str().unwrap();
        if !f["rule_id"].as_str().unwrap().starts_with("SEC") {
            continue;
        }
        let (path, line) = (f["path"].as_str().unwrap(), f["start"]["line"].as_u64().unwrap());
        match expected.iter().position(|(p, l, _)| p == path && *l == line) {
            Some(i) => {
                if tp.insert(i) && same_secret(&expected[i].2, rule) {
                    exact += 1;
                }
            }
            None => fp.push(format!("{path}:{line} {rule}")),
        }
    }
    let missed: Vec<String> = (0..expected.len())
        .filter(|i| !tp.contains(i))
        .map(|i| format!("{}:{} {}", expected[i].0, expected[i].1, expected[i].2))
        .collect();
    let precision = tp.len() as f64 / (tp.len() + fp.len()) as f64;
    let recall = tp.len() as f64 / expected.len() as f64;
    eprintln!(
        "pipeline: {} labels, {} found ({exact} under the labelled rule or its structural form), {} false positives, precision {precision:.3}, recall {recall:.3}",
        expected.len(),
        tp.len(),
        fp.len()
    );
    assert!(expected.len() >= 700);
    assert!(exact as f64 >= 0.95 * tp.len() as f64, "{exact} of {} found under their rule", tp.len());
    assert!(
        precision >= 0.98 && recall >= 0.98,
        "precision {precision:.3} recall {recall:.3}\nmissed {missed:#?}\nfalse positives {fp:#?}"
    );
}

/// ../shared/corpora/repos when present (required when CI is set).
fn shared_repos() -> Option<PathBuf> {
    let candidates = [root().join("../shared/corpora/repos"), PathBuf::from("/work/shared/corpora/repos")];
    match candidates.into_iter().find(|p| p.is_dir()) {
        Some(p) => Some(p),
        None if std::env::var_os("CI").is_some() => {
            panic!("CI is set but ../shared/corpora/repos is missing")
        }
        None => {
            eprintln!("../shared/corpora/repos is absent: skipped");
            None
        }
    }
}

#[test]
fn no_finding_on_sops_or_sealed_secret_files_of_real_repositories() {
    let Some(repos) = shared_repos() else { return };
    let (_, out, _) =
        kubegate(&repos, &["scan", ".", "--format", "json", "--no-config", "--select", "secrets"]);
    let mut protected = 0;
    let mut bad = Vec::new();
    let mut checked = BTreeSet::new();
    for f in findings(&out) {
        let path = f["path"].as_str().unwrap().to_string();
        if !checked.insert(path.clone()) {
            continue;
        }
        let text = std::fs::read_to_string(repos.join(&path)).unwrap_or_default();
        if text.contains("ENC[AES256_GCM") || text.contains("kind: SealedSecret") {
            bad.push(format!("{path}: {}", f["rule_id"]));
        }
    }
    // Count the protected files the scan walked, so the assertion cannot pass vacuously.
    for entry in ignore::WalkBuilder::new(&repos).hidden(false).build().flatten() {
        if entry.file_type().is_some_and(|t| t.is_file())
            && let Ok(text) = std::fs::read_to_string(entry.path())
            && (text.contains("ENC[AES256_GCM") || text.contains("kind: SealedSecret"))
        {
            protected += 1;
        }
    }
    assert!(protected >= 20, "only {protected} SOPS/SealedSecret files in the corpus");
    assert!(bad.is_empty(), "findings in SOPS/SealedSecret files: {bad:#?}");
}
