//! Command-line definitions (clap). Raw arguments live here; `run` turns them into scan
//! options and picks the renderers. Exit codes: 0 clean, 1 findings at/above --fail-on,
//! 2 usage, config or internal error.

mod hook;
mod progress;
pub mod render;
pub mod render_helm;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Severity;
use crate::output;
use crate::rules::{self, REGISTRY};
use crate::scan::{Mode, ScanOptions, ScanResult, scan};

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
    /// Write `.kubegate-baseline.json`: the findings accepted today, hidden by `scan --baseline`.
    Baseline(BaselineArgs),
    /// Explain a rule: what it finds, why it matters, how to fix it.
    Explain {
        /// Rule id (K8S001) or name (privileged-container).
        rule: String,
    },
    /// Manage the native git pre-commit hook.
    #[command(subcommand)]
    Hook(HookCommand),
    /// Print what a unit renders to (`render helm CHART` = `helm template`, `render kustomize
    /// DIR` = `kubectl kustomize DIR`).
    #[command(subcommand)]
    Render(render::RenderCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Write .git/hooks/pre-commit running `kubegate scan --staged`.
    Install {
        /// Replace a pre-commit hook kubegate did not write (it is kept as pre-commit.bak).
        #[arg(long)]
        force: bool,
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
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// JUnit XML (CI test reports).
    Junit,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
}

impl Format {
    /// Formats meant for programs: nothing else (no summary) is printed beside them on stdout's behalf.
    fn machine(self) -> bool {
        matches!(self, Format::Json | Format::Sarif | Format::Junit | Format::Gitlab)
    }
}

/// `FORMAT` or `FORMAT=FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    pub format: Format,
    pub file: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<FormatSpec, String> {
    let (name, file) = match s.split_once('=') {
        Some((n, f)) if !f.is_empty() => (n, Some(PathBuf::from(f))),
        Some((n, _)) => return Err(format!("`{n}=` needs a file name after `=`")),
        None => (s, None),
    };
    let format = Format::from_str(name, true).map_err(|_| {
        format!("`{name}` is not a format: use human, concise, json, sarif, junit, github or gitlab")
    })?;
    Ok(FormatSpec { format, file })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files and directories to scan (default: the current directory). With --staged or
    /// --diff-base, keep only the changed files under these paths.
    pub paths: Vec<PathBuf>,
    /// Output format, optionally to a file: `--format concise --format sarif=results.sarif`.
    /// Repeatable. human, concise, json, sarif, junit, github, gitlab.
    #[arg(long, value_name = "FORMAT[=FILE]", value_parser = parse_format)]
    pub format: Vec<FormatSpec>,
    /// Write the output (of the format given without `=FILE`) to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding has at least this severity (critical, high, medium, low, info, never).
    #[arg(long, value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,
    /// Skip paths matching this glob (gitignore syntax); repeatable. Named files are always scanned.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Skip files larger than this many bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// The config file (default: `.kubegate.yaml` found upward from the scan root).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any `.kubegate.yaml`.
    #[arg(long)]
    pub no_config: bool,
    /// Rules to run: ids, names or profiles (all, default, pss-baseline, pss-restricted,
    /// best-practice, rbac, secrets), comma-separated or repeated. Replaces the config's selection.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Rules not to run (ids, names or profiles).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Target Kubernetes version (MAJOR.MINOR, e.g. 1.30): the Pod Security Standards and
    /// deprecated-API rules judge as that version does. Default: the config's, else the latest.
    #[arg(long, value_name = "VERSION", value_parser = crate::rules::parse_kube_version)]
    pub kube_version: Option<crate::rules::KubeVersion>,
    /// Walk, read and load only; run no checks (for benchmarks).
    #[arg(long)]
    pub load_only: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Do not print the summary (text formats).
    #[arg(long)]
    pub no_summary: bool,
    /// Judge the content staged in the git index (the staged files and their units), not the
    /// working tree: what `git commit` would record.
    #[arg(long, conflicts_with_all = ["diff_base", "stdin"])]
    pub staged: bool,
    /// Judge only the files changed since merge-base(REF, HEAD) (committed, staged, unstaged
    /// and untracked) and the units they belong to.
    #[arg(long, value_name = "REF", conflicts_with = "stdin")]
    pub diff_base: Option<String>,
    /// With --diff-base: report only findings absent at the merge base (by fingerprint, so a
    /// moved line is not new).
    #[arg(long, requires = "diff_base")]
    pub new_only: bool,
    /// Read one file's content from stdin (an editor buffer); needs --stdin-filename.
    #[arg(long, requires = "stdin_filename")]
    pub stdin: bool,
    /// The path the stdin buffer is judged as (its kustomization or chart applies).
    #[arg(long, value_name = "PATH", requires = "stdin")]
    pub stdin_filename: Option<PathBuf>,
    /// Colour: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// A Rego policy directory or `.rego` file to run on every object (repeatable; replaces
    /// the config's `policies.paths`). `*_test.rego` files are not loaded.
    #[arg(long = "policy", value_name = "PATH")]
    pub policy: Vec<PathBuf>,
    /// Policy packages to query (conftest's --namespace: literal, or a glob with `*`, `?`,
    /// `[...]`); repeatable or comma-separated. Default: every package.
    #[arg(long, value_name = "PACKAGE", value_delimiter = ',')]
    pub namespace: Vec<String>,
    /// Query every policy package (the default; for conftest compatibility).
    #[arg(long, conflicts_with = "namespace")]
    pub all_namespaces: bool,
    /// Data files or directories for the policies (`data.*`, OPA loader semantics); repeatable.
    #[arg(long = "data", value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// Also render each Helm chart's `ci/*.yaml` value sets (each on top of the defaults).
    #[arg(long)]
    pub helm_ci_values: bool,
    /// Render Helm charts with this `helm` binary instead of in-process (findings then point
    /// at template files, not lines).
    #[arg(long, value_name = "PATH")]
    pub helm_binary: Option<PathBuf>,
    /// Hide the findings listed in this baseline file (`kubegate baseline`); its entries that
    /// match nothing are reported (KG015). Overrides the config's `baseline:`.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// The scan whose findings are accepted (same flags as `kubegate scan`). The baseline is
    /// written to `--output`, else `.kubegate-baseline.json` in the scan root; an existing
    /// file's salt is kept so unchanged findings keep their fingerprints.
    #[command(flatten)]
    pub scan: ScanArgs,
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

/// Run a parsed command line; returns the process exit code. Once per process: a scan's
/// memory is left for the exit to reclaim.
pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    match cli.command {
        Command::Scan(args) => run_scan(args, stdout, stderr),
        Command::Baseline(args) => run_baseline(args.scan, stdout, stderr),
        Command::Rules(args) => run_rules(&args, stdout, stderr),
        Command::Explain { rule } => run_explain(&rule, stdout, stderr),
        Command::Test(args) => exit_code(crate::rego::cli::run_test(&args, stdout, stderr)),
        Command::Verify(args) => exit_code(crate::rego::cli::run_verify(&args, stdout, stderr)),
        Command::Config { .. } => {
            let schema = serde_json::to_string_pretty(&crate::config::schema::schema()).unwrap_or_default();
            u8::from(writeln!(stdout, "{schema}").is_err()) * 2
        }
        Command::Hook(HookCommand::Install { force }) => match hook::install(force) {
            Ok(msg) => {
                let _ = writeln!(stdout, "{msg}");
                0
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                2
            }
        },
        Command::Render(cmd) => render::run(&cmd, stdout, stderr),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "kubegate", stdout);
            0
        }
    }
}

/// Where one rendering goes.
enum Target {
    Stdout,
    File(PathBuf),
}

fn resolve_outputs(args: &ScanArgs) -> Result<Vec<(Format, Target)>, String> {
    let default = || if std::io::stdout().is_terminal() { Format::Human } else { Format::Concise };
    let mut specs = args.format.clone();
    if specs.is_empty() || (args.output.is_some() && specs.iter().all(|s| s.file.is_some())) {
        specs.insert(0, FormatSpec { format: default(), file: None });
    }
    let mut out = Vec::new();
    let mut to_stdout = 0;
    for s in specs {
        let target = match (s.file, &args.output) {
            (Some(f), _) => Target::File(f),
            (None, Some(o)) => Target::File(o.clone()),
            (None, None) => {
                to_stdout += 1;
                Target::Stdout
            }
        };
        out.push((s.format, target));
    }
    if to_stdout > 1 || (args.output.is_some() && args.format.iter().filter(|s| s.file.is_none()).count() > 1)
    {
        return Err("only one format can go to stdout (or --output): give the others a file, e.g. `--format sarif=results.sarif`".into());
    }
    Ok(out)
}

fn render(
    format: Format,
    out: &mut dyn Write,
    all: &ScanResult,
    prefix: &std::path::Path,
    color: bool,
) -> std::io::Result<()> {
    let result = all;
    match format {
        Format::Human => output::human::write(out, result, prefix, color),
        Format::Concise => output::concise::write(out, result, prefix),
        Format::Json => output::json::write(out, result),
        Format::Sarif => output::sarif::write(out, result, prefix),
        Format::Junit => output::junit::write(out, result, prefix),
        Format::Github => output::github::write(out, result, prefix),
        Format::Gitlab => output::gitlab::write(out, result, prefix),
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
    let outputs = match resolve_outputs(&args) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return 2;
        }
    };
    let (mut opts, fail_on, baseline) = match scan_options(&args) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return 2;
        }
    };
    let changed_mode = args.staged || args.diff_base.is_some();
    let paths = opts.paths.clone();
    if let Some(file) = baseline {
        match crate::baseline::Baseline::load(&file) {
            Ok(b) => {
                opts.secret_salt = Some(b.salt.clone());
                opts.baseline = Some(std::sync::Arc::new(b));
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return 2;
            }
        }
    }
    let progress = std::io::stderr().is_terminal().then(progress::Progress::start);
    let scanned = scan(&opts);
    if let Some(p) = progress {
        p.finish();
    }
    let mut result = match scanned {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return 2;
        }
    };
    let prefix = match paths.as_slice() {
        [p] if p.is_dir() && !changed_mode => p.clone(),
        _ => PathBuf::new(),
    };
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut stdout_format = None;
    // Suppressed findings appear in JSON only (with their reason); other formats hide them.
    // Without suppressions (the usual case) nothing is copied.
    let suppressed = result.suppressed();
    let hide_suppressed = |result: &mut ScanResult| {
        (suppressed > 0).then(|| {
            let all = std::mem::take(&mut result.findings);
            result.findings = all.iter().filter(|f| f.suppressed.is_none()).cloned().collect();
            all
        })
    };
    for (format, target) in &outputs {
        let saved = if *format == Format::Json { None } else { hide_suppressed(&mut result) };
        let written = match target {
            Target::Stdout => {
                stdout_format = Some(*format);
                let color = match args.color {
                    Color::Always => true,
                    Color::Never => false,
                    Color::Auto => std::io::stdout().is_terminal() && !no_color_env,
                };
                render(*format, stdout, &result, &prefix, color)
            }
            Target::File(path) => std::fs::File::create(path)
                .map(std::io::BufWriter::new)
                .and_then(|mut w| {
                    render(*format, &mut w, &result, &prefix, args.color == Color::Always)?;
                    w.flush()
                })
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        };
        if let Some(all) = saved {
            result.findings = all;
        }
        if let Err(e) = written {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                let _ = writeln!(stderr, "error: cannot write output: {e}");
            }
            return 2;
        }
    }
    if !stdout_format.is_some_and(Format::machine) && !args.no_summary {
        let saved = hide_suppressed(&mut result);
        let _ = output::summary::write(stderr, &result);
        if suppressed > 0 {
            let _ =
                writeln!(stderr, "  {suppressed} findings suppressed (see --format json for the reasons)");
        }
        if let Some(all) = saved {
            result.findings = all;
        }
    }
    let failing = match fail_on {
        FailOn::Never => false,
        FailOn::At(min) => result.findings.iter().any(|f| f.suppressed.is_none() && f.severity >= min),
    };
    // The process ends right after (`run` is the binary's entry): the kernel takes the
    // memory back at exit. Freeing a large scan (100k findings, every file's text) took
    // longer than writing it out, even on a thread of its own, whose frees and page
    // returns then delayed the exit (about 40 ms of a 1.6 s scan of 100k documents).
    std::mem::forget(result);
    u8::from(failing)
}

/// The scan's policies: `--policy` (with `--namespace`, `--data`, falling back to the
/// config's) or the config's `policies:`. Also checks that the config's non-built-in rule
/// references name policy rules.
fn load_policies(
    args: &ScanArgs,
    cfg: &crate::config::Config,
) -> Result<Option<std::sync::Arc<crate::rego::scan::PolicySet>>, String> {
    let from_cfg = cfg.policies.clone().unwrap_or_default();
    let mut opts = crate::rego::scan::PolicyOptions {
        paths: if args.policy.is_empty() { from_cfg.paths } else { args.policy.clone() },
        namespaces: if args.namespace.is_empty() { from_cfg.namespaces } else { args.namespace.clone() },
        data: if args.data.is_empty() { from_cfg.data } else { args.data.clone() },
    };
    if args.all_namespaces {
        opts.namespaces.clear();
    }
    if opts.paths.is_empty() {
        if !args.data.is_empty() || !args.namespace.is_empty() {
            return Err(
                "--data and --namespace need policies (--policy or the config's `policies.paths`)".into()
            );
        }
        cfg.check_policy_refs(&Default::default()).map_err(|e| e.to_string())?;
        return Ok(None);
    }
    let set = crate::rego::scan::PolicySet::load(&opts)?;
    cfg.check_policy_refs(set.rule_ids()).map_err(|e| e.to_string())?;
    Ok(Some(std::sync::Arc::new(set)))
}

/// The config's `helm:` section and the `--helm-*` flags; chart and values paths are
/// relative to the config file's directory.
fn helm_options(cfg: &crate::config::Config, args: &ScanArgs) -> crate::scan::helm::HelmOptions {
    let base = cfg.path.parent().map(crate::discover::absolute).unwrap_or_default();
    let h = &cfg.helm;
    crate::scan::helm::HelmOptions {
        charts: h
            .charts
            .iter()
            .map(|(dir, c)| {
                let values = c.values.iter().map(|v| crate::discover::absolute(&base.join(v))).collect();
                (
                    crate::discover::absolute(&base.join(dir)),
                    crate::scan::helm::ChartValues { values, set: c.set.clone() },
                )
            })
            .collect(),
        ci_values: args.helm_ci_values || h.ci_values.unwrap_or(false),
        release_name: h.release_name.clone(),
        namespace: h.namespace.clone(),
        kube_version: cfg.kube_version.map(|(a, b)| format!("v{a}.{b}.0")),
        binary: args.helm_binary.clone(),
        dependency_dirs: h.dependency_dirs.iter().map(|d| crate::discover::absolute(&base.join(d))).collect(),
    }
}

/// The scan options (and the --fail-on threshold) from the arguments and the config file.
/// The baseline file is only named here; `run_scan` loads it.
fn scan_options(args: &ScanArgs) -> Result<(ScanOptions, FailOn, Option<PathBuf>), String> {
    let changed_mode = args.staged || args.diff_base.is_some();
    let paths =
        if args.paths.is_empty() && !changed_mode { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mode = if args.staged {
        Mode::Staged
    } else if let Some(base) = &args.diff_base {
        Mode::DiffBase { base: base.clone(), new_only: args.new_only }
    } else if args.stdin {
        let mut content = Vec::new();
        std::io::stdin().read_to_end(&mut content).map_err(|e| format!("cannot read stdin: {e}"))?;
        Mode::Stdin { path: args.stdin_filename.clone().unwrap_or_default(), content }
    } else {
        Mode::Walk
    };
    let root = crate::scan::scan_root(&paths);
    let config = if args.no_config {
        None
    } else {
        match args.config.clone().or_else(|| crate::config::find_upward(&root)) {
            Some(p) => Some(crate::config::load(&p).map_err(|e| e.to_string())?),
            None => None,
        }
    };
    // Without a config file, the config's defaults (unused suppressions are reported).
    let cfg = config
        .unwrap_or_else(|| crate::config::Config { report_unused_suppressions: true, ..Default::default() });
    let select = if args.select.is_empty() { cfg.select.clone() } else { Some(args.select.clone()) };
    let ignore: Vec<String> = cfg.ignore.iter().chain(&args.ignore).cloned().collect();
    let kube_version = args.kube_version.or(cfg.kube_version);
    let mut enabled = crate::rules::select::resolve_at(
        select.as_deref(),
        &ignore,
        kube_version.unwrap_or(crate::rules::PSS_LATEST),
    )?;
    // A rule whose parameters are configured runs, unless it is ignored.
    let ignored =
        crate::rules::select::resolve_at(Some(&ignore), &[], crate::rules::PSS_LATEST).unwrap_or_default();
    enabled.extend(cfg.params.configured_rules().into_iter().filter(|id| !ignored.contains(id)));
    let pss_restricted = select.as_ref().is_some_and(|s| s.iter().any(|x| x == "pss-restricted"));
    let fail_on = args
        .fail_on
        .or(cfg.fail_on.map(|f| f.map_or(FailOn::Never, FailOn::At)))
        .unwrap_or(FailOn::At(Severity::High));
    let policies = load_policies(args, &cfg)?;
    let baseline = args.baseline.clone().or(cfg.baseline.clone());
    let opts = ScanOptions {
        paths: paths.clone(),
        excludes: cfg.exclude.iter().chain(&args.exclude).cloned().collect(),
        max_file_size: args.max_file_size.or(cfg.max_file_size).unwrap_or(10 * 1024 * 1024),
        load_only: args.load_only,
        mode,
        rules: Some(enabled),
        pss_restricted,
        severity: cfg.severity.clone(),
        exemptions: cfg.exemptions.clone(),
        report_unused_suppressions: cfg.report_unused_suppressions,
        kube_version,
        complete_units: cfg.complete_units.clone(),
        params: cfg.params.clone(),
        policies,
        helm: helm_options(&cfg, args),
        ..ScanOptions::default()
    };
    Ok((opts, fail_on, baseline))
}

/// `kubegate baseline`: scan, then write the unsuppressed findings as baseline entries.
fn run_baseline(args: ScanArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let (mut opts, _, _) = match scan_options(&args) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return 2;
        }
    };
    let root = crate::scan::scan_root(&opts.paths);
    let file = args.output.clone().unwrap_or_else(|| root.join(crate::baseline::FILE_NAME));
    // Keep the salt of the file being replaced: unchanged findings keep their fingerprints.
    let salt = crate::baseline::Baseline::load(&file)
        .map(|b| b.salt)
        .unwrap_or_else(|_| crate::baseline::new_salt());
    opts.secret_salt = Some(salt.clone());
    let result = match scan(&opts) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return 2;
        }
    };
    let baseline = crate::baseline::Baseline::from_findings(&file, salt, &result.findings);
    if let Err(e) = std::fs::write(&file, baseline.to_json()) {
        let _ = writeln!(stderr, "error: {}: {e}", file.display());
        return 2;
    }
    let _ = writeln!(stdout, "wrote {} ({} entries)", file.display(), baseline.entries.len());
    0
}

fn run_rules(args: &RulesArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let metas = REGISTRY
        .iter()
        .map(|r| &r.meta)
        .chain(rules::core::ALL.iter().copied())
        .chain(rules::secrets::catalog::metas());
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

/// The rule's reported and passing examples (its fixtures), indented.
fn explain_examples(id: &'static str) -> String {
    let (invalid, valid) = rules::examples::of(id);
    let indent = |t: &str| t.lines().map(|l| format!("    {l}\n")).collect::<String>();
    let mut out = String::new();
    if let Some(e) = invalid {
        out.push_str(&format!("Reported ({}):\n\n{}", e.name, indent(e.text)));
        if !e.reported.is_empty() {
            out.push_str(&format!(
                "\n  kubegate reports:\n{}",
                e.reported.iter().map(|r| format!("    {r}\n")).collect::<String>()
            ));
        }
    }
    if let Some(e) = valid {
        out.push_str(&format!("\nPasses ({}):\n\n{}", e.name, indent(e.text)));
    }
    out
}

fn run_explain(rule: &str, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let Some(m) = rules::find(rule) else {
        let _ = writeln!(
            stderr,
            "error: no built-in rule `{rule}` (see `kubegate rules`); if it is a policy rule (from --policy or the config's `policies:`), its policy's `# METADATA` describes it"
        );
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
    let _ = stdout.write_all(explain_examples(m.id).as_bytes());
    0
}
