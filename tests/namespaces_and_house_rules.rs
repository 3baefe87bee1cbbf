//! K8S150 judges the namespace an object lands in with what its unit knows (a kustomize
//! `namespace:`, the Helm release namespace, Flux / Argo CD objects of the scan); the
//! parameterised rules (K8S056, K8S158) reject bad parameters with their position; the
//! cross-object rules added with them stay silent about missing counterparts unless the unit
//! is declared complete.

mod common;

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          env:\n            - name: PASSWORD\n              valueFrom:\n                secretKeyRef: {name: db, key: password}\n";

fn findings(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["scan", "--format", "concise", "--no-summary"];
    all.extend_from_slice(args);
    all.push(".");
    let (code, out, err) = common::run_in(dir, &all);
    assert!(code < 2, "{err}");
    let mut v: Vec<String> = out.lines().map(|l| l.trim_start_matches("./").to_string()).collect();
    v.sort();
    v
}

#[test]
fn default_namespace_follows_the_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // Plain manifests: no namespace anywhere.
    common::write(&t.join("plain"), "web.yaml", DEPLOY);
    // A kustomize overlay that sets the namespace.
    common::write(&t.join("kust"), "kustomization.yaml", "namespace: shop\nresources: [web.yaml]\n");
    common::write(&t.join("kust"), "web.yaml", DEPLOY);
    // A chart whose template sets no namespace.
    common::write(&t.join("chart"), "Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
    common::write(&t.join("chart/templates"), "web.yaml", DEPLOY);
    common::write(
        &t.join("chart/templates"),
        "config.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: {{ .Release.Namespace }}\n",
    );
    // A directory an Argo CD Application of the scan deploys into `shop`.
    common::write(&t.join("argo/app"), "web.yaml", DEPLOY);
    common::write(
        &t.join("argo"),
        "application.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\n  namespace: argocd\nspec:\n  source:\n    path: ./argo/app/\n  destination:\n    namespace: shop\n",
    );
    // A Flux Kustomization that a kustomize overlay of the scan lists deploys `flux/app` into
    // `shop`, explicit namespaces included (targetNamespace overrides them).
    common::write(&t.join("clusters"), "kustomization.yaml", "resources: [ks.yaml]\n");
    common::write(
        &t.join("clusters"),
        "ks.yaml",
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: web\n  namespace: flux-system\nspec:\n  path: ./flux/app\n  targetNamespace: shop\n",
    );
    common::write(
        &t.join("flux/app"),
        "web.yaml",
        &DEPLOY.replace("  name: web\n", "  name: web\n  namespace: default\n"),
    );
    let got = findings(t, &["--no-config", "--select", "K8S150"]);
    assert_eq!(
        got,
        [
            "plain/web.yaml:4:3: low[K8S150] Deployment web sets no namespace: it goes to the namespace of whoever applies it (default unless a kubectl context, kustomize `namespace:`, Flux `targetNamespace` or Argo CD `destination.namespace` sets one)"
        ],
        "the chart is not judged without a release namespace; the overlay and the Argo CD path have one"
    );
    // The release namespace from the config decides for the chart.
    common::write(t, ".kubegate.yaml", "helm:\n  namespace: default\n");
    let got = findings(t, &["--select", "K8S150"]);
    assert!(
        got.iter().any(|l| l.starts_with("chart/templates/web.yaml:4:3: low[K8S150] Deployment web sets no namespace and the Helm release namespace (helm.namespace) is default")),
        "{got:?}"
    );
    assert!(
        got.iter().any(|l| l.starts_with(
            "chart/templates/config.yaml:5:3: low[K8S150] ConfigMap web is in the default namespace"
        )),
        "{got:?}"
    );
    common::write(t, ".kubegate.yaml", "helm:\n  namespace: shop\n");
    let got = findings(t, &["--select", "K8S150"]);
    assert!(got.iter().all(|l| !l.starts_with("chart/")), "{got:?}");
}

#[test]
fn missing_counterparts_need_a_complete_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    common::write(t, "web.yaml", DEPLOY);
    let select = ["--select", "K8S090,K8S124,K8S135"];
    let mut args = vec!["--no-config"];
    args.extend_from_slice(&select);
    assert_eq!(findings(t, &args), Vec::<String>::new());
    common::write(t, ".kubegate.yaml", "cross-object:\n  complete: true\n");
    let got = findings(t, &select);
    let mut rules: Vec<&str> =
        got.iter().map(|l| &l[l.find('[').unwrap() + 1..l.find(']').unwrap()]).collect();
    rules.sort();
    assert_eq!(rules, ["K8S090", "K8S124", "K8S135"], "{got:?}");
    // A present Secret without the key is reported without the declaration.
    common::write(t, ".kubegate.yaml", "rules: {}\n");
    common::write(
        t,
        "secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  user: app\n",
    );
    let got = findings(t, &select);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].ends_with("reads key password of Secret db, which has no such key"), "{got:?}");
}

#[test]
fn bad_parameters_are_errors_at_their_position() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    common::write(t, "web.yaml", DEPLOY);
    common::write(
        t,
        ".kubegate.yaml",
        "rules:\n  params:\n    K8S158:\n      expressions:\n        - name: replicas\n          expression: \"object.spec.replicas >\"\n",
    );
    let (code, _, err) = common::run_in(t, &["scan", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(".kubegate.yaml:6:23: invalid CEL expression `object.spec.replicas >`"), "{err}");
    common::write(t, ".kubegate.yaml", "rules:\n  params:\n    K8S056:\n      memory-limit: {max: 1GB}\n");
    let (code, _, err) = common::run_in(t, &["scan", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(".kubegate.yaml:4:27: `1GB` is not a Kubernetes quantity"), "{err}");
    // Good parameters turn the rule on.
    common::write(
        t,
        ".kubegate.yaml",
        "rules:\n  params:\n    K8S158:\n      expressions:\n        - name: pinned\n          expression: \"object.spec.template.spec.containers.all(c, c.image.contains('@sha256:'))\"\n          message: images must be pinned by digest\n          kinds: [Deployment]\n",
    );
    let got = findings(t, &["--select", "K8S001"]);
    assert_eq!(
        got,
        ["web.yaml:4:3: info[K8S158] Deployment web fails pinned: images must be pinned by digest"],
        "{got:?}"
    );
}
