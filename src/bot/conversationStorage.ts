/** Persists @grammyjs/conversations state in SQLite so a restart mid-conversation loses nothing. */
import type { VersionedStateStorage } from '@grammyjs/conversations';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { conversationState } from '../db/schema.js';

export function sqliteConversationStorage<S>(db: Db, now: () => number): VersionedStateStorage<string, S> {
  return {
    read(key) {
      const row = db.select().from(conversationState).where(eq(conversationState.key, key)).get();
      return row ? JSON.parse(row.value) : undefined;
    },
    write(key, state) {
      const value = JSON.stringify(state);
      db.insert(conversationState)
        .values({ key, value, updatedAt: now() })
        .onConflictDoUpdate({ target: conversationState.key, set: { value, updatedAt: now() } })
        .run();
    },
    delete(key) {
      db.delete(conversationState).where(eq(conversationState.key, key)).run();
    },
  };
}
