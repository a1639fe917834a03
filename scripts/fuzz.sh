#!/usr/bin/env bash
# Long fuzzing runs: scripts/fuzz.sh <binary|programs|binaryen|debugger|wasi|wat> <count> [--seed N] [--from I] [--corpus parts]
# Progress and a JSON summary on stdout; findings' inputs under packages/fuzz/findings/<target>/.
# Exit status 1 when anything was found. packages/fuzz/README.md describes the targets.
set -euo pipefail
cd "$(dirname "$0")/../packages/fuzz"
exec node --max-old-space-size=2048 --import tsx src/cli.ts "$@"
