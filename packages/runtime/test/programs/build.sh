#!/bin/sh
# Rebuilds the WASI test programs (C → wasm32-wasi command modules) with Debian's clang 14,
# wasi-libc (package wasi-libc) and libclang-rt-14-dev-wasm32.
# NB: -O2 at compile time only; an -O at link time would run wasm-opt as well.
set -eu
cd "$(dirname "$0")"
for dir in */; do
  name=${dir%/}
  [ -f "$name/$name.c" ] || continue
  clang --target=wasm32-wasi -O2 -Wall -c "$name/$name.c" -o "$name/$name.o"
  clang --target=wasm32-wasi -Wl,--strip-all "$name/$name.o" -o "$name/$name.wasm"
  rm "$name/$name.o"
  echo "built $name/$name.wasm ($(wc -c < "$name/$name.wasm") bytes)"
done
