import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Per test; no test here is slow, but CI machines are shared and a busy one runs a
    // millisecond test many times slower. Tests assert behaviour, never speed.
    testTimeout: 60_000,
  },
});
