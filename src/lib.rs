//! kubegate: a GitOps policy-as-code linter. The library holds the whole pipeline
//! (discover → load → check → report); `main.rs` only parses arguments and maps the exit code.
pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod git;
pub mod model;
pub mod output;
pub mod rego;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;
