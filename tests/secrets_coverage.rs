//! The gitleaks 8.30 parity table of docs/secrets-coverage.md cannot go stale silently: every
//! gitleaks rule id appears once, is mapped to a kubegate secret rule that exists (id and name
//! agree) or carries a reason, and the FAKE sample of each gitleaks rule
//! (testdata/secrets/gitleaks-parity.json) gives exactly the mapped rule through the pipeline —
//! and no finding for the rows kubegate deliberately does not report.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{root, run_in};
use kubegate::rules::secrets::catalog;

/// gitleaks 8.30.1 ships 222 rules (`config/gitleaks.toml` at tag v8.30.1).
const GITLEAKS_RULES: usize = 222;

struct Row {
    gitleaks: String,
    /// `(SEC id, rule name)` or `None` for "not reported".
    kubegate: Option<(String, String)>,
    note: String,
}

fn table() -> Vec<Row> {
    let doc = std::fs::read_to_string(root().join("docs/secrets-coverage.md")).unwrap();
    let start = doc.find("<!-- gitleaks-map:start -->").expect("table start marker");
    let end = doc.find("<!-- gitleaks-map:end -->").expect("table end marker");
    let mut rows = Vec::new();
    for line in doc[start..end].lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        assert_eq!(cells.len(), 3, "three cells: {line}");
        let kubegate = match cells[1] {
            "—" => None,
            cell => {
                let (id, name) = cell.split_once(' ').unwrap_or_else(|| panic!("`SECnnn name`: {line}"));
                Some((id.to_string(), name.to_string()))
            }
        };
        rows.push(Row {
            gitleaks: cells[0].trim_matches('`').to_string(),
            kubegate,
            note: cells[2].to_string(),
        });
    }
    rows
}

#[test]
fn every_gitleaks_rule_is_mapped_or_has_a_reason() {
    let rows = table();
    assert_eq!(rows.len(), GITLEAKS_RULES, "one row per gitleaks 8.30.1 rule");
    let ids: BTreeSet<&str> = rows.iter().map(|r| r.gitleaks.as_str()).collect();
    assert_eq!(ids.len(), rows.len(), "a gitleaks rule id is listed twice");
    let ours: BTreeMap<&str, &str> = catalog::all_rules().map(|r| (r.id, r.name)).collect();
    for row in &rows {
        match &row.kubegate {
            Some((id, name)) => {
                assert_eq!(
                    ours.get(id.as_str()),
                    Some(&name.as_str()),
                    "{}: {id} {name} is no secret rule",
                    row.gitleaks
                );
                if id == "SEC089" {
                    assert!(!row.note.is_empty(), "{}: a generic mapping needs its reason", row.gitleaks);
                }
            }
            None => assert!(row.note.len() > 20, "{}: not reported without a reason", row.gitleaks),
        }
        // Rule ids named in a reason exist too.
        for word in row.note.split(|c: char| !c.is_ascii_alphanumeric()) {
            if word.len() == 6 && word.starts_with("SEC") && word[3..].bytes().all(|b| b.is_ascii_digit()) {
                assert!(
                    ours.contains_key(word),
                    "{}: the note names {word}, which does not exist",
                    row.gitleaks
                );
            }
        }
    }
}

#[test]
fn each_gitleaks_sample_gives_the_mapped_rule() {
    let samples: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/secrets/gitleaks-parity.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut file_of = BTreeMap::new();
    for s in &samples {
        let file = s["file"].as_str().unwrap();
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, s["text"].as_str().unwrap()).unwrap();
        file_of.insert(s["gitleaks"].as_str().unwrap().to_string(), file.to_string());
    }
    let (_, out, err) = run_in(
        dir.path(),
        &["scan", ".", "--no-config", "--select", "secrets", "--format", "json", "--no-summary"],
    );
    let report: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        found
            .entry(f["path"].as_str().unwrap().to_string())
            .or_default()
            .insert(f["rule_id"].as_str().unwrap().into());
    }
    let mut failures = Vec::new();
    let rows = table();
    for row in &rows {
        let Some(file) = file_of.get(&row.gitleaks) else {
            assert!(row.kubegate.is_none(), "{}: a mapped rule needs a sample", row.gitleaks);
            continue;
        };
        let got = found.get(file).cloned().unwrap_or_default();
        let want: BTreeSet<String> = row.kubegate.iter().map(|(id, _)| id.clone()).collect();
        if got != want {
            failures.push(format!("{} ({file}): want {want:?}, got {got:?}", row.gitleaks));
        }
    }
    assert!(samples.len() >= GITLEAKS_RULES - 1, "a sample for every rule but the path-only pkcs12-file");
    assert!(
        failures.is_empty(),
        "{} of {} samples disagree with the table:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
