//! K8S156 schema-validation: an object of a built-in Kubernetes kind that the API server
//! would refuse to decode: a value of the wrong type, a field its type does not have
//! (strict decoding), or a required field left out. Checked against the k8s-openapi types
//! of Kubernetes 1.37 (see `rules::schema`); custom resources are skipped.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::schema;
use crate::rules::{Default, Reporter, Rule, RuleMeta, locate};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S156",
        name: "schema-validation",
        severity: Severity::High,
        default: Default::On,
        title: "Object does not match its Kubernetes schema",
        rationale: "The API server decodes every object strictly into its type before anything else: a string where \
                    an integer is required (`containerPort: \"80\"`), a mapping where a list is, a misspelled or \
                    misplaced field (`imagePullPolicyy`, `resources` at the pod level) or a missing required field \
                    (a container without `name`) makes `kubectl apply` or the GitOps sync fail, or, with lenient \
                    tools, silently drops the setting you meant. Built-in kinds are checked against the Kubernetes \
                    1.37 API types (k8s-openapi); Kubernetes accepts what kubectl sends, so an integer or a number \
                    with a zero fraction is an integer, int-or-string fields take either, quantities take numbers \
                    or strings such as `500m` and `1Gi`, and null is always accepted. Custom resources (Rollout, \
                    HelmRelease, Kustomization, ...) and alpha APIs are skipped, as kubeconform's \
                    `-ignore-missing-schemas` does; removed apiVersions are K8S155's. Duplicate keys are KG002's. \
                    The check is not version-aware: with an older `--kube-version`, a field added after that \
                    version is not reported as unknown.",
        remediation: "Fix the field named in the message: give the value the type shown (unquote numbers, quote \
                      strings), correct or move the unknown field (the message suggests the closest known name), \
                      or add the missing required field.",
        references: &[("kubeconform", "-strict"), ("kubectl", "--validate=strict")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let (Some(av), Some(kind)) = (doc.identity.api_version.as_deref(), doc.identity.kind.as_deref()) else {
        return;
    };
    // A SOPS-encrypted file is decrypted before it is applied (the `sops` block goes, the
    // values become plaintext): what is here is not what the API server decodes.
    if doc.root.get("sops").is_some_and(|n| n.as_map().is_some()) {
        return;
    }
    let redact = kind == "Secret";
    let Some(problems) = schema::validate(av, kind, doc.root, redact, doc.unique_keys) else { return };
    for p in problems {
        let span = p.span.unwrap_or_else(|| locate(doc.root, &p.path, &doc.file.text));
        out.report_at_span(&RULE.meta, span, &p.path, None, p.message, RULE.meta.remediation);
    }
}
