//! Kustomizations that must not build, and the error each gives: remote bases are never
//! fetched, files outside the kustomization root are refused (kustomize's load restrictor),
//! missing resources and misplaced components are reported against the kustomization file.

use std::path::Path;

use kubegate::source::kustomize::{ErrorKind, build_yaml};

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

#[test]
fn remote_resources_are_not_fetched() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "kustomization.yaml",
                "resources:\n- cm.yaml\n- https://github.com/fluxcd/flux2/manifests/install?ref=v2.3.0\n",
            ),
            ("cm.yaml", CM),
        ],
    );
    let err = build_yaml(tmp.path()).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::RemoteBase { url: "https://github.com/fluxcd/flux2/manifests/install?ref=v2.3.0".into() }
    );
    assert!(err.message.contains("remote base not checked"), "{}", err.message);
    assert!(err.path.ends_with("kustomization.yaml"));
}

#[test]
fn remote_components_are_not_fetched() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[("kustomization.yaml", "components:\n- github.com/owner/repo//components/x?ref=main\n")],
    );
    let err = build_yaml(tmp.path()).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::RemoteBase { .. }), "{err}");
}

#[test]
fn files_outside_the_root_are_refused_but_bases_outside_are_built() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("shared/cm.yaml", CM),
            ("base/kustomization.yaml", "resources:\n- cm.yaml\n"),
            ("base/cm.yaml", CM),
            ("overlay/kustomization.yaml", "resources:\n- ../shared/cm.yaml\n"),
            ("overlay2/kustomization.yaml", "resources:\n- ../base\nnamePrefix: p-\n"),
        ],
    );
    let err = build_yaml(&tmp.path().join("overlay")).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::OutsideRoot { .. }), "{err}");
    assert!(err.message.contains("is not in or below"), "{}", err.message);
    let out = build_yaml(&tmp.path().join("overlay2")).unwrap();
    assert_eq!(out, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p-c\n");
}

#[test]
fn missing_resources_and_misplaced_components_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("a/kustomization.yaml", "resources:\n- nope.yaml\n"),
            ("comp/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"),
            ("b/kustomization.yaml", "resources:\n- ../comp\n"),
            ("c/kustomization.yaml", "components:\n- ../a\n"),
            ("d/kustomization.yaml", "resources:\n- ../d\n"),
        ],
    );
    let err = build_yaml(&tmp.path().join("a")).unwrap_err();
    assert!(err.message.contains("nope.yaml"), "{err}");
    let err = build_yaml(&tmp.path().join("b")).unwrap_err();
    assert!(err.message.contains("components"), "{err}");
    let err = build_yaml(&tmp.path().join("c")).unwrap_err();
    assert!(err.message.contains("Component"), "{err}");
    let err = build_yaml(&tmp.path().join("d")).unwrap_err();
    assert!(err.message.contains("cycle"), "{err}");
}

#[test]
fn a_directory_without_a_kustomization_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let err = build_yaml(tmp.path()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NoKustomization);
}

#[test]
fn unsupported_fields_are_refused_not_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("cm.yaml", CM),
            (
                "kustomization.yaml",
                "resources:\n- cm.yaml\nhelmCharts:\n- name: podinfo\n  repo: https://stefanprodan.github.io/podinfo\n",
            ),
        ],
    );
    let err = build_yaml(tmp.path()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported { field: "helmCharts".into() });
}

#[test]
fn the_same_object_twice_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[("a.yaml", CM), ("b.yaml", CM), ("kustomization.yaml", "resources:\n- a.yaml\n- b.yaml\n")],
    );
    let err = build_yaml(tmp.path()).unwrap_err();
    assert!(err.message.contains("already registered id"), "{err}");
}

#[test]
fn kustomization_file_names() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("yml/kustomization.yml", "resources:\n- cm.yaml\n"),
            ("yml/cm.yaml", CM),
            ("bare/Kustomization", "resources:\n- cm.yaml\nnameSuffix: -b\n"),
            ("bare/cm.yaml", CM),
            ("two/kustomization.yaml", "resources: []\n"),
            ("two/kustomization.yml", "resources: []\n"),
        ],
    );
    assert_eq!(build_yaml(&tmp.path().join("yml")).unwrap(), CM);
    assert!(build_yaml(&tmp.path().join("bare")).unwrap().contains("name: c-b\n"));
    let err = build_yaml(&tmp.path().join("two")).unwrap_err();
    assert!(err.message.contains("multiple kustomization files"), "{err}");
}

#[test]
fn remote_legacy_bases_are_not_fetched() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[(
            "kustomization.yaml",
            "bases:\n- github.com/kubernetes-sigs/kustomize/examples/multibases?ref=v1.0.6\n",
        )],
    );
    let err = build_yaml(tmp.path()).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::RemoteBase { .. }), "{err}");
}
