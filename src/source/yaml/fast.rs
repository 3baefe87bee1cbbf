//! A fast path for the YAML that Kubernetes manifests are almost always written in.
//!
//! saphyr-parser scans character by character (about 12–20 MB/s here), and it dominated the
//! scan time. Most manifests use a small, regular subset of YAML: block mappings and
//! sequences, one-line plain and quoted scalars, one-line flow collections, literal and
//! folded block scalars, comments and document markers. This module produces the very same
//! event stream as saphyr-parser for that subset, line by line, and gives up (returns
//! `None`) on anything else — tabs, anchors, aliases, tags, multi-line plain or quoted
//! scalars, complex keys, directives, non-ASCII text, CRLF — so the caller falls back to
//! saphyr for the whole stream. Equality with saphyr is checked by a differential test over
//! every YAML file in testdata/ and the shared corpora.

use std::borrow::Cow;

use saphyr_parser::{Event, Marker, ScalarStyle, Span};

type Ev<'a> = (Event<'a>, Span);

/// Deeper documents go to saphyr, which enforces the loader's nesting limit.
const MAX_DEPTH: usize = 64;

/// The events of `text`, or `None` when it uses YAML outside the fast path's subset.
pub fn events(text: &str) -> Option<Vec<Ev<'_>>> {
    let mut out = Vec::new();
    drive(text, &mut |ev, span| {
        out.push((ev, span));
        true
    })
    .then_some(out)
}

/// Feed the events of `text` to `sink` as they are produced (no buffering). Returns false
/// when `text` is outside the subset: the sink has then seen a prefix of the events and the
/// caller must start again with saphyr. `sink` returning false stops the stream early (the
/// consumer hit a limit), which still counts as done.
pub fn drive<'a>(text: &'a str, sink: &mut dyn FnMut(Event<'a>, Span) -> bool) -> bool {
    if !text.is_ascii() || text.bytes().any(|b| b == b'\t' || b == b'\r') {
        return false;
    }
    let mut lines = Vec::with_capacity(text.len() / 24 + 1);
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    if start < text.len() {
        lines.push((start, text.len()));
    }
    let mut p = Fast { src: text, b: text.as_bytes(), lines, li: 0, sink, stopped: false, depth: 0 };
    p.stream().is_some() || p.stopped
}

struct Fast<'a, 's> {
    src: &'a str,
    b: &'a [u8],
    /// (start, end) byte offsets of each line, `end` excluding the newline.
    lines: Vec<(usize, usize)>,
    /// The next line not yet consumed.
    li: usize,
    sink: &'s mut dyn FnMut(Event<'a>, Span) -> bool,
    /// The sink asked to stop.
    stopped: bool,
    depth: usize,
}

impl<'a> Fast<'a, '_> {
    fn marker(&self, line: usize, off: usize) -> Marker {
        Marker::new(off, line + 1, off - self.lines.get(line).map_or(off, |l| l.0))
    }

    /// A marker at the start of `line`, or at the end of the text.
    fn line_start_marker(&self, line: usize) -> Marker {
        match self.lines.get(line) {
            Some(&(s, _)) => Marker::new(s, line + 1, 0),
            None => {
                let len = self.src.len();
                // After a final newline the position is the start of an empty last line.
                let nl = self.src.ends_with('\n') || self.lines.is_empty();
                let (line_no, col) = if nl {
                    (self.lines.len() + 1, 0)
                } else {
                    let (s, _) = *self.lines.last().unwrap();
                    (self.lines.len(), len - s)
                };
                Marker::new(len, line_no, col)
            }
        }
    }

    fn emit(&mut self, ev: Event<'a>, span: Span) {
        if !self.stopped && !(self.sink)(ev, span) {
            self.stopped = true;
        }
    }

    fn push(&mut self, ev: Event<'a>, line: usize, from: usize, to: usize) {
        let span = Span { start: self.marker(line, from), end: self.marker(line, to) };
        self.emit(ev, span);
    }

    fn push_at(&mut self, ev: Event<'a>, m: Marker) {
        self.emit(ev, Span { start: m, end: m });
    }

    fn indent(&self, line: usize) -> usize {
        let (s, e) = self.lines[line];
        self.b[s..e].iter().take_while(|&&c| c == b' ').count()
    }

    /// Blank or comment-only.
    fn is_blank(&self, line: usize) -> bool {
        let (s, e) = self.lines[line];
        let cs = s + self.indent(line);
        cs >= e || self.b[cs] == b'#'
    }

    fn next_content(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&l| !self.is_blank(l))
    }

    fn line_is(&self, line: usize, marker: &[u8]) -> bool {
        let (s, e) = self.lines[line];
        let t = &self.b[s..e];
        t.starts_with(marker) && (t.len() == 3 || t[3] == b' ')
    }

    fn is_marker(&self, line: usize) -> bool {
        self.line_is(line, b"---") || self.line_is(line, b"...")
    }

    /// `- ` or a lone `-` at the line's indentation.
    fn is_dash(&self, line: usize) -> bool {
        let (s, e) = self.lines[line];
        let cs = s + self.indent(line);
        self.b[cs] == b'-' && (cs + 1 == e || self.b[cs + 1] == b' ')
    }

    /// Only spaces, then end of line or a comment, from `i` on.
    fn rest_is_empty(&self, line: usize, mut i: usize) -> bool {
        let e = self.lines[line].1;
        let had_space = i < e && self.b[i] == b' ';
        while i < e && self.b[i] == b' ' {
            i += 1;
        }
        i == e || (self.b[i] == b'#' && had_space)
    }

    fn stream(&mut self) -> Option<()> {
        self.push_at(Event::StreamStart, Marker::new(0, 1, 0));
        while let Some(l) = self.next_content(self.li) {
            let (s, _) = self.lines[l];
            if self.b[s] == b'%' || self.line_is(l, b"...") {
                return None;
            }
            if self.line_is(l, b"---") {
                if !self.rest_is_empty(l, s + 3) {
                    return None;
                }
                self.push(Event::DocumentStart(true), l, s, s + 3);
                let n = self.next_content(l + 1);
                match n {
                    Some(n) if !self.is_marker(n) => self.node(n, -1)?,
                    _ => {
                        // An empty document: saphyr emits an empty plain scalar.
                        let m = self.line_start_marker(l + 1);
                        self.push_at(Event::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, None), m);
                        self.li = l + 1;
                    }
                }
            } else {
                let cs = s + self.indent(l);
                self.push(Event::DocumentStart(false), l, cs, cs);
                self.node(l, -1)?;
            }
            match self.next_content(self.li) {
                None => {
                    let m = self.line_start_marker(self.lines.len());
                    self.push_at(Event::DocumentEnd, m);
                    self.li = self.lines.len();
                }
                Some(n) if self.line_is(n, b"...") => {
                    let s = self.lines[n].0;
                    if !self.rest_is_empty(n, s + 3) {
                        return None;
                    }
                    self.push(Event::DocumentEnd, n, s, s + 3);
                    self.li = n + 1;
                }
                Some(n) if self.line_is(n, b"---") => {
                    let m = self.line_start_marker(n);
                    self.push_at(Event::DocumentEnd, m);
                    self.li = n;
                }
                Some(_) => return None,
            }
        }
        let m = self.line_start_marker(self.lines.len());
        self.push_at(Event::StreamEnd, m);
        Some(())
    }

    /// A block node whose first line is `line` (indented more than `parent`).
    fn node(&mut self, line: usize, parent: isize) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let ind = self.indent(line);
        let cs = self.lines[line].0 + ind;
        let r = if self.is_dash(line) {
            self.block_seq(line, ind, false)
        } else if self.key_at(line, cs).is_some() {
            self.block_map(line, ind)
        } else {
            // A scalar or flow node on a line of its own.
            self.value(line, cs, parent, parent)
        };
        self.depth -= 1;
        r
    }

    /// A block mapping whose first key is at (`line`, column `col`).
    fn block_map(&mut self, line: usize, col: usize) -> Option<()> {
        let (s, _) = self.lines[line];
        self.push(Event::MappingStart(0, None), line, s + col, s + col);
        let mut l = line;
        loop {
            let ks = self.lines[l].0 + col;
            let (key, style, key_end, colon) = self.key_at(l, ks)?;
            self.push(Event::Scalar(key, style, 0, None), l, ks, key_end);
            let mut v = colon + 1;
            let e = self.lines[l].1;
            while v < e && self.b[v] == b' ' {
                v += 1;
            }
            if v == e || self.b[v] == b'#' {
                match self.next_content(l + 1) {
                    Some(n) if !self.is_marker(n) && self.indent(n) > col => self.node(n, col as isize)?,
                    Some(n) if !self.is_marker(n) && self.indent(n) == col && self.is_dash(n) => {
                        self.depth += 1;
                        self.block_seq(n, col, true)?;
                        self.depth -= 1;
                    }
                    _ => {
                        self.push(
                            Event::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, None),
                            l,
                            colon,
                            colon,
                        );
                        self.li = l + 1;
                    }
                }
            } else {
                self.value(l, v, col as isize, col as isize)?;
            }
            match self.next_content(self.li) {
                Some(n) if !self.is_marker(n) && self.indent(n) == col => {
                    if self.is_dash(n) {
                        return None;
                    }
                    l = n;
                }
                Some(n) if !self.is_marker(n) && self.indent(n) > col => return None,
                _ => break,
            }
        }
        let m = self.line_start_marker(self.next_content(self.li).unwrap_or(self.lines.len()));
        self.push_at(Event::MappingEnd, m);
        Some(())
    }

    /// A block sequence whose first `-` is at (`line`, column `col`). An indentless sequence
    /// (the value of a key at the same column) ends at the first line that is not an item.
    fn block_seq(&mut self, line: usize, col: usize, indentless: bool) -> Option<()> {
        let mut l = line;
        let mut first = true;
        loop {
            let (s, e) = self.lines[l];
            let dash = s + col;
            let mut cs = dash + 1;
            while cs < e && self.b[cs] == b' ' {
                cs += 1;
            }
            let empty = cs == e || self.b[cs] == b'#';
            if first {
                // saphyr starts an indentless sequence at its first item's content.
                if indentless && empty {
                    return None;
                }
                let at = if indentless { cs } else { dash };
                self.push(Event::SequenceStart(0, None), l, at, at);
                first = false;
            }
            if empty {
                match self.next_content(l + 1) {
                    Some(n) if !self.is_marker(n) && self.indent(n) > col => self.node(n, col as isize)?,
                    _ => {
                        self.push(
                            Event::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, None),
                            l,
                            dash + 1,
                            dash + 1,
                        );
                        self.li = l + 1;
                    }
                }
            } else if self.b[cs] == b'-' && (cs + 1 == e || self.b[cs + 1] == b' ') {
                return None;
            } else if self.key_at(l, cs).is_some() {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                self.block_map(l, cs - s)?;
                self.depth -= 1;
            } else {
                self.value(l, cs, col as isize, col as isize)?;
            }
            match self.next_content(self.li) {
                Some(n) if !self.is_marker(n) && self.indent(n) == col && self.is_dash(n) => l = n,
                Some(n) if !self.is_marker(n) && self.indent(n) > col => return None,
                Some(n) if !self.is_marker(n) && self.indent(n) == col && !indentless => {
                    let _ = n;
                    return None;
                }
                _ => break,
            }
        }
        let m = self.line_start_marker(self.next_content(self.li).unwrap_or(self.lines.len()));
        self.push_at(Event::SequenceEnd, m);
        Some(())
    }

    /// A mapping key at `i`: (text, style, end of key, offset of its `:`), or `None` when the
    /// line holds no simple key there.
    fn key_at(&self, line: usize, i: usize) -> Option<(Cow<'a, str>, ScalarStyle, usize, usize)> {
        let e = self.lines[line].1;
        let c = *self.b.get(i)?;
        if i >= e {
            return None;
        }
        if c == b'"' || c == b'\'' {
            let (text, end) = self.quoted(line, i)?;
            let style = if c == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
            if end < e && self.b[end] == b':' && (end + 1 == e || self.b[end + 1] == b' ') {
                return Some((text, style, end, end));
            }
            return None;
        }
        if b"[]{},#&*!|>%@`".contains(&c) {
            return None;
        }
        if matches!(c, b'?' | b':' | b'-') && (i + 1 == e || self.b[i + 1] == b' ') {
            return None;
        }
        let mut j = i;
        while j < e {
            match self.b[j] {
                b':' if j + 1 == e || self.b[j + 1] == b' ' => {
                    if self.b[j - 1] == b' ' {
                        return None;
                    }
                    return Some((Cow::Borrowed(&self.src[i..j]), ScalarStyle::Plain, j, j));
                }
                b'#' if self.b[j - 1] == b' ' => return None,
                _ => j += 1,
            }
        }
        None
    }

    /// A value starting at `i` on `line`: a one-line plain or quoted scalar, a one-line flow
    /// collection, or a block scalar. `parent` is the indentation a block scalar's content
    /// must exceed; after the value no line may be indented more than `limit`.
    fn value(&mut self, line: usize, i: usize, parent: isize, limit: isize) -> Option<()> {
        let e = self.lines[line].1;
        let c = self.b[i];
        match c {
            b'|' | b'>' => return self.block_scalar(line, i, parent),
            b'"' | b'\'' => {
                let (text, end) = self.quoted(line, i)?;
                if !self.rest_is_empty(line, end) {
                    return None;
                }
                let style = if c == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
                self.push(Event::Scalar(text, style, 0, None), line, i, end);
            }
            b'[' | b'{' => {
                let end = self.flow(line, i, 0)?;
                if !self.rest_is_empty(line, end) {
                    return None;
                }
            }
            _ => {
                if b"]},#&*!%@`".contains(&c) {
                    return None;
                }
                if matches!(c, b'?' | b':' | b'-') && (i + 1 == e || self.b[i + 1] == b' ') {
                    return None;
                }
                let mut j = i;
                let mut end = i;
                while j < e {
                    match self.b[j] {
                        b'#' if self.b[j - 1] == b' ' => break,
                        b':' if j + 1 == e || self.b[j + 1] == b' ' => return None,
                        b' ' => j += 1,
                        _ => {
                            j += 1;
                            end = j;
                        }
                    }
                }
                self.push(
                    Event::Scalar(Cow::Borrowed(&self.src[i..end]), ScalarStyle::Plain, 0, None),
                    line,
                    i,
                    end,
                );
            }
        }
        self.li = line + 1;
        if let Some(n) = self.next_content(line + 1)
            && !self.is_marker(n)
            && self.indent(n) as isize > limit
        {
            return None;
        }
        Some(())
    }

    /// A one-line quoted scalar starting at `i`: its text and the offset after the closing quote.
    fn quoted(&self, line: usize, i: usize) -> Option<(Cow<'a, str>, usize)> {
        let e = self.lines[line].1;
        let q = self.b[i];
        let mut j = i + 1;
        let mut owned: Option<String> = None;
        let mut run = j;
        while j < e {
            let c = self.b[j];
            if c == q {
                if q == b'\'' && j + 1 < e && self.b[j + 1] == b'\'' {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.src[run..=j]);
                    j += 2;
                    run = j;
                    continue;
                }
                let text = match owned {
                    None => Cow::Borrowed(&self.src[i + 1..j]),
                    Some(mut s) => {
                        s.push_str(&self.src[run..j]);
                        Cow::Owned(s)
                    }
                };
                return Some((text, j + 1));
            }
            if c == b'\\' && q == b'"' {
                let s = owned.get_or_insert_with(String::new);
                s.push_str(&self.src[run..j]);
                let esc = *self.b.get(j + 1).filter(|_| j + 1 < e)?;
                let mut hex = |n: usize| -> Option<char> {
                    let h = self.src.get(j + 2..j + 2 + n).filter(|_| j + 2 + n <= e)?;
                    let v = u32::from_str_radix(h, 16).ok()?;
                    j += n;
                    char::from_u32(v)
                };
                let ch = match esc {
                    b'0' => '\0',
                    b'a' => '\u{7}',
                    b'b' => '\u{8}',
                    b't' => '\t',
                    b'n' => '\n',
                    b'v' => '\u{b}',
                    b'f' => '\u{c}',
                    b'r' => '\r',
                    b'e' => '\u{1b}',
                    b' ' => ' ',
                    b'"' => '"',
                    b'/' => '/',
                    b'\\' => '\\',
                    b'N' => '\u{85}',
                    b'_' => '\u{a0}',
                    b'L' => '\u{2028}',
                    b'P' => '\u{2029}',
                    b'x' => hex(2)?,
                    b'u' => hex(4)?,
                    b'U' => hex(8)?,
                    _ => return None,
                };
                s.push(ch);
                j += 2;
                run = j;
                continue;
            }
            j += 1;
        }
        None
    }

    /// A flow collection or flow scalar closed on this line; returns the offset after it.
    fn flow(&mut self, line: usize, mut i: usize, depth: usize) -> Option<usize> {
        if depth > MAX_DEPTH {
            return None;
        }
        let e = self.lines[line].1;
        let skip = |this: &Self, mut i: usize| {
            while i < e && this.b[i] == b' ' {
                i += 1;
            }
            i
        };
        i = skip(self, i);
        let c = *self.b.get(i).filter(|_| i < e)?;
        match c {
            b'[' => {
                self.push(Event::SequenceStart(0, None), line, i, i + 1);
                i = skip(self, i + 1);
                if self.b.get(i) == Some(&b']') && i < e {
                    self.push(Event::SequenceEnd, line, i, i + 1);
                    return Some(i + 1);
                }
                loop {
                    i = self.flow(line, i, depth + 1)?;
                    i = skip(self, i);
                    match self.b.get(i).filter(|_| i < e)? {
                        b',' => {
                            i = skip(self, i + 1);
                            if self.b.get(i) == Some(&b']') {
                                return None;
                            }
                        }
                        b']' => {
                            self.push(Event::SequenceEnd, line, i, i + 1);
                            return Some(i + 1);
                        }
                        _ => return None,
                    }
                }
            }
            b'{' => {
                self.push(Event::MappingStart(0, None), line, i, i + 1);
                i = skip(self, i + 1);
                if self.b.get(i) == Some(&b'}') && i < e {
                    self.push(Event::MappingEnd, line, i, i + 1);
                    return Some(i + 1);
                }
                loop {
                    let quoted_key = matches!(self.b.get(i), Some(b'"' | b'\''));
                    i = self.flow_scalar(line, i, true)?;
                    i = skip(self, i);
                    if self.b.get(i) != Some(&b':') || i >= e {
                        return None;
                    }
                    if !(quoted_key || i + 1 < e && self.b[i + 1] == b' ') {
                        return None;
                    }
                    i = skip(self, i + 1);
                    if matches!(self.b.get(i), Some(b',' | b'}')) || i >= e {
                        return None;
                    }
                    i = self.flow(line, i, depth + 1)?;
                    i = skip(self, i);
                    match self.b.get(i).filter(|_| i < e)? {
                        b',' => {
                            i = skip(self, i + 1);
                            if self.b.get(i) == Some(&b'}') {
                                return None;
                            }
                        }
                        b'}' => {
                            self.push(Event::MappingEnd, line, i, i + 1);
                            return Some(i + 1);
                        }
                        _ => return None,
                    }
                }
            }
            _ => self.flow_scalar(line, i, false),
        }
    }

    /// A scalar inside a flow collection. A plain one ends at `,[]{}`, at `: ` (a key, only
    /// allowed when `key`), or at a comment (which would leave the collection unclosed).
    fn flow_scalar(&mut self, line: usize, i: usize, key: bool) -> Option<usize> {
        let e = self.lines[line].1;
        let c = *self.b.get(i).filter(|_| i < e)?;
        if c == b'"' || c == b'\'' {
            let (text, end) = self.quoted(line, i)?;
            let style = if c == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
            self.push(Event::Scalar(text, style, 0, None), line, i, end);
            return Some(end);
        }
        if b"[]{},#&*!|>%@`".contains(&c) {
            return None;
        }
        let ends_token = |b: Option<&u8>| matches!(b, None | Some(b' ' | b',' | b'[' | b']' | b'{' | b'}'));
        if matches!(c, b'?' | b':' | b'-') && (i + 1 >= e || ends_token(self.b.get(i + 1))) {
            return None;
        }
        let mut j = i;
        let mut end = i;
        while j < e {
            match self.b[j] {
                b',' | b'[' | b']' | b'{' | b'}' => break,
                b':' if j + 1 >= e || ends_token(self.b.get(j + 1)) => {
                    if !key {
                        return None;
                    }
                    break;
                }
                b'#' if self.b[j - 1] == b' ' => return None,
                b' ' => j += 1,
                _ => {
                    j += 1;
                    end = j;
                }
            }
        }
        if j >= e {
            return None;
        }
        self.push(Event::Scalar(Cow::Borrowed(&self.src[i..end]), ScalarStyle::Plain, 0, None), line, i, end);
        Some(end)
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is at `i`. Indentation
    /// indicators, keep chomping (`+`), leading blank lines and more-indented folded lines
    /// are left to saphyr.
    fn block_scalar(&mut self, line: usize, i: usize, parent: isize) -> Option<()> {
        let literal = self.b[i] == b'|';
        let e = self.lines[line].1;
        let mut h = i + 1;
        let strip = h < e && self.b[h] == b'-';
        if strip {
            h += 1;
        }
        if h < e && self.b[h] != b' ' {
            return None;
        }
        if !self.rest_is_empty(line, h) || parent < 0 {
            return None;
        }
        let first = line + 1;
        if first >= self.lines.len() {
            return None;
        }
        let (fs, fe) = self.lines[first];
        let n = self.indent(first);
        if fs + n >= fe || (n as isize) <= parent {
            return None;
        }
        let mut content: Vec<&'a str> = Vec::new();
        let mut l = first;
        let mut trailing_blank = 0usize;
        while l < self.lines.len() {
            let (s, e) = self.lines[l];
            let ind = self.indent(l);
            if s + ind >= e {
                if e - s > n {
                    return None;
                }
                content.push("");
                trailing_blank += 1;
            } else if ind >= n {
                let text = &self.src[s + n..e];
                if !literal && text.starts_with(' ') {
                    return None;
                }
                content.push(text);
                trailing_blank = 0;
            } else {
                break;
            }
            l += 1;
        }
        // A block scalar running to the end of a file without a final newline ends
        // without a line break; leave that to saphyr.
        if l == self.lines.len() && !self.src.ends_with('\n') {
            return None;
        }
        content.truncate(content.len() - trailing_blank);
        let mut text = String::new();
        if literal {
            for (k, c) in content.iter().enumerate() {
                if k > 0 {
                    text.push('\n');
                }
                text.push_str(c);
            }
        } else {
            let mut empties = 0;
            let mut started = false;
            for c in &content {
                if c.is_empty() {
                    empties += 1;
                    continue;
                }
                if started {
                    if empties == 0 {
                        text.push(' ');
                    } else {
                        text.extend(std::iter::repeat_n('\n', empties));
                    }
                }
                empties = 0;
                started = true;
                text.push_str(c);
            }
        }
        if !strip {
            text.push('\n');
        }
        let style = if literal { ScalarStyle::Literal } else { ScalarStyle::Folded };
        let span = Span { start: self.marker(first, fs + n), end: self.line_start_marker(l) };
        self.emit(Event::Scalar(Cow::Owned(text), style, 0, None), span);
        self.li = l;
        Some(())
    }
}
