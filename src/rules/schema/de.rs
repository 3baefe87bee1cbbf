//! A serde `Deserializer` over our YAML node tree, so a k8s-openapi type can be built
//! straight from the nodes (no `serde_json::Value` in between) while every problem is
//! recorded at the node that causes it.
//!
//! The typed structs drive the walk: each asks for the type it needs (`deserialize_i32`,
//! `deserialize_seq`, `deserialize_struct`, ...). A node of the wrong type is recorded and
//! the visitor gets a zero value, so the walk goes on and finds every error of the object.
//! A field the struct does not know is deserialized as `IgnoredAny` (k8s-openapi's catch-all
//! `Field::Other`): that is an unknown field. Null is accepted everywhere, as Go's JSON
//! decoding leaves the zero value. Errors raised by a type's own visitor (bad base64, a bad
//! timestamp) cannot be recovered from: they end the walk and the caller walks again with
//! that node treated as absent.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::tables::STRUCTS;
use crate::source::yaml::{Entry, Node, ObjPath, Resolved, Seg, Span, Value};

/// One schema problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: ObjPath,
    /// Where to point: the key of an unknown field, else the node (resolved from `path`).
    pub span: Option<Span>,
    pub message: String,
}

/// The walk's state: the path to the current node and what was found.
pub struct Ctx<'a> {
    pub(super) path: Vec<PathSeg<'a>>,
    pub problems: Vec<Problem>,
    /// Nodes whose visitor failed in an earlier walk: treated as absent (`None`).
    pub absent: HashSet<*const Node>,
    /// The node whose visitor ended this walk, when one did.
    pub failed: Option<*const Node>,
    /// Do not quote values in messages (Secrets).
    pub redact: bool,
    /// Inside a `Time`/`MicroTime` value.
    in_time: bool,
    /// No mapping of the object repeats a key (the loader said so): no entry is shadowed.
    pub unique_keys: bool,
}

#[derive(Clone, Copy)]
pub(super) enum PathSeg<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Ctx<'a> {
    pub fn new(redact: bool) -> Self {
        Ctx {
            path: Vec::new(),
            problems: Vec::new(),
            absent: HashSet::new(),
            failed: None,
            redact,
            in_time: false,
            unique_keys: false,
        }
    }

    /// Whether an earlier walk failed at `node` (the set is empty on the first walk, which
    /// is almost every walk: no hashing then).
    fn is_absent(&self, node: &Node) -> bool {
        !self.absent.is_empty() && self.absent.contains(&(node as *const Node))
    }

    fn obj_path(&self) -> ObjPath {
        ObjPath(
            self.path
                .iter()
                .map(|s| match s {
                    PathSeg::Key(k) => Seg::Key((*k).into()),
                    PathSeg::Index(i) => Seg::Index(*i),
                })
                .collect(),
        )
    }

    pub(super) fn record(&mut self, span: Option<Span>, message: String) {
        let path = self.obj_path();
        let message = if path.0.is_empty() { message } else { format!("{path}: {message}") };
        self.problems.push(Problem { path, span, message });
    }

    /// Under the top-level `status`, which the API server resets on create: types and
    /// fields are still decoded, but required fields are not validated.
    pub(super) fn in_status(&self) -> bool {
        matches!(self.path.first(), Some(PathSeg::Key("status")))
    }
}

/// The error passed up through serde. `located`: already recorded (or deliberately silent).
#[derive(Debug)]
pub struct Error {
    msg: String,
    located: bool,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error { msg: msg.to_string(), located: false }
    }
}

/// What a node holds, for messages (`string "80"`, `a mapping`).
fn found(node: &Node, redact: bool) -> String {
    match &node.value {
        Value::Map(_) => "a mapping".into(),
        Value::Seq(_) => "a list".into(),
        Value::Scalar(s) => {
            let (what, shown) = match s.resolved {
                Resolved::Null => return "null".into(),
                Resolved::Bool(_) => ("boolean", s.text.to_string()),
                Resolved::Int(_) => ("integer", s.text.to_string()),
                Resolved::Float(_) => ("number", s.text.to_string()),
                Resolved::Str => ("string", format!("{:?}", s.text.as_str())),
            };
            if redact { what.into() } else { format!("{what} {shown}") }
        }
    }
}

/// The deserializer of one node.
pub struct De<'c, 'a> {
    pub node: &'a Node,
    /// The map key the node is the value of (an unknown field is reported at it).
    pub key: Option<&'a Node>,
    /// The struct the node is a field of: (name, its fields), for "did you mean".
    pub parent: Option<(&'static str, &'static [&'static str])>,
    pub ctx: &'c mut Ctx<'a>,
}

impl<'c, 'a> De<'c, 'a> {
    pub fn root(node: &'a Node, ctx: &'c mut Ctx<'a>) -> Self {
        De { node, key: None, parent: None, ctx }
    }

    fn scalar(&self) -> Option<&'a Resolved> {
        match &self.node.value {
            Value::Scalar(s) => Some(&s.resolved),
            _ => None,
        }
    }

    pub(super) fn is_null(&self) -> bool {
        matches!(self.scalar(), Some(Resolved::Null))
    }

    /// A value some later step fills in, so its type is not known yet: a Flux
    /// `${VAR}` substitution, or a `{{var}}` placeholder (YAML reads it as a mapping whose
    /// only key is a mapping) of a file meant for sed or envsubst.
    pub(super) fn is_placeholder(&self) -> bool {
        match &self.node.value {
            Value::Scalar(s) => s.resolved == Resolved::Str && s.text.contains("${"),
            Value::Map(entries) => {
                matches!(entries.as_slice(), [e] if matches!(e.key.value, Value::Map(_)) && e.value.is_null())
            }
            Value::Seq(_) => false,
        }
    }

    pub(super) fn mismatch(&mut self, expected: &str) {
        if self.is_placeholder() {
            return;
        }
        let msg = format!("expected {expected}, found {}", found(self.node, self.ctx.redact));
        self.ctx.record(None, msg);
    }

    /// Tag an error coming out of a visitor with this node: record it once (unless it is
    /// one the API server would not raise) and remember the node for the next walk.
    fn locate(&mut self, e: Error) -> Error {
        let msg = visitor_message(&e.msg, self.node);
        self.locate_as(e, msg)
    }

    fn locate_as(&mut self, mut e: Error, msg: Option<String>) -> Error {
        if !e.located {
            e.located = true;
            self.ctx.failed = Some(self.node as *const Node);
            if let Some(msg) = msg.filter(|_| !self.is_placeholder()) {
                self.ctx.record(None, msg);
            }
        }
        e
    }

    fn integer<V: Visitor<'a>>(mut self, v: V, range: Option<(i64, i64)>) -> Result<V::Value, Error> {
        let n = self.int_value(range);
        v.visit_i64(n).map_err(|e| self.locate(e))
    }

    /// The node as an integer of `range` (recording a mismatch or an overflow: 0 then).
    pub(super) fn int_value(&mut self, range: Option<(i64, i64)>) -> i64 {
        let n = match self.scalar() {
            Some(Resolved::Null) => 0,
            Some(Resolved::Int(i)) => *i,
            // JSON numbers with a zero fraction are integers to the API server's decoder.
            Some(Resolved::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => *f as i64,
            _ => {
                self.mismatch("integer");
                0
            }
        };
        match range {
            Some((lo, hi)) if n < lo || n > hi => {
                let msg = format!("integer {n} is out of range ({lo} to {hi})");
                self.ctx.record(None, msg);
                0
            }
            _ => n,
        }
    }

    /// The node as a boolean (recording a mismatch: false then).
    pub(super) fn bool_value(&mut self) -> bool {
        match self.scalar() {
            Some(Resolved::Bool(b)) => *b,
            Some(Resolved::Null) => false,
            _ => {
                self.mismatch("boolean");
                false
            }
        }
    }

    /// The node as a number (recording a mismatch: 0 then).
    pub(super) fn f64_value(&mut self) -> f64 {
        match self.scalar() {
            Some(Resolved::Int(i)) => *i as f64,
            Some(Resolved::Float(f)) => *f,
            Some(Resolved::Null) => 0.0,
            _ => {
                self.mismatch("number");
                0.0
            }
        }
    }

    /// A plain string field: a string or null; anything else is a mismatch.
    pub(super) fn check_string(&mut self) {
        match &self.node.value {
            Value::Scalar(s) if matches!(s.resolved, Resolved::Str | Resolved::Null) => {}
            _ => self.mismatch("string"),
        }
    }

    /// The items of a list node (a mismatch unless a list or null: none then).
    pub(super) fn seq_items(&mut self) -> &'a [Node] {
        match &self.node.value {
            Value::Seq(items) => items,
            _ => {
                if !self.is_null() {
                    self.mismatch("a list");
                }
                &[]
            }
        }
    }

    /// The entries of a mapping node, as `map` takes them: a mismatch unless a mapping or
    /// null; for a struct, the missing required fields are recorded.
    pub(super) fn map_entries(
        &mut self,
        strukt: Option<(&'static str, &'static [&'static str])>,
        required: &[&str],
    ) -> &'a [Entry] {
        let entries: &'a [Entry] = match &self.node.value {
            Value::Map(_) if self.is_placeholder() => &[],
            Value::Map(entries) => entries,
            _ => {
                if !self.is_null() {
                    self.mismatch(&match strukt {
                        Some((name, _)) => format!("a mapping ({name})"),
                        None => "a mapping".into(),
                    });
                    return &[];
                }
                &[]
            }
        };
        if let Some((name, _)) = strukt
            && !required.is_empty()
            && !self.ctx.in_status()
        {
            for field in required {
                let present =
                    entries.iter().any(|e| e.key.scalar_text() == Some(field) && !e.value.is_null());
                if !present {
                    self.ctx.record(None, format!("missing required field `{field}` in {name}"));
                }
            }
        }
        entries
    }

    fn string<V: Visitor<'a>>(mut self, v: V) -> Result<V::Value, Error> {
        let in_time = std::mem::take(&mut self.ctx.in_time);
        match &self.node.value {
            Value::Scalar(s) if s.resolved == Resolved::Str => {
                let date_only = |t: &str| {
                    t.len() == 10
                        && t.bytes()
                            .enumerate()
                            .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
                };
                // Go's base64 decoder skips line breaks (block scalars in Secret data).
                let r = if in_time && date_only(&s.text) {
                    // go-yaml reads a plain `2024-01-31` as a timestamp at midnight UTC.
                    v.visit_string(format!("{}T00:00:00Z", s.text))
                } else if s.text.contains(['\n', '\r']) {
                    v.visit_string(s.text.chars().filter(|c| *c != '\n' && *c != '\r').collect())
                } else {
                    v.visit_str(&s.text)
                };
                r.map_err(|e| match in_time {
                    true => {
                        let msg = format!(
                            "expected an RFC 3339 timestamp such as `2024-01-31T10:00:00Z`, found {}",
                            found(self.node, self.ctx.redact)
                        );
                        self.locate_as(e, Some(msg).filter(|_| !s.text.is_empty()))
                    }
                    false => self.locate(e),
                })
            }
            Value::Scalar(s) if s.resolved == Resolved::Null => v.visit_str("").map_err(|e| self.locate(e)),
            _ => {
                self.mismatch("string");
                v.visit_str("").map_err(|e| self.locate(e))
            }
        }
    }

    fn seq<V: Visitor<'a>>(mut self, v: V) -> Result<V::Value, Error> {
        let items = self.seq_items();
        let node = self.node;
        v.visit_seq(SeqAccess { items, next: 0, ctx: &mut *self.ctx }).map_err(|e| {
            let mut d = De { node, key: None, parent: None, ctx: self.ctx };
            d.locate(e)
        })
    }

    fn map<V: Visitor<'a>>(
        mut self,
        v: V,
        strukt: Option<(&'static str, &'static [&'static str])>,
    ) -> Result<V::Value, Error> {
        // A mismatch gives no entries: the zero value stands in, its missing fields not news.
        let required = strukt.map_or(&[][..], |(name, fields)| required(name, fields));
        let entries = self.map_entries(strukt, required);
        let node = self.node;
        v.visit_map(MapAccess::new(entries, strukt, &mut *self.ctx))
            .map_err(|e| De { node, key: None, parent: None, ctx: self.ctx }.locate(e))
    }
}

/// The required fields of the struct `name` with these `fields` (k8s-openapi gives both).
fn required(name: &str, fields: &[&str]) -> &'static [&'static str] {
    let start = STRUCTS.partition_point(|s| s.name < name);
    let len = STRUCTS[start..].iter().take_while(|s| s.name == name).count();
    match &STRUCTS[start..start + len] {
        [] => &[],
        [s] => s.required,
        many => many.iter().find(|s| s.fields == fields).map(|s| s.required).unwrap_or(&[]),
    }
}

/// The message for an error raised by a type's own visitor, or `None` when the API server
/// would accept the value (Go's base64 tolerates non-zero trailing bits; an empty time).
fn visitor_message(msg: &str, node: &Node) -> Option<String> {
    let text = node.as_str();
    if msg.starts_with("Invalid last symbol") || (text == Some("") && !msg.contains("expected")) {
        return None;
    }
    if msg.starts_with("Invalid symbol")
        || msg.starts_with("Invalid padding")
        || msg.starts_with("Invalid input length")
    {
        return Some(format!("not valid base64 ({})", msg.trim_end_matches('.')));
    }
    Some(msg.to_string())
}

/// Quantity syntax (k8s.io/apimachinery `ParseQuantity`): sign, digits with an optional
/// fraction, then a binary SI (`Ki`…`Ei`), decimal SI (`n u m k M G T P E`) or exponent suffix.
fn valid_quantity(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let mut n = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return false;
    }
    let suffix = &s[i..];
    match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P"
        | "E" => true,
        _ => {
            let Some(exp) = suffix.strip_prefix(['e', 'E']) else { return false };
            let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            !exp.is_empty() && exp.bytes().all(|c| c.is_ascii_digit())
        }
    }
}

/// Closest of `candidates` to `word` (edit distance at most 2, or a case-only difference).
pub(super) fn did_you_mean(word: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(word) {
            return Some(c);
        }
        let d = edit_distance(word, c);
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

impl<'c, 'a> de::Deserializer<'a> for De<'c, 'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(mut self, v: V) -> Result<V::Value, Error> {
        self.ctx.in_time = false;
        if self.ctx.is_absent(self.node) {
            return Err(Error { msg: "absent".into(), located: true });
        }
        let r = match &self.node.value {
            Value::Map(_) => return self.map(v, None),
            Value::Seq(_) => return self.seq(v),
            Value::Scalar(s) => match s.resolved {
                Resolved::Null => {
                    // A null where a type wants a value is Go's zero value: never an error.
                    return v.visit_unit::<Error>().map_err(|_| Error { msg: "null".into(), located: true });
                }
                Resolved::Bool(b) => v.visit_bool(b),
                Resolved::Int(i) => v.visit_i64(i),
                Resolved::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => v.visit_i64(f as i64),
                Resolved::Float(f) => v.visit_f64(f),
                Resolved::Str => v.visit_str(&s.text),
            },
        };
        r.map_err(|e| self.locate(e))
    }

    fn deserialize_bool<V: Visitor<'a>>(mut self, v: V) -> Result<V::Value, Error> {
        let b = self.bool_value();
        v.visit_bool(b).map_err(|e| self.locate(e))
    }

    fn deserialize_i8<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.integer(v, Some((i8::MIN.into(), i8::MAX.into())))
    }
    fn deserialize_i16<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.integer(v, Some((i16::MIN.into(), i16::MAX.into())))
    }
    fn deserialize_i32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.integer(v, Some((i32::MIN.into(), i32::MAX.into())))
    }
    fn deserialize_i64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.integer(v, None)
    }
    fn deserialize_u8<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.integer(v, Some((0, u8::MAX.into())))
    }
    fn deserialize_u16<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.integer(v, Some((0, u16::MAX.into())))
    }
    fn deserialize_u32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.integer(v, Some((0, u32::MAX.into())))
    }
    fn deserialize_u64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.integer(v, Some((0, i64::MAX)))
    }

    fn deserialize_f32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_f64(v)
    }
    fn deserialize_f64<V: Visitor<'a>>(mut self, v: V) -> Result<V::Value, Error> {
        let f = self.f64_value();
        v.visit_f64(f).map_err(|e| self.locate(e))
    }

    fn deserialize_char<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.string(v)
    }
    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.string(v)
    }
    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.string(v)
    }
    fn deserialize_bytes<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.string(v)
    }
    fn deserialize_byte_buf<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.string(v)
    }

    fn deserialize_option<V: Visitor<'a>>(mut self, v: V) -> Result<V::Value, Error> {
        if self.is_null() || self.ctx.is_absent(self.node) {
            return v.visit_none().map_err(|e| self.locate(e));
        }
        v.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }
    fn deserialize_unit_struct<V: Visitor<'a>>(self, _name: &'static str, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(self, name: &'static str, v: V) -> Result<V::Value, Error> {
        if name == "Quantity"
            && let Some(s) = self.node.as_str()
            && !valid_quantity(s)
            && !self.is_placeholder()
        {
            let msg = format!(
                "{} is not a quantity (a number with an optional suffix such as `500m`, `1Gi`, `2`)",
                found(self.node, self.ctx.redact)
            );
            self.ctx.record(None, msg);
        }
        // The timestamp inside asks for its string next (`string` takes the flag back).
        self.ctx.in_time = name == "Time" || name == "MicroTime";
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.seq(v)
    }
    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        self.seq(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _n: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        self.seq(v)
    }

    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.map(v, None)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.map(v, Some((name, fields)))
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match self.node.as_str() {
            Some(s) => v.visit_enum(s.into_deserializer()),
            None => self.deserialize_any(v),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.string(v)
    }

    /// Only k8s-openapi's `Field::Other` asks for this: the key is not a field of the struct.
    fn deserialize_ignored_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        if let (Some(key), Some((name, fields))) = (self.key, self.parent) {
            let k = key.scalar_text().unwrap_or_default();
            let hint = match did_you_mean(k, fields) {
                Some(f) => format!(" (did you mean `{f}`?)"),
                None => String::new(),
            };
            self.ctx.record(Some(key.span), format!("unknown field `{k}` in {name}{hint}"));
        }
        v.visit_unit()
    }
}

/// The entries of a mapping, each key once (the last one wins, as in go-yaml; the loader
/// reports the duplicate as KG002).
struct MapAccess<'c, 'a> {
    entries: &'a [Entry],
    next: usize,
    strukt: Option<(&'static str, &'static [&'static str])>,
    ctx: &'c mut Ctx<'a>,
    /// Indices of entries overridden by a later one with the same key.
    shadowed: Vec<usize>,
}

impl<'c, 'a> MapAccess<'c, 'a> {
    fn new(
        entries: &'a [Entry],
        strukt: Option<(&'static str, &'static [&'static str])>,
        ctx: &'c mut Ctx<'a>,
    ) -> Self {
        let shadowed = if ctx.unique_keys { Vec::new() } else { shadowed(entries) };
        MapAccess { entries, next: 0, strukt, ctx, shadowed }
    }
}

/// Indices of the entries a later one with the same key overrides (none, usually: no
/// allocation then).
pub(super) fn shadowed(entries: &[Entry]) -> Vec<usize> {
    let mut shadowed = Vec::new();
    fn key(e: &Entry) -> Option<&str> {
        e.key.scalar_text()
    }
    if entries.len() < 2 {
    } else if entries.len() <= 24 {
        // A 256-bit filter on length and end bytes first: distinct keys almost always
        // differ there, and then no pair needs comparing.
        let mut seen = [0u64; 4];
        let mut clash = false;
        for k in entries.iter().filter_map(key) {
            let b = k.as_bytes();
            let h = b.len().wrapping_mul(31)
                + b.first().map_or(0, |&c| usize::from(c) * 7)
                + b.last().map_or(0, |&c| usize::from(c));
            let (word, bit) = ((h >> 6) & 3, 1u64 << (h & 63));
            clash |= seen[word] & bit != 0;
            seen[word] |= bit;
        }
        if clash {
            for i in 0..entries.len() {
                let k = key(&entries[i]);
                if k.is_some() && entries[i + 1..].iter().any(|e| key(e) == k) {
                    shadowed.push(i);
                }
            }
        }
    } else {
        let mut last: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if let Some(k) = key(e)
                && let Some(prev) = last.insert(k, i)
            {
                shadowed.push(prev);
            }
        }
        shadowed.sort_unstable();
    }
    shadowed
}

impl<'c, 'a> de::MapAccess<'a> for MapAccess<'c, 'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        while self.next < self.entries.len() && self.shadowed.binary_search(&self.next).is_ok() {
            self.next += 1;
        }
        let Some(e) = self.entries.get(self.next) else { return Ok(None) };
        seed.deserialize(KeyDe(&e.key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let e = &self.entries[self.next];
        self.next += 1;
        let k = key_string(&e.key);
        self.ctx.path.push(PathSeg::Key(k));
        let r = seed.deserialize(De {
            node: &e.value,
            key: Some(&e.key),
            parent: self.strukt,
            ctx: &mut *self.ctx,
        });
        self.ctx.path.pop();
        r
    }
}

/// A key as the JSON object key sigs.k8s.io/yaml makes of it.
pub(super) fn key_string(key: &Node) -> &str {
    match &key.value {
        Value::Scalar(s) => match s.resolved {
            Resolved::Bool(true) => "true",
            Resolved::Bool(false) => "false",
            _ => &s.text,
        },
        _ => "",
    }
}

/// Keys are always strings (JSON object keys).
struct KeyDe<'a>(&'a Node);

impl<'de> de::Deserializer<'de> for KeyDe<'de> {
    type Error = Error;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_borrowed_str(key_string(self.0))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct SeqAccess<'c, 'a> {
    items: &'a [Node],
    next: usize,
    ctx: &'c mut Ctx<'a>,
}

impl<'c, 'a> de::SeqAccess<'a> for SeqAccess<'c, 'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(item) = self.items.get(self.next) else { return Ok(None) };
        self.ctx.path.push(PathSeg::Index(self.next));
        self.next += 1;
        let r = seed.deserialize(De { node: item, key: None, parent: None, ctx: &mut *self.ctx });
        self.ctx.path.pop();
        r.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        for ok in
            ["1", "0.5", "500m", "1Gi", "128974848", "129e6", "129M", "123Mi", "1.5E+3", "-1", ".5", "1."]
        {
            assert!(valid_quantity(ok), "{ok}");
        }
        for bad in ["", "1GB", "m", "1 Gi", "abc", "1e", "1Gii", "--1"] {
            assert!(!valid_quantity(bad), "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        let fields = &["image", "imagePullPolicy", "name"];
        assert_eq!(did_you_mean("imagePullPolicyy", fields), Some("imagePullPolicy"));
        assert_eq!(did_you_mean("Image", fields), Some("image"));
        assert_eq!(did_you_mean("completelyDifferent", fields), None);
    }

    #[test]
    fn shadowed_entries_are_the_earlier_of_each_duplicate_key() {
        use crate::source::yaml::{Limits, load_stream};
        // Keys built to collide in the filter (same length and end bytes) and not.
        let words = ["ab", "acb", "adb", "aeb", "name", "nome", "x", "y", "image", "imbge", "k1", "k2"];
        let mut seed = 7u32;
        for _ in 0..400 {
            let n = 2 + (seed % 30) as usize;
            let keys: Vec<&str> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    words[(seed >> 16) as usize % words.len()]
                })
                .collect();
            let text: String = keys.iter().enumerate().map(|(i, k)| format!("{k}: {i}\n")).collect();
            let stream = load_stream(&text, Limits::default());
            let entries = stream.docs[0].root.as_ref().unwrap().as_map().unwrap();
            let naive: Vec<usize> = (0..keys.len()).filter(|&i| keys[i + 1..].contains(&keys[i])).collect();
            assert_eq!(shadowed(entries), naive, "{keys:?}");
        }
    }
}
