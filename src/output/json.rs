//! `--format json`: the machine-readable report documented in docs/json-output.md.
//! A change of meaning bumps `version`.

use std::io::{self, Write};

use rayon::prelude::*;

use serde::Serialize;

use crate::diagnostic::{Finding, Severity};
use crate::scan::ScanResult;
use crate::source::yaml::Pos;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    summary: Summary<'a>,
    // `findings` follows, written by `write_findings`.
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary<'a> {
    files: usize,
    documents: usize,
    findings: usize,
    by_severity: BySeverity,
    errors: usize,
    /// Findings covered by a suppression (they are listed, with `suppressed`, and do not fail the run).
    suppressed: usize,
    skipped: Vec<Skipped<'a>>,
    inputs: Inputs,
    /// Kustomizations built as units and the objects they built.
    kustomize: Built,
    helm: Helm,
}

#[derive(Serialize)]
struct Helm {
    charts: usize,
    renders: usize,
    failed: usize,
    objects: usize,
}

#[derive(Serialize)]
struct Built {
    units: usize,
    objects: usize,
}

#[derive(Serialize)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
}

#[derive(Serialize)]
struct Skipped<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Inputs {
    manifests: usize,
    non_object_yaml: usize,
    kustomizations: usize,
    kustomize_inputs: usize,
    kustomize_resources: usize,
    helm_chart_files: usize,
    text: usize,
    skipped: usize,
    failed: usize,
}

pub fn write(out: &mut dyn Write, result: &ScanResult) -> io::Result<()> {
    let s = &result.summary;
    let a = &s.accounting;
    let report = Report {
        version: VERSION,
        tool: Tool { name: "kubegate", version: env!("CARGO_PKG_VERSION") },
        summary: Summary {
            files: s.files,
            documents: s.documents,
            findings: result.findings.len() - result.suppressed(),
            by_severity: {
                let by = result.count_by_severity();
                let n = |s| by.get(&s).copied().unwrap_or(0);
                BySeverity {
                    critical: n(Severity::Critical),
                    high: n(Severity::High),
                    medium: n(Severity::Medium),
                    low: n(Severity::Low),
                    info: n(Severity::Info),
                }
            },
            errors: result.errors(),
            suppressed: result.suppressed(),
            skipped: s.skipped.iter().map(|k| Skipped { path: &k.path, reason: &k.reason }).collect(),
            inputs: Inputs {
                manifests: a.manifests,
                non_object_yaml: a.non_object_yaml,
                kustomizations: a.kustomizations,
                kustomize_inputs: a.kustomize_inputs,
                kustomize_resources: a.kustomize_resources,
                helm_chart_files: a.helm_chart_files,
                text: a.text,
                skipped: a.skipped_files,
                failed: a.failed,
            },
            kustomize: Built { units: s.kustomize_units, objects: s.kustomize_objects },
            helm: Helm {
                charts: s.helm.charts,
                renders: s.helm.renders,
                failed: s.helm.failed,
                objects: s.helm.objects,
            },
        },
    };
    // The head through serde; the findings, which are most of the bytes, by hand in the
    // same layout as serde_json's pretty printer (2-space indent): serde_json escapes
    // strings byte by byte, which made JSON output a tenth of a whole scan.
    let mut buf = serde_json::to_vec_pretty(&report)?;
    debug_assert!(buf.ends_with(b"\n}"));
    buf.truncate(buf.len() - 2);
    buf.extend_from_slice(b",\n  \"findings\": ");
    let mut w = Pretty { out: buf, depth: 1, first: true };
    w.begin(b'[');
    // Findings are rendered in parallel, a batch at a time (bounded memory), and written
    // in order: on a large scan this is most of what happens after the last file. While
    // one batch is written (the kernel copying it into the file), the next is rendered.
    // The batch buffers are reused: fresh ones would fault in new pages every batch. Two
    // chunks per thread keep the threads busy; more only hold more memory.
    const CHUNK: usize = 512;
    let render = |parts: &mut Vec<Vec<u8>>, batch: &[Finding], first_batch: bool| {
        parts.par_iter_mut().zip(batch.par_chunks(CHUNK)).enumerate().for_each(|(i, (buf, chunk))| {
            let mut p = Pretty { out: std::mem::take(buf), depth: 2, first: first_batch && i == 0 };
            p.out.clear();
            for f in chunk {
                p.element();
                write_finding(&mut p, f);
            }
            *buf = p.out;
        });
        batch.len().div_ceil(CHUNK)
    };
    let n_parts = 2 * rayon::current_num_threads().max(1);
    let (mut ready, mut spare) = (vec![Vec::new(); n_parts], vec![Vec::new(); n_parts]);
    let mut batches = result.findings.chunks(CHUNK * n_parts);
    let mut filled = batches.next().map_or(0, |b| render(&mut ready, b, true));
    out.write_all(&w.out)?;
    w.out.clear();
    w.first = filled == 0;
    loop {
        let next = batches.next();
        let mut next_filled = 0;
        let written = rayon::in_place_scope(|s| {
            if let Some(b) = next {
                s.spawn(|_| next_filled = render(&mut spare, b, false));
            }
            ready[..filled].iter().try_for_each(|part| out.write_all(part))
        });
        written?;
        if next.is_none() {
            break;
        }
        std::mem::swap(&mut ready, &mut spare);
        filled = next_filled;
    }
    w.end(b']');
    w.out.extend_from_slice(b"\n}\n");
    out.write_all(&w.out)
}

fn write_finding(w: &mut Pretty, f: &Finding) {
    w.out.reserve(1024 + f.message.len() + f.help.as_ref().map_or(0, |h| h.len()));
    // The fields every finding has, as literal runs of serde_json's layout at this depth
    // (the object at 4 spaces, its fields at 6, theirs at 8): one copy per field.
    debug_assert_eq!(w.depth, 2);
    w.out.extend_from_slice(b"{\n      \"rule_id\": ");
    w.str(&f.rule_id);
    w.out.extend_from_slice(b",\n      \"rule_name\": ");
    w.str(&f.rule_name);
    w.out.extend_from_slice(b",\n      \"severity\": \"");
    w.out.extend_from_slice(f.severity.as_str().as_bytes());
    w.out.extend_from_slice(b"\",\n      \"message\": ");
    w.str(&f.message);
    w.out.extend_from_slice(b",\n      \"path\": ");
    w.str(&f.path);
    w.out.extend_from_slice(b",\n      \"start\": ");
    field_pos(w, f.span.map(|s| s.start));
    w.out.extend_from_slice(b",\n      \"end\": ");
    field_pos(w, f.span.map(|s| s.end));
    w.out.extend_from_slice(b",\n      \"resource\": ");
    match &f.resource {
        None => w.null(),
        Some(r) => {
            w.out.extend_from_slice(b"{\n        \"api_version\": ");
            w.opt_str(r.api_version.as_deref());
            w.out.extend_from_slice(b",\n        \"kind\": ");
            w.opt_str(r.kind.as_deref());
            w.out.extend_from_slice(b",\n        \"namespace\": ");
            w.opt_str(r.namespace.as_deref());
            w.out.extend_from_slice(b",\n        \"name\": ");
            w.opt_str(r.name.as_deref());
            w.out.extend_from_slice(b",\n        \"document\": ");
            w.uint(r.document as u64);
            w.out.extend_from_slice(b"\n      }");
        }
    }
    w.out.extend_from_slice(b",\n      \"object_path\": ");
    w.opt_str(f.object_path.as_deref());
    w.out.extend_from_slice(b",\n      \"help\": ");
    w.opt_str(f.help.as_deref());
    w.out.extend_from_slice(b",\n      \"fingerprint\": ");
    w.str(&f.fingerprint);
    // The rest (rare) through the general writer, inside the finding's object.
    w.depth = 3;
    w.first = false;
    if let Some(s) = &f.suppressed {
        w.key("suppressed");
        w.begin(b'{');
        w.key("reason");
        w.str(&s.reason);
        w.key("kind");
        w.str(s.kind.as_str());
        w.end(b'}');
    }
    if !f.origin.is_empty() {
        w.key("origin");
        w.begin(b'[');
        for o in &f.origin {
            w.element();
            w.begin(b'{');
            w.key("path");
            w.str(&o.path);
            w.key("start");
            w.pos(o.span.start);
            w.key("end");
            w.pos(o.span.end);
            w.key("role");
            w.str(o.role.as_str());
            w.end(b'}');
        }
        w.end(b']');
    }
    if let Some(r) = f.rendered.as_deref() {
        w.key("rendered");
        w.begin(b'{');
        w.key("unit");
        w.str(&r.unit);
        w.key("by");
        w.str(r.by);
        w.key("document");
        w.uint(r.document as u64);
        w.key("start");
        w.pos(r.span.start);
        w.key("end");
        w.pos(r.span.end);
        w.end(b'}');
    }
    w.end(b'}');
}

/// A finding's `start`/`end`: a position object with its fields at 8 spaces.
fn field_pos(w: &mut Pretty, p: Option<Pos>) {
    let Some(p) = p else { return w.null() };
    w.out.extend_from_slice(b"{\n        \"line\": ");
    w.uint(p.line.into());
    w.out.extend_from_slice(b",\n        \"column\": ");
    w.uint(p.column.into());
    w.out.extend_from_slice(b",\n        \"offset\": ");
    w.uint(p.offset.into());
    w.out.extend_from_slice(b"\n      }");
}

/// Whether any of eight bytes is a control character, `"` or `\\` (SWAR: a byte is
/// below 0x20, or equal to 0x22 / 0x5c, exactly when the matching high bit ends up set).
fn needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGH;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    (below(x, 0x20) | zero(x ^ (ONES * 0x22)) | zero(x ^ (ONES * 0x5c))) != 0
}

/// Whether no byte of `b` needs escaping: eight bytes per step (the last step overlaps the
/// one before); a string shorter than eight is padded with spaces.
fn is_clean(b: &[u8]) -> bool {
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
    if b.len() < 8 {
        let mut pad = [b' '; 8];
        pad[..b.len()].copy_from_slice(b);
        return !needs_escape(u64::from_le_bytes(pad));
    }
    let mut chunks = b.chunks_exact(8);
    chunks.all(|c| !needs_escape(word(c))) && !needs_escape(word(&b[b.len() - 8..]))
}

/// serde_json's `PrettyFormatter` layout, written straight into a byte buffer.
struct Pretty {
    out: Vec<u8>,
    depth: usize,
    /// No element written yet at the current level.
    first: bool,
}

impl Pretty {
    fn newline(&mut self) {
        // A line break and the indentation in one copy (findings nest 6 deep at most).
        const INDENT: &[u8] = b"\n                                ";
        match INDENT.get(..1 + 2 * self.depth) {
            Some(s) => self.out.extend_from_slice(s),
            None => {
                self.out.push(b'\n');
                self.out.resize(self.out.len() + 2 * self.depth, b' ');
            }
        }
    }
    fn begin(&mut self, open: u8) {
        self.out.push(open);
        self.depth += 1;
        self.first = true;
    }
    fn end(&mut self, close: u8) {
        self.depth -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(close);
        self.first = false;
    }
    /// Before an array element.
    fn element(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.newline();
    }
    /// A key (our own field names: nothing to escape).
    fn key(&mut self, k: &'static str) {
        self.element();
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }
    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }
    fn uint(&mut self, n: u64) {
        self.out.extend_from_slice(crate::diagnostic::decimal(n, &mut [0; 20]));
    }
    fn pos(&mut self, p: Pos) {
        self.begin(b'{');
        self.key("line");
        self.uint(p.line.into());
        self.key("column");
        self.uint(p.column.into());
        self.key("offset");
        self.uint(p.offset.into());
        self.end(b'}');
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }
    /// A JSON string escaped as serde_json does: `\"`, `\\`, `\b \f \n \r \t`, other
    /// control characters as `\u00xx`; everything else (non-ASCII included) as is.
    fn str(&mut self, s: &str) {
        self.out.push(b'"');
        let b = s.as_bytes();
        // Most strings need no escaping: checked eight bytes at a time, then one copy.
        if is_clean(b) {
            self.out.extend_from_slice(b);
            self.out.push(b'"');
            return;
        }
        let mut run = 0;
        let mut i = 0;
        while i < b.len() {
            // eight bytes at a time while none needs escaping
            if let Some(chunk) = b.get(i..i + 8)
                && !needs_escape(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])))
            {
                i += 8;
                continue;
            }
            let c = b[i];
            i += 1;
            if c >= 0x20 && c != b'"' && c != b'\\' {
                continue;
            }
            let i = i - 1;
            self.out.extend_from_slice(&b[run..i]);
            run = i + 1;
            match c {
                b'"' => self.out.extend_from_slice(b"\\\""),
                b'\\' => self.out.extend_from_slice(b"\\\\"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                b'\t' => self.out.extend_from_slice(b"\\t"),
                0x08 => self.out.extend_from_slice(b"\\b"),
                0x0c => self.out.extend_from_slice(b"\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.extend_from_slice(b"\\u00");
                    self.out.push(HEX[usize::from(c >> 4)]);
                    self.out.push(HEX[usize::from(c & 0xf)]);
                }
            }
        }
        self.out.extend_from_slice(&b[run..]);
        self.out.push(b'"');
    }
}

#[cfg(test)]
mod tests {
    use super::Pretty;

    #[test]
    fn strings_escape_as_serde_json_does() {
        let all_bytes: String = (0u8..0x80).map(char::from).collect();
        for s in [
            "",
            "plain",
            "0123456789abcdé\"ghij\\klmnopqrstuvwxyz€\n12345678",
            "a\"b\\c",
            "tab\tnl\ncr\r",
            "\u{7f}\u{1f}\u{0}",
            "ünï €",
            &all_bytes,
        ] {
            let mut w = Pretty { out: Vec::new(), depth: 0, first: true };
            w.str(s);
            assert_eq!(String::from_utf8(w.out).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn clean_check_finds_every_byte_to_escape() {
        for len in 0..40 {
            let clean: Vec<u8> =
                (0..len).map(|i| [b'a', b' ', 0x7f, 0x80, 0xff, b'!', b'#', b']'][i % 8]).collect();
            assert!(super::is_clean(&clean), "{clean:?}");
            for at in 0..len {
                for c in [0u8, 0x1f, b'"', b'\\'] {
                    let mut dirty = clean.clone();
                    dirty[at] = c;
                    assert!(!super::is_clean(&dirty), "{dirty:?}");
                }
            }
        }
    }

    #[test]
    fn layout_matches_serde_pretty() {
        let mut w = Pretty { out: Vec::new(), depth: 0, first: true };
        w.begin(b'{');
        w.key("a");
        w.begin(b'[');
        w.end(b']');
        w.key("b");
        w.begin(b'[');
        w.element();
        w.begin(b'{');
        w.key("c");
        w.uint(0);
        w.key("d");
        w.null();
        w.end(b'}');
        w.element();
        w.begin(b'{');
        w.end(b'}');
        w.end(b']');
        w.end(b'}');
        let v = serde_json::json!({"a": [], "b": [{"c": 0, "d": null}, {}]});
        assert_eq!(String::from_utf8(w.out).unwrap(), serde_json::to_string_pretty(&v).unwrap());
    }

    /// The findings are rendered in parallel batches of chunks: across chunk and batch
    /// boundaries the output is still valid, in order, and laid out as serde_json's pretty
    /// printer does.
    #[test]
    fn batches_join_into_serde_pretty_layout() {
        for n in [0usize, 1, 511, 512, 513, 1023, 1024, 1025, 2047, 2048, 2049, 4097, 16 * 1024 + 1, 40_000] {
            let findings = (0..n)
                .map(|i| {
                    crate::scan::file_finding(
                        &crate::rules::core::INTERNAL_ERROR,
                        &format!("f{i:05}.yaml"),
                        None,
                        format!("finding \"{i}\""),
                    )
                })
                .collect();
            let result = crate::scan::ScanResult { findings, ..Default::default() };
            let mut out = Vec::new();
            super::write(&mut out, &result).unwrap();
            let text = String::from_utf8(out).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let found = v["findings"].as_array().unwrap();
            assert_eq!(found.len(), n);
            for (i, f) in found.iter().enumerate() {
                assert_eq!(f["path"], format!("f{i:05}.yaml"), "{n} findings, #{i}");
            }
            // every finding at the same depth, as serde_json's pretty printer puts it
            assert_eq!(text.matches("\n    {\n      \"rule_id\": ").count(), n, "{n} findings");
            assert!(text.ends_with(if n == 0 { "\"findings\": []\n}\n" } else { "\n    }\n  ]\n}\n" }));
        }
    }
}
