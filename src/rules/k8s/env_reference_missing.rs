//! K8S124 env-reference-missing: a container's `env[].valueFrom` or `envFrom` reads a Secret
//! or ConfigMap (or a key of one) that is not in the unit (cross-object: a missing object
//! only in a unit declared complete; a missing key of a present object always).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S124",
        name: "env-reference-missing",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "env references a missing Secret/ConfigMap",
        rationale: "A pod whose `secretKeyRef`, `configMapKeyRef`, `secretRef` or `configMapRef` names an object or \
                    key that does not exist is not started (`CreateContainerConfigError`), unless the reference \
                    says `optional: true` (never reported). A Secret counts when the unit holds a Secret, a \
                    SealedSecret or an ExternalSecret (its target name) of that name; keys come from `data`, \
                    `stringData` and `binaryData`, a SealedSecret's `encryptedData` or an ExternalSecret's \
                    `data[].secretKey` (one with `dataFrom` or a template may have any key). A missing key of a \
                    present object is always reported; a missing object only when the config declares the unit \
                    complete (`cross-object.complete`), since it may be created elsewhere.",
        remediation: "Create the Secret or ConfigMap (with the key) in the same unit, fix the name or key, or mark \
                      the reference `optional: true` if the pod can start without it.",
        references: &[("kube-linter", "env-value-from")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    for w in unit.objects {
        for r in w.env_refs.iter().filter(|r| !r.optional) {
            let templated = |s: &str| s.contains("{{") || s.contains("${");
            if templated(&r.name) || r.key.as_deref().is_some_and(templated) {
                continue;
            }
            let providers: Vec<_> = unit
                .objects
                .iter()
                .filter(|o| {
                    o.provides.as_ref().is_some_and(|(k, n)| *k == r.kind && *n == r.name)
                        && crate::rules::cross::namespaces_may_match(o.namespace(), w.namespace())
                })
                .collect();
            if providers.is_empty() {
                if unit.complete {
                    out.push(finding(
                        &RULE.meta,
                        w,
                        &r.name_ref,
                        format!(
                            "{} of {} {} reads {} {}, which is not in this unit",
                            r.container,
                            w.kind(),
                            w.name(),
                            r.kind,
                            r.name
                        ),
                    ));
                }
                continue;
            }
            let (Some(key), Some(key_ref)) = (&r.key, &r.key_ref) else { continue };
            let has_key = providers.iter().any(|p| p.keys.as_ref().is_none_or(|k| k.contains(key)));
            if !has_key {
                out.push(finding(
                    &RULE.meta,
                    w,
                    key_ref,
                    format!(
                        "{} of {} {} reads key {key} of {} {}, which has no such key",
                        r.container,
                        w.kind(),
                        w.name(),
                        r.kind,
                        r.name
                    ),
                ));
            }
        }
    }
}
