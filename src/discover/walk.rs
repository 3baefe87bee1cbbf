//! The parallel directory walk (ignore crate) with kubegate's ignore rules.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::WalkState;
use ignore::overrides::OverrideBuilder;

#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// `--exclude` globs (gitignore syntax, matched relative to each walk root).
    pub excludes: Vec<String>,
}

/// Walk `paths`: directories recursively, files as given (always included).
/// Returns sorted (absolute path, explicit) pairs, or an error for a path that does not exist.
pub fn walk(paths: &[PathBuf], opts: &WalkOptions) -> Result<Vec<(PathBuf, bool)>, String> {
    let mut out: Vec<(PathBuf, bool)> = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("cannot scan `{}`: {e}", p.display()))?;
        if meta.is_file() {
            out.push((absolute(p), true));
            continue;
        }
        let mut ob = OverrideBuilder::new(p);
        for g in &opts.excludes {
            ob.add(&format!("!{g}")).map_err(|e| format!("invalid --exclude glob `{g}`: {e}"))?;
        }
        let overrides = ob.build().map_err(|e| e.to_string())?;
        let found = Mutex::new(Vec::new());
        ignore::WalkBuilder::new(p)
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .parents(true)
            .add_custom_ignore_filename(".kubegateignore")
            .overrides(overrides)
            .filter_entry(|e| e.file_name() != ".git")
            .build_parallel()
            .run(|| {
                let found = &found;
                Box::new(move |entry| {
                    if let Ok(e) = entry
                        && e.file_type().is_some_and(|t| t.is_file())
                    {
                        found.lock().unwrap().push(absolute(e.path()));
                    }
                    WalkState::Continue
                })
            });
        out.extend(found.into_inner().unwrap().into_iter().map(|p| (p, false)));
    }
    out.sort();
    out.dedup_by(|a, b| {
        if a.0 == b.0 {
            b.1 |= a.1;
            true
        } else {
            false
        }
    });
    Ok(out)
}

/// The absolute form of `p` with `.` and `..` resolved lexically (symlinks are kept).
pub fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    };
    super::kustomize_inputs::join_normalised(&abs, "")
}
