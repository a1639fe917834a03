import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Per test: some parse megabytes of DWARF or drive whole debugging sessions, a second on a
    // quiet machine, many times that on a shared, loaded one. Tests assert behaviour, never speed.
    testTimeout: 60_000,
  },
});
