//! kubegate: a GitOps policy-as-code linter. The library holds the whole pipeline
//! (discover → load → check → report); `main.rs` only parses arguments and maps the exit code.

/// A 256-entry table, built at compile time, of the bytes `b` for which the expression holds:
/// hot byte classes (object path keys, label values) looked up instead of tested.
macro_rules! byte_table {
    (|$b:ident| $e:expr) => {{
        let mut t = [false; 256];
        let mut c = 0;
        while c < 256 {
            let $b = c as u8;
            t[c] = $e;
            c += 1;
        }
        t
    }};
}
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
