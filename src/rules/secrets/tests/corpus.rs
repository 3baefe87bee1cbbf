//! Precision and recall of text scanning on the labelled corpus made by
//! `scripts/gen_fake_secrets.py` (fake secrets planted in realistic GitOps files) together with
//! the real hard negatives of `testdata/secrets/negatives/`.

use crate::rules::secrets::scan_text;
use std::collections::HashSet;

fn corpus_dir() -> String {
    format!("{}/testdata/secrets", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn labelled_corpus_precision_and_recall() {
    let root = corpus_dir();
    let labels_text = std::fs::read_to_string(format!("{root}/corpus/labels.tsv")).unwrap();
    // (file, line) -> (rule, structural)
    let mut expected = Vec::new();
    for line in labels_text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let file = format!("corpus/{}", f[0]);
        expected.push((file, f[1].parse::<usize>().unwrap(), f[2].to_string(), f[3] == "1"));
    }
    let mut files: Vec<String> = Vec::new();
    for dir in ["corpus/positives", "negatives"] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            files.push(format!("{dir}/{name}"));
        }
    }
    files.sort();
    let mut found = HashSet::new();
    let mut false_positives = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(format!("{root}/{file}")).unwrap();
        for m in scan_text(&text) {
            let line = text[..m.span.start].matches('\n').count() + 1;
            let label = expected.iter().position(|(f, l, _, _)| f == file && *l == line);
            match label {
                Some(i) if expected[i].2 == m.rule.name => {
                    found.insert(i);
                }
                Some(i) if expected[i].3 => {}
                _ => false_positives.push(format!("{file}:{line} {} {}", m.rule.name, m.redacted)),
            }
        }
    }
    let text_level: Vec<usize> = (0..expected.len()).filter(|&i| !expected[i].3).collect();
    let tp = text_level.iter().filter(|i| found.contains(i)).count();
    let missed: Vec<String> = text_level
        .iter()
        .filter(|i| !found.contains(i))
        .map(|&i| format!("{}:{} {}", expected[i].0, expected[i].1, expected[i].2))
        .collect();
    let precision = tp as f64 / (tp + false_positives.len()) as f64;
    let recall = tp as f64 / text_level.len() as f64;
    eprintln!(
        "labelled corpus: {} files, {} text-level secrets, {tp} found, {} missed, {} false positives; precision {precision:.3}, recall {recall:.3}",
        files.len(),
        text_level.len(),
        missed.len(),
        false_positives.len()
    );
    eprintln!("missed: {missed:?}");
    assert!(text_level.len() >= 60);
    assert!(
        precision >= 0.95 && recall >= 0.95,
        "precision {precision:.3}, recall {recall:.3}\nmissed: {missed:#?}\nfalse positives: {false_positives:#?}"
    );
}
