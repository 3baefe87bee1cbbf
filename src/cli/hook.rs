//! `kubegate hook install`: a native git pre-commit hook running `kubegate scan --staged`.
//! It refuses to replace a hook it did not write (unless `--force`, which keeps the old one
//! as `pre-commit.bak`) and rewriting its own hook is a no-op in effect (idempotent).

use std::path::Path;

use crate::git::Repo;

/// The line that marks a hook as ours.
pub const MARKER: &str = "# installed by `kubegate hook install`";

/// The hook: the kubegate that installed it, else the one on PATH.
pub fn script(exe: &Path) -> String {
    let exe = exe.to_string_lossy().replace('\'', r"'\''");
    format!(
        "#!/bin/sh\n{MARKER}: judges what is staged for the commit.\n\
         # Bypass once with `git commit --no-verify`.\n\
         KUBEGATE='{exe}'\n\
         [ -x \"$KUBEGATE\" ] || KUBEGATE=kubegate\n\
         exec \"$KUBEGATE\" scan --staged\n"
    )
}

pub fn install(force: bool) -> Result<String, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let repo = Repo::discover(&cwd)?;
    let dir = repo.hooks_dir()?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join("pre-commit");
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate kubegate: {e}"))?;
    let new = script(&exe);
    let mut note = String::new();
    if let Ok(old) = std::fs::read_to_string(&path) {
        if old == new {
            return Ok(format!("{} is already kubegate's hook", path.display()));
        }
        if !old.contains(MARKER) {
            if !force {
                return Err(format!(
                    "{} exists and was not written by kubegate; keep it, or replace it with `kubegate hook install --force` (it is saved as pre-commit.bak)",
                    path.display()
                ));
            }
            let bak = dir.join("pre-commit.bak");
            std::fs::rename(&path, &bak)
                .map_err(|e| format!("cannot move the old hook to {}: {e}", bak.display()))?;
            note = format!(" (the previous hook is {})", bak.display());
        }
    }
    std::fs::write(&path, new).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("cannot make {} executable: {e}", path.display()))?;
    }
    Ok(format!("installed {}: commits now run `kubegate scan --staged`{note}", path.display()))
}
