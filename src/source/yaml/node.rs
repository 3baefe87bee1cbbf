//! The YAML node tree: every key and value carries its exact span in the source.
//!
//! Built from `saphyr-parser` events by `loader.rs`. Scalars keep their raw text and the
//! value Kubernetes (sigs.k8s.io/yaml, go-yaml v2 / YAML 1.1 rules) would resolve them to.

use std::fmt;

/// A position in a source file. `line` and `column` are 1-based; `column` counts Unicode
/// scalar values (characters) from the start of the line; `offset` is a 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
}

/// A half-open range `[start, end)` in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn byte_range(&self) -> std::ops::Range<usize> {
        self.start.offset as usize..self.end.offset as usize
    }
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// The value a scalar resolves to under Kubernetes' YAML rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The scalar's content after YAML unescaping/folding (the text a string value holds).
    pub text: compact_str::CompactString,
    pub style: Style,
    pub resolved: Resolved,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
    /// True when the entry came in through a merge key (`<<: *anchor`).
    pub merged: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node is written. For a node reached through an alias this is the span of
    /// the anchored original (where the offending text actually is).
    pub span: Span,
    pub value: Value,
    /// An explicit tag such as `!!str` or `!Ref`, as written.
    pub tag: Option<Box<str>>,
}

impl Node {
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }
    /// The scalar's text when it resolves to a string (or any scalar's text when `loose`).
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) if s.resolved == Resolved::Str => Some(&s.text),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar(Scalar { resolved: Resolved::Bool(b), .. }) => Some(*b),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Scalar(Scalar { resolved: Resolved::Int(i), .. }) => Some(*i),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(Scalar { resolved: Resolved::Null, .. }))
    }
    /// The map entry whose key is the string `key` (the last one when a key is duplicated,
    /// as go-yaml does; own keys win over merged ones).
    ///
    /// Searched from the end, stopping at the first match: the loader keeps a merged entry
    /// only when no other entry has its key, so the last match is the own entry that wins,
    /// or the one merged entry.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().rev().find(|e| e.key.scalar_text() == Some(key))
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }
    /// A scalar's text whatever it resolves to (keys are compared this way).
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(&s.text),
            _ => None,
        }
    }
}

/// One step of an object path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(compact_str::CompactString),
    Index(usize),
}

/// An object path such as `spec.template.spec.containers[0].securityContext.privileged`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ObjPath(pub Vec<Seg>);

impl ObjPath {
    pub fn root() -> Self {
        ObjPath(Vec::new())
    }
    pub fn key(&self, k: &str) -> Self {
        self.with(Seg::Key(k.into()))
    }
    /// The path extended by several keys, in one allocation.
    pub fn keys(&self, ks: &[&str]) -> Self {
        let mut v = Vec::with_capacity(self.0.len() + ks.len());
        v.extend_from_slice(&self.0);
        v.extend(ks.iter().map(|k| Seg::Key((*k).into())));
        ObjPath(v)
    }
    pub fn index(&self, i: usize) -> Self {
        self.with(Seg::Index(i))
    }
    /// The path extended by one segment, in one allocation (clone-then-push would
    /// allocate twice: the clone is exact-size, so the push reallocates).
    fn with(&self, seg: Seg) -> Self {
        let mut v = Vec::with_capacity(self.0.len() + 1);
        v.extend_from_slice(&self.0);
        v.push(seg);
        ObjPath(v)
    }
    /// Parse a dotted path (`a.b[0].c`, `metadata.annotations["x.y/z"]`).
    pub fn parse(s: &str) -> Option<Self> {
        let mut segs = Vec::new();
        let b = s.as_bytes();
        let mut i = 0;
        let mut cur = String::new();
        while i < b.len() {
            match b[i] {
                b'.' => {
                    if !cur.is_empty() {
                        segs.push(Seg::Key(std::mem::take(&mut cur).into()));
                    }
                    i += 1;
                }
                b'[' => {
                    if !cur.is_empty() {
                        segs.push(Seg::Key(std::mem::take(&mut cur).into()));
                    }
                    let close = s[i..].find(']')? + i;
                    let inner = &s[i + 1..close];
                    if let Some(q) = inner.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                        segs.push(Seg::Key(q.into()));
                    } else {
                        segs.push(Seg::Index(inner.parse().ok()?));
                    }
                    i = close + 1;
                }
                _ => {
                    let ch = s[i..].chars().next()?;
                    cur.push(ch);
                    i += ch.len_utf8();
                }
            }
        }
        if !cur.is_empty() {
            segs.push(Seg::Key(cur.into()));
        }
        Some(ObjPath(segs))
    }
}

impl ObjPath {
    /// The dotted form (`spec.containers[0]["x.y"]`), built with plain string pushes: every
    /// finding prints its path, and the formatting machinery cost several times as much.
    pub fn render(&self) -> String {
        let mut out: Vec<u8> = Vec::with_capacity(self.0.len() * 12);
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Index(n) => {
                    out.push(b'[');
                    out.extend_from_slice(crate::diagnostic::decimal(*n as u64, &mut [0; 20]));
                    out.push(b']');
                }
                Seg::Key(k) => {
                    let k = k.as_bytes();
                    if !k.is_empty() && k.iter().all(|&c| PLAIN_KEY[usize::from(c)]) {
                        if i > 0 {
                            out.push(b'.');
                        }
                        out.extend_from_slice(k);
                    } else {
                        out.extend_from_slice(b"[\"");
                        out.extend_from_slice(k);
                        out.extend_from_slice(b"\"]");
                    }
                }
            }
        }
        // Only whole keys (valid UTF-8) and ASCII were pushed.
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The bytes a key may consist of to be written after a dot (`a.b`) rather than
/// quoted (`["a.b"]`).
static PLAIN_KEY: [bool; 256] =
    byte_table!(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'$');

impl fmt::Display for ObjPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Where an object path lands in a tree.
#[derive(Debug, Clone, Copy)]
pub struct Resolution<'a> {
    /// The node at the path, or the nearest present ancestor.
    pub node: &'a Node,
    /// The key node of the last map entry on the way (to point at `privileged:` rather
    /// than only at `true`), when the path ends at a map entry.
    pub key: Option<&'a Node>,
    /// How many segments of the path were found.
    pub depth: usize,
    /// True when the whole path exists.
    pub exact: bool,
}

impl Node {
    /// Resolve an object path to its node; a missing path gives the nearest present ancestor.
    pub fn resolve<'a>(&'a self, path: &ObjPath) -> Resolution<'a> {
        self.resolve_segs(&path.0)
    }

    /// `resolve` for a path given as its segments (a prefix of a path, say).
    pub fn resolve_segs<'a>(&'a self, path: &[Seg]) -> Resolution<'a> {
        let mut node = self;
        let mut key = None;
        for (depth, seg) in path.iter().enumerate() {
            let next = match seg {
                Seg::Key(k) => node.entry(k).map(|e| (&e.value, Some(&e.key))),
                Seg::Index(i) => node.as_seq().and_then(|s| s.get(*i)).map(|n| (n, None)),
            };
            match next {
                Some((n, k)) => {
                    node = n;
                    key = k;
                }
                None => {
                    return Resolution { node, key, depth, exact: false };
                }
            }
        }
        Resolution { node, key, depth: path.len(), exact: true }
    }
}
