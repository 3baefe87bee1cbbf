//! conftest's `-o github`: workflow commands grouped per file, `::error`/`::warning`/
//! `::notice` at line 1 (or at the policy's `_loc`), then the summary line.

use super::super::conftest::{CheckResult, Loc, summary_line, totals};
use super::super::gofmt::go_quote;
use super::Options;

fn escape_property(v: &str) -> String {
    v.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A").replace(':', "%3A").replace(',', "%2C")
}

fn line(
    w: &mut dyn std::io::Write,
    level: &str,
    file: &str,
    line_no: &str,
    msg: &str,
) -> std::io::Result<()> {
    writeln!(w, "::{level} file={},line={line_no}::{msg}", escape_property(file))
}

fn with_loc(
    w: &mut dyn std::io::Write,
    level: &str,
    file: &str,
    loc: Option<&Loc>,
    msg: &str,
) -> std::io::Result<()> {
    match loc {
        None => line(w, level, file, "1", msg),
        Some(l) if l.file == file => line(w, level, &l.file, &l.line, msg),
        Some(l) => {
            line(w, level, &l.file, &l.line, msg)?;
            let og = format!("(ORIGINATING FROM {} L{}) {msg}", l.file, l.line);
            line(w, level, file, "1", &og)
        }
    }
}

pub fn render(results: &[CheckResult], opts: &Options, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    for r in results {
        let all_passed =
            r.failures.is_empty() && r.warnings.is_empty() && r.exceptions.is_empty() && r.skipped.is_empty();
        if opts.github_hide_passed && all_passed {
            continue;
        }
        writeln!(
            w,
            "::group::Testing {} against {} policies in namespace {}",
            go_quote(&r.filename),
            r.total(),
            go_quote(&r.namespace)
        )?;
        let f = &r.filename;
        for o in &r.failures {
            with_loc(w, "error", f, o.loc.as_ref(), &o.msg)?;
        }
        for o in &r.warnings {
            with_loc(w, "warning", f, o.loc.as_ref(), &o.msg)?;
        }
        for o in &r.exceptions {
            with_loc(w, "notice", f, o.loc.as_ref(), &o.msg)?;
        }
        for o in &r.skipped {
            with_loc(w, "notice", f, o.loc.as_ref(), &format!("Test was skipped: {}", o.msg))?;
        }
        line(w, "notice", f, "1", &format!("Number of successful checks: {}", r.successes))?;
        writeln!(w, "::endgroup::")?;
    }
    writeln!(w, "{}", summary_line(&totals(results), false))
}
