import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Per test: the runner's tests run small scripts; CI machines are shared and a busy one
    // runs them many times slower. Tests assert behaviour, never speed.
    testTimeout: 60_000,
  },
});
