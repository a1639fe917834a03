import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test drives whole debugging sessions through a DAP client: a second on a quiet machine,
    // many times that on a shared, loaded one. Tests assert behaviour, never speed.
    testTimeout: 120_000,
  },
});
