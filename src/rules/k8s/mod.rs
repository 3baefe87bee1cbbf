//! Built-in Kubernetes rules: one file per rule (metadata, doc text, check).
pub mod container_runtime_socket;
pub mod host_ipc;
pub mod host_network;
pub mod host_path_volume;
pub mod host_pid;
pub mod image_latest_tag;
pub mod privilege_escalation_allowed;
pub mod privilege_escalation_not_disabled;
pub mod privileged_container;
pub mod run_as_non_root;

mod host_namespace;
mod host_paths;
