#!/usr/bin/env python3
"""Count template function usage across every Helm chart in a corpus.

Finds charts (directories holding Chart.yaml), lexes the actions (`{{ ... }}`) of every file
under their templates/ directories, and counts identifiers in function position (any bare
identifier that is not a keyword, a field `.x` or a variable `$x`). Prints a markdown table
sorted by count, which docs/helm-functions.md holds.

usage: scripts/helm_func_usage.py [CORPUS_DIR]   (default /work/shared/corpora/repos)
"""
import collections
import os
import re
import sys

KEYWORDS = {"if", "else", "end", "range", "with", "define", "template", "block", "nil",
            "true", "false", "break", "continue"}
TOKEN = re.compile(r"[$.]?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def identifiers(text):
    """Bare identifiers inside actions, scanning strings and comments like Go's lexer does."""
    i, n = 0, len(text)
    while True:
        start = text.find("{{", i)
        if start < 0:
            return
        i = start + 2
        if text.startswith("/*", i) or text.startswith("- /*", i):
            end = text.find("*/", i)
            if end < 0:
                return
            i = text.find("}}", end)
            if i < 0:
                return
            i += 2
            continue
        while i < n and not text.startswith("}}", i):
            c = text[i]
            if c in "\"'`":
                j = i + 1
                while j < n and text[j] != c:
                    j += 2 if (text[j] == "\\" and c != "`") else 1
                i = j + 1
            elif c in "$." or c.isalpha() or c == "_":
                m = TOKEN.match(text, i)
                if not m:
                    i += 1
                    continue
                tok = m.group(0)
                i = m.end()
                if tok[0] not in "$." and tok not in KEYWORDS:
                    yield tok
            else:
                i += 1
        i += 2


def charts(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        if "Chart.yaml" in filenames:
            yield dirpath


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpora/repos"
    counts = collections.Counter()
    chart_use = collections.defaultdict(set)
    n_charts = 0
    for chart in charts(root):
        n_charts += 1
        tdir = os.path.join(chart, "templates")
        for dirpath, _, filenames in os.walk(tdir):
            for fn in filenames:
                try:
                    text = open(os.path.join(dirpath, fn), encoding="utf-8").read()
                except (OSError, UnicodeDecodeError):
                    continue
                for tok in identifiers(text):
                    counts[tok] += 1
                    chart_use[tok].add(chart)
    total = sum(counts.values())
    print(f"Function calls in templates/ of {n_charts} charts under `{os.path.basename(root.rstrip('/'))}`: "
          f"{total} calls, {len(counts)} distinct functions.\n")
    print("| rank | function | calls | share | charts |")
    print("|---:|---|---:|---:|---:|")
    for i, (name, c) in enumerate(counts.most_common(), 1):
        print(f"| {i} | `{name}` | {c} | {100.0 * c / total:.2f}% | {len(chart_use[name])} |")


if __name__ == "__main__":
    main()
