//! conftest's `-o junit` (go-junit-report's XML): one `<testsuite>` per namespace named
//! `conftest.<ns>`; warnings and failures are failing testcases, successes passing ones,
//! skipped tests `<skipped>`, exceptions omitted. The property names kubegate's version
//! where conftest names its Go version.

use super::super::conftest::CheckResult;
use super::Options;

/// Go's `xml.EscapeText`.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => o.push_str("&#34;"),
            '\'' => o.push_str("&#39;"),
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\t' => o.push_str("&#x9;"),
            '\n' => o.push_str("&#xA;"),
            '\r' => o.push_str("&#xD;"),
            c => o.push(c),
        }
    }
    o
}

enum Case {
    Fail(String),
    Skip(String),
    Pass,
}

pub fn render(results: &[CheckResult], opts: &Options, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let name = |file: &str, msg: &str| {
        if opts.junit_hide_message || msg.is_empty() {
            file.to_string()
        } else {
            format!("{file} - {}", msg.split('\n').next().unwrap_or(""))
        }
    };
    let mut suites: Vec<(String, Vec<(String, Case)>)> = Vec::new();
    for r in results {
        let idx = match suites.iter().position(|(ns, _)| *ns == r.namespace) {
            Some(i) => i,
            None => {
                suites.push((r.namespace.clone(), Vec::new()));
                suites.len() - 1
            }
        };
        let cases = &mut suites[idx].1;
        for o in r.warnings.iter().chain(&r.failures) {
            cases.push((name(&r.filename, &o.msg), Case::Fail(o.msg.clone())));
        }
        for o in &r.skipped {
            cases.push((name(&r.filename, &o.msg), Case::Skip(o.msg.clone())));
        }
        for _ in 0..r.successes {
            cases.push((name(&r.filename, ""), Case::Pass));
        }
    }
    suites.retain(|(_, c)| !c.is_empty());
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    if suites.is_empty() {
        return writeln!(w, "<testsuites></testsuites>");
    }
    writeln!(w, "<testsuites>")?;
    for (ns, cases) in &suites {
        let suite = esc(&format!("conftest.{ns}"));
        let failures = cases.iter().filter(|(_, c)| matches!(c, Case::Fail(_))).count();
        writeln!(
            w,
            "\t<testsuite tests=\"{}\" failures=\"{failures}\" time=\"0.000\" name=\"{suite}\">",
            cases.len()
        )?;
        writeln!(w, "\t\t<properties>")?;
        writeln!(
            w,
            "\t\t\t<property name=\"kubegate.version\" value=\"{}\"></property>",
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(w, "\t\t</properties>")?;
        for (case_name, case) in cases {
            let open =
                format!("\t\t<testcase classname=\"{suite}\" name=\"{}\" time=\"0.000\">", esc(case_name));
            match case {
                Case::Pass => writeln!(w, "{open}</testcase>")?,
                Case::Fail(msg) => {
                    writeln!(w, "{open}")?;
                    writeln!(w, "\t\t\t<failure message=\"Failed\" type=\"\">{}</failure>", esc(msg))?;
                    writeln!(w, "\t\t</testcase>")?;
                }
                Case::Skip(msg) => {
                    writeln!(w, "{open}")?;
                    writeln!(w, "\t\t\t<skipped message=\"{}\"></skipped>", esc(msg))?;
                    writeln!(w, "\t\t</testcase>")?;
                }
            }
        }
        writeln!(w, "\t</testsuite>")?;
    }
    writeln!(w, "</testsuites>")
}
