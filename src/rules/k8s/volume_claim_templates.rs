//! K8S084 volume-claim-templates: a StatefulSet's `volumeClaimTemplates` entry does not ask
//! for ReadWriteOnce (or ReadWriteOncePod) access, or requests no storage size.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S084",
        name: "volume-claim-templates",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "volumeClaimTemplates hygiene",
        rationale: "Each StatefulSet replica gets its own claim from the template, so shared access modes \
                    (ReadWriteMany, ReadOnlyMany) are rarely what is meant and limit the storage classes that can \
                    serve it; a claim without `resources.requests.storage` is rejected or gets a provisioner \
                    default nobody reviewed.",
        remediation: "Set `accessModes: [ReadWriteOnce]` and `resources.requests.storage` in every volume claim \
                      template.",
        references: &[
            ("kubesec", "VolumeClaimAccessModeReadWriteOnce"),
            ("kubesec", "VolumeClaimRequestsStorage"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "StatefulSet" {
        return;
    }
    let Some(list) = doc.root.get("spec").and_then(|s| s.get("volumeClaimTemplates")).and_then(Node::as_seq)
    else {
        return;
    };
    let base = ObjPath::root().keys(&["spec", "volumeClaimTemplates"]);
    for (i, t) in list.iter().enumerate() {
        if t.as_map().is_none() {
            continue;
        }
        let name = t.get("metadata").and_then(|m| m.get("name")).and_then(Node::scalar_text).unwrap_or("?");
        let spec = t.get("spec");
        let path = base.index(i).key("spec");
        let modes: Vec<&str> = spec
            .and_then(|s| s.get("accessModes"))
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::scalar_text)
            .collect();
        if !modes.iter().any(|m| matches!(*m, "ReadWriteOnce" | "ReadWriteOncePod")) {
            let what = if modes.is_empty() {
                "sets no accessModes".to_string()
            } else {
                format!("asks for {}", modes.join(", "))
            };
            out.report(
                &RULE.meta,
                &path.key("accessModes"),
                None,
                format!(
                    "volume claim template \"{name}\" of {} {what}, not ReadWriteOnce",
                    doc.display_name()
                ),
            );
        }
        let storage = spec
            .and_then(|s| s.get("resources"))
            .and_then(|r| r.get("requests"))
            .and_then(|r| r.get("storage"));
        if storage.is_none_or(Node::is_null) {
            out.report(
                &RULE.meta,
                &path.keys(&["resources", "requests", "storage"]),
                None,
                format!(
                    "volume claim template \"{name}\" of {} requests no storage size",
                    doc.display_name()
                ),
            );
        }
    }
}
