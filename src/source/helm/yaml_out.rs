//! `toYaml` exactly as Helm prints it: sigs.k8s.io/yaml marshals through JSON (so integral
//! floats become ints and keys become strings), then go-yaml v2 emits block YAML. This
//! module ports the parts of go-yaml v2's encoder and libyaml emitter that decide a
//! scalar's style (plain, single, double quoted, literal), its key order, and its line
//! wrapping at 80 columns, so the bytes match Helm's.

use crate::source::yaml::go_numbers::yaml_style_float;

use std::cmp::Ordering;

use crate::source::helm::template::value::{ObjKind, Value, format_float_g};

/// A JSON-normalised value, as go-yaml v2 sees it after the JSON round trip.
enum Y {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

fn normalize(v: &Value) -> Y {
    match v {
        Value::Nil => Y::Null,
        Value::Bool(b) => Y::Bool(*b),
        Value::Int(i) | Value::Int64(i) => Y::Int(*i as i128),
        Value::Float(f) => float_through_json(*f),
        Value::Str(s) => Y::Str(s.to_string()),
        Value::List(l) => Y::Seq(l.iter().map(normalize).collect()),
        Value::Map(m) => {
            let mut entries: Vec<(String, Y)> =
                m.borrow().iter().map(|(k, v)| (k.clone(), normalize(v))).collect();
            entries.sort_by(|a, b| key_order(&a.0, &b.0));
            Y::Map(entries)
        }
        Value::Object(o) => match &o.kind {
            ObjKind::VersionSet(v) => Y::Seq(v.iter().map(|s| Y::Str(s.clone())).collect()),
            _ => {
                let mut entries: Vec<(String, Y)> =
                    o.fields.iter().map(|(k, v)| (k.clone(), normalize(v))).collect();
                entries.sort_by(|a, b| key_order(&a.0, &b.0));
                Y::Map(entries)
            }
        },
    }
}

/// encoding/json writes a float64 as `%f` below 1e21 (and at least 1e-6), `%e` otherwise;
/// go-yaml then reads integral text as an int.
fn float_through_json(f: f64) -> Y {
    if !f.is_finite() {
        return Y::Float(f);
    }
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        return Y::Float(f);
    }
    if f.fract() == 0.0 {
        let i = f as i128;
        if i >= i64::MIN as i128 && i <= u64::MAX as i128 {
            return Y::Int(i);
        }
        return Y::Float(f);
    }
    Y::Float(f)
}

/// go-yaml v2's `keyList.Less` for string keys: digit runs compare as numbers, letters
/// sort after non-letters.
pub fn key_order(a: &str, b: &str) -> Ordering {
    if key_less(a, b) {
        Ordering::Less
    } else if key_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i as isize - 1;
            while j >= 0 && ar[j as usize].is_ascii_digit() {
                if ar[j as usize] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
                j -= 1;
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Helm's `toYaml`: the marshalled text without its final newline.
pub fn to_yaml(v: &Value) -> String {
    let mut s = marshal(v);
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

/// sigs.k8s.io/yaml `Marshal`.
pub fn marshal(v: &Value) -> String {
    let y = normalize(v);
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        whitespace: true,
        indention: true,
        indent: -1,
        indents: Vec::new(),
        open_ended: false,
    };
    e.node(&y, false, false);
    // Document end: a final line break. (go-yaml v2 as sigs.k8s.io/yaml drives it never
    // closes a document with `...`, even after an open-ended scalar: checked against Helm.)
    e.write_indent();
    e.out
}

const BEST_WIDTH: usize = 80;
const BEST_INDENT: i32 = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: i32,
    indents: Vec<i32>,
    open_ended: bool,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }
    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }
    /// libyaml's `write_break`: `\n` becomes a line break, other breaks are copied.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }
    fn write_str(&mut self, s: &str) {
        for c in s.chars() {
            self.put(c);
        }
    }
    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }
    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }
    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }
    fn write_indicator(&mut self, ind: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        self.write_str(ind);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    fn node(&mut self, y: &Y, mapping_context: bool, simple_key: bool) {
        match y {
            Y::Map(entries) if entries.is_empty() => self.empty_flow("{", "}"),
            Y::Seq(items) if items.is_empty() => self.empty_flow("[", "]"),
            Y::Map(entries) => {
                self.increase_indent(false, false);
                for (k, v) in entries {
                    self.write_indent();
                    if k.chars().count() <= 128 && !k.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
                    {
                        self.scalar_str(k, true);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.scalar_str(k, false);
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(v, true, false);
                }
                self.pop_indent();
            }
            Y::Seq(items) => {
                let indentless = mapping_context && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, false, false);
                }
                self.pop_indent();
            }
            Y::Null => self.plain_scalar("null", simple_key),
            Y::Bool(b) => self.plain_scalar(if *b { "true" } else { "false" }, simple_key),
            Y::Int(i) => self.plain_scalar(&i.to_string(), simple_key),
            Y::Float(f) => {
                let s = match format_float_g(*f).as_str() {
                    "+Inf" => ".inf".to_string(),
                    "-Inf" => "-.inf".to_string(),
                    "NaN" => ".nan".to_string(),
                    s => s.to_string(),
                };
                self.plain_scalar(&s, simple_key)
            }
            Y::Str(s) => self.scalar_str(s, simple_key),
        }
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn plain_scalar(&mut self, s: &str, simple_key: bool) {
        self.increase_indent(true, false);
        self.write_plain(s, !simple_key);
        self.pop_indent();
    }

    fn scalar_str(&mut self, s: &str, simple_key: bool) {
        let can_plain = resolves_to_str(s) && !is_base60_float(s);
        let requested = if s.contains('\n') {
            Style::Literal
        } else if can_plain {
            Style::Plain
        } else {
            Style::Double
        };
        let a = analyze(s);
        let mut style = requested;
        if simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain {
            if !a.block_plain_allowed {
                style = Style::Single;
            }
            if s.is_empty() && simple_key {
                style = Style::Single;
            }
        }
        if style == Style::Single && !a.single_quoted_allowed {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block_allowed || simple_key) {
            style = Style::Double;
        }
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(s, !simple_key),
            Style::Single => self.write_single(s, !simple_key),
            Style::Double => self.write_double(s, !simple_key),
            Style::Literal => self.write_literal(s),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, s: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && chars.get(i + 1) != Some(&' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
        if self.indents.len() == 1 {
            self.open_ended = true;
        }
    }

    fn write_single(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        let n = chars.len();
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < n - 1
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\x07' => self.put('a'),
                    '\x08' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\x0b' => self.put('v'),
                    '\x0c' => self.put('f'),
                    '\r' => self.put('r'),
                    '\x1b' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    c => {
                        let v = c as u32;
                        let (p, w) = if v <= 0xff {
                            ('x', 2)
                        } else if v <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(p);
                        let hex = format!("{:0w$X}", v, w = w);
                        self.write_str(&hex);
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i < n - 1 {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, s: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints.
        let first = s.chars().next();
        if first.is_some_and(|c| c == ' ' || is_break(c)) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        self.open_ended = false;
        let chars: Vec<char> = s.chars().collect();
        let chomp = if chars.is_empty() {
            Some("-")
        } else {
            let last = chars[chars.len() - 1];
            if !is_break(last) {
                Some("-")
            } else if chars.len() == 1 || is_break(chars[chars.len() - 2]) {
                self.open_ended = true;
                Some("+")
            } else {
                None
            }
        };
        if let Some(h) = chomp {
            self.write_indicator(h, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in &chars {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                    breaks = false;
                }
                self.put(c);
                self.indention = false;
            }
        }
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's IS_PRINTABLE (tab and characters outside the BMP are not).
fn is_printable(c: char) -> bool {
    let v = c as u32;
    v == 0x0a
        || (0x20..=0x7e).contains(&v)
        || (0xa0..=0xd7ff).contains(&v)
        || ((0xe000..=0xfffd).contains(&v) && v != 0xfeff)
}

struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// libyaml's `yaml_emitter_analyze_scalar`, block context only.
fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut block_indicators = false;
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut previous_space, mut previous_break) =
        (false, false, false, false);
    let mut special = false;
    let mut line_breaks = false;
    if s.starts_with("---") || s.starts_with("...") {
        block_indicators = true;
    }
    let blankz = |i: usize| -> bool { i >= n || matches!(chars[i], ' ' | '\t') || is_break(chars[i]) };
    let mut preceded_by_ws = true;
    let mut followed_by_ws = blankz(1);
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            if matches!(
                c,
                '#' | ','
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '\''
                    | '"'
                    | '%'
                    | '@'
                    | '`'
            ) {
                block_indicators = true;
            }
            if (c == '?' || c == ':') && followed_by_ws {
                block_indicators = true;
            }
            if c == '-' && followed_by_ws {
                block_indicators = true;
            }
        } else {
            if c == ':' && followed_by_ws {
                block_indicators = true;
            }
            if c == '#' && preceded_by_ws {
                block_indicators = true;
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i == n - 1 {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            if i == 0 {
                leading_break = true;
            }
            if i == n - 1 {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = matches!(c, ' ' | '\t') || is_break(c);
        if i + 1 < n {
            followed_by_ws = blankz(i + 2);
        }
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.block_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// go-yaml v2 `resolve("", s)` yields `!!str`: the text would not read back as another type.
fn resolves_to_str(s: &str) -> bool {
    let Some(first) = s.bytes().next() else {
        return false;
    };
    let hint = match first {
        b'+' | b'-' => 'S',
        b'0'..=b'9' => 'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => 'M',
        b'.' => '.',
        _ => return true,
    };
    const SPECIAL: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO",
        "false", "False", "FALSE", "off", "Off", "OFF", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN",
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    ];
    if SPECIAL.contains(&s) {
        return false;
    }
    match hint {
        'M' => true,
        '.' => go_parse_float(s).is_none(),
        _ => {
            if is_timestamp(s) {
                return false;
            }
            let plain = s.replace('_', "");
            if go_parse_int_base0(&plain) {
                return false;
            }
            if yaml_style_float(&plain) {
                return false;
            }
            if let Some(b) = plain.strip_prefix("0b").or_else(|| plain.strip_prefix("-0b"))
                && !b.is_empty()
                && b.bytes().all(|c| c == b'0' || c == b'1')
            {
                return false;
            }
            true
        }
    }
}

/// `strconv.ParseInt(s, 0, 64)` or `ParseUint` succeeds.
fn go_parse_int_base0(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty() {
        return false;
    }
    let lower = body.to_ascii_lowercase();
    let (digits, radix) = if let Some(h) = lower.strip_prefix("0x") {
        (h.to_string(), 16)
    } else if let Some(o) = lower.strip_prefix("0o") {
        (o.to_string(), 8)
    } else if let Some(b) = lower.strip_prefix("0b") {
        (b.to_string(), 2)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (lower[1..].to_string(), 8)
    } else {
        (lower.clone(), 10)
    };
    !digits.is_empty() && u128::from_str_radix(&digits, radix).is_ok_and(|v| v <= u64::MAX as u128)
}

fn go_parse_float(s: &str) -> Option<f64> {
    let t = s.replace('_', "");
    let lower = t.to_ascii_lowercase();
    if matches!(lower.trim_start_matches(['+', '-']), "inf" | "infinity" | "nan") {
        return Some(0.0);
    }
    lower.parse::<f64>().ok()
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    // 2006-1-2, optionally followed by [Tt ]15:4:5(.frac)?(Z|±hh:mm)?
    let rest = &s[5..];
    let mut parts = rest.splitn(2, ['T', 't', ' ']);
    let date = parts.next().unwrap_or("");
    let dm: Vec<&str> = date.split('-').collect();
    if dm.len() != 2
        || !dm.iter().all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let (m, d): (u32, u32) = (dm[0].parse().unwrap_or(0), dm[1].parse().unwrap_or(0));
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return false;
    }
    match parts.next() {
        None => true,
        Some(time) => {
            let t = time.trim_end_matches('Z');
            let t = match t.rfind(['+', '-']) {
                Some(i) if i > 0 => &t[..i],
                _ => t,
            };
            let hms: Vec<&str> = t.split(':').collect();
            hms.len() == 3
                && hms[..2]
                    .iter()
                    .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()))
                && {
                    let sec = hms[2].split('.').next().unwrap_or("");
                    (1..=2).contains(&sec.len()) && sec.bytes().all(|c| c.is_ascii_digit())
                }
        }
    }
}

fn is_base60_float(s: &str) -> bool {
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    if !s.contains(':') {
        return false;
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = match body.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac
        && !f.bytes().all(|c| c.is_ascii_digit() || c == b'_')
    {
        return false;
    }
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    if head.is_empty()
        || !head.as_bytes()[0].is_ascii_digit()
        || !head.bytes().all(|c| c.is_ascii_digit() || c == b'_')
    {
        return false;
    }
    let mut any = false;
    for p in parts {
        any = true;
        let ok = match p.as_bytes() {
            [d] => d.is_ascii_digit(),
            [a, b] => (b'0'..=b'5').contains(a) && b.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn m(pairs: Vec<(&str, Value)>) -> Value {
        Value::map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<BTreeMap<_, _>>())
    }

    #[test]
    fn block_layout_matches_go_yaml_v2() {
        let v = m(vec![
            (
                "b",
                Value::list(vec![
                    Value::str("x"),
                    m(vec![("k", Value::Float(1.0)), ("j", Value::Bool(true))]),
                ]),
            ),
            ("a", m(vec![("z", Value::Nil), ("e", Value::empty_map()), ("l", Value::list(vec![]))])),
        ]);
        assert_eq!(to_yaml(&v), "a:\n  e: {}\n  l: []\n  z: null\nb:\n- x\n- j: true\n  k: 1");
    }

    #[test]
    fn scalars_are_quoted_like_go_yaml_v2() {
        let cases = [
            ("true", "\"true\""),
            ("yes", "\"yes\""),
            ("1.5", "\"1.5\""),
            ("0755", "\"0755\""),
            ("08", "\"08\""),
            ("1e3", "\"1e3\""),
            ("", "\"\""),
            ("2024-01-02", "\"2024-01-02\""),
            ("1:20", "\"1:20\""),
            ("abc", "abc"),
            ("- a", "'- a'"),
            ("*", "'*'"),
            ("a: b", "'a: b'"),
            ("a:b", "a:b"),
            ("a #b", "'a #b'"),
            ("a#b", "a#b"),
            (" x", "' x'"),
            ("it's", "it's"),
            ("'q'", "'''q'''"),
            ("tab\there", "\"tab\\there\""),
            ("{{ x }}", "'{{ x }}'"),
            ("line1\nline2", "|-\n  line1\n  line2"),
            ("line1\n", "|\n  line1"),
            ("trailing \nx", "\"trailing \\nx\""),
            (" lead\nx", "|2-\n   lead\n  x"),
            ("null", "\"null\""),
            ("~", "\"~\""),
            ("0x1F", "\"0x1F\""),
            ("-", "'-'"),
            ("@x", "'@x'"),
            ("%x", "'%x'"),
            ("/path", "/path"),
        ];
        for (s, want) in cases {
            assert_eq!(to_yaml(&Value::str(s)), want, "input {s:?}");
        }
    }

    #[test]
    fn numbers_go_through_json() {
        assert_eq!(to_yaml(&Value::Float(1e6)), "1000000");
        assert_eq!(to_yaml(&Value::Float(3.5)), "3.5");
        assert_eq!(to_yaml(&Value::Float(1e21)), "1e+21");
        assert_eq!(to_yaml(&Value::Float(0.0000001)), "1e-07");
    }

    #[test]
    fn long_plain_strings_wrap_at_80_columns() {
        let words = "word ".repeat(30);
        let v = m(vec![("k", Value::str(words.trim_end()))]);
        let out = to_yaml(&v);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0].len(), 82, "{out}");
        assert!(lines[1].starts_with("  word"));
    }

    #[test]
    fn keys_sort_naturally() {
        let mut keys = vec!["b10", "b9", "a", "B", "_x", "1"];
        keys.sort_by(|a, b| key_order(a, b));
        assert_eq!(keys, vec!["_x", "1", "B", "a", "b9", "b10"]);
    }
}
