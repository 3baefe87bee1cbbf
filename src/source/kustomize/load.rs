//! Reading a kustomization: finding its file (`kustomization.yaml`, `.yml`, `Kustomization`),
//! parsing it with the project's YAML loader, and reading the files it names under
//! kustomize's load restrictor (no file outside the kustomization's own directory).
//! Remote references are recognised and refused: kubegate never fetches.

use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::resource::documents_of;

pub const KUSTOMIZATION_FILE_NAMES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Why a build failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// A `resources`/`components` entry is a remote URL; kubegate never fetches it.
    RemoteBase { url: String },
    /// A file outside the kustomization root (kustomize's load restrictor).
    OutsideRoot { file: PathBuf, root: PathBuf },
    /// The directory holds no kustomization file.
    NoKustomization,
    /// A kustomization field this builder does not implement yet (`replacements`, `vars`,
    /// `helmCharts`, ...).
    Unsupported { field: String },
    /// Anything else (unreadable file, invalid YAML, unsupported field value, ...).
    Invalid,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The kustomization file (or directory) the problem belongs to.
    pub path: PathBuf,
    pub message: String,
    /// The entry of that kustomization file at fault, when known (a scan reports the
    /// finding at its position).
    pub entry: Option<Box<Entry>>,
}

/// A field of a kustomization file and, for a list, the item at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `resources`, `patches`, `images`, ...
    pub field: String,
    /// The list item: a scalar's text (`../base`) or an item's index (`#2`).
    pub item: Option<EntryItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryItem {
    /// The scalar item with this text (`resources: [../base]`).
    Text(String),
    /// The item at this index (`patches[1]`).
    Index(usize),
}

/// Where a build reads files from: the disk, or a git index / editor buffer for a scan in
/// `--staged` / `--stdin` mode. Every read of the builder goes through one.
pub trait Files: Send + Sync + fmt::Debug {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    fn is_file(&self, path: &Path) -> bool;
    fn is_dir(&self, path: &Path) -> bool;
    /// The path with symbolic links and `.`/`..` resolved (an error when it does not exist).
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
    /// Asked for each remote `resources` entry (never fetched): true to build the rest of
    /// the kustomization without it (a scan, which reports it), false to fail the build
    /// (`render`, which must print all or nothing).
    fn skip_remote(&self, _kustomization: &Path, _url: &str) -> bool {
        false
    }
    /// `path` read and loaded as YAML. A scan's unit keeps what it loaded: its findings are
    /// placed on the same files' nodes after the build (`UnitMap` in scan/kustomize.rs).
    fn parsed(&self, path: &Path) -> io::Result<Parsed> {
        parse(self.read(path)?)
    }
}

/// A file's bytes loaded as YAML (UTF-8 required).
pub fn parse(bytes: Vec<u8>) -> io::Result<Parsed> {
    let text = String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    let stream = crate::source::yaml::load_stream(&text, crate::source::yaml::Limits::default());
    Ok(Arc::new((text, stream)))
}

/// A file's text and its node tree.
pub type Parsed = Arc<(String, crate::source::yaml::LoadedStream)>;

/// The working tree.
#[derive(Debug, Default, Clone, Copy)]
pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        path.canonicalize()
    }
}

/// `path` with `.` and `..` resolved lexically (for file sets without symbolic links).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn invalid(path: &Path, message: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Invalid, path: path.to_path_buf(), message: message.into(), entry: None }
    }

    /// The same error, naming the kustomization entry at fault.
    /// (Kept as it is when the error belongs to another file or already names an entry.)
    pub fn at(mut self, file: &Path, field: &str, item: Option<EntryItem>) -> Self {
        if self.entry.is_none() && self.path == file {
            self.entry = Some(Box::new(Entry { field: field.to_string(), item }));
        }
        self
    }
}

/// Where `entry` is written in the kustomization text `text`: the list item, else the
/// field's key; `None` when the field is absent.
pub fn locate(text: &str, entry: &Entry) -> Option<crate::source::yaml::Span> {
    let stream = crate::source::yaml::load_stream(text, crate::source::yaml::Limits::default());
    let root = stream.docs.first()?.root.as_ref()?;
    let e = root.entry(&entry.field)?;
    let items = e.value.as_seq().unwrap_or(&[]);
    let item = match &entry.item {
        Some(EntryItem::Text(t)) => items.iter().find(|n| n.scalar_text() == Some(t.as_str())),
        Some(EntryItem::Index(i)) => items.get(*i),
        None => None,
    };
    Some(item.map_or(e.key.span, |n| n.span))
}

/// The kustomization file of `dir`, if any (more than one is an error, as in kustomize).
pub fn find_kustomization_file(dir: &Path, fs: &dyn Files) -> Result<PathBuf, Error> {
    let found: Vec<PathBuf> =
        KUSTOMIZATION_FILE_NAMES.iter().map(|n| dir.join(n)).filter(|p| fs.is_file(p)).collect();
    match found.len() {
        0 => Err(Error {
            kind: ErrorKind::NoKustomization,
            path: dir.to_path_buf(),
            message: format!(
                "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{}'",
                dir.display()
            ),
            entry: None,
        }),
        1 => Ok(found.into_iter().next().expect("one")),
        _ => Err(Error::invalid(
            dir,
            "found multiple kustomization files; keep one of kustomization.yaml, kustomization.yml, Kustomization",
        )),
    }
}

/// A parsed kustomization file: its directory and its content as JSON.
#[derive(Debug, Clone)]
pub struct Kustomization {
    pub dir: PathBuf,
    pub file: PathBuf,
    pub body: Value,
    /// Where this kustomization and the files it names are read from.
    pub fs: Arc<dyn Files>,
}

fn read_text(fs: &dyn Files, path: &Path) -> io::Result<String> {
    String::from_utf8(fs.read(path)?).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

impl Kustomization {
    /// The kustomization of `dir`, read from the disk.
    pub fn load(dir: &Path) -> Result<Self, Error> {
        Self::load_in(dir, Arc::new(Disk))
    }

    /// The kustomization of `dir`, read from `fs`.
    pub fn load_in(dir: &Path, fs: Arc<dyn Files>) -> Result<Self, Error> {
        let file = find_kustomization_file(dir, &*fs)?;
        let parsed = fs.parsed(&file).map_err(|e| Error::invalid(&file, e.to_string()))?;
        let docs = documents_of(&parsed.0, &parsed.1).map_err(|e| Error::invalid(&file, e))?;
        let body = match docs.into_iter().next() {
            Some((_, v @ Value::Object(_))) => v,
            Some(_) => return Err(Error::invalid(&file, "the kustomization is not a mapping")),
            None => return Err(Error::invalid(&file, "kustomization.yaml is empty")),
        };
        let kind = body.get("kind").and_then(Value::as_str).unwrap_or("Kustomization");
        if kind != "Kustomization" && kind != "Component" {
            return Err(Error::invalid(&file, "kind should be Kustomization or Component"));
        }
        Ok(Kustomization { dir: dir.to_path_buf(), file, body, fs })
    }

    pub fn is_component(&self) -> bool {
        self.body.get("kind").and_then(Value::as_str) == Some("Component")
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.body.get(key).filter(|v| !v.is_null())
    }

    pub fn str(&self, key: &str) -> &str {
        self.get(key).and_then(Value::as_str).unwrap_or("")
    }

    /// A list of strings (`resources`, `components`, ...); other scalars are stringified.
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().map(scalar_string).collect())
            .unwrap_or_default()
    }

    /// A string map (`commonLabels`, `commonAnnotations`), in kustomize's (sorted) order.
    pub fn string_map(&self, key: &str) -> Vec<(String, String)> {
        string_pairs(self.get(key))
    }

    /// Reads a file named by this kustomization, refusing files outside its directory.
    pub fn read_file(&self, rel: &str) -> Result<String, Error> {
        let path = self.restricted_path(rel)?;
        read_text(&*self.fs, &path).map_err(|e| Error::invalid(&self.file, format!("reading '{rel}': {e}")))
    }

    /// `read_file`, loaded as YAML (once per unit in a scan: `Files::parsed`).
    pub fn read_parsed(&self, rel: &str) -> Result<Parsed, Error> {
        let path = self.restricted_path(rel)?;
        self.fs.parsed(&path).map_err(|e| Error::invalid(&self.file, format!("reading '{rel}': {e}")))
    }

    /// `rel` resolved against the kustomization directory, checked by the load restrictor.
    pub fn restricted_path(&self, rel: &str) -> Result<PathBuf, Error> {
        let path = self.dir.join(rel);
        let root = self.fs.canonicalize(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let real =
            self.fs.canonicalize(&path).map_err(|e| Error::invalid(&self.file, format!("'{rel}': {e}")))?;
        if !real.starts_with(&root) {
            return Err(Error {
                kind: ErrorKind::OutsideRoot { file: real.clone(), root: root.clone() },
                path: self.file.clone(),
                message: format!(
                    "security; file '{}' is not in or below '{}' (kustomize's load restrictor)",
                    real.display(),
                    root.display()
                ),
                entry: None,
            });
        }
        Ok(real)
    }
}

pub fn scalar_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub fn string_pairs(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), scalar_string(v))).collect())
        .unwrap_or_default()
}

/// True for references kustomize would fetch (git repositories, HTTP URLs).
pub fn is_remote(reference: &str) -> bool {
    let r = reference.trim();
    r.contains("://")
        || r.starts_with("git@")
        || r.starts_with("github.com/")
        || r.starts_with("gitlab.com/")
        || r.starts_with("bitbucket.org/")
        || r.contains("?ref=")
        || r.contains(".git//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_references_are_recognised() {
        assert!(is_remote("https://github.com/fluxcd/flux2/manifests/install?ref=v2.0.0"));
        assert!(is_remote("github.com/kubernetes-sigs/kustomize/examples/multibases?ref=v1.0.6"));
        assert!(is_remote("git@github.com:owner/repo.git"));
        assert!(!is_remote("../base"));
        assert!(!is_remote("deployment.yaml"));
    }

    #[test]
    fn load_restrictor_refuses_files_outside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("k")).unwrap();
        std::fs::write(tmp.path().join("outside.yaml"), "a: b\n").unwrap();
        std::fs::write(tmp.path().join("k/in.yaml"), "a: b\n").unwrap();
        std::fs::write(tmp.path().join("k/kustomization.yaml"), "resources: [in.yaml]\n").unwrap();
        let k = Kustomization::load(&tmp.path().join("k")).unwrap();
        assert!(k.read_file("in.yaml").is_ok());
        let err = k.read_file("../outside.yaml").unwrap_err();
        assert!(matches!(err.kind, ErrorKind::OutsideRoot { .. }), "{err}");
    }

    #[test]
    fn a_directory_without_kustomization_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let err = Kustomization::load(tmp.path()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NoKustomization);
    }
}
