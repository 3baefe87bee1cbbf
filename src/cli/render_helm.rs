//! `kubegate render helm CHART`: prints exactly what `helm template` prints for the chart,
//! rendered in-process (the same renderer `scan` uses), so a finding's `rendered` position
//! can be looked up and a render error reproduced without a helm binary.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::source::helm::render::on_big_stack;
use crate::source::helm::{Options, RenderError, chart, render_chart_located};

#[derive(Debug, Args)]
pub struct HelmArgs {
    /// The chart directory (or a packaged `.tgz`).
    pub chart: PathBuf,
    /// A values file, merged over the chart's values.yaml; repeatable (later files win).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// Set a value (`a.b=c,d[0]=e`), after the values files; repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Set a value as a string, after --set; repeatable.
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,
    /// `.Release.Name`.
    #[arg(long, value_name = "NAME", default_value = "release-name")]
    pub release_name: String,
    /// `.Release.Namespace`.
    #[arg(long, short = 'n', value_name = "NS", default_value = "default")]
    pub namespace: String,
    /// `.Capabilities.KubeVersion` (`1.30`, `v1.30.2`).
    #[arg(long, value_name = "VERSION")]
    pub kube_version: Option<String>,
    /// Extra `.Capabilities.APIVersions` entries (`group/version` or `group/version/Kind`); repeatable.
    #[arg(long = "api-versions", short = 'a', value_name = "VERSION", value_delimiter = ',')]
    pub api_versions: Vec<String>,
    /// Print the charts' `crds/` files first.
    #[arg(long)]
    pub include_crds: bool,
    /// Leave out hooks.
    #[arg(long)]
    pub no_hooks: bool,
}

/// `1.30` → `v1.30.0`; None when it is not a version.
pub fn normalise_kube_version(v: &str) -> Option<String> {
    let t = v.trim().trim_start_matches('v');
    let parts: Vec<&str> = t.split('.').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.parse::<u64>().is_err()) {
        return None;
    }
    let get = |i: usize| parts.get(i).copied().unwrap_or("0");
    Some(format!("v{}.{}.{}", get(0), get(1), get(2)))
}

/// Runs `render helm`; returns the exit code (0, or 2 with the error on stderr).
pub fn run(args: &HelmArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    match render(args) {
        Ok(out) => {
            if stdout.write_all(out.as_bytes()).is_err() {
                return 2;
            }
            0
        }
        Err(e) => {
            let _ = writeln!(stderr, "Error: {e}");
            2
        }
    }
}

fn render(args: &HelmArgs) -> Result<String, String> {
    let mut opts = Options {
        release_name: args.release_name.clone(),
        namespace: args.namespace.clone(),
        include_hooks: !args.no_hooks,
        include_crds: args.include_crds,
        extra_api_versions: args.api_versions.clone(),
        ..Options::default()
    };
    if let Some(v) = &args.kube_version {
        opts.kube_version = normalise_kube_version(v)
            .ok_or_else(|| format!("invalid kube version '{v}': expected MAJOR.MINOR[.PATCH]"))?;
    }
    for f in &args.values {
        let text = std::fs::read_to_string(f)
            .map_err(|e| format!("open {}: {}", f.display(), e.to_string().to_lowercase()))?;
        opts.values_texts.push(text);
    }
    opts.set_values.extend(args.set.iter().map(|s| (s.clone(), false)));
    opts.set_values.extend(args.set_string.iter().map(|s| (s.clone(), true)));
    let path = args.chart.clone();
    on_big_stack(move || {
        let chart = load(&path)?;
        let located = chart.clone();
        render_chart_located(chart, &opts)
            .map(|r| r.to_helm_output())
            .map_err(|e| with_position(&e, &located))
    })?
}

fn load(path: &Path) -> Result<chart::Chart, String> {
    if path.is_file() {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return chart::load_archive(&data, path);
    }
    if !path.join("Chart.yaml").is_file() {
        return Err(format!("{}: no Chart.yaml: not a chart directory", path.display()));
    }
    chart::load(path)
}

/// Helm's message, then the file on disk it points at (`at DIR/templates/x.yaml:L:C`).
fn with_position(e: &RenderError, chart: &chart::Chart) -> String {
    let Some(loc) = &e.location else { return e.message.clone() };
    let Some((file, line, col)) = split_location(loc) else { return e.message.clone() };
    match chart.file_of(file) {
        Some((base, false, rel)) => {
            let col = col.map(|c| format!(":{c}")).unwrap_or_default();
            format!("{}\n  at {}:{line}{col}", e.message, base.join(rel).display())
        }
        Some((archive, true, rel)) => {
            let col = col.map(|c| format!(":{c}")).unwrap_or_default();
            format!("{}\n  at {}!/{rel}:{line}{col}", e.message, archive.display())
        }
        None => e.message.clone(),
    }
}

/// `path:LINE[:COL]` → (path, line, col).
pub fn split_location(loc: &str) -> Option<(&str, u32, Option<u32>)> {
    let (head, last) = loc.rsplit_once(':')?;
    let last: u32 = last.parse().ok()?;
    match head.rsplit_once(':') {
        Some((file, line)) if line.parse::<u32>().is_ok() => Some((file, line.parse().ok()?, Some(last))),
        _ => Some((head, last, None)),
    }
}
