//! Kustomize overlays in a scan. Every top-level kustomization of the scanned set (one that no
//! other kustomization of the set lists in `resources`, `bases` or `components`, and is not a
//! Component) is built in-process, reading through the scan's `Contents`; its output is
//! checked by `rendered::check` and each finding moves to the line behind its node: the patch
//! that set it, else the base resource line (plus the kustomization entry that transformed
//! it). The resource files a build read are then not linted on their own (the lead's
//! accounting calls them `kustomize_resources`). A build that fails is a finding at the entry
//! at fault (KG012; KG013 for remote bases, which are never fetched), and the run goes on.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::diagnostic::{Finding, Origin, OriginRole, ResourceRef};
use crate::discover::{self, Contents, FileClass, Input};
use crate::git::Repo;
use crate::rules::core;
use crate::source::kustomize::load::{self, EntryItem, Files, normalise};
use crate::source::kustomize::resource::Resource;
use crate::source::kustomize::{self as kbuild, ErrorKind, emit};
use crate::source::yaml::{Limits, Node, ObjPath, Pos, Seg, Span, Style, load_stream};

use super::rendered::{self, OriginMap, RenderedUnit};
use super::{ScanOptions, Skipped, file_finding};

/// What building the scan's kustomizations produced.
#[derive(Default)]
pub struct Built {
    pub findings: Vec<Finding>,
    /// Objects checked, with the path each is reported under.
    pub checked: Vec<(String, std::sync::Arc<ResourceRef>)>,
    /// Kustomizations built (successfully) as units.
    pub units: usize,
    /// Objects those builds produced.
    pub objects: usize,
    /// Units not built, with the reason (fields the builder does not implement).
    pub skipped: Vec<Skipped>,
    /// Resource files read by a successful build (absolute) → the unit (relative dir).
    pub resource_files: BTreeMap<PathBuf, String>,
    /// Flux / Argo CD deploy targets of the built objects (K8S150; `Facts::deploys`).
    pub deploys: Vec<(String, String, bool)>,
}

/// The kustomization directories of the scanned set that are built as units.
pub fn top_level(inputs: &[Input], contents: &Contents) -> Vec<PathBuf> {
    let files: Vec<&Input> = inputs.iter().filter(|i| i.class == FileClass::Kustomization).collect();
    let dirs: BTreeSet<PathBuf> =
        files.iter().filter_map(|i| i.abs.parent().map(Path::to_path_buf)).collect();
    let mut used = BTreeSet::new();
    let mut components = BTreeSet::new();
    for f in &files {
        let Some(dir) = f.abs.parent() else { continue };
        let Some(text) = contents.read_to_string(&f.abs) else { continue };
        let stream = load_stream(&text, Limits::default());
        let Some(root) = stream.docs.first().and_then(|d| d.root.as_ref()) else { continue };
        if root.get("kind").and_then(Node::as_str) == Some("Component") {
            components.insert(dir.to_path_buf());
        }
        for field in ["resources", "bases", "components"] {
            for n in root.get(field).and_then(Node::as_seq).unwrap_or(&[]) {
                let Some(entry) = n.scalar_text() else { continue };
                let target = normalise(&dir.join(entry));
                if target != dir && dirs.contains(&target) {
                    used.insert(target);
                }
            }
        }
    }
    dirs.into_iter().filter(|d| !used.contains(d) && !components.contains(d)).collect()
}

/// Build and check every top-level kustomization of `inputs`.
pub fn run(root: &Path, inputs: &[Input], contents: &Contents, opts: &ScanOptions) -> Built {
    let units = top_level(inputs, contents);
    let shared = Arc::new(ScanFiles::new(contents, opts, root));
    let outcomes: Vec<Built> = units
        .par_iter()
        .map(|dir| {
            catch_unwind(AssertUnwindSafe(|| build_unit(root, dir, &shared, opts))).unwrap_or_else(
                |payload| {
                    let msg = super::panic_message(&*payload);
                    let file = load::find_kustomization_file(dir, &*shared).unwrap_or_else(|_| dir.clone());
                    Built {
                        findings: vec![file_finding(
                            &core::INTERNAL_ERROR,
                            &discover::rel_path(root, &file),
                            None,
                            format!("internal error while building this kustomization: {msg}"),
                        )],
                        ..Default::default()
                    }
                },
            )
        })
        .collect();
    let mut out = Built::default();
    let mut file_level = BTreeSet::new();
    for b in outcomes {
        // a problem of a shared base file (a suppression without reason) is reported once
        out.findings.extend(b.findings.into_iter().filter(|f| {
            f.rendered.is_some()
                || file_level.insert((f.path.clone(), f.span.map(|s| s.start.offset), f.message.clone()))
        }));
        out.checked.extend(b.checked);
        out.units += b.units;
        out.objects += b.objects;
        out.skipped.extend(b.skipped);
        out.deploys.extend(b.deploys);
        for (f, u) in b.resource_files {
            out.resource_files.entry(f).or_insert(u);
        }
    }
    out
}

fn build_unit(root: &Path, dir: &Path, shared: &Arc<ScanFiles>, opts: &ScanOptions) -> Built {
    let unit = discover::rel_path(root, dir);
    let unit = if unit.is_empty() { ".".to_string() } else { unit };
    let fs = Arc::new(UnitFiles {
        shared: shared.clone(),
        read: Mutex::default(),
        remote: Mutex::default(),
        parsed: Mutex::default(),
    });
    let result = kbuild::build::build_in(dir, fs.clone());
    let mut out = Built::default();
    for (file, url) in fs.remote.lock().expect("not poisoned").iter() {
        let span = locate_in(
            &**shared,
            file,
            &load::Entry { field: "resources".into(), item: Some(EntryItem::Text(url.clone())) },
        )
        .or_else(|| {
            locate_in(
                &**shared,
                file,
                &load::Entry { field: "bases".into(), item: Some(EntryItem::Text(url.clone())) },
            )
        });
        out.findings.push(file_finding(
            &core::KUSTOMIZE_REMOTE_BASE,
            &discover::rel_path(root, file),
            span,
            format!("remote base not checked: '{url}' (kubegate never fetches remote resources); the rest of the overlay is built without it"),
        ));
    }
    let resources = match result {
        Ok(r) => r,
        Err(e) => {
            if let ErrorKind::Unsupported { field } = &e.kind {
                out.skipped.push(Skipped {
                    path: unit.clone(),
                    reason: format!(
                        "kustomization uses `{field}` ({}), which kubegate's builder does not build yet: the overlay is not checked and its resource files are linted on their own",
                        discover::rel_path(root, &e.path)
                    ),
                });
                return out;
            }
            out.findings.push(build_error(root, &e, &**shared, !out.findings.is_empty()));
            return out;
        }
    };
    let text = emit::stream_to_yaml(resources.iter().map(|r| &r.value));
    let map = UnitMap { root, resources: &resources, fs: &fs, files: RefCell::default() };
    let checked =
        rendered::check(&RenderedUnit { unit: unit.clone(), by: "kustomize", text, map: &map }, opts);
    out.units = 1;
    out.objects = resources.len();
    out.findings.extend(checked.findings);
    out.deploys = checked.deploys;
    source_suppressions(root, &mut out.findings, &**shared, opts);
    out.checked = checked.checked;
    for f in fs.read.lock().expect("not poisoned").iter() {
        out.resource_files.insert(f.clone(), unit.clone());
    }
    out
}

/// Inline suppressions (`# kubegate:ignore ...`) written in the files the findings moved to
/// (a base resource, a patch): the rendered stream has no comments, so they are applied here.
/// Unused ones are not reported (another overlay of the same base may use them).
fn source_suppressions(root: &Path, findings: &mut Vec<Finding>, fs: &dyn Files, opts: &ScanOptions) {
    let enabled = |id: &str| super::rule_enabled(opts, id);
    let paths: BTreeSet<String> = findings
        .iter()
        .filter(|f| f.rendered.is_some() && f.suppressed.is_none())
        .map(|f| f.path.clone())
        .collect();
    for path in paths {
        let Ok(bytes) = fs.read(&root.join(&path)) else { continue };
        let Ok(text) = String::from_utf8(bytes) else { continue };
        if !text.contains(crate::suppress::INLINE_MARKER) {
            continue;
        }
        let (mut these, rest): (Vec<Finding>, Vec<Finding>) =
            std::mem::take(findings).into_iter().partition(|f| f.rendered.is_some() && f.path == path);
        crate::suppress::apply(&mut these, &path, &text, &[], false, &enabled, super::policy_ids(opts));
        findings.extend(rest);
        findings.extend(these);
    }
}

/// A build error as a finding at the kustomization entry at fault.
fn build_error(root: &Path, e: &kbuild::Error, fs: &dyn Files, remote_skipped: bool) -> Finding {
    let file = if fs.is_dir(&e.path) {
        load::find_kustomization_file(&e.path, fs).unwrap_or_else(|_| e.path.clone())
    } else {
        e.path.clone()
    };
    let span = e.entry.as_ref().and_then(|entry| locate_in(fs, &file, entry));
    let (meta, message) = match &e.kind {
        ErrorKind::RemoteBase { .. } => (&core::KUSTOMIZE_REMOTE_BASE, e.message.clone()),
        _ if remote_skipped => (
            &core::KUSTOMIZE_BUILD_ERROR,
            format!("kustomize build failed: {} (remote bases were not fetched)", e.message),
        ),
        _ => (&core::KUSTOMIZE_BUILD_ERROR, format!("kustomize build failed: {}", e.message)),
    };
    // paths in the message relative to the scan root, as everywhere else in the report
    let message = message.replace(&format!("{}/", root.display()), "");
    file_finding(meta, &discover::rel_path(root, &normalise(&file)), span, message)
}

fn locate_in(fs: &dyn Files, file: &Path, entry: &load::Entry) -> Option<Span> {
    let text = String::from_utf8(fs.read(file).ok()?).ok()?;
    load::locate(&text, entry)
}

/// The scan's content as the builder reads it; for `--staged`, files the index holds but the
/// scan did not select (an overlay's bases) are read from the index on demand.
#[derive(Debug)]
struct ScanFiles {
    contents: Contents,
    index: Option<Index>,
    /// The scan root as given and with symlinks resolved: canonical paths under it are
    /// mapped back, so a checkout reached through a symlink keeps the paths the walk saw.
    root: PathBuf,
    canon_root: Option<PathBuf>,
}

#[derive(Debug)]
struct Index {
    repo: Repo,
    files: OnceLock<BTreeSet<PathBuf>>,
    blobs: Mutex<HashMap<PathBuf, Option<Vec<u8>>>>,
}

impl Index {
    fn files(&self) -> &BTreeSet<PathBuf> {
        self.files.get_or_init(|| {
            self.repo.index_files().unwrap_or_default().into_iter().map(|r| self.repo.root.join(r)).collect()
        })
    }
    fn read(&self, path: &Path) -> Option<Vec<u8>> {
        let mut blobs = self.blobs.lock().expect("not poisoned");
        if let Some(b) = blobs.get(path) {
            return b.clone();
        }
        let rel = discover::rel_path(&self.repo.root, path);
        let got = self.repo.read_blobs("", std::slice::from_ref(&rel)).ok().and_then(|mut m| m.remove(&rel));
        blobs.insert(path.to_path_buf(), got.clone());
        got
    }
}

impl ScanFiles {
    fn new(contents: &Contents, opts: &ScanOptions, root: &Path) -> Self {
        let index = match opts.mode {
            super::Mode::Staged => std::env::current_dir().ok().and_then(|d| Repo::discover(&d).ok()),
            _ => None,
        }
        .map(|repo| Index { repo, files: OnceLock::new(), blobs: Mutex::default() });
        ScanFiles {
            contents: contents.clone(),
            index,
            root: root.to_path_buf(),
            canon_root: root.canonicalize().ok(),
        }
    }
}

impl Files for ScanFiles {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let path = &normalise(path);
        match self.contents.read(path) {
            Ok(b) => Ok(b.into_owned()),
            Err(e) => match &self.index {
                Some(ix) => ix.read(path).ok_or(e),
                None => Err(e),
            },
        }
    }
    fn is_file(&self, path: &Path) -> bool {
        let path = &normalise(path);
        self.contents.is_file(path) || self.index.as_ref().is_some_and(|ix| ix.files().contains(path))
    }
    fn is_dir(&self, path: &Path) -> bool {
        let path = &normalise(path);
        self.contents.is_dir(path)
            || self.index.as_ref().is_some_and(|ix| {
                ix.files()
                    .range(path.to_path_buf()..)
                    .next()
                    .is_some_and(|f| f.starts_with(path) && f != path)
            })
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        if !self.contents.is_exclusive()
            && let Ok(p) = path.canonicalize()
        {
            return Ok(match self.canon_root.as_ref().and_then(|c| p.strip_prefix(c).ok()) {
                Some(rest) if rest.as_os_str().is_empty() => self.root.clone(),
                Some(rest) => self.root.join(rest),
                None => p,
            });
        }
        let p = normalise(path);
        if self.is_file(&p) || self.is_dir(&p) {
            Ok(p)
        } else {
            Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{}: no such file or directory", path.display()),
            ))
        }
    }
}

/// One unit's view: the shared content, plus what the build read and which remote entries it
/// went without, and the files it loaded (its findings are placed on their nodes after the
/// build: loaded once per unit, not twice).
#[derive(Debug)]
struct UnitFiles {
    shared: Arc<ScanFiles>,
    read: Mutex<BTreeSet<PathBuf>>,
    remote: Mutex<Vec<(PathBuf, String)>>,
    parsed: Mutex<HashMap<PathBuf, load::Parsed>>,
}

impl Files for UnitFiles {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let b = self.shared.read(path)?;
        self.read.lock().expect("not poisoned").insert(normalise(path));
        Ok(b)
    }
    fn is_file(&self, path: &Path) -> bool {
        self.shared.is_file(path)
    }
    fn is_dir(&self, path: &Path) -> bool {
        self.shared.is_dir(path)
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.shared.canonicalize(path)
    }
    fn skip_remote(&self, kustomization: &Path, url: &str) -> bool {
        self.remote.lock().expect("not poisoned").push((kustomization.to_path_buf(), url.to_string()));
        true
    }
    fn parsed(&self, path: &Path) -> io::Result<load::Parsed> {
        let key = normalise(path);
        if let Some(p) = self.parsed.lock().expect("not poisoned").get(&key) {
            return Ok(p.clone());
        }
        let p = load::parse(self.read(path)?)?;
        self.parsed.lock().expect("not poisoned").insert(key, p.clone());
        Ok(p)
    }
}

/// Where a built object's nodes come from: recorded patches, the base resource file, the
/// kustomization entries that transformed it.
struct UnitMap<'a> {
    root: &'a Path,
    resources: &'a [Resource],
    /// The unit's files: what the build loaded is reused.
    fs: &'a UnitFiles,
    /// Each file the findings point into, looked up once (path as the build spelled it):
    /// normalising and relativising a path cost more than placing the finding.
    files: RefCell<HashMap<std::ffi::OsString, Rc<OriginFile>>>,
}

/// A file findings are placed in: its nodes and its path as reported.
struct OriginFile {
    parsed: Option<load::Parsed>,
    rel: String,
}

impl UnitMap<'_> {
    fn file(&self, file: &Path) -> Rc<OriginFile> {
        if let Some(f) = self.files.borrow().get(file.as_os_str()) {
            return f.clone();
        }
        let f = Rc::new(OriginFile {
            parsed: self.fs.parsed(file).ok(),
            rel: discover::rel_path(self.root, &normalise(file)),
        });
        self.files.borrow_mut().insert(file.as_os_str().to_owned(), f.clone());
        f
    }

    fn load(&self, file: &Path) -> Option<load::Parsed> {
        self.file(file).parsed.clone()
    }

    fn origin(&self, file: &Path, span: Span, role: OriginRole) -> Origin {
        Origin { path: self.file(file).rel.clone(), span, role }
    }

    /// The kustomization entry that set the node at `path` (a transformer), outermost first.
    fn transformer(&self, r: &Resource, path: &ObjPath, base_value: Option<&str>) -> Option<Origin> {
        let keys: Vec<&str> = path
            .0
            .iter()
            .map(|s| match s {
                Seg::Key(k) => k.as_str(),
                Seg::Index(_) => "[]",
            })
            .collect();
        let fields: &[&str] = match keys.as_slice() {
            ["metadata", "namespace"] => &["namespace"],
            ["metadata", "name"] => &["namePrefix", "nameSuffix"],
            [.., "labels", _] | ["spec", "selector", ..] => &["labels", "commonLabels"],
            [.., "annotations", _] => &["commonAnnotations"],
            ["spec", "replicas"] => &["replicas"],
            [.., "image"] => &["images"],
            _ => return None,
        };
        for k in r.through.iter().rev() {
            let Some(loaded) = self.load(k) else { continue };
            let Some(root) = loaded.1.docs.first().and_then(|d| d.root.as_ref()) else { continue };
            for field in fields {
                let Some(e) = root.entry(field) else { continue };
                let mut span = e.key.span;
                if *field == "images"
                    && let Some(base) = base_value
                {
                    let name = image_name(base);
                    if let Some(item) = e
                        .value
                        .as_seq()
                        .unwrap_or(&[])
                        .iter()
                        .find(|i| i.get("name").and_then(Node::scalar_text) == Some(name))
                    {
                        span = item.span;
                    } else {
                        continue;
                    }
                }
                return Some(self.origin(k, span, OriginRole::Kustomization));
            }
        }
        None
    }

    /// The span of the patch node behind `path`, for a recorded patch.
    fn patch_span(&self, touch: &kbuild::resource::PatchTouch, ppath: &ObjPath) -> Option<Span> {
        let loaded = self.load(&touch.file)?;
        let (text, stream) = (&loaded.0, &loaded.1);
        let root = stream.docs.first()?.root.as_ref()?;
        match &touch.inline {
            None => {
                let doc = stream.docs.iter().find(|d| d.index == touch.document)?.root.as_ref()?;
                Some(span_of(doc, ppath))
            }
            Some((field, i)) => {
                let item = root.get(field)?.as_seq()?.get(*i)?;
                let scalar = if field == "patchesStrategicMerge" { item } else { item.get("patch")? };
                let inline = scalar.scalar_text()?;
                let block =
                    matches!(scalar.as_scalar().map(|s| s.style), Some(Style::Literal | Style::Folded));
                if !block {
                    return Some(scalar.span);
                }
                let inner = load_stream(inline, Limits::default());
                let doc = inner.docs.iter().find(|d| d.index == touch.document)?.root.as_ref()?;
                let s = span_of(doc, ppath);
                // a block scalar's span starts at its first content character
                let (first, indent) = (scalar.span.start.line, scalar.span.start.column - 1);
                let at = |p: Pos| pos_at_line_col(text, first + p.line - 1, indent + p.column);
                Some(Span { start: at(s.start)?, end: at(s.end)? })
            }
        }
    }
}

impl OriginMap for UnitMap<'_> {
    fn origins(&self, document: usize, rendered: &Node, path: &ObjPath) -> Vec<Origin> {
        let Some(r) = self.resources.get(document) else { return Vec::new() };
        let rendered_value = {
            let res = rendered.resolve(path);
            if res.exact { res.node.scalar_text().map(str::to_string) } else { None }
        };
        // the base: the node at the same path in the object's source document
        let mut base: Option<(Origin, usize, bool, Option<String>)> = None;
        if let Some(loaded) = self.load(&r.origin) {
            let doc = loaded.1.docs.iter().find(|d| d.index == r.document).and_then(|d| d.root.as_ref());
            let obj = match (doc, r.list_item) {
                (Some(d), Some(i)) => d.get("items").and_then(Node::as_seq).and_then(|s| s.get(i)),
                (d, None) => d,
                _ => None,
            };
            let generated =
                load::KUSTOMIZATION_FILE_NAMES.iter().any(|n| r.origin.file_name().is_some_and(|f| f == *n));
            if generated {
                // a generated object: the generator entry that made it
                let root = doc;
                let name = r.previous_names.first().map(String::as_str).unwrap_or(r.name());
                let item = root.and_then(|root| {
                    ["configMapGenerator", "secretGenerator"].iter().find_map(|g| {
                        root.get(g)?
                            .as_seq()?
                            .iter()
                            .find(|i| i.get("name").and_then(Node::scalar_text) == Some(name))
                    })
                });
                if let Some(item) = item {
                    return vec![self.origin(&r.origin, item.span, OriginRole::Kustomization)];
                }
            } else if let Some(obj) = obj {
                let res = obj.resolve(path);
                let span = match (res.exact, res.key) {
                    (true, Some(k)) => Span { start: k.span.start, end: res.node.span.end },
                    _ => res.key.map_or(res.node.span, |k| k.span),
                };
                let value = if res.exact { res.node.scalar_text().map(str::to_string) } else { None };
                base = Some((self.origin(&r.origin, span, OriginRole::Base), res.depth, res.exact, value));
            }
        }
        // the deepest recorded patch path on the way to `path` (the latest patch on ties)
        let mut best: Option<(usize, &kbuild::resource::PatchTouch, &ObjPath, &ObjPath)> = None;
        for touch in r.patches.iter().rev() {
            for (rp, pp) in &touch.sets {
                if rp.0.len() <= path.0.len()
                    && path.0[..rp.0.len()] == rp.0[..]
                    && best.is_none_or(|b| rp.0.len() > b.0)
                {
                    best = Some((rp.0.len(), touch, rp, pp));
                }
            }
        }
        let base_depth = base.as_ref().map_or(0, |b| b.1);
        let mut out = Vec::new();
        if let Some((depth, touch, rp, pp)) = best
            && depth >= base_depth
        {
            let mut full = pp.clone();
            full.0.extend(path.0[rp.0.len()..].iter().cloned());
            if let Some(span) = self.patch_span(touch, &full) {
                out.push(self.origin(&touch.file, span, OriginRole::Patch));
            }
        }
        let patched = !out.is_empty();
        if let Some((origin, _, exact, value)) = base {
            let changed = !exact || (value.is_some() && value != rendered_value);
            let by = if !patched && changed { self.transformer(r, path, value.as_deref()) } else { None };
            match by {
                // the transformer wrote the value that is there: it comes first
                Some(k) if exact => {
                    out.push(k);
                    out.push(origin);
                }
                Some(k) => {
                    out.push(origin);
                    out.push(k);
                }
                None => out.push(origin),
            }
        }
        out
    }
}

/// The span of the node at `path` (its key through its value when it exists; else the
/// nearest present ancestor's key).
fn span_of(root: &Node, path: &ObjPath) -> Span {
    let res = root.resolve(path);
    match (res.exact, res.key) {
        (true, Some(k)) => Span { start: k.span.start, end: res.node.span.end },
        _ => res.key.map_or(res.node.span, |k| k.span),
    }
}

/// The image name of a reference (`repo/name:tag@digest` → `repo/name`), as `images:` entries
/// match it.
fn image_name(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    match no_digest.rfind(':') {
        Some(i) if !no_digest[i..].contains('/') => &no_digest[..i],
        _ => no_digest,
    }
}

/// The position of 1-based `line` and `column` (in characters) in `text`.
fn pos_at_line_col(text: &str, line: u32, column: u32) -> Option<Pos> {
    let mut offset = 0usize;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let chars: usize = l.chars().take(column.saturating_sub(1) as usize).map(char::len_utf8).sum();
            return Some(Pos { line, column, offset: (offset + chars) as u32 });
        }
        offset += l.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_drop_tag_and_digest() {
        assert_eq!(image_name("nginx:1.25"), "nginx");
        assert_eq!(image_name("registry:5000/app/web:v1@sha256:abc"), "registry:5000/app/web");
        assert_eq!(image_name("registry:5000/app"), "registry:5000/app");
    }
}
