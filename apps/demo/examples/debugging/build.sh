#!/usr/bin/env bash
# Rebuilds stats.wasm (Debian clang + wasi-libc). Compile with -g -O0 -c, link WITHOUT -O (a
# linking -O runs wasm-opt, which drops DWARF). -fdebug-prefix-map records the source as
# `stats.c` relative to this folder, so `lantern debug` finds it beside the .wasm. Tests never run
# this script: they read the committed stats.wasm.
set -euo pipefail
cd "$(dirname "$0")"
CC=${CC:-clang}
$CC --target=wasm32-wasi -fdebug-prefix-map="$(pwd)"=. -g -O0 -c stats.c -o /tmp/lantern-stats.o
$CC --target=wasm32-wasi -g /tmp/lantern-stats.o -o stats.wasm
rm -f /tmp/lantern-stats.o
