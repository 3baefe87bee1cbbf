//! What the checks look at: a Document (one Kubernetes object from a file) and the
//! workload locator that finds pod specs and containers inside any workload kind.
pub mod document;
pub mod image;
pub mod quantity;
pub mod workload;

pub use document::{Document, Identity, SourceFile};
pub use workload::{Container, ContainerKind, PodSpec, pod_spec};
