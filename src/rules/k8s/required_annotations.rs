//! K8S152 required-annotations: an object lacks an annotation the config requires
//! (`rules.params.required-annotations.annotations`), or its value does not match the
//! configured pattern.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S152",
        name: "required-annotations",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "Required annotations missing",
        rationale: "Contact and runbook annotations (an owner's email, an on-call channel) are how an incident finds \
                    its owner. Needs a parameter: `rules.params.required-annotations.annotations`, a map from \
                    annotation key to a regular expression its value must match (`\"\"` for any non-empty value); \
                    configuring it turns the rule on.",
        remediation: "Add the annotation under `metadata.annotations` with a value matching the configured pattern.",
        references: &[("kube-linter", "required-annotation-email")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let required = &out.params.required_annotations;
    if required.is_empty() {
        return;
    }
    let path = ObjPath::root().keys(&["metadata", "annotations"]);
    let annotations = doc.root.get("metadata").and_then(|m| m.get("annotations"));
    for (key, pattern) in required {
        match annotations
            .and_then(|a| a.get(key))
            .and_then(Node::scalar_text)
            .filter(|v| !v.trim().is_empty())
        {
            None => {
                let at = if annotations.is_some() { path.clone() } else { ObjPath::root().key("metadata") };
                out.report(
                    &RULE.meta,
                    &at,
                    None,
                    format!("{} lacks the required annotation {key}", doc.display_name()),
                );
            }
            Some(v) => {
                if let Some(re) = pattern
                    && !re.is_match(v)
                    && !v.contains("{{")
                {
                    out.report(
                        &RULE.meta,
                        &path.key(key),
                        None,
                        format!(
                            "{} has annotation {key}: {v}, which does not match {}",
                            doc.display_name(),
                            re.as_str()
                        ),
                    );
                }
            }
        }
    }
}
