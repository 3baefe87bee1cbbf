//! The secret rules as `RuleMeta`, so `kubegate rules`, `explain`, docs/rules.md, SARIF and
//! `--select`/`--ignore` treat them like every other rule: one entry per text detector of
//! `table.rs`, plus the structural detectors of the YAML pass (`STRUCTURAL`: literal values in
//! Secrets, secret-named ConfigMap keys, plaintext in SOPS files, registry and kubeconfig
//! credentials, Argo CD repository credentials).

use std::sync::LazyLock;

use super::rule::{Kind, Pattern, SecretRule};
use super::table::RULES;
use crate::diagnostic::Severity;
use crate::rules::{Default, RuleMeta};

/// How to fix any secret finding.
pub const REMEDIATION: &str = "Remove the value from the repository and rotate it (it stays in git history). \
     Keep it out of git: a SealedSecret, a SOPS-encrypted file, an ExternalSecret, or a Secret created at deploy \
     time, referenced with `valueFrom.secretKeyRef` / `existingSecret`. A test fixture can be suppressed with \
     `# kubegate:ignore <ID> -- reason` or accepted with `kubegate baseline`.";

const fn structural(
    id: &'static str,
    name: &'static str,
    severity: &'static str,
    title: &'static str,
    description: &'static str,
) -> SecretRule {
    SecretRule {
        id,
        name,
        title,
        description,
        severity,
        keywords: &[],
        pattern: Pattern::Raw(""),
        secret_group: 0,
        entropy: None,
        validator: None,
        kind: Kind::Generic,
        priority: 0,
    }
}

pub static KUBERNETES_SECRET: SecretRule = structural(
    "SEC137",
    "kubernetes-secret-literal",
    "high",
    "A Kubernetes Secret manifest holds a literal secret value",
    "A `kind: Secret` committed with its `data` (base64 is an encoding, not encryption) or `stringData` in \
     clear: anyone who can read the repository can read the value. Every key of a Secret is judged (the \
     base64 is decoded); certificates, templates, references and placeholders are not reported.",
);
pub static CONFIGMAP_SECRET: SecretRule = structural(
    "SEC138",
    "configmap-secret",
    "high",
    "A ConfigMap holds a value under a secret-like key",
    "ConfigMaps are not access-controlled like Secrets and are often printed in logs and dashboards: a \
     password, token or key under a secret-like key in a ConfigMap is exposed twice, in git and in the cluster.",
);
pub static SOPS_PLAINTEXT: SecretRule = structural(
    "SEC139",
    "sops-plaintext",
    "high",
    "A SOPS-managed file holds plaintext where its rules say values are encrypted",
    "The file carries a `sops:` block, so its values are meant to be encrypted; this value is under a key \
     that the file's `encrypted_regex` / `encrypted_suffix` (or the default: every value) covers, yet it is \
     not an `ENC[...]` value — a decrypted file or an edit made without `sops` was committed.",
);
pub static DOCKERCONFIG_CREDENTIAL: SecretRule = structural(
    "SEC140",
    "dockerconfig-credential",
    "critical",
    "A container registry credential (.dockerconfigjson / auths)",
    "A `.dockerconfigjson` / `.dockercfg` Secret or a `config.json` with `auths` holds a registry password, \
     token or `auth` (base64 of `user:password`): it lets anyone pull or push images as that account.",
);
pub static KUBECONFIG_CREDENTIAL: SecretRule = structural(
    "SEC141",
    "kubeconfig-credential",
    "critical",
    "A kubeconfig holds a user token, password or client key",
    "A kubeconfig (`kind: Config`) with `users[].user.token`, `password`, `client-key-data` or auth-provider \
     tokens gives cluster access to whoever reads it. Certificates and CA data are public and not reported.",
);
pub static ARGOCD_CREDENTIAL: SecretRule = structural(
    "SEC142",
    "argocd-repository-credential",
    "critical",
    "An Argo CD repository or cluster credential Secret holds a literal credential",
    "A Secret labelled `argocd.argoproj.io/secret-type` (repository, repo-creds, cluster) with a literal \
     `password`, `sshPrivateKey`, `githubAppPrivateKey`, `tlsClientCertKey` or `config.bearerToken` gives \
     access to the Git repositories or clusters Argo CD manages.",
);

/// The detectors of the structural YAML pass (not in the text table).
pub static STRUCTURAL: [&SecretRule; 6] = [
    &KUBERNETES_SECRET,
    &CONFIGMAP_SECRET,
    &SOPS_PLAINTEXT,
    &DOCKERCONFIG_CREDENTIAL,
    &KUBECONFIG_CREDENTIAL,
    &ARGOCD_CREDENTIAL,
];

/// Every secret rule, text detectors first, in id order.
pub fn all_rules() -> impl Iterator<Item = &'static SecretRule> {
    RULES.iter().chain(STRUCTURAL.iter().copied())
}

static META: LazyLock<Vec<RuleMeta>> = LazyLock::new(|| {
    let mut rules: Vec<&SecretRule> = all_rules().collect();
    // In id order: the structural SEC137-SEC142 sit between the text detectors' id ranges.
    rules.sort_by_key(|r| r.id);
    rules
        .into_iter()
        .map(|r| RuleMeta {
            id: r.id,
            name: r.name,
            severity: Severity::parse(r.severity).unwrap_or(Severity::High),
            default: Default::On,
            title: r.title,
            rationale: r.description,
            remediation: REMEDIATION,
            references: &[],
        })
        .collect()
});

/// The metadata of every secret rule, in id order.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    META.iter()
}

/// The metadata of the secret rule with this id or name.
pub fn meta(id_or_name: &str) -> Option<&'static RuleMeta> {
    META.iter().find(|m| m.id.eq_ignore_ascii_case(id_or_name) || m.name == id_or_name)
}

/// The secret rule ids (the `secrets` profile).
pub fn ids() -> Vec<&'static str> {
    META.iter().map(|m| m.id).collect()
}
