#!/usr/bin/env bash
# Rebuilds hello.wasm with Debian's clang + wasi-libc (packages: clang lld wasi-libc libclang-rt-14-dev-wasm32).
# Compile with -g -O1 -c, then link WITHOUT -O: a linking -O runs wasm-opt, which drops DWARF.
set -euo pipefail
cd "$(dirname "$0")"
clang --target=wasm32-wasi -g -O1 -c hello.c -o hello.o
clang --target=wasm32-wasi -g hello.o -o hello.wasm
rm -f hello.o
