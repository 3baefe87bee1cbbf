//! Kustomize overlays in `kubegate scan` and `kubegate render kustomize`: the overlay is built
//! in-process, findings carry base / patch / kustomization origins and the rendered position,
//! base resource files are not reported twice, build errors are findings at the entry at
//! fault, and every file of the corpora is accounted for.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use kubegate::diagnostic::OriginRole;
use kubegate::scan::{ScanOptions, scan};

const FIXTURES: &str = "testdata/kustomize/scan";

fn kubegate_in(dir: &Path, args: &[&str]) -> common::BinRun {
    common::run_bin(dir, args)
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

#[test]
fn render_kustomize_prints_what_kubectl_kustomize_prints() {
    // overlay-prod.expected is `kubectl kustomize testdata/kustomize/scan/overlay/prod`
    let expected = std::fs::read_to_string(common::root().join(fixture("overlay-prod.expected"))).unwrap();
    let r = kubegate_in(&common::root(), &["render", "kustomize", &fixture("overlay/prod")]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(r.stdout, expected);
    // and a generator case of the golden set (hash suffixes, name references)
    let expected =
        std::fs::read_to_string(common::root().join("testdata/kustomize/cases/gen/expected.yaml")).unwrap();
    let r = kubegate_in(&common::root(), &["render", "kustomize", "testdata/kustomize/cases/gen"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, expected);
}

#[test]
fn render_errors_name_the_entry_and_exit_2() {
    let r = kubegate_in(&common::root(), &["render", "kustomize", &fixture("broken")]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    let want = format!("error: {}/kustomization.yaml:5:5: accumulating resources:", fixture("broken"));
    assert!(r.stderr.starts_with(&want), "{}", r.stderr);
    assert!(r.stderr.contains("missing.yaml': no such file or directory"), "{}", r.stderr);
    // a remote base makes render fail (it prints all or nothing)
    let r = kubegate_in(&common::root(), &["render", "kustomize", &fixture("remote")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("kustomization.yaml:4:5: remote base not checked"), "{}", r.stderr);
}

#[test]
fn overlay_findings_carry_base_patch_and_kustomization_origins() {
    let r = common::scan_paths(&[&fixture("overlay")]);
    let prefix = PathBuf::from(fixture("overlay"));
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!("kustomize_scan_overlay_human", common::human(&r, &prefix));
        insta::assert_snapshot!(
            "kustomize_scan_overlay_json",
            serde_json::to_string_pretty(&common::json(&r)).unwrap()
        );
    });
    let by_rule = |id: &str| r.findings.iter().find(|f| f.rule_id == id).unwrap_or_else(|| panic!("{id}"));
    let roles = |id: &str| by_rule(id).origin.iter().map(|o| (o.role, o.path.clone())).collect::<Vec<_>>();
    // privileged: true is written in the base
    assert_eq!(roles("K8S001"), [(OriginRole::Base, "base/deployment.yaml".to_string())]);
    // hostNetwork: true comes from the patch file; the base gives the pod spec it lands in
    assert_eq!(
        roles("K8S004"),
        [
            (OriginRole::Patch, "prod/host-network.yaml".into()),
            (OriginRole::Base, "base/deployment.yaml".into())
        ]
    );
    let f = by_rule("K8S004");
    assert_eq!(
        (f.path.as_str(), f.span.unwrap().start.line, f.span.unwrap().start.column),
        ("prod/host-network.yaml", 8, 7)
    );
    // hostPID from the inline JSON 6902 patch: the `value:` line inside the kustomization
    let f = by_rule("K8S002");
    assert_eq!(f.origin[0].role, OriginRole::Patch);
    assert_eq!(
        (f.path.as_str(), f.span.unwrap().start.line, f.span.unwrap().start.column),
        ("prod/kustomization.yaml", 14, 9)
    );
    // the tag comes from the `images:` entry, the field from the base
    assert_eq!(
        roles("K8S060"),
        [
            (OriginRole::Kustomization, "prod/kustomization.yaml".into()),
            (OriginRole::Base, "base/deployment.yaml".into())
        ]
    );
    for f in &r.findings {
        let rendered = f.rendered.as_ref().expect("findings of a built overlay carry the rendered position");
        assert_eq!((rendered.unit.as_str(), rendered.by), ("prod", "kustomize"));
    }
}

#[test]
fn base_resource_files_are_not_reported_twice() {
    let r = common::scan_paths(&[&fixture("overlay")]);
    let privileged: Vec<_> = r.findings.iter().filter(|f| f.rule_id == "K8S001").collect();
    assert_eq!(privileged.len(), 1, "{privileged:?}");
    let a = &r.summary.accounting;
    assert_eq!((a.kustomizations, a.kustomize_inputs, a.kustomize_resources, a.manifests), (2, 1, 1, 0));
    assert_eq!((r.summary.kustomize_units, r.summary.kustomize_objects), (1, 1));
    // the objects checked are those of the build, reported under the unit
    assert_eq!(r.checked.iter().map(|c| c.path.as_str()).collect::<Vec<_>>(), ["prod"]);
    // A base nobody uses is built on its own.
    let r = common::scan_paths(&[&fixture("overlay/base")]);
    let f: Vec<_> = r.findings.iter().filter(|f| f.rule_id == "K8S001").collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rendered.as_ref().unwrap().unit, ".");
    assert_eq!(r.summary.accounting.kustomize_resources, 1);
}

#[test]
fn a_build_error_is_a_finding_at_the_entry_and_the_files_are_checked_alone() {
    let r = common::scan_paths(&[&fixture("broken")]);
    let prefix = PathBuf::from(fixture("broken"));
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!("kustomize_scan_broken_concise", common::concise(&r, &prefix));
    });
    let e: Vec<_> = r.findings.iter().filter(|f| f.rule_id == "KG012").collect();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].path, "kustomization.yaml");
    assert_eq!(e[0].span.map(|s| (s.start.line, s.start.column)), Some((5, 5)));
    // the unit did not build: its resource is linted on its own, once
    assert_eq!(r.findings.iter().filter(|f| f.rule_id == "K8S001").count(), 1);
    assert_eq!(r.summary.accounting.manifests, 1);
    assert_eq!(r.summary.kustomize_units, 0);
}

#[test]
fn a_remote_base_is_reported_and_the_rest_is_built() {
    let r = common::scan_paths(&[&fixture("remote")]);
    let remote: Vec<_> = r.findings.iter().filter(|f| f.rule_id == "KG013").collect();
    assert_eq!(remote.len(), 1, "{:?}", r.findings);
    assert_eq!(remote[0].span.map(|s| (s.start.line, s.start.column)), Some((4, 5)));
    assert!(remote[0].message.starts_with("remote base not checked: 'https://github.com/example/platform"));
    let privileged: Vec<_> = r.findings.iter().filter(|f| f.rule_id == "K8S001").collect();
    assert_eq!(privileged.len(), 1);
    assert!(privileged[0].rendered.is_some(), "checked through the build");
    assert_eq!(r.summary.kustomize_units, 1);
}

#[test]
fn staged_overlays_read_their_bases_from_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).current_dir(dir.path()).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "t@example.com"]);
    git(&["config", "user.name", "t"]);
    let src = common::root().join(fixture("overlay"));
    for f in [
        "base/kustomization.yaml",
        "base/deployment.yaml",
        "prod/kustomization.yaml",
        "prod/host-network.yaml",
    ] {
        let to = dir.path().join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(f), &to).unwrap();
    }
    git(&["add", "-A"]);
    git(&["commit", "-qm", "overlay"]);
    // Stage a patch that adds hostIPC, then change the work tree again: the index is judged.
    let patch = dir.path().join("prod/host-network.yaml");
    let text = std::fs::read_to_string(&patch).unwrap();
    std::fs::write(&patch, text.replace("hostNetwork: true", "hostNetwork: true\n      hostIPC: true"))
        .unwrap();
    git(&["add", "prod/host-network.yaml"]);
    std::fs::write(&patch, text.replace("hostNetwork: true", "hostNetwork: false")).unwrap();
    // and the base in the work tree differs from the index: the index wins
    std::fs::write(dir.path().join("base/deployment.yaml"), "broken: [\n").unwrap();
    let r = kubegate_in(dir.path(), &["scan", "--staged", "--format", "json", "--no-config"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stderr);
    let rules: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule_id"].as_str().unwrap(), f["path"].as_str().unwrap()))
        .collect();
    assert!(rules.contains(&("K8S003", "prod/host-network.yaml")), "{rules:?}");
    assert!(rules.contains(&("K8S004", "prod/host-network.yaml")), "{rules:?}");
    assert!(rules.contains(&("K8S001", "base/deployment.yaml")), "{rules:?}");
    assert!(!rules.iter().any(|(id, _)| id.starts_with("KG")), "{rules:?}");
}

/// Every file of the corpora is accounted for, none fails, and the overlays build.
#[test]
fn corpora_accounting_with_overlays_built() {
    let repos = common::root().join("../shared/corpora/repos");
    let repos = if repos.is_dir() { repos } else { PathBuf::from("/work/shared/corpora/repos") };
    if !repos.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI needs ../shared/corpora/repos");
        eprintln!("corpora not present: skipped");
        return;
    }
    let r = scan(&ScanOptions { paths: vec![repos.clone()], ..ScanOptions::default() }).unwrap();
    let s = &r.summary;
    let a = &s.accounting;
    let sum = a.manifests
        + a.non_object_yaml
        + a.kustomizations
        + a.kustomize_inputs
        + a.kustomize_resources
        + a.helm_chart_files
        + a.text
        + a.failed
        + a.skipped_files;
    assert_eq!(sum, s.files, "{a:?}");
    assert_eq!(a.failed, 0, "{a:?}");
    eprintln!(
        "corpora: {} files, {} kustomization units built ({} objects), {} resource files checked through them, {} build findings",
        s.files,
        s.kustomize_units,
        s.kustomize_objects,
        a.kustomize_resources,
        r.findings.iter().filter(|f| f.rule_id == "KG012").count()
    );
    assert!(s.kustomize_units > 0 && a.kustomize_resources > 0);
}

#[test]
fn inline_suppressions_in_resource_files_apply_to_built_objects() {
    let r = common::scan_paths(&[&fixture("suppressed")]);
    let f: Vec<_> = r.findings.iter().filter(|f| f.rule_id == "K8S001").collect();
    assert_eq!(f.len(), 1);
    assert!(f[0].rendered.is_some(), "checked through the build");
    let s = f[0].suppressed.as_ref().expect("the comment above the line suppresses it");
    assert_eq!(s.reason, "the node agent needs it (SEC-42)");
    assert!(!r.findings.iter().any(|f| f.rule_id.starts_with("KG")), "{:?}", r.findings);
}
