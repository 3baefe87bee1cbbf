//! Finds the inputs of a scan and classifies them into units.
//!
//! A parallel walk (the `ignore` crate: .gitignore, `.kubegateignore`, dot-files included,
//! `.git` skipped) collects files; classification then decides what each file is: a plain
//! manifest candidate, part of a Helm chart, a kustomization file or one of its patch /
//! generator inputs (never linted as objects), or any other text file (kept for secret
//! detectors). Every file ends up in exactly one class, so every input is accounted for.

pub mod content;
pub mod kustomize_inputs;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use content::Contents;
pub use walk::{WalkOptions, absolute, walk};

/// What a file is to the scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileClass {
    /// `*.yaml` / `*.yml` outside charts and kustomize inputs: loaded; its objects are checked.
    Yaml,
    /// `*.json` that mentions `apiVersion`: loaded like YAML.
    Json,
    /// A `kustomization.yaml|yml` / `Kustomization` file: loaded for syntax, never linted as an object.
    Kustomization,
    /// A file a kustomization uses as a patch or generator input: not a standalone object.
    KustomizeInput { kustomization: String },
    /// A resource file read by a kustomization the scan built: checked through the build
    /// (its findings carry `base` origins), not on its own.
    KustomizeResource { kustomization: String },
    /// A file inside a Helm chart directory (the chart is rendered as a unit).
    HelmChart { chart: String },
    /// Any other file, kept for text detectors.
    Text,
}

#[derive(Debug, Clone)]
pub struct Input {
    pub abs: PathBuf,
    /// Display path relative to the scan root, `/`-separated.
    pub rel: String,
    pub class: FileClass,
    /// Named explicitly on the command line.
    pub explicit: bool,
}

/// Turn a path into the `/`-separated display form relative to `root`.
pub fn rel_path(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    let s = r.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The files that make a directory a unit: kustomization names and `Chart.yaml`.
pub const UNIT_FILES: [&str; 4] = ["kustomization.yaml", "kustomization.yml", "Kustomization", "Chart.yaml"];

fn is_kustomization_name(name: &str) -> bool {
    matches!(name, "kustomization.yaml" | "kustomization.yml" | "Kustomization")
}

/// Classify walked files. `files` are (absolute path, explicit) pairs; kustomization files
/// are read through `contents` (the index for `--staged`).
pub fn classify(root: &Path, files: Vec<(PathBuf, bool)>, contents: &Contents) -> Vec<Input> {
    // Chart roots: directories holding a Chart.yaml. Nested charts fall under the outer one.
    let chart_dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter(|(p, _)| p.file_name().is_some_and(|n| n == "Chart.yaml"))
        .filter_map(|(p, _)| p.parent().map(Path::to_path_buf))
        .collect();
    let chart_of = |p: &Path| -> Option<&PathBuf> { chart_dirs.iter().find(|d| p.starts_with(d)) };

    // Patch and generator inputs named by kustomization files.
    let mut kustomize_inputs: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (p, _) in &files {
        let is_k = p.file_name().and_then(|n| n.to_str()).is_some_and(is_kustomization_name);
        if !is_k || chart_of(p).is_some() {
            continue;
        }
        let Some(text) = contents.read_to_string(p) else {
            continue;
        };
        let dir = p.parent().unwrap_or(Path::new(""));
        for input in kustomize_inputs::referenced_files(&text) {
            let abs = kustomize_inputs::join_normalised(dir, &input);
            kustomize_inputs.entry(abs).or_insert_with(|| rel_path(root, p));
        }
    }

    let mut out: Vec<Input> = files
        .into_iter()
        .map(|(abs, explicit)| {
            let rel = rel_path(root, &abs);
            let name = abs.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let ext = abs.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            let class = if let Some(chart) = chart_of(&abs) {
                FileClass::HelmChart { chart: rel_path(root, chart) }
            } else if is_kustomization_name(name) {
                FileClass::Kustomization
            } else if let Some(k) = kustomize_inputs.get(&abs) {
                FileClass::KustomizeInput { kustomization: k.clone() }
            } else if ext == "yaml" || ext == "yml" {
                FileClass::Yaml
            } else if ext == "json" {
                FileClass::Json
            } else {
                FileClass::Text
            };
            Input { abs, rel, class, explicit }
        })
        .collect();
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.dedup_by(|a, b| a.abs == b.abs);
    out
}

/// The files a change touches, with the units they belong to: `changed` plus every file of
/// a Helm chart holding a changed file (the chart is one unit), plus every kustomization
/// that names a changed file as a patch or generator input (so the patch is classified as
/// part of its overlay, not linted as an object). `all` lists the repository's files and
/// `read` gives a file's text (both from the revision or index being judged). Paths are
/// relative and `/`-separated; the result is sorted.
pub fn with_units(changed: &[String], all: &[String], read: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let changed_set: BTreeSet<&str> = changed.iter().map(String::as_str).collect();
    let mut out: BTreeSet<String> = changed.iter().cloned().collect();
    let dir_of = |p: &str| p.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let under =
        |p: &str, dir: &str| dir.is_empty() || p.strip_prefix(dir).is_some_and(|r| r.starts_with('/'));
    let charts: Vec<String> =
        all.iter().filter(|p| p.rsplit('/').next() == Some("Chart.yaml")).map(|p| dir_of(p)).collect();
    for chart in &charts {
        if changed.iter().any(|c| under(c, chart)) {
            out.extend(all.iter().filter(|p| under(p, chart)).cloned());
        }
    }
    for k in all.iter().filter(|p| may_name_as_input(p, changed)) {
        if out.contains(k) {
            continue;
        }
        let Some(text) = read(k) else { continue };
        let dir = dir_of(k);
        let names_changed = kustomize_inputs::referenced_files(&text).iter().any(|r| {
            let p = kustomize_inputs::join_normalised(Path::new(&dir), r);
            changed_set.contains(p.to_string_lossy().replace('\\', "/").as_str())
        });
        if names_changed {
            out.insert(k.clone());
        }
    }
    out.into_iter().collect()
}

/// Whether `path` is a kustomization that may name one of `changed` as a patch or generator
/// input: one in the directory of a changed file or a parent of it. (kustomize's default
/// load restrictor requires those files to be under the kustomization's root; a repository
/// built with `--load-restrictor LoadRestrictionsNone` and patches outside the root has
/// them linted standalone in the changed-files modes.)
pub fn may_name_as_input(path: &str, changed: &[String]) -> bool {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    is_kustomization_name(name)
        && changed.iter().any(|c| dir.is_empty() || c.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
}
