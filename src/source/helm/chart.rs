//! Loading a Helm chart directory as Helm's loader does: Chart.yaml metadata, values.yaml,
//! templates/, other files (for `.Files`), subcharts under charts/ (directories), and a
//! `.helmignore` with its common patterns.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::source::helm::template::value::Value;
use crate::source::helm::values;
use crate::source::yaml::{self, Node};

#[derive(Debug, Clone, Default)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub condition: String,
    pub tags: Vec<String>,
    pub alias: String,
    /// `import-values`, in the order written.
    pub import_values: Vec<ImportValue>,
}

/// One `import-values` entry of a dependency (Helm's `Dependency.ImportValues`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportValue {
    /// `- data`: the child's `exports.data` table, merged at the parent's top level.
    Exports(String),
    /// `- {child: a.b, parent: c.d}`: the child's table `a.b` placed at `c.d` (`.` for the
    /// top level); each side is Go's `%v` of what is written (`<nil>` when missing).
    Table { child: String, parent: String },
}

impl ImportValue {
    /// What Helm leaves in `.Chart.Dependencies[].ImportValues` after processing.
    pub fn as_value(&self) -> Value {
        let (child, parent) = match self {
            ImportValue::Exports(s) => (format!("exports.{s}"), ".".to_string()),
            ImportValue::Table { child, parent } => (child.clone(), parent.clone()),
        };
        let mut m = BTreeMap::new();
        m.insert("child".to_string(), Value::string(child));
        m.insert("parent".to_string(), Value::string(parent));
        Value::map(m)
    }
}

/// Reads `import-values` as Helm's JSON decoding sees it: strings and maps count, anything
/// else (numbers, booleans, lists) is skipped, as Helm's type switch skips it.
fn import_values(n: Option<&Node>) -> Vec<ImportValue> {
    let Some(items) = n.and_then(|n| n.as_seq()) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match values::node_to_value(item) {
            Value::Map(m) => {
                let side =
                    |k: &str| m.borrow().get(k).map_or_else(|| "<nil>".to_string(), |v| v.to_go_string());
                Some(ImportValue::Table { child: side("child"), parent: side("parent") })
            }
            v => v.as_str().map(|s| ImportValue::Exports(s.to_string())),
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Chart {
    /// The chart's name (the alias when loaded through one).
    pub name: String,
    pub version: String,
    pub api_version: String,
    pub chart_type: String,
    pub kube_version: String,
    /// Chart.yaml as Helm's `.Chart` map (Go field names) before `IsRoot` is added.
    pub metadata: BTreeMap<String, Value>,
    pub dependencies_meta: Vec<Dependency>,
    pub values: Value,
    /// `templates/...` path → text.
    pub templates: Vec<(String, String)>,
    pub files: BTreeMap<String, Vec<u8>>,
    pub subcharts: Vec<Chart>,
    pub dir: PathBuf,
}

impl Chart {
    pub fn is_library(&self) -> bool {
        self.chart_type == "library"
    }

    /// The file behind a template path as Helm names it in errors and `# Source:` lines
    /// (`NAME/charts/SUB/templates/x.yaml`): the chart directory it is in and the path
    /// inside it, or (`true`) the `.tgz` it is in and the entry's path inside the archive
    /// (`foo/templates/x.yaml`).
    pub fn file_of(&self, helm_path: &str) -> Option<(PathBuf, bool, String)> {
        let rest = helm_path.strip_prefix(&self.name)?.strip_prefix('/')?;
        if let Some(sub_rest) = rest.strip_prefix("charts/")
            && let Some((sub, _)) = sub_rest.split_once('/')
        {
            let real =
                self.dependencies_meta.iter().find(|d| d.alias == sub).map_or(sub, |d| d.name.as_str());
            if let Some(c) = self.subcharts.iter().find(|c| c.name == real) {
                let renamed = format!("{}{}", c.name, &sub_rest[sub.len()..]);
                return c.file_of(&renamed);
            }
        }
        let is_archive = |p: &Path| p.extension().is_some_and(|e| e == "tgz" || e == "gz");
        match self.dir.ancestors().find(|a| is_archive(a)) {
            Some(archive) => {
                let inside = self.dir.strip_prefix(archive).ok()?.join(rest);
                Some((archive.to_path_buf(), true, inside.to_string_lossy().replace('\\', "/")))
            }
            None => Some((self.dir.clone(), false, rest.to_string())),
        }
    }
}

fn scalar(n: Option<&Node>) -> String {
    n.and_then(|n| n.scalar_text()).map(str::to_string).unwrap_or_default()
}

fn str_list(n: Option<&Node>) -> Vec<String> {
    match n.and_then(|n| n.as_seq()) {
        Some(items) => items.iter().filter_map(|i| i.scalar_text().map(str::to_string)).collect(),
        None => match n.and_then(|n| n.scalar_text()) {
            Some(s) if !s.is_empty() => vec![s.to_string()],
            _ => Vec::new(),
        },
    }
}

/// The `name` in a directory's Chart.yaml (None when there is no readable chart).
pub fn read_name(dir: &Path) -> Option<String> {
    let text = fs::read_to_string(dir.join("Chart.yaml")).ok()?;
    let stream = yaml::load_stream(&text, yaml::Limits::default());
    let root = stream.docs.first()?.root.as_ref()?;
    Some(scalar(root.get("name"))).filter(|n| !n.is_empty())
}

/// Loads a chart directory (its `.helmignore` applied), with its subcharts: directories
/// and `.tgz` archives under `charts/`, in the order of their names there.
pub fn load(dir: &Path) -> Result<Chart, String> {
    let ignore = Ignore::load(dir);
    let mut all = Vec::new();
    walk(dir, dir, &ignore, &mut all)?;
    all.sort();
    let mut files = BTreeMap::new();
    let mut subcharts: Vec<(String, Chart)> = Vec::new();
    let mut sub_dirs: Vec<String> = Vec::new();
    for rel in all {
        let path = dir.join(&rel);
        if let Some(rest) = rel.strip_prefix("charts/") {
            match rest.split_once('/') {
                Some((first, _)) => {
                    let sub = dir.join("charts").join(first);
                    if sub.join("Chart.yaml").is_file() && !sub_dirs.iter().any(|d| d == first) {
                        sub_dirs.push(first.to_string());
                    }
                }
                None if rest.ends_with(".tgz") || rest.ends_with(".tar.gz") => {
                    let data = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                    subcharts.push((rest.to_string(), load_archive(&data, &path)?));
                }
                None => {}
            }
            continue;
        }
        let data = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.insert(rel, data);
    }
    for first in sub_dirs {
        subcharts.push((first.clone(), load(&dir.join("charts").join(&first))?));
    }
    subcharts.sort_by(|a, b| a.0.cmp(&b.0));
    build(dir, files, subcharts.into_iter().map(|(_, c)| c).collect())
}

/// Loads a packaged chart (`helm package` output: one top directory inside a gzipped tar).
pub fn load_archive(data: &[u8], origin: &Path) -> Result<Chart, String> {
    let entries =
        crate::source::helm::archive::read_tgz(data).map_err(|e| format!("{}: {e}", origin.display()))?;
    let mut files = BTreeMap::new();
    let mut top = String::new();
    for (name, body) in entries {
        if let Some((first, rest)) = name.split_once('/')
            && !rest.is_empty()
        {
            if top.is_empty() {
                top = first.to_string();
            }
            files.insert(rest.to_string(), body);
        }
    }
    // The chart's directory is its top directory inside the archive
    // (`charts/foo-1.2.3.tgz/foo`), so `file_of` can name the archive entry.
    from_files(files, &origin.join(top))
}

/// Loads a chart from its files as another reader gives them (paths relative to the chart
/// root, `/`-separated: the git index for `--staged`, an editor buffer), applying its
/// `.helmignore` and every subchart directory's own, as `load` does on disk.
pub fn load_files(dir: &Path, all: BTreeMap<String, Vec<u8>>) -> Result<Chart, String> {
    from_files_ignoring(all, dir, true)
}

/// Drops the files a chart's `.helmignore` (and Helm's hidden-template rule) leaves out;
/// a file is out when it or one of its directories is ignored.
fn apply_ignore(all: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let ignore = Ignore::parse(all.get(".helmignore").map(|b| String::from_utf8_lossy(b).into_owned()));
    all.into_iter()
        .filter(|(rel, _)| {
            let mut dirs = rel.match_indices('/').map(|(i, _)| &rel[..i]);
            !dirs.any(|d| ignore.ignored(d, true)) && !ignore.ignored(rel, false)
        })
        .collect()
}

/// A chart from its files (paths relative to the chart root), subcharts included.
fn from_files(all: BTreeMap<String, Vec<u8>>, origin: &Path) -> Result<Chart, String> {
    from_files_ignoring(all, origin, false)
}

fn from_files_ignoring(all: BTreeMap<String, Vec<u8>>, origin: &Path, ignore: bool) -> Result<Chart, String> {
    let all = if ignore { apply_ignore(all) } else { all };
    let mut own = BTreeMap::new();
    let mut nested: BTreeMap<String, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    let mut subcharts: Vec<(String, Chart)> = Vec::new();
    for (rel, body) in all {
        if let Some(rest) = rel.strip_prefix("charts/") {
            match rest.split_once('/') {
                Some((name, inner)) => {
                    nested.entry(name.to_string()).or_default().insert(inner.to_string(), body);
                }
                None if rest.ends_with(".tgz") || rest.ends_with(".tar.gz") => {
                    subcharts.push((rest.to_string(), load_archive(&body, &origin.join(&rel))?));
                }
                None => {}
            }
            continue;
        }
        own.insert(rel, body);
    }
    for (name, files) in nested {
        if files.contains_key("Chart.yaml") {
            let c = from_files_ignoring(files, &origin.join("charts").join(&name), ignore)?;
            subcharts.push((name, c));
        }
    }
    subcharts.sort_by(|a, b| a.0.cmp(&b.0));
    build(origin, own, subcharts.into_iter().map(|(_, c)| c).collect())
}

fn build(dir: &Path, all: BTreeMap<String, Vec<u8>>, subcharts: Vec<Chart>) -> Result<Chart, String> {
    let chart_yaml = dir.join("Chart.yaml");
    let text = all
        .get("Chart.yaml")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .ok_or_else(|| format!("{}: no Chart.yaml", dir.display()))?;
    let stream = yaml::load_stream(&text, yaml::Limits::default());
    let root = stream
        .docs
        .first()
        .and_then(|d| d.root.clone())
        .ok_or_else(|| format!("{}: Chart.yaml is empty", chart_yaml.display()))?;
    let name = scalar(root.get("name"));
    if name.is_empty() {
        return Err(format!("validation: chart.metadata.name is required ({})", chart_yaml.display()));
    }
    let mut deps = Vec::new();
    let mut dep_values = Vec::new();
    // apiVersion v1 charts list their dependencies in requirements.yaml.
    let requirements = all.get("requirements.yaml").and_then(|b| {
        let text = String::from_utf8_lossy(b).into_owned();
        yaml::load_stream(&text, yaml::Limits::default()).docs.first().and_then(|d| d.root.clone())
    });
    let dep_list =
        root.get("dependencies").or_else(|| requirements.as_ref().and_then(|r| r.get("dependencies")));
    if let Some(items) = dep_list.and_then(|d| d.as_seq()) {
        for d in items {
            let dep = Dependency {
                name: scalar(d.get("name")),
                version: scalar(d.get("version")),
                repository: scalar(d.get("repository")),
                condition: scalar(d.get("condition")),
                tags: str_list(d.get("tags")),
                alias: scalar(d.get("alias")),
                import_values: import_values(d.get("import-values")),
            };
            let mut m = BTreeMap::new();
            m.insert("Name".to_string(), Value::string(dep.name.clone()));
            m.insert("Version".to_string(), Value::string(dep.version.clone()));
            m.insert("Repository".to_string(), Value::string(dep.repository.clone()));
            m.insert("Condition".to_string(), Value::string(dep.condition.clone()));
            m.insert("Tags".to_string(), Value::list(dep.tags.iter().map(|t| Value::str(t)).collect()));
            m.insert("Enabled".to_string(), Value::Bool(true));
            // As Helm leaves it after processing (`{child, parent}` maps), which is what
            // templates see.
            m.insert(
                "ImportValues".to_string(),
                Value::list(dep.import_values.iter().map(ImportValue::as_value).collect()),
            );
            m.insert("Alias".to_string(), Value::string(dep.alias.clone()));
            dep_values.push(Value::map(m));
            deps.push(dep);
        }
    }
    let mut md = BTreeMap::new();
    for (field, key) in [
        ("Name", "name"),
        ("Home", "home"),
        ("Version", "version"),
        ("Description", "description"),
        ("Icon", "icon"),
        ("APIVersion", "apiVersion"),
        ("Condition", "condition"),
        ("Tags", "tags"),
        ("AppVersion", "appVersion"),
        ("KubeVersion", "kubeVersion"),
        ("Type", "type"),
    ] {
        md.insert(field.to_string(), Value::string(scalar(root.get(key))));
    }
    for (field, key) in [("Sources", "sources"), ("Keywords", "keywords")] {
        md.insert(
            field.to_string(),
            Value::list(str_list(root.get(key)).into_iter().map(Value::string).collect()),
        );
    }
    let maintainers = root
        .get("maintainers")
        .and_then(|m| m.as_seq())
        .map(|items| {
            items
                .iter()
                .map(|m| {
                    let mut mm = BTreeMap::new();
                    mm.insert("Name".to_string(), Value::string(scalar(m.get("name"))));
                    mm.insert("Email".to_string(), Value::string(scalar(m.get("email"))));
                    mm.insert("URL".to_string(), Value::string(scalar(m.get("url"))));
                    Value::map(mm)
                })
                .collect()
        })
        .unwrap_or_default();
    md.insert("Maintainers".to_string(), Value::list(maintainers));
    md.insert(
        "Deprecated".to_string(),
        Value::Bool(root.get("deprecated").and_then(|d| d.as_bool()).unwrap_or(false)),
    );
    let annotations = root
        .get("annotations")
        .and_then(|a| a.as_map())
        .map(|entries| {
            entries
                .iter()
                .filter_map(|e| Some((e.key.scalar_text()?.to_string(), Value::str(e.value.scalar_text()?))))
                .collect::<BTreeMap<_, _>>()
        })
        .unwrap_or_default();
    md.insert("Annotations".to_string(), Value::map(annotations));
    md.insert("Dependencies".to_string(), Value::list(dep_values));

    let mut templates = Vec::new();
    let mut files = BTreeMap::new();
    let mut values = Value::empty_map();
    for (rel, data) in all {
        match rel.as_str() {
            "Chart.yaml" | "Chart.lock" | "requirements.yaml" | "requirements.lock"
            | "values.schema.json" => {}
            "values.yaml" => {
                let text = String::from_utf8_lossy(&data);
                values =
                    values::parse_values(&text).map_err(|e| format!("{}: {e}", dir.join(&rel).display()))?;
            }
            r if r.starts_with("templates/") => {
                templates.push((rel.clone(), String::from_utf8_lossy(&data).into_owned()));
            }
            _ => {
                files.insert(rel, data);
            }
        }
    }
    Ok(Chart {
        name,
        version: scalar(root.get("version")),
        api_version: scalar(root.get("apiVersion")),
        chart_type: scalar(root.get("type")),
        kube_version: scalar(root.get("kubeVersion")),
        metadata: md,
        dependencies_meta: deps,
        values,
        templates,
        files,
        subcharts,
        dir: dir.to_path_buf(),
    })
}

fn walk(root: &Path, dir: &Path, ignore: &Ignore, out: &mut Vec<String>) -> Result<(), String> {
    let rd = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in rd.flatten() {
        let path = entry.path();
        let rel = path.strip_prefix(root).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
        let is_dir = path.is_dir();
        if ignore.ignored(&rel, is_dir) {
            continue;
        }
        if is_dir {
            walk(root, &path, ignore, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// `.helmignore` rules (gitignore-like: globs on the base name or the path, `dir/` for
/// directories, `!` to re-include), plus Helm's default of hidden files in templates/.
struct Ignore {
    rules: Vec<(bool, bool, globset::GlobMatcher, bool)>,
}

impl Ignore {
    fn load(dir: &Path) -> Ignore {
        Ignore::parse(fs::read_to_string(dir.join(".helmignore")).ok())
    }

    fn parse(text: Option<String>) -> Ignore {
        let mut rules = Vec::new();
        if let Some(text) = text {
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (negate, pat) = match line.strip_prefix('!') {
                    Some(p) => (true, p),
                    None => (false, line),
                };
                let (dir_only, pat) = match pat.strip_suffix('/') {
                    Some(p) => (true, p),
                    None => (false, pat),
                };
                let pat = pat.trim_start_matches('/');
                let has_slash = pat.contains('/');
                if let Ok(g) = globset::GlobBuilder::new(pat).literal_separator(true).build() {
                    rules.push((negate, dir_only, g.compile_matcher(), has_slash));
                }
            }
        }
        Ignore { rules }
    }

    fn ignored(&self, rel: &str, is_dir: bool) -> bool {
        if rel.starts_with("templates/") && rel.rsplit('/').next().is_some_and(|b| b.starts_with('.')) {
            return true;
        }
        let base = rel.rsplit('/').next().unwrap_or(rel);
        let mut ignored = false;
        for (negate, dir_only, g, has_slash) in &self.rules {
            if *dir_only && !is_dir {
                continue;
            }
            let hit = if *has_slash { g.is_match(rel) } else { g.is_match(base) };
            if hit {
                ignored = !negate;
            }
        }
        ignored
    }
}
