//! Tests of the secret engine, by concern: generated fakes (`fakes`), per-rule behaviour
//! (`rules`), entropy (`entropy`) and false-positive filters (`filters`).

mod corpus;
mod entropy;
mod fakes;
mod filters;
mod rules;

use super::scan_text;

/// The secrets that `rule_name` reports in `text`, in clear (test assertions only).
fn rule_spans(text: &str, rule_name: &str) -> Vec<String> {
    scan_text(text)
        .into_iter()
        .filter(|m| m.rule.name == rule_name)
        .map(|m| text[m.span].to_string())
        .collect()
}
