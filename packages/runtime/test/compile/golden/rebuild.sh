#!/bin/sh
# Rebuilds the golden modules from their text with Lantern's own assembler (wabt lacks
# try_table and stack switching), then the golden listings:
#   sh packages/runtime/test/compile/golden/rebuild.sh
set -e
cd "$(dirname "$0")"
for f in fusions control; do
  pnpm -w --silent lantern wat2wasm "$PWD/$f.wat" -o "$PWD/$f.wasm"
done
cd ../../..
LANTERN_UPDATE_GOLDEN=1 pnpm exec vitest run test/compile/golden.test.ts
