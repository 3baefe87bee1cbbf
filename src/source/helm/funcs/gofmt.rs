//! Go's `fmt.Sprintf` verbs (`%s %d %v %q %t %f %e %g %x %X %o %b %c %U %%`, flags, width,
//! precision) and `strconv.Quote`, because `printf` output must match Go's byte for byte.

use crate::source::helm::template::value::{Value, format_float_g};

/// Go's `fmt.Sprint`: spaces between operands when neither side is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !matches!(a, Value::Str(_)) && !matches!(args[i - 1], Value::Str(_)) {
            out.push(' ');
        }
        a.write_go(&mut out, true);
    }
    out
}

/// Go's `fmt.Sprintln`: always spaces, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        a.write_go(&mut out, true);
    }
    out.push('\n');
    out
}

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut argi = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut sp = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => sp.minus = true,
                '+' => sp.plus = true,
                '#' => sp.sharp = true,
                ' ' => sp.space = true,
                '0' => sp.zero = true,
                _ => break,
            }
            chars.next();
        }
        let num = |chars: &mut std::iter::Peekable<std::str::Chars>, argi: &mut usize| -> Option<usize> {
            if chars.peek() == Some(&'*') {
                chars.next();
                let v = args.get(*argi).and_then(|a| match a {
                    Value::Int(i) | Value::Int64(i) => Some(*i as usize),
                    _ => None,
                });
                *argi += 1;
                return v;
            }
            let mut n = None;
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
        sp.width = num(&mut chars, &mut argi);
        if chars.peek() == Some(&'.') {
            chars.next();
            sp.prec = Some(num(&mut chars, &mut argi).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(argi) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        argi += 1;
        format_one(&mut out, verb, sp, arg);
    }
    if argi < args.len() {
        out.push_str("%!(EXTRA ");
        for (i, a) in args[argi..].iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(a.type_name());
            out.push('=');
            a.write_go(&mut out, true);
        }
        out.push(')');
    }
    out
}

fn pad(out: &mut String, s: &str, sp: Spec, numeric: bool) {
    let len = s.chars().count();
    let w = sp.width.unwrap_or(0);
    if len >= w {
        out.push_str(s);
        return;
    }
    let fill = w - len;
    if sp.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if sp.zero && numeric {
        let (sign, rest) = match s.chars().next() {
            Some(c @ ('-' | '+')) => (Some(c), &s[1..]),
            _ => (None, s),
        };
        if let Some(c) = sign {
            out.push(c);
        }
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(rest);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(s);
    }
}

fn bad(out: &mut String, verb: char, arg: &Value) {
    out.push_str(&format!("%!{verb}("));
    if arg.is_nil() {
        out.push_str("<nil>");
    } else {
        out.push_str(arg.type_name());
        out.push('=');
        arg.write_go(out, true);
    }
    out.push(')');
}

fn format_one(out: &mut String, verb: char, sp: Spec, arg: &Value) {
    match arg {
        Value::List(items) if verb != 'v' && verb != 'T' => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                format_one(out, verb, sp, v);
            }
            out.push(']');
            return;
        }
        Value::Map(m) if verb != 'v' && verb != 'T' => {
            out.push_str("map[");
            for (i, (k, v)) in m.borrow().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                format_one(out, verb, sp, &Value::str(k));
                out.push(':');
                format_one(out, verb, sp, v);
            }
            out.push(']');
            return;
        }
        _ => {}
    }
    match verb {
        'T' => pad(out, arg.type_name(), sp, false),
        'v' => match arg {
            Value::Str(s) if sp.sharp => pad(out, &quote(s), sp, false),
            Value::Int(_) | Value::Int64(_) | Value::Float(_) => {
                format_number(out, 'v', sp, arg);
            }
            _ => pad(out, &arg.to_go_string(), sp, false),
        },
        's' => match arg {
            Value::Str(s) => {
                let s: String = match sp.prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s.to_string(),
                };
                pad(out, &s, sp, false)
            }
            Value::Object(o) => pad(out, &o.display, sp, false),
            _ => bad(out, verb, arg),
        },
        'q' => match arg {
            Value::Str(s) => {
                let q = if sp.sharp && !s.contains('`') { format!("`{s}`") } else { quote(s) };
                pad(out, &q, sp, false)
            }
            Value::Int(i) | Value::Int64(i) => {
                let c = char::from_u32(*i as u32).unwrap_or('\u{FFFD}');
                pad(out, &quote_rune(c), sp, false)
            }
            _ => bad(out, verb, arg),
        },
        't' => match arg {
            Value::Bool(b) => pad(out, if *b { "true" } else { "false" }, sp, false),
            _ => bad(out, verb, arg),
        },
        'x' | 'X' if matches!(arg, Value::Str(_)) => {
            let s = arg.as_str().unwrap_or("");
            let mut h = String::new();
            for b in s.bytes() {
                if verb == 'x' {
                    h.push_str(&format!("{b:02x}"));
                } else {
                    h.push_str(&format!("{b:02X}"));
                }
            }
            pad(out, &h, sp, false)
        }
        'd' | 'x' | 'X' | 'o' | 'O' | 'b' | 'c' | 'U' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => match arg {
            Value::Int(_) | Value::Int64(_) | Value::Float(_) => format_number(out, verb, sp, arg),
            _ => bad(out, verb, arg),
        },
        _ => bad(out, verb, arg),
    }
}

fn format_number(out: &mut String, verb: char, sp: Spec, arg: &Value) {
    let sign = |neg: bool| -> &'static str {
        if neg {
            "-"
        } else if sp.plus {
            "+"
        } else if sp.space {
            " "
        } else {
            ""
        }
    };
    match arg {
        Value::Int(i) | Value::Int64(i) => {
            let neg = *i < 0;
            let u = i.unsigned_abs();
            let body = match verb {
                'd' | 'v' => u.to_string(),
                'x' => format!("{}{:x}", if sp.sharp { "0x" } else { "" }, u),
                'X' => format!("{}{:X}", if sp.sharp { "0X" } else { "" }, u),
                'o' => format!("{}{:o}", if sp.sharp { "0" } else { "" }, u),
                'O' => format!("0o{u:o}"),
                'b' => format!("{u:b}"),
                'c' => {
                    let c = char::from_u32(*i as u32).unwrap_or('\u{FFFD}');
                    return pad(out, &c.to_string(), sp, false);
                }
                'U' => return pad(out, &format!("U+{u:04X}"), sp, false),
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    out.push_str(&format!("%!{verb}({}={i})", arg.type_name()));
                    return;
                }
                _ => u.to_string(),
            };
            let body = match sp.prec {
                Some(p) if body.len() < p => format!("{}{}", "0".repeat(p - body.len()), body),
                _ => body,
            };
            pad(out, &format!("{}{}", sign(neg), body), sp, true)
        }
        Value::Float(f) => {
            let neg = f.is_sign_negative() && *f != 0.0 || (*f == 0.0 && f.is_sign_negative());
            let a = f.abs();
            let body = match verb {
                'v' | 'g' | 'G' => match sp.prec {
                    None => format_float_g(a),
                    Some(p) => format_g_prec(a, p.max(1)),
                },
                'f' | 'F' => format!("{:.*}", sp.prec.unwrap_or(6), a),
                'e' | 'E' => {
                    let s = format_e(a, sp.prec.unwrap_or(6));
                    if verb == 'E' { s.to_uppercase() } else { s }
                }
                _ => {
                    out.push_str(&format!("%!{verb}(float64={})", format_float_g(*f)));
                    return;
                }
            };
            if f.is_nan() {
                return pad(out, "NaN", sp, false);
            }
            pad(out, &format!("{}{}", sign(neg), body), sp, true)
        }
        _ => {}
    }
}

/// `%e` with a precision: mantissa digits and a two-digit exponent.
fn format_e(a: f64, prec: usize) -> String {
    let s = format!("{:.*e}", prec, a);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{}e{}{:02}", m, if e < 0 { '-' } else { '+' }, e.abs())
}

fn format_g_prec(a: f64, p: usize) -> String {
    if a == 0.0 {
        return "0".into();
    }
    let e = format!("{:.*e}", p - 1, a);
    let (m, x) = e.split_once('e').unwrap_or((&e, "0"));
    let x: i32 = x.parse().unwrap_or(0);
    if x < -4 || x >= p as i32 {
        let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
        format!("{}e{}{:02}", m, if x < 0 { '-' } else { '+' }, x.abs())
    } else {
        let decimals = (p as i32 - 1 - x).max(0) as usize;
        let s = format!("{:.*}", decimals, a);
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
    }
}

/// Go's `strconv.Quote`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        quote_char(&mut out, c, '"');
    }
    out.push('"');
    out
}

fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    quote_char(&mut out, c, '\'');
    out.push('\'');
    out
}

fn quote_char(out: &mut String, c: char, q: char) {
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        c if c == q => {
            out.push('\\');
            out.push(c);
        }
        '\u{FFFD}' => out.push('\u{FFFD}'),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if is_go_printable(c) => out.push(c),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

fn is_go_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    // An approximation of unicode.IsPrint: not a control, not a separator other than space.
    !(c.is_control()
        || (0x2028..=0x2029).contains(&u)
        || u == 0x85
        || u == 0xa0
        || u == 0xad
        || (0xfff9..=0xfffb).contains(&u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_matches_go() {
        let s = |f: &str, a: Vec<Value>| sprintf(f, &a);
        assert_eq!(s("%s-%d", vec![Value::str("a"), Value::Int(3)]), "a-3");
        assert_eq!(
            s("%05d|%-4s|%4s", vec![Value::Int(-42), Value::str("ab"), Value::str("cd")]),
            "-0042|ab  |  cd"
        );
        assert_eq!(s("%v %v", vec![Value::Float(1e6), Value::Float(2.5)]), "1e+06 2.5");
        assert_eq!(s("%.2f", vec![Value::Float(1.23456)]), "1.23");
        assert_eq!(s("%q", vec![Value::str("a\"b\n")]), "\"a\\\"b\\n\"");
        assert_eq!(s("%d", vec![Value::str("x")]), "%!d(string=x)");
        assert_eq!(s("%s %s", vec![Value::str("x")]), "x %!s(MISSING)");
        assert_eq!(s("%s", vec![Value::str("x"), Value::Int(1)]), "x%!(EXTRA int=1)");
        assert_eq!(s("%s", vec![Value::list(vec![Value::str("a"), Value::str("b")])]), "[a b]");
        assert_eq!(s("%x %X %o %%", vec![Value::Int(255), Value::Int(255), Value::Int(8)]), "ff FF 10 %");
        assert_eq!(s("%s", vec![Value::Nil]), "%!s(<nil>)");
        assert_eq!(s("%v", vec![Value::Nil]), "<nil>");
        assert_eq!(s("%t", vec![Value::Bool(true)]), "true");
        assert_eq!(s("%g", vec![Value::Float(100000000.0)]), "1e+08");
    }

    #[test]
    fn sprint_spaces_like_go() {
        assert_eq!(sprint(&[Value::str("a"), Value::Int(1), Value::Int(2), Value::str("b")]), "a1 2b");
        assert_eq!(sprintln(&[Value::str("a"), Value::Int(1)]), "a 1\n");
    }
}
