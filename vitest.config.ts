import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn the bot as a child process; keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
});
