//! Go's `fmt` as OPA's `sprintf` uses it, and Go's `%q` quoting. regorus' own `sprintf`
//! fails on missing arguments and ignores flags (`%-10s`); real policies rely on OPA's
//! behaviour (`%!v(MISSING)`, padding, `%.2f`), and conftest's outputs use Go quoting.

use regorus::Value;

/// An argument as OPA hands it to Go's fmt: integers, floats, or strings (every other
/// Rego value is passed as its Rego text, e.g. `["a", "b"]`, `true`, `null`).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(i128),
    Float(f64),
    Str(String),
}

impl Arg {
    pub fn from_value(v: &Value) -> Arg {
        match v {
            Value::Number(_) => number_arg(v),
            Value::String(s) => Arg::Str(s.to_string()),
            other => Arg::Str(rego_text(other)),
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Arg::Int(_) => "int",
            Arg::Float(_) => "float64",
            Arg::Str(_) => "string",
        }
    }

    fn plain(&self) -> String {
        match self {
            Arg::Int(i) => i.to_string(),
            Arg::Float(f) => format_float_g(*f, None, 21),
            Arg::Str(s) => s.clone(),
        }
    }
}

fn number_arg(v: &Value) -> Arg {
    let text = v.to_json_str().unwrap_or_default();
    let text = text.trim();
    if let Ok(i) = text.parse::<i128>() {
        return Arg::Int(i);
    }
    match text.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 1e18 => Arg::Int(f as i128),
        Ok(f) => Arg::Float(f),
        Err(_) => Arg::Str(text.to_string()),
    }
}

/// A value printed as Rego source text (OPA's `ast.Term.String()`).
pub fn rego_text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(_) => number_arg(v).plain(),
        Value::String(s) => go_quote(s),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(rego_text).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Set(s) => {
            if s.is_empty() {
                return "set()".into();
            }
            let items: Vec<String> = s.iter().map(rego_text).collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Object(o) => {
            let items: Vec<String> =
                o.iter().map(|(k, v)| format!("{}: {}", rego_text(k), rego_text(v))).collect();
            format!("{{{}}}", items.join(", "))
        }
        _ => "undefined".into(),
    }
}

/// Go's `strconv.Quote` (`%q`): double quotes, `\"`, `\\`, `\n`, `\t`, `\x..`/`\u....` escapes.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => {
                let n = c as u32;
                if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"))
                } else {
                    out.push_str(&format!("\\U{n:08x}"))
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Shortest decimal digits and exponent of a finite non-zero `f` (value = 0.d1d2.. × 10^(exp+1)).
fn shortest_digits(f: f64) -> (String, i32) {
    let s = format!("{:e}", f.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp.parse().unwrap_or(0))
}

fn go_exp(e: i32) -> String {
    format!("e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// `%e` with precision `p`.
fn format_float_e(f: f64, p: usize) -> String {
    let s = format!("{:.*e}", p, f);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    format!("{m}{}", go_exp(e.parse().unwrap_or(0)))
}

/// `%g` (and `%v` with `eprec` = 21): shortest representation unless a precision is given.
fn format_float_g(f: f64, prec: Option<usize>, eprec_shortest: i32) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let sign = if f < 0.0 { "-" } else { "" };
    let (digits, exp) = match prec {
        None => shortest_digits(f),
        Some(p) => {
            let p = p.max(1);
            let s = format!("{:.*e}", p - 1, f.abs());
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let mut d: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
            while d.len() > 1 && d.ends_with('0') {
                d.pop();
            }
            (d, e.parse().unwrap_or(0))
        }
    };
    let eprec = match prec {
        None => eprec_shortest,
        Some(p) => {
            let p = p.max(1) as i32;
            if p > digits.len() as i32 && digits.len() as i32 > exp { digits.len() as i32 } else { p }
        }
    };
    if exp < -4 || exp >= eprec {
        let mut m = digits[..1].to_string();
        if digits.len() > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        return format!("{sign}{m}{}", go_exp(exp));
    }
    let point = exp + 1; // digits before the decimal point
    let body = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}", digits, "0".repeat(point as usize - digits.len()))
    } else {
        format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
    };
    format!("{sign}{body}")
}

#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

fn pad(spec: &Spec, s: String, numeric: bool) -> String {
    let len = s.chars().count();
    let Some(w) = spec.width else { return s };
    if len >= w {
        return s;
    }
    let fill = w - len;
    if spec.minus {
        format!("{s}{}", " ".repeat(fill))
    } else if spec.zero && numeric {
        let (sign, rest) = match s.chars().next() {
            Some(c @ ('-' | '+' | ' ')) => (c.to_string(), s[1..].to_string()),
            _ => (String::new(), s),
        };
        format!("{sign}{}{rest}", "0".repeat(fill))
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

fn signed(spec: &Spec, neg: bool, body: String) -> String {
    if neg {
        format!("-{body}")
    } else if spec.plus {
        format!("+{body}")
    } else if spec.space {
        format!(" {body}")
    } else {
        body
    }
}

fn bad_verb(verb: char, arg: &Arg) -> String {
    format!("%!{verb}({}={})", arg.type_name(), arg.plain())
}

fn format_one(spec: &Spec, verb: char, arg: &Arg) -> String {
    match (verb, arg) {
        ('v' | 's', Arg::Str(s)) => {
            let s = match spec.prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.clone(),
            };
            pad(spec, s, false)
        }
        ('v' | 'd' | 's', Arg::Int(i)) => {
            let mut body = i.unsigned_abs().to_string();
            if let Some(p) = spec.prec
                && body.len() < p
            {
                body = format!("{}{body}", "0".repeat(p - body.len()));
            }
            pad(spec, signed(spec, *i < 0, body), spec.prec.is_none())
        }
        ('v', Arg::Float(f)) => {
            let s = format_float_g(*f, spec.prec, 21);
            let s = if !s.starts_with('-') && spec.plus { format!("+{s}") } else { s };
            pad(spec, s, true)
        }
        ('g' | 'G', Arg::Float(f)) => {
            let s = format_float_g(*f, spec.prec, 6);
            let s = if verb == 'G' { s.to_uppercase() } else { s };
            let s = if !s.starts_with('-') && spec.plus { format!("+{s}") } else { s };
            pad(spec, s, true)
        }
        ('f' | 'F', Arg::Float(f)) => {
            let body = format!("{:.*}", spec.prec.unwrap_or(6), f.abs());
            pad(spec, signed(spec, *f < 0.0, body), true)
        }
        ('e' | 'E', Arg::Float(f)) => {
            let s = format_float_e(f.abs(), spec.prec.unwrap_or(6));
            let s = if verb == 'E' { s.to_uppercase() } else { s };
            pad(spec, signed(spec, *f < 0.0, s), true)
        }
        ('x' | 'X', Arg::Int(i)) => {
            let mut body = format!("{:x}", i.unsigned_abs());
            if spec.sharp {
                body = format!("0x{body}");
            }
            if verb == 'X' {
                body = body.to_uppercase();
            }
            pad(spec, signed(spec, *i < 0, body), true)
        }
        ('x' | 'X', Arg::Str(s)) => {
            let body: String = s.bytes().map(|b| format!("{b:02x}")).collect();
            pad(spec, if verb == 'X' { body.to_uppercase() } else { body }, false)
        }
        ('o', Arg::Int(i)) => {
            let body = format!("{:o}", i.unsigned_abs());
            let body = if spec.sharp { format!("0{body}") } else { body };
            pad(spec, signed(spec, *i < 0, body), true)
        }
        ('O', Arg::Int(i)) => pad(spec, signed(spec, *i < 0, format!("0o{:o}", i.unsigned_abs())), true),
        ('b', Arg::Int(i)) => pad(spec, signed(spec, *i < 0, format!("{:b}", i.unsigned_abs())), true),
        ('c', Arg::Int(i)) => pad(spec, char::from_u32(*i as u32).unwrap_or('\u{fffd}').to_string(), false),
        ('q', Arg::Str(s)) => pad(spec, go_quote(s), false),
        ('q', Arg::Int(i)) => {
            pad(spec, format!("'{}'", char::from_u32(*i as u32).unwrap_or('\u{fffd}')), false)
        }
        ('T', a) => pad(spec, a.type_name().to_string(), false),
        _ => bad_verb(verb, arg),
    }
}

/// Go's `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Arg]) -> String {
    let mut out = String::with_capacity(format.len() + 16);
    let mut chars = format.chars().peekable();
    let mut next_arg = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '#' => spec.sharp = true,
                ' ' => spec.space = true,
                '0' => spec.zero = !spec.minus,
                _ => break,
            }
            chars.next();
        }
        let num = |chars: &mut std::iter::Peekable<std::str::Chars>| {
            let mut n: Option<usize> = None;
            while let Some(&d) = chars.peek() {
                if let Some(v) = d.to_digit(10) {
                    n = Some(n.unwrap_or(0) * 10 + v as usize);
                    chars.next();
                } else {
                    break;
                }
            }
            n
        };
        spec.width = num(&mut chars);
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.prec = Some(num(&mut chars).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.get(next_arg) {
            Some(a) => {
                next_arg += 1;
                out.push_str(&format_one(&spec, verb, a));
            }
            None => out.push_str(&format!("%!{verb}(MISSING)")),
        }
    }
    if next_arg < args.len() {
        let extra: Vec<String> =
            args[next_arg..].iter().map(|a| format!("{}={}", a.type_name(), a.plain())).collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Arg {
        Arg::Str(x.into())
    }

    #[test]
    fn go_verbs_and_flags() {
        assert_eq!(sprintf("%s has %d", &[s("pod"), Arg::Int(3)]), "pod has 3");
        assert_eq!(sprintf("[%-5s|%5s]", &[s("ab"), s("cd")]), "[ab   |   cd]");
        assert_eq!(
            sprintf("%05d %x %X %o", &[Arg::Int(-42), Arg::Int(255), Arg::Int(255), Arg::Int(8)]),
            "-0042 ff FF 10"
        );
        assert_eq!(
            sprintf("%.2f %v %v", &[Arg::Float(1.23456), Arg::Float(0.5), Arg::Float(1e21)]),
            "1.23 0.5 1e+21"
        );
        assert_eq!(sprintf("%e %g", &[Arg::Float(1234.5), Arg::Float(0.00001)]), "1.234500e+03 1e-05");
        assert_eq!(sprintf("%q %v", &[s("a\"b"), s("[\"x\"]")]), "\"a\\\"b\" [\"x\"]");
        assert_eq!(sprintf("100%%", &[]), "100%");
        assert_eq!(sprintf("%T %T", &[s("x"), Arg::Float(1.5)]), "string float64");
    }

    #[test]
    fn missing_extra_and_bad_arguments_print_like_go() {
        assert_eq!(sprintf("%s and %v", &[s("a")]), "a and %!v(MISSING)");
        assert_eq!(sprintf("%d", &[]), "%!d(MISSING)");
        assert_eq!(sprintf("x", &[Arg::Int(1)]), "x%!(EXTRA int=1)");
        assert_eq!(sprintf("%d", &[s("a")]), "%!d(string=a)");
        assert_eq!(sprintf("%", &[]), "%!(NOVERB)");
    }

    #[test]
    fn rego_values_are_passed_as_rego_text() {
        let v = Value::from_json_str(r#"{"a": [1, "x", null, true]}"#).unwrap();
        assert_eq!(Arg::from_value(&v), s(r#"{"a": [1, "x", null, true]}"#));
        assert_eq!(Arg::from_value(&Value::from(2.0)), Arg::Int(2));
        assert_eq!(Arg::from_value(&Value::from(2.5)), Arg::Float(2.5));
    }
}
