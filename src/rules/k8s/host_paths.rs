//! hostPath volumes of a pod and lexical path normalisation (`//`, trailing `/`, `.`/`..`,
//! `/var/run` ≡ `/run`) shared by the host-path rules.

use crate::model::PodSpec;
use crate::source::yaml::{Node, ObjPath};

pub(super) struct HostPathVolume<'a> {
    /// Path of the `hostPath` mapping.
    pub path: ObjPath,
    pub volume_name: Option<&'a str>,
    /// The `hostPath.path` value as written, when it is a string.
    pub host_path: Option<&'a str>,
}

pub(super) fn host_path_volumes<'a>(pod: &PodSpec<'a>) -> Vec<HostPathVolume<'a>> {
    let Some(vols) = pod.node.get("volumes").and_then(Node::as_seq) else {
        return Vec::new();
    };
    let base = pod.path.key("volumes");
    vols.iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let hp = v.get("hostPath").filter(|n| !n.is_null())?;
            Some(HostPathVolume {
                path: base.index(i).key("hostPath"),
                volume_name: v.get("name").and_then(Node::scalar_text),
                host_path: hp.get("path").and_then(Node::scalar_text),
            })
        })
        .collect()
}

/// Normalise an absolute path lexically; `/var/run/x` becomes `/run/x`.
pub(super) fn normalise(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    if parts.len() >= 2 && parts[0] == "var" && parts[1] == "run" {
        parts.remove(0);
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalises_paths() {
        assert_eq!(normalise("/var/run/docker.sock/"), "/run/docker.sock");
        assert_eq!(normalise("//var//run//"), "/run");
        assert_eq!(normalise("/"), "/");
        assert_eq!(normalise("/etc/../var/./run/crio"), "/run/crio");
    }
}
