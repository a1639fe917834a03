import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A browser, a worker and a debug-compiled program on a shared, loaded machine: seconds when
    // quiet, much longer when busy. Tests assert behaviour, never speed.
    testTimeout: 240_000,
    hookTimeout: 120_000,
    // One Chromium at a time: the test files share the machine's two cores.
    fileParallelism: false,
  },
});
