#!/bin/sh
# Rebuilds prog.js + prog.wasm with Debian's emcc (3.1.6). The glue is committed unmodified;
# the test runs it with WebAssembly swapped for Lantern's.
# NB: emcc 3.1.6 predates Node's global fetch: run directly under Node 20 (`node prog.js`) the
# glue tries fetch() on a file path and fails. The test runs it with fetch hidden, which is the
# path this glue version takes on older Nodes (WebAssembly.instantiate on the file's bytes).
# -sWASM_BIGINT: i64 crosses the boundary as BigInt. -sALLOW_TABLE_GROWTH + addFunction: the
# glue builds wasm at runtime. -sALLOW_MEMORY_GROWTH: exercises buffer detachment on grow.
set -eu
cd "$(dirname "$0")"
emcc -O1 -sENVIRONMENT=node -sWASM=1 -sALLOW_MEMORY_GROWTH=1 -sALLOW_TABLE_GROWTH=1 -sWASM_BIGINT=1 \
  -sEXPORTED_RUNTIME_METHODS=addFunction,ccall -sEXPORTED_FUNCTIONS=_main,_mul64,_apply,_hypot2 \
  -o prog.js prog.c
