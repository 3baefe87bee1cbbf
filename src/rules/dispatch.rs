//! Which built-in rules an object is given. Most objects of a repository are ConfigMaps,
//! Services, RBAC and Flux objects, and most rules look only at pod specs or at one or two
//! kinds: calling all ~120 checks on every object only to have them return cost a tenth of
//! the rules' time and thrashed the instruction cache and branch predictor. The scan asks a
//! `RuleSet` for the rules of an object's kind and pod spec instead. The two lists below say
//! which rules return at once for which objects; a test holds them to the rule sources, so
//! skipping a rule never changes what is found.

use super::Rule;

/// The rules whose check begins by returning when the object has no pod spec
/// (`let Some(pod) = doc.pod_spec() else { return };`, in the check or in the helper it
/// hands the object to).
pub static POD_SPEC_ONLY: &[&str] = &[
    "K8S001", "K8S002", "K8S003", "K8S004", "K8S005", "K8S006", "K8S007", "K8S008", "K8S009", "K8S010",
    "K8S011", "K8S012", "K8S013", "K8S014", "K8S015", "K8S016", "K8S020", "K8S021", "K8S022", "K8S023",
    "K8S024", "K8S025", "K8S030", "K8S031", "K8S032", "K8S033", "K8S034", "K8S035", "K8S036", "K8S037",
    "K8S040", "K8S041", "K8S042", "K8S043", "K8S044", "K8S045", "K8S046", "K8S050", "K8S051", "K8S052",
    "K8S053", "K8S054", "K8S055", "K8S060", "K8S061", "K8S062", "K8S064", "K8S066", "K8S070", "K8S071",
    "K8S072", "K8S073", "K8S077", "K8S079", "K8S080", "K8S085", "K8S101", "K8S104", "K8S120", "K8S121",
    "K8S123", "K8S138", "K8S139", "K8S160",
];

const ROLES: &[&str] = &["ClusterRole", "Role"];
const BINDINGS: &[&str] = &["ClusterRoleBinding", "RoleBinding"];

/// The rules whose check begins by returning unless the object is of one of these kinds
/// (`if doc.kind() != "Service" { return; }`, `rbac::is_role`, ...), kinds sorted.
pub static KIND_ONLY: &[(&str, &[&str])] = &[
    ("K8S074", &["Deployment", "DeploymentConfig"]),
    ("K8S075", &["Deployment", "StatefulSet"]),
    ("K8S082", &["CronJob"]),
    ("K8S084", &["StatefulSet"]),
    ("K8S091", &["PodDisruptionBudget"]),
    ("K8S092", &["PodDisruptionBudget"]),
    ("K8S093", &["PodDisruptionBudget"]),
    ("K8S095", &["HorizontalPodAutoscaler"]),
    ("K8S096", &["HorizontalPodAutoscaler"]),
    ("K8S102", &["ServiceAccount"]),
    ("K8S103", BINDINGS),
    ("K8S106", ROLES),
    ("K8S107", BINDINGS),
    ("K8S108", ROLES),
    ("K8S109", ROLES),
    ("K8S110", ROLES),
    ("K8S111", ROLES),
    ("K8S112", &["ClusterRole"]),
    ("K8S113", &["ClusterRole"]),
    ("K8S114", ROLES),
    ("K8S115", BINDINGS),
    ("K8S116", &["SecurityContextConstraints"]),
    ("K8S122", &["ConfigMap"]),
    ("K8S125", &["Secret"]),
    ("K8S130", &["Service"]),
    ("K8S131", &["Service"]),
    ("K8S133", &["Ingress"]),
    ("K8S141", &["Ingress"]),
    ("K8S159", &["PodSecurityPolicy"]),
];

/// The enabled rules, listed per kind and pod spec, each list in registry order (so the
/// findings come in the same order as when every rule is called).
#[derive(Clone)]
pub struct RuleSet {
    /// For kinds no enabled rule is limited to: `[without pod spec, with pod spec]`.
    other: [Vec<&'static Rule>; 2],
    /// For the kinds some enabled rule is limited to.
    kinds: Vec<(&'static str, [Vec<&'static Rule>; 2])>,
}

impl RuleSet {
    pub fn new(enabled: &[&'static Rule]) -> Self {
        let limit = |rule: &Rule| KIND_ONLY.iter().find(|(id, _)| *id == rule.meta.id).map(|(_, k)| *k);
        let mut kinds: Vec<&'static str> =
            enabled.iter().filter_map(|r| limit(r)).flatten().copied().collect();
        kinds.sort_unstable();
        kinds.dedup();
        let lists = |kind: Option<&str>| {
            [false, true].map(|has_pod| {
                enabled
                    .iter()
                    .copied()
                    .filter(|rule| has_pod || !POD_SPEC_ONLY.contains(&rule.meta.id))
                    .filter(|rule| limit(rule).is_none_or(|k| kind.is_some_and(|kind| k.contains(&kind))))
                    .collect()
            })
        };
        RuleSet { other: lists(None), kinds: kinds.into_iter().map(|k| (k, lists(Some(k)))).collect() }
    }

    /// The rules to call for an object of `kind`, with or without a pod spec.
    pub fn for_object(&self, kind: &str, has_pod: bool) -> &[&'static Rule] {
        let lists = self.kinds.iter().find(|(k, _)| *k == kind).map_or(&self.other, |(_, l)| l);
        &lists[usize::from(has_pod)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    const POD_GUARDS: [&str; 2] =
        ["letSome(pod)=doc.pod_spec()else{return}", "letSome(pod)=doc.pod_spec()else{return;};"];

    fn squeeze(s: &str, n: usize) -> String {
        s.chars().filter(|c| !c.is_whitespace()).take(n).collect()
    }

    /// The first characters (whitespace removed) of the body of `fn name` in `src`.
    fn body_start(src: &str, name: &str) -> Option<String> {
        let head = regex::Regex::new(&format!(r"\n(?:pub(?:\(super\))? )?fn {name}\b")).unwrap();
        let at = head.find(src)?.start() + 1;
        // The signature ends at the first line ending in `{` that is the `fn` line itself or
        // starts with the closing `)` of a signature written over several lines.
        let mut offset = at;
        for (i, line) in src[at..].split_inclusive('\n').enumerate() {
            offset += line.len();
            if line.trim_end().ends_with('{') && (i == 0 || line.starts_with(')')) {
                return Some(squeeze(&src[offset..], 200));
            }
        }
        None
    }

    /// What the rule sources say: the pod-spec-only rules and the kind-limited ones.
    fn read_guards() -> (Vec<String>, BTreeMap<String, Vec<String>>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/k8s");
        let rule = regex::Regex::new(
            r#"(?s)pub static \w+: Rule = Rule \{\s*meta: RuleMeta \{\s*id: "(K8S\d+)"(.*?)\n\};"#,
        )
        .unwrap();
        let check_fn = regex::Regex::new(r"\n    check(?:: (\w+))?,\n$").unwrap();
        let delegate = regex::Regex::new(r"^(?:super::)?(\w+)::(\w+)\(doc,").unwrap();
        let not_kind = regex::Regex::new(r#"^ifdoc\.kind\(\)!="(\w+)"(?:\{return;\}|\|\|)"#).unwrap();
        let not_kinds =
            regex::Regex::new(r#"^if!matches!\(doc\.kind\(\),((?:"\w+"\|?)+)\)(?:\{return;\}|\|\|)"#)
                .unwrap();
        let quoted = regex::Regex::new(r#""(\w+)""#).unwrap();
        let (mut pod, mut kinds) = (Vec::new(), BTreeMap::new());
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let src = std::fs::read_to_string(&f).unwrap();
            for m in rule.captures_iter(&src) {
                let id = m[1].to_string();
                let meta_and_check = format!("{}\n", &m[2]);
                let Some(c) = check_fn.captures(&meta_and_check) else { continue };
                let name = c.get(1).map_or("check", |n| n.as_str());
                let Some(body) = body_start(&src, name) else { continue };
                let helper = delegate.captures(&body).and_then(|d| {
                    let helper_src = std::fs::read_to_string(dir.join(format!("{}.rs", &d[1]))).ok()?;
                    body_start(&helper_src, &d[2])
                });
                if POD_GUARDS
                    .iter()
                    .any(|g| body.starts_with(g) || helper.as_ref().is_some_and(|h| h.starts_with(g)))
                {
                    pod.push(id);
                    continue;
                }
                let mut limited: Vec<String> = if let Some(k) = not_kind.captures(&body) {
                    vec![k[1].to_string()]
                } else if let Some(k) = not_kinds.captures(&body) {
                    quoted.captures_iter(&k[1]).map(|q| q[1].to_string()).collect()
                } else if body.starts_with("if!rbac::is_binding(doc){return;}")
                    || body.starts_with("if!rbac::is_binding(doc)||")
                {
                    BINDINGS.iter().map(|k| k.to_string()).collect()
                } else if body.starts_with("if!rbac::is_role(doc){return;}")
                    || body.starts_with("if!rbac::is_role(doc)||")
                    || body.starts_with("for(rule,item)inrbac::core_grants(doc,")
                {
                    ROLES.iter().map(|k| k.to_string()).collect()
                } else {
                    continue;
                };
                limited.sort();
                kinds.insert(id, limited);
            }
        }
        pod.sort();
        (pod, kinds)
    }

    /// Every rule whose check starts with one of the guards is listed, and only those.
    #[test]
    fn lists_match_the_rule_sources() {
        let (pod, kinds) = read_guards();
        assert!(pod.len() > 40 && kinds.len() > 20, "the guards were not recognised");
        assert_eq!(pod, POD_SPEC_ONLY, "update POD_SPEC_ONLY");
        let listed: BTreeMap<String, Vec<String>> = KIND_ONLY
            .iter()
            .map(|(id, k)| (id.to_string(), k.iter().map(|k| k.to_string()).collect()))
            .collect();
        assert_eq!(kinds, listed, "update KIND_ONLY");
        // The core_grants helper must still begin with the role test it is listed for.
        let rbac =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/k8s/rbac.rs"));
        let rbac_src = rbac.unwrap();
        let grants = body_start(&rbac_src, "core_grants").unwrap_or_default();
        assert!(
            grants.starts_with("if!is_role(doc)"),
            "core_grants no longer starts with the role test: {grants}"
        );
        // ROLES and BINDINGS are the kinds rbac::is_role and rbac::is_binding accept.
        let quoted = regex::Regex::new(r#""(\w+)""#).unwrap();
        for (helper, kinds) in [("is_role", ROLES), ("is_binding", BINDINGS)] {
            let body = body_start(&rbac_src, helper).unwrap_or_default();
            let body = body.split('}').next().unwrap_or_default();
            let mut found: Vec<&str> =
                quoted.captures_iter(body).map(|q| q.get(1).unwrap().as_str()).collect();
            found.sort_unstable();
            assert_eq!(found, kinds, "rbac::{helper} accepts other kinds than listed");
        }
    }

    #[test]
    fn an_object_gets_the_rules_for_its_kind_and_pod_spec() {
        let enabled: Vec<&'static Rule> = super::super::REGISTRY.to_vec();
        let set = RuleSet::new(&enabled);
        let ids = |kind: &str, pod: bool| -> Vec<&str> {
            set.for_object(kind, pod).iter().map(|r| r.meta.id).collect()
        };
        let config_map = ids("ConfigMap", false);
        assert!(config_map.contains(&"K8S122") && config_map.contains(&"K8S156"));
        assert!(!config_map.contains(&"K8S130") && !config_map.contains(&"K8S001"));
        let deployment = ids("Deployment", true);
        assert!(
            deployment.contains(&"K8S001")
                && deployment.contains(&"K8S074")
                && !deployment.contains(&"K8S084")
        );
        let role = ids("Role", false);
        assert!(role.contains(&"K8S106") && !role.contains(&"K8S112") && !role.contains(&"K8S103"));
        // a kind no rule is limited to gets only the general rules
        let other = ids("Kustomization", false);
        assert!(
            other.iter().all(|id| !POD_SPEC_ONLY.contains(id) && !KIND_ONLY.iter().any(|(k, _)| k == id))
        );
        assert!(other.contains(&"K8S153"));
        // each list keeps registry order
        for list in [&config_map, &deployment, &role, &other] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        // a rule left out of the enabled set is in no list
        let without: Vec<&'static Rule> = enabled.iter().copied().filter(|r| r.meta.id != "K8S122").collect();
        let set = RuleSet::new(&without);
        assert!(set.for_object("ConfigMap", false).iter().all(|r| r.meta.id != "K8S122"));
    }
}
