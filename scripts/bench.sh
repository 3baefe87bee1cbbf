#!/usr/bin/env bash
# Thin wrapper: the benchmark lives in bench.py (Python 3 standard library only).
# Usage: scripts/bench.sh [--docs N] [--runs R] [--no-build] ... (see scripts/bench.py --help)
set -euo pipefail
exec python3 "$(dirname "${BASH_SOURCE[0]}")/bench.py" "$@" </dev/null
