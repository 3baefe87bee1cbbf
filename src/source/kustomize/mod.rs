//! Kustomize overlays built in-process, with output byte-identical to `kubectl kustomize`
//! (kustomize v5.5.0). `build::build_yaml(dir)` is the entry point; `build::build(dir)` gives
//! the objects with the file each came from.
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
