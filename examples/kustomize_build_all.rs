//! Builds every kustomization directory under a path in one process, one after the other
//! (what `scripts/bench_kustomize.py` compares with one `kubectl kustomize` process per
//! directory). Prints the directories built, those that failed, and the output bytes.

use std::path::{Path, PathBuf};

fn kustomization_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() && e.file_name() != ".git" {
            kustomization_dirs(&p, out);
        } else if matches!(
            e.file_name().to_str(),
            Some("kustomization.yaml" | "kustomization.yml" | "Kustomization")
        ) {
            out.push(dir.to_path_buf());
        }
    }
}

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut dirs = Vec::new();
    kustomization_dirs(Path::new(&root), &mut dirs);
    let (mut built, mut failed, mut bytes) = (0, 0, 0);
    for d in &dirs {
        match kubegate::source::kustomize::build_yaml(d) {
            Ok(text) => {
                built += 1;
                bytes += text.len();
            }
            Err(_) => failed += 1,
        }
    }
    println!("{} directories: {built} built, {failed} failed, {bytes} bytes", dirs.len());
}
