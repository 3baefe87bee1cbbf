//! Helm charts in `scan`: rendered in-process, every rendered object checked, each finding
//! moved to the values line and the template line behind its node (with the rendered
//! position kept), render failures as KG010 findings at the template position, values
//! schema violations as KG011 findings at the values line, value sets from
//! `.kubegate.yaml` and `ci/*.yaml`, and the chart read from the git index for --staged.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use kubegate::scan::{ScanOptions, ScanResult, scan};

fn scan_with(paths: &[&str], edit: impl FnOnce(&mut ScanOptions)) -> ScanResult {
    let mut opts = ScanOptions { paths: paths.iter().map(PathBuf::from).collect(), ..ScanOptions::default() };
    edit(&mut opts);
    scan(&opts).expect("scan runs")
}

/// (rule, path:line:col, origin roles) of every finding.
fn brief(r: &ScanResult) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| {
            let at = f.span.map(|s| format!(":{}:{}", s.start.line, s.start.column)).unwrap_or_default();
            let roles: Vec<String> =
                f.origin.iter().map(|o| format!("{:?}@{}:{}", o.role, o.path, o.span.start.line)).collect();
            format!("{} {}{at} [{}]", f.rule_id, f.path, roles.join(", "))
        })
        .collect()
}

#[test]
fn findings_point_at_the_values_line_and_the_template_line() {
    let dir = "testdata/helm/scan/web";
    let r = scan_with(&[dir], |_| {});
    let shown = common::human(&r, Path::new(dir));
    let json = common::json(&r);
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!("helm_scan_web_human", shown);
        insta::assert_snapshot!("helm_scan_web_json", serde_json::to_string_pretty(&json).unwrap());
    });
    // The privileged flag comes from values.yaml through `toYaml .Values.securityContext`:
    // the values line first, then the template line, then the rendered position.
    let f = r.findings.iter().find(|f| f.rule_id == "K8S001").expect("privileged finding");
    assert_eq!(
        (f.path.as_str(), f.span.unwrap().start.line, f.span.unwrap().start.column),
        ("values.yaml", 6, 3)
    );
    let roles: Vec<_> =
        f.origin.iter().map(|o| (format!("{:?}", o.role), o.path.as_str(), o.span.start.line)).collect();
    assert_eq!(
        roles,
        vec![("Values".into(), "values.yaml", 6), ("Template".into(), "templates/deployment.yaml", 19)]
    );
    let rendered = f.rendered.as_ref().expect("rendered position");
    assert_eq!((rendered.by, rendered.unit.as_str(), rendered.span.start.line), ("helm", ".", 25));
    // The hostPath is written in the template: no values origin.
    let f = r.findings.iter().find(|f| f.rule_id == "K8S041").expect("runtime socket finding");
    assert_eq!((f.path.as_str(), f.span.unwrap().start.line), ("templates/deployment.yaml", 29));
    assert_eq!(f.origin.len(), 1);
    assert_eq!(r.summary.helm.charts, 1);
    assert_eq!(r.summary.helm.objects, 1);
    assert!(r.summary.skipped.is_empty(), "{:?}", r.summary.skipped);
}

/// The rendered line is where `kubegate render helm` prints the node.
#[test]
fn rendered_positions_match_render_helm_output() {
    let r = scan_with(&["testdata/helm/scan/web"], |_| {});
    let out = Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args(["render", "helm", "testdata/helm/scan/web"])
        .current_dir(common::root())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for f in &r.findings {
        let at = f.rendered.as_ref().unwrap().span.start;
        let line = lines[at.line as usize - 1];
        let leaf = f.object_path.as_deref().unwrap().rsplit('.').next().unwrap();
        let leaf = leaf.split('[').next().unwrap();
        assert!(line.contains(leaf) || line.trim_start().starts_with('-'), "{} at {line:?}", f.rule_id);
    }
}

#[test]
fn a_chart_that_cannot_render_is_a_finding_and_the_run_goes_on() {
    let r = scan_with(&["testdata/helm/scan"], |_| {});
    let kg010: Vec<_> = r.findings.iter().filter(|f| f.rule_id == "KG010").collect();
    assert_eq!(kg010.len(), 1);
    let f = kg010[0];
    assert_eq!(f.path, "broken/templates/cm.yaml");
    let s = f.span.unwrap().start;
    assert_eq!((s.line, s.column), (4, 11));
    assert_eq!(
        f.message,
        "execution error at (broken/templates/cm.yaml:4:11): set .Values.name to the ConfigMap's name"
    );
    // The other chart is still rendered and checked.
    assert!(r.findings.iter().any(|f| f.rule_id == "K8S001" && f.path == "web/values.yaml"));
    assert_eq!((r.summary.helm.charts, r.summary.helm.failed), (2, 1));
    assert_eq!(r.errors(), 1);
    let only_broken = scan_with(&["testdata/helm/scan/broken"], |_| {});
    let shown = common::human(&only_broken, Path::new("testdata/helm/scan/broken"));
    common::snapshot_settings().bind(|| insta::assert_snapshot!("helm_scan_render_error", shown));
}

#[test]
fn ci_value_sets_are_opt_in_and_their_findings_point_into_the_ci_file() {
    let plain = brief(&scan_with(&["testdata/helm/scan/web"], |_| {}));
    assert!(!plain.iter().any(|l| l.contains("ci/")), "{plain:#?}");
    let r = scan_with(&["testdata/helm/scan/web"], |o| o.helm.ci_values = true);
    let got = brief(&r);
    // The :latest tag and replicas: 0 (schema minimum 1) come from ci/hardened-values.yaml.
    assert!(got.contains(&"K8S060 ci/hardened-values.yaml:4:3 [Values@ci/hardened-values.yaml:4, Template@templates/deployment.yaml:17]".to_string()), "{got:#?}");
    assert!(got.contains(&"KG011 ci/hardened-values.yaml:5:1 []".to_string()), "{got:#?}");
    // Findings both value sets give are reported once.
    assert_eq!(got.iter().filter(|l| l.starts_with("K8S041")).count(), 1, "{got:#?}");
    assert_eq!(r.summary.helm.renders, 2);
}

#[test]
fn config_values_and_set_apply_to_their_chart() {
    let out = Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args([
            "scan",
            "testdata/helm/scan/web",
            "--format",
            "json",
            "--config",
            "testdata/helm/scan/kubegate-prod.yaml",
        ])
        .current_dir(common::root())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> =
        json["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    // envs/prod-values.yaml turns privileged off; the release name is the config's.
    assert!(!rules.contains(&"K8S001"), "{rules:?}");
    assert!(rules.contains(&"K8S041"), "{rules:?}");
    let msg = json["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("prod-web"), "{msg}");
}

/// A git repository with testdata/helm/scan/web at web/: the index has `privileged: true`,
/// the working tree turns it off.
fn web_staged_privileged() -> tempfile::TempDir {
    let repo = common::git_repo();
    let d = repo.path();
    let src = common::root().join("testdata/helm/scan/web");
    for rel in ["Chart.yaml", "values.yaml", "templates/_helpers.tpl", "templates/deployment.yaml"] {
        common::write(d, &format!("web/{rel}"), &std::fs::read_to_string(src.join(rel)).unwrap());
    }
    common::git(d, &["add", "."]);
    let values = std::fs::read_to_string(d.join("web/values.yaml")).unwrap();
    std::fs::write(d.join("web/values.yaml"), values.replace("privileged: true", "privileged: false"))
        .unwrap();
    repo
}

#[test]
fn staged_scans_render_the_chart_in_the_index() {
    let repo = web_staged_privileged();
    let d = repo.path();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_kubegate")).args(args).current_dir(d).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let staged = run(&["scan", "--staged", "--format", "concise", "--no-summary"]);
    assert!(staged.contains("web/values.yaml:6:3: critical[K8S001]"), "{staged}");
    let tree = run(&["scan", ".", "--format", "concise", "--no-summary"]);
    assert!(!tree.contains("K8S001"), "{tree}");
}

#[test]
fn library_charts_are_skipped_and_subcharts_render_with_their_parent() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::write(d, "lib/Chart.yaml", "apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n");
    common::write(d, "lib/templates/_x.tpl", "{{ define \"lib.x\" }}x{{ end }}\n");
    common::write(d, "app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n");
    common::write(d, "app/values.yaml", "sub:\n  hostNetwork: true\n");
    common::write(d, "app/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
    common::write(d, "app/charts/sub/values.yaml", "hostNetwork: false\n");
    common::write(
        d,
        "app/charts/sub/templates/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: {{ .Values.hostNetwork }}\n  containers:\n    - name: c\n      image: nginx:1.27.0\n",
    );
    let r = scan_with(&[d.to_str().unwrap()], |_| {});
    let skipped: Vec<_> = r.summary.skipped.iter().map(|s| (s.path.as_str(), s.reason.as_str())).collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].0, "lib");
    assert!(skipped[0].1.starts_with("Helm library chart"), "{skipped:?}");
    assert_eq!(r.summary.helm.charts, 1, "the subchart is part of its parent");
    let f = r.findings.iter().find(|f| f.rule_id == "K8S004").expect("host network finding");
    let roles: Vec<_> = f.origin.iter().map(|o| (o.path.as_str(), o.span.start.line)).collect();
    // The parent's `sub.hostNetwork` wins over the subchart's default.
    assert_eq!(roles, vec![("app/values.yaml", 2), ("app/charts/sub/templates/pod.yaml", 6)]);
}

#[test]
fn hostile_charts_end_with_a_clear_finding() {
    let r = scan_with(&["testdata/helm/hostile"], |_| {});
    let msgs: Vec<(&str, &str)> = r.findings.iter().map(|f| (f.path.as_str(), f.message.as_str())).collect();
    assert_eq!(r.findings.iter().filter(|f| f.rule_id == "KG010").count(), 3, "{msgs:#?}");
    let has = |path: &str, text: &str| msgs.iter().any(|(p, m)| p.starts_with(path) && m.contains(text));
    assert!(has("deep-nesting/templates/cm.yaml", "if nested more than 500 levels deep"), "{msgs:#?}");
    assert!(has("huge-range/templates/cm.yaml", "exceeded the limit of 5000000 steps"), "{msgs:#?}");
    assert!(has("recursive-include/templates/cm.yaml", "nested reference name: loop"), "{msgs:#?}");
    assert!(msgs.iter().all(|(_, m)| m.len() < 1000), "messages stay readable");
}

/// Every chart of the development corpus is rendered or listed as skipped with a reason,
/// and none panics.
#[test]
fn corpus_charts_are_all_accounted_for() {
    let root = common::root().join("../shared/corpora/repos");
    if !root.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI runs with ../shared beside the repository");
        eprintln!("../shared/corpora not present: corpus charts not scanned on this checkout");
        return;
    }
    // Missing dependencies are taken from sibling charts, as the corpus goldens were made.
    let r = scan_with(&[root.to_str().unwrap()], |o| {
        o.helm.dependency_dirs =
            vec![root.join("bitnami-charts/bitnami"), root.join("prometheus-community-helm-charts/charts")];
    });
    let internal: Vec<_> =
        r.findings.iter().filter(|f| f.rule_id == "KG000" || f.message.contains("internal error")).collect();
    assert!(internal.is_empty(), "{:#?}", internal.iter().map(|f| &f.message).collect::<Vec<_>>());
    // Outermost chart directories in the corpus.
    let mut charts = std::collections::BTreeSet::new();
    for f in kubegate::scan::helm::files_on_disk(&root) {
        if f.file_name().is_some_and(|n| n == "Chart.yaml") {
            charts.insert(f.parent().unwrap().to_path_buf());
        }
    }
    let outer: Vec<_> =
        charts.iter().filter(|c| !charts.iter().any(|o| o != *c && c.starts_with(o))).collect();
    let skipped_charts =
        r.summary.skipped.iter().filter(|s| s.reason.starts_with("Helm library chart")).count();
    println!(
        "charts: {} outer, {} rendered ({} failed renders), {} library; objects {}",
        outer.len(),
        r.summary.helm.charts,
        r.summary.helm.failed,
        skipped_charts,
        r.summary.helm.objects
    );
    for f in r.findings.iter().filter(|f| f.rule_id == "KG010") {
        println!("KG010 {}: {}", f.path, f.message.lines().next().unwrap_or(""));
    }
    assert_eq!(r.summary.helm.charts + skipped_charts, outer.len());
    assert!(r.summary.helm.failed <= 2, "{} renders failed", r.summary.helm.failed);
    assert!(r.summary.helm.objects > 500, "{}", r.summary.helm.objects);
}

/// A value that reaches the template through `with`, `range`, a variable, `include`,
/// `default` or `toYaml ... | nindent` still gives its values line: the renderer knows which
/// values each action read (the dot and variables carry their place in the values), and a
/// finding about a nested field of a `toYaml`'d mapping points at that nested key.
#[test]
fn values_origins_survive_with_range_variables_include_default_and_toyaml() {
    let dir = "testdata/helm/origins";
    let r = scan_with(&[dir], |_| {});
    let got: Vec<(String, String, u32, String)> = r
        .findings
        .iter()
        .map(|f| {
            let template = f.origin.iter().find(|o| format!("{:?}", o.role) == "Template");
            (
                f.rule_id.to_string(),
                f.path.clone(),
                f.span.unwrap().start.line,
                template.map(|o| format!("{}:{}", o.path, o.span.start.line)).unwrap_or_default(),
            )
        })
        .collect();
    let want = [
        // with .Values.podSecurityContext + toYaml . → runAsUser: 0
        ("K8S010", 4, "templates/with.yaml:8"),
        // range .Values.containers + {{ .image }} / {{ .privileged }} → the second item's keys
        ("K8S060", 11, "templates/range.yaml:9"),
        ("K8S001", 12, "templates/range.yaml:11"),
        // $sidecar := .Values.sidecar, then $sidecar.securityContext.allowPrivilegeEscalation
        ("K8S007", 15, "templates/variable.yaml:11"),
        // include "origins.hostNetwork" . (the partial reads .Values.network.hostNetwork)
        ("K8S004", 17, "templates/include.yaml:6"),
        // default "latest" .Values.image.tag → the empty tag
        ("K8S060", 20, "templates/default.yaml:8"),
        // toYaml .Values.containerSecurity | nindent → the nested capabilities.add item
        ("K8S022", 30, "templates/toyaml.yaml:9"),
        ("K8S023", 30, "templates/toyaml.yaml:9"),
        ("K8S024", 30, "templates/toyaml.yaml:9"),
    ];
    let want: Vec<(String, String, u32, String)> = want
        .iter()
        .map(|(rule, line, t)| (rule.to_string(), "values.yaml".to_string(), *line, t.to_string()))
        .collect();
    assert_eq!(got, want);
    let shown = common::human(&r, Path::new(dir));
    let json = common::json(&r);
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!("helm_scan_origins_human", shown);
        insta::assert_snapshot!("helm_scan_origins_json", serde_json::to_string_pretty(&json).unwrap());
    });
}

/// A finding in an object rendered from a packaged subchart (`charts/web-0.1.0.tgz`) names
/// the archive entry as `ARCHIVE!/ENTRY` (as `jar:` URLs do), with the line and column inside
/// the entry, for the template and the values line alike; the human snippet shows the entry's
/// text. In SARIF the location is the archive itself (a file a code-scanning UI can open,
/// with no region: lines in a gzip mean nothing) and the entry and position are its
/// description; the log stays valid SARIF 2.1.0 (`uri` a URI reference).
#[test]
fn findings_inside_packaged_subcharts_name_the_archive_entry() {
    let dir = "testdata/helm/packaged/app";
    let r = scan_with(&[dir], |_| {});
    let f = r.findings.iter().find(|f| f.rule_id == "K8S001").expect("privileged finding");
    let at = |p: &str, s: kubegate::source::yaml::Span| format!("{p}:{}:{}", s.start.line, s.start.column);
    let origins: Vec<String> =
        f.origin.iter().map(|o| format!("{:?} {}", o.role, at(&o.path, o.span))).collect();
    assert_eq!(
        origins,
        [
            "Values charts/web-0.1.0.tgz!/web/values.yaml:3:3",
            "Template charts/web-0.1.0.tgz!/web/templates/pod.yaml:10:9",
        ]
    );
    let f = r.findings.iter().find(|f| f.rule_id == "K8S041").expect("socket finding");
    assert_eq!(at(&f.path, f.span.unwrap()), "charts/web-0.1.0.tgz!/web/templates/pod.yaml:20:9");
    let shown = common::human(&r, Path::new(dir));
    assert!(shown.contains(" 20 │         path: /var/run/docker.sock"), "{shown}");
    common::snapshot_settings().bind(|| insta::assert_snapshot!("helm_scan_packaged_human", shown));

    let (code, out, _) = common::kubegate(&common::root(), &["scan", dir, "--format", "sarif"]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("testdata/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The validator does not check `format: uri-reference`: every uri is checked here to
    // be a relative reference of unreserved characters, `/` and percent escapes.
    let results = log["runs"][0]["results"].as_array().unwrap();
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
        let mut rest = uri;
        while let Some(c) = rest.chars().next() {
            if c == '%' {
                assert!(rest.len() >= 3 && rest[1..3].chars().all(|h| h.is_ascii_hexdigit()), "{uri}");
                rest = &rest[3..];
            } else {
                assert!(c.is_ascii_alphanumeric() || "-._~/".contains(c), "{uri}");
                rest = &rest[1..];
            }
        }
    }
    let privileged = results.iter().find(|r| r["ruleId"] == "K8S001").unwrap();
    let loc = &privileged["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], format!("{dir}/charts/web-0.1.0.tgz"));
    assert_eq!(
        loc["artifactLocation"]["description"]["text"],
        "web/values.yaml:3:3 inside the packaged chart charts/web-0.1.0.tgz"
    );
    assert!(loc.get("region").is_none());
}

/// Whether `testdata/helm/helm-sdk` can run Helm (../shared/oracles beside the repository
/// and helm-python-sdk in the virtual environment HELM_PYTHON_VENV names, as .ci/run sets
/// up). Outside CI a machine without them skips the test that needs it.
fn helm_sdk_available() -> bool {
    let oracle = common::root().join("../shared/oracles/helm_template.py");
    let ok = oracle.is_file()
        && Command::new("python3")
            .arg(&oracle)
            .arg("--version-info")
            .output()
            .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI has ../shared and helm-python-sdk (.ci/run installs it)"
    );
    ok
}

/// `--helm-binary` with `--staged`: the external helm renders the chart as it is in the git
/// index (written to a temporary directory), not the working tree. The binary is Helm 4.2.3's
/// own library behind a `helm template`-compatible script (testdata/helm/helm-sdk).
#[test]
fn staged_scans_with_a_helm_binary_render_the_index() {
    if !helm_sdk_available() {
        eprintln!("helm-python-sdk or ../shared/oracles not present: --helm-binary --staged not run");
        return;
    }
    let repo = web_staged_privileged();
    let d = repo.path();
    let helm = common::root().join("testdata/helm/helm-sdk");
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_kubegate"))
            .env("TMPDIR", tmp.path())
            .args(args)
            .args(["--helm-binary", helm.to_str().unwrap(), "--format", "concise", "--no-summary"])
            .current_dir(d)
            .output()
            .unwrap();
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let (staged, err) = run(&["scan", "--staged"]);
    assert!(staged.contains("web/templates/deployment.yaml:1:1: critical[K8S001]"), "{staged}{err}");
    let (tree, err) = run(&["scan", "."]);
    assert!(!tree.contains("K8S001"), "{tree}{err}");
    assert!(tree.contains("web/templates/deployment.yaml:1:1: critical[K8S041]"), "{tree}{err}");
    // Nothing is left behind in the temporary directory.
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A render error inside a packaged subchart is a KG010 finding at the archive entry's
/// position, with Helm's message (as Helm 4.2.3 words it for this chart).
#[test]
fn render_errors_inside_packaged_subcharts_point_into_the_archive() {
    let r = scan_with(&["testdata/helm/packaged/broken"], |_| {});
    let f = r.findings.iter().find(|f| f.rule_id == "KG010").expect("render error");
    let s = f.span.expect("a position");
    assert_eq!(
        (f.path.as_str(), s.start.line, s.start.column),
        ("charts/bad-0.1.0.tgz!/bad/templates/cm.yaml", 4, 11)
    );
    assert_eq!(f.message, "execution error at (broken/charts/bad/templates/cm.yaml:4:11): set .Values.name");
}
