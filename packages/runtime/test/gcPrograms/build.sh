#!/bin/sh
# Rebuilds the GC programs' .wasm from their .wat with Lantern's own text format (the lantern
# CLI; wabt 1.0.32 has no GC). The tests need neither: the .wasm files are committed.
set -e
cd "$(dirname "$0")"
for dir in */; do
  name="${dir%/}"
  pnpm -s lantern wat2wasm "$PWD/$name/$name.wat" -o "$PWD/$name/$name.wasm"
done
