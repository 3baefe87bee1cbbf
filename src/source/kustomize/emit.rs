//! Serialises built objects exactly as `kubectl kustomize` prints them.
//!
//! kustomize turns each resource into JSON and then into YAML with sigs.k8s.io/yaml, i.e. the
//! go-yaml v2 emitter: keys sorted with go-yaml's "natural" order, block style, 2-space
//! indentation, sequences under a key not indented, plain scalars unless they would resolve to
//! another type (then double-quoted), single quotes when plain is not allowed, literal blocks
//! for multi-line strings, and lines folded at spaces past column 80. This module reproduces
//! that emitter's state machine for the event shapes JSON can produce.

use serde_json::Value;

use super::yaml11;

const BEST_WIDTH: usize = 80;
const BEST_INDENT: i32 = 2;

/// The YAML text of one object (ends with a newline), as go-yaml v2 marshals it.
pub fn to_yaml(value: &Value) -> String {
    let mut e = Emitter::new();
    e.emit_node(value, true, false, false, false);
    // document end: write_indent
    e.write_indent();
    e.out
}

/// A stream of objects separated by `---`, as kustomize's `ResMap.AsYaml` writes it.
pub fn stream_to_yaml<'a>(values: impl IntoIterator<Item = &'a Value>) -> String {
    let mut out = String::new();
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_yaml(v));
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ScalarStyle {
    Plain,
    Single,
    Double,
    Literal,
}

#[derive(Default)]
struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

struct Emitter {
    out: String,
    column: usize,
    indent: i32,
    indents: Vec<i32>,
    whitespace: bool,
    indention: bool,
    flow_level: u32,
    mapping_context: bool,
    simple_key_context: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}
fn is_blank(c: Option<char>) -> bool {
    matches!(c, Some(' ') | Some('\t'))
}
fn is_blankz(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c == ' ' || c == '\t' || is_break(c) || c == '\0',
    }
}
fn is_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0A
        || (0x20..=0x7E).contains(&u)
        || (0xA0..=0xD7FF).contains(&u)
        || ((0xE000..=0xFFFD).contains(&u) && u != 0xFEFF)
    // go-yaml v2 treats every 4-byte UTF-8 character (emoji, ...) as unprintable: they are
    // written as `\U` escapes in double quotes.
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = false;
    let mut flow_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;
    if value.starts_with("---") || value.starts_with("...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    for i in 0..n {
        let c = chars[i];
        // go-yaml's is_blank is space or tab only
        let followed_by_whitespace = i + 1 >= n || is_blank(chars.get(i + 1).copied());
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@'
                | '`' => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                '?' | ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '-' if followed_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_indicators = true,
                ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '#' if preceded_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
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
        preceded_by_whitespace = is_blankz(Some(c));
    }
    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_indicators {
        a.flow_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// True when go-yaml would write `value` as a block (literal or folded) scalar.
pub fn block_allowed(value: &str) -> bool {
    analyze(value).block_allowed
}

/// go-yaml v2's float formatting: `strconv.FormatFloat(f, 'g', -1, 64)`.
pub fn go_format_float_g(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf".into() } else { "-.inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let (neg, digits, exp) = shortest_digits(f);
    // digs.dp = exp + 1 (decimal point position)
    let dp = exp + 1;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
    } else if dp <= 0 {
        out.push_str("0.");
        for _ in 0..(-dp) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let dp = dp as usize;
        if digits.len() <= dp {
            out.push_str(&digits);
            for _ in digits.len()..dp {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..dp]);
            out.push('.');
            out.push_str(&digits[dp..]);
        }
    }
    out
}

/// Shortest round-trip decimal digits of `f` and its decimal exponent (d.ddd × 10^exp).
fn shortest_digits(f: f64) -> (bool, String, i32) {
    let s = format!("{:e}", f.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0').to_string();
    let digits = if digits.is_empty() { "0".to_string() } else { digits };
    (f < 0.0, digits, exp.parse().unwrap_or(0))
}

/// How a JSON number is printed after kustomize's JSON → go-yaml v2 round trip.
pub fn number_text(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    // encoding/json writes integral floats below 1e21 without a fraction; go-yaml then reads
    // an integer back.
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if f.abs() < 9.2e18 {
            return (f as i64).to_string();
        }
        return format!("{f:.0}");
    }
    go_format_float_g(f)
}

/// go-yaml v2's natural key order (sorter.go) for string keys.
pub fn key_less(a: &str, b: &str) -> bool {
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
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
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

pub fn sorted_keys(m: &serde_json::Map<String, Value>) -> Vec<&String> {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort_by(|a, b| {
        if key_less(a, b) {
            std::cmp::Ordering::Less
        } else if key_less(b, a) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    keys
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            flow_level: 0,
            mapping_context: false,
            simple_key_context: false,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }
    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
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
    }

    fn emit_node(&mut self, v: &Value, _root: bool, _sequence: bool, mapping: bool, simple_key: bool) {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match v {
            Value::Null => self.emit_scalar("null", ScalarStyle::Plain),
            Value::Bool(b) => self.emit_scalar(if *b { "true" } else { "false" }, ScalarStyle::Plain),
            Value::Number(n) => {
                let s = number_text(n);
                self.emit_scalar(&s, ScalarStyle::Plain)
            }
            Value::String(s) => {
                let style = if s.contains('\n') {
                    ScalarStyle::Literal
                } else if yaml11::plain_is_string(s) {
                    ScalarStyle::Plain
                } else {
                    ScalarStyle::Double
                };
                self.emit_scalar(s, style)
            }
            Value::Array(items) => {
                if items.is_empty() || self.flow_level > 0 {
                    self.write_indicator("[", true, true, false);
                    self.increase_indent(true, false);
                    self.flow_level += 1;
                    for (i, it) in items.iter().enumerate() {
                        if i > 0 {
                            self.write_indicator(",", false, false, false);
                        }
                        if self.column > BEST_WIDTH {
                            self.write_indent();
                        }
                        self.emit_node(it, false, true, false, false);
                    }
                    self.flow_level -= 1;
                    self.pop_indent();
                    self.write_indicator("]", false, false, false);
                    return;
                }
                let indentless = self.mapping_context && !self.indention;
                self.increase_indent(false, indentless);
                for it in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.emit_node(it, false, true, false, false);
                }
                self.pop_indent();
            }
            Value::Object(m) => {
                if m.is_empty() {
                    self.write_indicator("{", true, true, false);
                    self.increase_indent(true, false);
                    self.pop_indent();
                    self.write_indicator("}", false, false, false);
                    return;
                }
                self.increase_indent(false, false);
                for k in sorted_keys(m) {
                    self.write_indent();
                    let simple = !analyze(k).multiline && k.len() <= 128;
                    let key = Value::String(k.clone());
                    if simple {
                        self.emit_node(&key, false, false, true, true);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.emit_node(&key, false, false, true, false);
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.emit_node(&m[k.as_str()], false, false, true, false);
                }
                self.pop_indent();
            }
        }
    }

    fn emit_scalar(&mut self, value: &str, requested: ScalarStyle) {
        let a = analyze(value);
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = ScalarStyle::Double;
        }
        if style == ScalarStyle::Plain {
            if (self.flow_level > 0 && !a.flow_plain_allowed)
                || (self.flow_level == 0 && !a.block_plain_allowed)
            {
                style = ScalarStyle::Single;
            }
            if value.is_empty() && (self.flow_level > 0 || self.simple_key_context) {
                style = ScalarStyle::Single;
            }
        }
        if style == ScalarStyle::Single && !a.single_quoted_allowed {
            style = ScalarStyle::Double;
        }
        if style == ScalarStyle::Literal
            && (!a.block_allowed || self.flow_level > 0 || self.simple_key_context)
        {
            style = ScalarStyle::Double;
        }
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            ScalarStyle::Plain => self.write_plain(value, allow_breaks),
            ScalarStyle::Single => self.write_single(value, allow_breaks),
            ScalarStyle::Double => self.write_double(value, allow_breaks),
            ScalarStyle::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn write_break_char(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && chars.get(i + 1) != Some(&' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break_char(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < n
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
                self.write_break_char(c);
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

    fn write_double(&mut self, value: &str, allow_breaks: bool) {
        let mut spaces = false;
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        for (i, &c) in chars.iter().enumerate() {
            let u = c as u32;
            if !is_printable(c) || (i == 0 && c == '\u{FEFF}') || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match u {
                    0x00 => self.put('0'),
                    0x07 => self.put('a'),
                    0x08 => self.put('b'),
                    0x09 => self.put('t'),
                    0x0A => self.put('n'),
                    0x0B => self.put('v'),
                    0x0C => self.put('f'),
                    0x0D => self.put('r'),
                    0x1B => self.put('e'),
                    0x22 => self.put('"'),
                    0x5C => self.put('\\'),
                    0x85 => self.put('N'),
                    0xA0 => self.put('_'),
                    0x2028 => self.put('L'),
                    0x2029 => self.put('P'),
                    _ => {
                        let (letter, w) = if u <= 0xFF {
                            ('x', 2)
                        } else if u <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        let hex = format!("{:0w$X}", u, w = w);
                        self.write_str(&hex);
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < n {
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

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // block scalar hints
        let first = value.chars().next();
        if matches!(first, Some(c) if c == ' ' || is_break(c)) {
            let hint = char::from(b'0' + BEST_INDENT as u8).to_string();
            self.write_indicator(&hint, false, false, false);
        }
        let chars: Vec<char> = value.chars().collect();
        let chomp = match chars.last() {
            None => Some('-'),
            Some(&last) if !is_break(last) => Some('-'),
            Some(_) if chars.len() == 1 => Some('+'),
            Some(_) if is_break(chars[chars.len() - 2]) => Some('+'),
            Some(_) => None,
        };
        if let Some(c) = chomp {
            self.write_indicator(&c.to_string(), false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in &chars {
            if is_break(c) {
                self.write_break_char(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn block_style_with_unindented_sequences_and_sorted_keys() {
        let v =
            json!({"spec": {"ports": [{"port": 80, "name": "http"}]}, "kind": "Service", "apiVersion": "v1"});
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - name: http\n    port: 80\n"
        );
    }

    #[test]
    fn strings_that_would_resolve_to_other_types_are_double_quoted() {
        let v = json!({"a": "yes", "b": "1.0", "c": "on", "d": "9797", "e": "#34577c", "f": "", "g": "2026-01-11"});
        assert_eq!(
            to_yaml(&v),
            "a: \"yes\"\nb: \"1.0\"\nc: \"on\"\nd: \"9797\"\ne: '#34577c'\nf: \"\"\ng: \"2026-01-11\"\n"
        );
    }

    #[test]
    fn multi_line_strings_are_literal_blocks() {
        let v = json!({"data": {"x": "a\nb\n", "y": "a\nb", "z": " lead\n"}});
        // `y` is a YAML 1.1 boolean, so go-yaml v2 quotes it even as a key
        assert_eq!(
            to_yaml(&v),
            "data:\n  x: |\n    a\n    b\n  \"y\": |-\n    a\n    b\n  z: |2\n     lead\n"
        );
    }

    #[test]
    fn empty_collections_are_flow() {
        let v = json!({"a": {}, "b": [], "c": [[1, 2], []]});
        assert_eq!(to_yaml(&v), "a: {}\nb: []\nc:\n- - 1\n  - 2\n- []\n");
    }

    #[test]
    fn long_plain_strings_fold_past_column_80() {
        let words = "word ".repeat(30);
        let v = json!({ "k": words.trim_end() });
        let out = to_yaml(&v);
        let first = out.lines().next().unwrap();
        assert!(first.len() > 80 && first.len() < 90, "{out}");
        assert!(out.lines().nth(1).unwrap().starts_with("  word"), "{out}");
    }

    #[test]
    fn natural_key_order() {
        assert!(key_less("a2", "a10"));
        assert!(!key_less("b", "a1"));
        assert!(key_less("apiVersion", "kind"));
    }

    #[test]
    fn floats_like_go() {
        assert_eq!(go_format_float_g(0.5), "0.5");
        assert_eq!(go_format_float_g(1234567.5), "1.2345675e+06");
        assert_eq!(go_format_float_g(1.5e-7), "1.5e-07");
        assert_eq!(number_text(&serde_json::Number::from_f64(1.0).unwrap()), "1");
    }
}
