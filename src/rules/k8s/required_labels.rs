//! K8S151 required-labels: an object lacks a label the config requires
//! (`rules.params.required-labels.labels`), or its `app.kubernetes.io/instance` label
//! differs from its name.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S151",
        name: "required-labels",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "Required labels missing or inconsistent",
        rationale: "Ownership and application labels (`owner`, `app.kubernetes.io/name`) route alerts, costs and \
                    incidents; an object without them is nobody's. Needs a parameter: \
                    `rules.params.required-labels.labels`, the label keys every object must carry (with a non-empty \
                    value); configuring it turns the rule on. Also reports an `app.kubernetes.io/instance` label that \
                    differs from `metadata.name` (Polaris metadataAndInstanceMismatched).",
        remediation: "Add the missing labels under `metadata.labels`.",
        references: &[("kube-linter", "required-label-owner"), ("polaris", "metadataAndInstanceMismatched")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let required = &out.params.required_labels;
    if required.is_empty() {
        return;
    }
    let labels_path = ObjPath::root().keys(&["metadata", "labels"]);
    let labels = doc.root.get("metadata").and_then(|m| m.get("labels"));
    let value = |k: &str| labels.and_then(|l| l.get(k)).and_then(Node::scalar_text);
    let missing: Vec<&str> = required
        .iter()
        .map(String::as_str)
        .filter(|k| value(k).is_none_or(|v| v.trim().is_empty()))
        .collect();
    if !missing.is_empty() {
        let at = if labels.is_some() { labels_path.clone() } else { ObjPath::root().key("metadata") };
        out.report(
            &RULE.meta,
            &at,
            None,
            format!(
                "{} lacks the required label{} {}",
                doc.display_name(),
                plural(missing.len()),
                missing.join(", ")
            ),
        );
    }
    let name = doc.identity.name.as_deref().unwrap_or("");
    if let Some(instance) = value("app.kubernetes.io/instance")
        && !name.is_empty()
        && instance != name
        && !instance.contains("{{")
    {
        out.report(
            &RULE.meta,
            &labels_path.key("app.kubernetes.io/instance"),
            None,
            format!("{} has app.kubernetes.io/instance {instance}, not its name {name}", doc.display_name()),
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
