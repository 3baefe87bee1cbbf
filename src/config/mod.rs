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
    /// The baseline file (`baseline:`), resolved against the config file's directory.
    pub baseline: Option<PathBuf>,
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
        let Some(items) = node.as_seq() else { return Err(self.err(node, format!("{what} must be a list"))) };
        let mut out = Vec::new();
        for n in items {
            let s = self.string(n, &format!("each entry of {what}"))?;
            select::expand(&s).map_err(|e| self.err(n, e))?;
            out.push(s);
        }
        Ok(out)
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
            "baseline" => {
                let file = PathBuf::from(cx.string(v, "baseline")?);
                cfg.baseline = Some(match path.parent() {
                    Some(dir) if file.is_relative() => dir.join(file),
                    _ => file,
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
                for (rk, rv) in cx.map(v, "rules", &["select", "ignore", "severity"])? {
                    match rk {
                        "select" => cfg.select = Some(cx.rule_refs(rv, "rules.select")?),
                        "ignore" => cfg.ignore = cx.rule_refs(rv, "rules.ignore")?,
                        _ => {
                            for (id, sev) in cx.map(rv, "rules.severity", &[])? {
                                let key = rv.entry(id).map(|e| &e.key).unwrap_or(rv);
                                let ids = select::expand(id).map_err(|e| cx.err(key, e))?;
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
                                    cfg.severity.insert(i.to_string(), sev_v);
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
                            "rules" => ex.rules = cx.rule_refs(ev, "exemption rules")?,
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
    }
}
