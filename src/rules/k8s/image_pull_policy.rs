//! K8S062 image-pull-policy: a container's effective `imagePullPolicy` is not Always.
//! Absent means Always for `:latest` and untagged images and IfNotPresent otherwise (as the
//! API server defaults it); digest-pinned images are never reported (the content cannot change).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::model::image::ImageRef;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S062",
        name: "image-pull-policy",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "imagePullPolicy not Always",
        rationale: "With IfNotPresent a node keeps running whatever it pulled first for a tag, and a pod can use a \
                    private image cached on the node without the pull secret being checked. Contested advice (it \
                    costs a registry round-trip per start), hence opt-in; pinning by digest is the better fix and \
                    silences this rule.",
        remediation: "Pin the image by digest, or set `imagePullPolicy: Always`.",
        references: &[
            ("checkov", "CKV_K8S_15"),
            ("polaris", "pullPolicyNotAlways"),
            ("kube-score", "container-image-pull-policy"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let Some(image) = c.node.get("image").and_then(Node::scalar_text) else { continue };
        let Some(r) = ImageRef::parse(image) else { continue };
        if r.has_valid_digest() {
            continue;
        }
        let path = c.path.key("imagePullPolicy");
        match c.node.get("imagePullPolicy").filter(|n| !n.is_null()).map(|n| n.scalar_text().unwrap_or("")) {
            Some("Always") => {}
            Some(p) => out.report(
                &RULE.meta,
                &path,
                None,
                format!(
                    "{} of {} pulls image \"{image}\" with imagePullPolicy {p}",
                    c.describe(),
                    doc.display_name()
                ),
            ),
            None if r.tag.is_none_or(|t| t == "latest") => {} // defaulted to Always
            None => out.report(
                &RULE.meta,
                &path,
                None,
                format!(
                    "{} of {} sets no imagePullPolicy: image \"{image}\" is pulled IfNotPresent",
                    c.describe(),
                    doc.display_name()
                ),
            ),
        }
    }
}
