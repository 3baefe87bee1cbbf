//! The YAML loader: exact spans for every key and value, multi-document streams, anchors,
//! aliases and merge keys, Kubernetes' scalar resolution, duplicate keys.

use kubegate::source::yaml::{Limits, Node, ObjPath, ProblemKind, Resolved, load_stream};

fn at<'a>(root: &'a Node, path: &str) -> &'a Node {
    let r = root.resolve(&ObjPath::parse(path).unwrap());
    assert!(r.exact, "{path} not found");
    r.node
}

/// (line, column) of start and end.
fn span_of(n: &Node) -> ((u32, u32), (u32, u32)) {
    ((n.span.start.line, n.span.start.column), (n.span.end.line, n.span.end.column))
}

#[test]
fn spans_of_keys_and_values_are_exact() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"web\"\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27   # pinned\n";
    let s = load_stream(text, Limits::default());
    assert!(s.problems.is_empty());
    let root = s.docs[0].root.as_ref().unwrap();
    assert_eq!(span_of(at(root, "metadata.name")), ((4, 9), (4, 14)));
    let image = at(root, "spec.containers[0].image");
    assert_eq!(span_of(image), ((8, 14), (8, 24)));
    assert_eq!(&text[image.span.byte_range()], "nginx:1.27");
    let r = root.resolve(&ObjPath::parse("spec.containers[0].image").unwrap());
    assert_eq!(span_of(r.key.unwrap()), ((8, 7), (8, 12)));
}

#[test]
fn columns_count_characters_and_offsets_count_bytes() {
    let text = "a: \"héllo wörld\"\nb: x\n";
    let s = load_stream(text, Limits::default());
    let root = s.docs[0].root.as_ref().unwrap();
    let b = at(root, "b");
    assert_eq!(span_of(b), ((2, 4), (2, 5)));
    assert_eq!(&text[b.span.byte_range()], "x");
    let a = at(root, "a");
    assert_eq!(a.span.end.column, 17);
    assert_eq!(&text[a.span.byte_range()], "\"héllo wörld\"");
}

#[test]
fn multi_document_streams() {
    let text =
        "\u{feff}--- # first\na: 1\n...\n---\n---\n# only a comment\n---\nkind: Second\n--- |\n  literal\n";
    let s = load_stream(text, Limits::default());
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let docs: Vec<_> = s.docs.iter().map(|d| (d.index, d.root.is_some())).collect();
    assert_eq!(docs, vec![(0, true), (1, false), (2, false), (3, true), (4, true)]);
    // The BOM is three bytes (3 + 12 bytes of "--- # first\n" + "a: "); offsets stay file offsets.
    let a = at(s.docs[0].root.as_ref().unwrap(), "a");
    assert_eq!((a.span.start.line, a.span.start.column, a.span.start.offset), (2, 4, 18));
    assert_eq!(at(s.docs[3].root.as_ref().unwrap(), "kind").span.start.line, 8);
}

#[test]
fn anchors_aliases_and_merge_keys_keep_the_original_spans() {
    let text = "base: &b\n  x: 1\n  y: 2\nlist: &l [a, b]\nderived:\n  <<: *b\n  y: 3\ncopy: *l\nmulti:\n  <<: [*b, {z: 9}]\n";
    let s = load_stream(text, Limits::default());
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let root = s.docs[0].root.as_ref().unwrap();
    // Merged key points where it is written (line 2); the override wins and has its own line.
    let x = root.get("derived").unwrap().entry("x").unwrap();
    assert!(x.merged);
    assert_eq!(span_of(&x.value), ((2, 6), (2, 7)));
    let y = root.get("derived").unwrap().entry("y").unwrap();
    assert!(!y.merged);
    assert_eq!((y.value.as_i64(), y.value.span.start.line), (Some(3), 7));
    assert_eq!(at(root, "copy[1]").span.start.line, 4);
    assert_eq!(at(root, "multi.z").as_i64(), Some(9));
    assert_eq!(at(root, "multi.x").as_i64(), Some(1));
}

#[test]
fn scalars_resolve_like_kubernetes() {
    let text = "a: yes\nb: off\nc: 0644\nd: \"0644\"\ne: 1e3\nf: ~\ng: 0x1F\nh: 2024-01-01\ni: !!str true\nj: 1_000\nk: 'no'\n";
    let s = load_stream(text, Limits::default());
    let root = s.docs[0].root.as_ref().unwrap();
    let r = |k: &str| match &root.get(k).unwrap().value {
        kubegate::source::yaml::Value::Scalar(s) => (s.resolved.clone(), s.text.to_string()),
        _ => panic!(),
    };
    assert_eq!(r("a"), (Resolved::Bool(true), "yes".into()));
    assert_eq!(r("b").0, Resolved::Bool(false));
    assert_eq!(r("c"), (Resolved::Int(420), "0644".into()));
    assert_eq!(r("d").0, Resolved::Str);
    assert_eq!(r("e").0, Resolved::Float(1000.0));
    assert_eq!(r("f").0, Resolved::Null);
    assert_eq!(r("g").0, Resolved::Int(31));
    assert_eq!(r("h").0, Resolved::Str);
    assert_eq!(r("i").0, Resolved::Str);
    assert_eq!(r("j").0, Resolved::Int(1000));
    assert_eq!(r("k").0, Resolved::Str);
}

#[test]
fn duplicate_keys_are_reported_with_both_positions() {
    let text = "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n";
    let s = load_stream(text, Limits::default());
    let dups: Vec<_> = s
        .problems
        .iter()
        .map(|p| match &p.kind {
            ProblemKind::DuplicateKey { key, first } => (key.clone(), first.start.line, p.span.start.line),
            k => panic!("unexpected {k:?}"),
        })
        .collect();
    assert_eq!(dups, vec![("c".to_string(), 3, 4), ("a".to_string(), 1, 5)]);
    // go-yaml keeps the last value.
    assert_eq!(s.docs[0].root.as_ref().unwrap().get("a").unwrap().as_i64(), Some(3));
}

#[test]
fn parse_errors_keep_earlier_documents() {
    let text = "a: 1\n---\nb: [1, 2\n---\nc: 3\n";
    let s = load_stream(text, Limits::default());
    assert!(s.truncated);
    assert_eq!(s.docs.len(), 1);
    let p = &s.problems[0];
    assert_eq!(p.kind, ProblemKind::Parse);
    assert!(p.span.start.line >= 3, "{p:?}");
}

#[test]
fn missing_paths_resolve_to_the_nearest_ancestor() {
    let text = "spec:\n  containers:\n    - name: app\n      image: x:1\n";
    let s = load_stream(text, Limits::default());
    let root = s.docs[0].root.as_ref().unwrap();
    let r = root.resolve(&ObjPath::parse("spec.containers[0].securityContext.runAsNonRoot").unwrap());
    assert!(!r.exact);
    assert_eq!(r.depth, 3);
    assert_eq!(r.node.span.start.line, 3);
}

#[test]
fn object_paths_round_trip() {
    for p in
        ["spec.template.spec.containers[0].securityContext.privileged", "metadata.annotations[\"a.b/c\"]"]
    {
        assert_eq!(ObjPath::parse(p).unwrap().to_string(), p);
    }
}
