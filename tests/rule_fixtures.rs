//! Every built-in rule has fixtures: `testdata/rules/<ID>/invalid_*.yaml` must produce
//! findings of that rule, `valid_*.yaml` none. One snapshot per fixture shows exactly what
//! the user sees for that rule (human format, no colour). Each fixture is scanned with its
//! rule selected, so opt-in rules are exercised too.

mod common;

use std::path::Path;

use kubegate::rules::REGISTRY;
use kubegate::scan::{ScanOptions, scan};

#[test]
fn every_rule_has_valid_and_invalid_fixtures_that_behave() {
    let settings = common::snapshot_settings();
    let mut checked = 0;
    for rule in REGISTRY {
        let id = rule.meta.id;
        let dir = common::root().join("testdata/rules").join(id);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{id}: no fixture directory {}: {e}", dir.display()))
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".yaml") && !n.starts_with('.'))
            .collect();
        files.sort();
        let valid = files.iter().filter(|f| f.starts_with("valid_")).count();
        let invalid = files.iter().filter(|f| f.starts_with("invalid_")).count();
        assert!(valid > 0 && invalid > 0, "{id}: needs valid_*.yaml and invalid_*.yaml fixtures");
        for name in &files {
            assert!(
                name.starts_with("valid_") || name.starts_with("invalid_"),
                "{id}/{name}: bad fixture name"
            );
            let rel = format!("testdata/rules/{id}/{name}");
            // The rule runs whether or not it is on by default; a fixture is a complete unit
            // (cross-object rules may report missing counterparts).
            // Rules that need parameters take them from the fixture directory's .kubegate.yaml.
            let config = dir.join(".kubegate.yaml");
            let params = if config.is_file() {
                kubegate::config::load(&config).expect("fixture config loads").params
            } else {
                Default::default()
            };
            let opts = ScanOptions {
                paths: vec![rel.clone().into()],
                rules: Some(REGISTRY.iter().map(|r| r.meta.id).collect()),
                complete_units: vec!["**".into()],
                params,
                ..ScanOptions::default()
            };
            let mut result = scan(&opts).expect("scan runs");
            assert_eq!(result.errors(), 0, "{rel}: fixture must load");
            result.findings.retain(|f| f.rule_id == id);
            if name.starts_with("invalid_") {
                assert!(!result.findings.is_empty(), "{rel}: expected {id} findings");
            } else {
                assert!(
                    result.findings.is_empty(),
                    "{rel}: expected no {id} finding, got {:?}",
                    result.findings
                );
            }
            for f in &result.findings {
                let span = f.span.expect("rule findings carry a span");
                assert!(span.start.line > 0 && span.end >= span.start, "{rel}: bad span {span:?}");
            }
            let shown = common::human(&result, Path::new(""));
            let stem = name.trim_end_matches(".yaml");
            settings.bind(|| insta::assert_snapshot!(format!("rule_{id}_{stem}"), shown));
            checked += 1;
        }
    }
    assert!(checked >= 2 * REGISTRY.len());
}
