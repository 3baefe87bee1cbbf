//! The scalar resolution rules of the two go-yaml versions kustomize goes through.
//!
//! kustomize reads files with go-yaml v3 (YAML 1.2-ish: `yes` is a string, `0644` still octal)
//! and prints with go-yaml v2 (YAML 1.1: `yes`/`on`/`y` are booleans), which is why a string
//! `"yes"` read as a string comes out double-quoted. Both rule sets live here.

use crate::source::yaml::go_numbers::{go_parse_int, go_parse_uint, yaml_style_float};

use serde_json::{Number, Value};

/// True when go-yaml v2 would read `s`, written plain, back as a string (so it may be
/// emitted unquoted): `resolve("", s) == !!str && !isBase60Float(s)`.
pub fn plain_is_string(s: &str) -> bool {
    if v2_resolves_to_non_string(s) {
        return false;
    }
    !is_base60_float(s)
}

fn v2_resolves_to_non_string(s: &str) -> bool {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" | "n" | "N"
        | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" | "" | "~" | "null"
        | "Null" | "NULL" | ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf"
        | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | "<<" => return true,
        _ => {}
    }
    numeric_or_timestamp(s, true).is_some()
}

/// Shared numeric resolution of go-yaml v2/v3 for plain scalars starting with a digit, a sign
/// or a dot. Returns the JSON value the scalar decodes to (timestamps give their text).
fn numeric_or_timestamp(s: &str, timestamps: bool) -> Option<Value> {
    let first = *s.as_bytes().first()?;
    match first {
        b'.' => {
            if go_float_syntax(s) {
                return s.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number);
            }
            None
        }
        b'+' | b'-' | b'0'..=b'9' => {
            if timestamps && is_timestamp(s) {
                return Some(Value::String(s.to_string()));
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            if let Some(i) = go_parse_int(&plain) {
                return Some(Value::Number(i.into()));
            }
            if let Some(u) = go_parse_uint(&plain) {
                return Some(Value::Number(u.into()));
            }
            if yaml_style_float(&plain) {
                return plain.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number);
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                return i64::from_str_radix(rest, 2).ok().map(|i| Value::Number(i.into()));
            }
            if let Some(rest) = plain.strip_prefix("-0b") {
                return i64::from_str_radix(rest, 2).ok().map(|i| Value::Number((-i).into()));
            }
            None
        }
        _ => None,
    }
}

/// go-yaml v3's decoding of an untagged plain scalar into a JSON value (what kustomize's
/// `RNode.MarshalJSON` produces from it).
pub fn v3_plain_value(s: &str) -> Value {
    match s {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        // NaN and infinities cannot be JSON: kustomize fails on them; keep the text.
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf"
        | "-.Inf" | "-.INF" => return Value::String(s.to_string()),
        _ => {}
    }
    if let Some(v) = numeric_or_timestamp(s, true) {
        return v;
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    if let Some(rest) = plain.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(rest, 8)
    {
        return Value::Number(i.into());
    }
    if let Some(rest) = plain.strip_prefix("-0o")
        && let Ok(i) = i64::from_str_radix(rest, 8)
    {
        return Value::Number((-i).into());
    }
    Value::String(s.to_string())
}

fn go_float_syntax(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && s.bytes().any(|b| b.is_ascii_digit())
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !(b[0] == b'+' || b[0] == b'-' || b[0].is_ascii_digit()) || !s.contains(':') {
        return false;
    }
    let mut i = 0;
    if b[0] == b'+' || b[0] == b'-' {
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while i < b.len() && b[i] == b':' {
        i += 1;
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() && i - st < 2 {
            i += 1;
        }
        let n = i - st;
        if n == 0 {
            return false;
        }
        if n == 2 && b[st] > b'5' {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml's `parseTimestamp`: the formats `2006-1-2T15:4:5.999999999Z07:00` (also with a
/// lower-case `t`), `2006-1-2 15:4:5.999999999` and `2006-1-2`, with Go's range checks.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i != 4 || i == b.len() || b[i] != b'-' {
        return false;
    }
    let num = |i: &mut usize, max_digits: usize| -> Option<u32> {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - st < max_digits {
            *i += 1;
        }
        if *i == st { None } else { s[st..*i].parse().ok() }
    };
    let year: u32 = s[..4].parse().unwrap_or(0);
    i += 1;
    let Some(month) = num(&mut i, 2) else { return false };
    if i >= b.len() || b[i] != b'-' {
        return false;
    }
    i += 1;
    let Some(day) = num(&mut i, 2) else { return false };
    if !(1..=12).contains(&month) || day < 1 || day > days_in(year, month) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let sep = b[i];
    if !matches!(sep, b'T' | b't' | b' ') {
        return false;
    }
    i += 1;
    let Some(h) = num(&mut i, 2) else { return false };
    if i >= b.len() || b[i] != b':' {
        return false;
    }
    i += 1;
    let Some(m) = num(&mut i, 2) else { return false };
    if i >= b.len() || b[i] != b':' {
        return false;
    }
    i += 1;
    let Some(sec) = num(&mut i, 2) else { return false };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        let st = i + 1;
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            return false;
        }
    }
    if sep == b' ' {
        return i == b.len();
    }
    // zone: Z or ±hh:mm
    if i < b.len() && b[i] == b'Z' {
        return i + 1 == b.len();
    }
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        let z = &s[i + 1..];
        let zb = z.as_bytes();
        return zb.len() == 5
            && zb[0].is_ascii_digit()
            && zb[1].is_ascii_digit()
            && zb[2] == b':'
            && zb[3].is_ascii_digit()
            && zb[4].is_ascii_digit();
    }
    false
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 => {
            if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) {
                29
            } else {
                28
            }
        }
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_booleans_and_numbers_need_quotes() {
        for s in ["yes", "on", "n", "1.0", "0644", "1e3", "2026-01-11", "12:30", "null", "", "0x1F"] {
            assert!(!plain_is_string(s), "{s}");
        }
        for s in ["podinfo", "v1.2.3", "1.2.3", "http", "#x", "2026-13-01", "1e", "0xZZ"] {
            assert!(plain_is_string(s), "{s}");
        }
    }

    #[test]
    fn v3_reads_yes_as_string_and_octal_as_number() {
        assert_eq!(v3_plain_value("yes"), Value::String("yes".into()));
        assert_eq!(v3_plain_value("0644"), Value::Number(420.into()));
        assert_eq!(v3_plain_value("0o10"), Value::Number(8.into()));
        assert_eq!(v3_plain_value("3"), Value::Number(3.into()));
        assert_eq!(v3_plain_value("~"), Value::Null);
        assert_eq!(v3_plain_value("2001-12-14"), Value::String("2001-12-14".into()));
    }
}
