#!/usr/bin/env python3
"""Benchmark Rego policies inside `kubegate scan`: 20 realistic policies (the bundled library
in rules/ plus scripts/bench-policies/) over the synthetic repository, single-threaded and on
all cores, with peak RSS; the built-in rules alone for comparison (and both together with --with-combined).

Why this exists: issue 8 asks for documents/s with 20 policies on the 100k-document
repository. conftest is not installed here, so only kubegate's figures are printed.

Python 3.11 standard library only.

    python3 scripts/bench_policies.py [--docs 100000] [--repo /tmp/syn100k] [--runs 3] [--no-build]

Each figure is the best (lowest wall time) of --runs runs; RSS is that run's peak.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "kubegate")
POLICIES = ["--policy", os.path.join(ROOT, "rules"), "--policy", os.path.join(ROOT, "scripts", "bench-policies")]


def run(cmd: list[str]) -> tuple[float, int, int, float]:
    """Wall seconds, exit code, peak RSS (KiB), user+sys CPU seconds of one run."""
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        p = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        err = p.stderr.read().decode(errors="replace") if p.stderr else ""
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {code}: {err}")
    return wall, code, ru.ru_maxrss, ru.ru_utime + ru.ru_stime


def documents(repo: str) -> int:
    out = subprocess.run(
        [BIN, "scan", repo, "--format", "json", "--load-only", "--no-config"],
        capture_output=True, check=False, text=True,
    )
    return json.loads(out.stdout)["summary"]["documents"]


def count_policies() -> int:
    n = 0
    for d in [os.path.join(ROOT, "rules"), os.path.join(ROOT, "scripts", "bench-policies")]:
        for base, _, files in os.walk(d):
            for f in files:
                if f.endswith(".rego") and not f.endswith("_test.rego") and f != "lib.rego":
                    n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--repo", default="/tmp/syn100k")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--with-combined", action="store_true", help="also time built-in rules + policies together")
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if not os.path.isdir(args.repo):
        subprocess.run(
            [sys.executable, os.path.join(ROOT, "scripts", "gen_synthetic.py"), "--docs", str(args.docs), "--out", args.repo],
            check=True, stdout=subprocess.DEVNULL,
        )
    docs = documents(args.repo)
    cores = os.cpu_count() or 1
    print(f"repository {args.repo}: {docs} Kubernetes documents; {count_policies()} policies; {cores} cores; best of {args.runs}")
    base = [BIN, "scan", args.repo, "--format", "json", "--no-config", "-o", os.devnull]
    cases = [
        ("built-in rules only", base),
        ("20 policies only (--ignore all)", base + POLICIES + ["--ignore", "all"]),
    ]
    if args.with_combined:
        cases.append(("built-in rules + 20 policies", base + POLICIES))
    print(f"{'case':<34} {'threads':>7} {'wall s':>8} {'docs/s':>9} {'CPU s':>7} {'peak RSS MB':>12}")
    for name, cmd in cases:
        for threads in (1, cores):
            best = None
            for _ in range(args.runs):
                r = run(cmd + ["--threads", str(threads)])
                if best is None or r[0] < best[0]:
                    best = r
            wall, _, rss, cpu = best
            print(f"{name:<34} {threads:>7} {wall:>8.2f} {docs / wall:>9.0f} {cpu:>7.2f} {rss / 1024:>12.0f}")


if __name__ == "__main__":
    main()
