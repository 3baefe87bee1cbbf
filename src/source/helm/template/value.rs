//! The values a template works on, modelled on what Helm hands Go's text/template:
//! `map[string]interface{}` maps (shared and mutable, as `set` and `merge` mutate them),
//! `[]interface{}` lists, float64 numbers from YAML, Go's `int`/`int64`, and a few Go
//! structs with methods (`.Capabilities`, `.Files`). Printing follows Go's `fmt` `%v`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

pub type MapRef = Rc<RefCell<BTreeMap<String, Value>>>;

#[derive(Clone, Debug)]
pub enum Value {
    /// Go's nil interface (also what a missing map key yields under `missingkey=zero`).
    Nil,
    Bool(bool),
    /// Go `int`.
    Int(i64),
    /// Go `int64` (what Sprig's arithmetic returns).
    Int64(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<Vec<Value>>),
    Map(MapRef),
    /// A Go struct or named type with methods.
    Object(Rc<Object>),
}

/// A Go value that is not plain data: fields are read like a struct's, methods are
/// dispatched by the executor on `kind`.
#[derive(Debug)]
pub struct Object {
    pub kind: ObjKind,
    /// The Go type name, for error messages and `typeOf`.
    pub type_name: &'static str,
    pub fields: BTreeMap<String, Value>,
    /// What `%v` prints (Go's `String()` method when the type has one).
    pub display: String,
}

#[derive(Debug, Clone)]
pub enum ObjKind {
    Struct,
    /// chartutil's VersionSet: `.Has "apps/v1"`.
    VersionSet(Vec<String>),
    /// Helm's `files` type: `.Get`, `.Glob`, `.AsConfig`, `.AsSecrets`, `.Lines`.
    Files(Rc<BTreeMap<String, Vec<u8>>>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }
    pub fn string(s: String) -> Value {
        Value::Str(Rc::from(s))
    }
    pub fn list(v: Vec<Value>) -> Value {
        Value::List(Rc::new(v))
    }
    pub fn map(m: BTreeMap<String, Value>) -> Value {
        Value::Map(Rc::new(RefCell::new(m)))
    }
    pub fn empty_map() -> Value {
        Value::map(BTreeMap::new())
    }

    /// Go's type name as `%T` / Sprig's `typeOf` print it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
            Value::Object(o) => o.type_name,
        }
    }

    /// Go's reflect kind name, as Sprig's `kindOf` / `kindIs` use it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => match o.kind {
                ObjKind::VersionSet(_) => "slice",
                ObjKind::Files(_) => "map",
                ObjKind::Struct => "ptr",
            },
        }
    }

    /// Go template truthiness (`if`, `with`, `and`, `or`, `not`).
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.borrow().is_empty(),
            Value::Object(o) => match &o.kind {
                ObjKind::VersionSet(v) => !v.is_empty(),
                ObjKind::Files(f) => !f.is_empty(),
                ObjKind::Struct => true,
            },
        }
    }

    /// Sprig's `empty`.
    pub fn is_empty(&self) -> bool {
        !self.truthy()
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Go's `fmt.Sprint(v)` (`%v`).
    pub fn to_go_string(&self) -> String {
        let mut s = String::new();
        self.write_go(&mut s, true);
        s
    }

    /// Writes `%v`. `top` is false inside containers (where nil prints `<nil>` too; kept for
    /// symmetry with Go, which prints the same at both levels).
    pub fn write_go(&self, out: &mut String, top: bool) {
        match self {
            Value::Nil => out.push_str("<nil>"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) | Value::Int64(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => out.push_str(&format_float_g(*f)),
            Value::Str(s) => out.push_str(s),
            Value::List(l) => {
                out.push('[');
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    v.write_go(out, false);
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push_str("map[");
                for (i, (k, v)) in m.borrow().iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write_go(out, false);
                }
                out.push(']');
            }
            Value::Object(o) => {
                if top || !o.display.starts_with('&') {
                    out.push_str(&o.display)
                } else {
                    out.push_str(&o.display[1..])
                }
            }
        }
    }

    /// A deep copy (Sprig's `deepCopy`): maps and lists are duplicated.
    pub fn deep_copy(&self) -> Value {
        match self {
            Value::List(l) => Value::list(l.iter().map(Value::deep_copy).collect()),
            Value::Map(m) => Value::map(m.borrow().iter().map(|(k, v)| (k.clone(), v.deep_copy())).collect()),
            other => other.clone(),
        }
    }

    /// Field or key lookup on a map (None when `self` is not a map).
    pub fn get(&self, key: &str) -> Option<Value> {
        match self {
            Value::Map(m) => Some(m.borrow().get(key).cloned().unwrap_or(Value::Nil)),
            _ => None,
        }
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` as `%v` prints a float64.
pub fn format_float_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    // Shortest round-trip digits and exponent from Rust's `{:e}`.
    let sci = format!("{:e}", f.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let nd = digits.len() as i32;
    let dp = exp + 1;
    let mut eprec = 6;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    if exp < -4 || exp >= eprec {
        out.push_str(&digits[..1]);
        if nd > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let _ = write!(out, "{:02}", exp.abs());
    } else if dp <= 0 {
        out.push_str("0.");
        for _ in 0..(-dp) {
            out.push('0');
        }
        out.push_str(&digits);
    } else if dp >= nd {
        out.push_str(&digits);
        for _ in 0..(dp - nd) {
            out.push('0');
        }
    } else {
        out.push_str(&digits[..dp as usize]);
        out.push('.');
        out.push_str(&digits[dp as usize..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_go_v() {
        for (f, want) in [
            (1e6, "1e+06"),
            (100000.0, "100000"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (3.5, "3.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.0, "-2"),
            (1.5e300, "1.5e+300"),
            (0.1, "0.1"),
            (8080.0, "8080"),
        ] {
            assert_eq!(format_float_g(f), want, "{f}");
        }
    }

    #[test]
    fn containers_print_like_go() {
        let mut m = BTreeMap::new();
        m.insert("b".to_string(), Value::Float(2.0));
        m.insert("a".to_string(), Value::list(vec![Value::str("x"), Value::Nil]));
        assert_eq!(Value::map(m).to_go_string(), "map[a:[x <nil>] b:2]");
    }

    #[test]
    fn truthiness_follows_go() {
        assert!(!Value::Nil.truthy());
        assert!(!Value::Float(0.0).truthy());
        assert!(!Value::str("").truthy());
        assert!(!Value::empty_map().truthy());
        assert!(Value::list(vec![Value::Nil]).truthy());
        assert!(Value::Int(-1).truthy());
    }
}
