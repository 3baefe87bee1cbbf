//! Rule selection: `--select` / `--ignore` (and the config's `rules.select` / `rules.ignore`)
//! name rule ids, rule names or profiles; the result is the set of enabled rule ids.

use std::collections::BTreeSet;

use super::{REGISTRY, profiles};

/// Expand one selector (id, name or profile) into rule ids.
pub fn expand(selector: &str) -> Result<Vec<&'static str>, String> {
    expand_at(selector, super::PSS_LATEST)
}

/// Expand one selector for a target Kubernetes version (Pod Security Standards profiles
/// hold the controls of that version).
pub fn expand_at(selector: &str, version: super::KubeVersion) -> Result<Vec<&'static str>, String> {
    if let Some(ids) = profiles::profile_at(selector, version) {
        return Ok(ids);
    }
    REGISTRY
        .iter()
        .find(|r| r.meta.id.eq_ignore_ascii_case(selector) || r.meta.name == selector)
        .map(|r| vec![r.meta.id])
        .or_else(|| super::secrets::catalog::meta(selector).map(|m| vec![m.id]))
        .ok_or_else(|| {
            format!(
                "unknown rule or profile `{selector}` (profiles: {}; rules: see `kubegate rules`)",
                profiles::NAMES.join(", ")
            )
        })
}

/// The enabled rule ids: `select` (default: the rules on by default) minus `ignore`.
pub fn resolve(select: Option<&[String]>, ignore: &[String]) -> Result<BTreeSet<&'static str>, String> {
    resolve_at(select, ignore, super::PSS_LATEST)
}

/// `resolve` for a target Kubernetes version.
pub fn resolve_at(
    select: Option<&[String]>,
    ignore: &[String],
    version: super::KubeVersion,
) -> Result<BTreeSet<&'static str>, String> {
    let mut on = BTreeSet::new();
    match select {
        Some(list) => {
            for s in list {
                on.extend(expand_at(s, version)?);
            }
        }
        None => on.extend(expand_at("default", version)?),
    }
    for s in ignore {
        for id in expand_at(s, version)? {
            on.remove(id);
        }
    }
    Ok(on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_by_id_name_and_profile() {
        let all = resolve(Some(&["all".into()]), &[]).unwrap();
        assert_eq!(all.len(), REGISTRY.len() + super::super::secrets::catalog::ids().len());
        let secrets = resolve(Some(&["secrets".into()]), &["github-pat".into()]).unwrap();
        assert!(secrets.contains("SEC001") && !secrets.contains("SEC004") && !secrets.contains("K8S001"));
        let pss =
            resolve(Some(&["pss-baseline".into(), "image-latest-tag".into()]), &["K8S040".into()]).unwrap();
        assert!(
            pss.contains("K8S001")
                && pss.contains("K8S060")
                && !pss.contains("K8S040")
                && !pss.contains("K8S009")
        );
        let default = resolve(None, &["pss-restricted".into()]).unwrap();
        assert!(!default.contains("K8S009") && default.contains("K8S060"));
        assert!(
            resolve(Some(&["K8S999".into()]), &[]).unwrap_err().contains("unknown rule or profile `K8S999`")
        );
    }
}
