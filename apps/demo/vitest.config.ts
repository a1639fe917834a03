import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The CLI is bundled once for the whole run (test/support/buildCli.ts); tests spawn it.
    globalSetup: ['test/support/buildCli.ts'],
    // Each CLI test starts Node processes and debugger sessions: under a second on a quiet
    // machine, many seconds on a shared, loaded one. Tests assert behaviour, never speed.
    testTimeout: 120_000,
  },
});
