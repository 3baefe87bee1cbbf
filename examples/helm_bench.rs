//! Render-time benchmark of the in-process Helm renderer, in one process.
//!
//! `cargo run --release --example helm_bench -- CASES [ROUNDS]` renders every case of the
//! CASES file (one per line: `CHART_DIR<TAB>VALUES_FILE or -<TAB>DEPENDENCY_DIRS joined
//! with :`), ROUNDS times (default 3), and prints the best total time, the renders and how
//! many failed. `-- --hostile DIR` renders each chart under DIR (testdata/helm/hostile)
//! and fails (exit 1) when one takes longer than 2 s or renders without an error.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kubegate::source::helm::{Options, render_dir};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--hostile") {
        std::process::exit(hostile(Path::new(args.get(1).map_or("testdata/helm/hostile", String::as_str))));
    }
    let Some(cases_file) = args.first() else {
        eprintln!("usage: helm_bench CASES [ROUNDS] | --hostile DIR");
        std::process::exit(2);
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let text = std::fs::read_to_string(cases_file).unwrap_or_default();
    let cases: Vec<(PathBuf, Option<String>, Vec<PathBuf>)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split('\t');
            let chart = PathBuf::from(parts.next().unwrap_or(""));
            let values = parts.next().filter(|v| *v != "-").and_then(|v| std::fs::read_to_string(v).ok());
            let deps =
                parts.next().unwrap_or("").split(':').filter(|d| !d.is_empty()).map(PathBuf::from).collect();
            (chart, values, deps)
        })
        .collect();
    let mut best = Duration::MAX;
    let mut failed = 0;
    let mut bytes = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        failed = 0;
        bytes = 0;
        for (chart, values, deps) in &cases {
            let opts = Options {
                values_texts: values.iter().cloned().collect(),
                dependency_dirs: deps.clone(),
                ..Options::default()
            };
            match render_dir(chart, &opts) {
                Ok(r) => bytes += r.to_helm_output().len(),
                Err(_) => failed += 1,
            }
        }
        best = best.min(started.elapsed());
    }
    println!(
        "kubegate in-process: {} renders in {:.3}s (best of {rounds}), {failed} failed, {bytes} bytes of output",
        cases.len(),
        best.as_secs_f64()
    );
}

fn hostile(dir: &Path) -> i32 {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    let mut code = 0;
    for chart in entries {
        let started = Instant::now();
        let r = render_dir(&chart, &Options::default());
        let took = started.elapsed();
        let verdict = match &r {
            Err(e) => e.lines().last().unwrap_or("").chars().take(100).collect::<String>(),
            Ok(_) => "rendered (expected an error)".into(),
        };
        println!("hostile {}: {:.3}s: {verdict}", chart.display(), took.as_secs_f64());
        if r.is_ok() || took > Duration::from_secs(2) {
            code = 1;
        }
    }
    code
}
