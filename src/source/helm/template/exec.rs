//! The executor of Go's text/template: walks a parsed tree against a `Value`, with Go's
//! variable scoping, truthiness, `range` order (lists, sorted map keys, ints), field
//! lookup under Helm's `missingkey=zero`, `<no value>` printing, and Go's error wording
//! (`template: NAME:LINE:COL: executing "NAME" at <NODE>: ...`). Limits stop hostile
//! templates (recursive `include`, huge loops, runaway output) with a clear error.

use std::collections::HashMap;
use std::rc::Rc;

use super::parse::{self, Arg, Cmd, List, Node, Number, Pipe};
use super::value::{ObjKind, Object, Value};
use crate::source::helm::funcs;

/// A named template: a file's body or a `define`.
#[derive(Debug)]
pub struct Template {
    pub name: String,
    /// The file (or `tpl` text) it was parsed from: error locations are relative to it.
    pub parse_name: Rc<str>,
    pub src: Rc<str>,
    pub body: Rc<List>,
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Nested template calls (`include`, `template`, `tpl`) before giving up (Helm stops
    /// an `include` of one name nested more than 1000 times; Go's own limit is 100000).
    pub max_depth: usize,
    /// Nodes walked plus loop iterations in one render.
    pub max_steps: u64,
    /// Bytes of output one template may produce.
    pub max_output: usize,
    /// Elements a list-building function (`until`, `seq`, ...) may create.
    pub max_list: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 1500, max_steps: 5_000_000, max_output: 64 << 20, max_list: 1_000_000 }
    }
}

/// Helm's `recursionMaxNums`: one name may be included inside itself this many times.
pub const INCLUDE_MAX_NESTING: usize = 1000;

/// Nested errors longer than this keep their start and their end (a runaway recursion
/// would otherwise repeat its frame a thousand times).
const MAX_ERROR_LEN: usize = 4000;

fn shorten(msg: String) -> String {
    if msg.len() <= MAX_ERROR_LEN {
        return msg;
    }
    let mut head = MAX_ERROR_LEN / 2;
    while !msg.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = msg.len() - MAX_ERROR_LEN / 2;
    while !msg.is_char_boundary(tail) {
        tail += 1;
    }
    format!("{} [... {} bytes of nested calls ...] {}", &msg[..head], tail - head, &msg[tail..])
}

/// An execution error already formatted as Go formats it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecError {
    pub message: String,
    /// `required`/`fail` message (Helm prints these bare: `execution error at (LOC): MSG`).
    pub user: Option<String>,
    /// `FILE:LINE:COL` of the innermost node the error happened at.
    pub location: Option<String>,
    /// Helm 4 prints an error whose whole chain comes from template execution as one block
    /// per frame (`LOCATION\n  executing "NAME" at <NODE>:\n    MESSAGE`); None when a
    /// function's own error ends the chain (Helm then prints the Go message as is).
    pub trace: Option<Vec<String>>,
}

impl ExecError {
    /// The text Helm prints for this error.
    pub fn helm_text(&self) -> String {
        match &self.trace {
            Some(frames) => frames.concat().trim().to_string(),
            None => self.message.clone(),
        }
    }
}

impl std::fmt::Display for ExecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a function returns on failure: a message, or a user-raised failure (`fail`).
#[derive(Debug, Clone)]
pub enum FuncError {
    Msg(String),
    /// Wrong number of arguments (Go reports these at the function's name, unwrapped).
    Arity(String),
    /// An argument of the wrong type for a typed Go parameter (reported at the argument).
    Type(String),
    /// An error from a nested template execution (kept whole, Go wraps it).
    Nested(ExecError),
    User(String),
}

impl From<String> for FuncError {
    fn from(s: String) -> Self {
        FuncError::Msg(s)
    }
}
impl From<&str> for FuncError {
    fn from(s: &str) -> Self {
        FuncError::Msg(s.to_string())
    }
}

pub type FResult = Result<Value, FuncError>;

enum Flow {
    Normal,
    Break,
    Continue,
}

/// A set of templates plus the state of one render.
pub struct Engine {
    pub templates: HashMap<String, Rc<Template>>,
    pub limits: Limits,
    steps: u64,
    depth: usize,
    include_counts: HashMap<String, usize>,
    /// The name `tpl` gives the templates it parses (Helm: the root template's name).
    pub root_name: String,
    /// While `execute_traced` runs: where each piece of the top template's output came from.
    origins: Option<Vec<Origin>>,
    /// The values tree's nodes by address, and the paths the current top-level action read.
    provenance: Option<Provenance>,
}

/// One step of a path in the values tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ValuesSeg {
    Key(String),
    Index(usize),
}

/// A path from the root of the values a render starts with (`.Values` of the top chart).
pub type ValuesPath = Vec<ValuesSeg>;

/// The values behind an action: the maps, lists and strings of the values tree are known
/// by their address, so a value that reaches an action through `with`, `range`, a variable,
/// `include` or a function argument still says where in the values it sits. Paths read
/// through a field chain are kept even when the key is missing (a default applies).
struct Provenance {
    by_addr: HashMap<usize, Rc<ValuesPath>>,
    /// Every registered value, held so that no address is reused during the render.
    _keep: Vec<Value>,
    /// What the action being executed at the top level has read so far.
    read: Vec<Rc<ValuesPath>>,
}

/// At most this many values paths are kept per action.
const MAX_VALUES_PER_ACTION: usize = 32;

fn value_addr(v: &Value) -> Option<usize> {
    match v {
        Value::Map(m) => Some(Rc::as_ptr(m) as *const u8 as usize),
        Value::List(l) => Some(Rc::as_ptr(l) as *const u8 as usize),
        Value::Str(s) if !s.is_empty() => Some(s.as_ptr() as usize),
        _ => None,
    }
}

/// A piece of a template's output and the source position that wrote it: literal text
/// (copied byte for byte from `src_pos` on) or an action (`{{ ... }}` at `src_pos`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub out_offset: usize,
    pub src_pos: usize,
    pub literal: bool,
    /// For an action: the values paths it read (with `trace_values`), nested templates
    /// included.
    pub values: Option<Rc<[Rc<ValuesPath>]>>,
}

impl Origin {
    /// The source byte offset behind output byte `out` (which this origin covers).
    pub fn src_at(&self, out: usize) -> usize {
        if self.literal { self.src_pos + (out - self.out_offset) } else { self.src_pos }
    }
}

struct Frame {
    tmpl: Rc<Template>,
    vars: Vec<(String, Value)>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    pub fn new() -> Self {
        Engine {
            templates: HashMap::new(),
            limits: Limits::default(),
            steps: 0,
            depth: 0,
            include_counts: HashMap::new(),
            root_name: "gotpl".to_string(),
            origins: None,
            provenance: None,
        }
    }

    /// Records from now on which parts of `values` (the top chart's `.Values`) each
    /// top-level action reads (`Origin::values`).
    pub fn trace_values(&mut self, values: &Value) {
        let mut by_addr = HashMap::new();
        let mut keep = Vec::new();
        let mut stack: Vec<(Value, ValuesPath)> = vec![(values.clone(), Vec::new())];
        while let Some((v, path)) = stack.pop() {
            let Some(addr) = value_addr(&v) else { continue };
            if by_addr.contains_key(&addr) {
                continue;
            }
            by_addr.insert(addr, Rc::new(path.clone()));
            match &v {
                Value::Map(m) => {
                    for (k, child) in m.borrow().iter().rev() {
                        let mut p = path.clone();
                        p.push(ValuesSeg::Key(k.clone()));
                        stack.push((child.clone(), p));
                    }
                }
                Value::List(l) => {
                    for (i, child) in l.iter().enumerate().rev() {
                        let mut p = path.clone();
                        p.push(ValuesSeg::Index(i));
                        stack.push((child.clone(), p));
                    }
                }
                _ => {}
            }
            keep.push(v);
        }
        self.provenance = Some(Provenance { by_addr, _keep: keep, read: Vec::new() });
    }

    fn values_path_of(&self, v: &Value) -> Option<Rc<ValuesPath>> {
        let p = self.provenance.as_ref()?;
        p.by_addr.get(&value_addr(v)?).cloned()
    }

    fn note_read(&mut self, path: Rc<ValuesPath>) {
        if let Some(p) = self.provenance.as_mut()
            && p.read.len() < MAX_VALUES_PER_ACTION
            && !p.read.contains(&path)
        {
            p.read.push(path);
        }
    }

    fn note_value(&mut self, v: &Value) {
        if let Some(path) = self.values_path_of(v) {
            self.note_read(path);
        }
    }

    /// Starts a top-level action's record of what it reads.
    fn start_reads(&mut self) {
        if self.depth == 1
            && let Some(p) = self.provenance.as_mut()
        {
            p.read.clear();
        }
    }

    /// Attaches what the top-level action read to its origin (the last one pushed at or
    /// after `index`).
    fn attach_reads(&mut self, index: usize) {
        if self.depth != 1 {
            return;
        }
        let Some(p) = self.provenance.as_mut() else { return };
        if p.read.is_empty() {
            return;
        }
        let read: Rc<[Rc<ValuesPath>]> = std::mem::take(&mut p.read).into();
        if let Some(o) = self.origins.as_mut().and_then(|o| o.get_mut(index)) {
            o.values = Some(read);
        }
    }

    fn origin_count(&self) -> usize {
        self.origins.as_ref().map_or(0, Vec::len)
    }

    /// Parses `src` as the template `name`, adding it and its `define`s to the set (a
    /// later definition replaces an earlier one, as in Go, unless it is empty).
    /// Errors are worded as Go's: `template: NAME:LINE: MSG`.
    pub fn parse(&mut self, name: &str, src: &str) -> Result<(), String> {
        let parsed = parse::parse(src, &funcs::exists)
            .map_err(|e| format!("template: {}:{}: {}", name, parse::line_of(src, e.pos), e.message))?;
        let src: Rc<str> = Rc::from(src);
        let parse_name: Rc<str> = Rc::from(name);
        for (dname, body) in parsed.defines {
            self.add(dname, &parse_name, &src, body);
        }
        self.add(name.to_string(), &parse_name, &src, parsed.root);
        Ok(())
    }

    fn add(&mut self, name: String, parse_name: &Rc<str>, src: &Rc<str>, body: List) {
        let empty = body.iter().all(|n| matches!(n, Node::Text(_, t) if t.trim().is_empty()));
        if empty && self.templates.contains_key(&name) {
            return;
        }
        self.templates.insert(
            name.clone(),
            Rc::new(Template { name, parse_name: parse_name.clone(), src: src.clone(), body: Rc::new(body) }),
        );
    }

    /// Like `execute`, also returning where each piece of the output came from in the
    /// template's own source (output of nested templates counts as the calling action's).
    pub fn execute_traced(&mut self, name: &str, dot: &Value) -> Result<(String, Vec<Origin>), ExecError> {
        self.origins = Some(Vec::new());
        let r = self.execute(name, dot);
        let origins = self.origins.take().unwrap_or_default();
        r.map(|out| (out, origins))
    }

    fn mark_origin(&mut self, out: &str, src_pos: usize, literal: bool) {
        if self.depth == 1
            && let Some(o) = self.origins.as_mut()
        {
            o.push(Origin { out_offset: out.len(), src_pos, literal, values: None });
        }
    }

    /// Executes the named template with `dot` as data.
    pub fn execute(&mut self, name: &str, dot: &Value) -> Result<String, ExecError> {
        let Some(t) = self.templates.get(name).cloned() else {
            return Err(ExecError {
                message: format!(
                    "template: no template {:?} associated with template {:?}",
                    name, self.root_name
                ),
                user: None,
                location: None,
                trace: Some(vec![format!(
                    "template: no template {:?} associated with template {:?}\n",
                    name, self.root_name
                )]),
            });
        };
        let mut out = String::new();
        self.run(&t, dot, &mut out)?;
        Ok(out)
    }

    fn run(&mut self, t: &Rc<Template>, dot: &Value, out: &mut String) -> Result<(), ExecError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            self.depth -= 1;
            return Err(ExecError {
                message: format!(
                    "template: {}: exceeded maximum template depth ({})",
                    t.name, self.limits.max_depth
                ),
                user: None,
                location: None,
                trace: Some(vec![format!(
                    "{}\n  exceeded maximum template depth ({})\n",
                    t.name, self.limits.max_depth
                )]),
            });
        }
        let mut frame = Frame { tmpl: t.clone(), vars: vec![("$".to_string(), dot.clone())] };
        let body = t.body.clone();
        let r = self.walk_list(&mut frame, dot, &body, out).map(|_| ());
        self.depth -= 1;
        r
    }

    /// Parses and runs `text` as Helm's `tpl` does: its defines are visible only while it runs.
    pub fn tpl(&mut self, text: &str, dot: &Value) -> Result<String, FuncError> {
        let name = self.root_name.clone();
        let parsed = parse::parse(text, &funcs::exists).map_err(|e| {
            FuncError::Msg(format!(
                "cannot parse template {:?}: template: {}:{}: {}",
                text,
                name,
                parse::line_of(text, e.pos),
                e.message
            ))
        })?;
        let src: Rc<str> = Rc::from(text);
        let parse_name: Rc<str> = Rc::from(name.as_str());
        let mut saved = Vec::new();
        for (dname, body) in parsed.defines {
            saved.push((dname.clone(), self.templates.get(&dname).cloned()));
            self.add(dname, &parse_name, &src, body);
        }
        let t = Rc::new(Template { name: name.clone(), parse_name, src, body: Rc::new(parsed.root) });
        let mut out = String::new();
        let r = self.run(&t, dot, &mut out);
        for (dname, old) in saved.into_iter().rev() {
            match old {
                Some(o) => self.templates.insert(dname, o),
                None => self.templates.remove(&dname),
            };
        }
        match r {
            Ok(()) => Ok(out.replace("<no value>", "")),
            Err(e) if e.user.is_some() => Err(FuncError::Nested(e)),
            Err(e) => Err(FuncError::Nested(ExecError {
                message: format!("error during tpl function execution for {:?}: {}", text, e.message),
                user: None,
                location: e.location,
                trace: None,
            })),
        }
    }

    /// Helm's `include`: runs a named template and returns its output.
    pub fn include(&mut self, name: &str, dot: &Value) -> Result<String, FuncError> {
        let n = self.include_counts.entry(name.to_string()).or_insert(0);
        if *n > INCLUDE_MAX_NESTING {
            return Err(FuncError::Msg(format!(
                "rendering template has a nested reference name: {name}: unable to execute template"
            )));
        }
        *n += 1;
        let r = self.execute(name, dot);
        if let Some(n) = self.include_counts.get_mut(name) {
            *n -= 1;
        }
        r.map_err(FuncError::Nested)
    }

    /// Nodes walked and functions called so far (what `Limits::max_steps` bounds).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn step(&mut self, frame: &Frame, pos: usize, what: &str) -> Result<(), ExecError> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(self.error_at(
                frame,
                pos,
                what,
                &format!("template execution exceeded the limit of {} steps", self.limits.max_steps),
            ));
        }
        Ok(())
    }

    fn error_at(&self, frame: &Frame, pos: usize, node: &str, msg: &str) -> ExecError {
        let (line, col) = parse::line_col(&frame.tmpl.src, pos);
        let location = format!("{}:{}:{}", frame.tmpl.parse_name, line, col);
        ExecError {
            message: format!(
                "template: {}: executing {:?} at <{}>: {}",
                location, frame.tmpl.name, node, msg
            ),
            user: None,
            trace: Some(vec![format!(
                "{location}\n  executing {:?} at <{node}>:\n    {msg}\n",
                frame.tmpl.name
            )]),
            location: Some(location),
        }
    }

    fn walk_list(
        &mut self,
        frame: &mut Frame,
        dot: &Value,
        list: &List,
        out: &mut String,
    ) -> Result<Flow, ExecError> {
        for node in list {
            match self.walk(frame, dot, node, out)? {
                Flow::Normal => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(
        &mut self,
        frame: &mut Frame,
        dot: &Value,
        node: &Node,
        out: &mut String,
    ) -> Result<Flow, ExecError> {
        match node {
            Node::Text(pos, t) => {
                self.mark_origin(out, *pos, true);
                out.push_str(t);
                self.check_output(frame, out)?;
            }
            Node::Action(pipe) => {
                self.step(frame, pipe.pos, &pipe.to_string())?;
                self.start_reads();
                let v = self.eval_pipeline(frame, dot, pipe)?;
                if pipe.decl.is_empty() {
                    let index = self.origin_count();
                    self.mark_origin(out, pipe.pos, false);
                    self.attach_reads(index);
                    print_value(&v, out);
                    self.check_output(frame, out)?;
                }
            }
            Node::If(c) | Node::With(c) => {
                let is_with = matches!(node, Node::With(_));
                let mark = frame.vars.len();
                self.step(frame, c.pos, &c.pipe.to_string())?;
                let v = self.eval_pipeline(frame, dot, &c.pipe)?;
                let r = if v.truthy() {
                    if is_with {
                        self.walk_list(frame, &v, &c.list, out)
                    } else {
                        self.walk_list(frame, dot, &c.list, out)
                    }
                } else if let Some(e) = &c.else_list {
                    self.walk_list(frame, dot, e, out)
                } else {
                    Ok(Flow::Normal)
                };
                frame.vars.truncate(mark);
                return r;
            }
            Node::Range(c) => {
                let mark = frame.vars.len();
                let r = self.walk_range(frame, dot, c, out);
                frame.vars.truncate(mark);
                return r;
            }
            Node::Template { pos, name, pipe } => {
                let data = match pipe {
                    Some(p) => self.eval_pipeline(frame, dot, p)?,
                    None => Value::Nil,
                };
                let Some(t) = self.templates.get(name).cloned() else {
                    let shown = match pipe {
                        Some(p) => format!("{{{{template {name:?} {p}}}}}"),
                        None => format!("{{{{template {name:?}}}}}"),
                    };
                    return Err(self.error_at(
                        frame,
                        *pos,
                        &shown,
                        &format!("template {name:?} not defined"),
                    ));
                };
                let index = self.origin_count();
                self.start_reads();
                self.mark_origin(out, *pos, false);
                self.run(&t, &data, out)?;
                self.attach_reads(index);
            }
            Node::Break(_) => return Ok(Flow::Break),
            Node::Continue(_) => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn check_output(&self, frame: &Frame, out: &str) -> Result<(), ExecError> {
        if out.len() > self.limits.max_output {
            return Err(ExecError {
                message: format!(
                    "template: {}: output exceeds the limit of {} bytes",
                    frame.tmpl.name, self.limits.max_output
                ),
                user: None,
                location: None,
                trace: None,
            });
        }
        Ok(())
    }

    fn walk_range(
        &mut self,
        frame: &mut Frame,
        dot: &Value,
        c: &parse::Control,
        out: &mut String,
    ) -> Result<Flow, ExecError> {
        self.step(frame, c.pos, &c.pipe.to_string())?;
        let v = self.eval_pipeline(frame, dot, &c.pipe)?;
        let mark = frame.vars.len();
        // Go reports a bad range value at the last node it evaluated.
        let (epos, enode) = match c.pipe.cmds.last().map(|cmd| (cmd, &cmd.args[0])) {
            Some((_, a @ (Arg::Field { .. } | Arg::Variable { .. } | Arg::Chain { .. }))) => {
                (a.pos(), a.to_string())
            }
            Some((cmd, _)) => (cmd.pos, cmd.to_string()),
            None => (c.pos, c.pipe.to_string()),
        };
        let items: Vec<(Value, Value)> = match &v {
            Value::List(l) => l.iter().enumerate().map(|(i, e)| (Value::Int(i as i64), e.clone())).collect(),
            Value::Map(m) => m.borrow().iter().map(|(k, e)| (Value::str(k), e.clone())).collect(),
            Value::Int(n) | Value::Int64(n) => {
                if *n > 0 && *n as u64 > self.limits.max_list as u64 {
                    return Err(self.error_at(
                        frame,
                        c.pos,
                        &c.pipe.to_string(),
                        &format!("range over {n} exceeds the limit of {} iterations", self.limits.max_list),
                    ));
                }
                (0..*n).map(|i| (Value::Int(i), Value::Int(i))).collect()
            }
            Value::Object(o) => match &o.kind {
                ObjKind::VersionSet(v) => {
                    v.iter().enumerate().map(|(i, e)| (Value::Int(i as i64), Value::str(e))).collect()
                }
                ObjKind::Files(f) => f
                    .iter()
                    .map(|(k, b)| (Value::str(k), Value::string(String::from_utf8_lossy(b).into_owned())))
                    .collect(),
                ObjKind::Struct => {
                    return Err(self.error_at(
                        frame,
                        epos,
                        &enode,
                        &format!("range can't iterate over {}", v.to_go_string()),
                    ));
                }
            },
            Value::Nil => Vec::new(),
            other => {
                return Err(self.error_at(
                    frame,
                    epos,
                    &enode,
                    &format!("range can't iterate over {}", other.to_go_string()),
                ));
            }
        };
        if items.is_empty() {
            if let Some(e) = &c.else_list {
                return self.walk_list(frame, dot, e, out);
            }
            return Ok(Flow::Normal);
        }
        let decl = &c.pipe.decl;
        for (index, elem) in items {
            self.step(frame, c.pos, &c.pipe.to_string())?;
            if !decl.is_empty() {
                if c.pipe.is_assign {
                    if decl.len() > 1 {
                        set_var(frame, &decl[0], index.clone());
                        set_var(frame, &decl[1], elem.clone());
                    } else {
                        set_var(frame, &decl[0], elem.clone());
                    }
                } else {
                    let n = frame.vars.len();
                    if decl.len() > 1 {
                        frame.vars[mark - 2].1 = index.clone();
                        frame.vars[mark - 1].1 = elem.clone();
                    } else {
                        frame.vars[n.min(mark) - 1].1 = elem.clone();
                    }
                }
            }
            let r = self.walk_list(frame, &elem, &c.list, out);
            frame.vars.truncate(mark);
            match r? {
                Flow::Break => break,
                Flow::Continue | Flow::Normal => {}
            }
        }
        Ok(Flow::Normal)
    }

    fn eval_pipeline(&mut self, frame: &mut Frame, dot: &Value, pipe: &Pipe) -> Result<Value, ExecError> {
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            value = Some(self.eval_command(frame, dot, cmd, value)?);
        }
        let value = value.unwrap_or(Value::Nil);
        for v in &pipe.decl {
            if pipe.is_assign {
                set_var(frame, v, value.clone());
            } else {
                frame.vars.push((v.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn eval_command(
        &mut self,
        frame: &mut Frame,
        dot: &Value,
        cmd: &Cmd,
        fin: Option<Value>,
    ) -> Result<Value, ExecError> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { pos, idents } => {
                let args = &cmd.args[1..];
                self.eval_field_chain(
                    frame,
                    dot,
                    dot.clone(),
                    idents,
                    args,
                    fin,
                    *pos,
                    &first.to_string(),
                    true,
                )
            }
            Arg::Variable { pos, name, idents } => {
                let v = lookup_var(frame, name).ok_or_else(|| {
                    self.error_at(frame, *pos, name, &format!("undefined variable: {name}"))
                })?;
                if idents.is_empty() {
                    self.not_a_function(frame, cmd, &fin)?;
                    self.note_value(&v);
                    return Ok(v);
                }
                self.eval_field_chain(
                    frame,
                    dot,
                    v,
                    idents,
                    &cmd.args[1..],
                    fin,
                    *pos,
                    &first.to_string(),
                    false,
                )
            }
            Arg::Chain { pos, node, fields } => {
                let base = self.eval_arg(frame, dot, node)?;
                self.eval_field_chain(
                    frame,
                    dot,
                    base,
                    fields,
                    &cmd.args[1..],
                    fin,
                    *pos,
                    &first.to_string(),
                    false,
                )
            }
            Arg::Ident { pos, name } => self.eval_function(frame, dot, *pos, name, cmd, fin),
            Arg::Pipe(p) => {
                self.not_a_function(frame, cmd, &fin)?;
                self.eval_pipeline(frame, dot, p)
            }
            _ => {
                self.not_a_function(frame, cmd, &fin)?;
                match first {
                    Arg::Nil(pos) => Err(self.error_at(frame, *pos, "nil", "nil is not a command")),
                    other => self.eval_arg(frame, dot, other),
                }
            }
        }
    }

    fn not_a_function(&self, frame: &Frame, cmd: &Cmd, fin: &Option<Value>) -> Result<(), ExecError> {
        if cmd.args.len() > 1 || fin.is_some() {
            let a = &cmd.args[0];
            return Err(self.error_at(
                frame,
                a.pos(),
                &a.to_string(),
                &format!("can't give argument to non-function {a}"),
            ));
        }
        Ok(())
    }

    fn eval_arg(&mut self, frame: &mut Frame, dot: &Value, arg: &Arg) -> Result<Value, ExecError> {
        match arg {
            Arg::Dot(_) => {
                self.note_value(dot);
                Ok(dot.clone())
            }
            Arg::Nil(_) => Ok(Value::Nil),
            Arg::Bool(_, b) => Ok(Value::Bool(*b)),
            Arg::Number { value, .. } => Ok(match value {
                Number::Int(i) => Value::Int(*i),
                Number::Float(f) => Value::Float(*f),
            }),
            Arg::Str { text, .. } => Ok(Value::str(text)),
            Arg::Field { pos, idents } => self.eval_field_chain(
                frame,
                dot,
                dot.clone(),
                idents,
                &[],
                None,
                *pos,
                &arg.to_string(),
                true,
            ),
            Arg::Variable { pos, name, idents } => {
                let v = lookup_var(frame, name).ok_or_else(|| {
                    self.error_at(frame, *pos, name, &format!("undefined variable: {name}"))
                })?;
                if idents.is_empty() {
                    self.note_value(&v);
                    return Ok(v);
                }
                self.eval_field_chain(frame, dot, v, idents, &[], None, *pos, &arg.to_string(), false)
            }
            Arg::Chain { pos, node, fields } => {
                let base = self.eval_arg(frame, dot, node)?;
                self.eval_field_chain(frame, dot, base, fields, &[], None, *pos, &arg.to_string(), false)
            }
            Arg::Pipe(p) => self.eval_pipeline(frame, dot, p),
            Arg::Ident { pos, name } => {
                let cmd = Cmd { pos: *pos, args: vec![arg.clone()] };
                self.eval_function(frame, dot, *pos, name, &cmd, None)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field_chain(
        &mut self,
        frame: &mut Frame,
        dot: &Value,
        receiver: Value,
        idents: &[String],
        args: &[Arg],
        fin: Option<Value>,
        pos: usize,
        node: &str,
        from_dot: bool,
    ) -> Result<Value, ExecError> {
        let _ = from_dot;
        let mut recv = receiver;
        let n = idents.len();
        // Where the chain is in the values tree (a key read from a values map extends it).
        let mut path = self.values_path_of(&recv);
        for (i, name) in idents.iter().enumerate() {
            if self.provenance.is_some() && i > 0 {
                path = match self.values_path_of(&recv) {
                    Some(p) => Some(p),
                    None => path,
                };
            }
            if let Some(p) = path.take() {
                if matches!(recv, Value::Map(_)) {
                    let mut p = (*p).clone();
                    p.push(ValuesSeg::Key(name.clone()));
                    path = Some(Rc::new(p));
                } else {
                    path = None;
                }
            }
            let last = i + 1 == n;
            // The chain's first receiver may be nil without error (Go: an invalid value);
            // a nil met inside the chain is Go's nil interface.
            if recv.is_nil() && i == 0 {
                if last && (!args.is_empty() || fin.is_some()) {
                    return Ok(Value::Nil);
                }
                return Ok(Value::Nil);
            }
            let (a, f): (&[Arg], Option<Value>) = if last { (args, fin.clone()) } else { (&[], None) };
            recv = self.eval_field(frame, dot, name, recv, a, f, pos, node).map_err(|mut e| {
                // A value read from a map has Go's static type `interface {}`.
                let marker = format!("can't evaluate field {name} in type ");
                if i > 0
                    && let Some(k) = e.message.find(&marker)
                {
                    e.message.truncate(k + marker.len());
                    e.message.push_str("interface {}");
                    if let Some(last) = e.trace.as_mut().and_then(|t| t.last_mut())
                        && let Some(k) = last.find(&marker)
                    {
                        last.truncate(k + marker.len());
                        last.push_str("interface {}\n");
                    }
                }
                e
            })?;
        }
        if self.provenance.is_some() {
            match self.values_path_of(&recv).or(path) {
                Some(p) => self.note_read(p),
                None => self.note_value(&recv),
            }
        }
        Ok(recv)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field(
        &mut self,
        frame: &mut Frame,
        dot: &Value,
        name: &str,
        recv: Value,
        args: &[Arg],
        fin: Option<Value>,
        pos: usize,
        node: &str,
    ) -> Result<Value, ExecError> {
        let has_args = !args.is_empty() || fin.is_some();
        match &recv {
            Value::Map(m) => {
                if has_args {
                    return Err(self.error_at(
                        frame,
                        pos,
                        node,
                        &format!("{name} is not a method but has arguments"),
                    ));
                }
                Ok(m.borrow().get(name).cloned().unwrap_or(Value::Nil))
            }
            Value::Object(o) => {
                if let Some(v) = o.fields.get(name) {
                    if has_args {
                        return Err(self.error_at(
                            frame,
                            pos,
                            node,
                            &format!("{name} is not a method but has arguments"),
                        ));
                    }
                    return Ok(v.clone());
                }
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.eval_arg(frame, dot, a)?);
                }
                if let Some(f) = fin {
                    vals.push(f);
                }
                match funcs::helm::call_method(o, name, vals) {
                    Some(Ok(v)) => Ok(v),
                    Some(Err(e)) => Err(self.func_error(frame, pos, node, name, e)),
                    None => Err(self.error_at(
                        frame,
                        pos,
                        node,
                        &format!("can't evaluate field {name} in type {}", o.type_name),
                    )),
                }
            }
            Value::Nil => {
                Err(self.error_at(frame, pos, node, &format!("nil pointer evaluating interface {{}}.{name}")))
            }
            other => Err(self.error_at(
                frame,
                pos,
                node,
                &format!("can't evaluate field {name} in type {}", other.type_name()),
            )),
        }
    }

    fn func_error(&self, frame: &Frame, pos: usize, node: &str, name: &str, e: FuncError) -> ExecError {
        match e {
            FuncError::User(m) => {
                let mut err = self.error_at(frame, pos, node, &format!("error calling {name}: {m}"));
                err.trace = None;
                err.user = Some(m);
                err
            }
            FuncError::Msg(m) => {
                let mut err = self.error_at(frame, pos, node, &format!("error calling {name}: {m}"));
                err.trace = None;
                err
            }
            FuncError::Arity(m) => self.error_at(frame, pos, name, &m),
            FuncError::Type(m) => self.error_at(frame, pos, node, &m),
            FuncError::Nested(inner) => {
                let mut err =
                    self.error_at(frame, pos, node, &format!("error calling {name}: {}", inner.message));
                err.message = shorten(err.message);
                err.trace = match (err.trace.take(), inner.trace) {
                    (Some(outer), Some(frames)) => {
                        let head = outer[0].rsplit_once("\n    ").map(|(h, _)| h).unwrap_or("");
                        let mut t = vec![format!("{head}\n    error calling {name}:\n")];
                        t.extend(frames);
                        Some(t)
                    }
                    _ => None,
                };
                if inner.location.is_some() {
                    err.location = inner.location;
                }
                err.user = inner.user;
                err
            }
        }
    }

    fn eval_function(
        &mut self,
        frame: &mut Frame,
        dot: &Value,
        pos: usize,
        name: &str,
        cmd: &Cmd,
        fin: Option<Value>,
    ) -> Result<Value, ExecError> {
        let node = cmd.to_string();
        let args = &cmd.args[1..];
        // `and` / `or` evaluate their arguments lazily.
        if name == "and" || name == "or" {
            let total = args.len() + usize::from(fin.is_some());
            if total == 0 {
                return Err(self.error_at(
                    frame,
                    pos,
                    &node,
                    &format!("wrong number of args for {name}: want at least 1 got 0"),
                ));
            }
            let mut last = Value::Nil;
            for a in args {
                last = self.eval_arg(frame, dot, a)?;
                if (name == "and") != last.truthy() {
                    return Ok(last);
                }
            }
            if let Some(f) = fin {
                last = f;
            }
            return Ok(last);
        }
        let mut vals = Vec::with_capacity(args.len() + 1);
        for a in args {
            vals.push(self.eval_arg(frame, dot, a)?);
        }
        if let Some(f) = fin {
            vals.push(f);
        }
        self.steps += 1;
        let is_str: Vec<bool> = vals.iter().map(|v| matches!(v, Value::Str(_))).collect();
        match funcs::call(self, name, vals) {
            Ok(v) => Ok(v),
            Err(FuncError::Type(msg)) => {
                // Go checks a typed parameter before the call and blames the argument.
                let bad = is_str.iter().position(|s| !s).unwrap_or(0);
                match args.get(bad) {
                    Some(a @ (Arg::Number { .. } | Arg::Bool(..) | Arg::Nil(_))) => Err(self.error_at(
                        frame,
                        a.pos(),
                        &a.to_string(),
                        &format!("expected string; found {a}"),
                    )),
                    Some(a) => Err(self.error_at(frame, a.pos(), &a.to_string(), &msg)),
                    None => Err(self.error_at(frame, pos, &node, &msg)),
                }
            }
            Err(e) => Err(self.func_error(frame, pos, &node, name, e)),
        }
    }
}

fn lookup_var(frame: &Frame, name: &str) -> Option<Value> {
    frame.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone())
}

fn set_var(frame: &mut Frame, name: &str, v: Value) {
    if let Some(slot) = frame.vars.iter_mut().rev().find(|(n, _)| n == name) {
        slot.1 = v;
    }
}

/// How an action prints its value: `<no value>` for nil, Go's `%v` otherwise.
pub fn print_value(v: &Value, out: &mut String) {
    match v {
        Value::Nil => out.push_str("<no value>"),
        other => other.write_go(out, true),
    }
}

/// A Go struct value for `.Capabilities` and friends.
pub fn object(type_name: &'static str, kind: ObjKind, fields: Vec<(&str, Value)>, display: String) -> Value {
    Value::Object(Rc::new(Object {
        kind,
        type_name,
        fields: fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        display,
    }))
}
