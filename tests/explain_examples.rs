//! `kubegate explain ID` shows a reported and a passing example for every rule (its first
//! fixtures), with what kubegate reports on the reported one at line:column.

use kubegate::rules::{REGISTRY, examples};

#[test]
fn every_rule_explains_with_a_reported_and_a_passing_example() {
    for r in REGISTRY {
        let (invalid, valid) = examples::of(r.meta.id);
        let invalid = invalid.unwrap_or_else(|| panic!("{}: no reported example", r.meta.id));
        assert!(valid.is_some(), "{}: no passing example", r.meta.id);
        assert!(!invalid.reported.is_empty(), "{}: the reported example reports nothing", r.meta.id);
        for line in &invalid.reported {
            let (pos, _) = line.split_once(' ').unwrap();
            let (l, c) = pos.split_once(':').unwrap();
            assert!(l.parse::<u32>().unwrap() > 0 && c.parse::<u32>().unwrap() > 0, "{}: {line}", r.meta.id);
        }
    }
}

#[test]
fn explain_prints_the_examples() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args(["explain", "K8S001"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n\nReported (invalid_"), "{text}");
    assert!(text.contains("\n  kubegate reports:\n    "), "{text}");
    assert!(text.contains("\nPasses (valid_"), "{text}");
}
