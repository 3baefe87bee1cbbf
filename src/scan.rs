//! The scan pipeline: discover → load → check, in parallel per file, with every input
//! accounted for (checked, skipped with a reason, or failed with a finding).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Finding, Severity, fingerprint, sort_findings};
use crate::discover::{self, FileClass, Input, WalkOptions};
use crate::model::{Document, Identity, SourceFile};
use crate::rules::{self, REGISTRY, Reporter, RuleMeta, core};
use crate::source::yaml::{Limits, Pos, ProblemKind, Span, load_stream};

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub excludes: Vec<String>,
    /// Files larger than this are skipped with a reason.
    pub max_file_size: u64,
    /// Walk, read and load only; run no checks (for benchmarks).
    pub load_only: bool,
    pub limits: Limits,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            paths: vec![PathBuf::from(".")],
            excludes: Vec::new(),
            max_file_size: 10 * 1024 * 1024,
            load_only: false,
            limits: Limits::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// How many inputs fell in each class (they add up to `files`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounting {
    /// YAML/JSON files holding at least one Kubernetes object.
    pub manifests: usize,
    /// YAML/JSON files that parsed but hold no Kubernetes object (values files, CI configs, …).
    pub non_object_yaml: usize,
    pub kustomizations: usize,
    pub kustomize_inputs: usize,
    pub helm_chart_files: usize,
    /// Other text files (kept for secret detectors).
    pub text: usize,
    /// Files that could not be loaded (a finding says why).
    pub failed: usize,
    /// Files skipped individually (binary, too large); charts are listed in `skipped` too.
    pub skipped_files: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    pub bytes: u64,
    pub accounting: Accounting,
    pub skipped: Vec<Skipped>,
    pub elapsed: Duration,
}

#[derive(Debug, Default)]
pub struct ScanResult {
    /// The directory paths are relative to.
    pub root: PathBuf,
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

impl ScanResult {
    pub fn count_by_severity(&self) -> BTreeMap<Severity, usize> {
        let mut m: BTreeMap<Severity, usize> = Severity::ALL.iter().map(|s| (*s, 0)).collect();
        for f in &self.findings {
            *m.entry(f.severity).or_default() += 1;
        }
        m
    }
    /// Files that failed to load or check.
    pub fn errors(&self) -> usize {
        self.summary.accounting.failed
    }
}

/// The scan root: a single directory argument, else the current directory.
pub fn scan_root(paths: &[PathBuf]) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    match paths {
        [p] if p.is_dir() => {
            if p.is_absolute() {
                p.clone()
            } else {
                cwd.join(p)
            }
        }
        _ => cwd,
    }
}

/// What loading and checking one file produced.
#[derive(Default)]
struct FileOutcome {
    findings: Vec<Finding>,
    documents: usize,
    bytes: u64,
    objects: bool,
    failed: bool,
    skipped: Option<String>,
}

pub fn scan(opts: &ScanOptions) -> Result<ScanResult, String> {
    let start = Instant::now();
    let root = discover::absolute(&scan_root(&opts.paths));
    let walked = discover::walk(&opts.paths, &WalkOptions { excludes: opts.excludes.clone() })?;
    let inputs = discover::classify(&root, walked);

    let outcomes: Vec<FileOutcome> = inputs
        .par_iter()
        .map(|input| {
            catch_unwind(AssertUnwindSafe(|| process(input, opts))).unwrap_or_else(|payload| {
                let msg = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                FileOutcome {
                    findings: vec![file_finding(
                        &core::INTERNAL_ERROR,
                        &input.rel,
                        None,
                        format!("internal error while checking this file: {msg}"),
                    )],
                    failed: true,
                    ..Default::default()
                }
            })
        })
        .collect();

    let mut result = ScanResult { root, ..Default::default() };
    let s = &mut result.summary;
    s.files = inputs.len();
    let mut charts: BTreeMap<String, usize> = BTreeMap::new();
    for (input, o) in inputs.iter().zip(outcomes) {
        s.documents += o.documents;
        s.bytes += o.bytes;
        let a = &mut s.accounting;
        if o.failed {
            a.failed += 1;
        } else if let Some(reason) = o.skipped {
            a.skipped_files += 1;
            s.skipped.push(Skipped { path: input.rel.clone(), reason });
        } else {
            match &input.class {
                FileClass::HelmChart { chart } => {
                    a.helm_chart_files += 1;
                    *charts.entry(chart.clone()).or_default() += 1;
                }
                FileClass::Kustomization => a.kustomizations += 1,
                FileClass::KustomizeInput { .. } => a.kustomize_inputs += 1,
                FileClass::Text => a.text += 1,
                FileClass::Yaml | FileClass::Json if o.objects => a.manifests += 1,
                FileClass::Yaml | FileClass::Json => a.non_object_yaml += 1,
            }
        }
        result.findings.extend(o.findings);
    }
    for (chart, n) in charts {
        s.skipped.push(Skipped {
            path: if chart.is_empty() { ".".into() } else { chart },
            reason: format!("Helm chart ({n} files): in-process rendering is not implemented yet, so its templates are not checked"),
        });
    }
    s.skipped.sort();
    sort_findings(&mut result.findings);
    result.summary.elapsed = start.elapsed();
    Ok(result)
}

fn process(input: &Input, opts: &ScanOptions) -> FileOutcome {
    if let Ok(v) = std::env::var("KUBEGATE_DEBUG_PANIC")
        && !v.is_empty()
        && input.rel.ends_with(&v)
    {
        panic!("KUBEGATE_DEBUG_PANIC matched {}", input.rel);
    }
    let loads = match &input.class {
        FileClass::Yaml | FileClass::Json | FileClass::Kustomization | FileClass::KustomizeInput { .. } => {
            true
        }
        FileClass::HelmChart { .. } | FileClass::Text => false,
    };
    let meta = match std::fs::metadata(&input.abs) {
        Ok(m) => m,
        Err(e) => return unreadable(input, e),
    };
    if meta.len() > opts.max_file_size {
        return FileOutcome {
            skipped: Some(format!(
                "file is {} bytes, over the {} byte limit (--max-file-size)",
                meta.len(),
                opts.max_file_size
            )),
            bytes: 0,
            ..Default::default()
        };
    }
    if !loads {
        // Read to classify binary vs text; text detectors (secrets) will run here.
        return match std::fs::read(&input.abs) {
            Ok(bytes) if is_binary(&bytes) && input.class == FileClass::Text => {
                FileOutcome { skipped: Some("binary file".into()), ..Default::default() }
            }
            Ok(bytes) => FileOutcome { bytes: bytes.len() as u64, ..Default::default() },
            Err(e) => unreadable(input, e),
        };
    }
    let bytes = match std::fs::read(&input.abs) {
        Ok(b) => b,
        Err(e) => return unreadable(input, e),
    };
    let size = bytes.len() as u64;
    if is_binary(&bytes) {
        return FileOutcome { skipped: Some("binary file".into()), ..Default::default() };
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let pos = pos_at(bytes, at);
            return FileOutcome {
                findings: vec![file_finding(
                    &core::INVALID_UTF8,
                    &input.rel,
                    Some(Span { start: pos, end: pos }),
                    format!(
                        "invalid UTF-8 byte 0x{:02x} at line {}, column {}",
                        bytes[at], pos.line, pos.column
                    ),
                )],
                bytes: size,
                failed: true,
                ..Default::default()
            };
        }
    };
    // JSON files are only Kubernetes objects when they say so.
    if input.class == FileClass::Json && !text.contains("\"apiVersion\"") {
        return FileOutcome { bytes: size, ..Default::default() };
    }
    let file = SourceFile { path: input.rel.clone(), text };
    let stream = load_stream(&file.text, opts.limits);
    let mut out = FileOutcome { bytes: size, ..Default::default() };
    for p in &stream.problems {
        let meta = match p.kind {
            ProblemKind::Parse => &core::YAML_PARSE_ERROR,
            ProblemKind::DuplicateKey { .. } => &core::YAML_DUPLICATE_KEY,
            ProblemKind::TooDeep => &core::YAML_TOO_DEEP,
            ProblemKind::AliasBudget => &core::YAML_ALIAS_BUDGET,
        };
        let mut f = file_finding(meta, &file.path, Some(p.span), p.message.clone());
        f.resource = Some(crate::diagnostic::ResourceRef {
            api_version: None,
            kind: None,
            namespace: None,
            name: None,
            document: p.document,
        });
        out.findings.push(f);
    }
    out.failed = stream.truncated;
    let linted = matches!(input.class, FileClass::Yaml | FileClass::Json);
    for d in &stream.docs {
        let Some(root) = &d.root else { continue };
        let identity = Identity::of(root);
        if !linted || !identity.is_object() {
            continue;
        }
        out.documents += 1;
        out.objects = true;
        if opts.load_only {
            continue;
        }
        let doc = Document::with_identity(&file, d.index, root, identity);
        let mut reporter = Reporter::new(&doc);
        for rule in REGISTRY {
            (rule.check)(&doc, &mut reporter);
        }
        out.findings.extend(reporter.findings);
    }
    out
}

fn unreadable(input: &Input, e: std::io::Error) -> FileOutcome {
    FileOutcome {
        findings: vec![file_finding(
            &core::UNREADABLE_FILE,
            &input.rel,
            None,
            format!("cannot read file: {e}"),
        )],
        failed: true,
        ..Default::default()
    }
}

fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Line and column (1-based, in characters) of a byte offset.
fn pos_at(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    Pos { line: line as u32, column: column as u32, offset: at as u32 }
}

/// A finding about a file rather than an object.
pub fn file_finding(meta: &'static RuleMeta, path: &str, span: Option<Span>, message: String) -> Finding {
    let fp = fingerprint(&[meta.id, path, &message]);
    Finding {
        rule_id: Cow::Borrowed(meta.id),
        rule_name: Cow::Borrowed(meta.name),
        severity: meta.severity,
        message,
        path: path.to_string(),
        span,
        resource: None,
        object_path: None,
        help: Some(meta.remediation.to_string()),
        fingerprint: fp,
        suppressed: None,
    }
}

/// Look up rule metadata for a finding (built-in and core rules).
pub fn meta_for(f: &Finding) -> Option<&'static RuleMeta> {
    rules::find(&f.rule_id)
}
