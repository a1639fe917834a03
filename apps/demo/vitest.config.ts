import { defineConfig } from 'vitest/config';

export default defineConfig({
  // 60 s per test: CI and the developers' machines are 2 shared cores; the 5 s default measured
  // their load (stack-exhaustion walks, first compiles), not the code.
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 },
});
