//! kubegate: a GitOps policy-as-code linter. The library holds the whole pipeline
//! (discover → load → check → report); `main.rs` only parses arguments and maps the exit code.
pub mod rules;
pub mod source;
