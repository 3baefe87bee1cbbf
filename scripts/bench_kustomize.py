#!/usr/bin/env python3
"""Kustomize benchmark: kubegate's in-process builder against `kubectl kustomize`.

1. Every kustomization directory of the corpus built in one kubegate process
   (examples/kustomize_build_all.rs) vs one `kubectl kustomize DIR` process per directory,
   both sequential: wall time, best of N, and the ratio.
2. `kubegate scan CORPUS` (which builds the top-level overlays) vs the same scan with
   overlays not built (`--kubegate-before BINARY`, e.g. a release build of main), best of N.

Run after `cargo build --release --example kustomize_build_all` (done unless --no-build).
"""

import argparse
import os
import subprocess
import sys
import time


def best_of(runs, fn):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def kustomization_dirs(root):
    out = []
    for d, subdirs, files in os.walk(root):
        subdirs[:] = sorted(s for s in subdirs if s != ".git")
        if any(f in ("kustomization.yaml", "kustomization.yml", "Kustomization") for f in files):
            out.append(d)
    return sorted(out)


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(here, "..", "shared", "corpora", "repos"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--kubegate-before", help="a kubegate binary that does not build overlays (for the scan figure)")
    a = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(here, "target"))
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--example", "kustomize_build_all"], cwd=here, check=True)
    example = os.path.join(target, "release", "examples", "kustomize_build_all")
    kubegate = os.path.join(target, "release", "kubegate")
    dirs = kustomization_dirs(a.corpus)
    print(f"corpus: {a.corpus}: {len(dirs)} kustomization directories; best of {a.runs}")

    out = subprocess.run([example, a.corpus], capture_output=True, text=True, check=True).stdout.strip()
    ours = best_of(a.runs, lambda: subprocess.run([example, a.corpus], capture_output=True, check=True))
    ok = sum(subprocess.run(["kubectl", "kustomize", d], capture_output=True).returncode == 0 for d in dirs)

    def kubectl_all():
        for d in dirs:
            subprocess.run(["kubectl", "kustomize", d], capture_output=True)

    theirs = best_of(a.runs, kubectl_all)
    print(f"kubegate, one process:        {ours:8.3f} s  ({out})")
    print(f"kubectl kustomize, per dir:   {theirs:8.3f} s  ({ok}/{len(dirs)} built)")
    print(f"ratio: kubectl / kubegate = {theirs / ours:.1f}x")

    def scan(binary):
        return lambda: subprocess.run([binary, "scan", a.corpus, "--no-config", "--format", "json", "--fail-on", "never"],
                                      capture_output=True, check=True)

    after = best_of(a.runs, scan(kubegate))
    print(f"kubegate scan (overlays built):      {after:8.3f} s")
    if a.kubegate_before:
        before = best_of(a.runs, scan(a.kubegate_before))
        print(f"kubegate scan (before: not built):   {before:8.3f} s  ({after / before:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
