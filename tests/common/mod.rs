//! Helpers shared by the integration tests: run a scan in-process and render it as the
//! user would see it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use kubegate::output;
use kubegate::scan::{ScanOptions, ScanResult, scan};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Scan paths given relative to the crate root (tests run there).
pub fn scan_paths(paths: &[&str]) -> ScanResult {
    let opts = ScanOptions { paths: paths.iter().map(PathBuf::from).collect(), ..ScanOptions::default() };
    scan(&opts).expect("scan runs")
}

pub fn human(result: &ScanResult, prefix: &Path) -> String {
    let mut out = Vec::new();
    output::human::write(&mut out, result, prefix, false).unwrap();
    String::from_utf8(out).unwrap()
}

pub fn concise(result: &ScanResult, prefix: &Path) -> String {
    let mut out = Vec::new();
    output::concise::write(&mut out, result, prefix).unwrap();
    String::from_utf8(out).unwrap()
}

pub fn json(result: &ScanResult) -> serde_json::Value {
    let mut out = Vec::new();
    output::json::write(&mut out, result).unwrap();
    serde_json::from_slice(&out).unwrap()
}

/// insta settings that store snapshots in the top-level `snapshots/` directory.
pub fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}
