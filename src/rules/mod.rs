//! Rule metadata, the registry of built-in rules (one line per rule), and the reporter
//! that turns an object path into a finding at its exact span.
pub mod core;
pub mod cross;
pub mod dispatch;
pub mod examples;
pub mod k8s;
pub mod params;
pub mod profiles;
pub mod schema;
pub mod secrets;
pub mod select;

use std::borrow::Cow;

use crate::diagnostic::{Finding, Severity, fingerprint};
use crate::model::Document;
use crate::source::yaml::{Node, ObjPath, Pos, Span, Value};

/// Whether a rule runs without being asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    On,
    OptIn,
}

/// Everything `kubegate rules`, `kubegate explain` and docs/rules.md say about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub default: Default,
    /// One line: what the rule finds.
    pub title: &'static str,
    /// Why it matters.
    pub rationale: &'static str,
    /// How to fix it (shown as the finding's help).
    pub remediation: &'static str,
    /// Matching checks of other tools: (tool, id).
    pub references: &'static [(&'static str, &'static str)],
}

/// A built-in check on one Kubernetes object.
pub struct Rule {
    pub meta: RuleMeta,
    pub check: fn(&Document<'_>, &mut Reporter<'_, '_>),
}

/// The built-in rules, in id order. One line per rule.
pub static REGISTRY: &[&Rule] = &[
    &k8s::privileged_container::RULE,
    &k8s::host_pid::RULE,
    &k8s::host_ipc::RULE,
    &k8s::host_network::RULE,
    &k8s::host_port::RULE,
    &k8s::windows_host_process::RULE,
    &k8s::privilege_escalation_allowed::RULE,
    &k8s::privilege_escalation_not_disabled::RULE,
    &k8s::run_as_non_root::RULE,
    &k8s::run_as_user_root::RULE,
    &k8s::run_as_group_root::RULE,
    &k8s::run_as_user_low::RULE,
    &k8s::run_as_group_low::RULE,
    &k8s::user_namespace_not_used::RULE,
    &k8s::writable_root_filesystem::RULE,
    &k8s::security_context_missing::RULE,
    &k8s::capabilities_drop_all::RULE,
    &k8s::capability_net_raw::RULE,
    &k8s::capabilities_beyond_baseline::RULE,
    &k8s::capabilities_beyond_restricted::RULE,
    &k8s::capability_sys_admin::RULE,
    &k8s::capability_dangerous::RULE,
    &k8s::seccomp_unconfined::RULE,
    &k8s::seccomp_not_set::RULE,
    &k8s::apparmor_unconfined::RULE,
    &k8s::apparmor_not_set::RULE,
    &k8s::selinux_custom::RULE,
    &k8s::no_linux_hardening::RULE,
    &k8s::proc_mount::RULE,
    &k8s::unsafe_sysctl::RULE,
    &k8s::host_path_volume::RULE,
    &k8s::container_runtime_socket::RULE,
    &k8s::sensitive_host_path::RULE,
    &k8s::writable_host_mount::RULE,
    &k8s::restricted_volume_type::RULE,
    &k8s::probe_host::RULE,
    &k8s::host_aliases::RULE,
    &k8s::cpu_request_missing::RULE,
    &k8s::memory_request_missing::RULE,
    &k8s::memory_limit_missing::RULE,
    &k8s::cpu_limit_missing::RULE,
    &k8s::requests_differ_from_limits::RULE,
    &k8s::ephemeral_storage::RULE,
    &k8s::resource_quantity_bounds::RULE,
    &k8s::image_latest_tag::RULE,
    &k8s::image_not_pinned::RULE,
    &k8s::image_pull_policy::RULE,
    &k8s::image_registry_not_allowed::RULE,
    &k8s::kubernetes_dashboard::RULE,
    &k8s::tiller::RULE,
    &k8s::git_sync_exec_hook::RULE,
    &k8s::liveness_probe_missing::RULE,
    &k8s::readiness_probe_missing::RULE,
    &k8s::probe_port_not_exposed::RULE,
    &k8s::probes_identical::RULE,
    &k8s::too_few_replicas::RULE,
    &k8s::no_host_anti_affinity::RULE,
    &k8s::topology_spread::RULE,
    &k8s::no_node_affinity::RULE,
    &k8s::deployment_strategy::RULE,
    &k8s::priority_class_missing::RULE,
    &k8s::invalid_restart_policy::RULE,
    &k8s::job_ttl::RULE,
    &k8s::cronjob_deadline::RULE,
    &k8s::statefulset_headless_service::RULE,
    &k8s::volume_claim_templates::RULE,
    &k8s::dns_ndots::RULE,
    &k8s::no_pod_disruption_budget::RULE,
    &k8s::pdb_no_disruptions::RULE,
    &k8s::pdb_without_policy::RULE,
    &k8s::pdb_unhealthy_eviction::RULE,
    &k8s::pdb_min_available_above_hpa::RULE,
    &k8s::hpa_min_replicas::RULE,
    &k8s::hpa_max_not_above_min::RULE,
    &k8s::hpa_target_missing::RULE,
    &k8s::hpa_managed_replicas::RULE,
    &k8s::service_account_token_automount::RULE,
    &k8s::default_service_account::RULE,
    &k8s::default_service_account_automount::RULE,
    &k8s::binding_default_service_account::RULE,
    &k8s::deprecated_service_account_field::RULE,
    &k8s::non_existent_service_account::RULE,
    &k8s::rbac_wildcard::RULE,
    &k8s::cluster_admin_binding::RULE,
    &k8s::rbac_secrets_read::RULE,
    &k8s::rbac_create_workloads::RULE,
    &k8s::rbac_pod_exec::RULE,
    &k8s::rbac_escalation_verbs::RULE,
    &k8s::rbac_admission_webhooks::RULE,
    &k8s::rbac_csr_approval::RULE,
    &k8s::rbac_services_status::RULE,
    &k8s::binding_anonymous::RULE,
    &k8s::scc_privileged::RULE,
    &k8s::secret_in_env::RULE,
    &k8s::env_literal_secret::RULE,
    &k8s::configmap_secret::RULE,
    &k8s::duplicate_env_var::RULE,
    &k8s::env_reference_missing::RULE,
    &k8s::plaintext_secret::RULE,
    &k8s::service_node_port::RULE,
    &k8s::service_load_balancer::RULE,
    &k8s::service_selects_no_pods::RULE,
    &k8s::ingress_without_tls::RULE,
    &k8s::ingress_backend_missing::RULE,
    &k8s::pod_not_isolated::RULE,
    &k8s::network_policy_selects_nothing::RULE,
    &k8s::service_monitor_selects_nothing::RULE,
    &k8s::ssh_port::RULE,
    &k8s::privileged_port::RULE,
    &k8s::invalid_port::RULE,
    &k8s::nginx_snippet_annotation::RULE,
    &k8s::default_namespace::RULE,
    &k8s::required_labels::RULE,
    &k8s::required_annotations::RULE,
    &k8s::invalid_label_value::RULE,
    &k8s::selector_mismatch::RULE,
    &k8s::deprecated_api_version::RULE,
    &k8s::schema_validation::RULE,
    &k8s::sorted_keys::RULE,
    &k8s::custom_constraints::RULE,
    &k8s::pod_security_policy::RULE,
    &k8s::insecure_control_plane_flags::RULE,
];

/// Collects the findings of one document.
pub struct Reporter<'r, 'd> {
    doc: &'r Document<'d>,
    pub findings: Vec<Finding>,
    /// Judge as the restricted Pod Security Standard does where it is stricter than
    /// baseline (procMount is not waived in user namespaces).
    pub pss_restricted: bool,
    /// The target Kubernetes version (`--kube-version`); `None`: the latest each rule knows.
    pub kube_version: Option<KubeVersion>,
    /// Per-rule parameters from the config.
    pub params: &'r params::Params,
}

/// A Kubernetes MAJOR.MINOR version.
pub type KubeVersion = (u32, u32);

/// The latest Pod Security Standards version kubegate implements (and the default target).
pub const PSS_LATEST: KubeVersion = (1, 37);

/// Parse `1.30`, `v1.30` or `1.30.2` (the patch level is ignored).
pub fn parse_kube_version(s: &str) -> Result<KubeVersion, String> {
    let t = s.trim().trim_start_matches('v');
    let mut it = t.split('.');
    let num = |p: Option<&str>| p.and_then(|x| x.parse::<u32>().ok());
    match (num(it.next()), num(it.next()), it.next().map(|p| p.parse::<u32>().is_ok())) {
        (Some(1), Some(minor), None | Some(true)) if it.next().is_none() => Ok((1, minor)),
        _ => Err(format!("`{s}` is not a Kubernetes version such as 1.30 (MAJOR.MINOR, major 1)")),
    }
}

impl<'r, 'd> Reporter<'r, 'd> {
    pub fn new(doc: &'r Document<'d>) -> Self {
        Reporter {
            doc,
            findings: Vec::new(),
            pss_restricted: false,
            kube_version: None,
            params: &params::NONE,
        }
    }

    /// The version whose Pod Security Standards the checks apply.
    pub fn pss_version(&self) -> KubeVersion {
        self.kube_version.unwrap_or(PSS_LATEST)
    }

    /// Report `meta` at the node `at` (or, when it is absent, at its nearest present
    /// ancestor). `subject` (e.g. the container path) distinguishes findings that point at
    /// the same node, such as several containers inheriting one pod-level value.
    pub fn report(&mut self, meta: &RuleMeta, at: &ObjPath, subject: Option<&ObjPath>, message: String) {
        self.report_with_help(meta, at, subject, message, Cow::Borrowed(meta.remediation));
    }

    pub fn report_with_help(
        &mut self,
        meta: &RuleMeta,
        at: &ObjPath,
        subject: Option<&ObjPath>,
        message: String,
        help: impl Into<Cow<'static, str>>,
    ) {
        let span = locate(self.doc.root, at, &self.doc.file.text);
        self.report_at_span(meta, span, at, subject, message, help);
    }

    /// Like `report_with_help`, at a span the rule chose (such as an unknown field's key).
    pub fn report_at_span(
        &mut self,
        meta: &RuleMeta,
        span: Span,
        at: &ObjPath,
        subject: Option<&ObjPath>,
        message: String,
        help: impl Into<Cow<'static, str>>,
    ) {
        let object_path = at.render();
        let subject = subject.map(ObjPath::render).unwrap_or_default();
        let id = &self.doc.identity;
        let fp = fingerprint(&[
            meta.id,
            &self.doc.file.path,
            id.api_version.as_deref().unwrap_or(""),
            id.kind.as_deref().unwrap_or(""),
            id.namespace.as_deref().unwrap_or(""),
            id.name.as_deref().unwrap_or(""),
            &object_path,
            &subject,
        ]);
        self.findings.push(Finding {
            rule_id: Cow::Borrowed(meta.id),
            rule_name: Cow::Borrowed(meta.name),
            severity: meta.severity,
            message,
            path: self.doc.file.path.clone(),
            span: Some(span),
            resource: Some(self.doc.resource()),
            object_path: Some(object_path),
            help: Some(help.into()),
            fingerprint: fp,
            suppressed: None,
            origin: Vec::new(),
            rendered: None,
        });
    }
}

/// The span a finding at `path` shows: `key: value` for a scalar field, the key for a
/// collection, and for an absent path the nearest present ancestor (a container's
/// `name: …` entry, else the ancestor's key, else its first line).
pub fn locate(root: &Node, path: &ObjPath, text: &str) -> Span {
    let r = root.resolve(path);
    if let Some(key) = r.key {
        if r.exact {
            return match r.node.value {
                Value::Scalar(_) if r.node.span.end.line == key.span.start.line => {
                    Span { start: key.span.start, end: r.node.span.end }
                }
                _ => key.span,
            };
        }
        if let Some(name) = r.node.entry("name") {
            return Span { start: name.key.span.start, end: name.value.span.end };
        }
        return key.span;
    }
    if let Some(name) = r.node.entry("name")
        && name.value.as_scalar().is_some()
    {
        return Span { start: name.key.span.start, end: name.value.span.end };
    }
    first_line(r.node.span, text)
}

/// A span cut to the end of its first line.
fn first_line(span: Span, text: &str) -> Span {
    if span.start.line == span.end.line {
        return span;
    }
    let start = span.start.offset as usize;
    let rest = text.get(start..).unwrap_or("");
    let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let line = &rest[..len];
    Span {
        start: span.start,
        end: Pos {
            line: span.start.line,
            column: span.start.column + line.chars().count() as u32,
            offset: (start + len) as u32,
        },
    }
}

/// Look a rule up by id or name.
pub fn find(id_or_name: &str) -> Option<&'static RuleMeta> {
    REGISTRY
        .iter()
        .map(|r| &r.meta)
        .chain(core::ALL.iter().copied())
        .chain(secrets::catalog::metas())
        .find(|m| m.id.eq_ignore_ascii_case(id_or_name) || m.name == id_or_name)
}

/// docs/rules.md, generated from the rule metadata (a test fails when the file is stale).
pub fn catalog_markdown() -> String {
    use std::fmt::Write;
    let mut s = String::from(
        "# Rule catalog\n\n<!-- Generated by `kubegate rules --format markdown`; do not edit. -->\n\n\
         | id | name | severity | default | title |\n|---|---|---|---|---|\n",
    );
    let all: Vec<&RuleMeta> = REGISTRY
        .iter()
        .map(|r| &r.meta)
        .chain(core::ALL.iter().copied())
        .chain(secrets::catalog::metas())
        .collect();
    for m in &all {
        let on = if m.default == Default::On { "on" } else { "opt-in" };
        let _ = writeln!(
            s,
            "| [{}](#{}) | `{}` | {} | {on} | {} |",
            m.id,
            m.id.to_lowercase(),
            m.name,
            m.severity,
            m.title
        );
    }
    for m in &all {
        let _ = write!(
            s,
            "\n## {}\n\n`{}` · {} · {}\n\n**{}**\n\n{}\n\n**Fix:** {}\n",
            m.id,
            m.name,
            m.severity,
            if m.default == Default::On { "on by default" } else { "opt-in" },
            m.title,
            m.rationale,
            m.remediation
        );
        if !m.references.is_empty() {
            s.push_str("\n**Same check in other tools:** ");
            let refs: Vec<String> = m.references.iter().map(|(t, id)| format!("{t} `{id}`")).collect();
            s.push_str(&refs.join(", "));
            s.push('\n');
        }
    }
    s
}
