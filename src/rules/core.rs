//! Rules about the input itself rather than an object: unparseable files, duplicate keys,
//! limits hit, unreadable files, internal errors. They are findings, never aborts.

use super::{Default, RuleMeta};
use crate::diagnostic::Severity;

macro_rules! core_rule {
    ($c:ident, $id:literal, $name:literal, $sev:ident, $title:literal, $why:literal, $fix:literal) => {
        pub static $c: RuleMeta = RuleMeta {
            id: $id,
            name: $name,
            severity: Severity::$sev,
            default: Default::On,
            title: $title,
            rationale: $why,
            remediation: $fix,
            references: &[],
        };
    };
}

core_rule!(
    YAML_PARSE_ERROR,
    "KG001",
    "yaml-parse-error",
    High,
    "The file is not valid YAML",
    "Kubernetes, kubectl and GitOps controllers reject the whole file; nothing after the error is applied or checked.",
    "Fix the syntax at the position shown."
);
core_rule!(
    YAML_DUPLICATE_KEY,
    "KG002",
    "yaml-duplicate-key",
    High,
    "A mapping repeats a key",
    "The API server's strict decoding rejects duplicate fields; lenient tools silently keep the last value, so what you read is not what runs.",
    "Remove one of the two entries."
);
core_rule!(
    YAML_TOO_DEEP,
    "KG003",
    "yaml-too-deep",
    High,
    "The YAML nests deeper than the limit",
    "No Kubernetes object nests this deep; such input is hostile or broken and would exhaust parsers.",
    "Flatten the document."
);
core_rule!(
    YAML_ALIAS_BUDGET,
    "KG004",
    "yaml-alias-budget",
    High,
    "Aliases expand to too many nodes",
    "Alias chains that expand exponentially (\"billion laughs\") exhaust memory in parsers and controllers.",
    "Replace the alias chain with explicit values."
);
core_rule!(
    INVALID_UTF8,
    "KG005",
    "invalid-utf8",
    High,
    "The file is not valid UTF-8",
    "YAML and JSON must be UTF-8 (or UTF-16/32 with a BOM); Kubernetes rejects other encodings.",
    "Re-encode the file as UTF-8."
);
core_rule!(
    UNREADABLE_FILE,
    "KG006",
    "unreadable-file",
    High,
    "The file could not be read",
    "A file that cannot be read cannot be checked.",
    "Check the file's permissions and that it still exists."
);
core_rule!(
    INTERNAL_ERROR,
    "KG007",
    "internal-error",
    High,
    "kubegate failed while checking this file",
    "A bug in kubegate stopped the checks of this file; the rest of the run went on.",
    "Please report it with the file (redacted) attached."
);

core_rule!(
    SUPPRESSION_WITHOUT_REASON,
    "KG008",
    "suppression-without-reason",
    Medium,
    "A suppression gives no reason",
    "A suppression without a reason cannot be reviewed; it does not take effect, so the finding it targets stays.",
    "Add the reason after `--`: `# kubegate:ignore K8S001 -- why this is acceptable`."
);
core_rule!(
    UNUSED_SUPPRESSION,
    "KG009",
    "unused-suppression",
    Low,
    "A suppression matches no finding",
    "A stale suppression hides nothing today but would silently hide a future finding; remove it.",
    "Delete the suppression comment or annotation (or turn `suppressions.report-unused` off)."
);

core_rule!(
    HELM_RENDER_ERROR,
    "KG010",
    "helm-render-error",
    High,
    "A Helm chart cannot be rendered",
    "A chart that does not render cannot be installed, and none of its objects could be checked.",
    "Fix the template or values error at the position shown (`kubegate render helm CHART` reproduces it); vendor missing dependencies into `charts/`."
);
core_rule!(
    HELM_VALUES_SCHEMA,
    "KG011",
    "helm-values-schema",
    High,
    "Values violate the chart's values.schema.json",
    "Helm refuses to install a release whose values fail the chart's schema.",
    "Change the value to match the schema (or fix the schema)."
);
core_rule!(
    KUSTOMIZE_BUILD_ERROR,
    "KG012",
    "kustomize-build-error",
    High,
    "A Kustomize overlay cannot be built",
    "An overlay that does not build cannot be applied, and none of its objects could be checked.",
    "Fix the kustomization entry at the position shown (`kubegate render kustomize DIR` reproduces it)."
);
core_rule!(
    KUSTOMIZE_REMOTE_BASE,
    "KG013",
    "kustomize-remote-base",
    Info,
    "A remote Kustomize base is not checked",
    "kubegate never fetches remote resources (no hidden network access), so what a remote base contributes is not checked.",
    "Vendor the base into the repository to have it checked, or accept that it is not."
);
core_rule!(
    POLICY_ERROR,
    "KG014",
    "policy-error",
    High,
    "A Rego policy failed to load or evaluate",
    "A policy that does not load or evaluate judges nothing; the objects it should check pass unnoticed.",
    "Fix the policy at the position shown (`kubegate verify` runs its tests)."
);
core_rule!(
    STALE_BASELINE_ENTRY,
    "KG015",
    "stale-baseline-entry",
    Low,
    "A baseline entry matches no finding",
    "The baselined finding is gone; keeping the entry would silently hide it if it came back.",
    "Regenerate the baseline with `kubegate baseline`."
);

pub static ALL: &[&RuleMeta] = &[
    &YAML_PARSE_ERROR,
    &YAML_DUPLICATE_KEY,
    &YAML_TOO_DEEP,
    &YAML_ALIAS_BUDGET,
    &INVALID_UTF8,
    &UNREADABLE_FILE,
    &INTERNAL_ERROR,
    &SUPPRESSION_WITHOUT_REASON,
    &UNUSED_SUPPRESSION,
    &HELM_RENDER_ERROR,
    &HELM_VALUES_SCHEMA,
    &KUSTOMIZE_BUILD_ERROR,
    &KUSTOMIZE_REMOTE_BASE,
    &POLICY_ERROR,
    &STALE_BASELINE_ENTRY,
];
