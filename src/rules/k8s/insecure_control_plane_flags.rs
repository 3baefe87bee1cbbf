//! K8S160 insecure-control-plane-flags: a container that runs kube-apiserver,
//! kube-controller-manager, kube-scheduler, etcd or the kubelet (static pod manifests such
//! as kubeadm's) with a flag the CIS Kubernetes Benchmark calls insecure, or without one it
//! requires. One table of flag checks (`CHECKS`), each mapped to its checkov id; one finding
//! per offending flag, at the command/args item that sets it.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::model::workload::Container;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S160",
        name: "insecure-control-plane-flags",
        severity: Severity::Medium,
        default: Default::OptIn,
        title: "Insecure control-plane flags in static pods",
        rationale: concat!(
            "Control-plane components deployed as static pods (kubeadm's /etc/kubernetes/manifests) or pods take \
             their security settings from command-line flags: anonymous access, profiling endpoints, missing TLS \
             files, permissive authorization or admission plugins open the cluster. The component is the first \
             `command` item's file name (`/usr/local/bin/kube-apiserver`; `hyperkube <component>` too; a shell \
             `sh -c` line is not parsed); its flags are the rest of `command` followed by `args`, as \
             `--flag=value` or `--flag value` (boolean flags take no separate value), the last occurrence \
             winning as in the components' flag parser. checkov reads only `command`, matches the binary by \
             exact item and several flags by prefix or substring; kubegate reports one finding per offending \
             flag at its item (a missing flag at the `command` key), with the checkov id in the message. The \
             checks, by checkov id (CIS Kubernetes Benchmark sections 1.2-4.2):",
            "\n\n| checkov | component | CIS expectation |\n|---|---|---|\n",
            "| CKV_K8S_68 | kube-apiserver | `--anonymous-auth=false` |\n",
            "| CKV_K8S_69 | kube-apiserver | `--basic-auth-file` not set |\n",
            "| CKV_K8S_70 | kube-apiserver | `--token-auth-file` not set |\n",
            "| CKV_K8S_71 | kube-apiserver | `--kubelet-https` not `false` |\n",
            "| CKV_K8S_72 | kube-apiserver | `--kubelet-client-certificate` set |\n",
            "| CKV_K8S_72 | kube-apiserver | `--kubelet-client-key` set |\n",
            "| CKV_K8S_73 | kube-apiserver | `--kubelet-certificate-authority` set |\n",
            "| CKV_K8S_74 | kube-apiserver | `--authorization-mode` does not include `AlwaysAllow` |\n",
            "| CKV_K8S_75 | kube-apiserver | `--authorization-mode` includes `Node` |\n",
            "| CKV_K8S_77 | kube-apiserver | `--authorization-mode` includes `RBAC` |\n",
            "| CKV_K8S_78 | kube-apiserver | `--enable-admission-plugins` includes `EventRateLimit` (checkov reads an AdmissionConfiguration object instead) |\n",
            "| CKV_K8S_79 | kube-apiserver | `--enable-admission-plugins` does not include `AlwaysAdmit` |\n",
            "| CKV_K8S_80 | kube-apiserver | `--enable-admission-plugins` includes `AlwaysPullImages` |\n",
            "| CKV_K8S_81 | kube-apiserver | `--enable-admission-plugins` includes `SecurityContextDeny` unless PodSecurityPolicy is enabled; only for `--kube-version` below 1.30 (the plugin was removed) |\n",
            "| CKV_K8S_82 | kube-apiserver | `--disable-admission-plugins` does not include `ServiceAccount` (on by default; checkov wrongly demands it in `--enable-admission-plugins`) |\n",
            "| CKV_K8S_83 | kube-apiserver | `--disable-admission-plugins` does not include `NamespaceLifecycle` (on by default; checkov wrongly demands it in `--enable-admission-plugins`) |\n",
            "| CKV_K8S_84 | kube-apiserver | `--enable-admission-plugins` includes `PodSecurityPolicy`; only for `--kube-version` below 1.25 (PodSecurityPolicy was removed) |\n",
            "| CKV_K8S_85 | kube-apiserver | `--enable-admission-plugins` includes `NodeRestriction` |\n",
            "| CKV_K8S_86 | kube-apiserver | `--insecure-bind-address` not set |\n",
            "| CKV_K8S_88 | kube-apiserver | `--insecure-port=0`; required only below 1.24 (the flag was removed), a non-zero value always reported |\n",
            "| CKV_K8S_89 | kube-apiserver | `--secure-port` not `0` |\n",
            "| CKV_K8S_90 | kube-apiserver | `--profiling=false` |\n",
            "| CKV_K8S_91 | kube-apiserver | `--audit-log-path` set |\n",
            "| CKV_K8S_92 | kube-apiserver | `--audit-log-maxage` at least 30 |\n",
            "| CKV_K8S_93 | kube-apiserver | `--audit-log-maxbackup` at least 10 |\n",
            "| CKV_K8S_94 | kube-apiserver | `--audit-log-maxsize` at least 100 |\n",
            "| CKV_K8S_95 | kube-apiserver | `--request-timeout`, when set, a duration (`60s`, `1m`) |\n",
            "| CKV_K8S_96 | kube-apiserver | `--service-account-lookup` not `false` (true by default; checkov demands it written) |\n",
            "| CKV_K8S_97 | kube-apiserver | `--service-account-key-file` set (checkov also wants a `.pem` name; any file is accepted) |\n",
            "| CKV_K8S_99 | kube-apiserver | `--etcd-certfile` set |\n",
            "| CKV_K8S_99 | kube-apiserver | `--etcd-keyfile` set |\n",
            "| CKV_K8S_100 | kube-apiserver | `--tls-cert-file` set |\n",
            "| CKV_K8S_100 | kube-apiserver | `--tls-private-key-file` set |\n",
            "| CKV_K8S_102 | kube-apiserver | `--etcd-cafile` set |\n",
            "| CKV_K8S_104 | kube-apiserver | `--encryption-provider-config` set |\n",
            "| CKV_K8S_105 | kube-apiserver | `--tls-cipher-suites`, when set, only strong cipher suites |\n",
            "| CKV_K8S_106 | kube-controller-manager | `--terminated-pod-gc-threshold` at least 1 |\n",
            "| CKV_K8S_107 | kube-controller-manager | `--profiling=false` |\n",
            "| CKV_K8S_108 | kube-controller-manager | `--use-service-account-credentials=true` |\n",
            "| CKV_K8S_110 | kube-controller-manager | `--service-account-private-key-file` set (checkov also wants a `.pem` name; any file is accepted) |\n",
            "| CKV_K8S_111 | kube-controller-manager | `--root-ca-file` set (checkov also wants a `.pem` name; any file is accepted) |\n",
            "| CKV_K8S_112 | kube-controller-manager, kubelet | `--feature-gates` does not set `RotateKubeletServerCertificate=false` |\n",
            "| CKV_K8S_113 | kube-controller-manager | `--bind-address=127.0.0.1` |\n",
            "| CKV_K8S_114 | kube-scheduler | `--profiling=false` |\n",
            "| CKV_K8S_115 | kube-scheduler | `--bind-address=127.0.0.1` |\n",
            "| CKV_K8S_116 | etcd | `--cert-file` set |\n",
            "| CKV_K8S_116 | etcd | `--key-file` set |\n",
            "| CKV_K8S_117 | etcd | `--client-cert-auth=true` |\n",
            "| CKV_K8S_118 | etcd | `--auto-tls` not `true` |\n",
            "| CKV_K8S_119 | etcd | `--peer-cert-file` set |\n",
            "| CKV_K8S_119 | etcd | `--peer-key-file` set |\n",
            "| CKV_K8S_121 | etcd | `--peer-client-cert-auth=true` |\n",
            "| CKV_K8S_138 | kubelet | `--anonymous-auth=false` |\n",
            "| CKV_K8S_139 | kubelet | `--authorization-mode` does not include `AlwaysAllow` |\n",
            "| CKV_K8S_140 | kubelet | `--client-ca-file` set |\n",
            "| CKV_K8S_141 | kubelet | `--read-only-port=0` |\n",
            "| CKV_K8S_143 | kubelet | `--streaming-connection-idle-timeout` not `0` |\n",
            "| CKV_K8S_144 | kubelet | `--protect-kernel-defaults=true` |\n",
            "| CKV_K8S_145 | kubelet | `--make-iptables-util-chains` not `false` (true by default; checkov demands it written) |\n",
            "| CKV_K8S_146 | kubelet | `--hostname-override` not set |\n",
            "| CKV_K8S_147 | kubelet | `--event-qps`, when set, at most 5 |\n",
            "| CKV_K8S_148 | kubelet | `--tls-cert-file` set |\n",
            "| CKV_K8S_148 | kubelet | `--tls-private-key-file` set |\n",
            "| CKV_K8S_149 | kubelet | `--rotate-certificates` not `false` |\n",
            "| CKV_K8S_151 | kubelet | `--tls-cipher-suites`, when set, only strong cipher suites |\n",
        ),
        remediation: "Set the flag as the CIS Kubernetes Benchmark expects (the message says how) in the static pod \
                      manifest's `command`/`args`, or remove the insecure flag.",
        references: &[
            ("checkov", "CKV_K8S_68..CKV_K8S_151 (59 checks)"),
            ("cis", "Kubernetes Benchmark 1.2-4.2"),
        ],
    },
    check,
};

const APISERVER: &str = "kube-apiserver";
const CONTROLLER: &str = "kube-controller-manager";
const SCHEDULER: &str = "kube-scheduler";
const ETCD: &str = "etcd";
const KUBELET: &str = "kubelet";

/// What a flag must look like.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// Set to exactly this value.
    Is(&'static str),
    /// Not set to this value (absent is fine: the default is safe).
    Not(&'static str),
    /// Not set at all.
    Absent,
    /// Set to a non-empty value.
    Set,
    /// A comma-separated list that includes the item (absent: fails).
    Includes(&'static str),
    /// A comma-separated list that, when set, does not include the item.
    Excludes(&'static str),
    /// An integer at least this (absent: fails).
    AtLeast(i64),
    /// An integer, when set, at most this.
    AtMost(i64),
    /// A Go duration such as `60s`, `1m`, `1h30m` when set.
    Duration,
    /// Only strong TLS cipher suites, when set.
    StrongCiphers,
    /// `--feature-gates`, when set, does not turn this gate off.
    GateNotFalse(&'static str),
}

/// One flag check: checkov id, components, flag, expectation, and the Kubernetes versions it
/// applies to (`below`: only when the target version is lower).
struct FlagCheck {
    id: &'static str,
    components: &'static [&'static str],
    flag: &'static str,
    want: Want,
    below: Option<(u32, u32)>,
}

const fn c(
    id: &'static str,
    components: &'static [&'static str],
    flag: &'static str,
    want: Want,
) -> FlagCheck {
    FlagCheck { id, components, flag, want, below: None }
}

const AS: &[&str] = &[APISERVER];
const CM: &[&str] = &[CONTROLLER];
const SC: &[&str] = &[SCHEDULER];
const ET: &[&str] = &[ETCD];
const KL: &[&str] = &[KUBELET];

/// Every flag check, in checkov id order.
const CHECKS: &[FlagCheck] = &[
    c("CKV_K8S_68", AS, "anonymous-auth", Want::Is("false")),
    c("CKV_K8S_69", AS, "basic-auth-file", Want::Absent),
    c("CKV_K8S_70", AS, "token-auth-file", Want::Absent),
    c("CKV_K8S_71", AS, "kubelet-https", Want::Not("false")),
    c("CKV_K8S_72", AS, "kubelet-client-certificate", Want::Set),
    c("CKV_K8S_72", AS, "kubelet-client-key", Want::Set),
    c("CKV_K8S_73", AS, "kubelet-certificate-authority", Want::Set),
    c("CKV_K8S_74", AS, "authorization-mode", Want::Excludes("AlwaysAllow")),
    c("CKV_K8S_75", AS, "authorization-mode", Want::Includes("Node")),
    c("CKV_K8S_77", AS, "authorization-mode", Want::Includes("RBAC")),
    c("CKV_K8S_78", AS, "enable-admission-plugins", Want::Includes("EventRateLimit")),
    c("CKV_K8S_79", AS, "enable-admission-plugins", Want::Excludes("AlwaysAdmit")),
    c("CKV_K8S_80", AS, "enable-admission-plugins", Want::Includes("AlwaysPullImages")),
    FlagCheck {
        id: "CKV_K8S_81",
        components: AS,
        flag: "enable-admission-plugins",
        want: Want::Includes("SecurityContextDeny"),
        below: Some((1, 30)),
    },
    c("CKV_K8S_82", AS, "disable-admission-plugins", Want::Excludes("ServiceAccount")),
    c("CKV_K8S_83", AS, "disable-admission-plugins", Want::Excludes("NamespaceLifecycle")),
    FlagCheck {
        id: "CKV_K8S_84",
        components: AS,
        flag: "enable-admission-plugins",
        want: Want::Includes("PodSecurityPolicy"),
        below: Some((1, 25)),
    },
    c("CKV_K8S_85", AS, "enable-admission-plugins", Want::Includes("NodeRestriction")),
    c("CKV_K8S_86", AS, "insecure-bind-address", Want::Absent),
    FlagCheck {
        id: "CKV_K8S_88",
        components: AS,
        flag: "insecure-port",
        want: Want::Is("0"),
        below: Some((1, 24)),
    },
    c("CKV_K8S_89", AS, "secure-port", Want::Not("0")),
    c("CKV_K8S_90", AS, "profiling", Want::Is("false")),
    c("CKV_K8S_91", AS, "audit-log-path", Want::Set),
    c("CKV_K8S_92", AS, "audit-log-maxage", Want::AtLeast(30)),
    c("CKV_K8S_93", AS, "audit-log-maxbackup", Want::AtLeast(10)),
    c("CKV_K8S_94", AS, "audit-log-maxsize", Want::AtLeast(100)),
    c("CKV_K8S_95", AS, "request-timeout", Want::Duration),
    c("CKV_K8S_96", AS, "service-account-lookup", Want::Not("false")),
    c("CKV_K8S_97", AS, "service-account-key-file", Want::Set),
    c("CKV_K8S_99", AS, "etcd-certfile", Want::Set),
    c("CKV_K8S_99", AS, "etcd-keyfile", Want::Set),
    c("CKV_K8S_100", AS, "tls-cert-file", Want::Set),
    c("CKV_K8S_100", AS, "tls-private-key-file", Want::Set),
    c("CKV_K8S_102", AS, "etcd-cafile", Want::Set),
    c("CKV_K8S_104", AS, "encryption-provider-config", Want::Set),
    c("CKV_K8S_105", AS, "tls-cipher-suites", Want::StrongCiphers),
    c("CKV_K8S_106", CM, "terminated-pod-gc-threshold", Want::AtLeast(1)),
    c("CKV_K8S_107", CM, "profiling", Want::Is("false")),
    c("CKV_K8S_108", CM, "use-service-account-credentials", Want::Is("true")),
    c("CKV_K8S_110", CM, "service-account-private-key-file", Want::Set),
    c("CKV_K8S_111", CM, "root-ca-file", Want::Set),
    c(
        "CKV_K8S_112",
        &[CONTROLLER, KUBELET],
        "feature-gates",
        Want::GateNotFalse("RotateKubeletServerCertificate"),
    ),
    c("CKV_K8S_113", CM, "bind-address", Want::Is("127.0.0.1")),
    c("CKV_K8S_114", SC, "profiling", Want::Is("false")),
    c("CKV_K8S_115", SC, "bind-address", Want::Is("127.0.0.1")),
    c("CKV_K8S_116", ET, "cert-file", Want::Set),
    c("CKV_K8S_116", ET, "key-file", Want::Set),
    c("CKV_K8S_117", ET, "client-cert-auth", Want::Is("true")),
    c("CKV_K8S_118", ET, "auto-tls", Want::Not("true")),
    c("CKV_K8S_119", ET, "peer-cert-file", Want::Set),
    c("CKV_K8S_119", ET, "peer-key-file", Want::Set),
    c("CKV_K8S_121", ET, "peer-client-cert-auth", Want::Is("true")),
    c("CKV_K8S_138", KL, "anonymous-auth", Want::Is("false")),
    c("CKV_K8S_139", KL, "authorization-mode", Want::Excludes("AlwaysAllow")),
    c("CKV_K8S_140", KL, "client-ca-file", Want::Set),
    c("CKV_K8S_141", KL, "read-only-port", Want::Is("0")),
    c("CKV_K8S_143", KL, "streaming-connection-idle-timeout", Want::Not("0")),
    c("CKV_K8S_144", KL, "protect-kernel-defaults", Want::Is("true")),
    c("CKV_K8S_145", KL, "make-iptables-util-chains", Want::Not("false")),
    c("CKV_K8S_146", KL, "hostname-override", Want::Absent),
    c("CKV_K8S_147", KL, "event-qps", Want::AtMost(5)),
    c("CKV_K8S_148", KL, "tls-cert-file", Want::Set),
    c("CKV_K8S_148", KL, "tls-private-key-file", Want::Set),
    c("CKV_K8S_149", KL, "rotate-certificates", Want::Not("false")),
    c("CKV_K8S_151", KL, "tls-cipher-suites", Want::StrongCiphers),
];

/// Boolean flags: `--flag` alone means true and never takes the next item as its value.
const BOOL_FLAGS: &[&str] = &[
    "anonymous-auth",
    "auto-tls",
    "client-cert-auth",
    "kubelet-https",
    "make-iptables-util-chains",
    "peer-auto-tls",
    "peer-client-cert-auth",
    "profiling",
    "protect-kernel-defaults",
    "rotate-certificates",
    "service-account-lookup",
    "use-service-account-credentials",
];

/// The cipher suites the CIS benchmark (and checkov) accept.
const STRONG_CIPHERS: &[&str] = &[
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
];

/// A flag as given: its value and the item that sets it.
struct Flag {
    value: String,
    at: ObjPath,
}

/// The control-plane component a container runs, and the path of the item naming it.
fn component(c: &Container<'_>) -> Option<(&'static str, ObjPath)> {
    let command = c.node.get("command").and_then(Node::as_seq)?;
    let base = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    let first = base(command.first()?.scalar_text()?);
    let (name, at) = if first == "hyperkube" {
        let second = command.get(1).and_then(Node::scalar_text)?;
        let name = match second {
            "apiserver" => APISERVER.to_string(),
            "controller-manager" => CONTROLLER.to_string(),
            "scheduler" => SCHEDULER.to_string(),
            s => s.to_string(),
        };
        (name, c.path.key("command").index(1))
    } else {
        (first, c.path.key("command").index(0))
    };
    [APISERVER, CONTROLLER, SCHEDULER, ETCD, KUBELET].into_iter().find(|n| *n == name).map(|n| (n, at))
}

/// The flags of a container: `command` after the binary, then `args`; the last one wins.
fn flags(c: &Container<'_>, skip: usize) -> std::collections::BTreeMap<String, Flag> {
    let mut items: Vec<(&str, ObjPath)> = Vec::new();
    for field in ["command", "args"] {
        let list = c.node.get(field).and_then(Node::as_seq).unwrap_or(&[]);
        for (i, n) in list.iter().enumerate() {
            if field == "command" && i < skip {
                continue;
            }
            if let Some(t) = n.scalar_text() {
                items.push((t, c.path.key(field).index(i)));
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    let mut i = 0;
    while i < items.len() {
        let (t, at) = &items[i];
        i += 1;
        let Some(body) = t.strip_prefix("--").or_else(|| t.strip_prefix('-')) else { continue };
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None if BOOL_FLAGS.contains(&body) => (body.to_string(), "true".to_string()),
            None => match items.get(i) {
                Some((next, _)) if !next.starts_with('-') => {
                    i += 1;
                    (body.to_string(), next.to_string())
                }
                _ => (body.to_string(), String::new()),
            },
        };
        out.insert(name, Flag { value, at: at.clone() });
    }
    out
}

/// A Go duration (`60s`, `1m30s`, `1h`, `500ms`).
fn is_duration(s: &str) -> bool {
    let mut rest = s;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let unit = ["ns", "us", "µs", "ms", "h", "m", "s"].into_iter().find(|u| rest.starts_with(u));
        let Some(u) = unit else { return false };
        rest = &rest[u.len()..];
    }
    true
}

/// Why a flag fails its check (`None`: it passes). `value` is `None` when the flag is absent.
fn verdict(want: Want, value: Option<&str>) -> Option<String> {
    let list = |v: &str| v.split(',').map(str::trim).map(str::to_string).collect::<Vec<_>>();
    match (want, value) {
        (Want::Is(x), Some(v)) if v == x => None,
        (Want::Is(x), _) => Some(format!("must be set to {x}")),
        (Want::Not(x), Some(v)) if v == x => Some(format!("must not be {x}")),
        (Want::Not(_), _) => None,
        (Want::Absent, Some(_)) => Some("must not be set".into()),
        (Want::Absent, None) => None,
        (Want::Set, Some(v)) if !v.trim().is_empty() => None,
        (Want::Set, _) => Some("must be set".into()),
        (Want::Includes(x), Some(v)) if list(v).iter().any(|i| i == x) => None,
        (Want::Includes(x), _) => Some(format!("must include {x}")),
        (Want::Excludes(x), Some(v)) if list(v).iter().any(|i| i == x) => {
            Some(format!("must not include {x}"))
        }
        (Want::Excludes(_), _) => None,
        (Want::AtLeast(n), Some(v)) if v.trim().parse::<i64>().is_ok_and(|i| i >= n) => None,
        (Want::AtLeast(n), _) => Some(format!("must be set to {n} or more")),
        (Want::AtMost(n), Some(v)) if !v.trim().parse::<i64>().is_ok_and(|i| i <= n) => {
            Some(format!("must be {n} or less"))
        }
        (Want::AtMost(_), _) => None,
        (Want::Duration, Some(v)) if !is_duration(v.trim()) => {
            Some("must be a duration such as 60s or 1m".into())
        }
        (Want::Duration, _) => None,
        (Want::StrongCiphers, Some(v)) => {
            let weak: Vec<String> =
                list(v).into_iter().filter(|c| !STRONG_CIPHERS.contains(&c.as_str())).collect();
            (!weak.is_empty())
                .then(|| format!("must name only strong cipher suites (weak: {})", weak.join(", ")))
        }
        (Want::StrongCiphers, None) => None,
        (Want::GateNotFalse(g), Some(v)) => {
            let off = list(v).iter().any(|kv| {
                kv.split_once('=')
                    .is_some_and(|(k, val)| k.trim() == g && val.trim().eq_ignore_ascii_case("false"))
            });
            off.then(|| format!("must not set {g}=false"))
        }
        (Want::GateNotFalse(_), None) => None,
    }
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let version = out.kube_version;
    for c in pod.containers() {
        let Some((name, binary_at)) = component(c) else { continue };
        let skip = binary_at.0.last().map_or(1, |s| match s {
            crate::source::yaml::Seg::Index(i) => i + 1,
            _ => 1,
        });
        let flags = flags(c, skip);
        for fc in CHECKS.iter().filter(|fc| fc.components.contains(&name)) {
            if let Some(below) = fc.below {
                let v = version.unwrap_or(crate::rules::PSS_LATEST);
                // A required setting of a removed flag or plugin: only for older targets
                // (a non-zero --insecure-port is still reported).
                let present_bad =
                    fc.flag == "insecure-port" && flags.get(fc.flag).is_some_and(|f| f.value != "0");
                if v >= below && !present_bad {
                    continue;
                }
            }
            if fc.id == "CKV_K8S_81"
                && flags
                    .get(fc.flag)
                    .is_some_and(|f| f.value.split(',').any(|p| p.trim() == "PodSecurityPolicy"))
            {
                continue;
            }
            let flag = flags.get(fc.flag);
            let Some(why) = verdict(fc.want, flag.map(|f| f.value.as_str())) else { continue };
            let (at, shown) = match flag {
                Some(f) => (f.at.clone(), format!("--{}={}", fc.flag, f.value)),
                None => (c.path.key("command"), format!("--{} is not set", fc.flag)),
            };
            out.report(
                &RULE.meta,
                &at,
                None,
                format!(
                    "{name} in {} of {}: {shown}, but the CIS benchmark says it {why} ({})",
                    c.describe(),
                    doc.display_name(),
                    fc.id
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_covers_the_59_checkov_ids() {
        let mut ids: Vec<&str> = CHECKS.iter().map(|c| c.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), 59);
        let mut sorted = ids.clone();
        sorted.sort_by_key(|id| id[8..].parse::<u32>().unwrap());
        assert_eq!(ids, sorted, "in checkov id order");
    }

    #[test]
    fn the_documented_table_is_the_checked_table() {
        for c in CHECKS {
            let row = RULE
                .meta
                .rationale
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", c.id)) && l.contains(&format!("`--{}", c.flag)))
                .unwrap_or_else(|| panic!("{} --{} is not documented", c.id, c.flag));
            assert!(c.components.iter().all(|n| row.contains(n)), "{row}");
        }
    }

    #[test]
    fn verdicts() {
        assert_eq!(verdict(Want::Is("false"), Some("false")), None);
        assert!(verdict(Want::Is("false"), None).is_some());
        assert!(verdict(Want::Includes("RBAC"), Some("Node,RBAC")).is_none());
        assert!(verdict(Want::Includes("RBAC"), Some("Node,RBACX")).is_some(), "whole items, not substrings");
        assert!(verdict(Want::AtLeast(30), Some("29")).is_some());
        assert!(verdict(Want::AtLeast(30), Some("30")).is_none());
        assert!(verdict(Want::Duration, Some("1m30s")).is_none());
        assert!(verdict(Want::Duration, Some("90")).is_some());
        assert!(
            verdict(Want::StrongCiphers, Some("TLS_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_RC4_128_SHA"))
                .is_some()
        );
        assert!(
            verdict(
                Want::GateNotFalse("RotateKubeletServerCertificate"),
                Some("A=true,RotateKubeletServerCertificate=false")
            )
            .is_some()
        );
        assert!(verdict(Want::AtMost(5), Some("6")).is_some());
    }
}
