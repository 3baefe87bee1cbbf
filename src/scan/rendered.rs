//! Checking a rendered unit (a Helm chart's `helm template` output, a Kustomize overlay's
//! build): the rendered stream is loaded and checked like a file, then every finding is
//! moved to the source line behind its node (template, values, base, patch), keeping the
//! rendered position in `Finding::rendered`.

use crate::diagnostic::{Finding, Origin, RenderedAt, ResourceRef, fingerprint};
use crate::model::SourceFile;
use crate::source::yaml::{LoadedStream, Node, ObjPath, load_stream};

use super::{ScanOptions, check_stream};

/// Says which source lines produced a node of the rendered stream.
pub trait OriginMap {
    /// The origins of the node at `path` in rendered document `document` (its index in the
    /// stream; `root` is that document), most specific first; empty when unknown.
    fn origins(&self, document: usize, root: &Node, path: &ObjPath) -> Vec<Origin>;
}

/// A unit's rendered output.
pub struct RenderedUnit<'a> {
    /// The chart or kustomization directory, relative to the scan root (`/`-separated).
    pub unit: String,
    /// `helm` or `kustomize`.
    pub by: &'static str,
    /// The rendered YAML stream.
    pub text: String,
    pub map: &'a dyn OriginMap,
}

/// What checking a rendered unit produced.
#[derive(Default)]
pub struct RenderedChecked {
    pub findings: Vec<Finding>,
    pub documents: usize,
    /// The objects checked, with the path each is reported under.
    pub checked: Vec<(String, std::sync::Arc<ResourceRef>)>,
    /// Flux / Argo CD deploy targets of the unit's objects (K8S150; `Facts::deploys`).
    pub deploys: Vec<(String, String, bool)>,
}

/// Load and check `unit`'s rendered stream; findings point at their origins.
pub fn check(unit: &RenderedUnit<'_>, opts: &ScanOptions) -> RenderedChecked {
    let file = SourceFile { path: unit.unit.clone(), text: unit.text.clone() };
    let stream = load_stream(&file.text, opts.limits);
    let mut checked = check_stream(&file, &stream, opts);
    // Cross-object rules: the rendered unit is one unit; its suppressions apply.
    let release_namespace = (unit.by == "helm").then_some(opts.helm.namespace.as_deref());
    let objects: Vec<_> = checked.facts.iter().collect();
    let mut cross = super::cross_unit(&unit.unit, &objects, release_namespace, opts);
    if !cross.is_empty() {
        let n = cross.len();
        let docs = super::documents(&file, &stream);
        crate::suppress::apply(
            &mut cross,
            &file.path,
            &file.text,
            &docs,
            false,
            &|_| false,
            super::policy_ids(opts),
        );
        cross.truncate(n);
        checked.findings.append(&mut cross);
    }
    let mut out = RenderedChecked { documents: checked.documents, ..Default::default() };
    out.deploys = checked.facts.iter().flat_map(|f| f.deploys.iter().cloned()).collect();
    out.checked = checked.checked.into_iter().map(|r| (unit.unit.clone(), r)).collect();
    for mut f in checked.findings {
        relocate(&mut f, unit, &stream);
        out.findings.push(f);
    }
    out
}

/// Move `f` from its rendered position to its first origin; the fingerprint names the unit
/// and the object, not a line, so it survives unrelated edits to either.
fn relocate(f: &mut Finding, unit: &RenderedUnit<'_>, stream: &LoadedStream) {
    let document = f.resource.as_ref().map_or(0, |r| r.document);
    let root = stream.docs.iter().find(|d| d.index == document).and_then(|d| d.root.as_ref());
    let path = f.object_path.as_deref().and_then(ObjPath::parse);
    if let (Some(root), Some(path)) = (root, &path) {
        f.origin = unit.map.origins(document, root, path);
    }
    if let Some(span) = f.span {
        f.rendered = Some(Box::new(RenderedAt { unit: unit.unit.clone(), by: unit.by, document, span }));
    }
    match f.origin.first() {
        Some(o) => {
            f.path = o.path.clone();
            f.span = Some(o.span);
        }
        None => f.span = None,
    }
    let r = f.resource.as_ref();
    let s = |v: Option<&Option<String>>| v.and_then(|x| x.as_deref()).unwrap_or("").to_string();
    f.fingerprint = fingerprint(&[
        &f.rule_id,
        unit.by,
        &unit.unit,
        &s(r.map(|r| &r.api_version)),
        &s(r.map(|r| &r.kind)),
        &s(r.map(|r| &r.namespace)),
        &s(r.map(|r| &r.name)),
        f.object_path.as_deref().unwrap_or(""),
        &f.message,
    ]);
}
