//! conftest's `-o tap`. Faithful to conftest, output stops at the first file with no tests.

use super::super::conftest::CheckResult;
use super::indicators;

pub fn render(results: &[CheckResult], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    for r in results {
        let (file, ns) = indicators(r);
        let total = r.total();
        if total == 0 {
            return Ok(());
        }
        let mut n = 1;
        writeln!(w, "1..{total}")?;
        for o in &r.failures {
            writeln!(w, "not ok {n} {file} {ns} {}", o.msg)?;
            n += 1;
        }
        if !r.warnings.is_empty() {
            writeln!(w, "# warnings")?;
            for o in &r.warnings {
                writeln!(w, "not ok {n} {file} {ns} {}", o.msg)?;
                n += 1;
            }
        }
        if !r.exceptions.is_empty() {
            writeln!(w, "# exceptions")?;
            for o in &r.exceptions {
                writeln!(w, "ok {n} {file} {ns} {}", o.msg)?;
                n += 1;
            }
        }
        if !r.skipped.is_empty() {
            writeln!(w, "# skip")?;
            for o in &r.skipped {
                writeln!(w, "ok {n} {file} {ns} {}", o.msg)?;
                n += 1;
            }
        }
        if r.successes > 0 {
            writeln!(w, "# successes")?;
            for _ in 0..r.successes {
                writeln!(w, "ok {n} {file} {ns} SUCCESS")?;
                n += 1;
            }
        }
    }
    Ok(())
}
