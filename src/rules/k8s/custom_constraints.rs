//! K8S158 forbidden-annotation-or-expression: the organisation's own constraints from the
//! config (`rules.params.forbidden-annotation-or-expression`): annotations no object may carry
//! (optionally only with values matching a regex), and CEL expressions over `object` that must
//! hold (kube-linter's `forbidden-annotation` and `cel` templates).

use std::sync::Arc;

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S158",
        name: "forbidden-annotation-or-expression",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "Forbidden annotation / custom expression",
        rationale: "House rules that no built-in check knows: an annotation that must not be used (`sidecar.istio.io/\
                    inject: \"false\"`, a deprecated ingress class annotation), or a condition written in CEL, the \
                    language of Kubernetes ValidatingAdmissionPolicies. Needs parameters: \
                    `rules.params.forbidden-annotation-or-expression` with `forbidden-annotations` (a list of \
                    `{key, value}`; `value` is an optional regex the value must match to be forbidden; the object's \
                    and its pod template's annotations are checked) and/or `expressions` (a list of `{name, \
                    expression, message, kinds}`: the object is reported when the expression over the variable \
                    `object` does not evaluate to `true`, as an admission policy would deny it; an evaluation error, \
                    such as a missing field without `has()`, is reported too). Configuring either turns the rule on; \
                    a bad regex or expression is a config error at its position.",
        remediation: "Remove the annotation, or change the object so that the expression holds (its message says \
                      what is expected).",
        references: &[("kube-linter", "forbidden-annotation (template)"), ("kube-linter", "cel (template)")],
    },
    check,
};

thread_local! {
    /// CEL's standard environment, built once per worker thread.
    static ENV: Arc<cel::Env> = Arc::new(cel::Env::stdlib());
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let params = out.params;
    if !params.forbidden_annotations.is_empty() {
        let mut places = vec![ObjPath::root().keys(&["metadata", "annotations"])];
        if let Some(pod) = doc.pod_spec() {
            places.push(pod.metadata_path().key("annotations"));
        }
        for path in places {
            let r = doc.root.resolve(&path);
            if !r.exact {
                continue;
            }
            for e in r.node.as_map().unwrap_or(&[]) {
                let Some(key) = e.key.scalar_text() else { continue };
                for (forbidden, pattern) in &params.forbidden_annotations {
                    if key != forbidden {
                        continue;
                    }
                    let value = e.value.scalar_text().unwrap_or("");
                    if pattern.as_ref().is_some_and(|re| !re.is_match(value)) {
                        continue;
                    }
                    let why = match pattern {
                        Some(re) => format!(" (value {value:?} matches {})", re.as_str()),
                        None => String::new(),
                    };
                    out.report(
                        &RULE.meta,
                        &path.key(key),
                        None,
                        format!("{} carries the forbidden annotation {key}{why}", doc.display_name()),
                    );
                }
            }
        }
    }
    let checks: Vec<_> = params
        .expressions
        .iter()
        .filter(|c| c.kinds.is_empty() || c.kinds.iter().any(|k| k == doc.kind()))
        .collect();
    if checks.is_empty() {
        return;
    }
    let Ok(object) = cel::to_value(crate::source::yaml::json::to_json(doc.root)) else { return };
    let at = ObjPath::root().keys(&["metadata", "name"]);
    for c in checks {
        let verdict = ENV.with(|env| {
            let mut cx = cel::Context::with_env(env.clone());
            cx.add_variable_from_value("object", object.clone());
            c.program.execute(&cx)
        });
        let what = match verdict {
            Ok(cel::Value::Bool(true)) => continue,
            Ok(cel::Value::Bool(false)) => {
                c.message.clone().unwrap_or_else(|| format!("`{}` is false", c.expression))
            }
            Ok(other) => format!("`{}` gave {other:?}, not a bool", c.expression),
            Err(e) => format!("`{}` could not be evaluated: {e}", c.expression),
        };
        out.report(&RULE.meta, &at, None, format!("{} fails {}: {what}", doc.display_name(), c.name));
    }
}
