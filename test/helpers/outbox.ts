/**
 * Outbox rows as the tests read them. Messages are stored as intents, so a test that checks what
 * a reporter or the group will read renders the row the way the deliverer does when it sends it.
 */
import { createRenderer, type RenderedMessage } from '../../src/bot/delivery/render.js';
import { createI18n } from '../../src/bot/i18n/index.js';
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db/connection.js';
import type { LegacyMessagePayload, StoredPayload } from '../../src/db/outbox.js';
import { outbox } from '../../src/db/schema.js';
import type { OutboxDeliverer } from '../../src/bot/delivery/outbox.js';
import type { BotApiEmulator } from '@saluran/bot-api-emulator';

const i18n = createI18n('id', () => 'id');

/** An outbox row: camelCase fields, the payload parsed or as stored. */
export interface MessageRow {
  chatId: number;
  caseId: number | null;
  payload: StoredPayload | string;
}

/** The message a stored row would be sent as now (a legacy row: as it was stored). */
export function renderedMessage(db: Db, config: Config, row: MessageRow): RenderedMessage {
  const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as StoredPayload) : row.payload;
  if (payload.kind !== 'message') throw new Error(`not a message row: ${JSON.stringify(row)}`);
  if (!('intent' in payload)) return payload;
  return createRenderer({ db, config, now: () => 0, i18n }).message(payload.intent, row.chatId, row.caseId);
}

/** The text of `renderedMessage`. */
export function renderedText(db: Db, config: Config, row: MessageRow): string {
  return renderedMessage(db, config, row).text;
}

/** Writes a message row the way versions before intents did: ready HTML in the payload. */
export function enqueueLegacyMessage(
  db: Db,
  row: { chatId: number; caseId?: number | null; message: Omit<LegacyMessagePayload, 'kind'>; now: number },
): void {
  const payload: LegacyMessagePayload = { kind: 'message', ...row.message };
  db.insert(outbox)
    .values({
      chatId: row.chatId,
      kind: 'message',
      caseId: row.caseId ?? null,
      payload: JSON.stringify(payload),
      notBefore: row.now,
      createdAt: row.now,
    })
    .run();
}

/** Runs the deliverer's own loop until `done` holds, then stops it (stop() waits for the send in flight). */
export async function runDelivererUntil(
  emu: BotApiEmulator,
  d: OutboxDeliverer,
  done: () => unknown,
  what: string,
): Promise<void> {
  d.start();
  d.wake();
  try {
    await emu.waitFor(() => Boolean(done()), { what, timeoutMs: 5_000 });
  } finally {
    await d.stop();
  }
}
