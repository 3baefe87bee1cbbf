//! K8S064 kubernetes-dashboard: a workload runs the Kubernetes Dashboard (image repository
//! `kubernetesui/*` or `*kubernetes-dashboard*`, or pod labels `app`/`k8s-app` equal to
//! `kubernetes-dashboard`).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::model::image::ImageRef;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S064",
        name: "kubernetes-dashboard",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Kubernetes Dashboard deployed",
        rationale: "The Dashboard is a web UI with cluster-wide reach; exposed or given a privileged service account \
                    it has been the entry point of public cluster compromises (Tesla, 2018). Many clusters do not \
                    need it at all.",
        remediation: "Remove the Dashboard, or keep it internal (no Ingress or LoadBalancer), behind SSO, with a \
                      read-only service account.",
        references: &[("checkov", "CKV_K8S_33")],
    },
    check,
};

fn is_dashboard_image(image: &str) -> bool {
    ImageRef::parse(image).is_some_and(|r| {
        r.repository.split('/').any(|part| part == "kubernetesui")
            || r.repository.contains("kubernetes-dashboard")
    })
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let mut found = false;
    for c in pod.containers() {
        let Some(image) = c.node.get("image").and_then(Node::scalar_text) else { continue };
        if is_dashboard_image(image) {
            found = true;
            out.report(
                &RULE.meta,
                &c.path.key("image"),
                None,
                format!("{} of {} runs the Kubernetes Dashboard ({image})", c.describe(), doc.display_name()),
            );
        }
    }
    if found {
        return;
    }
    let labels_path = pod.metadata_path().key("labels");
    let r = doc.root.resolve(&labels_path);
    if !r.exact {
        return;
    }
    for key in ["app", "k8s-app"] {
        if r.node.get(key).and_then(Node::scalar_text) == Some("kubernetes-dashboard") {
            out.report(
                &RULE.meta,
                &labels_path.key(key),
                None,
                format!("{} is labelled {key}=kubernetes-dashboard", doc.display_name()),
            );
            return;
        }
    }
}
