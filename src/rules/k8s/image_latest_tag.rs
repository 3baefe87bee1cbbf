//! K8S060 image-latest-tag: a container image has no digest and its tag is absent or `latest`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::model::image::ImageRef;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S060",
        name: "image-latest-tag",
        severity: Severity::Medium,
        default: Default::On,
        title: "Image tag latest or missing",
        rationale: "An untagged image means `:latest`, which moves: two nodes can run different code, rollbacks \
                    do not roll back, and a compromised upstream image is picked up silently. References are parsed \
                    with the distribution grammar, so `registry:5000/app` is untagged and a digest counts as pinned.",
        remediation: "Pin the image to a version tag, or better a digest (`image: repo/app:1.4.2@sha256:…`).",
        references: &[
            ("kube-linter", "latest-tag"),
            ("checkov", "CKV_K8S_14"),
            ("polaris", "tagNotSpecified"),
            ("kube-score", "container-image-tag"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else {
        return;
    };
    for c in pod.containers() {
        let Some(image) = c.node.get("image").and_then(|n| n.scalar_text()) else {
            continue;
        };
        let Some(r) = ImageRef::parse(image) else {
            continue;
        };
        if r.has_valid_digest() {
            continue;
        }
        let problem = match r.tag {
            None => "has no tag (so it means :latest)",
            Some("latest") => "uses the :latest tag",
            Some(_) => continue,
        };
        out.report(
            &RULE.meta,
            &c.path.key("image"),
            None,
            format!("image \"{image}\" of {} {problem}", c.describe()),
        );
    }
}
