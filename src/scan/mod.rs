//! The scan pipeline: discover → load → check, in parallel per file, with every input
//! accounted for (checked, skipped with a reason, or failed with a finding).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub mod helm;
pub mod kustomize;
pub mod rendered;
pub mod secrets;

use crate::diagnostic::{Finding, ResourceRef, Severity, fingerprint, sort_findings};
use crate::discover::{self, Contents, FileClass, Input, WalkOptions};
use crate::git::Repo;
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
    /// Which files, read from where.
    pub mode: Mode,
    /// The enabled rule ids (`None`: the rules on by default).
    pub rules: Option<std::collections::BTreeSet<&'static str>>,
    /// Judge where the restricted Pod Security Standard is stricter than baseline.
    pub pss_restricted: bool,
    /// Target Kubernetes version (`None`: the latest each rule knows).
    pub kube_version: Option<crate::rules::KubeVersion>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, crate::diagnostic::Severity>,
    /// Config exemptions (findings they match are suppressed with their reason).
    pub exemptions: Vec<crate::config::Exemption>,
    /// Report suppressions that match no finding.
    pub report_unused_suppressions: bool,
    /// Units (directory globs, `**` for all) declared complete: cross-object rules may report
    /// a missing counterpart there.
    pub complete_units: Vec<String>,
    /// Per-rule parameters (`rules.params`).
    pub params: rules::params::Params,
    /// Rego policies run on every object after the built-in rules (`--policy`, `policies:`).
    pub policies: Option<std::sync::Arc<crate::rego::scan::PolicySet>>,
    /// How Helm charts are rendered.
    pub helm: helm::HelmOptions,
    /// Key of secret findings' fingerprints (the baseline's salt; `None`: a fixed key).
    pub secret_salt: Option<Vec<u8>>,
    /// Findings listed here are suppressed (kind `baseline`); unmatched entries are KG015.
    pub baseline: Option<std::sync::Arc<crate::baseline::Baseline>>,
    /// Computed once per scan from `rules` (leave it default).
    pub active_cache: std::sync::OnceLock<Active>,
}

/// The rules a scan runs, decided once (not per file).
#[derive(Clone)]
pub struct Active {
    rules: Vec<&'static rules::Rule>,
    /// `rules` listed per kind and pod spec: the ones an object is given.
    dispatch: rules::dispatch::RuleSet,
    /// Which objects the enabled cross-object rules need facts of.
    facts: rules::cross::Need,
    /// The enabled cross-object checks.
    cross: Vec<&'static rules::cross::CrossCheck>,
    /// Whether any secret rule runs.
    pub(crate) secrets: bool,
}

/// What a scan judges.
#[derive(Debug, Clone, Default)]
pub enum Mode {
    /// The working tree under `paths`.
    #[default]
    Walk,
    /// The content staged in the git index: the staged files (added, copied, modified,
    /// renamed) and the units they belong to, all read from the index. `paths`, when given,
    /// keep only the staged files under them.
    Staged,
    /// The files changed since `merge-base(base, HEAD)` (committed, staged, unstaged or
    /// untracked) and their units, read from the working tree. With `new_only`, findings
    /// whose fingerprint also exists when the same files are scanned at the merge base are
    /// dropped.
    DiffBase { base: String, new_only: bool },
    /// One file whose content is given (an editor buffer on stdin), judged as if it were
    /// the file at `path`: the kustomization or chart it belongs to still applies.
    Stdin { path: PathBuf, content: Vec<u8> },
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            paths: vec![PathBuf::from(".")],
            excludes: Vec::new(),
            max_file_size: 10 * 1024 * 1024,
            load_only: false,
            limits: Limits::default(),
            mode: Mode::Walk,
            rules: None,
            pss_restricted: false,
            kube_version: None,
            severity: BTreeMap::new(),
            exemptions: Vec::new(),
            report_unused_suppressions: true,
            complete_units: Vec::new(),
            params: rules::params::Params::default(),
            active_cache: std::sync::OnceLock::new(),
            helm: helm::HelmOptions::default(),
            policies: None,
            secret_salt: None,
            baseline: None,
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
    /// Resource files of a built kustomization (checked through the build, not standalone).
    pub kustomize_resources: usize,
    pub helm_chart_files: usize,
    /// Other text files (kept for secret detectors).
    pub text: usize,
    /// Files that could not be loaded (a finding says why).
    pub failed: usize,
    /// Files skipped individually (binary, too large); charts are listed in `skipped` too.
    pub skipped_files: usize,
}

/// What rendering Helm charts gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelmSummary {
    /// Charts rendered (at least one value set).
    pub charts: usize,
    /// Renders (value sets: defaults, configured files, `ci/*.yaml`).
    pub renders: usize,
    /// Renders that failed (a KG010 finding each).
    pub failed: usize,
    /// Kubernetes objects rendered from the charts' default value sets (in `documents` too).
    pub objects: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    pub helm: HelmSummary,
    pub bytes: u64,
    pub accounting: Accounting,
    pub skipped: Vec<Skipped>,
    pub elapsed: Duration,
    /// Kustomizations built as units, and the objects they built.
    pub kustomize_units: usize,
    pub kustomize_objects: usize,
}

/// An object that was checked (JUnit lists a testcase per rule for each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub path: String,
    /// Shared with the object's findings.
    pub resource: std::sync::Arc<ResourceRef>,
}

#[derive(Debug, Default)]
pub struct ScanResult {
    /// The directory paths are relative to.
    pub root: PathBuf,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Every object checked, in path order.
    pub checked: Vec<Checked>,
    /// Where the scanned content came from; renderers that show source read it here.
    pub contents: Contents,
    /// Byte ranges of every secret found (suppressed ones included), by path: renderers that
    /// show source mask them.
    pub secret_spans: HashMap<String, Vec<std::ops::Range<usize>>>,
    /// The ids of the built-in rules the scan ran (JUnit has one testcase per rule and object).
    pub rules: Vec<&'static str>,
}

impl ScanResult {
    /// How many findings a suppression covers.
    pub fn suppressed(&self) -> usize {
        self.findings.iter().filter(|f| f.suppressed.is_some()).count()
    }

    /// Unsuppressed findings per severity.
    pub fn count_by_severity(&self) -> BTreeMap<Severity, usize> {
        let mut m: BTreeMap<Severity, usize> = Severity::ALL.iter().map(|s| (*s, 0)).collect();
        for f in self.findings.iter().filter(|f| f.suppressed.is_none()) {
            *m.entry(f.severity).or_default() += 1;
        }
        m
    }
    /// Files that failed to load or check, and chart renders that failed.
    pub fn errors(&self) -> usize {
        self.summary.accounting.failed + self.summary.helm.failed
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
    checked: Vec<std::sync::Arc<ResourceRef>>,
    failed: bool,
    skipped: Option<String>,
    facts: Vec<rules::cross::Facts>,
}

/// The files a scan judges and where their content comes from.
struct Prepared {
    root: PathBuf,
    files: Vec<(PathBuf, bool)>,
    contents: Contents,
    /// When set, only these files are checked; the others are only context for
    /// classification (the kustomization of an editor buffer).
    only: Option<BTreeSet<PathBuf>>,
    /// For `--new-only`: the merge base and the repository.
    base: Option<(Repo, String)>,
}

/// Relative `/`-separated paths, kept when they fall under one of `paths` (all when none).
fn under_paths(root: &Path, rels: Vec<String>, paths: &[PathBuf]) -> Vec<String> {
    if paths.is_empty() {
        return rels;
    }
    let prefixes: Vec<PathBuf> = paths.iter().map(|p| discover::absolute(p)).collect();
    rels.into_iter().filter(|r| prefixes.iter().any(|p| root.join(r).starts_with(p))).collect()
}

/// Changed files minus those matched by `--exclude` or the repository's root
/// `.kubegateignore` (gitignore syntax; `.gitignore` needs no help: git already applies it).
fn not_excluded(root: &Path, rels: Vec<String>, opts: &ScanOptions) -> Result<Vec<String>, String> {
    let mut b = ignore::gitignore::GitignoreBuilder::new(root);
    let file = root.join(".kubegateignore");
    if file.is_file()
        && let Some(e) = b.add(&file)
    {
        return Err(format!("{}: {e}", file.display()));
    }
    for g in &opts.excludes {
        b.add_line(None, g).map_err(|e| format!("invalid --exclude glob `{g}`: {e}"))?;
    }
    let matcher = b.build().map_err(|e| e.to_string())?;
    Ok(rels.into_iter().filter(|r| !matcher.matched_path_or_any_parents(r, false).is_ignore()).collect())
}

fn prepare(opts: &ScanOptions) -> Result<Prepared, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    match &opts.mode {
        Mode::Walk => {
            let root = discover::absolute(&scan_root(&opts.paths));
            let files = discover::walk(&opts.paths, &WalkOptions { excludes: opts.excludes.clone() })?;
            Ok(Prepared { root, files, contents: Contents::disk(), only: None, base: None })
        }
        Mode::Staged => {
            let repo = Repo::discover(&cwd)?;
            let root = repo.root.clone();
            let staged = not_excluded(&root, under_paths(&root, repo.staged_files()?, &opts.paths), opts)?;
            // The files that may make a staged file part of a unit: the kustomizations of
            // its directory and its parents (kustomize's default load restrictor keeps
            // patches and generator inputs under the kustomization's root) and the
            // Chart.yaml of a chart holding it. One `git cat-file --batch` asks for the staged
            // files and every such candidate (absent ones are simply missing): no listing of
            // the whole index, and no walk of the work tree.
            let mut first: BTreeSet<String> = staged.iter().cloned().collect();
            for f in &staged {
                let mut dir = f.as_str();
                while let Some((parent, _)) = dir.rsplit_once('/') {
                    dir = parent;
                    first.extend(discover::UNIT_FILES.iter().map(|n| format!("{dir}/{n}")));
                }
                first.extend(discover::UNIT_FILES.iter().map(|n| n.to_string()));
            }
            let first: Vec<String> = first.into_iter().collect();
            let mut blobs = repo.read_blobs("", &first)?;
            let mut all: Vec<String> = first.into_iter().filter(|p| blobs.contains_key(p)).collect();
            // A chart is one unit: list its files (read below).
            let charts: Vec<&str> = all
                .iter()
                .filter_map(|p| match p.rsplit_once('/') {
                    Some((dir, "Chart.yaml")) => Some(dir),
                    None if p == "Chart.yaml" => Some("."),
                    _ => None,
                })
                .collect();
            if !charts.is_empty() {
                let mut args = vec!["--literal-pathspecs", "ls-files", "-z", "--cached", "--"];
                args.extend(charts);
                let listed = repo.git(&args)?;
                all.extend(
                    listed
                        .split(|&b| b == 0)
                        .filter(|s| !s.is_empty())
                        .map(|s| String::from_utf8_lossy(s).into_owned()),
                );
                all.sort();
                all.dedup();
            }
            let rels = discover::with_units(&staged, &all, &|p| {
                blobs.get(p).and_then(|b| String::from_utf8(b.clone()).ok())
            });
            let missing: Vec<String> = rels.iter().filter(|r| !blobs.contains_key(*r)).cloned().collect();
            blobs.extend(repo.read_blobs("", &missing)?);
            // Submodules (gitlinks) and other non-blobs have no content to judge.
            let rels: Vec<String> = rels.into_iter().filter(|r| blobs.contains_key(r)).collect();
            let keep: BTreeSet<&String> = rels.iter().collect();
            blobs.retain(|k, _| keep.contains(k));
            let files = rels.iter().map(|r| (root.join(r), true)).collect();
            let contents = Contents::only(blobs.into_iter().map(|(k, v)| (root.join(k), v)).collect());
            Ok(Prepared { root, files, contents, only: None, base: None })
        }
        Mode::DiffBase { base, new_only } => {
            let repo = Repo::discover(&cwd)?;
            let root = repo.root.clone();
            let mb = repo.merge_base(base)?;
            let mut changed = repo.changed_since(&mb)?;
            changed.extend(repo.untracked_files()?);
            changed.sort();
            changed.dedup();
            // Deleted-but-unstaged files are listed by neither diff filter nor ls-files.
            changed.retain(|r| root.join(r).is_file());
            let changed = not_excluded(&root, under_paths(&root, changed, &opts.paths), opts)?;
            let mut all = repo.index_files()?;
            all.extend(repo.untracked_files()?);
            let rels = discover::with_units(&changed, &all, &|p| std::fs::read_to_string(root.join(p)).ok());
            let files = rels.iter().map(|r| (root.join(r), true)).collect();
            let base = new_only.then(|| (repo, mb));
            Ok(Prepared { root, files, contents: Contents::disk(), only: None, base })
        }
        Mode::Stdin { path, content } => {
            let root = discover::absolute(&scan_root(&opts.paths));
            let abs = discover::absolute(path);
            let mut files = vec![(abs.clone(), true)];
            // The kustomizations and chart of the buffer's directory and its parents, read
            // from disk, decide whether the buffer is a patch or a template.
            let mut dir = abs.parent();
            while let Some(d) = dir {
                for name in ["kustomization.yaml", "kustomization.yml", "Kustomization", "Chart.yaml"] {
                    let p = d.join(name);
                    if p != abs && p.is_file() {
                        files.push((p, false));
                    }
                }
                if d == root || !d.starts_with(&root) {
                    break;
                }
                dir = d.parent();
            }
            let contents = Contents::disk_with(HashMap::from([(abs.clone(), content.clone())]));
            Ok(Prepared { root, files, contents, only: Some(BTreeSet::from([abs])), base: None })
        }
    }
}

pub fn scan(opts: &ScanOptions) -> Result<ScanResult, String> {
    let start = Instant::now();
    let Prepared { root, files, contents, only, base } = prepare(opts)?;
    let rels: Vec<String> = files.iter().map(|(p, _)| discover::rel_path(&root, p)).collect();
    let mut result = scan_files(root, files, contents, only.as_ref(), opts);
    apply_config(&mut result.findings, opts);
    if let Some((repo, mb)) = base {
        // The same files at the merge base: what was already there is not new.
        let blobs = repo.read_blobs(&mb, &rels)?;
        let files =
            rels.iter().filter(|r| blobs.contains_key(*r)).map(|r| (result.root.join(r), true)).collect();
        let contents = Contents::only(blobs.into_iter().map(|(k, v)| (result.root.join(k), v)).collect());
        let at_base = scan_files(result.root.clone(), files, contents, None, opts);
        let old: BTreeSet<&str> = at_base.findings.iter().map(|f| f.fingerprint.as_str()).collect();
        result.findings.retain(|f| !old.contains(f.fingerprint.as_str()));
    }
    if let Some(p) = &opts.policies {
        // Policies that failed to load: once per scan, whatever the files.
        for f in &p.load_findings {
            let mut f = f.clone();
            f.path = crate::rego::scan::shown_path(&f.path, &result.root);
            f.fingerprint = fingerprint(&[&f.rule_id, &f.path, &f.message]);
            result.findings.push(f);
        }
        sort_findings(&mut result.findings);
    }
    if let Some(b) = &opts.baseline {
        let root = result.root.clone();
        let rel_file = discover::rel_path(&root, &discover::absolute(&b.file));
        let judged: BTreeSet<&str> = rels.iter().map(String::as_str).collect();
        let walk = matches!(opts.mode, Mode::Walk);
        let is_judged = |p: &str| judged.contains(p) || (walk && !root.join(p).exists());
        let stale = b.apply(&mut result.findings, &rel_file, &is_judged);
        result.findings.extend(stale);
        sort_findings(&mut result.findings);
    }
    result.summary.elapsed = start.elapsed();
    Ok(result)
}

/// Classify, load and check `files`, reading them through `contents`.
fn scan_files(
    root: PathBuf,
    files: Vec<(PathBuf, bool)>,
    contents: Contents,
    only: Option<&BTreeSet<PathBuf>>,
    opts: &ScanOptions,
) -> ScanResult {
    let mut inputs = discover::classify(&root, files, &contents);
    let built = kustomize::run(&root, &inputs, &contents, opts);
    for i in inputs.iter_mut().filter(|i| matches!(i.class, FileClass::Yaml | FileClass::Json)) {
        if let Some(unit) = built.resource_files.get(&i.abs) {
            i.class = FileClass::KustomizeResource { kustomization: unit.clone() };
        }
    }
    if let Some(only) = only {
        inputs.retain(|i| only.contains(&i.abs));
    }
    // In the order of the paths as strings (the walk's is by path component): each file's
    // findings are sorted as it is done, so the files' findings are then one sorted run.
    inputs.sort_by(|a, b| a.rel.cmp(&b.rel));

    let outcomes: Vec<FileOutcome> = inputs
        .par_iter()
        .map(|input| {
            let mut o = catch_unwind(AssertUnwindSafe(|| process(input, opts, &contents))).unwrap_or_else(
                |payload| FileOutcome {
                    findings: vec![file_finding(
                        &core::INTERNAL_ERROR,
                        &input.rel,
                        None,
                        format!("internal error while checking this file: {}", panic_message(&*payload)),
                    )],
                    failed: true,
                    ..Default::default()
                },
            );
            // Sorted here, in parallel: the merged findings are then runs in order.
            o.findings.sort_unstable_by(crate::diagnostic::finding_order);
            // (A vector's first allocation holds four elements: most files have one object.)
            o.findings.shrink_to_fit();
            o.facts.shrink_to_fit();
            o
        })
        .collect();

    let mut result = ScanResult { root, ..Default::default() };
    result.rules = active(opts).rules.iter().map(|r| r.meta.id).collect();
    let s = &mut result.summary;
    s.files = inputs.len();
    let mut charts: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    // The objects of plain manifests, by directory: the cross-object rules' unit.
    // Each file's facts stay in their vector (an object's facts are over a kilobyte: moving
    // 100k of them one by one into per-directory vectors was most of this serial loop).
    let mut units: BTreeMap<String, Vec<Vec<rules::cross::Facts>>> = BTreeMap::new();
    // One allocation for all findings: growing a vector of 100k findings by doubling
    // copies them over and over into fresh pages (the kernel zeroes each), which was most
    // of the serial tail of a large scan.
    let planned = outcomes.iter().map(|o| o.findings.len()).sum::<usize>() + built.findings.len();
    let mut all_findings = std::mem::take(&mut result.findings);
    all_findings.reserve(planned + planned / 16);
    // Each file's findings, in path order: merged with the units' findings at the end.
    let mut file_runs: Vec<Vec<Finding>> = Vec::with_capacity(outcomes.len());
    result.checked.reserve(outcomes.iter().map(|o| o.checked.len()).sum::<usize>() + built.checked.len());
    // The kernel maps the findings' fresh pages in on a worker while this loop runs (at 100k
    // findings, faulting in those 25 MB was most of the time spent moving them there).
    rayon::join(
        || touch_pages(&mut all_findings),
        || {
            for (input, mut o) in inputs.iter().zip(outcomes) {
                if !o.facts.is_empty() {
                    let dir = input.rel.rsplit_once('/').map_or("", |(d, _)| d);
                    let facts = std::mem::take(&mut o.facts);
                    match units.get_mut(dir) {
                        Some(files) => files.push(facts),
                        None => drop(units.insert(dir.to_string(), vec![facts])),
                    }
                }
                s.documents += o.documents;
                s.bytes += o.bytes;
                let a = &mut s.accounting;
                if let FileClass::HelmChart { chart } = &input.class {
                    charts.entry(chart.clone()).or_default().push(input.abs.clone());
                }
                if o.failed {
                    a.failed += 1;
                } else if let Some(reason) = o.skipped {
                    a.skipped_files += 1;
                    s.skipped.push(Skipped { path: input.rel.clone(), reason });
                } else {
                    match &input.class {
                        FileClass::HelmChart { .. } => a.helm_chart_files += 1,
                        FileClass::Kustomization => a.kustomizations += 1,
                        FileClass::KustomizeInput { .. } => a.kustomize_inputs += 1,
                        FileClass::KustomizeResource { .. } => a.kustomize_resources += 1,
                        FileClass::Text => a.text += 1,
                        FileClass::Yaml | FileClass::Json if o.objects => a.manifests += 1,
                        FileClass::Yaml | FileClass::Json => a.non_object_yaml += 1,
                    }
                }
                if !o.findings.is_empty() {
                    file_runs.push(o.findings);
                }
                result
                    .checked
                    .extend(o.checked.into_iter().map(|r| Checked { path: input.rel.clone(), resource: r }));
            }
        },
    );
    result.findings = all_findings;
    let mut units_found: Vec<Finding> = Vec::new();
    // Each chart is one unit: rendered, then its objects checked (scan/helm.rs).
    let root = result.root.clone();
    let charts: Vec<(String, Vec<PathBuf>)> = charts
        .into_iter()
        .map(|(chart, files)| match only {
            // An editor buffer: the rest of its chart comes from the working tree.
            Some(_) => {
                let files = helm::files_on_disk(&root.join(&chart));
                (chart, files)
            }
            None => (chart, files),
        })
        .collect();
    let rendered: Vec<helm::ChartOutcome> = charts
        .par_iter()
        .map(|(chart, files)| helm::check_chart(&root, chart, files, &contents, opts))
        .collect();
    for ((chart, _), o) in charts.iter().zip(rendered) {
        let s = &mut result.summary;
        if let Some(reason) = o.skipped {
            s.skipped
                .push(Skipped { path: if chart.is_empty() { ".".into() } else { chart.clone() }, reason });
            continue;
        }
        s.helm.charts += 1;
        s.helm.renders += o.renders;
        s.helm.failed += o.failed;
        s.helm.objects += o.documents;
        s.documents += o.documents;
        units_found.extend(o.findings);
        result.checked.extend(o.checked.into_iter().map(|(path, resource)| Checked { path, resource }));
    }
    let s = &mut result.summary;
    s.kustomize_units = built.units;
    s.kustomize_objects = built.objects;
    s.documents += built.objects;
    s.skipped.extend(built.skipped);
    let keep =
        |path: &str| only.is_none_or(|o| o.iter().any(|p| discover::rel_path(&result.root, p) == path));
    units_found.extend(built.findings.into_iter().filter(|f| keep(&f.path)));
    let deploys = built.deploys;
    result.checked.extend(built.checked.into_iter().map(|(path, resource)| Checked { path, resource }));
    result.checked.sort_by(|a, b| a.path.cmp(&b.path));
    let s = &mut result.summary;
    s.skipped.sort();
    // Directories that Flux / Argo CD objects of the scan deploy into a namespace (K8S150),
    // read before the units' facts are consumed.
    let targets = rule_enabled(opts, "K8S150").then(|| {
        rules::k8s::default_namespace::deploy_targets(
            units.values().flatten().flatten().flat_map(|f| f.deploys.iter()).chain(&deploys),
        )
    });
    // Each unit's facts are dropped where they were used, in parallel.
    let cross: Vec<Vec<Finding>> = units
        .into_par_iter()
        .map(|(dir, files)| {
            let objects: Vec<&rules::cross::Facts> = files.iter().flatten().collect();
            let found = cross_unit(&dir, &objects, None, opts);
            // Only files that may hold a suppression are loaded again.
            let marked: BTreeSet<&str> =
                objects.iter().filter(|o| o.suppressible).map(|o| o.path.as_str()).collect();
            suppress_cross(found, &marked, &result.root, &contents, opts)
        })
        .collect();
    units_found.extend(cross.into_iter().flatten());
    // The units' findings (rendered, built, cross-object) are sorted on their own and merged
    // with the files' run, each finding moved once: the final sort then finds one run.
    units_found.par_sort_unstable_by(crate::diagnostic::finding_order);
    merge_runs(file_runs, units_found, &mut result.findings);
    if let Some(targets) = targets.filter(|t| !t.is_empty()) {
        result.findings.retain(|f| {
            if f.rule_id != "K8S150" {
                return true;
            }
            let dir = match &f.rendered {
                Some(r) => r.unit.clone(),
                None => f.path.rsplit_once('/').map_or("", |(d, _)| d).to_string(),
            };
            let explicit = f.object_path.as_deref() == Some("metadata.namespace");
            !rules::k8s::default_namespace::deployed_elsewhere(&dir, explicit, &targets)
        });
    }
    drop_secret_duplicates(&mut result.findings);
    sort_findings(&mut result.findings);
    for f in result.findings.iter().filter(|f| f.rule_id.starts_with("SEC")) {
        if let Some(s) = f.span {
            result.secret_spans.entry(f.path.clone()).or_default().push(s.byte_range());
        }
    }
    result.contents = contents;
    result
}

/// The message of a caught panic (a `&str` or `String` payload).
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Write one element of `v`'s spare capacity per page, so that the kernel maps the pages in
/// now (on the calling thread) rather than when the vector is filled.
fn touch_pages<T>(v: &mut Vec<T>) {
    let per_page = (4096 / std::mem::size_of::<T>().max(1)).max(1);
    for chunk in v.spare_capacity_mut().chunks_mut(per_page) {
        chunk[0] = std::mem::MaybeUninit::zeroed();
    }
}

/// Append `runs` (each sorted, in order) merged with the sorted `tail` to `out`; on ties the
/// runs' finding comes first, as a stable sort of the runs followed by the tail has it.
fn merge_runs(runs: Vec<Vec<Finding>>, tail: Vec<Finding>, out: &mut Vec<Finding>) {
    use crate::diagnostic::finding_order;
    let mut tail = tail.into_iter().peekable();
    for f in runs.into_iter().flatten() {
        while let Some(t) = tail.next_if(|t| finding_order(t, &f).is_lt()) {
            out.push(t);
        }
        out.push(f);
    }
    out.extend(tail);
}

/// One finding per secret value: the catalog's env and ConfigMap secret rules (K8S121,
/// K8S122) give way to the secret detector's finding on the same line, which names the
/// format and carries the redacted value and fingerprint.
fn drop_secret_duplicates(findings: &mut Vec<Finding>) {
    let secrets: BTreeSet<(&str, u32)> = findings
        .iter()
        .filter(|f| f.rule_id.starts_with("SEC"))
        .filter_map(|f| f.span.map(|s| (f.path.as_str(), s.start.line)))
        .collect();
    if secrets.is_empty() {
        return;
    }
    let drop: Vec<bool> = findings
        .iter()
        .map(|f| {
            matches!(&*f.rule_id, "K8S121" | "K8S122")
                && f.span.is_some_and(|s| secrets.contains(&(f.path.as_str(), s.start.line)))
        })
        .collect();
    let mut i = 0;
    findings.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

fn process(input: &Input, opts: &ScanOptions, contents: &Contents) -> FileOutcome {
    if let Ok(v) = std::env::var("KUBEGATE_DEBUG_PANIC")
        && !v.is_empty()
        && input.rel.ends_with(&v)
    {
        panic!("KUBEGATE_DEBUG_PANIC matched {}", input.rel);
    }
    let loads = match &input.class {
        FileClass::Yaml
        | FileClass::Json
        | FileClass::Kustomization
        | FileClass::KustomizeInput { .. }
        | FileClass::KustomizeResource { .. } => true,
        FileClass::HelmChart { .. } | FileClass::Text => false,
    };
    let len = match contents.len(&input.abs) {
        Ok(n) => n,
        Err(e) => return unreadable(input, e),
    };
    if len > opts.max_file_size {
        return FileOutcome {
            skipped: Some(format!(
                "file is {len} bytes, over the {} byte limit (--max-file-size)",
                opts.max_file_size
            )),
            bytes: 0,
            ..Default::default()
        };
    }
    if !loads {
        // Read to classify binary vs text; text detectors (secrets) will run here.
        return match contents.read(&input.abs) {
            Ok(bytes) if is_binary(&bytes) && input.class == FileClass::Text => {
                FileOutcome { skipped: Some("binary file".into()), ..Default::default() }
            }
            Ok(bytes) => FileOutcome {
                bytes: bytes.len() as u64,
                findings: secrets::scan_text_file(&input.rel, &bytes, opts),
                ..Default::default()
            },
            Err(e) => unreadable(input, e),
        };
    }
    let bytes = match contents.read(&input.abs) {
        Ok(b) => b.into_owned(),
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
        let findings = secrets::scan_unlinted(&input.rel, &text, opts, true);
        return FileOutcome { bytes: size, findings, ..Default::default() };
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
        f.resource = Some(std::sync::Arc::new(crate::diagnostic::ResourceRef {
            api_version: None,
            kind: None,
            namespace: None,
            name: None,
            document: p.document,
        }));
        out.findings.push(f);
    }
    out.failed = stream.truncated;
    let linted = matches!(input.class, FileClass::Yaml | FileClass::Json);
    let found = secrets::scan_file(&file.path, &file.text, Some(&stream), opts);
    if linted {
        let checked = check_stream_with(&file, &stream, opts, found);
        out.documents = checked.documents;
        out.objects = checked.documents > 0;
        out.checked = checked.checked;
        out.facts = checked.facts;
        out.findings.extend(checked.findings);
    } else {
        out.findings.extend(secrets::suppressed(&file.path, &file.text, found, opts, false));
    }
    out
}

impl std::fmt::Debug for Active {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Active")
            .field("rules", &self.rules.iter().map(|r| r.meta.id).collect::<Vec<_>>())
            .field("facts", &self.facts)
            .finish()
    }
}

/// The rules a scan runs.
pub(crate) fn active(opts: &ScanOptions) -> &Active {
    opts.active_cache.get_or_init(|| {
        let all: Vec<&'static rules::Rule> =
            REGISTRY.iter().copied().filter(|rule| rule_enabled(opts, rule.meta.id)).collect();
        Active {
            dispatch: rules::dispatch::RuleSet::new(&all),
            rules: all,
            facts: rules::cross::need(&|id| rule_enabled(opts, id)),
            cross: rules::cross::enabled_checks(&|id| rule_enabled(opts, id)),
            secrets: match &opts.rules {
                None => true,
                Some(set) => set.iter().any(|id| id.starts_with("SEC")),
            },
        }
    })
}

/// What checking the objects of one loaded stream produced.
#[derive(Default)]
pub(crate) struct StreamChecked {
    pub findings: Vec<Finding>,
    /// Kubernetes objects in the stream.
    pub documents: usize,
    pub checked: Vec<std::sync::Arc<ResourceRef>>,
    /// What the cross-object rules need of each object (when any of them is enabled).
    pub facts: Vec<rules::cross::Facts>,
}

/// Whether rule `id` is enabled.
pub(crate) fn rule_enabled(opts: &ScanOptions, id: &str) -> bool {
    match &opts.rules {
        Some(set) => set.contains(id),
        None => rules::find(id).is_some_and(|m| m.default == rules::Default::On),
    }
}

/// Run the enabled rules on every Kubernetes object of `stream` (the text of `file`), then
/// apply its suppressions. Plain files and rendered units (Helm, Kustomize) share this.
pub(crate) fn check_stream(
    file: &SourceFile,
    stream: &crate::source::yaml::LoadedStream,
    opts: &ScanOptions,
) -> StreamChecked {
    check_stream_with(file, stream, opts, Vec::new())
}

/// `check_stream`, with findings already made for the file (its secrets) that share its
/// suppressions.
pub(crate) fn check_stream_with(
    file: &SourceFile,
    stream: &crate::source::yaml::LoadedStream,
    opts: &ScanOptions,
    found: Vec<Finding>,
) -> StreamChecked {
    let mut out = StreamChecked { findings: found, ..Default::default() };
    let Active { dispatch, facts: need, .. } = active(opts);
    let mut docs = Vec::new();
    let unique_keys = !stream.problems.iter().any(|p| matches!(p.kind, ProblemKind::DuplicateKey { .. }));
    // Tested once, for the first object that keeps facts.
    let mut suppressible = None;
    for d in &stream.docs {
        let Some(root) = &d.root else { continue };
        let identity = Identity::of(root);
        if !identity.is_object() {
            continue;
        }
        out.documents += 1;
        if opts.load_only {
            continue;
        }
        let mut doc = Document::with_identity(file, d.index, root, identity);
        doc.unique_keys = unique_keys;
        // (the one allocation the object's findings and facts share)
        out.checked.push(doc.resource());
        let mut reporter = Reporter::new(&doc);
        reporter.pss_restricted = opts.pss_restricted;
        reporter.kube_version = opts.kube_version;
        reporter.params = &opts.params;
        // The rules append to the stream's findings (no per-document vector to copy).
        reporter.findings = std::mem::take(&mut out.findings);
        for rule in dispatch.for_object(doc.kind(), doc.pod_spec().is_some()) {
            (rule.check)(&doc, &mut reporter);
        }
        out.findings = reporter.findings;
        if need.wants(doc.kind(), doc.root) {
            let mut facts = rules::cross::extract_with(&doc, *need == rules::cross::Need::Everything);
            facts.suppressible =
                *suppressible.get_or_insert_with(|| crate::suppress::may_suppress(&file.text));
            out.facts.push(facts);
        }
        docs.push(doc);
    }
    let no_ids = BTreeSet::new();
    let policy_ids = opts.policies.as_ref().map_or(&no_ids, |p| p.rule_ids());
    if let Some(policies) = &opts.policies {
        out.findings.extend(policies.check(file, &docs));
    }
    if !opts.load_only {
        // Cross-object findings come once the unit is complete; their suppressions are
        // applied then (and are not judged unused here).
        let enabled =
            |id: &str| policy_ids.contains(id) || (rule_enabled(opts, id) && !rules::cross::is_cross(id));
        crate::suppress::apply(
            &mut out.findings,
            &file.path,
            &file.text,
            &docs,
            opts.report_unused_suppressions,
            &enabled,
            policy_ids,
        );
    }
    out
}

/// The cross-object findings of one unit (`dir`: its directory or rendered unit path).
/// `release_namespace`: see `rules::cross::Unit`.
pub(crate) fn cross_unit(
    dir: &str,
    objects: &[&rules::cross::Facts],
    release_namespace: Option<Option<&str>>,
    opts: &ScanOptions,
) -> Vec<Finding> {
    let complete = opts.complete_units.iter().any(|g| {
        g == "**"
            || globset::Glob::new(g)
                .is_ok_and(|g| g.compile_matcher().is_match(if dir.is_empty() { "." } else { dir }))
    });
    let unit = rules::cross::Unit { objects, complete, release_namespace };
    rules::cross::check_unit(&unit, &active(opts).cross)
}

/// The findings of the enabled rules (single-object and cross-object) on one text, judged
/// as a file named `name` that is a complete unit (`kubegate explain` examples).
pub fn check_example(name: &str, text: &str, opts: &ScanOptions) -> Vec<Finding> {
    let file = SourceFile { path: name.to_string(), text: text.to_string() };
    let stream = load_stream(&file.text, opts.limits);
    let mut checked = check_stream(&file, &stream, opts);
    checked.findings.extend(cross_unit("", &checked.facts.iter().collect::<Vec<_>>(), None, opts));
    sort_findings(&mut checked.findings);
    checked.findings
}

/// The rule ids of the scan's policies (inline suppressions may name them).
pub(crate) fn policy_ids(opts: &ScanOptions) -> &BTreeSet<String> {
    static NONE: BTreeSet<String> = BTreeSet::new();
    opts.policies.as_ref().map_or(&NONE, |p| p.rule_ids())
}

/// The Documents of a loaded stream (every document with a root).
pub(crate) fn documents<'a>(
    file: &'a SourceFile,
    stream: &'a crate::source::yaml::LoadedStream,
) -> Vec<Document<'a>> {
    stream.docs.iter().filter_map(|d| d.root.as_ref().map(|r| Document::new(file, d.index, r))).collect()
}

/// Apply the inline and annotation suppressions of their files to cross-object findings
/// (each file is loaded again: only files with such findings).
fn suppress_cross(
    mut found: Vec<Finding>,
    marked: &BTreeSet<&str>,
    root: &Path,
    contents: &Contents,
    opts: &ScanOptions,
) -> Vec<Finding> {
    found.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = Vec::with_capacity(found.len());
    while !found.is_empty() {
        let path = found[0].path.clone();
        let n = found.iter().take_while(|f| f.path == path).count();
        let mut group: Vec<Finding> = found.drain(..n).collect();
        // a file without a suppression (marked at load) need not be loaded again
        if marked.contains(path.as_str())
            && let Some(text) = contents.read_to_string(&root.join(&path))
        {
            let file = SourceFile { path: path.clone(), text: text.into_owned() };
            let stream = load_stream(&file.text, opts.limits);
            let docs = documents(&file, &stream);
            crate::suppress::apply(
                &mut group,
                &file.path,
                &file.text,
                &docs,
                false,
                &|_| false,
                policy_ids(opts),
            );
            // The file's own pass already reported its suppression problems.
            group.truncate(n);
        }
        out.append(&mut group);
    }
    out
}

/// Severity overrides and config exemptions, once every file is checked.
fn apply_config(findings: &mut [Finding], opts: &ScanOptions) {
    for f in findings.iter_mut() {
        if let Some(sev) = opts.severity.get(&*f.rule_id) {
            f.severity = *sev;
        }
    }
    for ex in &opts.exemptions {
        // Built-in ids, names and profiles; anything else is a policy rule id (checked
        // against the loaded policies when the config was read).
        let ids: BTreeSet<&str> = ex
            .rules
            .iter()
            .flat_map(|r| rules::select::expand(r).unwrap_or_else(|_| vec![r.as_str()]))
            .collect();
        let mut gb = globset::GlobSetBuilder::new();
        for g in &ex.paths {
            if let Ok(glob) = globset::Glob::new(g) {
                gb.add(glob);
            }
        }
        let Ok(globs) = gb.build() else { continue };
        for f in findings.iter_mut().filter(|f| f.suppressed.is_none() && ids.contains(&*f.rule_id)) {
            let path_ok = ex.paths.is_empty() || globs.is_match(&f.path);
            let res_ok = ex.resources.is_empty()
                || f.resource.as_ref().is_some_and(|r| {
                    let kind = r.kind.as_deref().unwrap_or("");
                    let name = r.name.as_deref().unwrap_or("");
                    let short = format!("{kind}/{name}");
                    let long = format!("{kind}/{}/{name}", r.namespace.as_deref().unwrap_or(""));
                    ex.resources.iter().any(|x| *x == short || *x == long)
                });
            if path_ok && res_ok {
                f.suppressed = Some(Box::new(crate::suppress::Suppression {
                    reason: ex.reason.clone(),
                    kind: crate::suppress::Kind::Config,
                }));
            }
        }
    }
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
        help: Some(Cow::Borrowed(meta.remediation)),
        fingerprint: fp,
        suppressed: None,
        origin: Vec::new(),
        rendered: None,
    }
}

/// Look up rule metadata for a finding (built-in and core rules).
pub fn meta_for(f: &Finding) -> Option<&'static RuleMeta> {
    rules::find(&f.rule_id)
}

#[cfg(test)]
mod tests {
    use super::{file_finding, merge_runs};
    use crate::diagnostic::{Finding, finding_order, sort_findings, test_support};

    /// Files' runs merged with a sorted tail give what a stable sort of the runs followed by
    /// the tail gives, ties included (the runs' finding first).
    #[test]
    fn merged_runs_match_the_stable_sort() {
        let meta = &crate::rules::core::INTERNAL_ERROR;
        let at = test_support::span_at;
        let mut next = test_support::lcg(7);
        for round in 0..20 {
            // one run per file, files in path order, each run sorted
            let mut runs: Vec<Vec<Finding>> = Vec::new();
            for file in 0..(next() % 12) {
                let mut run: Vec<Finding> = (0..next() % 5)
                    .map(|_| file_finding(meta, &format!("d/f{file:02}.yaml"), at(next() % 6), "m".into()))
                    .collect();
                run.sort_by(finding_order);
                runs.push(run);
            }
            // Half the tail ties with runs' findings in the order (same path, line and
            // message) and differs outside it (an origin), so a swap would show.
            let mut tail: Vec<Finding> = (0..next() % 15)
                .map(|_| {
                    let file = next() % 14;
                    let tie = next().is_multiple_of(2);
                    let message = if tie { "m".to_string() } else { format!("u{round}") };
                    let mut f = file_finding(meta, &format!("d/f{file:02}.yaml"), at(next() % 6), message);
                    if tie {
                        f.origin.push(crate::diagnostic::Origin {
                            path: "base.yaml".into(),
                            span: at(1).unwrap(),
                            role: crate::diagnostic::OriginRole::Base,
                        });
                    }
                    f
                })
                .collect();
            tail.sort_by(finding_order);
            let mut expected: Vec<Finding> =
                runs.iter().flatten().cloned().chain(tail.iter().cloned()).collect();
            sort_findings(&mut expected);
            let mut merged = Vec::new();
            merge_runs(runs, tail, &mut merged);
            assert_eq!(merged, expected, "round {round}");
        }
    }
}
