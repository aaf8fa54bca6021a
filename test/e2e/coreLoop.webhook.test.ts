/**
 * Webhook mode passes the same end-to-end tests as long polling: the core loop's scenarios
 * (test/e2e/coreLoop.test.ts), with the bot serving a webhook that the emulator posts updates to.
 */
import { useWebhookByDefault } from './harness.js';

useWebhookByDefault();
// Imported after the switch, so its harness is made in webhook mode.
await import('./coreLoop.test.js');
