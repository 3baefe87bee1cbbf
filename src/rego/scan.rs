//! Rego policies inside `kubegate scan`: the policy directories are compiled once into a
//! `PolicySet` (files that fail to parse become KG014 findings at their position and the
//! others still run), each rayon worker keeps its own clone of the prepared engine, and every
//! object `scan::check_stream` checks (plain manifests, rendered Helm and Kustomize objects) is
//! evaluated with conftest's semantics (rule names, exceptions). Each result becomes a finding:
//! rule id and severity from the rule's metadata, location from the result's `path` or `_loc`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Map, Value as Json};

use super::conftest::{Outcome, check_document_input_set, file_info};
use super::engine::{EngineOptions, PolicyEngine, RuleKind, display_path, find_rego_files, rule_kind};
use super::location::{locate_result, rule_identity};
use crate::diagnostic::{Finding, Severity, fingerprint};
use crate::model::{Document, SourceFile};
use crate::rules::core;
use crate::source::yaml::{Pos, Span, to_json};

/// Where the policies of a scan come from (`--policy`, `--namespace`, `--data`, or the
/// config's `policies:`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyOptions {
    /// Policy directories or `.rego` files (`*_test.rego` files are not loaded).
    pub paths: Vec<PathBuf>,
    /// Packages to query (conftest globs); empty: every package.
    pub namespaces: Vec<String>,
    /// `--data` files or directories (OPA loader semantics).
    pub data: Vec<PathBuf>,
}

/// What the findings of one rule (`data.<package>.<rule>`) are.
#[derive(Debug, Clone)]
struct RuleInfo {
    id: String,
    severity: Severity,
    name: String,
    help: Option<String>,
    /// The policy file (as found) of the first definition.
    file: String,
}

/// The compiled policies of a scan, shared by every worker.
pub struct PolicySet {
    /// Distinguishes sets in the per-thread engine cache.
    key: usize,
    engine: Option<PolicyEngine>,
    namespaces: Vec<String>,
    rules: BTreeMap<(String, String), RuleInfo>,
    /// Every id and `<package>.<rule>` name of `rules`.
    ids: BTreeSet<String>,
    /// KG014 findings for policy files that failed to load (reported once per scan; their
    /// paths are absolute until `scan` makes them relative to its root).
    pub load_findings: Vec<Finding>,
}

impl std::fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicySet")
            .field("namespaces", &self.namespaces)
            .field("rules", &self.rules.len())
            .field("load_findings", &self.load_findings.len())
            .finish()
    }
}

static NEXT_KEY: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    /// This worker's clone of the prepared engine, for the set with this key.
    static WORKER: RefCell<Option<(usize, regorus::Engine)>> = const { RefCell::new(None) };
}

/// A position and message read from a regorus error (`--> file:line:col` ... `error: msg`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorAt {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Reads regorus' error text: the `--> path:line:col` line and the final `error: ...` line.
pub fn parse_error(text: &str) -> Option<ErrorAt> {
    let arrow = text.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = arrow.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let file = parts.next()?.to_string();
    let message = text
        .lines()
        .rev()
        .find_map(|l| l.trim_start().strip_prefix("error: "))
        .unwrap_or("invalid policy")
        .to_string();
    Some(ErrorAt { file, line, column, message })
}

/// One line of a multi-line engine error (what follows `prefix: ` up to the snippet).
fn first_error_line(text: &str) -> String {
    text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string()
}

/// The path a policy file is reported under: relative to the scan root (with `..` when it
/// is outside, so text formats that prefix the root still open it from the shell).
pub fn shown_path(path: &str, root: &Path) -> String {
    let abs = crate::discover::absolute(Path::new(path));
    if abs.starts_with(root) {
        return crate::discover::rel_path(root, &abs);
    }
    let a: Vec<_> = abs.components().collect();
    let r: Vec<_> = root.components().collect();
    let common = a.iter().zip(&r).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); r.len() - common];
    parts.extend(a[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

fn policy_error(path: String, line: u32, column: u32, message: String) -> Finding {
    let span = (line > 0).then(|| {
        let p = Pos { line, column: column.max(1), offset: 0 };
        Span { start: p, end: p }
    });
    // The offset is unknown here; human output reads it from the file when it can.
    crate::scan::file_finding(&core::POLICY_ERROR, &path, span, message)
}

/// Gives a KG014 span its byte offsets from the policy text.
fn with_offsets(mut f: Finding, text: &str) -> Finding {
    if let Some(s) = &mut f.span {
        let mut offset = 0usize;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i + 1 == s.start.line as usize {
                let col: usize =
                    l.chars().take(s.start.column as usize - 1).map(char::len_utf8).sum::<usize>();
                let body = l.trim_end_matches(['\n', '\r']);
                s.start.offset = (offset + col.min(body.len())) as u32;
                s.end = Pos {
                    line: s.start.line,
                    column: body.chars().count() as u32 + 1,
                    offset: (offset + body.len()) as u32,
                };
                if s.end.offset < s.start.offset {
                    s.end = s.start;
                }
                break;
            }
            offset += l.len();
        }
    }
    f
}

fn custom<'a>(annotation: Option<&'a Json>, key: &str) -> Option<&'a str> {
    annotation?.get("custom")?.get(key)?.as_str()
}

impl PolicySet {
    /// Loads and compiles the policies. Usage errors (a missing path, no policy at all, bad
    /// data, a bad namespace pattern) are errors; a policy that does not parse or compile is
    /// a KG014 finding and the others still run.
    pub fn load(opts: &PolicyOptions) -> Result<PolicySet, String> {
        let files = find_rego_files(&opts.paths).map_err(|e| e.0)?;
        let files: Vec<PathBuf> =
            files.into_iter().filter(|f| !f.to_string_lossy().ends_with("_test.rego")).collect();
        if files.is_empty() {
            let shown: Vec<String> = opts.paths.iter().map(|p| display_path(p)).collect();
            return Err(format!(
                "no policies found in [{}] (test files `*_test.rego` are not loaded)",
                shown.join(" ")
            ));
        }
        let mut sources = Vec::new();
        for f in &files {
            let text = std::fs::read_to_string(f)
                .map_err(|e| format!("cannot read policy {}: {}", f.display(), super::io_error_text(&e)))?;
            sources.push((display_path(f), text));
        }
        let data = super::data::load_data(&opts.data).map_err(|e| e.0)?;
        let texts: BTreeMap<String, String> = sources.iter().cloned().collect();
        let mut load_findings = Vec::new();
        let bad = |path: &str, line: u32, column: u32, message: String, out: &mut Vec<Finding>| {
            // Absolute here; `scan` makes it relative to its root.
            let abs = crate::discover::absolute(Path::new(path)).to_string_lossy().replace('\\', "/");
            let f = policy_error(abs, line, column, format!("policy {path} does not load: {message}"));
            out.push(with_offsets(f, texts.get(path).map_or("", String::as_str)));
        };
        let engine =
            build(sources, &data, &mut |path, line, col, msg| bad(path, line, col, msg, &mut load_findings));
        let mut set = PolicySet {
            key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
            engine: None,
            namespaces: Vec::new(),
            rules: BTreeMap::new(),
            ids: BTreeSet::new(),
            load_findings,
        };
        let Some(engine) = engine else { return Ok(set) };
        let available = engine.namespaces();
        set.namespaces = if opts.namespaces.is_empty() {
            available
        } else {
            super::verify::filter_namespaces(&available, &opts.namespaces).map_err(|e| e.0)?
        };
        set.index_rules(&engine);
        set.ids = set.rules.values().flat_map(|i| [i.id.clone(), i.name.clone()]).collect();
        set.engine = Some(engine);
        Ok(set)
    }

    /// Rule ids, severities and names from `# METADATA` and `__rego_metadata__`.
    fn index_rules(&mut self, engine: &PolicyEngine) {
        let mut worker = engine.worker();
        worker.set_input(regorus::Value::from(Json::Object(Map::new())));
        // Every loaded package (not only the queried ones): config references stay valid
        // when --namespace narrows a run.
        for ns in &engine.namespaces() {
            let defs = engine.check_rules(ns);
            // `__rego_metadata__ := {"id": ..., "severity": ...}` (appshield/Trivy style).
            let legacy = worker
                .eval_rule(format!("data.{ns}.__rego_metadata__"))
                .ok()
                .and_then(|v| serde_json::to_value(&v).ok())
                .filter(Json::is_object);
            let package_ann: Option<Json> = engine
                .files
                .iter()
                .filter(|f| f.package == *ns)
                .flat_map(|f| super::rewrite::annotations(&f.source))
                .find(|a| a.package)
                .map(|a| a.value);
            let mut names: Vec<&str> = Vec::new();
            for d in defs {
                if !names.contains(&d.name.as_str()) {
                    names.push(&d.name);
                }
            }
            for name in names {
                let mine: Vec<&super::engine::RuleDef> = defs.iter().filter(|d| d.name == name).collect();
                // The rule's own annotation, when every annotated definition agrees on its id.
                let anns: Vec<Json> = mine
                    .iter()
                    .filter_map(|d| {
                        super::rewrite::annotations(&engine.files[d.file].source)
                            .into_iter()
                            .find(|a| !a.package && a.line == d.line as usize)
                            .map(|a| a.value)
                    })
                    .collect();
                let rule_ann = anns
                    .first()
                    .filter(|first| anns.iter().all(|a| custom(Some(a), "id") == custom(Some(first), "id")));
                let ann = rule_ann.or(package_ann.as_ref());
                let legacy_field = |k: &str| legacy.as_ref().and_then(|l| l.get(k)).and_then(Json::as_str);
                let id = custom(ann, "id")
                    .or_else(|| legacy_field("id"))
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{ns}.{name}"));
                let severity = custom(ann, "severity")
                    .or_else(|| legacy_field("severity"))
                    .and_then(Severity::parse)
                    .unwrap_or(match rule_kind(name) {
                        Some(RuleKind::Warning) => Severity::Medium,
                        _ => Severity::High,
                    });
                let help = custom(ann, "remediation")
                    .or_else(|| ann.and_then(|a| a.get("description")).and_then(Json::as_str))
                    .or_else(|| legacy_field("recommended_actions"))
                    .or_else(|| legacy_field("description"))
                    .map(str::to_string);
                let file = engine.files[mine[0].file].path.clone();
                self.rules.insert(
                    (ns.clone(), name.to_string()),
                    RuleInfo { id, severity, name: format!("{ns}.{name}"), help, file },
                );
            }
        }
    }

    /// True when at least one policy loaded.
    pub fn is_active(&self) -> bool {
        self.engine.is_some()
    }

    /// The rule ids findings can carry (for suppressions, severity overrides, exemptions):
    /// metadata ids and `<package>.<rule>` names.
    pub fn rule_ids(&self) -> &BTreeSet<String> {
        &self.ids
    }

    /// Evaluates every queried package on every document of one file.
    pub fn check(&self, file: &SourceFile, docs: &[Document<'_>]) -> Vec<Finding> {
        let Some(engine) = &self.engine else { return Vec::new() };
        if docs.is_empty() || self.namespaces.is_empty() {
            return Vec::new();
        }
        WORKER.with(|cell| {
            let mut slot = cell.borrow_mut();
            if engine.uses_conftest_data {
                // data.conftest.file changes per file: this file gets its own engine.
                match engine.worker_with_data(file_info(&file.path)) {
                    Ok(e) => *slot = Some((0, e)),
                    Err(e) => return vec![policy_error(file.path.clone(), 0, 0, e.0)],
                }
            } else if slot.as_ref().is_none_or(|(k, _)| *k != self.key) {
                *slot = Some((self.key, engine.worker()));
            }
            let mut out = Vec::new();
            for doc in docs {
                // One conversion of the document for every package.
                let input = regorus::Value::from(to_json(doc.root));
                if let Some((_, worker)) = slot.as_mut() {
                    worker.set_input(input.clone());
                }
                for ns in &self.namespaces {
                    let Some((key, worker)) = slot.as_mut() else { break };
                    let key = *key;
                    let run = std::panic::AssertUnwindSafe(|| check_document_input_set(engine, worker, ns));
                    match std::panic::catch_unwind(run) {
                        Ok(Ok(r)) => {
                            for o in r.failures.iter().chain(&r.warnings) {
                                out.push(self.finding(ns, o, doc));
                            }
                        }
                        Ok(Err(e)) => out.push(self.eval_error(ns, &e.0, doc)),
                        Err(_) => {
                            out.push(self.eval_error(ns, "the engine panicked", doc));
                            // Its state is unknown after a panic: a fresh engine, same input.
                            let fresh = if engine.uses_conftest_data {
                                engine
                                    .worker_with_data(file_info(&file.path))
                                    .unwrap_or_else(|_| engine.worker())
                            } else {
                                engine.worker()
                            };
                            *slot = Some((key, fresh));
                            if let Some((_, w)) = slot.as_mut() {
                                w.set_input(input.clone());
                            }
                        }
                    }
                }
            }
            if engine.uses_conftest_data {
                *slot = None;
            }
            out
        })
    }

    fn finding(&self, ns: &str, o: &Outcome, doc: &Document<'_>) -> Finding {
        let empty = Map::new();
        let md = o.metadata.as_ref().unwrap_or(&empty);
        let rule = md
            .get("query")
            .and_then(Json::as_str)
            .and_then(|q| q.rsplit('.').next())
            .unwrap_or("deny")
            .to_string();
        let info = self.rules.get(&(ns.to_string(), rule.clone()));
        let (id, severity) = match info {
            Some(i) => {
                let (rid, rsev) = rule_identity(ns, &rule, md, None);
                let id = if md.get("id").is_some() { rid } else { i.id.clone() };
                let sev = if md.get("severity").is_some() { rsev } else { i.severity };
                (id, sev)
            }
            None => rule_identity(ns, &rule, md, None),
        };
        let loc = o.loc.as_ref().map(|l| (l.file.as_str(), l.line.as_str()));
        let (span, object_path) = locate_result(doc.root, &doc.file.text, &doc.file.path, md, loc);
        let ident = &doc.identity;
        let fp = fingerprint(&[
            &id,
            &doc.file.path,
            ident.api_version.as_deref().unwrap_or(""),
            ident.kind.as_deref().unwrap_or(""),
            ident.namespace.as_deref().unwrap_or(""),
            ident.name.as_deref().unwrap_or(""),
            &object_path,
            &o.msg,
        ]);
        Finding {
            rule_id: Cow::Owned(id),
            rule_name: Cow::Owned(format!("{ns}.{rule}")),
            severity,
            message: o.msg.clone(),
            path: doc.file.path.clone(),
            span: Some(span),
            resource: Some(doc.resource()),
            object_path: Some(object_path),
            help: info.and_then(|i| i.help.clone()).map(Cow::Owned),
            fingerprint: fp,
            suppressed: None,
            origin: Vec::new(),
            rendered: None,
        }
    }

    /// An evaluation error: a KG014 finding on the document, naming the policy.
    fn eval_error(&self, ns: &str, error: &str, doc: &Document<'_>) -> Finding {
        let (policy, detail) = match parse_error(error) {
            Some(at) => (format!("{}:{}:{}", at.file, at.line, at.column), at.message),
            None => {
                let file = self
                    .rules
                    .iter()
                    .find(|((n, _), _)| n == ns)
                    .map(|(_, i)| i.file.clone())
                    .unwrap_or_default();
                (file, first_error_line(error))
            }
        };
        let what = doc.identity.kind.as_deref().unwrap_or("object");
        let name = doc.identity.name.as_deref().unwrap_or("");
        let message = format!(
            "policy package {ns} ({policy}) failed on {what} {name} (document {}): {detail}",
            doc.index
        );
        let (span, object_path) = locate_result(doc.root, &doc.file.text, &doc.file.path, &Map::new(), None);
        let mut f = crate::scan::file_finding(&core::POLICY_ERROR, &doc.file.path, Some(span), message);
        f.resource = Some(doc.resource());
        f.object_path = Some(object_path);
        f
    }
}

/// Compiles the sources; a file that fails is reported through `bad` and left out, and the
/// rest is compiled again. Returns `None` when nothing loads.
fn build(
    mut sources: Vec<(String, String)>,
    data: &Json,
    bad: &mut dyn FnMut(&str, u32, u32, String),
) -> Option<PolicyEngine> {
    let opts = EngineOptions::default();
    loop {
        if sources.is_empty() {
            return None;
        }
        match PolicyEngine::from_sources(sources.clone(), &opts) {
            Ok(mut engine) => {
                if let Err(e) = engine.add_data(data.clone()) {
                    bad(&sources[0].0, 0, 0, e.0);
                    return None;
                }
                // Calls of functions that do not exist are only found at evaluation: try
                // each rule once on an empty input so such a policy is reported at load.
                match dry_run(&engine) {
                    Some(at) if sources.iter().any(|(p, _)| *p == at.file) => {
                        bad(&at.file, at.line, at.column, at.message.clone());
                        sources.retain(|(p, _)| *p != at.file);
                    }
                    _ => return Some(engine),
                }
            }
            Err(_) => {
                // Find the files that fail, one by one (only on this slow path).
                let before = sources.len();
                let mut kept = Vec::new();
                for (path, text) in sources {
                    match PolicyEngine::from_sources(vec![(path.clone(), text.clone())], &opts) {
                        Ok(_) => kept.push((path, text)),
                        Err(e) => match parse_error(&e.0) {
                            Some(at) => bad(&path, at.line, at.column, at.message),
                            None => {
                                let msg = e.0.rsplit("get compiler: ").next().unwrap_or(&e.0).trim();
                                let line = msg
                                    .rsplit_once(" at line ")
                                    .and_then(|(_, l)| l.trim().parse().ok())
                                    .unwrap_or(0);
                                bad(&path, line, 1, first_error_line(msg));
                            }
                        },
                    }
                }
                if kept.len() == before {
                    // Every file compiles alone but not together (e.g. conflicting rules).
                    bad(&kept[0].0, 0, 0, "the policies do not compile together".into());
                    return None;
                }
                sources = kept;
            }
        }
    }
}

/// The first "could not find" error (an unknown function or rule) met when evaluating every
/// queried rule on `{}`.
fn dry_run(engine: &PolicyEngine) -> Option<ErrorAt> {
    let mut w = engine.worker();
    w.set_input(regorus::Value::from(Json::Object(Map::new())));
    for ns in engine.namespaces() {
        let mut names: BTreeSet<&str> = engine.check_rules(&ns).iter().map(|d| d.name.as_str()).collect();
        if engine.has_exception_rule(&ns) {
            names.insert("exception");
        }
        for name in names {
            if let Err(e) = w.eval_rule(format!("data.{ns}.{name}")) {
                let text = e.to_string();
                if let Some(at) = parse_error(&text).filter(|a| a.message.contains("could not find")) {
                    return Some(at);
                }
            }
        }
    }
    let _ = w.take_prints();
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regorus_errors_are_read_with_their_position() {
        let text = "\n--> /tmp/p/bad.rego:5:1\n  |\n5 | }\n  | ^\nerror: expecting expression";
        assert_eq!(
            parse_error(text),
            Some(ErrorAt {
                file: "/tmp/p/bad.rego".into(),
                line: 5,
                column: 1,
                message: "expecting expression".into()
            })
        );
        assert_eq!(parse_error("no position here"), None);
    }

    #[test]
    fn policy_paths_are_relative_to_the_root() {
        let root = Path::new("/repo/apps");
        assert_eq!(shown_path("/repo/apps/policy/p.rego", root), "policy/p.rego");
        assert_eq!(shown_path("/repo/policy/p.rego", root), "../policy/p.rego");
        assert_eq!(shown_path("/other/p.rego", root), "../../other/p.rego");
    }

    #[test]
    fn a_bad_file_is_left_out_and_reported() {
        let mut bad = Vec::new();
        let e = build(
            vec![
                ("a.rego".into(), "package a\ndeny contains \"x\" if {\n  input.x ==\n}\n".into()),
                ("b.rego".into(), "package b\ndeny contains \"y\" if { input.kind == \"Pod\" }\n".into()),
                ("c.rego".into(), "package c\ndeny contains \"z\" if { nope(1) }\n".into()),
            ],
            &Json::Object(Map::new()),
            &mut |p, l, c, m| bad.push(format!("{p}:{l}:{c}: {m}")),
        )
        .unwrap();
        assert_eq!(e.namespaces(), ["b"]);
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert_eq!(bad[0], "a.rego:4:1: expecting expression");
        assert!(bad[1].starts_with("c.rego:2:"), "{bad:?}");
        assert!(bad[1].contains("could not find function nope"), "{bad:?}");
    }
}
