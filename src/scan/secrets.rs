//! Secret detection in the scan. Every text file is scanned as text (`rules::secrets::scan_text`);
//! every loaded YAML/JSON stream is also judged structurally, where the text alone cannot
//! tell: each key of a `kind: Secret` (`data` base64-decoded, `stringData`), `env` entries
//! whose secret-like `name` is on another line than the literal `value`, secret-named keys of
//! ConfigMaps and values files, `.dockerconfigjson`, kubeconfig users, Argo CD repository
//! Secrets, Kustomize `secretGenerator` literals, and plaintext left in SOPS-managed files.
//! Encrypted or referenced material (SOPS `ENC[...]` and its `sops:` block, SealedSecret
//! `encryptedData`, templates, `checksum/*` annotations) is never reported.
//!
//! A value judged structurally is authoritative: text matches inside it are dropped, so one
//! secret gives one finding. Findings carry the secret only as a redacted form and a
//! fingerprint; their span covers the secret (or the value holding it) so renderers can mask it.

use std::borrow::Cow;
use std::ops::Range;

use regex::Regex;

use super::ScanOptions;
use crate::diagnostic::{Finding, ResourceRef};
use crate::model::Identity;
use crate::rules::secrets::{
    self, KeyKind, SecretMatch, SecretRule, ValueClass, catalog, classify_value, generic, key_kind, redact,
    scan_key_value, scan_text,
};
use crate::source::yaml::{LoadedStream, Node, Pos, Span, Value};

/// Whether any secret rule runs in this scan (decided once per scan).
pub(crate) fn any_enabled(opts: &ScanOptions) -> bool {
    !opts.load_only && super::active(opts).secrets
}

fn enabled(opts: &ScanOptions, id: &str) -> bool {
    match &opts.rules {
        None => true,
        Some(set) => set.contains(id),
    }
}

/// One secret found, before it becomes a finding.
struct Hit {
    rule: &'static SecretRule,
    /// Byte range in the file (the secret, or the value holding it).
    span: Range<usize>,
    redacted: String,
    /// `redact::fingerprint` of the secret (hash of rule id and value).
    secret_fp: String,
    /// Where, in words (`Secret default/db key "password"`), for structural hits.
    context: Option<String>,
    resource: Option<std::sync::Arc<ResourceRef>>,
    object_path: Option<String>,
}

impl Hit {
    fn from_match(m: &SecretMatch, span: Range<usize>) -> Hit {
        Hit {
            rule: m.rule,
            span,
            redacted: m.redacted.clone(),
            secret_fp: m.fingerprint.clone(),
            context: None,
            resource: None,
            object_path: None,
        }
    }

    fn literal(rule: &'static SecretRule, secret: &str, span: Range<usize>) -> Hit {
        Hit {
            rule,
            span,
            redacted: redact::redact(secret),
            secret_fp: redact::fingerprint(rule.id, secret),
            context: None,
            resource: None,
            object_path: None,
        }
    }
}

/// The fingerprint a secret finding carries: location-independent (rule, file, secret), keyed
/// with the baseline's salt when there is one (`kubegate baseline`, `--baseline`).
pub(crate) fn finding_fingerprint(salt: Option<&[u8]>, rule_id: &str, path: &str, secret_fp: &str) -> String {
    let salt = salt.unwrap_or(b"kubegate-secret-finding-v1");
    let message = format!("{path}\0{secret_fp}");
    let mut fp = redact::salted_fingerprint(salt, rule_id, &message);
    fp.truncate(32);
    fp
}

/// The secrets of one file: `text` scanned as text, and `stream` (when the file was loaded as
/// YAML/JSON) judged structurally. Findings are in file order.
pub(crate) fn scan_file(
    path: &str,
    text: &str,
    stream: Option<&LoadedStream>,
    opts: &ScanOptions,
) -> Vec<Finding> {
    if !any_enabled(opts) {
        return Vec::new();
    }
    let mut judge = Judge { text, hits: Vec::new(), covered: Vec::new() };
    if let Some(stream) = stream {
        judge.stream(stream);
    }
    let Judge { mut hits, covered, .. } = judge;
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    for m in scan_text(text) {
        if !covered.iter().any(|c| overlaps(c, &m.span)) {
            let span = m.span.clone();
            hits.push(Hit::from_match(&m, span));
        } else if m.rule.kind != secrets::rule::Kind::Generic {
            // The text pass saw the provider (its keyword may be in the key, outside the
            // value): name it instead of the generic verdict of the structural pass.
            for h in hits.iter_mut().filter(|h| overlaps(&h.span, &m.span)) {
                if h.rule.kind == secrets::rule::Kind::Generic {
                    h.rule = m.rule;
                    h.span = m.span.clone();
                    h.redacted = m.redacted.clone();
                    h.secret_fp = m.fingerprint.clone();
                }
            }
        }
    }
    hits.retain(|h| enabled(opts, h.rule.id));
    hits.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.id.cmp(b.rule.id)));
    hits.dedup_by(|b, a| a.span == b.span && a.secret_fp == b.secret_fp);
    if hits.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(text);
    hits.into_iter().map(|h| to_finding(h, path, &lines, opts)).collect()
}

fn to_finding(h: Hit, path: &str, lines: &LineIndex, opts: &ScanOptions) -> Finding {
    let meta = crate::rules::find(h.rule.id);
    let severity = meta.map_or(crate::diagnostic::Severity::High, |m| m.severity);
    let short = &h.secret_fp[..12.min(h.secret_fp.len())];
    let message = match &h.context {
        Some(c) => format!("{} ({c}): {} (fingerprint {short})", h.rule.title, h.redacted),
        None => format!("{}: {} (fingerprint {short})", h.rule.title, h.redacted),
    };
    let fingerprint = finding_fingerprint(opts.secret_salt.as_deref(), h.rule.id, path, &h.secret_fp);
    Finding {
        rule_id: Cow::Borrowed(h.rule.id),
        rule_name: Cow::Borrowed(h.rule.name),
        severity,
        message,
        path: path.to_string(),
        span: Some(Span { start: lines.pos(h.span.start), end: lines.pos(h.span.end) }),
        resource: h.resource,
        object_path: h.object_path,
        help: Some(Cow::Borrowed(catalog::REMEDIATION)),
        fingerprint,
        suppressed: None,
        origin: Vec::new(),
        rendered: None,
    }
}

/// Byte offset → line and column (in characters).
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }
    fn pos(&self, at: usize) -> Pos {
        let at = at.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= at) - 1;
        let column = self.text.get(self.starts[line]..at).map_or(0, |s| s.chars().count());
        Pos { line: line as u32 + 1, column: column as u32 + 1, offset: at as u32 }
    }
}

/// Which keys of a SOPS file are meant to be encrypted (the rules recorded in its `sops:`).
struct SopsRules {
    encrypted_regex: Option<Regex>,
    unencrypted_regex: Option<Regex>,
    encrypted_suffix: Option<String>,
    unencrypted_suffix: Option<String>,
}

impl SopsRules {
    fn of(sops: &Node) -> Option<SopsRules> {
        let map = sops.as_map()?;
        if !map.iter().any(|e| matches!(e.key.scalar_text(), Some("mac" | "lastmodified" | "version"))) {
            return None;
        }
        let s =
            |k: &str| sops.get(k).and_then(Node::scalar_text).filter(|v| !v.is_empty()).map(str::to_string);
        let re = |k: &str| s(k).and_then(|r| Regex::new(&r).ok());
        Some(SopsRules {
            encrypted_regex: re("encrypted_regex"),
            unencrypted_regex: re("unencrypted_regex"),
            encrypted_suffix: s("encrypted_suffix"),
            unencrypted_suffix: s("unencrypted_suffix"),
        })
    }

    /// Whether the subtree under `key` is encrypted, given whether its parent's is.
    fn encrypts(&self, key: &str, parent: bool) -> bool {
        if let Some(re) = &self.encrypted_regex {
            return parent || re.is_match(key);
        }
        if let Some(suffix) = &self.encrypted_suffix {
            return parent || key.ends_with(suffix.as_str());
        }
        if let Some(re) = &self.unencrypted_regex {
            return parent && !re.is_match(key);
        }
        let suffix = self.unencrypted_suffix.as_deref().unwrap_or("_unencrypted");
        parent && !key.ends_with(suffix)
    }

    /// Whether a top-level value is encrypted before any key is seen.
    fn default_encrypted(&self) -> bool {
        self.encrypted_regex.is_none() && self.encrypted_suffix.is_none()
    }
}

/// Keys of an Argo CD repository/cluster Secret that hold credentials.
const ARGOCD_KEYS: &[&str] =
    &["password", "sshPrivateKey", "githubAppPrivateKey", "tlsClientCertKey", "config"];

/// Key words that name something public or descriptive, not a secret.
const PUBLIC_WORDS: &[&str] = &[
    "user",
    "username",
    "login",
    "email",
    "mail",
    "host",
    "hostname",
    "port",
    "url",
    "uri",
    "endpoint",
    "database",
    "db",
    "dbname",
    "name",
    "namespace",
    "region",
    "bucket",
    "type",
    "project",
    "cluster",
    "server",
    "domain",
    "path",
    "file",
    "mode",
    "protocol",
    "scheme",
    "version",
    "realm",
    "issuer",
    "audience",
    "id",
    "account",
    "org",
    "organization",
    "tenant",
    "zone",
    "address",
    "crt",
    "cert",
    "certificate",
    "pub",
    "ca",
    "hosts",
    "enabled",
    "size",
    "timeout",
    "level",
    "format",
    "schema",
    "table",
    "topic",
    "queue",
    "channel",
    "role",
    "scope",
    "scopes",
    "group",
    "groups",
    "label",
    "labels",
    "image",
    "repo",
    "repository",
    "branch",
    "ref",
];

fn public_key_name(key: &str) -> bool {
    let words = generic::key_words(key);
    let lower = key.to_ascii_lowercase();
    lower.ends_with(".crt")
        || lower.ends_with(".pem") && lower.contains("ca")
        || lower.ends_with(".pub")
        || lower.ends_with(".cer")
        || lower.ends_with(".der")
        || lower == "known_hosts"
        || words.last().is_some_and(|w| PUBLIC_WORDS.contains(&w.as_str()))
}

/// The credential a docker config field holds (`auth` is base64 of `user:password`), when
/// it is a literal.
fn registry_secret(field: &str, v: &str) -> Option<String> {
    let secret = match secrets::decode_base64(v).and_then(|b| String::from_utf8(b).ok()) {
        Some(pair) if field == "auth" => pair.split_once(':').map(|(_, p)| p.to_string()).unwrap_or(pair),
        _ => v.to_string(),
    };
    (secret.len() >= 3 && classify_value(&secret) == ValueClass::Literal).then_some(secret)
}

/// Provider formats in a value whose key comes from structure: the value alone, then the
/// value with its key before it (`TWILIO_API_KEY=SK…`: rules whose keyword is the provider's
/// name need it), then the generic judgement of the key (`scan_key_value`). Spans are byte
/// ranges of `value`.
fn scan_with_key(key: &str, value: &str) -> Vec<SecretMatch> {
    let alone = scan_text(value);
    if !alone.is_empty() {
        return alone;
    }
    let prefix = key.len() + 1;
    let keyed: Vec<SecretMatch> = scan_text(&format!("{key}={value}"))
        .into_iter()
        .filter(|m| m.span.start >= prefix && m.rule.kind != secrets::rule::Kind::Generic)
        .map(|mut m| {
            m.span = m.span.start - prefix..m.span.end - prefix;
            m
        })
        .collect();
    if !keyed.is_empty() {
        return keyed;
    }
    secrets::generic_key_value(key, value)
}

/// A cheap superset of `key_kind(key).is_some()` (no allocation, one pass over the key):
/// every secret-like key holds one of these stems, so most keys of a manifest are passed over
/// at once.
fn may_name_secret(key: &str) -> bool {
    let b = key.as_bytes();
    let at =
        |i: usize, stem: &[u8]| b.len() >= i + stem.len() && b[i..i + stem.len()].eq_ignore_ascii_case(stem);
    (0..b.len()).any(|i| match b[i] | 0x20 {
        b'p' => at(i, b"pass") || at(i, b"pwd"),
        b'c' => at(i, b"credential") || at(i, b"contrasena"),
        b's' => at(i, b"secret"),
        b't' => at(i, b"token"),
        b'k' => at(i, b"key"),
        b'a' => at(i, b"auth"),
        _ => false,
    })
}

/// The structural pass over one file's loaded stream.
struct Judge<'t> {
    text: &'t str,
    hits: Vec<Hit>,
    /// Spans judged structurally: text matches inside them are dropped.
    covered: Vec<Range<usize>>,
}

impl<'t> Judge<'t> {
    fn stream(&mut self, stream: &LoadedStream) {
        let sops = stream
            .docs
            .iter()
            .filter_map(|d| d.root.as_ref()?.get("sops"))
            .find_map(|s| SopsRules::of(s).map(|r| (r, s.span)));
        for d in &stream.docs {
            let Some(root) = &d.root else { continue };
            let identity = Identity::of(root);
            let resource = identity.is_object().then(|| {
                std::sync::Arc::new(ResourceRef {
                    api_version: identity.api_version.clone(),
                    kind: identity.kind.clone(),
                    namespace: identity.namespace.clone(),
                    name: identity.name.clone(),
                    document: d.index,
                })
            });
            let before = self.hits.len();
            if let Some((rules, _)) = &sops {
                self.sops_document(root, rules);
            } else {
                self.document(root, &identity);
            }
            for h in &mut self.hits[before..] {
                h.resource = resource.clone();
            }
        }
        if let Some((_, span)) = sops {
            // The `sops:` block: MAC, key groups, recipients — metadata, never secrets.
            self.covered.push(span.byte_range());
        }
    }

    /// Where the `sub` range of a node's value is in the file: the value text is searched
    /// in the node's source (plain, quoted without escapes, one line of a block scalar);
    /// otherwise the whole node.
    fn locate(&self, node: &Node, value: &str, sub: Range<usize>) -> Range<usize> {
        let whole = node.span.byte_range();
        let (Some(src), Some(needle)) = (self.text.get(whole.clone()), value.get(sub)) else {
            return whole;
        };
        match (needle.is_empty(), src.find(needle)) {
            (false, Some(i)) => whole.start + i..whole.start + i + needle.len(),
            _ => whole,
        }
    }

    fn push(&mut self, mut hit: Hit, context: Option<String>, path: String) {
        hit.context = context;
        hit.object_path = Some(path);
        self.hits.push(hit);
    }

    /// Judge a value under a known key (`scan_key_value`); generic findings are reported as
    /// `generic` when given (ConfigMap). Returns whether anything was found.
    fn key_value(
        &mut self,
        key: &str,
        node: &Node,
        value: &str,
        generic_as: Option<&'static SecretRule>,
        context: Option<String>,
        path: &str,
    ) {
        self.covered.push(node.span.byte_range());
        for m in scan_with_key(key, value) {
            let span = self.locate(node, value, m.span.clone());
            let mut hit = Hit::from_match(&m, span);
            if let Some(rule) = generic_as
                && m.rule.kind == secrets::rule::Kind::Generic
            {
                hit.rule = rule;
            }
            self.push(hit, context.clone(), path.to_string());
        }
    }

    fn document(&mut self, root: &Node, identity: &Identity) {
        // `checksum/*` annotations are digests of other files.
        if let Some(annotations) =
            root.get("metadata").and_then(|m| m.get("annotations")).and_then(Node::as_map)
        {
            for e in annotations {
                if e.key.scalar_text().is_some_and(|k| k.starts_with("checksum/")) {
                    self.covered.push(e.value.span.byte_range());
                }
            }
        }
        let api = identity.api_version.as_deref().unwrap_or("");
        match identity.kind.as_deref().unwrap_or("") {
            "Secret" if api == "v1" || api.is_empty() => self.secret(root, identity),
            "SealedSecret" => {
                if let Some(enc) = root.get("spec").and_then(|s| s.get("encryptedData")) {
                    self.covered.push(enc.span.byte_range());
                }
            }
            "ConfigMap" => self.config_map(root),
            "Config" if root.get("users").is_some() => self.kubeconfig(root),
            "CustomResourceDefinition" => {}
            _ if api.contains("external-secrets.io") => {}
            _ => {
                if root.get("auths").is_some_and(|a| a.as_map().is_some()) {
                    self.docker_auths(root.get("auths").unwrap_or(root), "auths", None);
                }
                if let Some(generators) = root.get("secretGenerator").and_then(Node::as_seq) {
                    self.secret_generator(generators);
                }
                self.walk(root, &mut String::new());
            }
        }
    }

    /// Every secret-like `key: value` and every `{name, value}` pair (env lists, Helm
    /// `extraEnv`, Argo CD `helm.parameters`) below `node`.
    fn walk(&mut self, node: &Node, path: &mut String) {
        match &node.value {
            Value::Map(entries) => {
                let name = node.get("name").and_then(Node::as_str);
                let value = node.entry("value");
                if let (Some(name), Some(value)) = (name, value)
                    && may_name_secret(name)
                    && let Some(v) = value.value.as_str()
                    && node.get("valueFrom").is_none()
                {
                    let at = format!("{path}.value");
                    let what = format!("env `{name}`");
                    self.key_value(name, &value.value, v, None, Some(what), at.trim_start_matches('.'));
                }
                for e in entries {
                    let Some(key) = e.key.scalar_text() else { continue };
                    let len = path.len();
                    path.push('.');
                    path.push_str(key);
                    match &e.value.value {
                        Value::Scalar(_) => {
                            if key != "value"
                                && may_name_secret(key)
                                && key_kind(key).is_some()
                                && let Some(v) = e.value.as_str()
                            {
                                let p = path.trim_start_matches('.').to_string();
                                self.key_value(key, &e.value, v, None, None, &p);
                            }
                        }
                        _ => self.walk(&e.value, path),
                    }
                    path.truncate(len);
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    self.walk(item, path);
                    path.truncate(len);
                }
            }
            Value::Scalar(_) => {}
        }
    }

    fn secret(&mut self, root: &Node, identity: &Identity) {
        let argocd = root
            .get("metadata")
            .and_then(|m| m.get("labels"))
            .and_then(|l| l.get("argocd.argoproj.io/secret-type"))
            .is_some();
        let name = format!(
            "Secret {}{}",
            identity.namespace.as_deref().map(|n| format!("{n}/")).unwrap_or_default(),
            identity.name.as_deref().unwrap_or("")
        );
        for (field, base64) in [("data", true), ("stringData", false)] {
            let Some(entries) = root.get(field).and_then(Node::as_map) else { continue };
            for e in entries {
                let (Some(key), Some(raw)) = (e.key.scalar_text(), e.value.scalar_text()) else { continue };
                self.covered.push(e.value.span.byte_range());
                let path = format!("{field}.{key}");
                let context = Some(format!("{name} key `{key}`"));
                let rule = if argocd && ARGOCD_KEYS.contains(&key) {
                    &catalog::ARGOCD_CREDENTIAL
                } else {
                    &catalog::KUBERNETES_SECRET
                };
                let decoded = if base64 { secrets::decode_base64(raw) } else { None };
                let value: Cow<'_, str> = match &decoded {
                    Some(bytes) => match std::str::from_utf8(bytes) {
                        Ok(s) => Cow::Borrowed(s),
                        Err(_) => {
                            if bytes.len() >= 16 && !public_key_name(key) {
                                let mut hit = Hit::literal(rule, raw, e.value.span.byte_range());
                                hit.redacted = format!("<{} bytes of binary data>", bytes.len());
                                self.push(hit, context, path);
                            }
                            continue;
                        }
                    },
                    None => Cow::Borrowed(raw),
                };
                if key == ".dockerconfigjson" || key == ".dockercfg" {
                    if let Ok(json) = serde_json::from_str::<serde_json::Value>(&value) {
                        let auths = json.get("auths").unwrap_or(&json);
                        self.docker_json(auths, &e.value, decoded.is_some(), &value, context, &path);
                    }
                    continue;
                }
                // Decoded values are reported at the whole (encoded) value.
                let at = |judge: &Self, sub: Range<usize>| {
                    if decoded.is_some() {
                        e.value.span.byte_range()
                    } else {
                        judge.locate(&e.value, &value, sub)
                    }
                };
                let found: Vec<SecretMatch> = scan_with_key(key, &value)
                    .into_iter()
                    .filter(|m| m.rule.kind != secrets::rule::Kind::Generic)
                    .collect();
                if !found.is_empty() {
                    for m in found {
                        let span = at(self, m.span.clone());
                        let mut hit = Hit::from_match(&m, span);
                        if m.rule.kind == secrets::rule::Kind::Generic {
                            hit.rule = rule;
                        }
                        self.push(hit, context.clone(), path.clone());
                    }
                    continue;
                }
                let trimmed = value.trim();
                if classify_value(trimmed) != ValueClass::Literal {
                    continue;
                }
                let secret = match key_kind(key) {
                    Some(kind) => generic::value_is_secret(kind, trimmed),
                    None => {
                        (argocd && ARGOCD_KEYS.contains(&key))
                            || (!public_key_name(key) && generic::value_is_secret(KeyKind::Token, trimmed))
                    }
                };
                if secret {
                    let start = value.len() - value.trim_start().len();
                    let span = at(self, start..start + trimmed.len());
                    self.push(Hit::literal(rule, trimmed, span), context, path);
                }
            }
        }
    }

    /// A docker config JSON (`auths` map or legacy `.dockercfg` map of registries).
    fn docker_json(
        &mut self,
        auths: &serde_json::Value,
        node: &Node,
        encoded: bool,
        value: &str,
        context: Option<String>,
        path: &str,
    ) {
        let Some(map) = auths.as_object() else { return };
        for (registry, entry) in map {
            for field in ["password", "identitytoken", "auth"] {
                let Some(v) = entry.get(field).and_then(|v| v.as_str()) else { continue };
                let Some(secret) = registry_secret(field, v) else { continue };
                let span = if encoded {
                    node.span.byte_range()
                } else {
                    value.find(v).map_or(node.span.byte_range(), |i| self.locate(node, value, i..i + v.len()))
                };
                let mut hit = Hit::literal(&catalog::DOCKERCONFIG_CREDENTIAL, &secret, span);
                hit.context = Some(format!(
                    "{}registry `{registry}` {field}",
                    context.as_deref().map(|c| format!("{c}, ")).unwrap_or_default()
                ));
                hit.object_path = Some(path.to_string());
                self.hits.push(hit);
            }
        }
    }

    /// `config.json`-style `auths` in a YAML/JSON document (not inside a Secret).
    fn docker_auths(&mut self, auths: &Node, path: &str, context: Option<String>) {
        self.covered.push(auths.span.byte_range());
        for e in auths.as_map().unwrap_or(&[]) {
            let registry = e.key.scalar_text().unwrap_or("");
            for field in ["password", "identitytoken", "auth"] {
                let Some(node) = e.value.get(field) else { continue };
                let Some(v) = node.as_str() else { continue };
                let Some(secret) = registry_secret(field, v) else { continue };
                let span = self.locate(node, v, 0..v.len());
                let what = format!(
                    "{}registry `{registry}` {field}",
                    context.as_deref().map(|c| format!("{c}, ")).unwrap_or_default()
                );
                self.push(
                    Hit::literal(&catalog::DOCKERCONFIG_CREDENTIAL, &secret, span),
                    Some(what),
                    format!("{path}.{registry}.{field}"),
                );
            }
        }
    }

    fn config_map(&mut self, root: &Node) {
        for field in ["data", "binaryData"] {
            let Some(entries) = root.get(field).and_then(Node::as_map) else { continue };
            for e in entries {
                let (Some(key), Some(v)) = (e.key.scalar_text(), e.value.as_str()) else { continue };
                if key_kind(key).is_some() {
                    let path = format!("{field}.{key}");
                    let what = Some(format!("ConfigMap key `{key}`"));
                    self.key_value(key, &e.value, v, Some(&catalog::CONFIGMAP_SECRET), what, &path);
                }
            }
        }
    }

    fn kubeconfig(&mut self, root: &Node) {
        let Some(users) = root.get("users").and_then(Node::as_seq) else { return };
        for (i, u) in users.iter().enumerate() {
            let who = u.get("name").and_then(Node::scalar_text).unwrap_or("").to_string();
            let Some(user) = u.get("user") else { continue };
            let mut fields: Vec<(String, &Node)> = Vec::new();
            for k in ["token", "password", "client-key-data"] {
                if let Some(n) = user.get(k) {
                    fields.push((format!("users[{i}].user.{k}"), n));
                }
            }
            if let Some(config) = user.get("auth-provider").and_then(|a| a.get("config")) {
                for k in ["id-token", "refresh-token", "client-secret", "access-token"] {
                    if let Some(n) = config.get(k) {
                        fields.push((format!("users[{i}].user.auth-provider.config.{k}"), n));
                    }
                }
            }
            for (path, node) in fields {
                let Some(v) = node.as_str() else { continue };
                self.covered.push(node.span.byte_range());
                let v = v.trim();
                if v.len() < 8 || classify_value(v) != ValueClass::Literal {
                    continue;
                }
                if path.ends_with("client-key-data")
                    && !secrets::decode_base64(v)
                        .is_some_and(|b| String::from_utf8_lossy(&b).contains("PRIVATE KEY"))
                {
                    continue;
                }
                let what = Some(format!("kubeconfig user `{who}`"));
                let found = scan_text(v);
                if found.is_empty() {
                    let span = self.locate(node, v, 0..v.len());
                    self.push(
                        Hit::literal(&catalog::KUBECONFIG_CREDENTIAL, v, span),
                        what.clone(),
                        path.clone(),
                    );
                }
                for m in found {
                    let span = self.locate(node, v, m.span.clone());
                    self.push(Hit::from_match(&m, span), what.clone(), path.clone());
                }
            }
        }
    }

    /// Kustomize `secretGenerator[].literals` (`key=value`).
    fn secret_generator(&mut self, generators: &[Node]) {
        for (i, g) in generators.iter().enumerate() {
            let Some(literals) = g.get("literals").and_then(Node::as_seq) else { continue };
            for (j, lit) in literals.iter().enumerate() {
                let Some(text) = lit.as_str() else { continue };
                let Some((key, value)) = text.split_once('=') else { continue };
                let path = format!("secretGenerator[{i}].literals[{j}]");
                let what = Some(format!("secretGenerator literal `{key}`"));
                self.covered.push(lit.span.byte_range());
                let found = scan_key_value(key, value);
                let offset = key.len() + 1;
                if !found.is_empty() {
                    for m in found {
                        let span = self.locate(lit, text, m.span.start + offset..m.span.end + offset);
                        self.push(Hit::from_match(&m, span), what.clone(), path.clone());
                    }
                    continue;
                }
                let v = value.trim();
                if classify_value(v) == ValueClass::Literal
                    && !public_key_name(key)
                    && generic::value_is_secret(KeyKind::Token, v)
                {
                    let span = self.locate(lit, text, offset..offset + value.len());
                    self.push(Hit::literal(&catalog::KUBERNETES_SECRET, v, span), what, path);
                }
            }
        }
    }

    /// A document of a SOPS-managed file: plaintext string values under keys the file's
    /// rules say are encrypted.
    fn sops_document(&mut self, root: &Node, rules: &SopsRules) {
        let Some(entries) = root.as_map() else { return };
        for e in entries {
            let Some(key) = e.key.scalar_text() else { continue };
            if key == "sops" {
                continue;
            }
            let encrypted = rules.encrypts(key, rules.default_encrypted());
            self.sops_walk(&e.value, key, encrypted, rules, &mut key.to_string());
        }
    }

    fn sops_walk(&mut self, node: &Node, key: &str, encrypted: bool, rules: &SopsRules, path: &mut String) {
        match &node.value {
            Value::Map(entries) => {
                for e in entries {
                    let Some(k) = e.key.scalar_text() else { continue };
                    let len = path.len();
                    path.push('.');
                    path.push_str(k);
                    self.sops_walk(&e.value, k, rules.encrypts(k, encrypted), rules, path);
                    path.truncate(len);
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    self.sops_walk(item, key, encrypted, rules, path);
                    path.truncate(len);
                }
            }
            Value::Scalar(_) => {
                let Some(v) = node.as_str() else { return };
                if !encrypted {
                    return;
                }
                self.covered.push(node.span.byte_range());
                let v = v.trim();
                if v.starts_with("ENC[") || classify_value(v) != ValueClass::Literal {
                    return;
                }
                let span = self.locate(node, v, 0..v.len());
                let what = Some(format!("key `{key}` is not encrypted"));
                self.push(Hit::literal(&catalog::SOPS_PLAINTEXT, v, span), what, path.clone());
            }
        }
    }
}

/// Documentation files: their suppression-looking lines are examples, not directives to check.
fn is_doc(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".markdown", ".rst", ".txt", ".adoc"].iter().any(|ext| lower.ends_with(ext))
}

/// A file that is not loaded as YAML (any other text, a Helm chart's files): scanned as text.
pub(crate) fn scan_text_file(path: &str, bytes: &[u8], opts: &ScanOptions) -> Vec<Finding> {
    if !any_enabled(opts) || bytes[..bytes.len().min(8192)].contains(&0) {
        return Vec::new();
    }
    let Ok(text) = std::str::from_utf8(bytes) else { return Vec::new() };
    let found = scan_file(path, text, None, opts);
    suppressed(path, text, found, opts, is_doc(path))
}

/// A JSON file holding no Kubernetes object: text, plus docker `auths` when it has some.
pub(crate) fn scan_unlinted(path: &str, text: &str, opts: &ScanOptions, json: bool) -> Vec<Finding> {
    if !any_enabled(opts) {
        return Vec::new();
    }
    let stream =
        (json && text.contains("\"auths\"")).then(|| crate::source::yaml::load_stream(text, opts.limits));
    let found = scan_file(path, text, stream.as_ref(), opts);
    suppressed(path, text, found, opts, false)
}

/// Applies the file's inline suppressions to its secret findings (files whose objects are
/// not linted; linted files apply them once with the other findings). Unused suppressions
/// are not reported here; invalid ones are, except in documentation.
pub(crate) fn suppressed(
    path: &str,
    text: &str,
    mut found: Vec<Finding>,
    opts: &ScanOptions,
    doc: bool,
) -> Vec<Finding> {
    if !found.is_empty() {
        crate::suppress::apply_text(&mut found, path, text, !doc, &|id| enabled(opts, id));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_prefilter_keeps_every_secret_like_key() {
        let keys = [
            "password",
            "DB_PASSWORD",
            "rootPassword",
            "adminPasswd",
            "passphrase",
            "PWD",
            "api_key",
            "apiKey",
            "APIKEY",
            "secretKey",
            "client_secret",
            "clientSecret",
            "token",
            "GITHUB_TOKEN",
            "bearerToken",
            "credentials",
            "privateKey",
            "accessKey",
            "AWS_ACCESS_KEY_ID",
            "auth",
            "authToken",
            "contrasena",
            "storageAccountKey",
            "sessionSecret",
            "webhook_secret",
            "signingKey",
            "encryptionKey",
        ];
        for k in keys {
            if key_kind(k).is_some() {
                assert!(may_name_secret(k), "{k} is secret-like but the prefilter drops it");
            }
        }
        assert!(keys.iter().filter(|k| key_kind(k).is_some()).count() >= 20);
        for k in ["image", "replicas", "name", "namespace", "labels", "containerPort"] {
            assert!(!may_name_secret(k), "{k}");
        }
    }
}
