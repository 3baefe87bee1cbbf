//! `helm template` in-process: dependency conditions and tags, value coalescing per
//! (sub)chart, the data each template sees (`.Values .Release .Chart .Capabilities
//! .Template .Files .Subcharts`), parsing every template into one set in Helm's order,
//! rendering, and printing the manifests in Helm's install order with `# Source:` lines.

use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

use crate::source::helm::chart::{self, Chart};
use crate::source::helm::funcs::helm::files_object;
use crate::source::helm::template::exec::{Engine, ExecError, Limits, Origin, ValuesPath, object};
use crate::source::helm::template::value::{MapRef, ObjKind, Value};
use crate::source::helm::values;
use crate::source::yaml;

/// What `helm template` is told on its command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub release_name: String,
    pub namespace: String,
    /// Values files' texts, in `-f` order.
    pub values_texts: Vec<String>,
    /// `--set` expressions (`true`: `--set-string`), applied after the values files.
    pub set_values: Vec<(String, bool)>,
    /// `vMAJOR.MINOR.PATCH`.
    pub kube_version: String,
    pub extra_api_versions: Vec<String>,
    pub include_hooks: bool,
    /// `--include-crds`: print the charts' `crds/` files first.
    pub include_crds: bool,
    pub limits: Limits,
    /// Where to find dependencies missing from `charts/` (what `helm dependency build`
    /// would fetch): directories whose subdirectories are charts, matched by name.
    pub dependency_dirs: Vec<std::path::PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            release_name: "release-name".into(),
            namespace: "default".into(),
            values_texts: Vec::new(),
            set_values: Vec::new(),
            kube_version: "v1.36.0".into(),
            extra_api_versions: Vec::new(),
            include_hooks: true,
            include_crds: false,
            limits: Limits::default(),
            dependency_dirs: Vec::new(),
        }
    }
}

/// One rendered manifest (a document of a template's output).
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// `chart/templates/x.yaml`.
    pub source: String,
    pub kind: String,
    pub content: String,
    pub hook: bool,
    /// For each line of `content`, the 1-based line of `source` that wrote it (for lines
    /// written by an action, the action's line; output of included templates counts as
    /// the `include`'s).
    pub template_lines: Vec<u32>,
    /// For each line of `content`, the values paths the action that wrote it read (from
    /// the top chart's `.Values`; through `with`, `range`, variables, `include`, function
    /// arguments); None for literal text.
    pub values_lines: Vec<Option<ValuesRead>>,
}

/// The values paths the actions of one line read.
pub type ValuesRead = std::sync::Arc<[ValuesPath]>;

#[derive(Debug, Clone)]
pub struct Rendered {
    /// `crds/` files (`--include-crds`): path as Helm prints it, and content.
    pub crds: Vec<(String, String)>,
    pub manifests: Vec<Manifest>,
    pub hooks: Vec<Manifest>,
}

impl Rendered {
    /// The bytes `helm template` prints.
    pub fn to_helm_output(&self) -> String {
        let mut body = String::new();
        for (path, content) in &self.crds {
            body.push_str(&format!("---\n# Source: {path}\n{content}\n"));
        }
        for m in &self.manifests {
            body.push_str(&format!("---\n# Source: {}\n{}\n", m.source, m.content));
        }
        let mut out = body.trim_matches(is_go_space).to_string();
        out.push('\n');
        for h in &self.hooks {
            out.push_str(&format!("---\n# Source: {}\n{}\n", h.source, h.content));
        }
        out
    }
}

fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

/// Runs `f` on a thread of its own with a large stack (deep templates recurse deeply; the
/// values model is not `Send`, so load and render both happen inside `f`).
pub fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    std::thread::Builder::new().stack_size(512 << 20).spawn(f).map_err(|e| e.to_string())?.join().map_err(
        |p| {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            format!("internal error: the renderer panicked: {msg}")
        },
    )
}

/// Renders a chart directory with a thread of its own (a large stack for deep templates).
pub fn render_dir(dir: &Path, opts: &Options) -> Result<Rendered, String> {
    let dir = dir.to_path_buf();
    let opts = opts.clone();
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let chart = chart::load(&dir)?;
            render_chart(chart, &opts)
        })
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "the renderer panicked".to_string())?
}

/// The Kubernetes API group-versions client-go's scheme knows (Helm's default
/// `.Capabilities.APIVersions`).
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1alpha1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1alpha1",
    "rbac.authorization.k8s.io/v1beta1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1alpha3",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1beta2",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storagemigration.k8s.io/v1alpha1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

fn as_map(v: &Value) -> MapRef {
    match v {
        Value::Map(m) => m.clone(),
        _ => Rc::new(std::cell::RefCell::new(BTreeMap::new())),
    }
}

/// Helm's `CoalesceValues(chart, v)`: chart defaults under `v`, recursively for subcharts.
fn coalesce(chart: &Chart, v: &MapRef) {
    coalesce_or_merge(chart, v, false)
}

/// `CoalesceValues` (`merge` false: nulls delete) or `MergeValues` (`merge` true: nulls kept).
fn coalesce_or_merge(chart: &Chart, v: &MapRef, merge: bool) {
    let subs: Vec<String> = chart.subcharts.iter().map(|c| c.name.clone()).collect();
    values::coalesce_values(v, &as_map(&chart.values.deep_copy()), merge, &subs);
    for sub in &chart.subcharts {
        let existing = v.borrow().get(&sub.name).cloned();
        let dv = match existing {
            Some(Value::Map(m)) => m,
            Some(Value::Nil) | None => {
                let m = as_map(&Value::empty_map());
                v.borrow_mut().insert(sub.name.clone(), Value::Map(m.clone()));
                m
            }
            Some(_) => continue,
        };
        values::coalesce_globals(&dv, v);
        coalesce_or_merge(sub, &dv, merge);
    }
}

/// Helm's `processDependencyImportValues` (pkg/chart/v2/util/dependencies.go, run with
/// merge on as `helm template` runs it): children first, then each chart that lists enabled
/// dependencies gets as its values its own values merged with its subcharts' (nulls kept),
/// under which the tables its dependencies' `import-values` name are filled in. The parent's
/// values win over imported ones; between imports, the first one written wins.
fn process_import_values(chart: &mut Chart) {
    for sub in &mut chart.subcharts {
        process_import_values(sub);
    }
    let enabled: Vec<&chart::Dependency> = chart
        .dependencies_meta
        .iter()
        .filter(|d| {
            let name = if d.alias.is_empty() { &d.name } else { &d.alias };
            chart.subcharts.iter().any(|c| &c.name == name)
        })
        .collect();
    if enabled.is_empty() {
        return;
    }
    let cvals = as_map(&Value::empty_map());
    coalesce_or_merge(chart, &cvals, true);
    let imported = as_map(&Value::empty_map());
    for d in &enabled {
        let name = if d.alias.is_empty() { &d.name } else { &d.alias };
        for iv in &d.import_values {
            let (child, parent) = match iv {
                chart::ImportValue::Exports(s) => (format!("exports.{s}"), "."),
                chart::ImportValue::Table { child, parent } => (child.clone(), parent.as_str()),
            };
            let Some(table) = values::table(&cvals, &format!("{name}.{child}")) else {
                continue;
            };
            values::coalesce_tables(&imported, &values::path_to_map(parent, table), true);
        }
    }
    let merged = as_map(&Value::Map(cvals).deep_copy());
    values::coalesce_tables(&merged, &imported, true);
    chart.values = Value::Map(merged);
}

/// Helm's `processDependencyEnabled`: drops subcharts whose condition or tags disable them.
fn process_dependencies(chart: &mut Chart, cvals: &Value, path: &str) -> Result<(), String> {
    process_dependencies_in(chart, cvals, path, &[])
}

/// Loads the dependencies Chart.yaml lists but charts/ lacks from `dirs` (by chart name).
pub fn vendor_missing(chart: &mut Chart, dirs: &[std::path::PathBuf], depth: usize) {
    if depth > 8 {
        return;
    }
    for d in chart.dependencies_meta.clone() {
        if chart.subcharts.iter().any(|c| c.name == d.name) {
            continue;
        }
        let mut candidates = Vec::new();
        if let Some(rel) = d.repository.strip_prefix("file://") {
            candidates.push(chart.dir.join(rel));
        }
        for dir in dirs {
            if let Ok(rd) = std::fs::read_dir(dir) {
                let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
                entries.sort();
                candidates.extend(entries);
            }
        }
        for cand in candidates {
            if chart::read_name(&cand).as_deref() != Some(d.name.as_str()) {
                continue;
            }
            if let Ok(c) = chart::load(&cand)
                && c.name == d.name
            {
                chart.subcharts.push(c);
                break;
            }
        }
    }
    for sub in &mut chart.subcharts {
        vendor_missing(sub, dirs, depth + 1);
    }
}

fn process_dependencies_in(
    chart: &mut Chart,
    cvals: &Value,
    path: &str,
    _dirs: &[std::path::PathBuf],
) -> Result<(), String> {
    // Listed dependencies resolve to loaded charts (aliases make renamed copies).
    let loaded = std::mem::take(&mut chart.subcharts);
    let mut deps: Vec<Chart> = Vec::new();
    for c in &loaded {
        if !chart.dependencies_meta.iter().any(|d| d.name == c.name) {
            deps.push(c.clone());
        }
    }
    let mut enabled_of: Vec<(String, bool)> = Vec::new();
    for d in &chart.dependencies_meta {
        let Some(found) = loaded.iter().find(|c| c.name == d.name) else {
            return Err(format!("found in Chart.yaml, but missing in charts/ directory: {}", d.name));
        };
        let mut c = found.clone();
        if !d.alias.is_empty() {
            c.name = d.alias.clone();
            c.metadata.insert("Name".into(), Value::string(d.alias.clone()));
        }
        // Tags, then conditions (a condition that resolves to a bool wins).
        let mut enabled = true;
        if !d.tags.is_empty() {
            let tags = values::path_value(cvals, "tags");
            let (mut has_true, mut has_false) = (false, false);
            for t in &d.tags {
                match tags.as_ref().and_then(|tv| tv.get(t)) {
                    Some(Value::Bool(true)) => has_true = true,
                    Some(Value::Bool(false)) => has_false = true,
                    _ => {}
                }
            }
            enabled = has_true || !has_false;
        }
        for cond in d.condition.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            if let Some(Value::Bool(b)) = values::path_value(cvals, &format!("{path}{cond}")) {
                enabled = b;
                break;
            }
        }
        enabled_of.push((c.name.clone(), enabled));
        deps.push(c);
    }
    deps.retain(|c| enabled_of.iter().all(|(n, e)| n != &c.name || *e));
    for c in &mut deps {
        let sub_path = format!("{path}{}.", c.name);
        process_dependencies(c, cvals, &sub_path)?;
    }
    chart.subcharts = deps;
    Ok(())
}

/// A render failure: Helm's wording, and where in the chart it happened when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// What `helm template` prints after `Error: `.
    pub message: String,
    /// `CHART/templates/x.yaml:LINE[:COL]` (the path as Helm names templates: the chart's
    /// name, then `charts/SUB/` per subchart), innermost first when the error is nested.
    pub location: Option<String>,
}

impl From<String> for RenderError {
    fn from(message: String) -> Self {
        RenderError { message, location: None }
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub fn render_chart(chart: Chart, opts: &Options) -> Result<Rendered, String> {
    render_chart_located(chart, opts).map_err(|e| e.message)
}

/// `render_chart`, with the template position of a failure.
pub fn render_chart_located(mut chart: Chart, opts: &Options) -> Result<Rendered, RenderError> {
    if chart.is_library() {
        return Err(RenderError::from(
            "validation: chart.metadata.type: library charts are not installable".to_string(),
        ));
    }
    if !opts.dependency_dirs.is_empty() {
        vendor_missing(&mut chart, &opts.dependency_dirs, 0);
    }
    // User values: -f files merged in order.
    let user = as_map(&Value::empty_map());
    for text in &opts.values_texts {
        let v = values::parse_values(text).map_err(RenderError::from)?;
        values::merge_user_values(&user, &as_map(&v));
    }
    for (expr, as_strings) in &opts.set_values {
        values::apply_set(&user, expr, *as_strings).map_err(|e| format!("failed parsing --set data: {e}"))?;
    }
    // Conditions are read from the values coalesced with every subchart present.
    let probe = as_map(&Value::Map(user.clone()).deep_copy());
    coalesce(&chart, &probe);
    process_dependencies(&mut chart, &Value::Map(probe), "").map_err(|e| {
        // `helm template`'s wording (action.CheckDependencies).
        if e.starts_with("found in Chart.yaml") {
            format!("An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: {e}")
        } else {
            e
        }
    })?;
    process_import_values(&mut chart);
    let top = as_map(&Value::Map(user).deep_copy());
    coalesce(&chart, &top);

    if !chart.kube_version.is_empty() {
        let kv = opts.kube_version.trim_start_matches('v');
        match crate::source::helm::funcs::semver::compare(&chart.kube_version, kv) {
            Ok(true) => {}
            _ => {
                return Err(RenderError::from(format!(
                    "chart requires kubeVersion: {} which is incompatible with Kubernetes {}",
                    chart.kube_version, opts.kube_version
                )));
            }
        }
    }

    let caps = capabilities(opts);
    let mut release = BTreeMap::new();
    release.insert("Name".to_string(), Value::string(opts.release_name.clone()));
    release.insert("Namespace".to_string(), Value::string(opts.namespace.clone()));
    release.insert("IsUpgrade".to_string(), Value::Bool(false));
    release.insert("IsInstall".to_string(), Value::Bool(true));
    release.insert("Revision".to_string(), Value::Int(1));
    release.insert("Service".to_string(), Value::str("Helm"));
    let release = Value::map(release);

    // Every template of every chart, with the data it renders with.
    let mut tpls: Vec<(String, String, Value, String)> = Vec::new();
    let top = Value::Map(top);
    collect(&chart, &top, &release, &caps, "", true, &mut tpls);

    let mut engine = Engine::new();
    engine.limits = opts.limits;
    engine.trace_values(&top);
    let mut order: Vec<usize> = (0..tpls.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&tpls[a].0, &tpls[b].0);
        let (ca, cb) = (pa.matches('/').count(), pb.matches('/').count());
        cb.cmp(&ca).then_with(|| pb.cmp(pa))
    });
    for &i in &order {
        let (name, text, _, _) = &tpls[i];
        engine.parse(name, text).map_err(|e| RenderError {
            message: parse_error(name, &e),
            location: e.strip_prefix("template: ").and_then(|m| m.split(": ").next()).map(str::to_string),
        })?;
    }
    let mut files: BTreeMap<String, FileOutput> = BTreeMap::new();
    for &i in &order {
        let (name, _, dot, base) = &tpls[i];
        if name.rsplit('/').next().is_some_and(|b| b.starts_with('_')) {
            continue;
        }
        let mut t = BTreeMap::new();
        t.insert("Name".to_string(), Value::string(name.clone()));
        t.insert("BasePath".to_string(), Value::string(base.clone()));
        if let Value::Map(m) = dot {
            m.borrow_mut().insert("Template".to_string(), Value::map(t));
        }
        let (out, origins) = engine.execute_traced(name, dot).map_err(|e| RenderError {
            message: exec_error(name, &e),
            location: e.location.clone().or_else(|| {
                e.message.strip_prefix("template: ").and_then(|m| m.split(": ").next()).map(str::to_string)
            }),
        })?;
        let (out, origins) = remove_no_value(&out, origins);
        let src = engine.templates.get(name).map(|t| t.src.clone()).unwrap_or_else(|| Rc::from(""));
        files.insert(name.clone(), FileOutput::new(out, origins, &src));
    }
    files.retain(|k, _| !k.ends_with("NOTES.txt"));
    let mut rendered = sort_manifests(&files, opts.include_hooks)?;
    if opts.include_crds {
        crd_objects(&chart, "", &mut rendered.crds);
    }
    Ok(rendered)
}

/// One template's output with where its pieces came from.
struct FileOutput {
    text: String,
    origins: Vec<Origin>,
    /// Byte offsets of the template source's line breaks.
    newlines: Vec<usize>,
}

impl FileOutput {
    fn new(text: String, origins: Vec<Origin>, src: &str) -> Self {
        let newlines = src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
        FileOutput { text, origins, newlines }
    }

    /// The template line behind output byte `off`.
    fn line_at(&self, off: usize) -> u32 {
        let i = self.origins.partition_point(|o| o.out_offset <= off);
        match i.checked_sub(1).map(|i| &self.origins[i]) {
            Some(o) => 1 + self.newlines.partition_point(|&n| n < o.src_at(off)) as u32,
            None => 1,
        }
    }

    /// The values paths read by the actions that wrote output bytes `start..end`.
    fn values_in(&self, start: usize, end: usize) -> Option<ValuesRead> {
        let first = self.origins.partition_point(|o| o.out_offset <= start).saturating_sub(1);
        let mut out: Vec<ValuesPath> = Vec::new();
        for o in self.origins[first..].iter().take_while(|o| o.out_offset < end.max(start + 1)) {
            for p in o.values.iter().flat_map(|v| v.iter()) {
                if !out.contains(p) {
                    out.push((**p).clone());
                }
            }
        }
        if out.is_empty() { None } else { Some(out.into()) }
    }
}

/// Helm's `CRDObjects`: the chart's `crds/*.{yaml,yml,json}`, then its subcharts'.
fn crd_objects(chart: &Chart, parent: &str, out: &mut Vec<(String, String)>) {
    let full = if parent.is_empty() { chart.name.clone() } else { format!("{parent}/charts/{}", chart.name) };
    for (path, data) in &chart.files {
        if path.starts_with("crds/") && [".yaml", ".yml", ".json"].iter().any(|e| path.ends_with(e)) {
            out.push((format!("{full}/{path}"), String::from_utf8_lossy(data).into_owned()));
        }
    }
    for sub in &chart.subcharts {
        crd_objects(sub, &full, out);
    }
}

/// Helm deletes every `<no value>` from a template's output; origins move with the text.
fn remove_no_value(out: &str, mut origins: Vec<Origin>) -> (String, Vec<Origin>) {
    const NV: &str = "<no value>";
    if !out.contains(NV) {
        return (out.to_string(), origins);
    }
    let cuts: Vec<usize> = out.match_indices(NV).map(|(i, _)| i).collect();
    for o in &mut origins {
        let p = o.out_offset;
        let before = cuts.partition_point(|&c| c + NV.len() <= p);
        let straddling = cuts.get(before).copied().filter(|&c| c < p);
        let mut removed = before * NV.len();
        if let Some(c) = straddling {
            removed += p - c;
            if o.literal {
                // The origin now starts after the removed text.
                o.src_pos += c + NV.len() - p;
            }
        }
        o.out_offset = p - removed;
    }
    (out.replace(NV, ""), origins)
}

fn capabilities(opts: &Options) -> Value {
    let v = opts.kube_version.trim_start_matches('v');
    let mut parts = v.split('.');
    let major = parts.next().unwrap_or("1").to_string();
    let minor = parts.next().unwrap_or("0").to_string();
    let version = format!("v{v}");
    let kube = object(
        "*common.KubeVersion",
        ObjKind::Struct,
        vec![
            ("Version", Value::string(version.clone())),
            ("Major", Value::string(major)),
            ("Minor", Value::string(minor)),
        ],
        version,
    );
    let mut apis: Vec<String> = DEFAULT_API_VERSIONS.iter().map(|s| s.to_string()).collect();
    apis.extend(opts.extra_api_versions.iter().cloned());
    let display = format!("[{}]", apis.join(" "));
    let api_versions = object("common.VersionSet", ObjKind::VersionSet(apis), vec![], display);
    let helm = object(
        "version.BuildInfo",
        ObjKind::Struct,
        vec![
            ("Version", Value::str("v4.2.3")),
            ("GitCommit", Value::str("")),
            ("GitTreeState", Value::str("")),
            ("GoVersion", Value::str("go1.25")),
            ("KubeClientVersion", Value::str("v1.36")),
        ],
        "{v4.2.3   go1.25 v1.36}".into(),
    );
    object(
        "*common.Capabilities",
        ObjKind::Struct,
        vec![("KubeVersion", kube), ("APIVersions", api_versions), ("HelmVersion", helm)],
        "&{...}".into(),
    )
}

#[allow(clippy::too_many_arguments)]
fn collect(
    chart: &Chart,
    vals: &Value,
    release: &Value,
    caps: &Value,
    parent_path: &str,
    is_root: bool,
    out: &mut Vec<(String, String, Value, String)>,
) -> Value {
    let full = if parent_path.is_empty() {
        chart.name.clone()
    } else {
        format!("{parent_path}/charts/{}", chart.name)
    };
    let mut md = chart.metadata.clone();
    md.insert("IsRoot".to_string(), Value::Bool(is_root));
    let subcharts = Value::empty_map();
    let mut dot = BTreeMap::new();
    dot.insert("Chart".to_string(), Value::map(md));
    dot.insert("Files".to_string(), files_object(chart.files.clone()));
    dot.insert("Release".to_string(), release.clone());
    dot.insert("Capabilities".to_string(), caps.clone());
    dot.insert("Values".to_string(), vals.clone());
    dot.insert("Subcharts".to_string(), subcharts.clone());
    let dot = Value::map(dot);
    for sub in &chart.subcharts {
        let sv = match vals.get(&sub.name) {
            Some(v @ Value::Map(_)) => v,
            _ => Value::empty_map(),
        };
        let sub_dot = collect(sub, &sv, release, caps, &full, false, out);
        if let Value::Map(m) = &subcharts {
            m.borrow_mut().insert(sub.name.clone(), sub_dot);
        }
    }
    for (rel, text) in &chart.templates {
        if chart.is_library() && !rel.rsplit('/').next().is_some_and(|b| b.starts_with('_')) {
            continue;
        }
        out.push((format!("{full}/{rel}"), text.clone(), dot.clone(), format!("{full}/templates")));
    }
    dot
}

fn parse_error(_name: &str, e: &str) -> String {
    // Helm: "parse error at (LOCATION): MSG" from "template: LOCATION: MSG".
    let tokens: Vec<&str> = e.split(": ").collect();
    if tokens.len() < 3 {
        return e.to_string();
    }
    format!("parse error at ({}): {}", tokens[1], tokens[tokens.len() - 1])
}

fn exec_error(name: &str, e: &ExecError) -> String {
    if let Some(user) = &e.user {
        // Helm: the location of the outermost template error.
        let loc = e
            .message
            .strip_prefix("template: ")
            .and_then(|m| m.split(": ").next())
            .map(str::to_string)
            .unwrap_or_else(|| name.to_string());
        return format!("execution error at ({loc}): {user}");
    }
    e.helm_text()
}

/// Helm <= 4.2.3's `releaseutil.SplitManifests` separator: `(?:^|\s*\n)---\s*`.
/// Each document with its byte offset in `text`.
fn split_manifests(text: &str) -> Vec<(usize, String)> {
    static SEPARATOR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:^|[\t\n\x0C\r ]*\n)---[\t\n\x0C\r ]*").unwrap_or_else(|_| unreachable_regex())
    });
    let re = &*SEPARATOR;
    let trimmed = text.trim_start_matches(is_go_space);
    let base = text.len() - trimmed.len();
    let mut docs = Vec::new();
    let mut start = 0;
    let mut pieces = Vec::new();
    for m in re.find_iter(trimmed) {
        pieces.push((start, &trimmed[start..m.start()]));
        start = m.end();
    }
    pieces.push((start, &trimmed[start..]));
    for (off, d) in pieces {
        if d.trim_matches(is_go_space).is_empty() {
            continue;
        }
        let t = d.trim_start_matches(is_go_space);
        docs.push((base + off + (d.len() - t.len()), t.to_string()));
    }
    docs
}

fn unreachable_regex() -> regex::Regex {
    regex::Regex::new("$^").unwrap_or_else(|_| std::process::abort())
}

const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

fn kind_key(kind: &str) -> (usize, usize, String) {
    match INSTALL_ORDER.iter().position(|k| *k == kind) {
        Some(i) => (0, i, String::new()),
        None => (1, 0, kind.to_string()),
    }
}

const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// The offset of a line's first non-blank byte (the node it holds starts there).
fn first_non_blank(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

fn sort_manifests(
    files: &BTreeMap<String, FileOutput>,
    include_hooks: bool,
) -> Result<Rendered, RenderError> {
    let mut manifests = Vec::new();
    let mut hooks = Vec::new();
    for (path, file) in files {
        let content = &file.text;
        if path.rsplit('/').next().is_some_and(|b| b.starts_with('_'))
            || content.trim_matches(is_go_space).is_empty()
        {
            continue;
        }
        for (doc_off, doc) in split_manifests(content) {
            let mut template_lines = Vec::new();
            let mut values_lines = Vec::new();
            let mut line_start = 0;
            for line in doc.split_inclusive('\n') {
                template_lines.push(file.line_at(doc_off + line_start));
                let start = doc_off + line_start;
                values_lines.push(file.values_in(start + first_non_blank(line), start + line.len()));
                line_start += line.len();
            }
            let stream = yaml::load_stream(&doc, yaml::Limits::default());
            if let Some(p) =
                stream.problems.iter().find(|p| !matches!(p.kind, yaml::ProblemKind::DuplicateKey { .. }))
            {
                let line = template_lines.get(p.span.start.line as usize - 1).copied().unwrap_or(1);
                return Err(RenderError {
                    message: format!(
                        "YAML parse error on {path}: error converting YAML to JSON: yaml: line {}: {}",
                        p.span.start.line, p.message
                    ),
                    location: Some(format!("{path}:{line}")),
                });
            }
            let root = stream.docs.first().and_then(|d| d.root.as_ref());
            let kind = root.and_then(|r| r.get("kind")).and_then(|k| k.as_str()).unwrap_or("").to_string();
            let hook = root
                .and_then(|r| r.get("metadata"))
                .and_then(|m| m.get("annotations"))
                .and_then(|a| a.get("helm.sh/hook"))
                .and_then(|h| h.scalar_text())
                .map(str::to_string);
            match hook {
                None => manifests.push(Manifest {
                    source: path.clone(),
                    kind,
                    content: doc,
                    hook: false,
                    template_lines,
                    values_lines,
                }),
                Some(h) => {
                    let known = h.split(',').all(|t| HOOK_EVENTS.contains(&t.trim().to_lowercase().as_str()));
                    if known {
                        hooks.push(Manifest {
                            source: path.clone(),
                            kind,
                            content: doc,
                            hook: true,
                            template_lines,
                            values_lines,
                        });
                    }
                }
            }
        }
    }
    manifests.sort_by_key(|m| kind_key(&m.kind));
    hooks.sort_by_key(|m| kind_key(&m.kind));
    if !include_hooks {
        hooks.clear();
    }
    Ok(Rendered { crds: Vec::new(), manifests, hooks })
}
