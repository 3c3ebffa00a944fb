import { defineConfig } from 'vitest/config';

// Tests live in tests/<area>/. Property suites print their seed on failure (fast-check does this
// itself); golden suites that need QEMU or binutils skip loudly outside CI and fail inside it.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // fast-check's seed comes from HANDOFF_SEED or a fixed default (tests/support/seed.ts)
    setupFiles: ['tests/support/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The suites are CPU-bound simulations: use both cores of the 2-core machines we run on.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
