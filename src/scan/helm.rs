//! Helm charts in a scan: each chart (its files read through `Contents`, so `--staged`
//! judges the index) is rendered in-process with its default values, the values files
//! `.kubegate.yaml` gives it and, opt-in, each `ci/*.yaml` value set; the rendered objects
//! go through every check (`rendered::check`) and each finding moves to the values line
//! and the template line behind its node (`HelmOrigins`). A chart that cannot render is a
//! KG010 finding at the template position; values that fail `values.schema.json` are KG011
//! findings at the values line (`values_schema`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::diagnostic::{Finding, Origin, OriginRole, ResourceRef};
use crate::discover::{self, Contents};
use crate::rules::core;
use crate::source::helm::render::ValuesRead;
use crate::source::helm::template::exec::{ValuesPath, ValuesSeg};
use crate::source::helm::{Options, RenderError, Rendered, chart, render_chart_located};
use crate::source::yaml::{self, Node, ObjPath, Pos, Seg, Span};

use super::rendered::{self, OriginMap, RenderedUnit};
use super::{ScanOptions, file_finding};

pub mod values_schema;

/// How charts are rendered in a scan (`.kubegate.yaml` `helm:` and the `--helm-*` flags).
#[derive(Debug, Clone, Default)]
pub struct HelmOptions {
    /// Extra values per chart directory (absolute path).
    pub charts: BTreeMap<PathBuf, ChartValues>,
    /// Also render each `ci/*.yaml` value set of every chart.
    pub ci_values: bool,
    /// `.Release.Name` (default `release-name`, as `helm template`).
    pub release_name: Option<String>,
    /// `.Release.Namespace` (default `default`).
    pub namespace: Option<String>,
    /// `.Capabilities.KubeVersion` (`v1.30.0`); default Helm's.
    pub kube_version: Option<String>,
    /// Render with this `helm` binary instead of in-process (origins: template files only).
    pub binary: Option<PathBuf>,
    /// Directories whose subdirectories are charts: a dependency missing from a chart's
    /// `charts/` is taken from there by name (what `helm dependency build` would fetch;
    /// read from disk). Empty: a missing dependency is a KG010 finding, as in Helm.
    pub dependency_dirs: Vec<PathBuf>,
}

/// The values `.kubegate.yaml` gives one chart, on top of its values.yaml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartValues {
    /// Values files (absolute paths), in `-f` order.
    pub values: Vec<PathBuf>,
    /// `--set` expressions (`key=value`), applied after the files.
    pub set: Vec<String>,
}

/// What checking one chart produced.
#[derive(Default)]
pub struct ChartOutcome {
    pub findings: Vec<Finding>,
    pub documents: usize,
    pub checked: Vec<(String, std::sync::Arc<ResourceRef>)>,
    /// Not rendered, with the reason (a library chart).
    pub skipped: Option<String>,
    /// Value sets rendered.
    pub renders: usize,
    /// Value sets that failed to render (a KG010 finding each).
    pub failed: usize,
}

/// One value set: the values files (path relative to the scan root, text) and `--set`s.
struct ValueSet {
    files: Vec<(String, String)>,
    set: Vec<String>,
}

/// Render and check the chart at `chart_rel` whose files are `files` (absolute paths).
pub fn check_chart(
    root: &Path,
    chart_rel: &str,
    files: &[PathBuf],
    contents: &Contents,
    opts: &ScanOptions,
) -> ChartOutcome {
    // Templates recurse deeply: the chart is handled on a thread with a large stack (the
    // renderer's values are not `Send`, so everything happens there).
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new().stack_size(512 << 20).spawn_scoped(s, || {
            catch_unwind(AssertUnwindSafe(|| check_chart_here(root, chart_rel, files, contents, opts)))
        });
        let joined = match worker {
            Ok(h) => h.join().ok(),
            Err(_) => Some(Ok(check_chart_here(root, chart_rel, files, contents, opts))),
        };
        match joined {
            Some(Ok(o)) => o,
            Some(Err(p)) => panicked(chart_rel, p.downcast_ref::<&str>().copied()),
            None => panicked(chart_rel, None),
        }
    })
}

fn panicked(chart_rel: &str, msg: Option<&str>) -> ChartOutcome {
    ChartOutcome {
        findings: vec![file_finding(
            &core::INTERNAL_ERROR,
            &format!("{}/Chart.yaml", display_dir(chart_rel)),
            None,
            format!("internal error while rendering this chart: {}", msg.unwrap_or("panic")),
        )],
        failed: 1,
        ..Default::default()
    }
}

fn display_dir(chart_rel: &str) -> &str {
    if chart_rel.is_empty() { "." } else { chart_rel }
}

/// `dir/rel` relative to the scan root (`rel` when the chart is the root).
fn join_rel(chart_rel: &str, rel: &str) -> String {
    if chart_rel.is_empty() || chart_rel == "." { rel.to_string() } else { format!("{chart_rel}/{rel}") }
}

fn check_chart_here(
    root: &Path,
    chart_rel: &str,
    files: &[PathBuf],
    contents: &Contents,
    opts: &ScanOptions,
) -> ChartOutcome {
    let chart_abs = if chart_rel.is_empty() { root.to_path_buf() } else { root.join(chart_rel) };
    let mut all: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for f in files {
        let Ok(rel) = f.strip_prefix(&chart_abs) else { continue };
        if let Ok(b) = contents.read(f) {
            all.insert(rel.to_string_lossy().replace('\\', "/"), b.into_owned());
        }
    }
    let chart_yaml = join_rel(chart_rel, "Chart.yaml");
    let meta = all.get("Chart.yaml").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    let meta_root =
        yaml::load_stream(&meta, yaml::Limits::default()).docs.into_iter().next().and_then(|d| d.root);
    if meta_root.as_ref().and_then(|r| r.get("type")).and_then(|t| t.as_str()) == Some("library") {
        return ChartOutcome {
            skipped: Some(
                "Helm library chart: not installable on its own; its templates are checked where a chart that depends on it is rendered".into(),
            ),
            ..Default::default()
        };
    }

    let mut out = ChartOutcome::default();
    let cfg = opts.helm.charts.get(&chart_abs).cloned().unwrap_or_default();
    let mut user_files = Vec::new();
    for v in &cfg.values {
        let rel = discover::rel_path(root, v);
        match contents.read_to_string(v) {
            Some(t) => user_files.push((rel, t.into_owned())),
            None => {
                out.findings.push(file_finding(
                    &core::HELM_RENDER_ERROR,
                    &chart_yaml,
                    None,
                    format!("cannot read the values file {rel} that .kubegate.yaml gives this chart"),
                ));
                out.failed += 1;
                return out;
            }
        }
    }
    let mut sets = vec![ValueSet { files: user_files.clone(), set: cfg.set.clone() }];
    if opts.helm.ci_values {
        for (rel, data) in &all {
            let is_ci = rel
                .strip_prefix("ci/")
                .is_some_and(|n| !n.contains('/') && (n.ends_with(".yaml") || n.ends_with(".yml")));
            if is_ci {
                let mut files = user_files.clone();
                files.push((join_rel(chart_rel, rel), String::from_utf8_lossy(data).into_owned()));
                sets.push(ValueSet { files, set: cfg.set.clone() });
            }
        }
    }

    let mut seen: BTreeSet<(String, String, Option<Span>, String)> = BTreeSet::new();
    for set in &sets {
        out.renders += 1;
        let seed = crate::diagnostic::fingerprint(&[chart_rel]);
        crate::source::helm::funcs::sprig::reseed(u64::from_str_radix(&seed, 16).unwrap_or(1));
        let rendered = match &opts.helm.binary {
            Some(bin) => render_with_binary(bin, chart_rel, &all, set, opts),
            None => render_in_process(root, chart_rel, &chart_abs, &all, set, opts),
        };
        let (text, map) = match rendered {
            Ok(r) => r,
            Err(f) => {
                out.failed += 1;
                if seen.insert((f.rule_id.to_string(), f.path.clone(), f.span, f.message.clone())) {
                    out.findings.push(*f);
                }
                continue;
            }
        };
        let unit = RenderedUnit { unit: display_dir(chart_rel).to_string(), by: "helm", text, map: &*map };
        let checked = rendered::check(&unit, opts);
        if out.renders == 1 {
            out.documents += checked.documents;
            out.checked.extend(checked.checked);
        }
        // The same finding from several value sets is reported once.
        for f in checked.findings {
            if seen.insert((f.rule_id.to_string(), f.path.clone(), f.span, f.message.clone())) {
                out.findings.push(f);
            }
        }
        if let Some(schema) = all.get("values.schema.json") {
            let schema_rel = join_rel(chart_rel, "values.schema.json");
            let values_rel = join_rel(chart_rel, "values.yaml");
            let defaults = all.get("values.yaml").map(|b| String::from_utf8_lossy(b).into_owned());
            let mut layers: Vec<(String, String)> = Vec::new();
            if let Some(d) = defaults {
                layers.push((values_rel, d));
            }
            layers.extend(set.files.iter().cloned());
            for f in values_schema::check(&schema_rel, &String::from_utf8_lossy(schema), &layers) {
                if seen.insert((f.rule_id.to_string(), f.path.clone(), f.span, f.message.clone())) {
                    out.findings.push(f);
                }
            }
        }
    }
    out
}

fn render_options(set: &ValueSet, opts: &ScanOptions) -> Options {
    let mut o = Options::default();
    if let Some(n) = &opts.helm.release_name {
        o.release_name = n.clone();
    }
    if let Some(n) = &opts.helm.namespace {
        o.namespace = n.clone();
    }
    if let Some(v) = &opts.helm.kube_version {
        o.kube_version = v.clone();
    }
    o.values_texts = set.files.iter().map(|(_, t)| t.clone()).collect();
    o.dependency_dirs = opts.helm.dependency_dirs.clone();
    o.set_values = set.set.iter().map(|s| (s.clone(), false)).collect();
    o
}

type Render = Result<(String, Box<dyn OriginMap>), Box<Finding>>;

fn render_in_process(
    root: &Path,
    chart_rel: &str,
    chart_abs: &Path,
    all: &BTreeMap<String, Vec<u8>>,
    set: &ValueSet,
    opts: &ScanOptions,
) -> Render {
    let chart_yaml = join_rel(chart_rel, "Chart.yaml");
    let loaded = chart::load_files(chart_abs, all.clone()).map_err(|e| {
        Box::new(file_finding(
            &core::HELM_RENDER_ERROR,
            &chart_yaml,
            None,
            format!("cannot load the chart: {e}"),
        ))
    })?;
    let located = loaded.clone();
    let rel_of = |abs: &Path| discover::rel_path(root, abs);
    let rendered = render_chart_located(loaded, &render_options(set, opts))
        .map_err(|e| Box::new(render_error_finding(&e, &located, &chart_yaml, all, set, &rel_of)))?;
    let mut sources: Vec<Source> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut archives = Archives::default();
    let text = rendered.to_helm_output();
    let (lines, values_lines) = line_map(&rendered, &mut |helm: &str| {
        if let Some(i) = index.get(helm) {
            return *i;
        }
        let src = source_info(helm, &located, chart_abs, all, &mut archives, &rel_of);
        sources.push(src);
        index.insert(helm.to_string(), sources.len() - 1);
        sources.len() - 1
    });
    let mut values: HashMap<String, Option<Node>> = HashMap::new();
    let mut load_values = |rel: &str, text: &str| {
        values.entry(rel.to_string()).or_insert_with(|| {
            yaml::load_stream(text, yaml::Limits::default()).docs.into_iter().next().and_then(|d| d.root)
        });
    };
    for (rel, t) in &set.files {
        load_values(rel, t);
    }
    for s in &sources {
        for (rel, _, text) in &s.scopes {
            if let (Some(rel), Some(text)) = (rel, text) {
                load_values(rel, text);
            }
        }
    }
    let user: Vec<String> = set.files.iter().map(|(r, _)| r.clone()).collect();
    let rendered_lines = text.split('\n').map(str::to_string).collect();
    Ok((text, Box::new(HelmOrigins { lines, values_lines, rendered_lines, sources, values, user })))
}

/// The entries of the chart's `.tgz` subcharts, read once per render (by the archive's
/// path inside the chart).
#[derive(Default)]
struct Archives {
    read: HashMap<String, Option<BTreeMap<String, Vec<u8>>>>,
}

impl Archives {
    fn entry(&mut self, all: &BTreeMap<String, Vec<u8>>, archive: &str, entry: &str) -> Option<String> {
        let entries = self
            .read
            .entry(archive.to_string())
            .or_insert_with(|| all.get(archive).and_then(|b| crate::source::helm::archive::read_tgz(b).ok()));
        entries.as_ref()?.get(entry).map(|b| String::from_utf8_lossy(b).into_owned())
    }
}

/// How a file inside a packaged subchart is named in findings: the archive, `!/`, and the
/// entry's path inside it (`charts/foo-1.2.3.tgz!/foo/templates/deployment.yaml`), as
/// `jar:` URLs name archive entries.
pub const ARCHIVE_ENTRY_SEP: &str = "!/";

/// The text of a finding path inside a packaged subchart (`A.tgz!/entry`), read through the
/// scan's contents (for the human snippet).
pub fn read_archive_entry(contents: &Contents, root: &Path, path: &str) -> Option<String> {
    let (archive, entry) = path.split_once(ARCHIVE_ENTRY_SEP)?;
    let data = contents.read(&root.join(archive)).ok()?;
    let entries = crate::source::helm::archive::read_tgz(&data).ok()?;
    entries.get(entry).map(|b| String::from_utf8_lossy(b).into_owned())
}

/// A rendered line's template: (index in the sources, 1-based line).
type TemplateLine = Option<(usize, u32)>;

/// For every line of what `to_helm_output` prints, the template source and line that
/// wrote it (`None` for separators, `# Source:` lines and CRD files), and the values paths
/// the actions on it read.
fn line_map(
    r: &Rendered,
    source_of: &mut dyn FnMut(&str) -> usize,
) -> (Vec<TemplateLine>, Vec<Option<ValuesRead>>) {
    let mut body = String::new();
    let mut lines: Vec<Option<(usize, u32)>> = Vec::new();
    let mut values: Vec<Option<ValuesRead>> = Vec::new();
    for (path, content) in &r.crds {
        body.push_str(&format!("---\n# Source: {path}\n{content}\n"));
        lines.extend([None, None]);
        lines.extend(content.split('\n').map(|_| None));
    }
    values.resize(lines.len(), None);
    let mut piece = |m: &crate::source::helm::render::Manifest,
                     lines: &mut Vec<Option<(usize, u32)>>,
                     values: &mut Vec<Option<ValuesRead>>| {
        lines.extend([None, None]);
        values.extend([None, None]);
        let i = source_of(&m.source);
        let n = m.content.split('\n').count();
        lines.extend((0..n).map(|k| m.template_lines.get(k).map(|l| (i, *l))));
        values.extend((0..n).map(|k| m.values_lines.get(k).cloned().flatten()));
    };
    for m in &r.manifests {
        body.push_str(&format!("---\n# Source: {}\n{}\n", m.source, m.content));
        piece(m, &mut lines, &mut values);
    }
    // The manifests' part is trimmed and ends with one newline; the hooks follow.
    let kept = body.trim_matches(char::is_whitespace).matches('\n').count() + 1;
    lines.resize(kept, None);
    values.resize(kept, None);
    for h in &r.hooks {
        piece(h, &mut lines, &mut values);
    }
    (lines, values)
}

/// A template file behind rendered lines.
struct Source {
    /// Relative to the scan root; None inside a packaged subchart.
    file: Option<String>,
    /// Its text (for the span of a line and the `.Values` references on it).
    text: Option<String>,
    /// Where its `.Values` come from, in Helm's precedence (the top chart's values.yaml
    /// first, this chart's own last): (values.yaml relative to the scan root, the key path
    /// of this chart's values in that file, its text).
    scopes: Vec<(Option<String>, Vec<String>, Option<String>)>,
}

fn source_info(
    helm: &str,
    chart: &chart::Chart,
    chart_abs: &Path,
    all: &BTreeMap<String, Vec<u8>>,
    archives: &mut Archives,
    rel_of: &dyn Fn(&Path) -> String,
) -> Source {
    // (path relative to the scan root, text) of a file as Helm names it.
    let mut resolve = |helm_path: &str| -> Option<(String, Option<String>)> {
        let (dir, archive, rest) = chart.file_of(helm_path)?;
        let abs = if archive { dir.clone() } else { dir.join(&rest) };
        let inner = abs.strip_prefix(chart_abs).ok()?.to_string_lossy().replace('\\', "/");
        if archive {
            // Only archives the chart holds itself (not one packed inside another).
            let text = archives.entry(all, &inner, &rest);
            return Some((format!("{}{ARCHIVE_ENTRY_SEP}{rest}", rel_of(&abs)), text));
        }
        let text = all.get(&inner).map(|b| String::from_utf8_lossy(b).into_owned());
        Some((rel_of(&abs), text))
    };
    let (file, text) = match resolve(helm) {
        Some((rel, text)) => (Some(rel), text),
        None => (None, None),
    };
    // `NAME/charts/A/charts/B/templates/x` → the chain [A, B].
    let mut chain: Vec<String> = Vec::new();
    let mut rest = helm.split_once('/').map_or("", |(_, r)| r);
    while let Some(r) = rest.strip_prefix("charts/") {
        let Some((sub, after)) = r.split_once('/') else { break };
        chain.push(sub.to_string());
        rest = after;
    }
    // The parent's values.yaml holds `A.B.x`; A's own holds `B.x`; B's holds `x`.
    let mut scopes = Vec::new();
    let top = helm.split('/').next().unwrap_or("");
    let mut prefix_path = top.to_string();
    for depth in 0..=chain.len() {
        let (values, text) = resolve(&format!("{prefix_path}/values.yaml")).unzip();
        scopes.push((values, chain[depth..].to_vec(), text.flatten()));
        if let Some(c) = chain.get(depth) {
            prefix_path = format!("{prefix_path}/charts/{c}");
        }
    }
    Source { file, text, scopes }
}

/// Where rendered nodes came from: template lines, and values lines found through the
/// `.Values` references on them.
struct HelmOrigins {
    lines: Vec<Option<(usize, u32)>>,
    /// Per rendered line: the values paths (from the top chart's values) its actions read.
    values_lines: Vec<Option<ValuesRead>>,
    /// The rendered stream's lines (to tell literal template lines).
    rendered_lines: Vec<String>,
    sources: Vec<Source>,
    /// Values files loaded with spans, by path relative to the scan root.
    values: HashMap<String, Option<Node>>,
    /// The value set's files, in `-f` order.
    user: Vec<String>,
}

impl OriginMap for HelmOrigins {
    fn origins(&self, _document: usize, root: &Node, path: &ObjPath) -> Vec<Origin> {
        let res = root.resolve(path);
        let node_span = match res.key {
            Some(k) if res.node.as_scalar().is_some() => Span { start: k.span.start, end: res.node.span.end },
            Some(k) => k.span,
            None => res.node.span,
        };
        let line = node_span.start.line;
        let Some(Some((src, tline))) = self.lines.get(line as usize - 1) else { return Vec::new() };
        let source = &self.sources[*src];
        let (Some(file), Some(text)) = (&source.file, &source.text) else { return Vec::new() };
        let mut out = Vec::new();
        let read = self.values_lines.get(line as usize - 1).cloned().flatten();
        if let Some(v) = self.values_origin(source, text, *tline, read.as_deref(), path) {
            out.push(v);
        }
        let rendered = self.rendered_lines.get(line as usize - 1).map_or("", String::as_str);
        let span = template_span(text, *tline, rendered, node_span);
        out.push(Origin { path: file.clone(), span, role: OriginRole::Template });
        out
    }
}

static VALUES_REF: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
        .unwrap_or_else(|_| regex::Regex::new("$^").unwrap_or_else(|_| std::process::abort()))
});

impl HelmOrigins {
    /// The values line behind the node at `path`, written by template line `tline`.
    /// `read`: the values paths (from the top chart's values) the renderer saw the actions
    /// of the rendered line read; the `.Values` references written on the template line
    /// count too (relative to the template's chart).
    fn values_origin(
        &self,
        source: &Source,
        text: &str,
        tline: u32,
        read: Option<&[ValuesPath]>,
        path: &ObjPath,
    ) -> Option<Origin> {
        let action = action_text(text, tline);
        let refs: Vec<Vec<Seg>> = VALUES_REF
            .captures_iter(action)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str().split('.').filter(|s| !s.is_empty()).map(|s| Seg::Key(s.into())).collect())
            .collect();
        let full: Vec<Vec<Seg>> = read
            .unwrap_or(&[])
            .iter()
            .map(|p| {
                p.iter()
                    .map(|s| match s {
                        ValuesSeg::Key(k) => Seg::Key(k.as_str().into()),
                        ValuesSeg::Index(i) => Seg::Index(*i),
                    })
                    .collect()
            })
            .collect();
        if refs.is_empty() && full.is_empty() {
            return None;
        }
        // Values files in Helm's precedence: the set's files (the last one first), then the
        // top chart's values.yaml, then each subchart's own down to this template's chart.
        let mut layers: Vec<(&str, Vec<String>)> = Vec::new();
        let full_prefix = source.scopes.first().map(|(_, p, _)| p.clone()).unwrap_or_default();
        for u in self.user.iter().rev() {
            layers.push((u.as_str(), full_prefix.clone()));
        }
        for (rel, prefix, _) in &source.scopes {
            if let Some(rel) = rel {
                layers.push((rel.as_str(), prefix.clone()));
            }
        }
        let tail: Vec<&Seg> = path.0.iter().collect();
        let global = Seg::Key("global".into());
        let mut best: Option<(usize, usize, Origin)> = None;
        let all_refs = refs.iter().map(|r| (r, false)).chain(full.iter().map(|r| (r, true)));
        for (r, is_full) in all_refs {
            for (rank, (rel, prefix)) in layers.iter().enumerate() {
                let Some(Some(vroot)) = self.values.get(*rel) else { continue };
                let mut tries: Vec<Vec<Seg>> = Vec::new();
                if is_full {
                    // A path from the top chart's values: this file holds it below the
                    // subcharts it is already inside of.
                    let depth = full_prefix.len().saturating_sub(prefix.len());
                    let above: Vec<Seg> =
                        full_prefix[..depth].iter().map(|s| Seg::Key(s.as_str().into())).collect();
                    if r.starts_with(&above) {
                        tries.push(r[depth..].to_vec());
                    }
                    if let Some(g) = r.iter().position(|s| *s == global)
                        && g > 0
                    {
                        tries.push(r[g..].to_vec());
                    }
                } else {
                    tries.push(
                        prefix.iter().map(|s| Seg::Key(s.as_str().into())).chain(r.iter().cloned()).collect(),
                    );
                    if r.first() == Some(&global) && !prefix.is_empty() {
                        tries.push(r.clone());
                    }
                }
                for base in tries {
                    for k in (0..=tail.len()).rev() {
                        let mut p = ObjPath(base.clone());
                        p.0.extend(tail[tail.len() - k..].iter().map(|s| (*s).clone()));
                        let res = vroot.resolve(&p);
                        if !res.exact {
                            continue;
                        }
                        let better = match &best {
                            None => true,
                            // Equal depth and layer: the later reference on the line wins
                            // (`repo:{{ default "latest" .Values.tag }}`: the tag decides).
                            Some((bk, brank, _)) => k > *bk || (k == *bk && rank <= *brank),
                        };
                        if better {
                            let span = match (res.key, res.node.as_scalar()) {
                                (Some(key), Some(_)) => {
                                    Span { start: key.span.start, end: res.node.span.end }
                                }
                                (Some(key), None) => key.span,
                                (None, _) => res.node.span,
                            };
                            best = Some((
                                k,
                                rank,
                                Origin { path: rel.to_string(), span, role: OriginRole::Values },
                            ));
                        }
                        break;
                    }
                }
            }
        }
        best.map(|(_, _, o)| o)
    }
}

/// The text of template line `line` (1-based), extended to the end of an action that
/// starts on it and closes on a later line.
fn action_text(text: &str, line: u32) -> &str {
    let Some(start) = line_start(text, line) else { return "" };
    let rest = &text[start..];
    let eol = rest.find('\n').unwrap_or(rest.len());
    let first = &rest[..eol];
    let open = first.rfind("{{");
    let close = first.rfind("}}");
    let end = match (open, close) {
        (Some(o), c) if c.is_none_or(|c| c < o) => rest[o..].find("}}").map_or(rest.len(), |e| o + e + 2),
        _ => eol,
    };
    &rest[..end]
}

fn line_start(text: &str, line: u32) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line as usize - 2).map(|(i, _)| i + 1)
}

/// The span of line `line`'s text (leading and trailing blanks left out).
fn line_span(text: &str, line: u32) -> Span {
    let start = line_start(text, line).unwrap_or(0);
    let rest = &text[start..];
    let eol = rest.find('\n').unwrap_or(rest.len());
    let l = &rest[..eol];
    let lead = l.len() - l.trim_start().len();
    let body = l.trim();
    let col = l[..lead].chars().count() as u32 + 1;
    let s = Pos { line, column: col, offset: (start + lead) as u32 };
    let e =
        Pos { line, column: col + body.chars().count() as u32, offset: (start + lead + body.len()) as u32 };
    Span { start: s, end: e }
}

/// The span on template line `tline` of a node the rendered line `rendered` holds at
/// `node`: where the template line reads the same as the rendered one up to the node
/// (no action before it), the node's own columns; otherwise the whole line.
fn template_span(text: &str, tline: u32, rendered: &str, node: Span) -> Span {
    let whole = line_span(text, tline);
    let start = line_start(text, tline).unwrap_or(0);
    let rest = &text[start..];
    let tl = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let col = node.start.column as usize - 1;
    let prefix: String = rendered.chars().take(col).collect();
    if !tl.starts_with(&prefix) || prefix.contains("{{") {
        return whole;
    }
    let literal = !tl.contains("{{");
    let s = Pos { line: tline, column: node.start.column, offset: (start + prefix.len()) as u32 };
    let e = if literal && tl == rendered && node.end.line == node.start.line {
        let end_col = node.end.column as usize - 1;
        let upto: usize = tl.chars().take(end_col).map(char::len_utf8).sum();
        Pos { line: tline, column: node.end.column, offset: (start + upto) as u32 }
    } else {
        whole.end
    };
    if e.offset < s.offset { whole } else { Span { start: s, end: e } }
}

/// The position of `line:col` (1-based, `col` in characters) in `text`.
fn pos_in(text: &str, line: u32, col: u32) -> Pos {
    let start = line_start(text, line).unwrap_or(0);
    let off: usize = text[start..].chars().take(col.saturating_sub(1) as usize).map(char::len_utf8).sum();
    Pos { line, column: col, offset: (start + off) as u32 }
}

/// A KG010 finding at the position Helm's error names (the template, or the Chart.yaml
/// entry of a missing dependency, or the values file that does not parse).
fn render_error_finding(
    e: &RenderError,
    chart: &chart::Chart,
    chart_yaml: &str,
    all: &BTreeMap<String, Vec<u8>>,
    set: &ValueSet,
    rel_of: &dyn Fn(&Path) -> String,
) -> Finding {
    let meta = &core::HELM_RENDER_ERROR;
    let e = &RenderError { message: shorten_nested(&e.message), location: e.location.clone() };
    if let Some(loc) = &e.location
        && let Some((file, line, col)) = split_location(loc)
        && let Some((dir, archive, rest)) = chart.file_of(file)
    {
        let abs = if archive { dir.clone() } else { dir.join(&rest) };
        let inner = abs.strip_prefix(&chart.dir).ok().map(|p| p.to_string_lossy().replace('\\', "/"));
        let text = match (&inner, archive) {
            (Some(i), true) => Archives::default().entry(all, i, &rest),
            (Some(i), false) => all.get(i).map(|b| String::from_utf8_lossy(b).into_owned()),
            (None, _) => None,
        };
        let shown = if archive { format!("{}{ARCHIVE_ENTRY_SEP}{rest}", rel_of(&abs)) } else { rel_of(&abs) };
        if let Some(text) = text {
            let span = match col {
                Some(c) => {
                    let p = pos_in(&text, line, c);
                    Span { start: p, end: p }
                }
                None => line_span(&text, line),
            };
            return file_finding(meta, &shown, Some(span), e.message.clone());
        }
    }
    if let Some(name) = e
        .message
        .rsplit("missing in charts/ directory: ")
        .next()
        .filter(|_| e.message.contains("missing in charts/"))
        && let Some(text) = all.get("Chart.yaml").map(|b| String::from_utf8_lossy(b).into_owned())
    {
        let stream = yaml::load_stream(&text, yaml::Limits::default());
        let root = stream.docs.first().and_then(|d| d.root.as_ref());
        let deps = root.and_then(|r| r.get("dependencies")).and_then(|d| d.as_seq()).unwrap_or(&[]);
        if let Some(entry) =
            deps.iter().find_map(|d| d.entry("name").filter(|e| e.value.as_str() == Some(name.trim())))
        {
            let span = Span { start: entry.key.span.start, end: entry.value.span.end };
            return file_finding(meta, chart_yaml, Some(span), e.message.clone());
        }
    }
    if e.message.contains("error converting YAML to JSON") || e.message.starts_with("error unmarshaling") {
        // A values file of the set that does not parse.
        for (rel, text) in &set.files {
            if crate::source::helm::values::parse_values(text).is_err() {
                return file_finding(meta, rel, None, e.message.clone());
            }
        }
    }
    file_finding(meta, chart_yaml, None, e.message.clone())
}

/// A runaway recursion's error repeats one frame a thousand times: keep the outermost
/// call and the innermost two.
fn shorten_nested(msg: &str) -> String {
    const SEP: &str = ": error calling include: ";
    let parts: Vec<&str> = msg.split(SEP).collect();
    if parts.len() <= 4 {
        return msg.to_string();
    }
    let n = parts.len();
    format!("{}{SEP}[... nested include calls ...] {}{SEP}{}", parts[0], parts[n - 2], parts[n - 1])
}

/// `path:LINE[:COL]` → (path, line, col).
fn split_location(loc: &str) -> Option<(&str, u32, Option<u32>)> {
    let (head, last) = loc.rsplit_once(':')?;
    let last: u32 = last.parse().ok()?;
    match head.rsplit_once(':') {
        Some((file, line)) if line.parse::<u32>().is_ok() => Some((file, line.parse().ok()?, Some(last))),
        _ => Some((head, last, None)),
    }
}

/// A directory of its own under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> std::io::Result<TempDir> {
        static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("kubegate-{what}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `helm template` run by an installed binary: origins are the template files named by its
/// `# Source:` lines (no line-level mapping). The binary reads files, so the chart as the
/// scan reads it (`all`: the git index for `--staged`, a revision, an editor buffer) is
/// written to a temporary directory first, and so are the value set's files.
fn render_with_binary(
    bin: &Path,
    chart_rel: &str,
    all: &BTreeMap<String, Vec<u8>>,
    set: &ValueSet,
    opts: &ScanOptions,
) -> Render {
    let o = render_options(set, opts);
    let chart_yaml = join_rel(chart_rel, "Chart.yaml");
    let error = |msg: String| Box::new(file_finding(&core::HELM_RENDER_ERROR, &chart_yaml, None, msg));
    let temp = TempDir::new("helm").map_err(|e| error(format!("cannot make a directory for helm: {e}")))?;
    // Named like the chart's directory: helm names nothing after it, but a user reading
    // a message from helm recognises it.
    let base = Path::new(chart_rel).file_name().map_or("chart".into(), |n| n.to_string_lossy().into_owned());
    let chart_dir = temp.0.join(&base);
    for (rel, data) in all {
        let p = chart_dir.join(rel);
        let written =
            p.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|_| std::fs::write(&p, data));
        written.map_err(|e| error(format!("cannot write the chart for helm: {e}")))?;
    }
    let mut cmd = std::process::Command::new(bin);
    cmd.arg("template").arg(&o.release_name).arg(&chart_dir).arg("--namespace").arg(&o.namespace);
    if let Some(v) = &opts.helm.kube_version {
        cmd.arg("--kube-version").arg(v);
    }
    for (i, (_, text)) in set.files.iter().enumerate() {
        let p = temp.0.join(format!("values-{i}.yaml"));
        std::fs::write(&p, text).map_err(|e| error(format!("cannot write a values file for helm: {e}")))?;
        cmd.arg("-f").arg(&p);
    }
    for s in &set.set {
        cmd.arg("--set").arg(s);
    }
    let out = cmd.output();
    drop(temp);
    let out = out.map_err(|e| error(format!("cannot run {}: {e}", bin.display())))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        return Err(error(msg.trim().trim_start_matches("Error: ").to_string()));
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut files: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    for l in text.split('\n') {
        if let Some(src) = l.strip_prefix("# Source: ") {
            files.push(src.to_string());
        }
        lines.push(files.len().checked_sub(1));
    }
    Ok((text, Box::new(FileOrigins { lines, files, chart_rel: chart_rel.to_string() })))
}

/// Origins from a helm binary's output: the template file of each `# Source:` section.
struct FileOrigins {
    lines: Vec<Option<usize>>,
    /// `NAME/templates/x.yaml` as helm prints it.
    files: Vec<String>,
    chart_rel: String,
}

impl OriginMap for FileOrigins {
    fn origins(&self, _document: usize, root: &Node, path: &ObjPath) -> Vec<Origin> {
        let res = root.resolve(path);
        let line = res.key.map_or(res.node.span.start.line, |k| k.span.start.line);
        let Some(Some(i)) = self.lines.get(line as usize - 1) else { return Vec::new() };
        let Some((_, rest)) = self.files[*i].split_once('/') else { return Vec::new() };
        let p = Pos { line: 1, column: 1, offset: 0 };
        vec![Origin {
            path: join_rel(&self.chart_rel, rest),
            span: Span { start: p, end: p },
            role: OriginRole::Template,
        }]
    }
}

/// Every file under a chart directory on disk (for a `--stdin` buffer inside a chart: the
/// chart is rendered with the rest of its files from the working tree).
pub fn files_on_disk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != ".git") {
                    stack.push(p);
                }
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
