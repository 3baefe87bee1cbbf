//! Rule examples for `kubegate explain`: the rule's first `invalid_*` and `valid_*` fixture
//! (embedded by build.rs), with what the rule reports on the invalid one, computed now.

use std::path::Path;

use crate::scan::{ScanOptions, check_example};

include!(concat!(env!("OUT_DIR"), "/rule_examples.rs"));

/// One example: fixture name, text, and the findings (`line:column message`) of the rule.
pub struct Example {
    pub name: &'static str,
    pub text: &'static str,
    pub reported: Vec<String>,
}

/// The reported and the passing example of rule `id`.
pub fn of(id: &'static str) -> (Option<Example>, Option<Example>) {
    let mut invalid = None;
    let mut valid = None;
    for (rule, name, text, config) in EXAMPLES.iter().filter(|e| e.0 == id) {
        let params = if config.is_empty() {
            Default::default()
        } else {
            crate::config::parse(Path::new(".kubegate.yaml"), config).map(|c| c.params).unwrap_or_default()
        };
        let opts = ScanOptions {
            rules: Some([*rule].into_iter().collect()),
            complete_units: vec!["**".into()],
            params,
            ..Default::default()
        };
        let reported = check_example(name, text, &opts)
            .into_iter()
            .filter(|f| f.rule_id == *rule)
            .map(|f| {
                let (l, c) = f.span.map_or((0, 0), |s| (s.start.line, s.start.column));
                format!("{l}:{c} {}", f.message)
            })
            .collect();
        let e = Example { name, text, reported };
        if name.starts_with("invalid_") {
            invalid = Some(e);
        } else {
            valid = Some(e);
        }
    }
    (invalid, valid)
}
