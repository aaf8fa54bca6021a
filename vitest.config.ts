import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn the bot as a child process; keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'all', include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'] } },
      // Webhook mode, again, only where the transport changes what happens: how updates arrive, are
      // acknowledged and redelivered across a crash, how many run at once, which kinds are delivered
      // (allowed_updates: chat_member, my_chat_member), and what the health file says about receiving.
      // Everything else is the same handler code whichever way the update came (webhook.test.ts covers
      // the mode itself).
      {
        extends: true,
        test: {
          name: 'e2e-webhook',
          include: [
            'test/e2e/{coreLoop,resilience,bulkRestart,flood,onboardingRaces,membership,groupLost,backup}.test.ts',
          ],
          env: { SALURAN_E2E_WEBHOOK: '1' },
        },
      },
    ],
  },
});
