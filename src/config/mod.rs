//! `.kubegate.yaml`: the repository's settings (rule selection, severity overrides,
//! exemptions with reasons, excludes, Kubernetes version). Read with kubegate's own YAML
//! loader so every unknown key or bad value is an error naming the file, line and column.

pub mod schema;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::rules::select;
use crate::source::yaml::{Limits, Node, Value, load_stream};

/// The file names looked for, in order, from the scan root upwards.
pub const FILE_NAMES: &[&str] = &[".kubegate.yaml", ".kubegate.yml"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// An exemption: findings of `rules` in matching paths / resources are suppressed, with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemption {
    pub rules: Vec<String>,
    /// Globs (gitignore syntax) on paths relative to the scan root; empty = every path.
    pub paths: Vec<String>,
    /// `Kind/name` or `Kind/namespace/name`; empty = every resource.
    pub resources: Vec<String>,
    pub reason: String,
}

/// `helm:`: how charts are rendered in a scan. Paths are relative to the config file's
/// directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelmConfig {
    pub release_name: Option<String>,
    pub namespace: Option<String>,
    /// Also render each chart's `ci/*.yaml` value sets.
    pub ci_values: Option<bool>,
    /// Chart directory → its extra values files and `--set` values.
    pub charts: BTreeMap<String, HelmChartConfig>,
    /// Where missing dependencies are looked up by chart name.
    pub dependency_dirs: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelmChartConfig {
    pub values: Vec<String>,
    /// `key=value` as `--set` takes them, in the file's order.
    pub set: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub path: PathBuf,
    /// (major, minor)
    pub kube_version: Option<(u32, u32)>,
    /// `Some(None)` for `never`.
    pub fail_on: Option<Option<Severity>>,
    pub max_file_size: Option<u64>,
    pub exclude: Vec<String>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub exemptions: Vec<Exemption>,
    pub report_unused_suppressions: bool,
    /// `cross-object.complete`: unit directory globs (`**`: every unit) whose set of objects
    /// is complete, so cross-object rules may report missing counterparts.
    pub complete_units: Vec<String>,
    /// `rules.params`.
    pub params: crate::rules::params::Params,
    pub helm: HelmConfig,
    /// The baseline file (`baseline:`), resolved against the config file's directory.
    pub baseline: Option<PathBuf>,
    /// `policies:` (paths resolved against the config file's directory).
    pub policies: Option<PolicyConfig>,
    /// Rule references in `rules.severity` and `exemptions` that are no built-in rule: they
    /// must name a policy rule, which is checked once the policies are loaded.
    pub policy_refs: Vec<PolicyRef>,
}

/// `policies: {paths, namespaces, data}`: Rego policies `scan` runs on every object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyConfig {
    pub paths: Vec<PathBuf>,
    pub namespaces: Vec<String>,
    pub data: Vec<PathBuf>,
}

/// A rule reference that is not built-in, with its position for the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRef {
    pub id: String,
    pub line: u32,
    pub column: u32,
    /// Why it is no built-in rule.
    pub error: String,
}

impl Config {
    /// The error for the first reference that names neither a built-in rule nor one of
    /// `policy_ids`.
    pub fn check_policy_refs(
        &self,
        policy_ids: &std::collections::BTreeSet<String>,
    ) -> Result<(), ConfigError> {
        match self.policy_refs.iter().find(|r| !policy_ids.contains(&r.id)) {
            None => Ok(()),
            Some(r) => Err(ConfigError {
                path: self.path.clone(),
                line: r.line,
                column: r.column,
                message: if policy_ids.is_empty() {
                    r.error.clone()
                } else {
                    format!("{} and no loaded policy has this rule id", r.error)
                },
            }),
        }
    }
}

/// The config file for a scan rooted at `start`: the first `.kubegate.yaml` found in it or
/// a parent directory.
pub fn find_upward(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in FILE_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        dir = d.parent();
    }
    None
}

pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.into(),
        line: 0,
        column: 0,
        message: format!("cannot read: {e}"),
    })?;
    parse(path, &text)
}

struct Ctx<'a> {
    path: &'a Path,
}

impl Ctx<'_> {
    fn err(&self, node: &Node, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: self.path.into(),
            line: node.span.start.line,
            column: node.span.start.column,
            message: message.into(),
        }
    }

    fn map<'n>(
        &self,
        node: &'n Node,
        what: &str,
        keys: &[&str],
    ) -> Result<Vec<(&'n str, &'n Node)>, ConfigError> {
        let Some(entries) = node.as_map() else {
            return Err(self.err(node, format!("{what} must be a mapping")));
        };
        let mut out = Vec::new();
        for e in entries {
            let Some(k) = e.key.scalar_text() else { return Err(self.err(&e.key, "keys must be strings")) };
            if !keys.is_empty() && !keys.contains(&k) {
                return Err(self.err(
                    &e.key,
                    format!("unknown key `{k}` in {what} (expected one of: {})", keys.join(", ")),
                ));
            }
            out.push((k, &e.value));
        }
        Ok(out)
    }

    fn string(&self, node: &Node, what: &str) -> Result<String, ConfigError> {
        match &node.value {
            Value::Scalar(s) if !node.is_null() => Ok(s.text.to_string()),
            _ => Err(self.err(node, format!("{what} must be a string"))),
        }
    }

    fn strings(&self, node: &Node, what: &str) -> Result<Vec<String>, ConfigError> {
        let Some(items) = node.as_seq() else { return Err(self.err(node, format!("{what} must be a list"))) };
        items.iter().map(|n| self.string(n, &format!("each entry of {what}"))).collect()
    }

    fn rule_refs(&self, node: &Node, what: &str) -> Result<Vec<String>, ConfigError> {
        self.rule_refs_or_policy(node, what, None)
    }

    /// Rule references; with `policy_refs`, one that is no built-in rule is kept there (it
    /// may be a policy rule id) instead of being an error.
    fn rule_refs_or_policy(
        &self,
        node: &Node,
        what: &str,
        mut policy_refs: Option<&mut Vec<PolicyRef>>,
    ) -> Result<Vec<String>, ConfigError> {
        let Some(items) = node.as_seq() else { return Err(self.err(node, format!("{what} must be a list"))) };
        let mut out = Vec::new();
        for n in items {
            let s = self.string(n, &format!("each entry of {what}"))?;
            if let Err(e) = select::expand(&s) {
                let Some(refs) = policy_refs.as_deref_mut() else { return Err(self.err(n, e)) };
                refs.push(PolicyRef {
                    id: s.clone(),
                    line: n.span.start.line,
                    column: n.span.start.column,
                    error: e,
                });
            }
            out.push(s);
        }
        Ok(out)
    }

    fn paths(&self, node: &Node, what: &str) -> Result<Vec<PathBuf>, ConfigError> {
        let base = self.path.parent().unwrap_or(Path::new(""));
        Ok(self.strings(node, what)?.into_iter().map(|p| base.join(p)).collect())
    }
}

pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
    let cx = Ctx { path };
    let stream = load_stream(text, Limits::default());
    if let Some(p) = stream.problems.first() {
        return Err(ConfigError {
            path: path.into(),
            line: p.span.start.line,
            column: p.span.start.column,
            message: p.message.clone(),
        });
    }
    let mut cfg = Config { path: path.into(), report_unused_suppressions: true, ..Config::default() };
    let Some(root) = stream.docs.first().and_then(|d| d.root.as_ref()) else { return Ok(cfg) };
    if stream.docs.len() > 1 {
        let second = stream.docs[1].span;
        return Err(ConfigError {
            path: path.into(),
            line: second.start.line,
            column: second.start.column,
            message: "the config file holds one YAML document".into(),
        });
    }
    let top = [
        "kube-version",
        "fail-on",
        "max-file-size",
        "exclude",
        "rules",
        "exemptions",
        "suppressions",
        "cross-object",
        "policies",
        "helm",
        "baseline",
    ];
    for (k, v) in cx.map(root, "the config", &top)? {
        match k {
            "kube-version" => {
                let s = cx.string(v, "kube-version")?;
                let t = s.trim_start_matches('v');
                let parts: Vec<&str> = t.split('.').collect();
                let num = |i: usize| parts.get(i).and_then(|x| x.parse::<u32>().ok());
                let (Some(a), Some(b), 2) = (num(0), num(1), parts.len()) else {
                    return Err(cx.err(v, format!("kube-version `{s}` is not MAJOR.MINOR (for example \"1.36\"); quote it so YAML keeps it a string")));
                };
                cfg.kube_version = Some((a, b));
            }
            "fail-on" => {
                let s = cx.string(v, "fail-on")?;
                cfg.fail_on = Some(if s == "never" {
                    None
                } else {
                    Some(Severity::parse(&s).ok_or_else(|| cx.err(v, format!("fail-on `{s}` is not a severity: use critical, high, medium, low, info or never")))?)
                });
            }
            "max-file-size" => {
                let n = v
                    .as_i64()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| cx.err(v, "max-file-size must be a positive number of bytes"))?;
                cfg.max_file_size = Some(n as u64);
            }
            "exclude" => {
                cfg.exclude = cx.strings(v, "exclude")?;
                for (g, n) in cfg.exclude.iter().zip(v.as_seq().unwrap_or(&[])) {
                    globset::Glob::new(g).map_err(|e| cx.err(n, format!("invalid glob `{g}`: {e}")))?;
                }
            }
            "rules" => {
                for (rk, rv) in cx.map(v, "rules", &["select", "ignore", "severity", "params"])? {
                    match rk {
                        "select" => cfg.select = Some(cx.rule_refs(rv, "rules.select")?),
                        "ignore" => cfg.ignore = cx.rule_refs(rv, "rules.ignore")?,
                        "params" => cfg.params = parse_params(&cx, rv)?,
                        _ => {
                            for (id, sev) in cx.map(rv, "rules.severity", &[])? {
                                let key = rv.entry(id).map(|e| &e.key).unwrap_or(rv);
                                let ids = match select::expand(id) {
                                    Ok(ids) => ids.into_iter().map(str::to_string).collect(),
                                    Err(e) => {
                                        // Perhaps a policy rule id: checked once policies load.
                                        cfg.policy_refs.push(PolicyRef {
                                            id: id.to_string(),
                                            line: key.span.start.line,
                                            column: key.span.start.column,
                                            error: e,
                                        });
                                        vec![id.to_string()]
                                    }
                                };
                                let s = cx.string(sev, "a severity")?;
                                let sev_v = Severity::parse(&s).ok_or_else(|| {
                                    cx.err(
                                        sev,
                                        format!(
                                            "`{s}` is not a severity: use critical, high, medium, low or info"
                                        ),
                                    )
                                })?;
                                for i in ids {
                                    cfg.severity.insert(i, sev_v);
                                }
                            }
                        }
                    }
                }
            }
            "exemptions" => {
                let Some(items) = v.as_seq() else { return Err(cx.err(v, "exemptions must be a list")) };
                for item in items {
                    let mut ex = Exemption {
                        rules: Vec::new(),
                        paths: Vec::new(),
                        resources: Vec::new(),
                        reason: String::new(),
                    };
                    for (ek, ev) in
                        cx.map(item, "an exemption", &["rules", "paths", "resources", "reason"])?
                    {
                        match ek {
                            "rules" => {
                                ex.rules =
                                    cx.rule_refs_or_policy(ev, "exemption rules", Some(&mut cfg.policy_refs))?
                            }
                            "paths" => ex.paths = cx.strings(ev, "exemption paths")?,
                            "resources" => ex.resources = cx.strings(ev, "exemption resources")?,
                            _ => ex.reason = cx.string(ev, "reason")?,
                        }
                    }
                    if ex.rules.is_empty() {
                        return Err(cx.err(item, "an exemption needs `rules`"));
                    }
                    if ex.reason.trim().is_empty() {
                        return Err(cx.err(item, "an exemption needs a `reason`"));
                    }
                    cfg.exemptions.push(ex);
                }
            }
            "helm" => cfg.helm = parse_helm(&cx, v)?,
            "baseline" => {
                let file = PathBuf::from(cx.string(v, "baseline")?);
                cfg.baseline = Some(match path.parent() {
                    Some(dir) if file.is_relative() => dir.join(file),
                    _ => file,
                });
            }
            "cross-object" => {
                for (_, cv) in cx.map(v, "cross-object", &["complete"])? {
                    cfg.complete_units = match cv.as_bool() {
                        Some(true) => vec!["**".to_string()],
                        Some(false) => Vec::new(),
                        None => {
                            let globs = cx.strings(cv, "cross-object.complete")?;
                            for (g, n) in globs.iter().zip(cv.as_seq().unwrap_or(&[])) {
                                globset::Glob::new(g)
                                    .map_err(|e| cx.err(n, format!("invalid glob `{g}`: {e}")))?;
                            }
                            globs
                        }
                    };
                }
            }
            "policies" => {
                let mut pc = PolicyConfig::default();
                for (pk, pv) in cx.map(v, "policies", &["paths", "namespaces", "data"])? {
                    match pk {
                        "paths" => pc.paths = cx.paths(pv, "policies.paths")?,
                        "namespaces" => pc.namespaces = cx.strings(pv, "policies.namespaces")?,
                        _ => pc.data = cx.paths(pv, "policies.data")?,
                    }
                }
                if pc.paths.is_empty() {
                    return Err(cx.err(v, "policies needs `paths` (directories or .rego files)"));
                }
                cfg.policies = Some(pc);
            }
            _ => {
                for (sk, sv) in cx.map(v, "suppressions", &["report-unused"])? {
                    debug_assert_eq!(sk, "report-unused");
                    cfg.report_unused_suppressions =
                        sv.as_bool().ok_or_else(|| cx.err(sv, "report-unused must be true or false"))?;
                }
            }
        }
    }
    Ok(cfg)
}

fn parse_helm(cx: &Ctx<'_>, v: &Node) -> Result<HelmConfig, ConfigError> {
    let mut h = HelmConfig::default();
    for (k, hv) in
        cx.map(v, "helm", &["release-name", "namespace", "ci-values", "dependency-dirs", "charts"])?
    {
        match k {
            "release-name" => h.release_name = Some(cx.string(hv, "helm.release-name")?),
            "namespace" => h.namespace = Some(cx.string(hv, "helm.namespace")?),
            "dependency-dirs" => h.dependency_dirs = cx.strings(hv, "helm.dependency-dirs")?,
            "ci-values" => {
                h.ci_values =
                    Some(hv.as_bool().ok_or_else(|| cx.err(hv, "helm.ci-values must be true or false"))?)
            }
            _ => {
                for (dir, cv) in cx.map(hv, "helm.charts", &[])? {
                    let mut c = HelmChartConfig::default();
                    for (ck, cvv) in cx.map(cv, "a helm.charts entry", &["values", "set"])? {
                        if ck == "values" {
                            c.values = cx.strings(cvv, "values")?;
                        } else {
                            for (key, val) in cx.map(cvv, "set", &[])? {
                                let text = match &val.value {
                                    Value::Scalar(s) => s.text.to_string(),
                                    _ => return Err(cx.err(val, "each set value must be a scalar")),
                                };
                                c.set.push(format!("{key}={text}"));
                            }
                        }
                    }
                    h.charts.insert(dir.to_string(), c);
                }
            }
        }
    }
    Ok(h)
}

/// A regular expression value (an error names its position).
fn regex_of(cx: &Ctx<'_>, node: &Node) -> Result<regex::Regex, ConfigError> {
    let s = cx.string(node, "a regular expression")?;
    regex::Regex::new(&s).map_err(|e| cx.err(node, format!("invalid regex `{s}`: {e}")))
}

/// K8S056: `cpu-request`, `cpu-limit`, `memory-request`, `memory-limit`, each `{min, max}`.
fn parse_bounds(
    cx: &Ctx<'_>,
    rule: &str,
    v: &Node,
) -> Result<Vec<crate::rules::params::ResourceBound>, ConfigError> {
    let mut out = Vec::new();
    let keys = ["cpu-request", "cpu-limit", "memory-request", "memory-limit"];
    for (k, b) in cx.map(v, rule, &keys)? {
        let (resource, field) = match k {
            "cpu-request" => ("cpu", "requests"),
            "cpu-limit" => ("cpu", "limits"),
            "memory-request" => ("memory", "requests"),
            _ => ("memory", "limits"),
        };
        let mut bound = crate::rules::params::ResourceBound { resource, field, min: None, max: None };
        for (which, q) in cx.map(b, k, &["min", "max"])? {
            let text = cx.string(q, "a quantity")?;
            let n = crate::model::quantity::nanos(&text).ok_or_else(|| {
                cx.err(
                    q,
                    format!("`{text}` is not a Kubernetes quantity (such as 500m, 2, 1.5Gi, 512Mi, 1e3)"),
                )
            })?;
            if which == "min" {
                bound.min = Some((text, n));
            } else {
                bound.max = Some((text, n));
            }
        }
        if let (Some((lo, a)), Some((hi, b2))) = (&bound.min, &bound.max)
            && a > b2
        {
            return Err(cx.err(b, format!("{k}: min {lo} is above max {hi}")));
        }
        out.push(bound);
    }
    Ok(out)
}

/// K8S158 `expressions`: `{name, expression, message, kinds}`, each compiled now so a bad
/// expression is an error at its position.
fn parse_expressions(cx: &Ctx<'_>, list: &Node) -> Result<Vec<crate::rules::params::CelCheck>, ConfigError> {
    let Some(items) = list.as_seq() else {
        return Err(cx.err(list, "expressions must be a list of {name, expression, message, kinds}"));
    };
    let mut out = Vec::new();
    for item in items {
        let (mut name, mut expression, mut message, mut kinds) = (None, None, None, Vec::new());
        for (k, v) in cx.map(item, "an expression", &["name", "expression", "message", "kinds"])? {
            match k {
                "name" => name = Some(cx.string(v, "name")?),
                "expression" => expression = Some((cx.string(v, "expression")?, v)),
                "message" => message = Some(cx.string(v, "message")?),
                _ => kinds = cx.strings(v, "kinds")?,
            }
        }
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return Err(cx.err(item, "an expression needs a `name`"));
        };
        let Some((expression, at)) = expression else {
            return Err(cx.err(item, "an expression needs an `expression` (CEL over `object`)"));
        };
        let program = cel::Program::compile(&expression).map_err(|e| {
            let first = e.errors.first();
            let detail = first.map_or_else(|| e.to_string(), |f| f.msg.clone());
            let pos = first.map_or(String::new(), |f| format!(" at {}:{}", f.pos.0, f.pos.1 + 1));
            cx.err(at, format!("invalid CEL expression `{expression}`{pos}: {detail}"))
        })?;
        out.push(crate::rules::params::CelCheck {
            name,
            expression,
            message,
            kinds,
            program: std::sync::Arc::new(program),
        });
    }
    Ok(out)
}

/// `rules.params`: parameters keyed by rule id or name.
fn parse_params(cx: &Ctx<'_>, node: &Node) -> Result<crate::rules::params::Params, ConfigError> {
    let mut p = crate::rules::params::Params::default();
    let names = [
        "K8S063",
        "image-registry-not-allowed",
        "K8S151",
        "required-labels",
        "K8S152",
        "required-annotations",
        "K8S056",
        "resource-quantity-out-of-bounds",
        "K8S158",
        "forbidden-annotation-or-expression",
    ];
    for (rule, v) in cx.map(node, "rules.params", &names)? {
        match rule {
            "K8S063" | "image-registry-not-allowed" => {
                for (_, list) in cx.map(v, rule, &["allowed-registries"])? {
                    p.allowed_registries = cx.strings(list, "allowed-registries")?;
                }
            }
            "K8S151" | "required-labels" => {
                for (_, list) in cx.map(v, rule, &["labels"])? {
                    p.required_labels = cx.strings(list, "labels")?;
                }
            }
            "K8S056" | "resource-quantity-out-of-bounds" => p.resource_bounds = parse_bounds(cx, rule, v)?,
            "K8S158" | "forbidden-annotation-or-expression" => {
                for (k, list) in cx.map(v, rule, &["forbidden-annotations", "expressions"])? {
                    if k == "expressions" {
                        p.expressions = parse_expressions(cx, list)?;
                        continue;
                    }
                    let Some(items) = list.as_seq() else {
                        return Err(cx.err(list, "forbidden-annotations must be a list of {key, value}"));
                    };
                    for item in items {
                        let (mut key, mut value) = (None, None);
                        for (ik, iv) in cx.map(item, "a forbidden annotation", &["key", "value"])? {
                            if ik == "key" {
                                key = Some(cx.string(iv, "key")?);
                            } else {
                                value = Some(regex_of(cx, iv)?);
                            }
                        }
                        let Some(key) = key.filter(|k| !k.is_empty()) else {
                            return Err(cx.err(item, "a forbidden annotation needs a `key`"));
                        };
                        p.forbidden_annotations.push((key, value));
                    }
                }
            }
            _ => {
                for (_, map) in cx.map(v, rule, &["annotations"])? {
                    for (key, pattern) in cx.map(map, "annotations", &[])? {
                        let s = cx.string(pattern, "an annotation pattern")?;
                        let re = if s.is_empty() {
                            None
                        } else {
                            Some(
                                regex::Regex::new(&s)
                                    .map_err(|e| cx.err(pattern, format!("invalid regex `{s}`: {e}")))?,
                            )
                        };
                        p.required_annotations.push((key.to_string(), re));
                    }
                }
            }
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Config, ConfigError> {
        parse(Path::new(".kubegate.yaml"), text)
    }

    #[test]
    fn reads_a_full_config() {
        let c = p("kube-version: \"1.30\"\nfail-on: critical\nexclude: [\"vendor/**\"]\nrules:\n  select: [default, pss-restricted]\n  ignore: [probes-identical]\n  severity:\n    K8S060: high\nexemptions:\n  - rules: [K8S040]\n    paths: [\"infra/**\"]\n    reason: node agent needs host paths\nsuppressions:\n  report-unused: false\n").unwrap();
        assert_eq!(c.kube_version, Some((1, 30)));
        assert_eq!(c.fail_on, Some(Some(Severity::Critical)));
        assert_eq!(c.select.as_deref(), Some(&["default".to_string(), "pss-restricted".to_string()][..]));
        assert_eq!(c.severity.get("K8S060"), Some(&Severity::High));
        assert_eq!(c.exemptions[0].reason, "node agent needs host paths");
        assert!(!c.report_unused_suppressions);
    }

    #[test]
    fn reads_policies_relative_to_the_config_file() {
        let c = parse(
            Path::new("repo/.kubegate.yaml"),
            "policies:\n  paths: [policy, ../shared/rules]\n  namespaces: [\"k8s.*\"]\n  data: [data.yaml]\nrules:\n  severity:\n    KGR003: low\nexemptions:\n  - rules: [main.deny]\n    reason: legacy\n",
        )
        .unwrap();
        let pc = c.policies.clone().unwrap();
        assert_eq!(pc.paths, [PathBuf::from("repo/policy"), PathBuf::from("repo/../shared/rules")]);
        assert_eq!(pc.namespaces, ["k8s.*"]);
        assert_eq!(pc.data, [PathBuf::from("repo/data.yaml")]);
        assert_eq!(c.severity.get("KGR003"), Some(&Severity::Low));
        // Not built-in: kept for the policies to resolve, with their positions.
        let refs: Vec<(&str, u32, u32)> =
            c.policy_refs.iter().map(|r| (r.id.as_str(), r.line, r.column)).collect();
        assert_eq!(refs, [("KGR003", 7, 5), ("main.deny", 9, 13)]);
        let ids: std::collections::BTreeSet<String> = ["KGR003".to_string(), "main.deny".to_string()].into();
        assert!(c.check_policy_refs(&ids).is_ok());
        let e = c.check_policy_refs(&Default::default()).unwrap_err();
        assert!(
            e.to_string().starts_with("repo/.kubegate.yaml:7:5: unknown rule or profile `KGR003`"),
            "{e}"
        );
        let e = p("policies:\n  path: [x]\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.contains("unknown key `path` in policies"), "{e}");
        let e = p("policies:\n  namespaces: [main]\n").unwrap_err();
        assert!(e.message.contains("needs `paths`"), "{e}");
    }

    #[test]
    fn errors_name_the_position() {
        let e = p("rules:\n  selct: [all]\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.to_string().starts_with(".kubegate.yaml:2:3: unknown key `selct` in rules"), "{e}");
        let e = p("rules:\n  select: [K8S001, nope]\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 20));
        let e = p("fail-on: sometimes\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 10));
        let e = p("exemptions:\n  - rules: [K8S040]\n").unwrap_err();
        assert!(e.message.contains("reason"), "{e}");
        let e = p("kube-version: 1.30.1\n").unwrap_err();
        assert!(e.message.contains("MAJOR.MINOR"), "{e}");
        let e = p("max-file-size: big\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e =
            p("rules:\n  params:\n    required-annotations:\n      annotations:\n        owner: \"([a-z\"\n")
                .unwrap_err();
        assert_eq!((e.line, e.column, e.message.starts_with("invalid regex")), (5, 16, true), "{e}");
        let e = p("rules:\n  params:\n    K8S063:\n      allowed: [ghcr.io]\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 7), "{e}");
        let e = p("helm:\n  charts:\n    web:\n      valuse: [a.yaml]\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 7));
        assert!(e.message.contains("unknown key `valuse` in a helm.charts entry"), "{e}");
        let e = p("helm:\n  ci-values: maybe\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 14));
    }

    #[test]
    fn reads_the_helm_section() {
        let c = p("helm:\n  release-name: web\n  namespace: prod\n  ci-values: true\n  charts:\n    charts/web:\n      values: [envs/prod.yaml]\n      set: {image.tag: \"1.0\", replicas: 3}\n").unwrap();
        assert_eq!(c.helm.release_name.as_deref(), Some("web"));
        assert_eq!(c.helm.ci_values, Some(true));
        let web = &c.helm.charts["charts/web"];
        assert_eq!(web.values, vec!["envs/prod.yaml".to_string()]);
        assert_eq!(web.set, vec!["image.tag=1.0".to_string(), "replicas=3".to_string()]);
    }

    #[test]
    fn rule_params_parse_by_id_or_name() {
        let c = p("rules:\n  params:\n    K8S063:\n      allowed-registries: [ghcr.io/acme]\n    required-labels:\n      labels: [owner]\n    K8S152:\n      annotations: {email: \"@example\\\\.com$\", runbook: \"\"}\n").unwrap();
        assert_eq!(c.params.allowed_registries, ["ghcr.io/acme"]);
        assert_eq!(c.params.required_labels, ["owner"]);
        let a: Vec<_> = c
            .params
            .required_annotations
            .iter()
            .map(|(k, r)| (k.as_str(), r.as_ref().map(|r| r.as_str())))
            .collect();
        assert_eq!(a, [("email", Some("@example\\.com$")), ("runbook", None)]);
        assert_eq!(c.params.configured_rules(), ["K8S063", "K8S151", "K8S152"]);
    }

    #[test]
    fn bounds_and_custom_constraints_parse_with_positions() {
        let c = p("rules:\n  params:\n    K8S056:\n      cpu-request: {min: 100m, max: 2}\n      memory-limit: {max: 1.5Gi}\n    forbidden-annotation-or-expression:\n      forbidden-annotations:\n        - key: a.io/x\n          value: \"^false$\"\n      expressions:\n        - name: r\n          expression: \"object.spec.replicas < 5\"\n          kinds: [Deployment]\n").unwrap();
        let b = &c.params.resource_bounds;
        assert_eq!((b[0].resource, b[0].field), ("cpu", "requests"));
        assert_eq!(b[0].min, Some(("100m".to_string(), 100_000_000)));
        assert_eq!(b[0].max, Some(("2".to_string(), 2_000_000_000)));
        assert_eq!(b[1].max.as_ref().map(|m| m.1), Some(3 * (1i128 << 29) * 1_000_000_000));
        assert_eq!(c.params.forbidden_annotations[0].0, "a.io/x");
        assert_eq!(c.params.expressions[0].kinds, ["Deployment"]);
        assert_eq!(c.params.configured_rules(), ["K8S056", "K8S158"]);

        let e = p("rules:\n  params:\n    K8S056:\n      cpu-request: {min: 1Kb}\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 26), "{e}");
        assert!(e.message.contains("not a Kubernetes quantity"), "{e}");
        let e = p("rules:\n  params:\n    K8S056:\n      memory-limit: {min: 2Gi, max: 1Gi}\n").unwrap_err();
        assert!(e.message.contains("min 2Gi is above max 1Gi"), "{e}");
        let e = p("rules:\n  params:\n    K8S056:\n      cpu: {min: 1}\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 7), "{e}");
        let e = p("rules:\n  params:\n    K8S158:\n      expressions:\n        - name: bad\n          expression: \"object.spec.(\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (6, 23), "{e}");
        assert!(e.message.starts_with("invalid CEL expression `object.spec.(` at 1:"), "{e}");
        let e = p("rules:\n  params:\n    K8S158:\n      expressions:\n        - expression: \"true\"\n")
            .unwrap_err();
        assert!(e.message.contains("needs a `name`"), "{e}");
        let e = p("rules:\n  params:\n    K8S158:\n      forbidden-annotations:\n        - key: x\n          value: \"(\"\n").unwrap_err();
        assert_eq!((e.line, e.column, e.message.starts_with("invalid regex")), (6, 18, true), "{e}");
    }
}
