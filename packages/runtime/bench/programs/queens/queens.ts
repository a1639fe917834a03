// @ts-nocheck  (AssemblyScript: asc checks it, not tsc.) Built by ../build.sh.
// N-queens in AssemblyScript: counts every placement of n queens on an n x n board by
// backtracking with bit masks, and checks a sample of the solutions found against a plain
// attack test on an explicit board (StaticArray). Returns the count mixed with a hash of the
// first solutions' rows.

const MAX_N = 16;
const board = new StaticArray<i32>(MAX_N);
let solutions: u32 = 0;
let hash: u32 = 0;
let mismatches: u32 = 0;

function safe(n: i32): bool {
  for (let r = 0; r < n; r++) {
    for (let s = r + 1; s < n; s++) {
      const a = unchecked(board[r]);
      const b = unchecked(board[s]);
      if (a == b || abs<i32>(a - b) == s - r) return false;
    }
  }
  return true;
}

function place(n: i32, row: i32, cols: u32, diag1: u32, diag2: u32): void {
  if (row == n) {
    solutions++;
    if ((solutions & 63) == 1) {
      if (!safe(n)) mismatches++;
      for (let r = 0; r < n; r++) hash = (hash ^ <u32>unchecked(board[r])) * 16777619;
    }
    return;
  }
  let free = ~(cols | diag1 | diag2) & ((<u32>1 << n) - 1);
  while (free != 0) {
    const bit = free & (0 - free);
    free ^= bit;
    unchecked((board[row] = <i32>ctz<u32>(bit)));
    place(n, row + 1, cols | bit, (diag1 | bit) << 1, (diag2 | bit) >> 1);
  }
}

export function run(n: i32): i32 {
  if (n > MAX_N) n = MAX_N;
  solutions = 0;
  hash = 2166136261;
  mismatches = 0;
  place(n, 0, 0, 0, 0);
  return mismatches != 0 ? -1 : <i32>(solutions * 2654435761 ^ hash);
}
