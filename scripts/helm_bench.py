#!/usr/bin/env python3
"""Helm benchmark: kubegate's in-process renderer vs Helm itself, and `scan` with charts.

For every golden of ../shared/corpora/golden/helm (chart, optional ci values file, plain or
vendor mode) it renders the same case

  * with kubegate, all cases in one process (examples/helm_bench.rs, best of 3), and
  * with ../shared/oracles/helm_template.py (Helm 4.2.3's Go SDK through helm-python-sdk),
    one process per case as `helm template` runs,

and prints both totals and the ratio. Then it times `kubegate scan ../shared/corpora/repos`
(best of 3) with this build (charts rendered) and with a build from before chart rendering
(--before BINARY, default /work/main/target/release/kubegate when present), and the hostile
charts of testdata/helm/hostile (each must end with an error in under 2 s).

Usage: scripts/helm_bench.py [--venv DIR] [--before BIN] [--oracle-limit N]
Needs: cargo build --release --example helm_bench; a venv with `pip install helm-python-sdk`.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")
CORPORA = os.path.join(SHARED, "corpora")


def chart_parents(root):
    out = []
    for d, subdirs, _ in os.walk(root):
        subdirs.sort()
        if os.path.basename(d) != "charts" and any(
            os.path.isfile(os.path.join(d, s, "Chart.yaml")) for s in subdirs
        ):
            out.append(d)
        subdirs[:] = [s for s in subdirs if not os.path.isfile(os.path.join(d, s, "Chart.yaml"))]
    return sorted(out)


def cases():
    golden = os.path.join(CORPORA, "golden", "helm")
    repos = os.path.join(CORPORA, "repos")
    parents = chart_parents(repos)
    out = []
    for repo in sorted(os.listdir(golden)):
        for g in sorted(os.listdir(os.path.join(golden, repo))):
            if g.endswith(".plain.yaml"):
                stem, vendor = g[: -len(".plain.yaml")], False
            elif g.endswith(".vendor.yaml"):
                stem, vendor = g[: -len(".vendor.yaml")], True
            else:
                continue
            chart, _, values = stem.partition("__ci__")
            chart_dir = os.path.join(repos, repo, chart.replace("__", "/"))
            vfile = os.path.join(chart_dir, "ci", values + ".yaml") if values else None
            deps = [os.path.dirname(chart_dir)] + parents if vendor else []
            out.append((chart_dir, vfile, deps))
    return out


def child_cpu():
    """User + system CPU seconds of the children waited for so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def best_of(n, cmd, **kw):
    """Best wall time and best CPU time (user + sys) of n runs."""
    best, best_cpu = None, None
    for _ in range(n):
        t, c = time.perf_counter(), child_cpu()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
        e, ec = time.perf_counter() - t, child_cpu() - c
        best = e if best is None else min(best, e)
        best_cpu = ec if best_cpu is None else min(best_cpu, ec)
    return best, best_cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--venv", default=os.environ.get("HELM_PYTHON_VENV", "/tmp/helmvenv"))
    ap.add_argument("--before", default="/work/main/target/release/kubegate")
    ap.add_argument("--oracle-limit", type=int, default=0, help="time only the first N cases with Helm")
    a = ap.parse_args()
    if not os.path.isdir(CORPORA):
        sys.exit("../shared/corpora is not here")
    bench = os.path.join(ROOT, "target", "release", "examples", "helm_bench")
    kubegate = os.path.join(ROOT, "target", "release", "kubegate")
    cs = cases()
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        for chart, vfile, deps in cs:
            f.write(f"{chart}\t{vfile or '-'}\t{':'.join(deps)}\n")
        listing = f.name
    c = child_cpu()
    out = subprocess.run([bench, listing, "3"], capture_output=True, text=True, check=True).stdout.strip()
    ours_cpu = (child_cpu() - c) / 3
    print(out)
    print(f"kubegate CPU (user+sys) per round of all renders: {ours_cpu:.3f}s (mean of 3 rounds)")
    ours = float(out.split(" in ")[1].split("s")[0])

    oracle = os.path.join(SHARED, "oracles", "helm_template.py")
    timed = cs[: a.oracle_limit] if a.oracle_limit else cs
    t, c = time.perf_counter(), child_cpu()
    failed = 0
    for chart, vfile, deps in timed:
        cmd = [sys.executable, oracle, "--venv", a.venv, "release-name", chart]
        if vfile:
            cmd += ["-f", vfile]
        for d in deps:
            cmd += ["--dep-search-path", d]
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        failed += r.returncode != 0
    helm, helm_cpu = time.perf_counter() - t, child_cpu() - c
    per_ours = ours / len(cs)
    per_helm = helm / len(timed)
    print(f"helm_template.py (Helm 4.2.3 SDK): {len(timed)} renders in {helm:.3f}s, CPU {helm_cpu:.3f}s ({failed} failed), one process each")
    print(f"per render (wall): kubegate {per_ours * 1000:.2f} ms, helm {per_helm * 1000:.1f} ms: helm/kubegate = {per_helm / per_ours:.0f}x")
    cpu_ours, cpu_helm = ours_cpu / len(cs), helm_cpu / len(timed)
    print(f"per render (CPU): kubegate {cpu_ours * 1000:.2f} ms, helm {cpu_helm * 1000:.1f} ms: helm/kubegate = {cpu_helm / cpu_ours:.0f}x")

    repos = os.path.join(CORPORA, "repos")
    scan = ["scan", repos, "--format", "json", "--no-config"]
    now, now_cpu = best_of(3, [kubegate] + scan)
    print(f"kubegate scan ../shared/corpora/repos, charts rendered: {now:.3f}s wall, {now_cpu:.3f}s CPU (best of 3)")
    if os.path.isfile(a.before):
        before, before_cpu = best_of(3, [a.before] + scan)
        print(f"same scan with {a.before}: {before:.3f}s wall, {before_cpu:.3f}s CPU (best of 3)")
    hostile = subprocess.run([bench, "--hostile", os.path.join(ROOT, "testdata", "helm", "hostile")],
                             capture_output=True, text=True)
    print(hostile.stdout.strip())
    if hostile.returncode != 0:
        sys.exit("a hostile chart did not end with an error within 2 s")


if __name__ == "__main__":
    main()
