#!/bin/sh
# Rebuilds the WASI test programs — all of them, or those named: ./build.sh [name...] — each from
# the source in its directory, to <name>/<name>.wasm. Tests never run this: they read the
# committed .wasm files. With the same toolchains, a rebuild gives the same bytes.
#
#   <name>/<name>.c   C → wasm32-wasi command module with Debian's clang 14, wasi-libc (package
#                     wasi-libc) and libclang-rt-14-dev-wasm32.
#                     NB: -O2 at compile time only; an -O at link time would run wasm-opt as well.
#   <name>/main.rs    Rust std → wasm32-wasi with Debian's rustc 1.63 and its wasm32 std
#                     (packages rustc and libstd-rust-dev-wasm32); no cargo, one file. It is
#                     /usr/bin/rustc (override with RUSTC=...), not a rustup rustc that may be
#                     first on PATH without the wasm32-wasi target. Built from inside the
#                     directory, as the panic messages embed the source's path as given.
#   <name>/<name>.ts  AssemblyScript → WASI command module with the `assemblyscript` and
#                     `@assemblyscript/wasi-shim` devDependencies of packages/wasi (pnpm install).
#   <name>/flags      extra compiler flags for C or Rust (the SIMD programs: -msimd128,
#                     -C target-feature=+simd128).
set -eu
cd "$(dirname "$0")"
RUSTC=${RUSTC:-/usr/bin/rustc}
# Relative to a program's directory: asc mishandles an absolute --config path.
WASI_PKG=../../../../wasi
ASC=${ASC:-$WASI_PKG/node_modules/.bin/asc}
SHIM_CONFIG=$WASI_PKG/node_modules/@assemblyscript/wasi-shim/asconfig.json

if [ $# -eq 0 ]; then
  set -- $(for dir in */; do echo "${dir%/}"; done)
fi
for name in "$@"; do
  flags=$(cat "$name/flags" 2>/dev/null || true)
  if [ -f "$name/$name.c" ]; then
    clang --target=wasm32-wasi -O2 -Wall $flags -c "$name/$name.c" -o "$name/$name.o"
    clang --target=wasm32-wasi -Wl,--strip-all "$name/$name.o" -o "$name/$name.wasm"
    rm "$name/$name.o"
  elif [ -f "$name/main.rs" ]; then
    (cd "$name" && "$RUSTC" --target wasm32-wasi -O -C strip=symbols $flags main.rs -o "$name.wasm")
  elif [ -f "$name/$name.ts" ]; then
    (cd "$name" && "$ASC" "$name.ts" --config "$SHIM_CONFIG" -O3 --outFile "$name.wasm")
  else
    echo "no source for $name" >&2
    exit 1
  fi
  echo "built $name/$name.wasm ($(wc -c < "$name/$name.wasm") bytes)"
done
