#!/usr/bin/env bash
# Rebuilds stats.wasm and overrun.wasm (Debian clang + wasi-libc). Compile with -g -O0 -c, link
# WITHOUT -O (a linking -O runs wasm-opt, which drops DWARF). -fdebug-prefix-map records each
# source relative to this folder, so `lantern debug` finds it beside the .wasm. Tests never run
# this script: they read the committed .wasm files.
set -euo pipefail
cd "$(dirname "$0")"
CC=${CC:-clang}
for name in stats overrun; do
  $CC --target=wasm32-wasi -fdebug-prefix-map="$(pwd)"=. -g -O0 -c $name.c -o /tmp/lantern-$name.o
  $CC --target=wasm32-wasi -g /tmp/lantern-$name.o -o $name.wasm
  rm -f /tmp/lantern-$name.o
done
