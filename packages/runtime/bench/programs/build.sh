#!/bin/sh
# Rebuilds the benchmark programs — all of them, or those named: ./build.sh [name...] — each
# from the source in its directory to <name>/<name>.wasm: pure-compute wasm32 modules with no
# imports and one `run(n)` export returning a checksum. The bench and the tests read the
# committed .wasm files and never run this; with the same toolchains a rebuild gives the same bytes.
#
#   <name>/<name>.c   C with Debian's clang 14 + wasi-libc (package wasi-libc) and
#                     libclang-rt-14-dev-wasm32. NB: -O2 at compile time only; an -O at link
#                     time would run wasm-opt (binaryen) as well.
#   <name>/main.rs    Rust std, wasm32-unknown-unknown cdylib, with Debian's rustc 1.63 and its
#                     wasm32 std (packages rustc and libstd-rust-dev-wasm32); no cargo, one file.
#                     /usr/bin/rustc (override with RUSTC=...): a rustup rustc first on PATH may lack the target.
#   <name>/<name>.ts  AssemblyScript with the runtime package's `assemblyscript` devDependency
#                     (pnpm install); stub runtime, no abort import.
#   <name>/flags      extra C compiler flags (simd, simdscan, simdhist: -msimd128).
set -eu
cd "$(dirname "$0")"
RUSTC=${RUSTC:-/usr/bin/rustc}
ASC=${ASC:-../../node_modules/.bin/asc}

if [ $# -eq 0 ]; then
  set -- $(for dir in */; do echo "${dir%/}"; done)
fi
for name in "$@"; do
  flags=$(cat "$name/flags" 2>/dev/null || true)
  if [ -f "$name/$name.c" ]; then
    clang --target=wasm32-wasi -O2 $flags -c "$name/$name.c" -o "$name/$name.o"
    clang --target=wasm32-wasi -nostartfiles -Wl,--no-entry -Wl,--export=run -Wl,--strip-all \
      "$name/$name.o" -o "$name/$name.wasm"
    rm "$name/$name.o"
  elif [ -f "$name/main.rs" ]; then
    (cd "$name" && "$RUSTC" --target wasm32-unknown-unknown --crate-type cdylib -O -C strip=symbols main.rs -o "$name.wasm")
  elif [ -f "$name/$name.ts" ]; then
    "$ASC" "$name/$name.ts" -O3 --runtime stub --use abort= --outFile "$name/$name.wasm"
  else
    echo "no source for $name" >&2
    exit 1
  fi
  echo "built $name/$name.wasm ($(wc -c < "$name/$name.wasm") bytes)"
done
