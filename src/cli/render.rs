//! `kubegate render`: print what a unit renders to, exactly as the reference tool prints it
//! (`render helm CHART` = `helm template`, in render_helm.rs; `render kustomize DIR` =
//! `kubectl kustomize DIR`). One variant per engine, each in its own
//! arm, so another engine is one more variant.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::source::kustomize::{self, load};

#[derive(Debug, Subcommand)]
pub enum RenderCommand {
    /// Render a Helm chart in-process, printing exactly what `helm template` prints.
    Helm(super::render_helm::HelmArgs),
    /// Build a kustomization directory in-process and print what `kubectl kustomize DIR` prints.
    Kustomize {
        /// The directory holding kustomization.yaml (default: the current directory).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// Run a `render` subcommand; returns the exit code (0, or 2 when the unit does not render).
pub fn run(cmd: &RenderCommand, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    match cmd {
        RenderCommand::Helm(args) => super::render_helm::run(args, stdout, stderr),
        RenderCommand::Kustomize { dir } => match kustomize::build_yaml(dir) {
            Ok(text) => u8::from(stdout.write_all(text.as_bytes()).is_err()) * 2,
            Err(e) => {
                let _ = writeln!(stderr, "error: {}", kustomize_error(&e));
                2
            }
        },
    }
}

/// `file:line:column: message` for a build error (the position of the kustomization entry at
/// fault when it is known).
pub fn kustomize_error(e: &kustomize::Error) -> String {
    let at = e
        .entry
        .as_ref()
        .and_then(|entry| {
            let text = std::fs::read_to_string(&e.path).ok()?;
            load::locate(&text, entry)
        })
        .map(|s| format!(":{}:{}", s.start.line, s.start.column))
        .unwrap_or_default();
    format!("{}{at}: {}", display(&e.path), e.message)
}

fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
