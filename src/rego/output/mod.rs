//! conftest's output formats for `test` and `verify`, byte for byte where conftest is
//! deterministic: stdout (text), json, tap, table, junit, github, azuredevops and sarif.
//! Each format is one small module rendering a slice of CheckResults.

use super::conftest::CheckResult;

pub mod azuredevops;
pub mod github;
pub mod gojson;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod stdout;
pub mod table;
pub mod tap;

/// An output format (`-o/--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Stdout,
    Json,
    Tap,
    Table,
    Junit,
    Github,
    AzureDevops,
    Sarif,
}

impl Format {
    /// conftest falls back to stdout for an unknown name, silently.
    pub fn parse(s: &str) -> Format {
        match s {
            "json" => Format::Json,
            "tap" => Format::Tap,
            "table" => Format::Table,
            "junit" => Format::Junit,
            "github" => Format::Github,
            "azuredevops" => Format::AzureDevops,
            "sarif" => Format::Sarif,
            _ => Format::Stdout,
        }
    }
}

/// Rendering options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub no_color: bool,
    pub suppress_exceptions: bool,
    /// Print the `, N skipped` suffix (verify).
    pub show_skipped: bool,
    pub junit_hide_message: bool,
    pub github_hide_passed: bool,
    /// stdout format with `--trace`: the trace replaces the results.
    pub tracing: bool,
    /// Exit code written into SARIF's invocation (conftest: the non-fail-on-warn code).
    pub exit_code: i32,
}

/// Renders results in a format.
pub fn render(
    format: Format,
    results: &[CheckResult],
    opts: &Options,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Stdout => stdout::render(results, opts, w),
        Format::Json => json::render(results, w),
        Format::Tap => tap::render(results, w),
        Format::Table => table::render(results, w),
        Format::Junit => junit::render(results, opts, w),
        Format::Github => github::render(results, opts, w),
        Format::AzureDevops => azuredevops::render(results, w),
        Format::Sarif => sarif::render(results, opts, w),
    }
}

/// `- <file>` (or `-` for stdin) and `- <ns> -` (or `-`), as conftest's text formats join them.
pub(crate) fn indicators(r: &CheckResult) -> (String, String) {
    let file = if r.filename == "-" { "-".to_string() } else { format!("- {}", r.filename) };
    let ns = if r.namespace == "-" { "-".to_string() } else { format!("- {} -", r.namespace) };
    (file, ns)
}
