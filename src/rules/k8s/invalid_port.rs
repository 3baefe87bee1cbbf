//! K8S140 invalid-port: a container port name that is not an IANA_SVC_NAME, a port name
//! repeated in one container, a containerPort outside 1-65535, or a Service `targetPort`
//! that is an invalid name or outside 1-65535 (a quoted number is a name, and an invalid one).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath, Resolved};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S140",
        name: "invalid-port",
        severity: Severity::Medium,
        default: Default::On,
        title: "Invalid port name or targetPort",
        rationale: "The API server rejects port names that are not IANA service names (at most 15 lowercase \
                    letters, digits and single inner hyphens, with at least one letter), names repeated in a container, \
                    port numbers outside 1-65535 and a Service `targetPort` name of that shape: the object never \
                    reaches the cluster. A quoted number in `targetPort` is a name, not a number.",
        remediation: "Use names such as `http`, `grpc-web` or `metrics` (15 characters at most), keep them unique \
                      per container, and give `targetPort` a port number (unquoted) or the container port's name.",
        references: &[("kube-linter", "invalid-target-ports"), ("kube-score", "container-ports-check")],
    },
    check,
};

/// Why `name` is not a valid IANA_SVC_NAME (Kubernetes `IsValidPortName`), if it is not.
fn port_name_problem(name: &str) -> Option<&'static str> {
    if name.len() > 15 {
        Some("is longer than 15 characters")
    } else if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        Some("may only contain lowercase letters, digits and '-'")
    } else if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        Some("must contain at least one letter")
    } else if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        Some("may not start or end with '-' or contain '--'")
    } else {
        None
    }
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() == "Service" {
        service(doc, out);
        return;
    }
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let Some(ports) = c.node.get("ports").and_then(Node::as_seq) else { continue };
        let base = || c.path.key("ports");
        // A container has a handful of ports: a list beats hashing.
        let mut seen: Vec<(&str, u32)> = Vec::new();
        for (i, p) in ports.iter().enumerate() {
            if let Some(n) = p.get("containerPort").and_then(Node::as_i64)
                && !(1..=65535).contains(&n)
            {
                out.report(
                    &RULE.meta,
                    &base().index(i).key("containerPort"),
                    None,
                    format!(
                        "{} of {} declares containerPort {n} (valid: 1-65535)",
                        c.describe(),
                        doc.display_name()
                    ),
                );
            }
            let Some(name_node) = p.get("name") else { continue };
            let Some(name) = name_node.scalar_text().filter(|s| !s.is_empty()) else { continue };
            let mut problems: Vec<String> = Vec::new();
            if let Some(why) = port_name_problem(name) {
                problems.push(why.to_string());
            }
            match seen.iter().find(|(n, _)| *n == name) {
                Some((_, line)) => problems.push(format!("is already used on line {line}")),
                None => seen.push((name, name_node.span.start.line)),
            }
            if !problems.is_empty() {
                out.report(
                    &RULE.meta,
                    &base().index(i).key("name"),
                    None,
                    format!(
                        "{} of {}: port name \"{name}\" {}",
                        c.describe(),
                        doc.display_name(),
                        problems.join(" and ")
                    ),
                );
            }
        }
    }
}

fn service(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(ports) = doc.root.get("spec").and_then(|s| s.get("ports")).and_then(Node::as_seq) else {
        return;
    };
    let base = ObjPath::root().keys(&["spec", "ports"]);
    for (i, p) in ports.iter().enumerate() {
        let Some(t) = p.get("targetPort").and_then(Node::as_scalar) else { continue };
        let at = base.index(i).key("targetPort");
        let problem = match t.resolved {
            Resolved::Int(0) => Some(
                "targetPort 0 is not a port (the API server silently replaces it with `port`); write the port \
                 number or leave targetPort out"
                    .to_string(),
            ),
            Resolved::Int(n) if !(1..=65535).contains(&n) => Some(format!("targetPort {n} is outside 1-65535")),
            Resolved::Str if t.text.is_empty() => None,
            Resolved::Str => match port_name_problem(&t.text) {
                Some(_) if t.text.bytes().all(|b| b.is_ascii_digit()) => Some(format!(
                    "targetPort \"{}\" is quoted, so it is a port name, and not a valid one; write the number unquoted",
                    t.text
                )),
                Some(why) => Some(format!("targetPort name \"{}\" {why}", t.text)),
                None => None,
            },
            _ => None,
        };
        if let Some(problem) = problem {
            out.report(&RULE.meta, &at, None, format!("{}: {problem}", doc.display_name()));
        }
    }
}
