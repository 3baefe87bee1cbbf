//! Go text/template's builtin functions (`and`/`or` live in the executor because they
//! are lazy): `not len index slice print printf println html js urlquery call` and the
//! comparisons, with Go's type rules (`incompatible types for comparison`).

use super::gofmt::{sprint, sprintf, sprintln};
use super::{want, want_at_least};
use crate::source::helm::template::exec::{FResult, FuncError};
use crate::source::helm::template::value::{ObjKind, Value};

pub fn call(name: &str, args: &[Value]) -> Option<FResult> {
    Some(match name {
        "not" => want(name, args, 1).map(|_| Value::Bool(!args[0].truthy())),
        "len" => want(name, args, 1).and_then(|_| len(&args[0])),
        "index" => want_at_least(name, args, 1).and_then(|_| index(args)),
        "print" => Ok(Value::string(sprint(args))),
        "println" => Ok(Value::string(sprintln(args))),
        "printf" => want_at_least(name, args, 1).and_then(|_| {
            let f = super::arg_str(&args[0])?;
            Ok(Value::string(sprintf(f, &args[1..])))
        }),
        "html" => Ok(Value::string(html_escape(&eval_args(args)))),
        "js" => Ok(Value::string(js_escape(&eval_args(args)))),
        "urlquery" => Ok(Value::string(query_escape(&eval_args(args)))),
        "call" => Err(FuncError::Msg(
            "call of a function value is not supported: templates here hold no functions".into(),
        )),
        "eq" => eq(args).map(Value::Bool),
        "ne" => want(name, args, 2).and_then(|_| eq(args)).map(|b| Value::Bool(!b)),
        "lt" => want(name, args, 2).and_then(|_| lt(&args[0], &args[1])).map(Value::Bool),
        "le" => want(name, args, 2).and_then(|_| Ok(lt(&args[0], &args[1])? || eq(args)?)).map(Value::Bool),
        "gt" => {
            want(name, args, 2).and_then(|_| Ok(!(lt(&args[0], &args[1])? || eq(args)?))).map(Value::Bool)
        }
        "ge" => want(name, args, 2).and_then(|_| lt(&args[0], &args[1])).map(|b| Value::Bool(!b)),
        _ => return None,
    })
}

/// Go's `evalArgs`: a single string argument as is, otherwise `fmt.Sprint`.
fn eval_args(args: &[Value]) -> String {
    if let [Value::Str(s)] = args {
        return s.to_string();
    }
    sprint(args)
}

fn len(v: &Value) -> FResult {
    Ok(Value::Int(match v {
        Value::Str(s) => s.len() as i64,
        Value::List(l) => l.len() as i64,
        Value::Map(m) => m.borrow().len() as i64,
        Value::Object(o) => match &o.kind {
            ObjKind::VersionSet(v) => v.len() as i64,
            ObjKind::Files(f) => f.len() as i64,
            ObjKind::Struct => return Err(FuncError::Msg(format!("len of type {}", o.type_name))),
        },
        Value::Nil => return Err(FuncError::Msg("len of nil pointer".into())),
        other => return Err(FuncError::Msg(format!("len of type {}", other.type_name()))),
    }))
}

fn index_of(v: &Value, len: usize) -> Result<usize, FuncError> {
    let i = match v {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Nil => return Err(FuncError::Msg("cannot index slice/array with nil".into())),
        other => {
            return Err(FuncError::Msg(format!("cannot index slice/array with type {}", other.type_name())));
        }
    };
    if i < 0 || i as usize >= len {
        return Err(FuncError::Msg(format!("index out of range: {i}")));
    }
    Ok(i as usize)
}

fn index(args: &[Value]) -> FResult {
    let mut item = args[0].clone();
    for key in &args[1..] {
        item = match &item {
            Value::List(l) => l[index_of(key, l.len())?].clone(),
            Value::Str(s) => Value::Int(s.as_bytes()[index_of(key, s.len())?] as i64),
            Value::Map(m) => match key {
                Value::Str(k) => m.borrow().get(k.as_ref()).cloned().unwrap_or(Value::Nil),
                Value::Nil => Value::Nil,
                other => {
                    return Err(FuncError::Msg(format!(
                        "value has type {}; should be string",
                        other.type_name()
                    )));
                }
            },
            Value::Nil => return Err(FuncError::Msg("index of untyped nil".into())),
            other => {
                return Err(FuncError::Msg(format!("can't index item of type {}", other.type_name())));
            }
        };
    }
    Ok(item)
}

#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    Str,
    Other,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Nil => Kind::Invalid,
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) | Value::Int64(_) => Kind::Int,
        Value::Float(_) => Kind::Float,
        Value::Str(_) => Kind::Str,
        _ => Kind::Other,
    }
}

/// Go's `eq arg1 arg2...`: true when arg1 equals any of the others.
pub fn eq(args: &[Value]) -> Result<bool, FuncError> {
    if args.len() < 2 {
        return Err(FuncError::Msg("missing argument for comparison".into()));
    }
    let a = &args[0];
    let ka = kind(a);
    for b in &args[1..] {
        let kb = kind(b);
        let truth = if ka != kb {
            if ka != Kind::Invalid && kb != Kind::Invalid {
                return Err(FuncError::Msg(format!(
                    "incompatible types for comparison: {} and {}",
                    a.type_name(),
                    b.type_name()
                )));
            }
            false
        } else {
            match (a, b) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::Str(x), Value::Str(y)) => x == y,
                (Value::Nil, Value::Nil) => true,
                _ => {
                    return Err(FuncError::Msg(format!(
                        "non-comparable type {}: {}",
                        b.to_go_string(),
                        b.type_name()
                    )));
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

pub fn lt(a: &Value, b: &Value) -> Result<bool, FuncError> {
    let (ka, kb) = (kind(a), kind(b));
    if matches!(ka, Kind::Invalid | Kind::Other | Kind::Bool)
        || matches!(kb, Kind::Invalid | Kind::Other | Kind::Bool)
    {
        return Err(FuncError::Msg("invalid type for comparison".into()));
    }
    if ka != kb {
        return Err(FuncError::Msg(format!(
            "incompatible types for comparison: {} and {}",
            a.type_name(),
            b.type_name()
        )));
    }
    Ok(match (a, b) {
        (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Str(x), Value::Str(y)) => x < y,
        _ => false,
    })
}

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

pub fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
