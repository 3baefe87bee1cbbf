//! K8S065 tiller: Helm v2's Tiller server is deployed (an image whose repository ends in
//! `tiller`, or pod labels app=helm with name=tiller) or exposed by a Service (name, labels
//! or selector having `tiller` as a word).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::model::image::ImageRef;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S065",
        name: "tiller",
        severity: Severity::Medium,
        default: Default::OptIn,
        title: "Tiller (Helm v2) deployed/exposed",
        rationale: "Tiller, the server side of Helm v2 (unsupported since 2020), installs anything it is asked to \
                    with its own, usually cluster-admin, service account, and its gRPC port has no authentication \
                    by default: anyone who reaches it owns the cluster.",
        remediation: "Migrate to Helm 3 (no server component) and delete the Tiller Deployment and Service.",
        references: &[("checkov", "CKV_K8S_34"), ("checkov", "CKV_K8S_44"), ("checkov", "CKV_K8S_45")],
    },
    check,
};

fn is_tiller_image(image: &str) -> bool {
    ImageRef::parse(image).is_some_and(|r| r.repository.rsplit('/').next() == Some("tiller"))
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() == "Service" {
        return check_service(doc, out);
    }
    let Some(pod) = doc.pod_spec() else { return };
    let mut found = false;
    for c in pod.containers() {
        let Some(image) = c.node.get("image").and_then(Node::scalar_text) else { continue };
        if is_tiller_image(image) {
            found = true;
            out.report(
                &RULE.meta,
                &c.path.key("image"),
                None,
                format!(
                    "{} of {} runs Tiller, the Helm v2 server ({image})",
                    c.describe(),
                    doc.display_name()
                ),
            );
        }
    }
    if found {
        return;
    }
    let labels_path = pod.metadata_path().key("labels");
    let r = doc.root.resolve(&labels_path);
    let label = |k: &str| if r.exact { r.node.get(k).and_then(Node::scalar_text) } else { None };
    if label("app") == Some("helm") && label("name") == Some("tiller") {
        out.report(
            &RULE.meta,
            &labels_path.key("name"),
            None,
            format!("{} is labelled app=helm, name=tiller: the Helm v2 server", doc.display_name()),
        );
    }
}

fn check_service(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    // A word of the name or value (`tiller-deploy`, `helm.tiller`), not a substring (`distiller`).
    let tiller =
        |s: &str| s.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w.eq_ignore_ascii_case("tiller"));
    if doc.identity.name.as_deref().is_some_and(tiller) {
        out.report(
            &RULE.meta,
            &ObjPath::root().keys(&["metadata", "name"]),
            None,
            format!("{} exposes Tiller, the Helm v2 server", doc.display_name()),
        );
        return;
    }
    for (path, node) in [
        (ObjPath::root().keys(&["spec", "selector"]), doc.root.get("spec").and_then(|s| s.get("selector"))),
        (
            ObjPath::root().keys(&["metadata", "labels"]),
            doc.root.get("metadata").and_then(|m| m.get("labels")),
        ),
    ] {
        for e in node.and_then(Node::as_map).unwrap_or(&[]) {
            let (Some(k), Some(v)) = (e.key.scalar_text(), e.value.scalar_text()) else { continue };
            if tiller(v) {
                out.report(
                    &RULE.meta,
                    &path.key(k),
                    None,
                    format!("{} targets Tiller, the Helm v2 server ({k}={v})", doc.display_name()),
                );
                return;
            }
        }
    }
}
