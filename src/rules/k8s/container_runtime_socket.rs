//! K8S041 container-runtime-socket: a hostPath volume mounts the container runtime's socket
//! (docker, containerd, CRI-O, cri-dockerd) or a directory that contains it.

use super::host_paths::{host_path_volumes, normalise};
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S041",
        name: "container-runtime-socket",
        severity: Severity::Critical,
        default: Default::On,
        title: "Container runtime socket mounted",
        rationale: "Whoever can talk to the container runtime socket can start a privileged container on the node: \
                    mounting it is equivalent to root on the node. Paths are normalised (`//`, trailing `/`, \
                    `/var/run` = `/run`) and parent directories of the sockets count.",
        remediation: "Do not mount the runtime socket; use the Kubernetes API or a purpose-built agent instead.",
        references: &[
            ("kubesec", "DockerSock"),
            ("kube-linter", "docker-sock"),
            ("checkov", "CKV_K8S_27"),
            ("pss", "baseline: hostPathVolumes"),
        ],
    },
    check,
};

const SOCKET_NAMES: &[&str] = &["docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock"];
/// Directories that contain a runtime socket (after normalisation).
const SOCKET_DIRS: &[&str] = &["/", "/var", "/run", "/run/containerd", "/run/crio", "/run/docker"];

#[derive(Debug, PartialEq, Eq)]
enum Exposure {
    Socket,
    Directory,
}

fn exposure(path: &str) -> Option<Exposure> {
    let p = normalise(path);
    if SOCKET_DIRS.contains(&p.as_str()) {
        return Some(Exposure::Directory);
    }
    let file = p.rsplit('/').next().unwrap_or("");
    (p.starts_with("/run/") && SOCKET_NAMES.contains(&file)).then_some(Exposure::Socket)
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else {
        return;
    };
    for v in host_path_volumes(pod) {
        let Some(p) = v.host_path else { continue };
        let name = doc.display_name();
        let message = match exposure(p) {
            Some(Exposure::Socket) => format!("{name} mounts the container runtime socket {p} from the node"),
            Some(Exposure::Directory) => {
                format!("{name} mounts {p} from the node, which contains the container runtime socket")
            }
            None => continue,
        };
        out.report(&RULE.meta, &v.path.key("path"), None, message);
    }
}

#[cfg(test)]
mod tests {
    use super::exposure;

    fn is_runtime_socket(p: &str) -> bool {
        exposure(p).is_some()
    }

    #[test]
    fn socket_paths() {
        for p in [
            "/var/run/docker.sock",
            "/run/docker.sock/",
            "//var/run//docker.sock",
            "/var/run",
            "/run/containerd/containerd.sock",
            "/var/run/crio/crio.sock",
            "/var/run/cri-dockerd.sock",
            "/",
        ] {
            assert!(is_runtime_socket(p), "{p}");
        }
        for p in ["/var/run/docker.sock.bak", "/var/lib/docker", "/etc/docker.sock", "/data"] {
            assert!(!is_runtime_socket(p), "{p}");
        }
    }
}
