import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each smoke run is hundreds of cases on a shared, loaded machine. Tests assert behaviour, never speed.
    testTimeout: 600_000,
  },
});
