//! `--format github`: GitHub Actions workflow commands, so findings appear as annotations on
//! the pull request's diff: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
//! Critical and high are errors, medium warnings, low and info notices. Values are escaped
//! as the Actions runner expects (`%`, `\r`, `\n` everywhere; `:` and `,` in properties too).

use std::io::{self, Write};
use std::path::Path;

use super::display_path;
use crate::diagnostic::Severity;
use crate::scan::ScanResult;

pub fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// Escaping of a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping of a command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut dyn Write, result: &ScanResult, prefix: &Path) -> io::Result<()> {
    for f in &result.findings {
        let mut props = format!("file={}", escape_property(&display_path(prefix, &f.path)));
        if let Some(s) = f.span {
            props.push_str(&format!(
                ",line={},col={},endLine={},endColumn={}",
                s.start.line, s.start.column, s.end.line, s.end.column
            ));
        }
        let title = format!("{} {} ({})", f.rule_id, f.rule_name, f.severity);
        props.push_str(&format!(",title={}", escape_property(&title)));
        let mut message = f.message.clone();
        if let Some(h) = &f.help {
            message.push('\n');
            message.push_str(h);
        }
        writeln!(out, "::{} {props}::{}", command(f.severity), escape_data(&message))?;
    }
    Ok(())
}
