//! K8S157 sorted-keys: a mapping of the object whose keys are not in alphabetical (byte)
//! order. Reported once per mapping, at the first key that comes before its predecessor;
//! keys brought in by a merge key (`<<: *anchor`) are ignored.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath, Value};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S157",
        name: "sorted-keys",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "YAML keys not sorted",
        rationale: "Some teams keep manifests in a canonical form (keys sorted, as `kubectl get -o yaml` prints \
                    them) so that diffs stay small and duplicates are easy to spot. A style rule, opt-in.",
        remediation: "Sort the keys of the mapping alphabetically (for example with `yq -P 'sort_keys(..)'`).",
        references: &[("kube-linter", "sorted-keys")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let mut stack: Vec<(&Node, ObjPath)> = vec![(doc.root, ObjPath::root())];
    while let Some((node, path)) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                let mut prev: Option<&str> = None;
                let mut reported = false;
                for e in entries.iter().filter(|e| !e.merged) {
                    let Some(k) = e.key.scalar_text() else { continue };
                    if !reported && prev.is_some_and(|p| k < p) {
                        reported = true;
                        let inside =
                            if path.0.is_empty() { "the top level".to_string() } else { format!("`{path}`") };
                        out.report(
                            &RULE.meta,
                            &path.key(k),
                            None,
                            format!(
                                "key `{k}` comes after `{}` in {inside} of {}: keys are not sorted",
                                prev.unwrap_or(""),
                                doc.display_name()
                            ),
                        );
                    }
                    prev = Some(k);
                    stack.push((&e.value, path.key(k)));
                }
            }
            Value::Seq(items) => {
                for (i, n) in items.iter().enumerate() {
                    stack.push((n, path.index(i)));
                }
            }
            Value::Scalar(_) => {}
        }
    }
}
