//! Kustomize overlays built in-process, with output byte-identical to `kubectl kustomize`
//! (kustomize v5.5.0). `build::build_yaml(dir)` gives what `kubectl kustomize DIR` prints;
//! `build::build(dir)` gives the objects, each with the file and document it was read from.
//!
//! Pipeline (`build.rs`, in kustomize's order): resources / bases (files, multi-document
//! streams, `List`s, nested kustomizations) → generators (`generator.rs`, `hash.rs`) →
//! components → transformers (patchesStrategicMerge, patches, namespace, prefix/suffix,
//! labels, annotations, patchesJson6902, replicas, images, replacements, then `transformers:`
//! configs) → hash suffixes → name references (`nameref.rs`) → vars (`vars.rs`) → legacy
//! order (`order.rs`) → go-yaml v2 text (`emit.rs`, `yaml11.rs`).
//!
//! Refused with `ErrorKind::Unsupported` (never silently built differently): `helmCharts`,
//! `crds`, `openapi`, `configurations`, `buildMetadata`, `generators`, `validators`, plugins
//! other than the configured built-ins. Remote resources give `ErrorKind::RemoteBase` and are
//! never fetched; files outside a kustomization's directory give `ErrorKind::OutsideRoot`.
pub mod build;
pub mod emit;
pub mod fieldspec;
pub mod generator;
pub mod hash;
pub mod load;
pub mod nameref;
pub mod order;
pub mod patch;
pub mod patch_json6902;
pub mod patch_strategic;
pub mod resource;
pub mod transform;
pub mod vars;
pub mod yaml11;

pub use build::{build, build_yaml};
pub use load::{Error, ErrorKind};
