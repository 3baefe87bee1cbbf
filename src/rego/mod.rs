//! Rego policies on regorus with conftest's semantics: `kubegate test` (deny/warn/violation
//! rules, exceptions, namespaces, counting, exit codes, conftest's output formats) and
//! `kubegate verify` (the `test_*` unit tests of the policy directories).
//!
//! Layout: `engine` loads and compiles the policies once (after `rewrite` prepares their
//! text), `builtins` and `gofmt` add the OPA builtins regorus lacks, `strict` and
//! `capabilities` check policies, `input` and `data` read the files, `conftest` turns rule
//! values into conftest's CheckResults, `verify` runs unit tests, `output` renders, `cli`
//! glues it. `location` maps results to rule ids, severities and spans for `scan`.
pub mod builtins;
pub mod capabilities;
pub mod cli;
pub mod conftest;
pub mod data;
pub mod engine;
pub mod gofmt;
pub mod input;
pub mod location;
pub mod output;
pub mod rewrite;
pub mod scan;
pub mod strict;
pub mod verify;

/// A user-facing error: conftest prints `Error: <msg>` and exits 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn new(msg: impl Into<String>) -> Self {
        Error(msg.into())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// An I/O error in Go's words (`no such file or directory`), as conftest's messages show them.
pub fn io_error_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}
