//! `kubegate render helm` as a user runs it: stdout byte-equal to `helm template` (Helm 4.2.3
//! goldens in testdata/helm/golden), values files and --set applied as Helm applies them,
//! errors on stderr with Helm's wording and the file position, exit code 2.

mod common;

use std::path::Path;
use std::process::Command;

fn render(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .arg("render")
        .arg("helm")
        .args(args)
        .current_dir(common::root())
        .output()
        .expect("kubegate runs");
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(common::root().join("testdata/helm/golden").join(name)).unwrap()
}

const NGINX: &str = "testdata/helm/repos/kubernetes-ingress-nginx/charts/ingress-nginx";

#[test]
fn prints_what_helm_template_prints() {
    let (code, out, err) = render(&["testdata/helm/repos/GoogleCloudPlatform-microservices-demo/helm-chart"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out == golden("GoogleCloudPlatform-microservices-demo/helm-chart.plain.yaml"), "demo differs");
    let (code, out, _) =
        render(&["testdata/helm/repos/prometheus-community-helm-charts/charts/alertmanager"]);
    assert_eq!(code, 0);
    assert!(out == golden("prometheus-community-helm-charts/charts__alertmanager.plain.yaml"), "differs");
    let (code, out, _) = render(&[NGINX]);
    assert_eq!(code, 0);
    assert!(
        out == golden("kubernetes-ingress-nginx/charts__ingress-nginx.plain.yaml"),
        "ingress-nginx differs"
    );
}

#[test]
fn values_files_are_merged_like_helm() {
    for ci in ["controller-hpa-values", "controller-daemonset-podannotations-values"] {
        let values = format!("{NGINX}/ci/{ci}.yaml");
        let (code, out, err) = render(&[NGINX, "-f", &values]);
        assert_eq!((code, err.as_str()), (0, ""), "{ci}");
        let want = golden(&format!("kubernetes-ingress-nginx/charts__ingress-nginx__ci__{ci}.plain.yaml"));
        assert!(out == want, "{ci} differs");
    }
}

/// The same values given with --set / --set-string (`null` deletes a key, as in the file)
/// render what Helm rendered with the ci values file.
#[test]
fn set_values_render_like_the_equivalent_values_file() {
    let (code, out, err) = render(&[
        NGINX,
        "--set",
        "controller.image.repository=ingress-controller/controller,controller.image.digest=null",
        "--set",
        "controller.service.type=ClusterIP,controller.kind=DaemonSet",
        "--set",
        "controller.metrics.enabled=true",
        "--set-string",
        "controller.image.tag=1.0.0-dev",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    let want = golden(
        "kubernetes-ingress-nginx/charts__ingress-nginx__ci__controller-daemonset-metrics-values.plain.yaml",
    );
    assert!(out == want, "--set render differs from the golden");
    // Without the kind, the controller is a Deployment: --set really changes the render.
    let (_, deployment, _) = render(&[NGINX, "--set", "controller.metrics.enabled=true"]);
    assert!(deployment.contains("kind: Deployment") && !deployment.contains("kind: DaemonSet"));
}

#[test]
fn release_namespace_and_hooks() {
    let chart = "testdata/helm/repos/stefanprodan-podinfo/charts/podinfo";
    let (_, with_hooks, _) = render(&[chart]);
    let (code, out, _) = render(&[chart, "--release-name", "web", "--namespace", "prod", "--no-hooks"]);
    assert_eq!(code, 0);
    assert!(with_hooks.contains("helm.sh/hook"));
    assert!(!out.contains("helm.sh/hook"), "--no-hooks leaves hooks out");
    assert!(out.contains("name: web-podinfo"), "{out}");
    assert!(!out.contains("release-name"));
}

fn chart_with(template: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
    common::write(dir.path(), "templates/cm.yaml", template);
    dir
}

fn at(dir: &Path, rel: &str) -> String {
    dir.join(rel).display().to_string()
}

#[test]
fn errors_name_the_template_position_and_exit_2() {
    let dir = chart_with("kind: ConfigMap\ndata:\n  b: {{ required \"set b\" .Values.b }}\n");
    let (code, out, err) = render(&[dir.path().to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "Error: execution error at (demo/templates/cm.yaml:3:8): set b\n  at {}:3:8\n",
            at(dir.path(), "templates/cm.yaml")
        )
    );
    // The value given on the command line makes it render.
    let (code, out, _) = render(&[dir.path().to_str().unwrap(), "--set", "b=x"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\ndata:\n  b: x\n")
    );

    let dir = chart_with("kind: ConfigMap\n{{ if }}\n");
    let (code, _, err) = render(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "Error: parse error at (demo/templates/cm.yaml:2): missing value for if\n  at {}:2\n",
            at(dir.path(), "templates/cm.yaml")
        )
    );
    let (code, _, err) = render(&["testdata/helm/repos/bitnami-charts/bitnami/nginx"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("Error: An error occurred while checking for chart dependencies."), "{err}");
    assert!(err.contains("missing in charts/ directory: common"), "{err}");
    let (code, _, err) = render(&["testdata/helm/repos/nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a chart directory"), "{err}");
}

/// `import-values`, both forms (`- data` through the child's `exports:`, and
/// `{child, parent}`), with Helm's precedence: the parent's values win over imports, the first
/// import of a key wins over later ones, the parent's section for a child changes what it
/// exports, grandchildren import into children first, disabled and missing imports are
/// skipped, user values do not change what is imported. Goldens made once with Helm 4.2.3
/// (`../shared/oracles/helm_template.py`), see testdata/helm/README.md.
#[test]
fn import_values_follow_helms_precedence() {
    let dir = "testdata/helm/import_values";
    for (chart, values, want) in [
        ("v2", None, "v2.golden.yaml"),
        ("v2", Some("v2-user-values.yaml"), "v2.user-values.golden.yaml"),
        ("v1", None, "v1.golden.yaml"),
    ] {
        let chart_dir = format!("{dir}/{chart}");
        let mut args = vec![chart_dir.as_str()];
        let values_path = values.map(|v| format!("{dir}/{v}"));
        if let Some(v) = &values_path {
            args.extend(["-f", v.as_str()]);
        }
        let (code, out, err) = render(&args);
        assert_eq!((code, err.as_str()), (0, ""), "{chart} {values:?}");
        let want = std::fs::read_to_string(common::root().join(dir).join(want)).unwrap();
        assert!(out == want, "{chart} with {values:?} differs from Helm:\n{out}");
    }
}
