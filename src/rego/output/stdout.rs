//! conftest's default text output: `WARN/FAIL/EXCP - <file> - <ns> - <msg>` lines, the
//! `PRNT` lines of `print()`, a blank line and the summary; colors unless `--no-color`.

use super::super::conftest::{CheckResult, summary_line, totals};
use super::{Options, indicators};

const RED: &str = "31";
const GREEN: &str = "32";
const YELLOW: &str = "33";
const BLUE: &str = "34";
const CYAN: &str = "36";

fn paint(no_color: bool, code: &str, s: &str) -> String {
    if no_color { s.to_string() } else { format!("\x1b[{code}m{s}\x1b[0m") }
}

/// The trace view (`--trace`): per result, each query and its print output.
pub fn render_trace(
    results: &[CheckResult],
    no_color: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    for r in results {
        let color = if r.failures.is_empty() { GREEN } else { RED };
        for q in &r.queries {
            let line = format!("file: {} | query: {}", r.filename, q);
            writeln!(w, "{}", paint(no_color, color, &line))?;
        }
        for p in &r.prints {
            writeln!(w, "{}  {}", paint(no_color, BLUE, "TRAC "), p)?;
        }
    }
    Ok(())
}

pub fn render(results: &[CheckResult], opts: &Options, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let nc = opts.no_color;
    if opts.tracing {
        return render_trace(results, nc, w);
    }
    for r in results {
        for p in &r.prints {
            // conftest's print hook ends each message with "\n" and Println adds another.
            writeln!(w, "{}  {}\n", paint(nc, BLUE, "PRNT "), p)?;
        }
    }
    for r in results {
        let (file, ns) = indicators(r);
        for o in &r.warnings {
            writeln!(w, "{} {} {} {}", paint(nc, YELLOW, "WARN"), file, ns, o.msg)?;
        }
        for o in &r.failures {
            writeln!(w, "{} {} {} {}", paint(nc, RED, "FAIL"), file, ns, o.msg)?;
        }
        if !opts.suppress_exceptions {
            for o in &r.exceptions {
                writeln!(w, "{} {} {} {}", paint(nc, CYAN, "EXCP"), file, ns, o.msg)?;
            }
        }
    }
    let t = totals(results);
    let color = if t.failures > 0 {
        RED
    } else if t.warnings > 0 {
        YELLOW
    } else if t.exceptions > 0 {
        CYAN
    } else {
        GREEN
    };
    writeln!(w)?;
    writeln!(w, "{}", paint(nc, color, &summary_line(&t, opts.show_skipped)))
}
