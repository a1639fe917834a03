import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Per test: some run compiled C, Rust and AssemblyScript programs on two engines, seconds
    // on a quiet machine, many times that on a shared, loaded one. Tests assert behaviour, never speed.
    testTimeout: 120_000,
  },
});
