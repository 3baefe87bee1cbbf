//! Suppressions: inline comments (offending line or the line above), annotations on the
//! object, the pod template or one container; a reason is mandatory; unused ones are reported.

use kubegate::diagnostic::Finding;
use kubegate::model::{Document, SourceFile};
use kubegate::rules::{REGISTRY, Reporter};
use kubegate::source::yaml::{Limits, load_stream};
use kubegate::suppress::{self, Kind};

fn run(text: &str, report_unused: bool) -> Vec<Finding> {
    let file = SourceFile { path: "x.yaml".into(), text: text.into() };
    let stream = load_stream(text, Limits::default());
    let docs: Vec<Document> = stream
        .docs
        .iter()
        .filter_map(|d| d.root.as_ref().map(|r| Document::new(&file, d.index, r)))
        .collect();
    let mut findings = Vec::new();
    for doc in &docs {
        let mut rep = Reporter::new(doc);
        for r in REGISTRY {
            (r.check)(doc, &mut rep);
        }
        findings.extend(rep.findings);
    }
    suppress::apply(&mut findings, &file.path, text, &docs, report_unused, &|_| true, &Default::default());
    findings
}

fn active(f: &[Finding], id: &str) -> usize {
    f.iter().filter(|f| f.rule_id == id && f.suppressed.is_none()).count()
}

fn suppressed(f: &[Finding], id: &str) -> Vec<(String, Kind)> {
    f.iter()
        .filter(|f| f.rule_id == id)
        .filter_map(|f| f.suppressed.as_ref().map(|s| (s.reason.clone(), s.kind)))
        .collect()
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{ANN}spec:\n  hostPID: true{TRAIL}\n  containers:\n    - name: a\n      image: x:1\n      securityContext:\n        # kubegate:ignore K8S001 -- debugging sidecar, removed before release\n        privileged: true\n    - name: b\n      image: y:1\n      securityContext:\n        privileged: true\n";

fn pod(ann: &str, trail: &str) -> String {
    POD.replace("{ANN}", ann).replace("{TRAIL}", trail)
}

#[test]
fn inline_comment_on_the_line_above_suppresses_with_its_reason() {
    let f = run(&pod("", ""), true);
    assert_eq!(
        suppressed(&f, "K8S001"),
        vec![("debugging sidecar, removed before release".to_string(), Kind::Inline)]
    );
    assert_eq!(active(&f, "K8S001"), 1, "container b is still reported");
}

#[test]
fn trailing_inline_comment_suppresses_its_own_line() {
    let f = run(&pod("", "  # kubegate:ignore host-pid -- node agent"), true);
    assert_eq!(suppressed(&f, "K8S002"), vec![("node agent".to_string(), Kind::Inline)]);
}

#[test]
fn annotation_covers_the_object_or_one_container() {
    let whole = pod("  annotations:\n    kubegate.io/ignore: \"K8S001 -- lab cluster only\"\n", "");
    let f = run(&whole, true);
    assert_eq!(active(&f, "K8S001"), 0);
    let one =
        pod("  annotations:\n    kubegate.io/ignore.b: \"privileged-container -- needs /dev/fuse\"\n", "");
    let f = run(&one, true);
    assert_eq!(active(&f, "K8S001"), 0, "a by comment, b by annotation");
    assert!(suppressed(&f, "K8S001").contains(&("needs /dev/fuse".to_string(), Kind::Annotation)));
}

#[test]
fn pod_template_annotation_covers_only_the_template() {
    let d = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata:\n      labels: {a: b}\n      annotations:\n        kubegate.io/ignore: \"K8S004 -- ingress controller\"\n    spec:\n      hostNetwork: true\n      containers:\n        - {name: c, image: x:1}\n";
    let f = run(d, true);
    assert_eq!(suppressed(&f, "K8S004"), vec![("ingress controller".to_string(), Kind::Annotation)]);
}

#[test]
fn a_suppression_without_reason_does_not_apply_and_is_a_finding() {
    let text = pod("", "  # kubegate:ignore K8S002");
    let f = run(&text, true);
    assert_eq!(active(&f, "K8S002"), 1);
    let kg: Vec<_> = f.iter().filter(|f| f.rule_id == "KG008").collect();
    assert_eq!(kg.len(), 1);
    assert_eq!(kg[0].span.unwrap().start.line, 6);
}

#[test]
fn unused_suppressions_are_reported_unless_turned_off() {
    let text = pod("  annotations:\n    kubegate.io/ignore: \"K8S024 -- nothing adds SYS_ADMIN here\"\n", "");
    assert_eq!(run(&text, true).iter().filter(|f| f.rule_id == "KG009").count(), 1);
    assert_eq!(run(&text, false).iter().filter(|f| f.rule_id == "KG009").count(), 0);
    let bad = pod("", "  # kubegate:ignore K8S999 -- typo");
    assert!(run(&bad, true).iter().any(|f| f.rule_id == "KG008" && f.message.contains("unknown rule")));
}
