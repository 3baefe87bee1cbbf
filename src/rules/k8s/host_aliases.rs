//! K8S046 host-aliases: the pod sets `spec.hostAliases`, entries added to its /etc/hosts.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S046",
        name: "host-aliases",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "hostAliases set",
        rationale: "hostAliases overrides name resolution inside the pod through /etc/hosts: a name can be pointed \
                    at another address without DNS, which hides traffic redirection from reviewers and breaks when \
                    the address changes.",
        remediation: "Remove `spec.hostAliases` and resolve the names through DNS (a Service, an ExternalName \
                      Service or a CoreDNS entry).",
        references: &[("kubesec", "HostAliases")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let Some(aliases) = pod.node.get("hostAliases").and_then(Node::as_seq) else { return };
    if aliases.is_empty() {
        return;
    }
    let names: Vec<&str> = aliases
        .iter()
        .filter_map(|a| a.get("hostnames").and_then(Node::as_seq))
        .flatten()
        .filter_map(Node::scalar_text)
        .collect();
    out.report(
        &RULE.meta,
        &pod.path.key("hostAliases"),
        None,
        format!(
            "the pod of {} overrides /etc/hosts for {}",
            doc.display_name(),
            if names.is_empty() { "some names".to_string() } else { names.join(", ") }
        ),
    );
}
