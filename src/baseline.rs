//! Baselines: `kubegate baseline` records the findings a repository accepts today in
//! `.kubegate-baseline.json`, and `scan --baseline FILE` (or config `baseline:`) hides them,
//! so only new findings block. Entries are matched by rule, file and fingerprint, never by
//! line: a finding survives moved lines and reformatting. Secret fingerprints are an
//! HMAC-SHA-256 under a random salt stored in the file (no plain hash of a secret is
//! committed); other findings use their usual fingerprint (rule, file, resource, field).
//! Entries that match no finding any more are reported as KG015 `stale-baseline-entry`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Finding;
use crate::rules::core;
use crate::source::yaml::{Pos, Span};
use crate::suppress::{Kind, Suppression};

/// The default baseline file name, at the scan root.
pub const FILE_NAME: &str = ".kubegate-baseline.json";

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// Path relative to the scan root, `/`-separated.
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    /// Where the finding was when the baseline was written (informational, not matched).
    #[serde(default)]
    pub line: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct File {
    version: u32,
    /// Hex; keys the secret fingerprints of this file.
    salt: String,
    entries: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The file it was read from.
    pub file: PathBuf,
    pub salt: Vec<u8>,
    pub entries: Vec<Entry>,
    /// The file's text (to point a stale entry at its line).
    text: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// 16 bytes that differ per machine, process and instant (a salt, not a key).
pub fn new_salt() -> Vec<u8> {
    use sha2::{Digest, Sha256};
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    let seed = h.finish();
    let digest = Sha256::new()
        .chain_update(seed.to_le_bytes())
        .chain_update(format!("{:?}", std::time::Instant::now()))
        .finalize();
    digest[..16].to_vec()
}

impl Baseline {
    pub fn load(file: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("{}: cannot read baseline: {e}", file.display()))?;
        let parsed: File = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a kubegate baseline: {e}", file.display()))?;
        if parsed.version != 1 {
            return Err(format!("{}: unsupported baseline version {}", file.display(), parsed.version));
        }
        let salt = unhex(&parsed.salt).ok_or_else(|| format!("{}: the salt is not hex", file.display()))?;
        Ok(Baseline { file: file.to_path_buf(), salt, entries: parsed.entries, text })
    }

    /// The entries for the unsuppressed findings of a scan (core `KG…` problems excluded).
    pub fn from_findings(file: &Path, salt: Vec<u8>, findings: &[Finding]) -> Baseline {
        let mut entries: Vec<Entry> = findings
            .iter()
            .filter(|f| f.suppressed.is_none() && !f.rule_id.starts_with("KG"))
            .map(|f| Entry {
                path: f.path.clone(),
                rule: f.rule_id.to_string(),
                fingerprint: f.fingerprint.clone(),
                line: f.span.map_or(0, |s| s.start.line),
            })
            .collect();
        entries.sort();
        entries.dedup_by(|b, a| a.path == b.path && a.rule == b.rule && a.fingerprint == b.fingerprint);
        Baseline { file: file.to_path_buf(), salt, entries, text: String::new() }
    }

    /// The JSON written to disk (stable: entries sorted, no timestamps).
    pub fn to_json(&self) -> String {
        let file = File { version: 1, salt: hex(&self.salt), entries: self.entries.clone() };
        let mut s = serde_json::to_string_pretty(&file).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Marks the findings the baseline lists as suppressed (kind `baseline`) and returns a
    /// KG015 finding for each entry that matches nothing although its file was judged
    /// (`judged` tells; a file that no longer exists counts as judged in a walk).
    pub fn apply(
        &self,
        findings: &mut [Finding],
        rel_file: &str,
        judged: &dyn Fn(&str) -> bool,
    ) -> Vec<Finding> {
        let mut index: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            index.insert((e.path.as_str(), e.rule.as_str(), e.fingerprint.as_str()), i);
        }
        let mut used = BTreeSet::new();
        let reason = format!("accepted in the baseline {rel_file}");
        for f in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
            if let Some(&i) = index.get(&(f.path.as_str(), f.rule_id.as_ref(), f.fingerprint.as_str())) {
                used.insert(i);
                f.suppressed = Some(Box::new(Suppression { reason: reason.clone(), kind: Kind::Baseline }));
            }
        }
        let mut stale = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if used.contains(&i) || !judged(&e.path) {
                continue;
            }
            let message = format!(
                "baseline entry {} for {} (line {} when recorded) matches no finding",
                e.rule, e.path, e.line
            );
            stale.push(crate::scan::file_finding(
                &core::STALE_BASELINE_ENTRY,
                rel_file,
                self.entry_span(&e.fingerprint),
                message,
            ));
        }
        stale
    }

    /// Where an entry's fingerprint is written in the baseline file.
    fn entry_span(&self, fingerprint: &str) -> Option<Span> {
        let at = self.text.find(fingerprint)?;
        let before = &self.text[..at];
        let line = before.matches('\n').count() as u32 + 1;
        let column = (at - before.rfind('\n').map_or(0, |i| i + 1)) as u32 + 1;
        let start = Pos { line, column, offset: at as u32 };
        let end =
            Pos { line, column: column + fingerprint.len() as u32, offset: (at + fingerprint.len()) as u32 };
        Some(Span { start, end })
    }
}
