//! K8S085 dns-ndots: the pod's `dnsConfig.options` sets no `ndots` of 2 or less, so every
//! external name is first tried against each search domain of the cluster (5 by default).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S085",
        name: "dns-ndots",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "dnsConfig options missing",
        rationale: "Kubernetes sets `ndots:5` in pods: a name with fewer than five dots (`api.example.com`) is \
                    looked up with every cluster search suffix first, several wasted queries per lookup, which \
                    loads CoreDNS and adds latency. `ndots` of 2 or less (kube-linter's example is 2) avoids that \
                    for most external names while keeping `service.namespace` short names working.",
        remediation: "Add `spec.dnsConfig.options: [{name: ndots, value: \"2\"}]` to the pod.",
        references: &[("kube-linter", "dnsconfig-options")],
    },
    check,
};

const MAX: i64 = 2;

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let options =
        pod.node.get("dnsConfig").and_then(|d| d.get("options")).and_then(Node::as_seq).unwrap_or(&[]);
    let base = pod.path.keys(&["dnsConfig", "options"]);
    for (i, o) in options.iter().enumerate() {
        if o.get("name").and_then(Node::scalar_text) != Some("ndots") {
            continue;
        }
        let value = o.get("value").and_then(Node::scalar_text);
        match value.and_then(|v| v.trim().parse::<i64>().ok()) {
            Some(n) if n <= MAX => {}
            _ => out.report(
                &RULE.meta,
                &base.index(i).key("value"),
                None,
                format!(
                    "the pod of {} sets ndots {}, above {MAX}",
                    doc.display_name(),
                    value.unwrap_or("without a value")
                ),
            ),
        }
        return;
    }
    out.report(
        &RULE.meta,
        &base,
        None,
        format!("the pod of {} sets no ndots option (Kubernetes uses ndots:5)", doc.display_name()),
    );
}
