//! `--format concise`: one line per finding, `path:line:col: severity[rule-id] message`.

use std::io::{self, Write};
use std::path::Path;

use super::display_path;
use crate::scan::ScanResult;

pub fn write(out: &mut dyn Write, result: &ScanResult, prefix: &Path) -> io::Result<()> {
    for f in &result.findings {
        let (l, c) = f.span.map_or((1, 1), |s| (s.start.line, s.start.column));
        writeln!(
            out,
            "{}:{l}:{c}: {}[{}] {}",
            display_path(prefix, &f.path),
            f.severity,
            f.rule_id,
            f.message
        )?;
    }
    Ok(())
}
