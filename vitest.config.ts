import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn the bot as a child process; keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'all', include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'] } },
      // Webhook mode passes the same end-to-end tests as long polling: every e2e file again, with
      // the bot serving a webhook the emulator posts to (webhook.test.ts is about that mode already).
      {
        extends: true,
        test: {
          name: 'e2e-webhook',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/webhook.test.ts'],
          env: { SALURAN_E2E_WEBHOOK: '1' },
        },
      },
    ],
  },
});
