//! Micro benchmark and audit tool for the secret detector.
//!
//! `cargo run --release --example secrets_bench` prints the throughput of `scan_text` on a
//! large generated clean text and on a text full of near-misses (secret-like keys holding
//! templates, references, digests, placeholders; truncated token prefixes), next to the cost
//! of merely reading the text once.
//!
//! `cargo run --release --example secrets_bench -- PATH...` scans every file under the paths
//! instead and prints each finding (redacted) with its file and line, then the throughput.

use kubegate::rules::secrets::scan_text;
use std::time::Instant;

const CLEAN_LINES: &[&str] = &[
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: frontend-web",
    "  namespace: shop",
    "  labels:",
    "    app.kubernetes.io/name: frontend",
    "    app.kubernetes.io/part-of: boutique",
    "spec:",
    "  replicas: 3",
    "  selector:",
    "    matchLabels:",
    "      app: frontend",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: server",
    "          image: ghcr.io/example/frontend:v1.2.3",
    "          ports:",
    "            - containerPort: 8080",
    "          resources:",
    "            requests: {cpu: 100m, memory: 64Mi}",
    "            limits: {cpu: 200m, memory: 128Mi}",
    "          readinessProbe:",
    "            httpGet: {path: /_healthz, port: 8080}",
    "          env:",
    "            - name: PORT",
    "              value: \"8080\"",
    "            - name: LOG_LEVEL",
    "              value: info",
    "# Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.",
];

const NEAR_MISS_LINES: &[&str] = &[
    "          - name: DB_PASSWORD",
    "            valueFrom: {secretKeyRef: {name: db-credentials, key: password}}",
    "  password: \"{{ .Values.auth.password | b64enc | quote }}\"",
    "  token: ${GITHUB_TOKEN}",
    "  api_key: op://kubernetes/grafana/api_key",
    "  existingSecret: my-release-mysql",
    "  secretName: frontend-tls",
    "  tokenPath: /var/run/secrets/kubernetes.io/serviceaccount/token",
    "  passwordKey: mysql-password",
    "  client_secret: 123e4567-e89b-12d3-a456-426614174000",
    "  image: ghcr.io/org/app@sha256:fc442e77200e1914dd46fe26490dcf62f44caa51db673c2f8e67d5319cd4c163",
    "  revision: 9fceb02d0ae598e95dc970b74767f19372d61af8",
    "  password: changeme",
    "  auth: {enabled: true, existingSecret: redis-auth}",
    "  DB_PASSWORD: ENC[AES256_GCM,data:Oyy3hujbQm2Ry9uOuUyif5LrQ4/I53N7Fr,iv:LFyyOZKX/gNZgmdoRU+rcY=,tag:Qqf7EuF5=,type:str]",
    "  url: https://github.com/org/repo.git",
    "  connection: postgres://app:${DB_PASSWORD}@db.internal:5432/app",
    "  # the token ghp_ prefix and AKIA keys are documented at ...",
    "  -----BEGIN CERTIFICATE-----",
    "  MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ",
    "  -----END CERTIFICATE-----",
    "  authorization: Bearer ${TOKEN}",
    "  eyJhbGciOiJIUzI1NiJ9 is a header fragment",
];

fn generate(lines: &[&str], target: usize) -> String {
    let mut text = String::with_capacity(target + 256);
    let mut i = 0;
    while text.len() < target {
        text.push_str(lines[i % lines.len()]);
        text.push('\n');
        i += 1;
    }
    text
}

/// CPU time of this thread in seconds (Linux), so a loaded machine does not distort the
/// figures; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn measure(label: &str, text: &str) {
    let mb = text.len() as f64 / 1e6;
    // Baseline: touch every byte once (count newlines).
    let start = Instant::now();
    let newlines = text.bytes().filter(|&b| b == b'\n').count();
    let read = start.elapsed().as_secs_f64();
    let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut found = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let cpu = thread_cpu_seconds();
        found = scan_text(text).len();
        best = best.min(start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, thread_cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
    }
    println!(
        "{label:<10} {mb:7.1} MB  scan {:8.1} MB/s wall, {:8.1} MB/s cpu  (read once: {:8.1} MB/s, {newlines} lines)  findings: {found}",
        mb / best,
        mb / best_cpu,
        mb / read
    );
}

fn walk(path: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for entry in entries {
            if entry.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            walk(&entry, files);
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}

fn scan_paths(paths: &[String]) {
    let mut files = Vec::new();
    for p in paths {
        walk(std::path::Path::new(p), &mut files);
    }
    let (mut bytes, mut findings) = (0usize, 0usize);
    let start = Instant::now();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        bytes += text.len();
        for m in scan_text(&text) {
            let line = text[..m.span.start].matches('\n').count() + 1;
            println!("{}:{line}: {} {} {}", file.display(), m.rule.id, m.rule.name, m.redacted);
            findings += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {:.1} MB, {findings} findings in {secs:.3} s ({:.1} MB/s, read included)",
        files.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.is_empty() {
        scan_paths(&args);
        return;
    }
    let size = 64 << 20;
    measure("clean", &generate(CLEAN_LINES, size));
    measure("near-miss", &generate(NEAR_MISS_LINES, size));
}
