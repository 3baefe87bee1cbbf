//! The closing summary of text formats: files, documents, findings by severity, errors,
//! skipped inputs and elapsed time.

use std::io::{self, Write};

use crate::scan::ScanResult;

pub fn write(out: &mut dyn Write, result: &ScanResult) -> io::Result<()> {
    let s = &result.summary;
    let by = result.count_by_severity();
    let counts: Vec<String> = by.iter().rev().map(|(sev, n)| format!("{sev} {n}")).collect();
    writeln!(
        out,
        "Checked {} files ({} Kubernetes documents) in {:.2}s: {} findings ({}); {} errors; {} skipped",
        s.files,
        s.documents,
        s.elapsed.as_secs_f64(),
        result.findings.len(),
        counts.join(", "),
        result.errors(),
        s.skipped.len()
    )?;
    if s.kustomize_units > 0 {
        writeln!(out, "  built {} kustomizations ({} objects)", s.kustomize_units, s.kustomize_objects)?;
    }
    if s.helm.charts > 0 {
        let h = &s.helm;
        writeln!(
            out,
            "  rendered {} Helm charts ({} value sets, {} failed): {} objects",
            h.charts, h.renders, h.failed, h.objects
        )?;
    }
    for sk in &s.skipped {
        writeln!(out, "  skipped {}: {}", sk.path, sk.reason)?;
    }
    Ok(())
}
