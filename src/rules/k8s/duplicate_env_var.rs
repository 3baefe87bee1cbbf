//! K8S123 duplicate-env-var: a container's `env` list names the same variable twice.
//! Reported at each repeated entry; the first one is named in the message.

use std::collections::HashMap;

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S123",
        name: "duplicate-env-var",
        severity: Severity::Medium,
        default: Default::On,
        title: "Duplicate env var name",
        rationale: "When `env` repeats a name the last entry silently wins: the value a reviewer reads first is not \
                    the one the process gets, and server-side apply and strategic merge patches treat the \
                    duplicates inconsistently.",
        remediation: "Keep one entry per variable name and remove the others.",
        references: &[
            ("kube-linter", "duplicate-env-var"),
            ("kube-score", "environment-variable-key-duplication"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let Some(env) = c.node.get("env").and_then(Node::as_seq) else { continue };
        // Short lists (most) are searched linearly: no hasher to set up per container.
        let mut short: Vec<(&str, u32)> = Vec::new();
        let mut long: HashMap<&str, u32> = HashMap::new();
        for (i, e) in env.iter().enumerate() {
            let Some(name_node) = e.get("name") else { continue };
            let Some(name) = name_node.scalar_text() else { continue };
            let line = name_node.span.start.line;
            let seen = if env.len() <= 16 {
                short.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
            } else {
                long.get(name).copied()
            };
            match seen {
                None if env.len() <= 16 => short.push((name, line)),
                None => {
                    long.insert(name, line);
                }
                Some(at) => out.report(
                    &RULE.meta,
                    &c.path.key("env").index(i).key("name"),
                    None,
                    format!(
                        "{} of {} sets {name} again (first set on line {at}); the last entry wins",
                        c.describe(),
                        doc.display_name()
                    ),
                ),
            }
        }
    }
}
