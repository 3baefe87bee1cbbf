//! Rule metadata is complete and unique, agrees with the catalog spec
//! (testdata/spec/builtin-rules.csv, a copy of the shared spec), and docs/rules.md is current.

mod common;

use std::collections::HashSet;

use kubegate::rules::{self, Default, REGISTRY};

#[test]
fn metadata_is_complete_and_unique() {
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    let all = REGISTRY.iter().map(|r| &r.meta).chain(rules::core::ALL.iter().copied());
    for m in all {
        assert!(ids.insert(m.id), "duplicate id {}", m.id);
        assert!(names.insert(m.name), "duplicate name {}", m.name);
        assert!(
            m.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            m.name
        );
        for (what, text) in [("title", m.title), ("rationale", m.rationale), ("remediation", m.remediation)] {
            assert!(text.len() > 10, "{}: {what} too short", m.id);
        }
    }
    for r in REGISTRY {
        assert!(r.meta.id.starts_with("K8S") && r.meta.id.len() == 6, "{}", r.meta.id);
        assert!(!r.meta.references.is_empty(), "{}: references to the anchor tools", r.meta.id);
    }
}

#[test]
fn severities_and_defaults_match_the_catalog() {
    let csv = std::fs::read_to_string(common::root().join("testdata/spec/builtin-rules.csv")).unwrap();
    for r in REGISTRY {
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("{},", r.meta.id)))
            .unwrap_or_else(|| panic!("{} not in the catalog", r.meta.id));
        // The last two columns are severity and default (earlier ones may hold quoted commas).
        let mut cols = row.rsplit(',');
        let default = cols.next().unwrap();
        let severity = cols.next().unwrap();
        assert_eq!(r.meta.severity.as_str(), severity, "{}", r.meta.id);
        assert_eq!(r.meta.default == Default::On, default == "on", "{}", r.meta.id);
    }
}

#[test]
fn docs_rules_md_is_current() {
    let on_disk = std::fs::read_to_string(common::root().join("docs/rules.md")).unwrap();
    assert!(
        on_disk == rules::catalog_markdown(),
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn docs_config_schema_is_current() {
    let on_disk = std::fs::read_to_string(common::root().join("docs/config.schema.json")).unwrap();
    let want = serde_json::to_string_pretty(&kubegate::config::schema::schema()).unwrap() + "\n";
    assert!(
        on_disk == want,
        "docs/config.schema.json is stale: run `cargo run -- config schema > docs/config.schema.json`"
    );
}
