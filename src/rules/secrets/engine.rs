//! The scanning engine. One Aho-Corasick automaton over every rule's keywords (ASCII
//! case-insensitive) finds where rules can possibly match; each rule's regex then runs only on
//! the lines holding one of its keywords, so a clean file costs one automaton pass. Regexes are
//! compiled lazily, on the first text that needs them, with the linear-time `regex` crate.
//! Candidates then go through validators, entropy gates and false-positive filters, and
//! overlapping matches are resolved in favour of the most specific rule.

use super::entropy;
use super::filters;
use super::generic;
use super::redact;
use super::rule::{Candidate, EntropyGate, Kind, Pattern, SecretRule};
use super::table::RULES;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::bytes::{Regex, RegexBuilder};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

/// A secret found in a text. It never holds the secret in clear: `span` locates it in the
/// scanned text, `redacted` and `fingerprint` are safe to print.
#[derive(Debug, Clone)]
pub struct SecretMatch {
    pub rule: &'static SecretRule,
    /// Byte range of the secret in the scanned text.
    pub span: Range<usize>,
    /// A display form that does not reveal the secret (`ghp_…(40 chars)`).
    pub redacted: String,
    /// Hex SHA-256 of the rule id and the secret: stable, location-independent.
    pub fingerprint: String,
    /// Shannon entropy of the secret in bits per character (not computed for key blocks).
    pub entropy: Option<f64>,
}

struct Engine {
    keywords: AhoCorasick,
    /// For each keyword pattern, the rules it enables.
    keyword_rules: Vec<Vec<usize>>,
    regexes: Vec<OnceLock<Regex>>,
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut patterns: Vec<&'static str> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        for (index, rule) in RULES.iter().enumerate() {
            for keyword in rule.keywords {
                match patterns.iter().position(|p| p.eq_ignore_ascii_case(keyword)) {
                    Some(i) => keyword_rules[i].push(index),
                    None => {
                        patterns.push(keyword);
                        keyword_rules.push(vec![index]);
                    }
                }
            }
        }
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            // 258 keywords over ~40 first bytes: a start-byte prefilter re-entered after
            // every failed start costs more than the plain DFA loop (callgrind on the corpora).
            .prefilter(false)
            .build(&patterns)
            .expect("the secret keywords form a valid automaton");
        Engine { keywords, keyword_rules, regexes: RULES.iter().map(|_| OnceLock::new()).collect() }
    })
}

/// Compiles the regex of `RULES[index]`; the table is static, so failure is a bug.
fn compile(rule: &SecretRule) -> Regex {
    let source = rule.regex_source().unwrap_or_else(|| panic!("secret rule {} has no regex", rule.id));
    RegexBuilder::new(&source)
        .unicode(false)
        .size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("secret rule {} has an invalid regex: {e}", rule.id))
}

pub(crate) fn regex_for(index: usize) -> &'static Regex {
    engine().regexes[index].get_or_init(|| compile(&RULES[index]))
}

/// The line (without its newline) holding byte `pos`.
fn line_around(text: &[u8], pos: usize) -> Range<usize> {
    let start = text[..pos].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let end = text[pos..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| pos + i);
    start..end
}

/// Where the keywords occur: for regex rules the merged line ranges holding one (`lines`,
/// `(rule, range)` sorted by rule then position), for assignment rules the keyword offsets
/// themselves (`hits`, `(rule, offset)` sorted and deduplicated). Flat lists, so a text with
/// few hits (a clean file, a short structural value) allocates little or nothing.
struct KeywordHits {
    lines: Vec<(usize, Range<usize>)>,
    hits: Vec<(usize, usize)>,
}

fn keyword_regions(text: &str) -> KeywordHits {
    let engine = engine();
    let bytes = text.as_bytes();
    let mut lines: Vec<(usize, Range<usize>)> = Vec::new();
    let mut hits: Vec<(usize, usize)> = Vec::new();
    // A non-overlapping search finds the first keyword of a line; every keyword of that line
    // (overlapping ones included: `secret` inside `aws_secret_access_key`) is then enumerated
    // on the line alone, and the search resumes on the next line. Keywords hold no newline, so
    // this sees exactly the occurrences of an overlapping search over the whole text, at the
    // cost of the cheaper non-overlapping scan on lines without any keyword.
    let mut at = 0;
    while at < bytes.len() {
        let Some(first) = engine.keywords.find(aho_corasick::Input::new(bytes).span(at..bytes.len())) else {
            break;
        };
        let line = line_around(bytes, first.start());
        // The region of a hit: its line and the next one, so a context keyword in a key line
        // (`- name: DISCORD_BOT_TOKEN`) also covers the value line below it.
        let region = if line.end < bytes.len() {
            line.start..line_around(bytes, line.end + 1).end
        } else {
            line.clone()
        };
        let on_line = &bytes[line.clone()];
        for hit in engine.keywords.find_overlapping_iter(on_line) {
            let start = line.start + hit.start();
            for &rule in &engine.keyword_rules[hit.pattern().as_usize()] {
                if let Pattern::Assignment = RULES[rule].pattern {
                    hits.push((rule, start));
                } else {
                    lines.push((rule, region.clone()));
                }
            }
        }
        at = line.end + 1;
    }
    hits.sort_unstable();
    hits.dedup();
    lines.sort_unstable_by_key(|(rule, r)| (*rule, r.start, r.end));
    let mut merged: Vec<(usize, Range<usize>)> = Vec::with_capacity(lines.len());
    for (rule, region) in lines {
        match merged.last_mut() {
            Some((last_rule, last)) if *last_rule == rule && region.start <= last.end + 1 => {
                last.end = last.end.max(region.end)
            }
            _ => merged.push((rule, region)),
        }
    }
    KeywordHits { lines: merged, hits }
}

fn passes_entropy(gate: Option<EntropyGate>, secret: &str) -> bool {
    match gate {
        None => true,
        Some(EntropyGate::Min(min)) => entropy::shannon(secret) >= min,
        Some(EntropyGate::LengthAware) => entropy::looks_random(secret),
    }
}

/// The capture groups of one rule's regex inside one region, as ranges of `text`.
fn regex_groups(text: &str, rule_index: usize, region: Range<usize>) -> Vec<Vec<Option<Range<usize>>>> {
    let haystack = &text.as_bytes()[region.clone()];
    regex_for(rule_index)
        .captures_iter(haystack)
        .map(|caps| {
            caps.iter().map(|m| m.map(|m| region.start + m.start()..region.start + m.end())).collect()
        })
        .collect()
}

/// Validates, gates and filters the raw matches of one rule.
fn rule_candidates(
    text: &str,
    rule_index: usize,
    all_groups: Vec<Vec<Option<Range<usize>>>>,
    out: &mut Vec<(usize, Range<usize>)>,
) {
    let rule = &RULES[rule_index];
    for groups in all_groups {
        let Some(Some(secret)) = groups.get(rule.secret_group).cloned() else {
            continue;
        };
        if !text.is_char_boundary(secret.start) || !text.is_char_boundary(secret.end) {
            continue;
        }
        let secret = match rule.validator {
            Some(validate) => {
                let candidate = Candidate { text, groups: &groups, secret };
                match validate(&candidate) {
                    Some(span) => span,
                    None => continue,
                }
            }
            None => secret,
        };
        if secret.is_empty() || !text.is_char_boundary(secret.start) || !text.is_char_boundary(secret.end) {
            continue;
        }
        if !passes_entropy(rule.entropy, &text[secret.clone()]) {
            continue;
        }
        if filters::reject_reason(text, rule, &secret).is_some() {
            continue;
        }
        out.push((rule_index, secret));
    }
}

/// Keeps, among overlapping candidates, the highest priority then the longest.
fn resolve_overlaps(mut candidates: Vec<(usize, Range<usize>)>) -> Vec<(usize, Range<usize>)> {
    candidates.sort_by(|(ra, a), (rb, b)| {
        RULES[*rb]
            .priority
            .cmp(&RULES[*ra].priority)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
            .then(ra.cmp(rb))
    });
    let mut accepted: BTreeMap<usize, (usize, Range<usize>)> = BTreeMap::new();
    for (rule, span) in candidates {
        let before = accepted.range(..=span.start).next_back().is_some_and(|(_, (_, s))| s.end > span.start);
        let after = accepted.range(span.start..).next().is_some_and(|(_, (_, s))| s.start < span.end);
        if !before && !after {
            accepted.insert(span.start, (rule, span));
        }
    }
    accepted.into_values().collect()
}

/// Builds the public match for a secret of `text` (the only place the clear value is read).
pub(crate) fn make_match(rule: &'static SecretRule, text: &str, span: Range<usize>) -> SecretMatch {
    let secret = &text[span.clone()];
    SecretMatch {
        rule,
        redacted: redact::redact(secret),
        fingerprint: redact::fingerprint(rule.id, secret),
        entropy: (rule.kind != Kind::PrivateKey).then(|| entropy::shannon(secret)),
        span,
    }
}

/// Every secret in `text`, ordered by position.
pub fn scan_text(text: &str) -> Vec<SecretMatch> {
    let found = keyword_regions(text);
    if found.lines.is_empty() && found.hits.is_empty() {
        return Vec::new();
    }
    let mut candidates = Vec::new();
    for (rule_index, region) in found.lines {
        let groups = regex_groups(text, rule_index, region);
        rule_candidates(text, rule_index, groups, &mut candidates);
    }
    for rule_hits in found.hits.chunk_by(|a, b| a.0 == b.0) {
        let rule_index = rule_hits[0].0;
        let offsets: Vec<usize> = rule_hits.iter().map(|&(_, at)| at).collect();
        let mut groups = Vec::new();
        generic::assignments_at_hits(text, &offsets, &mut groups);
        rule_candidates(text, rule_index, groups, &mut candidates);
    }
    resolve_overlaps(candidates)
        .into_iter()
        .map(|(rule, span)| make_match(&RULES[rule], text, span))
        .collect()
}
