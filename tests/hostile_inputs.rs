//! Hostile and broken inputs end in a clean finding (or a skip with a reason): no hang, no
//! stack overflow, no abort, and the rest of the run goes on. Loading runs on a thread
//! with a 2 MiB stack, the size of a rayon worker's.

mod common;

use kubegate::source::yaml::{Limits, ProblemKind, load_stream};

fn load_on_small_stack(name: &str) -> Vec<ProblemKind> {
    let text = std::fs::read_to_string(common::root().join("testdata/hostile").join(name)).unwrap();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || load_stream(&text, Limits::default()).problems.into_iter().map(|p| p.kind).collect())
        .unwrap()
        .join()
        .expect("loading must not crash")
}

#[test]
fn billion_laughs_hits_the_alias_budget() {
    assert_eq!(load_on_small_stack("billion-laughs.yaml"), vec![ProblemKind::AliasBudget]);
}

#[test]
fn ten_thousand_deep_nesting_hits_the_depth_limit() {
    for f in ["deep-flow.yaml", "deep-flow-map.yaml", "deep-block-seq.yaml"] {
        assert_eq!(load_on_small_stack(f), vec![ProblemKind::TooDeep], "{f}");
    }
}

#[test]
fn the_whole_hostile_directory_is_accounted_for() {
    let r = common::scan_paths(&["testdata/hostile"]);
    let by_file: Vec<(String, String)> =
        r.findings.iter().map(|f| (f.path.clone(), f.rule_name.to_string())).collect();
    let expect = [
        ("billion-laughs.yaml", "yaml-alias-budget"),
        ("broken.yaml", "yaml-parse-error"),
        ("deep-block-seq.yaml", "yaml-too-deep"),
        ("deep-flow-map.yaml", "yaml-too-deep"),
        ("deep-flow.yaml", "yaml-too-deep"),
        ("duplicate-keys.yaml", "yaml-duplicate-key"),
        ("invalid-utf8.yaml", "invalid-utf8"),
    ];
    let expect: Vec<(String, String)> = expect.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(by_file, expect);
    assert_eq!(r.summary.skipped.len(), 1);
    assert_eq!(r.summary.skipped[0].path, "binary.yaml");
    assert_eq!(r.summary.skipped[0].reason, "binary file");
    assert_eq!(r.summary.files, 8);
    assert_eq!(r.errors(), 6);
    // Every finding has a position (the invalid byte, the first duplicate, the limit hit).
    assert!(r.findings.iter().all(|f| f.span.is_some_and(|s| s.start.line > 0)));
    let utf8 = r.findings.iter().find(|f| f.rule_name == "invalid-utf8").unwrap();
    let s = utf8.span.unwrap();
    assert_eq!((s.start.line, s.start.column), (4, 12));
}

#[test]
fn files_over_the_size_limit_are_skipped_with_a_reason() {
    let opts = kubegate::scan::ScanOptions {
        paths: vec!["testdata/hostile/deep-flow.yaml".into()],
        max_file_size: 1000,
        ..Default::default()
    };
    let r = kubegate::scan::scan(&opts).unwrap();
    assert!(r.findings.is_empty());
    assert_eq!(r.summary.skipped.len(), 1);
    assert!(r.summary.skipped[0].reason.contains("over the 1000 byte limit"), "{:?}", r.summary.skipped);
}
