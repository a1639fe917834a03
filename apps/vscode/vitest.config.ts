import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing the .vsix bundles the whole debugger: seconds on a quiet machine, many times that on
    // a shared, loaded one. Tests assert behaviour, never speed.
    testTimeout: 300_000,
  },
});
