//! The Finding model every check produces and every output format renders.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::source::yaml::Span;

/// Severity, ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.to_ascii_lowercase().as_str() {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Kubernetes object a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ResourceRef {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    /// Index of the document in its file's YAML stream (0-based).
    pub document: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule_id: Cow<'static, str>,
    pub rule_name: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    /// Path relative to the scan root, with `/` separators.
    pub path: String,
    /// The exact span; `None` for findings about a whole file that has no position.
    pub span: Option<Span>,
    /// Shared by the findings of one object (one allocation per object, not per finding).
    pub resource: Option<std::sync::Arc<ResourceRef>>,
    pub object_path: Option<String>,
    pub help: Option<Cow<'static, str>>,
    pub fingerprint: String,
    /// Set when a suppression (inline comment, annotation or config exemption) covers it
    /// (boxed: most findings have none, and every finding is moved several times).
    pub suppressed: Option<Box<crate::suppress::Suppression>>,
    /// For an object rendered from a Helm chart or built from a Kustomize overlay: the
    /// source lines behind the node (template, values, base, patch), most specific first.
    /// The primary location (`path`, `span`) is the first of them; empty for plain files.
    pub origin: Vec<Origin>,
    /// For a rendered object: where the node is in the rendered output.
    pub rendered: Option<Box<RenderedAt>>,
}

/// What an origin location is to the finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OriginRole {
    /// The Helm template line that wrote the node.
    Template,
    /// The values-file line the value came from.
    Values,
    /// The Kustomize base resource line.
    Base,
    /// The Kustomize patch line that set the value.
    Patch,
    /// The kustomization entry that generated or transformed the object.
    Kustomization,
}

impl OriginRole {
    /// The name JSON and SARIF show (`template`, `values`, `base`, `patch`, `kustomization`).
    pub fn as_str(self) -> &'static str {
        match self {
            OriginRole::Template => "template",
            OriginRole::Values => "values",
            OriginRole::Base => "base",
            OriginRole::Patch => "patch",
            OriginRole::Kustomization => "kustomization",
        }
    }
}

/// A source location behind a rendered node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Relative to the scan root, `/`-separated.
    pub path: String,
    pub span: Span,
    pub role: OriginRole,
}

/// Where a finding's node sits in a unit's rendered output (what `kubegate render helm` or
/// `kubegate render kustomize` prints for the unit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedAt {
    /// The unit: the chart directory or the kustomization directory (relative, `/`).
    pub unit: String,
    /// `helm` or `kustomize`.
    pub by: &'static str,
    /// Index of the object in the rendered stream (0-based).
    pub document: usize,
    /// The node's span in the rendered stream's text.
    pub span: Span,
}

impl Finding {
    /// Sort key: path, line, column, rule id, then the rest for total determinism.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str, &str) {
        let (l, c) = self.span.map_or((0, 0), |s| (s.start.line, s.start.column));
        (&self.path, l, c, &self.rule_id, self.object_path.as_deref().unwrap_or(""), &self.message)
    }
}

/// The order findings are reported in: path, line, column, rule id, then the rest; the
/// rendered unit (overlays of one base report at the same base line), the fingerprint and
/// the help text break ties, so only interchangeable findings compare equal.
pub fn finding_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    fn rendered(f: &Finding) -> Option<(&str, usize, u32)> {
        f.rendered.as_deref().map(|r| (r.unit.as_str(), r.document, r.span.start.offset))
    }
    a.sort_key()
        .cmp(&b.sort_key())
        .then_with(|| rendered(a).cmp(&rendered(b)))
        .then_with(|| a.fingerprint.cmp(&b.fingerprint))
        .then_with(|| a.help.cmp(&b.help))
        .then_with(|| a.severity.cmp(&b.severity))
}

/// Sort into `finding_order`. A scan's findings arrive as runs already in order (each
/// file's findings are sorted as the file is done, and files come in path order), so an
/// adaptive merge of the runs does far fewer comparisons and moves than sorting afresh.
pub fn sort_findings(findings: &mut [Finding]) {
    // (The sort finds the runs itself: sorted input costs one pass.)
    findings.sort_by(finding_order);
}

/// `n` in decimal, written into `buf` without the formatting machinery (hot output paths:
/// object paths and JSON numbers of every finding).
pub fn decimal(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[at..]
}

/// A stable 64-bit FNV-1a hash of the parts, as 16 hex digits. Stable across runs,
/// platforms and versions (unlike `std`'s hasher), so fingerprints can be stored.
pub fn fingerprint(parts: &[&str]) -> String {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
        // the 0 separator: `h ^ 0` is `h`
        h = h.wrapping_mul(PRIME);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 16];
    for (i, d) in out.iter_mut().enumerate() {
        *d = HEX[((h >> ((15 - i) * 4)) & 0xf) as usize];
    }
    String::from_utf8(out.to_vec()).unwrap_or_default()
}

/// What the sort tests here and in `scan` share: spans by line, a fixed pseudo-random
/// sequence.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::source::yaml::{Pos, Span};

    /// A one-column span on `line`.
    pub fn span_at(line: u32) -> Option<Span> {
        Some(Span { start: Pos { line, column: 1, offset: 0 }, end: Pos { line, column: 2, offset: 1 } })
    }

    /// A linear congruential sequence from `seed` (the same numbers every run).
    pub fn lcg(mut seed: u32) -> impl FnMut() -> u32 {
        move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{finding_order, sort_findings, test_support};
    use crate::scan::file_finding;

    /// Runs already in order (as a scan's files deliver them) and a shuffled tail sort to
    /// the same order as sorting from scratch.
    #[test]
    fn sorting_runs_gives_the_full_order() {
        let meta = &crate::rules::core::INTERNAL_ERROR;
        let at = test_support::span_at;
        let mut next = test_support::lcg(11);
        let mut all = Vec::new();
        for _ in 0..300 {
            let path = format!("dir{}/f{}.yaml", next() % 7, next() % 13);
            all.push(file_finding(meta, &path, at(next() % 40), format!("m{}", next() % 5)));
        }
        let mut expected = all.clone();
        expected.sort_by(finding_order);
        // the first 250 as sorted runs of ten, then the rest as they came
        let mut runs: Vec<_> = all
            .chunks(10)
            .take(25)
            .flat_map(|c| {
                let mut c = c.to_vec();
                c.sort_by(finding_order);
                c
            })
            .collect();
        runs.extend(all[250..].iter().cloned());
        sort_findings(&mut runs);
        let key = |v: &[super::Finding]| {
            v.iter().map(|f| (f.path.clone(), f.span, f.message.clone())).collect::<Vec<_>>()
        };
        assert_eq!(key(&runs), key(&expected));
        assert!(runs.windows(2).all(|w| finding_order(&w[0], &w[1]).is_le()));
    }
}
