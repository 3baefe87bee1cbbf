//! conftest's `-o table` (tablewriter's default box style): one row per success,
//! exception, warning, skipped test and failure; nothing at all when there are no rows.

use super::super::conftest::CheckResult;

fn width(s: &str) -> usize {
    s.chars().count()
}

fn center(s: &str, w: usize) -> String {
    let fill = w - width(s);
    let left = fill / 2;
    format!("{}{}{}", " ".repeat(left), s, " ".repeat(fill - left))
}

pub fn render(results: &[CheckResult], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut rows: Vec<[String; 4]> = Vec::new();
    for r in results {
        let row = |kind: &str, msg: &str| {
            [kind.to_string(), r.filename.clone(), r.namespace.clone(), msg.to_string()]
        };
        for _ in 0..r.successes {
            rows.push(row("success", "SUCCESS"));
        }
        for o in &r.exceptions {
            rows.push(row("exception", &o.msg));
        }
        for o in &r.warnings {
            rows.push(row("warning", &o.msg));
        }
        for o in &r.skipped {
            rows.push(row("skipped", &o.msg));
        }
        for o in &r.failures {
            rows.push(row("failure", &o.msg));
        }
    }
    if rows.is_empty() {
        return Ok(());
    }
    let header = ["RESULT", "FILE", "NAMESPACE", "MESSAGE"];
    let mut widths = header.map(width);
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            for line in cell.split('\n') {
                widths[i] = widths[i].max(width(line));
            }
        }
    }
    let rule = |l: &str, m: &str, r: &str| {
        let parts: Vec<String> = widths.iter().map(|n| "─".repeat(n + 2)).collect();
        format!("{l}{}{r}", parts.join(m))
    };
    writeln!(w, "{}", rule("┌", "┬", "┐"))?;
    let cells: Vec<String> = header.iter().zip(widths).map(|(h, n)| format!(" {} ", center(h, n))).collect();
    writeln!(w, "│{}│", cells.join("│"))?;
    writeln!(w, "{}", rule("├", "┼", "┤"))?;
    for row in &rows {
        let lines: Vec<Vec<&str>> = row.iter().map(|c| c.split('\n').collect()).collect();
        let height = lines.iter().map(Vec::len).max().unwrap_or(1);
        for i in 0..height {
            let cells: Vec<String> = lines
                .iter()
                .zip(widths)
                .map(|(l, n)| {
                    let s = l.get(i).copied().unwrap_or("");
                    format!(" {}{} ", s, " ".repeat(n - width(s)))
                })
                .collect();
            writeln!(w, "│{}│", cells.join("│"))?;
        }
    }
    writeln!(w, "{}", rule("└", "┴", "┘"))
}
