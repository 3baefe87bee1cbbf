//! Where file content comes from. A disk scan reads the working tree; `--staged` reads the
//! git index, `--new-only` the base revision, `--stdin` the editor's buffer for one path.
//! Every reader of file content (loading, classification, the human snippet) goes through
//! one `Contents`, so what is reported is what was judged. Disk reads hand back the `Vec`
//! `std::fs::read` made: no extra copy on the fast path.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Clone)]
pub struct Contents {
    /// Content that does not come from the disk, by absolute path.
    overrides: HashMap<PathBuf, Vec<u8>>,
    /// When set, a path without an override does not exist (a git revision or the index
    /// is the whole truth; the working tree must not leak in).
    exclusive: bool,
}

impl Contents {
    /// The working tree.
    pub fn disk() -> Contents {
        Contents::default()
    }

    /// Only these files exist (the git index, a revision).
    pub fn only(files: HashMap<PathBuf, Vec<u8>>) -> Contents {
        Contents { overrides: files, exclusive: true }
    }

    /// The working tree, except for these files (an editor buffer).
    pub fn disk_with(files: HashMap<PathBuf, Vec<u8>>) -> Contents {
        Contents { overrides: files, exclusive: false }
    }

    fn missing(path: &Path) -> io::Error {
        io::Error::new(io::ErrorKind::NotFound, format!("{} is not in the scanned revision", path.display()))
    }

    /// Size in bytes.
    pub fn len(&self, path: &Path) -> io::Result<u64> {
        match self.overrides.get(path) {
            Some(b) => Ok(b.len() as u64),
            None if self.exclusive => Err(Self::missing(path)),
            None => std::fs::metadata(path).map(|m| m.len()),
        }
    }

    /// The bytes of a file.
    pub fn read(&self, path: &Path) -> io::Result<Cow<'_, [u8]>> {
        match self.overrides.get(path) {
            Some(b) => Ok(Cow::Borrowed(b)),
            None if self.exclusive => Err(Self::missing(path)),
            None => std::fs::read(path).map(Cow::Owned),
        }
    }

    /// Whether `path` is a file of the scanned content.
    pub fn is_file(&self, path: &Path) -> bool {
        self.overrides.contains_key(path) || (!self.exclusive && path.is_file())
    }

    /// Whether `path` is a directory of the scanned content (for a revision or the index:
    /// a directory holding one of its files).
    pub fn is_dir(&self, path: &Path) -> bool {
        if !self.exclusive && path.is_dir() {
            return true;
        }
        self.overrides.keys().any(|k| k.starts_with(path) && k != path)
    }

    /// True when only the given files exist (a revision or the index).
    pub fn is_exclusive(&self) -> bool {
        self.exclusive
    }

    /// The text of a file, or `None` when it cannot be read or is not UTF-8.
    pub fn read_to_string(&self, path: &Path) -> Option<Cow<'_, str>> {
        match self.read(path).ok()? {
            Cow::Borrowed(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
            Cow::Owned(v) => String::from_utf8(v).ok().map(Cow::Owned),
        }
    }
}
