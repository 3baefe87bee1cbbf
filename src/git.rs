//! The few git operations `--staged`, `--diff-base` and `hook install` need, done by running
//! the real `git` (what the user's hooks and CI run; no libgit2 to disagree with it).
//! Paths are `/`-separated and relative to the repository's top level, read with `-z` so
//! no name is quoted or mangled.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug, Clone)]
pub struct Repo {
    /// The top level of the work tree.
    pub root: PathBuf,
}

fn run(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e} (is git installed?)"))?;
    if !out.status.success() {
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

fn nul_list(bytes: Vec<u8>) -> Vec<String> {
    bytes
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

impl Repo {
    /// The repository holding `dir`.
    pub fn discover(dir: &Path) -> Result<Repo, String> {
        let out = run(dir, &["rev-parse", "--show-toplevel"])
            .map_err(|e| format!("not inside a git work tree ({e})"))?;
        let root = String::from_utf8_lossy(&out).trim_end_matches(['\n', '\r']).to_string();
        Ok(Repo { root: PathBuf::from(root) })
    }

    pub fn git(&self, args: &[&str]) -> Result<Vec<u8>, String> {
        run(&self.root, args)
    }

    /// Files staged for the next commit: added, copied, modified, renamed (deleted files
    /// have nothing to judge).
    pub fn staged_files(&self) -> Result<Vec<String>, String> {
        self.git(&["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--no-renames"])
            .map(nul_list)
    }

    /// Every file in the index.
    pub fn index_files(&self) -> Result<Vec<String>, String> {
        self.git(&["ls-files", "-z", "--cached"]).map(nul_list)
    }

    /// Untracked files that are not ignored.
    pub fn untracked_files(&self) -> Result<Vec<String>, String> {
        self.git(&["ls-files", "-z", "--others", "--exclude-standard"]).map(nul_list)
    }

    /// The commit id of `merge-base(rev, HEAD)`.
    pub fn merge_base(&self, rev: &str) -> Result<String, String> {
        let out = self.git(&["merge-base", rev, "HEAD"])?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// Files that differ between `base` and the work tree (added, copied, modified, renamed).
    pub fn changed_since(&self, base: &str) -> Result<Vec<String>, String> {
        self.git(&["diff", "--name-only", "-z", "--diff-filter=ACMR", "--no-renames", base, "--"])
            .map(nul_list)
    }

    /// The content of blobs named `<rev>:<path>` (`:<path>` is the index), in one
    /// `git cat-file --batch`. Names that are not blobs (missing, submodules) are left out.
    pub fn read_blobs(&self, rev: &str, paths: &[String]) -> Result<HashMap<String, Vec<u8>>, String> {
        let mut out = HashMap::new();
        if paths.is_empty() {
            return Ok(out);
        }
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run git: {e}"))?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let requests: String =
            paths.iter().filter(|p| !p.contains('\n')).map(|p| format!("{rev}:{p}\n")).collect();
        // Write from another thread: git answers while we still ask, and pipes are small.
        let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
        let mut buf = Vec::new();
        child.stdout.take().expect("piped stdout").read_to_end(&mut buf).map_err(|e| e.to_string())?;
        let _ = writer.join();
        let status = child.wait().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("`git cat-file --batch` failed".into());
        }
        let mut at = 0;
        for p in paths.iter().filter(|p| !p.contains('\n')) {
            let Some(nl) = buf[at..].iter().position(|&b| b == b'\n') else { break };
            let header = String::from_utf8_lossy(&buf[at..at + nl]).into_owned();
            at += nl + 1;
            let fields: Vec<&str> = header.split(' ').collect();
            // `<oid> <type> <size>`, or `<name> missing` / `<name> ambiguous`.
            if fields.len() == 3
                && let Ok(size) = fields[2].parse::<usize>()
            {
                let body = buf.get(at..at + size).ok_or("truncated `git cat-file` output")?;
                if fields[1] == "blob" {
                    out.insert(p.clone(), body.to_vec());
                }
                at += size + 1;
            }
        }
        Ok(out)
    }

    /// The hooks directory (honours `core.hooksPath` and linked worktrees).
    pub fn hooks_dir(&self) -> Result<PathBuf, String> {
        let out = self.git(&["rev-parse", "--git-path", "hooks"])?;
        let p = PathBuf::from(String::from_utf8_lossy(&out).trim_end_matches(['\n', '\r']));
        Ok(if p.is_absolute() { p } else { self.root.join(p) })
    }
}
