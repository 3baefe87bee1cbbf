//! The parser of Go's text/template: turns the lexer's tokens into the tree the executor
//! walks (actions, `if`/`range`/`with` with their `else` branches, `define`/`template`/
//! `block`, pipelines with declarations), with Go's checks and error wording.

use std::rc::Rc;

use super::lex::{Tok, Token, lex};

pub type List = Vec<Node>;

#[derive(Debug, Clone)]
pub enum Node {
    /// Literal text and its byte offset in the template source.
    Text(usize, Rc<str>),
    Action(Pipe),
    If(Box<Control>),
    Range(Box<Control>),
    With(Box<Control>),
    Template {
        pos: usize,
        name: String,
        pipe: Option<Pipe>,
    },
    Break(usize),
    Continue(usize),
}

#[derive(Debug, Clone)]
pub struct Control {
    pub pos: usize,
    pub pipe: Pipe,
    pub list: List,
    pub else_list: Option<List>,
}

#[derive(Debug, Clone)]
pub struct Pipe {
    pub pos: usize,
    pub decl: Vec<String>,
    pub is_assign: bool,
    pub cmds: Vec<Cmd>,
}

#[derive(Debug, Clone)]
pub struct Cmd {
    pub pos: usize,
    pub args: Vec<Arg>,
}

#[derive(Debug, Clone)]
pub enum Arg {
    Field { pos: usize, idents: Vec<String> },
    Variable { pos: usize, name: String, idents: Vec<String> },
    Dot(usize),
    Nil(usize),
    Bool(usize, bool),
    Number { pos: usize, text: String, value: Number },
    Str { pos: usize, quoted: String, text: String },
    Ident { pos: usize, name: String },
    Pipe(Box<Pipe>),
    Chain { pos: usize, node: Box<Arg>, fields: Vec<String> },
}

/// An untyped constant, already given the type Go would pick for an `interface{}` argument.
#[derive(Debug, Clone, Copy)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Variable { pos, .. }
            | Arg::Dot(pos)
            | Arg::Nil(pos)
            | Arg::Bool(pos, _)
            | Arg::Number { pos, .. }
            | Arg::Str { pos, .. }
            | Arg::Ident { pos, .. }
            | Arg::Chain { pos, .. } => *pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Field { idents, .. } => {
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Variable { name, idents, .. } => {
                f.write_str(name)?;
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Number { text, .. } => f.write_str(text),
            Arg::Str { quoted, .. } => f.write_str(quoted),
            Arg::Ident { name, .. } => f.write_str(name),
            Arg::Pipe(p) => write!(f, "({p})"),
            Arg::Chain { node, fields, .. } => {
                write!(f, "{node}")?;
                for i in fields {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::fmt::Display for Cmd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Pipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.decl.is_empty() {
            f.write_str(&self.decl.join(", "))?;
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// One parsed file: its main body and the templates it defines.
#[derive(Debug)]
pub struct Parsed {
    pub root: List,
    pub defines: Vec<(String, List)>,
}

#[derive(Debug, Clone)]
pub struct ParseError {
    pub pos: usize,
    pub message: String,
}

/// 1-based line of a byte offset.
pub fn line_of(src: &str, pos: usize) -> usize {
    1 + src.as_bytes()[..pos.min(src.len())].iter().filter(|&&b| b == b'\n').count()
}

/// Go's `ErrorContext` location: 1-based line, 0-based byte column.
pub fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(src.len());
    let before = &src[..pos];
    let col = match before.rfind('\n') {
        Some(i) => pos - i - 1,
        None => pos,
    };
    (line_of(src, pos), col)
}

/// Parses a template. `is_func` says which identifiers are functions (Go checks this at
/// parse time: `function "x" not defined`).
pub fn parse(src: &str, is_func: &dyn Fn(&str) -> bool) -> Result<Parsed, ParseError> {
    let toks = lex(src).map_err(|e| ParseError { pos: e.pos, message: e.message })?;
    let mut p = Parser {
        depth: 0,
        toks,
        i: 0,
        vars: vec!["$".to_string()],
        range_depth: 0,
        is_func,
        defines: Vec::new(),
    };
    let root = p.top()?;
    Ok(Parsed { root, defines: p.defines })
}

/// Control structures and parentheses nested deeper than this are refused (the parser
/// and executor recurse on them).
pub const MAX_NESTING: usize = 500;

struct Parser<'f> {
    depth: usize,
    toks: Vec<Token>,
    i: usize,
    vars: Vec<String>,
    range_depth: usize,
    is_func: &'f dyn Fn(&str) -> bool,
    defines: Vec<(String, List)>,
}

enum End {
    End(usize),
    Else { pos: usize, chained: bool },
}

impl Parser<'_> {
    fn next(&mut self) -> Token {
        let t = self.toks[self.i.min(self.toks.len() - 1)].clone();
        if self.i < self.toks.len() {
            self.i += 1;
        }
        t
    }
    fn peek(&self) -> &Token {
        &self.toks[self.i.min(self.toks.len() - 1)]
    }
    fn next_non_space(&mut self) -> Token {
        loop {
            let t = self.next();
            if t.tok != Tok::Space {
                return t;
            }
        }
    }
    fn peek_non_space(&mut self) -> Token {
        let save = self.i;
        let t = self.next_non_space();
        self.i = save;
        t
    }
    fn err<T>(&self, pos: usize, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError { pos, message: message.into() })
    }
    fn unexpected<T>(&self, t: &Token, context: &str) -> Result<T, ParseError> {
        self.err(t.pos, format!("unexpected {} in {context}", describe(t)))
    }

    fn top(&mut self) -> Result<List, ParseError> {
        let mut list = Vec::new();
        loop {
            let t = self.peek().clone();
            match t.tok {
                Tok::Eof => return Ok(list),
                Tok::LeftDelim => {
                    self.next();
                    let n = self.peek_non_space();
                    if n.tok == Tok::Define {
                        self.next_non_space();
                        self.definition(n.pos)?;
                        continue;
                    }
                    match self.action()? {
                        Ok(Some(node)) => list.push(node),
                        Ok(None) => {}
                        Err(end) => {
                            let pos = match end {
                                End::End(p) | End::Else { pos: p, .. } => p,
                            };
                            let what = if matches!(end, End::End(_)) { "{{end}}" } else { "{{else}}" };
                            return self.err(pos, format!("unexpected {what}"));
                        }
                    }
                }
                Tok::Text => {
                    self.next();
                    list.push(Node::Text(t.pos, Rc::from(t.text.as_str())));
                }
                _ => return self.unexpected(&t, "input"),
            }
        }
    }

    fn definition(&mut self, pos: usize) -> Result<(), ParseError> {
        let name_tok = self.next_non_space();
        let name = match name_tok.tok {
            Tok::Str | Tok::RawStr => {
                unquote(&name_tok.text).map_err(|m| ParseError { pos: name_tok.pos, message: m })?
            }
            _ => return self.unexpected(&name_tok, "define clause"),
        };
        let t = self.next_non_space();
        if t.tok != Tok::RightDelim {
            return self.unexpected(&t, "define clause");
        }
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, end) = self.item_list()?;
        self.vars = saved_vars;
        if let End::Else { pos, .. } = end {
            return self.err(pos, "unexpected {{else}} in define clause");
        }
        let _ = pos;
        self.defines.push((name, list));
        Ok(())
    }

    /// Parses nodes until `{{end}}` or `{{else}}`.
    fn item_list(&mut self) -> Result<(List, End), ParseError> {
        let mut list = Vec::new();
        loop {
            let t = self.peek().clone();
            match t.tok {
                Tok::Eof => return self.err(t.pos, "unexpected EOF"),
                Tok::Text => {
                    self.next();
                    list.push(Node::Text(t.pos, Rc::from(t.text.as_str())));
                }
                Tok::LeftDelim => {
                    self.next();
                    let n = self.peek_non_space();
                    if n.tok == Tok::Define {
                        return self.err(n.pos, "unexpected <define> in command");
                    }
                    match self.action()? {
                        Ok(Some(node)) => list.push(node),
                        Ok(None) => {}
                        Err(end) => return Ok((list, end)),
                    }
                }
                _ => return self.unexpected(&t, "input"),
            }
        }
    }

    /// One action after its `{{`. `Err(End)` reports `{{end}}`/`{{else}}` to the caller.
    #[allow(clippy::type_complexity)]
    fn action(&mut self) -> Result<Result<Option<Node>, End>, ParseError> {
        let t = self.next_non_space();
        match t.tok {
            Tok::Block => return self.block(t.pos).map(|n| Ok(Some(n))),
            Tok::Break | Tok::Continue => {
                let r = self.next_non_space();
                if r.tok != Tok::RightDelim {
                    return self.unexpected(&r, &format!("{{{{{}}}}}", t.text));
                }
                if self.range_depth == 0 {
                    return self.err(t.pos, format!("{{{{{}}}}} outside {{{{range}}}}", t.text));
                }
                return Ok(Ok(Some(if t.tok == Tok::Break {
                    Node::Break(t.pos)
                } else {
                    Node::Continue(t.pos)
                })));
            }
            Tok::Else => {
                let n = self.peek_non_space();
                if n.tok == Tok::If || n.tok == Tok::With {
                    return Ok(Err(End::Else { pos: n.pos, chained: true }));
                }
                let r = self.next_non_space();
                if r.tok != Tok::RightDelim {
                    return self.unexpected(&r, "else");
                }
                return Ok(Err(End::Else { pos: t.pos, chained: false }));
            }
            Tok::End => {
                let r = self.next_non_space();
                if r.tok != Tok::RightDelim {
                    return self.unexpected(&r, "end");
                }
                return Ok(Err(End::End(t.pos)));
            }
            Tok::If => {
                return self.control(t.pos, "if").map(|c| Ok(Some(Node::If(Box::new(c)))));
            }
            Tok::Range => {
                return self.control(t.pos, "range").map(|c| Ok(Some(Node::Range(Box::new(c)))));
            }
            Tok::With => {
                return self.control(t.pos, "with").map(|c| Ok(Some(Node::With(Box::new(c)))));
            }
            Tok::Template => return self.template_call(t.pos, "template").map(|n| Ok(Some(n))),
            _ => {}
        }
        self.i -= 1;
        let pipe = self.pipeline("command", Tok::RightDelim)?;
        Ok(Ok(Some(Node::Action(pipe))))
    }

    fn template_call(&mut self, pos: usize, context: &str) -> Result<Node, ParseError> {
        let name_tok = self.next_non_space();
        let name = match name_tok.tok {
            Tok::Str | Tok::RawStr => {
                unquote(&name_tok.text).map_err(|m| ParseError { pos: name_tok.pos, message: m })?
            }
            _ => return self.unexpected(&name_tok, &format!("{context} clause")),
        };
        let pipe = if self.peek_non_space().tok != Tok::RightDelim {
            Some(self.pipeline(context, Tok::RightDelim)?)
        } else {
            self.next_non_space();
            None
        };
        let _ = pos;
        Ok(Node::Template { pos: name_tok.pos, name, pipe })
    }

    fn block(&mut self, pos: usize) -> Result<Node, ParseError> {
        let name_tok = self.next_non_space();
        let name = match name_tok.tok {
            Tok::Str | Tok::RawStr => {
                unquote(&name_tok.text).map_err(|m| ParseError { pos: name_tok.pos, message: m })?
            }
            _ => return self.unexpected(&name_tok, "block clause"),
        };
        let pipe = if self.peek_non_space().tok != Tok::RightDelim {
            Some(self.pipeline("block", Tok::RightDelim)?)
        } else {
            self.next_non_space();
            None
        };
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, end) = self.item_list()?;
        self.vars = saved_vars;
        if let End::Else { pos, .. } = end {
            return self.err(pos, "unexpected {{else}} in block clause");
        }
        self.defines.push((name.clone(), list));
        Ok(Node::Template { pos, name, pipe })
    }

    fn control(&mut self, pos: usize, context: &str) -> Result<Control, ParseError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.err(pos, format!("{context} nested more than {MAX_NESTING} levels deep"));
        }
        let r = self.control_inner(pos, context);
        self.depth -= 1;
        r
    }

    fn control_inner(&mut self, pos: usize, context: &str) -> Result<Control, ParseError> {
        let nvars = self.vars.len();
        let pipe = self.pipeline(context, Tok::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, end) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        if let End::Else { pos: epos, chained } = end {
            if chained && context != "range" {
                // `{{else if ...}}` / `{{else with ...}}`: a nested control needing one {{end}}.
                let kw = self.next_non_space();
                let inner_ctx = if kw.tok == Tok::If { "if" } else { "with" };
                if (inner_ctx == "with") != (context == "with") && inner_ctx == "with" {
                    return self.err(kw.pos, "unexpected with in if");
                }
                let inner = self.control(epos, inner_ctx)?;
                let node =
                    if kw.tok == Tok::If { Node::If(Box::new(inner)) } else { Node::With(Box::new(inner)) };
                else_list = Some(vec![node]);
            } else {
                if chained {
                    return self.err(epos, "range can't have else if");
                }
                let (l, e) = self.item_list()?;
                if let End::Else { pos, .. } = e {
                    return self.err(pos, "expected end; found {{else}}");
                }
                else_list = Some(l);
            }
        }
        self.vars.truncate(nvars);
        Ok(Control { pos, pipe, list, else_list })
    }

    fn pipeline(&mut self, context: &str, end: Tok) -> Result<Pipe, ParseError> {
        let start = self.peek_non_space().pos;
        let mut pipe = Pipe { pos: start, decl: Vec::new(), is_assign: false, cmds: Vec::new() };
        // Declarations.
        loop {
            let v = self.peek_non_space();
            if v.tok != Tok::Variable {
                break;
            }
            let save = self.i;
            self.next_non_space();
            let n = self.peek_non_space();
            match n.tok {
                Tok::Assign | Tok::Declare => {
                    self.next_non_space();
                    pipe.is_assign = n.tok == Tok::Assign;
                    if pipe.is_assign && !self.vars.contains(&v.text) {
                        return self.err(v.pos, format!("undefined variable {:?}", v.text));
                    }
                    pipe.decl.push(v.text.clone());
                    self.vars.push(v.text.clone());
                    break;
                }
                Tok::Comma => {
                    self.next_non_space();
                    pipe.decl.push(v.text.clone());
                    self.vars.push(v.text.clone());
                    if context == "range" && pipe.decl.len() < 2 {
                        let nn = self.peek_non_space();
                        if matches!(nn.tok, Tok::Variable | Tok::RightDelim | Tok::RightParen) {
                            continue;
                        }
                        return self.err(nn.pos, "range can only initialize variables");
                    }
                    return self.err(v.pos, format!("too many declarations in {context}"));
                }
                _ => {
                    self.i = save;
                    break;
                }
            }
        }
        loop {
            let t = self.next_non_space();
            if t.tok == end {
                if pipe.cmds.is_empty() {
                    return self.err(t.pos, format!("missing value for {context}"));
                }
                for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
                    if matches!(
                        c.args[0],
                        Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number { .. } | Arg::Str { .. }
                    ) {
                        return self
                            .err(c.pos, format!("non executable command in pipeline stage {}", i + 1));
                    }
                }
                return Ok(pipe);
            }
            match t.tok {
                Tok::Bool
                | Tok::Char
                | Tok::Dot
                | Tok::Field
                | Tok::Identifier
                | Tok::Number
                | Tok::Nil
                | Tok::RawStr
                | Tok::Str
                | Tok::Variable
                | Tok::LeftParen => {
                    self.i -= 1;
                    let c = self.command()?;
                    pipe.cmds.push(c);
                }
                _ => return self.unexpected(&t, context),
            }
        }
    }

    fn command(&mut self) -> Result<Cmd, ParseError> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Cmd { pos, args: Vec::new() };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let t = self.next();
            match t.tok {
                Tok::Space => continue,
                Tok::RightDelim | Tok::RightParen => {
                    self.i -= 1;
                }
                Tok::Pipe => {}
                _ => return self.err(t.pos, format!("unexpected {} in operand", describe(&t))),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.err(pos, "empty command");
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> Result<Option<Arg>, ParseError> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().tok != Tok::Field {
            return Ok(Some(node));
        }
        let mut fields = Vec::new();
        let chain_pos = self.peek().pos;
        while self.peek().tok == Tok::Field {
            fields.push(self.next().text[1..].to_string());
        }
        let pos = node.pos();
        Ok(Some(match node {
            Arg::Field { mut idents, .. } => {
                idents.extend(fields);
                Arg::Field { pos: chain_pos, idents }
            }
            Arg::Variable { name, mut idents, .. } => {
                idents.extend(fields);
                Arg::Variable { pos: chain_pos, name, idents }
            }
            Arg::Bool(..) | Arg::Str { .. } | Arg::Number { .. } | Arg::Nil(_) | Arg::Dot(_) => {
                return self.err(pos, format!("unexpected . after term {:?}", node.to_string()));
            }
            other => Arg::Chain { pos, node: Box::new(other), fields },
        }))
    }

    fn term(&mut self) -> Result<Option<Arg>, ParseError> {
        let t = self.next_non_space();
        Ok(Some(match t.tok {
            Tok::Identifier => {
                if !(self.is_func)(&t.text) {
                    return self.err(t.pos, format!("function {:?} not defined", t.text));
                }
                Arg::Ident { pos: t.pos, name: t.text }
            }
            Tok::Dot => Arg::Dot(t.pos),
            Tok::Nil => Arg::Nil(t.pos),
            Tok::Variable => {
                if !self.vars.contains(&t.text) {
                    return self.err(t.pos, format!("undefined variable {:?}", t.text));
                }
                Arg::Variable { pos: t.pos, name: t.text, idents: Vec::new() }
            }
            Tok::Field => Arg::Field { pos: t.pos, idents: vec![t.text[1..].to_string()] },
            Tok::Bool => Arg::Bool(t.pos, t.text == "true"),
            Tok::Number | Tok::Char => {
                let value = parse_number(&t.text, t.tok == Tok::Char)
                    .map_err(|m| ParseError { pos: t.pos, message: m })?;
                Arg::Number { pos: t.pos, text: t.text, value }
            }
            Tok::LeftParen => {
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return self
                        .err(t.pos, format!("parentheses nested more than {MAX_NESTING} levels deep"));
                }
                let p = self.pipeline("parenthesized pipeline", Tok::RightParen);
                self.depth -= 1;
                let p = p?;
                Arg::Pipe(Box::new(p))
            }
            Tok::Str | Tok::RawStr => {
                let text = unquote(&t.text).map_err(|m| ParseError { pos: t.pos, message: m })?;
                Arg::Str { pos: t.pos, quoted: t.text, text }
            }
            _ => {
                self.i -= 1;
                return Ok(None);
            }
        }))
    }
}

fn describe(t: &Token) -> String {
    match t.tok {
        Tok::Eof => "EOF".into(),
        Tok::RightDelim => "\"}}\"".into(),
        Tok::LeftDelim => "\"{{\"".into(),
        Tok::Space => "space".into(),
        Tok::Block
        | Tok::Break
        | Tok::Continue
        | Tok::Define
        | Tok::Else
        | Tok::End
        | Tok::If
        | Tok::Range
        | Tok::Template
        | Tok::With => format!("<{}>", t.text),
        _ => format!("{:?}", t.text),
    }
}

fn parse_number(text: &str, is_char: bool) -> Result<Number, String> {
    if is_char {
        let s = unquote_char(text).ok_or_else(|| format!("malformed character constant: {text}"))?;
        return Ok(Number::Int(s as i64));
    }
    if text.ends_with('i') {
        return Err(format!("complex numbers are not supported: {text}"));
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    let lower = body.to_ascii_lowercase();
    let int = if let Some(h) = lower.strip_prefix("0x") {
        if h.contains('p') || h.contains('.') { None } else { i64::from_str_radix(h, 16).ok() }
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|b| b.is_ascii_digit()) {
        i64::from_str_radix(&lower[1..], 8).ok()
    } else if lower.bytes().all(|b| b.is_ascii_digit()) {
        match lower.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => return Err(format!("{text} overflows int")),
        }
    } else {
        None
    };
    if let Some(i) = int {
        return Ok(Number::Int(if neg { -i } else { i }));
    }
    if lower.starts_with("0x") {
        return Err(format!("hex floats are not supported: {text}"));
    }
    match lower.parse::<f64>() {
        Ok(f) => {
            // An integral float constant without '.', 'e' is an int in Go; with them a float64.
            Ok(Number::Float(if neg { -f } else { f }))
        }
        Err(_) => Err(format!("illegal number syntax: {text:?}")),
    }
}

/// Go's `strconv.Unquote` for the string forms templates allow.
pub fn unquote(s: &str) -> Result<String, String> {
    if let Some(raw) = s.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return Ok(raw.replace('\r', ""));
    }
    let inner =
        s.strip_prefix('"').and_then(|r| r.strip_suffix('"')).ok_or_else(|| "invalid syntax".to_string())?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next().ok_or("invalid syntax")?;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => return Err("invalid syntax".into()),
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = (0..n).filter_map(|_| chars.next()).collect();
                let v = u32::from_str_radix(&hex, 16).map_err(|_| "invalid syntax")?;
                if e == 'x' {
                    // A byte; only valid UTF-8 sequences survive as text here.
                    out.push(char::from_u32(v).ok_or("invalid syntax")?);
                } else {
                    out.push(char::from_u32(v).ok_or("invalid syntax")?);
                }
            }
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let d = chars.next().and_then(|c| c.to_digit(8)).ok_or("invalid syntax")?;
                    v = v * 8 + d;
                }
                out.push(char::from_u32(v).ok_or("invalid syntax")?);
            }
            _ => return Err("invalid syntax".into()),
        }
    }
    Ok(out)
}

fn unquote_char(s: &str) -> Option<char> {
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    if inner == "\"" {
        return Some('"');
    }
    if inner == "\\'" {
        return Some('\'');
    }
    let q = format!("\"{inner}\"");
    let u = unquote(&q).ok()?;
    let mut it = u.chars();
    let c = it.next()?;
    if it.next().is_some() {
        return None;
    }
    Some(c)
}
