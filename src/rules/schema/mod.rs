//! Kubernetes schema checks: an object of a built-in kind is walked against the k8s-openapi
//! types (`walk`, over the generated `tables`), which records type errors, unknown fields
//! and missing required fields at the node that causes each. Kinds k8s-openapi does not
//! know (custom resources, removed API versions) are not checked. `de` is the serde
//! `Deserializer` over our nodes that the hand-written leaf types (and the tests' typed
//! walk) go through.
pub mod de;
mod tables;
mod walk;

use crate::source::yaml::Node;
use de::{Ctx, Problem};

/// The Kubernetes version whose API types are compiled in (k8s-openapi's `v1_37`).
pub const SCHEMA_VERSION: (u32, u32) = (1, 37);

/// The root struct of a built-in apiVersion/kind.
fn root_for(api_version: &str, kind: &str) -> Option<u16> {
    let at = tables::KINDS.binary_search_by(|(av, k, _)| (*av, *k).cmp(&(api_version, kind))).ok()?;
    Some(tables::KINDS[at].2)
}

/// Every checked apiVersion/kind pair.
pub fn kinds() -> impl Iterator<Item = (&'static str, &'static str)> {
    tables::KINDS.iter().map(|(av, k, _)| (*av, *k))
}

/// The schema problems of `root` as an object of `api_version`/`kind`, or `None` when the
/// kind is not a built-in one. `redact`: quote no values (Secrets).
/// `unique_keys`: the loader found no repeated key in the object (duplicates need not be
/// looked for).
pub fn validate(
    api_version: &str,
    kind: &str,
    root: &Node,
    redact: bool,
    unique_keys: bool,
) -> Option<Vec<Problem>> {
    let id = root_for(api_version, kind)?;
    let mut ctx = Ctx::new(redact);
    ctx.unique_keys = unique_keys;
    walk::walk(&walk::Ty::Struct(id), root, None, None, &mut ctx);
    let mut all: Vec<Problem> = Vec::with_capacity(ctx.problems.len());
    for p in ctx.problems {
        if !all.contains(&p) {
            all.push(p);
        }
    }
    Some(all)
}

/// Whether `api_version`/`kind` is checked.
pub fn is_builtin(api_version: &str, kind: &str) -> bool {
    root_for(api_version, kind).is_some()
}

/// The walk the table walk replaced: the typed k8s-openapi struct deserialized from the
/// nodes. The tests hold the two to the same answers.
#[cfg(test)]
mod typed {
    use super::de::{Ctx, De, Error, Problem};
    use crate::source::yaml::Node;

    type Walk = for<'a> fn(&'a Node, &mut Ctx<'a>) -> Result<(), Error>;

    fn walk<'a, T: serde::de::DeserializeOwned>(root: &'a Node, ctx: &mut Ctx<'a>) -> Result<(), Error> {
        T::deserialize(De::root(root, ctx)).map(drop)
    }

    macro_rules! kind_table {
        ($($av:literal, $kind:literal => $($p:ident)::+;)*) => {
            fn walk_for(api_version: &str, kind: &str) -> Option<Walk> {
                match (api_version, kind) {
                    $( ($av, $kind) => Some(walk::<k8s_openapi::$($p)::+>), )*
                    _ => None,
                }
            }
            /// `T::default()` of a built-in kind as k8s-openapi serializes it.
            pub fn default_object_json(api_version: &str, kind: &str) -> Option<String> {
                match (api_version, kind) {
                    $( ($av, $kind) => serde_json::to_string(&<k8s_openapi::$($p)::+>::default()).ok(), )*
                    _ => None,
                }
            }
        };
    }
    super::tables::for_each_kind!(kind_table);

    /// The typed walk's problems, and whether a visitor error ended a walk (its later
    /// problems may then be missing; the table walk finds them).
    pub fn validate(api_version: &str, kind: &str, root: &Node) -> Option<(Vec<Problem>, bool)> {
        let walk = walk_for(api_version, kind)?;
        let mut ctx = Ctx::new(false);
        let mut all: Vec<Problem> = Vec::new();
        let mut failed = false;
        // A visitor error (bad base64, bad timestamp) ends a walk; walk again with that
        // node treated as absent. Each walk re-finds the problems before it: keep each once.
        for _ in 0..8 {
            ctx.problems.clear();
            ctx.failed = None;
            let done = walk(root, &mut ctx).is_ok();
            failed |= !done;
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
        Some((all, failed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Limits, load_stream};

    #[test]
    fn what_k8s_openapi_emits_for_every_kind_is_accepted() {
        assert!(kinds().count() > 60, "the built-in kinds are compiled in");
        for (av, kind) in kinds() {
            let json = typed::default_object_json(av, kind).expect("every listed kind has a type");
            let stream = load_stream(&json, Limits::default());
            let root = stream.docs[0].root.as_ref().expect("a document");
            let problems = validate(av, kind, root, false, unique_keys(&stream)).expect("a built-in kind");
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
        assert!(validate("argoproj.io/v1alpha1", "Rollout", root, false, true).is_none());
        assert!(validate("extensions/v1beta1", "Deployment", root, false, true).is_none());
        assert!(validate("apps/v1", "Deployment", root, false, true).is_some());
    }

    /// Every YAML file under `dir` (recursively).
    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                yaml_files(&p, out);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
                out.push(p);
            }
        }
    }

    /// The table walk and the typed walk it replaced agree on every built-in object of the
    /// test data (and of the development corpora when they are beside the repository).
    #[test]
    fn the_table_walk_agrees_with_the_typed_walk() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        yaml_files(&root.join("testdata"), &mut files);
        yaml_files(&root.join("../shared/corpora"), &mut files);
        let mut objects = 0;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            objects += compare_walks(&text, &path.display().to_string());
        }
        assert!(objects > 1000, "only {objects} built-in objects found");
    }

    fn unique_keys(stream: &crate::source::yaml::LoadedStream) -> bool {
        !stream
            .problems
            .iter()
            .any(|p| matches!(p.kind, crate::source::yaml::ProblemKind::DuplicateKey { .. }))
    }

    /// The two walks on `text`: equal problems, or the table walk's a superset when a
    /// typed walk was cut short. Returns how many built-in objects there were.
    fn compare_walks(text: &str, what: &str) -> usize {
        let stream = load_stream(text, Limits::default());
        let mut n = 0;
        for doc in &stream.docs {
            let Some(root) = &doc.root else { continue };
            let (Some(av), Some(kind)) =
                (root.get("apiVersion").and_then(|n| n.as_str()), root.get("kind").and_then(|n| n.as_str()))
            else {
                continue;
            };
            let Some((typed, failed)) = typed::validate(av, kind, root) else { continue };
            // As the scan calls it: duplicates looked for only when the loader saw one.
            let table = validate(av, kind, root, false, unique_keys(&stream))
                .expect("a kind with a type has a table");
            n += 1;
            if failed {
                let missing: Vec<_> = typed.iter().filter(|p| !table.contains(p)).collect();
                assert!(missing.is_empty(), "{what}: {av} {kind}: table walk misses {missing:?}");
            } else {
                assert_eq!(table, typed, "{what}: {av} {kind}");
            }
        }
        n
    }

    /// Mutations of the schema fixtures and the demo: every `key: value` line's value
    /// replaced by values of other types, and its key misspelt; both walks must agree on
    /// every variant (this is where the error paths are).
    #[test]
    fn the_walks_agree_on_mutated_objects() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        yaml_files(&root.join("testdata/rules/K8S156"), &mut files);
        yaml_files(&root.join("testdata/demo"), &mut files);
        let replacements =
            ["[1]", "{a: 1}", "\"x\"", "7", "true", "null", "1.5", "Zm9v!", "2024-01-31", "99999999999"];
        let (mut variants, mut objects) = (0, 0);
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let Some((key, value)) = line.split_once(": ") else { continue };
                if value.trim().is_empty() || key.trim_start().starts_with('#') {
                    continue;
                }
                let mut with = |new_line: String| {
                    let mut l = lines.clone();
                    l[i] = &new_line;
                    objects +=
                        compare_walks(&l.join("\n"), &format!("{}:{} `{new_line}`", path.display(), i + 1));
                    variants += 1;
                };
                for r in replacements {
                    with(format!("{key}: {r}"));
                }
                with(format!("{key}x: {value}"));
            }
        }
        assert!(variants > 1000 && objects > variants, "{variants} variants, {objects} objects");
    }
}
