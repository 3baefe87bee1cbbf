//! Kubernetes schema checks: an object of a built-in kind is deserialized into its
//! k8s-openapi type straight from the YAML nodes (`de`), which records type errors, unknown
//! fields and missing required fields at the node that causes each. Kinds k8s-openapi does
//! not know (custom resources, removed API versions) are not checked.
pub mod de;
mod tables;

use crate::source::yaml::Node;
use de::{Ctx, De, Error, Problem};

/// The Kubernetes version whose API types are compiled in (k8s-openapi's `v1_37`).
pub const SCHEMA_VERSION: (u32, u32) = (1, 37);

type Walk = for<'a> fn(&'a Node, &mut Ctx<'a>) -> Result<(), Error>;

fn walk<'a, T: serde::de::DeserializeOwned>(root: &'a Node, ctx: &mut Ctx<'a>) -> Result<(), Error> {
    T::deserialize(De::root(root, ctx)).map(drop)
}

macro_rules! kind_table {
    ($($av:literal, $kind:literal => $($p:ident)::+;)*) => {
        /// The walk for a built-in apiVersion/kind.
        fn walk_for(api_version: &str, kind: &str) -> Option<Walk> {
            match (api_version, kind) {
                $( ($av, $kind) => Some(walk::<k8s_openapi::$($p)::+>), )*
                _ => None,
            }
        }
        /// Every checked apiVersion/kind pair.
        pub static KINDS: &[(&str, &str)] = &[$( ($av, $kind), )*];

        /// `T::default()` of a built-in kind as k8s-openapi serializes it.
        #[cfg(test)]
        fn default_object_json(api_version: &str, kind: &str) -> Option<String> {
            match (api_version, kind) {
                $( ($av, $kind) => serde_json::to_string(&<k8s_openapi::$($p)::+>::default()).ok(), )*
                _ => None,
            }
        }
    };
}
tables::for_each_kind!(kind_table);

/// The schema problems of `root` as an object of `api_version`/`kind`, or `None` when the
/// kind is not a built-in one. `redact`: quote no values (Secrets).
pub fn validate(api_version: &str, kind: &str, root: &Node, redact: bool) -> Option<Vec<Problem>> {
    let walk = walk_for(api_version, kind)?;
    let mut ctx = Ctx::new(redact);
    let mut all: Vec<Problem> = Vec::new();
    // A visitor error (bad base64, bad timestamp) ends a walk; walk again with that node
    // treated as absent so the problems after it are found too. Each walk re-finds the
    // problems before it: keep each once.
    for _ in 0..8 {
        ctx.problems.clear();
        ctx.failed = None;
        let done = walk(root, &mut ctx).is_ok();
        for p in ctx.problems.drain(..) {
            if !all.contains(&p) {
                all.push(p);
            }
        }
        match ctx.failed {
            Some(node) if !done && ctx.absent.insert(node) => continue,
            _ => break,
        }
    }
    Some(all)
}

/// Whether `api_version`/`kind` is checked.
pub fn is_builtin(api_version: &str, kind: &str) -> bool {
    walk_for(api_version, kind).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Limits, load_stream};

    #[test]
    fn what_k8s_openapi_emits_for_every_kind_is_accepted() {
        assert!(KINDS.len() > 60, "the built-in kinds are compiled in");
        for (av, kind) in KINDS {
            let json = default_object_json(av, kind).expect("every listed kind has a type");
            let stream = load_stream(&json, Limits::default());
            let root = stream.docs[0].root.as_ref().expect("a document");
            let problems = validate(av, kind, root, false).expect("a built-in kind");
            // Defaults leave required strings empty; everything else must be accepted.
            let wrong: Vec<_> =
                problems.iter().filter(|p| !p.message.contains("missing required field")).collect();
            assert!(wrong.is_empty(), "{av} {kind}: {json}\n{wrong:?}");
        }
    }

    #[test]
    fn kinds_without_a_built_in_schema_are_not_checked() {
        let stream =
            load_stream("apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec: 1\n", Limits::default());
        let root = stream.docs[0].root.as_ref().unwrap();
        assert!(validate("argoproj.io/v1alpha1", "Rollout", root, false).is_none());
        assert!(validate("extensions/v1beta1", "Deployment", root, false).is_none());
        assert!(validate("apps/v1", "Deployment", root, false).is_some());
    }
}
