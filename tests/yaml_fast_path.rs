//! The fast YAML path (src/source/yaml/fast.rs) must build exactly the tree saphyr-parser
//! builds — same values, same spans, same problems — or step aside. Checked on edge-case
//! snippets, on every YAML file in testdata/, and on the shared corpora of real GitOps
//! repositories (present beside the repository in CI).

mod common;

use std::path::Path;

use kubegate::source::yaml::{Limits, fast, load_stream, load_stream_reference};

fn same(text: &str) -> bool {
    load_stream(text, Limits::default()) == load_stream_reference(text, Limits::default())
}

/// (snippet, whether the fast path takes it)
const SNIPPETS: &[(&str, bool)] = &[
    ("a: 1\n", true),
    ("a: 1", true),
    ("", true),
    ("# only a comment\n", true),
    ("---\n", true),
    ("--- # c\na: 1\n...\n---\nb: 2\n---\n", true),
    ("a:\n", true),
    ("a:\nb: \n", true),
    ("a:\n- x\n-\n- y: 1\n  z:\n    - q\nlast: \"s\"   # c\n", true),
    ("a:\n  - x\n  - 'it''s'\n  - \"tab\\tand \\u00e9 \\\"q\\\"\"\n", true),
    ("a: [1, {e: f}, [], {}]\n", true),
    ("a: { drop: [\"ALL\"] }\n", true),
    ("a: {\"k\":\"v\", 'x': y}\n", true),
    ("a: [http://x.y/z, -1, a b]\n", true),
    ("c: |\n  x\n\n  y\n\nd: 1\n", true),
    ("c: |-\n  x\n  y\n", true),
    ("c: >\n  folded\n  text\n\n  para\nd: 1\n", true),
    ("c: >-\n  folded\n", true),
    ("c: |\n  x\n# comment\nd: 1\n", true),
    ("- |\n  in a seq\n- b\n", true),
    ("k:\n  v\n", true),
    ("k:\n  \"v\"\n", true),
    ("a: b # comment\n", true),
    ("a: b#not-a-comment\n", true),
    ("\"quoted key\": 1\n'single': 2\n", true),
    ("url: http://example.com:8080/x\n", true),
    ("a:\n  b:\n    c:\n      d: deep\n  e: f\n", true),
    ("- a\n- b\n", true),
    ("- name: a\n  image: x\n- name: b\n", true),
    ("a: 1\na: 2\n", true),
    ("plain root scalar\n", true),
    ("a: 1\n...\n", true),
    // Outside the subset: saphyr decides.
    ("a: &x 1\nb: *x\n", false),
    ("a: !!str 1\n", false),
    ("a: b\n  c\n", false),
    ("a: \"multi\n  line\"\n", false),
    ("a:\tb\n", false),
    ("a: 1\r\nb: 2\r\n", false),
    ("a: é\n", false),
    ("? complex\n: key\n", false),
    ("%YAML 1.2\n---\na: 1\n", false),
    ("a: [1,\n  2]\n", false),
    ("c: |2\n   x\n", false),
    ("c: |+\n  x\n\n", false),
    ("c: >\n  a\n    more\n  b\n", false),
    ("- - nested\n", false),
    ("a: b: c\n", false),
    ("a: [a: b]\n", false),
    ("a: {x}\n", false),
    ("a: [1, 2,]\n", false),
    ("c: |\n  no final newline", false),
    ("--- |\n  root literal\n", false),
    ("a: [unclosed\n", false),
    ("a:\n  - x\n   - y\n", false),
    ("  a: 1\n b: 2\n", false),
];

#[test]
fn fast_path_matches_saphyr_on_edge_cases() {
    for (text, fast_expected) in SNIPPETS {
        assert!(same(text), "trees differ for {text:?}");
        assert_eq!(fast::events(text).is_some(), *fast_expected, "fast path choice for {text:?}");
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

fn check_tree(dir: &Path) -> (usize, usize) {
    let mut files = Vec::new();
    yaml_files(dir, &mut files);
    files.sort();
    let mut fast_taken = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        assert!(same(&text), "fast path and saphyr disagree on {}", f.display());
        if fast::events(text.strip_prefix('\u{feff}').unwrap_or(&text)).is_some() {
            fast_taken += 1;
        }
    }
    (files.len(), fast_taken)
}

#[test]
fn fast_path_matches_saphyr_on_testdata() {
    let (files, fast) = check_tree(&common::root().join("testdata"));
    assert!(files > 40 && fast > files / 2, "{fast} of {files} files took the fast path");
}

#[test]
fn fast_path_matches_saphyr_on_the_shared_corpora() {
    let corpora = common::root().join("../shared/corpora/repos");
    if !corpora.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI runs with ../shared beside the repository");
        eprintln!("../shared/corpora not present: corpus comparison not run on this checkout");
        return;
    }
    let (files, fast) = check_tree(&corpora);
    assert!(files > 2000 && fast > 1000, "{fast} of {files} files took the fast path");
}
