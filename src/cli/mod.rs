//! Command-line definitions (clap). Raw arguments live here; `run` turns them into scan
//! options and picks the renderers. Exit codes: 0 clean, 1 findings at/above --fail-on,
//! 2 usage, config or internal error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Severity;
use crate::output;
use crate::rules::{self, REGISTRY};
use crate::scan::{ScanOptions, scan};

#[derive(Debug, Parser)]
#[command(name = "kubegate", version, about = "Fast GitOps policy-as-code linter for Kubernetes manifests")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories for problems in Kubernetes objects.
    Scan(ScanArgs),
    /// List the built-in rules.
    Rules(RulesArgs),
    /// Run Rego policies on files, with conftest's flags, semantics and outputs.
    Test(crate::rego::cli::TestArgs),
    /// Run the `test_*` rules of Rego policies (like `conftest verify`).
    Verify(crate::rego::cli::VerifyArgs),
    /// Print the JSON Schema of `.kubegate.yaml` (`kubegate config schema`).
    Config {
        /// `schema`
        #[arg(value_parser = ["schema"])]
        what: String,
    },
    /// Explain a rule: what it finds, why it matters, how to fix it.
    Explain {
        /// Rule id (K8S001) or name (privileged-container).
        rule: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A report with the source snippet under each finding (default on a terminal).
    Human,
    /// One line per finding: path:line:col: severity[rule-id] message (default otherwise).
    Concise,
    /// The JSON report (docs/json-output.md).
    Json,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files and directories to scan (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Exit 1 when a finding has at least this severity (critical, high, medium, low, info, never).
    #[arg(long, default_value = "high", value_parser = parse_fail_on)]
    pub fail_on: FailOn,
    /// Skip paths matching this glob (gitignore syntax); repeatable. Named files are always scanned.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024, value_name = "BYTES")]
    pub max_file_size: u64,
    /// Walk, read and load only; run no checks (for benchmarks).
    #[arg(long)]
    pub load_only: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Do not print the summary (text formats).
    #[arg(long)]
    pub no_summary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Never,
    At(Severity),
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if s.eq_ignore_ascii_case("never") {
        return Ok(FailOn::Never);
    }
    Severity::parse(s)
        .map(FailOn::At)
        .ok_or_else(|| format!("`{s}` is not a severity: use critical, high, medium, low, info or never"))
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// table, json or markdown (the markdown is docs/rules.md).
    #[arg(long, default_value = "table")]
    pub format: String,
}

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    match cli.command {
        Command::Scan(args) => run_scan(args, stdout, stderr),
        Command::Rules(args) => run_rules(&args, stdout, stderr),
        Command::Explain { rule } => run_explain(&rule, stdout, stderr),
        Command::Test(args) => exit_code(crate::rego::cli::run_test(&args, stdout, stderr)),
        Command::Verify(args) => exit_code(crate::rego::cli::run_verify(&args, stdout, stderr)),
        Command::Config { .. } => {
            let schema = serde_json::to_string_pretty(&crate::config::schema::schema()).unwrap_or_default();
            u8::from(writeln!(stdout, "{schema}").is_err()) * 2
        }
    }
}

/// conftest's exit codes are small non-negative integers; anything else is an internal error.
fn exit_code(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(2)
}

fn run_scan(args: ScanArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    if let Some(n) = args.threads {
        // The global pool can only be built once per process; a second call is harmless.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let opts = ScanOptions {
        paths: paths.clone(),
        excludes: args.exclude.clone(),
        max_file_size: args.max_file_size,
        load_only: args.load_only,
        ..ScanOptions::default()
    };
    let result = match scan(&opts) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return 2;
        }
    };
    let format =
        args.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Human } else { Format::Concise });
    let prefix = match paths.as_slice() {
        [p] if p.is_dir() => p.clone(),
        _ => PathBuf::new(),
    };
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let written = match format {
        Format::Human => output::human::write(stdout, &result, &prefix, color),
        Format::Concise => output::concise::write(stdout, &result, &prefix),
        Format::Json => output::json::write(stdout, &result),
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(stderr, "error: cannot write output: {e}");
        }
        return 2;
    }
    if format != Format::Json && !args.no_summary {
        let _ = output::summary::write(stderr, &result);
    }
    let failing = match args.fail_on {
        FailOn::Never => false,
        FailOn::At(min) => result.findings.iter().any(|f| f.severity >= min),
    };
    u8::from(failing)
}

fn run_rules(args: &RulesArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let metas = REGISTRY.iter().map(|r| &r.meta).chain(rules::core::ALL.iter().copied());
    let res = match args.format.as_str() {
        "json" => {
            let list: Vec<_> = metas
                .map(|m| {
                    serde_json::json!({
                        "id": m.id, "name": m.name, "severity": m.severity.as_str(),
                        "default": matches!(m.default, rules::Default::On),
                        "title": m.title,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *stdout, &list)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(stdout))
        }
        "table" => metas.into_iter().try_for_each(|m| {
            let on = if matches!(m.default, rules::Default::On) { "on" } else { "opt-in" };
            writeln!(stdout, "{:<7} {:<34} {:<9} {:<7} {}", m.id, m.name, m.severity.as_str(), on, m.title)
        }),
        "markdown" => stdout.write_all(crate::rules::catalog_markdown().as_bytes()),
        other => {
            let _ = writeln!(stderr, "error: unknown rules format `{other}` (use table, json or markdown)");
            return 2;
        }
    };
    if res.is_err() { 2 } else { 0 }
}

fn run_explain(rule: &str, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let Some(m) = rules::find(rule) else {
        let _ = writeln!(stderr, "error: no rule `{rule}` (see `kubegate rules`)");
        return 2;
    };
    let refs: Vec<String> = m.references.iter().map(|(t, id)| format!("  {t}: {id}")).collect();
    let _ = writeln!(
        stdout,
        "{} {} ({}, {})\n\n{}\n\nWhy: {}\n\nFix: {}\n{}",
        m.id,
        m.name,
        m.severity,
        if matches!(m.default, rules::Default::On) { "on by default" } else { "opt-in" },
        m.title,
        m.rationale,
        m.remediation,
        if refs.is_empty() {
            String::new()
        } else {
            format!("\nSame check elsewhere:\n{}\n", refs.join("\n"))
        }
    );
    0
}
