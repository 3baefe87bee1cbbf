//! Name-reference fix-ups: after prefixes, suffixes and hashes renamed objects, the fields that
//! refer to them by name (a pod's ConfigMap volume, a RoleBinding's ServiceAccount subject, an
//! HPA's target, ...) are rewritten to the new names. A subset of kustomize's nameReference
//! configuration (api/internal/konfig/builtinpluginconsts/namereference.go), starting with the
//! fields of pod specs.

use serde_json::Value;

use super::fieldspec::visit_path;
use super::resource::Resource;

/// Where pod specs sit, by workload kind.
const POD_SPECS: &[(&str, &str)] = &[
    ("Pod", "spec"),
    ("Deployment", "spec/template/spec"),
    ("ReplicaSet", "spec/template/spec"),
    ("DaemonSet", "spec/template/spec"),
    ("StatefulSet", "spec/template/spec"),
    ("Job", "spec/template/spec"),
    ("ReplicationController", "spec/template/spec"),
    ("CronJob", "spec/jobTemplate/spec/template/spec"),
    ("PodTemplate", "template/spec"),
];

const CONTAINER_LISTS: &[&str] = &["containers", "initContainers"];

/// (referenced kind, path inside a pod spec)
fn pod_spec_refs() -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = vec![
        ("ConfigMap", "volumes/configMap/name".into()),
        ("ConfigMap", "volumes/projected/sources/configMap/name".into()),
        ("Secret", "volumes/secret/secretName".into()),
        ("Secret", "volumes/projected/sources/secret/name".into()),
        ("Secret", "imagePullSecrets/name".into()),
        ("ServiceAccount", "serviceAccountName".into()),
        ("PersistentVolumeClaim", "volumes/persistentVolumeClaim/claimName".into()),
        ("PriorityClass", "priorityClassName".into()),
    ];
    for c in CONTAINER_LISTS {
        v.push(("ConfigMap", format!("{c}/env/valueFrom/configMapKeyRef/name")));
        v.push(("ConfigMap", format!("{c}/envFrom/configMapRef/name")));
        v.push(("Secret", format!("{c}/env/valueFrom/secretKeyRef/name")));
        v.push(("Secret", format!("{c}/envFrom/secretRef/name")));
    }
    v
}

/// (referrer kind, referenced kind, path) outside pod specs.
const OTHER_REFS: &[(&str, &str, &str)] = &[
    ("Ingress", "Secret", "spec/tls/secretName"),
    ("Ingress", "Service", "spec/rules/http/paths/backend/service/name"),
    ("Ingress", "Service", "spec/rules/http/paths/backend/serviceName"),
    ("Ingress", "Service", "spec/defaultBackend/service/name"),
    ("Ingress", "Service", "spec/backend/serviceName"),
    ("PersistentVolume", "Secret", "spec/azureFile/secretName"),
    ("ServiceAccount", "Secret", "imagePullSecrets/name"),
    ("ServiceAccount", "Secret", "secrets/name"),
    ("StatefulSet", "Service", "spec/serviceName"),
    ("StatefulSet", "PersistentVolumeClaim", "spec/volumeClaimTemplates/metadata/name"),
    ("APIService", "Service", "spec/service/name"),
    ("PersistentVolumeClaim", "PersistentVolume", "spec/volumeName"),
];

/// Annotations of Ingress objects that name a Secret (ingress-nginx).
const INGRESS_SECRET_ANNOTATIONS: &[&str] = &[
    "ingress.kubernetes.io/auth-secret",
    "nginx.ingress.kubernetes.io/auth-secret",
    "nginx.ingress.kubernetes.io/auth-tls-secret",
];

/// A lookup of the current name of an object of `kind` once called `old`.
struct Renames<'a> {
    all: &'a [Resource],
}

impl Renames<'_> {
    /// The ServiceAccount a RoleBinding subject names (renamed or not), matched by name and
    /// by the namespace it had before the build moved it: its current name and namespace, so
    /// that a subject follows its ServiceAccount into a new namespace.
    fn service_account(&self, name: &str, namespace: &str) -> Option<(String, String)> {
        self.follow("ServiceAccount", name, namespace)
    }

    /// An object of `kind` once called `name` in `namespace` (its original or current one):
    /// its current name and namespace. References that carry a namespace (RoleBinding
    /// subjects, webhook services) take both.
    fn follow(&self, kind: &str, name: &str, namespace: &str) -> Option<(String, String)> {
        let ns_eq =
            |a: &str, b: &str| a == b || (a.is_empty() && b == "default") || (a == "default" && b.is_empty());
        let pick = self.all.iter().find(|r| {
            r.kind() == kind
                && r.all_names().any(|n| n == name)
                && (ns_eq(&r.original_namespace, namespace) || ns_eq(r.namespace(), namespace))
        })?;
        Some((pick.name().to_string(), pick.namespace().to_string()))
    }

    fn new_name(&self, kind: &str, old: &str, namespace: &str) -> Option<String> {
        let candidates: Vec<&Resource> = self
            .all
            .iter()
            .filter(|r| {
                r.kind() == kind && !r.previous_names.is_empty() && r.previous_names.iter().any(|n| n == old)
            })
            .collect();
        let same_ns: Vec<&&Resource> = candidates.iter().filter(|r| r.namespace() == namespace).collect();
        let pick: Vec<&Resource> =
            if same_ns.is_empty() { candidates.clone() } else { same_ns.into_iter().copied().collect() };
        let first = pick.first()?;
        if pick.iter().all(|r| r.name() == first.name()) { Some(first.name().to_string()) } else { None }
    }
}

fn rewrite(v: &mut Value, path: &str, kind: &str, namespace: &str, renames: &Renames) {
    visit_path(v, path, false, &mut |parent, key| {
        if let Some(Value::String(s)) = parent.get(key)
            && let Some(new) = renames.new_name(kind, s, namespace)
        {
            parent.insert(key.to_string(), Value::String(new));
        }
    });
}

fn role_binding_refs(v: &mut Value, namespace: &str, original_namespace: &str, renames: &Renames) {
    if let Some(role_ref) = v.get_mut("roleRef").and_then(Value::as_object_mut) {
        let kind = role_ref.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
        if let Some(Value::String(name)) = role_ref.get("name")
            && let Some(new) = renames.new_name(&kind, name, namespace)
        {
            role_ref.insert("name".into(), Value::String(new));
        }
    }
    if let Some(subjects) = v.get_mut("subjects").and_then(Value::as_array_mut) {
        for s in subjects {
            if s.get("kind").and_then(Value::as_str) != Some("ServiceAccount") {
                continue;
            }
            let ns = s.get("namespace").and_then(Value::as_str).unwrap_or(original_namespace).to_string();
            let Some(name) = s.get("name").and_then(Value::as_str).map(str::to_string) else { continue };
            if let Some((new_name, new_ns)) = renames.service_account(&name, &ns)
                && let Some(m) = s.as_object_mut()
            {
                m.insert("name".into(), Value::String(new_name));
                if !new_ns.is_empty() {
                    m.insert("namespace".into(), Value::String(new_ns));
                }
            }
        }
    }
}

/// Rewrites references to renamed objects in every object.
pub fn fix(resources: &mut [Resource]) {
    let snapshot: Vec<Resource> = resources.to_vec();
    let renames = Renames { all: &snapshot };
    let pod_refs = pod_spec_refs();
    for r in resources.iter_mut() {
        let kind = r.kind().to_string();
        let ns = r.namespace().to_string();
        if let Some((_, base)) = POD_SPECS.iter().find(|(k, _)| *k == kind) {
            for (target, path) in &pod_refs {
                rewrite(&mut r.value, &format!("{base}/{path}"), target, &ns, &renames);
            }
        }
        for (referrer, target, path) in OTHER_REFS {
            if *referrer == kind {
                rewrite(&mut r.value, path, target, &ns, &renames);
            }
        }
        if kind == "Ingress"
            && let Some(ann) = r.value.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut)
        {
            for key in INGRESS_SECRET_ANNOTATIONS {
                if let Some(Value::String(name)) = ann.get(*key)
                    && let Some(new) = renames.new_name("Secret", name, &ns)
                {
                    ann.insert((*key).to_string(), Value::String(new));
                }
            }
        }
        if (kind == "MutatingWebhookConfiguration" || kind == "ValidatingWebhookConfiguration")
            && let Some(hooks) = r.value.get_mut("webhooks").and_then(Value::as_array_mut)
        {
            for hook in hooks {
                if let Some(svc) = hook.pointer_mut("/clientConfig/service").and_then(Value::as_object_mut) {
                    let name = svc.get("name").and_then(Value::as_str).unwrap_or("").to_string();
                    let ns = svc.get("namespace").and_then(Value::as_str).unwrap_or("").to_string();
                    if let Some((new_name, new_ns)) = renames.follow("Service", &name, &ns) {
                        svc.insert("name".into(), Value::String(new_name));
                        if !new_ns.is_empty() {
                            svc.insert("namespace".into(), Value::String(new_ns));
                        }
                    }
                }
            }
        }
        if kind == "RoleBinding" || kind == "ClusterRoleBinding" {
            let original = r.original_namespace.clone();
            role_binding_refs(&mut r.value, &ns, &original, &renames);
        }
        if kind == "HorizontalPodAutoscaler"
            && let Some(t) = r.value.pointer_mut("/spec/scaleTargetRef").and_then(Value::as_object_mut)
        {
            let tkind = t.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
            if let Some(Value::String(name)) = t.get("name")
                && let Some(new) = renames.new_name(&tkind, name, &ns)
            {
                t.insert("name".into(), Value::String(new));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn pod_spec_references_follow_renames() {
        let mut cm =
            Resource::new(json!({"kind": "ConfigMap", "metadata": {"name": "cfg"}}), Path::new("x"), 0);
        cm.set_name("cfg-abc");
        let dep = Resource::new(
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
              "spec": {"template": {"spec": {
                "volumes": [{"name": "v", "configMap": {"name": "cfg"}}, {"name": "w", "configMap": {"name": "other"}}],
                "containers": [{"name": "c", "envFrom": [{"configMapRef": {"name": "cfg"}}]}]}}}}),
            Path::new("x"),
            0,
        );
        let mut rs = vec![cm, dep];
        fix(&mut rs);
        let spec = &rs[1].value["spec"]["template"]["spec"];
        assert_eq!(spec["volumes"][0]["configMap"]["name"], "cfg-abc");
        assert_eq!(spec["volumes"][1]["configMap"]["name"], "other");
        assert_eq!(spec["containers"][0]["envFrom"][0]["configMapRef"]["name"], "cfg-abc");
    }
}
