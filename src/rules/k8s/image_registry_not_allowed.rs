//! K8S063 image-registry-not-allowed: a container image comes from a registry outside the
//! configured allow-list (`rules.params.image-registry-not-allowed.allowed-registries`).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::model::image::ImageRef;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S063",
        name: "image-registry-not-allowed",
        severity: Severity::High,
        default: Default::OptIn,
        title: "Image registry not allowed",
        rationale: "Images from registries the organisation does not control or mirror bypass its scanning, \
                    signing and availability guarantees (the Gatekeeper allowed-repos policy, at commit time). \
                    Needs a parameter: `rules.params.image-registry-not-allowed.allowed-registries`, a list of \
                    registries (`ghcr.io`) or registry/repository prefixes (`ghcr.io/acme`); `docker.io` stands for \
                    Docker Hub, which unqualified names such as `nginx` come from. Configuring it turns the rule on.",
        remediation: "Pull the image from an allowed registry (mirror it there), or add the registry to the allow-list.",
        references: &[("kube-linter", "latest-tag (AllowList parameter)"), ("gatekeeper", "k8sallowedrepos")],
    },
    check,
};

/// `registry/repository` as the allow-list sees it: Docker Hub names get `docker.io` (and
/// official images `docker.io/library`).
fn full_name(image: &ImageRef<'_>) -> String {
    let registry = match image.registry {
        None | Some("index.docker.io" | "registry-1.docker.io") => "docker.io",
        Some(r) => r,
    };
    if registry == "docker.io" && !image.repository.contains('/') {
        format!("docker.io/library/{}", image.repository)
    } else {
        format!("{registry}/{}", image.repository)
    }
}

fn allowed(name: &str, list: &[String]) -> bool {
    list.iter().any(|a| {
        let a = a.trim_end_matches('/');
        let a = if a == "index.docker.io" || a == "registry-1.docker.io" { "docker.io" } else { a };
        name == a || name.strip_prefix(a).is_some_and(|rest| rest.starts_with('/'))
    })
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let list = &out.params.allowed_registries;
    if list.is_empty() {
        return;
    }
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let Some(raw) = c.node.get("image").and_then(Node::scalar_text) else { continue };
        if raw.contains("{{") || raw.contains("${") {
            continue;
        }
        let Some(image) = ImageRef::parse(raw) else { continue };
        let name = full_name(&image);
        if !allowed(&name, list) {
            out.report(
                &RULE.meta,
                &c.path.key("image"),
                None,
                format!(
                    "{} of {} uses {raw} ({name}), not from an allowed registry ({})",
                    c.describe(),
                    doc.display_name(),
                    list.join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_path_segments() {
        let list = vec!["ghcr.io/acme".to_string(), "docker.io/library".to_string()];
        assert!(allowed("ghcr.io/acme/api", &list));
        assert!(!allowed("ghcr.io/acme-evil/api", &list), "a prefix ends at a `/`");
        assert!(allowed(&full_name(&ImageRef::parse("nginx:1.27").unwrap()), &list));
        assert!(!allowed(&full_name(&ImageRef::parse("bitnami/redis:7").unwrap()), &list));
        assert!(!allowed(&full_name(&ImageRef::parse("registry:5000/app").unwrap()), &list));
    }
}
