//! The lexer of Go's text/template: splits a template into text and the tokens inside
//! `{{ }}` actions, applying `{{-`/`-}}` trimming and dropping comments, with Go's rules
//! for numbers, strings, raw strings, character constants, fields and variables.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Identifier,
    Field,
    Variable,
    Str,
    RawStr,
    Char,
    Number,
    Bool,
    Nil,
    Dot,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    // keywords
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Range,
    Template,
    With,
    Eof,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    /// Byte offset of the token in the template source.
    pub pos: usize,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct LexError {
    pub pos: usize,
    pub message: String,
}

const SPACE: &[u8] = b" \t\r\n";

fn is_space(b: u8) -> bool {
    SPACE.contains(&b)
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

pub fn lex(src: &str) -> Result<Vec<Token>, LexError> {
    Lexer { src, b: src.as_bytes(), pos: 0, out: Vec::new() }.run()
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    out: Vec<Token>,
}

impl<'a> Lexer<'a> {
    fn emit(&mut self, tok: Tok, start: usize, end: usize) {
        self.out.push(Token { tok, pos: start, text: self.src[start..end].to_string() });
    }

    fn err<T>(&self, pos: usize, message: impl Into<String>) -> Result<T, LexError> {
        Err(LexError { pos, message: message.into() })
    }

    fn run(mut self) -> Result<Vec<Token>, LexError> {
        let mut trim_next_text = false;
        loop {
            // Text up to the next left delimiter.
            let rest = &self.src[self.pos..];
            let (text_end, found) = match rest.find("{{") {
                Some(i) => (self.pos + i, true),
                None => (self.src.len(), false),
            };
            let mut start = self.pos;
            if trim_next_text {
                while start < text_end && is_space(self.b[start]) {
                    start += 1;
                }
            }
            let mut end = text_end;
            let left_trim = found
                && self.b.len() >= text_end + 4
                && self.b[text_end + 2] == b'-'
                && is_space(self.b[text_end + 3]);
            if left_trim {
                while end > start && is_space(self.b[end - 1]) {
                    end -= 1;
                }
            }
            if end > start {
                self.emit(Tok::Text, start, end);
            }
            if !found {
                self.out.push(Token { tok: Tok::Eof, pos: self.src.len(), text: String::new() });
                return Ok(self.out);
            }
            self.pos = text_end + 2;
            if left_trim {
                self.pos += 2;
            }
            // Comment?
            if self.src[self.pos..].starts_with("/*") {
                let delim_pos = text_end;
                let Some(close) = self.src[self.pos + 2..].find("*/") else {
                    return self.err(delim_pos, "unclosed comment");
                };
                self.pos += 2 + close + 2;
                match self.at_right_delim() {
                    Some(trim) => {
                        self.pos += if trim { 4 } else { 2 };
                        trim_next_text = trim;
                    }
                    None => return self.err(delim_pos, "comment ends before closing delimiter"),
                }
                continue;
            }
            self.emit(Tok::LeftDelim, text_end, text_end + 2);
            trim_next_text = self.inside_action()?;
        }
    }

    /// At a right delimiter? Some(true) when it carries a trim marker (` -}}`).
    fn at_right_delim(&self) -> Option<bool> {
        let r = &self.b[self.pos..];
        if r.len() >= 4 && is_space(r[0]) && r[1] == b'-' && r[2] == b'}' && r[3] == b'}' {
            return Some(true);
        }
        if r.starts_with(b"}}") {
            return Some(false);
        }
        None
    }

    fn at_terminator(&self) -> bool {
        let Some(&c) = self.b.get(self.pos) else {
            return true;
        };
        if is_space(c) || matches!(c, b'.' | b',' | b'|' | b':' | b')' | b'(') {
            return true;
        }
        self.b[self.pos..].starts_with(b"}}")
    }

    fn peek_char(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    /// Lexes one action; returns whether its right delimiter trims the following text.
    fn inside_action(&mut self) -> Result<bool, LexError> {
        let mut paren_depth = 0usize;
        loop {
            if let Some(trim) = self.at_right_delim() {
                if paren_depth > 0 {
                    return self.err(self.pos, "unclosed left paren");
                }
                let start = if trim { self.pos + 2 } else { self.pos };
                self.emit(Tok::RightDelim, start, start + 2);
                self.pos = start + 2;
                return Ok(trim);
            }
            let start = self.pos;
            let Some(c) = self.peek_char() else {
                return self.err(start, "unclosed action");
            };
            match c {
                ' ' | '\t' | '\r' | '\n' => {
                    // Spaces up to (not into) a trim marker.
                    while self.pos < self.b.len() && is_space(self.b[self.pos]) {
                        if self.at_right_delim() == Some(true) {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos > start {
                        self.emit(Tok::Space, start, self.pos);
                    }
                }
                '=' => {
                    self.pos += 1;
                    self.emit(Tok::Assign, start, self.pos);
                }
                ':' => {
                    if self.b.get(self.pos + 1) != Some(&b'=') {
                        return self.err(start, "expected :=");
                    }
                    self.pos += 2;
                    self.emit(Tok::Declare, start, self.pos);
                }
                '|' => {
                    self.pos += 1;
                    self.emit(Tok::Pipe, start, self.pos);
                }
                '"' => self.quote(start)?,
                '`' => {
                    let Some(end) = self.src[self.pos + 1..].find('`') else {
                        return self.err(start, "unterminated raw quoted string");
                    };
                    self.pos += end + 2;
                    self.emit(Tok::RawStr, start, self.pos);
                }
                '\'' => self.char_const(start)?,
                '$' => {
                    self.pos += 1;
                    self.field_or_variable(start, Tok::Variable)?;
                }
                '.' => {
                    let next = self.b.get(self.pos + 1).copied();
                    if matches!(next, Some(b'0'..=b'9')) {
                        self.number(start)?;
                    } else {
                        self.pos += 1;
                        self.field_or_variable(start, Tok::Field)?;
                    }
                }
                '+' | '-' | '0'..='9' => self.number(start)?,
                '(' => {
                    self.pos += 1;
                    paren_depth += 1;
                    self.emit(Tok::LeftParen, start, self.pos);
                }
                ')' => {
                    if paren_depth == 0 {
                        return self.err(start, "unexpected right paren");
                    }
                    paren_depth -= 1;
                    self.pos += 1;
                    self.emit(Tok::RightParen, start, self.pos);
                }
                ',' => {
                    self.pos += 1;
                    self.emit(Tok::Comma, start, self.pos);
                }
                c if is_alnum(c) => {
                    while let Some(c) = self.peek_char() {
                        if !is_alnum(c) {
                            break;
                        }
                        self.pos += c.len_utf8();
                    }
                    if !self.at_terminator() {
                        let bad = self.peek_char().unwrap_or(' ');
                        return self.err(self.pos, format!("bad character {}", go_char(bad)));
                    }
                    let word = &self.src[start..self.pos];
                    let tok = match word {
                        "block" => Tok::Block,
                        "break" => Tok::Break,
                        "continue" => Tok::Continue,
                        "define" => Tok::Define,
                        "else" => Tok::Else,
                        "end" => Tok::End,
                        "if" => Tok::If,
                        "range" => Tok::Range,
                        "template" => Tok::Template,
                        "with" => Tok::With,
                        "nil" => Tok::Nil,
                        "true" | "false" => Tok::Bool,
                        _ => Tok::Identifier,
                    };
                    self.emit(tok, start, self.pos);
                }
                c => {
                    return self.err(start, format!("unrecognized character in action: {}", go_char(c)));
                }
            }
        }
    }

    fn field_or_variable(&mut self, start: usize, tok: Tok) -> Result<(), LexError> {
        if self.at_terminator() {
            let t = if tok == Tok::Variable { Tok::Variable } else { Tok::Dot };
            self.emit(t, start, self.pos);
            return Ok(());
        }
        while let Some(c) = self.peek_char() {
            if !is_alnum(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        if !self.at_terminator() {
            let bad = self.peek_char().unwrap_or(' ');
            return self.err(self.pos, format!("bad character {}", go_char(bad)));
        }
        self.emit(tok, start, self.pos);
        Ok(())
    }

    fn quote(&mut self, start: usize) -> Result<(), LexError> {
        let mut i = self.pos + 1;
        loop {
            match self.b.get(i) {
                None | Some(b'\n') => return self.err(start, "unterminated quoted string"),
                Some(b'\\') => i += 2,
                Some(b'"') => break,
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        self.emit(Tok::Str, start, self.pos);
        Ok(())
    }

    fn char_const(&mut self, start: usize) -> Result<(), LexError> {
        let mut i = self.pos + 1;
        loop {
            match self.b.get(i) {
                None | Some(b'\n') => return self.err(start, "unterminated character constant"),
                Some(b'\\') => i += 2,
                Some(b'\'') => break,
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        self.emit(Tok::Char, start, self.pos);
        Ok(())
    }

    fn number(&mut self, start: usize) -> Result<(), LexError> {
        let b = self.b;
        let mut i = self.pos;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let mut digits: &[u8] = b"0123456789_";
        let mut exp: &[u8] = b"eE";
        if b.get(i) == Some(&b'0') {
            match b.get(i + 1) {
                Some(b'x' | b'X') => {
                    i += 2;
                    digits = b"0123456789abcdefABCDEF_";
                    exp = b"pP";
                }
                Some(b'o' | b'O') => {
                    i += 2;
                    digits = b"01234567_";
                    exp = b"";
                }
                Some(b'b' | b'B') => {
                    i += 2;
                    digits = b"01_";
                    exp = b"";
                }
                _ => {}
            }
        }
        while i < b.len() && digits.contains(&b[i]) {
            i += 1;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            while i < b.len() && digits.contains(&b[i]) {
                i += 1;
            }
        }
        if !exp.is_empty() && i < b.len() && exp.contains(&b[i]) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            while i < b.len() && b"0123456789_".contains(&b[i]) {
                i += 1;
            }
        }
        if b.get(i) == Some(&b'i') {
            i += 1;
        }
        self.pos = i;
        if let Some(c) = self.peek_char()
            && is_alnum(c)
        {
            let mut j = i;
            while let Some(c) = self.src[j..].chars().next() {
                if !is_alnum(c) {
                    break;
                }
                j += c.len_utf8();
            }
            return self.err(start, format!("bad number syntax: {:?}", &self.src[start..j]));
        }
        self.emit(Tok::Number, start, self.pos);
        Ok(())
    }
}

/// Go's `%#U` of a rune, as its lexer errors print it.
pub fn go_char(c: char) -> String {
    format!("U+{:04X} '{}'", c as u32, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Tok, String)> {
        lex(src).unwrap().into_iter().map(|t| (t.tok, t.text)).collect()
    }

    #[test]
    fn trims_around_markers() {
        let toks = kinds("a  \n{{- .x -}}\n  b");
        assert_eq!(toks[0], (Tok::Text, "a".into()));
        assert_eq!(toks[2], (Tok::Field, ".x".into()));
        assert_eq!(toks.last().unwrap().0, Tok::Eof);
        assert_eq!(toks[toks.len() - 2], (Tok::Text, "b".into()));
    }

    #[test]
    fn negative_number_is_not_a_trim_marker() {
        let toks = kinds("{{-3}}");
        assert_eq!(toks[1], (Tok::Number, "-3".into()));
    }

    #[test]
    fn comments_vanish_and_can_trim() {
        let toks = kinds("a {{- /* hi */ -}} b");
        assert_eq!(toks.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(), vec!["a", "b", ""]);
        assert_eq!(lex("{{/* x */ }}").unwrap_err().message, "comment ends before closing delimiter");
    }

    #[test]
    fn numbers_strings_and_chains() {
        let toks = kinds(r#"{{ 0x1F 1e3 -2.5 'a' "q\"" `r` $x.y (.a).b }}"#);
        let texts: Vec<_> = toks.iter().filter(|t| t.0 != Tok::Space).map(|t| t.1.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "{{",
                "0x1F",
                "1e3",
                "-2.5",
                "'a'",
                "\"q\\\"\"",
                "`r`",
                "$x",
                ".y",
                "(",
                ".a",
                ")",
                ".b",
                "}}",
                ""
            ]
        );
        assert!(lex("{{ 3x }}").unwrap_err().message.contains("bad number syntax"));
        assert_eq!(lex("{{ \"abc }}").unwrap_err().message, "unterminated quoted string");
    }
}
