//! The `kubegate test` and `kubegate verify` arguments (conftest's flag names) and their
//! runners, which return the exit code. The binary wires them as subcommands; tests call
//! `run_test` / `run_verify` directly with in-memory writers.

use std::io::{Read, Write};
use std::path::PathBuf;

use super::conftest::{CheckResult, exit_code, run_checks};
use super::engine::{EngineOptions, PolicyEngine, RegoVersion};
use super::output::{self, Format, Options};
use super::verify::{filter_namespaces, run_tests};
use super::{Error, Result, data, input};

/// `kubegate test`: check configuration files against conftest-style Rego policies.
#[derive(Debug, Clone, clap::Args)]
pub struct TestArgs {
    /// Files or directories to test (`-` reads stdin)
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Path to the Rego policy files directory (repeatable)
    #[arg(short = 'p', long, value_delimiter = ',', default_value = "policy")]
    pub policy: Vec<PathBuf>,
    /// Test policies in these namespaces; globs `*`, `?`, `[...]` match package names
    #[arg(short = 'n', long, value_delimiter = ',', default_value = "main")]
    pub namespace: Vec<String>,
    /// Test policies found in all namespaces
    #[arg(long)]
    pub all_namespaces: bool,
    /// Combine all config files to be evaluated together
    #[arg(long)]
    pub combine: bool,
    /// Paths from which data for the policies is loaded recursively
    #[arg(short = 'd', long, value_delimiter = ',')]
    pub data: Vec<PathBuf>,
    /// Output format: stdout, json, tap, table, junit, github, azuredevops, sarif
    #[arg(short = 'o', long, default_value = "stdout")]
    pub output: String,
    /// Exit 1 on warnings, 2 on failures
    #[arg(long)]
    pub fail_on_warn: bool,
    /// Exit 0 even if a policy fails
    #[arg(long)]
    pub no_fail: bool,
    /// Disable color when printing
    #[arg(long)]
    pub no_color: bool,
    /// Print nothing when the exit code is 0
    #[arg(long)]
    pub quiet: bool,
    /// Do not print exceptions (they are still counted)
    #[arg(long)]
    pub suppress_exceptions: bool,
    /// Parser for every input: yaml or json
    #[arg(long)]
    pub parser: Option<String>,
    /// Regex of paths to ignore while walking directories
    #[arg(long)]
    pub ignore: Option<String>,
    /// Print the queries and print() output of each evaluation to stderr
    #[arg(long)]
    pub trace: bool,
    /// Strict mode: unused imports, locals and arguments and deprecated builtins are errors
    #[arg(long)]
    pub strict: bool,
    /// Builtin errors abort the run instead of being undefined
    #[arg(long)]
    pub show_builtin_errors: bool,
    /// OPA capabilities JSON restricting the builtins policies may call
    #[arg(long)]
    pub capabilities: Option<PathBuf>,
    /// Rego syntax of all policies: v0 or v1 (default: detected per file)
    #[arg(long)]
    pub rego_version: Option<String>,
    /// Name to report for stdin instead of `-`
    #[arg(long)]
    pub stdin_filename: Option<String>,
    /// JUnit test names without the message
    #[arg(long)]
    pub junit_hide_message: bool,
    /// GitHub output: skip files whose checks all passed
    #[arg(long)]
    pub github_hide_passed: bool,
    /// Download policies before running (not supported: kubegate never uses the network)
    #[arg(short = 'u', long, value_delimiter = ',')]
    pub update: Vec<String>,
}

/// `kubegate verify`: run the Rego unit tests (`test_*` rules) of the policy directories.
#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {
    /// Accepted and ignored, as in conftest
    pub paths: Vec<String>,
    /// Path to the Rego policy files directory (repeatable)
    #[arg(short = 'p', long, value_delimiter = ',', default_value = "policy")]
    pub policy: Vec<PathBuf>,
    /// Paths from which data for the policies is loaded recursively
    #[arg(short = 'd', long, value_delimiter = ',')]
    pub data: Vec<PathBuf>,
    /// Only tests in these namespaces (globs); default: all
    #[arg(short = 'n', long, value_delimiter = ',')]
    pub namespace: Vec<String>,
    /// Output format: stdout, json, tap, table, junit, github, azuredevops, sarif
    #[arg(short = 'o', long, default_value = "stdout")]
    pub output: String,
    /// Disable color when printing
    #[arg(long)]
    pub no_color: bool,
    /// Print nothing when all tests pass
    #[arg(long)]
    pub quiet: bool,
    /// Print each test's query and print() output to stderr
    #[arg(long)]
    pub trace: bool,
    /// Strict mode: unused imports, locals and arguments and deprecated builtins are errors
    #[arg(long)]
    pub strict: bool,
    /// Builtin errors abort the run instead of being undefined
    #[arg(long)]
    pub show_builtin_errors: bool,
    /// OPA capabilities JSON restricting the builtins policies may call
    #[arg(long)]
    pub capabilities: Option<PathBuf>,
    /// Rego syntax of all policies: v0 or v1 (default: detected per file)
    #[arg(long)]
    pub rego_version: Option<String>,
    /// JUnit test names without the message
    #[arg(long)]
    pub junit_hide_message: bool,
    /// GitHub output: skip files whose checks all passed
    #[arg(long)]
    pub github_hide_passed: bool,
    /// Print a JSON coverage report of the policies (like `opa test --coverage`) instead of
    /// the results; the exit code is still the tests'
    #[arg(long)]
    pub coverage: bool,
}

fn engine_options(rego_version: &Option<String>, show_builtin_errors: bool) -> Result<EngineOptions> {
    Ok(EngineOptions {
        rego_version: rego_version.as_deref().map(RegoVersion::parse).transpose()?,
        strict_builtin_errors: show_builtin_errors,
    })
}

fn load_policies(
    policy: &[PathBuf],
    data_paths: &[PathBuf],
    opts: &EngineOptions,
    capabilities: Option<&PathBuf>,
    strict: bool,
) -> Result<PolicyEngine> {
    let mut engine = PolicyEngine::load(policy, opts)?;
    if strict {
        super::strict::check(&engine)?;
    }
    if let Some(caps) = capabilities {
        super::capabilities::check(&engine, caps)?;
    }
    if !data_paths.is_empty() {
        engine.add_data(data::load_data(data_paths)?)?;
    }
    Ok(engine)
}

fn has_wildcard(patterns: &[String]) -> bool {
    patterns.iter().any(|p| p.contains(['*', '?', '[']))
}

/// Runs `kubegate test` reading stdin for `-`.
pub fn run_test(args: &TestArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    run_test_with_stdin(args, &mut std::io::stdin(), stdout, stderr)
}

/// Runs `kubegate test` with an explicit stdin (for tests).
pub fn run_test_with_stdin(
    args: &TestArgs,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let results = match test_results(args, stdin) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(stderr, "Error: running test: {e}");
            return 1;
        }
    };
    let code = exit_code(&results, args.fail_on_warn);
    if !args.quiet || code != 0 {
        let format = Format::parse(&args.output);
        if args.trace {
            let _ = output::stdout::render_trace(&results, args.no_color, stderr);
        }
        let opts = Options {
            no_color: args.no_color,
            suppress_exceptions: args.suppress_exceptions,
            tracing: args.trace && format == Format::Stdout,
            junit_hide_message: args.junit_hide_message,
            github_hide_passed: args.github_hide_passed,
            exit_code: exit_code(&results, false),
            ..Default::default()
        };
        if let Err(e) = output::render(format, &results, &opts, stdout) {
            let _ = writeln!(stderr, "Error: output results: {e}");
            return 1;
        }
        if args.no_fail {
            return 0;
        }
    }
    code
}

/// Everything `kubegate test` evaluates, in output order.
pub fn test_results(args: &TestArgs, stdin: &mut dyn Read) -> Result<Vec<CheckResult>> {
    if !args.update.is_empty() {
        return Err(Error::new(
            "--update is not supported: kubegate never downloads policies; fetch them first",
        ));
    }
    let opts = engine_options(&args.rego_version, args.show_builtin_errors)?;
    if let Some(p) = &args.parser {
        input::check_parser(p)?;
    }
    let ignore = match args.ignore.as_deref().filter(|s| !s.is_empty()) {
        Some(re) => Some(
            regex::Regex::new(re)
                .map_err(|e| Error::new(format!("parse files: given regexp couldn't be parsed :{e}")))?,
        ),
        None => None,
    };
    let files = input::collect_files(&args.paths, ignore.as_ref())?;
    let mut configs = input::parse_files(&files, args.parser.as_deref(), stdin)?;
    if let Some(name) = &args.stdin_filename {
        for c in configs.iter_mut().filter(|c| c.path == "-") {
            c.path = name.clone();
        }
    }
    let engine = load_policies(&args.policy, &args.data, &opts, args.capabilities.as_ref(), args.strict)?;
    let namespaces = if args.all_namespaces {
        engine.namespaces()
    } else if has_wildcard(&args.namespace) {
        filter_namespaces(&engine.namespaces(), &args.namespace)?
    } else {
        args.namespace.clone()
    };
    run_checks(&engine, &configs, &namespaces, args.combine)
}

/// Runs `kubegate verify`; exit 1 when any test fails (or on errors).
pub fn run_verify(args: &VerifyArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    if args.coverage {
        return match verify_coverage(args) {
            Ok((results, report)) => {
                let mut text = String::new();
                output::gojson::write(&report, 0, true, &mut text);
                let _ = writeln!(stdout, "{text}");
                exit_code(&results, false)
            }
            Err(e) => {
                let _ = writeln!(stderr, "Error: running verification: {e}");
                1
            }
        };
    }
    let results = match verify_results(args) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(stderr, "Error: running verification: {e}");
            return 1;
        }
    };
    let code = exit_code(&results, false);
    if !args.quiet || code != 0 {
        if args.trace {
            let _ = output::stdout::render_trace(&results, args.no_color, stderr);
        }
        let opts = Options {
            no_color: args.no_color,
            show_skipped: true,
            junit_hide_message: args.junit_hide_message,
            github_hide_passed: args.github_hide_passed,
            exit_code: code,
            ..Default::default()
        };
        if let Err(e) = output::render(Format::parse(&args.output), &results, &opts, stdout) {
            let _ = writeln!(stderr, "Error: output results: {e}");
            return 1;
        }
    }
    code
}

/// The test results and the coverage report of `kubegate verify --coverage`.
pub fn verify_coverage(args: &VerifyArgs) -> Result<(Vec<CheckResult>, serde_json::Value)> {
    let opts = engine_options(&args.rego_version, args.show_builtin_errors)?;
    let engine = load_policies(&args.policy, &args.data, &opts, args.capabilities.as_ref(), args.strict)?;
    super::verify::run_tests_with_coverage(&engine, &args.namespace)
}

/// Every test result of `kubegate verify`.
pub fn verify_results(args: &VerifyArgs) -> Result<Vec<CheckResult>> {
    let opts = engine_options(&args.rego_version, args.show_builtin_errors)?;
    let engine = load_policies(&args.policy, &args.data, &opts, args.capabilities.as_ref(), args.strict)?;
    run_tests(&engine, &args.namespace)
}
