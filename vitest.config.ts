import { defineConfig } from 'vitest/config';

// Tests spawn the built CLI, servers and the conformance runner on a 2-core machine:
// generous per-test limits, no timing assertions anywhere (the benchmark measures speed).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
