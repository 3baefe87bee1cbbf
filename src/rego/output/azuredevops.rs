//! conftest's `-o azuredevops`: logging commands per file, then the summary line.

use super::super::conftest::{CheckResult, summary_line, totals};

pub fn render(results: &[CheckResult], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    for r in results {
        let f = &r.filename;
        writeln!(
            w,
            "##[section]Testing '{f}' against {} policies in namespace '{}'",
            r.total(),
            r.namespace
        )?;
        writeln!(w, "##[group]See conftest results")?;
        for o in &r.failures {
            writeln!(w, "##vso[task.logissue type=error] file={f} --> {}", o.msg)?;
        }
        for o in r.warnings.iter().chain(&r.exceptions) {
            writeln!(w, "##vso[task.logissue type=warning] file={f} --> {}", o.msg)?;
        }
        for o in &r.skipped {
            writeln!(w, "skipped file={f} {}", o.msg)?;
        }
        if r.successes > 0 {
            writeln!(w, "success file={f} {}", r.successes)?;
        }
        writeln!(w, "##[endgroup]")?;
    }
    writeln!(w, "{}", summary_line(&totals(results), false))
}
