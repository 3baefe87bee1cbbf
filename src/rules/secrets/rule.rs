//! What a secret rule is: the metadata the lead maps to findings, and the matching recipe
//! (keywords for the prefilter, a pattern, the capture group holding the secret, an optional
//! entropy gate and an optional structural validator). The table of rules lives in `table.rs`.

use std::ops::Range;

/// How the pattern of a rule is written.
#[derive(Debug, Clone, Copy)]
pub enum Pattern {
    /// A complete regular expression (ASCII mode, `regex` syntax).
    Raw(&'static str),
    /// A provider-named assignment: a key containing one of `key` (an alternation), an
    /// assignment operator, then a value matching `value` (no capture groups of its own).
    /// The value is capture group 1.
    Keyed { key: &'static str, value: &'static str },
    /// The hand-written assignment scanner of `generic.rs` (`key <op> value` in any syntax,
    /// the key holding one of the rule's keywords). Group 1 is the key, group 2 the raw value.
    /// A regex for this shape has no literal to anchor on and costs ~40× more on keyword-dense
    /// text.
    Assignment,
}

/// Minimum randomness required of the secret.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EntropyGate {
    /// A fixed Shannon entropy minimum in bits per character.
    Min(f64),
    /// The length-aware threshold of `entropy::random_threshold` (what a random string of
    /// this length and alphabet reaches in 99 % of cases).
    LengthAware,
}

/// A candidate handed to a validator: the scanned text, the regex captures (byte ranges into
/// `text`) and the current span of the secret.
pub struct Candidate<'a> {
    pub text: &'a str,
    pub groups: &'a [Option<Range<usize>>],
    pub secret: Range<usize>,
}

/// A structural check run after the regex: returns the (possibly adjusted) span of the secret,
/// or `None` to drop the candidate.
pub type Validator = fn(&Candidate<'_>) -> Option<Range<usize>>;

/// Which false-positive filters apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A provider token with a recognisable format.
    Provider,
    /// A private key block (PEM, OpenSSH, base64 of either).
    PrivateKey,
    /// A credential found only through a secret-like key name (`password = ...`).
    Generic,
    /// Credentials embedded in a URL.
    Url,
}

/// One secret detector. Every field is static so a rule can be referenced from findings.
pub struct SecretRule {
    /// Stable rule id, `SEC0xx`.
    pub id: &'static str,
    /// kebab-case name.
    pub name: &'static str,
    /// One-line title for reports.
    pub title: &'static str,
    /// What the rule finds and why it matters.
    pub description: &'static str,
    /// `"critical"`, `"high"`, `"medium"` or `"low"`.
    pub severity: &'static str,
    /// Lower-case literals; the rule runs only on lines holding one of them.
    pub keywords: &'static [&'static str],
    pub pattern: Pattern,
    /// The capture group holding the secret (0 = whole match).
    pub secret_group: usize,
    pub entropy: Option<EntropyGate>,
    pub validator: Option<Validator>,
    pub kind: Kind,
    /// When two rules match overlapping text, the higher priority one is kept.
    pub priority: u8,
}

impl std::fmt::Debug for SecretRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretRule").field("id", &self.id).field("name", &self.name).finish()
    }
}

impl SecretRule {
    /// The regular expression source this rule compiles to (`None` for hand-written scanners).
    pub fn regex_source(&self) -> Option<String> {
        Some(match self.pattern {
            Pattern::Assignment => return None,
            Pattern::Raw(p) => p.to_string(),
            Pattern::Keyed { key, value } => format!(
                r#"(?i)(?:{key})[\w.-]{{0,24}}["'`]?[ \t]*(?:=|:=|::|:|=>|,|\|\|)[ \t]*["'`]?({value})(?:["'`\s;,)\]}}]|\\[nrt]|$)"#
            ),
        })
    }
}
