//! Helm charts rendered in-process: a Go text/template engine (`template`), the Sprig and
//! Helm functions (`funcs`), Helm's values model (`values`), byte-exact `toYaml`
//! (`yaml_out`), chart loading (`chart`) and `helm template` output (`render`).
pub mod archive;
pub mod chart;
pub mod funcs;
pub mod render;
pub mod template;
pub mod values;
pub mod yaml_out;

pub use render::{Options, RenderError, Rendered, render_chart, render_chart_located, render_dir};
#[cfg(test)]
mod tests;
