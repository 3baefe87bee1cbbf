//! K8S061 image-not-pinned: a container image is not pinned by a content digest
//! (`@sha256:…`), so the tag can be moved to other content.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::model::image::ImageRef;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S061",
        name: "image-not-pinned",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Image not pinned by digest",
        rationale: "A tag is a mutable pointer: whoever can push to the repository can change what `app:1.4.2` \
                    runs, on the next pull, without a change to the manifest. A digest names the content itself. \
                    References are parsed with the distribution grammar (a registry port is not a tag).",
        remediation: "Add the digest to the reference (`image: repo/app:1.4.2@sha256:<64 hex>`); tools such as \
                      Renovate keep digests current.",
        references: &[("checkov", "CKV_K8S_43"), ("kube-linter", "latest-tag")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let Some(image) = c.node.get("image").and_then(|n| n.scalar_text()) else { continue };
        let Some(r) = ImageRef::parse(image) else { continue };
        if r.has_valid_digest() {
            continue;
        }
        let how = if r.digest.is_some() { "has a malformed digest" } else { "is not pinned by digest" };
        out.report(
            &RULE.meta,
            &c.path.key("image"),
            None,
            format!("image \"{image}\" of {} {how}", c.describe()),
        );
    }
}
