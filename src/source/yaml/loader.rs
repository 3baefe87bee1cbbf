//! Turns a YAML stream into node trees with exact spans, from `saphyr-parser` events.
//!
//! Why our own builder: no maintained crate gives positions for every node *and* resolves
//! scalars the way Kubernetes does (go-yaml v2: `yes/no/on/off` booleans, `0644` octal).
//! The builder is iterative (no recursion, so deep input cannot overflow a 2 MiB rayon
//! stack), enforces a nesting limit and an alias-expansion budget (billion laughs), and
//! reports duplicate keys, which Kubernetes rejects.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span as PSpan, Tag};

use super::fast;
use super::go_numbers::{go_parse_int, go_parse_uint, yaml_style_float};

use super::node::{Entry, Node, Pos, Resolved, Scalar, Span, Style, Value};

/// Resource limits for one stream.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Maximum nesting of collections.
    pub max_depth: usize,
    /// Maximum number of nodes materialised through aliases in one stream.
    pub alias_budget: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 256, alias_budget: 100_000 }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// The text is not valid YAML; documents after this point are lost.
    Parse,
    /// A mapping repeats a key; `first` is where it was first defined.
    DuplicateKey { key: String, first: Span },
    /// Collections nest deeper than the limit.
    TooDeep,
    /// Aliases expand to more nodes than the budget allows.
    AliasBudget,
}

/// A problem found while loading, with the document index it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    pub span: Span,
    pub document: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadedDoc {
    /// Index of the document in the stream (empty documents count).
    pub index: usize,
    /// None for an empty document.
    pub root: Option<Node>,
    /// The span of the document from its first token to its last node.
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadedStream {
    pub docs: Vec<LoadedDoc>,
    pub problems: Vec<Problem>,
    /// True when loading stopped early (parse error, limit): later documents are missing.
    pub truncated: bool,
}

/// Maps saphyr's character-based markers to byte offsets.
struct Positions<'a> {
    text: &'a str,
    ascii: bool,
    /// Byte offset of the start of each line (index 0 = line 1).
    line_starts: Vec<u32>,
    /// Bytes skipped before `text` (a BOM).
    base: u32,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, base: u32) -> Self {
        let ascii = text.is_ascii();
        let line_starts = if ascii {
            Vec::new()
        } else {
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1)).collect()
        };
        Positions { text, ascii, line_starts, base }
    }

    fn pos(&self, m: &Marker) -> Pos {
        let offset = if self.ascii {
            m.index() as u32
        } else {
            let line = m.line().max(1) - 1;
            let start =
                *self.line_starts.get(line).unwrap_or_else(|| self.line_starts.last().unwrap_or(&0)) as usize;
            let rest = &self.text[start.min(self.text.len())..];
            let within: usize = rest.chars().take(m.col()).map(char::len_utf8).sum();
            (start + within) as u32
        };
        Pos { line: m.line() as u32, column: m.col() as u32 + 1, offset: offset + self.base }
    }

    /// Move a span's end back over trailing blank lines (block scalars end at the next token).
    fn trim_trailing_space(&self, span: Span) -> Span {
        let start = (span.start.offset - self.base) as usize;
        let mut end = (span.end.offset - self.base) as usize;
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r' | b' ' | b'\t') {
            end -= 1;
        }
        if end == (span.end.offset - self.base) as usize {
            return span;
        }
        let line_start = self.text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = span.end.line
            - self.text[end..(span.end.offset - self.base) as usize].matches('\n').count() as u32;
        let column = self.text[line_start..end].chars().count() as u32 + 1;
        Span { start: span.start, end: Pos { line, column, offset: end as u32 + self.base } }
    }

    /// A flow collection's end event spans its `]` or `}` (saphyr sometimes adds the spaces
    /// after it); a block collection's end event is an empty span at the next token.
    /// Returns the position just after the bracket for a flow collection.
    fn flow_end(&self, span: Span, close: u8) -> Option<Pos> {
        let at = (span.start.offset - self.base) as usize;
        (span.end.offset > span.start.offset && self.text.as_bytes().get(at) == Some(&close)).then_some(Pos {
            line: span.start.line,
            column: span.start.column + 1,
            offset: span.start.offset + 1,
        })
    }

    /// saphyr ends a quoted scalar's span at the next token (after trailing spaces and a
    /// comment); cut it back to just after the closing quote.
    fn trim_to_closing_quote(&self, span: Span, style: Style) -> Span {
        let start = (span.start.offset - self.base) as usize;
        let bytes = self.text.as_bytes();
        let quote = if style == Style::DoubleQuoted { b'"' } else { b'\'' };
        if bytes.get(start) != Some(&quote) {
            return span;
        }
        let mut i = start + 1;
        let end = loop {
            match bytes.get(i) {
                None => return span,
                Some(b'\\') if quote == b'"' => i += 2,
                Some(&b) if b == quote => {
                    if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                    } else {
                        break i + 1;
                    }
                }
                Some(_) => i += 1,
            }
        };
        let inner = &self.text[start..end];
        let (line, column) = match inner.rfind('\n') {
            None => (span.start.line, span.start.column + inner.chars().count() as u32),
            Some(nl) => (
                span.start.line + inner.matches('\n').count() as u32,
                inner[nl + 1..].chars().count() as u32 + 1,
            ),
        };
        Span { start: span.start, end: Pos { line, column, offset: end as u32 + self.base } }
    }

    fn span(&self, s: &PSpan) -> Span {
        Span { start: self.pos(&s.start), end: self.pos(&s.end) }
    }
}

enum Frame {
    Seq {
        start: Span,
        anchor: usize,
        tag: Option<Box<str>>,
        items: Vec<Node>,
    },
    Map {
        start: Span,
        anchor: usize,
        tag: Option<Box<str>>,
        entries: Vec<Entry>,
        /// Merge-key sources: (index in `entries` where they apply, their entries).
        merges: Vec<(usize, Vec<Entry>)>,
        key: Option<Node>,
    },
}

/// Load every document of a YAML stream.
pub fn load_stream(text: &str, limits: Limits) -> LoadedStream {
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 3u32),
        None => (text, 0u32),
    };
    let positions = Positions::new(body, base);
    let mut b =
        Builder { pos: &positions, limits, out: LoadedStream::default(), doc_index: 0, alias_used: 0 };
    let mut st = State::default();
    let fast_done = fast::drive(body, &mut |ev, span| b.step(&mut st, Ok((ev, span))));
    if !fast_done {
        // Outside the fast path's subset: start again with saphyr.
        b = Builder { pos: &positions, limits, out: LoadedStream::default(), doc_index: 0, alias_used: 0 };
        b.run(Parser::new_from_str(body));
    }
    b.out
}

/// Load with saphyr-parser only (no fast path); the reference the fast path is tested against.
pub fn load_stream_reference(text: &str, limits: Limits) -> LoadedStream {
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 3u32),
        None => (text, 0u32),
    };
    let positions = Positions::new(body, base);
    let mut b =
        Builder { pos: &positions, limits, out: LoadedStream::default(), doc_index: 0, alias_used: 0 };
    b.run(Parser::new_from_str(body));
    b.out
}

struct Builder<'p, 'a> {
    pos: &'p Positions<'a>,
    limits: Limits,
    out: LoadedStream,
    doc_index: usize,
    alias_used: usize,
}

/// The builder's state between events.
#[derive(Default)]
struct State {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    doc_start: Option<Span>,
    root: Option<Node>,
    started_any: bool,
}

/// A finished node and the number of nodes it contains (for the alias budget).
struct Anchored {
    node: Node,
    size: usize,
}

impl Builder<'_, '_> {
    fn problem(&mut self, kind: ProblemKind, message: String, span: Span) {
        self.out.problems.push(Problem { kind, message, span, document: self.doc_index });
    }

    /// Feed a whole event stream (saphyr's parser or the fast path's events).
    fn run<'i>(&mut self, parser: impl Iterator<Item = Result<(Event<'i>, PSpan), ScanError>>) {
        let mut st = State::default();
        for item in parser {
            if !self.step(&mut st, item) {
                break;
            }
        }
    }

    /// Take one event; false when loading stops (end of stream, error or limit).
    fn step(&mut self, st: &mut State, item: Result<(Event<'_>, PSpan), ScanError>) -> bool {
        let (event, pspan) = match item {
            Ok(ev) => ev,
            Err(e) => {
                let p = self.pos.pos(e.marker());
                let span = Span { start: p, end: p };
                if e.info().contains("recursion limit") {
                    self.too_deep(span);
                    return false;
                }
                self.problem(ProblemKind::Parse, format!("invalid YAML: {}", e.info()), span);
                self.out.truncated = true;
                return false;
            }
        };
        let span = self.pos.span(&pspan);
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => return false,
            Event::DocumentStart(_) => {
                if st.started_any {
                    // saphyr emits DocumentEnd before each new start; nothing to do.
                }
                st.started_any = true;
                st.doc_start = Some(span);
                st.root = None;
                st.anchors.clear();
            }
            Event::DocumentEnd => {
                let start = st.doc_start.take().unwrap_or(span);
                let root_node = st.root.take();
                let empty = matches!(&root_node, Some(Node { value: Value::Scalar(s), tag: None, .. })
                    if s.resolved == Resolved::Null && s.text.is_empty() && s.style == Style::Plain);
                let end = match &root_node {
                    Some(n) if !empty => n.span.end,
                    _ => start.end,
                };
                self.out.docs.push(LoadedDoc {
                    index: self.doc_index,
                    root: if empty { None } else { root_node },
                    span: Span { start: start.start, end },
                });
                self.doc_index += 1;
            }
            Event::Alias(id) => {
                let Some(a) = st.anchors.get(&id) else {
                    self.problem(ProblemKind::Parse, "alias refers to an unknown anchor".into(), span);
                    self.out.truncated = true;
                    return false;
                };
                self.alias_used += a.size;
                if self.alias_used > self.limits.alias_budget {
                    self.problem(
                        ProblemKind::AliasBudget,
                        format!(
                            "aliases expand to more than {} nodes (a \"billion laughs\" document?); loading stopped",
                            self.limits.alias_budget
                        ),
                        span,
                    );
                    self.out.truncated = true;
                    return false;
                }
                let node = a.node.clone();
                if !self.push_node(&mut st.stack, &mut st.root, node, 0, &mut st.anchors) {
                    return false;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let tag_s = tag.as_deref().map(tag_string);
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                let resolved = resolve(&text, style, tag_s.as_deref());
                let span = match style {
                    Style::Literal | Style::Folded => self.pos.trim_trailing_space(span),
                    Style::SingleQuoted | Style::DoubleQuoted => self.pos.trim_to_closing_quote(span, style),
                    Style::Plain => span,
                };
                let node = Node {
                    span,
                    value: Value::Scalar(Scalar {
                        text: compact_str::CompactString::from(text.as_ref()),
                        style,
                        resolved,
                    }),
                    tag: tag_s,
                };
                if !self.push_node(&mut st.stack, &mut st.root, node, anchor, &mut st.anchors) {
                    return false;
                }
            }
            Event::SequenceStart(anchor, tag) => {
                if st.stack.len() >= self.limits.max_depth {
                    self.too_deep(span);
                    return false;
                }
                st.stack.push(Frame::Seq {
                    start: span,
                    anchor,
                    tag: tag.as_deref().map(tag_string),
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, tag) => {
                if st.stack.len() >= self.limits.max_depth {
                    self.too_deep(span);
                    return false;
                }
                st.stack.push(Frame::Map {
                    start: span,
                    anchor,
                    tag: tag.as_deref().map(tag_string),
                    entries: Vec::new(),
                    merges: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd => {
                let flow_end = self.pos.flow_end(span, b']');
                let Some(Frame::Seq { start, anchor, tag, items }) = st.stack.pop() else {
                    unreachable!("saphyr emits balanced events")
                };
                let end = flow_end.unwrap_or_else(|| items.last().map_or(span.end, |n| n.span.end));
                let node = Node { span: Span { start: start.start, end }, value: Value::Seq(items), tag };
                if !self.push_node(&mut st.stack, &mut st.root, node, anchor, &mut st.anchors) {
                    return false;
                }
            }
            Event::MappingEnd => {
                let flow_end = self.pos.flow_end(span, b'}');
                let Some(Frame::Map { start, anchor, tag, entries, merges, .. }) = st.stack.pop() else {
                    unreachable!("saphyr emits balanced events")
                };
                let entries = self.finish_map(entries, merges);
                let end = flow_end.unwrap_or_else(|| {
                    entries.iter().filter(|e| !e.merged).map(|e| e.value.span.end).max().unwrap_or(span.end)
                });
                let node = Node { span: Span { start: start.start, end }, value: Value::Map(entries), tag };
                if !self.push_node(&mut st.stack, &mut st.root, node, anchor, &mut st.anchors) {
                    return false;
                }
            }
        }

        true
    }

    fn too_deep(&mut self, span: Span) {
        self.problem(
            ProblemKind::TooDeep,
            format!("YAML nests deeper than {} levels; loading stopped", self.limits.max_depth),
            span,
        );
        self.out.truncated = true;
    }

    /// Attach a finished node to its parent (or make it the document root).
    fn push_node(
        &mut self,
        stack: &mut [Frame],
        root: &mut Option<Node>,
        node: Node,
        anchor: usize,
        anchors: &mut HashMap<usize, Anchored>,
    ) -> bool {
        if anchor != 0 {
            let size = count_nodes(&node);
            anchors.insert(anchor, Anchored { node: node.clone(), size });
        }
        match stack.last_mut() {
            None => *root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, merges, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    let is_merge = k.tag.is_none()
                        && matches!(&k.value, Value::Scalar(s) if s.style == Style::Plain && &*s.text == "<<");
                    if is_merge {
                        let mut merged = Vec::new();
                        let mut bad = false;
                        match &node.value {
                            Value::Map(m) => merged.extend(m.iter().cloned()),
                            Value::Seq(seq) => {
                                for n in seq {
                                    match &n.value {
                                        Value::Map(m) => merged.extend(m.iter().cloned()),
                                        _ => bad = true,
                                    }
                                }
                            }
                            _ => bad = true,
                        }
                        if bad {
                            self.problem(
                                ProblemKind::Parse,
                                "map merge requires a map or a sequence of maps as the value".into(),
                                node.span,
                            );
                        }
                        merges.push((entries.len(), merged));
                    } else {
                        entries.push(Entry { key: k, value: node, merged: false });
                    }
                }
            },
        }
        true
    }

    /// Report duplicate own keys, then resolve merge keys (own keys win, earlier merge
    /// sources win over later ones).
    fn finish_map(&mut self, entries: Vec<Entry>, merges: Vec<(usize, Vec<Entry>)>) -> Vec<Entry> {
        fn key(e: &Entry) -> Option<&str> {
            e.key.scalar_text()
        }
        // Maps are small: a quadratic scan beats hashing (and allocates nothing) up to here.
        const LINEAR: usize = 24;
        let mut dups: Vec<(usize, usize)> = Vec::new();
        if entries.len() <= LINEAR {
            for i in 1..entries.len() {
                let Some(k) = key(&entries[i]) else { continue };
                if let Some(j) = (0..i).find(|&j| key(&entries[j]) == Some(k)) {
                    dups.push((j, i));
                }
            }
        } else {
            let mut seen: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
            for (i, e) in entries.iter().enumerate() {
                let Some(k) = key(e) else { continue };
                match seen.get(k) {
                    Some(&j) => dups.push((j, i)),
                    None => {
                        seen.insert(k, i);
                    }
                }
            }
        }
        for (j, i) in dups {
            let k = key(&entries[i]).unwrap_or_default().to_string();
            let first = entries[j].key.span;
            self.problem(
                ProblemKind::DuplicateKey { key: k.clone(), first },
                format!(
                    "duplicate key `{k}` (first defined at line {}, column {})",
                    first.start.line, first.start.column
                ),
                entries[i].key.span,
            );
        }
        if merges.is_empty() {
            return entries;
        }
        let mut seen: std::collections::HashSet<Box<str>> =
            entries.iter().filter_map(|e| key(e).map(Box::from)).collect();
        let mut out = Vec::with_capacity(entries.len());
        let mut merges = merges.into_iter().peekable();
        for (i, e) in entries.into_iter().enumerate() {
            while let Some((_, m)) = merges.next_if(|(at, _)| *at == i) {
                for mut me in m {
                    let Some(k) = me.key.scalar_text() else { continue };
                    if seen.insert(k.into()) {
                        me.merged = true;
                        out.push(me);
                    }
                }
            }
            out.push(e);
        }
        for (_, m) in merges {
            for mut me in m {
                let Some(k) = me.key.scalar_text() else { continue };
                if seen.insert(k.into()) {
                    me.merged = true;
                    out.push(me);
                }
            }
        }
        out
    }
}

fn count_nodes(n: &Node) -> usize {
    let mut count = 0;
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        count += 1;
        match &n.value {
            Value::Scalar(_) => {}
            Value::Seq(s) => stack.extend(s.iter()),
            Value::Map(m) => {
                for e in m {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
        }
    }
    count
}

fn tag_string(t: &Tag) -> Box<str> {
    if t.handle == "tag:yaml.org,2002:" || t.handle == "!!" {
        format!("!!{}", t.suffix).into()
    } else {
        format!("{}{}", t.handle, t.suffix).into()
    }
}

/// Resolve a scalar the way go-yaml v2 (used by sigs.k8s.io/yaml) does.
pub fn resolve(text: &str, style: Style, tag: Option<&str>) -> Resolved {
    match tag {
        Some("!!str") | Some("!!binary") => return Resolved::Str,
        Some("!!null") => return Resolved::Null,
        Some("!!bool") | Some("!!int") | Some("!!float") => {
            let r = resolve_plain(text);
            return if r == Resolved::Str { Resolved::Str } else { r };
        }
        _ => {}
    }
    if style != Style::Plain {
        return Resolved::Str;
    }
    resolve_plain(text)
}

/// go-yaml v2 `resolve()` for an untagged plain scalar.
pub fn resolve_plain(text: &str) -> Resolved {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false);
        }
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let first = text.as_bytes()[0];
    match first {
        b'.' => match text.parse::<f64>() {
            Ok(f) if go_parse_float_ok(text) => Resolved::Float(f),
            _ => Resolved::Str,
        },
        b'+' | b'-' | b'0'..=b'9' => {
            if looks_like_timestamp(text) {
                return Resolved::Str;
            }
            let plain: String = text.chars().filter(|&c| c != '_').collect();
            if let Some(i) = go_parse_int(&plain) {
                return Resolved::Int(i);
            }
            if let Some(u) = go_parse_uint(&plain) {
                return Resolved::Float(u as f64);
            }
            if yaml_style_float(&plain)
                && let Ok(f) = plain.parse::<f64>()
            {
                return Resolved::Float(f);
            }
            Resolved::Str
        }
        _ => Resolved::Str,
    }
}

/// Go's strconv.ParseFloat accepts a little more than Rust's parser; for `.`-led input the
/// two agree on decimal forms, which is all we need.
fn go_parse_float_ok(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
}

/// go-yaml v2 parses `2006-1-2`, `2006-1-2T15:4:5Z...` and `2006-1-2 15:4:5` as timestamps;
/// sigs.k8s.io/yaml then turns them into strings. We only need to know they are not numbers.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[5].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_yaml_scalar_resolution() {
        assert_eq!(resolve_plain("yes"), Resolved::Bool(true));
        assert_eq!(resolve_plain("Off"), Resolved::Bool(false));
        assert_eq!(resolve_plain("y"), Resolved::Bool(true));
        assert_eq!(resolve_plain("0644"), Resolved::Int(420));
        assert_eq!(resolve_plain("0x1F"), Resolved::Int(31));
        assert_eq!(resolve_plain("0o17"), Resolved::Int(15));
        assert_eq!(resolve_plain("0b101"), Resolved::Int(5));
        assert_eq!(resolve_plain("-12"), Resolved::Int(-12));
        assert_eq!(resolve_plain("+7"), Resolved::Int(7));
        assert_eq!(resolve_plain("1_000"), Resolved::Int(1000));
        assert_eq!(resolve_plain("09"), Resolved::Float(9.0));
        assert_eq!(resolve_plain("1e3"), Resolved::Float(1000.0));
        assert_eq!(resolve_plain(".5"), Resolved::Float(0.5));
        assert_eq!(resolve_plain("1.0"), Resolved::Float(1.0));
        assert_eq!(resolve_plain("~"), Resolved::Null);
        assert_eq!(resolve_plain(""), Resolved::Null);
        assert_eq!(resolve_plain("2024-01-02"), Resolved::Str);
        assert_eq!(resolve_plain("1.2.3"), Resolved::Str);
        assert_eq!(resolve_plain("yesno"), Resolved::Str);
        assert_eq!(resolve_plain("0x"), Resolved::Str);
        assert!(matches!(resolve_plain(".inf"), Resolved::Float(f) if f.is_infinite()));
        assert_eq!(resolve("yes", Style::DoubleQuoted, None), Resolved::Str);
        assert_eq!(resolve("123", Style::Plain, Some("!!str")), Resolved::Str);
    }
}
