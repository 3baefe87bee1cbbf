//! YAML with exact positions: the node tree (`node`) and the event-driven loader (`loader`).
pub mod fast;
pub(crate) mod go_numbers;
pub mod json;
pub mod loader;
pub mod node;

pub use json::to_json;
pub use loader::{Limits, LoadedDoc, LoadedStream, Problem, ProblemKind, load_stream, load_stream_reference};
pub use node::{Entry, Node, ObjPath, Pos, Resolution, Resolved, Scalar, Seg, Span, Style, Value};
